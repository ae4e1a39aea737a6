"""The order pane's guarded actions (R-TIME-7, R-PROM-7, R-TIME-10, R-FIRST-4), as a user meets
them: a first response asked for and recorded once, the visit window offered in working hours,
an arrival not before the window, completing with a pending request or an unacknowledged
escalation asked first and the completed order's summary shown after, a reclassification to a
longer limit said to wait for approval — and nothing typed lost when a write fails."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QInputDialog

from console.errors import StoreError
from console.models import Branch, OrderEvent
from console.rules.periods import CST
from console.services.orders import actions as act
from console.store import open_store
from console.views.kit import drafts
from console.views.kit.ask import Ask
from console.views.orders.order_pane import OrderPane
from console.vocabulary import Role
from tests.factories import T0, make_staff, small_branch_with_deadlines

NOW = T0 + dt.timedelta(hours=3)  # Friday 13:00 China time
H = dt.timedelta(hours=1)


@pytest.fixture
def env(qtbot, tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 'pane.sqlite3'}")
    ids = small_branch_with_deadlines(st)
    with st.write() as s:
        ids["manager"] = make_staff(s, s.get(Branch, ids["nc"]), "NC900", "陈经理", Role.MANAGER).id
    pane = OrderPane(st, user_id_fn=lambda: ids["manager"], now_fn=lambda: NOW, role="manager")
    qtbot.addWidget(pane)
    pane.resize(520, 800)
    pane.show()
    yield pane, st, ids
    st.dispose()


def show(qtbot, pane, order_id):
    pane.show_order(order_id)
    qtbot.waitUntil(lambda: pane.detail is not None and pane.detail.id == order_id and not pane.busy, timeout=10_000)


def settle(qtbot, pane):
    qtbot.waitUntil(lambda: not pane.busy, timeout=10_000)


def _events(st, oid, typ) -> int:
    with st.read() as s:
        return sum(1 for e in s.query(OrderEvent).filter_by(order_id=oid) if e.type.value == typ)


@pytest.fixture
def told(monkeypatch):
    out: list[str] = []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: out.append(text)))
    return out


def test_first_response_asks_what_was_said_and_is_recorded_once(qtbot, env, told, monkeypatch):
    pane, st, ids = env
    oid = ids["open_nc"][1]  # the complaint (R-TIME-7: 4 h)
    show(qtbot, pane, oid)
    asked = []
    monkeypatch.setattr(Ask, "text",
                        classmethod(lambda cls, p, title, label, **k: asked.append(k) or "约了明早上门"))
    pane.act_response.trigger()
    qtbot.waitUntil(lambda: pane.detail.first_response_at is not None and not pane.busy, timeout=5000)
    assert asked[0]["draft"] == f"first_response:{oid}"
    assert "约了明早上门" in pane.timeline.toPlainText()
    assert "2026-11-20 13:00" in pane.fields["response"].text() and not pane.fields["response"].isHidden()
    pane.act_response.trigger()  # Ctrl+1 again: said, not written
    assert len(asked) == 1 and told and "already recorded: at 2026-11-20 13:00 by" in told[-1]
    assert _events(st, oid, "first_response") == 1


def test_the_visit_window_offered_is_the_next_working_hours_slot(qtbot, env, monkeypatch):
    pane, st, ids = env
    show(qtbot, pane, ids["open_nc"][0])
    offered = []
    monkeypatch.setattr(Ask, "window", classmethod(lambda cls, p, t, l, a, b: offered.append((a, b)) or None))
    pane.act_visit.trigger()
    a, b = offered[0]
    assert (a.astimezone(CST).strftime("%a %H:%M"), b.astimezone(CST).strftime("%H:%M")) == ("Fri 14:00", "16:00")


def test_an_arrival_before_the_window_is_said_and_not_asked(qtbot, env, told, monkeypatch):
    pane, st, ids = env
    oid = ids["open_nc"][0]
    act.book_visit(st, oid, expected_version=1, actor_id=ids["dispatcher"], start=NOW + 2 * H, end=NOW + 4 * H,
                   now=NOW)
    show(qtbot, pane, oid)
    monkeypatch.setattr(Ask, "when", classmethod(lambda cls, *a, **k: pytest.fail("asked for a time")))
    pane.act_arrived.trigger()
    assert "starts at 2026-11-20 15:00" in told[-1]
    assert _events(st, oid, "arrived") == 0


def test_complete_with_a_pending_request_and_an_escalation_asks_first_then_shows_the_summary(
        qtbot, env, told, monkeypatch):
    pane, st, ids = env
    oid = ids["open_nc"][0]
    v = act.request_extension(st, oid, expected_version=1, actor_id=ids["dispatcher"], new_due=T0 + 48 * H,
                              reason="cable on order", now=T0 + H)
    act.escalate(st, oid, expected_version=v, actor_id=ids["dispatcher"], reason="VIP", now=T0 + 2 * H)
    show(qtbot, pane, oid)
    questions = []
    answer = [False]
    monkeypatch.setattr(Ask, "confirm", classmethod(lambda cls, p, title, text: questions.append(text) or answer[0]))
    monkeypatch.setattr(Ask, "text", classmethod(lambda cls, *a, **k: "换了分配器"))
    pane.act_complete.trigger()  # declined: nothing written
    assert "extension request is waiting" in questions[0] and "1 escalation(s) not acknowledged" in questions[0]
    assert pane.detail.status != "completed" and _events(st, oid, "completed") == 0
    answer[0] = True
    pane.act_complete.trigger()
    qtbot.waitUntil(lambda: pane.detail.status == "completed" and not pane.busy, timeout=5000)
    assert pane.detail.id == oid and pane.title.text().startswith("NC-0001")
    summary = pane.fields["outcome"].text()
    assert not pane.fields["outcome"].isHidden() and "2026-11-20 13:00" in summary and "换了分配器" in summary
    pane.grab().save("/tmp/pane_completed.png")


def test_a_reclassification_to_a_longer_limit_says_it_waits_for_approval(qtbot, env, told, monkeypatch):
    pane, st, ids = env
    oid = ids["open_nc"][0]
    show(qtbot, pane, oid)
    monkeypatch.setattr(Ask, "item", classmethod(lambda cls, p, t, l, items: items[0]))  # major fault
    monkeypatch.setattr(Ask, "text", classmethod(lambda cls, *a, **k: "整栋楼没信号"))
    pane.act_reclassify.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    assert "applies once a manager approves" in told[-1]
    assert pane.detail.kind == "major_fault" and pane.detail.clocks[0].due == T0 + 24 * H


# ---- nothing typed is lost: each prompt of the pane, its write refused -------------------------
PROMPTS = [  # (action, the pane's QAction, the service function refused, the order)
    ("first_response", "act_response", "record_first_response", 1),
    ("pause", "act_pause", "pause", 0),
    ("unreachable", "act_unreachable", "customer_unreachable", 0),
    ("extension", "act_extension", "request_extension", 0),
    ("reject_extension", "act_decide", "decide_extension", 0),
    ("reclassify", "act_reclassify", "reclassify", 0),
    ("escalate", "act_escalate", "escalate", 0),
    ("complete", "act_complete", "complete", 0),
    ("reopen", "act_reopen", "reopen", "closed"),
]


@pytest.mark.parametrize(("action", "qaction", "service", "which"), PROMPTS, ids=[p[0] for p in PROMPTS])
def test_a_refused_write_keeps_what_was_typed(qtbot, env, told, monkeypatch, action, qaction, service, which):
    pane, st, ids = env
    oid = ids["closed_nc"] if which == "closed" else ids["open_nc"][which]
    if action == "reject_extension":
        act.request_extension(st, oid, expected_version=1, actor_id=ids["dispatcher"], new_due=T0 + 48 * H,
                              reason="cable", now=T0 + H)
    show(qtbot, pane, oid)

    def refuse(*_a, **_k):
        raise StoreError("refused for the test")

    monkeypatch.setattr(act, service, refuse)
    typed = f"写了很长的一段说明 ({action})"
    monkeypatch.setattr(Ask, "text", classmethod(lambda cls, *a, **k: typed))
    monkeypatch.setattr(Ask, "item", classmethod(lambda cls, p, t, l, items: items[-1]))  # Reject / a kind
    monkeypatch.setattr(Ask, "when", classmethod(lambda cls, p, t, l, default: default))
    monkeypatch.setattr(Ask, "confirm", classmethod(lambda cls, *a: True))
    getattr(pane, qaction).trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    settle(qtbot, pane)
    key = drafts.key(action, oid)
    assert "refused for the test" in told[-1] and "What you wrote is kept" in told[-1]
    assert drafts.recall(key) == typed
    # the next prompt opens with it (the real Ask.text, its dialog answered by the test)
    monkeypatch.undo()
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, *a: None))
    monkeypatch.setattr(Ask, "item", classmethod(lambda cls, p, t, l, items: items[-1]))
    monkeypatch.setattr(Ask, "when", classmethod(lambda cls, p, t, l, default: default))
    monkeypatch.setattr(Ask, "confirm", classmethod(lambda cls, *a: True))
    shown_first = []
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda p, title, label, mode, text: shown_first.append(text) or ("", False)))
    getattr(pane, qaction).trigger()
    assert shown_first == [typed]
