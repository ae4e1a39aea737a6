"""The alerts panel as a dispatcher meets it (escalations are never missed): time is driven through the
panel's clock and its passes run in the background; nothing sleeps."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QSystemTrayIcon

from console.services.orders import actions as order_actions
from console.services.orders import escalation
from console.store import open_store
from console.views.orders.alerts_model import (
    COLUMNS,
    AlertIdRole,
    AlertsModel,
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
        ids = {"branch": b.id, "dispatcher": disp.id,
               "order": make_order(s, d, c, disp, "NC-0001").id}  # general fault: 24 h (R-TIME-1)
    clock = Clock(T0 + 18 * H)  # 75 %: the assignee level (50 %) is due, the dispatcher's (80 %) not yet
    user = {"id": ids["dispatcher"]}
    panel = AlertsPanel(st, user_id_fn=lambda: user["id"], now_fn=clock, interval_ms=0)
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.show()
    yield panel, st, ids, clock, user
    panel.set_branch(None)  # stops the timer
    QThreadPool.globalInstance().waitForDone(10_000)  # a pass still running finishes before the store closes
    st.dispose()


def texts(panel, name):
    m = panel.model
    return [m.data(m.index(r, COLUMNS.index(name))) for r in range(m.rowCount())]


def run_pass(qtbot, panel):
    with qtbot.waitSignal(panel.sig_pass_done, timeout=10_000) as got:
        assert panel.run_pass_in_background()
    return got.args[0]


def open_branch(qtbot, panel, branch_id):
    with qtbot.waitSignal(panel.sig_pass_done, timeout=10_000):
        panel.set_branch(branch_id)


def test_a_new_alert_appears_once_when_the_clock_crosses_80_percent(qtbot, env):
    panel, st, ids, clock, _ = env
    open_branch(qtbot, panel, ids["branch"])
    assert texts(panel, "level") == ["1 · Assignee"]
    assert texts(panel, "target") == ["Assignee"]
    assert "50% of the R-TIME-1 time limit used (due 2026-11-21 10:00)" in texts(panel, "reason")[0]  # China time

    clock.now = T0 + 19.5 * H  # 81 %
    assert run_pass(qtbot, panel) == 1
    assert texts(panel, "level") == ["2 · Dispatcher", "1 · Assignee"]  # newest first
    assert texts(panel, "target")[0] == "Dispatcher on duty"
    assert texts(panel, "fired")[0] == "2026-11-21 05:30"
    assert panel.summary.text() == "Unacknowledged escalations: 2"

    assert run_pass(qtbot, panel) == 0  # the next tick: nothing new, nothing twice
    assert texts(panel, "level") == ["2 · Dispatcher", "1 · Assignee"]


def test_acknowledge_from_the_keyboard_moves_the_alert_below_the_open_ones(qtbot, env):
    panel, st, ids, clock, _ = env
    clock.now = T0 + 20 * H
    open_branch(qtbot, panel, ids["branch"])
    assert texts(panel, "acknowledged") == ["No", "No"]
    panel.table.setFocus()
    panel.table.selectRow(0)
    assert panel.selected_alert().level == "dispatcher"
    clock.now = T0 + 20.5 * H
    with qtbot.waitSignal(panel.sig_alerts_changed, timeout=10_000) as changed:
        qtbot.keyClick(panel.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert changed.args == [1]
    assert texts(panel, "level") == ["1 · Assignee", "2 · Dispatcher"]  # unacknowledged first
    assert texts(panel, "acknowledged") == ["No", "王芳, 2026-11-21 06:30"]
    assert panel.summary.text() == "Unacknowledged escalations: 1"
    panel.table.selectRow(1)
    assert not panel.act_acknowledge.isEnabled()  # acknowledged once


def test_an_alert_acknowledged_on_another_console_is_refused_in_words(qtbot, env):
    panel, st, ids, clock, _ = env
    open_branch(qtbot, panel, ids["branch"])
    panel.table.selectRow(0)
    escalation.acknowledge(st, panel.selected_alert().event_id, actor_id=ids["dispatcher"], now=clock.now)
    with qtbot.waitSignal(panel.sig_alerts_changed, timeout=10_000):
        panel.act_acknowledge.trigger()
    assert "already acknowledged by 王芳" in panel.status.text()
    assert texts(panel, "acknowledged") == ["王芳, 2026-11-21 04:00"]


def test_nobody_on_duty_cannot_acknowledge(qtbot, env):
    panel, st, ids, clock, user = env
    open_branch(qtbot, panel, ids["branch"])
    panel.table.selectRow(0)
    user["id"] = None
    panel.act_acknowledge.trigger()
    assert "Choose who is on duty" in panel.status.text()
    assert texts(panel, "acknowledged") == ["No"]


def test_enter_opens_the_order_in_the_queue(qtbot, env):
    panel, st, ids, clock, _ = env
    open_branch(qtbot, panel, ids["branch"])
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    with qtbot.waitSignal(panel.sig_order_activated, timeout=2000) as got:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert got.args == [ids["order"]]


def test_urgent_signal_fires_once_for_the_leader_level(qtbot, env):
    panel, st, ids, clock, _ = env
    urgent = []
    panel.sig_urgent_alert.connect(lambda oid, text: urgent.append((oid, text)))
    open_branch(qtbot, panel, ids["branch"])
    assert urgent == []  # the assignee level is not urgent
    clock.now = T0 + 24 * H  # 100 %: dispatcher and branch leader at once
    assert run_pass(qtbot, panel) == 2
    assert urgent == [(ids["order"], "3 · Branch leader: order NC-0001 — 100% of the R-TIME-1 time limit used "
                                     "(due 2026-11-21 10:00)")]
    assert texts(panel, "target")[0] == "Branch leader · 陈经理"
    assert panel.model.data(panel.model.index(0, 0), Qt.ItemDataRole.DecorationRole) is not None
    clock.now = T0 + 30 * H
    assert run_pass(qtbot, panel) == 0
    assert len(urgent) == 1
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
    assert texts(panel, "level")[0] == "Manual (R-FIRST-4)"
    assert texts(panel, "reason")[0] == "hospital ward without signal (by 王芳)"
    assert texts(panel, "clock")[0] == "Whole order"


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
    escalation.run_pass(st, now=T0 + 50 * H)
    alerts = escalation.open_alerts(st, ids["branch"])
    model = AlertsModel()
    qtmodeltester.check(model)
    model.set_alerts(alerts)
    qtmodeltester.check(model)
    assert model.rowCount() == 4
    assert model.data(model.index(0, 0), OrderIdRole) == ids["order"]
    assert model.data(model.index(0, 0), AlertIdRole) == alerts[0].event_id
