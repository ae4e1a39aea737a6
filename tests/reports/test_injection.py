"""Nothing a user typed ever becomes a formula (OWASP CSV injection), in every export.

The OWASP payloads are fed as branch, district, staff and customer names, addresses, finding
descriptions, units and evidence, reasons and file names, through the services, into every
writer: findings, monthly and yearly assessment, SLA, the SMS list (xlsx and CSV), the import
report and the materials notice. openpyxl reads back no formula cell holding user text and each
payload as typed; LibreOffice Calc (a real client) shows each payload literally, never its result
("2", "25", a "click" link)."""

from __future__ import annotations

import csv
import datetime as dt
import html

import pytest
from openpyxl import load_workbook

from console.models import DistrictAssignment
from console.reports import import_report, sms_list
from console.reports.assessment import write_assessment, write_year_assessment
from console.reports.findings import write_findings
from console.reports.labels import labels
from console.reports.materials_notice import materials_notice_html
from console.reports.printing import PrintMeta
from console.reports.sla import write_sla
from console.reports.xlsx import csv_safe, sheet_title
from console.services.assessment import districts as A
from console.services.assessment.sla_report import sla_report
from console.services.imports import run_import
from console.services.supervision import inspections as I
from console.vocabulary import EventType, OrderKind, Role
from tests.factories import make_branch, make_district, make_staff
from tests.reports import lo
from tests.services.assessment.test_assessment import NOV, NOW, _order, cst

PAYLOADS = ('=1+1', '=5*5', '+1+1', '-1+1', '@SUM(1+1)', '=HYPERLINK("http://x","click")', "=cmd|' /C calc'!A0",
            '\t=1+1', '\r=1+1', '=DDE("cmd";"/C calc";"!A0")A0', "'=1+1")
EVALUATED = {"2", "25", "click", "#NAME?", "Err:509", "Err:508", "#REF!"}


def read_back(text: str) -> str:
    """A payload as the workbook holds it: exactly as typed (openpyxl writes through lxml, which keeps
    a carriage return as ``&#13;``; the pure-Python writer turned it into a line feed)."""
    return text


@pytest.fixture
def poisoned(store):
    """A branch, districts, maintainers and a dispatcher named with the payloads; an order per
    district, late, assigned to its maintainer, with a reason that is a payload (an unrequested
    extension: a breach with its reason chain; an unreachable customer: exempt); findings whose
    texts are."""
    with store.write() as s:
        b = make_branch(s, "PZ", PAYLOADS[5])
        insp = make_staff(s, b, "PZ900", PAYLOADS[1], Role.INSPECTOR)
        disp = make_staff(s, b, "PZ001", PAYLOADS[6])
        for n, text in enumerate(PAYLOADS):
            d = make_district(s, b, text, 2000, n)
            m = make_staff(s, b, f"PZ1{n:02d}", text, Role.MAINTAINER)
            s.add(DistrictAssignment(branch_id=b.id, district_id=d.id, maintainer_id=m.id,
                                     valid_from=dt.date(2026, 1, 1)))
            step = (EventType.CUSTOMER_UNREACHABLE if n % 2 else EventType.EXTENSION_REQUESTED, cst(3 + n, 12),
                    {"reason": text, "clock": "resolve", "new_due": cst(9 + n, 9).isoformat()})
            o = _order(s, d, disp, f"Z{n:02d}", OrderKind.GENERAL_FAULT, cst(3 + n, 9), [step], cst(6 + n, 9))
            o.assignee_id = m.id
        s.flush()
        ids = {"b": b.id, "insp": insp.id}
    I.record_inspection(store, branch_id=ids["b"], day=dt.date(2026, 11, 20), inspectors=PAYLOADS[0], scope="检查",
                        actor_id=ids["insp"], now=NOW - dt.timedelta(days=10),
                        findings=[I.FindingInput("R-DISC-6", text, "serious", PAYLOADS[-1 - k],
                                                 dt.date(2026, 12, 1), evidence=(text,))
                                  for k, text in enumerate(PAYLOADS)])
    return ids


def _cells(path):
    wb = load_workbook(path)
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    yield ws, c


