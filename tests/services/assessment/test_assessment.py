"""Scorecards (R-ZONE-3/4) on a hand-built month with known answers — SQLite and PostgreSQL.

District 八一社区 (2,000 households, maintainer 李强 all month) in November 2026, China time:
  A general fault, done in 10 h                         on time, responded
  B general fault, done after 48 h                      breached, no response in 24 h
  C general fault, customer unreachable (R-TIME-8)      on time by exemption, responded
  D general fault, extension approved (R-TIME-10),      on time (new due), responded (arrival)
    done after the original 24 h due
  E complaint, first response in 1 h, done next day     on time, responded
  → response 4/5 = 80 %, on time 4/5 = 80 % (general faults 3/4), complaints 1 → 0.5 ‰.
Callbacks: A reached in time (5), B reached late (3) → coverage 50 %, satisfaction 4.0.
Accounts: 3 active on 1 Nov, one cancelled on 15 Nov → stability 66.7 %; two new → net +1 against
a month target of 1,200 / 12 × 2,000 / 4,000 = 50 → growth 2 %.
District 李渡 (2,000): 刘洋 until 15 Nov, then 李强; complaint F on 12 Nov counts for 刘洋.
"""

from __future__ import annotations

import datetime as dt

import pytest

from console.models import Callback, DistrictAssignment, OrderEvent
from console.rules import metrics as M
from console.rules.periods import CST
from console.services.assessment import districts as A
from console.services.assessment import drill
from console.vocabulary import CallbackStatus, EventType, OrderKind, OrderStatus, Role
from tests.factories import (
    make_branch,
    make_customer,
    make_district,
    make_order,
    make_staff,
)

NOV = dt.date(2026, 11, 1)
NOW = dt.datetime(2026, 12, 5, 12, tzinfo=CST)
H = dt.timedelta(hours=1)


def cst(day: int, hour: float, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, tzinfo=CST) + dt.timedelta(hours=hour)


def _order(s, d, who, number, kind, received, steps, done=None):
    o = make_order(s, d, None, who, number, kind, received, OrderStatus.COMPLETED if done else OrderStatus.OPEN)
    for typ, at, payload in steps:
        s.add(OrderEvent(branch_id=o.branch_id, order_id=o.id, type=typ, at=at, actor_id=who.id, payload=payload))
    if done:
        s.add(OrderEvent(branch_id=o.branch_id, order_id=o.id, type=EventType.COMPLETED, at=done, actor_id=who.id,
                         payload={"resolution": "ok"}))
        o.completed_at = done
    s.flush()
    return o


def _callback(s, o, done_after, score):
    s.add(Callback(branch_id=o.branch_id, order_id=o.id, due_at=o.completed_at + 72 * H, status=CallbackStatus.DONE,
                   attempts=1, done_at=o.completed_at + done_after, satisfaction=score, solved=True))


@pytest.fixture
def month(store):
    with store.write() as s:
        nc = make_branch(s)
        nc.growth_target = 1200
        d1 = make_district(s, nc, "八一社区", 2000, 0)
        d2 = make_district(s, nc, "李渡", 2000, 1)
        disp = make_staff(s, nc, "NC001", "王芳")
        m1 = make_staff(s, nc, "NC101", "李强", Role.MAINTAINER)
        m2 = make_staff(s, nc, "NC102", "刘洋", Role.MAINTAINER)
        s.add_all([
            DistrictAssignment(branch_id=nc.id, district_id=d1.id, maintainer_id=m1.id, valid_from=dt.date(2026, 1, 1)),
            DistrictAssignment(branch_id=nc.id, district_id=d2.id, maintainer_id=m2.id, valid_from=dt.date(2026, 1, 1),
                               valid_to=dt.date(2026, 11, 16)),
            DistrictAssignment(branch_id=nc.id, district_id=d2.id, maintainer_id=m1.id, valid_from=dt.date(2026, 11, 16)),
        ])
        GF, CO = OrderKind.GENERAL_FAULT, OrderKind.COMPLAINT
        a = _order(s, d1, disp, "A", GF, cst(2, 10), [], cst(2, 20))
        b = _order(s, d1, disp, "B", GF, cst(3, 10), [], cst(5, 10))
        _order(s, d1, disp, "C", GF, cst(4, 10), [
            (EventType.CUSTOMER_UNREACHABLE, cst(4, 15), {"reason": "用户外出，电话无人接听"}),
            (EventType.HEAD_NOTIFIED, cst(4, 15.5), {"head_id": disp.id, "reason": "R-TIME-8"})], cst(6, 10))
        _order(s, d1, disp, "D", GF, cst(5, 10), [
            (EventType.ARRIVED, cst(5, 14), {}),
            (EventType.EXTENSION_REQUESTED, cst(5, 20), {"clock": "resolve", "new_due": cst(7, 10).isoformat(),
                                                          "reason": "备件"}),
            (EventType.EXTENSION_APPROVED, cst(5, 21), {"clock": "resolve", "new_due": cst(7, 10).isoformat()})],
            cst(6, 18))
        _order(s, d1, disp, "E", CO, cst(10, 10), [(EventType.FIRST_RESPONSE, cst(10, 11), {})], cst(11, 10))
        _order(s, d2, disp, "F", CO, cst(12, 10), [(EventType.FIRST_RESPONSE, cst(12, 10.5), {})], cst(12, 12))
        _order(s, d1, disp, "OCT", GF, cst(20, 10, 10), [], cst(20, 12, 10))  # another month
        _callback(s, a, 5 * H, 5)
        _callback(s, b, 80 * H, 3)
        for k, (sub, cancelled) in enumerate([(dt.date(2024, 1, 1), None), (dt.date(2024, 1, 1), dt.date(2026, 11, 15)),
                                              (dt.date(2025, 3, 1), None), (dt.date(2026, 11, 20), None),
                                              (dt.date(2026, 11, 21), None)]):
            c = make_customer(s, d1, f"A{k:07d}")
            c.subscribed_on, c.cancelled_on, c.active = sub, cancelled, cancelled is None
        s.flush()
        return {"nc": nc.id, "d1": d1.id, "d2": d2.id, "m1": m1.id, "m2": m2.id}


