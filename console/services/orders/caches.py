"""An order's projected columns and its Callback row, computed from its event log alone.

:func:`projected` is the one place that turns a log into column values (rules.order_facts for
the facts, services.sla.cache for the SLA columns as of the last clock event, the callback round
for the Callback row). The write path calls :func:`refresh_caches` in every transaction after
appending; :func:`rebuild_open_caches` redoes every open order after a policy edit, and
:func:`rebuild_after_calendar` every open order plus every order whose SLA columns were provisional
(open or completed, R-TIME-3..6) after a calendar edit; ``orders.replay`` compares them with what is
stored. A use case never sets one of these columns
itself: it appends the event that says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.i18n import T
from console.models import Callback, Order
from console.rules.clock import CALLBACK
from console.rules.order_facts import OrderFacts, order_facts
from console.services.orders.events import load_events, load_logs
from console.services.sla.cache import SLA_COLUMNS, sla_columns
from console.services.sla.policy import Rulebook, invalidate_calendar, rulebook
from console.vocabulary import (
    CallbackStatus,
    EventType,
    OrderKind,
    OrderStatus,
    Priority,
)

FACT_COLUMNS = ("status", "kind", "priority", "assignee_id", "required_materials", "missing_materials",
                "completed_at", "visit_from", "visit_to", "arrived_at", "policy_version", "escalation_level")
ORDER_COLUMNS = FACT_COLUMNS + SLA_COLUMNS
CALLBACK_COLUMNS = ("status", "due_at", "attempts", "done_at", "agent_id", "satisfaction", "solved", "comment",
                    "follow_up_order_id")
CALLBACK_EVENTS = (EventType.CALLBACK_ATTEMPT, EventType.CALLBACK_DONE)
# columns whose value only the received event gives: a log without it (or without the key) says nothing
_SAID_BY_RECEIPT = frozenset({"kind", "priority", "required_materials", "missing_materials", "policy_version"})


@dataclass(frozen=True)
class Projection:
    """What an order's log says its columns and its Callback row are."""

    order: dict  # column -> value (ORDER_COLUMNS)
    callback: dict | None  # CALLBACK_COLUMNS of this completion's callback; None: none is owed now
    facts: OrderFacts


def _callback(events: Sequence, facts: OrderFacts, due: dt.datetime | None) -> dict | None:
    """The Callback row of the current completion (R-VISIT-1/2): its attempts and result are the
    callback events since that completion (R-VISIT-4); a follow-up order is named by the result
    (R-VISIT-3)."""
    if facts.status != OrderStatus.COMPLETED or due is None:
        return None
    round_ = [e for e in events if e.type in CALLBACK_EVENTS and e.at >= facts.completed_at]
    attempts = sum(1 for e in round_ if e.type == EventType.CALLBACK_ATTEMPT)
    done = next((e for e in reversed(round_) if e.type == EventType.CALLBACK_DONE), None)
    row = {"status": CallbackStatus.OPEN, "due_at": due, "attempts": attempts, "done_at": None,
           "agent_id": round_[-1].actor_id if round_ else None, "satisfaction": None, "solved": None,
           "comment": "", "follow_up_order_id": None}
    if done is not None:
        p = done.payload or {}
        if p.get("outcome") == "unreachable":
            row.update(status=CallbackStatus.UNREACHABLE, comment=str(p.get("reason") or ""))
        else:
            row.update(status=CallbackStatus.DONE, satisfaction=p.get("satisfaction"), solved=p.get("solved"),
                       comment=str(p.get("comment") or ""), follow_up_order_id=p.get("follow_up_order_id"))
        row["done_at"] = done.at
    return row


def projected(events: Sequence, book: Rulebook, *, stored_policy_version: int | None = None) -> Projection:
    """The projection of one order's log, in log order. A log that does not record its policy
    version (written before it was recorded) keeps `stored_policy_version`."""
    facts = order_facts(events)
    version = facts.policy_version if facts.policy_version is not None else stored_policy_version
    sla, state = sla_columns(events, book.policy(version), book.calendar, facts.as_of)
    cb = state.clock(CALLBACK)
    order = {
        "status": OrderStatus(facts.status), "kind": OrderKind(facts.kind) if facts.kind else None,
        "priority": Priority(facts.priority) if facts.priority else None, "assignee_id": facts.assignee_id,
        "required_materials": list(facts.required) if facts.required is not None else None,
        "missing_materials": list(facts.missing) if facts.missing is not None else None,
        "completed_at": facts.completed_at, "visit_from": facts.visit_from, "visit_to": facts.visit_to,
        "arrived_at": facts.arrived_at, "policy_version": version, "escalation_level": facts.escalation_level,
        **sla,
    }
    # a fact the log does not say (None where the column is never empty) leaves the stored value
    order = {k: v for k, v in order.items() if v is not None or k not in _SAID_BY_RECEIPT}
    return Projection(order, _callback(events, facts, cb.due if cb is not None else None), facts)


