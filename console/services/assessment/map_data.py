"""What the district map needs from the database, as plain data (R-ZONE-1..3, R-VISIT-1, R-VISIT-5). No Qt.

One read per branch: the districts with their current maintainer (R-ZONE-2), the maintainer's
load against the norm (R-ZONE-1), this month's complaints (R-ZONE-3) and callbacks
(R-VISIT-1/2), the major clients (R-VISIT-5) and where each open order is.
Open-order counts are not here: they come from the queue's rows (console.maps.metrics), so the
map and the queue always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select

from console.i18n import T
from console.models import (
    Branch,
    Callback,
    Customer,
    District,
    DistrictAssignment,
    Order,
    Staff,
)
from console.rules.periods import CST, UTC
from console.services.orders.assignment import NORM
from console.vocabulary import CallbackStatus, OrderKind, OrderStatus


@dataclass(frozen=True, slots=True)
class DistrictMapInfo:
    """One contract district as the map shows it."""

    id: int
    code: str
    name: str
    households: int
    service_phone: str  # R-ZONE-2
    supervision_phone: str  # R-ZONE-2
    geojson: str  # a GeoJSON Polygon geometry
    latitude: float  # label point
    longitude: float
    maintainer_id: int | None
    maintainer: str
    work_number: str
    maintainer_households: int  # all districts the maintainer currently serves (R-ZONE-1)
    complaints_month: int  # complaint orders received this month (R-ZONE-3)
    callbacks_done: int  # callbacks owed this month and done (R-VISIT-1/2)
    callbacks_owed: int
    serving_since: dt.date | None = None  # R-ZONE-5: the current servant's first day
    # R-ZONE-5: the published changes, newest first (at most CHANGES_SHOWN): (from day, before, after, reason)
    changes: tuple[tuple[dt.date, str, str, str], ...] = ()


CHANGES_SHOWN = 5  # on the district's popup; the console's "changes" list has them all


@dataclass(frozen=True, slots=True)
class MajorClient:
    """A major client (R-VISIT-5) for the map's own layer."""

    id: int
    name: str
    category: str
    district_id: int
    latitude: float
    longitude: float


@dataclass
class BranchMapData:
    """Everything the map draws for one branch, except the open orders themselves."""

    branch_id: int
    branch_name: str
    branch_kind: str  # city | county
    norm: int  # R-ZONE-1 households per maintainer
    month_start: dt.datetime
    districts: list[DistrictMapInfo]
    photos: dict[int, bytes] = field(default_factory=dict)  # maintainer id -> PNG
    major_clients: list[MajorClient] = field(default_factory=list)
    order_points: dict[int, tuple[float, float]] = field(default_factory=dict)  # open order -> (lat, lon)

    def districts_signature(self) -> tuple:
        """Changes exactly when the page must be rebuilt: the set of districts, their shapes, names."""
        return tuple((d.id, d.name, d.geojson) for d in self.districts)


def month_start(now: dt.datetime) -> dt.datetime:
    """The first instant of `now`'s month in China time (R-ZONE-3 assesses districts monthly)."""
    local = now.astimezone(CST)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def load_branch_map(store, branch_id: int, *, now: dt.datetime | None = None) -> BranchMapData:
    """Read one branch's map data in one read session."""
    now = now or dt.datetime.now(UTC)
    with store.read() as s:
        branch = s.get(Branch, branch_id)
        if branch is None:
            raise LookupError(T("no branch {branch_id}", branch_id=branch_id))
        return _read_branches(s, [branch], now, month_start(now), detail=True)[0]


@dataclass
class ProvinceMapData:
    """Every branch's map data for the province map (no photos, major clients or order locations:
    at province scope the page shows districts and counts, not single orders)."""

    month_start: dt.datetime
    branches: list[BranchMapData]

    def districts_signature(self) -> tuple:
        return tuple((b.branch_id, b.branch_name, b.districts_signature()) for b in self.branches)


def load_province_map(store, *, now: dt.datetime | None = None) -> ProvinceMapData:
    """Read every branch's districts and their metrics in one read session (the province map)."""
    now = now or dt.datetime.now(UTC)
    start = month_start(now)
    with store.read() as s:
        branches = s.scalars(select(Branch).order_by(Branch.id)).all()
        return ProvinceMapData(start, _read_branches(s, branches, now, start, detail=False) if branches else [])


