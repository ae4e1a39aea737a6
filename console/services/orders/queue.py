"""Order use cases: list the open queue, assign with optimistic locking.

Every write checks the version the user saw. If someone else changed the order
meanwhile, ConcurrentEditError says who changed what, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from sqlalchemy import String, and_, case, func, or_, select, type_coerce
from sqlalchemy.orm import aliased

from console.errors import StoreError
from console.i18n import T
from console.models import Customer, District, Order, OrderEvent, Staff
from console.rules.escalation import MANUAL_RANK, rank_of
from console.services.orders import log
from console.services.orders.inputs import free_text
from console.services.orders.log import Change
from console.store.plain import plain_rows, utc_instant
from console.vocabulary import EventType, OrderStatus, Priority


@dataclass(frozen=True, slots=True)
class OrderRow:
    """One open order as the queue shows it (plain data, cache columns included)."""

    id: int
    number: str
    kind: str
    channel: str
    priority: str
    status: str
    customer: str
    customer_phone: str
    customer_major: bool
    district_id: int
    district: str
    assignee_id: int | None
    assignee: str
    first_contact: str
    received_at: dt.datetime
    due_at: dt.datetime | None
    sla_state: str | None
    sla_budget_s: int | None
    response_due_at: dt.datetime | None
    sla_provisional: bool
    escalation_level: int
    visit_from: dt.datetime | None
    visit_to: dt.datetime | None
    arrived_at: dt.datetime | None
    description: str
    version: int
    response_budget_s: int | None = None  # the first-response allowance (R-TIME-7), from the policy
    extension_pending: bool = False  # an extension request waits for a manager's decision (R-TIME-10)
    open_alert_rank: int = 0  # the highest unacknowledged escalation (ladder rank; manual: a leader's)


def _columns(assignee, owner):
    plain = [type_coerce(c, String) for c in (Order.kind, Order.channel, Order.priority, Order.status)]
    return (
        Order.id, Order.number, *plain,
        Customer.name, Customer.phone, Customer.is_major, Order.district_id, District.name,
        Order.assignee_id, assignee.name, owner.name, Order.received_at, Order.due_at,
        Order.sla_state, Order.sla_budget_s, Order.response_due_at, Order.sla_provisional,
        Order.escalation_level, Order.visit_from, Order.visit_to, Order.arrived_at,
        Order.description, Order.version, Order.response_budget_s,
    )


def _row(r, flags: dict[int, tuple[bool, int]]) -> OrderRow:
    pending, rank = flags.get(r[0], _NO_FLAGS)
    return OrderRow(
        r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", r[7] or "", bool(r[8]),
        r[9], r[10], r[11], r[12] or "", r[13], r[14], r[15], r[16], r[17], r[18], bool(r[19]),
        r[20] or 0, r[21], r[22], r[23], r[24] or "", r[25], r[26], pending, rank,
    )


_NEW = object.__new__
_SETTERS = tuple(OrderRow.__dict__[f.name].__set__ for f in fields(OrderRow))
"""Each field's slot, set directly: a frozen dataclass's __init__ sets each of its 29 fields
through object.__setattr__ (9 µs a row, most of a 100,000-order read); the same values through
the slots' own setters take a third of that, and the row is the same frozen OrderRow."""
_SHARED = tuple(sorted(set(range(2, 27)) - {14, 15, 18, 21, 22, 23}))  # every column but the id, the number, the instants


class _Rows:
    """Builds the OrderRows of one read. The values that repeat from row to row — the kinds,
    statuses, districts, people's names, budgets, even whole instants (a due at the end of the
    same working day) — are one object each, shared by every row that has them, not one copy per
    row (a 100,000-order queue holds some 40 MB less). The tables live as long as the read."""

    def __init__(self, flags: dict[int, tuple[bool, int]]):
        self.flags = flags
        self.seen: list[dict] = [{} for _ in range(27)]

    def __call__(self, v: list) -> OrderRow:
        seen = self.seen
        for i in _SHARED:
            x = v[i]
            if x is not None:
                v[i] = seen[i].setdefault(x, x)
        pending, rank = self.flags.get(v[0], _NO_FLAGS)
        o = _NEW(OrderRow)
        for put, x in zip(_SETTERS, (
            v[0], v[1], v[2], v[3], v[4], v[5], v[6] or "", v[7] or "", bool(v[8]),
            v[9], v[10], v[11], v[12] or "", v[13], v[14], v[15], v[16], v[17], v[18], bool(v[19]),
            v[20] or 0, v[21], v[22], v[23], v[24] or "", v[25], v[26], pending, rank,
        )):
            put(o, x)
        return o


