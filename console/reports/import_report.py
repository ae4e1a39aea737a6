"""An import's report as text (terminal, clipboard) and as an .xlsx listing every problem:
file, sheet, row (header = row 1), column, severity, problem, code — one line each, so the
user can fix the source file row by row. No Qt.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

if TYPE_CHECKING:  # a writer takes the report as plain data; it never calls the service
    from console.services.imports.problems import ImportReport

HEADERS = ("file", "sheet", "row", "column", "severity", "problem", "code")
HEADERS_ZH = ("文件", "工作表", "行", "列", "级别", "问题", "代码")
_RED = PatternFill("solid", fgColor="FFC7CE")
_AMBER = PatternFill("solid", fgColor="FFEB9C")


def headline(report: ImportReport) -> str:
    if report.ok and report.dry_run:
        verdict = f"checked {report.rows} rows: no errors, nothing written (dry run)"
    elif report.ok:
        verdict = f"imported {report.imported} of {report.rows} rows"
    else:
        verdict = f"{len(report.errors)} errors in {report.rows} rows: NOTHING imported"
    warn = f", {len(report.warnings)} warnings" if report.warnings else ""
    where = report.file + (f" [{report.sheet}]" if report.sheet else "")
    enc = f" ({report.encoding})" if report.encoding and report.encoding != "xlsx" else ""
    return f"{report.kind} import of {where}{enc}: {verdict}{warn}"


def report_lines(report: ImportReport, limit: int | None = None) -> list[str]:
    """The headline, then one line per problem: `file › sheet › row N › C 电话: problem`."""
    lines = [headline(report)]
    problems = report.problems if limit is None else report.problems[:limit]
    for p in problems:
        lines.append(f"{p.severity.upper():7} {p.where()}: {p.text}")
    if limit is not None and len(report.problems) > limit:
        lines.append(f"… and {len(report.problems) - limit} more (write the report with --report)")
    return lines


def report_text(report: ImportReport, limit: int | None = None) -> str:
    return "\n".join(report_lines(report, limit))


def write_xlsx(path: str | Path, report: ImportReport) -> Path:
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "Import report"
    ws["A1"] = headline(report)
    ws["A1"].font = Font(bold=True, size=12)
    for col, (en, zh) in enumerate(zip(HEADERS, HEADERS_ZH), start=1):
        ws.cell(row=3, column=col, value=f"{zh} {en}").font = Font(bold=True)
    for r, p in enumerate(report.problems, start=4):
        values = (p.file, p.sheet, p.row, p.column, p.severity, p.text, p.code)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            if col == 5:
                cell.fill = _RED if p.is_error else _AMBER
    for col, width in zip("ABCDEFG", (24, 14, 8, 18, 10, 80, 18)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:G{max(3, 3 + len(report.problems))}"
    wb.save(path)
    return path
