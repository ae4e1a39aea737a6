"""The assessment's reads and memory do not grow with the number of orders (R-ZONE-3/4): one query per table,
the events streamed with the orders — never one query per order — and a trend's months judged from
one load give each month's own numbers."""

from __future__ import annotations

import datetime as dt
import tracemalloc

import pytest
from sqlalchemy import event

from console.demo.build import demo_in_one_transaction
from console.rules import metrics as M
from console.rules.periods import UTC
from console.services.assessment import districts as A
from console.services.assessment import facts as F
from console.services.assessment.drill import drill_down
from console.services.assessment.sla_report import sla_report

NOW = dt.datetime(2026, 11, 20, 4, 0, tzinfo=UTC)
SMALL, BIG = 1000, 4000
MONTH = dt.date(2026, 9, 1)  # both demos have breaches in it (their reason chains are read too)


def _demo(store, orders: int):
    demo_in_one_transaction(store, seed=3, orders=orders, now=NOW, scale=0.05)
    return store


def _statements(store, fn) -> int:
    n = [0]

    def count(*_a):
        n[0] += 1

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    return n[0]


def _reads(store) -> dict[str, int]:
    A.assess(store, MONTH, now=NOW)  # the connection's own set-up statements are not the assessment's
    return {
        "assess": _statements(store, lambda: A.assess(store, MONTH, now=NOW)),
        "trend": _statements(store, lambda: A.trend(store, MONTH, branch_id=1, now=NOW, progress=lambda *_: None)),
        "year": _statements(store, lambda: A.year(store, 2026, now=NOW)),
        "sla": _statements(store, lambda: sla_report(store, MONTH, now=NOW)),
        "drill": _statements(store, lambda: drill_down(store, MONTH, M.ON_TIME, now=NOW)),
    }


@pytest.fixture(scope="module")
def two_sizes(tmp_path_factory):
    from console.services.access import startup

    tmp = tmp_path_factory.mktemp("speed")
    small = startup.open_local(f"sqlite:///{tmp / 'small.sqlite3'}")
    big = startup.open_local(f"sqlite:///{tmp / 'big.sqlite3'}")
    yield _demo(small, SMALL), _demo(big, BIG)
    small.engine.dispose()
    big.engine.dispose()


def test_the_statements_of_an_assessment_do_not_grow_with_the_orders(two_sizes):
    small, big = two_sizes
    with big.read() as s:  # four times the orders
        from sqlalchemy import func, select

        from console.models import Order

        assert s.execute(select(func.count()).select_from(Order)).scalar_one() == BIG
    assert sla_report(small, MONTH, now=NOW).breaches and sla_report(big, MONTH, now=NOW).breaches
    few, many = _reads(small), _reads(big)
    assert few == many, (few, many)
    assert many["trend"] <= 12, many  # one query per table: never one per month or per order


def test_each_month_of_a_trend_is_that_month_assessed_alone(two_sizes):
    _small, big = two_sizes
    trend = A.trend(big, MONTH, months=4, now=NOW)
    for a in trend:
        alone = A.assess(big, a.month, now=NOW)
        for level in ("districts", "maintainers", "branches"):
            got = {(c.id, c.name): [c.value(m) for m in M.METRICS] + [c.callbacks.owed, c.callbacks.on_time]
                   for c in getattr(a, level)}
            want = {(c.id, c.name): [c.value(m) for m in M.METRICS] + [c.callbacks.owed, c.callbacks.on_time]
                    for c in getattr(alone, level)}
            assert got == want, (a.month, level)
    assert any(c.callbacks.owed for c in trend[-1].maintainers)  # the callbacks are really compared


