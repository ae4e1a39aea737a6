"""The page builder: offline only, one feature per district, the right colours; the CLI export."""

from __future__ import annotations

import json
import re

import pytest

from console.maps import builder
from console.maps.metrics import METRICS
from console.maps.state import MapState
from console.services.assessment import map_data
from console.services.orders import queue as orders
from tests.map_branch import NOW

# The one http(s) link allowed: Leaflet's own attribution string inside leaflet.js.
ATTRIBUTION = 'href="https://leafletjs.com"'


def _page_state(store, ids, metric="open") -> MapState:
    state = MapState(map_data.load_branch_map(store, ids["branch"], now=NOW), metric=metric)
    state.apply_rows(orders.open_orders(store, ids["branch"]), NOW)
    return state


def _data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="console-map-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def _remote_refs(html: str) -> list[str]:
    refs = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(https?:[^"'\s>]*)""", html, re.I)
    return [r for r in refs if f'href="{r}"' != ATTRIBUTION]


@pytest.mark.parametrize("inline", [False, True])
def test_no_network_reference(sqlite_map_branch, inline):
    store, ids = sqlite_map_branch
    html = builder.build_html(_page_state(store, ids).payload(), inline=inline, asset_base="file:///x/",
                              channel=not inline)
    assert _remote_refs(html) == []
    for url in ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "bootstrapcdn"):
        assert url not in html  # folium's and branca's CDN defaults are all replaced
    if inline:
        assert 'src="file:' not in html and "leaflet.markercluster" not in re.findall(r'src="([^"]*)"', html)
        assert "qrc:" not in html  # a standalone file has no Qt
    else:
        srcs = re.findall(r'<script src="([^"]*)"', html)
        assert srcs == ["file:///x/leaflet/leaflet.js", "file:///x/leaflet.markercluster/leaflet.markercluster.js",
                        builder.QWEBCHANNEL_JS, "file:///x/console-map.js"]


def test_one_feature_per_district_with_the_metric_colour(sqlite_map_branch):
    store, ids = sqlite_map_branch
    data = _data(builder.build_html(_page_state(store, ids, "load").payload()))
    features = data["districts"]["features"]
    assert sorted(f["id"] for f in features) == sorted([ids["d0"], ids["d1"], ids["d2"]])
    props = {f["id"]: f["properties"] for f in features}
    load = METRICS["load"]
    # 李强 serves 5,500 households against the city norm 4,500: 122 % > 120 % (R-ZONE-1) → red
    assert props[ids["d0"]]["values"]["load"] == pytest.approx(5500 / 4500)
    assert props[ids["d0"]]["colours"]["load"] == load.colours[-1] == "#d73027"
    assert props[ids["d2"]]["colours"]["load"] == load.colours[0]  # 刘洋 2,000 / 4,500
    assert props[ids["d0"]]["colours"]["open"] == METRICS["open"].colours[1]  # 2 open orders
    assert props[ids["d0"]]["colours"]["complaints"] == METRICS["complaints"].colour(1000 / 4500)
    assert props[ids["d0"]]["texts"]["callbacks"] == "Callback coverage this month 50% (1 / 2)"
    chinese = MapState(map_data.load_branch_map(store, ids["branch"], now=NOW), metric="load", lang="zh_CN")
    chinese.apply_rows(orders.open_orders(store, ids["branch"]), NOW)
    assert chinese.props[ids["d0"]]["texts"]["callbacks"] == "本月回访覆盖 50%（1 / 2）"
    assert props[ids["d1"]]["colours"]["callbacks"] == "#d9d9d9"  # nothing owed: no data
    assert data["metric"] == "load" and data["metrics"]["load"]["rule"] == "R-ZONE-1"
    assert props[ids["d0"]]["maintainer"] == "李强" and props[ids["d0"]]["work_number"] == "NC101"
    assert data["photos"][str(ids["m1"])].startswith("data:image/png;base64,")
    assert [c["name"] for c in data["majors"]] == ["第一人民医院"]
    bands = {o["id"]: o["band"] for o in data["orders"]}
    assert bands == {ids["late"]: "breached", ids["fresh"]: "ok"}


