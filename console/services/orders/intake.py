"""First-contact intake (R-FIRST-1..3): take a request, and later record that the customer
brought the missing materials (R-TIME-0).

`take_request` is one write transaction (orders.create.new_order): the Order with its number, the
`received` event, the `materials_missing` event (R-FIRST-2: every missing item at once), an
on-the-spot `completed` event (R-FIRST-3), the columns projected from those events, and the audit
row. Any validation error raises StoreError before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError

from console.errors import StoreError
from console.i18n import T
from console.models import Branch, Customer, District, Order, Staff
from console.rules.materials import material, required_materials
from console.rules.periods import UTC
from console.rules.text import listing
from console.rules.urgency import at_least
from console.services.access import permissions
from console.services.orders import log
from console.services.orders.create import NewOrder, new_order
from console.services.orders.inputs import free_text
from console.services.orders.log import Change
from console.services.sla.policy import current_policy_version, rulebook
from console.terms import term
from console.vocabulary import (  # fmt: skip
    AreaType,
    Channel,
    EventType,
    OrderKind,
    OrderStatus,
    Priority,
)

NUMBER_ATTEMPTS = 3  # a number taken by a concurrent writer that did not lock: try again


@dataclass(frozen=True)
class IntakeResult:
    order_id: int
    number: str
    status: str  # an OrderStatus value
    missing: tuple[str, ...]  # R-FIRST-2: what the customer still has to bring


def _enum(cls, value, what: str):
    try:
        return cls(value)
    except ValueError:
        choices = ", ".join(m.value for m in cls)  # the codes to type (the command line's)
        raise StoreError(T("unknown {what} {value!r} (one of: {choices})", what=what, value=value,
                           choices=choices)) from None


def _utc_now(now: dt.datetime | None) -> dt.datetime:
    if now is None:
        return dt.datetime.now(UTC)
    if now.tzinfo is None:
        raise StoreError(T("the intake time must carry a time zone"))
    return now


def checked_missing(kind: str, missing: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(required, missing) for a kind; missing in checklist order, each item on the checklist
    (R-FIRST-2), else StoreError naming the item."""
    required = required_materials(kind)
    for item in missing:
        if item not in required:
            listed = listing(material(m) for m in required) if required else T("none", _context="checklist")
            raise StoreError(T("“{item}” is not on the checklist of materials for a {kind} request (checklist: {listed})",
                               item=item, kind=term(kind), listed=listed))
    wanted = set(missing)
    return required, tuple(m for m in required if m in wanted)


def _resolve_parties(s, branch_id, customer_id, district_id, actor_id):
    branch = s.get(Branch, branch_id)
    if branch is None:
        raise StoreError(T("branch {id} does not exist", id=branch_id))
    actor = s.get(Staff, actor_id)
    if actor is None:
        raise StoreError(T("staff {id} does not exist: who is taking the request?", id=actor_id))
    if not actor.active:
        raise StoreError(T("{name} ({work_number}) is no longer active and cannot take requests", name=actor.name,
                           work_number=actor.work_number))
    if actor.branch_id not in (None, branch_id):
        raise StoreError(T("{name} ({work_number}) works for another branch than {branch}", name=actor.name,
                           work_number=actor.work_number, branch=branch.name))
    permissions.require(s, actor.id, permissions.Action.INTAKE, branch_id=branch_id)
    customer = None
    if customer_id is not None:
        customer = s.get(Customer, customer_id)
        if customer is None:
            raise StoreError(T("customer {id} does not exist", id=customer_id))
        if customer.branch_id != branch_id:
            raise StoreError(T("customer {account_no} ({name}) belongs to another branch, not {branch}",
                               account_no=customer.account_no, name=customer.name, branch=branch.name))
    elif district_id is None:
        raise StoreError(T("a request without a customer account (walk-in) needs a district"))
    district = s.get(District, district_id if district_id is not None else customer.district_id)
    if district is None:
        raise StoreError(T("district {id} does not exist", id=district_id))
    if district.branch_id != branch_id:
        raise StoreError(T("district {district} belongs to another branch, not {branch}", district=district.name,
                           branch=branch.name))
    return branch, actor, customer, district