def apply_callback(s: Session, order: Order, row: dict | None, existing: Callback | None) -> None:
    """Make the order's Callback row what the projection says: create or update this completion's,
    cancel an open one of an order no longer completed (a reopen; the audit row keeps its image),
    keep a finished one of an earlier completion."""
    if row is None:
        if existing is not None and existing.status == CallbackStatus.OPEN and order.status != OrderStatus.COMPLETED:
            s.delete(existing)
            s.flush()
        return
    if existing is None:
        s.add(Callback(branch_id=order.branch_id, order_id=order.id, **row))
        s.flush()
        return
    for key, value in row.items():
        if getattr(existing, key) != value:
            setattr(existing, key, value)


def refresh_caches(s: Session, order: Order, book: Rulebook | None = None) -> Projection:
    """Set `order`'s projected columns and its Callback row from its whole log (in the caller's
    transaction, after the events were appended)."""
    events = load_events(s, order.id)
    p = projected(events, book or rulebook(s), stored_policy_version=order.policy_version)
    for key, value in p.order.items():
        if getattr(order, key) != value:
            setattr(order, key, value)
    existing = s.scalar(select(Callback).where(Callback.order_id == order.id))
    apply_callback(s, order, p.callback, existing)
    return p


BATCH = 2000  # orders per transaction of rebuild_after_calendar


def rebuild_after_calendar(store, *, progress: Callable[[float, str], None] | None = None) -> int:
    """After the working-day calendar changed: recompute every open order, every order whose SLA
    columns were provisional (``sla_provisional``: a due, and so a verdict, resting on a guessed
    Monday–Friday day of a year not entered — R-TIME-3..6; completed orders too, their verdict was
    never fact) and the Callback rows still owed, in transactions of :data:`BATCH` orders. A
    completed order judged on official days keeps the judgement of its time. Derived columns only:
    no version bump, no audit row (the calendar edit is audited). Returns the number of orders
    whose columns changed (a due moved, a verdict changed, or the provisional flag went away)."""
    invalidate_calendar(store)
    with store.read() as s:
        open_ = set(s.scalars(select(Order.id).where(Order.status != OrderStatus.COMPLETED)))
        flagged = set(s.scalars(select(Order.id).where(Order.status == OrderStatus.COMPLETED,
                                                       Order.sla_provisional.is_(True))))
        owed = set(s.scalars(select(Callback.order_id).join(Order, Order.id == Callback.order_id)
                             .where(Order.status == OrderStatus.COMPLETED, Callback.status == CallbackStatus.OPEN)))
    ids = sorted(open_ | flagged | owed)
    changed = 0
    for k in range(0, len(ids), BATCH):
        part = ids[k:k + BATCH]
        with store.write() as s:
            changed += _rebuild(s, part, recompute=lambda o: o.status != OrderStatus.COMPLETED or o.sla_provisional)
        if progress is not None:
            progress(min(1.0, (k + BATCH) / len(ids)), T("orders", _context="recompute progress"))
    return changed


def _rebuild(s: Session, ids: list[int], *, recompute: Callable[[Order], bool]) -> int:
    """Recompute the orders `ids` (those `recompute` names: all their projected columns; the others
    only their owed Callback row) in the caller's transaction; the number whose columns changed."""
    book = rulebook(s)
    orders = {o.id: o for o in s.scalars(select(Order).where(Order.id.in_(ids)))}
    callbacks = {c.order_id: c for c in s.scalars(select(Callback).where(Callback.order_id.in_(ids)))}
    logs = load_logs(s, ids)
    table = Order.__table__
    changed = 0
    for oid, order in orders.items():
        p = projected(logs[oid], book, stored_policy_version=order.policy_version)
        diff = {k: v for k, v in p.order.items() if getattr(order, k) != v} if recompute(order) else {}
        if diff:
            # derived columns only: bypass the optimistic version bump of a user's change
            s.execute(table.update().where(table.c.id == oid).values(**diff))
            changed += 1
        cb = callbacks.get(oid)
        if p.callback is not None and cb is not None:
            for key, value in p.callback.items():
                if getattr(cb, key) != value:
                    setattr(cb, key, value)
    s.flush()
    s.expunge_all()
    return changed


def rebuild_open_caches(store, *, branch_id: int | None = None) -> int:
    """Recompute the projected columns of every open order after the policy changed, and the
    Callback rows still owed (closed orders keep the judgement of their time; a calendar edit uses
    :func:`rebuild_after_calendar`, which also redoes provisional verdicts). Derived columns only:
    no version bump, no audit row (the policy edit is audited). Returns the number of orders whose
    columns changed."""
    invalidate_calendar(store)
    with store.write() as s:
        q = select(Order.id).where(Order.status != OrderStatus.COMPLETED)
        owed = (select(Order.id).join(Callback, Callback.order_id == Order.id)
                .where(Order.status == OrderStatus.COMPLETED, Callback.status == CallbackStatus.OPEN))
        if branch_id is not None:
            q, owed = q.where(Order.branch_id == branch_id), owed.where(Order.branch_id == branch_id)
        ids = sorted(set(s.scalars(q)) | set(s.scalars(owed)))
        return _rebuild(s, ids, recompute=lambda o: o.status != OrderStatus.COMPLETED) if ids else 0
