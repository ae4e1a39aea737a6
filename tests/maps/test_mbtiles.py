"""MBTiles base maps: written and read back (the TMS row), every refusal in words, two threads,
the crs key, the atomic write, and the web-mercator helpers. No Qt."""

from __future__ import annotations

import io
import sqlite3
import threading
from contextlib import closing

import pytest
from PIL import Image

from console import i18n
from console.errors import StoreError
from console.maps import mbtiles
from console.maps.mbtiles import BaseMapError, MBTiles, lonlat_to_tile, tile_bounds, tile_to_lonlat, write_mbtiles


def png(colour=(200, 100, 50)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), colour).save(out, "PNG")
    return out.getvalue()


def jpg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), (10, 20, 30)).save(out, "JPEG")
    return out.getvalue()


RED, GREEN, BLUE = png((255, 0, 0)), png((0, 255, 0)), png((0, 0, 255))


def raw(path, metadata: dict | None, tiles=(), *, tiles_table=True):
    """An MBTiles-like file made by hand (XYZ tiles flipped here), to test what a reader meets."""
    db = sqlite3.connect(path)
    if metadata is not None:
        db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        db.executemany("INSERT INTO metadata VALUES (?, ?)", metadata.items())
    if tiles_table:
        db.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
        db.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)", [(z, x, 2 ** z - 1 - y, d) for z, x, y, d in tiles])
    db.commit()
    db.close()
    return path


def test_written_tiles_read_back_with_the_tms_row_flipped(tmp_path):
    path = tmp_path / "base.mbtiles"
    n = write_mbtiles(path, [(3, 6, 2, RED), (4, 12, 5, GREEN), (4, 13, 5, BLUE)],
                      {"name": "Test", "format": "png", "attribution": "drawn by the test"})
    assert n == 3
    db = sqlite3.connect(path)
    assert db.execute("SELECT tile_row FROM tiles WHERE zoom_level = 3 AND tile_column = 6").fetchall() == [(5,)]
    assert db.execute("PRAGMA application_id").fetchone()[0] == 0x4D504258
    index = db.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'tile_index'").fetchone()[0]
    assert "UNIQUE" in index.upper() and "zoom_level, tile_column, tile_row" in index
    db.close()
    with MBTiles(path) as mb:
        assert mb.tile(3, 6, 2) == RED
        assert mb.tile(3, 6, 5) is None  # the TMS row itself is not an XYZ y
        assert mb.tile(4, 13, 5) == BLUE and mb.tile(4, 12, 5) == GREEN
        assert mb.tile(4, 99, 5) is None and mb.tile(-1, 0, 0) is None and mb.tile(3, 8, 0) is None
        assert (mb.format, mb.mime, mb.crs, mb.name) == ("png", "image/png", "wgs84", "Test")
        assert mb.attribution == "drawn by the test"
        assert (mb.minzoom, mb.maxzoom) == (3, 4)  # filled in by write_mbtiles from the tiles
        assert mb.metadata["minzoom"] == "3" and mb.metadata["format"] == "png"
        w, s, e, n_ = tile_bounds(3, 6, 2)
        assert mb.bounds == pytest.approx((w, s, e, n_), abs=1e-6)
        assert mb.center[:2] == pytest.approx(((w + e) / 2, (s + n_) / 2), abs=1e-6) and mb.center[2] == 3


def test_the_specs_own_example_row(tmp_path):
    """MBTiles 1.3: the tile known as 11/327/791 is stored at tile_row 1256."""
    path = tmp_path / "spec.mbtiles"
    write_mbtiles(path, [(11, 327, 791, RED)], {"name": "spec", "format": "png"})
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT zoom_level, tile_column, tile_row FROM tiles").fetchall() == [(11, 327, 1256)]
    assert MBTiles(path).tile(11, 327, 791) == RED


def test_metadata_wins_and_the_tiles_table_fills_the_gaps(tmp_path):
    path = raw(tmp_path / "a.mbtiles", {"name": "hand made", "format": "PNG",
                                        "bounds": "115.8,28.6,116.0,28.8", "center": "115.9,28.7,12",
                                        "minzoom": "10", "maxzoom": "16"},
               [(12, 3415, 1712, RED)])
    mb = MBTiles(path)
    assert mb.bounds == (115.8, 28.6, 116.0, 28.8) and mb.center == (115.9, 28.7, 12)
    assert (mb.minzoom, mb.maxzoom) == (10, 16) and mb.format == "png"
    mb.close()

    path = raw(tmp_path / "b.mbtiles", {"name": "no zooms", "format": "jpg", "bounds": "broken"},
               [(9, 426, 213, jpg()), (11, 1707, 853, jpg())])
    mb = MBTiles(path)
    assert (mb.minzoom, mb.maxzoom) == (9, 11)  # from the tiles table
    assert mb.bounds == pytest.approx(tile_bounds(9, 426, 213))  # a broken bounds: from the lowest zoom's tiles
    assert mb.mime == "image/jpeg" and mb.attribution == "" and mb.center[2] == 9
    mb.close()


