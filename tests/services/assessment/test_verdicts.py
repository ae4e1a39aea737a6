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
from console.models import Callback, DistrictAssignment, Order, OrderVerdict, Staff
from console.rules.periods import UTC
from console.services.assessment import districts as D
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


def _tallied(store, month):
    """The month's facts as the assessment loads them: (orders streamed, orders the database counted)."""
    first, last = F.month_bounds(month)
    facts = F.load(store, first, last, now=NOW, stream=True, tally=True)
    streamed = sum(1 for _ in facts.orders)
    return streamed, None if facts.tallies is None else sum(t[-1] for t in facts.tallies)


def test_the_assessment_is_the_same_with_and_without_stored_verdicts(demo):
    months = (*MONTHS, dt.date(2026, 11, 1))  # November: open orders beside the completed ones
    before = [assess(demo, m, now=NOW) for m in months]
    R.refresh(demo)
    # the database counts the completed orders of a current verdict, the open ones are judged here
    streamed, counted = _tallied(demo, months[-1])
    assert counted > 100 and streamed > 0
    assert [assess(demo, m, now=NOW) for m in months] == before
    # what it counts is the stored verdicts (a forged one shows), by the maintainer of the order's day
    oid, _ = _a_completed_order(demo)
    with demo.read() as s:
        district, when = s.execute(select(Order.district_id, Order.completed_at).where(Order.id == oid)).one()
    card = next(c for c in before[0].districts if c.id == district)
    _forge(demo, oid)
    forged = next(c for c in assess(demo, MONTHS[0], now=NOW).districts if c.id == district)
    assert (forged.on_time_ok, forged.on_time_judged) == (card.on_time_ok - 1, card.on_time_judged)
    assert R.refresh(demo, full=True).judged > 500
    assert [assess(demo, m, now=NOW) for m in months] == before


def test_two_maintainers_on_one_day_are_counted_order_by_order(demo):
    """R-ZONE-5's history never overlaps when the console writes it; rows written past it that do are
    not for the database to settle: the month is then counted order by order (Facts.holder)."""
    R.refresh(demo)
    before = assess(demo, MONTHS[0], now=NOW)
    assert _tallied(demo, MONTHS[0])[1] > 100
    with demo.write() as s:
        row = s.scalars(select(DistrictAssignment).where(DistrictAssignment.valid_to.is_(None))
                        .order_by(DistrictAssignment.id)).first()
        other = s.scalar(select(Staff.id).where(Staff.branch_id == row.branch_id, Staff.id != row.maintainer_id,
                                                Staff.role == Role.MAINTAINER))
        s.add(DistrictAssignment(branch_id=row.branch_id, district_id=row.district_id, maintainer_id=other,
                                 valid_from=dt.date(2026, 9, 10), valid_to=dt.date(2026, 9, 20), reason="重叠"))
    assert _tallied(demo, MONTHS[0])[1] is None
    after = assess(demo, MONTHS[0], now=NOW)
    assert after.districts == before.districts  # a district's numbers are its orders' either way
    first, last = F.month_bounds(MONTHS[0])
    replayed = F.load(demo, first, last, now=NOW, verdicts=False, stream=True)
    assert after == D._assess(demo, replayed, MONTHS[0], None)


def test_audit_facts_on_the_command_line(demo, capsys):
    url = str(demo.engine.url.render_as_string(hide_password=False))
    assert cli.main(["audit", "facts", "--db", url]) == 0
    first = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert first["judged"] > 500
    assert cli.main(["audit", "facts", "--db", url]) == 0
    second = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert second["judged"] == 0 and second["current"] == first["judged"] + first["unsettled"]


def _as_stored(store, month):
    """The month's scorecards from the same stored verdicts, each judged here (no database tally)."""
    first, last = F.month_bounds(month)
    return D._assess(store, F.load(store, first, last, now=NOW, stream=True), month, None)


def _completed(store, month, n=2):
    """``n`` completed orders of one district with a current verdict, closed in ``month``."""
    first, last = F.month_bounds(month)
    with store.read() as s:
        rows = s.execute(select(Order.id, Order.district_id).join(OrderVerdict, OrderVerdict.order_id == Order.id)
                         .where(Order.status == OrderStatus.COMPLETED, Order.completed_at >= F.instant(first),
                                Order.completed_at < F.instant(last + dt.timedelta(days=1)))
                         .order_by(Order.district_id, Order.id)).all()
    by_district: dict[int, list[int]] = {}
    for oid, did in rows:
        by_district.setdefault(did, []).append(oid)
    did, ids = next((d, i) for d, i in by_district.items() if len(i) >= n)
    return did, ids[:n]


