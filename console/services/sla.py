"""SLA truth for stored orders: load the calendar and policy, evaluate events, keep caches.

The cached columns on work_order (due_at, sla_state, sla_budget_s, response_due_at,
sla_provisional) are rebuilt from events with console.rules.sla.evaluate — after every
order change, and for all open orders whenever the calendar or policy changes.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.models import CalendarDay, Order, OrderEvent, SlaPolicy
from console.models.enums import OrderStatus
from console.rules.calendar import WorkCalendar
from console.rules.clock import CALLBACK, FIRST_RESPONSE_CLOCK, RESOLVE, SlaState
from console.rules.periods import CST, deadline
from console.rules.policy import Policy
from console.rules.sla import evaluate

CALENDAR_TTL_S = 60.0  # another console's calendar edit is seen within a minute
_lock = threading.Lock()
_calendars: dict[str, tuple[int, float, WorkCalendar]] = {}
_generation: dict[str, int] = defaultdict(int)


def _key(bind) -> str:
    return str(bind.url)


def invalidate_calendar(store) -> None:
    """Forget the cached calendar of this database (after an admin edit)."""
    with _lock:
        _generation[_key(store.engine)] += 1


def calendar_of(s: Session) -> WorkCalendar:
    """The database's working-day calendar, cached per database: dropped at once after an edit
    in this process, and re-read after CALENDAR_TTL_S so edits made by another console (a
    shared PostgreSQL) are picked up without a restart."""
    url = _key(s.get_bind())
    now = time.monotonic()
    with _lock:
        gen = _generation[url]
        hit = _calendars.get(url)
        if hit and hit[0] == gen and now - hit[1] < CALENDAR_TTL_S:
            return hit[2]
    cal = WorkCalendar.from_days(s.execute(select(CalendarDay.day, CalendarDay.is_workday)).all())
    with _lock:
        _calendars[url] = (gen, now, cal)
    return cal


def load_calendar(store) -> WorkCalendar:
    with store.read() as s:
        return calendar_of(s)


def policies(s: Session) -> dict[int, Policy]:
    rows = s.scalars(select(SlaPolicy)).all()
    by_version: dict[int, list] = defaultdict(list)
    for r in rows:
        by_version[r.version].append(r)
    return {v: Policy.from_rows(rs, v) for v, rs in by_version.items()} or {1: Policy.default()}


def current_policy_version(s: Session, at: dt.datetime) -> int:
    """The policy in force at `at`: a change applies to clocks that start after it."""
    rows = s.execute(select(SlaPolicy.version, SlaPolicy.effective_from)).all()
    eligible = [v for v, since in rows if since <= at]
    return max(eligible) if eligible else 1


def state_of(events, policy: Policy, calendar: WorkCalendar, now: dt.datetime) -> SlaState:
    return evaluate(events, policy, calendar, now)


def cache_values(state: SlaState, calendar: WorkCalendar) -> dict:
    """The cache columns for one evaluated order (plain values)."""
    resolve = state.clock(RESOLVE)
    response = state.clock(FIRST_RESPONSE_CLOCK)
    out = {"due_at": None, "sla_state": None, "sla_budget_s": None, "response_due_at": None,
           "sla_provisional": False}
    if resolve is not None:
        out["due_at"] = resolve.due
        out["sla_state"] = resolve.state
        if resolve.started_at is not None:
            start = resolve.started_at.astimezone(CST).replace(tzinfo=None)
            plain = deadline(start, resolve.limit, resolve.unit, calendar, strict=False).at
            out["sla_budget_s"] = max(1, int((plain - start).total_seconds()))
    if response is not None and response.is_open:
        out["response_due_at"] = response.due
    out["sla_provisional"] = any(c.provisional for c in state.clocks if c.name != CALLBACK and c.is_open)
    return out


def apply_sla_cache(s: Session, order: Order, events, now: dt.datetime) -> SlaState:
    """Recompute and set the order's SLA cache columns from its events."""
    calendar = calendar_of(s)
    pols = policies(s)
    state = evaluate(events, pols.get(order.policy_version) or Policy.default(), calendar, now)
    for key, value in cache_values(state, calendar).items():
        setattr(order, key, value)
    return state


def rebuild_open_caches(store, *, now: dt.datetime | None = None, branch_id: int | None = None) -> int:
    """Rebuild the SLA caches of every open order (closed orders keep the judgement of their
    time). Returns the number of orders updated."""
    now = now or dt.datetime.now(dt.timezone.utc)
    invalidate_calendar(store)
    n = 0
    with store.write() as s:
        calendar = calendar_of(s)
        pols = policies(s)
        q = select(Order).where(Order.status != OrderStatus.COMPLETED)
        if branch_id is not None:
            q = q.where(Order.branch_id == branch_id)
        orders = s.scalars(q).all()
        ids = [o.id for o in orders]
        events: dict[int, list] = defaultdict(list)
        for chunk in range(0, len(ids), 5000):
            part = ids[chunk:chunk + 5000]
            for ev in s.scalars(
                select(OrderEvent).where(OrderEvent.order_id.in_(part)).order_by(OrderEvent.at, OrderEvent.id)
            ):
                events[ev.order_id].append(ev)
        for order in orders:
            state = evaluate(events[order.id], pols.get(order.policy_version) or Policy.default(), calendar, now)
            values = cache_values(state, calendar)
            changed = {k: v for k, v in values.items() if getattr(order, k) != v}
            if changed:
                # cache columns only: bypass the optimistic version bump for a derived refresh
                s.execute(
                    Order.__table__.update().where(Order.__table__.c.id == order.id).values(**changed)
                )
                n += 1
        s.expunge_all()
    return n
