"""services.assessment.map_data reads what the map shows: R-ZONE-1 loads, R-ZONE-2 contacts, R-ZONE-3
complaints of the month, R-VISIT-1 callbacks, R-VISIT-5 major clients, order locations."""

from __future__ import annotations

import pytest

from console.services.assessment import map_data
from tests.map_branch import NOW

pytestmark = pytest.mark.pg


def test_branch_map_data(map_branch):
    store, ids = map_branch
    data = map_data.load_branch_map(store, ids["branch"], now=NOW)
    assert data.branch_name == "南昌市分公司" and data.norm == 4500  # R-ZONE-1 city norm
    assert f"{data.month_start:%Y-%m-%d %H:%M %z}" == "2026-11-01 00:00 +0800"
    by = {d.name: d for d in data.districts}
    assert [d.id for d in data.districts] == [ids["d0"], ids["d1"], ids["d2"]]
    d0 = by["八一社区"]
    assert (d0.maintainer, d0.work_number, d0.maintainer_households) == ("李强", "NC101", 5500)
    assert (d0.service_phone, d0.supervision_phone) == ("0791-2000000", "0791-3000000")  # R-ZONE-2
    assert d0.complaints_month == 1  # last month's complaint does not count (R-ZONE-3)
    assert (d0.callbacks_done, d0.callbacks_owed) == (1, 2)
    assert by["青山湖"].maintainer_households == 2000 and by["青山湖"].callbacks_owed == 0
    assert set(data.photos) == {ids["m1"]} and data.photos[ids["m1"]].startswith(b"\x89PNG")
    assert [(c.name, c.category) for c in data.major_clients] == [("第一人民医院", "医院")]
    assert set(data.order_points) == {ids["late"]}  # the order without a customer has no location


def test_order_points(map_branch):
    store, ids = map_branch
    assert set(map_data.order_points(store, [ids["late"], ids["fresh"]])) == {ids["late"]}
    assert map_data.order_points(store, []) == {}


def test_province_map_data_is_every_branch_as_its_own_map_reads_it(store):
    """One read of every branch gives each branch what its own map reads (R-ZONE-1 norms by kind,
    a maintainer's households within the branch), without photos, major clients or order points."""
    from tests.map_branch import build_province

    ids = build_province(store)
    province = map_data.load_province_map(store, now=NOW)
    assert [b.branch_id for b in province.branches] == [ids["branch"], ids["xj"], ids["qs"]]
    assert [b.norm for b in province.branches] == [4500, 2000, 4500]
    for b in province.branches:
        alone = map_data.load_branch_map(store, b.branch_id, now=NOW)
        assert b.districts == alone.districts and (b.branch_name, b.branch_kind) == (alone.branch_name,
                                                                                    alone.branch_kind)
        assert b.photos == {} and b.major_clients == [] and b.order_points == {}
    xj = province.branches[1]
    assert [d.maintainer_households for d in xj.districts] == [2200, 2200]
