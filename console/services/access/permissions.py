"""Who may do what: one table, checked by the services at their entry points.

`ALLOWED` is the table (role -> actions). `require(session, actor_id, action, branch_id=…)` is the
check a service makes inside its write transaction; it raises `PermissionDenied` (a StoreError:
nothing is written) with the reason in words. `allowed(role, action)` is the same table for the
views, which hide or disable what the signed-in role may not do.

Branches: dispatchers, maintainers, managers and admins act on their own branch only; staff
without a branch (provincial) may act on every branch with the rights of their role. Inspectors
read and inspect every branch but change no order.

`actor_id` None is the system (the escalation pass, the demo generator): allowed only for the
system's own events (`SYSTEM_EVENTS`).
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.orm import Session

from console.errors import PermissionDenied
from console.models import Branch, Staff
from console.vocabulary import EventType, Role


class Action(StrEnum):
    INTAKE = "order.intake"  # take a request, record the missing materials (R-FIRST-1/2)
    ASSIGN = "order.assign"
    FIRST_RESPONSE = "order.first_response"
    PAUSE = "order.pause"  # and resume
    BOOK_VISIT = "order.book_visit"
    ARRIVAL = "order.arrival"
    UNREACHABLE = "order.customer_unreachable"
    COMPLETE = "order.complete"
    REOPEN = "order.reopen"
    RECLASSIFY = "order.reclassify"
    REQUEST_EXTENSION = "order.request_extension"
    DECIDE_EXTENSION = "order.decide_extension"
    ESCALATE = "order.escalate"
    ACKNOWLEDGE = "escalation.acknowledge"
    NOTE = "order.note"
    CALLBACK = "callback.record"
    REVISIT_PLAN = "revisit.plan"
    REVISIT_VISIT = "revisit.visit"
    NOTICE_DRAFT = "notice.draft"
    NOTICE_PUBLISH = "notice.publish"
    AUDIT = "audit.verify"  # R-INSP: verify the tamper-evident audit chain, export its head
    FEE_REMIND = "fee.remind"  # R-PROM-5: advance notice that a subscription fee is about to expire
    INSPECT = "inspection.record"
    RECTIFY = "finding.rectify"
    ACCOUNTABILITY = "accountability.decide"
    TRAINING = "training.record"
    EXPORT = "report.export"
    IMPORT = "data.import"
    STAFF = "staff.manage"
    DISTRICTS = "district.manage"
    CALENDAR = "calendar.edit"
    POLICY = "policy.edit"


A = Action
# what the action is, for messages: "<who> may not <doing>: <why>"
DOING = {
    A.INTAKE: "take requests", A.ASSIGN: "assign orders", A.FIRST_RESPONSE: "record a first response",
    A.PAUSE: "pause or resume an order", A.BOOK_VISIT: "book a visit", A.ARRIVAL: "record an arrival",
    A.UNREACHABLE: "record an unreachable customer", A.COMPLETE: "complete an order",
    A.REOPEN: "reopen an order", A.RECLASSIFY: "reclassify an order",
    A.REQUEST_EXTENSION: "request an extension", A.DECIDE_EXTENSION: "decide an extension",
    A.ESCALATE: "escalate an order", A.ACKNOWLEDGE: "acknowledge an escalation", A.NOTE: "add a note",
    A.CALLBACK: "record a callback", A.REVISIT_PLAN: "plan revisits of major clients",
    A.REVISIT_VISIT: "record a revisit", A.NOTICE_DRAFT: "draft a notice", A.NOTICE_PUBLISH: "publish a notice",
    A.FEE_REMIND: "send fee-expiry reminders", A.AUDIT: "verify the audit chain",
    A.INSPECT: "record inspections and findings", A.RECTIFY: "report the rectification of a finding",
    A.ACCOUNTABILITY: "decide accountability", A.TRAINING: "record training",
    A.EXPORT: "export workbooks", A.IMPORT: "import data", A.STAFF: "manage staff",
    A.DISTRICTS: "manage districts", A.CALENDAR: "edit the working-day calendar",
    A.POLICY: "edit the time-limit policy",
}
# who does it instead, and the rule behind it
WHY = {
    A.DECIDE_EXTENSION: "managers and admins decide extensions (R-TIME-10)",
    A.INSPECT: "inspectors record inspections and findings (R-INSP)",
    A.ACCOUNTABILITY: "managers and admins decide accountability (R-ACC)",
    A.NOTICE_PUBLISH: "managers and admins publish notices (R-PROM-5)",
    A.EXPORT: "managers, admins and inspectors export workbooks",
    A.CALENDAR: "admins edit the working-day calendar",
    A.POLICY: "admins edit the time-limit policy",
    A.STAFF: "admins manage staff",
    A.DISTRICTS: "admins manage districts",
    A.IMPORT: "admins import data",
    A.FEE_REMIND: "dispatchers, managers and admins send fee-expiry reminders (R-PROM-5)",
    A.AUDIT: "managers, admins and inspectors verify the audit chain (R-ACC, R-INSP)",
}

MAINTAINER = frozenset({
    A.FIRST_RESPONSE, A.PAUSE, A.ARRIVAL, A.UNREACHABLE, A.COMPLETE, A.REQUEST_EXTENSION, A.CALLBACK,
    A.ESCALATE,  # R-FIRST-4: whoever meets an urgent matter reports it to a leader at once
    A.ACKNOWLEDGE, A.NOTE, A.REVISIT_VISIT,
})
DISPATCHER = MAINTAINER | {
    A.INTAKE, A.ASSIGN, A.BOOK_VISIT, A.REOPEN, A.RECLASSIFY, A.REVISIT_PLAN, A.NOTICE_DRAFT,
    A.FEE_REMIND,  # R-PROM-5: the counter tells customers their fee is about to expire
}
MANAGER = DISPATCHER | {A.DECIDE_EXTENSION, A.ACCOUNTABILITY, A.EXPORT, A.NOTICE_PUBLISH, A.RECTIFY, A.TRAINING,
                        A.AUDIT}  # R-ACC: the manager keeps the audit head outside the database
ALLOWED: dict[Role, frozenset[Action]] = {
    Role.MAINTAINER: MAINTAINER,
    Role.DISPATCHER: DISPATCHER,
    Role.INSPECTOR: frozenset({A.INSPECT, A.EXPORT, A.AUDIT}),  # R-INSP
    Role.MANAGER: MANAGER,
    Role.ADMIN: MANAGER | {A.STAFF, A.DISTRICTS, A.CALENDAR, A.POLICY, A.IMPORT},
}
# roles whose rights reach every branch even with a branch of their own (R-INSP: every level)
EVERY_BRANCH = frozenset({Role.INSPECTOR})

EVENT_ACTION: dict[EventType, Action] = {
    EventType.RECEIVED: A.INTAKE, EventType.MATERIALS_MISSING: A.INTAKE, EventType.MATERIALS_COMPLETE: A.INTAKE,
    EventType.ASSIGNED: A.ASSIGN, EventType.VISIT_BOOKED: A.BOOK_VISIT, EventType.ARRIVED: A.ARRIVAL,
    EventType.FIRST_RESPONSE: A.FIRST_RESPONSE, EventType.PAUSED: A.PAUSE, EventType.RESUMED: A.PAUSE,
    EventType.CUSTOMER_UNREACHABLE: A.UNREACHABLE, EventType.HEAD_NOTIFIED: A.UNREACHABLE,
    EventType.EXTENSION_REQUESTED: A.REQUEST_EXTENSION, EventType.EXTENSION_APPROVED: A.DECIDE_EXTENSION,
    EventType.EXTENSION_REJECTED: A.DECIDE_EXTENSION, EventType.RECLASSIFIED: A.RECLASSIFY,
    EventType.ESCALATED: A.ESCALATE, EventType.ESCALATION_ACKNOWLEDGED: A.ACKNOWLEDGE,
    EventType.COMPLETED: A.COMPLETE, EventType.REOPENED: A.REOPEN, EventType.CALLBACK_ATTEMPT: A.CALLBACK,
    EventType.CALLBACK_DONE: A.CALLBACK, EventType.NOTE: A.NOTE,
}
EVENT_DOING = {EventType.EXTENSION_APPROVED: "approve an extension",
               EventType.EXTENSION_REJECTED: "reject an extension"}
# what the system (actor None) writes on its own: the escalation pass (R-FIRST-4 ladder)
SYSTEM_EVENTS = frozenset({EventType.ESCALATED, EventType.HEAD_NOTIFIED})


def allowed(role: Role | str, action: Action | str) -> bool:
    """The table, for the views: may `role` do `action` at all (branch aside)?"""
    try:
        return Action(action) in ALLOWED.get(Role(role), frozenset())
    except ValueError:
        return False


def _plural(role: Role) -> str:
    return f"{role.value}s"


def _why(action: Action) -> str:
    if action in WHY:
        return WHY[action]
    roles = [_plural(r) for r in Role if action in ALLOWED[r]]
    if not roles:
        return "no role may"
    who = roles[0] if len(roles) == 1 else ", ".join(roles[:-1]) + " and " + roles[-1]
    return f"{who} {DOING[action]}"


def require(session: Session, actor_id: int | None, action: Action | str, *, branch_id: int | None = None,
            doing: str | None = None, system_ok: bool = False) -> Staff | None:
    """The acting staff member when they may do `action` (on `branch_id`, when given), else
    PermissionDenied. `actor_id` None passes only with `system_ok` (the system's own events)."""
    action = Action(action)
    doing = doing or DOING[action]
    if actor_id is None:
        if system_ok:
            return None
        raise PermissionDenied(f"nobody is signed in: sign in to {doing}")
    staff = session.get(Staff, actor_id)
    if staff is None:
        raise PermissionDenied(f"staff {actor_id} does not exist: who wants to {doing}?")
    who = f"{staff.name} ({staff.role.value})"
    if not staff.active:
        raise PermissionDenied(f"{staff.name} ({staff.work_number}) is no longer active and may not {doing}")
    if action not in ALLOWED[staff.role]:
        raise PermissionDenied(f"{who} may not {doing}: {_why(action)}")
    if (branch_id is not None and staff.branch_id is not None and staff.branch_id != branch_id
            and staff.role not in EVERY_BRANCH):
        theirs, other = session.get(Branch, staff.branch_id), session.get(Branch, branch_id)
        raise PermissionDenied(
            f"{who} of {theirs.name if theirs else staff.branch_id} may not {doing} for "
            f"{other.name if other else f'branch {branch_id}'}: {_plural(staff.role)} work on their own branch only")
    return staff


def require_event(session: Session, actor_id: int | None, event: EventType, *, branch_id: int) -> Staff | None:
    """`require` for an order event written through `order_events.apply`."""
    return require(session, actor_id, EVENT_ACTION[event], branch_id=branch_id, doing=EVENT_DOING.get(event),
                   system_ok=event in SYSTEM_EVENTS)