def _assert_inert(path, must_hold=PAYLOADS, whole=True):
    """No formula cell, every payload a cell as typed (``whole``) or inside one."""
    formulas = [(ws.title, c.coordinate, c.value) for ws, c in _cells(path) if c.data_type == "f"]
    assert not formulas, (path.name, formulas)
    texts = [c.value for _, c in _cells(path) if isinstance(c.value, str)]
    for text in must_hold:
        want = read_back(text)
        found = want in texts if whole else any(want in t for t in texts)
        assert found, (path.name, text)


@pytest.fixture
def exports(store, poisoned, tmp_path):
    """Every workbook export of the poisoned data, written by its writer with PrintMeta."""
    meta = PrintMeta(branch=PAYLOADS[5], period="2026-11", generated_by=PAYLOADS[4],
                     generated_at=dt.datetime(2026, 12, 5, 9, 0))
    en = labels("en")
    out = {}
    out["findings"] = tmp_path / "findings.xlsx"
    write_findings(out["findings"], I.findings(store, branch_id=poisoned["b"]), en, today=NOW.date(),
                   what=PAYLOADS[0], meta=meta, lang="en")
    out["assessment"] = tmp_path / "assessment.xlsx"
    write_assessment(out["assessment"], A.assess(store, NOV, branch_id=poisoned["b"], now=NOW), en,
                     what=PAYLOADS[2], lang="en", meta=meta)
    out["year"] = tmp_path / "year.xlsx"
    write_year_assessment(out["year"], A.year(store, 2026, branch_id=poisoned["b"], now=NOW), en, what=PAYLOADS[3],
                          lang="en", meta=meta)
    out["sla"] = tmp_path / "sla.xlsx"
    write_sla(out["sla"], sla_report(store, NOV, branch_id=poisoned["b"], now=NOW), en, what=PAYLOADS[9],
              lang="en", meta=meta)
    return out


RECIPIENTS = [sms_list.Recipient(f"A{k:07d}", text, f"1390000{k:04d}", text, text, text)
              for k, text in enumerate(PAYLOADS)]


def test_no_workbook_export_holds_a_formula_and_every_payload_reads_back_as_typed(exports, tmp_path):
    for kind in ("findings", "assessment", "year", "sla"):
        _assert_inert(exports[kind])
    breaches = load_workbook(exports["sla"])["Breaches"]
    assignees = {r[10] for r in breaches.iter_rows(min_row=2, values_only=True)}
    # breached: the even ones, each with its maintainer as "name (work number)"
    assert assignees == {f"{read_back(t)} (PZ1{n:02d})" for n, t in enumerate(PAYLOADS) if n % 2 == 0}
    chains = [r[11] for r in breaches.iter_rows(min_row=2, values_only=True)]
    assert all(any(read_back(t) in c for t in PAYLOADS) for c in chains), chains
    # the page header/footer: the branch's "&" … are never control codes, the title block is text
    wb = load_workbook(exports["assessment"])
    assert wb.worksheets[0]["A2"].value == f"{PAYLOADS[5]}, 2026-11"
    sms = sms_list.write_xlsx(tmp_path / "sms.xlsx", RECIPIENTS, title=PAYLOADS[0], message=PAYLOADS[5],
                              made_at=dt.datetime(2026, 12, 5, 9, 0), lang="en")
    _assert_inert(sms)
    assert load_workbook(sms).active["A2"].value == PAYLOADS[5]


def test_the_sms_csv_neutralises_every_risky_field():
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        path = sms_list.write_csv(Path(d) / "sms.csv", RECIPIENTS, PAYLOADS[5])
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    body = rows[2:]
    assert rows[0][0].startswith("# ")  # the message: a comment line the gateway skips
    for row, text in zip(body, PAYLOADS, strict=True):
        expected = text if text.startswith("'") else "'" + text
        assert row[1] == row[3] == row[4] == row[5] == expected, row
        assert row[2].isdigit()  # the phone as it is
    assert csv_safe("-5") == "-5" and csv_safe(12) == 12 and csv_safe("+8613800138000") == "+8613800138000"
    assert csv_safe("-1+1") == "'-1+1" and csv_safe("@x") == "'@x" and csv_safe("普通") == "普通"


