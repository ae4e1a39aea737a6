"""What a dispatcher, maintainer or manager does to an open order.

Each action is one `log.change()` transaction: the version the user saw, the checks against the
order as it is now, the events that say what happened, the columns projected from the whole log,
the audit row. A refusal raises StoreError with the reason in words and writes nothing at all.
Every action returns the order's new version.
"""

from __future__ import annotations

import datetime as dt

from console.errors import StoreError
from console.i18n import T
from console.models import Order, Staff
from console.rules.calendar import WorkCalendar
from console.rules.clock import BREACHED, RECLASSIFIED, RESOLVE, Event
from console.rules.escalation import manual_payload
from console.rules.order_facts import first_response, pending_extension
from console.rules.periods import CST, UTC
from console.rules.sla import NEEDS_APPROVAL, NO_LIMIT_KINDS, SlaState, evaluate
from console.services.orders import log
from console.services.orders.events import load_events
from console.services.orders.exemptions import branch_head
from console.services.orders.inputs import free_text
from console.services.orders.log import Change
from console.services.sla.policy import rulebook
from console.terms import term
from console.vocabulary import EventType, OrderKind, OrderStatus


# R-PROM-7: a visit is booked for the coming weeks, not for years; a window agreed earlier may be
# entered late, by up to a day. An arrival is recorded as it happens (a few minutes of clock
# difference between PCs allowed), never before the order existed.
VISIT_AHEAD = dt.timedelta(days=31)
VISIT_LATE_ENTRY = dt.timedelta(days=1)
CLOCK_SKEW = dt.timedelta(minutes=5)
# R-PROM-7: a visit is agreed inside working hours. RULES.md names no hours; the console uses the
# business halls' day, 08:30-17:30 on a working day of the calendar (R-TIME's working days), in
# 2-hour windows that start on the half hour, at least VISIT_LEAD from now (time to get there).
VISIT_DAY_START, VISIT_DAY_END = dt.time(8, 30), dt.time(17, 30)
VISIT_SLOT = dt.timedelta(hours=2)
VISIT_LEAD = dt.timedelta(hours=1)


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


def _clocks(w: Change, extra: tuple = ()) -> SlaState:
    """The order's clocks now, from its whole log (the rule engine's answer, pauses and
    extensions included; never the cached columns), with `extra` events as if they had happened."""
    book = rulebook(w.session)
    events = load_events(w.session, w.order.id)
    return evaluate([*events, *extra], book.policy(w.order.policy_version), book.calendar, w.now)


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
    """R-TIME-7 / R-PROM-2: the customer was contacted (closes a complaint's 4 h clock). Recorded
    once: a second one is refused, naming when (China time) and by whom the first was recorded."""
    note = free_text(note, T("the note on the first response"))

    def work(w: Change) -> None:
        _open(w.order)
        done = first_response(load_events(w.session, w.order.id))
        if done is not None:
            who = w.session.get(Staff, done.actor_id) if done.actor_id else None
            raise StoreError(T("the first response to order {number} was already recorded at {at} by {who}; nothing "
                               "was saved", number=w.order.number, at=_day(done.at),
                               who=who.name if who else T("the system")))
        w.add(EventType.FIRST_RESPONSE, {"note": note})
    return log.change(store, order_id, expected_version=expected_version, actor_id=actor_id, work=work,
                      action="order.first_response", now=now, needs=EventType.FIRST_RESPONSE)


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
        head = branch_head(w.session, o.branch_id)  # R-TIME-8: the manager or the stand-in, never nobody
        w.add(EventType.CUSTOMER_UNREACHABLE, {"reason": reason})
        w.add(EventType.HEAD_NOTIFIED, {"head_id": head, "reason": reason})
        # stored as its English rendering (the payload is data); a view renders it through the catalogue
        w.add(EventType.COMPLETED, {"resolution": T("customer unreachable: {reason}", reason=reason)})
    return log.change(store, order_id, expected_version=expected_version, actor_id=actor_id, work=work,
                      action="order.customer_unreachable", now=now,
                      needs=EventType.CUSTOMER_UNREACHABLE)


def request_extension(store, order_id, *, expected_version, actor_id, new_due: dt.datetime, reason,
                      clock="resolve", now=None) -> int:
    """R-TIME-10: asked before the due time; a manager decides. Judged against the due the rule
    engine computes now from the order's log (pauses and earlier extensions included), not a
    cached column: an order paused with time still left may ask."""
    reason = _need(reason, T("a reason for the extension"))
    new_due = _aware(new_due, T("the new due time"))

    def work(w: Change) -> None:
        o = w.order
        _open(o)
        waiting = pending_extension(load_events(w.session, o.id))
        if waiting is not None and (waiting.payload or {}).get("to_kind"):
            raise StoreError(T("order {number} has the extension request of its reclassification waiting for a "
                               "manager's decision (R-TIME-10): decide it first", number=o.number))
        c = _clocks(w).clock(clock)
        if c is None or not c.is_open or c.due is None:
            raise StoreError(T("order {number} has no running deadline to extend", number=o.number))
        if c.state == BREACHED:
            raise StoreError(T("an extension must be requested before the due time (R-TIME-10): order {number} was "
                               "due at {due}", number=o.number, due=_day(c.due)))
        if new_due <= c.due:
            raise StoreError(T("the new due time must be later than the current one ({due})", due=_day(c.due)))
        w.add(EventType.EXTENSION_REQUESTED,
              {"clock": clock, "new_due": new_due.astimezone(UTC).isoformat(), "reason": reason})
    return log.change(store, order_id, expected_version=expected_version, actor_id=actor_id, work=work,
                      action="order.extension_requested", now=now, needs=EventType.EXTENSION_REQUESTED)


def decide_extension(store, order_id, *, expected_version, actor_id, approve: bool, reason="", now=None) -> int:
    """R-TIME-10: approve (the new due applies, the original due stays for reports) or reject;
    managers and admins only (the write path checks the right of the event). Refused once the
    order is completed: the request lapsed with the completion (rules.clock_run), and a late
    approval must not turn a breach into "0 hours late"; reopen the order and ask again."""
    reason = free_text(reason, T("the reason for the decision"))

    def work(w: Change) -> None:
        o = w.order
        if o.status == OrderStatus.COMPLETED:
            raise StoreError(T("order {number} was completed at {at}: its extension request lapsed and can no longer "
                               "be decided (R-TIME-10); the order is judged against the due in force when it was "
                               "completed", number=o.number, at=_day(o.completed_at) if o.completed_at else "—"))
        req = pending_extension(load_events(w.session, o.id))
        if req is None:
            raise StoreError(T("order {number} has no pending extension request", number=o.number))
        body = {"clock": req.payload.get("clock", "resolve"), "new_due": req.payload.get("new_due"), "reason": reason}
        if req.payload.get("to_kind"):  # the longer limit of a reclassification (see reclassify)
            body["to_kind"] = req.payload["to_kind"]
        w.add(EventType.EXTENSION_APPROVED if approve else EventType.EXTENSION_REJECTED, body)
    return log.change(store, order_id, expected_version=expected_version, actor_id=actor_id, work=work,
                      action="order.extension_approved" if approve else "order.extension_rejected", now=now,
                      needs=EventType.EXTENSION_APPROVED if approve else EventType.EXTENSION_REJECTED)


