"""Fast styled tables for leadership workbooks (openpyxl ``write_only``), shared by every export.

A table is a header row (bold, filled, frozen, auto-filtered) and data rows streamed to the file:
memory stays flat however many rows. Styling costs almost nothing per row: values are written
bare, and only the cells that need a number format (dates, percentages, decimals) become a
``WriteOnlyCell`` whose style is a copy of one template per column, and a long text in a ``wrap``
column (description, reasons, evidence) wraps inside its capped width with its row made as tall
(in the first ``WRAP_ROWS`` rows: a longer sheet is filtered on screen, not printed). Column widths
are fitted to the header (wrapped on several lines) and the first rows (write_only needs them
before the first row), a CJK character counting double. Dates are real Excel dates (China time,
no zone: Excel has none).

``progress(fraction, message)`` is called every ``CHUNK`` rows; ``cancelled()`` is polled there too
and raises :class:`ExportCancelled`.

Nothing a user typed ever becomes a formula: every text cell goes through :func:`safe` (streamed
sheets) or :func:`put` (ordinary sheets), which write a text starting with ``=`` — the only prefix
openpyxl turns into a formula — as a string cell; CSV files go through :func:`csv_safe` (a leading
``=``, ``+``, ``-``, ``@``, tab or CR made inert with ``'``). Sheet titles go through
:func:`sheet_title`, header/footer texts through :func:`hf_text`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

from console.errors import ExportCancelled
from console.rules.periods import CST

CHUNK = 2000
SAMPLE = 200  # rows looked at to fit the column widths
WRAP_ROWS = 5000  # long texts wrap in the first rows only: a longer sheet is filtered, not printed (speed)
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="305496")
HEADER_ALIGN = Alignment(vertical="center", wrap_text=True)
HEADER_BORDER = Border(bottom=Side(style="thin", color="1F3864"))
NOTE_FONT = Font(italic=True, color="808080")
RED_FILL = PatternFill("solid", fgColor="FFC7CE")
RED_FONT = Font(color="9C0006")

# column kinds -> Excel number format (None: written bare)
FORMATS = {"text": None, "int": None, "float": "0.00", "pct": "0.0%", "date": "yyyy-mm-dd",
           "datetime": "yyyy-mm-dd hh:mm"}
WRAP_ALIGN = Alignment(wrap_text=True)
_WORD = re.compile(r"[^\s\u2e80-\uffff]+")  # a run a title never breaks inside (CJK breaks anywhere)


def safe(ws, value):
    """``value`` as a streamed cell that is never a formula: a str starting with ``=`` becomes a
    string cell (data_type "s"); every other value is returned as it is (the fast path)."""
    if value.__class__ is str and value[:1] == "=":
        c = WriteOnlyCell(ws, value=value)
        c.data_type = "s"
        return c
    return value


def printable(value):
    """``value`` with the control characters an xlsx file cannot hold (a vertical tab pasted from
    Excel, a scanner's escape codes) shown as U+FFFD: the rest of the text is kept, nothing fails."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if value.__class__ is str else value


def as_text(cell, value):
    """Write ``value`` into an ordinary (not streamed) worksheet cell, never as a formula."""
    try:
        cell.value = value
    except IllegalCharacterError:
        cell.value = value = printable(value)
    if value.__class__ is str and value[:1] == "=":
        cell.data_type = "s"
    return cell


def put(ws, row: int, column: int, value):
    """``ws.cell(row, column, value)`` for data-derived values: a text starting with ``=`` stays text."""
    return as_text(ws.cell(row=row, column=column), value)


_CSV_RISKY = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def csv_safe(value):
    """A CSV field that no spreadsheet evaluates: a text starting with = + - @ tab or CR gets a
    leading ``'`` (OWASP's CSV-injection rule); numbers, and texts that are a plain number
    ("-5", "+8613800138000"), are left untouched."""
    if value.__class__ is str and value[:1] in _CSV_RISKY and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def sheet_title(text: str, fallback: str = "Sheet") -> str:
    """A valid sheet name for ``text``: without []:*?/\\, not starting or ending with ', at most 31
    characters, never empty."""
    name = _BAD_TITLE.sub(" ", str(text)).strip().strip("'").strip()[:31].strip()
    return name or fallback


def hf_text(text: str) -> str:
    """A text for a page header/footer, where ``&`` starts a control code: shown as it is."""
    return str(text).replace("&", "&&")

@dataclass(frozen=True)
class Column:
    key: str  # label key: the header text is labels[key]
    kind: str = "text"  # text | int | float | pct | date | datetime
    width: float | None = None  # fixed width; None = fitted (capped at ``cap``)
    wrap: bool = False  # a long text (description, reasons, evidence): wrapped inside its width


def excel_time(value: dt.datetime | None) -> dt.datetime | None:
    """An aware instant as a naive China-time datetime (Excel dates have no zone)."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(CST).replace(tzinfo=None)


def _text_width(value) -> float:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        return 8
    s = str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in s.split("\n", 1)[0])


def header_cells(ws, titles: Sequence[str]) -> list[WriteOnlyCell]:
    cells = []
    for title in titles:
        c = as_text(WriteOnlyCell(ws), title)
        c.font, c.fill, c.alignment, c.border = HEADER_FONT, HEADER_FILL, HEADER_ALIGN, HEADER_BORDER
        cells.append(c)
    return cells


def note_cell(ws, text: str) -> WriteOnlyCell:
    c = as_text(WriteOnlyCell(ws), text)
    c.font = NOTE_FONT
    return c


def _widths(columns: Sequence[Column], titles: Sequence[str], sample: list) -> list[float]:
    """Column widths that fit the Chinese text (a CJK character is two units): a number column is as
    wide as its values and a quarter of its title (the title wraps on about four lines), a text
    column as its values up to 40 (a wrapped column: its fixed width)."""
    widths = []
    for i, col in enumerate(columns):
        if col.width is not None:
            widths.append(col.width)
            continue
        head = max(_text_width(t) for t in titles[i].split("\n"))
        word = max((len(w) for w in _WORD.findall(titles[i])), default=0)
        body = max([_text_width(r[i]) for r in sample], default=0)
        if col.kind == "text":
            width = max(body, min(head, 24), word)
        else:
            width = max(body, -(-head // 4), word, 6)
        widths.append(min(40.0, max(6.0, width + 2)))
    return widths


def header_height(titles: Sequence[str], widths: Sequence[float]) -> float:
    """The header row's height (points) for its titles wrapped inside their columns."""
    lines = 1
    for t, w in zip(titles, widths):
        per_line = max(1, int((w - 1) * 0.8))  # bold titles are wider than the width's digits
        n = sum(-(-_text_width(part) // per_line) or 1 for part in t.split("\n"))
        lines = max(lines, n)
    return 13.0 * min(lines, 7) + 4


def write_table(ws, columns: Sequence[Column], rows: Iterable[Sequence], labels, *, total: int | None = None,
                progress: Callable[[float, str], None] | None = None, cancelled: Callable[[], bool] | None = None,
                empty_note: str = "", message: str = "", head: Sequence[Sequence] = (),
                titles: Sequence[str] | None = None) -> int:
    """Header + rows into a fresh write_only sheet; returns the number of data rows.

    ``head``: rows written above the header (the title block, reports.printing); the header is
    then row ``len(head) + 1``. Sets frozen header, auto-filter over the data and fitted widths.
    With no rows, writes ``empty_note`` under the header so the sheet says why it is empty.
    ``titles`` overrides the header texts (default ``labels[column.key]``). Every text value is
    written as text, never as a formula (:func:`safe`); a long text in a ``wrap`` column wraps."""
    titles = list(titles) if titles is not None else [labels[c.key] for c in columns]
    it = iter(rows)
    sample = list(itertools.islice(it, SAMPLE))
    widths = _widths(columns, titles, sample)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    top = len(head) + 1  # the header row
    ws.freeze_panes = f"A{top + 1}"
    ws.row_dimensions[top].height = header_height(titles, widths)
    for r in head:
        ws.append([safe(ws, v) for v in r])
    ws.append(header_cells(ws, titles))
    templates = []
    for col in columns:
        fmt = FORMATS[col.kind]
        if fmt is None:
            templates.append(None)
        else:
            t = WriteOnlyCell(ws)
            t.number_format = fmt
            templates.append(t._style)
    styled = [i for i, t in enumerate(templates) if t is not None]
    wrapped = [(i, max(4, int(widths[i]) - 2)) for i, c in enumerate(columns) if c.wrap]
    texts = [i for i, c in enumerate(columns) if templates[i] is None]
    wrap_t = WriteOnlyCell(ws)
    wrap_t.alignment = WRAP_ALIGN
    wrap_style = wrap_t._style
    append = ws.append
    n = 0

    def emit(row, n: int) -> None:
        row = list(row)
        for i in texts:  # R-INSP/R-ZONE-3 data as typed: never a formula
            v = row[i]
            if v.__class__ is str and v[:1] == "=":
                row[i] = safe(ws, v)
        for i in styled:
            v = row[i]
            if v is not None:
                c = WriteOnlyCell(ws, value=v)
                if v.__class__ is str and v[:1] == "=":
                    c.data_type = "s"
                c._style = copy(templates[i])
                row[i] = c
        lines = 1
        for i, limit in wrapped if n < WRAP_ROWS else ():  # only a text longer than its column gets a cell of its own
            v = row[i]
            if v.__class__ is str and ("\n" in v or _text_width(v) > limit):
                c = WriteOnlyCell(ws, value=v)
                c.data_type = "s"
                c._style = copy(wrap_style)
                row[i] = c
                lines = max(lines, sum(-(-_text_width(part) // limit) or 1 for part in v.split("\n")))
        if lines > 1:  # the row as tall as its wrapped text (LibreOffice and Excel keep a stored height)
            ws.row_dimensions[top + n + 1].height = 15.0 * min(lines, 12)
        append(row)

    for row in itertools.chain(sample, it):
        try:
            emit(row, n)
        except IllegalCharacterError:  # a control character XML cannot hold (pasted, imported): shown, not lost
            emit([printable(v) for v in row], n)
        n += 1
        if n % CHUNK == 0:
            if cancelled is not None and cancelled():
                raise ExportCancelled()
            if progress is not None:
                progress(min(1.0, n / total) if total else 0.0, message)
    last = get_column_letter(len(columns))
    if n == 0 and empty_note:
        append([note_cell(ws, empty_note)])
    ws.auto_filter.ref = f"A{top}:{last}{max(1, n) + top}"
    return n
