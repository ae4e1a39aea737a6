"""The findings workbook (R-INSP) prints the inspectors picked from the staff — name and work
number each — and the responsible person picked, on every finding's row."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from console.reports import findings as F
from console.reports.labels import EN
from console.services.exports.workbooks import export
from console.services.supervision import inspections as I
from console.vocabulary import Role
from tests.factories import add_person, small_branch

DAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 12, 5, 2, tzinfo=dt.timezone.utc)


def test_the_workbook_prints_the_picked_inspectors_and_responsible_person(store, tmp_path):
    ids = small_branch(store)
    gd = add_person(store, Role.INSPECTOR, None, "P001", "刘瑶")
    nc = add_person(store, Role.INSPECTOR, ids["nc"], "NC900", "周敏")
    I.record_inspection(store, branch_id=ids["nc"], day=DAY, inspector_ids=[gd, nc], scope="营业厅检查", actor_id=gd,
                        findings=[I.FindingInput("R-DISC-6", "缺员工照片", "minor", "营业厅", DAY + dt.timedelta(days=21),
                                                 responsible_person_id=ids["m1"])], now=NOW)
    out = tmp_path / "findings.xlsx"
    export(store, "findings", out, lang="en", now=NOW)
    ws = load_workbook(out)["Findings"]
    row = {EN[c.key]: cell.value for c, cell in zip(F.COLUMNS, ws[2], strict=True)}
    assert row[EN["col.inspectors"]] == "刘瑶 (P001), 周敏 (NC900)"
    assert row[EN["col.person"]] == "李强 (NC101)"
