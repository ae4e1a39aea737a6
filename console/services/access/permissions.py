"""Who may do what: one table, checked by the services at their entry points.

`ALLOWED` is the table (role -> actions). `require(session, actor_id, action, branch_id=…)` is the
check a service makes inside its write transaction; it raises `PermissionDenied` (a StoreError:
nothing is written) with the reason in words. `allowed(role, action)` is the same table for the
views, which hide or disable what the signed-in role may not do.

A maintainer acts only on the orders assigned to them (`require_event`).

Branches: dispatchers, maintainers, managers and admins act on their own branch only; staff
without a branch (provincial) may act on every branch with the rights of their role. Inspectors
read and inspect every branch but change no order.

`actor_id` None is the system (the escalation pass, the demo generator): allowed only for the
system's own events (`SYSTEM_EVENTS`).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from console.errors import PermissionDenied
from console.i18n import T, Text
from console.models import Branch, Staff
from console.rules.rights import (  # noqa: F401  (the table, re-exported for the services)
    ALLOWED,
    EVENT_ACTION,
    EVERY_BRANCH,
    SYSTEM_EVENTS,
    Action,
    event_types,
)
from console.rules.text import listing
from console.terms import term
from console.vocabulary import EventType, Role


A = Action
# what the action is, for messages: "<who> may not <doing>: <why>"
DOING = {
    A.INTAKE: T("take requests"), A.ASSIGN: T("assign orders"), A.FIRST_RESPONSE: T("record a first response"),
    A.PAUSE: T("pause or resume an order"), A.BOOK_VISIT: T("book a visit"), A.ARRIVAL: T("record an arrival"),
    A.UNREACHABLE: T("record an unreachable customer"), A.COMPLETE: T("complete an order"),
    A.REOPEN: T("reopen an order"), A.RECLASSIFY: T("reclassify an order"),
    A.REQUEST_EXTENSION: T("request an extension"), A.DECIDE_EXTENSION: T("decide an extension"),
    A.ESCALATE: T("escalate an order"), A.ACKNOWLEDGE: T("acknowledge an escalation"), A.NOTE: T("add a note"),
    A.CALLBACK: T("record a callback"), A.REVISIT_PLAN: T("plan revisits of major clients"),
    A.REVISIT_VISIT: T("record a revisit"), A.NOTICE_DRAFT: T("draft a notice"),
    A.NOTICE_PUBLISH: T("publish a notice"),
    A.FEE_REMIND: T("send fee-expiry reminders"), A.AUDIT: T("verify the audit chain"),
    A.INSPECT: T("record inspections and findings"), A.RECTIFY: T("report the rectification of a finding"),
    A.ACCOUNTABILITY: T("decide accountability"), A.ACCOUNTABILITY_READ: T("read accountability cases"),
    A.TRAINING: T("record training"),
    A.EXPORT: T("export workbooks"), A.IMPORT: T("import data"), A.STAFF: T("manage staff"),
    A.DISTRICTS: T("manage districts"), A.CALENDAR: T("edit the working-day calendar"),
    A.POLICY: T("edit the time-limit policy"),
}
# who does it instead, and the rule behind it
WHY = {
    A.DECIDE_EXTENSION: T("managers and admins decide extensions (R-TIME-10)"),
    A.INSPECT: T("inspectors record inspections and findings (R-INSP)"),
    A.ACCOUNTABILITY: T("managers and admins decide accountability (R-ACC)"),
    A.ACCOUNTABILITY_READ: T("managers, admins and inspectors read accountability cases (R-ACC)"),
    A.NOTICE_PUBLISH: T("managers and admins publish notices (R-PROM-5)"),
    A.EXPORT: T("managers, admins and inspectors export workbooks"),
    A.CALENDAR: T("admins edit the working-day calendar"),
    A.POLICY: T("admins edit the time-limit policy"),
    A.STAFF: T("admins manage staff"),
    A.DISTRICTS: T("admins manage districts"),
    A.IMPORT: T("admins import data"),
    A.FEE_REMIND: T("dispatchers, managers and admins send fee-expiry reminders (R-PROM-5)"),
    A.AUDIT: T("managers, admins and inspectors verify the audit chain (R-ACC, R-INSP)"),
}

EVENT_DOING = {EventType.EXTENSION_APPROVED: T("approve an extension"),
               EventType.EXTENSION_REJECTED: T("reject an extension")}
# the roles as the messages name them: "周正 (inspector)", "dispatchers, managers and admins …"
_ROLE = {Role.ADMIN: T("admin", _context="role")}
_PLURAL = {Role.DISPATCHER: T("dispatchers"), Role.MAINTAINER: T("maintainers"), Role.INSPECTOR: T("inspectors"),
           Role.MANAGER: T("managers"), Role.ADMIN: T("admins")}


def role_word(role: Role | str) -> Text | str:
    """A role as the messages name it (a translatable word: "dispatcher", "admin")."""
    role = Role(role)
    return _ROLE.get(role) or term(role.value, of="role")


def allowed(role: Role | str, action: Action | str) -> bool:
    """The table, for the views: may `role` do `action` at all (branch aside)?"""
    try:
        return Action(action) in ALLOWED.get(Role(role), frozenset())
    except ValueError:
        return False


def plural_word(role: Role | str) -> Text:
    """A role's plural as the messages name it ("dispatchers", "admins")."""
    return _PLURAL[Role(role)]