def take_request(
    store,
    *,
    branch_id: int,
    customer_id: int | None,
    district_id: int | None,
    kind: str,
    channel: str,
    description: str,
    priority: str = "normal",
    missing: Sequence[str] = (),
    actor_id: int,
    close_on_the_spot: str | None = None,
    now: dt.datetime | None = None,
) -> IntakeResult:
    """Create an order as its first contact (R-FIRST-1..3); see the module doc."""
    now = _utc_now(now)
    kind_ = _enum(OrderKind, kind, T("request kind"))
    channel_ = _enum(Channel, channel, T("channel", _context="intake field"))
    priority_ = _enum(Priority, priority, T("priority", _context="intake field"))
    text = free_text(description, T("the description"))
    if not text:
        raise StoreError(T("the description is empty: write down what the customer asks for"))
    required, missing_ = checked_missing(kind_.value, list(missing or ()))
    resolution = None
    if close_on_the_spot is not None:
        resolution = free_text(close_on_the_spot, T("the resolution"))
        if not resolution:
            raise StoreError(T("closing on the spot needs the resolution: write down what was done (R-FIRST-3)"))
        if missing_:
            raise StoreError(T("materials are missing, so the request cannot be closed on the spot (R-FIRST-2, "
                               "R-FIRST-3): {missing}", missing=listing(material(m) for m in missing_)))
    for attempt in range(NUMBER_ATTEMPTS):
        try:
            return _write(store, now, branch_id, customer_id, district_id, kind_, channel_, priority_, text,
                          required, missing_, actor_id, resolution)
        except IntegrityError as exc:
            if "number" not in str(exc.orig).lower() or attempt == NUMBER_ATTEMPTS - 1:
                raise StoreError(T("the order could not be saved: {error}", error=str(exc.orig))) from exc
    raise AssertionError("unreachable")


def _write(store, now, branch_id, customer_id, district_id, kind, channel, priority, text, required, missing,
           actor_id, resolution) -> IntakeResult:
    with store.write() as s:
        branch, actor, customer, district = _resolve_parties(s, branch_id, customer_id, district_id, actor_id)
        if customer is not None and customer.is_major:
            priority = Priority(at_least(priority.value))  # R-TIME-9: important customers, "call and we come"
        then: list = []
        if missing:  # R-FIRST-2: every missing item in one event; R-TIME-0: the clock waits
            then.append((EventType.MATERIALS_MISSING, {"missing": list(missing)}))
        if resolution is not None:  # R-FIRST-3: closed on the spot
            then.append((EventType.COMPLETED, {"resolution": resolution, "on_the_spot": True}))
        order = new_order(s, NewOrder(
            branch=branch, district=district, kind=kind, channel=channel, priority=priority, description=text,
            first_contact_id=actor.id, customer_id=customer.id if customer else None, required=required,
            missing=missing, then=then), actor_id=actor.id, now=now, action="order.take_request")
        return IntakeResult(order.id, order.number, order.status.value, tuple(missing))


def record_materials_complete(
    store, order_id: int, *, expected_version: int, actor_id: int, now: dt.datetime | None = None
) -> int:
    """The customer brought everything that was missing: R-TIME-0, the clock starts now, under the
    policy in force now. Returns the order's new version (ConcurrentEditError when someone changed
    it meanwhile)."""
    now = _utc_now(now)

    def work(w: Change) -> None:
        if w.order.status == OrderStatus.COMPLETED:
            raise StoreError(T("order {number} is already completed", number=w.order.number))
        if not w.order.missing_materials:
            raise StoreError(T("order {number} is not waiting for materials", number=w.order.number))
        w.add(EventType.MATERIALS_COMPLETE, {"received": list(w.order.missing_materials),
                                              "policy_version": current_policy_version(w.session, now)})

    return log.change(store, order_id, expected_version=expected_version, actor_id=actor_id, work=work,
                      action="order.materials_complete", now=now,
                      needs=EventType.MATERIALS_COMPLETE)


@dataclass(frozen=True)
class NoticeFacts:
    """What the materials notice (console.reports.materials_notice) prints, as plain values."""

    branch: dict[str, str]  # name, hotline, supervision_phone, address
    order: dict[str, Any]  # number, kind, received_at, limit, unit, rule_id, version
    customer: dict[str, str] | None  # name, account_no, phone, address
    taken_by: dict[str, str]  # name, work_number (R-FIRST-1)
    required: tuple[str, ...]
    missing: tuple[str, ...]


def notice_facts(store, order_id: int) -> NoticeFacts:
    """The facts of one order for its materials notice (R-FIRST-2, R-DISC-2, R-TIME-0)."""
    with store.read() as s:
        order = s.get(Order, order_id)
        if order is None:
            raise StoreError(T("order {id} does not exist", id=order_id))
        branch = s.get(Branch, order.branch_id)
        owner = s.get(Staff, order.first_contact_id)
        district = s.get(District, order.district_id)
        customer = s.get(Customer, order.customer_id) if order.customer_id else None
        policy = rulebook(s).policy(order.policy_version)
        limit = policy.limit(order.kind.value, rural=district.area_type == AreaType.RURAL)
        return NoticeFacts(
            branch={"name": branch.name, "hotline": branch.hotline, "supervision_phone": branch.supervision_phone,
                    "address": branch.address},
            order={"number": order.number, "kind": order.kind.value, "received_at": order.received_at,
                   "limit": limit.limit if limit else None, "unit": limit.unit if limit else None,
                   "rule_id": limit.rule_id if limit else None, "version": order.version,
                   "district": district.name},
            customer=None if customer is None else {
                "name": customer.name, "account_no": customer.account_no, "phone": customer.phone,
                "address": customer.address},
            taken_by={"name": owner.name, "work_number": owner.work_number},
            required=tuple(order.required_materials or ()),
            missing=tuple(order.missing_materials or ()),
        )
