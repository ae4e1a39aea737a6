"""What the map page shows, and what changed since: the in-place update protocol. No Qt.

`MapState` holds one branch's map data and the last district properties and order markers sent to
the page. `payload()` is the whole page's data (a full build); `apply_rows()` returns only what a
queue change altered (districts recoloured, markers added, changed or removed), which the view
sends through `consoleMap.update(...)` without reloading: the view and zoom stay where they are.
Its words (the districts' sentences, the markers' tips, the legends, the page's own words) are in
one language, chosen when it is made (default: the language of this process, console.i18n.current).
Its coordinates are in the datum of the base map under the page (`crs`, console.maps.datum): the
data is moved onto it as it comes in, so the payload and every change are drawn where the base map
has the streets.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
from collections.abc import Iterable

from console import i18n
from console.i18n import T, tr
from console.maps import geometry, metrics
from console.maps.coords import WGS84
from console.maps.datum import PageDatum
from console.maps.metrics import DEFAULT_METRIC, METRICS, OrderCounts
from console.terms import term


class MapState:
    def __init__(self, data, *, metric: str = DEFAULT_METRIC, lang: str | None = None, crs: str = WGS84):
        """`data` is a console.services.assessment.map_data.BranchMapData; `lang` the page's language;
        `crs` the datum of the base map (the state keeps `data` moved onto it, console.maps.datum)."""
        if metric not in METRICS:
            raise ValueError(T("unknown metric {metric!r} (known: {known})", metric=metric, known=", ".join(METRICS)))
        self.lang = i18n.normalise(lang) if lang else i18n.current()
        self.datum = PageDatum(crs)
        data = self.datum.branch_data(data)
        self.data = data
        self.metric = metric
        self.points: dict[int, tuple[float, float]] = dict(data.order_points)
        self._labels = {d.id: (d.latitude, d.longitude) for d in data.districts}
        self._by_id = {d.id: d for d in data.districts}
        self.props: dict[int, dict] = {d.id: metrics.district_properties(d, None, data.norm, lang=self.lang)
                                         for d in data.districts}
        # the counts each district's properties were made from: apply_rows makes again only those
        # whose counts changed (3,300 districts' sentences are a fifth of a second of Python)
        self._made_from: dict[int, tuple[OrderCounts, dict]] = {
            d_id: (OrderCounts(), props) for d_id, props in self.props.items()}
        self.markers: dict[int, dict] = {}

    # ---- rows → districts and markers ------------------------------------------------------------
    def apply_rows(self, rows: Iterable, now: dt.datetime) -> dict:
        """Take the queue's open orders; returns {"districts": [props…], "upsert": [markers…],
        "remove": [ids…]} holding only what changed."""
        rows = list(rows)
        counts, bands = metrics.count_orders(rows, now)
        changed_districts = []
        for d_id, d in self._by_id.items():
            c = counts.get(d_id) or OrderCounts()
            made = self._made_from.get(d_id)
            if made is not None and made[0] == c and made[1] is self.props[d_id]:
                continue  # same counts, and nobody changed its properties since (changes.apply does)
            props = metrics.district_properties(d, c, self.data.norm, lang=self.lang)
            if props != self.props[d_id]:
                self.props[d_id] = props
                changed_districts.append(props)
            self._made_from[d_id] = (c, self.props[d_id])
        fresh: dict[int, dict] = {}
        upsert = []
        for row in rows:
            label = self._labels.get(row.district_id)
            if label is None:
                continue  # an order of a district this page does not show
            m = metrics.order_marker(row, bands[row.id], self.points.get(row.id), label, lang=self.lang)
            fresh[row.id] = m
            if self.markers.get(row.id) != m:
                upsert.append(m)
        remove = [i for i in self.markers if i not in fresh]
        self.markers = fresh
        return {"districts": changed_districts, "upsert": upsert, "remove": remove}

    def missing_points(self, rows: Iterable) -> list[int]:
        """Orders whose location is not known yet (new since the last load)."""
        return [r.id for r in rows if r.id not in self.points]

    def add_points(self, points: dict[int, tuple[float, float]]) -> None:
        """Orders' stored (WGS-84) locations, read since the state was made."""
        self.points.update(self.datum.points(points))

    def marker_for(self, row, now: dt.datetime) -> dict | None:
        label = self._labels.get(row.district_id)
        if label is None:
            return None
        return metrics.order_marker(row, metrics.order_band(row, now), self.points.get(row.id), label,
                                    lang=self.lang)

    # ---- the whole page --------------------------------------------------------------------------
    def payload(self) -> dict:
        """Everything the page draws, as JSON-able data, in the state's language (`lang`)."""
        lang = self.lang
        data = self.data
        geoms = [geometry.compact(self.datum.geometry(geometry.parse(d.geojson))) for d in data.districts]
        features = [
            {"type": "Feature", "id": d.id, "geometry": g, "properties": self.props[d.id]}
            for d, g in zip(data.districts, geoms)
        ]
        return {
            "branch": {"id": data.branch_id, "name": data.branch_name, "kind": data.branch_kind,
                       "norm": data.norm},
            "month": tr("{year}-{month:02d}", lang, year=data.month_start.year, month=data.month_start.month),
            "metric": self.metric,
            "lang": lang,
            "words": metrics.page_words(lang),
            "metrics": metrics.metric_info(lang),
            "bands": metrics.band_info(lang),
            "districts": {"type": "FeatureCollection", "features": features},
            "outline": geometry.outline(geoms),
            "bounds": geometry.bounds(geoms),
            "photos": {str(k): "data:image/png;base64," + base64.b64encode(v).decode("ascii")
                       for k, v in data.photos.items()},
            "orders": list(self.markers.values()),
            "majors": [{"id": c.id, "lat": c.latitude, "lon": c.longitude, "name": c.name,
                        "category": i18n.render(term(c.category, of="client category"), lang) if c.category else ""}
                       for c in data.major_clients],
        }


