"""Exemptions of the time limit (R-TIME-8): who the branch head is, who stands in, and the month's list.

R-TIME-8: when the customer cannot be reached or is not on site for a reason of their own, the
order counts as completed within the limit and the service employee files a written reason to the
business head. The head is never nobody:

* :func:`branch_head` — the branch's active manager (the lowest id), else the person an
  administrator named to stand in (``branch.stand_in_id``: active staff of that branch, or
  provincial staff), else a StoreError telling that an administrator must name who stands in;
* :func:`set_stand_in` — an administrator names (or clears) who stands in, audited;
* :func:`month_exemptions` — the branch's exemptions of one month (the manager's dashboard).

The head sees each exemption as an alert on their console (services.orders.escalation,
``open_alerts(viewer_id=…)``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.errors import StoreError
from console.i18n import T
from console.models import Branch, Customer, Order, OrderEvent, Staff
from console.rules.periods import CST, UTC
from console.services.access import permissions
from console.services.audit import chain as audit
from console.vocabulary import EventType, Role, work_number_key

STAND_IN_DOING = T("name who stands in for the branch head (R-TIME-8)")


@dataclass(frozen=True, slots=True)
class HeadInfo:
    """Who the branch head is, as the stand-in dialog and the CLI show it."""

    branch_id: int
    branch_name: str
    manager: str  # the active manager's name ("" when the branch has none)
    stand_in_id: int | None
    stand_in: str  # the stand-in's name ("" when none is named)
    stand_in_valid: bool  # the named stand-in may stand in (active, of the branch or provincial)

    @property
    def nobody(self) -> bool:
        """R-TIME-8: neither a manager nor a valid stand-in: exemptions cannot be recorded."""
        return not self.manager and not (self.stand_in_id and self.stand_in_valid)


@dataclass(frozen=True, slots=True)
class Exemption:
    """One R-TIME-8 exemption of the month (the dashboard's row)."""

    id: int  # the head_notified event (the alert's identity)
    order_id: int
    number: str
    customer: str
    kind: str
    at: dt.datetime  # when it was recorded
    recorded_by: str
    reason: str
    head: str  # who was notified ("" when nobody was named: an exemption recorded before R-TIME-8's stand-in)
    acknowledged: bool


def _fits(staff: Staff | None, branch_id: int) -> bool:
    return staff is not None and staff.active and staff.branch_id in (None, branch_id)


def _manager(session: Session, branch_id: int) -> Staff | None:
    return session.scalar(select(Staff).where(Staff.branch_id == branch_id, Staff.role == Role.MANAGER,
                                              Staff.active.is_(True)).order_by(Staff.id).limit(1))


def branch_head(session: Session, branch_id: int) -> int:
    """R-TIME-8: the staff id the exemptions of ``branch_id`` are reported to — its active
    manager (lowest id), else its stand-in (active staff of the branch or provincial). Never
    nobody: StoreError naming the branch when neither exists (nothing is written by the caller)."""
    manager = _manager(session, branch_id)
    if manager is not None:
        return manager.id
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise StoreError(T("branch {branch_id} does not exist", branch_id=branch_id))
    stand_in = session.get(Staff, branch.stand_in_id) if branch.stand_in_id is not None else None
    if _fits(stand_in, branch_id):
        return stand_in.id
    raise StoreError(T("{branch} has no active manager and nobody named to stand in for the branch head: an "
                       "administrator must name who stands in (Admin ▸ Who stands in for the head) before a "
                       "customer's unreachability can be reported (R-TIME-8)", branch=branch.name))


def head_info(store, branch_id: int) -> HeadInfo:
    """The branch's manager and stand-in, for the dialog and the CLI."""
    with store.read() as s:
        branch = s.get(Branch, branch_id)
        if branch is None:
            raise StoreError(T("branch {branch_id} does not exist", branch_id=branch_id))
        manager = _manager(s, branch_id)
        stand_in = s.get(Staff, branch.stand_in_id) if branch.stand_in_id is not None else None
        return HeadInfo(branch.id, branch.name, manager.name if manager else "", branch.stand_in_id,
                        stand_in.name if stand_in else "", _fits(stand_in, branch_id))


def candidates(store, branch_id: int) -> list[tuple[int, str]]:
    """(id, "name (work number)") of everyone who may stand in for the head of ``branch_id``:
    active staff of the branch and provincial staff, by work number."""
    with store.read() as s:
        rows = s.execute(select(Staff.id, Staff.name, Staff.work_number)
                         .where(Staff.active.is_(True), (Staff.branch_id == branch_id) | Staff.branch_id.is_(None))
                         .order_by(Staff.work_number)).all()
    return [(i, f"{name} ({wn})") for i, name, wn in rows]


def set_stand_in(store, branch_id: int, staff_id: int | None, *, actor_id: int | None,
                 now: dt.datetime | None = None, operator: bool = False) -> bool:
    """R-TIME-8: name ``staff_id`` (None: nobody) to stand in for the head of ``branch_id``.
    Administrators only (the staff right: naming people to roles is managing staff); ``actor_id``
    None only with ``operator`` (the operator at the database: ``admin stand-in``). The person must
    be active staff of the branch or provincial. One transaction with its audit row; False and
    nothing written when it already reads so."""
    now = now or dt.datetime.now(UTC)
    with store.write() as s:
        permissions.require(s, actor_id, permissions.Action.STAFF, branch_id=branch_id, doing=STAND_IN_DOING,
                            system_ok=operator)
        branch = s.get(Branch, branch_id)
        if branch is None:
            raise StoreError(T("branch {branch_id} does not exist", branch_id=branch_id))
        if staff_id is not None:
            staff = s.get(Staff, staff_id)
            if staff is None:
                raise StoreError(T("staff {staff_id} does not exist: choose who stands in for the head of {branch}",
                                   staff_id=staff_id, branch=branch.name))
            if not staff.active:
                raise StoreError(T("{name} ({work_number}) is no longer active and cannot stand in for the head of "
                                   "{branch}", name=staff.name, work_number=staff.work_number, branch=branch.name))
            if staff.branch_id not in (None, branch_id):
                other = s.get(Branch, staff.branch_id)
                raise StoreError(T("{name} ({work_number}) works at {other}: who stands in for the head of {branch} "
                                   "is staff of that branch or provincial staff", name=staff.name,
                                   work_number=staff.work_number, other=other.name if other else staff.branch_id,
                                   branch=branch.name))
        if branch.stand_in_id == staff_id:
            return False
        before = {"stand_in_id": branch.stand_in_id}
        branch.stand_in_id = staff_id
        audit.record(s, actor_id=actor_id, action="branch.stand_in", entity="branch", entity_id=branch_id,
                     branch_id=branch_id, before=before, after={"stand_in_id": staff_id}, at=now)
    return True


def staff_by_work_number(store, work_number: str) -> int:
    """The staff id of a work number as typed (any case or width), else StoreError."""
    key = (work_number or "").strip()
    with store.read() as s:
        staff = s.scalar(select(Staff).where(Staff.work_number_key == work_number_key(key))) if key else None
        if staff is None:
            raise StoreError(T("no staff member has the work number {key!r}", key=key))
        return staff.id


def _month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month of ``month`` in China time, as UTC instants [start, end)."""
    first = month.replace(day=1)
    after = (first + dt.timedelta(days=32)).replace(day=1)
    return (dt.datetime.combine(first, dt.time(), CST).astimezone(UTC),
            dt.datetime.combine(after, dt.time(), CST).astimezone(UTC))


def month_exemptions(store, branch_id: int, month: dt.date) -> list[Exemption]:
    """R-TIME-8: the exemptions recorded at ``branch_id`` in ``month`` (China time), newest first:
    order, customer, kind, when, who recorded it, the reason and who was notified."""
    start, end = _month_bounds(month)
    with store.read() as s:
        rows = s.execute(
            select(OrderEvent.id, OrderEvent.order_id, OrderEvent.at, OrderEvent.actor_id, OrderEvent.payload,
                   Order.number, Order.kind, Customer.name.label("customer"))
            .join(Order, Order.id == OrderEvent.order_id)
            .outerjoin(Customer, Customer.id == Order.customer_id)
            .where(OrderEvent.branch_id == branch_id, OrderEvent.type == EventType.HEAD_NOTIFIED,
                   OrderEvent.at >= start, OrderEvent.at < end)
            .order_by(OrderEvent.at.desc(), OrderEvent.id.desc())
        ).all()
        acked = set()
        if rows:
            for (payload,) in s.execute(select(OrderEvent.payload).where(
                    OrderEvent.order_id.in_({r.order_id for r in rows}),
                    OrderEvent.type == EventType.ESCALATION_ACKNOWLEDGED)):
                acked.add((payload or {}).get("escalation_event_id"))
        people = {r.actor_id for r in rows} | {(r.payload or {}).get("head_id") for r in rows}
        people = {p for p in people if isinstance(p, int)}
        names = dict(s.execute(select(Staff.id, Staff.name).where(Staff.id.in_(people))).all()) if people else {}
    out = []
    for r in rows:
        p = r.payload or {}
        head = p.get("head_id")
        out.append(Exemption(r.id, r.order_id, r.number, r.customer or "", r.kind.value, _aware(r.at),
                             names.get(r.actor_id, "") if r.actor_id else "", str(p.get("reason") or ""),
                             names.get(head, "") if isinstance(head, int) else "", r.id in acked))
    return out


def _aware(at: dt.datetime) -> dt.datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at
