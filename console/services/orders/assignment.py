"""Who should take an order: the district's maintainer first, with loads (R-ZONE-1)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from console.models import Branch, District, DistrictAssignment, Order, Staff
from console.vocabulary import BranchKind, OrderStatus, Role

NORM = {BranchKind.CITY: 4500, BranchKind.COUNTY: 2000}  # R-ZONE-1 households per maintainer
OVERLOAD = 1.2  # R-ZONE-1: warn above 120 % of the norm


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    work_number: str
    open_orders: int
    households: int  # households of the districts they currently serve
    norm: int
    is_district_maintainer: bool

    @property
    def load(self) -> float:
        return self.households / self.norm if self.norm else 0.0

    @property
    def overloaded(self) -> bool:
        return self.load > OVERLOAD


@dataclass(frozen=True)
class AssignInfo:
    order_id: int
    number: str
    version: int
    assignee_id: int | None
    district: str
    district_households: int
    norm: int
    candidates: list[Candidate]


def assign_info(store, order_id: int) -> AssignInfo:
    with store.read() as s:
        o = s.get(Order, order_id)
        d = s.get(District, o.district_id)
        kind = s.scalar(select(Branch.kind).where(Branch.id == o.branch_id))
        norm = NORM[kind]
        current = s.execute(
            select(DistrictAssignment.maintainer_id, func.sum(District.households))
            .join(District, District.id == DistrictAssignment.district_id)
            .where(DistrictAssignment.branch_id == o.branch_id, DistrictAssignment.valid_to.is_(None))
            .group_by(DistrictAssignment.maintainer_id)
        ).all()
        households = {m: int(h or 0) for m, h in current}
        district_maint = set(s.scalars(
            select(DistrictAssignment.maintainer_id).where(
                DistrictAssignment.district_id == d.id, DistrictAssignment.valid_to.is_(None))))
        loads = dict(s.execute(
            select(Order.assignee_id, func.count()).where(
                Order.branch_id == o.branch_id, Order.status != OrderStatus.COMPLETED,
                Order.assignee_id.is_not(None)).group_by(Order.assignee_id)).all())
        people = s.scalars(select(Staff).where(
            Staff.branch_id == o.branch_id, Staff.role == Role.MAINTAINER, Staff.active.is_(True))).all()
        cands = [Candidate(p.id, p.name, p.work_number, int(loads.get(p.id, 0)), households.get(p.id, 0), norm,
                           p.id in district_maint) for p in people]
        cands.sort(key=lambda c: (not c.is_district_maintainer, c.open_orders, c.work_number))
        return AssignInfo(o.id, o.number, o.version, o.assignee_id, d.name, d.households, norm, cands)
