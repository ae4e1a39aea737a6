"""The findings workbook (R-INSP) for leadership.

Sheets: **Findings** — one row per finding with rule family and rule id, severity, responsible
unit and person, rectification deadline and days left, status (a data-validation list), who set it
and when, evidence; rows whose rectification is overdue turn red by conditional formatting. Both
the days left and the red rows are fixed as of the export day (R-INSP), and say so: the column
title carries "as of <day>" and the first sheet a note, so a printed copy never contradicts
itself. **Summary** — the title block, branch × rule family counts by severity and by status, and
a stacked bar chart in the console's severity colours (critical red, serious orange, minor
yellow) under them, on a page of its own when the tables are long. Written in ``write_only`` mode
(see ``reports.xlsx``); every sheet prints as a report (``reports.printing``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.pagebreak import Break
from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from console import i18n
from console.errors import ExportCancelled
from console.reports import printing
from console.reports.printing import PrintMeta
from console.reports.xlsx import (
    RED_FILL,
    RED_FONT,
    Column,
    excel_time,
    header_cells,
    note_cell,
    safe,
    sheet_title,
)

SEVERITIES = ("minor", "serious", "critical")
STATUSES = ("open", "rectifying", "closed")
FAMILIES = ("R-DISC", "R-FIRST", "R-ZONE", "R-TIME", "R-VISIT", "R-ACC", "R-INSP", "R-TRAIN", "R-PROM")
COLUMNS = (
    Column("col.id", "int"), Column("col.inspection", "int"), Column("col.inspection_day", "date"),
    Column("col.inspectors"), Column("col.branch"), Column("col.rule_family"), Column("col.rule_id"),
    Column("col.description", width=40, wrap=True), Column("col.severity"), Column("col.unit"),
    Column("col.person"), Column("col.deadline", "date"), Column("col.days_left", "int"), Column("col.status"),
    Column("col.status_at", "datetime"), Column("col.status_by"), Column("col.evidence", width=24, wrap=True),
)
# the console's severity colours (views.kit.band_style: breached red, risk orange, watch yellow)
SEVERITY_COLOURS = {"critical": "C62828", "serious": "E65100", "minor": "F2C200"}
CHART_ROWS = 20  # rows the chart covers (9 cm at the default row height)
DEADLINE_COL, STATUS_COL = 12, 14  # 1-based positions used by the formatting rules


def finding_values(r, today: dt.date, labels) -> tuple:
    """One FindingRow (services.supervision.inspections) as the Findings sheet's cells."""
    return (r.id, r.inspection_id, r.inspection_day, r.inspectors, r.branch, r.rule_family, r.rule_id,
            r.description, labels[f"severity.{r.severity}"], r.responsible_unit, r.responsible_person, r.deadline,
            None if r.status == "closed" else (r.deadline - today).days, labels[f"status.{r.status}"],
            excel_time(r.status_at), r.status_by, ", ".join(r.evidence))


def write_findings(path: str | Path, rows: Iterable, labels, *, today: dt.date, what: str, total: int | None = None,
                   progress: Callable[[float, str], None] | None = None,
                   cancelled: Callable[[], bool] | None = None, meta: PrintMeta | None = None,
                   lang: str | None = None) -> int:
    """Write the workbook; ``rows`` are FindingRow-like objects. Returns the finding count.

    ``what`` names the selection for the empty-workbook note (e.g. "南昌市分公司, 2026-05");
    ``meta`` what the pages say (branch, period, generated at/by; reports.printing); ``lang`` the
    language of ``labels`` (default: the console's)."""
    path = Path(path)
    lang = i18n.normalise(lang) if lang else i18n.current()
    p = printing.page(meta, title=labels["title.findings"], what=what, lang=lang)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(labels["sheet.findings"]))
    counts: Counter = Counter()
    branches: dict[str, None] = {}

    def values():
        for r in rows:
            counts[r.branch, r.rule_family, r.severity] += 1
            counts[r.branch, r.rule_family, r.status] += 1
            branches.setdefault(r.branch)
            yield finding_values(r, today, labels)

    # The status column as a list a leader can pick from (R-INSP statuses, translated).
    dv = DataValidation(type="list", formula1='"' + ",".join(labels[f"status.{s}"] for s in STATUSES) + '"',
                        allow_blank=False, showErrorMessage=True)
    ws.data_validations.append(dv)
    titles = [labels[c.key] for c in COLUMNS]
    days = DEADLINE_COL  # 0-based: the column after the deadline, the days left
    titles[days] = printing.as_of(titles[days], today, lang)  # fixed as of the export day (R-INSP)
    try:
        n = printing.table(ws, COLUMNS, values(), labels, p, total=total, progress=progress, cancelled=cancelled,
                           empty_note=labels["note.empty"].format(what=what), message=labels["sheet.findings"],
                           titles=titles)
    except ExportCancelled:
        path.unlink(missing_ok=True)
        raise
    last_row = n + 1
    status, deadline = get_column_letter(STATUS_COL), get_column_letter(DEADLINE_COL)
    if n:
        dv.add(f"{status}2:{status}{last_row}")
        closed = labels["status.closed"].replace('"', '""')
        # R-INSP: red as of the export day, like the days column (both fixed, both said so)
        ws.conditional_formatting.add(
            f"A2:{get_column_letter(len(COLUMNS))}{last_row}",
            FormulaRule(formula=[f'AND(${status}2<>"{closed}",${deadline}2<DATE({today.year},{today.month},'
                                 f'{today.day}))'], fill=RED_FILL, font=RED_FONT),
        )
    _summary(wb, labels, counts, list(branches), n, what, p, today)
    wb.move_sheet(wb.worksheets[-1].title, offset=-1)  # the leader's first look
    wb.save(path)
    if progress is not None:
        progress(1.0, labels["sheet.summary"])
    return n


