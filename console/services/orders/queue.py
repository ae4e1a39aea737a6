"""Order use cases: list the open queue, assign with optimistic locking.

Every write checks the version the user saw. If someone else changed the order
meanwhile, ConcurrentEditError says who changed what, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import aliased

from console.errors import StoreError
from console.i18n import T
from console.models import Customer, District, Order, OrderEvent, Staff
from console.rules.escalation import MANUAL_RANK, rank_of
from console.services.orders import log
from console.services.orders.inputs import free_text
from console.services.orders.log import Change
from console.store.plain import plain_rows, utc_instant
from console.vocabulary import EventType, OrderStatus


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
    scope = (Order.branch_id == branch_id) & (Order.status != OrderStatus.COMPLETED)
    q = _query(branch_id).where(Order.status != OrderStatus.COMPLETED).order_by(Order.received_at, Order.id)
    with store.read() as s:
        conn = s.connection()
        if conn.dialect.name == "sqlite":  # 100,000 rows: the driver's tuples, their instants parsed here
            rows = [_instants(r) for r in plain_rows(conn, q)]
        else:
            rows = conn.execute(q).all()
        flags = _flags(s, scope)
        return [_row(r, flags) for r in rows]


_WHEN = (14, 15, 18, 21, 22, 23)  # received, due, response due, visit window, arrival: in _columns' order


def _instants(r: tuple) -> list:
    """A raw SQLite row with its instants (naive-UTC text) as aware UTC datetimes, as the ORM gives them."""
    r = list(r)
    for i in _WHEN:
        v = r[i]
        if v is not None:
            r[i] = utc_instant(v)
    return r


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
