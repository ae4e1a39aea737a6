"""The demo's base map: made from a few lattice districts at zooms 12-14, opened as MBTiles, the
tiles where the area is and nowhere else, water drawn where the plan's river and lakes are, land
where nothing is. No Qt, no database."""

from __future__ import annotations

import dataclasses
import io
import math
import random
import sqlite3
from collections import Counter
from contextlib import closing

import pytest
from PIL import Image

from console.demo import basemap
from console.demo.geo import lattice, point_in_ring
from console.maps.mbtiles import MBTiles, lonlat_to_tile, tile_range

ZOOMS = range(12, 15)
SEED = 7


@pytest.fixture(scope="module")
def rings():
    cells = lattice(random.Random(3), center=(115.892, 28.683), cols=3, rows=2, cell_km=2.1)
    return [c.ring for c in cells]


@pytest.fixture(scope="module")
def built(rings, tmp_path_factory):
    path = tmp_path_factory.mktemp("basemap") / "demo.mbtiles"
    result = basemap.build_basemap(path, rings, seed=SEED, zooms=ZOOMS)
    mb = MBTiles(path)
    yield path, result, mb, basemap.plan(rings, SEED)
    mb.close()


def pixel_of(mb: MBTiles, point, z: int) -> tuple[int, int, int]:
    """The RGB colour the base map shows at (lon, lat) at zoom z."""
    x, y = lonlat_to_tile(point[0], point[1], z)
    data = mb.tile(z, int(x), int(y))
    assert data is not None, (z, point)
    image = Image.open(io.BytesIO(data)).convert("RGB")
    return image.getpixel((min(int((x % 1) * 256), 255), min(int((y % 1) * 256), 255)))


def pixels(line, z):
    return [tuple(c * 256 for c in lonlat_to_tile(p[0], p[1], z)) for p in line]


def distance_px(p, line) -> float:
    best = math.inf
    for a, b in zip(line, line[1:]):
        dx, dy = b[0] - a[0], b[1] - a[1]
        t = 0.0 if dx == dy == 0 else ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)
        t = max(0.0, min(1.0, t))
        best = min(best, math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy))
    return best


def test_it_opens_as_an_mbtiles_base_map(built, rings):
    path, result, mb, plan = built
    assert result["tiles"] > 0 and result["bytes"] == path.stat().st_size and result["seconds"] >= 0
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT COUNT(*) FROM tiles").fetchone()[0] == result["tiles"]
    assert (mb.format, mb.mime, mb.crs) == ("png", "image/png", "wgs84")
    assert (mb.minzoom, mb.maxzoom) == (12, 14)
    assert mb.attribution == "Demo base map drawn from the demo's own geometry"
    w, s, e, n = mb.bounds
    dw, ds, de, dn = plan.districts
    assert w < dw and s < ds and e > de and n > dn  # the districts and a margin
    assert mb.bounds == pytest.approx(plan.bounds, abs=1e-6)
    assert w < mb.center[0] < e and s < mb.center[1] < n and mb.center[2] == 12


def test_tiles_cover_the_area_and_nothing_far_outside(built, rings):
    path, _result, mb, plan = built
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT zoom_level, tile_column, tile_row FROM tiles").fetchall()
    stored = {(z, x, 2 ** z - 1 - r) for z, x, r in rows}
    wanted = set()
    for z in ZOOMS:
        xs, ys = tile_range(plan.bounds, z)
        wanted |= {(z, x, y) for x in xs for y in ys}
        for ring in rings:  # every district is on the map
            x, y = lonlat_to_tile(*ring[0], z)
            assert mb.tile(z, int(x), int(y)) is not None
        assert mb.tile(z, xs.stop + 2, ys.start) is None and mb.tile(z, xs.start, ys.start - 3) is None
    assert stored == wanted
    assert mb.tile(11, *map(int, lonlat_to_tile(*rings[0][0], 11))) is None  # no zoom asked for, none drawn


def test_the_river_is_water_where_the_plan_says(built):
    _path, _result, mb, plan = built
    w, s, e, n = plan.bounds
    for z in (13, 14):
        clear = basemap.widths(z).main / 2 + basemap.widths(z).casing + 4  # bridges: roads cross on top
        roads = [pixels(r, z) for r in plan.roads]
        checked = 0
        for point in plan.river:
            if not (w < point[0] < e and s < point[1] < n):
                continue
            p = pixels([point], z)[0]
            if any(distance_px(p, r) < clear for r in roads):
                continue
            assert pixel_of(mb, point, z) == basemap.WATER, (z, point)
            checked += 1
        assert checked >= 5, z