def test_the_import_report_writes_file_names_columns_and_values_as_text(store, poisoned, tmp_path):
    header = ["账号", "姓名", "电话", "地址", "片区", "开户日期", "到期日期", "纬度", "经度",
              *PAYLOADS[:4]]  # unknown columns: named in a warning
    rows = [[f"C{k:07d}", text, text, text, text, "2024-01-01", "2027-01-01", "28.66", "115.86"]
            for k, text in enumerate(PAYLOADS)]
    src = tmp_path / "=1+1.csv"
    with open(src, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    report = run_import(store, "customers", src, branch_id=poisoned["b"], dry_run=True)
    assert report.problems
    out = import_report.write_xlsx(tmp_path / "import.xlsx", report, "en")
    _assert_inert(out, must_hold=["=1+1.csv"])
    _assert_inert(out, must_hold=[p.strip() for p in PAYLOADS], whole=False)  # an import trims its cells


def test_the_materials_notice_shows_every_payload_as_text():
    page = materials_notice_html({"name": PAYLOADS[5], "hotline": "96123", "supervision_phone": PAYLOADS[1]},
                                 {"number": PAYLOADS[0], "kind": "installation", "received_at": NOW},
                                 {"name": PAYLOADS[6], "account_no": PAYLOADS[2], "phone": PAYLOADS[3],
                                  "address": PAYLOADS[9]}, [], [], {"name": PAYLOADS[4], "work_number": "=5*5"},
                                 NOW, lang="en")
    for text in (PAYLOADS[5], PAYLOADS[0], PAYLOADS[6], PAYLOADS[2], PAYLOADS[3], PAYLOADS[9], PAYLOADS[4]):
        assert html.escape(text) in page
    assert '<a ' not in page and 'href' not in page


def test_sheet_titles_are_sanitised():
    assert sheet_title("a[b]:c*d?e/f\\g") == "a b  c d e f g"
    assert sheet_title("'=1+1'") == "=1+1" and len(sheet_title("长" * 40)) == 31 and sheet_title("[]") == "Sheet"


def test_libreoffice_shows_every_payload_literally(exports, tmp_path):
    lo.need_soffice()
    sms = sms_list.write_xlsx(tmp_path / "sms.xlsx", RECIPIENTS, title="SMS", message=PAYLOADS[5], lang="en")
    books = [exports[k] for k in ("findings", "assessment", "year", "sla")] + [sms]
    lo.convert(books, lo.CSV_ALL_SHEETS, tmp_path / "csv")
    for book in books:
        fields = []
        sheets = sorted((tmp_path / "csv").glob(f"{book.stem}*.csv"))
        assert sheets, book
        for sheet in sheets:
            with open(sheet, encoding="utf-8", newline="") as fh:
                fields += [f for row in csv.reader(fh) for f in row]
        for text in PAYLOADS:
            assert read_back(text) in fields, (book.name, text)  # shown as typed, not evaluated
        # where a district/staff/customer name is, no result of a formula is
        named = {f for f in fields if f in EVALUATED}
        assert "click" not in named and "Err:509" not in named and "#NAME?" not in named, (book.name, named)


def test_a_control_character_xml_cannot_hold_is_shown_not_fatal(tmp_path):
    """A vertical tab pasted from Excel or a scanner's escape code in a name: the workbook is still
    written, the character shows as U+FFFD and the rest of the text is kept."""
    typed = ["王\x0b芳", "=1+1\x01", "正常"]
    out = sms_list.write_xlsx(tmp_path / "sms.xlsx", [sms_list.Recipient("A0000001", typed[0], "13900000001", typed[1],
                                                                      typed[2])],
                              title="SMS", message="停机通知", lang="en")
    values = [c.value for row in load_workbook(out).active.iter_rows() for c in row if c.value is not None]
    assert "王\ufffd芳" in values and "=1+1\ufffd" in values and "正常" in values
    assert not [c for row in load_workbook(out).active.iter_rows() for c in row if c.data_type == "f"]


def test_the_streamed_table_writer_shows_a_control_character_too(tmp_path):
    from openpyxl import Workbook

    from console.reports.xlsx import Column, write_table

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("t")
    n = write_table(ws, [Column("name"), Column("note", wrap=True)], [("王\x0b芳", "=5*5\x1b" + "长" * 40), ("李", "好")],
                    {"name": "Name", "note": "Note"})
    wb.save(tmp_path / "t.xlsx")
    cells = [c for row in load_workbook(tmp_path / "t.xlsx").active.iter_rows() for c in row]
    assert n == 2 and [c.value for c in cells[2:6]] == ["王\ufffd芳", "=5*5\ufffd" + "长" * 40, "李", "好"]
    assert not [c for c in cells if c.data_type == "f"]
