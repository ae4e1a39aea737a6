"""The page data on a base map's datum (console.maps.datum): on GCJ-02 tiles every coordinate the
page gets — district shapes, the outline, the bounds it fits, label points, order markers, major
clients, in-place changes — is moved by the known offset (about 600 m in Nanchang), on WGS-84 tiles
none is; a point coming back converts to what is stored. Also the builder's base map layer and the
files around it (the database's own base map, the standalone export's plan). No Qt."""

from __future__ import annotations

import dataclasses
import json
import math
import re

import pytest

from console.maps import builder, coords
from console.maps.datum import PageDatum
from console.maps.mbtiles import MBTiles, tile_range, write_mbtiles
from console.maps.state import MapState, ProvinceState
from console.services.assessment import map_data
from console.services.exports import basemap as basemaps
from console.services.orders import queue as orders
from console.store.engine import companion_file
from tests.map_branch import NOW

NANCHANG = (115.892, 28.683)


def _metres(a, b) -> float:
    k = 111_320.0
    return math.hypot((a[0] - b[0]) * k * math.cos(math.radians(a[1])), (a[1] - b[1]) * k)


def test_the_known_offset_in_nanchang_and_back():
    d = PageDatum("gcj02")
    lat, lon = d.point(NANCHANG[1], NANCHANG[0])
    assert 450 < _metres((lon, lat), NANCHANG) < 750
    back = d.stored(lat, lon)
    assert back == pytest.approx((NANCHANG[1], NANCHANG[0]), abs=1e-7)  # a click comes back as stored
    w = PageDatum("wgs84")
    assert w.point(28.683, 115.892) == (28.683, 115.892) and w.stored(28.683, 115.892) == (28.683, 115.892)
    with pytest.raises(TypeError):
        PageDatum("bd09")


def _state(store, ids, crs):
    state = MapState(map_data.load_branch_map(store, ids["branch"], now=NOW), crs=crs)
    rows = orders.open_orders(store, ids["branch"])
    state.apply_rows(rows, NOW)
    return state, rows


def test_every_coordinate_of_the_page_is_moved_onto_a_gcj02_base_map(sqlite_map_branch):
    store, ids = sqlite_map_branch
    plain, rows = _state(store, ids, "wgs84")
    moved, _rows = _state(store, ids, "gcj02")
    a, b = plain.payload(), moved.payload()
    to = coords.wgs84_to_gcj02

    def feature(payload, d_id):
        return next(f for f in payload["districts"]["features"] if f["id"] == d_id)

    stored = [115.85, 28.65]  # tests/factories.square: d0's first corner
    assert list(feature(a, ids["d0"])["geometry"]["coordinates"][0][0]) == stored
    vertex = feature(b, ids["d0"])["geometry"]["coordinates"][0][0]
    assert list(vertex) == pytest.approx(list(to(*stored)), abs=1e-6)
    assert 450 < _metres(vertex, stored) < 750
    # the label point, the bounds the page fits, the outline: moved the same way
    assert feature(b, ids["d0"])["properties"]["label"] == pytest.approx(
        list(reversed(to(115.855, 28.655))), abs=1e-6)
    corners = [to(x, y) for x in (115.85, 115.86, 115.87, 115.88) for y in (28.65, 28.66)]
    (s, w), (n, e) = b["bounds"]
    assert (s, w, n, e) == pytest.approx((min(c[1] for c in corners), min(c[0] for c in corners),
                                          max(c[1] for c in corners), max(c[0] for c in corners)), abs=1e-6)
    first = b["outline"]["coordinates"][0][0]
    assert any(list(p) == pytest.approx(list(to(*q)), abs=1e-6)
               for line in a["outline"]["coordinates"] for q in line for p in [first])
    # markers (here at the label point and a fixed jitter) and the major client
    for ma, mb in zip(sorted(a["orders"], key=lambda m: m["id"]), sorted(b["orders"], key=lambda m: m["id"])):
        assert (mb["lon"], mb["lat"]) == pytest.approx(to(ma["lon"], ma["lat"]), abs=2e-6)
    major_a, major_b = a["majors"][0], b["majors"][0]
    assert (major_b["lon"], major_b["lat"]) == pytest.approx(to(major_a["lon"], major_a["lat"]), abs=1e-9)
    # the stored data itself stays as it was (the state holds a moved copy)
    assert feature(a, ids["d0"])["properties"]["label"] == [28.655, 115.855]