def test_lakes_are_water_and_open_land_is_land(built):
    _path, _result, mb, plan = built
    assert 1 <= len(plan.lakes) <= 2
    for lake in plan.lakes:
        centre = (sum(p[0] for p in lake[:-1]) / (len(lake) - 1), sum(p[1] for p in lake[:-1]) / (len(lake) - 1))
        assert point_in_ring(centre, lake)
        for z in ZOOMS:
            assert pixel_of(mb, centre, z) == basemap.WATER
    z = 14
    river = pixels(plan.river, z)
    half_river = max(plan.river_width_m / 8.4, 2) / 2  # about 8.4 m a pixel at zoom 14 here
    lines = [pixels(r, z) for r in plan.roads + plan.minor_streets]
    w, s, e, n = plan.bounds
    found = 0
    for i in range(1, 12):
        for j in range(1, 12):
            point = (w + (e - w) * i / 12, s + (n - s) * j / 12)
            p = pixels([point], z)[0]
            if distance_px(p, river) < half_river + 6 or any(distance_px(p, line) < 12 for line in lines) \
                    or any(point_in_ring(point, lake) or distance_px(p, pixels(lake, z)) < 4 for lake in plan.lakes):
                continue
            assert pixel_of(mb, point, z) == basemap.LAND, point
            found += 1
    assert found >= 5


def test_every_tile_is_a_256_pixel_png_in_the_muted_palette(built):
    path, _result, _mb, _plan = built
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT zoom_level, tile_data FROM tiles").fetchall()
    style = {basemap.LAND, basemap.WATER, basemap.ROAD, basemap.CASING, basemap.MINOR_CASING}
    drawn = 0
    for z, data in rows:
        image = Image.open(io.BytesIO(bytes(data)))
        assert image.format == "PNG" and image.size == (256, 256)
        colours = {c for _n, c in image.convert("RGB").getcolors(256)}
        assert basemap.LAND in colours or basemap.WATER in colours
        assert len(colours) <= 64  # a small palette: a few kB a tile
        drawn += len(colours) > 1
        assert colours & style
    assert drawn > len(rows) / 3  # most tiles over the districts show streets
    assert sum(len(d) for _z, d in rows) / len(rows) < 8000


def test_one_coloured_tiles_share_their_png(rings):
    plan = basemap.plan(rings, SEED)
    w, s, e, n = plan.bounds
    wide = dataclasses.replace(plan, bounds=(w - 0.03, s - 0.03, e + 0.03, n + 0.03))  # more bare land
    tiles = list(basemap.render(wide, [13]))
    shared = Counter(id(d) for _z, _x, _y, d in tiles).most_common(1)[0]
    assert shared[1] >= 3  # encoded once, the same bytes object for each
    data = next(d for _z, _x, _y, d in tiles if id(d) == shared[0])
    assert Image.open(io.BytesIO(data)).convert("RGB").getcolors() == [(256 * 256, basemap.LAND)]
    assert len(data) < 300


def test_the_style_colours_survive_the_palette():
    base = [basemap.LAND, basemap.WATER, basemap.ROAD, basemap.CASING, basemap.MINOR, basemap.MINOR_CASING]
    image = Image.new("RGB", (len(base), 1))
    for i, c in enumerate(base):
        image.putpixel((i, 0), c)
    out = image.quantize(palette=basemap._palette(), dither=Image.Dither.NONE).convert("RGB")
    assert [out.getpixel((i, 0)) for i in range(len(base))] == base


def test_the_plan_follows_the_districts(rings):
    plan = basemap.plan(rings, SEED)
    assert plan == basemap.plan(rings, SEED)  # the same for the same seed
    assert plan.river != basemap.plan(rings, SEED + 1).river
    vertices = {(round(p[0], 5), round(p[1], 5)) for r in rings for p in r}
    assert len(plan.main_roads) >= 2
    for road in plan.main_roads:  # along district borders (the ends may go on into the margin)
        inner = road[1:-1]
        assert inner and all((round(p[0], 5), round(p[1], 5)) in vertices for p in inner)
    assert 2 <= len(plan.arterials) <= 3 and all(len(a) == 2 for a in plan.arterials)
    grid = [m for m in plan.minor_streets if len(m) == 2]
    mids = [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for a, b in grid]
    inside = sum(any(point_in_ring(m, r) for r in rings) for m in mids)
    assert len(grid) > 20 and inside >= 0.95 * len(grid)
    w, s, e, n = plan.districts
    assert any(w < p[0] < e and s < p[1] < n for p in plan.river)  # the river crosses the area
    assert plan.river_width_m >= 150


def test_minor_streets_only_at_high_zoom():
    assert basemap.widths(13).minor == 0 and basemap.widths(14).minor > 0
    assert basemap.widths(10).main < basemap.widths(13).main < basemap.widths(16).main