FIELD = {"id": 0, "number": 1, "priority": 4, "status": 5, "customer_major": 8, "received_at": 14, "due_at": 15,
         "sla_state": 16, "response_due_at": 18}
"""Where some of OrderRow's fields are in `OpenRead.values` (the queue's urgency before the rows exist)."""


@dataclass(slots=True)
class OpenRead:
    """The open orders of a branch as read, before they become OrderRows: `values` holds each
    order's column values (oldest first; instants as aware UTC datetimes, one object per distinct
    instant), `flags` each order's pending extension and open alert rank. `rows()` makes the rows;
    a reader that wants a few of them first (the queue's first screenful) picks them by index."""

    values: list[list]
    flags: dict[int, tuple[bool, int]]
    _make: _Rows | None = None

    def rows(self, which=None) -> list[OrderRow]:
        """The OrderRows of the orders at the indexes `which`, in that order; or of every order, once
        (the values are let go as their rows are made)."""
        if self._make is None:
            self._make = _Rows(self.flags)
        values, make = self.values, self._make
        if which is not None:
            return [make(values[i]) for i in which]
        out = []
        for k, v in enumerate(values):  # each order's values let go once its row is made (a lower peak)
            out.append(make(v))
            values[k] = None
        self.values = []
        return out


def _parsed(rows, sqlite: bool) -> list[list]:
    """The driver's rows as lists, their instants as aware UTC datetimes (SQLite's text parsed once
    for each distinct instant)."""
    out = []
    if not sqlite:
        for r in rows:
            out.append(list(r))
        return out
    instants: dict[str, dt.datetime] = {}
    for r in rows:
        v = list(r)
        for i in _WHEN:
            x = v[i]
            if x is not None:
                t = instants.get(x)
                if t is None:
                    t = instants[x] = utc_instant(x)
                v[i] = t
        out.append(v)
    return out


_NO_FLAGS = (False, 0)
_EXTENSION = (EventType.EXTENSION_REQUESTED, EventType.EXTENSION_APPROVED, EventType.EXTENSION_REJECTED)
_ALERTS = (EventType.ESCALATED, EventType.ESCALATION_ACKNOWLEDGED)


def _flags(s, scope) -> dict[int, tuple[bool, int]]:
    """Per order of `scope` (a WHERE clause on Order): whether an extension request waits for a
    decision (R-TIME-10: its last extension event is a request) and the highest ladder rank among
    its unacknowledged escalations (R-FIRST-4 manual ones count as the leader's)."""
    last_ext: dict[int, EventType] = {}
    for oid, kind in s.execute(select(OrderEvent.order_id, OrderEvent.type).join(Order, Order.id == OrderEvent.order_id)
                               .where(scope, OrderEvent.type.in_(_EXTENSION)).order_by(OrderEvent.id)):
        last_ext[oid] = kind
    fired: dict[int, tuple[int, int]] = {}  # escalated event id -> (order id, rank)
    acked: set = set()
    for eid, oid, kind, payload in s.execute(
        select(OrderEvent.id, OrderEvent.order_id, OrderEvent.type, OrderEvent.payload)
        .join(Order, Order.id == OrderEvent.order_id).where(scope, OrderEvent.type.in_(_ALERTS))
    ):
        p = payload or {}
        if kind == EventType.ESCALATED:
            fired[eid] = (oid, MANUAL_RANK if p.get("manual") else rank_of(str(p.get("level") or "")))
        else:
            acked.add(p.get("escalation_event_id"))
    out: dict[int, list] = {}
    for oid, kind in last_ext.items():
        out.setdefault(oid, [False, 0])[0] = kind == EventType.EXTENSION_REQUESTED
    for eid, (oid, rank) in fired.items():
        if eid not in acked:
            flags = out.setdefault(oid, [False, 0])
            flags[1] = max(flags[1], rank)
    return {oid: (pending, rank) for oid, (pending, rank) in out.items()}


def _query(branch_id: int):
    assignee = aliased(Staff)
    owner = aliased(Staff)
    return (
        select(*_columns(assignee, owner))
        .join(District, District.id == Order.district_id)
        .outerjoin(Customer, Customer.id == Order.customer_id)
        .outerjoin(assignee, assignee.id == Order.assignee_id)
        .join(owner, owner.id == Order.first_contact_id)
        .where(Order.branch_id == branch_id)
    )


def open_orders(store, branch_id: int) -> list[OrderRow]:
    """Every order of the branch that is not completed, oldest first."""
    return read_open(store, branch_id).rows()


