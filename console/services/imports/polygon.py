"""District boundary checks for imports: a GeoJSON Polygon that is closed, has ≥ 4 points,
lies in China, does not cross itself and does not overlap a neighbour. Plain floats, no Qt.

Neighbouring districts share border vertices and edges (the demo data and real surveys do), so
touching is allowed; only a proper crossing of two edges or a vertex strictly inside the other
polygon counts as an overlap.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from console.i18n import T
from console.services.imports.fields import Bad, in_china

Point = tuple[float, float]
EPS = 1e-12
# A Polygon nests 4 levels (geometry {, rings [, ring [, point [), a Feature one more; room for
# a few in "properties". Far deeper text is refused before json.loads, which would otherwise run
# out of recursion on it (a traceback instead of a row problem).
MAX_NESTING = 16


def _nesting(text: str) -> int:
    """The deepest nesting of JSON brackets and braces in `text`, outside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


@dataclass(frozen=True)
class Shape:
    ring: list[Point]  # outer ring, closed (first == last)
    box: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat

    def label_point(self) -> Point:
        """The vertex average; inside for the convex-ish shapes districts are."""
        pts = self.ring[:-1]
        return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _proper_cross(p1: Point, p2: Point, q1: Point, q2: Point) -> bool:
    """Segments cross at a single interior point of both (touching ends do not count)."""
    d1, d2 = _cross(q1, q2, p1), _cross(q1, q2, p2)
    d3, d4 = _cross(p1, p2, q1), _cross(p1, p2, q2)
    return ((d1 > EPS and d2 < -EPS) or (d1 < -EPS and d2 > EPS)) and (
        (d3 > EPS and d4 < -EPS) or (d3 < -EPS and d4 > EPS))


def _collinear_overlap(p1: Point, p2: Point, q1: Point, q2: Point) -> bool:
    """Collinear segments sharing more than a point (a ring folding back on itself)."""
    if abs(_cross(p1, p2, q1)) > EPS or abs(_cross(p1, p2, q2)) > EPS:
        return False
    axis = 0 if abs(p2[0] - p1[0]) >= abs(p2[1] - p1[1]) else 1
    a0, a1 = sorted((p1[axis], p2[axis]))
    b0, b1 = sorted((q1[axis], q2[axis]))
    return min(a1, b1) - max(a0, b0) > EPS


def _area2(ring: list[Point]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:]))


def self_intersection(ring: list[Point]) -> int | None:
    """Index of the first edge that crosses a later, non-adjacent edge, or None."""
    edges = list(zip(ring, ring[1:]))
    n = len(edges)
    boxes = [(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])) for a, b in edges]
    for i in range(n):
        bi = boxes[i]
        for j in range(i + 1, n):
            bj = boxes[j]
            if bj[0] > bi[2] or bj[2] < bi[0] or bj[1] > bi[3] or bj[3] < bi[1]:
                continue
            adjacent = j == i + 1 or (i == 0 and j == n - 1)
            if _proper_cross(*edges[i], *edges[j]) or (not adjacent and _touch(edges[i], edges[j])) \
                    or _collinear_overlap(*edges[i], *edges[j]):
                return i
    for k, p in enumerate(ring[1:-1], start=1):  # a vertex visited twice (figure of eight)
        if p in ring[k + 1:-1]:
            return k
    return None


def _touch(e: tuple[Point, Point], f: tuple[Point, Point]) -> bool:
    """Non-adjacent edges that meet (an end of one lies on the other)."""
    def on(p: Point, a: Point, b: Point) -> bool:
        return abs(_cross(a, b, p)) <= EPS and min(a[0], b[0]) - EPS <= p[0] <= max(a[0], b[0]) + EPS \
            and min(a[1], b[1]) - EPS <= p[1] <= max(a[1], b[1]) + EPS
    return on(e[0], *f) or on(e[1], *f) or on(f[0], *e) or on(f[1], *e)


def parse(value: object) -> Shape:
    """A GeoJSON Polygon (bare geometry or a Feature) checked for import; raises Bad."""
    text = str(value)
    if _nesting(text) > MAX_NESTING:
        raise Bad(T("the boundary is nested more than {limit} levels deep: a GeoJSON Polygon needs 4 (a Feature 5)",
                    limit=MAX_NESTING), code="bad_polygon")
    try:
        g = json.loads(text)
    except (ValueError, RecursionError):
        raise Bad(T("the boundary is not GeoJSON (expected {example})", example='{"type": "Polygon", ...}'),
                  code="bad_polygon") from None
    if isinstance(g, dict) and g.get("type") == "Feature":
        g = g.get("geometry")
    if not isinstance(g, dict) or g.get("type") != "Polygon" or not isinstance(g.get("coordinates"), list) \
            or not g["coordinates"]:
        raise Bad(T("the boundary must be a GeoJSON Polygon"), code="bad_polygon")
    try:
        ring = [(float(p[0]), float(p[1])) for p in g["coordinates"][0]]
    except (TypeError, ValueError, IndexError):
        raise Bad(T("the boundary's points must be [longitude, latitude] numbers"), code="bad_polygon") from None
    if len(ring) < 4:
        raise Bad(T("the boundary has {n} points; a closed ring needs at least 4", n=len(ring)), code="bad_polygon")
    if ring[0] != ring[-1]:
        raise Bad(T("the boundary is not closed: its last point must repeat the first"), code="open_polygon")
    for k, (x, y) in enumerate(ring, start=1):
        if not in_china(y, x):
            raise Bad(T("boundary point {k} ({x}, {y}) is outside China; lon and lat swapped?", k=k, x=x, y=y),
                      code="out_of_range")
    hit = self_intersection(ring)
    if hit is not None:
        raise Bad(T("the boundary crosses itself (near point {k})", k=hit + 1), code="self_intersecting")
    if abs(_area2(ring)) <= EPS:
        raise Bad(T("the boundary encloses no area"), code="bad_polygon")
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return Shape(ring, (min(xs), min(ys), max(xs), max(ys)))


def _inside(p: Point, ring: list[Point]) -> bool:
    """Strictly inside (a point on the border is not)."""
    inside = False
    for a, b in zip(ring, ring[1:]):
        if abs(_cross(a, b, p)) <= EPS and min(a[0], b[0]) - EPS <= p[0] <= max(a[0], b[0]) + EPS \
                and min(a[1], b[1]) - EPS <= p[1] <= max(a[1], b[1]) + EPS:
            return False
        if (a[1] > p[1]) != (b[1] > p[1]):
            x = a[0] + (p[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
            if x > p[0]:
                inside = not inside
    return inside


def overlaps(a: Shape, b: Shape) -> bool:
    if a.box[0] >= b.box[2] or b.box[0] >= a.box[2] or a.box[1] >= b.box[3] or b.box[1] >= a.box[3]:
        return False
    if a.ring == b.ring or any(_inside(p, b.ring) for p in a.ring) or any(_inside(p, a.ring) for p in b.ring):
        return True
    if _inside(a.label_point(), b.ring) and _inside(a.label_point(), a.ring):
        return True
    return any(_proper_cross(p, q, r, s) for p, q in zip(a.ring, a.ring[1:]) for r, s in zip(b.ring, b.ring[1:]))


def stored_shape(geojson: str) -> Shape | None:
    """An existing district's boundary for the overlap check; None if it cannot be read."""
    try:
        return parse(geojson)
    except Bad:
        return None