class ProvinceState:
    """The province map's data: every district of every branch, coloured by the same metrics, each
    district judged by its own branch's norm (R-ZONE-1: a city and a county maintainer are held to
    different numbers of households), plus each branch's outline and name. No order markers: a
    province's open orders one by one would bury the districts; each district shows its counts.
    `data` is a console.services.assessment.map_data.ProvinceMapData."""

    scope = "province"

    def __init__(self, data, *, metric: str = DEFAULT_METRIC, lang: str | None = None, crs: str = WGS84):
        if metric not in METRICS:
            raise ValueError(T("unknown metric {metric!r} (known: {known})", metric=metric, known=", ".join(METRICS)))
        self.lang = i18n.normalise(lang) if lang else i18n.current()
        self.datum = PageDatum(crs)  # as MapState: the data moved onto the base map's datum
        if not self.datum.identity:
            data = dataclasses.replace(data, branches=[self.datum.branch_data(b) for b in data.branches])
        self.data = data
        self.metric = metric
        self.markers: dict[int, dict] = {}  # always empty: counts per district only
        self._district: dict[int, tuple[object, object]] = {}  # district id -> (DistrictMapInfo, BranchMapData)
        self.props: dict[int, dict] = {}
        for b in data.branches:
            for d in b.districts:
                self._district[d.id] = (d, b)
                self.props[d.id] = self._properties(d, b, OrderCounts())
        self.open_orders = 0

    def _properties(self, d, b, counts: OrderCounts) -> dict:
        props = metrics.district_properties(d, counts, b.norm, lang=self.lang)  # R-ZONE-1: its branch's norm
        props["branch_id"], props["branch"] = b.branch_id, b.branch_name
        return props

    @property
    def districts(self) -> int:
        return len(self._district)

    def branch_of(self, district_id: int | None) -> int | None:
        got = self._district.get(district_id)
        return got[1].branch_id if got else None

    def apply_rows(self, rows: Iterable, now: dt.datetime) -> dict:
        """Take every branch's open orders: each district's counts and colours (no markers).
        Returns {"districts": [changed props…], "upsert": [], "remove": []} as MapState does."""
        rows = [r for r in rows if r.district_id in self._district]
        counts, _bands = metrics.count_orders(rows, now)
        self.open_orders = len(rows)
        changed = []
        for d_id, (d, b) in self._district.items():
            props = self._properties(d, b, counts.get(d_id) or OrderCounts())
            if props != self.props[d_id]:
                self.props[d_id] = props
                changed.append(props)
        return {"districts": changed, "upsert": [], "remove": []}

    def payload(self) -> dict:
        """The page's data: MapState.payload()'s keys with "scope": "province" and "branches" (each
        with its outline, bounds and the point its name is drawn at)."""
        lang = self.lang
        features, branches, everything = [], [], []
        for b in self.data.branches:
            geoms = [geometry.compact(self.datum.geometry(geometry.parse(d.geojson))) for d in b.districts]
            everything.extend(geoms)
            features.extend({"type": "Feature", "id": d.id, "geometry": g, "properties": self.props[d.id]}
                            for d, g in zip(b.districts, geoms))
            box = geometry.bounds(geoms)
            if box is None:
                continue  # a branch without districts has nothing to draw
            branches.append({"id": b.branch_id, "name": b.branch_name, "kind": b.branch_kind, "norm": b.norm,
                             "districts": len(b.districts), "bounds": box, "label": _name_point(b.districts),
                             "outline": geometry.outline(geoms)})
        month = self.data.month_start
        return {
            "scope": "province",
            "branch": {"id": None, "name": tr("All branches", lang), "kind": "", "norm": None},
            "branches": branches,
            "month": tr("{year}-{month:02d}", lang, year=month.year, month=month.month),
            "metric": self.metric,
            "lang": lang,
            "words": metrics.page_words(lang),
            "metrics": metrics.metric_info(lang),
            "bands": metrics.band_info(lang),
            "districts": {"type": "FeatureCollection", "features": features},
            "outline": {"type": "MultiLineString", "coordinates": []},  # each branch draws its own
            "bounds": geometry.bounds(everything),
            "photos": {},  # the branch's own map shows them
            "orders": [],
            "majors": [],
        }


def _name_point(districts) -> list[float]:
    """Where a branch's name goes: the label point of its district nearest the districts' mean
    (inside the branch even when its outline is not convex)."""
    lat = sum(d.latitude for d in districts) / len(districts)
    lon = sum(d.longitude for d in districts) / len(districts)
    d = min(districts, key=lambda d: (d.latitude - lat) ** 2 + (d.longitude - lon) ** 2)
    return [round(d.latitude, 6), round(d.longitude, 6)]
