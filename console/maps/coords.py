"""WGS-84 ↔ GCJ-02, the one place the console converts between them. Plain floats, no Qt.

The districts are stored in WGS-84 (GeoJSON [lon, lat], what a GPS and the demo give). Tiles from
Gaode (AutoNavi) or Tencent are drawn in GCJ-02, the "Mars" coordinates every map published in
China must use: WGS-84 shifted by a few hundred metres by a closed formula (GB 20263-2006; the
formula leaked and is implemented everywhere). A district drawn on such tiles must be shifted by
the same formula or it lands a street or two away. Outside China the shift is zero, as in the
tiles (Gaode draws abroad in WGS-84): outside the standard algorithm's rough box, and inside it
outside a finer outline of rectangles (see out_of_china), so that Seoul or Hanoi stay put.

The formula is the well-known one on the Krasovsky 1940 ellipsoid, as in coordtransform
(https://github.com/wandergis/coordtransform) and eviltransform
(https://github.com/googollee/eviltransform, whose earlier versions used the same semi-axis).
Its inverse has no closed form: :func:`gcj02_to_wgs84` iterates to well under 1e-7 degrees
(about a centimetre), where the usual one-step inverse is off by up to a metre or two.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

Point = tuple[float, float]  # (lon, lat)

WGS84, GCJ02 = "wgs84", "gcj02"  # the two `crs` a base map may have (console.maps.mbtiles)

A = 6378245.0  # Krasovsky 1940 semi-major axis, metres
EE = 0.00669342162296594323  # Krasovsky 1940 first eccentricity squared

# China's rough box, the standard implementations' whole test (coordtransform, eviltransform).
CHINA_LON = (72.004, 137.8347)
CHINA_LAT = (0.8293, 55.8271)
# The box holds Seoul, Pyongyang, Ulaanbaatar, Hanoi and Vladivostok too, where Gaode and Tencent
# draw (and the standard formula would shift) nothing: inside it, China is these rectangles less
# the excluded ones, (south, west, north, east), as published by Aimeast
# (http://www.cnblogs.com/Aimeast/archive/2012/08/09/2629614.html, e.g. in presscad/eagle-util's
# Utils/geo/geo_utils_in_china.cpp). The excluded are Taiwan, northern Laos and Vietnam, the
# Gulf of Tonkin's coast, and three pieces of Russia.
_CHINA = (
    (42.889900, 79.446200, 49.220400, 96.330000),
    (39.374200, 109.687200, 54.141500, 135.000200),
    (29.529700, 73.124600, 42.889900, 124.143255),
    (26.718600, 82.968400, 29.529700, 97.035200),
    (20.414096, 97.025300, 29.529700, 124.367395),
    (17.871542, 107.975793, 20.414096, 111.744104),
)
_NOT_CHINA = (
    (21.785006, 119.921265, 25.398623, 122.497559),
    (20.098800, 101.865200, 22.284000, 106.665000),
    (20.487800, 106.452500, 21.542200, 108.051000),
    (50.325700, 109.032300, 55.817500, 119.127000),
    (49.557400, 127.456800, 55.817500, 137.022700),
    (42.569200, 131.266200, 44.892200, 137.022700),
)

_INVERSE_TOLERANCE = 1e-12  # degrees: the iteration stops when a step is smaller
_INVERSE_STEPS = 12  # at most; the shift changes slowly, so 3 or 4 are enough in practice


def _within(rects, lon: float, lat: float) -> bool:
    return any(s <= lat <= n and w <= lon <= e for s, w, n, e in rects)


def out_of_china(lon: float, lat: float) -> bool:
    """True where GCJ-02 is WGS-84 itself: outside the rough box (London, Tokyo) as in the standard
    algorithm, and inside it outside China's rectangles (Seoul, Hanoi, Ulaanbaatar)."""
    if not (CHINA_LON[0] <= lon <= CHINA_LON[1] and CHINA_LAT[0] <= lat <= CHINA_LAT[1]):
        return True
    return not _within(_CHINA, lon, lat) or _within(_NOT_CHINA, lon, lat)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def _shift(lon: float, lat: float) -> Point:
    """(dlon, dlat) in degrees that GCJ-02 adds to the WGS-84 point (lon, lat) inside China."""
    dlat = _transform_lat(lon - 105.0, lat - 35.0)
    dlon = _transform_lon(lon - 105.0, lat - 35.0)
    radlat = math.radians(lat)
    magic = 1 - EE * math.sin(radlat) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = dlat * 180.0 / ((A * (1 - EE)) / (magic * sqrt_magic) * math.pi)
    dlon = dlon * 180.0 / (A / sqrt_magic * math.cos(radlat) * math.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon: float, lat: float) -> Point:
    """The GCJ-02 (lon, lat) of a WGS-84 point; the point itself outside China."""
    if out_of_china(lon, lat):
        return (lon, lat)
    dlon, dlat = _shift(lon, lat)
    return (lon + dlon, lat + dlat)


