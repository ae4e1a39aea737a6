"""On screen: R-ZONE-3's yearly summary (Month/Year switch, the twelve months and the year, the
yearly workbook), provisional dues counted apart, and R-ZONE-5's change of who serves a district
(the published changes, the change form, a refusal that keeps what was typed)."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from console.rules import metrics as M
from console.rules.periods import CST
from console.services.assessment import servants as S
from console.views.assessment.districts import FIRST_METRIC_COL, SHOWN, YEAR, AssessmentView
from console.views.assessment.servants import ChangeServantDialog, ServantChangesDialog, draft_key
from console.views.kit import drafts
from tests.services.assessment.test_assessment import NOW


def _row(w, name):
    return [w.model.index(r, 1).data() for r in range(w.model.rowCount())].index(name)


def test_year_switch_shows_the_year_ranked_and_the_selected_rows_twelve_months(qtbot, store, month, tmp_path):
    w = AssessmentView(store, now_fn=lambda: NOW)
    qtbot.addWidget(w)
    w.set_period(YEAR, 2026)
    assert not w.month.isEnabled() and w.year.isEnabled() and not w.year_table.isHidden()
    with qtbot.waitSignal(w.sig_year_loaded, timeout=20_000) as got:
        w.set_branch(month["nc"])
    assert len(got.args[0].months) == 12
    assert w.summary.text().startswith("2026: 2 districts")
    row = _row(w, "八一社区")
    col = FIRST_METRIC_COL + SHOWN.index(M.ON_TIME)
    assert w.model.index(row, col).data() == "83.3 %"  # the year as one period: 5 of 6
    w.select_cell(row, col)
    periods = [w.year_model.index(r, 0).data() for r in range(w.year_model.rowCount())]
    assert periods == [f"2026-{k:02d}" for k in range(1, 13)] + ["2026 (year)"]
    on_time = 1 + SHOWN.index(M.ON_TIME)
    assert [w.year_model.index(r, on_time).data() for r in (0, 9, 10, 12)] == ["—", "100.0 %", "80.0 %", "83.3 %"]
    out = tmp_path / "year.xlsx"
    with qtbot.waitSignal(w.sig_exported, timeout=20_000) as done:
        w.export_year(str(out))
    assert done.args[0].path == out and "By month" in load_workbook(out).sheetnames
    assert "yearly summary of 2026 is saved" in w.summary.text()


def test_provisional_dues_are_shown_apart_never_as_breaches(qtbot, store, provisional):
    now = dt.datetime(2027, 2, 1, 12, tzinfo=CST)
    w = AssessmentView(store, now_fn=lambda: now)
    qtbot.addWidget(w)
    w.set_month(dt.date(2027, 1, 1))
    with qtbot.waitSignal(w.sig_loaded, timeout=20_000):
        w.set_branch(provisional["b"])
    assert "1 orders are provisional" in w.summary.text()
    row = _row(w, "临川")
    assert w.model.index(row, w.model.columnCount() - 1).data() == "1"
    kind = FIRST_METRIC_COL + len(SHOWN) + M.TIMED_KINDS.index("installation")
    assert w.model.index(row, kind).data() == "—"  # not judged, so not a breach


def test_change_who_serves_from_the_assessment_and_see_it_published(qtbot, store, served):
    changes = ServantChangesDialog(store, branch_id=served["nc"], district_id=served["d"],
                                   user_id_fn=lambda: served["boss"], now_fn=lambda: NOW)
    qtbot.addWidget(changes)
    assert not changes.change_button.isHidden()
    dlg = changes.open_change()
    with qtbot.waitSignal(dlg.sig_loaded, timeout=10_000):
        pass
    assert "served by 李强 (NC101) since 2026-01-01" in dlg.current.text()
    dlg.maintainer.setCurrentIndex(dlg.maintainer.findData(served["m2"]))
    dlg.service_phone.setText("0791-2000001")
    dlg.reason.setPlainText("李强调往营业厅")
    with qtbot.waitSignal(changes.sig_loaded, timeout=10_000) as listed:
        with qtbot.waitSignal(dlg.sig_saved, timeout=10_000):
            dlg.save()
    assert [(c.before, c.after) for c in listed.args[0]] == [("李强 (NC101)", "刘洋 (NC102)")]
    cells = [changes.table.item(0, k).text() for k in range(changes.table.columnCount())]
    assert cells[:4] == ["八一社区", "李强 (NC101)", "刘洋 (NC102)", "2026-12-05"]
    assert cells[5] == "张伟 (NC900)" and cells[6] == "李强调往营业厅"
    assert S.servant(store, served["d"]).maintainer == "刘洋"


def test_a_refused_change_keeps_the_form_filled_and_says_why(qtbot, store, served):
    dlg = ChangeServantDialog(store, served["d"], user_id_fn=lambda: served["boss"], now_fn=lambda: NOW)
    qtbot.addWidget(dlg)
    dlg.show()
    with qtbot.waitSignal(dlg.sig_loaded, timeout=10_000):
        pass
    dlg.maintainer.setCurrentIndex(dlg.maintainer.findData(served["m2"]))
    dlg.valid_from.setDate(dt.date(2025, 6, 1))  # before the current servant's start
    dlg.supervision_phone.setText("0791-3999999")
    dlg.reason.setPlainText("临时顶岗，周杰病休")
    with qtbot.waitSignal(dlg.sig_failed, timeout=10_000) as got:
        dlg.save()
    assert "the current servant started on 2026-01-01" in got.args[0]
    assert dlg.isVisible() and "2026-01-01" in dlg.error.text()
    assert dlg.reason.toPlainText() == "临时顶岗，周杰病休" and dlg.supervision_phone.text() == "0791-3999999"
    assert drafts.recall(draft_key(served["d"])) == "临时顶岗，周杰病休"
    again = ChangeServantDialog(store, served["d"], user_id_fn=lambda: served["boss"], now_fn=lambda: NOW)
    qtbot.addWidget(again)
    assert again.reason.toPlainText() == "临时顶岗，周杰病休"  # reopened: the draft is filled in


def test_a_dispatcher_sees_the_changes_but_no_change_button(qtbot, store, served):
    w = AssessmentView(store, now_fn=lambda: NOW, role_fn=lambda: "dispatcher")
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.sig_loaded, timeout=20_000):
        w.set_branch(served["nc"])
    w.select_cell(_row(w, "八一社区"), FIRST_METRIC_COL)
    dlg = w.open_changes(district=True)
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.sig_loaded, timeout=10_000):
        pass
    assert dlg.change_button.isHidden() and "No change" in dlg.summary.text()


def test_a_file_that_is_not_a_png_is_refused_and_the_photo_kept(qtbot, store, served, tmp_path, monkeypatch):
    dlg = ChangeServantDialog(store, served["d"], user_id_fn=lambda: served["boss"], now_fn=lambda: NOW)
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.sig_loaded, timeout=10_000):
        pass
    bad = tmp_path / "photo.png"
    bad.write_text("not a picture")
    monkeypatch.setattr("console.views.assessment.servants.open_file_name", lambda *a, **k: str(bad))
    dlg.choose_photo()
    assert dlg.photo is None and "photo.png is not a PNG image" in dlg.error.text()
    monkeypatch.setattr("console.views.assessment.servants.open_file_name", lambda *a, **k: str(tmp_path / "gone.png"))
    dlg.choose_photo()
    assert dlg.photo is None and "Could not read" in dlg.error.text() and "gone.png" in dlg.error.text()
