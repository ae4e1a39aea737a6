"""The map's district metrics, their colour scales and the order markers. Plain values, no Qt.

Each metric maps a district to one number, the number to a colour bin and to a sentence in the
console's language (console.i18n: the words below are English ids of its catalogue). Open-order
counts come from the queue's rows, so a queue change recolours the map without a database read.
"""

from __future__ import annotations

import bisect
import datetime as dt
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from console import i18n
from console.i18n import N_, T
from console.rules.urgency import BREACHED, RISK, shown_clock
from console.terms import term

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
    no_data: str = N_("no data")
    closed: str = "left"

    def colour(self, value: float | None) -> str:
        if value is None:
            return NO_DATA
        find = bisect.bisect_right if self.closed == "left" else bisect.bisect_left
        return self.colours[find(self.thresholds, value)]

    def legend(self, lang: str | None = None) -> list[list[str]]:
        return [[c, i18n.render(label, lang)] for c, label in zip(self.colours, self.labels)] + \
            [[NO_DATA, i18n.render(self.no_data, lang)]]


METRICS: dict[str, Metric] = {m.name: m for m in (
    Metric("open", N_("Open orders"), "R-TIME", (1, 3, 6, 11, 21),
           ("#f7fbff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"),
           ("0", "1–2", "3–5", "6–10", "11–20", "≥ 21"), no_data="—"),
    Metric("breached", N_("Breached / near-due orders"), "R-TIME-11", (1, 2, 4, 7),
           ("#e5f5e0", "#fee391", "#fdae61", "#f46d43", "#d73027"),
           (N_("none"), "1", "2–3", "4–6", "≥ 7"), no_data="—"),
    Metric("complaints", N_("Complaint rate this month (per 1,000 households)"), "R-ZONE-3", (0.5, 1, 2, 4),
           ("#fff5eb", "#fdd0a2", "#fdae6b", "#f16913", "#a63603"),
           ("< 0.5‰", "0.5–1‰", "1–2‰", "2–4‰", "≥ 4‰"), no_data=N_("no household data")),
    Metric("load", N_("Maintainer load (against the norm)"), "R-ZONE-1", (0.8, 1.0, 1.2),
           ("#c6dbef", "#a1d99b", "#fee08b", "#d73027"),
           ("≤ 80%", "80–100%", "100–120%", N_("> 120% overloaded")), no_data=N_("no maintainer assigned"), closed="right"),
    Metric("callbacks", N_("Callback coverage this month"), "R-VISIT-1", (0.8, 0.9, 0.95, 1.0),
           ("#d73027", "#fdae61", "#fee08b", "#a6d96a", "#1a9850"),
           ("< 80%", "80–90%", "90–95%", "95–100%", "100%"), no_data=N_("no callbacks owed this month")),
)}
DEFAULT_METRIC = "open"

# The queue's band colours (console/views/kit/band_style.py _SHAPE_COLOUR), repeated here because this
# module must not import Qt; tests/maps/test_builder.py checks they agree.
BAND_COLOURS = {"ok": "#2e7d32", "watch": "#b58900", "risk": "#e65100", "breached": "#c62828",
                "waiting": "#3f6fb5", "paused": "#757575", "none": "#9e9e9e"}
BAND_TEXT = {"ok": N_("on time", "band"), "watch": N_("50%+ used", "band"), "risk": N_("near due 80%+", "band"),
             "breached": N_("breached", "band"), "waiting": N_("waiting for materials", "band"),
             "paused": N_("paused", "band"), "none": N_("no time limit", "band")}


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


def metric_texts(d, counts: OrderCounts, norm: int, values: dict[str, float | None],
                 lang: str | None = None) -> dict[str, str]:
    load = values["load"]
    if load is None:
        load_text = T("No maintainer assigned (R-ZONE-2)")
    elif load > 1.2:
        load_text = T("Maintainer load {load:.0%} ({households:,} households / norm {norm:,}) · above the 120% "
                      "warning (R-ZONE-1)", load=load, households=d.maintainer_households, norm=norm)
    else:
        load_text = T("Maintainer load {load:.0%} ({households:,} households / norm {norm:,})",
                      load=load, households=d.maintainer_households, norm=norm)
    cb = values["callbacks"]
    rate = values["complaints"]
    texts = {
        "open": T("{count} open orders", count=counts.open),
        "breached": T("{breached} breached · {risk} near due", breached=counts.breached, risk=counts.risk),
        "complaints": (T("Complaint rate this month —") if rate is None
                       else T("Complaint rate this month {rate:.2f}‰ ({complaints} / {households:,} households)",
                              rate=rate, complaints=d.complaints_month, households=d.households)),
        "load": load_text,
        "callbacks": (T("No callbacks owed this month") if cb is None
                      else T("Callback coverage this month {rate:.0%} ({done} / {owed})", rate=cb,
                             done=d.callbacks_done, owed=d.callbacks_owed)),
    }
    return {k: i18n.render(v, lang) for k, v in texts.items()}


