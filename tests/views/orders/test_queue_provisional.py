"""What a dispatcher sees of a due that rests on a year whose working-day calendar is not entered
(R-TIME-3..6): the queue and the order pane say "provisional" — for a closed clock too — and once
the admin enters the year the word is gone and the verdict follows the official days."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from console.models import Order, OrderEvent
from console.rules.periods import CST
from console.services.orders.caches import refresh_caches
from console.services.orders.queue import open_orders, order_row
from console.services.rulebook import calendar_admin
from console.views.orders.order_pane import STATE_COLUMN, OrderPane
from console.views.orders.queue_model import COLUMNS, QueueModel
from console.vocabulary import EventType
from tests.services.rulebook.test_provisional_year import (  # noqa: F401 - the fixtures
    NOTICE_2027,
    NOW,
    admin,
    orders,
)

DUE_COLUMN = 2  # of the pane's clocks table: Clock, State, Due, Original due, Left


def _queue(store, branch_id) -> QueueModel:
    m = QueueModel(clock=lambda: NOW)
    m.set_rows(open_orders(store, branch_id))
    return m


def _cell(m: QueueModel, order_id: int, column: str) -> str:
    return m.data(m.index(m.row_of(order_id), COLUMNS.index(column)))


def _exempt(store, order_id: int) -> None:
    """R-TIME-8: the customer could not be reached (written reason, head notified) on 4 January: the
    resolve clock closes in time, the order stays open in the queue."""
    at = dt.datetime(2027, 1, 4, 9, tzinfo=CST)
    with store.write() as s:
        o = s.get(Order, order_id)
        s.add(OrderEvent(branch_id=o.branch_id, order_id=o.id, type=EventType.CUSTOMER_UNREACHABLE, at=at,
                         actor_id=o.first_contact_id, payload={"reason": "三次电话无人接听"}))
        s.add(OrderEvent(branch_id=o.branch_id, order_id=o.id, type=EventType.HEAD_NOTIFIED,
                         at=at + dt.timedelta(minutes=5), actor_id=o.first_contact_id, payload={}))
        s.flush()
        refresh_caches(s, o)


def test_the_queue_says_provisional_for_an_open_order_past_its_guessed_due(qapp, store, orders, admin):
    m = _queue(store, orders["nc"])
    assert m.row_of(orders["done"]) is None  # completed: not in the queue (the pane and the workbook say it)
    assert _cell(m, orders["open"], "due").endswith(" (provisional)")
    assert _cell(m, orders["open"], "sla") == "Breached (provisional)"  # past the guess, not a breach yet
    calendar_admin.import_year(store, 2027, NOTICE_2027, actor_id=admin, now=NOW)
    m = _queue(store, orders["nc"])
    assert "provisional" not in _cell(m, orders["open"], "due")
    assert "provisional" not in _cell(m, orders["open"], "sla")


def test_a_clock_closed_on_a_guessed_due_is_still_provisional_in_the_queue(qapp, store, orders, admin):
    # its resolve clock is closed (met by exemption, judged against the guessed due) but the order is open
    _exempt(store, orders["open"])
    with store.read() as s:
        assert s.scalar(select(Order.sla_state).where(Order.id == orders["open"])) == "met_by_exemption"
    m = _queue(store, orders["nc"])
    assert _cell(m, orders["open"], "due").endswith(" (provisional)")
    assert _cell(m, orders["open"], "sla").endswith(" (provisional)")
    tip = m.data(m.index(m.row_of(orders["open"]), COLUMNS.index("sla")), 3)  # ToolTipRole
    assert "Monday–Friday guess" in tip
    calendar_admin.import_year(store, 2027, NOTICE_2027, actor_id=admin, now=NOW)
    m = _queue(store, orders["nc"])
    assert "provisional" not in _cell(m, orders["open"], "due")


def test_a_completed_order_row_says_provisional_wherever_the_model_shows_it(qapp, store, orders):
    m = QueueModel(clock=lambda: NOW)
    m.set_rows([order_row(store, orders["done"])])
    assert _cell(m, orders["done"], "due").endswith(" (provisional)")


def test_the_order_pane_shows_the_completed_order_late_only_on_the_guess(qtbot, store, orders, admin):
    pane = OrderPane(store, user_id_fn=lambda: admin, now_fn=lambda: NOW)
    qtbot.addWidget(pane)
    pane.show()
    pane.show_order(orders["done"])
    qtbot.waitUntil(lambda: pane.detail is not None and pane.detail.id == orders["done"], timeout=10_000)
    row = next(i for i, c in enumerate(pane.detail.clocks) if c.name == "resolve")
    assert pane.clocks.item(row, DUE_COLUMN).text().endswith(" (provisional)")
    assert pane.clocks.item(row, STATE_COLUMN).text() == "breached"
    calendar_admin.import_year(store, 2027, NOTICE_2027, actor_id=admin, now=NOW)
    before = pane.detail
    pane.reload()
    qtbot.waitUntil(lambda: pane.detail is not before, timeout=10_000)
    row = next(i for i, c in enumerate(pane.detail.clocks) if c.name == "resolve")
    assert "provisional" not in pane.clocks.item(row, DUE_COLUMN).text()
    assert pane.clocks.item(row, STATE_COLUMN).text() == "met"  # 1 January was a holiday after all
