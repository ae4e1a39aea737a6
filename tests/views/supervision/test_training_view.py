"""Training records on screen (R-TRAIN), reached from the accountability workspace: a manager
records a session and its attendees, sees the counts, who passed induction leaves the "lacks
induction" list, and a refused score keeps everything typed in the dialog."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from console.rules.periods import CST
from console.services.supervision import training as T
from console.store import open_store
from console.views.kit.ask import Ask
from console.views.supervision.accountability import AccountabilityView
from console.views.supervision.training import (
    AttendanceDialog,
    SessionDialog,
    TrainingView,
)
from console.vocabulary import Role
from tests.factories import add_person, small_branch

NOW = dt.datetime(2026, 11, 20, 10, tzinfo=CST)


@pytest.fixture
def ws(qtbot, tmp_path):
    """The accountability workspace of 南昌 with a manager signed in; its Training tab."""
    store = open_store(f"sqlite:///{tmp_path / 'train.sqlite3'}")
    ids = small_branch(store)
    ids["manager"] = add_person(store, Role.MANAGER, ids["nc"], "NC800", "孙丽")
    ids["role"] = "manager"
    w = AccountabilityView(store, user_id_fn=lambda: ids["manager"], now_fn=lambda: NOW,
                           role_fn=lambda: ids["role"])
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.training.sig_loaded, timeout=10_000):
        w.set_branch(ids["nc"])
    w.tabs.setCurrentWidget(w.training)
    yield store, ids, w.training
    store.dispose()


@pytest.fixture(autouse=True)
def told(monkeypatch):
    said = []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: said.append(text)))
    return said


def cell(model, row, col, role=Qt.ItemDataRole.DisplayRole):
    return model.index(row, model.COLUMNS.index(col)).data(role)


def press_ok(fill):
    """exec_dialog for tests: fill the dialog, press OK; the dialog's answer (OK refused keeps it open)."""
    def run(dlg):
        fill(dlg)
        dlg.accept()
        return dlg.result()
    return classmethod(lambda cls, dlg: run(dlg))


def new_session(qtbot, monkeypatch, w, kind="induction", title="新员工岗前培训"):
    def fill(dlg: SessionDialog):
        dlg.kind.setCurrentIndex(dlg.kind.findData(kind))
        dlg.title.setText(title)
        dlg.trainer.setText("培训中心 张老师")
    monkeypatch.setattr(TrainingView, "exec_dialog", press_ok(fill))
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.new_session()


def test_record_a_session_with_three_attendees_one_failing(qtbot, ws, monkeypatch, told):
    store, ids, w = ws
    new_session(qtbot, monkeypatch, w)
    assert w.model.rowCount() == 1
    assert [cell(w.model, 0, c) for c in ("day", "title", "trainer", "attendees", "passed", "mean_score")] == [
        "2026-11-20", "新员工岗前培训", "培训中心 张老师", "0", "0", "—"]

    def fill(dlg: AttendanceDialog):
        dlg.add_row(ids["m1"], "85")
        dlg.add_row(ids["m2"], "40")  # fails: below PASS_SCORE
        dlg.add_row(ids["dispatcher"], "72", note="补考通过")
    monkeypatch.setattr(TrainingView, "exec_dialog", press_ok(fill))
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.record_attendees()
    assert told == []
    assert [cell(w.model, 0, c) for c in ("attendees", "passed", "mean_score")] == ["3", "2", "65.7"]
    assert cell(w.model, 0, "passed", Qt.ItemDataRole.ForegroundRole) is not None  # not everybody passed: red
    results = {cell(w.attendee_model, r, "name"): (cell(w.attendee_model, r, "score"), cell(w.attendee_model, r, "passed"))
               for r in range(w.attendee_model.rowCount())}
    assert results == {"李强 (NC101)": ("85", "passed"), "刘洋 (NC102)": ("40", "failed"),
                       "王芳 (NC001)": ("72", "passed")}
    assert "2 passed" in w.summary.text()
    row = T.sessions(store, ids["nc"])[0]
    assert (row.attendees, row.passed) == (3, 2)


def test_who_passes_induction_leaves_the_lacks_induction_list(qtbot, ws, monkeypatch):
    store, ids, w = ws
    lacking = lambda: {cell(w.lacking_model, r, "work_number") for r in range(w.lacking_model.rowCount())}  # noqa: E731
    assert {"NC101", "NC102", "NC001", "NC800"} <= lacking()
    assert "4" in w.lacking_box.title()
    new_session(qtbot, monkeypatch, w, kind="etiquette", title="柜台礼仪")  # not induction: nobody leaves
    new_session(qtbot, monkeypatch, w)

    def fill(dlg: AttendanceDialog):
        dlg.add_row(ids["m1"], "90")
        dlg.add_row(ids["m2"], "75")
        dlg.result_box(1).setCurrentIndex(dlg.result_box(1).findData(False))  # the trainer failed him
    monkeypatch.setattr(TrainingView, "exec_dialog", press_ok(fill))
    assert cell(w.model, 0, "kind") == "Induction" and "new staff" in cell(w.model, 0, "kind", Qt.ItemDataRole.ToolTipRole)
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.record_attendees()
    assert "NC101" not in lacking() and {"NC102", "NC001", "NC800"} <= lacking()
    assert "3" in w.lacking_box.title()
    failed = w.attendee_model.row_of(ids["m2"], key="staff_id")
    assert cell(w.attendee_model, failed, "passed") == "failed"
    assert "Set by the trainer" in cell(w.attendee_model, failed, "passed", Qt.ItemDataRole.ToolTipRole)


