"""Imports that lose nothing, on SQLite and PostgreSQL: each kind of bad row is
named in the report with its row (header = row 1) and column and NOTHING is imported; a good
file imports exactly its rows in one transaction with one audit row; --dry-run writes nothing.
"""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from console.cli import main
from console.errors import PermissionDenied
from console.models import AuditLog, Customer, District, Staff
from console.reports.import_report import report_text, write_xlsx
from console.services.imports import run_import
from console.vocabulary import Role
from tests.factories import add_person, small_branch, square

CUSTOMER_HEADER = ["账号", "姓名", "电话", "地址", "片区", "开户日期", "到期日期", "纬度", "经度"]
DISTRICT_HEADER = ["code", "name", "area_type", "households", "service_phone", "supervision_phone", "geojson"]
STAFF_HEADER = ["工号", "姓名", "角色", "电话", "入职日期"]


def customer_rows(n: int = 3) -> list[list]:
    return [[f"C{i:07d}", f"王{i}", f"1390791{i:04d}", f"红谷滩区丰和大道{i}号", "八一社区",
             "2024-01-01", "2027-01-01", "28.66", "115.86"] for i in range(n)]


def district_rows(n: int = 3) -> list[list]:
    return [[f"NC-N{i}", f"新区{i}", "urban", 4500, "0791-2000000", "0791-3000000", square(116.0 + 0.02 * i, 28.7)]
            for i in range(n)]


def staff_rows(n: int = 3) -> list[list]:
    return [[f"NC9{i:02d}", f"员工{i}", "维护员", f"1380791{i:04d}", "2020-03-01"] for i in range(n)]


GOOD = {"customers": (CUSTOMER_HEADER, customer_rows), "districts": (DISTRICT_HEADER, district_rows),
        "staff": (STAFF_HEADER, staff_rows)}
MODEL = {"customers": Customer, "districts": District, "staff": Staff}


def xlsx(path, header, rows, sheet="Sheet1"):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r in [header, *rows] if header is not None else rows:
        ws.append(r)
    wb.save(path)
    return path


def write_csv(path, header, rows, encoding="utf-8-sig"):
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


def counts(store, kind):
    with store.read() as s:
        return (s.scalar(select(func.count()).select_from(MODEL[kind])),
                s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "import")))


@pytest.fixture
def ids(store):
    ids = small_branch(store)
    # importing is an admin's right (permissions.Action.IMPORT)
    ids["admin"] = add_person(store, Role.ADMIN, ids["nc"], "AD001", "赵敏")
    return ids


def _set(row_index, col, value):
    def edit(header, rows):
        rows[row_index][col] = value
    return edit


def _dup(src, dst):
    def edit(header, rows):
        rows[dst][0] = rows[src][0]
    return edit


def _extra_cell(header, rows):
    rows[1].append("孤儿值")


