"""The province map's data without Qt: every district of every branch, each judged by its own
branch's norm (R-ZONE-1), each branch's outline and name, counts instead of order markers; the CLI's
`map --province` file."""

from __future__ import annotations

import argparse
import json

import pytest

from console.errors import StoreError
from console.maps.state import MapState, ProvinceState
from console.services.assessment import map_data
from console.services.exports import map_file as export
from console.services.orders import queue as orders
from tests.map_branch import NOW
from tests.maps.test_builder import _data, _remote_refs


def _province(store) -> ProvinceState:
    data = map_data.load_province_map(store, now=NOW)
    state = ProvinceState(data, metric="load")
    state.apply_rows([r for b in data.branches for r in orders.open_orders(store, b.branch_id)], NOW)
    return state


def test_every_branch_and_district_with_its_own_branch_norm(sqlite_province):
    store, ids = sqlite_province
    payload = _province(store).payload()
    assert payload["scope"] == "province" and payload["orders"] == [] and payload["branch"]["id"] is None
    props = {f["properties"]["id"]: f["properties"] for f in payload["districts"]["features"]}
    assert set(props) == {ids[k] for k in ("d0", "d1", "d2", "e0", "e1", "f0")}
    assert {b["id"]: b["districts"] for b in payload["branches"]} == {ids["branch"]: 3, ids["xj"]: 2, ids["qs"]: 1}
    # R-ZONE-1: 2,200 households are 110 % of a county maintainer's norm, 49 % of a city one's
    assert props[ids["e0"]]["colours"]["load"] == "#fee08b" and "norm 2,000" in props[ids["e0"]]["texts"]["load"]
    assert props[ids["f0"]]["colours"]["load"] == "#c6dbef" and "norm 4,500" in props[ids["f0"]]["texts"]["load"]
    assert props[ids["d0"]]["colours"]["load"] == "#d73027"  # 122 % in the city branch, as on its own map
    assert props[ids["e0"]]["branch"] == "新建区分公司" and props[ids["e0"]]["open"] == 1
    assert props[ids["d0"]]["open"] == 2
    # each branch's outline: the four sides of its one square, or the outer edges of its row of squares
    outlines = {b["id"]: b["outline"] for b in payload["branches"]}
    assert sum(len(line) - 1 for line in outlines[ids["qs"]]["coordinates"]) == 4
    assert sum(len(line) - 1 for line in outlines[ids["xj"]]["coordinates"]) == 6
    xj = next(b for b in payload["branches"] if b["id"] == ids["xj"])
    assert xj["bounds"] == [[28.65, 116.3], [28.66, 116.32]]


def test_a_district_is_coloured_as_on_its_branch_map(sqlite_province):
    store, ids = sqlite_province
    province = _province(store).props
    for branch in ("branch", "xj", "qs"):
        state = MapState(map_data.load_branch_map(store, ids[branch], now=NOW))
        state.apply_rows(orders.open_orders(store, ids[branch]), NOW)
        for d_id, props in state.props.items():
            assert province[d_id]["colours"] == props["colours"] and province[d_id]["texts"] == props["texts"]


def _cli(store, tmp_path, *extra):
    parser = argparse.ArgumentParser()
    export.add_parser(parser.add_subparsers(dest="command"))
    out = tmp_path / "province.html"
    return out, parser.parse_args(["map", "--db", store.url, "--out", str(out), *extra])


def test_cli_writes_the_province_as_one_offline_file(sqlite_province, tmp_path, capsys):
    store, ids = sqlite_province
    out, args = _cli(store, tmp_path, "--province", "--metric", "load")
    assert export.command(args) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["branches"] == 3 and summary["districts"] == 6 and summary["orders"] == 3
    html = out.read_text(encoding="utf-8")
    assert _remote_refs(html) == [] and "<script src=" not in html and "<link" not in html
    data = _data(html)
    assert len(data["districts"]["features"]) == 6 and data["metric"] == "load"
    assert sorted(b["name"] for b in data["branches"]) == sorted(["南昌市分公司", "新建区分公司", "青山湖区分公司"])


def test_cli_refuses_province_with_a_branch(sqlite_province, tmp_path):
    store, _ids = sqlite_province
    out, args = _cli(store, tmp_path, "--province", "--branch", "NC")
    with pytest.raises(StoreError, match="--province"):
        export.command(args)
    assert not out.exists()
