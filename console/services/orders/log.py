"""The one write path of an order: every change is one transaction through :func:`change`.

A use case says what happened; this module writes it, all or nothing::

    def work(w: Change) -> None:          # validates against the order as it is now …
        if w.order.status == OrderStatus.COMPLETED:
            raise StoreError("…")         # … a refusal writes nothing at all
        w.add(EventType.PAUSED, {"reason": reason})

    version = log.change(store, order_id, expected_version=v, actor_id=me, work=work, action="order.paused")

In that one transaction :func:`change` (1) reads and locks the order and refuses a version other than the one
the user saw, naming who changed what since (ConcurrentEditError); (2) runs ``work``; (3) checks the
actor's right to every event it added (services.access.permissions); (4) appends the events —
:func:`append` is the only place in the console that constructs an ``OrderEvent``; (5) projects the
order's columns and its Callback row from its whole log (services.orders.caches: a use case never sets
a projected column itself); (6) bumps the version once (the UPDATE checks the version it read: a
concurrent change is refused, not overwritten); (7) writes the audit row (R-ACC, R-INSP). Any error
at any step rolls everything back: no event, no version bump, no audit row.

Orders are created by ``orders.create.new_order`` (the only ``Order(`` of the console), which uses
the same :func:`append` and projection. The escalation pass appends the system's events with
:func:`append` too, in its own batch transactions (escalations are events about the order, not
changes of its facts: no version bump).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from itertools import groupby
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from console.errors import ConcurrentEditError, StoreError
from console.i18n import T, Text
from console.models import Order, OrderEvent, Staff
from console.rules.periods import CST, UTC
from console.rules.text import listing
from console.services.access import permissions
from console.services.audit import chain as audit
from console.services.orders import changes
from console.services.orders.caches import refresh_caches
from console.vocabulary import EventType

AUDITED = ("assignee_id", "status", "kind", "priority", "due_at", "sla_state", "visit_from", "visit_to",
           "arrived_at", "completed_at", "missing_materials", "policy_version", "version")


CLAIM_TOLERANCE = dt.timedelta(seconds=60)  # the same as the database's (migration 0007)


def server_clock(s: Session) -> dt.datetime | None:
    """The server's time when the database keeps the time of this login's writes (PostgreSQL, a
    person's own login: migration 0007 stamps every event with it), else None (SQLite, and the
    owner's sessions: the caller's clock stands)."""
    if s.get_bind().dialect.name != "postgresql":
        return None
    return s.scalar(text("SELECT CASE WHEN bc_login_staff_id() IS NOT NULL THEN now() END"))


def claimed(payload: dict, at: dt.datetime, now: dt.datetime) -> dict:
    """A time the user gave that is not the server's: kept in the payload as `claimed_at`, as the
    database does (it never becomes the event's time)."""
    if abs(at - now) > CLAIM_TOLERANCE:
        payload["claimed_at"] = at.astimezone(UTC).isoformat()
    return payload


def snapshot(order: Order) -> dict[str, Any]:
    """The order's audited columns as plain values (before/after images of its audit rows)."""
    out = {}
    for name in AUDITED:
        v = getattr(order, name)
        out[name] = v.value if hasattr(v, "value") else v
    return out


def append(s: Session, *, order_id: int, branch_id: int, event: EventType, payload: Mapping | None,
           at: dt.datetime, actor_id: int | None) -> OrderEvent:
    """Append one event to an order's log in the caller's transaction: the only OrderEvent
    constructor of the console (see the module doc for who may call it)."""
    if at.tzinfo is None:
        raise StoreError(T("an event's time must carry a time zone"))
    ev = OrderEvent(branch_id=branch_id, order_id=order_id, type=EventType(event), at=at, actor_id=actor_id,
                    payload=dict(payload or {}))
    s.add(ev)
    changes.notify(s, branch_id, [order_id])  # every other console of the branch learns it at commit
    return ev


def _describe_change(s: Session, order: Order, since_version: int) -> tuple[str, list[str]]:
    """Who changed the order after the version the user saw, and what they did: the events of the
    last (version - seen) changes, a change being the events one person wrote at one moment."""
    recent = s.execute(
        select(OrderEvent, Staff.name)
        .outerjoin(Staff, Staff.id == OrderEvent.actor_id)
        .where(OrderEvent.order_id == order.id, OrderEvent.type.not_in((EventType.ESCALATED,
                                                                         EventType.ESCALATION_ACKNOWLEDGED)))
        .order_by(OrderEvent.id.desc())
        .limit(40)
    ).all()
    groups = [list(g) for _, g in groupby(recent, key=lambda r: (r[0].at, r[0].actor_id))]
    picked = [row for g in groups[:max(1, order.version - since_version)] for row in g]
    who = picked[0][1] if picked and picked[0][1] else T("another user")
    what = [T("{event} at {at:%Y-%m-%d %H:%M}", event=event_word(ev.type), at=ev.at.astimezone(CST)) for ev, _ in picked]
    return who, what


# The events as a refusal names them (the English is the stored code, as the log shows it).
_EVENT_WORDS: dict[str, Text] = {
    EventType.RECEIVED: T("received", _context="order event"),
    EventType.MATERIALS_MISSING: T("materials_missing", _context="order event"),
    EventType.MATERIALS_COMPLETE: T("materials_complete", _context="order event"),
    EventType.ASSIGNED: T("assigned", _context="order event"),
    EventType.VISIT_BOOKED: T("visit_booked", _context="order event"),
    EventType.ARRIVED: T("arrived", _context="order event"),
    EventType.FIRST_RESPONSE: T("first_response", _context="order event"),
    EventType.PAUSED: T("paused", _context="order event"),
    EventType.RESUMED: T("resumed", _context="order event"),
    EventType.CUSTOMER_UNREACHABLE: T("customer_unreachable", _context="order event"),
    EventType.HEAD_NOTIFIED: T("head_notified", _context="order event"),
    EventType.EXTENSION_REQUESTED: T("extension_requested", _context="order event"),
    EventType.EXTENSION_APPROVED: T("extension_approved", _context="order event"),
    EventType.EXTENSION_REJECTED: T("extension_rejected", _context="order event"),
    EventType.RECLASSIFIED: T("reclassified", _context="order event"),
    EventType.ESCALATED: T("escalated", _context="order event"),
    EventType.ESCALATION_ACKNOWLEDGED: T("escalation_acknowledged", _context="order event"),
    EventType.COMPLETED: T("completed", _context="order event"),
    EventType.REOPENED: T("reopened", _context="order event"),
    EventType.CALLBACK_ATTEMPT: T("callback_attempt", _context="order event"),
    EventType.CALLBACK_DONE: T("callback_done", _context="order event"),
    EventType.NOTE: T("note", _context="order event"),
}


def event_word(event: EventType | str) -> Text | str:
    """An event type as a translatable word (its English is the stored code); an unknown one as is."""
    return _EVENT_WORDS.get(str(event), str(event))


def conflict(s: Session, order: Order, since_version: int) -> ConcurrentEditError:
    who, what = _describe_change(s, order, since_version)
    return ConcurrentEditError(
        T("order {number} was changed by {who} since you opened it ({changes}); nothing was saved — the order has "
          "been reloaded, please check and try again", number=order.number, who=who, changes=listing(what)),
        changed_by=who,
        changes=what,
    )


class Change:
    """What a use case's ``work(change)`` sees and says, inside the transaction of :func:`change`."""

    def __init__(self, s: Session, order: Order, actor_id: int | None, now: dt.datetime, server: bool = False):
        self.session, self.order, self.actor_id, self.now = s, order, actor_id, now
        self.server_clock = server  # the database's clock is every event's time (see `server_clock`)
        self.events: list[tuple[EventType, dict, dt.datetime]] = []
        self.result: dict[str, Any] = {}  # what the use case returns besides the new version
        # the audit row: the order by default; a use case about another record names it
        self.audit_entity: tuple[str, int] | None = None
        self.audit_before: dict[str, Any] = {}
        self.audit_after: Callable[[], dict[str, Any]] | None = None

    def add(self, event: EventType, payload: Mapping | None = None, *, at: dt.datetime | None = None) -> dict:
        """Say that `event` happened (at `at`, default now); returns its payload to fill in. Under
        the server's clock the event happens now and a different `at` is kept as `claimed_at`."""
        body = dict(payload or {})
        if self.server_clock and at is not None:
            claimed(body, at, self.now)
            at = None
        self.events.append((EventType(event), body, at or self.now))
        return body


def _utc(now: dt.datetime | None) -> dt.datetime:
    if now is None:
        return dt.datetime.now(UTC)
    if now.tzinfo is None:
        raise StoreError(T("the time of a change must carry a time zone"))
    return now


def change(store, order_id: int, *, expected_version: int | None, actor_id: int | None,
           work: Callable[[Change], None], action: str, now: dt.datetime | None = None,
           needs: EventType | None = None, result: bool = False, bump: bool = True) -> int | tuple[int, dict]:
    """Change one order in one transaction (see the module doc). Returns the order's new version,
    or with `result` (version, what `work` put in ``change.result``). `expected_version` None: no
    version check (a callback recorded from its own list). `needs`: an event whose right is checked
    before `work` runs (so a refusal names the right, not a detail of the work). `bump` False: an
    event about the order that changes none of its facts (an escalation acknowledged) — the version
    stays, so a dispatcher with the order open is not refused as "changed by someone else"."""
    now = _utc(now)
    try:
        with store.write() as s:
            # locked for the transaction (PostgreSQL; SQLite's BEGIN IMMEDIATE serialises writers)
            order = s.get(Order, order_id, with_for_update=True)
            if order is None:
                raise StoreError(T("order {id} does not exist", id=order_id))
            if expected_version is not None and order.version != expected_version:
                raise conflict(s, order, expected_version)
            seen = order.version
            server = server_clock(s)
            if server is not None:
                now = server
            if needs is not None:
                permissions.require_event(s, actor_id, needs, branch_id=order.branch_id,
                                          assignee_id=order.assignee_id, order_number=order.number)
            before = snapshot(order)
            w = Change(s, order, actor_id, now, server is not None)
            work(w)
            if not w.events:
                raise AssertionError(f"{action}: the use case said nothing happened")
            for event in dict.fromkeys(e for e, _, _ in w.events):  # each right once, in order
                permissions.require_event(s, actor_id, event, branch_id=order.branch_id,
                                          assignee_id=order.assignee_id, order_number=order.number)
            rows = [append(s, order_id=order.id, branch_id=order.branch_id, event=event, payload=payload, at=at,
                           actor_id=actor_id) for event, payload, at in w.events]
            s.flush()
            w.result.setdefault("event_ids", [r.id for r in rows])
            refresh_caches(s, order)
            if bump:
                order.version = seen + 1
                order.updated_at, order.updated_by_id = now, actor_id
            s.flush()  # the versioned UPDATE: StaleDataError when another console got in first
            after = {**snapshot(order), "events": [{"event": e.value, "payload": p} for e, p, _ in w.events]}
            if w.audit_entity is None:
                entity, entity_id = "work_order", order.id
            else:  # e.g. a callback: its own image, with the order's beside it
                (entity, entity_id), before = w.audit_entity, {**w.audit_before, "order": before}
                after = {**(w.audit_after() if w.audit_after else {}), "order": after}
            audit.record(s, actor_id=actor_id, action=action, entity=entity, entity_id=entity_id,
                         branch_id=order.branch_id, before=before, after=after, at=now)
            return (order.version, w.result) if result else order.version
    except StaleDataError:
        with store.read() as s:
            order = s.get(Order, order_id)
            raise conflict(s, order, expected_version if expected_version is not None else order.version - 1) \
                from None