def _set(store, oid, **values):
    with store.write() as s:
        s.execute(update(OrderVerdict).where(OrderVerdict.order_id == oid).values(**values))


def test_the_databases_count_meets_the_rules_at_their_edges(demo):
    """The first response's 24 h to the microsecond (R-ZONE-3, R-TIME-0), an unanswered order not
    judged until its 24 h are over, and the maintainer of an order closed either side of China's
    midnight on the day a district changed hands (R-ZONE-5): the database counts as the facts do."""
    R.refresh(demo)
    start = dt.datetime(2026, 9, 10, 2, 0, 0, 250000, tzinfo=UTC)
    limit = start + dt.timedelta(hours=24)
    _, (on_limit, just_late) = _completed(demo, MONTHS[0])
    _set(demo, on_limit, clock_start=start, responded_at=limit)
    _set(demo, just_late, clock_start=start, responded_at=limit + dt.timedelta(microseconds=1))
    # November: the unanswered ones, two still inside their 24 h at NOW (one ends at NOW), one just past them
    _, (inside, ending, past) = _completed(demo, dt.date(2026, 11, 1), 3)
    _set(demo, inside, clock_start=NOW - dt.timedelta(hours=24) + dt.timedelta(microseconds=1), responded_at=None)
    _set(demo, ending, clock_start=NOW - dt.timedelta(hours=24), responded_at=None)
    _set(demo, past, clock_start=NOW - dt.timedelta(hours=24) - dt.timedelta(microseconds=1), responded_at=None)
    # a district handed over on 16 September: closed at 23:59:59.999999 on the 15th (China) and at 00:00 on the 16th
    district, (before_midnight, at_midnight) = _completed(demo, MONTHS[0])
    midnight = dt.datetime(2026, 9, 15, 16, 0, tzinfo=UTC)
    _set(demo, before_midnight, state="met", finished_at=midnight - dt.timedelta(microseconds=1))
    _set(demo, at_midnight, state="breached", finished_at=midnight)
    handover = dt.date(2026, 9, 16)
    with demo.write() as s:
        held = s.scalars(select(DistrictAssignment).where(
            DistrictAssignment.district_id == district, DistrictAssignment.valid_from < handover)
            .order_by(DistrictAssignment.valid_from.desc())).first()
        assert held is not None and (held.valid_to is None or held.valid_to > handover)
        other = s.scalar(select(Staff.id).where(Staff.branch_id == held.branch_id, Staff.id != held.maintainer_id,
                                                Staff.role == Role.MAINTAINER))
        s.add(DistrictAssignment(branch_id=held.branch_id, district_id=district, maintainer_id=other,
                                 valid_from=handover, valid_to=held.valid_to, reason="交接"))
        held.valid_to = handover
        first_holder = held.maintainer_id
    # callbacks (R-VISIT-1): one reached at its due to the microsecond, one a microsecond after, one open
    # and due at NOW (still pending), one open and due a microsecond before (missing)
    with demo.write() as s:
        nov = F.instant(dt.date(2026, 11, 1))
        cbs = s.scalars(select(Callback).join(Order, Order.id == Callback.order_id)
                        .where(Order.completed_at >= nov).order_by(Callback.id).limit(4)).all()
        assert len(cbs) == 4
        for cb, (status, due, done) in zip(cbs, [
                ("done", NOW, NOW), ("done", NOW, NOW + dt.timedelta(microseconds=1)),
                ("open", NOW, None), ("open", NOW - dt.timedelta(microseconds=1), None)], strict=True):
            cb.status, cb.due_at, cb.done_at = status, due, done
            cb.satisfaction, cb.solved = (4, False) if done else (None, None)
    for month in (MONTHS[0], dt.date(2026, 11, 1)):
        assert _tallied(demo, month)[1] > 100
        counted = assess(demo, month, now=NOW)
        assert counted == _as_stored(demo, month), month
    sept = assess(demo, MONTHS[0], now=NOW)
    newcomer = next(c for c in sept.maintainers if c.id == other)
    assert newcomer.on_time_judged >= 1 and newcomer.on_time_ok < newcomer.on_time_judged  # the 00:00 breach
    assert next(c for c in sept.maintainers if c.id == first_holder).on_time_judged >= 1


