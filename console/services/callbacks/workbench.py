"""Callbacks after completion (R-VISIT-1..4): the workbench, attempts, results.

The Callback row is a projection of the order's log (services.orders.caches): every change of the
order re-derives it, so the on-the-spot closure at intake, ``complete`` and ``customer_unreachable``
all open one; a reopen cancels an open one (the audit row keeps its image) and the next completion
opens a new round with a new 72 h due; a callback already done stays done until a re-completion.

Attempts and results are OrderEvents on the original order (``callback_attempt`` with ``outcome``;
``callback_done`` with satisfaction/solved/comment and the follow-up order it opened, or
``outcome: unreachable`` with a reason), each one change of the order through the write path
(orders.log.change): version check, events, projection, audit — and the R-VISIT-3 follow-up order
(orders.create) — in one transaction.

"Different times of day" (unreachable close): the China-time hour of each failed call falls in
one of three buckets — morning 00:00–11:59, afternoon 12:00–17:59, evening 18:00–23:59. A callback
may be closed as unreachable only after failed attempts in all three buckets (so at least 3), and
with a written reason; such callbacks are counted separately from done ones in the coverage report.

Satisfaction (R-VISIT-4) is stored as the score 1–5 and shown as a labelled scale (``SCALE``):
5 very satisfied, 4 satisfied, 3 neutral, 2 dissatisfied, 1 very dissatisfied. "Not reached" is
not on the scale: it is a failed attempt (no answer / wrong number). A dissatisfied answer (2 or 1)
or a problem found (not solved) offers the linked follow-up order in the same step (R-VISIT-3): a
problem found always opens it; a dissatisfied answer opens it when asked (``follow_up=True``).

The call time (R-VISIT-1) is the moment the call is recorded unless the person gave another: never in
the future, never before the order's completion — a time in the completion's own minute counts as
the completion (a time picker has minutes, the completion has seconds).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.errors import StoreError
from console.i18n import T
from console.models import Branch, Callback, Customer, District, Order, OrderEvent
from console.rules.periods import CST, UTC
from console.rules.text import listing
from console.services.orders import log
from console.services.orders.create import NewOrder, new_order
from console.services.orders.events import load_events
from console.services.orders.inputs import free_text
from console.services.orders.intake import checked_missing
from console.services.orders.log import Change
from console.terms import term
from console.vocabulary import (
    CallbackStatus,
    Channel,
    EventType,
    OrderKind,
    Priority,
)

REACHED, NO_ANSWER, WRONG_NUMBER = "reached", "no_answer", "wrong_number"
FAILED = (NO_ANSWER, WRONG_NUMBER)
UNREACHABLE = "unreachable"
MORNING, AFTERNOON, EVENING = "morning", "afternoon", "evening"
BUCKETS = (MORNING, AFTERNOON, EVENING)
_BUCKET_WORDS = {MORNING: T("morning"), AFTERNOON: T("afternoon"), EVENING: T("evening")}
VERY_SATISFIED, SATISFIED, NEUTRAL, DISSATISFIED, VERY_DISSATISFIED = 5, 4, 3, 2, 1
SCALE = (VERY_SATISFIED, SATISFIED, NEUTRAL, DISSATISFIED, VERY_DISSATISFIED)
"""R-VISIT-4: the satisfaction scale as shown, best first (stored values: the scores 5…1)."""
SCALE_WORDS = {VERY_SATISFIED: T("very satisfied"), SATISFIED: T("satisfied"), NEUTRAL: T("neutral"),
               DISSATISFIED: T("dissatisfied"), VERY_DISSATISFIED: T("very dissatisfied")}


def dissatisfied(score: int | None) -> bool:
    """R-VISIT-3/4: a dissatisfied answer (dissatisfied or very dissatisfied) offers a follow-up order."""
    return score is not None and score <= DISSATISFIED


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

    def matches(self, query: str) -> bool:
        """The workbench search: `query` in the order number, the customer's name or the phone
        (digits only, so "138 0013" finds 13800138000); an empty query matches every row."""
        q = (query or "").strip().casefold()
        if not q:
            return True
        if q in self.number.casefold() or q in self.customer.casefold() or q in self.phone.casefold():
            return True
        compact = q.replace(" ", "").replace("-", "")
        return compact.isdigit() and compact in "".join(ch for ch in self.phone if ch.isdigit())


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
           action: str, work) -> dict:
    """One change of the callback's order (orders.log.change): ``work(w, cb)`` validates against
    the open callback and says what happened; the Callback row follows from the events. Returns
    what ``work`` put in ``w.result``, with the order's new version."""
    with store.read() as s:
        order_id = s.scalar(select(Callback.order_id).where(Callback.id == callback_id))
    if order_id is None:
        raise StoreError(T("callback {id} does not exist (the order was reopened?)", id=callback_id))

    def change(w: Change) -> None:
        cb = w.session.scalar(select(Callback).where(Callback.order_id == order_id))
        if cb is None or cb.id != callback_id:
            raise StoreError(T("callback {id} does not exist (the order was reopened?)", id=callback_id))
        if cb.status != CallbackStatus.OPEN:
            raise StoreError(T("the callback of order {number} is already closed ({status})", number=w.order.number,
                               status=term(cb.status.value, of="callback status")))
        w.audit_entity, w.audit_before = ("callback", cb.id), _snap(cb)
        w.audit_after = lambda: _snap(cb)
        work(w, cb)

    version, result = log.change(store, order_id, expected_version=expected_version, actor_id=actor_id,
                                 work=change, action=action, now=now, needs=EventType.CALLBACK_ATTEMPT,
                                 result=True)
    return {**result, "action": action, "order_version": version}


