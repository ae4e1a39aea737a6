"""Order use cases: list the open queue, assign with optimistic locking.

Every write checks the version the user saw. If someone else changed the order
meanwhile, ConcurrentEditError says who changed what, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.exc import StaleDataError

from console.models import Customer, District, Order, OrderEvent, Staff
from console.models.enums import EventType, OrderStatus
from console.services import audit
from console.store.engine import ConcurrentEditError, StoreError


@dataclass(frozen=True)
class OrderRow:
    """One open order as the queue shows it (plain data)."""

    id: int
    number: str
    kind: str
    channel: str
    priority: str
    status: str
    customer: str
    customer_phone: str
    district_id: int
    district: str
    assignee_id: int | None
    assignee: str
    first_contact: str
    received_at: dt.datetime
    due_at: dt.datetime | None
    version: int


def open_orders(store, branch_id: int) -> list[OrderRow]:
    """Every order of the branch that is not completed, oldest first."""
    assignee = aliased(Staff)
    owner = aliased(Staff)
    q = (
        select(
            Order.id,
            Order.number,
            Order.kind,
            Order.channel,
            Order.priority,
            Order.status,
            Customer.name,
            Customer.phone,
            Order.district_id,
            District.name,
            Order.assignee_id,
            assignee.name,
            owner.name,
            Order.received_at,
            Order.due_at,
            Order.version,
        )
        .join(District, District.id == Order.district_id)
        .outerjoin(Customer, Customer.id == Order.customer_id)
        .outerjoin(assignee, assignee.id == Order.assignee_id)
        .join(owner, owner.id == Order.first_contact_id)
        .where(Order.branch_id == branch_id, Order.status != OrderStatus.COMPLETED)
        .order_by(Order.received_at, Order.id)
    )
    with store.read() as s:
        return [
            OrderRow(
                id=r[0],
                number=r[1],
                kind=r[2].value,
                channel=r[3].value,
                priority=r[4].value,
                status=r[5].value,
                customer=r[6] or "",
                customer_phone=r[7] or "",
                district_id=r[8],
                district=r[9],
                assignee_id=r[10],
                assignee=r[11] or "",
                first_contact=r[12],
                received_at=r[13],
                due_at=r[14],
                version=r[15],
            )
            for r in s.execute(q)
        ]


def _describe_change(s: Session, order: Order, since_version: int) -> tuple[str, list[str]]:
    """Who changed the order after the version the user saw, and what they did."""
    last = s.execute(
        select(OrderEvent, Staff.name)
        .outerjoin(Staff, Staff.id == OrderEvent.actor_id)
        .where(OrderEvent.order_id == order.id)
        .order_by(OrderEvent.at.desc(), OrderEvent.id.desc())
        .limit(max(1, order.version - since_version))
    ).all()
    who = last[0][1] if last and last[0][1] else "another user"
    what = [f"{ev.type.value} at {ev.at:%Y-%m-%d %H:%M} UTC" for ev, _ in last]
    return who, what


def _conflict(s: Session, order: Order, since_version: int) -> ConcurrentEditError:
    who, what = _describe_change(s, order, since_version)
    return ConcurrentEditError(
        f"order {order.number} was changed by {who} since you opened it "
        f"({'; '.join(what)}); nothing was saved — reload and try again",
        changed_by=who,
        changes=what,
    )


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
    already had an assignee) needs a reason.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    try:
        with store.write() as s:
            order = s.get(Order, order_id)
            if order is None:
                raise StoreError(f"order {order_id} does not exist")
            if order.version != expected_version:
                raise _conflict(s, order, expected_version)
            if s.get(Staff, assignee_id) is None:
                raise StoreError(f"staff {assignee_id} does not exist")
            previous = order.assignee_id
            if previous is not None and previous != assignee_id and not reason.strip():
                raise StoreError("a reassignment needs a reason")
            before = {"assignee_id": previous, "status": order.status.value, "version": order.version}
            order.assignee_id = assignee_id
            if order.status == OrderStatus.OPEN:
                order.status = OrderStatus.ASSIGNED
            order.updated_at = now
            order.updated_by_id = actor_id
            s.add(
                OrderEvent(
                    branch_id=order.branch_id,
                    order_id=order.id,
                    type=EventType.ASSIGNED,
                    at=now,
                    actor_id=actor_id,
                    payload={"assignee_id": assignee_id, "previous_id": previous, "reason": reason},
                )
            )
            s.flush()  # the versioned UPDATE runs here: StaleDataError if someone got in first
            audit.record(
                s,
                actor_id=actor_id,
                action="order.assign",
                entity="work_order",
                entity_id=order.id,
                branch_id=order.branch_id,
                before=before,
                after={"assignee_id": assignee_id, "status": order.status.value, "version": order.version},
                at=now,
            )
            return order.version
    except StaleDataError:
        with store.read() as s:
            order = s.get(Order, order_id)
            raise _conflict(s, order, expected_version) from None
