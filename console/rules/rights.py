"""Who may do what (R-ACC): the rights table as data, shared by the services' checks
(`services.access.permissions`, which explains refusals in words) and the database's
(`store.pg.security` generates the PostgreSQL policies from the same table)."""

from __future__ import annotations

from enum import StrEnum

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
    ACCOUNTABILITY_READ = "accountability.read"  # R-ACC: see the cases (a person's statement and penalties)
    TRAINING = "training.record"
    EXPORT = "report.export"
    IMPORT = "data.import"
    STAFF = "staff.manage"
    DISTRICTS = "district.manage"
    CALENDAR = "calendar.edit"
    POLICY = "policy.edit"


A = Action
MAINTAINER = frozenset({
    A.FIRST_RESPONSE, A.PAUSE, A.ARRIVAL, A.UNREACHABLE, A.COMPLETE, A.REQUEST_EXTENSION, A.CALLBACK,
    A.ESCALATE,  # R-FIRST-4: whoever meets an urgent matter reports it to a leader at once
    A.ACKNOWLEDGE, A.NOTE, A.REVISIT_VISIT,
})
DISPATCHER = MAINTAINER | {
    A.INTAKE, A.ASSIGN, A.BOOK_VISIT, A.REOPEN, A.RECLASSIFY, A.REVISIT_PLAN, A.NOTICE_DRAFT,
    A.FEE_REMIND,  # R-PROM-5: the counter tells customers their fee is about to expire
}
MANAGER = DISPATCHER | {A.DECIDE_EXTENSION, A.ACCOUNTABILITY, A.ACCOUNTABILITY_READ, A.EXPORT, A.NOTICE_PUBLISH,
                        A.RECTIFY, A.TRAINING,
                        A.AUDIT}  # R-ACC: the manager keeps the audit head outside the database
ALLOWED: dict[Role, frozenset[Action]] = {
    Role.MAINTAINER: MAINTAINER,
    Role.DISPATCHER: DISPATCHER,
    # R-INSP: inspectors read the accountability cases their findings feed (R-ACC), decide none
    Role.INSPECTOR: frozenset({A.INSPECT, A.EXPORT, A.AUDIT, A.ACCOUNTABILITY_READ}),
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
# what the system (actor None) writes on its own: the escalation pass (R-FIRST-4 ladder)
SYSTEM_EVENTS = frozenset({EventType.ESCALATED, EventType.HEAD_NOTIFIED})


def event_types(role: Role) -> frozenset[EventType]:
    """The order events `role` may write (its actions' events)."""
    return frozenset(e for e, action in EVENT_ACTION.items() if action in ALLOWED[role])