BAD_ROWS = [
    # (id, kind, edit(header, rows), expected row, column prefix, code)
    ("wrong_type", "districts", _set(0, 3, "很多"), 2, "D households", "bad_number"),
    ("empty_required", "customers", _set(1, 1, "  "), 3, "B 姓名", "empty_required"),
    ("unknown_district", "customers", _set(2, 4, "不存在社区"), 4, "E 片区", "unknown_district"),
    ("duplicate_account_in_file", "customers", _dup(0, 2), 4, "A 账号", "duplicate_in_file"),
    ("duplicate_account_in_db", "customers", _set(1, 0, "A0000001"), 3, "A 账号", "duplicate_in_db"),
    ("open_polygon", "districts",
     _set(1, 6, json.dumps({"type": "Polygon", "coordinates": [[[116, 28], [116.01, 28], [116.01, 28.01],
                                                                [116, 28.01]]]})), 3, "G geojson", "open_polygon"),
    ("too_few_points", "districts",
     _set(1, 6, json.dumps({"type": "Polygon", "coordinates": [[[116, 28], [116.01, 28], [116, 28]]]})),
     3, "G geojson", "bad_polygon"),
    ("not_geojson", "districts", _set(0, 6, "POLYGON((116 28, ...))"), 2, "G geojson", "bad_polygon"),
    ("self_intersecting", "districts",
     _set(2, 6, json.dumps({"type": "Polygon", "coordinates": [[[116, 28], [116.01, 28.01], [116.01, 28],
                                                                [116, 28.01], [116, 28]]]})),
     4, "G geojson", "self_intersecting"),
    ("polygon_out_of_range", "districts", _set(0, 6, square(28.7, 116.0)), 2, "G geojson", "out_of_range"),
    ("overlaps_existing_district", "districts", _set(1, 6, square(115.855, 28.655)), 3, "G geojson", "overlap"),
    ("overlaps_earlier_row", "districts", _set(2, 6, square(116.005, 28.705)), 4, "G geojson", "overlap"),
    ("bad_date", "customers", _set(0, 5, "2024-02-30"), 2, "F 开户日期", "bad_date"),
    ("expires_before_subscribed", "customers", _set(0, 6, "2023-12-31"), 2, "G 到期日期", "bad_date"),
    ("bad_phone", "customers", _set(1, 2, "1390791"), 3, "C 电话", "bad_phone"),
    ("bad_landline", "districts", _set(2, 4, "791-2000000"), 4, "E service_phone", "bad_phone"),
    ("bad_enum", "districts", _set(0, 2, "suburb"), 2, "C area_type", "bad_enum"),
    ("bad_role", "staff", _set(1, 2, "厨师"), 3, "C 角色", "bad_enum"),
    ("negative_households", "districts", _set(1, 3, -5), 3, "D households", "negative"),
    ("text_too_long", "customers", _set(2, 3, "长" * 201), 4, "D 地址", "too_long"),
    ("latitude_out_of_range", "customers", _set(0, 7, "115.86"), 2, "H 纬度", "out_of_range"),
    ("duplicate_work_number_in_file", "staff", _dup(0, 1), 3, "A 工号", "duplicate_in_file"),
    ("duplicate_work_number_in_db", "staff", _set(2, 0, "NC101"), 4, "A 工号", "duplicate_in_db"),
    ("value_without_header", "customers", _extra_cell, 3, "J", "no_header"),
]


@pytest.mark.parametrize("case", BAD_ROWS, ids=[c[0] for c in BAD_ROWS])
def test_a_bad_row_is_named_and_nothing_is_imported(store, ids, tmp_path, case):
    _name, kind, edit, row, column, code = case
    header, make = GOOD[kind]
    rows = make()
    edit(header, rows)
    path = xlsx(tmp_path / f"{kind}.xlsx", header, rows, sheet="导入")
    before = counts(store, kind)
    report = run_import(store, kind, path, branch_id=ids["nc"], actor_id=ids["admin"])
    assert not report.ok and report.imported == 0
    hits = [p for p in report.errors if p.code == code]
    assert hits, report_text(report)
    p = hits[0]
    assert (p.file, p.sheet, p.row) == (f"{kind}.xlsx", "导入", row), report_text(report)
    assert p.column.startswith(column), p.column
    assert all(q.row == row for q in report.errors), report_text(report)  # the good rows are not blamed
    assert counts(store, kind) == before


