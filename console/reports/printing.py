"""Print-ready leadership workbooks: every sheet prints as a report a leader accepts.

:func:`setup` is applied to each sheet before its first row (write_only sheets write their sheet
properties first): A4, landscape unless the sheet is narrow, one page wide (``fitToWidth=1``,
``fitToHeight=0``), the header row repeated on every page, margins, and a page header/footer with
the report title, the branch and period, "generated at … by …" and "page N of M".
:func:`title_block` gives the rows on top of a workbook's first sheet (title, branch and period,
generated at/by); :func:`finish` sets the print area once the rows are written.

Who exported and for what comes in a :class:`PrintMeta` (the orchestrator,
services.exports.workbooks, passes it); without one, the workbook says its scope (``what``) and the
time it was written. Every text is the core's (console.i18n), said in the workbook's language; a
text from data is never a formula and never a header/footer control code (reports.xlsx).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.utils import get_column_letter

from console import i18n
from console.i18n import T
from console.reports.xlsx import NOTE_FONT, as_text, excel_time, hf_text
from console.rules.periods import CST

NARROW = 100.0  # a sheet whose columns are narrower than this (width units) prints portrait
TITLE_FONT = Font(bold=True, size=14)
SUB_FONT = Font(size=11)


@dataclass(frozen=True)
class PrintMeta:
    """Who the workbook is for and who made it, as the page header/footer and title block say it."""

    branch: str = ""  # the branch's name ("南昌市分公司"; "" = every branch or unknown)
    period: str = ""  # the period as the workbook says it ("2026-11")
    generated_at: dt.datetime | None = None  # default: now
    generated_by: str = ""  # the person exporting ("王芳 (GD0012)"); "" = the scheduled export
    title: str = ""  # overrides the report's own title


@dataclass(frozen=True)
class Page:
    """The texts of one workbook's pages, in its language."""

    title: str
    scope: str
    generated: str
    lang: str


def page(meta: PrintMeta | None, *, title: str, what: str = "", lang: str | None = None) -> Page:
    """The texts for ``meta`` (or, without one, ``what`` as the scope and now as the time)."""
    lang = i18n.normalise(lang) if lang else i18n.current()
    meta = meta or PrintMeta()
    if meta.branch and meta.period:
        scope = i18n.render(T("{branch}, {period}", branch=meta.branch, period=meta.period), lang)
    else:
        scope = meta.branch or meta.period or what
    at = meta.generated_at or dt.datetime.now(CST)
    at = excel_time(at) if at.tzinfo is not None else at
    when = f"{at:%Y-%m-%d %H:%M}"
    generated = i18n.render(T("Generated at {at} by {who}", at=when, who=meta.generated_by) if meta.generated_by
                            else T("Generated at {at}", at=when), lang)
    return Page(meta.title or title, scope, generated, lang)


def title_block(ws, p: Page) -> list[list]:
    """The rows on top of a first sheet: the title, the branch and period, generated at/by, a gap."""
    def cell(text, font):
        c = as_text(WriteOnlyCell(ws), text)
        c.font = font
        return c

    rows = [[cell(p.title, TITLE_FONT)]]
    if p.scope:
        rows.append([cell(p.scope, SUB_FONT)])
    rows.append([cell(p.generated, NOTE_FONT)])
    rows.append([])
    return rows


def _part(text: str, limit: int = 80) -> str:
    text = " ".join(str(text).split())
    return hf_text(text if len(text) <= limit else text[: limit - 1] + "…")


def fit(ws) -> None:
    """One page wide: set before a streamed sheet's first row (its properties are written first)."""
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def setup(ws, p: Page, *, header_row: int | None, width: float | None = None, narrow: bool | None = None) -> None:
    """Page setup, print titles and header/footer of one sheet (call :func:`fit` before its first
    row; the rest is written after the rows, so it may come later).

    ``header_row``: the table's header row, repeated on every printed page (None: no table).
    ``width``: the sum of the column widths (default: the sheet's); narrower than NARROW prints
    portrait unless ``narrow`` says otherwise."""
    if width is None:
        width = sum(d.width or 8.43 for d in ws.column_dimensions.values())
    narrow = width < NARROW if narrow is None else narrow
    fit(ws)
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.orientation = "portrait" if narrow else "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need, one across
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.75, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"
    for part, text in ((ws.oddHeader.left, p.title), (ws.oddHeader.center, p.scope),
                       (ws.oddHeader.right, p.generated)):
        part.text, part.size = _part(text), 9
    ws.oddFooter.left.text, ws.oddFooter.left.size = "&A", 8  # the sheet's name
    ws.oddFooter.right.text = i18n.render(T("Page {page} of {pages}", page="&P", pages="&N"), p.lang)
    ws.oddFooter.right.size = 8


def table(ws, columns, rows, labels, p: Page, *, first: bool = False, notes=(), narrow: bool | None = None,
          **kw) -> int:
    """One print-ready table sheet: the title block (on a workbook's ``first`` sheet), the table
    (reports.xlsx.write_table, ``kw`` passed on), the page setup, ``notes`` under the table
    (note rows, or [] for a gap) and the print area. Returns the number of data rows."""
    from console.reports.xlsx import note_cell, write_table

    fit(ws)
    head = title_block(ws, p) if first else []
    n = write_table(ws, columns, rows, labels, head=head, **kw)
    top = len(head) + 1
    setup(ws, p, header_row=top, narrow=narrow)
    for note in notes:
        ws.append([note_cell(ws, note)] if note else [])
    finish(ws, columns=len(columns), rows=top + max(n, 1) + len(notes))
    return n


def finish(ws, *, columns: int, rows: int) -> None:
    """The print area: ``columns`` columns over the first ``rows`` rows."""
    ws.print_area = f"A1:{get_column_letter(max(1, columns))}{max(1, rows)}"


def as_of(title: str, day: dt.date, lang: str) -> str:
    """A column title with the day its values were fixed ("Days to deadline (as of 2026-12-05)")."""
    return i18n.render(T("{title} (as of {day})", title=title, day=day.isoformat()), lang)


def as_of_note(day: dt.date, lang: str) -> str:
    return i18n.render(T("Days to deadline and the red rows are fixed as of {day}, the day of the export (R-INSP).",
                             day=day.isoformat()), lang)