def test_a_missing_format_is_read_from_the_tiles(tmp_path):
    webp = io.BytesIO()
    Image.new("RGB", (8, 8)).save(webp, "WEBP")
    mb = MBTiles(raw(tmp_path / "w.mbtiles", {"name": "x"}, [(1, 0, 0, webp.getvalue())]))
    assert (mb.format, mb.mime) == ("webp", "image/webp")
    assert MBTiles(raw(tmp_path / "j.mbtiles", None, [(1, 0, 0, jpg())])).format == "jpg"  # no metadata table at all


@pytest.mark.parametrize("make, words", [
    (lambda p: p, "no such base map file: {path}"),
    (lambda p: (p.write_text("just some text, long enough to be a page of a database? no." * 20), p)[1],
     "the base map {path} is not an SQLite database"),
    (lambda p: raw(p, {"name": "x", "format": "png"}, tiles_table=False),
     "the base map {path} has no tiles table: it is not an MBTiles file"),
    (lambda p: raw(p, {"name": "x", "format": "png"}, []), "the base map {path} holds no tiles"),
    (lambda p: raw(p, {"name": "x", "format": "pbf"}, [(0, 0, 0, b"\x1f\x8b vector")]),
     "the base map {path} holds vector tiles (pbf): the console shows only raster tiles"),
    (lambda p: raw(p, {"name": "x", "format": "mvt"}, [(0, 0, 0, b"\x1f\x8b vector")]),
     "the base map {path} holds vector tiles (mvt)"),
    (lambda p: raw(p, {"name": "x", "format": "tiff"}, [(0, 0, 0, b"II*\x00")]),
     "the base map {path} has tiles in the unsupported format 'tiff'"),
    (lambda p: raw(p, {"name": "x"}, [(0, 0, 0, b"II*\x00")]),
     "the base map {path} does not say its tile format and its tiles are not png, jpg or webp"),
    (lambda p: raw(p, {"name": "x", "format": "png", "crs": "bd09"}, [(0, 0, 0, RED)]),
     "the base map {path} is drawn in the unknown coordinate system 'bd09': its metadata key crs must be "
     "wgs84 or gcj02"),
])
def test_each_refusal_names_the_file_and_the_problem(tmp_path, make, words):
    path = make(tmp_path / "底图 base.mbtiles")
    with pytest.raises(BaseMapError) as err:
        MBTiles(path)
    assert isinstance(err.value, StoreError)  # the views show a StoreError as it is
    assert words.format(path=path) in str(err.value)
    assert isinstance(err.value.args[0], i18n.Text)  # a catalogue text: the console says it in Chinese


def test_a_folder_is_no_file(tmp_path):
    with pytest.raises(BaseMapError, match="no such base map file"):
        MBTiles(tmp_path)


def test_the_crs_key(tmp_path):
    for value, crs in (("gcj02", "gcj02"), ("GCJ-02", "gcj02"), ("wgs84", "wgs84"), (" WGS-84 ", "wgs84")):
        path = raw(tmp_path / f"{value.strip()}.mbtiles", {"name": "x", "format": "png", "crs": value},
                   [(0, 0, 0, RED)])
        with MBTiles(path) as mb:
            assert mb.crs == crs
    path = tmp_path / "gaode.mbtiles"
    write_mbtiles(path, [(5, 26, 13, RED)], {"name": "Gaode-style", "format": "png", "crs": "gcj02"})
    with MBTiles(path) as mb:
        assert mb.crs == "gcj02" and mb.metadata["crs"] == "gcj02"


def test_two_threads_read_at_once_and_close_releases_every_connection(tmp_path):
    tiles = [(6, x, y, png((x * 4, y * 4, 7))) for x in range(50, 54) for y in range(24, 28)]
    path = tmp_path / "t.mbtiles"
    write_mbtiles(path, tiles, {"name": "threads", "format": "png"})
    mb = MBTiles(path)
    start = threading.Barrier(2)
    errors: list[BaseException] = []
    seen: list[int] = []

    def read():
        try:
            start.wait(timeout=10)
            got = 0
            for _ in range(30):
                for z, x, y, data in tiles:
                    assert mb.tile(z, x, y) == data
                    got += 1
            seen.append(got)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors and seen == [30 * len(tiles)] * 2
    assert 1 <= mb.connections_open <= 3  # the constructor's and at most one per reading thread
    mb.close()
    assert mb.connections_open == 0
    assert mb.tile(6, 50, 24) is None  # a late request after close: no tile, no exception
    mb.close()  # twice is harmless


