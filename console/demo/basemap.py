"""The demo's own base map: streets and water made up from the demo's district geometry, drawn as
PNG tiles into an MBTiles file (console.maps.mbtiles). No Qt, no downloaded map data.

:func:`plan` turns the district rings (WGS-84 (lon, lat), console.demo.geo) and a seed into plain
geometry: main roads along some district borders (long, nearly straight runs of shared edges,
the lattice's grid lines), a few straight arterials across the area, minor streets as a finer
grid inside each district, a wide meandering river across the area and a lake or two kept clear
of the roads. :func:`build_basemap` draws that for zooms 10..16 over the districts' bounding box
plus a margin, in a muted style the console's semi-transparent district fills sit well on:
grey-beige land, light-blue water, white roads with a grey casing, no text at all (the console
draws the labels). Drawn at twice the size and reduced, so edges are smooth, then mapped onto a
small fixed palette, so a tile is a few kB; tiles that are one colour (bare land, open water)
share one PNG.
"""

from __future__ import annotations

import io
import math
import os
import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from console.demo.geo import KM_PER_DEG_LAT
from console.maps.coords import WGS84
from console.maps.mbtiles import lonlat_to_tile, metres_per_pixel, tile_range, write_mbtiles

Point = tuple[float, float]  # (lon, lat)
Line = tuple[Point, ...]

LAND = (242, 239, 233)
WATER = (170, 211, 223)
ROAD = (255, 255, 255)
CASING = (197, 191, 182)
MINOR = ROAD  # white too, only thinner with a paler casing (a second near-white would share ROAD's palette cell)
MINOR_CASING = (224, 218, 209)

ATTRIBUTION = "Demo base map drawn from the demo's own geometry"
TILE = 256
SUPERSAMPLE = 2  # drawn at 512 px and reduced: Pillow draws no anti-aliased lines
MINOR_FROM = 14  # minor streets appear from this zoom on
MARGIN = 0.1  # of the districts' extent, on every side (at least MARGIN_M)
MARGIN_M = 800.0
FAR_M = 80_000.0  # how far beyond the districts the river and the arterials go on


@dataclass(frozen=True)
class Widths:
    """Line widths in pixels of a 256-pixel tile at one zoom."""

    main: float
    casing: float  # on each side of a main road
    minor: float  # 0: not drawn at this zoom
    minor_casing: float
    river_min: float  # the river is drawn to scale, but never thinner than this


def widths(z: int) -> Widths:
    """Road widths grow by about 1.43 per zoom (1.5 px at 10, 13 px at 16), as on common maps."""
    main = min(1.5 * 1.43 ** (z - 10), 40.0)
    minor = 0.0 if z < MINOR_FROM else min(2.0 * 1.6 ** (z - MINOR_FROM), 24.0)
    return Widths(main=main, casing=0.6 if z < 12 else 1.2, minor=minor,
                  minor_casing=0.8 if z >= MINOR_FROM + 1 else 0.0, river_min=2.0)


@dataclass(frozen=True)
class Plan:
    """The base map's geometry, WGS-84 (lon, lat) like the districts it was made from."""

    bounds: tuple[float, float, float, float]  # (w, s, e, n) drawn: the districts plus the margin
    districts: tuple[float, float, float, float]  # (w, s, e, n) of the districts alone
    main_roads: tuple[Line, ...]  # along district borders
    arterials: tuple[Line, ...]  # straight, across the whole area
    minor_streets: tuple[Line, ...]  # the grid inside districts, and the inner borders no main road takes
    river: Line
    river_width_m: float
    lakes: tuple[Line, ...]  # closed rings

    @property
    def roads(self) -> tuple[Line, ...]:
        """Every road drawn on top of the water (minor streets run under it)."""
        return self.main_roads + self.arterials


# ---- the geometry ----------------------------------------------------------------------------

class _Frame:
    """Local metres around the area's centre (equirectangular: a few tens of km, no visible error)."""

    def __init__(self, lon0: float, lat0: float):
        self.lon0, self.lat0 = lon0, lat0
        self.ky = KM_PER_DEG_LAT * 1000.0
        self.kx = self.ky * math.cos(math.radians(lat0))

    def to_m(self, p: Sequence[float]) -> Point:
        return ((p[0] - self.lon0) * self.kx, (p[1] - self.lat0) * self.ky)

    def to_deg(self, p: Point) -> Point:
        return (round(self.lon0 + p[0] / self.kx, 7), round(self.lat0 + p[1] / self.ky, 7))


