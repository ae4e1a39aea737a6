"""The assessment workbook (R-ZONE-3/4): the month's district and maintainer scorecards with
ranking and targets, branch totals, and the metric definitions with their rule ids; and the yearly
summary (R-ZONE-3): the same sheets for the year as one period, plus a "By month" sheet — every
district, maintainer and branch in each of the twelve months and the year.

Orders whose due rests on a year whose official working-day calendar is not entered are counted in
the "Provisional" column, never as breaches (nor as met): a provisional breach is never reported
as fact.

Percentages are written as fractions formatted ``0.0%`` (Excel computes with them); a metric with
nothing to judge is an empty cell, never 0.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from console import i18n
from console.errors import ExportCancelled
from console.reports import printing
from console.reports.printing import PrintMeta
from console.reports.xlsx import Column, sheet_title
from console.rules import metrics as M

_KIND = {"per_1000": "float", "percent": "pct", "score": "float", "count": "int"}
SHOWN = (M.SCORE, M.COMPLAINT_RATE, M.RESPONSE_24H, M.SATISFACTION, M.ON_TIME, M.CALLBACK_COVERAGE,
         M.STABILITY, M.GROWTH)


# this workbook's own titles (the English text is the core catalogue's key)
OWN = {
    "col.assessment_provisional": i18n.N_("Provisional: due in a year without an entered calendar (not judged)"),
    "col.period": i18n.N_("Period"), "col.level": i18n.N_("Level"), "col.name": i18n.N_("Name"),
    "col.year_growth_target": i18n.N_("Year growth target"), "sheet.by_month": i18n.N_("By month"),
    "sheet.score_by_month": i18n.N_("Score by month"), "col.year_rank": i18n.N_("Rank in the year"),
    "period.year": i18n.N_("{year} (year)"), "level.district": i18n.N_("District"),
    "level.maintainer": i18n.N_("Maintainer"), "level.branch": i18n.N_("Branch"),
    "note.assessment_provisional": i18n.N_("{n} orders have a due in a year whose working-day calendar is not entered: "
                                "counted as provisional, neither on time nor breached."),
}


def own_labels(labels, lang: str | None = None):
    """``labels`` with this workbook's own titles in ``lang`` (kept where ``labels`` has them)."""
    out = type(labels)(labels)
    for key, text in OWN.items():
        if key not in labels:
            out[key] = i18n.render(text, i18n.normalise(lang) if lang else i18n.current())  # a marked literal: its template, translated
    return out


def _columns(first: str, *, growth: str = "col.growth_target") -> tuple[Column, ...]:
    cols = [Column("col.rank", "int"), Column("col.branch"), Column(first), Column("col.households", "int"),
            Column("col.complaints", "int")]
    cols += [Column(f"metric.{m}", _KIND[M.METRICS[m].unit]) for m in SHOWN]
    cols += [Column(f"kind_rate.{k}", "pct") for k in M.TIMED_KINDS]
    cols += [Column("col.net_growth", "int"), Column(growth, "float"), Column("col.assessment_provisional", "int")]
    return tuple(cols)


def _value(card, metric: str):
    v = card.value(metric)
    if v is None:
        return None
    return v / 100.0 if M.METRICS[metric].unit == "percent" else round(v, 4)


def card_values(card) -> tuple:
    rates = [None if card.kind_rate(k) is None else card.kind_rate(k) / 100.0 for k in M.TIMED_KINDS]
    return (card.rank or None, card.branch, card.name, round(card.households), card.complaints,
            *[_value(card, m) for m in SHOWN], *rates, card.new_accounts - card.cancelled, round(card.growth_target, 2),
            card.on_time_provisional)


def _notes(assessment, labels, what: str) -> str:
    if assessment.empty:
        return labels["note.empty"].format(what=what)
    return ""