def test_file_level_problems(store, ids, tmp_path):
    cases = {
        "empty_file": write_csv(tmp_path / "empty.csv", [], []),
        "no_rows": write_csv(tmp_path / "header_only.csv", CUSTOMER_HEADER, []),
        "missing_column": write_csv(tmp_path / "no_phone.csv", CUSTOMER_HEADER[:2] + CUSTOMER_HEADER[3:],
                                    [r[:2] + r[3:] for r in customer_rows()]),
        "encoding": tmp_path / "binary.csv",
        "unknown_sheet": xlsx(tmp_path / "book.xlsx", CUSTOMER_HEADER, customer_rows()),
        "unreadable_workbook": tmp_path / "fake.xlsx",
        "file_type": tmp_path / "customers.json",
    }
    (tmp_path / "empty.csv").write_bytes(b"")
    cases["encoding"].write_bytes(b"\x81\x30\xff\xfe\x80" * 40)
    cases["unreadable_workbook"].write_bytes(b"not a zip")
    cases["file_type"].write_text("[]")
    for code, path in cases.items():
        sheet = "客户" if code == "unknown_sheet" else None
        report = run_import(store, "customers", path, branch_id=ids["nc"], sheet=sheet, actor_id=ids["admin"])
        assert [p.code for p in report.errors] == [code], (code, report_text(report))
        assert report.imported == 0
    missing = run_import(store, "customers", cases["missing_column"], branch_id=ids["nc"],
                         actor_id=ids["admin"]).errors[0]
    assert missing.row == 1 and "phone" in missing.text
    sheet = run_import(store, "customers", cases["unknown_sheet"], branch_id=ids["nc"], sheet="客户",
                       actor_id=ids["admin"]).errors[0]
    assert sheet.sheet == "客户" and "Sheet1" in sheet.text
    assert counts(store, "customers") == (2, 0)


def test_a_good_xlsx_imports_exactly_its_rows_with_one_audit_row(store, ids, tmp_path):
    path = xlsx(tmp_path / "客户.xlsx", CUSTOMER_HEADER + ["重要客户类别"],
                [r + [""] for r in customer_rows(4)] + [customer_rows(5)[4] + ["医院"]])
    report = run_import(store, "customers", path, branch_id=ids["nc"], actor_id=ids["admin"])
    assert report.ok and report.imported == 5 and not report.problems, report_text(report)
    with store.read() as s:
        got = s.scalars(select(Customer).where(Customer.account_no.like("C%")).order_by(Customer.account_no)).all()
        log = s.scalars(select(AuditLog).where(AuditLog.action == "import")).all()
    assert [c.name for c in got] == ["王0", "王1", "王2", "王3", "王4"]
    assert got[4].is_major and got[4].major_category == "hospital" and not got[0].is_major
    assert got[0].phone == "13907910000" and str(got[0].expires_on) == "2027-01-01"
    assert len(log) == 1 and log[0].after["imported"] == 5 and log[0].actor_id == ids["admin"]
    assert log[0].entity == "customer" and log[0].branch_id == ids["nc"]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_chinese_csv_in_any_encoding_imports_without_mojibake(store, ids, tmp_path, encoding):
    path = write_csv(tmp_path / "客户.csv", CUSTOMER_HEADER, customer_rows(), encoding=encoding)
    report = run_import(store, "customers", path, branch_id=ids["nc"], actor_id=ids["admin"])
    assert report.ok and report.imported == 3, report_text(report)
    assert report.encoding in {"gbk": "gb18030"}.get(encoding, encoding)
    with store.read() as s:
        c = s.scalar(select(Customer).where(Customer.account_no == "C0000001"))
    assert (c.name, c.address) == ("王1", "红谷滩区丰和大道1号")


def test_unknown_columns_warn_but_import(store, ids, tmp_path):
    path = write_csv(tmp_path / "c.csv", CUSTOMER_HEADER + ["备注"], [r + ["老客户"] for r in customer_rows()])
    report = run_import(store, "customers", path, branch_id=ids["nc"], actor_id=ids["admin"])
    assert report.ok and report.imported == 3
    (w,) = report.warnings
    assert (w.code, w.row, w.column) == ("unknown_column", 1, "J 备注") and "NOT imported" in w.text