def gcj02_to_wgs84(lon: float, lat: float) -> Point:
    """The WGS-84 (lon, lat) whose GCJ-02 is the given point; the point itself outside China.

    Fixed-point iteration w = g - shift(w): the shift changes about a thousand times more slowly
    than the point moves, so every step gains three digits (in Nanchang 4e-6 degrees after the
    first step, the usual one-step inverse; 4e-9 after the second).
    """
    if out_of_china(lon, lat):
        return (lon, lat)
    wlon, wlat = lon, lat
    for _ in range(_INVERSE_STEPS):
        dlon, dlat = _shift(wlon, wlat)
        nlon, nlat = lon - dlon, lat - dlat
        done = abs(nlon - wlon) < _INVERSE_TOLERANCE and abs(nlat - wlat) < _INVERSE_TOLERANCE
        wlon, wlat = nlon, nlat
        if done:
            break
    return (wlon, wlat)


Convert = Callable[[float, float], Point]


def convert_points(points: Iterable[Sequence[float]], convert: Convert) -> tuple[tuple[float, ...], ...]:
    """Every (lon, lat[, more]) of `points` through `convert`, as new tuples (a ring stays closed:
    equal points give equal results). A third value (an altitude) is kept as it is."""
    out = []
    for p in points:
        lon, lat = convert(float(p[0]), float(p[1]))
        out.append((lon, lat, *p[2:]))
    return tuple(out)


def points_wgs84_to_gcj02(points: Iterable[Sequence[float]]) -> tuple[tuple[float, ...], ...]:
    """A list of points or a ring (e.g. demo Cell.ring), WGS-84 to GCJ-02."""
    return convert_points(points, wgs84_to_gcj02)


def points_gcj02_to_wgs84(points: Iterable[Sequence[float]]) -> tuple[tuple[float, ...], ...]:
    """A list of points or a ring, GCJ-02 back to WGS-84."""
    return convert_points(points, gcj02_to_wgs84)


def _coords(coordinates, depth: int, convert: Convert):
    if depth == 0:
        return convert_points([coordinates], convert)[0]
    if depth == 1:
        return convert_points(coordinates, convert)
    return tuple(_coords(c, depth - 1, convert) for c in coordinates)


_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2,
          "MultiPolygon": 3}


def convert_geometry(geometry: dict, convert: Convert) -> dict:
    """A new GeoJSON geometry (any type, GeometryCollection included) with every position
    through `convert`; other members (bbox excepted: it would be stale) are copied."""
    kind = geometry["type"]
    out = {k: v for k, v in geometry.items() if k not in ("coordinates", "geometries", "bbox")}
    if kind == "GeometryCollection":
        out["geometries"] = [convert_geometry(g, convert) for g in geometry["geometries"]]
    elif kind in _DEPTH:
        out["coordinates"] = _coords(geometry["coordinates"], _DEPTH[kind], convert)
    else:
        raise TypeError(f"not a GeoJSON geometry type: {kind!r}")
    return out


def geometry_wgs84_to_gcj02(geometry: dict) -> dict:
    """A WGS-84 GeoJSON geometry (a district's) as GCJ-02, to draw it on Gaode-style tiles."""
    return convert_geometry(geometry, wgs84_to_gcj02)


def geometry_gcj02_to_wgs84(geometry: dict) -> dict:
    """A GCJ-02 GeoJSON geometry (traced on Gaode-style tiles) back to WGS-84, as stored."""
    return convert_geometry(geometry, gcj02_to_wgs84)


def to_crs(crs: str) -> Convert:
    """How a stored WGS-84 point is drawn on a base map in `crs` ('wgs84' or 'gcj02')."""
    if crs == WGS84:
        return lambda lon, lat: (lon, lat)
    if crs == GCJ02:
        return wgs84_to_gcj02
    raise TypeError(f"unknown crs {crs!r}: console.maps.mbtiles refuses it when it opens the file")


def from_crs(crs: str) -> Convert:
    """How a point picked on a base map in `crs` becomes WGS-84 (to be stored)."""
    if crs == WGS84:
        return lambda lon, lat: (lon, lat)
    if crs == GCJ02:
        return gcj02_to_wgs84
    raise TypeError(f"unknown crs {crs!r}: console.maps.mbtiles refuses it when it opens the file")
