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
