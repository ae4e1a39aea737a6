"""The SLA columns an order caches for queries, computed from its event log (plain values).

work_order keeps due_at, sla_state, sla_budget_s, response_due_at, response_budget_s and
sla_provisional so that the queue, the map and the reports can filter and sort without replaying
every log. They are the order's clocks evaluated **as of its last clock event**
(rules.order_facts.OrderFacts.as_of), so they change only when the log or the rulebook does and
`audit replay` can recompute them exactly. Time passing does not change them: an open clock whose
due has passed since counts as breached when someone asks — `rules.urgency.breached_now` in Python,
:func:`breached_at` in SQL — never by waiting for a rewrite.

``sla_provisional`` (R-TIME-3..6 count working days; a year whose official calendar is not entered
is counted Monday–Friday): True when the order's resolve or first-response due rests on such a
guessed day, **whether the clock is open or closed** — a completed order judged late (or on time)
on a guess is provisional too, so the queue, the SLA workbook, the assessment, the escalation texts
and the accountability candidates never report its verdict as fact. The callback clock (R-VISIT-1/2)
does not count: it is the callback workbench's deadline, with its own flag on the clock, and never
a time-limit verdict of the order. Entering the calendar recomputes every order whose flag is set
(services.rulebook.calendar_admin), so the flag disappears with the guess.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, or_

from console.models import Order
from console.rules.calendar import WorkCalendar
from console.rules.clock import (
    BREACHED,
    CALLBACK,
    FIRST_RESPONSE_CLOCK,
    RESOLVE,
    RUNNING,
    Clock,
    SlaState,
)
from console.rules.periods import CST, UTC, deadline
from console.rules.policy import Policy
from console.rules.sla import evaluate

SLA_COLUMNS = ("due_at", "sla_state", "sla_budget_s", "response_due_at", "response_budget_s", "sla_provisional")


def _budget(clock: Clock, calendar: WorkCalendar) -> int | None:
    """The clock's plain allowance in seconds (no pauses, no extension), for the share used."""
    if clock.started_at is None:
        return None
    start = clock.started_at.astimezone(CST).replace(tzinfo=None)
    plain = deadline(start, clock.limit, clock.unit, calendar, strict=False).at
    return max(1, int((plain - start).total_seconds()))


def cache_values(state: SlaState, calendar: WorkCalendar) -> dict:
    """The SLA columns of one evaluated order (plain values)."""
    resolve = state.clock(RESOLVE)
    response = state.clock(FIRST_RESPONSE_CLOCK)
    out = dict.fromkeys(SLA_COLUMNS)
    out["sla_provisional"] = False
    if resolve is not None:
        out["due_at"], out["sla_state"] = resolve.due, resolve.state
        out["sla_budget_s"] = _budget(resolve, calendar)
    if response is not None and response.is_open:  # R-TIME-7: the 4-hour answer, from the policy
        out["response_due_at"] = response.due
        out["response_budget_s"] = _budget(response, calendar)
    # R-TIME-3..6: open or closed, a verdict on a guessed day is provisional (module doc)
    out["sla_provisional"] = any(c.provisional for c in state.clocks if c.name != CALLBACK)
    return out


def sla_columns(events, policy: Policy, calendar: WorkCalendar, as_of: dt.datetime | None) -> tuple[dict, SlaState]:
    """The SLA columns of one order's log evaluated as of `as_of` (its last clock event)."""
    state = evaluate(events, policy, calendar, as_of or dt.datetime(1970, 1, 1, tzinfo=UTC))
    return cache_values(state, calendar), state


def breached_at(now: dt.datetime):
    """SQL: the order's resolve clock is breached at `now` (rules.urgency.breached_now)."""
    return or_(Order.sla_state == BREACHED,
               and_(Order.sla_state == RUNNING, Order.due_at.is_not(None), Order.due_at < now))
