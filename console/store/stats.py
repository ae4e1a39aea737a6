"""Row counts of a console database, for `branch-console stats` and the demo tests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from console.models import (
    AccountabilityCase,
    Branch,
    Callback,
    Customer,
    District,
    DistrictAssignment,
    FeeReminder,
    Finding,
    Inspection,
    Notice,
    Order,
    OrderEvent,
    RevisitPlan,
    RevisitVisit,
    Staff,
    TrainingRecord,
    TrainingSession,
)
from console.rules.periods import UTC
from console.vocabulary import (
    AreaType,
    CallbackStatus,
    FindingStatus,
    NoticeStatus,
    OrderStatus,
)


def _count(s, model, *where) -> int:
    return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


def stats(store, *, now: dt.datetime | None = None) -> dict[str, int]:
    """Counts of what the database holds; `now` (default: the clock) decides "overdue"."""
    now = now or dt.datetime.now(UTC)
    open_ = Order.status != OrderStatus.COMPLETED
    with store.read() as s:
        return {
            "branches": _count(s, Branch),
            "districts": _count(s, District),
            "urban_districts": _count(s, District, District.area_type == AreaType.URBAN),
            "rural_districts": _count(s, District, District.area_type == AreaType.RURAL),
            "households": s.scalar(select(func.coalesce(func.sum(District.households), 0))),
            "district_assignments": _count(s, DistrictAssignment),
            "staff": _count(s, Staff),
            "active_staff": _count(s, Staff, Staff.active.is_(True)),
            "customers": _count(s, Customer),
            "active_customers": _count(s, Customer, Customer.active.is_(True)),
            "major_clients": _count(s, Customer, Customer.is_major.is_(True)),
            "orders": _count(s, Order),
            "open_orders": _count(s, Order, open_),
            "waiting_materials": _count(s, Order, Order.status == OrderStatus.WAITING_MATERIALS),  # R-TIME-0
            "overdue_open_orders": _count(s, Order, open_, Order.due_at < now),
            "late_completed_orders": _count(s, Order, Order.completed_at > Order.due_at),
            "order_events": _count(s, OrderEvent),
            "callbacks": _count(s, Callback),
            "callbacks_done": _count(s, Callback, Callback.status == CallbackStatus.DONE),
            "callbacks_overdue": _count(s, Callback, Callback.status == CallbackStatus.OPEN, Callback.due_at < now),
            "revisit_plans": _count(s, RevisitPlan),
            "revisit_visits": _count(s, RevisitVisit),
            "inspections": _count(s, Inspection),
            "findings": _count(s, Finding),
            "open_findings": _count(s, Finding, Finding.status != FindingStatus.CLOSED),
            "accountability_cases": _count(s, AccountabilityCase),
            "training_sessions": _count(s, TrainingSession),
            "training_records": _count(s, TrainingRecord),
            "notices": _count(s, Notice),
            "published_notices": _count(s, Notice, Notice.status == NoticeStatus.PUBLISHED),
            "fee_reminders": _count(s, FeeReminder),
        }
