"""SMS recipient lists (R-PROM-5) as CSV and Excel for the SMS gateway operator.

Both files carry the same columns: account, name, phone, district, address, and a note (the
expiry date of a fee reminder, empty for a notice). The CSV is UTF-8 with a BOM so that Excel on a
Chinese Windows opens it without mojibake; phones are written as text in the workbook so leading
zeros and 11-digit numbers survive. The message itself is in the first rows of the workbook and in
a ``#``-prefixed first line of the CSV, which SMS gateways skip as a comment. The column titles
are bilingual (the gateway operator's and the branch's); the workbook's own words are said in
`lang` (console.i18n); the message is the one sent to the customers, as it is.

Nothing a customer's record holds ever becomes a formula: the workbook writes every value as text
(reports.xlsx.put) and the CSV neutralises a field starting with = + - @ tab or CR
(reports.xlsx.csv_safe). The workbook prints as a report (A4 portrait, one page wide, the column
titles on every page, the title, branch, generated at/by and "page N of M" in the page margins).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from console import i18n
from console.i18n import T

if TYPE_CHECKING:  # openpyxl is imported when a list is written, not when the console starts
    from console.reports.printing import PrintMeta

HEADERS = ("account", "name", "phone", "district", "address", "note")
HEADERS_ZH = ("户号", "姓名", "手机号", "片区", "地址", "备注")


@dataclass(frozen=True)
class Recipient:
    account_no: str
    name: str
    phone: str
    district: str
    address: str
    note: str = ""

    def row(self) -> tuple[str, ...]:
        return (self.account_no, self.name, self.phone, self.district, self.address, self.note)


def unique_phones(recipients: Sequence[Recipient]) -> list[Recipient]:
    """One SMS per phone number (households sharing a phone get one message), first kept."""
    seen: set[str] = set()
    out = []
    for r in recipients:
        phone = r.phone.strip()
        if phone and phone not in seen:
            seen.add(phone)
            out.append(r)
    return out


def write_csv(path: str | Path, recipients: Sequence[Recipient], message: str) -> Path:
    from console.reports.xlsx import csv_safe

    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([f"# {message}".replace("\n", " ").replace("\r", " ")])  # a comment line: never a field
        w.writerow([f"{en} {zh}" for en, zh in zip(HEADERS, HEADERS_ZH)])
        for r in recipients:
            w.writerow([csv_safe(v) for v in r.row()])
    return path


def write_xlsx(path: str | Path, recipients: Sequence[Recipient], *, title: str, message: str,
               made_at: dt.datetime | None = None, rule_id: str = "R-PROM-5", lang: str | None = None,
               meta: PrintMeta | None = None) -> Path:
    """The workbook; its own words in `lang` (default: the language this process speaks); ``meta``
    what its pages say (branch, generated at/by; reports.printing)."""
    path = Path(path)
    lang = i18n.normalise(lang) if lang else i18n.current()
    from openpyxl import (
        Workbook,  # imported when a list is written, not when the console starts
    )
    from openpyxl.styles import Alignment, Font

    from console.reports.xlsx import put, sheet_title

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(i18n.render(T("SMS", _context="sheet"), lang))
    heading = i18n.render(T("{title} ({rule_id})", title=title, rule_id=rule_id), lang)
    put(ws, 1, 1, heading).font = Font(bold=True, size=13)
    put(ws, 2, 1, message).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A2:F2")
    ws.row_dimensions[2].height = 48
    count = T("Recipients: {n}", n=len(recipients))
    put(ws, 3, 1, i18n.render(T("{count} · {at:%Y-%m-%d %H:%M}", count=count, at=made_at) if made_at else count,
                              lang))
    for col, (en, zh) in enumerate(zip(HEADERS, HEADERS_ZH), start=1):
        cell = ws.cell(row=5, column=col, value=f"{zh} {en}")
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, r in enumerate(recipients, start=6):
        for col, value in enumerate(r.row(), start=1):
            cell = put(ws, i, col, value)
            if col == 3:
                cell.number_format = "@"  # phones as text
            elif col == 5:
                cell.alignment = wrap  # a long address wraps inside its column
    for col, width in zip("ABCDEF", (14, 16, 16, 18, 36, 14)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A6"
    _print_setup(ws, heading, meta, made_at, lang, last_row=5 + len(recipients))
    wb.save(path)
    return path


def _print_setup(ws, heading: str, meta: PrintMeta | None, made_at, lang: str, *, last_row: int) -> None:
    """A4 portrait, one page wide, the column titles on every page (reports.printing)."""
    from console.reports import printing
    from console.reports.printing import PrintMeta

    if meta is None and made_at is not None:
        meta = PrintMeta(generated_at=made_at)
    p = printing.page(meta, title=heading, lang=lang)
    printing.setup(ws, p, header_row=5, narrow=True)
    printing.finish(ws, columns=len(HEADERS), rows=last_row)