def test_districts_and_staff_good_files(store, ids, tmp_path):
    report = run_import(store, "districts", xlsx(tmp_path / "d.xlsx", DISTRICT_HEADER, district_rows()),
                        branch_id=ids["nc"], actor_id=ids["admin"])
    assert report.ok and report.imported == 3, report_text(report)
    report = run_import(store, "staff", write_csv(tmp_path / "s.csv", STAFF_HEADER, staff_rows(), "gbk"),
                        branch_id=ids["nc"], actor_id=ids["admin"])
    assert report.ok and report.imported == 3, report_text(report)
    with store.read() as s:
        d = s.scalar(select(District).where(District.code == "NC-N1"))
        st = s.scalar(select(Staff).where(Staff.work_number == "NC901"))
    assert d.area_type == "urban" and abs(d.longitude - 116.025) < 1e-9  # label point = boundary centre
    assert st.role == "maintainer" and st.name == "员工1" and st.branch_id == ids["nc"]


def test_dry_run_writes_nothing(store, ids, tmp_path):
    path = xlsx(tmp_path / "c.xlsx", CUSTOMER_HEADER, customer_rows())
    report = run_import(store, "customers", path, branch_id=ids["nc"], dry_run=True)
    assert report.ok and report.dry_run and report.imported == 0 and report.rows == 3
    assert counts(store, "customers") == (2, 0)


