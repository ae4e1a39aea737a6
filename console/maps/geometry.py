"""Plain geometry for the map page: the branch outline and its bounds. No Qt."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable


def _rings(geometry: dict) -> Iterable[list]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def outline(geometries: Iterable[dict]) -> dict:
    """The branch outline as a MultiLineString: the district edges that no neighbour shares.

    Neighbouring districts share their border vertices, so an inner edge occurs twice and an outer
    edge once. (Where the data has gaps the outline simply follows each district.)
    """
    edges: Counter = Counter()
    for g in geometries:
        for ring in _rings(g):
            pts = [(round(x, 7), round(y, 7)) for x, y in ring[:]]
            for a, b in zip(pts, pts[1:]):
                if a != b:
                    edges[(a, b) if a < b else (b, a)] += 1
    lines = [[list(a), list(b)] for (a, b), n in edges.items() if n == 1]
    return {"type": "MultiLineString", "coordinates": _join(lines)}


def _join(segments: list[list[list[float]]]) -> list[list[list[float]]]:
    """Chain segments that meet end to start into longer lines (fewer SVG paths to draw)."""
    by_start: dict[tuple, list[int]] = {}
    for i, (a, _b) in enumerate(segments):
        by_start.setdefault(tuple(a), []).append(i)
    used = [False] * len(segments)
    lines = []
    for i, seg in enumerate(segments):
        if used[i]:
            continue
        used[i] = True
        line = [seg[0], seg[1]]
        while True:
            nxt = next((j for j in by_start.get(tuple(line[-1]), ()) if not used[j]), None)
            if nxt is None:
                break
            used[nxt] = True
            line.append(segments[nxt][1])
        lines.append(line)
    return lines


def bounds(geometries: Iterable[dict]) -> list[list[float]] | None:
    """[[south, west], [north, east]] of all rings, or None without geometry."""
    xs: list[float] = []
    ys: list[float] = []
    for g in geometries:
        for ring in _rings(g):
            xs.extend(p[0] for p in ring)
            ys.extend(p[1] for p in ring)
    if not xs:
        return None
    return [[min(ys), min(xs)], [max(ys), max(xs)]]


COORD_DIGITS = 6  # 0.1 m on the ground: a district's border as surveyed, in a third of the digits


def compact(geometry: dict, digits: int = COORD_DIGITS) -> dict:
    """The same geometry in fewer bytes for the page: coordinates rounded to `digits` decimals and
    a point equal to the one before it (after rounding) left out. A province's 3,300 districts
    travel in one FeatureCollection; imported shapes often carry 15 decimals and repeated vertices.

    Points and rings are tuples (JSON arrays all the same): the garbage collector stops tracking a
    tuple of numbers, so tens of thousands of them add nothing to its full passes, which stop every
    thread, the GUI thread included, for a tenth of a second at a time."""

    def ring(points: list) -> tuple:
        out: list = []
        for p in points:
            q = (round(p[0], digits), round(p[1], digits))
            if not out or q != out[-1]:
                out.append(q)
        return tuple(out)

    if geometry.get("type") == "Polygon":
        return {"type": "Polygon", "coordinates": tuple(ring(r) for r in geometry["coordinates"])}
    if geometry.get("type") == "MultiPolygon":
        return {"type": "MultiPolygon",
                "coordinates": tuple(tuple(ring(r) for r in poly) for poly in geometry["coordinates"])}
    return geometry


def parse(text: str) -> dict:
    """A district's stored GeoJSON geometry (a bare geometry or a Feature)."""
    g = json.loads(text)
    return g.get("geometry", g) if g.get("type") == "Feature" else g
