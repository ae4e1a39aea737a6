"""The cached columns of an order and its Callback row, rebuilt from the order's event log.

`refresh_caches` runs inside every write transaction after the events are appended;
`rebuild_open_caches` redoes every open order after a calendar or policy change.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.models import Callback, Order, OrderEvent
from console.rules.clock import CALLBACK
from console.rules.order_status import derive_status
from console.rules.policy import Policy
from console.rules.sla import evaluate
from console.services.orders.events import load_events
from console.services.sla.cache import apply_sla_cache, cache_values
from console.services.sla.policy import calendar_of, invalidate_calendar, policies
from console.vocabulary import CallbackStatus, OrderStatus


def refresh_caches(s: Session, order: Order, now: dt.datetime) -> None:
    """Recompute the cached status and SLA columns of `order` from its events."""
    events = load_events(s, order.id)
    order.status = OrderStatus(derive_status((e.type.value, e.payload or {}) for e in events))
    apply_sla_cache(s, order, events, now)
    sync_callback(s, order, events, now)  # R-VISIT-1/2: the Callback row follows the callback clock


# ---- the Callback row follows the rule engine (called from order_events.refresh_caches) ----------
def sync_callback(s: Session, order: Order, events, now: dt.datetime) -> None:
    """Create, re-date, re-open or cancel the order's Callback row from its event log (R-VISIT-1/2)."""
    cb = s.scalar(select(Callback).where(Callback.order_id == order.id))
    if order.status != OrderStatus.COMPLETED:
        if cb is not None and cb.status == CallbackStatus.OPEN:  # a reopen cancels the open callback
            s.delete(cb)
            s.flush()
        return
    if cb is not None and cb.status != CallbackStatus.OPEN and order.completed_at and cb.done_at \
            and cb.done_at >= order.completed_at:
        return  # the callback of this completion is finished
    policy = policies(s).get(order.policy_version) or Policy.default()
    clock = evaluate(events, policy, calendar_of(s), now).clock(CALLBACK)
    if clock is None or clock.due is None:
        return  # inquiries and business requests get no callback
    if cb is None:
        cb = Callback(branch_id=order.branch_id, order_id=order.id, due_at=clock.due, status=CallbackStatus.OPEN,
                      attempts=0, comment="")
        s.add(cb)
        s.flush()
    elif cb.status != CallbackStatus.OPEN:  # a re-completion after a finished callback
        cb.status, cb.due_at, cb.attempts, cb.done_at = CallbackStatus.OPEN, clock.due, 0, None
        cb.satisfaction = cb.solved = cb.follow_up_order_id = None
        cb.comment = ""
    elif cb.due_at != clock.due:  # e.g. an approved extension of the callback clock (R-TIME-10)
        cb.due_at = clock.due


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