def _length(line: Sequence[Point]) -> float:
    return sum(math.dist(a, b) for a, b in zip(line, line[1:]))


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def _distance(p: Point, line: Sequence[Point]) -> float:
    return min(_segment_distance(p, a, b) for a, b in zip(line, line[1:]))


def _turn(a: Point, b: Point, c: Point) -> float:
    """The angle (radians) by which the way a→b turns at b to go on to c."""
    h1 = math.atan2(b[1] - a[1], b[0] - a[0])
    h2 = math.atan2(c[1] - b[1], c[0] - b[0])
    return abs((h2 - h1 + math.pi) % (2 * math.pi) - math.pi)


@dataclass
class _Run:
    points: list[Point]
    inner: bool  # every edge is shared by two districts (not on the area's outline)
    open_ends: tuple[bool, bool]  # the first / last point is on the outline: the road may go on


def _border_runs(rings_m: list[list[Point]], max_turn: float = math.radians(35)) -> list[_Run]:
    """The district borders as long runs: edges chained on while the way turns less than
    `max_turn` (on a lattice these are its grid lines, shared edges and outline alike)."""
    edges = Counter()
    for ring in rings_m:
        pts = [(round(x, 2), round(y, 2)) for x, y in ring]
        for a, b in zip(pts, pts[1:]):
            if a != b:
                edges[(a, b) if a < b else (b, a)] += 1
    neighbours: dict[Point, list[Point]] = defaultdict(list)
    outline: set[Point] = set()
    for a, b in sorted(edges):
        neighbours[a].append(b)
        neighbours[b].append(a)
        if edges[a, b] == 1:
            outline.update((a, b))
    used: set[tuple[Point, Point]] = set()

    def key(a: Point, b: Point) -> tuple[Point, Point]:
        return (a, b) if a < b else (b, a)

    def extend(run: list[Point]) -> None:
        while True:
            prev, cur = run[-2], run[-1]
            options = [(_turn(prev, cur, n), n) for n in neighbours[cur] if key(cur, n) not in used]
            if not options:
                return
            angle, nxt = min(options)
            if angle > max_turn:
                return
            used.add(key(cur, nxt))
            run.append(nxt)

    runs = []
    for a, b in sorted(edges):
        if key(a, b) in used:
            continue
        used.add(key(a, b))
        forward = [a, b]
        extend(forward)
        backward = [b, a]
        extend(backward)
        pts = backward[::-1][:-2] + forward
        inner = all(edges[key(p, q)] == 2 for p, q in zip(pts, pts[1:]))
        runs.append(_Run(pts, inner, (pts[0] in outline, pts[-1] in outline)))
    return runs


def _continued(run: _Run, reach: float, rng: random.Random) -> list[Point]:
    """The run, going on straight from each end on the outline for up to `reach` metres (a random
    share of it: roads thin out into the country rather than stop on one line)."""
    pts = list(run.points)
    for end, (tip, before) in zip(run.open_ends, ((0, 1), (-1, -2))):
        a, b = pts[before], pts[tip]
        length = math.dist(a, b)
        if not end or not length:
            continue
        go = reach * rng.uniform(0.35, 1.0) / length
        beyond = (b[0] + (b[0] - a[0]) * go, b[1] + (b[1] - a[1]) * go)
        if tip == 0:
            pts.insert(0, beyond)
        else:
            pts.append(beyond)
    return pts


def _clip_to_box(p: Point, d: Point, box: tuple[float, float, float, float]) -> tuple[Point, Point] | None:
    """The part inside `box` (x0, y0, x1, y1) of the infinite line through p along d."""
    t0, t1 = -math.inf, math.inf
    for pc, dc, lo, hi in ((p[0], d[0], box[0], box[2]), (p[1], d[1], box[1], box[3])):
        if abs(dc) < 1e-12:
            if not lo <= pc <= hi:
                return None
            continue
        ta, tb = sorted(((lo - pc) / dc, (hi - pc) / dc))
        t0, t1 = max(t0, ta), min(t1, tb)
    if t0 >= t1:
        return None
    return (p[0] + t0 * d[0], p[1] + t0 * d[1]), (p[0] + t1 * d[0], p[1] + t1 * d[1])


