"""Leadership workbooks (R-INSP findings, R-ZONE-3 assessment, R-TIME breaches) read back with
openpyxl: sheets, headers, row counts, number formats, filters, frozen panes, validation, conditional
formatting, chart; empty months; zh_CN."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import load_workbook

from console.cli import main
from console.errors import ExportCancelled
from console.reports import findings as F
from console.reports.labels import EN, labels
from console.services.exports.workbooks import export
from console.services.supervision import inspections as I
from console.vocabulary import Role
from tests.factories import make_staff, small_branch
from tests.reports import lo
from tests.reports.sheets import body, head, header_row
from tests.services.assessment.test_assessment import NOV, NOW, month  # noqa: F401 - the hand-built month fixture

DAY = dt.date(2026, 11, 20)


@pytest.fixture
def three_findings(store):
    ids = small_branch(store)
    with store.write() as s:
        insp = make_staff(s, None, "P001", "刘瑶", Role.INSPECTOR).id
    I.record_inspection(store, branch_id=ids["nc"], day=DAY, inspectors="刘瑶", scope="营业厅检查", actor_id=insp,
                        findings=[
                            I.FindingInput("R-DISC-6", "缺员工照片", "minor", "营业厅", DAY + dt.timedelta(days=5)),
                            I.FindingInput("R-TIME-1", "一般故障超时", "serious", "维护部", DAY + dt.timedelta(days=30)),
                            I.FindingInput("R-DISC-2", "未标监督电话", "critical", "营业厅", DAY + dt.timedelta(days=9)),
                        ], now=NOW - dt.timedelta(days=15))
    return ids


def test_findings_workbook_reads_back(store, three_findings, tmp_path):
    out = tmp_path / "findings.xlsx"
    result = export(store, "findings", out, month=NOV, lang="en", now=NOW)
    assert result.rows == {"sheet.findings": 3} and not result.empty
    wb = load_workbook(out)
    assert wb.sheetnames == ["Summary", "Findings"]
    ws = wb["Findings"]
    titles = [EN[c.key] for c in F.COLUMNS]
    titles[12] = "Days to deadline (as of 2026-12-05)"  # fixed at the export, like the red rows (R-INSP)
    assert [c.value for c in ws[1]] == titles
    assert ws.max_row == 4 and ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:Q4"
    row = {EN[c.key]: cell for c, cell in zip(F.COLUMNS, ws[2], strict=True)}
    assert row["Inspection date"].value == dt.datetime(2026, 11, 20) and row["Inspection date"].number_format == "yyyy-mm-dd"
    assert row["Rectification deadline"].is_date and row["Status since"].number_format == "yyyy-mm-dd hh:mm"
    assert row["Rule id"].value == "R-DISC-6" and row["Days to deadline"].value == -10  # NOW is 5 Dec
    assert ws.column_dimensions["H"].width >= 20
    dv = ws.data_validations.dataValidation[0]
    assert dv.type == "list" and dv.formula1 == '"open,rectifying,verified closed"' and str(dv.sqref) == "N2:N4"
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert rules and "DATE(2026,12,5)" in rules[0].formula[0] and "$L2" in rules[0].formula[0]
    summary = wb["Summary"]
    assert summary["A1"].value == "Inspection findings (R-INSP)"  # the title block, then the table
    assert head(summary)[:5] == ["Branch", "Rule family", "minor", "serious", "critical"]
    counts = {(r[0], r[1]): r[2:] for r in body(summary)[:2]}
    assert counts[("南昌市分公司", "R-DISC")] == (1, 0, 1, 2, 0, 0, 2)
    assert counts[("南昌市分公司", "R-TIME")] == (0, 1, 0, 1, 0, 0, 1)
    assert len(summary._charts) == 1 or _has_chart(out)


def _has_chart(path) -> bool:
    import zipfile

    return any(n.startswith("xl/charts/chart") for n in zipfile.ZipFile(path).namelist())


def test_assessment_workbook_has_ranked_scorecards_with_rule_ids(store, month, tmp_path):  # noqa: F811
    out = tmp_path / "assessment.xlsx"
    result = export(store, "assessment", out, branch_id=month["nc"], month=NOV, lang="en", now=NOW)
    assert result.rows == {"sheet.districts": 2, "sheet.maintainers": 2, "sheet.branches": 1}
    wb = load_workbook(out)
    assert wb.sheetnames == ["Districts", "Maintainers", "Branches", "Definitions"]
    ws = wb["Districts"]
    top = header_row(ws)
    assert top == 5 and ws["A1"].value == "District assessment 2026-11 (R-ZONE-3/4)"  # the title block
    titles = head(ws)
    assert "24-hour response rate [R-ZONE-3, R-TIME-0, R-PROM-2]" in titles and "Rank" == titles[0]
    assert ws.freeze_panes == "A6" and ws.auto_filter.ref.startswith("A5:") and ws.max_row == 7
    rows = {r[2]: dict(zip(titles, r, strict=True)) for r in body(ws)}
    d1 = rows["八一社区"]
    assert d1["24-hour response rate [R-ZONE-3, R-TIME-0, R-PROM-2]"] == pytest.approx(0.8)
    assert d1["On time: general fault [R-TIME-1]"] == pytest.approx(0.75)
    col = titles.index("24-hour response rate [R-ZONE-3, R-TIME-0, R-PROM-2]")
    assert ws.cell(top + 1, col + 1).number_format == "0.0%"
    definitions = {r[0]: r[1:] for r in body(wb["Definitions"])}  # by name, not by key (on_time)
    assert head(wb["Definitions"]) == ["Metric", "Definition", "Rule ids"]
    assert "On-time completion rate" in definitions and "on_time" not in definitions


def test_sla_workbook_lists_breaches_with_their_reason_chain(store, month, tmp_path):  # noqa: F811
    out = tmp_path / "sla.xlsx"
    export(store, "sla", out, branch_id=month["nc"], month=NOV, lang="en", now=NOW)
    wb = load_workbook(out)
    assert wb.sheetnames == ["On time by kind", "Breaches"]
    kinds = {(r[1], r[2]): r[3:] for r in body(wb["On time by kind"])}
    assert kinds[("八一社区", "general fault")] == (4, 3, 1, 1, 1, pytest.approx(0.75), 0, 0)  # none provisional
    breaches = list(wb["Breaches"].iter_rows(min_row=2, values_only=True))
    assert [b[0] for b in breaches] == ["B"] and breaches[0][9] == pytest.approx(24.0)
    assert "received" in breaches[0][11] and "completed" in breaches[0][11]
    assert wb["Breaches"].cell(2, 5).number_format == "yyyy-mm-dd hh:mm"


@pytest.mark.parametrize("kind", ["findings", "assessment", "sla"])
def test_cli_export_of_an_empty_month_is_a_valid_workbook_that_says_so(store, db_url, tmp_path, kind, capsys):
    out = tmp_path / f"{kind}.xlsx"
    assert main(["export", kind, "--db", db_url, "--out", str(out), "--month", "2026-05", "--lang", "en"]) == 0
    assert '"empty": true' in capsys.readouterr().out
    wb = load_workbook(out)
    texts = [c for ws in wb for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any(t.startswith("No data for") and "2026-05" in t for t in texts)


def test_titles_come_from_the_labels_file_zh_cn(store, three_findings, tmp_path):
    out = tmp_path / "zh.xlsx"
    export(store, "findings", out, lang="zh_CN", now=NOW)
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "督查问题"]
    assert wb["督查问题"]["G1"].value == "规则编号" and labels("zh_CN")["no.such.key"] == "no.such.key"


def test_cancel_removes_the_partial_file(store, three_findings, tmp_path):
    out = tmp_path / "cancelled.xlsx"
    with pytest.raises(ExportCancelled):
        export(store, "sla", out, month=NOV, now=NOW, cancelled=lambda: True)
    assert not out.exists()


def test_libreoffice_converts_the_findings_workbook_and_the_numbers_match(store, three_findings, tmp_path):
    """Skipped only where LibreOffice is missing and CI is not set (tests/reports/lo.py)."""
    lo.need_soffice()
    out = tmp_path / "findings.xlsx"
    export(store, "findings", out, lang="en", now=NOW)
    lo.convert([out], "csv", tmp_path)
    with open(tmp_path / "findings.csv", encoding="utf-8", errors="replace") as fh:
        rows = list(csv.reader(fh))
    ws = load_workbook(out).worksheets[0]
    top = header_row(ws)
    assert rows[top - 1][:3] == ["Branch", "Rule family", "minor"]
    assert [r[2:5] for r in rows[top:top + 2]] == [[str(v) for v in r[2:5]] for r in body(ws)[:2]]


def test_the_reason_chain_says_escalations_and_reclassifications_in_the_readers_language():
    """An escalation's reason is stored in English (data); the workbook's chain says it in its
    language, as it says the kinds of a reclassification."""
    from console import i18n
    from console.rules.escalation import _overdue
    from console.services.assessment.sla_report import _step

    at = dt.datetime(2026, 11, 20, 10, 0)  # China time, as the chain's rows give it
    stored = str(_overdue("R-TIME-1", 3.0, dt.datetime(2026, 11, 20, 7, 0)))  # as the event keeps it
    escalated = ("escalated", at, {"reason": str(stored)})
    moved = ("reclassified", at, {"from_kind": "general_fault", "to_kind": "major_fault"})
    zh = i18n.render(_step(*escalated, {}), "zh_CN")
    assert "R-TIME-1" in zh and "breached" not in zh and "overdue" not in zh, zh
    assert str(_step(*escalated, {})) == f"11-20 10:00 escalated ({stored})"  # the English chain as before
    assert i18n.render(_step(*moved, {}), "zh_CN").endswith("一般故障→重大故障")