def _summary(wb, labels, counts: Counter, branches: list[str], n: int, what: str, p, today: dt.date) -> None:
    """Branch × rule family: counts by severity and by status, and a chart by family."""
    ws = wb.create_sheet(sheet_title(labels["sheet.summary"]))
    keys = SEVERITIES + STATUSES
    titles = [labels["col.branch"], labels["col.rule_family"]] + [labels[f"severity.{k}"] for k in SEVERITIES] \
        + [labels[f"status.{k}"] for k in STATUSES] + [labels["col.total"]]
    width = 0.0
    for i, t in enumerate(titles, start=1):
        w = 24 if i == 1 else max(10, min(16, len(t) + 4))
        ws.column_dimensions[get_column_letter(i)].width = w
        width += w
    printing.fit(ws)
    head = printing.title_block(ws, p)
    if n:
        head.insert(-1, [note_cell(ws, printing.as_of_note(today, p.lang))])
    top = len(head) + 1
    ws.freeze_panes = f"A{top + 1}"
    for r in head:
        ws.append(r)
    ws.append(header_cells(ws, titles))
    printing.setup(ws, p, header_row=top, narrow=True)
    rows = 0
    per_family: dict[str, list[int]] = {}
    for branch in branches:
        for fam in FAMILIES:
            values = [counts[branch, fam, k] for k in keys]
            if not any(values):
                continue
            ws.append([safe(ws, branch), fam, *values, sum(values[:3])])
            rows += 1
            agg = per_family.setdefault(fam, [0, 0, 0])
            for i in range(3):
                agg[i] += values[i]
    last = get_column_letter(len(titles))
    if n == 0:
        ws.append([note_cell(ws, labels["note.empty"].format(what=what))])
        ws.auto_filter.ref = f"{'A'}{top}:{last}{top}"
        printing.finish(ws, columns=len(titles), rows=top + 1)
        return
    ws.auto_filter.ref = f"A{top}:{last}{top + rows}"
    # the chart's own small table below: family × severity over all branches
    ws.append([])
    table = top + rows + 2
    ws.append(header_cells(ws, [labels["col.rule_family"]] + [labels[f"severity.{k}"] for k in SEVERITIES]))
    for fam, agg in per_family.items():
        ws.append([fam, *agg])
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
    chart.title, chart.y_axis.title = labels["chart.findings"], labels["chart.count"]
    data = Reference(ws, min_col=2, max_col=4, min_row=table, max_row=table + len(per_family))
    cats = Reference(ws, min_col=1, min_row=table + 1, max_row=table + len(per_family))
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    for series, severity in zip(chart.series, SEVERITIES, strict=True):  # the console's colours
        series.graphicalProperties.solidFill = SEVERITY_COLOURS[severity]
        series.graphicalProperties.line.solidFill = SEVERITY_COLOURS[severity]
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.legend.position = "b"
    at = table + len(per_family) + 2
    if at + CHART_ROWS > 50:  # the chart never straddles a page: on a page of its own
        ws.row_breaks.append(Break(id=at - 1))
    chart.width, chart.height = 17, 9
    ws.add_chart(chart, f"A{at}")
    printing.finish(ws, columns=len(titles), rows=at + CHART_ROWS)
