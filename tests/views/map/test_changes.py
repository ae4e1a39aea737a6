"""A few changed orders recolour the map as a full apply over every open order would (the
districts they touch, their markers), counting only their districts again."""

from __future__ import annotations

import dataclasses

from console.maps.state import MapState
from console.services.assessment import map_data
from console.services.orders import queue as orders
from console.views.map.changes import OrderIndex, apply
from tests.map_branch import NOW


def test_changed_orders_end_as_a_full_apply_of_every_row_would(sqlite_map_branch):
    store, ids = sqlite_map_branch
    data = map_data.load_branch_map(store, ids["branch"], now=NOW)
    rows = orders.open_orders(store, ids["branch"])
    state = MapState(data)
    state.apply_rows(rows, NOW)
    index = OrderIndex(state, rows)
    late = next(r for r in rows if r.id == ids["late"])
    moved = dataclasses.replace(late, district_id=ids["d2"])  # now in 青山湖
    new = [dataclasses.replace(late, id=10_000 + i, number=f"NC-9{i:03d}", district_id=ids["d1"]) for i in range(3)]
    done = dataclasses.replace(next(r for r in rows if r.id == ids["fresh"]), status="completed")
    changed = {late.id: moved, done.id: done, **{r.id: r for r in new}}

    change = index.changes(state, changed, NOW)
    apply(state, change)

    full = MapState(data)
    full.apply_rows([moved, *new], NOW)  # what is open now
    assert state.props == full.props and state.markers == full.markers
    assert {p["id"] for p in change["districts"]} == {ids["d0"], ids["d1"], ids["d2"]}
    assert change["remove"] == [done.id] and {m["id"] for m in change["upsert"]} == {late.id, *(r.id for r in new)}
    # nothing changed: nothing to send
    assert index.changes(state, {late.id: moved}, NOW) == {"districts": [], "upsert": [], "remove": []}


def test_a_full_apply_after_changed_orders_counts_their_districts_again(sqlite_map_branch):
    """A full apply makes again only the districts whose counts changed since the last one — and
    those a few changed orders recoloured meanwhile, whatever their counts were before."""
    store, ids = sqlite_map_branch
    data = map_data.load_branch_map(store, ids["branch"], now=NOW)
    rows = orders.open_orders(store, ids["branch"])
    state = MapState(data, lang="en")
    state.apply_rows(rows, NOW)
    before = state.props[ids["d0"]]
    index = OrderIndex(state, rows)
    gone = {r.id: None for r in rows}  # every order of 八一社区 done
    apply(state, index.changes(state, gone, NOW))
    assert state.props[ids["d0"]]["open"] == 0
    change = state.apply_rows(rows, NOW)  # the queue read again: both still open
    assert state.props[ids["d0"]] == before and [p["id"] for p in change["districts"]] == [ids["d0"]]
    assert state.apply_rows(rows, NOW)["districts"] == []
    fresh = MapState(data, lang="en")
    fresh.apply_rows(rows, NOW)
    assert state.props == fresh.props