def test_changes_in_place_are_on_the_base_maps_datum_too(sqlite_map_branch):
    from console.views.map.changes import OrderIndex

    store, ids = sqlite_map_branch
    moved, rows = _state(store, ids, "gcj02")
    marker = moved.markers[ids["late"]]
    moved.add_points({ids["late"]: (28.6555, 115.8555)})  # its customer's stored location, read later
    late = next(r for r in rows if r.id == ids["late"])
    change = OrderIndex(moved, rows).changes(moved, {late.id: late}, NOW)
    (m,) = [u for u in change["upsert"] if u["id"] == ids["late"]]
    assert (m["lon"], m["lat"]) == pytest.approx(coords.wgs84_to_gcj02(115.8555, 28.6555), abs=1e-6)
    assert (m["lon"], m["lat"]) != (marker["lon"], marker["lat"])
    fresh = moved.apply_rows(rows, NOW)["upsert"]
    assert [(u["lon"], u["lat"]) for u in fresh if u["id"] == ids["late"]] == [(m["lon"], m["lat"])]


def test_the_province_map_moves_every_branch(sqlite_province):
    store, ids = sqlite_province
    data = map_data.load_province_map(store, now=NOW)
    a = ProvinceState(data).payload()
    b = ProvinceState(data, crs="gcj02").payload()
    for branch, ba, bb in zip(data.branches, a["branches"], b["branches"]):
        # the name sits on the label point of one of the branch's districts, moved
        moved = [list(reversed(coords.wgs84_to_gcj02(d.longitude, d.latitude))) for d in branch.districts]
        assert any(bb["label"] == pytest.approx(m, abs=1e-6) for m in moved)
        assert 450 < _metres((bb["bounds"][0][1], bb["bounds"][0][0]), (ba["bounds"][0][1], ba["bounds"][0][0])) < 750
        first = bb["outline"]["coordinates"][0][0]
        assert not any(list(first) == pytest.approx(list(p), abs=1e-5) for line in ba["outline"]["coordinates"]
                       for p in line)
    assert data.branches[0].districts[0].latitude == a["districts"]["features"][0]["properties"]["label"][0]


def test_the_base_map_layer_asks_only_for_tiles_that_exist(sqlite_map_branch):
    store, ids = sqlite_map_branch
    payload = _state(store, ids, "wgs84")[0].payload()
    layer = builder.BaseLayer("bcmap://tabc/{z}/{x}/{y}.png", "Demo base map drawn from the demo's own geometry",
                              min_zoom=10, max_zoom=16, bounds=(115.7, 28.5, 116.0, 28.8))
    html = builder.build_html(payload, basemap=layer, lang="zh_CN")
    assert '"bcmap://tabc/{z}/{x}/{y}.png"' in html
    assert '"minNativeZoom": 10' in html and '"maxNativeZoom": 16' in html and '"maxZoom": 19' in html
    assert re.sub(r"\s", "", '"bounds": [[28.5, 115.7,], [28.8, 116.0,],]') in re.sub(r"\s", "", html)
    assert json.dumps("演示底图")[1:-1] in html  # the demo's attribution in the page's language
    english = builder.build_html(payload, basemap=dataclasses.replace(
        layer, attribution='&copy; <a href="https://example.org">Survey</a> 2024'), lang="en")
    assert json.dumps("&copy; Survey 2024")[1:-1].replace("&", "\\u0026") in english
    assert "example.org" not in english  # the page links nowhere
    assert "L.control.scale" not in html  # folium's (miles and feet): the page draws a metric one itself


def test_the_databases_own_base_map_file():
    assert companion_file("sqlite:////data/NC/demo.sqlite3", ".basemap.mbtiles").as_posix() == \
        "/data/NC/demo.basemap.mbtiles"
    pg = companion_file("postgresql+psycopg://disp:secret@db.intranet:5433/console", ".basemap.mbtiles")
    assert pg.name == "db.intranet-5433-console.basemap.mbtiles" and "secret" not in str(pg)
    assert pg.parent == companion_file("postgresql+psycopg://other@db.intranet:5433/x", ".m").parent
    assert basemaps.own_basemap("sqlite://") is None and basemaps.own_basemap(None) is None


def test_the_standalone_export_plans_its_zooms_within_the_cap(tmp_path):
    from tests.views.map.basemaps import png

    path = tmp_path / "z.mbtiles"
    area = (115.80, 28.60, 115.95, 28.72)
    tiles = [(z, x, y, png()) for z in range(10, 16) for xs, ys in [tile_range(area, z)] for x in xs for y in ys]
    write_mbtiles(path, tiles, {"crs": "wgs84"})
    with MBTiles(path) as mb:
        kept, left, ranges = basemaps.plan_tiles(mb, area, max_tiles=10)
        assert kept[0] == 10 and left and left[-1] == 15 and kept + left == list(range(10, 16))
        assert sum(len(xs) * len(ys) for xs, ys in ranges.values()) <= 10
        with pytest.raises(basemaps.BaseMapError, match="even at its lowest zoom 10"):
            basemaps.plan_tiles(mb, (100.0, 20.0, 120.0, 40.0), max_tiles=10)
