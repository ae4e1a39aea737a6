"""Reading an order's event log: the one loader every use case calls."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.models import OrderEvent


def load_events(s: Session, order_id: int) -> list[OrderEvent]:
    return list(s.scalars(select(OrderEvent).where(OrderEvent.order_id == order_id).order_by(OrderEvent.at, OrderEvent.id)))
