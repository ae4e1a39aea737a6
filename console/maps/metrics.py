"""The map's district metrics, their colour scales and the order markers. Plain values, no Qt.

Each metric maps a district to one number, the number to a colour bin and to a sentence (in
Chinese: page strings are for the dispatchers). Open-order counts come from the queue's rows,
so a queue change recolours the map without a database read.
"""

from __future__ import annotations

import bisect
import datetime as dt
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from console.rules.urgency import BREACHED, RISK, shown_clock

NO_DATA = "#d9d9d9"


@dataclass(frozen=True)
class Metric:
    """A colour scale: `thresholds` split values into len(colours) bins.

    closed="left": a value equal to a threshold goes to the upper bin (counts: 1 is in "1–2");
    closed="right": it stays in the lower bin (R-ZONE-1 warns only *above* 120 %).
    """

    name: str
    title: str
    rule: str
    thresholds: tuple[float, ...]
    colours: tuple[str, ...]
    labels: tuple[str, ...]
    no_data: str = "无数据"
    closed: str = "left"

    def colour(self, value: float | None) -> str:
        if value is None:
            return NO_DATA
        find = bisect.bisect_right if self.closed == "left" else bisect.bisect_left
        return self.colours[find(self.thresholds, value)]

    def legend(self) -> list[list[str]]:
        return [[c, label] for c, label in zip(self.colours, self.labels)] + [[NO_DATA, self.no_data]]


METRICS: dict[str, Metric] = {m.name: m for m in (
    Metric("open", "在办工单", "R-TIME", (1, 3, 6, 11, 21),
           ("#f7fbff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"),
           ("0", "1–2", "3–5", "6–10", "11–20", "≥ 21"), no_data="—"),
    Metric("breached", "超时 / 临期工单", "R-TIME-11", (1, 2, 4, 7),
           ("#e5f5e0", "#fee391", "#fdae61", "#f46d43", "#d73027"),
           ("无", "1", "2–3", "4–6", "≥ 7"), no_data="—"),
    Metric("complaints", "本月投诉率（每千户）", "R-ZONE-3", (0.5, 1, 2, 4),
           ("#fff5eb", "#fdd0a2", "#fdae6b", "#f16913", "#a63603"),
           ("< 0.5‰", "0.5–1‰", "1–2‰", "2–4‰", "≥ 4‰"), no_data="无住户数据"),
    Metric("load", "维护员负荷（对定额）", "R-ZONE-1", (0.8, 1.0, 1.2),
           ("#c6dbef", "#a1d99b", "#fee08b", "#d73027"),
           ("≤ 80%", "80–100%", "100–120%", "> 120% 超负荷"), no_data="未指派维护员", closed="right"),
    Metric("callbacks", "本月回访覆盖率", "R-VISIT-1", (0.8, 0.9, 0.95, 1.0),
           ("#d73027", "#fdae61", "#fee08b", "#a6d96a", "#1a9850"),
           ("< 80%", "80–90%", "90–95%", "95–100%", "100%"), no_data="本月无应回访"),
)}
DEFAULT_METRIC = "open"

# The queue's band colours (console/views/kit/band_style.py _SHAPE_COLOUR), repeated here because this
# module must not import Qt; tests/maps/test_builder.py checks they agree.
BAND_COLOURS = {"ok": "#2e7d32", "watch": "#b58900", "risk": "#e65100", "breached": "#c62828",
                "waiting": "#3f6fb5", "paused": "#757575", "none": "#9e9e9e"}
BAND_TEXT = {"ok": "正常", "watch": "已用 50%+", "risk": "临期 80%+", "breached": "已超时",
             "waiting": "待补材料", "paused": "已暂停", "none": "无时限"}
KIND_TEXT = {"general_fault": "一般故障", "major_fault": "重大故障", "installation": "新装",
             "restoration": "复通", "complaint": "投诉", "inquiry": "咨询", "business": "业务办理"}


@dataclass
class OrderCounts:
    """Open orders of one district, by urgency (from the queue's rows)."""

    open: int = 0
    breached: int = 0
    risk: int = 0


def order_band(row, now: dt.datetime) -> str:
    """The SLA band the queue shows for a row (console.rules.urgency)."""
    return shown_clock(now, status=row.status, sla_state=row.sla_state, due_at=row.due_at,
                       budget_s=row.sla_budget_s, response_due_at=row.response_due_at,
                       response_budget_s=getattr(row, "response_budget_s", None)).state


