"""End to end in the main window: select, assign from the keyboard, pause, a two-console
conflict, all driven as a dispatcher would (issue 4)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from console.models import Order
from console.services.access import auth
from console.services.orders import queue as orders
from console.store import open_store
from console.views.kit.ask import Ask
from console.views.kit.settings import Settings
from console.views.orders.assign_dialog import AssignDialog
from console.views.orders.queue_model import COLUMNS
from console.views.shell.main_window import MainWindow
from console.vocabulary import Role
from tests.factories import T0, add_person, small_branch_with_deadlines

NOW = T0 + dt.timedelta(hours=3)


@pytest.fixture
def env(qtbot, tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 'flow.sqlite3'}")
    ids = small_branch_with_deadlines(st)
    w = MainWindow(st, principal=auth.principal(st, ids["dispatcher"]), settings=Settings(str(tmp_path / "s.ini")),
                   branch_id=ids["nc"], clock=lambda: NOW)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.queue_model.rowCount() == 2, timeout=10_000)
    yield w, st, ids
    st.dispose()


def cell(w, order_id, name):
    m = w.queue_model
    return m.data(m.index(m.row_of(order_id), COLUMNS.index(name)))


def test_most_urgent_order_is_selected_and_detailed(env):
    w, st, ids = env
    assert w.queue.selected_order_id() == ids["open_nc"][1]  # the complaint's 4 h reply clock is sooner
    assert w.pane.detail.number == "NC-0002"
    assert "王芳" in w.pane.fields["first_contact"].text()  # R-FIRST-1
    assert cell(w, ids["open_nc"][1], "time_left") == "reply 2h 00m"  # R-TIME-7: received T0+1h, 4 h limit, now T0+3h


def test_assign_from_the_keyboard(qtbot, env):
    w, st, ids = env
    oid = ids["open_nc"][0]
    w.queue.select_order(oid)
    w.queue_view.setFocus()

    from PySide6.QtCore import QTimer

    driven = []

    def drive():
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, AssignDialog):
            if len(driven) < 100:  # the dialog opens once the shortcut is handled
                driven.append(None)
                QTimer.singleShot(50, drive)
            return
        driven.append(dlg)
        qtbot.keyClick(dlg.table, Qt.Key.Key_Down)  # the second candidate
        qtbot.keyClick(dlg.table, Qt.Key.Key_Return)

    QTimer.singleShot(0, drive)
    qtbot.keyClick(w, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert isinstance(driven[-1], AssignDialog)
    qtbot.waitUntil(lambda: cell(w, oid, "assignee") in ("李强", "刘洋"), timeout=5000)
    assert w.pane.detail.assignee is not None


def test_pause_with_a_reason_shows_paused(qtbot, env, monkeypatch):
    w, st, ids = env
    oid = ids["open_nc"][0]
    w.queue.select_order(oid)
    monkeypatch.setattr(Ask, "text", classmethod(lambda cls, *a, **k: "customer asked for tomorrow"))
    w.pane.act_pause.trigger()
    assert cell(w, oid, "time_left") == "paused"
    assert "customer asked for tomorrow" in w.pane.timeline.toPlainText()


def test_second_console_conflict_is_reported_and_nothing_overwritten(qtbot, env, monkeypatch):
    w, st, ids = env
    oid = ids["open_nc"][0]
    w.queue.select_order(oid)
    seen_version = w.pane.detail.version
    other = open_store(st.url)  # another dispatcher's console (a dispatcher: maintainers do not assign)
    orders.assign(other, oid, expected_version=seen_version, assignee_id=ids["m2"],
                  actor_id=add_person(st, Role.DISPATCHER, ids["nc"], "NC003", "周杰"), now=NOW)
    other.dispose()
    told = []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: told.append(text)))
    monkeypatch.setattr(Ask, "text", classmethod(lambda cls, *a, **k: "lunch"))
    w.pane.act_pause.trigger()  # acts on the version this console saw
    assert told and "周杰" in told[0] and "nothing was saved" in told[0]
    assert w.pane.detail.version == seen_version + 1  # reloaded
    with st.read() as s:
        assert s.get(Order, oid).status.value == "assigned"  # not paused: nothing overwritten
    assert cell(w, oid, "assignee") == "刘洋"


def test_assign_dialog_reloads_on_conflict(qtbot, env):
    w, st, ids = env
    oid = ids["open_nc"][0]
    dlg = AssignDialog(st, oid, actor_id=ids["dispatcher"], now_fn=lambda: NOW)
    qtbot.addWidget(dlg)
    orders.assign(st, oid, expected_version=dlg.info.version, assignee_id=ids["m2"],
                  actor_id=add_person(st, Role.DISPATCHER, ids["nc"], "NC003", "周杰"), now=NOW)  # a dispatcher
    dlg.accept()
    assert "changed by 周杰" in dlg.message.text()
    assert dlg.info.assignee_id == ids["m2"]  # reloaded with the other console's change
    assert dlg.result() == 0


def test_new_request_waits_for_materials_until_they_are_complete(qtbot, env, monkeypatch):
    # R-FIRST-2 / R-TIME-0: intake with a missing item; the clock starts at "materials complete"
    from console.services.orders import intake
    from console.views.orders.intake_dialog import IntakeDialog

    w, st, ids = env

    def fake_ask(cls, store, *, branch_id, actor_id, parent=None, now_fn=None):
        res = intake.take_request(store, branch_id=branch_id, customer_id=None, district_id=1,
                                  kind="installation", channel="counter", description="新装机顶盒",
                                  missing=["ID card of the account holder"], actor_id=actor_id, now=NOW)
        return res.order_id

    monkeypatch.setattr(IntakeDialog, "ask", classmethod(fake_ask))
    qtbot.keyClick(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    oid = w.queue.selected_order_id()
    assert w.pane.detail.kind == "installation"
    assert cell(w, oid, "time_left") == "waiting for materials"
    assert "ID card" in w.pane.fields["materials"].text()
    qtbot.keyClick(w, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # materials complete
    # R-TIME-3: 5 working days after Friday 2026-11-20 13:00 China time -> Sat 11-28 00:00
    assert w.pane.detail.clocks[0].due == dt.datetime(2026, 11, 27, 16, 0, tzinfo=dt.timezone.utc)
    assert cell(w, oid, "time_left") == "7d 11h"
    assert w.pane.detail.first_contact.name == "王芳"  # R-FIRST-1: who took it
