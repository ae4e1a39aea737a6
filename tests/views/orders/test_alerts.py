"""The alerts panel as a dispatcher meets it (escalations are never missed): time is driven through the
panel's clock and its passes run in the background; nothing sleeps."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt, QThreadPool
from PySide6.QtWidgets import QSystemTrayIcon

from console.services.orders import actions as order_actions
from console.models import Customer, District, Order, Staff
from console.services.orders import escalation
from console.services.orders.caches import refresh_caches
from console.store import open_store
from console.views.kit.ask import Ask
from console.views.kit.settings import ALERT_SOUND, Settings
from console.views.orders.alerts_model import (
    COLUMNS,
    AlertIdRole,
    AlertsModel,
    GroupRole,
    OrderIdRole,
)
from console.views.orders.alerts_panel import AlertsPanel
from console.vocabulary import Role
from tests.factories import (
    T0,
    make_branch,
    make_customer,
    make_district,
    make_order,
    make_staff,
)

H = dt.timedelta(hours=1)



class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def env(qtbot, tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 'alerts.sqlite3'}")
    with st.write() as s:
        b = make_branch(s)
        d = make_district(s, b)
        disp = make_staff(s, b, "NC001", "王芳")
        make_staff(s, b, "NC900", "陈经理", Role.MANAGER)
        c = make_customer(s, d, "A0000001")
        ids = {"branch": b.id, "dispatcher": disp.id, "district": d.id, "customer": c.id,
               "order": make_order(s, d, c, disp, "NC-0001").id}  # general fault: 24 h (R-TIME-1)
        refresh_caches(s, s.get(Order, ids["order"]))
    clock = Clock(T0 + 18 * H)  # 75 %: the assignee level (50 %) is due, the dispatcher's (80 %) not yet
    user = {"id": ids["dispatcher"]}
    settings = Settings(str(tmp_path / "console.ini"))
    panel = AlertsPanel(st, user_id_fn=lambda: user["id"], now_fn=clock, interval_ms=0, settings=settings)
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.show()
    yield panel, st, ids, clock, user
    panel.set_branch(None)  # stops the timer
    QThreadPool.globalInstance().waitForDone(10_000)  # a pass still running finishes before the store closes
    st.dispose()


def texts(panel, name, parent=None):
    """The column `name` of the order rows (or of one order row's alerts)."""
    m = panel.model
    parent = parent if parent is not None else QModelIndex()
    return [m.data(m.index(r, COLUMNS.index(name), parent)) for r in range(m.rowCount(parent))]


def alerts_of(panel, row, name):
    return texts(panel, name, panel.model.index(row, 0))


def run_pass(qtbot, panel):
    with qtbot.waitSignal(panel.sig_pass_done, timeout=10_000) as got:
        assert panel.run_pass_in_background()
    return got.args[0]


def open_branch(qtbot, panel, branch_id):
    with qtbot.waitSignal(panel.sig_pass_done, timeout=10_000):
        panel.set_branch(branch_id)


def add_order(st, ids, number, at):
    with st.write() as s:
        o = make_order(s, s.get(District, ids["district"]), s.get(Customer, ids["customer"]),
                       s.get(Staff, ids["dispatcher"]), number, at=at)
        refresh_caches(s, o)
        return o.id


@pytest.fixture
def note(monkeypatch):
    """What the dispatcher writes in the acknowledgement's note box (None: Cancel)."""
    answer = {"text": "crew on the way", "asked": []}

    def ask(parent, title, label, *, default=""):
        answer["asked"].append((label, default))
        return answer["text"]

    monkeypatch.setattr(Ask, "note", ask)
    return answer


def test_one_row_per_order_with_its_alerts_below(qtbot, env):
    panel, st, ids, clock, _ = env
    open_branch(qtbot, panel, ids["branch"])
    assert texts(panel, "level") == ["1 · Assignee"]
    assert texts(panel, "target") == ["Assignee"]
    assert texts(panel, "due") == ["2026-11-21 10:00"]  # China time
    assert "50% of the R-TIME-1 time limit used (due 2026-11-21 10:00)" in texts(panel, "reason")[0]

    clock.now = T0 + 19.5 * H  # 81 %
    assert run_pass(qtbot, panel) == 1
    assert texts(panel, "order") == ["NC-0001"]  # one order, one row
    assert texts(panel, "level") == ["2 · Dispatcher"]  # how high it climbed
    assert texts(panel, "clock") == ["2 escalations"]
    assert texts(panel, "acknowledged") == ["2 of 2 open"]
    assert alerts_of(panel, 0, "level") == ["2 · Dispatcher", "1 · Assignee"]  # the highest first
    assert alerts_of(panel, 0, "target")[0] == "Dispatcher on duty"
    assert alerts_of(panel, 0, "fired")[0] == "2026-11-21 05:30"
    assert panel.summary.text() == "Unacknowledged escalations: 2 of 1 order(s)"

    assert run_pass(qtbot, panel) == 0  # the next tick: nothing new, nothing twice
    assert alerts_of(panel, 0, "level") == ["2 · Dispatcher", "1 · Assignee"]


def test_orders_sorted_by_level_then_due_and_acknowledged_last(qtbot, env, note):
    panel, st, ids, clock, _ = env
    late = add_order(st, ids, "NC-0002", T0 - 6 * H)  # due six hours before NC-0001
    early = add_order(st, ids, "NC-0003", T0 - 12 * H)
    clock.now = T0 + 19.5 * H  # NC-0001 81 %; NC-0002 106 %: leader; NC-0003 131 %: leader, due first
    open_branch(qtbot, panel, ids["branch"])
    assert texts(panel, "order") == ["NC-0003", "NC-0002", "NC-0001"]
    assert texts(panel, "level") == ["3 · Branch leader", "3 · Branch leader", "2 · Dispatcher"]
    panel.select_order(early)
    with qtbot.waitSignal(panel.sig_alerts_changed, timeout=10_000):
        panel.act_acknowledge.trigger()
    assert texts(panel, "order") == ["NC-0002", "NC-0001", "NC-0003"]  # nothing open: below the rest
    assert texts(panel, "acknowledged")[-1] == "All"
    assert panel.model.data(panel.model.order_index(late), GroupRole).order_number == "NC-0002"


def test_acknowledge_a_whole_order_from_the_keyboard_with_one_note(qtbot, env, note):
    panel, st, ids, clock, _ = env
    clock.now = T0 + 20 * H
    open_branch(qtbot, panel, ids["branch"])
    assert alerts_of(panel, 0, "acknowledged") == ["No", "No"]
    panel.table.setFocus()
    panel.select_order(ids["order"])
    clock.now = T0 + 20.5 * H
    with qtbot.waitSignal(panel.sig_alerts_changed, timeout=10_000) as changed:
        qtbot.keyClick(panel.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert changed.args == [0]
    assert note["asked"][0][0].startswith("Acknowledge 2 escalation(s) of 1 order(s).")
    assert alerts_of(panel, 0, "acknowledged") == ["王芳, 2026-11-21 06:30: crew on the way"] * 2
    assert panel.summary.text() == "No unacknowledged escalations"
    assert panel.status.text() == "Acknowledged: 2 escalation(s)"
    assert not panel.act_acknowledge.isEnabled()  # acknowledged once


def test_one_alert_of_an_order_can_be_acknowledged_alone(qtbot, env, note):
    panel, st, ids, clock, _ = env
    clock.now = T0 + 20 * H
    open_branch(qtbot, panel, ids["branch"])
    lower = panel.model.alerts()[1]
    panel.select_alert(lower.event_id)
    with qtbot.waitSignal(panel.sig_alerts_changed, timeout=10_000):
        panel.act_acknowledge.trigger()
    assert texts(panel, "acknowledged") == ["1 of 2 open"]
    assert alerts_of(panel, 0, "level") == ["2 · Dispatcher", "1 · Assignee"]
    assert alerts_of(panel, 0, "acknowledged")[0] == "No"


def test_several_orders_selected_are_acknowledged_together(qtbot, env, note):
    panel, st, ids, clock, _ = env
    add_order(st, ids, "NC-0002", T0)
    clock.now = T0 + 20 * H
    open_branch(qtbot, panel, ids["branch"])
    assert panel.model.rowCount() == 2
    panel.table.selectAll()
    note["text"] = "both in hand"
    with qtbot.waitSignal(panel.sig_alerts_changed, timeout=10_000):
        panel.act_acknowledge.trigger()
    assert note["asked"][0][0].startswith("Acknowledge 4 escalation(s) of 2 order(s).")
    assert panel.model.unacknowledged() == 0
    assert {a.note for a in panel.model.alerts()} == {"both in hand"}


def test_cancel_writes_nothing_and_a_refusal_keeps_the_note(qtbot, env, note):
    panel, st, ids, clock, _ = env
    open_branch(qtbot, panel, ids["branch"])
    panel.select_order(ids["order"])
    note["text"] = None
    panel.act_acknowledge.trigger()
    assert panel.model.unacknowledged() == 1 and panel.act_acknowledge.isEnabled()
    note["text"] = "x" * 3000  # too long: refused in words, and offered again next time
    with qtbot.waitSignal(panel.sig_alerts_changed, timeout=10_000):
        panel.act_acknowledge.trigger()
    assert "too long" in panel.status.text()
    assert panel.model.unacknowledged() == 1
    note["text"] = "short"
    with qtbot.waitSignal(panel.sig_alerts_changed, timeout=10_000):
        panel.act_acknowledge.trigger()
    assert note["asked"][-1][1] == "x" * 3000  # what was typed came back in the box
    assert panel.model.unacknowledged() == 0


def test_an_alert_acknowledged_on_another_console_is_refused_in_words(qtbot, env, note):
    panel, st, ids, clock, _ = env
    open_branch(qtbot, panel, ids["branch"])
    panel.select_order(ids["order"])
    escalation.acknowledge(st, panel.selected_alert().event_id, actor_id=ids["dispatcher"], now=clock.now)
    with qtbot.waitSignal(panel.sig_alerts_changed, timeout=10_000):
        panel.act_acknowledge.trigger()
    assert "already acknowledged by 王芳" in panel.status.text()
    assert texts(panel, "acknowledged") == ["王芳, 2026-11-21 04:00"]


def test_nobody_on_duty_cannot_acknowledge(qtbot, env, note):
    panel, st, ids, clock, user = env
    open_branch(qtbot, panel, ids["branch"])
    panel.select_order(ids["order"])
    user["id"] = None
    panel.act_acknowledge.trigger()
    assert "Choose who is on duty" in panel.status.text()
    assert texts(panel, "acknowledged") == ["No"]
    assert note["asked"] == []


def test_enter_opens_the_order_in_the_queue(qtbot, env):
    panel, st, ids, clock, _ = env
    open_branch(qtbot, panel, ids["branch"])
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    with qtbot.waitSignal(panel.sig_order_activated, timeout=2000) as got:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert got.args == [ids["order"]]


def test_urgent_signal_once_per_order_from_the_dispatcher_level_and_the_bell(qtbot, env):
    panel, st, ids, clock, _ = env
    urgent = []
    panel.sig_urgent_alert.connect(lambda oid, text: urgent.append((oid, text)))
    open_branch(qtbot, panel, ids["branch"])
    assert urgent == []  # the assignee level is not urgent
    assert not panel.act_sound.isChecked()  # the bell is off until someone turns it on
    panel.act_sound.setChecked(True)
    assert panel.settings.get(ALERT_SOUND) == 1  # kept for this console
    clock.now = T0 + 24 * H  # 100 %: dispatcher and branch leader at once
    assert run_pass(qtbot, panel) == 2
    assert urgent == [(ids["order"], "3 · Branch leader: order NC-0001 — 100% of the R-TIME-1 time limit used "
                                     "(due 2026-11-21 10:00)")]  # one notice for the order, its highest level
    assert panel.rang == 1
    assert alerts_of(panel, 0, "target")[0] == "Branch leader · 陈经理"
    assert panel.model.data(panel.model.index(0, 0), Qt.ItemDataRole.DecorationRole) is not None
    clock.now = T0 + 30 * H
    assert run_pass(qtbot, panel) == 0
    assert len(urgent) == 1 and panel.rang == 1
    assert panel.tray is None or QSystemTrayIcon.isSystemTrayAvailable()  # offscreen: the signal only


def test_a_manual_escalation_is_urgent_when_it_appears(qtbot, env):  # R-FIRST-4
    panel, st, ids, clock, _ = env
    open_branch(qtbot, panel, ids["branch"])
    urgent = []
    panel.sig_urgent_alert.connect(lambda oid, text: urgent.append(oid))
    order_actions.escalate(st, ids["order"], expected_version=1, actor_id=ids["dispatcher"],
                           reason="hospital ward without signal", now=clock.now)
    with qtbot.waitSignal(panel.sig_alerts_changed, timeout=10_000):
        assert panel.reload()
    assert urgent == [ids["order"]]
    assert alerts_of(panel, 0, "level")[0] == "Manual (R-FIRST-4)"  # weighs as a leader's: first
    assert alerts_of(panel, 0, "reason")[0] == "hospital ward without signal (by 王芳)"
    assert alerts_of(panel, 0, "clock")[0] == "Whole order"


def test_the_timer_runs_a_pass_every_interval(qtbot, env):
    panel, st, ids, clock, _ = env
    panel.timer.setInterval(20)
    open_branch(qtbot, panel, ids["branch"])
    assert panel.timer.isActive()
    clock.now = T0 + 19.5 * H
    with qtbot.waitSignal(panel.sig_pass_done, timeout=10_000, check_params_cb=lambda n: n == 1):
        pass  # the next tick of the timer, not a call of ours
    qtbot.waitUntil(lambda: texts(panel, "level")[:1] == ["2 · Dispatcher"], timeout=10_000)
    panel.set_branch(None)
    assert not panel.timer.isActive() and panel.model.rowCount() == 0


def test_alerts_model_passes_the_qt_model_tester(qtmodeltester, env):
    panel, st, ids, clock, _ = env
    add_order(st, ids, "NC-0002", T0 + 10 * H)
    escalation.run_pass(st, now=T0 + 50 * H)
    alerts = escalation.open_alerts(st, ids["branch"])
    model = AlertsModel()
    qtmodeltester.check(model)
    model.set_alerts(alerts)
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.rowCount(model.index(0, 0)) == 4
    assert model.rowCount(model.index(0, 1)) == 0  # only the first column holds the alerts
    first = model.index(0, 0, model.index(0, 0))
    assert model.data(first, OrderIdRole) == ids["order"]
    assert model.data(first, AlertIdRole) == alerts[-4].event_id or model.data(first, AlertIdRole) in {
        a.event_id for a in alerts}
    assert model.data(model.index(0, 0), AlertIdRole) is None


def test_alerts_already_there_when_the_console_opens_are_listed_not_announced(qtbot, env):
    panel, st, ids, clock, _ = env
    escalation.run_pass(st, now=T0 + 24 * H)  # the leader's level, fired before this console opened
    urgent = []
    panel.sig_urgent_alert.connect(lambda oid, text: urgent.append(text))
    clock.now = T0 + 25 * H
    open_branch(qtbot, panel, ids["branch"])
    assert texts(panel, "level") == ["3 · Branch leader"] and urgent == []  # no notice for old news
    clock.now = T0 + 48 * H  # 24 h overdue: the province, fired now
    assert run_pass(qtbot, panel) == 1
    assert len(urgent) == 1 and urgent[0].startswith("4 · Province: order NC-0001")


def test_a_quiet_branch_is_checked_without_the_database_until_an_order_changes_or_comes_due(qtbot, env):
    """R-TIME-9/11: between two passes nothing of the branch changed and no level is due before
    the dispatcher's (80 % at T0+19.2 h): the timer's check answers without one statement; an
    order changed (here or at another console) or the due reached, and the pass runs again."""
    from sqlalchemy import event

    from console.views.kit.ops import OrderChanges, hub

    panel, st, ids, clock, _ = env
    statements = []
    event.listen(st.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    open_branch(qtbot, panel, ids["branch"])
    assert texts(panel, "level") == ["1 · Assignee"]
    passes = []
    panel.sig_pass_done.connect(passes.append)
    statements.clear()
    clock.now = T0 + 19 * H
    panel.timer.timeout.emit()  # one tick of the 30 s timer
    assert statements == [] and passes == [] and not panel._busy
    assert panel.status.text() == f"Checked at {(T0 + 19 * H).astimezone(dt.timezone(8 * H)):%Y-%m-%d %H:%M}"

    add_order(st, ids, "NC-0002", T0 + 18 * H)  # another console's new order, told by the feed
    hub().sig_orders_changed.emit(OrderChanges((ids["order"] + 1,)))
    qtbot.waitUntil(lambda: not panel._busy, timeout=10_000)  # the list's reload
    statements.clear()
    with qtbot.waitSignal(panel.sig_pass_done, timeout=10_000):
        panel.timer.timeout.emit()
    assert statements  # judged again

    panel.timer.timeout.emit()  # quiet again
    assert not panel._busy
    clock.now = T0 + 19.5 * H  # the dispatcher's level of the first order is due
    with qtbot.waitSignal(panel.sig_pass_done, timeout=10_000, check_params_cb=lambda n: n == 1):
        panel.timer.timeout.emit()
    qtbot.waitUntil(lambda: "2 · Dispatcher" in texts(panel, "level"), timeout=10_000)


def test_changes_from_another_console_are_judged_a_moment_after_the_last(qtbot, env):
    """A burst of order changes (the feed's) is judged by one pass CHANGED_PASS_MS after its last,
    not at the next 30 s tick: what another console did may have made a level due."""
    from console.views.kit.ops import OrderChanges, hub

    panel, st, ids, clock, _ = env
    panel.timer.setInterval(60_000)  # the timer's own tick does not come during the test
    panel._soon.setInterval(50)
    open_branch(qtbot, panel, ids["branch"])
    passes = []
    panel.sig_pass_done.connect(passes.append)
    clock.now = T0 + 19.5 * H  # the dispatcher's level is due: only a pass fires it
    for _ in range(3):
        hub().sig_orders_changed.emit(OrderChanges((ids["order"],)))
    qtbot.waitUntil(lambda: passes == [1], timeout=10_000)
    qtbot.wait(300)  # six times the delay: no second pass follows the one burst
    assert passes == [1]
    assert "2 · Dispatcher" in texts(panel, "level")
