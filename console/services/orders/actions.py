"""What a dispatcher, maintainer or manager does to an open order (issue 4, "Work the order").

Each action is one `order_events.apply()` call: version check, the event, cache
refresh from the full event log, audit — one transaction. Refusals raise
StoreError with the reason in words; nothing is written then.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from console.errors import StoreError
from console.models import Order, OrderEvent, Staff
from console.rules.escalation import manual_payload
from console.services.orders import log as order_events
from console.services.orders.events import load_events
from console.vocabulary import EventType, OrderKind, OrderStatus, Role

UTC = dt.timezone.utc


def _need(text: str, what: str) -> str:
    if not text or not text.strip():
        raise StoreError(f"{what} is required")
    return text.strip()


def _open(order: Order) -> None:
    if order.status == OrderStatus.COMPLETED:
        raise StoreError(f"order {order.number} is completed; reopen it first")


def record_first_response(store, order_id, *, expected_version, actor_id, note="", now=None) -> int:
    """R-TIME-7 / R-PROM-2: the customer was contacted (closes a complaint's 4 h clock)."""
    return order_events.apply(store, order_id, expected_version=expected_version, actor_id=actor_id,
                              event=EventType.FIRST_RESPONSE, payload={"note": note},
                              change=lambda s, o: _open(o), now=now)


def pause(store, order_id, *, expected_version, actor_id, reason, now=None) -> int:
    """Stop the clock (e.g. waiting for the customer's appointment); the due moves by the pause."""
    reason = _need(reason, "a reason for the pause")

    def change(s, o: Order) -> None:
        _open(o)
        if o.status == OrderStatus.PAUSED:
            raise StoreError(f"order {o.number} is already paused")
    return order_events.apply(store, order_id, expected_version=expected_version, actor_id=actor_id,
                              event=EventType.PAUSED, payload={"reason": reason}, change=change, now=now)


def resume(store, order_id, *, expected_version, actor_id, now=None) -> int:
    def change(s, o: Order) -> None:
        if o.status != OrderStatus.PAUSED:
            raise StoreError(f"order {o.number} is not paused")
    return order_events.apply(store, order_id, expected_version=expected_version, actor_id=actor_id,
                              event=EventType.RESUMED, change=change, now=now)


def customer_unreachable(store, order_id, *, expected_version, actor_id, reason, now=None) -> int:
    """R-TIME-8: counts as completed within the limit, only with a written reason; the business
    head is notified (a head_notified event follows in the same transaction)."""
    reason = _need(reason, "a written reason (R-TIME-8)")
    now = now or dt.datetime.now(UTC)

    def change(s, o: Order) -> None:
        _open(o)
        head = s.scalar(select(Staff.id).where(Staff.branch_id == o.branch_id, Staff.role == Role.MANAGER,
                                               Staff.active.is_(True)).order_by(Staff.id).limit(1))
        s.add(OrderEvent(branch_id=o.branch_id, order_id=o.id, type=EventType.HEAD_NOTIFIED,
                         at=now, actor_id=actor_id, payload={"head_id": head, "reason": reason}))
        o.completed_at = now
    v = order_events.apply(store, order_id, expected_version=expected_version, actor_id=actor_id,
                           event=EventType.CUSTOMER_UNREACHABLE, payload={"reason": reason},
                           change=change, now=now)
    return complete(store, order_id, expected_version=v, actor_id=actor_id,
                    resolution=f"customer unreachable: {reason}", now=now)


def request_extension(store, order_id, *, expected_version, actor_id, new_due: dt.datetime, reason,
                      clock="resolve", now=None) -> int:
    """R-TIME-10: asked before the due time; a manager decides."""
    reason = _need(reason, "a reason for the extension")
    now = now or dt.datetime.now(UTC)

    def change(s, o: Order) -> None:
        _open(o)
        if o.due_at is None:
            raise StoreError(f"order {o.number} has no running deadline to extend")
        if now > o.due_at:
            raise StoreError("an extension must be requested before the due time (R-TIME-10)")
        if new_due <= o.due_at:
            raise StoreError("the new due time must be later than the current one")
    return order_events.apply(store, order_id, expected_version=expected_version, actor_id=actor_id,
                              event=EventType.EXTENSION_REQUESTED,
                              payload={"clock": clock, "new_due": new_due.astimezone(UTC).isoformat(), "reason": reason},
                              change=change, now=now)


def _pending_extension(s, order_id: int) -> OrderEvent | None:
    events = load_events(s, order_id)
    pending = None
    for e in events:
        if e.type == EventType.EXTENSION_REQUESTED:
            pending = e
        elif e.type in (EventType.EXTENSION_APPROVED, EventType.EXTENSION_REJECTED):
            pending = None
    return pending


def decide_extension(store, order_id, *, expected_version, actor_id, approve: bool, reason="", now=None) -> int:
    """R-TIME-10: approve (the new due applies, the original due stays for reports) or reject;
    managers and admins only (order_events.apply checks it)."""
    payload: dict = {}

    def change(s, o: Order) -> None:
        req = _pending_extension(s, o.id)
        if req is None:
            raise StoreError(f"order {o.number} has no pending extension request")
        payload.update(clock=req.payload.get("clock", "resolve"), new_due=req.payload.get("new_due"),
                       reason=reason)
    return order_events.apply(store, order_id, expected_version=expected_version, actor_id=actor_id,
                              event=EventType.EXTENSION_APPROVED if approve else EventType.EXTENSION_REJECTED,
                              payload=payload, change=change, now=now)


def reclassify(store, order_id, *, expected_version, actor_id, to_kind: str, reason, now=None) -> int:
    """Change the kind; elapsed and paused time are kept (the new limit runs from the original start)."""
    reason = _need(reason, "a reason for the reclassification")
    new = OrderKind(to_kind)
    payload: dict = {"to_kind": new.value, "reason": reason}

    def change(s, o: Order) -> None:
        _open(o)
        if o.kind == new:
            raise StoreError(f"order {o.number} is already a {new.value}")
        payload["from_kind"] = o.kind.value
        o.kind = new
    return order_events.apply(store, order_id, expected_version=expected_version, actor_id=actor_id,
                              event=EventType.RECLASSIFIED, payload=payload, change=change, now=now)


def escalate(store, order_id, *, expected_version, actor_id, reason, now=None) -> int:
    """R-FIRST-4: anyone reports an uncertain, important or urgent matter to a leader at once."""
    reason = _need(reason, "a reason for the escalation")
    return order_events.apply(store, order_id, expected_version=expected_version, actor_id=actor_id,
                              event=EventType.ESCALATED,
                              payload=manual_payload("branch_leader", reason),
                              change=lambda s, o: _open(o), now=now)


def complete(store, order_id, *, expected_version, actor_id, resolution, now=None) -> int:
    resolution = _need(resolution, "a resolution")
    now = now or dt.datetime.now(UTC)

    def change(s, o: Order) -> None:
        _open(o)
        if o.status == OrderStatus.WAITING_MATERIALS:
            raise StoreError(f"order {o.number} is waiting for materials (R-TIME-0); record them first")
        o.completed_at = now
    return order_events.apply(store, order_id, expected_version=expected_version, actor_id=actor_id,
                              event=EventType.COMPLETED, payload={"resolution": resolution},
                              change=change, now=now)


def reopen(store, order_id, *, expected_version, actor_id, reason, now=None) -> int:
    """Time spent closed does not count (see rules.sla.evaluate)."""
    reason = _need(reason, "a reason to reopen")

    def change(s, o: Order) -> None:
        if o.status != OrderStatus.COMPLETED:
            raise StoreError(f"order {o.number} is not completed")
        o.completed_at = None
    return order_events.apply(store, order_id, expected_version=expected_version, actor_id=actor_id,
                              event=EventType.REOPENED, payload={"reason": reason}, change=change, now=now)


def book_visit(store, order_id, *, expected_version, actor_id, start: dt.datetime, end: dt.datetime,
               now=None) -> int:
    """R-PROM-7: the visit window agreed with the customer."""
    if end <= start:
        raise StoreError("the visit window must end after it starts")

    def change(s, o: Order) -> None:
        _open(o)
        o.visit_from, o.visit_to, o.arrived_at = start, end, None
    return order_events.apply(store, order_id, expected_version=expected_version, actor_id=actor_id,
                              event=EventType.VISIT_BOOKED,
                              payload={"window_start": start.astimezone(UTC).isoformat(),
                                       "window_end": end.astimezone(UTC).isoformat()},
                              change=change, now=now)


def record_arrival(store, order_id, *, expected_version, actor_id, at: dt.datetime | None = None, now=None) -> int:
    """R-PROM-7: the maintainer arrived; late against the window counts against punctuality."""
    now = now or dt.datetime.now(UTC)
    at = at or now

    payload: dict = {"at": at.astimezone(UTC).isoformat()}

    def change(s, o: Order) -> None:
        _open(o)
        if o.visit_from is None:
            raise StoreError(f"order {o.number} has no booked visit window")
        o.arrived_at = at
        payload["late"] = at > o.visit_to
    return order_events.apply(store, order_id, expected_version=expected_version, actor_id=actor_id,
                              event=EventType.ARRIVED, payload=payload, change=change, now=now)
