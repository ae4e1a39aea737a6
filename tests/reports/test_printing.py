"""The leadership workbooks print as reports, measured in a real client: LibreOffice Calc converts
them to PDF and the pages are counted and read (tests/reports/lo.py; skipped only where LibreOffice
is missing and CI is not set).

The demo's findings (24 of the demo's texts over two inspections) print on at most three pages,
every page of the findings table carrying the finding number and the description, and the
chart on one page; a month's assessment of a branch of 42 districts prints every district's row
one page wide (each page has the district column). The page setup itself is read back with
openpyxl: A4, one page wide, header row repeated, header/footer with title, branch, period,
generated at/by and page N of M, a title block on the first sheet."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import load_workbook

from console.demo.supervision import FINDINGS
from console.reports import printing
from console.reports.assessment import write_assessment
from console.reports.findings import SEVERITY_COLOURS, write_findings
from console.reports.labels import labels
from console.reports.printing import PrintMeta
from console.rules.periods import CST
from console.services.assessment import districts as A
from console.services.supervision import inspections as I
from console.vocabulary import OrderKind, Role
from tests.factories import make_branch, make_district, make_staff
from tests.reports import lo
from tests.services.assessment.test_assessment import NOV, NOW, _order, cst

DAY = dt.date(2026, 11, 20)
AT = dt.datetime(2026, 12, 5, 9, 30, tzinfo=CST)


def meta(period: str = "2026-11") -> PrintMeta:
    return PrintMeta(branch="南昌市分公司", period=period, generated_at=AT, generated_by="王芳 (NC001)")


@pytest.fixture
def demo_findings(store):
    """24 findings with the demo's texts (R-INSP), in two inspections of 南昌市分公司."""
    with store.write() as s:
        b = make_branch(s)
        insp = make_staff(s, b, "NC900", "刘瑶", Role.INSPECTOR).id
        bid = b.id
    texts = list(FINDINGS) + list(FINDINGS[:9])
    for k, chunk in enumerate((texts[:12], texts[12:])):
        day = DAY - dt.timedelta(days=20 * k)
        I.record_inspection(store, branch_id=bid, day=day, inspectors="刘瑶", scope="年度服务质量综合督查",
                            actor_id=insp, now=NOW - dt.timedelta(days=30),
                            findings=[I.FindingInput(rule, text, sev.value, unit, day + dt.timedelta(days=10 + i),
                                                     evidence=(f"检查照片_{k}_{i:03d}.jpg", "整改报告.pdf"))
                                      for i, (_, rule, text, sev, unit) in enumerate(chunk)])
    rows = I.findings(store, branch_id=bid)
    assert len(rows) == 24
    return rows


@pytest.fixture
def big_branch(store):
    """A branch of 42 districts, each with a general fault completed in November."""
    with store.write() as s:
        b = make_branch(s, "JJ", "九江市分公司")
        disp = make_staff(s, b, "JJ001", "王芳")
        for n in range(42):
            d = make_district(s, b, f"第{n + 1}片区（红谷滩新区凤凰洲社区）", 2000 + n, n)
            day = 3 + n % 20
            _order(s, d, disp, f"GF{n:02d}", OrderKind.GENERAL_FAULT, cst(day, 9), [], cst(day, 9 + n % 30))
        return b.id


def _findings_book(rows, out, lang="en"):
    return write_findings(out, rows, labels(lang), today=NOW.date(), what="南昌市分公司", total=len(rows),
                          meta=meta(""), lang=lang)


def test_every_sheet_is_set_up_for_printing_with_a_title_block(store, demo_findings, tmp_path):
    out = tmp_path / "findings.xlsx"
    _findings_book(demo_findings, out)
    wb = load_workbook(out)
    summary, table = wb["Summary"], wb["Findings"]
    assert [summary.cell(r, 1).value for r in (1, 2, 3)] == [
        "Inspection findings (R-INSP)", "南昌市分公司", "Generated at 2026-12-05 09:30 by 王芳 (NC001)"]
    assert summary.cell(4, 1).value.startswith("Days to deadline and the red rows are fixed as of 2026-12-05")
    assert summary.cell(6, 1).value == "Branch" and summary.print_title_rows == "$6:$6"
    for ws in wb:
        assert ws.page_setup.paperSize == 9 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.oddHeader.left.text == "Inspection findings (R-INSP)"
        assert ws.oddHeader.center.text == "南昌市分公司"
        assert ws.oddHeader.right.text == "Generated at 2026-12-05 09:30 by 王芳 (NC001)"
        assert ws.oddFooter.right.text == "Page &P of &N"
        assert ws.print_area
    assert table.page_setup.orientation == "landscape" and summary.page_setup.orientation == "portrait"
    assert table.print_title_rows == "$1:$1" and table.print_area == "'Findings'!$A$1:$Q$25"
    # days to deadline and the red rows: both fixed as of the export day, and said so
    assert table["M1"].value == "Days to deadline (as of 2026-12-05)"
    rule = [r for cf in table.conditional_formatting for r in cf.rules][0]
    assert "DATE(2026,12,5)" in rule.formula[0] and "TODAY" not in rule.formula[0]
    long = [c for c in table["H"][1:] if len(c.value) > 20]
    assert long and all(c.alignment.wrap_text for c in long)  # a long description wraps inside its column
    assert all(table.row_dimensions[c.row].height >= 30 for c in long)  # and its row is as tall


