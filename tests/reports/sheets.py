"""Reading a leadership workbook's table back: its header row is the sheet's print-title row (the
first sheet has the title block above it, reports.printing)."""

from __future__ import annotations


def header_row(ws) -> int:
    """The row number of the table's header (its repeated print-title row; 1 without one)."""
    titles = ws.print_title_rows
    return int(titles.split(":")[0].strip("$")) if titles else 1


def head(ws) -> list:
    return [c.value for c in ws[header_row(ws)]]


def body(ws) -> list[tuple]:
    """The rows under the header (values)."""
    return list(ws.iter_rows(min_row=header_row(ws) + 1, values_only=True))
