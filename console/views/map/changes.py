"""A few changed orders on the map, without going over every open order again. No Qt.

`MapState.apply_rows` (console.maps.state) turns all the queue's rows into district colours and
markers: about half a second of Python on 100k open orders, which keeps the GUI thread waiting
for the interpreter even when it runs on a worker thread. A change of a few orders alters only
their markers and the counts of their districts. `OrderIndex` keeps the rows a full apply used,
by district, so that `changes()` counts only those districts again, with the same functions of
console.maps.metrics that MapState uses: the colours and markers come out as a full apply at the
same instant would make them for those districts and orders. (The other districts keep the
colours of their last count; a full read of the branch counts them all again.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from console.maps import metrics
from console.maps.metrics import OrderCounts
from console.maps.state import MapState


class OrderIndex:
    """The open orders a map page shows, by district (those of districts it does not draw are left
    out, as MapState leaves them out)."""

    def __init__(self, state: MapState, rows: Iterable):
        self._districts = {d.id: d for d in state.data.districts}
        self._district_of: dict[int, int] = {}
        self._rows: dict[int, dict[int, object]] = {d: {} for d in self._districts}
        for r in rows:
            self._put(r)

    def _put(self, row) -> None:
        if row.district_id in self._rows:
            self._rows[row.district_id][row.id] = row
            self._district_of[row.id] = row.district_id

    def changes(self, state: MapState, changed: dict[int, object | None], now: dt.datetime) -> dict:
        """Take the changed orders (their rows now; None or completed: gone) into the index; returns
        what the page must change, {"districts": [props…], "upsert": [markers…], "remove": [ids…]},
        without changing `state` (the caller applies it with `apply`)."""
        touched: set[int] = set()
        for order_id, row in changed.items():
            old = self._district_of.pop(order_id, None)
            if old is not None:
                self._rows[old].pop(order_id, None)
                touched.add(old)
            if row is not None and row.status != "completed" and row.district_id in self._rows:
                self._put(row)
                touched.add(row.district_id)
        counts, bands = metrics.count_orders((r for d in touched for r in self._rows[d].values()), now)
        districts = []
        for d_id in touched:
            props = metrics.district_properties(self._districts[d_id], counts.get(d_id, OrderCounts()),
                                                state.data.norm, lang=state.lang)
            if props != state.props.get(d_id):
                districts.append(props)
        upsert, remove = [], []
        for order_id in changed:
            d_id = self._district_of.get(order_id)
            if d_id is None:
                if order_id in state.markers:
                    remove.append(order_id)
                continue
            d = self._districts[d_id]
            row = self._rows[d_id][order_id]
            m = metrics.order_marker(row, bands[order_id], state.points.get(order_id), (d.latitude, d.longitude),
                                     lang=state.lang)
            if state.markers.get(order_id) != m:
                upsert.append(m)
        return {"districts": districts, "upsert": upsert, "remove": remove}


def apply(state: MapState, change: dict) -> None:
    """Record in `state` what `OrderIndex.changes` found (on the thread that owns `state`)."""
    for props in change["districts"]:
        state.props[props["id"]] = props
    for m in change["upsert"]:
        state.markers[m["id"]] = m
    for order_id in change["remove"]:
        state.markers.pop(order_id, None)