def district_properties(d, counts: OrderCounts | None, norm: int, lang: str | None = None) -> dict:
    """A district's GeoJSON properties: identity, R-ZONE-2 contacts, and every metric's colour and text."""
    counts = counts or OrderCounts()
    values = metric_values(d, counts, norm)
    return {
        "id": d.id, "name": d.name, "code": d.code, "households": d.households,
        "service_phone": d.service_phone, "supervision_phone": d.supervision_phone,
        "maintainer_id": d.maintainer_id, "maintainer": d.maintainer, "work_number": d.work_number,
        # R-ZONE-5: since when the servant serves, and the published changes (newest first)
        "since": d.serving_since.isoformat() if getattr(d, "serving_since", None) else "",
        "changes": [{"from": day.isoformat(), "before": before, "after": after, "reason": reason}
                    for day, before, after, reason in getattr(d, "changes", ())],
        "label": [round(d.latitude, 6), round(d.longitude, 6)], "open": counts.open,
        "values": values,
        "colours": {name: m.colour(values[name]) for name, m in METRICS.items()},
        "texts": metric_texts(d, counts, norm, values, lang),
    }


def _jitter(order_id: int) -> tuple[float, float]:
    """A small fixed offset so orders without a customer location do not stack on the label."""
    h = zlib.crc32(order_id.to_bytes(8, "little"))
    return ((h & 0xFFFF) / 0xFFFF - 0.5) * 0.003, ((h >> 16) / 0xFFFF - 0.5) * 0.003


def order_marker(row, band: str, point: tuple[float, float] | None, label: tuple[float, float],
                 lang: str | None = None) -> dict:
    """One order marker: where, its band colour, and its tooltip text."""
    if point is None:
        dy, dx = _jitter(row.id)
        point = (label[0] + dy, label[1] + dx)
    who = f" · {row.customer}" if row.customer else ""
    return {
        "id": row.id, "lat": round(point[0], 6), "lon": round(point[1], 6), "band": band,
        "district_id": row.district_id,
        "tip": f"{row.number} · {i18n.render(term(row.kind), lang)} · {band_text(band, lang)}{who}",
    }


def band_text(band: str, lang: str | None = None) -> str:
    word = BAND_TEXT.get(band)
    return i18n.render(i18n.Text.__new__(i18n.Text, word, "band"), lang) if word else band


def metric_info(lang: str | None = None) -> dict:
    """Titles, rule ids and legends of every metric, for the page."""
    return {name: {"title": i18n.render(m.title, lang), "rule": m.rule, "legend": m.legend(lang)}
            for name, m in METRICS.items()}


def band_info(lang: str | None = None) -> dict:
    return {b: [BAND_COLOURS[b], band_text(b, lang)] for b in BAND_COLOURS}


# the page's own words (console-map.js), in the console's language
PAGE_WORDS = {
    "district_data": N_("{branch} district data"), "major_client": N_("Major client"),
    "orders_layer": N_("Orders (coloured by time limit)"), "majors_layer": N_("Major clients"),
    "labels_layer": N_("District names"), "maintainer": N_("Maintainer"), "unassigned": N_("not assigned"),
    "no_maintainer": N_("No maintainer assigned"), "photo": N_("Maintainer's photo"), "no_photo": N_("No photo"),
    "work_number": N_("Work number"), "service_phone": N_("Service phone"),
    "supervision_phone": N_("Supervision phone"), "households": N_("Households"),
    "households_unit": N_("{n} households"), "open_orders": N_("Open orders"), "orders_unit": N_("{n} orders"),
    "public_info": N_("R-ZONE-2 public information"), "map_title": N_("{branch} · district map"),
    "base_map": N_("Base map"), "intranet_map": N_("Intranet map"),
    # R-ZONE-5: the district's published changes of who serves it
    "serving_since": N_("Serves since"), "changes": N_("Changes of who serves the district (R-ZONE-5)"),
    "no_changes": N_("No change published"), "change_line": N_("{day}: {before} → {after} ({reason})"),
    # the province map: every branch's districts, outlines and names
    "branch": N_("Branch"), "branches_layer": N_("Branches (click one to zoom to it)"),
    "photo_on_branch_map": N_("Photo on the branch's own map"),
    # the legend of a branch's map: the order markers (the queue's bands), a cluster of them, ★
    "legend_orders": N_("Orders, by time limit"),
    "legend_cluster": N_("Orders close together (ring: the most urgent)"),
    "legend_fold": N_("Click to fold or unfold the legend"),
}


def page_words(lang: str | None = None) -> dict[str, str]:
    return {k: i18n.render(v, lang) for k, v in PAGE_WORDS.items()}