def _card(cards, id_):
    return next(c for c in cards if c.id == id_)


def test_r_zone_3_district_metrics_have_the_known_answers(store, month):
    a = A.assess(store, NOV, branch_id=month["nc"], now=NOW)
    d1 = _card(a.districts, month["d1"])
    assert d1.value(M.COMPLAINT_RATE) == pytest.approx(0.5)
    assert (d1.response_ok, d1.response_judged) == (4, 5)
    assert d1.value(M.RESPONSE_24H) == pytest.approx(80.0)
    assert d1.value(M.SATISFACTION) == pytest.approx(4.0)
    assert d1.value(M.CALLBACK_COVERAGE) == pytest.approx(50.0)
    assert d1.value(M.SCORE) == pytest.approx((80 + 80 + 95) / 3)


def test_r_time_8_exemption_and_r_time_10_extension_count_as_on_time(store, month):
    a = A.assess(store, NOV, branch_id=month["nc"], now=NOW)
    d1 = _card(a.districts, month["d1"])
    assert (d1.on_time_ok, d1.on_time_judged) == (4, 5)
    assert d1.kind_rate("general_fault") == pytest.approx(75.0)
    assert d1.kind_rate("complaint") == pytest.approx(100.0)
    rows = drill.drill_down(store, NOV, M.ON_TIME, level=A.DISTRICT, entity_id=month["d1"], now=NOW)
    by = {r.ref: (r.ok, r.detail) for r in rows}
    assert by == {"A": (True, "met"), "B": (False, "breached"), "C": (True, "R-TIME-8 exemption"),
                  "D": (True, "R-TIME-10 extension"), "E": (True, "met")}


def test_r_zone_4_stability_and_growth_against_the_branch_target(store, month):
    a = A.assess(store, NOV, branch_id=month["nc"], now=NOW)
    d1 = _card(a.districts, month["d1"])
    assert (d1.accounts_start, d1.accounts_kept) == (3, 2)
    assert d1.value(M.STABILITY) == pytest.approx(200 / 3)
    assert (d1.new_accounts, d1.cancelled, d1.growth_target) == (2, 1, pytest.approx(50.0))
    assert d1.value(M.GROWTH) == pytest.approx(2.0)
    growth = drill.drill_down(store, NOV, M.GROWTH, level=A.DISTRICT, entity_id=month["d1"], now=NOW)
    assert sorted(r.detail for r in growth) == ["cancelled", "new account", "new account"]


def test_maintainers_follow_the_district_history_and_are_ranked(store, month):
    a = A.assess(store, NOV, branch_id=month["nc"], now=NOW)
    m1, m2 = _card(a.maintainers, month["m1"]), _card(a.maintainers, month["m2"])
    assert m1.households == pytest.approx(2000 + 2000 * 15 / 30)
    assert (m1.complaints, m2.complaints) == (1, 1)  # F on 12 Nov is 刘洋's
    assert m2.households == pytest.approx(2000 * 15 / 30)
    assert m1.value(M.COMPLAINT_RATE) == pytest.approx(1000 / 3000)
    assert [c.rank for c in a.maintainers] == [1, 2]
    assert a.maintainers[0].value(M.SCORE) >= a.maintainers[1].value(M.SCORE)
    total = _card(a.branches, month["nc"])
    assert total.complaints == 2 and total.on_time_judged == 6
    for metric in (M.RESPONSE_24H, M.ON_TIME, M.COMPLAINT_RATE):
        rows = drill.drill_down(store, NOV, metric, level=A.MAINTAINER, entity_id=month["m1"], now=NOW)
        judged = {M.RESPONSE_24H: m1.response_judged, M.ON_TIME: m1.on_time_judged, M.COMPLAINT_RATE: m1.complaints}
        assert len(rows) == judged[metric]


def test_trend_has_twelve_months_and_an_empty_month_judges_nothing(store, month):
    months = A.trend(store, NOV, branch_id=month["nc"], now=NOW)
    assert [a.month for a in months][-2:] == [dt.date(2026, 10, 1), NOV] and len(months) == 12
    series = A.series(months, M.ON_TIME, A.DISTRICT, month["d1"])
    assert series[-1] == pytest.approx(80.0) and series[-2] == pytest.approx(100.0) and series[0] is None
    empty = A.assess(store, dt.date(2026, 5, 1), branch_id=month["nc"], now=NOW)
    assert empty.empty and _card(empty.districts, month["d1"]).value(M.RESPONSE_24H) is None


def test_every_metric_is_defined_once_with_rule_ids():
    for metric in M.METRICS.values():
        assert metric.rules and all(r.startswith("R-") for r in metric.rules)
        assert metric.title in metric.tooltip() and metric.formula in metric.tooltip()
    assert M.rank([3, None, 5, 5], lambda x: x, str) == [3, 0, 1, 1]