def _scorecard_sheets(wb, assessment, labels, what: str, out: dict, progress, cancelled, steps: int,
                      p, growth: str = "col.growth_target") -> None:
    note = _notes(assessment, labels, what)
    sheets = (("sheet.districts", "col.district", assessment.districts),
              ("sheet.maintainers", "col.maintainer", assessment.maintainers),
              ("sheet.branches", "col.branch", assessment.branches))
    if assessment.branch_id is None and len(assessment.branches) > 1:  # a province: its branches ranked first
        sheets = sheets[2:] + sheets[:2]
    for k, (sheet, first, cards) in enumerate(sheets):
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        ws = wb.create_sheet(sheet_title(labels[sheet]))
        rows = [] if assessment.empty else [card_values(c) for c in cards]
        notes = []
        if assessment.provisional and not assessment.empty:  # R-ZONE-3: said, never counted as a breach
            notes = [labels["note.assessment_provisional"].format(n=assessment.provisional)]
        out[sheet] = printing.table(ws, _columns(first, growth=growth), rows, labels, p, first=k == 0,
                                    empty_note=note, notes=notes)
        if progress is not None:
            progress((k + 1) / steps, labels[sheet])


def write_assessment(path: str | Path, assessment, labels, *, what: str,
                     progress: Callable[[float, str], None] | None = None,
                     cancelled: Callable[[], bool] | None = None, lang: str | None = None,
                     meta: PrintMeta | None = None) -> dict[str, int]:
    """Write the workbook for one ``services.assessment.Assessment``; returns rows per sheet.
    ``meta``: what the pages say (branch, period, generated at/by; reports.printing)."""
    path = Path(path)
    labels = own_labels(labels, lang)
    period = (meta and meta.period) or assessment.label
    p = printing.page(meta, title=labels["title.assessment"].format(month=period), what=what, lang=lang)
    wb = Workbook(write_only=True)
    out: dict[str, int] = {}
    try:
        _scorecard_sheets(wb, assessment, labels, what, out, progress, cancelled, 4, p)
    except ExportCancelled:
        path.unlink(missing_ok=True)
        raise
    _finish(wb, path, labels, p, progress)
    return out


def _by_month_columns() -> tuple[Column, ...]:
    cols = [Column("col.level"), Column("col.branch"), Column("col.name"), Column("col.period"),
            Column("col.households", "int"), Column("col.complaints", "int")]
    cols += [Column(f"metric.{m}", _KIND[M.METRICS[m].unit]) for m in SHOWN]
    cols += [Column(f"kind_rate.{k}", "pct") for k in M.TIMED_KINDS]
    cols += [Column("col.net_growth", "int"), Column("col.assessment_provisional", "int")]
    return tuple(cols)


def by_month_rows(summary, labels) -> list[tuple]:
    """Every district, maintainer and branch of the year: its twelve months (``YYYY-MM``), then the
    year as one period (R-ZONE-3's yearly summary)."""
    rows = []
    periods = summary.months + [summary.total]
    year_label = labels["period.year"].format(year=summary.year)
    for level, attr in (("district", "districts"), ("maintainer", "maintainers"), ("branch", "branches")):
        for card in sorted(getattr(summary.total, attr), key=lambda c: (c.branch, c.name)):
            for a in periods:
                c = next((x for x in getattr(a, attr) if x.id == card.id and x.name == card.name), None)
                period = year_label if a is summary.total else f"{a.month:%Y-%m}"
                if c is None:
                    rows.append((labels[f"level.{level}"], card.branch, card.name, period, None, 0,
                                 *[None] * (len(SHOWN) + len(M.TIMED_KINDS)), 0, 0))
                    continue
                rates = [None if c.kind_rate(k) is None else c.kind_rate(k) / 100.0 for k in M.TIMED_KINDS]
                rows.append((labels[f"level.{level}"], c.branch, c.name, period, round(c.households), c.complaints,
                             *[_value(c, m) for m in SHOWN], *rates, c.new_accounts - c.cancelled,
                             c.on_time_provisional))
    return rows


