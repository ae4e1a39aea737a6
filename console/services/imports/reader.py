"""Read an import file into plain rows: CSV (UTF-8 with or without BOM, GBK/GB18030 from a
Chinese Excel, UTF-16 "Unicode text") or an .xlsx sheet. No Qt.

Row numbers are the ones the user sees: the header is row 1, the first data row is row 2 (for
a workbook, the sheet's own row numbers). Wholly empty rows are skipped, never counted as data.
A file that cannot be read raises `ReadError` carrying a `Problem` that says why.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from console.i18n import T, Text
from console.services.imports.problems import Problem, problem

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
# Tried in this order. gb18030 is a superset of GBK and GB2312 (what Chinese Excel writes).
ENCODINGS = ("utf-8-sig", "gb18030")


class ReadError(Exception):
    """The file as a whole cannot be read; `problem` says why in the user's terms."""

    def __init__(self, problem: Problem):
        super().__init__(problem.text)
        self.problem = problem


@dataclass
class Table:
    """One sheet: header cells and the data rows, each with its row number as the user sees it."""

    file: str
    sheet: str
    encoding: str  # "xlsx" for a workbook
    header: list[str]
    rows: list[tuple[int, list[object]]] = field(default_factory=list)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _fail(file: str, sheet: str, code: str, message: Text) -> ReadError:
    return ReadError(problem(file, sheet, None, "", code, message))


def decode(data: bytes, file: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding that decoded it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:  # a cut-off file, or a half character pair
            raise _fail(file, "", "encoding",
                        T("the file starts as UTF-16 \"Unicode text\" but byte {at} is not: save it again from "
                          "Excel as 'CSV UTF-8' or as an .xlsx workbook", at=exc.start + 1)) from exc
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break  # binary data (or UTF-16 without a BOM) decodes as gb18030 with NULs
        return text, ("utf-8" if encoding == "utf-8-sig" and not data.startswith(b"\xef\xbb\xbf")
                      else encoding)
    raise _fail(file, "", "encoding",
                T("the file is neither UTF-8 nor GBK/GB18030 text: save it from Excel as "
                  "'CSV UTF-8' or as an .xlsx workbook"))


def read_csv(path: Path) -> Table:
    data = path.read_bytes()
    name = path.name
    if not data.strip():
        raise _fail(name, "", "empty_file", T("the file is empty"))
    text, encoding = decode(data, name)
    first = text.splitlines()[0] if text else ""
    delimiter = max(",\t;", key=first.count) if first else ","
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _table(name, "", encoding, _csv_records(records, name))


def _csv_records(records, file: str):
    """The CSV reader's records; its refusal of an over-long cell (csv.field_size_limit, 131,072
    characters unless changed) or of a broken quote becomes a ReadError naming the row."""
    number = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except csv.Error as exc:
            row = number + 1
            if "field larger than field limit" in str(exc):
                raise ReadError(problem(file, "", row, "", "cell_too_long",
                                        T("row {row}: a cell is longer than {limit:,} characters (the most a CSV "
                                          "cell may hold): is it the right file?", row=row,
                                          limit=csv.field_size_limit()))) from exc
            raise ReadError(problem(file, "", row, "", "bad_csv",
                                    T("row {row} cannot be read as CSV ({reason})", row=row, reason=str(exc)))) from exc
        number += 1
        yield record


def sheet_names(path: str | Path) -> list[str]:
    """The sheets of a workbook ([] for a CSV file or an unreadable workbook)."""
    path = Path(path)
    if path.suffix.lower() not in XLSX_SUFFIXES:
        return []
    try:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 - the import itself reports the unreadable file
        return []
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def read_xlsx(path: Path, sheet: str | None) -> Table:
    from openpyxl import load_workbook

    name = path.name
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _fail(name, sheet or "", "unreadable_workbook",
                    T("not a readable Excel workbook ({reason})", reason=str(exc) or type(exc).__name__)) from exc
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif sheet in wb.sheetnames:
            ws = wb[sheet]
        else:
            raise _fail(name, sheet, "unknown_sheet", T("the workbook has no sheet {sheet!r} (sheets: {sheets})",
                                                        sheet=sheet, sheets=", ".join(wb.sheetnames)))
        if not hasattr(ws, "iter_rows"):
            raise _fail(name, ws.title, "unknown_sheet", T("sheet {sheet!r} is a chart, not a table", sheet=ws.title))
        return _table(name, ws.title, "xlsx", (list(r) for r in ws.iter_rows(values_only=True)))
    finally:
        wb.close()


def _table(file: str, sheet: str, encoding: str, records) -> Table:
    header: list[str] | None = None
    rows: list[tuple[int, list[object]]] = []
    for number, record in enumerate(records, start=1):
        if all(_blank(v) for v in record):
            continue
        if header is None:
            if number != 1:
                raise _fail(file, sheet, "header_not_first",
                            T("the header must be in row 1 (the first filled row is row {row})", row=number))
            header = ["" if v is None else str(v).strip() for v in record]
            while header and not header[-1]:
                header.pop()
            continue
        rows.append((number, record))
    if header is None:
        raise _fail(file, sheet, "empty_file", T("the file is empty"))
    return Table(file, sheet, encoding, header, rows)


def read_table(path: str | Path, sheet: str | None = None) -> Table:
    """The sheet (default: the first) of a workbook, or a CSV file."""
    path = Path(path)
    if not path.is_file():
        raise _fail(path.name, "", "no_file", T("no such file: {path}", path=str(path)))
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(path, sheet)
    if suffix == ".xls":
        raise _fail(path.name, "", "old_excel", T("old .xls workbooks are not read: save it as .xlsx"))
    if suffix in CSV_SUFFIXES:
        if sheet:
            raise _fail(path.name, sheet, "unknown_sheet", T("a CSV file has no sheets (asked for {sheet!r})",
                                                             sheet=sheet))
        return read_csv(path)
    raise _fail(path.name, "", "file_type", T("unsupported file type {suffix!r}: use .xlsx or .csv",
                                              suffix=suffix or "(none)"))
