"""WGS-84 ↔ GCJ-02 against published reference pairs; the inverse, the size of the shift, abroad."""

from __future__ import annotations

import math

import pytest

from console.maps import coords

# (wgs lon, wgs lat, gcj lon, gcj lat). The first three are the test data of eviltransform
# (https://github.com/googollee/eviltransform/blob/master/python/test.py, the same in its Go, PHP
# and C tests, given there as lat, lng); the fourth is the example in coordtransform's README
# (https://github.com/wandergis/coordtransform, wgs84togcj02(116.404, 39.915)).
REFERENCE = [
    (121.5272106, 31.1774276, 121.531541859215, 31.17530398364597),  # Shanghai
    (113.912316, 22.543847, 113.9171764808363, 22.540796131694766),  # Shenzhen
    (116.377817, 39.911954, 116.38404722455657, 39.91334545536069),  # Beijing
    (116.404, 39.915, 116.41024449916938, 39.91640428150164),  # Beijing, Tiananmen
]
NANCHANG = (115.8921, 28.6765)


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (lon, lat) points (mean earth radius)."""
    (lon1, lat1), (lon2, lat2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


@pytest.mark.parametrize("wlon, wlat, glon, glat", REFERENCE)
def test_published_reference_pairs(wlon, wlat, glon, glat):
    lon, lat = coords.wgs84_to_gcj02(wlon, wlat)
    assert lon == pytest.approx(glon, abs=1e-5) and lat == pytest.approx(glat, abs=1e-5)
    back = coords.gcj02_to_wgs84(glon, glat)
    assert back[0] == pytest.approx(wlon, abs=1e-5) and back[1] == pytest.approx(wlat, abs=1e-5)


def test_the_constants_are_krasovsky_1940():
    assert coords.A == 6378245.0 and coords.EE == 0.00669342162296594323


@pytest.mark.parametrize("point", [NANCHANG, (116.241, 28.377), (87.6, 43.8), (126.6, 45.75), (109.5, 18.25),
                                   (121.5272106, 31.1774276)])
def test_the_inverse_round_trips_below_1e_7_degrees(point):
    gcj = coords.wgs84_to_gcj02(*point)
    assert gcj != point
    back = coords.gcj02_to_wgs84(*gcj)
    assert abs(back[0] - point[0]) < 1e-7 and abs(back[1] - point[1]) < 1e-7
    again = coords.wgs84_to_gcj02(*back)  # and the other way round
    assert abs(again[0] - gcj[0]) < 1e-7 and abs(again[1] - gcj[1]) < 1e-7


def test_the_iteration_beats_the_one_step_inverse():
    gcj = coords.wgs84_to_gcj02(*NANCHANG)
    dlon, dlat = coords._shift(*gcj)
    one_step = (gcj[0] - dlon, gcj[1] - dlat)
    assert haversine_m(one_step, NANCHANG) > 0.05  # what the usual approximation gets wrong
    assert haversine_m(coords.gcj02_to_wgs84(*gcj), NANCHANG) < 0.01


def test_the_shift_in_nanchang_is_a_few_hundred_metres():
    gcj = coords.wgs84_to_gcj02(*NANCHANG)
    metres = haversine_m(NANCHANG, gcj)
    assert metres == pytest.approx(603.1, abs=1.0)  # measured: 603.1 m, to the east-south-east
    assert 300 < metres < 700
    assert gcj[0] > NANCHANG[0] and gcj[1] < NANCHANG[1]


@pytest.mark.parametrize("point, in_the_rough_box", [
    ((126.98, 37.57), True),  # Seoul
    ((105.85, 21.03), True),  # Hanoi
    ((106.92, 47.92), True),  # Ulaanbaatar
    ((131.89, 43.12), True),  # Vladivostok
    ((-0.1276, 51.5072), False),  # London
    ((139.69, 35.69), False),  # Tokyo
    ((-74.0, 40.7), False),  # New York
])
def test_no_shift_outside_china(point, in_the_rough_box):
    assert coords.out_of_china(*point)
    assert coords.wgs84_to_gcj02(*point) == point
    assert coords.gcj02_to_wgs84(*point) == point
    (w, e), (s, n) = coords.CHINA_LON, coords.CHINA_LAT
    box = w <= point[0] <= e and s <= point[1] <= n
    assert box == in_the_rough_box  # the finer outline decides those inside the box


@pytest.mark.parametrize("point", [NANCHANG, (87.6, 43.8), (126.6, 45.75), (109.5, 18.25), (75.99, 39.47),
                                   (91.1, 29.65), (124.38, 40.12), (114.17, 22.3)])
def test_inside_china_is_shifted(point):  # Urumqi, Harbin, Sanya, Kashgar, Lhasa, Dandong, Hong Kong
    assert not coords.out_of_china(*point)
    assert coords.wgs84_to_gcj02(*point) != point


def test_points_and_rings_come_back_as_new_tuples():
    ring = [[115.89, 28.67], [115.91, 28.67], [115.91, 28.69], [115.89, 28.67]]
    out = coords.points_wgs84_to_gcj02(ring)
    assert isinstance(out, tuple) and all(isinstance(p, tuple) for p in out)
    assert out[0] == out[-1]  # still closed
    assert out[1] == coords.wgs84_to_gcj02(115.91, 28.67)
    assert ring[0] == [115.89, 28.67]  # the input is left as it was
    back = coords.points_gcj02_to_wgs84(out)
    assert all(abs(a - b) < 1e-7 for p, q in zip(back, ring) for a, b in zip(p, q))
    assert coords.points_wgs84_to_gcj02([(115.89, 28.67, 31.5)])[0][2] == 31.5  # an altitude is kept


def test_geometries_of_every_type():
    poly = {"type": "Polygon", "coordinates": [[[115.89, 28.67], [115.91, 28.67], [115.9, 28.69], [115.89, 28.67]]],
            "bbox": [115.89, 28.67, 115.91, 28.69]}
    out = coords.geometry_wgs84_to_gcj02(poly)
    assert out["type"] == "Polygon" and "bbox" not in out  # a bbox would be stale
    assert out["coordinates"][0][2] == coords.wgs84_to_gcj02(115.9, 28.69)
    assert poly["coordinates"][0][2] == [115.9, 28.69]
    multi = {"type": "MultiPolygon", "coordinates": [poly["coordinates"], poly["coordinates"]]}
    assert coords.geometry_wgs84_to_gcj02(multi)["coordinates"][1] == out["coordinates"]
    point = coords.geometry_wgs84_to_gcj02({"type": "Point", "coordinates": [115.9, 28.68]})
    assert point["coordinates"] == coords.wgs84_to_gcj02(115.9, 28.68)
    line = coords.geometry_wgs84_to_gcj02({"type": "LineString", "coordinates": [[115.9, 28.68], [115.95, 28.7]]})
    assert line["coordinates"][1] == coords.wgs84_to_gcj02(115.95, 28.7)
    both = coords.geometry_wgs84_to_gcj02({"type": "GeometryCollection", "geometries": [poly, multi]})
    assert both["geometries"][0]["coordinates"] == out["coordinates"]
    back = coords.geometry_gcj02_to_wgs84(out)
    assert back["coordinates"][0][2] == pytest.approx((115.9, 28.69), abs=1e-7)
    with pytest.raises(TypeError):
        coords.geometry_wgs84_to_gcj02({"type": "Feature", "coordinates": []})


def test_to_and_from_a_base_maps_crs():
    assert coords.to_crs("wgs84")(*NANCHANG) == NANCHANG
    assert coords.to_crs("gcj02")(*NANCHANG) == coords.wgs84_to_gcj02(*NANCHANG)
    assert coords.from_crs("gcj02")(*coords.wgs84_to_gcj02(*NANCHANG)) == pytest.approx(NANCHANG, abs=1e-7)
    assert coords.from_crs("wgs84")(*NANCHANG) == NANCHANG
    with pytest.raises(TypeError):
        coords.to_crs("bd09")