def test_tiles_only_when_configured(sqlite_map_branch):
    store, ids = sqlite_map_branch
    payload = _page_state(store, ids).payload()
    assert "L.tileLayer" not in builder.build_html(payload)
    html = builder.build_html(payload, tiles="http://gis.intranet/tiles/{z}/{x}/{y}.png", tiles_attr="内网")
    assert "http://gis.intranet/tiles/{z}/{x}/{y}.png" in html and "L.tileLayer" in html


def test_missing_assets_are_reported(sqlite_map_branch, tmp_path):
    store, ids = sqlite_map_branch
    with pytest.raises(builder.AssetsMissing, match="leaflet/leaflet.js"):
        builder.build_html(_page_state(store, ids).payload(), web_dir=tmp_path)


def test_cli_map_writes_one_standalone_file(sqlite_map_branch, tmp_path, capsys):
    import argparse

    from console.services.exports import map_file as export

    store, ids = sqlite_map_branch
    parser = argparse.ArgumentParser()
    export.add_parser(parser.add_subparsers(dest="command"))
    out = tmp_path / "out" / "map.html"
    args = parser.parse_args(["map", "--db", store.url, "--out", str(out), "--metric", "load", "--branch", "NC"])
    assert export.command(args) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["districts"] == 3 and summary["orders"] == 2 and summary["metric"] == "load"
    html = out.read_text(encoding="utf-8")
    assert _remote_refs(html) == [] and "<script src=" not in html and "<link" not in html
    assert "url(images/" not in html  # Leaflet's control images travel as data: URIs
    assert _data(html)["metric"] == "load"


def test_the_page_data_is_the_payload_whatever_its_texts(sqlite_map_branch):
    """The data reaches the page whole: a district named like the end of a script element, or like
    the token the document carries before the data goes in, changes nothing else."""
    store, ids = sqlite_map_branch
    payload = _page_state(store, ids).payload()
    first = payload["districts"]["features"][0]["properties"]
    first["name"] = "</script><b>八一</b> {{ x }} console-map-data-0"
    payload["branch"]["name"] = "console-map-data-"
    html = builder.build_html(payload, asset_base="file:///x/")
    assert _data(html) == json.loads(json.dumps(payload))
    assert html.count('id="console-map-data"') == 1 and "</script><b>" not in html
    assert builder.data_json({"districts": {"type": "FeatureCollection", "features": []}, "n": 1}) == \
        '{"districts":{"type":"FeatureCollection","features":[]},"n":1}'


def test_district_shapes_travel_rounded_without_repeated_vertices():
    from console.maps import geometry

    square = {"type": "Polygon", "coordinates": [[[115.123456789, 28.1], [115.1234564, 28.1000001],
                                                  [115.2, 28.1], [115.2, 28.2], [115.123456789, 28.1]]]}
    assert json.loads(json.dumps(geometry.compact(square))) == {
        "type": "Polygon", "coordinates": [[[115.123457, 28.1], [115.123456, 28.1], [115.2, 28.1], [115.2, 28.2],
                                            [115.123457, 28.1]]]}
    twice = {"type": "Polygon", "coordinates": [[[1.0000001, 2.0], [1.0000002, 2.0], [3.0, 2.0], [3.0, 4.0],
                                                 [1.0, 2.0]]]}
    assert geometry.compact(twice)["coordinates"] == (((1.0, 2.0), (3.0, 2.0), (3.0, 4.0), (1.0, 2.0)),)
    multi = {"type": "MultiPolygon", "coordinates": [twice["coordinates"]]}
    assert geometry.compact(multi)["coordinates"] == (geometry.compact(twice)["coordinates"],)