def _urgency_order():
    """R-TIME-9's urgency order (rules.urgency.sort_key) as an ORDER BY: flagged first (emergency,
    major complaint, important — an important customer's normal order counts as important), then
    running clocks, paused, waiting for materials, no clock; within each by the due soonest (the
    first-response due when it is sooner), then by receipt, then by id. The database sorts, so the
    most urgent orders are known before a single row is made in Python."""
    flagged = or_(Order.priority.in_((Priority.EMERGENCY, Priority.MAJOR_COMPLAINT, Priority.IMPORTANT)),
                  and_(Order.priority == Priority.NORMAL, Customer.is_major.is_(True)))
    reply_sooner = and_(Order.response_due_at.is_not(None),
                        or_(Order.due_at.is_(None), Order.response_due_at < Order.due_at))
    group = case((Order.status == OrderStatus.WAITING_MATERIALS, 2), (Order.sla_state == "paused", 1),
                 (and_(Order.due_at.is_(None), Order.response_due_at.is_(None)), 3), else_=0)
    due = case((reply_sooner, Order.response_due_at), else_=func.coalesce(Order.due_at, Order.received_at))
    return case((flagged, 0), else_=1), group, due, Order.received_at, Order.id


def most_urgent(store, branch_id: int, limit: int) -> tuple[OpenRead, int]:
    """The `limit` most urgent open orders of the branch (R-TIME-9, see _urgency_order), most
    urgent first — the queue's first screenful, read before the whole queue — and how many open
    orders the branch has."""
    q = _query(branch_id).where(Order.status != OrderStatus.COMPLETED).order_by(*_urgency_order()).limit(limit)
    with store.read() as s:
        conn = s.connection()
        sqlite = conn.dialect.name == "sqlite"
        values = _parsed(plain_rows(conn, q) if sqlite else conn.execute(q), sqlite=sqlite)
        flags = _flags(s, Order.id.in_([v[0] for v in values])) if values else {}
        total = s.scalar(select(func.count()).select_from(Order).where(
            Order.branch_id == branch_id, Order.status != OrderStatus.COMPLETED))
        return OpenRead(values, flags), total or 0


def read_open(store, branch_id: int) -> OpenRead:
    """Every order of the branch that is not completed, oldest first, as read (see OpenRead)."""
    scope = (Order.branch_id == branch_id) & (Order.status != OrderStatus.COMPLETED)
    q = _query(branch_id).where(Order.status != OrderStatus.COMPLETED).order_by(Order.received_at, Order.id)
    with store.read() as s:
        conn = s.connection()
        flags = _flags(s, scope)
        if conn.dialect.name == "sqlite":  # 100,000 rows: the driver's tuples, their instants parsed here
            return OpenRead(_parsed(plain_rows(conn, q), sqlite=True), flags)
        return OpenRead(_parsed(conn.execute(q), sqlite=False), flags)


_WHEN = (14, 15, 18, 21, 22, 23)  # received, due, response due, visit window, arrival: in _columns' order


def order_row(store, order_id: int) -> OrderRow | None:
    """One order as the queue shows it (after a change), or None when it is gone."""
    with store.read() as s:
        branch_id = s.scalar(select(Order.branch_id).where(Order.id == order_id))
        if branch_id is None:
            return None
        r = s.execute(_query(branch_id).where(Order.id == order_id)).first()
        return _row(r, _flags(s, Order.id == order_id)) if r else None


def assign(
    store,
    order_id: int,
    *,
    expected_version: int,
    assignee_id: int,
    actor_id: int,
    reason: str = "",
    now: dt.datetime | None = None,
) -> int:
    """Assign (or reassign) an order; returns the new version.

    R-FIRST-1: the first-contact owner is never touched. A reassignment (the order
    already had another assignee) needs a reason.
    """
    reason = free_text(reason, T("the reason for the reassignment"))

    def work(w: Change) -> None:
        o = w.order
        if w.session.get(Staff, assignee_id) is None:
            raise StoreError(T("staff {id} does not exist", id=assignee_id))
        if o.assignee_id is not None and o.assignee_id != assignee_id and not reason:
            raise StoreError(T("a reassignment needs a reason"))
        w.add(EventType.ASSIGNED, {"assignee_id": assignee_id, "previous_id": o.assignee_id, "reason": reason})

    return log.change(store, order_id, expected_version=expected_version, actor_id=actor_id, work=work,
                      action="order.assign", now=now, needs=EventType.ASSIGNED)
