"""The SLA cache columns of one order, computed from its evaluated clocks (plain values).

work_order keeps due_at, sla_state, sla_budget_s, response_due_at and sla_provisional for queries
only; they are rebuilt from the event log (console.services.orders.caches) and never the truth.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from console.models import Order
from console.rules.calendar import WorkCalendar
from console.rules.clock import CALLBACK, FIRST_RESPONSE_CLOCK, RESOLVE, SlaState
from console.rules.periods import CST, deadline
from console.rules.policy import Policy
from console.rules.sla import evaluate
from console.services.sla.policy import calendar_of, policies


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
