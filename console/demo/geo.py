"""Demo geography: contract-district polygons that tile a plausible city or county area.

A jittered lattice: every grid vertex is moved by less than a quarter cell in each axis
(and every shared edge gets one slightly bent midpoint, computed once and shared by
both neighbours), so neighbouring quads share their borders exactly and never overlap.
Coordinates are WGS84 degrees; GeoJSON rings are [lon, lat], closed, counter-clockwise.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass

KM_PER_DEG_LAT = 110.95

Point = tuple[float, float]  # (lon, lat)

JITTER = 0.2  # of a cell, per axis; < 0.25 keeps the angular order of edges at each vertex
BEND = 0.04  # of a cell, perpendicular offset of an edge's midpoint


@dataclass(frozen=True)
class Cell:
    """One district polygon of the lattice, with its grid position."""

    col: int
    row: int
    ring: tuple[Point, ...]  # closed: first == last

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.ring]
        ys = [p[1] for p in self.ring]
        return min(xs), min(ys), max(xs), max(ys)

    def geojson(self) -> str:
        return json.dumps({"type": "Polygon", "coordinates": [[list(p) for p in self.ring]]})

    def label_point(self) -> Point:
        """The area centroid when it lies inside the polygon, else the inside vertex mean."""
        c = ring_centroid(self.ring)
        if point_in_ring(c, self.ring):
            return c
        pts = self.ring[:-1]
        return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))

    def random_point(self, rng: random.Random) -> Point:
        """A uniformly random point strictly inside the polygon (rejection sampling)."""
        x0, y0, x1, y1 = self.bbox
        while True:
            p = (rng.uniform(x0, x1), rng.uniform(y0, y1))
            if point_in_ring(p, self.ring):
                return p


def lattice(
    rng: random.Random,
    *,
    center: Point,
    cols: int,
    rows: int,
    cell_km: float,
    drop: frozenset[tuple[int, int]] = frozenset(),
) -> list[Cell]:
    """A jittered cols x rows lattice of quads around `center`, minus the `drop` cells.

    Cells are returned row by row from the south-west; each ring is closed and CCW.
    """
    lon0, lat0 = center
    dlat = cell_km / KM_PER_DEG_LAT
    dlon = cell_km / (KM_PER_DEG_LAT * math.cos(math.radians(lat0)))
    west = lon0 - cols * dlon / 2
    south = lat0 - rows * dlat / 2

    grid: dict[tuple[int, int], tuple[float, float]] = {}  # in cell units
    for j in range(rows + 1):
        for i in range(cols + 1):
            grid[i, j] = (i + rng.uniform(-JITTER, JITTER), j + rng.uniform(-JITTER, JITTER))

    def to_deg(p: tuple[float, float]) -> Point:
        return (round(west + p[0] * dlon, 6), round(south + p[1] * dlat, 6))

    verts = {k: to_deg(v) for k, v in grid.items()}
    mids: dict[tuple[tuple[int, int], tuple[int, int]], Point] = {}

    def midpoint(a: tuple[int, int], b: tuple[int, int]) -> Point:
        key = (a, b) if a < b else (b, a)
        if key not in mids:
            (ax, ay), (bx, by) = grid[key[0]], grid[key[1]]
            length = math.hypot(bx - ax, by - ay)
            off = rng.uniform(-BEND, BEND)
            nx, ny = -(by - ay) / length, (bx - ax) / length
            mids[key] = to_deg(((ax + bx) / 2 + nx * off, (ay + by) / 2 + ny * off))
        return mids[key]

    cells = []
    for j in range(rows):
        for i in range(cols):
            if (i, j) in drop:
                continue
            corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]  # CCW from south-west
            ring: list[Point] = []
            for k, a in enumerate(corners):
                b = corners[(k + 1) % 4]
                ring += [verts[a], midpoint(a, b)]
            ring.append(ring[0])
            cells.append(Cell(i, j, tuple(ring)))
    return cells


def ring_area(ring: tuple[Point, ...]) -> float:
    """Signed shoelace area in square degrees (positive = counter-clockwise)."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:])) / 2


def ring_centroid(ring: tuple[Point, ...]) -> Point:
    area = ring_area(ring)
    cx = cy = 0.0
    for a, b in zip(ring, ring[1:]):
        cross = a[0] * b[1] - b[0] * a[1]
        cx += (a[0] + b[0]) * cross
        cy += (a[1] + b[1]) * cross
    return (cx / (6 * area), cy / (6 * area))


def point_in_ring(p: Point, ring: tuple[Point, ...]) -> bool:
    """Even-odd ray casting; points exactly on an edge may go either way."""
    x, y = p
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside
