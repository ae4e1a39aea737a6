"""What a dispatcher, maintainer or manager does to an open order.

Each action is one `log.change()` transaction: the version the user saw, the checks against the
order as it is now, the events that say what happened, the columns projected from the whole log,
the audit row. A refusal raises StoreError with the reason in words and writes nothing at all.
Every action returns the order's new version.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from console.errors import StoreError
from console.i18n import T
from console.models import Order, Staff
from console.rules.escalation import manual_payload
from console.rules.order_facts import pending_extension
from console.rules.periods import CST, UTC
from console.services.orders import log
from console.services.orders.events import load_events
from console.services.orders.inputs import free_text
from console.services.orders.log import Change
from console.terms import term
from console.vocabulary import EventType, OrderKind, OrderStatus, Role


# R-PROM-7: a visit is booked for the coming weeks, not for years; a window agreed earlier may be
# entered late, by up to a day. An arrival is recorded as it happens (a few minutes of clock
# difference between PCs allowed), never before the order existed.
VISIT_AHEAD = dt.timedelta(days=31)
VISIT_LATE_ENTRY = dt.timedelta(days=1)
CLOCK_SKEW = dt.timedelta(minutes=5)


def _need(text: str, what: str) -> str:  # `what`: a T() naming the field
    return free_text(text, what, required=True)


def _aware(at: dt.datetime, what: str) -> dt.datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise StoreError(T("{what} must carry a time zone", what=what))
    return at


def _open(order: Order) -> None:
    if order.status == OrderStatus.COMPLETED:
        raise StoreError(T("order {number} is completed; reopen it first", number=order.number))


def _materials_in(order: Order) -> None:
    if order.status == OrderStatus.WAITING_MATERIALS:
        raise StoreError(T("order {number} is waiting for materials (R-TIME-0); record them first", number=order.number))


def _one(store, order_id, expected_version, actor_id, now, event: EventType, payload=None, *, check=None,
         action: str | None = None) -> int:
    """An action that is one event, after `check(order)`."""
    def work(w: Change) -> None:
        if check is not None:
            check(w.order)
        w.add(event, payload)
    return log.change(store, order_id, expected_version=expected_version, actor_id=actor_id, work=work,
                      action=action or f"order.{event.value}", now=now, needs=event)


def record_first_response(store, order_id, *, expected_version, actor_id, note="", now=None) -> int:
    """R-TIME-7 / R-PROM-2: the customer was contacted (closes a complaint's 4 h clock)."""
    note = free_text(note, T("the note on the first response"))
    return _one(store, order_id, expected_version, actor_id, now, EventType.FIRST_RESPONSE, {"note": note},
                check=_open)


def pause(store, order_id, *, expected_version, actor_id, reason, now=None) -> int:
    """Stop the clock (e.g. waiting for the customer's appointment); the due moves by the pause."""
    reason = _need(reason, T("a reason for the pause"))

    def check(o: Order) -> None:
        _open(o)
        if o.status == OrderStatus.PAUSED:
            raise StoreError(T("order {number} is already paused", number=o.number))
    return _one(store, order_id, expected_version, actor_id, now, EventType.PAUSED, {"reason": reason}, check=check)


def resume(store, order_id, *, expected_version, actor_id, now=None) -> int:
    def check(o: Order) -> None:
        if o.status != OrderStatus.PAUSED:
            raise StoreError(T("order {number} is not paused", number=o.number))
    return _one(store, order_id, expected_version, actor_id, now, EventType.RESUMED, check=check)


def customer_unreachable(store, order_id, *, expected_version, actor_id, reason, now=None) -> int:
    """R-TIME-8: counts as completed within the limit, only with a written reason; the business
    head is notified. One change: customer_unreachable, head_notified and completed together, or
    nothing (an order still waiting for its materials cannot be completed, so is refused whole)."""
    reason = _need(reason, T("a written reason (R-TIME-8)"))

    def work(w: Change) -> None:
        o = w.order
        _open(o)
        _materials_in(o)
        head = w.session.scalar(select(Staff.id).where(Staff.branch_id == o.branch_id, Staff.role == Role.MANAGER,
                                                       Staff.active.is_(True)).order_by(Staff.id).limit(1))
        w.add(EventType.CUSTOMER_UNREACHABLE, {"reason": reason})
        w.add(EventType.HEAD_NOTIFIED, {"head_id": head, "reason": reason})
        # stored as its English rendering (the payload is data); a view renders it through the catalogue
        w.add(EventType.COMPLETED, {"resolution": T("customer unreachable: {reason}", reason=reason)})
    return log.change(store, order_id, expected_version=expected_version, actor_id=actor_id, work=work,
                      action="order.customer_unreachable", now=now,
                      needs=EventType.CUSTOMER_UNREACHABLE)


def request_extension(store, order_id, *, expected_version, actor_id, new_due: dt.datetime, reason,
                      clock="resolve", now=None) -> int:
    """R-TIME-10: asked before the due time; a manager decides."""
    reason = _need(reason, T("a reason for the extension"))
    now = now or dt.datetime.now(UTC)

    def check(o: Order) -> None:
        _open(o)
        if o.due_at is None:
            raise StoreError(T("order {number} has no running deadline to extend", number=o.number))
        if now > o.due_at:
            raise StoreError(T("an extension must be requested before the due time (R-TIME-10)"))
        if new_due <= o.due_at:
            raise StoreError(T("the new due time must be later than the current one"))
    return _one(store, order_id, expected_version, actor_id, now, EventType.EXTENSION_REQUESTED,
                {"clock": clock, "new_due": new_due.astimezone(UTC).isoformat(), "reason": reason}, check=check)


def decide_extension(store, order_id, *, expected_version, actor_id, approve: bool, reason="", now=None) -> int:
    """R-TIME-10: approve (the new due applies, the original due stays for reports) or reject;
    managers and admins only (the write path checks the right of the event)."""
    reason = free_text(reason, T("the reason for the decision"))

    def work(w: Change) -> None:
        req = pending_extension(load_events(w.session, w.order.id))
        if req is None:
            raise StoreError(T("order {number} has no pending extension request", number=w.order.number))
        w.add(EventType.EXTENSION_APPROVED if approve else EventType.EXTENSION_REJECTED,
              {"clock": req.payload.get("clock", "resolve"), "new_due": req.payload.get("new_due"), "reason": reason})
    return log.change(store, order_id, expected_version=expected_version, actor_id=actor_id, work=work,
                      action="order.extension_approved" if approve else "order.extension_rejected", now=now,
                      needs=EventType.EXTENSION_APPROVED if approve else EventType.EXTENSION_REJECTED)


def reclassify(store, order_id, *, expected_version, actor_id, to_kind: str, reason, now=None) -> int:
    """Change the kind; elapsed and paused time are kept (the new limit runs from the original start)."""
    reason = _need(reason, T("a reason for the reclassification"))
    new = OrderKind(to_kind)

    def work(w: Change) -> None:
        _open(w.order)
        if w.order.kind == new:
            raise StoreError(T("order {number} is already a {kind}", number=w.order.number, kind=term(new.value)))
        w.add(EventType.RECLASSIFIED, {"from_kind": w.order.kind.value, "to_kind": new.value, "reason": reason})
    return log.change(store, order_id, expected_version=expected_version, actor_id=actor_id, work=work,
                      action="order.reclassified", now=now,
                      needs=EventType.RECLASSIFIED)


def escalate(store, order_id, *, expected_version, actor_id, reason, now=None) -> int:
    """R-FIRST-4: anyone reports an uncertain, important or urgent matter to a leader at once."""
    reason = _need(reason, T("a reason for the escalation"))
    return _one(store, order_id, expected_version, actor_id, now, EventType.ESCALATED,
                manual_payload("branch_leader", reason), check=_open)


def complete(store, order_id, *, expected_version, actor_id, resolution, now=None) -> int:
    resolution = _need(resolution, T("a resolution"))

    def check(o: Order) -> None:
        _open(o)
        _materials_in(o)
    return _one(store, order_id, expected_version, actor_id, now, EventType.COMPLETED, {"resolution": resolution},
                check=check)


def reopen(store, order_id, *, expected_version, actor_id, reason, now=None) -> int:
    """Time spent closed does not count (see rules.sla.evaluate)."""
    reason = _need(reason, T("a reason to reopen"))

    def check(o: Order) -> None:
        if o.status != OrderStatus.COMPLETED:
            raise StoreError(T("order {number} is not completed", number=o.number))
    return _one(store, order_id, expected_version, actor_id, now, EventType.REOPENED, {"reason": reason}, check=check)


def book_visit(store, order_id, *, expected_version, actor_id, start: dt.datetime, end: dt.datetime,
               now=None) -> int:
    """R-PROM-7: the visit window agreed with the customer: it ends after it starts, within
    VISIT_AHEAD from now, and starts at most VISIT_LATE_ENTRY ago and not before the order came in."""
    now = now or dt.datetime.now(UTC)
    start, end = _aware(start, T("the visit window's start")), _aware(end, T("the visit window's end"))
    if end <= start:
        raise StoreError(T("the visit window must end after it starts"))
    if end > now + VISIT_AHEAD:
        raise StoreError(T("the visit window ends on {day}, more than {days} days ahead: book a visit for the "
                           "coming weeks", day=_day(end), days=VISIT_AHEAD.days))
    if start < now - VISIT_LATE_ENTRY:
        raise StoreError(T("the visit window starts on {day}, more than a day ago: book the window agreed with "
                           "the customer", day=_day(start)))

    def check(o: Order) -> None:
        _open(o)
        if start < o.received_at:
            raise StoreError(T("the visit window starts before order {number} was received", number=o.number))
    return _one(store, order_id, expected_version, actor_id, now, EventType.VISIT_BOOKED,
                {"window_start": start.astimezone(UTC).isoformat(), "window_end": end.astimezone(UTC).isoformat()},
                check=check)


def _day(at: dt.datetime) -> str:
    return at.astimezone(CST).strftime("%Y-%m-%d %H:%M")


def record_arrival(store, order_id, *, expected_version, actor_id, at: dt.datetime | None = None, now=None) -> int:
    """R-PROM-7: the maintainer arrived; late against the window counts against punctuality."""
    now = now or dt.datetime.now(UTC)
    at = _aware(at or now, T("the arrival time"))
    if at > now + CLOCK_SKEW:
        raise StoreError(T("the arrival time {at} is in the future: record the arrival when the maintainer is "
                           "there", at=_day(at)))

    def work(w: Change) -> None:
        o = w.order
        _open(o)
        if o.visit_from is None:
            raise StoreError(T("order {number} has no booked visit window", number=o.number))
        if at < o.received_at:
            raise StoreError(T("the arrival time {at} is before order {number} was received ({received})",
                               at=_day(at), number=o.number, received=_day(o.received_at)))
        w.add(EventType.ARRIVED, {"at": at.astimezone(UTC).isoformat(), "late": at > o.visit_to})
    return log.change(store, order_id, expected_version=expected_version, actor_id=actor_id, work=work,
                      action="order.arrived", now=now,
                      needs=EventType.ARRIVED)
