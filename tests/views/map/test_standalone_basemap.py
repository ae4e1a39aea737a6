"""`branch-console map --basemap FILE.mbtiles`: the tiles the map needs go into NAME_files/tiles
beside the HTML (the districts' bounds and a margin, the file's zooms, capped), the page shows them
offline from that folder (loaded in QtWebEngine as a browser would: no network request), and a
mistyped base map is refused before anything is written."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QUrl

from console.cli import main
from console.maps.mbtiles import tile_range
from console.services.exports import basemap as basemaps
from tests.views.map.basemaps import AREA, LOADED_TILES, TILE_SOURCES, js_value, tiny_basemap

TIMEOUT = 30_000


@pytest.fixture
def wide(tmp_path):
    """A base map reaching far beyond the branch (a whole city's file), zooms 11-16."""
    path = tmp_path / "city.mbtiles"
    tiny_basemap(path, zooms=range(11, 17), area=(115.6, 28.4, 116.1, 28.9))
    return path


def _written(folder):
    return {(int(p.parts[-3]), int(p.parts[-2]), int(p.stem)) for p in folder.rglob("*.png")}


def test_the_tiles_the_map_needs_go_into_a_folder_beside_it(sqlite_map_branch, wide, tmp_path, capsys):
    store, _ids = sqlite_map_branch
    out = tmp_path / "export" / "南昌 map.html"
    assert main(["map", "--db", store.url, "--out", str(out), "--basemap", str(wide)]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    folder = tmp_path / "export" / "南昌 map_files" / "tiles"
    assert summary["basemap"]["folder"] == str(folder) and summary["basemap"]["left_out"] == []
    written = _written(folder)
    assert written and len(written) == summary["basemap"]["tiles"]
    assert {z for z, _x, _y in written} == set(range(11, 17))  # the file's zooms
    # only around the districts (115.85-115.88 E, 28.65-28.66 N and a margin), not the file's whole city
    area = basemaps.padded([[28.65, 115.85], [28.66, 115.88]])
    for z in range(11, 17):
        xs, ys = tile_range(area, z)
        assert {(x, y) for zz, x, y in written if zz == z} == {(x, y) for x in xs for y in ys}
    whole = sum(len(xs) * len(ys) for xs, ys in (tile_range((115.6, 28.4, 116.1, 28.9), z) for z in range(11, 17)))
    assert len(written) < whole / 10
    html = out.read_text(encoding="utf-8")
    assert "%E5%8D%97%E6%98%8C%20map_files/tiles/{z}/{x}/{y}.png" in html  # relative, URL-escaped
    assert "bcmap:" not in html  # not the console's own scheme: a browser has none


def test_a_cap_leaves_the_highest_zooms_out_and_says_so(sqlite_map_branch, wide, tmp_path, capsys, monkeypatch):
    store, _ids = sqlite_map_branch
    monkeypatch.setattr(basemaps, "MAX_TILES", 30)
    out = tmp_path / "capped.html"
    assert main(["map", "--db", store.url, "--out", str(out), "--basemap", str(wide)]) == 0
    captured = capsys.readouterr()
    summary = json.loads(captured.out.strip().splitlines()[-1])
    left_out = summary["basemap"]["left_out"]
    assert left_out and left_out[-1] == 16 and summary["basemap"]["tiles"] <= 30
    assert {z for z, _x, _y in _written(tmp_path / "capped_files" / "tiles")} == set(
        range(11, left_out[0]))
    assert "were left out" in captured.err or "未导出" in captured.err


@pytest.mark.parametrize("what", ["missing", "not_mbtiles"])
def test_a_mistyped_base_map_is_refused_and_nothing_is_written(sqlite_map_branch, tmp_path, capsys, what):
    store, _ids = sqlite_map_branch
    bad = tmp_path / "typo.mbtile"
    if what == "not_mbtiles":
        bad.write_text("tiles? no", encoding="utf-8")
    out = tmp_path / "new" / "map.html"
    assert main(["map", "--db", store.url, "--out", str(out), "--basemap", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and err.startswith("branch-console: ")
    assert not (tmp_path / "new").exists()  # neither the page nor its folder


def test_the_exported_page_shows_its_tiles_offline_from_the_folder(qtbot, sqlite_map_branch, tmp_path, capsys):
    from console.views.map import web

    store, _ids = sqlite_map_branch
    path = tmp_path / "tiny.mbtiles"
    tiny_basemap(path, area=AREA)
    out = tmp_path / "standalone.html"
    assert main(["map", "--db", store.url, "--out", str(out), "--basemap", str(path)]) == 0
    capsys.readouterr()
    view, page, _bridge, guard = web.make_view(None)  # the no-network guard records any request
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    with qtbot.waitSignal(view.loadFinished, timeout=TIMEOUT):
        view.load(QUrl.fromLocalFile(str(out)))
    assert js_value(qtbot, page, "typeof L") == "object"
    qtbot.waitUntil(lambda: js_value(qtbot, page, LOADED_TILES) > 0, timeout=TIMEOUT)
    sources = js_value(qtbot, page, TILE_SOURCES)
    folder = (tmp_path / "standalone_files" / "tiles").as_uri()
    assert sources and all(s.startswith(folder + "/") for s in sources), sources
    assert js_value(qtbot, page, "consoleMap.visibleLabels().length") == 3
    assert guard.blocked == [] and guard.tiles == 0 and page.tiles.served == 0  # the folder, not the scheme
    view.close()
