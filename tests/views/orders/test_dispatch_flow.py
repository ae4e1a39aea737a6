"""End to end in the main window: select, assign from the keyboard, pause, a two-console
conflict, all driven as a dispatcher would. Reads and writes run off the GUI thread (the guard
fails a test whose view ran SQL on it): each step waits for its outcome."""

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
# how long a step may take to show (a read or a write off the GUI thread): each wait ends as soon as it
# holds, so this only bounds a loaded machine, as the other view tests do
WAIT_MS = 20_000



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
    row = m.row_of(order_id)
    return m.data(m.index(row, COLUMNS.index(name))) if row is not None else None


def shown(qtbot, w, order_id):
    """Wait until the pane shows the order, ready to act on."""
    qtbot.waitUntil(lambda: w.pane.detail is not None and w.pane.detail.id == order_id and not w.pane.busy,
                    timeout=10_000)


def test_most_urgent_order_is_selected_and_detailed(qtbot, env):
    w, st, ids = env
    assert w.queue.selected_order_id() == ids["open_nc"][1]  # the complaint's 4 h reply clock is sooner
    shown(qtbot, w, ids["open_nc"][1])
    assert w.pane.detail.number == "NC-0002"
    assert "王芳" in w.pane.fields["first_contact"].text()  # R-FIRST-1
    assert cell(w, ids["open_nc"][1], "time_left") == "reply 2h 00m"  # R-TIME-7: received T0+1h, 4 h limit, now T0+3h


def test_assign_from_the_keyboard(qtbot, env):
    w, st, ids = env
    oid = ids["open_nc"][0]
    w.queue.select_order(oid)
    w.queue_view.setFocus()
    shown(qtbot, w, oid)

    from PySide6.QtCore import QTimer

    driven = []

    def drive():
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, AssignDialog) or not dlg.is_ready:
            if len(driven) < 200:  # the dialog opens once the shortcut is handled, then reads its candidates
                driven.append(None)
                QTimer.singleShot(50, drive)
            return
        driven.append(dlg)
        qtbot.keyClick(dlg.table, Qt.Key.Key_Down)  # the second candidate
        qtbot.keyClick(dlg.table, Qt.Key.Key_Return)

    QTimer.singleShot(0, drive)
    qtbot.keyClick(w, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert isinstance(driven[-1], AssignDialog)
    qtbot.waitUntil(lambda: cell(w, oid, "assignee") in ("李强", "刘洋"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: w.pane.detail.assignee is not None, timeout=WAIT_MS)
    assert w.queue.selected_order_id() == oid  # the row changed in place: still selected


def test_pause_with_a_reason_shows_paused(qtbot, env, monkeypatch):
    w, st, ids = env
    oid = ids["open_nc"][0]
    w.queue.select_order(oid)
    shown(qtbot, w, oid)
    monkeypatch.setattr(Ask, "text", classmethod(lambda cls, *a, **k: "customer asked for tomorrow"))
    w.pane.act_pause.trigger()
    assert not w.pane.act_pause.isEnabled()  # while it is saved: no second press
    qtbot.waitUntil(lambda: cell(w, oid, "time_left") == "paused", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "customer asked for tomorrow" in w.pane.timeline.toPlainText(), timeout=WAIT_MS)
    assert w.queue.selected_order_id() == oid


def test_second_console_conflict_is_reported_and_nothing_overwritten(qtbot, env, monkeypatch):
    w, st, ids = env
    oid = ids["open_nc"][0]
    w.queue.select_order(oid)
    shown(qtbot, w, oid)
    seen_version = w.pane.detail.version
    other = open_store(st.url)  # another dispatcher's console (a dispatcher: maintainers do not assign)
    orders.assign(other, oid, expected_version=seen_version, assignee_id=ids["m2"],
                  actor_id=add_person(st, Role.DISPATCHER, ids["nc"], "NC003", "周杰"), now=NOW)
    other.dispose()
    told = []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: told.append(text)))
    monkeypatch.setattr(Ask, "text", classmethod(lambda cls, *a, **k: "lunch"))
    w.pane.act_pause.trigger()  # acts on the version this console saw
    qtbot.waitUntil(lambda: bool(told), timeout=WAIT_MS)
    assert "周杰" in told[0] and "nothing was saved" in told[0]
    qtbot.waitUntil(lambda: w.pane.detail is not None and w.pane.detail.version == seen_version + 1,
                    timeout=WAIT_MS)  # reloaded
    with st.read() as s:
        assert s.get(Order, oid).status.value == "assigned"  # not paused: nothing overwritten
    qtbot.waitUntil(lambda: cell(w, oid, "assignee") == "刘洋", timeout=WAIT_MS)


