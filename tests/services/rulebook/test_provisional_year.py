"""A year whose working-day calendar is not entered (R-TIME-3..6): every due that rests on it is a
Monday–Friday guess and is flagged provisional — completed orders too — and entering the year's
official calendar recomputes them, so the flag disappears and the verdict follows the official days.

The order of every test: a city installation (R-TIME-3, 5 working days) received Monday 2026-12-28
10:00 China time. On the guess day 4 is Friday 1 January and day 5 Monday 4 January: due 24:00 of
the 4th. Officially 1–3 January are New Year holidays: day 5 is Tuesday 5 January, due 24:00 of the
5th. It is completed Tuesday 5 January 10:00 — late on the guess, on time officially. A second one,
received at the same time, is still open at noon that day: past its due on the guess only.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from console.models import AuditLog, District, Order, OrderEvent, Staff
from console.rules.periods import CST, UTC
from console.services.orders import caches, replay
from console.services.orders.caches import refresh_caches
from console.services.rulebook import calendar_admin
from console.vocabulary import EventType, OrderKind, OrderStatus
from tests.factories import add_person, make_order, small_branch

NOW = dt.datetime(2027, 1, 5, 4, 0, tzinfo=UTC)  # Tuesday 5 January, 12:00 China time
RECEIVED = dt.datetime(2026, 12, 28, 10, tzinfo=CST)
COMPLETED = dt.datetime(2027, 1, 5, 10, tzinfo=CST)
GUESSED_DUE = dt.datetime(2027, 1, 5, tzinfo=CST)  # 24:00 of Monday 4 January
OFFICIAL_DUE = dt.datetime(2027, 1, 6, tzinfo=CST)  # 24:00 of Tuesday 5 January
NOTICE_2027 = """2027-01-01 .. 2027-01-03  holiday  New Year's Day
2027-02-06..2027-02-13    holiday  Spring Festival
2027-02-14                workday  Spring Festival
"""


@pytest.fixture
def admin(store) -> int:
    return add_person(store)


@pytest.fixture
def orders(store) -> dict:
    """The completed installation ("done") and an open one received at the same time ("open")."""
    ids = small_branch(store)
    with store.write() as s:
        district = s.scalar(select(District).where(District.branch_id == ids["nc"]))
        owner = s.get(Staff, ids["dispatcher"])
        done = make_order(s, district, None, owner, "NC-I-27", OrderKind.INSTALLATION, RECEIVED)
        open_ = make_order(s, district, None, owner, "NC-I-28", OrderKind.INSTALLATION, RECEIVED)
        s.add(OrderEvent(branch_id=done.branch_id, order_id=done.id, type=EventType.COMPLETED, at=COMPLETED,
                         actor_id=owner.id, payload={"resolution": "装好"}))
        s.flush()
        for o in (done, open_):
            refresh_caches(s, o)
        assert done.status == OrderStatus.COMPLETED
        ids.update(done=done.id, open=open_.id)
    return ids


def _cached(store, oid) -> tuple:
    with store.read() as s:
        o = s.get(Order, oid)
        return o.due_at, o.sla_state, o.sla_provisional


def test_a_2027_order_completed_late_on_the_guess_is_provisional(store, orders):
    assert _cached(store, orders["done"]) == (GUESSED_DUE, "breached", True)
    assert _cached(store, orders["open"]) == (GUESSED_DUE, "running", True)


def test_entering_2027_recomputes_the_completed_order_and_the_flag_disappears(store, orders, admin):
    entered = calendar_admin.import_year(store, 2027, NOTICE_2027, actor_id=admin, now=NOW)
    assert entered.days == 365
    assert entered.recomputed == 2  # the completed installation and the open one
    # the holiday the guess did not know: due a day later, and completed in time after all
    assert _cached(store, orders["done"]) == (OFFICIAL_DUE, "met", False)
    assert _cached(store, orders["open"]) == (OFFICIAL_DUE, "running", False)
    with store.read() as s:  # the edit itself is audited as before; the caches are derived
        assert [a.action for a in s.scalars(select(AuditLog).where(AuditLog.entity == "calendar_day"))] == [
            "calendar.import_year"]
    # entering it again changes nothing more
    assert calendar_admin.import_year(store, 2027, NOTICE_2027, actor_id=admin, now=NOW).recomputed == 0


def test_a_single_day_entered_in_the_year_re_dates_the_guess_but_it_stays_provisional(store, orders, admin):
    # 1 January known as a holiday, the rest of 2027 still missing: a better guess, still a guess
    n = calendar_admin.set_day(store, dt.date(2027, 1, 1), is_workday=False, name="New Year's Day",
                               actor_id=admin, now=NOW)
    assert n == 2
    assert _cached(store, orders["done"]) == (dt.datetime(2027, 1, 6, tzinfo=CST), "met", True)


def test_a_completed_order_judged_on_official_days_keeps_its_judgement(store, orders, admin):
    # a November order completed late on the official 2026 calendar is not touched by entering 2027
    with store.read() as s:
        judged = [(o.id, o.due_at, o.sla_state) for o in s.scalars(
            select(Order).where(Order.status == OrderStatus.COMPLETED, Order.sla_provisional.is_(False)))]
    assert judged
    calendar_admin.import_year(store, 2027, NOTICE_2027, actor_id=admin, now=NOW)
    with store.read() as s:
        assert [(o.id, o.due_at, o.sla_state) for o in s.scalars(
            select(Order).where(Order.id.in_([j[0] for j in judged])))] == judged


def test_the_recompute_runs_in_batches_and_reports_progress(store, orders, admin, monkeypatch):
    monkeypatch.setattr(caches, "BATCH", 1)
    seen = []
    entered = calendar_admin.import_year(store, 2027, NOTICE_2027, actor_id=admin, now=NOW,
                                         progress=lambda f, m: seen.append(f))
    assert entered.recomputed == 2
    assert len(seen) >= 3 and seen == sorted(seen) and seen[-1] == 1.0
    assert _cached(store, orders["done"]) == (OFFICIAL_DUE, "met", False)


def test_audit_replay_agrees_before_and_after_the_year_is_entered(store, orders, admin):
    assert replay.replay(store, now=NOW).healthy
    calendar_admin.import_year(store, 2027, NOTICE_2027, actor_id=admin, now=NOW)
    report = replay.replay(store, now=NOW)
    assert report.healthy, [d.line() for d in report.differences]


def test_audit_replay_finds_and_mends_a_completed_order_that_lost_its_flag(store, orders, admin):
    """A completed order written before the flag covered closed clocks says it is not provisional."""
    with store.write() as s:
        s.execute(Order.__table__.update().where(Order.__table__.c.id == orders["done"]).values(sla_provisional=False))
    # even after an unrelated calendar edit (its completion is older than the edit)
    calendar_admin.set_day(store, dt.date(2026, 11, 25), is_workday=False, name="Typhoon closure",
                           actor_id=admin, now=NOW)
    report = replay.replay(store, now=NOW)
    assert [(d.number, d.column, d.stored, d.replayed) for d in report.differences] == [
        ("NC-I-27", "sla_provisional", False, True)]
    replay.replay(store, fix=True, now=NOW)
    assert _cached(store, orders["done"]) == (GUESSED_DUE, "breached", True)
    assert replay.replay(store, now=NOW).healthy
