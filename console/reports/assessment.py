"""The assessment workbook (R-ZONE-3/4): the month's district and maintainer scorecards with
ranking and targets, branch totals, and the metric definitions with their rule ids.

Percentages are written as fractions formatted ``0.0%`` (Excel computes with them); a metric with
nothing to judge is an empty cell, never 0.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from console.errors import ExportCancelled
from console.reports.xlsx import Column, write_table
from console.rules import metrics as M

_KIND = {"per_1000": "float", "percent": "pct", "score": "float", "count": "int"}
SHOWN = (M.SCORE, M.COMPLAINT_RATE, M.RESPONSE_24H, M.SATISFACTION, M.ON_TIME, M.CALLBACK_COVERAGE,
         M.STABILITY, M.GROWTH)


def _columns(first: str) -> tuple[Column, ...]:
    cols = [Column("col.rank", "int"), Column("col.branch"), Column(first), Column("col.households", "int"),
            Column("col.complaints", "int")]
    cols += [Column(f"metric.{m}", _KIND[M.METRICS[m].unit]) for m in SHOWN]
    cols += [Column(f"kind_rate.{k}", "pct") for k in M.TIMED_KINDS]
    cols += [Column("col.net_growth", "int"), Column("col.growth_target", "float")]
    return tuple(cols)


def _value(card, metric: str):
    v = card.value(metric)
    if v is None:
        return None
    return v / 100.0 if M.METRICS[metric].unit == "percent" else round(v, 4)


def card_values(card) -> tuple:
    rates = [None if card.kind_rate(k) is None else card.kind_rate(k) / 100.0 for k in M.TIMED_KINDS]
    return (card.rank or None, card.branch, card.name, round(card.households), card.complaints,
            *[_value(card, m) for m in SHOWN], *rates, card.new_accounts - card.cancelled, round(card.growth_target, 2))


def write_assessment(path: str | Path, assessment, labels, *, what: str,
                     progress: Callable[[float, str], None] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> dict[str, int]:
    """Write the workbook for one ``services.assessment.Assessment``; returns rows per sheet."""
    path = Path(path)
    wb = Workbook(write_only=True)
    note = labels["note.empty"].format(what=what) if assessment.empty else ""
    out = {}
    sheets = (("sheet.districts", "col.district", assessment.districts),
              ("sheet.maintainers", "col.maintainer", assessment.maintainers),
              ("sheet.branches", "col.branch", assessment.branches))
    try:
        for k, (sheet, first, cards) in enumerate(sheets):
            if cancelled is not None and cancelled():
                raise ExportCancelled()
            ws = wb.create_sheet(labels[sheet])
            rows = [] if assessment.empty else [card_values(c) for c in cards]
            out[sheet] = write_table(ws, _columns(first), rows, labels, empty_note=note)
            if progress is not None:
                progress((k + 1) / 4, labels[sheet])
    except ExportCancelled:
        path.unlink(missing_ok=True)
        raise
    ws = wb.create_sheet(labels["sheet.definitions"])
    defs = [(m.id, labels[f"metric_title.{m.id}"], labels[f"formula.{m.id}"], ", ".join(m.rules))
            for m in M.METRICS.values()]
    write_table(ws, (Column("col.metric"), Column("col.title"), Column("col.formula", width=90), Column("col.rules")),
                defs, labels)
    wb.save(path)
    if progress is not None:
        progress(1.0, labels["sheet.definitions"])
    return out
