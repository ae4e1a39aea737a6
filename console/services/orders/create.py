"""Creating an order: the one place a ``work_order`` row is made (intake, a callback's follow-up).

:func:`new_order` runs inside the caller's write transaction: the row with its identity (number,
customer, district, description, first-contact owner R-FIRST-1), its ``received`` event carrying
the facts the clocks need (kind, channel, priority, rural, the R-FIRST-2 checklist and what is
missing, and the policy version the order runs under), any further events of the same moment, the
projected columns (services.orders.caches) and the audit row. The caller's transaction makes it all
or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.models import Branch, District, Order
from console.rules.periods import CST
from console.services.audit import chain as audit
from console.services.orders import log
from console.services.orders.caches import refresh_caches
from console.services.sla.policy import current_policy_version
from console.vocabulary import (
    AreaType,
    Channel,
    EventType,
    OrderKind,
    OrderStatus,
    Priority,
)


def next_number(s: Session, branch: Branch, now: dt.datetime) -> str:
    """The next order number of the branch for the month of `now` (China time), e.g.
    NC-2611-000123. Portable SQL: the branch row is locked (SELECT … FOR UPDATE on PostgreSQL;
    SQLite writers are already serialised by BEGIN IMMEDIATE), then max + 1 of the month."""
    s.execute(select(Branch.id).where(Branch.id == branch.id).with_for_update())
    prefix = f"{branch.code}-{now.astimezone(CST):%y%m}-"
    last = s.scalar(
        select(func.max(Order.number)).where(
            Order.branch_id == branch.id, Order.number.startswith(prefix, autoescape=True)
        )
    )
    seq = 1
    if last:
        tail = last[len(prefix):]
        seq = int(tail) + 1 if tail.isdigit() else 1
    return f"{prefix}{seq:06d}"


@dataclass
class NewOrder:
    """What a new order is: its identity and the facts of its ``received`` event."""

    branch: Branch
    district: District
    kind: OrderKind
    channel: Channel
    priority: Priority
    description: str
    first_contact_id: int  # R-FIRST-1: set here, never changed later
    customer_id: int | None = None
    required: Sequence[str] = ()
    missing: Sequence[str] = ()  # R-FIRST-2: every missing item at once
    parent_order_id: int | None = None  # R-VISIT-3: the order whose callback found the problem
    received_extra: Mapping[str, Any] = field(default_factory=dict)  # more facts of the receipt
    then: Sequence[tuple[EventType, Mapping[str, Any]]] = ()  # events of the same moment, in order


def new_order(s: Session, new: NewOrder, *, actor_id: int, now: dt.datetime, action: str,
              audit_extra: Mapping[str, Any] | None = None) -> Order:
    """Create the order (see the module doc) and return it, projected and audited. A person's
    login on PostgreSQL receives it at the server's time (orders.log.server_clock)."""
    now = log.server_clock(s) or now
    version = current_policy_version(s, now)
    order = Order(
        branch_id=new.branch.id, number=next_number(s, new.branch, now), kind=new.kind, channel=new.channel,
        priority=new.priority, customer_id=new.customer_id, district_id=new.district.id,
        description=new.description, first_contact_id=new.first_contact_id, assignee_id=None,
        required_materials=list(new.required), missing_materials=list(new.missing), received_at=now,
        completed_at=None, parent_order_id=new.parent_order_id, policy_version=version,
        status=OrderStatus.WAITING_MATERIALS if new.missing else OrderStatus.OPEN,
        updated_at=now, updated_by_id=actor_id, version=1,
    )
    s.add(order)
    s.flush()
    received = {
        "kind": new.kind.value, "channel": new.channel.value, "priority": new.priority.value,
        "rural": new.district.area_type == AreaType.RURAL, "required": list(new.required),
        "missing": list(new.missing), "policy_version": version, **new.received_extra,
    }
    events = [(EventType.RECEIVED, received), *new.then]
    for event, payload in events:
        log.append(s, order_id=order.id, branch_id=order.branch_id, event=event, payload=payload, at=now,
                   actor_id=actor_id)
    s.flush()
    refresh_caches(s, order)
    s.flush()
    audit.record(s, actor_id=actor_id, action=action, entity="work_order", entity_id=order.id,
                 branch_id=order.branch_id, before=None,
                 after={**log.snapshot(order), "number": order.number, "first_contact_id": order.first_contact_id,
                        "customer_id": order.customer_id, "district_id": order.district_id,
                        "parent_order_id": order.parent_order_id, "events": [e.value for e, _ in events],
                        "required": list(new.required), **(audit_extra or {})},
                 at=now)
    return order