def test_a_bad_score_is_refused_and_the_dialog_keeps_what_was_typed(qtbot, ws, monkeypatch):
    store, ids, w = ws
    new_session(qtbot, monkeypatch, w)
    w.table.selectRow(0)
    seen = {}

    def fill_bad(dlg: AttendanceDialog):
        dlg.add_row(ids["m1"], "85")
        dlg.add_row(ids["m2"], "150", note="成绩待核")
        seen["dlg"] = dlg
    monkeypatch.setattr(TrainingView, "exec_dialog", press_ok(fill_bad))
    w.record_attendees()
    dlg = seen["dlg"]
    qtbot.waitUntil(lambda: not dlg.error.isHidden(), timeout=10_000)  # refused off the GUI thread
    assert dlg.result() != QDialog.DialogCode.Accepted  # OK refused: the dialog stays open
    assert "0–100" in dlg.error.text() and "刘洋" in dlg.error.text()
    assert [(dlg.staff_at(i), dlg.score_edit(i).text()) for i in range(2)] == [(ids["m1"], "85"), (ids["m2"], "150")]
    assert dlg.table.cellWidget(1, 3).text() == "成绩待核"
    assert T.attendees(store, T.sessions(store, ids["nc"])[0].id) == []  # all or nothing: not even 李强's 85

    dlg.score_edit(1).setText("8o")  # a typo: no number at all
    dlg.accept()
    assert dlg.result() != QDialog.DialogCode.Accepted and "8o" in dlg.error.text()
    dlg.score_edit(1).setText("58")
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):  # saved off the GUI thread, then on screen
        dlg.accept()
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert {(a.score, a.passed) for a in T.attendees(store, T.sessions(store, ids["nc"])[0].id)} == {
        (85, True), (58, False)}


def test_a_session_without_a_title_is_refused_in_the_dialog(qtbot, ws, monkeypatch):
    store, ids, w = ws
    seen = {}

    def fill(dlg: SessionDialog):
        dlg.trainer.setText("培训中心")
        seen["dlg"] = dlg
    monkeypatch.setattr(TrainingView, "exec_dialog", press_ok(fill))
    w.new_session()
    dlg = seen["dlg"]
    qtbot.waitUntil(lambda: not dlg.error.isHidden(), timeout=10_000)  # refused off the GUI thread
    assert dlg.result() != QDialog.DialogCode.Accepted and "title and a trainer" in dlg.error.text()
    assert dlg.trainer.text() == "培训中心" and T.sessions(store) == []


def test_a_dispatcher_sees_the_records_but_cannot_add_them(qtbot, ws):
    store, ids, w = ws
    ids["role"] = "dispatcher"
    w.update_rights()
    assert not w.btn_new.isEnabled() and "Managers and admins" in w.btn_new.toolTip()
    ids["role"] = "manager"
    w.update_rights()
    assert w.btn_new.isEnabled()


def test_ok_saves_once_and_a_database_away_keeps_the_dialog_as_typed(qtbot, ws, monkeypatch):
    """The write runs off the GUI thread: meanwhile the inputs and OK wait (a second OK sends
    nothing); the database away is told by the banner and the dialog, which keeps what was typed."""
    store, ids, w = ws
    from console.errors import StoreUnavailable
    from console.views.kit.connection import ConnectionWatch

    real, gate, calls, away = T.add_session, threading.Event(), [], [True]

    def add_session(*args, **kwargs):
        calls.append(kwargs["title"])
        if away[0]:
            raise StoreUnavailable("the database x cannot be reached (connection refused): nothing was saved")
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(T, "add_session", add_session)
    watch = ConnectionWatch(store, backoff_s=(60,))  # the window's watch: the banner's state
    seen = {}

    def fill(dlg: SessionDialog):
        dlg.title.setText("服务礼仪")
        dlg.trainer.setText("培训中心")
        seen["dlg"] = dlg
    try:
        monkeypatch.setattr(TrainingView, "exec_dialog", press_ok(fill))
        w.new_session()
        dlg = seen["dlg"]
        qtbot.waitUntil(lambda: not dlg.error.isHidden(), timeout=10_000)
        assert watch.down and "kept" in dlg.error.text() and dlg.result() != QDialog.DialogCode.Accepted
        assert (dlg.title.text(), dlg.trainer.text()) == ("服务礼仪", "培训中心") and dlg.title.isEnabled()
        away[0] = False  # back: OK again
        dlg.accept()
        assert dlg.saving and not dlg.title.isEnabled() and not dlg.buttons.isEnabled()
        dlg.accept()  # pressed twice while it is written: nothing more is sent
        dlg.reject()  # and it does not close before its outcome is known
        qtbot.waitUntil(lambda: len(calls) == 2, timeout=10_000)  # the write waits at the gate
        assert dlg.saving and dlg.result() != QDialog.DialogCode.Accepted  # Cancel waited too
        with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
            gate.set()
        assert dlg.result() == QDialog.DialogCode.Accepted and [s.title for s in T.sessions(store)] == ["服务礼仪"]
        assert calls == ["服务礼仪", "服务礼仪"]
    finally:
        gate.set()
        watch.close()