def _called_at(at: dt.datetime | None, now: dt.datetime, order: Order,
               w: Change | None = None) -> tuple[dt.datetime, dt.datetime]:
    """(the call's time as the user gave it, checked; the time it counts at). Under the server's
    clock (a person's login on PostgreSQL) the call counts at the server's time (its bucket and
    on-time judged by it) and the time given is kept as the event's `claimed_at` (orders.log.Change.add)."""
    at = at or now
    if at.tzinfo is None:
        raise StoreError(T("the call time must carry a time zone"))
    if at > now + dt.timedelta(minutes=1):
        raise StoreError(T("the call time {at} is in the future (it is now {now}): give the time the call was made",
                           at=_minute(at), now=_minute(now)))
    done = order.completed_at
    if done is not None and at < done:
        if at < done.replace(second=0, microsecond=0):  # R-VISIT-1: the completion's own minute counts
            raise StoreError(T("the call time {at} is before the order was completed ({done}): the callback is a call "
                               "made after completion; give a later time", at=_minute(at), done=_minute(done)))
        at = done
    return at, (w.now if w is not None and w.server_clock else at)


def _minute(at: dt.datetime) -> str:
    """China time to the minute, as the workbench shows call times."""
    return f"{at.astimezone(CST):%Y-%m-%d %H:%M}"


def log_attempt(store, callback_id: int, *, outcome: str, actor_id: int, at: dt.datetime | None = None,
                expected_version: int | None = None, now: dt.datetime | None = None) -> dict:
    """A call that did not reach the customer (no answer / wrong number) at ``at``."""
    now = now or dt.datetime.now(UTC)
    if outcome not in FAILED:
        raise StoreError(T("unknown call outcome {outcome!r}: use record_reached for a reached customer", outcome=outcome))

    def work(w: Change, cb: Callback) -> None:
        given, when = _called_at(at, now, w.order, w)
        w.result["bucket"] = day_bucket(when)
        w.add(EventType.CALLBACK_ATTEMPT, {"outcome": outcome, "bucket": day_bucket(when)}, at=given if at else None)
    return _write(store, callback_id, expected_version=expected_version, actor_id=actor_id, now=now,
                  action="callback.attempt", work=work)