def _peak(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_single_pass_over_the_facts_holds_one_order_at_a_time(two_sizes, monkeypatch):
    """The month's scorecards and the SLA workbook's rows read the facts in one pass
    (``load(stream=True)``): their memory is bounded by the rows fetched per round trip, not by the
    orders, unlike a list of them. (The demos here are smaller than a round trip's 5,000 rows, so
    the test fetches 250 at a time.)"""
    monkeypatch.setattr(F, "_CHUNK", 250)
    small, big = two_sizes
    first, last = dt.date(2024, 1, 1), dt.date(2026, 11, 30)  # every order of the demos

    def drain(store):
        assert sum(1 for _ in F.load(store, first, last, now=NOW, stream=True).orders) in (SMALL, BIG)

    drain(small)  # the first read's one-off costs (compiled statements, the calendar) are not counted
    few, many = _peak(lambda: drain(small)), _peak(lambda: drain(big))
    few_held, many_held = _peak(lambda: F.load(small, first, last, now=NOW)), _peak(lambda: F.load(big, first, last, now=NOW))
    # four times the orders: what a single pass adds is a fraction of what holding them adds (the
    # callbacks and customers, held either way, are the rest)
    assert many - few < 0.5 * (many_held - few_held), (few, many, few_held, many_held)


def test_each_fact_read_from_plain_rows_is_the_rule_engines_verdict_on_the_orders_events(two_sizes):
    """The assessment reads the events as plain driver rows (no ORM objects, instants parsed once);
    every order's fact is still exactly what ``rules.sla.evaluate`` says of its ORM events (R-ZONE-3/4,
    R-TIME): the state, dues, close, clock start and first response."""
    from sqlalchemy import select

    from console.models import Order, OrderEvent
    from console.rules.clock import RESOLVE
    from console.rules.metrics import RESPONSE_EVENTS
    from console.rules.policy import Policy
    from console.rules.sla import evaluate
    from console.services.sla.policy import calendar_of, policies

    _small, big = two_sizes
    facts = F.load(big, dt.date(2024, 1, 1), dt.date(2026, 11, 30), now=NOW)
    assert len(facts.orders) == BIG
    with big.read() as s:
        calendar, pols = calendar_of(s), policies(s)
        events: dict[int, list] = {}
        for e in s.scalars(select(OrderEvent).order_by(OrderEvent.order_id, OrderEvent.at, OrderEvent.id)):
            events.setdefault(e.order_id, []).append(e)
        versions = dict(s.execute(select(Order.id, Order.policy_version)).all())
    states = set()
    for f in facts.orders:
        mine = events[f.id]
        clock = evaluate(mine, pols.get(versions[f.id]) or Policy.default(), calendar, NOW).clock(RESOLVE)
        want = (clock.state, clock.due, clock.original_due, clock.finished_at, clock.provisional) if clock else (
            None, None, None, None, False)
        assert (f.state, f.due, f.original_due, f.finished_at, f.provisional) == want, f.number
        if clock is not None and clock.started_at is not None:
            assert f.clock_start == clock.started_at, f.number
            responses = [e.at for e in mine if e.type.value in RESPONSE_EVENTS and e.at >= clock.started_at
                         and (e.type.value != "customer_unreachable" or (e.payload or {}).get("reason"))]
            assert f.responded_at == (min(responses) if responses else None), f.number
        states.add(f.state)
    assert {"met", "breached", "running"} <= states, states  # the demo's orders judged every way


def test_grouped_accounts_count_what_each_account_says(two_sizes):
    """R-ZONE-3 stability and growth from the accounts grouped in the database equal the count of
    every account one by one, for each month of a trend (the groups span the 12 months)."""
    from sqlalchemy import select

    from console.models import Customer

    small, _ = two_sizes
    with small.read() as s:
        rows = s.execute(select(Customer.district_id, Customer.subscribed_on, Customer.cancelled_on)).all()
    months = A.trend(small, MONTH, now=NOW)
    assert sum(c.new_accounts for a in months for c in a.districts) > 0
    assert sum(c.cancelled for a in months for c in a.districts) > 0
    for a in months:
        first, last = F.month_bounds(a.month)
        for card in a.districts:
            mine = [(sub, can) for did, sub, can in rows if did == card.id]
            start = [(sub, can) for sub, can in mine if sub < first and (can is None or can >= first)]
            assert card.accounts_start == len(start)
            assert card.accounts_kept == sum(1 for _, can in start if can is None or can > last)
            assert card.new_accounts == sum(1 for sub, _ in mine if first <= sub <= last)
            assert card.cancelled == sum(1 for _, can in mine if can is not None and first <= can <= last)
