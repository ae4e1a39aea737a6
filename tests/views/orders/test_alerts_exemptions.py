"""R-TIME-8 on the alerts panel: the branch head sees each exemption — "Customer unreachable
(R-TIME-8)", the order, who recorded it, the reason — acknowledges it, and it is gone; a
dispatcher does not see it. R-TIME: an escalation on a provisional due says so."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, QThreadPool

from console.models import Order
from console.services.orders import actions as order_actions
from console.services.orders.caches import refresh_caches
from console.store import open_store
from console.views.kit.ask import Ask
from console.views.orders.alerts_model import COLUMNS
from console.views.orders.alerts_panel import AlertsPanel
from console.vocabulary import OrderKind, Role
from tests.factories import T0, make_branch, make_customer, make_district, make_order, make_staff

H = dt.timedelta(hours=1)
CST = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def env(qtbot, tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 'alerts.sqlite3'}")
    with st.write() as s:
        b = make_branch(s)
        d = make_district(s, b)
        disp = make_staff(s, b, "NC001", "王芳")
        head = make_staff(s, b, "NC900", "陈经理", Role.MANAGER)
        c = make_customer(s, d, "A0000001")
        o = make_order(s, d, c, disp, "NC-0001")
        refresh_caches(s, o)
        ids = {"branch": b.id, "dispatcher": disp.id, "head": head.id, "order": o.id, "district": d.id,
               "customer": c.id}
    order_actions.customer_unreachable(st, ids["order"], expected_version=1, actor_id=ids["dispatcher"],
                                       reason="nobody home after 3 calls", now=T0 + H)
    user = {"id": ids["head"]}
    clock = {"now": T0 + 2 * H}
    panel = AlertsPanel(st, user_id_fn=lambda: user["id"], now_fn=lambda: clock["now"], interval_ms=0)
    qtbot.addWidget(panel)
    panel.resize(1000, 300)
    panel.show()
    yield panel, st, ids, user, clock
    panel.set_branch(None)
    QThreadPool.globalInstance().waitForDone(10_000)
    st.dispose()


def cells(panel, row=0):
    m = panel.model
    return {c: m.data(m.index(row, i, QModelIndex())) for i, c in enumerate(COLUMNS)}


def test_the_head_sees_the_exemption_and_acknowledges_it_once(qtbot, env, monkeypatch):
    panel, st, ids, user, _clock = env
    panel.set_branch(ids["branch"])
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10_000)
    row = cells(panel)
    assert row["level"] == "Customer unreachable (R-TIME-8)"
    assert row["order"] == "NC-0001"
    assert row["target"] == "Branch head · 陈经理"
    assert row["reason"] == "nobody home after 3 calls (recorded by 王芳)"
    assert row["acknowledged"] == "No"
    assert panel.summary.text() == "Unacknowledged escalations: 1 of 1 order(s)"

    monkeypatch.setattr(Ask, "note", classmethod(lambda cls, *a, **k: "spoke to the customer"))
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    assert panel.act_acknowledge.isEnabled()
    panel.acknowledge_selected()
    qtbot.waitUntil(lambda: panel.status.text() == "Acknowledged: 1 escalation(s)", timeout=10_000)
    qtbot.waitUntil(lambda: cells(panel)["acknowledged"].startswith("陈经理"), timeout=10_000)
    assert panel.summary.text() == "No unacknowledged escalations"
    clock = env[4]
    clock["now"] = T0 + 40 * H  # a day later: acknowledged, never shown again
    panel.reload()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=10_000)


def test_a_dispatcher_does_not_see_the_heads_exemptions(qtbot, env):
    panel, st, ids, user, _clock = env
    user["id"] = ids["dispatcher"]
    fired = []
    panel.sig_pass_done.connect(fired.append)
    panel.set_branch(ids["branch"])
    qtbot.waitUntil(lambda: bool(fired), timeout=10_000)
    assert panel.model.rowCount() == 0 and panel.summary.text() == "No unacknowledged escalations"
    user["id"] = ids["head"]  # the head signs in at this console
    panel.person_changed()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10_000)
    assert cells(panel)["level"] == "Customer unreachable (R-TIME-8)"


def test_a_provisional_escalation_says_so(qtbot, tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 'prov.sqlite3'}")
    try:
        with st.write() as s:
            b = make_branch(s)
            d = make_district(s, b)
            disp = make_staff(s, b, "NC001", "王芳")
            c = make_customer(s, d, "A0000001")
            # R-TIME-5 from Monday 2026-12-28: the due rests on 2027, whose calendar is not entered
            o = make_order(s, d, c, disp, "NC-0001", OrderKind.RESTORATION, dt.datetime(2026, 12, 28, 10, tzinfo=CST))
            refresh_caches(s, s.get(Order, o.id))
            branch, me = b.id, disp.id
        panel = AlertsPanel(st, user_id_fn=lambda: me, now_fn=lambda: dt.datetime(2027, 1, 5, 12, tzinfo=CST),
                            interval_ms=0)
        qtbot.addWidget(panel)
        panel.show()
        urgent = []
        panel.sig_urgent_alert.connect(lambda _oid, text: urgent.append(text))
        panel.set_branch(branch)
        qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10_000)
        row = cells(panel)
        assert row["level"] == "3 · Branch leader (provisional)"
        assert urgent == ["3 · Branch leader (provisional): order NC-0001 — 100% of the R-TIME-5 time limit used "
                          "(due 2027-01-05 00:00) (provisional: the 2027 working-day calendar is not entered)"]
        assert row["reason"].endswith("(provisional: the 2027 working-day calendar is not entered)")
        panel.set_branch(None)
        QThreadPool.globalInstance().waitForDone(10_000)
    finally:
        st.dispose()