def test_assign_dialog_reloads_on_conflict(qtbot, env):
    w, st, ids = env
    oid = ids["open_nc"][0]
    dlg = AssignDialog(st, oid, actor_id=ids["dispatcher"], now_fn=lambda: NOW)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.is_ready, timeout=WAIT_MS)
    orders.assign(st, oid, expected_version=dlg.info.version, assignee_id=ids["m2"],
                  actor_id=add_person(st, Role.DISPATCHER, ids["nc"], "NC003", "周杰"), now=NOW)  # a dispatcher
    dlg.reason.setText("换人")
    dlg.accept()
    assert not dlg.ok.isEnabled()  # one press is one assignment
    qtbot.waitUntil(lambda: "changed by 周杰" in dlg.message.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: dlg.is_ready and dlg.info.assignee_id == ids["m2"], timeout=WAIT_MS)  # reloaded
    assert dlg.result() == 0 and dlg.reason.text() == "换人"  # still open, with what was typed


def test_new_request_waits_for_materials_until_they_are_complete(qtbot, env, monkeypatch):
    # R-FIRST-2 / R-TIME-0: intake with a missing item; the clock starts at "materials complete"
    from console.services.orders import intake
    from console.views.orders.intake_dialog import IntakeDialog

    w, st, ids = env
    # the dialog's part (tests/views/orders/test_intake_dialog.py drives it): the request is saved
    res = intake.take_request(st, branch_id=ids["nc"], customer_id=None, district_id=1,
                              kind="installation", channel="counter", description="新装机顶盒",
                              missing=["ID card of the account holder"], actor_id=ids["dispatcher"], now=NOW)
    monkeypatch.setattr(IntakeDialog, "ask", classmethod(lambda cls, store, **kw: res.order_id))
    qtbot.keyClick(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    oid = res.order_id
    qtbot.waitUntil(lambda: w.queue.selected_order_id() == oid, timeout=WAIT_MS)  # in the queue, selected
    shown(qtbot, w, oid)
    assert w.pane.detail.kind == "installation"
    assert cell(w, oid, "time_left") == "waiting for materials"
    assert "ID card" in w.pane.fields["materials"].text()
    qtbot.keyClick(w, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # materials complete
    # R-TIME-3: 5 working days after Friday 2026-11-20 13:00 China time -> Sat 11-28 00:00
    qtbot.waitUntil(lambda: not w.pane.busy and w.pane.detail.status != "waiting_materials", timeout=WAIT_MS)
    assert w.pane.detail.clocks[0].due == dt.datetime(2026, 11, 27, 16, 0, tzinfo=dt.timezone.utc)
    qtbot.waitUntil(lambda: cell(w, oid, "time_left") == "7d 11h", timeout=WAIT_MS)
    assert w.pane.detail.first_contact.name == "王芳"  # R-FIRST-1: who took it


def test_after_complete_the_pane_keeps_the_completed_orders_summary(qtbot, env, monkeypatch):
    # the queue drops the completed order; the pane keeps showing it, with its summary, until
    # the dispatcher picks another
    w, st, ids = env
    oid = ids["open_nc"][1]  # the most urgent: the top row
    w.queue.select_order(oid)
    shown(qtbot, w, oid)
    monkeypatch.setattr(Ask, "text", classmethod(lambda cls, *a, **k: "已回复客户并处理"))
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(w, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Complete
    qtbot.waitUntil(lambda: cell(w, oid, "number") is None, timeout=WAIT_MS)  # left the queue
    qtbot.waitUntil(lambda: not w.pane.busy and w.pane.detail.status == "completed", timeout=WAIT_MS)
    assert w.pane.detail.id == oid and w.pane.title.text().startswith("NC-0002")
    assert "已回复客户并处理" in w.pane.fields["outcome"].text()
    assert w.queue.selected_order_id() == 0  # nothing else was picked for the dispatcher


def test_after_complete_a_reload_keeps_the_completed_order_in_the_pane(qtbot, env, monkeypatch):
    w, st, ids = env
    oid = ids["open_nc"][1]
    w.queue.select_order(oid)
    shown(qtbot, w, oid)
    monkeypatch.setattr(Ask, "text", classmethod(lambda cls, *a, **k: "已回复客户并处理"))
    w.pane.act_complete.trigger()
    qtbot.waitUntil(lambda: cell(w, oid, "number") is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not w.pane.busy and w.pane.detail.status == "completed", timeout=WAIT_MS)
    w.reload_orders()  # F5
    qtbot.waitUntil(lambda: w.queue_model.rowCount() == 1 and not w.pane.busy, timeout=WAIT_MS)
    qtbot.wait(200)
    assert w.pane.detail.id == oid and w.pane.detail.status == "completed"