def test_the_pool_keeps_only_a_few_idle_connections(tmp_path, monkeypatch):
    monkeypatch.setattr(mbtiles, "IDLE_CONNECTIONS", 1)
    path = tmp_path / "p.mbtiles"
    write_mbtiles(path, [(0, 0, 0, RED)], {"name": "p", "format": "png"})
    mb = MBTiles(path)
    holding, release = threading.Barrier(3), threading.Event()

    def borrow():
        with mb._connection() as db:
            assert db.execute("SELECT COUNT(*) FROM tiles").fetchone() == (1,)
            holding.wait(10)
            release.wait(10)

    threads = [threading.Thread(target=borrow) for _ in range(2)]
    with mb._connection():  # three reads at once: three connections, none shared
        for t in threads:
            t.start()
        holding.wait(10)
        assert mb.connections_open == 3
        release.set()
        for t in threads:
            t.join(10)
    assert mb.connections_open == 1  # given back: only IDLE_CONNECTIONS stay open
    mb.close()
    assert mb.connections_open == 0


def test_a_read_after_the_file_is_damaged_raises_in_words(tmp_path):
    path = tmp_path / "d.mbtiles"
    write_mbtiles(path, [(0, 0, 0, RED)], {"name": "d", "format": "png"})
    mb = MBTiles(path)
    path.write_bytes(b"not a database any more" * 100)
    with pytest.raises(BaseMapError, match="cannot be read"):
        mb.tile(0, 0, 0)
    mb.close()


def test_the_write_is_atomic(tmp_path):
    path = tmp_path / "base.mbtiles"
    write_mbtiles(path, [(0, 0, 0, RED)], {"name": "first", "format": "png"})

    def broken():
        yield (1, 0, 0, GREEN)
        raise OSError("the renderer died")

    with pytest.raises(OSError, match="the renderer died"):
        write_mbtiles(path, broken(), {"name": "second", "format": "png"})
    with pytest.raises(ValueError, match="outside the world"):
        write_mbtiles(path, [(2, 4, 0, GREEN)], {"name": "third", "format": "png"})
    with MBTiles(path) as mb:  # the first file, whole
        assert mb.name == "first" and mb.tile(0, 0, 0) == RED and mb.tile(1, 0, 0) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.mbtiles"]  # no temporary file left
    assert (path.stat().st_mode & 0o777) == 0o644


def test_a_later_tile_replaces_an_earlier_one(tmp_path):
    path = tmp_path / "r.mbtiles"
    write_mbtiles(path, [(2, 1, 1, RED), (2, 1, 1, BLUE)], {"name": "r", "format": "png"})
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT COUNT(*) FROM tiles").fetchone()[0] == 1
    assert MBTiles(path).tile(2, 1, 1) == BLUE


def test_web_mercator_helpers():
    assert lonlat_to_tile(0.0, 0.0, 1) == (1.0, 1.0)
    assert lonlat_to_tile(-180.0, 85.0511287798066, 3) == pytest.approx((0.0, 0.0), abs=1e-9)
    assert lonlat_to_tile(0.0, 89.9, 2)[1] == pytest.approx(0.0, abs=1e-9)  # clamped to mercator's edge
    assert tile_bounds(0, 0, 0) == pytest.approx((-180.0, -85.0511287798, 180.0, 85.0511287798))
    w, s, e, n = tile_bounds(12, 3366, 1707)
    assert w < 115.9 < e and s < 28.68 < n  # central Nanchang
    x, y = lonlat_to_tile(115.9, 28.68, 12)
    assert (int(x), int(y)) == (3366, 1707)  # (115.9 + 180) / 360 * 4096 = 3366.68
    assert tile_to_lonlat(x, y, 12) == pytest.approx((115.9, 28.68), abs=1e-9)
    xs, ys = mbtiles.tile_range((115.8, 28.6, 116.0, 28.8), 12)
    assert xs == range(3365, 3368) and ys == range(1705, 1709)
    assert mbtiles.metres_per_pixel(0.0, 0) == pytest.approx(156543.03, abs=0.01)