def score_by_month_rows(summary, labels) -> list[tuple]:
    """R-ZONE-3's yearly summary as a leader reads it: each district and maintainer on one row, its
    assessment score in each month (a column per month) and in the year, ranked by the year."""
    rows = []
    for level, attr in (("district", "districts"), ("maintainer", "maintainers")):
        index = [{(c.id, c.name): c for c in getattr(a, attr)} for a in summary.months]
        for card in sorted(getattr(summary.total, attr), key=lambda c: (c.rank or 10**9, c.branch, c.name)):
            months = [index[k].get((card.id, card.name)) for k in range(len(summary.months))]
            rows.append((labels[f"level.{level}"], card.rank or None, card.branch, card.name,
                         *[None if c is None else _value(c, M.SCORE) for c in months], _value(card, M.SCORE)))
    return rows


def _score_by_month_columns(summary, labels) -> tuple[tuple[Column, ...], list[str]]:
    cols = [Column("col.level"), Column("col.year_rank", "int"), Column("col.branch"), Column("col.name")]
    titles = [labels["col.level"], labels["col.year_rank"], labels["col.branch"], labels["col.name"]]
    for a in summary.months:
        cols.append(Column(f"month.{a.month:%m}", "float"))
        titles.append(f"{a.month:%Y-%m}")
    cols.append(Column("period.year", "float"))
    titles.append(labels["period.year"].format(year=summary.year))
    return tuple(cols), titles


def write_year_assessment(path: str | Path, summary, labels, *, what: str,
                          progress: Callable[[float, str], None] | None = None,
                          cancelled: Callable[[], bool] | None = None, lang: str | None = None,
                          meta: PrintMeta | None = None) -> dict[str, int]:
    """Write R-ZONE-3's yearly summary for one ``services.assessment.districts.YearSummary``: the
    year's ranked scorecards (districts, maintainers, branches), "Score by month" (a row per district
    and maintainer, a column per month and the year), "By month" (each entity's every metric in each
    month and the year) and the definitions; returns rows per sheet."""
    path = Path(path)
    labels = own_labels(labels, lang)
    period = (meta and meta.period) or summary.total.label
    p = printing.page(meta, title=labels["title.assessment"].format(month=period), what=what, lang=lang)
    wb = Workbook(write_only=True)
    out: dict[str, int] = {}
    try:
        _scorecard_sheets(wb, summary.total, labels, what, out, progress, cancelled, 5, p,
                          growth="col.year_growth_target")
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        ws = wb.create_sheet(sheet_title(labels["sheet.score_by_month"]))  # R-ZONE-3: a column per month
        cols, titles = _score_by_month_columns(summary, labels)
        out["sheet.score_by_month"] = printing.table(
            ws, cols, [] if summary.empty else score_by_month_rows(summary, labels), labels, p, titles=titles,
            empty_note=_notes(summary.total, labels, what))
        ws = wb.create_sheet(sheet_title(labels["sheet.by_month"]))
        rows = [] if summary.empty else by_month_rows(summary, labels)
        out["sheet.by_month"] = printing.table(ws, _by_month_columns(), rows, labels, p,
                                               empty_note=_notes(summary.total, labels, what))
    except ExportCancelled:
        path.unlink(missing_ok=True)
        raise
    _finish(wb, path, labels, p, progress)
    return out


def _finish(wb, path: Path, labels, p, progress) -> None:
    """The definitions sheet last, then the file."""
    _definitions(wb, labels, p)
    wb.save(path)
    if progress is not None:
        progress(1.0, labels["sheet.definitions"])


def _definitions(wb, labels, p) -> None:
    ws = wb.create_sheet(sheet_title(labels["sheet.definitions"]))
    # each metric by its name in the workbook's language, never its internal key (complaint_rate)
    defs = [(labels[f"metric_title.{m.id}"], labels[f"formula.{m.id}"], ", ".join(m.rules))
            for m in M.METRICS.values()]
    printing.table(ws, (Column("col.metric"), Column("col.formula", width=70, wrap=True), Column("col.rules")),
                   defs, labels, p)
