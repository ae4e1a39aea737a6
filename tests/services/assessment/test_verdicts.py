"""Stored verdicts of completed orders (R-ZONE-3/4): a month's facts are the rule engine's verdict on
the events whether or not the verdicts are stored, a stored one is read only while it is current (the
order's log did not grow, the calendar and the limits were not edited), and `audit facts` keeps them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import func, select, update

from console import cli
from console.demo.build import demo_in_one_transaction
from console.models import Callback, Order, OrderVerdict, Staff
from console.rules.periods import UTC
from console.services.assessment import facts as F
from console.services.assessment import refresh as R
from console.services.assessment.districts import assess
from console.services.callbacks import workbench
from console.services.orders import actions
from console.services.rulebook.calendar_admin import set_day
from console.vocabulary import OrderStatus, Role

NOW = dt.datetime(2026, 11, 20, 4, 0, tzinfo=UTC)
MONTHS = (dt.date(2026, 9, 1), dt.date(2026, 10, 1))


@pytest.fixture
def demo(store):
    demo_in_one_transaction(store, seed=3, orders=1200, now=NOW, scale=0.05)
    return store


def _facts(store, month, *, verdicts=True):
    first, last = F.month_bounds(month)
    return [dataclasses.astuple(f) for f in F.load(store, first, last, now=NOW, verdicts=verdicts).orders]


def _same_as_from_events(store):
    for month in MONTHS:
        stored, replayed = _facts(store, month), _facts(store, month, verdicts=False)
        assert len(stored) == len(replayed) > 50
        assert stored == replayed, month


def _a_completed_order(store, month=MONTHS[0]):
    first, last = F.month_bounds(month)
    with store.read() as s:
        return s.execute(select(Order.id, Order.version).join(OrderVerdict, OrderVerdict.order_id == Order.id)
                         .where(Order.status == OrderStatus.COMPLETED, Order.completed_at >= F.instant(first),
                                Order.completed_at < F.instant(last + dt.timedelta(days=1)),
                                OrderVerdict.state == "met").order_by(Order.id)).first()


def test_the_months_facts_from_stored_verdicts_are_those_of_the_events(demo):
    report = R.refresh(demo)
    assert report.judged > 500 and report.current == 0
    with demo.read() as s:
        assert s.scalar(select(func.count()).select_from(OrderVerdict)) == report.judged
    _same_as_from_events(demo)
    assert R.refresh(demo).as_json() | {"seconds": 0} == {"judged": 0, "unsettled": 0, "removed": 0,
                                                          "current": report.judged + report.unsettled, "seconds": 0}
    # and the stored rows are what the month reads: a current row says "breached" -> so does the month
    oid, _ = _a_completed_order(demo)
    with demo.write() as s:
        s.execute(update(OrderVerdict).where(OrderVerdict.order_id == oid).values(state="breached"))
    month = {f[0]: f for f in _facts(demo, MONTHS[0])}
    assert month[oid][8] == "breached"
    # the full run judges every order again, and so repairs it
    assert R.refresh(demo, full=True).judged == report.judged
    _same_as_from_events(demo)


def _forge(store, oid):
    """A current row saying what the events do not (only the owner could write it on PostgreSQL)."""
    with store.write() as s:
        s.execute(update(OrderVerdict).where(OrderVerdict.order_id == oid).values(state="breached"))
    assert {f[0]: f for f in _facts(store, MONTHS[0])}[oid][8] == "breached"  # read while current


def test_a_verdict_is_not_read_once_the_orders_log_grew_or_the_calendar_changed(demo):
    R.refresh(demo)
    oid, version = _a_completed_order(demo)
    with demo.read() as s:
        manager = s.scalar(select(Staff.id).where(Staff.role == Role.MANAGER))
    _forge(demo, oid)
    version = actions.reopen(demo, oid, expected_version=version, actor_id=manager, reason="客户再次报修", now=NOW)
    with demo.read() as s:  # the event's own transaction removed the row (the trigger of migration 0011)
        assert s.get(Order, oid).status != OrderStatus.COMPLETED and s.get(OrderVerdict, oid) is None
    _same_as_from_events(demo)  # reopened: judged from its events
    # completed again: the log grew, a row from before is not current
    actions.complete(demo, oid, expected_version=version, actor_id=manager, resolution="更换分支器",
                     now=NOW + dt.timedelta(minutes=5))
    assert R.refresh(demo).judged == 1
    _forge(demo, oid)
    with demo.read() as s:
        cb = s.scalar(select(Callback.id).where(Callback.order_id == oid))
    assert cb is not None
    workbench.record_reached(demo, cb, actor_id=manager, satisfaction=5, solved=True, now=NOW + dt.timedelta(hours=1))
    with demo.read() as s:
        assert s.get(OrderVerdict, oid) is None
    _same_as_from_events(demo)
    # a calendar edit makes every stored verdict stale (a due counted in working days may move)
    R.refresh(demo)
    _forge(demo, oid)
    with demo.read() as s:
        admin = s.scalar(select(Staff.id).where(Staff.role == Role.ADMIN))
    set_day(demo, dt.date(2026, 9, 8), is_workday=False, name="调休", actor_id=admin)
    _same_as_from_events(demo)
    again = R.refresh(demo)
    assert again.judged > 500 and again.current == 0
    _same_as_from_events(demo)


def test_the_assessment_is_the_same_with_and_without_stored_verdicts(demo):
    before = assess(demo, MONTHS[0], now=NOW)
    R.refresh(demo)
    assert assess(demo, MONTHS[0], now=NOW) == before


def test_audit_facts_on_the_command_line(demo, capsys):
    url = str(demo.engine.url.render_as_string(hide_password=False))
    assert cli.main(["audit", "facts", "--db", url]) == 0
    first = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert first["judged"] > 500
    assert cli.main(["audit", "facts", "--db", url]) == 0
    second = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert second["judged"] == 0 and second["current"] == first["judged"] + first["unsettled"]
