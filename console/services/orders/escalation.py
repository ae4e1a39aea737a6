"""Escalation passes over stored orders and the alerts they leave (issue 3 §4, issue 4 §5).

:func:`run_pass` walks every order whose clocks can still escalate — not completed, or completed
with its callback still owed (R-VISIT-1/2) — evaluates its event log with the pure rules
(``rules.sla.evaluate`` + ``rules.escalation.due_escalations``) and appends one ``escalated``
event per level due (actor None: the system). Each (clock, level) fires once, ever, however many
passes run at once (two consoles, a console and cron):

* the read phase evaluates all orders in chunks of :data:`READ_CHUNK` (no locks held);
* the orders with something due are then written in short transactions of :data:`WRITE_BATCH`
  orders which lock them (PostgreSQL ``SELECT … FOR UPDATE`` in id order; SQLite's
  ``BEGIN IMMEDIATE`` serialises every writer), reload their events **inside** the transaction
  and fire only what is still due. A second pass waiting on the lock then sees the first one's
  events and fires nothing.

Escalations and acknowledgements are events about the order, not changes of its facts: they do not
bump ``Order.version``, so a dispatcher with the order open is not refused with a spurious
"changed by someone else". ``Order.escalation_level`` (1..n, the highest ladder rung fired) is a
cache rebuilt from the log in the same transaction; every write has its audit row (R-ACC, R-INSP).

Alerts are the ``escalated`` events themselves, so they survive a restart and include the manual
ones (R-FIRST-4). :func:`acknowledge` appends ``escalation_acknowledged``; an alert is
acknowledged once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from sqlalchemy import String, and_, bindparam, case, null, select, type_coerce, update
from sqlalchemy.orm import Session

from console.errors import StoreError
from console.models import Callback, District, Order, OrderEvent, Staff
from console.rules import clock
from console.rules.clock import Event
from console.rules.escalation import (
    DEFAULT_LADDER,
    Level,
    due_escalations,
    fired_levels,
)
from console.rules.periods import CST as _CST
from console.rules.policy import Policy
from console.rules.sla import evaluate
from console.services.access import permissions
from console.services.audit import chain as audit
from console.services.sla.policy import calendar_of, policies
from console.vocabulary import CallbackStatus, EventType, OrderStatus, Role

UTC = dt.timezone.utc
READ_CHUNK = 2000  # orders per event query in the read phase
WRITE_BATCH = 100  # orders per write transaction: short locks, a waiting console never times out
URGENT_RANK = 3  # leader and above (issue 3 §4): the tray notification level


@dataclass(frozen=True, slots=True)
class FiredAlert:
    """One escalation a pass stored (plain data for the CLI and the alerts panel)."""

    event_id: int
    order_id: int
    order_number: str
    branch_id: int
    clock: str
    level: str
    rank: int  # 1-based position of the level in the ladder
    target: str
    reason: str
    fired_at: dt.datetime

    @property
    def urgent(self) -> bool:
        return self.rank >= URGENT_RANK

    def line(self) -> str:
        at = self.fired_at.astimezone(_CST)
        return f"{at:%Y-%m-%d %H:%M} {self.order_number} {self.clock} → {self.level} ({self.target}): {self.reason}"


@dataclass(frozen=True, slots=True)
class Alert:
    """An ``escalated`` event as the alerts panel lists it."""

    event_id: int
    order_id: int
    order_number: str
    branch_id: int
    order_kind: str
    order_status: str
    district: str
    clock: str | None  # None for a manual escalation of the whole order
    level: str  # a ladder level name, or "manual" (R-FIRST-4)
    rank: int  # 1-based ladder position; 0 for manual or unknown levels
    manual: bool
    target: str  # assignee | dispatcher_on_duty | branch_leader | provincial_supervision
    target_person: str  # the named person when the target is one (assignee, branch leader)
    reason: str
    fired_at: dt.datetime
    fired_by: str  # who escalated by hand; "" for the system's ladder
    acknowledged_by: str | None = None
    acknowledged_by_id: int | None = None
    acknowledged_at: dt.datetime | None = None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def urgent(self) -> bool:
        """Leader or province level, or any manual escalation (R-FIRST-4: "to a leader at once")."""
        return self.manual or self.rank >= URGENT_RANK


def rank_of(level: str, ladder: Sequence[Level] = DEFAULT_LADDER) -> int:
    for i, lv in enumerate(ladder, 1):
        if lv.name == level:
            return i
    return 0


# ============================================================================================
# the pass
# ============================================================================================
def run_pass(store, *, now: dt.datetime | None = None, branch_id: int | None = None,
             ladder: tuple[Level, ...] = DEFAULT_LADDER) -> list[FiredAlert]:
    """Fire every escalation due at ``now`` (aware; default: the current time) for the orders of
    ``branch_id`` (default: all branches). Returns what was stored, in firing order; a level
    fired by an earlier or concurrent pass is never stored again."""
    now = now or dt.datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("run_pass needs an aware 'now'")
    at = now.astimezone(_CST)  # clocks in China time: the reasons read as the control room's clocks
    candidates: list[int] = []
    with store.read() as s:
        calendar, pols = calendar_of(s), policies(s)
        scope = _scope(s, branch_id)
        for i in range(0, len(scope), READ_CHUNK):
            part = scope[i:i + READ_CHUNK]
            events = _events(s, [oid for oid, _ in part])
            for oid, pv in part:
                log, escalated = events.get(oid, _NONE)
                state = evaluate(log, pols.get(pv) or Policy.default(), calendar, at)
                if due_escalations(state, fired_levels(escalated), ladder):
                    candidates.append(oid)
    fired: list[FiredAlert] = []
    for i in range(0, len(candidates), WRITE_BATCH):
        fired.extend(_fire(store, candidates[i:i + WRITE_BATCH], at, ladder))
    return fired


def _scope(s: Session, branch_id: int | None) -> list[tuple[int, int]]:
    """(order id, policy version) of every order whose clocks can still escalate, by id."""
    open_q = select(Order.id, Order.policy_version).where(Order.status != OrderStatus.COMPLETED)
    # R-VISIT-1/2: a completed order's callback clock runs until the callback is done
    owed_q = (select(Order.id, Order.policy_version).join(Callback, Callback.order_id == Order.id)
              .where(Order.status == OrderStatus.COMPLETED, Callback.status == CallbackStatus.OPEN))
    if branch_id is not None:
        open_q = open_q.where(Order.branch_id == branch_id)
        owed_q = owed_q.where(Order.branch_id == branch_id)
    rows = {oid: pv for oid, pv in s.execute(open_q)}
    rows.update((oid, pv) for oid, pv in s.execute(owed_q))
    return sorted(rows.items())


# The event types the clocks read (rules.clock's vocabulary); the rest (assigned, notes, visits,
# callback attempts, escalations …) cannot move a clock and are not loaded. Payloads are decoded
# only where the rules read them.
_CLOCK_EVENTS = (clock.RECEIVED, clock.MATERIALS_MISSING, clock.MATERIALS_COMPLETE, clock.FIRST_RESPONSE,
                 clock.PAUSED, clock.RESUMED, clock.CUSTOMER_UNREACHABLE, clock.HEAD_NOTIFIED,
                 clock.EXTENSION_REQUESTED, clock.EXTENSION_APPROVED, clock.EXTENSION_REJECTED,
                 clock.RECLASSIFIED, clock.COMPLETED, clock.REOPENED, clock.CALLBACK_DONE)
_WITH_PAYLOAD = (clock.RECEIVED, clock.MATERIALS_MISSING, clock.CUSTOMER_UNREACHABLE, clock.EXTENSION_REQUESTED,
                 clock.EXTENSION_APPROVED, clock.EXTENSION_REJECTED, clock.RECLASSIFIED)
_TYPE = type_coerce(OrderEvent.type, String)
_NO_PAYLOAD: Mapping = MappingProxyType({})
_TO_CHINA = dt.timedelta(hours=8)
_NO_TIME = dt.datetime(1970, 1, 1, tzinfo=UTC)


def _ids(order_ids: Sequence[int]):
    """``order_id IN (…)``, plus the id range so that PostgreSQL walks the (order_id, at) index
    instead of scanning the whole table once per chunk (measured: 3 s -> 0.5 s at 100k orders)."""
    return and_(OrderEvent.order_id.between(min(order_ids), max(order_ids)), OrderEvent.order_id.in_(order_ids))


def _events(s: Session, order_ids: Sequence[int]) -> dict[int, tuple[list[Event], list[Event]]]:
    """Per order: (its clock events in (at, id) order, its ``escalated`` events) as plain
    :class:`~console.rules.clock.Event` values — what evaluate() and fired_levels() read.

    Raw columns and C parsers instead of per-value ORM processing, and of an escalation only the
    three keys fired_levels() reads: a pass reads every open order's log every 30 s
    (benchmarks/escalation.py)."""
    conn = s.connection()
    out: dict[int, tuple[list[Event], list[Event]]] = {oid: ([], []) for oid in order_ids}
    loads, iso, to_china = json.loads, dt.datetime.fromisoformat, _TO_CHINA
    q = (select(OrderEvent.order_id, _TYPE, type_coerce(OrderEvent.at, String),
                type_coerce(case((_TYPE.in_(_WITH_PAYLOAD), OrderEvent.payload), else_=null()), String))
         .where(_ids(order_ids), _TYPE.in_(_CLOCK_EVENTS))
         .order_by(OrderEvent.order_id, OrderEvent.at, OrderEvent.id))
    for oid, typ, at, payload in conn.execute(q).all():
        if isinstance(at, str):  # SQLite: naive UTC text (models.base.UTCDateTime); psycopg: aware
            at = iso(at) + to_china  # naive China time, which evaluate() reads as such
        if isinstance(payload, str):  # SQLite: JSON text; psycopg hands over decoded values
            payload = loads(payload)
        out[oid][0].append(Event(typ, at, payload or _NO_PAYLOAD))
    p = OrderEvent.payload
    q = (select(OrderEvent.order_id, p["clock"].as_string(), p["level"].as_string(), p["manual"].as_boolean())
         .where(_ids(order_ids), OrderEvent.type == EventType.ESCALATED))
    for oid, clock_name, level, manual in conn.execute(q).all():  # fired_levels() reads no instant
        out[oid][1].append(Event(clock.ESCALATED, _NO_TIME, {"clock": clock_name, "level": level, "manual": manual}))
    return out


_NONE: tuple[list, list] = ([], [])


def _fire(store, order_ids: list[int], now: dt.datetime, ladder: tuple[Level, ...]) -> list[FiredAlert]:
    """One write transaction: lock the orders, re-check against their current logs, store."""
    with store.write() as s:
        locked = s.execute(
            select(Order.id, Order.number, Order.branch_id, Order.policy_version, Order.escalation_level)
            .where(Order.id.in_(order_ids)).order_by(Order.id).with_for_update()
        ).all()
        calendar, pols = calendar_of(s), policies(s)
        events = _events(s, order_ids)  # read after the lock: a concurrent pass's events are visible
        todo = []
        for oid, number, branch, pv, cached in locked:
            log, escalated = events.get(oid, _NONE)
            already = fired_levels(escalated)
            due = due_escalations(evaluate(log, pols.get(pv) or Policy.default(), calendar, now), already, ladder)
            if due:  # else another pass got here first, or the order moved on meanwhile
                level = max(rank_of(lv, ladder) for _, lv in already | {(e.clock, e.level) for e in due})
                rows = [OrderEvent(branch_id=branch, order_id=oid, type=EventType.ESCALATED, at=now,
                                   actor_id=None, payload=e.payload()) for e in due]
                todo.append((oid, number, branch, cached, level, due, rows))
        if not todo:
            return []
        s.add_all([r for *_, rows in todo for r in rows])
        s.flush()  # one multi-row INSERT … RETURNING for the batch
        todo = [(*head, due, [(r.id, r.payload) for r in rows]) for *head, due, rows in todo]
        s.expunge_all()  # written: keep the audit rows' flushes from re-visiting them
        # escalation_level is a cache of the log: never bumps the order's version (module doc)
        changed = [{"oid": oid, "lvl": level} for oid, _, _, cached, level, _, _ in todo if level != cached]
        if changed:
            s.connection().execute(update(Order.__table__).where(Order.__table__.c.id == bindparam("oid"))
                                   .values(escalation_level=bindparam("lvl")), changed)
        fired: list[FiredAlert] = []
        for oid, number, branch, cached, level, due, rows in todo:
            audit.record(s, actor_id=None, action="order.escalated", entity="work_order", entity_id=oid,
                         branch_id=branch, before={"escalation_level": cached},
                         after={"escalation_level": level, "event": EventType.ESCALATED.value,
                                "escalations": [{"event_id": i, **p} for i, p in rows]}, at=now)
            fired.extend(FiredAlert(i, oid, number, branch, e.clock, e.level, rank_of(e.level, ladder),
                                    e.target, e.reason, now) for (i, _), e in zip(rows, due))
        return fired


# ============================================================================================
# alerts
# ============================================================================================
def open_alerts(store, branch_id: int, *, include_acknowledged: bool = False,
                acknowledged_since: dt.datetime | None = None,
                ladder: tuple[Level, ...] = DEFAULT_LADDER) -> list[Alert]:
    """The branch's escalations, newest first: every unacknowledged one (ladder and manual,
    R-FIRST-4), plus with ``include_acknowledged`` the acknowledged ones (only those acknowledged
    at or after ``acknowledged_since`` when given)."""
    with store.read() as s:
        acks: dict[int, tuple[int | None, dt.datetime]] = {}
        for actor, at, payload in s.execute(
            select(OrderEvent.actor_id, OrderEvent.at, OrderEvent.payload)
            .where(OrderEvent.branch_id == branch_id, OrderEvent.type == EventType.ESCALATION_ACKNOWLEDGED)
        ):
            ref = (payload or {}).get("escalation_event_id")
            if isinstance(ref, int) and ref not in acks:
                acks[ref] = (actor, at)
        rows = s.execute(
            select(OrderEvent.id, OrderEvent.order_id, OrderEvent.at, OrderEvent.actor_id, OrderEvent.payload,
                   Order.number, Order.kind, Order.status, Order.assignee_id, District.name)
            .join(Order, Order.id == OrderEvent.order_id)
            .join(District, District.id == Order.district_id)
            .where(OrderEvent.branch_id == branch_id, OrderEvent.type == EventType.ESCALATED)
            .order_by(OrderEvent.at.desc(), OrderEvent.id.desc())
        ).all()
        keep = []
        for r in rows:
            ack = acks.get(r.id)
            if ack is not None and not (include_acknowledged and (acknowledged_since is None
                                                                  or ack[1] >= acknowledged_since)):
                continue
            keep.append((r, ack))
        people = {r.actor_id for r, _ in keep} | {r.assignee_id for r, _ in keep} | {a[0] for _, a in keep if a}
        people.discard(None)
        names = {i: n for i, n in s.execute(select(Staff.id, Staff.name).where(Staff.id.in_(people)))} if people else {}
        leader = s.scalar(select(Staff.name).where(Staff.branch_id == branch_id, Staff.role == Role.MANAGER,
                                                   Staff.active.is_(True)).order_by(Staff.id).limit(1)) or ""
    out = []
    for r, ack in keep:
        p = r.payload or {}
        target = str(p.get("target") or "")
        manual = bool(p.get("manual"))
        level = str(p.get("level") or ("manual" if manual else ""))
        person = (names.get(r.assignee_id, "") if target == "assignee"
                  else leader if target == "branch_leader" else "")
        out.append(Alert(
            r.id, r.order_id, r.number, branch_id, r.kind.value, r.status.value, r.name, p.get("clock"), level,
            0 if manual else rank_of(level, ladder), manual, target, person, str(p.get("reason") or ""),
            r.at, names.get(r.actor_id, "") if r.actor_id else "",
            names.get(ack[0]) if ack else None, ack[0] if ack else None, ack[1] if ack else None,
        ))
    return out


def acknowledge(store, event_id: int, *, actor_id: int, now: dt.datetime | None = None) -> int:
    """Record that ``actor_id`` has seen escalation ``event_id`` and acts on it; returns the id of
    the ``escalation_acknowledged`` event. Refused (StoreError, nothing written) for an unknown
    alert, an unknown person, or an alert already acknowledged."""
    now = now or dt.datetime.now(UTC)
    with store.write() as s:
        esc = s.get(OrderEvent, event_id)
        if esc is None or esc.type != EventType.ESCALATED:
            raise StoreError(f"there is no escalation {event_id} to acknowledge")
        # serialise acknowledgements of this order's alerts (SQLite: BEGIN IMMEDIATE already does)
        number = s.execute(select(Order.number).where(Order.id == esc.order_id).with_for_update()).scalar_one()
        who = s.get(Staff, actor_id) if actor_id is not None else None
        if who is None:
            raise StoreError("choose who is on duty before acknowledging an escalation")
        permissions.require(s, actor_id, permissions.Action.ACKNOWLEDGE, branch_id=esc.branch_id)
        for prior in s.execute(
            select(OrderEvent.actor_id, OrderEvent.at, OrderEvent.payload)
            .where(OrderEvent.order_id == esc.order_id, OrderEvent.type == EventType.ESCALATION_ACKNOWLEDGED)
        ):
            if (prior.payload or {}).get("escalation_event_id") == event_id:
                by = s.get(Staff, prior.actor_id) if prior.actor_id else None
                raise StoreError(
                    f"this escalation of order {number} was already acknowledged by "
                    f"{by.name if by else 'the system'} at {prior.at.astimezone(_CST):%Y-%m-%d %H:%M}; nothing was saved")
        p = esc.payload or {}
        payload = {"escalation_event_id": event_id, "clock": p.get("clock"), "level": p.get("level")}
        ev = OrderEvent(branch_id=esc.branch_id, order_id=esc.order_id, type=EventType.ESCALATION_ACKNOWLEDGED,
                        at=now, actor_id=actor_id, payload=payload)
        s.add(ev)
        s.flush()
        audit.record(s, actor_id=actor_id, action="order.escalation_acknowledged", entity="work_order",
                     entity_id=esc.order_id, branch_id=esc.branch_id, before=None,
                     after={"event": EventType.ESCALATION_ACKNOWLEDGED.value, "event_id": ev.id, "payload": payload},
                     at=now)
        return ev.id