def test_cli_import_dry_run_report_and_import(store, ids, tmp_path, capsys):
    bad_rows = customer_rows()
    bad_rows[1][2] = "12345"
    bad = write_csv(tmp_path / "bad.csv", CUSTOMER_HEADER, bad_rows, "gbk")
    out = tmp_path / "report.xlsx"
    args = ["import", "customers", "--db", store.url, "--branch", "南昌市分公司"]
    assert main([*args, "--file", str(bad), "--report", str(out)]) == 1
    assert "bad.csv › row 3 › C 电话" in capsys.readouterr().out
    ws = load_workbook(out).active
    assert [c.value for c in ws[4]][:5] == ["bad.csv", None, 3, "C 电话", "error"]
    good = write_csv(tmp_path / "good.csv", CUSTOMER_HEADER, customer_rows())
    assert main([*args, "--file", str(good), "--dry-run"]) == 0
    assert counts(store, "customers") == (2, 0)
    assert main([*args, "--file", str(good)]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["imported"] == 3
    assert counts(store, "customers") == (5, 1)


def test_report_xlsx_lists_every_problem(tmp_path, store, ids):
    rows = customer_rows()
    rows[0][2], rows[2][5] = "x", "tomorrow"
    report = run_import(store, "customers", xlsx(tmp_path / "c.xlsx", CUSTOMER_HEADER, rows), branch_id=ids["nc"],
                        actor_id=ids["admin"])
    ws = load_workbook(write_xlsx(tmp_path / "r.xlsx", report)).active
    listed = [(r[2], r[3], r[6]) for r in ws.iter_rows(min_row=4, values_only=True)]
    assert listed == [(2, "C 电话", "bad_phone"), (4, "F 开户日期", "bad_date")]


def test_a_dispatcher_cannot_import_staff_and_is_told_who_may(store, ids, tmp_path):
    """Service-side role check (permissions.Action.IMPORT): refused before the file is read."""
    path = write_csv(tmp_path / "s.csv", STAFF_HEADER, staff_rows())
    with pytest.raises(PermissionDenied, match=r"^王芳 \(dispatcher\) may not import data: admins import data$"):
        run_import(store, "staff", path, branch_id=ids["nc"], actor_id=ids["dispatcher"])
    assert counts(store, "staff") == (4, 0)  # the four people of the fixture, no audit row
    assert run_import(store, "staff", path, branch_id=ids["nc"], actor_id=ids["dispatcher"], dry_run=True).ok
    with pytest.raises(PermissionDenied, match="sign in to import data"):  # nobody, and not the command line
        run_import(store, "staff", path, branch_id=ids["nc"])
    jx_admin = add_person(store, Role.ADMIN, ids["jx"], "AD002", "钱进")
    with pytest.raises(PermissionDenied, match="may not import data for 南昌市分公司"):
        run_import(store, "staff", path, branch_id=ids["nc"], actor_id=jx_admin)
    assert run_import(store, "staff", path, branch_id=ids["nc"], actor_id=ids["admin"]).imported == 3


# R-DISC-6: one work number is one person, whatever its case, width or invisible characters.
# The fixture's staff are NC001, NC101, NC102 and AD001.
NEAR_DUPLICATES = [
    # (id, work numbers of the file's rows, row refused, spellings the message names, code)
    ("lower_case_of_one_in_the_database", ["NC900", "nc101", "NC902"], 3, ("'nc101'", "'NC101'"), "duplicate_in_db"),
    ("full_width_of_one_in_the_database", ["ＮＣ１０２", "NC901", "NC902"], 2, ("'ＮＣ１０２'", "'NC102'"),
     "duplicate_in_db"),
    ("zero_width_space_in_one_in_the_database", ["NC900", "NC901", "AD\u200b001"], 4,
     ("'AD\\u200b001'", "'AD001'"), "duplicate_in_db"),
    ("other_case_of_an_earlier_row", ["NC900", "NC901", "nc900"], 4, ("'nc900'", "'NC900'", "row 2"),
     "duplicate_in_file"),
    ("full_width_and_zero_width_of_an_earlier_row", ["NC900", "\ufeffＮＣ９００", "NC902"], 3,
     ("'\\ufeffＮＣ９００'", "'NC900'", "row 2"), "duplicate_in_file"),
    ("nothing_visible", ["NC900", "\u200b\u200d", "NC902"], 3, ("no visible characters",), "empty_required"),
]


@pytest.mark.parametrize("case", NEAR_DUPLICATES, ids=[c[0] for c in NEAR_DUPLICATES])
def test_a_near_duplicate_work_number_is_refused_with_both_spellings(store, ids, tmp_path, case):
    _name, numbers, row, spellings, code = case
    rows = staff_rows()
    for r, number in zip(rows, numbers):
        r[0] = number
    before = counts(store, "staff")
    report = run_import(store, "staff", xlsx(tmp_path / "staff.xlsx", STAFF_HEADER, rows), branch_id=ids["nc"],
                        actor_id=ids["admin"])
    assert not report.ok and report.imported == 0
    (p,) = report.errors
    assert (p.row, p.code) == (row, code) and p.column.startswith("A 工号"), report_text(report)
    assert all(s in p.text for s in spellings), p.text
    assert counts(store, "staff") == before


def test_the_database_refuses_a_second_spelling_of_a_work_number(store, ids):
    """The unique staff.work_number_key backs the checks up (two consoles importing at once)."""
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    for spelling in ("nc101", "ＮＣ１０１", " NC\u200b101"):
        with pytest.raises(IntegrityError), store.write() as s:
            s.add(Staff(work_number=spelling, name="重号", role=Role.MAINTAINER, branch_id=ids["nc"],
                        phone="13800000009", active=True))
        with pytest.raises(IntegrityError), store.write() as s:  # the bulk path of imports and the demo
            s.execute(insert(Staff), [{"work_number": spelling, "name": "重号", "role": Role.MAINTAINER,
                                       "branch_id": ids["nc"], "phone": "13800000009", "active": True}])
    with store.write() as s:  # a renumbered person keeps one key: the old spelling is free again
        s.scalar(select(Staff).where(Staff.work_number == "NC101")).work_number = "ｎｃ１１１"
    with store.read() as s:
        keys = dict(s.execute(select(Staff.work_number, Staff.work_number_key)).all())
    assert keys["ｎｃ１１１"] == "NC111" and "NC101" not in keys.values()
    assert counts(store, "staff")[0] == 4  # the fixture's four people: none of the second spellings was added
