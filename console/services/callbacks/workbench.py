"""Callbacks after completion (R-VISIT-1..4): the Callback row, the workbench, attempts, results.

The Callback row mirrors the rule engine's ``callback`` clock (rules.sla.evaluate): it is created by
:func:`sync_callback`, which ``order_events.refresh_caches`` calls after every order change, so the
on-the-spot closure at intake, ``complete`` and ``customer_unreachable`` all open one. A reopen
deletes an open callback (cancelled: the order is not finished; the audit row keeps the image); the
next completion opens it again with a new 72 h due. A callback already done stays done until a
re-completion, which re-opens it (attempts and result of the earlier round stay in the event log).
These changes are derived from the event log like the SLA cache columns, so they add no audit row of
their own: the order's audit row, written in the same transaction, records the event that caused them.

Attempts and results are OrderEvents on the original order (``callback_attempt`` with
``outcome``; ``callback_done`` with satisfaction/solved/comment, or ``outcome: unreachable`` with a
reason), written like ``order_events.apply``: version check, events, cache refresh, audit — and the
R-VISIT-3 follow-up order — in one transaction.

"Different times of day" (unreachable close): the China-time hour of each failed call falls in
one of three buckets — morning 00:00–11:59, afternoon 12:00–17:59, evening 18:00–23:59. A callback
may be closed as unreachable only after failed attempts in all three buckets (so at least 3), and
with a written reason; such callbacks are counted separately from done ones in the coverage report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from console.errors import StoreError
from console.models import Callback, Customer, District, Order, OrderEvent
from console.rules.periods import CST
from console.services.access import permissions
from console.services.audit import chain as audit
from console.services.orders import log as order_events
from console.services.orders.caches import refresh_caches
from console.services.orders.events import load_events
from console.services.sla import policy as sla_service
from console.vocabulary import (
    CallbackStatus,
    Channel,
    EventType,
    OrderKind,
    OrderStatus,
    Priority,
)

UTC = dt.timezone.utc
REACHED, NO_ANSWER, WRONG_NUMBER = "reached", "no_answer", "wrong_number"
FAILED = (NO_ANSWER, WRONG_NUMBER)
UNREACHABLE = "unreachable"
MORNING, AFTERNOON, EVENING = "morning", "afternoon", "evening"
BUCKETS = (MORNING, AFTERNOON, EVENING)
_SNAP = ("status", "due_at", "attempts", "done_at", "agent_id", "satisfaction", "solved", "comment",
         "follow_up_order_id")


def day_bucket(at: dt.datetime) -> str:
    """The time-of-day bucket of a call, by its China-time hour (see the module doc)."""
    h = at.astimezone(CST).hour
    return MORNING if h < 12 else AFTERNOON if h < 18 else EVENING


def _snap(cb: Callback) -> dict:
    return {k: (getattr(cb, k).value if hasattr(getattr(cb, k), "value") else getattr(cb, k)) for k in _SNAP}


# ---- the workbench -------------------------------------------------------------------------------
@dataclass(frozen=True)
class CallbackRow:
    id: int
    order_id: int
    order_version: int
    number: str
    kind: str
    customer: str
    phone: str
    district: str
    completed_at: dt.datetime | None
    due_at: dt.datetime
    attempts: int
    failed_buckets: tuple[str, ...]  # time-of-day buckets already tried without reaching anyone
    last_attempt_at: dt.datetime | None

    @property
    def may_close_unreachable(self) -> bool:
        return set(self.failed_buckets) >= set(BUCKETS)


def _round_attempts(events, completed_at) -> list:
    """This completion's callback_attempt events."""
    return [e for e in events if e.type == EventType.CALLBACK_ATTEMPT
            and (completed_at is None or e.at >= completed_at)]


def workbench(store, branch_id: int) -> list[CallbackRow]:
    """Open callbacks of a branch, the oldest risk first (earliest due first: overdue on top)."""
    with store.read() as s:
        q = (select(Callback, Order, Customer.name, Customer.phone, District.name)
             .join(Order, Order.id == Callback.order_id)
             .outerjoin(Customer, Customer.id == Order.customer_id)
             .join(District, District.id == Order.district_id)
             .where(Callback.branch_id == branch_id, Callback.status == CallbackStatus.OPEN)
             .order_by(Callback.due_at, Callback.id))
        rows = s.execute(q).all()
        ids = [o.id for _, o, *_ in rows]
        attempts: dict[int, list] = {}
        for i in range(0, len(ids), 500):
            for e in s.scalars(select(OrderEvent).where(OrderEvent.order_id.in_(ids[i:i + 500]),
                                                        OrderEvent.type == EventType.CALLBACK_ATTEMPT)
                               .order_by(OrderEvent.at)):
                attempts.setdefault(e.order_id, []).append(e)
        out = []
        for cb, o, cname, phone, dname in rows:
            mine = _round_attempts(attempts.get(o.id, []), o.completed_at)
            failed = tuple(sorted({day_bucket(e.at) for e in mine if e.payload.get("outcome") in FAILED},
                                  key=BUCKETS.index))
            out.append(CallbackRow(cb.id, o.id, o.version, o.number, o.kind.value, cname or "", phone or "",
                                   dname, o.completed_at, cb.due_at, len(mine), failed,
                                   mine[-1].at if mine else None))
        return out


# ---- writes --------------------------------------------------------------------------------------
def _write(store, callback_id: int, *, expected_version: int | None, actor_id: int | None, now: dt.datetime,
           work) -> dict:
    """One transaction: load the open callback and its order, let ``work(s, cb, order, events)``
    validate and return the events to append [(type, payload, at)], then refresh and audit."""
    try:
        with store.write() as s:
            cb = s.get(Callback, callback_id)
            if cb is None:
                raise StoreError(f"callback {callback_id} does not exist (the order was reopened?)")
            order = s.get(Order, cb.order_id)
            permissions.require(s, actor_id, permissions.Action.CALLBACK, branch_id=order.branch_id)
            if cb.status != CallbackStatus.OPEN:
                raise StoreError(f"the callback of order {order.number} is already closed ({cb.status.value})")
            if expected_version is not None and order.version != expected_version:
                raise order_events.conflict(s, order, expected_version)
            before_order, before_cb = order_events.snapshot(order), _snap(cb)
            version = order.version
            order.version = version + 1
            result: dict = {}
            for typ, payload, at in work(s, cb, order, result):
                s.add(OrderEvent(branch_id=order.branch_id, order_id=order.id, type=typ, at=at,
                                 actor_id=actor_id, payload=payload))
            s.flush()
            refresh_caches(s, order, now)
            order.updated_at, order.updated_by_id = now, actor_id
            s.flush()
            audit.record(s, actor_id=actor_id, action=result.get("action", "callback.attempt"), entity="callback",
                         entity_id=cb.id, branch_id=order.branch_id, before={**before_cb, "order": before_order},
                         after={**_snap(cb), "order": order_events.snapshot(order)}, at=now)
            result["order_version"] = order.version
            return result
    except StaleDataError:
        with store.read() as s:
            order = s.scalar(select(Order).join(Callback, Callback.order_id == Order.id)
                             .where(Callback.id == callback_id))
            raise order_events.conflict(s, order, expected_version or 0) from None


def _called_at(at: dt.datetime | None, now: dt.datetime, order: Order) -> dt.datetime:
    at = at or now
    if at.tzinfo is None:
        raise StoreError("the call time must carry a time zone")
    if at > now + dt.timedelta(minutes=1):
        raise StoreError("the call time is in the future")
    if order.completed_at and at < order.completed_at:
        raise StoreError("the call time is before the order was completed")
    return at


def log_attempt(store, callback_id: int, *, outcome: str, actor_id: int, at: dt.datetime | None = None,
                expected_version: int | None = None, now: dt.datetime | None = None) -> dict:
    """A call that did not reach the customer (no answer / wrong number) at ``at``."""
    now = now or dt.datetime.now(UTC)
    if outcome not in FAILED:
        raise StoreError(f"unknown call outcome {outcome!r}: use record_reached for a reached customer")

    def work(s, cb: Callback, order: Order, result: dict):
        when = _called_at(at, now, order)
        cb.attempts += 1
        cb.agent_id = actor_id
        result.update(action="callback.attempt", bucket=day_bucket(when))
        return [(EventType.CALLBACK_ATTEMPT, {"outcome": outcome, "bucket": day_bucket(when)}, when)]
    return _write(store, callback_id, expected_version=expected_version, actor_id=actor_id, now=now, work=work)


def record_reached(store, callback_id: int, *, actor_id: int, satisfaction: int, solved: bool, comment: str = "",
                   at: dt.datetime | None = None, expected_version: int | None = None,
                   now: dt.datetime | None = None) -> dict:
    """The customer was reached: satisfaction 1–5, solved or not, comment (R-VISIT-4). Not solved
    opens a follow-up order linked to the original (R-VISIT-3); returns its id and number."""
    now = now or dt.datetime.now(UTC)
    if satisfaction not in (1, 2, 3, 4, 5):
        raise StoreError("satisfaction is a score from 1 to 5")
    comment = (comment or "").strip()
    if not solved and not comment:
        raise StoreError("the problem the customer still has is required for the follow-up order (R-VISIT-3)")

    def work(s, cb: Callback, order: Order, result: dict):
        when = _called_at(at, now, order)
        cb.attempts += 1
        cb.agent_id, cb.status, cb.done_at = actor_id, CallbackStatus.DONE, when
        cb.satisfaction, cb.solved, cb.comment = satisfaction, bool(solved), comment
        result.update(action="callback.done", on_time=when <= cb.due_at)
        if not solved:
            follow = _follow_up(s, order, actor_id, comment, now)
            cb.follow_up_order_id = follow.id
            result.update(follow_up_order_id=follow.id, follow_up_number=follow.number)
        return [(EventType.CALLBACK_ATTEMPT, {"outcome": REACHED, "bucket": day_bucket(when)}, when),
                (EventType.CALLBACK_DONE, {"outcome": REACHED, "satisfaction": satisfaction, "solved": bool(solved),
                                           "comment": comment}, when)]
    return _write(store, callback_id, expected_version=expected_version, actor_id=actor_id, now=now, work=work)


def close_unreachable(store, callback_id: int, *, actor_id: int, reason: str, expected_version: int | None = None,
                      now: dt.datetime | None = None) -> dict:
    """Close a callback nobody answered: only after failed calls in the morning, afternoon and evening
    (module doc) and with a written reason; counted separately from done callbacks."""
    now = now or dt.datetime.now(UTC)
    reason = (reason or "").strip()
    if not reason:
        raise StoreError("a reason is required to close a callback as unreachable")

    def work(s, cb: Callback, order: Order, result: dict):
        events = load_events(s, order.id)
        tried = {day_bucket(e.at) for e in _round_attempts(events, order.completed_at)
                 if e.payload.get("outcome") in FAILED}
        missing = [b for b in BUCKETS if b not in tried]
        if missing:
            raise StoreError("three failed calls at different times of day (morning, afternoon, evening) are "
                             f"needed before closing as unreachable; still to try: {', '.join(missing)}")
        cb.status, cb.done_at, cb.comment, cb.agent_id = CallbackStatus.UNREACHABLE, now, reason, actor_id
        result.update(action="callback.unreachable")
        return [(EventType.CALLBACK_DONE, {"outcome": UNREACHABLE, "reason": reason}, now)]
    return _write(store, callback_id, expected_version=expected_version, actor_id=actor_id, now=now, work=work)


def _follow_up(s: Session, original: Order, actor_id: int, problem: str, now: dt.datetime) -> Order:
    """R-VISIT-3: an intake-like write of the follow-up order — number, received event, caches,
    audit — in the caller's transaction; the original's first-contact owner stays its owner."""
    from console.models import Branch
    from console.services.orders.intake import checked_missing, next_number

    branch = s.get(Branch, original.branch_id)
    kind = original.kind if original.kind in (OrderKind.GENERAL_FAULT, OrderKind.MAJOR_FAULT,
                                              OrderKind.COMPLAINT) else OrderKind.GENERAL_FAULT
    required, _ = checked_missing(kind.value, [])
    district = s.get(District, original.district_id)
    rural = district.area_type.value == "rural"
    text = f"回访发现问题未解决（R-VISIT-3，原工单 {original.number}）：{problem}"
    follow = Order(
        branch_id=branch.id, number=next_number(s, branch, now), kind=kind, channel=Channel.HOTLINE,
        priority=original.priority or Priority.NORMAL, customer_id=original.customer_id,
        district_id=original.district_id, description=text, first_contact_id=original.first_contact_id,
        assignee_id=None, required_materials=list(required), missing_materials=[], received_at=now,
        completed_at=None, parent_order_id=original.id, policy_version=sla_service.current_policy_version(s, now),
        status=OrderStatus.OPEN, updated_at=now, updated_by_id=actor_id, version=1,
    )
    s.add(follow)
    s.flush()
    s.add(OrderEvent(branch_id=branch.id, order_id=follow.id, type=EventType.RECEIVED, at=now, actor_id=actor_id,
                     payload={"kind": kind.value, "channel": Channel.HOTLINE.value, "priority": follow.priority.value,
                              "rural": rural, "required": list(required), "missing": [],
                              "parent_order_id": original.id, "from": "callback"}))
    s.flush()
    refresh_caches(s, follow, now)
    s.flush()
    audit.record(s, actor_id=actor_id, action="order.follow_up", entity="work_order", entity_id=follow.id,
                 branch_id=branch.id, before=None,
                 after={**order_events.snapshot(follow), "number": follow.number, "parent_order_id": original.id,
                        "first_contact_id": follow.first_contact_id}, at=now)
    return follow
