"""The SLA workbook (R-TIME) for a month whose dues rest on a year without an entered calendar
(R-TIME-3..6): a provisional verdict has a "Provisional" column and a note, and is never counted as
a breach; once the year is entered, the workbook judges the order on the official days."""

from __future__ import annotations

from openpyxl import load_workbook

from console.reports.labels import EN
from console.reports.sla import BREACH_COLUMNS, KIND_COLUMNS
from console.services.exports.workbooks import export
from console.services.rulebook import calendar_admin
from tests.reports.sheets import body, head
from tests.services.rulebook.test_provisional_year import (  # noqa: F401 - the fixtures
    NOTICE_2027,
    NOW,
    admin,
    orders,
)

JAN = NOW.date().replace(day=1)


def _sheets(store, ids, tmp_path, name="sla.xlsx"):
    out = tmp_path / name
    export(store, "sla", out, branch_id=ids["nc"], month=JAN, lang="en", now=NOW)
    wb = load_workbook(out)
    kinds_head = [EN[c.key] for c in KIND_COLUMNS]
    breach_head = [EN[c.key] for c in BREACH_COLUMNS]
    assert head(wb["On time by kind"]) == kinds_head  # under the title block of the first sheet
    assert wb["On time by kind"]["A1"].value.startswith("Time limits 2027-01")
    assert head(wb["Breaches"]) == breach_head
    kinds = [dict(zip(kinds_head, r, strict=False)) for r in body(wb["On time by kind"])]
    breaches = [dict(zip(breach_head, r, strict=False)) for r in body(wb["Breaches"])]
    texts = [c for ws in wb for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    return kinds, breaches, texts


def test_a_provisional_breach_is_marked_explained_and_not_counted(store, orders, tmp_path):  # noqa: F811
    kinds, breaches, texts = _sheets(store, orders, tmp_path)
    (row,) = [k for k in kinds if k["Order kind"] == "installation"]
    assert (row["Judged"], row["On time"], row["Breached"], row["On-time rate"]) == (0, 0, 0, None)
    # the completed one, and the open one past its guessed due: late on the guess, not breaches
    assert row["Provisional verdicts (not counted)"] == 2 and row["Provisional breaches (not counted)"] == 2
    listed = {b["Order no."]: b["Provisional"] for b in breaches if (b["Order no."] or "").startswith("NC-I-2")}
    assert listed == {"NC-I-27": "yes", "NC-I-28": "yes"}
    assert all(b["Provisional"] is None for b in breaches if b["Order no."] not in listed)
    assert EN["note.provisional"] in texts
    assert "Monday–Friday guess" in EN["note.provisional"] and "not counted" in EN["note.provisional"]


def test_once_2027_is_entered_the_workbook_judges_it_on_the_official_days(store, orders, admin, tmp_path):  # noqa: F811
    calendar_admin.import_year(store, 2027, NOTICE_2027, actor_id=admin, now=NOW)
    kinds, breaches, texts = _sheets(store, orders, tmp_path, "after.xlsx")
    (row,) = [k for k in kinds if k["Order kind"] == "installation"]
    # 1 January was a holiday: completed on 5 January, it was on time; the open one is not due yet
    assert (row["Judged"], row["On time"], row["Breached"]) == (1, 1, 0)
    assert row["Provisional verdicts (not counted)"] == 0 and row["Provisional breaches (not counted)"] == 0
    assert not [b for b in breaches if b["Order no."] in ("NC-I-27", "NC-I-28")]
    assert EN["note.provisional"] not in texts


def test_the_provisional_column_says_yes_in_chinese_too(store, orders, tmp_path):  # noqa: F811
    from console.reports.labels import labels

    out = tmp_path / "zh.xlsx"
    export(store, "sla", out, branch_id=orders["nc"], month=JAN, lang="zh_CN", now=NOW)
    zh = labels("zh_CN")
    ws = load_workbook(out)[zh["sheet.breaches"]]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert [r[zh["col.provisional"]] for r in rows if r[zh["col.order"]] == "NC-I-27"] == [zh["value.yes"]]
