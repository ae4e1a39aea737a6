"""The closed vocabularies of the domain: order kinds, states, events, roles … (StrEnum).

Stored as short strings (models.base.column_enum: VARCHAR + CHECK on every backend). Outside the
layers: models, rules, services and views all speak it, and it imports nothing of the console.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum


class BranchKind(StrEnum):
    CITY = "city"
    COUNTY = "county"


class AreaType(StrEnum):
    URBAN = "urban"
    RURAL = "rural"


class Role(StrEnum):
    DISPATCHER = "dispatcher"
    MAINTAINER = "maintainer"
    INSPECTOR = "inspector"
    MANAGER = "manager"
    ADMIN = "admin"


class OrderKind(StrEnum):
    GENERAL_FAULT = "general_fault"  # R-TIME-1
    MAJOR_FAULT = "major_fault"  # R-TIME-2
    INSTALLATION = "installation"  # R-TIME-3 / R-TIME-4
    RESTORATION = "restoration"  # R-TIME-5
    COMPLAINT = "complaint"  # R-TIME-6 / R-TIME-7
    INQUIRY = "inquiry"
    BUSINESS = "business"


class Channel(StrEnum):
    HOTLINE = "hotline"
    COUNTER = "counter"
    VISIT = "visit"
    ONLINE = "online"


class Priority(StrEnum):
    NORMAL = "normal"
    IMPORTANT = "important"  # important customer, R-TIME-9
    MAJOR_COMPLAINT = "major_complaint"  # R-TIME-9
    EMERGENCY = "emergency"  # R-TIME-9 "call and we come"


class OrderStatus(StrEnum):
    """Cached summary of the event log, for queries only; events are the truth."""

    WAITING_MATERIALS = "waiting_materials"  # R-TIME-0
    OPEN = "open"
    ASSIGNED = "assigned"
    PAUSED = "paused"
    COMPLETED = "completed"


class EventType(StrEnum):
    """Everything that can happen to an order. OrderEvent rows are append-only."""

    RECEIVED = "received"  # payload: kind, channel, priority, required, missing
    MATERIALS_MISSING = "materials_missing"  # payload: missing (list) — R-FIRST-2, all at once
    MATERIALS_COMPLETE = "materials_complete"  # R-TIME-0: the clock starts here
    ASSIGNED = "assigned"  # payload: assignee_id, previous_id, reason
    VISIT_BOOKED = "visit_booked"  # payload: window_start, window_end (R-PROM-7)
    ARRIVED = "arrived"  # R-PROM-7
    FIRST_RESPONSE = "first_response"  # R-TIME-7 / R-PROM-2
    PAUSED = "paused"  # payload: reason
    RESUMED = "resumed"
    CUSTOMER_UNREACHABLE = "customer_unreachable"  # payload: reason (required) — R-TIME-8
    HEAD_NOTIFIED = "head_notified"  # payload: head_id, reason — R-TIME-8
    EXTENSION_REQUESTED = "extension_requested"  # payload: clock, new_due, reason — R-TIME-10
    EXTENSION_APPROVED = "extension_approved"  # payload: clock, new_due — R-TIME-10
    EXTENSION_REJECTED = "extension_rejected"  # payload: clock, reason — R-TIME-10
    RECLASSIFIED = "reclassified"  # payload: from_kind, to_kind, reason
    ESCALATED = "escalated"  # payload: clock, level, target, manual, reason — R-FIRST-4
    ESCALATION_ACKNOWLEDGED = "escalation_acknowledged"  # payload: clock, level
    COMPLETED = "completed"  # payload: resolution, on_the_spot (R-FIRST-3)
    REOPENED = "reopened"  # payload: reason
    CALLBACK_ATTEMPT = "callback_attempt"  # payload: outcome — R-VISIT-1/2
    CALLBACK_DONE = "callback_done"  # payload: satisfaction, solved, comment — R-VISIT-4
    NOTE = "note"


class CallbackStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    UNREACHABLE = "unreachable"


class PlanStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"


class Recurrence(StrEnum):
    WEEKS = "weeks"  # every N weeks
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    CUSTOM = "custom"


class Severity(StrEnum):
    MINOR = "minor"
    SERIOUS = "serious"
    CRITICAL = "critical"


class FindingStatus(StrEnum):
    OPEN = "open"
    RECTIFYING = "rectifying"
    CLOSED = "closed"  # verified closed


class NoticeStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


def work_number_key(work_number: str | None) -> str:
    """The one comparison key of a work number (R-DISC-6: a work number names one person).

    NFKC folds full-width and other compatibility forms (``ＮＣ０００１`` is ``NC0001``), format
    characters (Unicode category Cf: zero-width spaces and joiners, direction marks, the BOM)
    are removed, surrounding whitespace is dropped and the rest is upper-cased, so ``nc0001``,
    `` NC0001 `` and ``NC\u200b0001`` are all ``NC0001``. Stored in ``staff.work_number_key``
    (unique) and used by every look-up of a typed work number. An empty result means "no work
    number": callers refuse it."""
    text = unicodedata.normalize("NFKC", work_number or "")
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip().upper()
