"""Entities: what is stored. No behaviour, no Qt, no sessions."""

from console.models.base import Base
from console.models.customer import Customer
from console.models.inspection import (
    AccountabilityCase,
    Finding,
    Inspection,
    TrainingRecord,
    TrainingSession,
)
from console.models.order import Order, OrderEvent, OrderVerdict
from console.models.org import Branch, District, DistrictAssignment, Staff
from console.models.records import AuditLog, CalendarDay, SlaPolicy
from console.models.service import (
    Callback,
    FeeReminder,
    Notice,
    NoticeDistrict,
    RevisitPlan,
    RevisitVisit,
)

__all__ = [
    "AccountabilityCase",
    "AuditLog",
    "Base",
    "Branch",
    "CalendarDay",
    "Callback",
    "Customer",
    "District",
    "DistrictAssignment",
    "FeeReminder",
    "Finding",
    "Inspection",
    "Notice",
    "NoticeDistrict",
    "Order",
    "OrderEvent",
    "OrderVerdict",
    "RevisitPlan",
    "RevisitVisit",
    "SlaPolicy",
    "Staff",
    "TrainingRecord",
    "TrainingSession",
]
