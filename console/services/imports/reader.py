"""Read an import file as a stream of plain rows: CSV (UTF-8 with or without BOM, GBK/GB18030
from a Chinese Excel, UTF-16 "Unicode text") or an .xlsx sheet (openpyxl read-only, values
only). No Qt.

    with open_sheet(path, sheet) as s:
        s.header                     # the header cells
        for number, record in s.records: ...

Rows are read one at a time and never kept: 600,000 rows take the memory of one (and, for a
workbook, of openpyxl's table of the workbook's distinct texts). Row numbers are the ones the
user sees: the header is row 1, the first data row is row 2 (for a workbook, the sheet's own row
numbers). Wholly empty rows are skipped, never counted as data. A file that cannot be read
raises `ReadError` carrying a `Problem` that says why, when it is opened or at the row where
reading fails.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from console.i18n import T, Text
from console.services.imports.problems import Problem, problem

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
# Tried in this order. gb18030 is a superset of GBK and GB2312 (what Chinese Excel writes).
ENCODINGS = ("utf-8-sig", "gb18030")
CHUNK = 1 << 16  # bytes read at a time to find a CSV file's encoding
# what a broken workbook raises while its rows are read (zip, XML, a value openpyxl cannot type)
_BROKEN_XLSX = (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError, EOFError)


class ReadError(Exception):
    """The file as a whole cannot be read; `problem` says why in the user's terms."""

    def __init__(self, problem: Problem):
        super().__init__(problem.text)
        self.problem = problem


@dataclass
class Sheet:
    """One sheet being read: its header cells, then its data rows one at a time (`records`: each
    with its row number as the user sees it; wholly empty rows left out). For progress only:
    `done(row)` is how far the reading is, 0 to 1, when the file tells, and `total` the rows the
    sheet says it has (a workbook's dimension)."""

    file: str
    sheet: str
    encoding: str  # "xlsx" for a workbook
    header: list[str]
    records: Iterator[tuple[int, Sequence[object]]]
    done: Callable[[int], float | None] = lambda _rows: None
    total: int | None = None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _fail(file: str, sheet: str, code: str, message: Text) -> ReadError:
    return ReadError(problem(file, sheet, None, "", code, message))


# -- CSV -----------------------------------------------------------------------------------------

def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            yield chunk


def _bad_byte(path: Path, encoding: str) -> int | None:
    """The 0-based offset of the first byte that does not decode as `encoding`; None when the
    whole file does (read a megabyte at a time, never whole)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    done = 0
    for chunk in _chunks(path):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            return done + exc.start
        done += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        return done + exc.start
    return None


def encoding_of(path: Path, file: str) -> tuple[str, str]:
    """The codec that reads the CSV file, and the encoding to name in the report."""
    with path.open("rb") as fh:
        start = fh.read(3)
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        bad = _bad_byte(path, "utf-16")
        if bad is not None:  # a cut-off file, or a half character pair
            raise _fail(file, "", "encoding",
                        T("the file starts as UTF-16 \"Unicode text\" but byte {at} is not: save it again from "
                          "Excel as 'CSV UTF-8' or as an .xlsx workbook", at=bad + 1))
        return "utf-16", "utf-16"
    # a NUL byte is binary data (or UTF-16 without a BOM): it reads as NUL in UTF-8 and GB18030 alike
    if not any(b"\x00" in chunk for chunk in _chunks(path)):
        for encoding in ENCODINGS:
            if _bad_byte(path, encoding) is None:
                return encoding, ("utf-8" if encoding == "utf-8-sig" and not start.startswith(b"\xef\xbb\xbf")
                                  else encoding)
    raise _fail(file, "", "encoding",
                T("the file is neither UTF-8 nor GBK/GB18030 text: save it from Excel as "
                  "'CSV UTF-8' or as an .xlsx workbook"))


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


@contextmanager
def open_csv(path: Path) -> Iterator[Sheet]:
    name = path.name
    if not any(chunk.strip() for chunk in _chunks(path)):
        raise _fail(name, "", "empty_file", T("the file is empty"))
    codec, encoding = encoding_of(path, name)
    size = max(1, path.stat().st_size)
    with path.open("rb") as raw, io.TextIOWrapper(raw, encoding=codec, newline="") as fh:
        first = fh.readline()
        fh.seek(0)
        first = first.splitlines()[0] if first else ""
        delimiter = max(",\t;", key=first.count) if first else ","
        records = _csv_records(csv.reader(fh, delimiter=delimiter), name)
        yield _sheet(name, "", encoding, records, lambda _rows: raw.tell() / size)


# -- xlsx ----------------------------------------------------------------------------------------

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


def _xlsx_rows(rows, file: str, sheet: str):
    """A workbook's rows; a part of it that cannot be read becomes a ReadError."""
    try:
        yield from rows
    except _BROKEN_XLSX as exc:
        raise _fail(file, sheet, "unreadable_workbook",
                    T("not a readable Excel workbook ({reason})", reason=str(exc) or type(exc).__name__)) from exc


@contextmanager
def open_xlsx(path: Path, sheet: str | None) -> Iterator[Sheet]:
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
        total = getattr(ws, "max_row", None)  # the sheet's own dimension, when it has one
        total = total if isinstance(total, int) and total > 1 else None
        done = (lambda rows: rows / total) if total else (lambda _rows: None)
        yield _sheet(name, ws.title, "xlsx", _xlsx_rows(ws.iter_rows(values_only=True), name, ws.title), done, total)
    finally:
        wb.close()


def _sheet(file: str, sheet: str, encoding: str, records, done, total: int | None = None) -> Sheet:
    """The sheet with its header read: the first filled row, which must be row 1."""
    numbered = enumerate(records, start=1)
    for number, record in numbered:
        if all(_blank(v) for v in record):
            continue
        if number != 1:
            raise _fail(file, sheet, "header_not_first",
                        T("the header must be in row 1 (the first filled row is row {row})", row=number))
        header = ["" if v is None else str(v).strip() for v in record]
        while header and not header[-1]:
            header.pop()
        return Sheet(file, sheet, encoding, header, _data(numbered), done, total)
    raise _fail(file, sheet, "empty_file", T("the file is empty"))


def _data(numbered) -> Iterator[tuple[int, Sequence[object]]]:
    for number, record in numbered:
        for v in record:  # all(_blank(v) ...) without a call per cell: most rows are filled
            if v is not None and (type(v) is not str or v.strip()):
                yield number, record
                break


@contextmanager
def open_sheet(path: str | Path, sheet: str | None = None) -> Iterator[Sheet]:
    """The sheet (default: the first) of a workbook, or a CSV file, open for reading its rows."""
    path = Path(path)
    if not path.is_file():
        raise _fail(path.name, "", "no_file", T("no such file: {path}", path=str(path)))
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        opened = open_xlsx(path, sheet)
    elif suffix == ".xls":
        raise _fail(path.name, "", "old_excel", T("old .xls workbooks are not read: save it as .xlsx"))
    elif suffix in CSV_SUFFIXES:
        if sheet:
            raise _fail(path.name, sheet, "unknown_sheet", T("a CSV file has no sheets (asked for {sheet!r})",
                                                             sheet=sheet))
        opened = open_csv(path)
    else:
        raise _fail(path.name, "", "file_type", T("unsupported file type {suffix!r}: use .xlsx or .csv",
                                                  suffix=suffix or "(none)"))
    with opened as s:
        yield s