def test_the_chart_is_in_the_consoles_severity_colours(store, demo_findings, tmp_path):
    out = tmp_path / "findings.xlsx"
    _findings_book(demo_findings, out)
    import zipfile

    xml = zipfile.ZipFile(out).read("xl/charts/chart1.xml").decode()
    colours = re.findall(r'<(?:c:)?ser>.*?<a:srgbClr val="([0-9A-F]{6})"', xml, re.S)
    assert colours == [SEVERITY_COLOURS["minor"], SEVERITY_COLOURS["serious"], SEVERITY_COLOURS["critical"]]
    assert SEVERITY_COLOURS["critical"] == "C62828"  # views.supervision.inspections' red


def test_a_header_footer_text_from_data_is_never_a_control_code():
    p = printing.page(PrintMeta(branch="A&B 分公司", period="2026-11", generated_at=AT, generated_by="&P"),
                      title="T", lang="en")
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("x")
    printing.setup(ws, p, header_row=1, width=50)
    assert ws.oddHeader.center.text == "A&&B 分公司, 2026-11"
    assert ws.oddHeader.right.text.endswith("by &&P")


def test_libreoffice_prints_the_demo_findings_on_three_pages_with_the_chart_whole(store, demo_findings, big_branch,
                                                                                   tmp_path):
    lo.need_soffice()
    findings = tmp_path / "findings.xlsx"
    _findings_book(demo_findings, findings)
    assessment = tmp_path / "assessment.xlsx"
    a = A.assess(store, NOV, branch_id=big_branch, now=NOW)
    assert len(a.districts) == 42 and not a.empty
    write_assessment(assessment, a, labels("en"), what="九江市分公司, 2026-11", lang="en",
                     meta=PrintMeta(branch="九江市分公司", period="2026-11", generated_at=AT, generated_by="王芳 (JJ001)"))
    lo.convert([findings, assessment], "pdf", tmp_path / "pdf")

    pages = lo.pdf_pages(tmp_path / "pdf" / "findings.pdf")
    assert lo.page_count(tmp_path / "pdf" / "findings.pdf") == len(pages) <= 3, [p[:200] for p in pages]
    summary, table = pages[0], pages[1:]
    assert "Findings by rule family and severity" in summary and "Number of findings" in summary  # the chart, whole
    # the header row on every page: the finding number (its title wraps: "Finding / no.") and description
    assert table and all(re.search(r"\bFinding\b", p) and "Description" in p and "Rule id" in p for p in table), table
    assert all("Page" in p and "Inspection findings (R-INSP)" in p for p in pages)
    assert all(f"Page {k} of " in p for k, p in enumerate(pages, start=1))
    listed = set()
    for p in table:
        listed |= {t[2] for t in FINDINGS if t[2][:8] in p}
    assert len(listed) == len(FINDINGS)  # every description on paper

    pages = lo.pdf_pages(tmp_path / "pdf" / "assessment.pdf")
    # the pages of the Districts sheet (its name in the footer): each one page wide — the first
    # columns (rank, district) and the last (provisional count) on every page, every district listed
    districts = [p for p in pages if re.search(r"^\s*Districts\s+Page \d+ of \d+", p, re.M)]
    assert districts, pages
    assert all("Rank" in p and "District" in p and "Provisional" in p for p in districts)
    assert "District assessment 2026-11 (R-ZONE-3/4)" in districts[0] and "九江市分公司" in districts[0]
    named = set()
    for p in districts:
        named |= {int(n) for n in re.findall(r"第(\d+)片区", p)}
    assert named == set(range(1, 43))
    assert len(pages) <= 8, len(pages)  # four sheets, one page wide each (a month printed on 53 pages before)


def test_a_missing_libreoffice_fails_under_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setattr(lo.shutil, "which", lambda _name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="not installed"):
        lo.need_soffice()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        lo.need_soffice()
