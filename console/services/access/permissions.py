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

from sqlalchemy.orm import Session

from console.errors import PermissionDenied
from console.models import Branch, Staff
from console.rules.rights import (  # noqa: F401  (the table, re-exported for the services)
    ALLOWED,
    EVENT_ACTION,
    EVERY_BRANCH,
    SYSTEM_EVENTS,
    Action,
    event_types,
)
from console.vocabulary import EventType, Role


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

EVENT_DOING = {EventType.EXTENSION_APPROVED: "approve an extension",
               EventType.EXTENSION_REJECTED: "reject an extension"}
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


def require_event(session: Session, actor_id: int | None, event: EventType, *, branch_id: int,
                  assignee_id: int | None = None, order_number: str = "") -> Staff | None:
    """`require` for an order event written through `orders.log.change`. A maintainer does not act
    on an order assigned to another maintainer (the database's policy is the same: store.pg.security)."""
    staff = require(session, actor_id, EVENT_ACTION[event], branch_id=branch_id, doing=EVENT_DOING.get(event),
                    system_ok=event in SYSTEM_EVENTS)
    if staff is not None and staff.role == Role.MAINTAINER and assignee_id not in (None, staff.id):
        doing = EVENT_DOING.get(event) or DOING[EVENT_ACTION[event]]
        raise PermissionDenied(f"{staff.name} ({staff.role.value}) may not {doing} on order {order_number or '?'}: "
                               "it is assigned to another maintainer")
    return staff
