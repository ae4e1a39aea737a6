"""Fast styled tables for leadership workbooks (openpyxl ``write_only``), shared by every export.

A table is a header row (bold, filled, frozen, auto-filtered) and data rows streamed to the file:
memory stays flat however many rows. Styling costs almost nothing per row: values are written
bare, and only the cells that need a number format (dates, percentages, decimals) become a
``WriteOnlyCell`` whose style is a copy of one template per column. Column widths are fitted to
the header and the first rows (write_only needs them before the first row). Dates are real Excel
dates (China time, no zone: Excel has none).

``progress(fraction, message)`` is called every ``CHUNK`` rows; ``cancelled()`` is polled there too
and raises :class:`ExportCancelled`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from console.errors import ExportCancelled
from console.rules.periods import CST

CHUNK = 2000
SAMPLE = 200  # rows looked at to fit the column widths
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




@dataclass(frozen=True)
class Column:
    key: str  # label key: the header text is labels[key]
    kind: str = "text"  # text | int | float | pct | date | datetime
    width: float | None = None  # fixed width; None = fitted


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
        c = WriteOnlyCell(ws, value=title)
        c.font, c.fill, c.alignment, c.border = HEADER_FONT, HEADER_FILL, HEADER_ALIGN, HEADER_BORDER
        cells.append(c)
    return cells


def note_cell(ws, text: str) -> WriteOnlyCell:
    c = WriteOnlyCell(ws, value=text)
    c.font = NOTE_FONT
    return c


def write_table(ws, columns: Sequence[Column], rows: Iterable[Sequence], labels, *, total: int | None = None,
                progress: Callable[[float, str], None] | None = None, cancelled: Callable[[], bool] | None = None,
                empty_note: str = "", message: str = "") -> int:
    """Header + rows into a fresh write_only sheet; returns the number of data rows.

    Sets frozen header, auto-filter over the data and fitted widths. With no rows, writes
    ``empty_note`` under the header so the sheet says why it is empty."""
    titles = [labels[c.key] for c in columns]
    it = iter(rows)
    sample = list(itertools.islice(it, SAMPLE))
    for i, col in enumerate(columns, start=1):
        if col.width is not None:
            width = col.width
        else:
            width = max([_text_width(t) for t in titles[i - 1].split("\n")] + [_text_width(r[i - 1]) for r in sample])
            width = min(60.0, max(6.0, width + 2))
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
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
    append = ws.append
    n = 0
    for row in itertools.chain(sample, it):
        if styled:
            row = list(row)
            for i in styled:
                v = row[i]
                if v is not None:
                    c = WriteOnlyCell(ws, value=v)
                    c._style = copy(templates[i])
                    row[i] = c
        append(row)
        n += 1
        if n % CHUNK == 0:
            if cancelled is not None and cancelled():
                raise ExportCancelled()
            if progress is not None:
                progress(min(1.0, n / total) if total else 0.0, message)
    last = get_column_letter(len(columns))
    if n == 0 and empty_note:
        append([note_cell(ws, empty_note)])
    ws.auto_filter.ref = f"A1:{last}{max(1, n) + 1}"
    return n
