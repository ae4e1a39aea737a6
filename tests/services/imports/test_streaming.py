"""Imports read their file as a stream, on SQLite and PostgreSQL: the memory an import takes does
not grow with its rows beyond what the duplicate checks keep (600,000 customers in ≤ 300 MB:
benchmarks/imports.py), a bad row anywhere in a big file still imports nothing and is named, a
number taken between the check and the write stops the whole import, and a file wrong in a
whole column lists its first problems and counts the rest.
"""

from __future__ import annotations

import csv
import gc
import shutil
import tracemalloc

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from console.models import AuditLog, Customer, District
from console.reports.import_report import headline, report_text
from console.services.imports import apply, check_file, kinds, run_import, spool, validate
from console.store import open_store
from tests.factories import make_customer, small_branch
from tests.services.imports.test_imports import CUSTOMER_HEADER, counts, ids  # noqa: F401 - the fixture

# What one more row may cost while a file is checked and imported, beyond a fixed base: the
# account number kept for the duplicate check (its text, its first row, its slot in a dict:
# about 160 bytes). Before streaming every row was kept as text and as values: 1,400-2,500 bytes.
BYTES_PER_ROW = 300


def rows(n: int, start: int = 0) -> list[list]:
    return [[f"S{i:07d}", f"王{i % 300}", f"139{i:08d}", f"红谷滩区丰和大道{i}号", "八一社区", "2024-01-01",
             "2027-01-01", "28.66", "115.86"] for i in range(start, start + n)]


def write_csv(path, body):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([CUSTOMER_HEADER, *body])
    return path


def write_xlsx(path, body):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("客户")
    ws.append(CUSTOMER_HEADER)
    for r in body:
        ws.append(r)
    wb.save(path)
    return path


def traced_peak(fn) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def per_row(measure, small: int, large: int) -> float:
    """The peak's growth per row from `small` to `large` rows (the fixed base cancels out)."""
    return (measure(large) - measure(small)) / (large - small)


def test_checking_and_importing_take_no_memory_per_row_beyond_the_duplicate_check(store, ids, tmp_path,
                                                                                 monkeypatch):
    # batches of 200 rows (not 2,000): both files are many batches, whose memory is part of the base
    monkeypatch.setattr(spool, "BATCH", 200)
    monkeypatch.setattr(kinds, "BATCH", 200)
    files = {n: write_csv(tmp_path / f"c{n}.csv", rows(n, start=10_000 * i)) for i, n in enumerate((800, 3200))}
    check_file(store, "customers", write_csv(tmp_path / "warm.csv", rows(5, start=90_000)), branch_id=ids["nc"])

    def check(n):
        return traced_peak(lambda: check_file(store, "customers", files[n], branch_id=ids["nc"]))

    def import_(n):
        report = None

        def run():
            nonlocal report
            report = run_import(store, "customers", files[n], branch_id=ids["nc"], actor_id=ids["admin"])
        peak = traced_peak(run)
        assert report.ok and report.imported == n, report_text(report, limit=5)
        return peak

    checking, importing = per_row(check, 800, 3200), per_row(import_, 800, 3200)
    assert checking <= BYTES_PER_ROW, f"checking keeps {checking:.0f} bytes per row"
    assert importing <= BYTES_PER_ROW, f"importing keeps {importing:.0f} bytes per row"
    assert counts(store, "customers") == (2 + 4000, 2)


@pytest.fixture
def sqlite_ids(sqlite_template, tmp_path):
    """A SQLite store only: what a workbook costs to read does not depend on the database."""
    path = tmp_path / "workbook.sqlite3"
    shutil.copyfile(sqlite_template, path)
    st = open_store(f"sqlite:///{path}")
    yield st, small_branch(st)
    st.dispose()


def test_a_workbook_costs_no_more_per_row_than_reading_it(sqlite_ids, tmp_path):
    """openpyxl keeps a workbook's distinct texts while it reads (the bare read pays it too):
    beyond that, checking a workbook costs what checking a CSV file does."""
    from openpyxl import load_workbook as bare

    store, ids = sqlite_ids
    files = {n: write_xlsx(tmp_path / f"c{n}.xlsx", rows(n)) for n in (300, 1200)}

    def read(n):
        def run():
            wb = bare(files[n], read_only=True, data_only=True)
            for _ in wb.worksheets[0].iter_rows(values_only=True):
                pass
            wb.close()
        return traced_peak(run)

    def check(n):
        return traced_peak(lambda: check_file(store, "customers", files[n], branch_id=ids["nc"]))

    check(300)  # warm: the first workbook loads openpyxl's own modules
    beyond = per_row(check, 300, 1200) - per_row(read, 300, 1200)
    assert beyond <= BYTES_PER_ROW, f"checking a workbook keeps {beyond:.0f} bytes per row beyond reading it"


