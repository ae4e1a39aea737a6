"""An import's report as text (terminal, clipboard) and as an .xlsx listing every problem:
file, sheet, row (header = row 1), column, severity, problem, code — one line each, so the
user can fix the source file row by row. No Qt.

Every text is said in one language, `lang` (default: the console's, `console.i18n.current`):
the headline, the column titles, the severities and each problem (a T() text, rendered with
`console.i18n.render`).

File and sheet names, columns and problem texts come from the user's file: the workbook writes
them as text, never as formulas (reports.xlsx.put), and prints one page wide with the column
titles on every page (reports.printing).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from console import i18n
from console.i18n import T
from console.reports.xlsx import put, sheet_title

if TYPE_CHECKING:  # a writer takes the report as plain data; it never calls the service
    from console.services.imports.problems import ImportReport

HEADERS = (T("file", _context="import report"), T("sheet", _context="import report"),
           T("row", _context="import report"), T("column", _context="import report"),
           T("severity", _context="import report"), T("problem", _context="import report"),
           T("code", _context="import report"))
SEVERITIES = {"error": T("error", _context="import report"), "warning": T("warning", _context="import report")}
KINDS = {"customers": T("customers", _context="import kind"), "districts": T("districts", _context="import kind"),
         "staff": T("staff", _context="import kind")}
_RED = PatternFill("solid", fgColor="FFC7CE")
_AMBER = PatternFill("solid", fgColor="FFEB9C")


def _severity(severity: str, lang: str | None) -> str:
    word = SEVERITIES.get(severity)
    return i18n.render(word, lang) if word is not None else severity


def headline(report: ImportReport, lang: str | None = None) -> str:
    if report.ok and report.dry_run:
        verdict = T("checked {rows} rows: no errors, nothing written (dry run)", rows=report.rows)
    elif report.ok:
        verdict = T("imported {imported} of {rows} rows", imported=report.imported, rows=report.rows)
    else:
        verdict = T("{errors} errors in {rows} rows: NOTHING imported", errors=report.error_count, rows=report.rows)
    if report.warnings:
        verdict = T("{verdict}, {warnings} warnings", verdict=verdict, warnings=report.warning_count)
    where = report.file + (f" [{report.sheet}]" if report.sheet else "")
    if report.encoding and report.encoding != "xlsx":
        where = f"{where} ({report.encoding})"
    kind = KINDS.get(report.kind, report.kind)
    return i18n.render(T("{kind} import of {where}: {verdict}", kind=kind, where=where, verdict=verdict), lang)


def report_lines(report: ImportReport, limit: int | None = None, lang: str | None = None) -> list[str]:
    """The headline, then one line per problem: `file › sheet › row N › C 电话: problem`."""
    lines = [headline(report, lang)]
    problems = report.problems if limit is None else report.problems[:limit]
    for p in problems:
        line = i18n.render(T("{where}: {problem}", where=p.where(lang), problem=p.text), lang)
        lines.append(f"{_severity(p.severity, lang).upper():7} {line}")
    if limit is not None and len(report.problems) > limit:
        lines.append(i18n.render(T("… and {count} more (write the report with --report)",
                                   count=len(report.problems) - limit), lang))
    return lines


def report_text(report: ImportReport, limit: int | None = None, lang: str | None = None) -> str:
    return "\n".join(report_lines(report, limit, lang))


def write_xlsx(path: str | Path, report: ImportReport, lang: str | None = None, *, meta=None) -> Path:
    """The report as a workbook; ``meta`` (reports.printing.PrintMeta) what its pages say."""
    from openpyxl.styles import Alignment

    from console.reports import printing

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    title = i18n.render(T("Import report"), lang)
    ws.title = sheet_title(title)
    put(ws, 1, 1, headline(report, lang)).font = Font(bold=True, size=12)
    for col, text in enumerate(HEADERS, start=1):
        ws.cell(row=3, column=col, value=i18n.render(text, lang)).font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, p in enumerate(report.problems, start=4):
        values = (p.file, p.sheet, p.row, p.column, _severity(p.severity, lang), i18n.render(p.text, lang), p.code)
        for col, value in enumerate(values, start=1):
            cell = put(ws, r, col, value)
            if col == 5:
                cell.fill = _RED if p.is_error else _AMBER
            elif col == 6:
                cell.alignment = wrap
    for col, width in zip("ABCDEFG", (24, 14, 8, 18, 10, 80, 18)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:G{max(3, 3 + len(report.problems))}"
    printing.setup(ws, printing.page(meta, title=title, what=report.file, lang=lang), header_row=3)
    printing.finish(ws, columns=len(HEADERS), rows=3 + len(report.problems))
    wb.save(path)
    return path
