"""The map page's datum: the one place the page data is moved onto the base map's datum. No Qt.

The districts, the orders' and the major clients' locations are stored in WGS-84. A base map drawn
in GCJ-02 (Gaode, Tencent: console.maps.coords) puts every street a few hundred metres away from
where WGS-84 says it is, so on such a base map everything the page draws must be shifted the same
way: the district polygons (hence the branch outline and the bounds the page fits), the label
points, the order markers and the major clients. `PageDatum` does it as the map data enters the
page state (console.maps.state: `MapState` and `ProvinceState` take a `crs`), so what the page
receives, the whole page or an update in place, is already in the base map's datum, and
console-map.js never converts anything. A point coming back from the page (a click at a place)
goes back through `stored()`.
"""

from __future__ import annotations

import dataclasses

from console.maps import coords
from console.maps.coords import GCJ02, WGS84

CRS = (WGS84, GCJ02)


class PageDatum:
    """Conversions between the stored WGS-84 and the datum `crs` of the base map under the page."""

    def __init__(self, crs: str = WGS84):
        if crs not in CRS:
            raise TypeError(f"unknown crs {crs!r} (known: {', '.join(CRS)}): the settings and the files are "
                            "checked before (console.maps.mbtiles)")
        self.crs = crs
        self.identity = crs == WGS84
        self._to = coords.to_crs(crs)
        self._back = coords.from_crs(crs)

    # ---- stored -> page --------------------------------------------------------------------
    def point(self, lat: float, lon: float) -> tuple[float, float]:
        """A stored (lat, lon) as (lat, lon) on the base map."""
        if self.identity:
            return (lat, lon)
        x, y = self._to(lon, lat)
        return (y, x)

    def geometry(self, geometry: dict) -> dict:
        """A stored GeoJSON geometry ([lon, lat] positions) on the base map."""
        return geometry if self.identity else coords.convert_geometry(geometry, self._to)

    def branch_data(self, data):
        """A copy of one branch's map data (console.services.assessment.map_data.BranchMapData) whose
        label points, order locations and major clients are on the base map (the shapes stay as
        stored text and go through `geometry` when the page is built: they are the page's
        signature of its districts)."""
        if self.identity:
            return data

        def moved(item):
            lat, lon = self.point(item.latitude, item.longitude)
            return dataclasses.replace(item, latitude=lat, longitude=lon)

        return dataclasses.replace(
            data, districts=[moved(d) for d in data.districts],
            major_clients=[moved(c) for c in data.major_clients],
            order_points=self.points(data.order_points))

    def points(self, points: dict) -> dict:
        """{id: (lat, lon)} stored -> on the base map (orders' locations)."""
        if self.identity:
            return dict(points)
        return {k: self.point(lat, lon) for k, (lat, lon) in points.items()}

    # ---- page -> stored --------------------------------------------------------------------
    def stored(self, lat: float, lon: float) -> tuple[float, float]:
        """A (lat, lon) picked on the page, as the WGS-84 (lat, lon) the database keeps."""
        if self.identity:
            return (lat, lon)
        x, y = self._back(lon, lat)
        return (y, x)