def reclassify(store, order_id, *, expected_version, actor_id, to_kind: str, reason, now=None) -> int:
    """Change the kind; elapsed and paused time are kept (the new limit runs from the original start).

    R-TIME-10: a kind whose limit gives a later due than the one in force now (e.g. general fault
    24 h -> major fault 72 h) is an extension in effect. The kind is recorded at once, flagged
    ``needs_approval``, with an extension request for the longer due (``to_kind`` in its payload);
    the longer limit applies only once a manager approves it through :func:`decide_extension`, and
    until then (or when rejected) the clocks, the SLA report and the assessment judge the order
    against the earlier limit. An order already past its due gets no request (none may be asked
    after the due): the kind is recorded, the earlier limit stays. A shorter or equal limit, or a
    clock not yet started (R-TIME-0), applies at once. Refused while an extension request waits."""
    reason = _need(reason, T("a reason for the reclassification"))
    new = OrderKind(to_kind)

    def work(w: Change) -> None:
        o = w.order
        _open(o)
        if o.kind == new:
            raise StoreError(T("order {number} is already a {kind}", number=o.number, kind=term(new.value)))
        if pending_extension(load_events(w.session, o.id)) is not None:
            raise StoreError(T("order {number} has an extension request waiting for a manager's decision (R-TIME-10): "
                               "decide it before reclassifying", number=o.number))
        body = {"from_kind": o.kind.value, "to_kind": new.value, "reason": reason}
        now_c = _clocks(w).clock(RESOLVE)
        if now_c is not None and now_c.started_at is not None and new.value in NO_LIMIT_KINDS:
            # R-TIME-10: no time limit at all would end the clock — the longest extension there is
            raise StoreError(T("order {number} runs under a time limit since {start:%Y-%m-%d %H:%M}: a {kind} has none, "
                               "so reclassifying would end it (R-TIME-10). Complete the order with its answer instead",
                               number=o.number, start=now_c.started_at.astimezone(CST), kind=term(new.value)))
        then = _clocks(w, (Event(RECLASSIFIED, w.now, {"to_kind": new.value}),)).clock(RESOLVE)
        longer = (now_c is not None and now_c.is_open and now_c.due is not None and then is not None
                  and then.due is not None and then.due > now_c.due)
        if not longer:
            w.add(EventType.RECLASSIFIED, body)
            return
        w.add(EventType.RECLASSIFIED, {**body, NEEDS_APPROVAL: True})
        if now_c.state != BREACHED:
            w.add(EventType.EXTENSION_REQUESTED,
                  {"clock": RESOLVE, "new_due": then.due.astimezone(UTC).isoformat(), "to_kind": new.value,
                   "reason": reason})
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


def next_visit_slot(now: dt.datetime, calendar: WorkCalendar) -> tuple[dt.datetime, dt.datetime]:
    """R-PROM-7: the visit window to offer first: the next VISIT_SLOT inside working hours
    (VISIT_DAY_START-VISIT_DAY_END China time on a working day of `calendar`), starting on the
    half hour at least VISIT_LEAD from `now`. In UTC. Never an evening window."""
    earliest = (now.astimezone(CST) + VISIT_LEAD).replace(second=0, microsecond=0)
    if earliest.minute % 30:
        earliest += dt.timedelta(minutes=30 - earliest.minute % 30)
    day = earliest.date()
    for _ in range(366):
        if calendar.is_workday(day, strict=False):
            start = max(dt.datetime.combine(day, VISIT_DAY_START, CST), earliest)
            if start + VISIT_SLOT <= dt.datetime.combine(day, VISIT_DAY_END, CST):
                return start.astimezone(UTC), (start + VISIT_SLOT).astimezone(UTC)
        day += dt.timedelta(days=1)
    start = dt.datetime.combine(earliest.date() + dt.timedelta(days=1), VISIT_DAY_START, CST)  # no working day
    return start.astimezone(UTC), (start + VISIT_SLOT).astimezone(UTC)


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
        if at < o.visit_from:
            raise StoreError(T("the arrival time {at} is before the booked visit window starts ({start}): record the "
                               "arrival when the maintainer is there (R-PROM-7)", at=_day(at),
                               start=_day(o.visit_from)))
        w.add(EventType.ARRIVED, {"at": at.astimezone(UTC).isoformat(), "late": at > o.visit_to})
    return log.change(store, order_id, expected_version=expected_version, actor_id=actor_id, work=work,
                      action="order.arrived", now=now,
                      needs=EventType.ARRIVED)
