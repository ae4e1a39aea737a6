"""A small branch for the map tests: three adjacent districts with known numbers.

NOW is 2026-11-20 12:00 China time. Districts (city branch, norm 4,500 households, R-ZONE-1):
  d0 八一社区 4,500 households, maintainer 李强 (also serves d1: 5,500 → 122 % > 120 %)
     2 open general faults: one breached (due 2 h ago), one fresh; 1 complaint this month (+ 1 last month)
     callbacks this month: 1 done, 1 overdue → 50 %
  d1 滕王阁 1,000 households, maintainer 李强
  d2 青山湖 2,000 households, maintainer 刘洋 (44 %); no orders; one major client
"""

from __future__ import annotations

import datetime as dt

import pytest

from console.demo.avatar import identicon
from console.models import Callback, DistrictAssignment
from console.rules.periods import UTC
from console.vocabulary import CallbackStatus, OrderKind, OrderStatus, Role
from tests.factories import (
    make_branch,
    make_customer,
    make_district,
    make_order,
    make_staff,
)

NOW = dt.datetime(2026, 11, 20, 4, 0, tzinfo=UTC)  # 12:00 China time


def build_map_branch(store) -> dict:
    with store.write() as s:
        nc = make_branch(s)
        d0 = make_district(s, nc, "八一社区", 4500, 0)
        d1 = make_district(s, nc, "滕王阁", 1000, 1)
        d2 = make_district(s, nc, "青山湖", 2000, 2)
        disp = make_staff(s, nc, "NC001", "王芳")
        m1 = make_staff(s, nc, "NC101", "李强", Role.MAINTAINER)
        m1.photo = identicon("NC101")
        m2 = make_staff(s, nc, "NC102", "刘洋", Role.MAINTAINER)
        for d, m in ((d0, m1), (d1, m1), (d2, m2)):
            s.add(DistrictAssignment(branch_id=nc.id, district_id=d.id, maintainer_id=m.id,
                                     valid_from=dt.date(2026, 1, 1)))
        c0 = make_customer(s, d0, "A0000001")
        major = make_customer(s, d2, "A0000002", "第一人民医院")
        major.is_major, major.major_category = True, "医院"
        late = make_order(s, d0, c0, disp, "NC-0001", at=NOW - dt.timedelta(hours=30))
        late.due_at, late.sla_state, late.sla_budget_s = NOW - dt.timedelta(hours=2), "running", 24 * 3600
        fresh = make_order(s, d0, None, disp, "NC-0002", at=NOW - dt.timedelta(hours=1))
        fresh.due_at, fresh.sla_state, fresh.sla_budget_s = NOW + dt.timedelta(hours=23), "running", 24 * 3600
        make_order(s, d0, c0, disp, "NC-0003", OrderKind.COMPLAINT, at=NOW - dt.timedelta(days=2),
                   status=OrderStatus.COMPLETED)
        old = make_order(s, d0, c0, disp, "NC-0004", OrderKind.COMPLAINT, at=NOW - dt.timedelta(days=40),
                         status=OrderStatus.COMPLETED)
        done = make_order(s, d0, c0, disp, "NC-0005", at=NOW - dt.timedelta(days=5), status=OrderStatus.COMPLETED)
        for o, due, status in ((done, NOW - dt.timedelta(days=3), CallbackStatus.DONE),
                               (old, NOW - dt.timedelta(days=1), CallbackStatus.OPEN)):
            s.add(Callback(branch_id=nc.id, order_id=o.id, due_at=due, status=status))
        s.flush()
        return {"branch": nc.id, "d0": d0.id, "d1": d1.id, "d2": d2.id, "m1": m1.id, "m2": m2.id,
                "late": late.id, "fresh": fresh.id, "major": major.id, "c0": c0.id}


def _place(d, lon: float, lat: float) -> None:
    """Move a district to a square at (lon, lat) (make_district puts them in a row near Nanchang)."""
    from tests.factories import square

    d.geojson, d.latitude, d.longitude = square(lon, lat), lat + 0.005, lon + 0.005


