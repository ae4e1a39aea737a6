"""Metric colour scales, the branch outline and the in-place diff; no Qt, no database."""

from __future__ import annotations

import dataclasses
import datetime as dt

from console.maps import geometry
from console.maps.metrics import BAND_COLOURS, METRICS, NO_DATA
from tests.factories import square


def test_count_bins_put_a_threshold_in_the_upper_bin():
    m = METRICS["open"]
    assert [m.colour(v) for v in (0, 1, 2, 3, 21, 500)] == [
        m.colours[0], m.colours[1], m.colours[1], m.colours[2], m.colours[5], m.colours[5]]
    assert m.colour(None) == NO_DATA


def test_r_zone_1_load_warns_only_above_120_percent():
    m = METRICS["load"]
    red = m.colours[-1]
    assert m.colour(1.2) != red and m.colour(1.2001) == red
    assert m.colour(None) == NO_DATA  # no maintainer
    assert m.legend()[-1] == [NO_DATA, "no maintainer assigned"]
    assert m.legend("zh_CN")[-1] == [NO_DATA, "未指派维护员"]  # the console's default language


def test_r_visit_1_full_coverage_is_the_only_green():
    m = METRICS["callbacks"]
    assert m.colour(1.0) == "#1a9850" and m.colour(0.99) != "#1a9850" and m.colour(0.5) == "#d73027"


def test_band_colours_match_the_queue():
    from console.views.kit import band_style

    assert BAND_COLOURS == band_style._SHAPE_COLOUR


def test_outline_keeps_only_unshared_edges():
    import json

    geoms = [json.loads(square(115.85 + n * 0.01, 28.65)) for n in range(3)]  # three squares in a row
    out = geometry.outline(geoms)
    segments = sum(len(line) - 1 for line in out["coordinates"])
    assert segments == 8  # 12 edges, the 2 shared ones (4 sides) dropped
    assert geometry.bounds(geoms) == [[28.65, 115.85], [28.66, 115.88]]
    assert geometry.bounds([]) is None


def test_apply_rows_sends_only_what_changed(sqlite_map_branch):
    from console.maps.state import MapState
    from console.services.assessment import map_data
    from console.services.orders import queue as orders
    from tests.map_branch import NOW

    store, ids = sqlite_map_branch
    state = MapState(map_data.load_branch_map(store, ids["branch"], now=NOW), lang="zh_CN")
    rows = orders.open_orders(store, ids["branch"])
    first = state.apply_rows(rows, NOW)
    assert {p["id"] for p in first["districts"]} == {ids["d0"]}  # the only district with orders
    assert {m["id"] for m in first["upsert"]} == {ids["late"], ids["fresh"]} and first["remove"] == []
    assert state.apply_rows(rows, NOW) == {"districts": [], "upsert": [], "remove": []}
    # the fresh order moves on to 80 %+ of its clock: one marker and its district change
    fresh = next(r for r in rows if r.id == ids["fresh"])
    later = [r for r in rows if r.id != ids["fresh"]] + [dataclasses.replace(fresh, due_at=NOW + dt.timedelta(hours=2))]
    change = state.apply_rows(later, NOW)
    assert [m["id"] for m in change["upsert"]] == [ids["fresh"]] and change["upsert"][0]["band"] == "risk"
    assert [p["id"] for p in change["districts"]] == [ids["d0"]]
    assert change["districts"][0]["texts"]["breached"] == "已超时 1 张 · 临期 1 张"
    gone = state.apply_rows([r for r in later if r.id != ids["late"]], NOW)
    assert gone["remove"] == [ids["late"]]
