"""Everything the detail pane shows about one order, as plain data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from console.i18n import T
from console.models import Customer, District, Order, Staff
from console.rules.clock import Clock
from console.rules.order_facts import first_response, pending_extension, unacknowledged_escalations
from console.rules.periods import UTC
from console.rules.sla import evaluate
from console.services.orders.actions import next_visit_slot
from console.services.orders.events import load_events
from console.services.sla.policy import rulebook
from console.terms import term


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    work_number: str
    phone: str
    role: str
    photo: bytes | None


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    type: str
    actor: str
    payload: dict


@dataclass(frozen=True)
class OrderDetail:
    id: int
    number: str
    kind: str
    channel: str
    priority: str
    status: str
    description: str
    version: int
    received_at: dt.datetime
    completed_at: dt.datetime | None
    customer_name: str
    customer_account: str
    customer_phone: str
    customer_address: str
    customer_major: str | None
    district: str
    district_households: int
    service_phone: str
    supervision_phone: str
    first_contact: Person  # R-FIRST-1
    assignee: Person | None
    required: list[str]
    missing: list[str]
    clocks: tuple[Clock, ...]
    anomalies: tuple[str, ...]
    timeline: list[TimelineEntry]
    pending_extension: dict | None
    visit_from: dt.datetime | None
    visit_to: dt.datetime | None
    arrived_at: dt.datetime | None
    # R-TIME-7 / R-PROM-2: when and by whom the first response was recorded (None: not yet)
    first_response_at: dt.datetime | None = None
    first_response_by: str = ""
    open_escalations: int = 0  # R-FIRST-4: escalations nobody acknowledged yet
    visit_slot: tuple[dt.datetime, dt.datetime] | None = None  # R-PROM-7: the window to offer first
    completed_by: str = ""
    resolution: str = ""  # the last completion's, as typed


def completion_warnings(d: OrderDetail) -> list[str]:
    """What completing the order would leave undecided (T() texts): a pending extension request
    (R-TIME-10: it lapses with the completion) and escalations nobody acknowledged (R-FIRST-4)."""
    out = []
    if d.pending_extension is not None:
        out.append(T("an extension request is waiting for a manager's decision (R-TIME-10); completing the order "
                      "withdraws it"))
    if d.open_escalations:
        out.append(T("{count} escalation(s) not acknowledged yet (R-FIRST-4)", count=d.open_escalations))
    return out


def _person(p: Staff | None) -> Person | None:
    if p is None:
        return None
    return Person(p.id, p.name, p.work_number, p.phone, p.role.value, p.photo)


def order_detail(store, order_id: int, now: dt.datetime | None = None) -> OrderDetail | None:
    now = now or dt.datetime.now(UTC)
    with store.read() as s:
        o = s.get(Order, order_id)
        if o is None:
            return None
        c = s.get(Customer, o.customer_id) if o.customer_id else None
        d = s.get(District, o.district_id)
        events = load_events(s, o.id)
        ids = {e.actor_id for e in events if e.actor_id} | {
            e.payload.get("assignee_id") for e in events if e.payload and e.payload.get("assignee_id")}
        names = dict(s.execute(select(Staff.id, Staff.name).where(Staff.id.in_(ids))).all())
        book = rulebook(s)
        state = evaluate(events, book.policy(o.policy_version), book.calendar, now)
        req = pending_extension(events)
        pending = dict(req.payload or {}, requested_by=names.get(req.actor_id, "")) if req is not None else None
        fr = first_response(events)
        done = next((e for e in reversed(events) if e.type == "completed"), None) if o.completed_at else None
        return OrderDetail(
            id=o.id, number=o.number, kind=o.kind.value, channel=o.channel.value, priority=o.priority.value,
            status=o.status.value, description=o.description, version=o.version, received_at=o.received_at,
            completed_at=o.completed_at,
            customer_name=c.name if c else "", customer_account=c.account_no if c else "",
            customer_phone=c.phone if c else "", customer_address=c.address if c else "",
            customer_major=(term(c.major_category, of="client category") if c.major_category
                            else T("major", _context="client category")) if c and c.is_major else None,
            district=d.name, district_households=d.households, service_phone=d.service_phone,
            supervision_phone=d.supervision_phone,
            first_contact=_person(s.get(Staff, o.first_contact_id)),
            assignee=_person(s.get(Staff, o.assignee_id)) if o.assignee_id else None,
            required=list(o.required_materials or []), missing=list(o.missing_materials or []),
            clocks=state.clocks, anomalies=state.anomalies,
            timeline=[TimelineEntry(e.at, e.type.value, names.get(e.actor_id, ""), _readable(e.payload or {}, names))
                      for e in events],
            pending_extension=pending, visit_from=o.visit_from, visit_to=o.visit_to, arrived_at=o.arrived_at,
            first_response_at=fr.at if fr is not None else None,
            first_response_by=names.get(fr.actor_id, "") if fr is not None else "",
            open_escalations=len(unacknowledged_escalations(events)),
            visit_slot=next_visit_slot(now, book.calendar),
            completed_by=names.get(done.actor_id, "") if done is not None else "",
            resolution=str((done.payload or {}).get("resolution") or "") if done is not None else "",
        )


def _readable(payload: dict, names: dict[int, str]) -> dict:
    """The payload with staff ids as names and instants as aware datetimes."""
    out = {}
    for key, value in payload.items():
        if key in ("assignee_id", "previous_id", "head_id"):
            out[key.removesuffix("_id")] = names.get(value, "") if value else ""
        elif key in ("new_due", "window_start", "window_end", "at", "claimed_at") and isinstance(value, str):
            try:
                out[key] = dt.datetime.fromisoformat(value)
            except ValueError:
                out[key] = value
        else:
            out[key] = value
    return out