def build_province(store) -> dict:
    """Three branches for the province map: the map branch (NC, city, three districts near
    115.85–115.88 E), a county branch XJ (two districts near 116.30 E, one maintainer for both:
    2,200 households against the county norm of 2,000 = 110 %, R-ZONE-1; one open order) and a
    city branch QS (one district near 115.60 E, 28.90 N: 2,200 households against the city norm of
    4,500 = 49 %). The same 2,200 households are coloured differently: each by its branch's norm."""
    from console.vocabulary import BranchKind

    ids = build_map_branch(store)
    with store.write() as s:
        xj = make_branch(s, "XJ", "新建区分公司", BranchKind.COUNTY)
        e0 = make_district(s, xj, "望城镇", 1100, 0)
        e1 = make_district(s, xj, "石岗镇", 1100, 1)
        _place(e0, 116.30, 28.65)
        _place(e1, 116.31, 28.65)
        qs = make_branch(s, "QS", "青山湖区分公司")
        f0 = make_district(s, qs, "罗家镇", 2200, 0)
        _place(f0, 115.60, 28.90)
        mx = make_staff(s, xj, "XJ101", "陈明", Role.MAINTAINER)
        mq = make_staff(s, qs, "QS101", "周洁", Role.MAINTAINER)
        for b, d, m in ((xj, e0, mx), (xj, e1, mx), (qs, f0, mq)):
            s.add(DistrictAssignment(branch_id=b.id, district_id=d.id, maintainer_id=m.id,
                                     valid_from=dt.date(2026, 1, 1)))
        disp = make_staff(s, xj, "XJ001", "黄丽")
        o = make_order(s, e0, None, disp, "XJ-0001", at=NOW - dt.timedelta(hours=1))
        o.due_at, o.sla_state, o.sla_budget_s = NOW + dt.timedelta(hours=23), "running", 24 * 3600
        s.flush()
        ids.update({"xj": xj.id, "e0": e0.id, "e1": e1.id, "qs": qs.id, "f0": f0.id, "xj_order": o.id})
    return ids


@pytest.fixture
def sqlite_province(sqlite_store):
    """(store, ids) of build_province on SQLite (the QtWebEngine tests)."""
    return sqlite_store, build_province(sqlite_store)


@pytest.fixture
def map_branch(store):
    """(store, ids) on each backend."""
    return store, build_map_branch(store)


@pytest.fixture
def sqlite_map_branch(sqlite_store):
    """(store, ids) on SQLite only (the QtWebEngine tests)."""
    return sqlite_store, build_map_branch(sqlite_store)


def province_map_data(n_districts: int = 3300, seed: int = 1):
    """A province's worth of districts for one map page, without a database: (BranchMapData, rows).

    The demo's jittered lattice (neighbours share their borders); every 10th district has an open
    order, every district a maintainer, a few of them a photo."""
    import random

    from console.demo.geo import lattice
    from console.services.assessment.map_data import BranchMapData, DistrictMapInfo, month_start
    from console.services.orders.queue import OrderRow

    rng = random.Random(seed)
    cols = max(1, round((n_districts * 1.25) ** 0.5))
    cells = lattice(rng, center=(115.89, 28.68), cols=cols, rows=-(-n_districts // cols), cell_km=0.8)[:n_districts]
    districts = []
    for i, c in enumerate(cells):
        lon, lat = c.label_point()
        districts.append(DistrictMapInfo(
            i + 1, f"PV-{i:04d}", f"第{i + 1}片区", 3000, "0791-2000000", "0791-3000000", c.geojson(), lat, lon,
            i + 1, f"维护员{i + 1}", f"PV{i:04d}", 3000 + 100 * (i % 30), i % 5, i % 7, 6))
    data = BranchMapData(1, "全省", "city", 4500, month_start(NOW), districts,
                         photos={d.maintainer_id: identicon(d.work_number) for d in districts[:5]})
    rows = []
    for k, d in enumerate(districts[::10]):
        rows.append(OrderRow(
            k + 1, f"PV-{k:06d}", "general_fault", "hotline", "normal", "assigned", "张三", "139", False,
            d.id, d.name, None, "", "王芳", NOW - dt.timedelta(hours=5), NOW + dt.timedelta(hours=k % 30 - 10),
            "running", 24 * 3600, None, False, 0, None, None, None, "", 1))
        data.order_points[k + 1] = (d.latitude, d.longitude)
    return data, rows
