"""The one way an order changes: append an event, refresh the caches, audit — one transaction.

Every order action (intake, assign, pause, complete …) goes through `apply()`. It
checks the version the user saw (optimistic locking), appends the OrderEvent,
lets the caller change the order's current facts, recomputes the cached status and
SLA columns from the full event log, and writes the audit row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from console.errors import ConcurrentEditError, StoreError
from console.models import Order, OrderEvent, Staff
from console.services.access import permissions
from console.services.audit import chain as audit
from console.services.orders.caches import refresh_caches
from console.vocabulary import EventType

AUDITED = ("assignee_id", "status", "kind", "priority", "due_at", "sla_state", "visit_from", "visit_to",
           "arrived_at", "completed_at", "missing_materials", "version")


def snapshot(order: Order) -> dict[str, Any]:
    out = {}
    for name in AUDITED:
        v = getattr(order, name)
        out[name] = v.value if hasattr(v, "value") else v
    return out


def _describe_change(s: Session, order: Order, since_version: int) -> tuple[str, list[str]]:
    """Who changed the order after the version the user saw, and what they did."""
    last = s.execute(
        select(OrderEvent, Staff.name)
        .outerjoin(Staff, Staff.id == OrderEvent.actor_id)
        .where(OrderEvent.order_id == order.id)
        .order_by(OrderEvent.id.desc())
        .limit(max(1, order.version - since_version))
    ).all()
    who = last[0][1] if last and last[0][1] else "another user"
    what = [f"{ev.type.value} at {ev.at.astimezone(dt.timezone(dt.timedelta(hours=8))):%Y-%m-%d %H:%M}" for ev, _ in last]
    return who, what


def conflict(s: Session, order: Order, since_version: int) -> ConcurrentEditError:
    who, what = _describe_change(s, order, since_version)
    return ConcurrentEditError(
        f"order {order.number} was changed by {who} since you opened it "
        f"({'; '.join(what)}); nothing was saved — the order has been reloaded, please check and try again",
        changed_by=who,
        changes=what,
    )


def apply(
    store,
    order_id: int,
    *,
    expected_version: int,
    actor_id: int | None,
    event: EventType,
    payload: dict[str, Any] | None = None,
    change: Callable[[Session, Order], None] | None = None,
    action: str | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Append one event to an order and return its new version.

    The actor must be allowed `event` on the order's branch (console.services.access.permissions;
    PermissionDenied otherwise). `change(session, order)` may validate (raise StoreError to refuse — nothing is
    written) and update current facts. ConcurrentEditError when the order moved on.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    try:
        with store.write() as s:
            order = s.get(Order, order_id)
            if order is None:
                raise StoreError(f"order {order_id} does not exist")
            permissions.require_event(s, actor_id, event, branch_id=order.branch_id)
            if order.version != expected_version:
                raise conflict(s, order, expected_version)
            before = snapshot(order)
            order.version = expected_version + 1
            if change is not None:
                change(s, order)
            s.add(OrderEvent(branch_id=order.branch_id, order_id=order.id, type=event, at=now,
                             actor_id=actor_id, payload=payload or {}))
            s.flush()
            refresh_caches(s, order, now)
            order.updated_at = now
            order.updated_by_id = actor_id
            s.flush()  # the versioned UPDATE: StaleDataError when another console got in first
            audit.record(s, actor_id=actor_id, action=action or f"order.{event.value}", entity="work_order",
                         entity_id=order.id, branch_id=order.branch_id, before=before,
                         after={**snapshot(order), "event": event.value, "payload": payload or {}}, at=now)
            return order.version
    except StaleDataError:
        with store.read() as s:
            order = s.get(Order, order_id)
            raise conflict(s, order, expected_version) from None