def test_a_bad_row_deep_in_a_big_file_imports_nothing_and_is_named(store, ids, tmp_path):
    body = rows(5000)
    body[2600][2] = "1390791"  # a phone one digit short, in the second batch of rows
    body[4400][0] = body[7][0]  # a duplicate account, far from its first row
    body[4999][4] = "火星社区"  # the last row names a district the branch does not have
    path = write_xlsx(tmp_path / "big.xlsx", body)
    report = run_import(store, "customers", path, branch_id=ids["nc"], actor_id=ids["admin"])
    assert not report.ok and report.imported == 0 and report.rows == 5000
    got = [(p.row, p.column, p.code) for p in report.errors]
    assert got == [(2602, "C 电话", "bad_phone"), (4402, "A 账号", "duplicate_in_file"),
                   (5001, "E 片区", "unknown_district")], report_text(report)
    assert "also in row 9" in report.errors[1].text
    assert counts(store, "customers") == (2, 0)


def test_an_account_taken_between_the_check_and_the_write_stops_the_whole_import(store, ids, tmp_path,
                                                                                 monkeypatch):
    """The write transaction checks the rows again, batch by batch, after some are written: one
    taken account in the last batch undoes them all and is named."""
    path = write_csv(tmp_path / "c.csv", rows(4500))
    write = apply._write

    def someone_else_first(store_, checked, *args):
        with store_.write() as s:  # another console imports one of the file's accounts meanwhile
            make_customer(s, s.scalar(select(District).where(District.name == "八一社区")), "S0004321")
        return write(store_, checked, *args)

    monkeypatch.setattr(apply, "_write", someone_else_first)
    report = run_import(store, "customers", path, branch_id=ids["nc"], actor_id=ids["admin"])
    assert not report.ok and report.imported == 0
    (p,) = report.errors
    assert (p.row, p.column, p.code) == (4323, "A 账号", "duplicate_in_db"), report_text(report)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Customer)) == 3  # the fixture's two and the one taken
        assert s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "import")) == 0


def test_past_the_listed_problems_the_rest_are_counted_by_column(store, ids, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(validate, "PROBLEM_LIMIT", 5)
    body = rows(40)
    for r in body:
        r[2] = "0000"  # the phone column lost its leading zeros: every row is wrong
    body[30][5] = "2024-02-30"
    path = write_csv(tmp_path / "c.csv", body)
    report = run_import(store, "customers", path, branch_id=ids["nc"], actor_id=ids["admin"])
    assert not report.ok and report.imported == 0
    listed = [p for p in report.errors if p.row is not None]
    assert [(p.row, p.code) for p in listed] == [(r, "bad_phone") for r in range(2, 7)]
    (phones, dates) = [p for p in report.errors if p.row is None]
    assert (phones.column, phones.code, phones.count) == ("C 电话", "bad_phone", 35)
    assert "35 more problems like this in rows 7–41" in phones.text and "not a phone number" in phones.text
    assert (dates.column, dates.code, dates.count) == ("F 开户日期", "bad_date", 1)
    assert report.error_count == 41 and report.summary()["errors"] == 41
    assert headline(report) == "customers import of c.csv (utf-8): 41 errors in 40 rows: NOTHING imported"
    out = tmp_path / "report.xlsx"
    from console.reports.import_report import write_xlsx as write_report

    ws = load_workbook(write_report(out, report)).active
    assert [c.value for c in ws[3 + len(report.problems)]][2:4] == [None, "F 开户日期"]
    assert counts(store, "customers") == (2, 0)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-16"])
def test_a_csv_file_larger_than_a_read_chunk_is_read_in_its_encoding(store, ids, tmp_path, encoding):
    body = rows(3000)
    body[2999][1] = "龘靐"  # the last row, past the first chunks the encoding is found in
    path = tmp_path / "c.csv"
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows([CUSTOMER_HEADER, *body])
    assert path.stat().st_size > 3 * (1 << 16)
    report = run_import(store, "customers", path, branch_id=ids["nc"], actor_id=ids["admin"])
    assert report.ok and report.imported == 3000, report_text(report, limit=5)
    with store.read() as s:
        assert s.scalar(select(Customer.name).where(Customer.account_no == "S0002999")) == "龘靐"


def test_a_csv_file_broken_deep_inside_names_its_encoding_problem(store, ids, tmp_path):
    path = write_csv(tmp_path / "c.csv", rows(3000))
    data = path.read_bytes()
    path.write_bytes(data[:150_000] + b"\xff\xfe\xfd" + data[150_000:])  # neither UTF-8 nor GB18030
    report = run_import(store, "customers", path, branch_id=ids["nc"], actor_id=ids["admin"])
    assert [p.code for p in report.errors] == ["encoding"]
    assert counts(store, "customers") == (2, 0)


def test_a_csv_file_that_breaks_off_deep_inside_imports_nothing_and_says_where(store, ids, tmp_path):
    body = rows(3000)
    body[2500][3] = "长" * 140_000  # more than a CSV cell may hold (csv.field_size_limit)
    report = run_import(store, "customers", write_csv(tmp_path / "c.csv", body), branch_id=ids["nc"],
                        actor_id=ids["admin"])
    assert [(p.row, p.code) for p in report.errors] == [(2502, "cell_too_long")], report_text(report)
    assert report.rows == 2500 and report.imported == 0  # the rows read before the break
    assert counts(store, "customers") == (2, 0)
