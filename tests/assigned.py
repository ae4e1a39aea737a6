"""A maintainer acts only on the orders assigned to them (console.services.access.permissions,
`require_event`): `assign_to` gives a test's order to its maintainer first, as the dispatcher's
assignment leaves it (an `assigned` event, the columns projected from the events), without
changing the order's version, so the test's `expected_version`s stay as they were."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from console.models import Order, OrderEvent, Staff
from console.vocabulary import EventType, Role


def assign_to(store, order_id: int, maintainer_id: int, *, minutes: int = 1) -> None:
    """`order_id` assigned to `maintainer_id` by a dispatcher of its branch, `minutes` after receipt."""
    from console.services.orders.caches import refresh_caches

    with store.write() as s:
        order = s.get(Order, order_id)
        dispatcher = s.scalar(select(Staff.id).where(Staff.branch_id == order.branch_id,
                                                     Staff.role == Role.DISPATCHER).order_by(Staff.id))
        s.add(OrderEvent(branch_id=order.branch_id, order_id=order.id, type=EventType.ASSIGNED,
                         at=order.received_at + dt.timedelta(minutes=minutes), actor_id=dispatcher,
                         payload={"assignee_id": maintainer_id, "previous_id": order.assignee_id,
                                  "reason": "R-ZONE-1"}))
        s.flush()
        refresh_caches(s, order)