def _grid_in_ring(ring: list[Point], spacing: float, rng: random.Random) -> list[tuple[Point, Point]]:
    """Streets every `spacing` metres (jittered) inside the polygon, in two directions along its
    longest edge: each grid line clipped to the polygon (even-odd crossings), as segments."""
    a, b = max(zip(ring, ring[1:]), key=lambda e: math.dist(*e))
    theta = math.atan2(b[1] - a[1], b[0] - a[0]) + rng.uniform(-0.05, 0.05)
    cx = sum(p[0] for p in ring[:-1]) / (len(ring) - 1)
    cy = sum(p[1] for p in ring[:-1]) / (len(ring) - 1)
    cos, sin = math.cos(theta), math.sin(theta)
    local = [((x - cx) * cos + (y - cy) * sin, -(x - cx) * sin + (y - cy) * cos) for x, y in ring]

    def back(u: float, v: float) -> Point:
        return (cx + u * cos - v * sin, cy + u * sin + v * cos)

    out = []
    for axis in (0, 1):
        lo = min(p[axis] for p in local)
        hi = max(p[axis] for p in local)
        at = lo + spacing * rng.uniform(0.4, 0.9)
        while at < hi - spacing * 0.3:
            crossings = []
            for p, q in zip(local, local[1:]):
                if (p[axis] < at) != (q[axis] < at):
                    t = (at - p[axis]) / (q[axis] - p[axis])
                    crossings.append(p[1 - axis] + t * (q[1 - axis] - p[1 - axis]))
            crossings.sort()
            for s0, s1 in zip(crossings[::2], crossings[1::2]):
                if s1 - s0 > spacing * 0.5 and rng.random() > 0.12:  # a few missing: less of a chessboard
                    ends = ((at, s0), (at, s1)) if axis == 0 else ((s0, at), (s1, at))
                    out.append((back(*ends[0]), back(*ends[1])))
            at += spacing * rng.uniform(0.85, 1.15)
    return out


def _lake(centre: Point, radius: float, rng: random.Random) -> list[Point]:
    """A closed, smooth, irregular ring: an ellipse of wobbling radius, turned at random."""
    phases = [rng.uniform(0, 2 * math.pi) for _ in range(3)]
    stretch, turn = rng.uniform(1.15, 1.5), rng.uniform(0, math.pi)
    pts = []
    for k in range(32):
        t = 2 * math.pi * k / 32
        r = radius * (1 + 0.16 * math.sin(2 * t + phases[0]) + 0.09 * math.sin(3 * t + phases[1])
                      + 0.05 * math.sin(5 * t + phases[2]))
        x, y = r * math.cos(t) * stretch, r * math.sin(t)
        pts.append((centre[0] + x * math.cos(turn) - y * math.sin(turn),
                    centre[1] + x * math.sin(turn) + y * math.cos(turn)))
    return pts + [pts[0]]