def _read_branches(s, branches: list, now: dt.datetime, start: dt.datetime, *, detail: bool) -> list[BranchMapData]:
    """The map data of `branches` in the read session `s`, one BranchMapData each. detail: the
    maintainers' photos, the major clients and where each open order is (one branch's page)."""
    ids = [b.id for b in branches]
    one = len(ids) == 1

    def of(column):
        return column == ids[0] if one else column.in_(ids)

    districts = s.scalars(select(District).where(of(District.branch_id)).order_by(District.id)).all()
    history = s.execute(
        select(DistrictAssignment.district_id, DistrictAssignment.maintainer_id, DistrictAssignment.valid_from,
               DistrictAssignment.valid_to, DistrictAssignment.reason, DistrictAssignment.changed_at)
        .where(of(DistrictAssignment.branch_id))
        .order_by(DistrictAssignment.valid_from, DistrictAssignment.id)
    ).all()
    current = [(d, m, a) for d, m, a, b, _r, _c in history if b is None]
    maintainer_of = {d: m for d, m, _a in current}  # the latest current assignment wins
    since = {d: a for d, _m, a in current}
    names = dict(s.execute(select(Staff.id, Staff.name + " (" + Staff.work_number + ")")
                           .where(Staff.id.in_({m for _d, m, *_ in history}))).all()) if history else {}
    published: dict[int, list] = {}
    last_of: dict[int, int] = {}
    for d_id, m_id, first_day, _end, reason, changed_at in history:  # R-ZONE-5: each change after the first
        before = last_of.get(d_id)
        last_of[d_id] = m_id
        if before is None and changed_at is None:
            continue
        published.setdefault(d_id, []).append(
            (first_day, names.get(before, "") if before else "", names.get(m_id, ""), reason or ""))
    people = {
        p.id: p for p in s.scalars(select(Staff).where(Staff.id.in_(set(maintainer_of.values()))))
    } if maintainer_of else {}
    branch_of = {d.id: d.branch_id for d in districts}
    households = {d.id: d.households for d in districts}
    # R-ZONE-1: a maintainer's load is the households of the districts they serve in the branch
    served: dict[tuple[int, int], int] = {}
    for d_id, m_id in maintainer_of.items():
        key = (branch_of.get(d_id), m_id)
        served[key] = served.get(key, 0) + households.get(d_id, 0)
    complaints = dict(s.execute(
        select(Order.district_id, func.count())
        .where(of(Order.branch_id), Order.kind == OrderKind.COMPLAINT, Order.received_at >= start)
        .group_by(Order.district_id)
    ).all())
    callbacks: dict[int, list[int]] = {}
    owed = (Callback.due_at >= start) & ((Callback.due_at <= now) | (Callback.status == CallbackStatus.DONE))
    for d_id, status, n in s.execute(
        select(Order.district_id, Callback.status, func.count())
        .join(Order, Order.id == Callback.order_id)
        .where(of(Callback.branch_id), owed)
        .group_by(Order.district_id, Callback.status)
    ):
        pair = callbacks.setdefault(d_id, [0, 0])
        pair[1] += n
        if status == CallbackStatus.DONE:
            pair[0] += n
    majors, points = [], {}
    if detail:
        majors = s.execute(
            select(Customer.id, Customer.name, Customer.major_category, Customer.district_id,
                   Customer.latitude, Customer.longitude)
            .where(of(Customer.branch_id), Customer.is_major.is_(True), Customer.active.is_(True))
            .order_by(Customer.id)
        ).all()
        points = {
            o_id: (lat, lon) for o_id, lat, lon in s.execute(
                select(Order.id, Customer.latitude, Customer.longitude)
                .join(Customer, Customer.id == Order.customer_id)
                .where(of(Order.branch_id), Order.status != OrderStatus.COMPLETED)
            )
        }
    infos: dict[int, list[DistrictMapInfo]] = {b: [] for b in ids}
    for d in districts:
        m_id = maintainer_of.get(d.id)
        p = people.get(m_id)
        done, total = callbacks.get(d.id, (0, 0))
        infos[d.branch_id].append(DistrictMapInfo(
            d.id, d.code, d.name, d.households, d.service_phone, d.supervision_phone, d.geojson,
            d.latitude, d.longitude, m_id, p.name if p else "", p.work_number if p else "",
            served.get((d.branch_id, m_id), 0) if m_id else 0, int(complaints.get(d.id, 0)), done, total,
            since.get(d.id), tuple(reversed(published.get(d.id, [])))[:CHANGES_SHOWN],
        ))
    return [BranchMapData(
        branch_id=b.id, branch_name=b.name, branch_kind=b.kind.value,
        norm=NORM[b.kind], month_start=start, districts=infos[b.id],  # R-ZONE-1: the norm of the branch's kind
        photos={p.id: p.photo for p in people.values() if p.photo} if detail else {},
        major_clients=[MajorClient(i, n, c or "", d, la, lo) for i, n, c, d, la, lo in majors],
        order_points=points,
    ) for b in branches]


def order_points(store, order_ids: list[int]) -> dict[int, tuple[float, float]]:
    """Where some orders are (their customer's location); orders without a customer are absent."""
    if not order_ids:
        return {}
    with store.read() as s:
        rows = s.execute(
            select(Order.id, Customer.latitude, Customer.longitude)
            .join(Customer, Customer.id == Order.customer_id)
            .where(Order.id.in_(order_ids))
        ).all()
    return {o_id: (lat, lon) for o_id, lat, lon in rows}