def count_orders(rows: Iterable, now: dt.datetime) -> tuple[dict[int, OrderCounts], dict[int, str]]:
    """Per-district counts and each order's band, in one pass over the rows."""
    counts: dict[int, OrderCounts] = {}
    bands: dict[int, str] = {}
    for row in rows:
        b = order_band(row, now)
        bands[row.id] = b
        c = counts.get(row.district_id)
        if c is None:
            c = counts[row.district_id] = OrderCounts()
        c.open += 1
        if b == BREACHED:
            c.breached += 1
        elif b == RISK:
            c.risk += 1
    return counts, bands


def metric_values(d, counts: OrderCounts, norm: int) -> dict[str, float | None]:
    """The five metric values of one district (`d` is a services.assessment.map_data.DistrictMapInfo)."""
    return {
        "open": counts.open,
        "breached": counts.breached + counts.risk,
        "complaints": d.complaints_month * 1000 / d.households if d.households else None,
        "load": d.maintainer_households / norm if d.maintainer_id and norm else None,
        "callbacks": d.callbacks_done / d.callbacks_owed if d.callbacks_owed else None,
    }


def metric_texts(d, counts: OrderCounts, norm: int, values: dict[str, float | None]) -> dict[str, str]:
    load = values["load"]
    if load is None:
        load_text = "未指派维护员（R-ZONE-2）"
    else:
        load_text = f"维护员负荷 {load:.0%}（{d.maintainer_households:,} 户 / 定额 {norm:,} 户）"
        if load > 1.2:
            load_text += " · 超过 120% 警戒（R-ZONE-1）"
    cb = values["callbacks"]
    rate = values["complaints"]
    return {
        "open": f"在办工单 {counts.open} 张",
        "breached": f"已超时 {counts.breached} 张 · 临期 {counts.risk} 张",
        "complaints": ("本月投诉率 —" if rate is None
                       else f"本月投诉率 {rate:.2f}‰（{d.complaints_month} 件 / {d.households:,} 户）"),
        "load": load_text,
        "callbacks": ("本月暂无应回访工单" if cb is None
                      else f"本月回访覆盖 {cb:.0%}（{d.callbacks_done} / {d.callbacks_owed}）"),
    }


def district_properties(d, counts: OrderCounts | None, norm: int) -> dict:
    """A district's GeoJSON properties: identity, R-ZONE-2 contacts, and every metric's colour and text."""
    counts = counts or OrderCounts()
    values = metric_values(d, counts, norm)
    return {
        "id": d.id, "name": d.name, "code": d.code, "households": d.households,
        "service_phone": d.service_phone, "supervision_phone": d.supervision_phone,
        "maintainer_id": d.maintainer_id, "maintainer": d.maintainer, "work_number": d.work_number,
        "label": [d.latitude, d.longitude], "open": counts.open,
        "values": values,
        "colours": {name: m.colour(values[name]) for name, m in METRICS.items()},
        "texts": metric_texts(d, counts, norm, values),
    }


def _jitter(order_id: int) -> tuple[float, float]:
    """A small fixed offset so orders without a customer location do not stack on the label."""
    h = zlib.crc32(order_id.to_bytes(8, "little"))
    return ((h & 0xFFFF) / 0xFFFF - 0.5) * 0.003, ((h >> 16) / 0xFFFF - 0.5) * 0.003


def order_marker(row, band: str, point: tuple[float, float] | None, label: tuple[float, float]) -> dict:
    """One order marker: where, its band colour, and its tooltip text."""
    if point is None:
        dy, dx = _jitter(row.id)
        point = (label[0] + dy, label[1] + dx)
    who = f" · {row.customer}" if row.customer else ""
    return {
        "id": row.id, "lat": round(point[0], 6), "lon": round(point[1], 6), "band": band,
        "district_id": row.district_id,
        "tip": f"{row.number} · {KIND_TEXT.get(row.kind, row.kind)} · {BAND_TEXT.get(band, band)}{who}",
    }


def metric_info() -> dict:
    """Titles, rule ids and legends of every metric, for the page."""
    return {name: {"title": m.title, "rule": m.rule, "legend": m.legend()} for name, m in METRICS.items()}


def band_info() -> dict:
    return {b: [BAND_COLOURS[b], BAND_TEXT[b]] for b in BAND_COLOURS}
