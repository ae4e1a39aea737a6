"""The demo ships its base map: `branch-console demo` (create_demo) writes NAME.basemap.mbtiles
beside a new SQLite file, and beside an existing empty one; the console's first start (the
DemoCreator's demo_basemap) does the same; the file covers the demo branch NC's districts at zooms
10-16 in a couple of MB; the console looks for it there (services/exports/basemap.own_basemap)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from console.demo.build import create_demo, demo_basemap, demo_rings
from console.maps.mbtiles import MBTiles
from console.rules.periods import UTC
from console.services.exports.basemap import own_basemap
from console.store import open_store

NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
SMALL = {"orders": 200, "scale": 0.03, "now": NOW}


def _covers_nc(path, rings) -> None:
    with MBTiles(path) as mb:
        assert (mb.minzoom, mb.maxzoom, mb.crs, mb.format) == (10, 16, "wgs84", "png")
        w, s, e, n = mb.bounds
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
        assert w < min(lons) and e > max(lons) and s < min(lats) and n > max(lats)
        assert mb.tile(14, *[int(v) for v in _tile(sum(lons) / len(lons), sum(lats) / len(lats), 14)]) is not None
    assert path.stat().st_size < 4_000_000


def _tile(lon, lat, z):
    from console.maps.mbtiles import lonlat_to_tile

    return lonlat_to_tile(lon, lat, z)


def test_a_new_sqlite_demo_has_its_base_map_beside_it(tmp_path):
    target = tmp_path / "demo.sqlite3"
    summary = create_demo(str(target), **SMALL)
    path = tmp_path / "demo.basemap.mbtiles"
    assert summary["basemap"]["file"] == str(path) == str(own_basemap(f"sqlite:///{target}"))
    assert summary["basemap"]["tiles"] > 1000 and "error" not in summary["basemap"]
    json.dumps(summary, default=str)  # the command line prints it
    store = open_store(f"sqlite:///{target}")
    try:
        rings = demo_rings(store)
    finally:
        store.dispose()
    assert len(rings) == 42  # the city branch's districts (NC)
    _covers_nc(path, rings)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.basemap.mbtiles", "demo.sqlite3"]  # nothing else


def test_an_existing_empty_database_gets_it_too_and_the_first_start_likewise(tmp_path):
    target = tmp_path / "empty.sqlite3"
    open_store(f"sqlite:///{target}", migrate=True).dispose()
    summary = create_demo(f"sqlite:///{target}", **SMALL)
    path = tmp_path / "empty.basemap.mbtiles"
    assert summary["basemap"]["file"] == str(path) and path.is_file()
    path.unlink()
    store = open_store(f"sqlite:///{target}")
    try:
        steps = []
        got = demo_basemap(store, progress=lambda f, m: steps.append(m), drawing="绘制底图")  # what DemoCreator runs
    finally:
        store.dispose()
    assert got["file"] == str(path) and path.is_file() and steps == ["绘制底图"]


def test_a_database_in_memory_has_no_base_map_and_the_demo_stands():
    from console.demo.build import write_demo_basemap

    got = write_demo_basemap("sqlite://", [[[115.8, 28.6], [115.9, 28.6], [115.9, 28.7], [115.8, 28.6]]])
    assert got["file"] is None and got["error"]


@pytest.mark.parametrize("url", ["postgresql+psycopg://demo@db.intranet:5432/console"])
def test_a_shared_databases_base_map_is_kept_in_the_users_data_folder(url, tmp_path, monkeypatch):
    from console.store import location

    monkeypatch.setattr(location.platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "data"))
    assert own_basemap(url) == tmp_path / "data" / "db.intranet-5432-console.basemap.mbtiles"