def plan(rings: Iterable[Sequence[Sequence[float]]], seed: int = 1) -> Plan:
    """Streets and water for the area of `rings` (closed WGS-84 rings, e.g. demo Cell.ring or a
    district's GeoJSON ring), the same for the same rings and seed."""
    rings = [[(float(p[0]), float(p[1])) for p in ring] for ring in rings]
    if not rings:
        raise ValueError("a base map needs at least one district ring")
    rng = random.Random(f"{seed}:basemap")
    lons = [p[0] for r in rings for p in r]
    lats = [p[1] for r in rings for p in r]
    frame = _Frame((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2)
    rings_m = [[frame.to_m(p) for p in r] for r in rings]
    x0, y0 = frame.to_m((min(lons), min(lats)))
    x1, y1 = frame.to_m((max(lons), max(lats)))
    width, height = x1 - x0, y1 - y0
    diagonal = math.hypot(width, height)
    margin = max(MARGIN * max(width, height), MARGIN_M)
    box = (x0 - margin, y0 - margin, x1 + margin, y1 + margin)

    # main roads: about half of the long border runs (at least two cells long), at least two of
    # them, going on into the margin where they reach the outline; the other inner borders are minor
    runs = _border_runs(rings_m)
    sides = sorted(math.dist(a, b) for r in rings_m for a, b in zip(r, r[1:]))
    long_enough = 4 * sides[len(sides) // 2]  # a side of a lattice cell is two edges
    candidates = [r for r in runs if _length(r.points) >= long_enough] \
        or sorted(runs, key=lambda r: _length(r.points))[-2:]
    chosen = [r for r in candidates if rng.random() < 0.5]
    for r in sorted(candidates, key=lambda r: _length(r.points), reverse=True):
        if len(chosen) >= min(2, len(candidates)):
            break
        if r not in chosen:
            chosen.append(r)
    main = [_continued(r, margin, rng) for r in chosen]
    minor: list[list[Point]] = [r.points for r in runs if r.inner and r not in chosen]

    # arterials and the river go on far beyond the area: a tile at zoom 10 is 35 km wide
    far = (x0 - FAR_M, y0 - FAR_M, x1 + FAR_M, y1 + FAR_M)
    arterials = []
    for _ in range(2 if diagonal < 12_000 else 3):  # straight, through the middle part
        angle = rng.uniform(0, math.pi)
        through = (x0 + width * rng.uniform(0.25, 0.75), y0 + height * rng.uniform(0.25, 0.75))
        ends = _clip_to_box(through, (math.cos(angle), math.sin(angle)), far)
        if ends:
            arterials.append(list(ends))

    # the river: a meander about a straight course
    angle = rng.uniform(0, math.pi)
    along, across = (math.cos(angle), math.sin(angle)), (-math.sin(angle), math.cos(angle))
    shift = rng.uniform(-0.15, 0.15) * min(width, height)
    centre = ((x0 + x1) / 2 + across[0] * shift, (y0 + y1) / 2 + across[1] * shift)
    waves = [(0.06 * diagonal, 0.55 * diagonal, rng.uniform(0, 2 * math.pi)),
             (0.025 * diagonal, 0.21 * diagonal, rng.uniform(0, 2 * math.pi))]
    reach = diagonal / 2 + FAR_M
    steps = math.ceil(2 * reach / max(diagonal / 240, 50.0))
    river = []
    for k in range(steps + 1):
        s = -reach + 2 * reach * k / steps
        off = sum(a * math.sin(2 * math.pi * s / wl + ph) for a, wl, ph in waves)
        river.append((centre[0] + along[0] * s + across[0] * off, centre[1] + along[1] * s + across[1] * off))
    river_width = min(max(0.018 * diagonal, 150.0), 450.0)
    near = diagonal / 2 + margin
    river_near = [p for p in river if math.dist(p, centre) < near + 0.1 * diagonal] or river

    # lakes: one or two, clear of the river, the main roads, the arterials and each other
    lakes: list[list[Point]] = []
    centres: list[tuple[Point, float]] = []
    roads = main + arterials
    for _ in range(1 if rng.random() < 0.4 else 2):
        radius = min(max(0.035 * diagonal, 180.0), 800.0) * rng.uniform(0.7, 1.2)
        for _try in range(80):
            c = (rng.uniform(x0 + radius, x1 - radius), rng.uniform(y0 + radius, y1 - radius))
            ring = _lake(c, radius, rng)
            reach_lake = max(math.dist(c, p) for p in ring)
            if (_distance(c, river_near) > reach_lake + river_width / 2 + 150
                    and all(_distance(c, r) > reach_lake + 80 for r in roads)
                    and all(math.dist(c, other) > reach_lake + r + 300 for other, r in centres)):
                lakes.append(ring)
                centres.append((c, reach_lake))
                break

    # minor streets: a finer grid in every district (rural townships: coarser)
    for ring in rings_m:
        size = math.sqrt(abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:])) / 2))
        spacing = min(max(size / 7, 200.0), 450.0) * rng.uniform(0.9, 1.15)
        minor += [list(seg) for seg in _grid_in_ring(ring, spacing, rng)]

    def deg(line: Iterable[Point]) -> Line:
        return tuple(frame.to_deg(p) for p in line)

    w, s = frame.to_deg((box[0], box[1]))
    e, n = frame.to_deg((box[2], box[3]))
    return Plan(
        bounds=(w, s, e, n), districts=(min(lons), min(lats), max(lons), max(lats)),
        main_roads=tuple(deg(r) for r in main), arterials=tuple(deg(r) for r in arterials),
        minor_streets=tuple(deg(line) for line in minor), river=deg(river), river_width_m=river_width,
        lakes=tuple(deg(r) for r in lakes),
    )


# ---- the tiles -------------------------------------------------------------------------------

