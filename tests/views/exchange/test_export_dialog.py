"""File ▸ Export to Excel…: an export that fails says why in the dialog and keeps every choice
(workbook, branch, month, file), so Export again needs only the fix."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate

from console.store import open_store
from console.views.exchange.export_dialog import ExportDialog
from console.vocabulary import Role
from tests.factories import add_person, small_branch

NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def env(qtbot, tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 'export.sqlite3'}")
    ids = small_branch(st)
    ids["manager"] = add_person(st, Role.MANAGER, ids["nc"], "NC800", "孙丽")
    yield st, ids
    st.dispose()


def test_a_mistyped_path_fails_with_the_reason_and_keeps_every_choice(qtbot, env, tmp_path):
    st, ids = env
    dlg = ExportDialog(st, kind="sla", branch_id=ids["nc"], now_fn=lambda: NOW, user_id_fn=lambda: ids["manager"])
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.branches_loaded, timeout=5000)
    dlg.month.setDate(QDate(2026, 10, 1))
    (tmp_path / "report.txt").write_text("a file, not a folder")
    wrong = str(tmp_path / "report.txt" / "sla-2026-10.xlsx")  # a file typed where its folder goes
    dlg.path.setText(wrong)
    with qtbot.waitSignal(dlg.sig_failed, timeout=10_000) as failed:
        dlg.start()
    assert failed.args[0].startswith("Export failed:") and "report.txt" in failed.args[0]
    assert dlg.status.text() == failed.args[0] and dlg.export_btn.isEnabled()
    assert (dlg.kind.currentData(), dlg.branch.currentData(), dlg.month.date().toPython(), dlg.path.text()) == (
        "sla", ids["nc"], dt.date(2026, 10, 1), wrong)
    fixed = str(tmp_path / "sla-2026-10.xlsx")
    dlg.path.setText(fixed)
    with qtbot.waitSignal(dlg.sig_exported, timeout=10_000):
        dlg.start()
    assert (tmp_path / "sla-2026-10.xlsx").exists()


DEC_2 = dt.datetime(2026, 12, 2, 2, 0, tzinfo=dt.timezone.utc)  # 10:00 China time


@pytest.mark.parametrize("kind", ["assessment", "sla"])
def test_the_month_is_the_last_complete_one_and_the_month_in_progress_says_so_far(qtbot, env, kind):
    st, ids = env
    dlg = ExportDialog(st, kind=kind, branch_id=ids["nc"], now_fn=lambda: DEC_2, user_id_fn=lambda: ids["manager"])
    qtbot.addWidget(dlg)
    assert dlg.month.date().toPython() == dt.date(2026, 11, 1)  # R-ZONE-3: a whole month
    assert dlg.so_far.text() == ""
    dlg.month.stepUp()  # one click: the month in progress
    assert dlg.month.date().toPython().replace(day=1) == dt.date(2026, 12, 1)
    assert dlg.so_far.text() == "so far (to 12-02): not yet a complete month"


def test_findings_still_default_to_this_months_inspections(qtbot, env):
    st, ids = env
    dlg = ExportDialog(st, kind="findings", branch_id=ids["nc"], now_fn=lambda: DEC_2)
    qtbot.addWidget(dlg)
    assert dlg.month.date().toPython() == dt.date(2026, 12, 1) and "so far" in dlg.so_far.text()


def test_a_file_name_that_is_not_xlsx_is_refused_and_every_choice_is_kept(qtbot, env, tmp_path):
    st, ids = env
    dlg = ExportDialog(st, kind="sla", branch_id=ids["nc"], now_fn=lambda: DEC_2, user_id_fn=lambda: ids["manager"])
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.branches_loaded, timeout=5000)
    typed = str(tmp_path / "sla-2026-11.csv")
    dlg.path.setText(typed)
    with qtbot.waitSignal(dlg.sig_failed, timeout=5000) as failed:
        dlg.start()
    assert failed.args[0].startswith("Export failed:") and typed in failed.args[0] and ".xlsx" in failed.args[0]
    assert dlg.status.text() == failed.args[0] and dlg.export_btn.isEnabled() and not dlg.running
    assert (dlg.kind.currentData(), dlg.branch.currentData(), dlg.month.date().toPython(), dlg.path.text()) == (
        "sla", ids["nc"], dt.date(2026, 11, 1), typed)
    assert list(tmp_path.glob("sla-2026-11.*")) == []
    dlg.path.setText(str(tmp_path / "sla-2026-11.XLSX"))  # the extension in any case
    with qtbot.waitSignal(dlg.sig_exported, timeout=10_000):
        dlg.start()
    assert (tmp_path / "sla-2026-11.XLSX").exists()