def record_reached(store, callback_id: int, *, actor_id: int, satisfaction: int, solved: bool, comment: str = "",
                   at: dt.datetime | None = None, expected_version: int | None = None,
                   now: dt.datetime | None = None, follow_up: bool | None = None) -> dict:
    """The customer was reached: satisfaction on the scale 1–5 (``SCALE``), solved or not, comment
    (R-VISIT-4). Not solved opens a follow-up order linked to the original (R-VISIT-3); a
    dissatisfied answer opens one when `follow_up` is True. Returns its id and number."""
    now = now or dt.datetime.now(UTC)
    if satisfaction not in SCALE:
        raise StoreError(T("satisfaction is a score from 1 (very dissatisfied) to 5 (very satisfied)"))
    comment = free_text(comment, T("the callback comment"))
    if not solved and follow_up is False:
        raise StoreError(T("a problem found on a callback is followed up by a follow-up order linked to the original "
                           "(R-VISIT-3): it cannot be left out"))
    if follow_up and solved and not dissatisfied(satisfaction):
        raise StoreError(T("a follow-up order is opened for a problem found or a dissatisfied answer (R-VISIT-3)"))
    opens = not solved or bool(follow_up)
    if opens and not comment:
        raise StoreError(T("write what the customer is not satisfied with: the follow-up order needs it (R-VISIT-3)")
                         if solved else
                         T("the problem the customer still has is required for the follow-up order (R-VISIT-3)"))

    def work(w: Change, cb: Callback) -> None:
        given, when = _called_at(at, now, w.order, w)
        w.result["on_time"] = when <= cb.due_at
        done = {"outcome": REACHED, "satisfaction": satisfaction, "solved": bool(solved), "comment": comment}
        if opens:  # R-VISIT-3: the follow-up order, in the same transaction
            follow = _follow_up(w.session, w.order, actor_id, comment, now, dissatisfied_only=bool(solved))
            done["follow_up_order_id"] = follow.id
            w.result.update(follow_up_order_id=follow.id, follow_up_number=follow.number)
        w.add(EventType.CALLBACK_ATTEMPT, {"outcome": REACHED, "bucket": day_bucket(when)}, at=given if at else None)
        w.add(EventType.CALLBACK_DONE, done, at=given if at else None)
    return _write(store, callback_id, expected_version=expected_version, actor_id=actor_id, now=now,
                  action="callback.done", work=work)


def close_unreachable(store, callback_id: int, *, actor_id: int, reason: str, expected_version: int | None = None,
                      now: dt.datetime | None = None) -> dict:
    """Close a callback nobody answered: only after failed calls in the morning, afternoon and evening
    (module doc) and with a written reason; counted separately from done callbacks."""
    now = now or dt.datetime.now(UTC)
    reason = free_text(reason, T("the reason for closing the callback as unreachable"))
    if not reason:
        raise StoreError(T("a reason is required to close a callback as unreachable"))

    def work(w: Change, cb: Callback) -> None:
        events = load_events(w.session, w.order.id)
        tried = {day_bucket(e.at) for e in _round_attempts(events, w.order.completed_at)
                 if e.payload.get("outcome") in FAILED}
        missing = [b for b in BUCKETS if b not in tried]
        if missing:
            raise StoreError(T("three failed calls at different times of day (morning, afternoon, evening) are "
                               "needed before closing as unreachable; still to try: {missing}",
                               missing=listing((_BUCKET_WORDS[b] for b in missing), ", ")))
        w.add(EventType.CALLBACK_DONE, {"outcome": UNREACHABLE, "reason": reason})
    return _write(store, callback_id, expected_version=expected_version, actor_id=actor_id, now=now,
                  action="callback.unreachable", work=work)


def _follow_up(s: Session, original: Order, actor_id: int, problem: str, now: dt.datetime, *,
               dissatisfied_only: bool = False) -> Order:
    """R-VISIT-3: the follow-up order, created in the caller's transaction (orders.create); the
    original's first-contact owner stays its owner (R-FIRST-1). `dissatisfied_only`: the problem was
    solved but the customer is dissatisfied (the description says so)."""
    kind = original.kind if original.kind in (OrderKind.GENERAL_FAULT, OrderKind.MAJOR_FAULT,
                                              OrderKind.COMPLAINT) else OrderKind.GENERAL_FAULT
    required, _ = checked_missing(kind.value, [])
    new = NewOrder(
        branch=s.get(Branch, original.branch_id), district=s.get(District, original.district_id), kind=kind,
        channel=Channel.HOTLINE, priority=original.priority or Priority.NORMAL,
        description=(f"回访客户不满意（R-VISIT-3，原工单 {original.number}）：{problem}" if dissatisfied_only else
                     f"回访发现问题未解决（R-VISIT-3，原工单 {original.number}）：{problem}"),
        first_contact_id=original.first_contact_id, customer_id=original.customer_id, required=required,
        parent_order_id=original.id, received_extra={"parent_order_id": original.id, "from": "callback"})
    return new_order(s, new, actor_id=actor_id, now=now, action="order.follow_up")
