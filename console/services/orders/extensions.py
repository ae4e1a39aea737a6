"""Extension requests waiting for a leader's decision (R-TIME-10), per branch.

A request is waiting when the order's log has an ``extension_requested`` event with no later
``extension_approved`` or ``extension_rejected`` — the same rule the detail pane and
``actions.decide_extension`` apply (``rules.order_facts.pending_extension``): a completion ends a
request, so a reopened order's request from before is not waiting any more. Only open orders are
listed: a completed order's clocks have stopped, so there is nothing left to extend. A request
written by a reclassification to a longer limit names its ``to_kind`` (``PendingExtension.to_kind``).

Plain rows for the manager's dashboard: what the order is, whose it is, the due in force of the
clock the request is about, the new due asked for, why, and who asked when; with the order's
version, so a decision is refused if the order changed meanwhile (ConcurrentEditError).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from console.models import District, Order, OrderEvent, Staff
from console.rules.clock import FIRST_RESPONSE_CLOCK, RESOLVE
from console.rules.order_facts import pending_extension
from console.services.orders.events import load_logs
from console.vocabulary import EventType, OrderStatus

_DECISIONS = (EventType.EXTENSION_REQUESTED.value, EventType.EXTENSION_APPROVED.value,
              EventType.EXTENSION_REJECTED.value, EventType.COMPLETED.value)  # a completion ends a request


@dataclass(frozen=True)
class PendingExtension:
    order_id: int
    number: str
    version: int  # the order's version as read: the decision's expected version
    kind: str
    district: str
    assignee: str  # "name (work number)", "" when nobody is assigned
    clock: str  # rules.clock RESOLVE or FIRST_RESPONSE_CLOCK
    current_due: dt.datetime | None  # the due in force of that clock now
    new_due: dt.datetime | None  # the due asked for
    reason: str
    requested_by: str  # "name (work number)"
    requested_at: dt.datetime
    to_kind: str = ""  # R-TIME-10: the request is a reclassification to this kind's longer limit

    @property
    def id(self) -> int:
        """The order's id (one waiting request per order)."""
        return self.order_id


def _instant(value) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def pending_extensions(store, branch_id: int) -> list[PendingExtension]:
    """The branch's open orders with an extension request still waiting for a decision, the
    longest-waiting first (R-TIME-10)."""
    with store.read() as s:
        asked = (select(OrderEvent.order_id)
                 .where(OrderEvent.branch_id == branch_id, OrderEvent.type == EventType.EXTENSION_REQUESTED)
                 .distinct())
        orders = {o.id: o for o in s.scalars(
            select(Order).where(Order.id.in_(asked), Order.status != OrderStatus.COMPLETED))}
        if not orders:
            return []
        logs = load_logs(s, list(orders), types=_DECISIONS, payload_types=(EventType.EXTENSION_REQUESTED.value,))
        waiting = {oid: req for oid, events in logs.items() if (req := pending_extension(events)) is not None}
        if not waiting:
            return []
        people = {o.assignee_id for oid, o in orders.items() if oid in waiting and o.assignee_id}
        people |= {req.actor_id for req in waiting.values() if req.actor_id}
        staff = {i: f"{n} ({w})" for i, n, w in s.execute(
            select(Staff.id, Staff.name, Staff.work_number).where(Staff.id.in_(people)))} if people else {}
        districts = dict(s.execute(select(District.id, District.name).where(
            District.id.in_({orders[oid].district_id for oid in waiting}))).all())
        out = []
        for oid, req in waiting.items():
            o, p = orders[oid], req.payload
            clock = p.get("clock") or RESOLVE
            current = o.response_due_at if clock == FIRST_RESPONSE_CLOCK else o.due_at
            out.append(PendingExtension(
                order_id=o.id, number=o.number, version=o.version, kind=o.kind.value,
                district=districts.get(o.district_id, ""), assignee=staff.get(o.assignee_id, "") if o.assignee_id else "",
                clock=clock, current_due=current, new_due=_instant(p.get("new_due")), reason=p.get("reason") or "",
                requested_by=staff.get(req.actor_id, "") if req.actor_id else "", requested_at=req.at,
                to_kind=str(p.get("to_kind") or "")))
        return sorted(out, key=lambda r: (r.requested_at, r.number))