def _and(words: list) -> Text:
    """"a, b and c" (zh: "a、b和c") as one translatable text."""
    if len(words) == 1:
        return words[0]
    return T("{first} and {last}", first=listing(words[:-1], ", "), last=words[-1])


def _why(action: Action) -> Text:
    if action in WHY:
        return WHY[action]
    roles = [plural_word(r) for r in Role if action in ALLOWED[r]]
    if not roles:
        return T("no role may")
    return T("{who} {doing}", who=_and(roles), doing=DOING[action])


def require(session: Session, actor_id: int | None, action: Action | str, *, branch_id: int | None = None,
            doing: Text | None = None, system_ok: bool = False) -> Staff | None:
    """The acting staff member when they may do `action` (on `branch_id`, when given), else
    PermissionDenied. `actor_id` None passes only with `system_ok` (the system's own events).
    `doing` (a T() text) names the act in the message instead of the action's own words."""
    action = Action(action)
    doing = doing or DOING[action]
    if actor_id is None:
        if system_ok:
            return None
        raise PermissionDenied(T("nobody is signed in: sign in to {doing}", doing=doing))
    staff = session.get(Staff, actor_id)
    if staff is None:
        raise PermissionDenied(T("staff {staff_id} does not exist: who wants to {doing}?", staff_id=actor_id,
                                 doing=doing))
    who = T("{name} ({role})", name=staff.name, role=role_word(staff.role))
    if not staff.active:
        raise PermissionDenied(T("{name} ({work_number}) is no longer active and may not {doing}", name=staff.name,
                                 work_number=staff.work_number, doing=doing))
    if action not in ALLOWED[staff.role]:
        raise PermissionDenied(T("{who} may not {doing}: {why}", who=who, doing=doing, why=_why(action)))
    if (branch_id is not None and staff.branch_id is not None and staff.branch_id != branch_id
            and staff.role not in EVERY_BRANCH):
        theirs, other = session.get(Branch, staff.branch_id), session.get(Branch, branch_id)
        raise PermissionDenied(T(
            "{who} of {branch} may not {doing} for {other}: {roles} work on their own branch only", who=who,
            branch=theirs.name if theirs else staff.branch_id, doing=doing,
            other=other.name if other else T("branch {branch_id}", branch_id=branch_id),
            roles=plural_word(staff.role)))
    return staff


def require_event(session: Session, actor_id: int | None, event: EventType, *, branch_id: int,
                  assignee_id: int | None = None, order_number: str = "") -> Staff | None:
    """`require` for an order event written through `orders.log.change`. A maintainer acts only on
    an order assigned to them: not on one assigned to nobody, nor to someone else (R-ZONE-1: the
    dispatcher assigns the work first; the database's policy is the same: store.pg.security)."""
    staff = require(session, actor_id, EVENT_ACTION[event], branch_id=branch_id, doing=EVENT_DOING.get(event),
                    system_ok=event in SYSTEM_EVENTS)
    if staff is not None and staff.role == Role.MAINTAINER and assignee_id != staff.id:
        doing = EVENT_DOING.get(event) or DOING[EVENT_ACTION[event]]
        who, number = T("{name} ({role})", name=staff.name, role=role_word(staff.role)), order_number or "?"
        if assignee_id is None:
            raise PermissionDenied(T("{who} may not {doing} on order {number}: it is assigned to nobody, and "
                                     "maintainers act only on orders assigned to them", who=who, doing=doing,
                                     number=number))
        other = session.get(Staff, assignee_id)
        raise PermissionDenied(T("{who} may not {doing} on order {number}: it is assigned to {assignee}, and "
                                 "maintainers act only on orders assigned to them", who=who, doing=doing,
                                 number=number, assignee=T("{name} ({work_number})", name=other.name,
                                                           work_number=other.work_number)
                                 if other is not None else str(assignee_id)))
    return staff
