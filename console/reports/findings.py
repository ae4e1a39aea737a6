"""The findings workbook (R-INSP) for leadership.

Sheets: **Findings** — one row per finding with rule family and rule id, severity, responsible
unit and person, rectification deadline and days left, status (a data-validation list), who set it
and when, evidence; rows whose rectification is overdue turn red by conditional formatting (live:
it compares with TODAY() when opened). **Summary** — branch × rule family counts by severity and
by status with a stacked bar chart. Written in ``write_only`` mode (see ``reports.xlsx``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from console.errors import ExportCancelled
from console.reports.xlsx import (
    RED_FILL,
    RED_FONT,
    Column,
    excel_time,
    header_cells,
    note_cell,
    write_table,
)

SEVERITIES = ("minor", "serious", "critical")
STATUSES = ("open", "rectifying", "closed")
FAMILIES = ("R-DISC", "R-FIRST", "R-ZONE", "R-TIME", "R-VISIT", "R-ACC", "R-INSP", "R-TRAIN", "R-PROM")
COLUMNS = (
    Column("col.id", "int"), Column("col.inspection", "int"), Column("col.inspection_day", "date"),
    Column("col.inspectors"), Column("col.branch"), Column("col.rule_family"), Column("col.rule_id"),
    Column("col.description", width=50), Column("col.severity"), Column("col.unit"), Column("col.person"),
    Column("col.deadline", "date"), Column("col.days_left", "int"), Column("col.status"),
    Column("col.status_at", "datetime"), Column("col.status_by"), Column("col.evidence", width=30),
)
DEADLINE_COL, STATUS_COL = 12, 14  # 1-based positions used by the formatting rules


def finding_values(r, today: dt.date, labels) -> tuple:
    """One FindingRow (services.supervision.inspections) as the Findings sheet's cells."""
    return (r.id, r.inspection_id, r.inspection_day, r.inspectors, r.branch, r.rule_family, r.rule_id,
            r.description, labels[f"severity.{r.severity}"], r.responsible_unit, r.responsible_person, r.deadline,
            None if r.status == "closed" else (r.deadline - today).days, labels[f"status.{r.status}"],
            excel_time(r.status_at), r.status_by, ", ".join(r.evidence))


def write_findings(path: str | Path, rows: Iterable, labels, *, today: dt.date, what: str, total: int | None = None,
                   progress: Callable[[float, str], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> int:
    """Write the workbook; ``rows`` are FindingRow-like objects. Returns the finding count.

    ``what`` names the selection for the empty-workbook note (e.g. "南昌市分公司, 2026-05")."""
    path = Path(path)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(labels["sheet.findings"])
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
    try:
        n = write_table(ws, COLUMNS, values(), labels, total=total, progress=progress, cancelled=cancelled,
                        empty_note=labels["note.empty"].format(what=what), message=labels["sheet.findings"])
    except ExportCancelled:
        path.unlink(missing_ok=True)
        raise
    last_row = n + 1
    status, deadline = get_column_letter(STATUS_COL), get_column_letter(DEADLINE_COL)
    if n:
        dv.add(f"{status}2:{status}{last_row}")
        closed = labels["status.closed"].replace('"', '""')
        ws.conditional_formatting.add(
            f"A2:{get_column_letter(len(COLUMNS))}{last_row}",
            FormulaRule(formula=[f'AND(${status}2<>"{closed}",${deadline}2<TODAY())'], fill=RED_FILL, font=RED_FONT),
        )
    _summary(wb, labels, counts, list(branches), n, what)
    wb.move_sheet(labels["sheet.summary"], offset=-1)  # the leader's first look
    wb.save(path)
    if progress is not None:
        progress(1.0, labels["sheet.summary"])
    return n


def _summary(wb, labels, counts: Counter, branches: list[str], n: int, what: str) -> None:
    """Branch × rule family: counts by severity and by status, and a chart by family."""
    ws = wb.create_sheet(labels["sheet.summary"])
    keys = SEVERITIES + STATUSES
    titles = [labels["col.branch"], labels["col.rule_family"]] + [labels[f"severity.{k}"] for k in SEVERITIES] \
        + [labels[f"status.{k}"] for k in STATUSES] + [labels["col.total"]]
    for i, t in enumerate(titles, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(30, len(t) + 4))
    ws.freeze_panes = "A2"
    ws.append(header_cells(ws, titles))
    rows = 0
    per_family: dict[str, list[int]] = {}
    for branch in branches:
        for fam in FAMILIES:
            values = [counts[branch, fam, k] for k in keys]
            if not any(values):
                continue
            ws.append([branch, fam, *values, sum(values[:3])])
            rows += 1
            agg = per_family.setdefault(fam, [0, 0, 0])
            for i in range(3):
                agg[i] += values[i]
    if n == 0:
        ws.append([note_cell(ws, labels["note.empty"].format(what=what))])
        ws.auto_filter.ref = f"A1:{get_column_letter(len(titles))}1"
        return
    ws.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{rows + 1}"
    # the chart's own small table below: family × severity over all branches
    ws.append([])
    top = rows + 3
    ws.append(header_cells(ws, [labels["col.rule_family"]] + [labels[f"severity.{k}"] for k in SEVERITIES]))
    for fam, agg in per_family.items():
        ws.append([fam, *agg])
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
    chart.title, chart.y_axis.title = labels["chart.findings"], labels["chart.count"]
    data = Reference(ws, min_col=2, max_col=4, min_row=top, max_row=top + len(per_family))
    cats = Reference(ws, min_col=1, min_row=top + 1, max_row=top + len(per_family))
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.width, chart.height = 18, 9
    ws.add_chart(chart, f"{get_column_letter(len(titles) + 2)}2")
