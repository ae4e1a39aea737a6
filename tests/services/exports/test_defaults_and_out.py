"""The leadership workbooks' period and file (R-ZONE-3: districts are assessed monthly): without a
month, the assessment and the time limits cover the last complete month; the month in progress
says "so far" with the day it runs to; a file name not ending in .xlsx is refused before anything
is written; the rows per sheet are named as the reader sees the sheets."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from console.errors import StoreError
from console.rules.periods import CST
from console.services.exports.workbooks import (
    export,
    export_assessment_year,
    is_current_month,
    last_complete_month,
    period_text,
)
from tests.services.assessment.test_assessment import NOV
from tests.services.assessment.test_assessment import month  # noqa: F401 - the hand-built November

DEC_2 = dt.datetime(2026, 12, 2, 10, tzinfo=CST)


def test_the_last_complete_month_is_the_china_month_before_now():
    assert last_complete_month(DEC_2) == NOV
    assert last_complete_month(dt.datetime(2027, 1, 1, 0, 30, tzinfo=CST)) == dt.date(2026, 12, 1)
    # 30 Nov 17:00 UTC is already 1 December in China: November is complete
    assert last_complete_month(dt.datetime(2026, 11, 30, 17, tzinfo=dt.timezone.utc)) == NOV
    assert is_current_month(dt.date(2026, 12, 1), DEC_2) and not is_current_month(NOV, DEC_2)
    assert period_text(NOV, DEC_2) == "2026-11"
    assert period_text(dt.date(2026, 12, 1), DEC_2) == "2026-12 (so far, to 12-02)"


@pytest.mark.parametrize("kind", ["assessment", "sla"])
def test_without_a_month_the_workbook_covers_the_last_complete_month(store, month, tmp_path, kind):  # noqa: F811
    out = tmp_path / f"{kind}.xlsx"
    result = export(store, kind, out, branch_id=month["nc"], lang="en", now=DEC_2)
    assert result.period == "2026-11" and not result.empty  # November's orders, not December's two days
    first = result.rows[next(iter(result.rows))]
    assert first >= 1


def test_the_month_in_progress_is_marked_so_far_in_the_workbook(store, tmp_path):
    out = tmp_path / "now.xlsx"
    result = export(store, "assessment", out, month=dt.date(2026, 12, 1), lang="en", now=DEC_2)
    assert result.period == "2026-12 (so far, to 12-02)" and result.empty
    texts = [c for ws in load_workbook(out) for row in ws.iter_rows(values_only=True) for c in row
             if isinstance(c, str)]
    assert any("2026-12 (so far, to 12-02)" in t for t in texts), texts


@pytest.mark.parametrize("name", ["report.csv", "report.xls", "report", "report.xlsx.txt"])
def test_a_file_that_is_not_an_xlsx_workbook_is_refused_and_nothing_is_written(store, tmp_path, name):
    out = tmp_path / "new" / name
    for call in (lambda: export(store, "findings", out, now=DEC_2),
                 lambda: export_assessment_year(store, out, year=2026, now=DEC_2)):
        with pytest.raises(StoreError) as refused:
            call()
        assert str(out) in str(refused.value) and ".xlsx" in str(refused.value)
    assert not (tmp_path / "new").exists()


def test_the_xlsx_extension_in_any_case_is_a_workbook(store, tmp_path):
    out = tmp_path / "Findings.XLSX"
    export(store, "findings", out, now=DEC_2)
    assert load_workbook(out).sheetnames


def test_rows_are_named_by_the_sheets_the_reader_sees(store, month, tmp_path):  # noqa: F811
    result = export(store, "assessment", tmp_path / "a.xlsx", month=NOV, lang="zh_CN", now=DEC_2)
    assert result.named_rows() == {"片区考核": 2, "维护员考核": 2, "分公司合计": 1}
    assert list(result.named_rows()) == load_workbook(tmp_path / "a.xlsx").sheetnames[:3]
    year = export_assessment_year(store, tmp_path / "y.xlsx", year=2026, lang="en", now=DEC_2)
    assert set(year.named_rows()) == {"Districts", "Maintainers", "Branches", "Score by month", "By month"}
    assert year.period == "2026 (so far, to 12-02)"


def test_the_pages_say_the_branch_the_period_so_far_and_who_exported(store, month, tmp_path):  # noqa: F811
    from console.vocabulary import Role
    from tests.factories import add_person

    manager = add_person(store, Role.MANAGER, month["nc"], "NC800", "孙丽")
    out = tmp_path / "mine.xlsx"
    export(store, "sla", out, branch_id=month["nc"], branch_name="南昌市分公司", month=dt.date(2026, 12, 1),
           lang="en", now=DEC_2, actor_id=manager)
    ws = load_workbook(out).worksheets[0]
    said = " ".join(str(c) for row in ws.iter_rows(max_row=4, values_only=True) for c in row if c) + " ".join(
        side.text or "" for part in (ws.oddHeader, ws.oddFooter) for side in (part.left, part.center, part.right))
    assert "南昌市分公司" in said and "2026-12 (so far, to 12-02)" in said and "孙丽 (NC800)" in said, said


def test_the_province_workbook_ranks_its_branches_on_the_first_sheet(store, month, tmp_path, capsys):  # noqa: F811
    """`export assessment --province`: every branch, the branch ranking first (R-ZONE-3); with a
    branch named as well it is refused before anything is written."""
    import json

    from console import cli
    from tests.factories import make_branch, make_district

    with store.write() as s:
        make_district(s, make_branch(s, "JX", "进贤县分公司"), "民和镇", 1800, 0)
    url = store.engine.url.render_as_string(hide_password=False)
    out = tmp_path / "province.xlsx"
    assert cli.main(["export", "assessment", "--province", "--db", url, "--out", str(out), "--month", "2026-11",
                     "--lang", "en", "--now", "2026-12-02T10:00"]) == 0
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert list(line["rows"])[0] == "Branches" and line["rows"]["Branches"] == 2
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["Branches", "Districts", "Maintainers"]
    names = [r[1] for r in wb["Branches"].iter_rows(values_only=True) if r and r[0] in (1, 2)]
    assert sorted(names) == ["南昌市分公司", "进贤县分公司"]
    refused = tmp_path / "no.xlsx"
    assert cli.main(["export", "assessment", "--province", "--branch", "NC", "--db", url, "--out", str(refused)]) != 0
    assert "--province" in capsys.readouterr().err and not refused.exists()