def _palette() -> Image.Image:
    """The style's colours and the blends their anti-aliased edges make, as one PNG palette.

    Pillow maps a pixel to the palette through a cache of 6 bits a channel, so a blend too close
    to a style colour could take its pixels: blends nearer than 12 to a colour kept are left out,
    and every style colour comes out as itself (tests/demo/test_basemap.py checks it)."""
    base = list(dict.fromkeys((LAND, WATER, ROAD, CASING, MINOR, MINOR_CASING)))
    colours = list(base)
    for i, a in enumerate(base):
        for b in base[i + 1:]:
            for f in (0.25, 0.5, 0.75):
                blend = tuple(round(a[k] + (b[k] - a[k]) * f) for k in range(3))
                if min(math.dist(blend, c) for c in colours) >= 12:
                    colours.append(blend)
    image = Image.new("P", (1, 1))
    image.putpalette([c for rgb in colours for c in rgb])  # no padding: a short PLTE chunk per tile
    return image


class _Layer:
    """One kind of line at one zoom: its polylines in global pixels, and which segments of each
    come near which tile."""

    def __init__(self, lines: Iterable[Line], z: int, width_px: float, pad_px: float):
        self.width = width_px
        self.lines: list[list[Point]] = []
        self.by_tile: dict[tuple[int, int], dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        reach = width_px / 2 + pad_px + 2
        for line in lines:
            pts = [_pixel(p, z) for p in line]
            index = len(self.lines)
            self.lines.append(pts)
            for i, (a, b) in enumerate(zip(pts, pts[1:])):
                for tile in _tiles_near(a, b, reach):
                    pieces = self.by_tile[tile][index]
                    if not pieces or pieces[-1] != i:
                        pieces.append(i)

    def runs(self, tile: tuple[int, int]) -> Iterator[list[Point]]:
        """The stretches of each line near `tile`: consecutive segments as one polyline, so that
        Pillow joins them (a run's other ends lie off the tile)."""
        for index, pieces in self.by_tile.get(tile, {}).items():
            pts = self.lines[index]
            start = prev = pieces[0]
            for i in pieces[1:]:
                if i != prev + 1:
                    yield pts[start:prev + 2]
                    start = i
                prev = i
            yield pts[start:prev + 2]


def _tiles_near(a: Point, b: Point, reach: float) -> set[tuple[int, int]]:
    """The tiles within `reach` pixels of the segment a-b (walked in steps of half a tile, so a
    long diagonal line names only the tiles along it, not its whole bounding box)."""
    steps = max(1, math.ceil(math.dist(a, b) / (TILE / 2)))
    out = set()
    for k in range(steps):
        p = (a[0] + (b[0] - a[0]) * k / steps, a[1] + (b[1] - a[1]) * k / steps)
        q = (a[0] + (b[0] - a[0]) * (k + 1) / steps, a[1] + (b[1] - a[1]) * (k + 1) / steps)
        for tx in range(math.floor((min(p[0], q[0]) - reach) / TILE), math.floor((max(p[0], q[0]) + reach) / TILE) + 1):
            for ty in range(math.floor((min(p[1], q[1]) - reach) / TILE),
                            math.floor((max(p[1], q[1]) + reach) / TILE) + 1):
                out.add((tx, ty))
    return out


def _pixel(p: Point, z: int) -> Point:
    x, y = lonlat_to_tile(p[0], p[1], z)
    return (x * TILE, y * TILE)


class _Zoom:
    """Everything drawn at one zoom, indexed by tile."""

    def __init__(self, plan_: Plan, z: int):
        self.z = z
        w = widths(z)
        lat = (plan_.bounds[1] + plan_.bounds[3]) / 2
        river_px = max(plan_.river_width_m / metres_per_pixel(lat, z), w.river_min)
        self.minor = _Layer(plan_.minor_streets if w.minor else (), z, w.minor, w.minor_casing)
        self.minor_casing = w.minor_casing
        self.river = _Layer([plan_.river], z, river_px, 0)
        self.roads = _Layer(plan_.roads, z, w.main, w.casing)
        self.casing = w.casing
        self.lakes: dict[tuple[int, int], list[list[Point]]] = defaultdict(list)
        for ring in plan_.lakes:
            px = [_pixel(p, z) for p in ring]
            for tx in range(math.floor(min(p[0] for p in px) / TILE), math.floor(max(p[0] for p in px) / TILE) + 1):
                for ty in range(math.floor(min(p[1] for p in px) / TILE),
                                math.floor(max(p[1] for p in px) / TILE) + 1):
                    self.lakes[tx, ty].append(px)

    def empty(self, tile: tuple[int, int]) -> bool:
        return not any(tile in layer.by_tile for layer in (self.minor, self.river, self.roads)) \
            and tile not in self.lakes

    def draw(self, tile: tuple[int, int]) -> Image.Image:
        """The tile as an RGB image, 256 px (drawn at SUPERSAMPLE times that and reduced)."""
        k = SUPERSAMPLE
        ox, oy = tile[0] * TILE, tile[1] * TILE
        image = Image.new("RGB", (TILE * k, TILE * k), LAND)
        draw = ImageDraw.Draw(image)

        def local(line: list[Point]) -> list[Point]:
            return [((x - ox) * k, (y - oy) * k) for x, y in line]

        def stroke(layer: _Layer, colour, extra: float = 0.0) -> None:
            width = max(1, round((layer.width + 2 * extra) * k))
            r = width / 2
            for run in layer.runs(tile):
                pts = local(run)
                draw.line(pts, fill=colour, width=width)
                if len(pts) > 2 and width > 2:  # round joints: Pillow's own leave hairline cracks
                    for x, y in pts:
                        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)

        if self.minor_casing:
            stroke(self.minor, MINOR_CASING, self.minor_casing)
        stroke(self.minor, MINOR)
        stroke(self.river, WATER)
        for ring in self.lakes.get(tile, ()):
            draw.polygon(local(ring), fill=WATER)
        stroke(self.roads, CASING, self.casing)
        stroke(self.roads, ROAD)
        return image.reduce(k) if k > 1 else image