def _copies(store) -> dict[int, tuple[tuple, tuple]]:
    """Each verdict's copy of its order's columns, beside the order's own (migration 0013)."""
    with store.read() as s:
        rows = s.execute(select(OrderVerdict.order_id, OrderVerdict.district_id, OrderVerdict.kind,
                                OrderVerdict.received_at, OrderVerdict.completed_at, Order.district_id, Order.kind,
                                Order.received_at, Order.completed_at)
                         .join(Order, Order.id == OrderVerdict.order_id)).all()
    return {oid: (tuple(rest[:4]), tuple(rest[4:])) for oid, *rest in rows}


def test_an_order_changed_past_the_console_loses_its_verdict_and_is_judged_from_its_events(demo):
    """A verdict copies its order's district, kind, receipt and completion, which the month's counts
    read instead of the order's (R-ZONE-3/4): a change of any of them, or of the status, in SQL by
    whoever deletes the verdict in the same statement, and the month is counted as its events say."""
    R.refresh(demo)
    copies = _copies(demo)
    assert len(copies) > 500
    assert all((m[0], m[1], m[2], m[3]) == (t[0], getattr(t[1], "value", t[1]), t[2], t[3])
               for m, t in copies.values())
    _, (moved, recut, late, reopened) = _completed(demo, MONTHS[0], 4)
    with demo.read() as s:
        other = s.scalar(select(Order.district_id).where(Order.district_id != s.get(Order, moved).district_id))
        closed = s.get(Order, late).completed_at
        kind = "general_fault" if s.get(Order, recut).kind.value == "complaint" else "complaint"
    with demo.engine.begin() as c:  # as the table owner, past the write path: no event is appended
        c.execute(update(Order).where(Order.id == moved).values(district_id=other))
        c.execute(update(Order).where(Order.id == recut).values(kind=kind))
        c.execute(update(Order).where(Order.id == late).values(completed_at=closed + dt.timedelta(days=40)))
        c.execute(update(Order).where(Order.id == reopened).values(status="assigned"))
        c.execute(update(Order).where(Order.id == moved).values(priority="important"))  # not a copied column
    with demo.read() as s:
        gone = {oid for oid in (moved, recut, late, reopened) if s.get(OrderVerdict, oid) is None}
        assert gone == {moved, recut, late, reopened}
        assert s.scalar(select(func.count()).select_from(OrderVerdict)) == len(copies) - 4
    for month in (*MONTHS, dt.date(2026, 11, 1)):
        counted = assess(demo, month, now=NOW)
        first, last = F.month_bounds(month)
        assert counted == D._assess(demo, F.load(demo, first, last, now=NOW, verdicts=False, stream=True), month,
                                    None), month
    # the next `audit facts` judges them again, from their events and with their new columns
    assert R.refresh(demo).judged == 3  # the reopened one is no longer completed
    assert _copies(demo)[moved][0][0] == other


def test_the_upgrade_gives_existing_verdicts_their_orders_columns(demo):
    """A database judged before migration 0013 keeps its verdicts: the upgrade copies each one's order
    columns from the order, and the month reads them."""
    from alembic import command

    from console.store.migrate import alembic_config

    R.refresh(demo)
    copies = _copies(demo)
    before = assess(demo, MONTHS[0], now=NOW)
    cfg = alembic_config(demo)
    command.downgrade(cfg, "0012")
    command.upgrade(cfg, "head")
    assert _copies(demo) == copies
    assert _tallied(demo, MONTHS[0])[1] > 100
    assert assess(demo, MONTHS[0], now=NOW) == before


def test_a_failed_read_beside_the_orders_fails_the_assessment(demo, monkeypatch):
    """The callbacks' and accounts' counts are read on a connection of their own while the orders'
    are counted: an error there is the assessment's error, not a scorecard without callbacks."""
    R.refresh(demo)

    def lost(*_a, **_k):
        raise RuntimeError("connection lost while counting callbacks")

    monkeypatch.setattr(F, "_callback_tallies", lost)
    with pytest.raises(RuntimeError, match="counting callbacks"):
        assess(demo, MONTHS[0], now=NOW)