def _png(image: Image.Image, palette: Image.Image) -> bytes:
    out = io.BytesIO()
    image.quantize(palette=palette, dither=Image.Dither.NONE).save(out, "PNG", compress_level=6)
    return out.getvalue()


def render(plan_: Plan, zooms: Iterable[int] = range(10, 17)) -> Iterator[tuple[int, int, int, bytes]]:
    """(z, x, y, PNG bytes) of every XYZ tile that touches `plan_.bounds`, zoom by zoom; tiles of
    one colour (bare land, open water) are the same bytes object, encoded once."""
    palette = _palette()
    plain: dict[tuple, bytes] = {}

    def one_colour(colour: tuple) -> bytes:
        if colour not in plain:
            plain[colour] = _png(Image.new("RGB", (TILE, TILE), colour), palette)
        return plain[colour]

    for z in zooms:
        zoom = _Zoom(plan_, z)
        xs, ys = tile_range(plan_.bounds, z)
        for x in xs:
            for y in ys:
                if zoom.empty((x, y)):
                    yield z, x, y, one_colour(LAND)
                    continue
                image = zoom.draw((x, y))
                extrema = image.getextrema()
                if all(lo == hi for lo, hi in extrema):
                    yield z, x, y, one_colour(tuple(lo for lo, _hi in extrema))
                else:
                    yield z, x, y, _png(image, palette)


def build_basemap(path: str | os.PathLike, rings: Iterable[Sequence[Sequence[float]]], seed: int = 1,
                  zooms: Iterable[int] = range(10, 17)) -> dict:
    """Write the demo base map for the districts `rings` to the MBTiles file `path` (atomically,
    replacing it); returns {"tiles", "bytes", "seconds"} of the run."""
    started = time.perf_counter()
    zooms = sorted(set(zooms))
    geometry = plan(rings, seed)
    w, s, e, n = geometry.bounds
    dw, ds, de, dn = geometry.districts
    metadata = {
        "name": "Demo base map", "format": "png", "type": "baselayer", "version": "1",
        "description": "Streets and water made up for the demo's districts (not a real map)",
        "bounds": (w, s, e, n), "center": ((dw + de) / 2, (ds + dn) / 2, min(max(12, zooms[0]), zooms[-1])),
        "minzoom": zooms[0], "maxzoom": zooms[-1], "attribution": ATTRIBUTION, "crs": WGS84,
    }
    count = write_mbtiles(path, render(geometry, zooms), metadata)
    return {"tiles": count, "bytes": Path(path).stat().st_size, "seconds": round(time.perf_counter() - started, 2)}
