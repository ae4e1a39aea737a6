"""Who serves a district (R-ZONE-2/5): change the servant, keep and publish the history.

``change_servant`` closes the district's current assignment (``valid_to`` = the new start: never
edited otherwise), opens the new one with the phones it is published with, updates the district's
service and supervision phones (R-ZONE-2) and, when given, the maintainer's published photo — in
one transaction with its audit row. It refuses, naming the problem: a maintainer who is not an
active maintainer of the district's branch, a change that changes nothing, a start before the
current servant's start, an empty reason, an empty or too long phone, a photo that is not a PNG.

Who may change it: the managers of the district's branch and admins (of that branch, or
provincial ones) — the roles that may grant the tables on PostgreSQL too
(``console/store/pg/security.py``: managers and admins write ``district``, ``district_assignment``
and a colleague's ``photo``).

``changes`` lists every change as published (district, from → to, from which day, when, by whom,
why); the assessment (``facts``) and the map (``map_data``) read the same rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from console.errors import PermissionDenied, StoreError
from console.i18n import T
from console.models import District, DistrictAssignment, Staff
from console.rules.periods import CST, UTC
from console.services.access import permissions
from console.services.audit import chain as audit
from console.vocabulary import Role

REASON_MAX = 200  # DistrictAssignment.reason
PHONE_MAX = 32  # District.service_phone / supervision_phone
PHOTO_MAX = 2_000_000  # bytes: a staff photo, not a poster
PNG = b"\x89PNG\r\n\x1a\n"
# R-ZONE-5: who may change who serves a district (managers of its branch, admins)
CHANGERS = frozenset({Role.MANAGER, Role.ADMIN})
ACTION = "district.servant_changed"


@dataclass(frozen=True)
class Servant:
    """The current servant of a district and what the change form offers."""

    district_id: int
    district: str
    branch_id: int
    maintainer_id: int | None
    maintainer: str
    work_number: str
    valid_from: dt.date | None
    service_phone: str
    supervision_phone: str
    has_photo: bool
    candidates: tuple[tuple[int, str, str], ...]  # active maintainers of the branch: id, name, work number


@dataclass(frozen=True)
class ServantChange:
    """One published change of who serves a district (R-ZONE-5)."""

    assignment_id: int
    district_id: int
    district: str
    branch_id: int
    before: str  # the previous servant "name (work number)", "" for the first
    after: str
    valid_from: dt.date
    valid_to: dt.date | None
    changed_at: dt.datetime | None  # None: written before the console kept it (demo, imports)
    changed_by: str
    reason: str
    service_phone: str
    supervision_phone: str


def may_change(role: Role | str | None) -> bool:
    """For the views: may this role change who serves a district at all (its branch aside)?"""
    try:
        return role is not None and Role(role) in CHANGERS
    except ValueError:
        return False


def _who(p: Staff | None) -> str:
    return f"{p.name} ({p.work_number})" if p is not None else ""


def _require(s, actor_id: int | None, branch_id: int) -> Staff:
    """The acting manager or admin of the district's branch, else PermissionDenied (R-ZONE-5)."""
    doing = T("change who serves a district")
    if actor_id is None:
        raise PermissionDenied(T("nobody is signed in: sign in to {doing}", doing=doing))
    actor = s.get(Staff, actor_id)
    if actor is None:
        raise PermissionDenied(T("staff {staff_id} does not exist: who wants to {doing}?", staff_id=actor_id,
                                 doing=doing))
    if not actor.active:
        raise PermissionDenied(T("{name} ({work_number}) is no longer active and may not {doing}", name=actor.name,
                                 work_number=actor.work_number, doing=doing))
    who = T("{name} ({role})", name=actor.name, role=permissions.role_word(actor.role))
    if actor.role not in CHANGERS:
        raise PermissionDenied(T("{who} may not {doing}: managers of the district's branch and admins change it "
                                 "(R-ZONE-5)", who=who, doing=doing))
    if actor.branch_id is not None and actor.branch_id != branch_id:
        raise PermissionDenied(T("{who} may not {doing} of another branch: {roles} work on their own branch only",
                                 who=who, doing=doing, roles=permissions.plural_word(actor.role)))
    return actor


def _current(s, district_id: int) -> DistrictAssignment | None:
    return s.scalars(select(DistrictAssignment)
                     .where(DistrictAssignment.district_id == district_id, DistrictAssignment.valid_to.is_(None))
                     .order_by(DistrictAssignment.valid_from.desc(), DistrictAssignment.id.desc()).limit(1)).first()


def _phone(value: str, which) -> str:
    value = (value or "").strip()
    if not value:
        raise StoreError(T("the {which} is empty: a district publishes it (R-ZONE-2)", which=which))
    if len(value) > PHONE_MAX:
        raise StoreError(T("the {which} {phone!r} is {length} characters long; at most {limit} fit", which=which,
                           phone=value, length=len(value), limit=PHONE_MAX))
    return value


def servant(store, district_id: int) -> Servant:
    """The district's current servant, phones and the maintainers it may be given to."""
    with store.read() as s:
        d = s.get(District, district_id)
        if d is None:
            raise StoreError(T("district {district_id} does not exist", district_id=district_id))
        cur = _current(s, district_id)
        p = s.get(Staff, cur.maintainer_id) if cur is not None else None
        people = s.execute(select(Staff.id, Staff.name, Staff.work_number)
                           .where(Staff.branch_id == d.branch_id, Staff.role == Role.MAINTAINER,
                                  Staff.active.is_(True)).order_by(Staff.work_number)).all()
        return Servant(d.id, d.name, d.branch_id, p.id if p else None, p.name if p else "", p.work_number if p else "",
                       cur.valid_from if cur else None, d.service_phone, d.supervision_phone,
                       bool(p is not None and p.photo), tuple((i, n, w) for i, n, w in people))


def change_servant(store, district_id: int, *, maintainer_id: int, service_phone: str, supervision_phone: str,
                   valid_from: dt.date, reason: str, actor_id: int | None, now: dt.datetime | None = None,
                   photo: bytes | None = None) -> ServantChange:
    """Change who serves the district from ``valid_from`` (R-ZONE-5; see the module doc)."""
    now = now or dt.datetime.now(UTC)
    reason = (reason or "").strip()
    if not reason:
        raise StoreError(T("say why the district changes hands: the reason is published with the change (R-ZONE-5)"))
    if len(reason) > REASON_MAX:
        raise StoreError(T("the reason is {length} characters long; at most {limit} fit", length=len(reason),
                           limit=REASON_MAX))
    service_phone = _phone(service_phone, T("service phone"))
    supervision_phone = _phone(supervision_phone, T("supervision phone"))
    if photo is not None:
        if not photo.startswith(PNG):
            raise StoreError(T("the photo is not a PNG image: choose a .png file"))
        if len(photo) > PHOTO_MAX:
            raise StoreError(T("the photo is {size:,} bytes; at most {limit:,} fit", size=len(photo), limit=PHOTO_MAX))
    with store.write() as s:
        d = s.get(District, district_id, with_for_update=True)  # one change of a district at a time
        if d is None:
            raise StoreError(T("district {district_id} does not exist", district_id=district_id))
        actor = _require(s, actor_id, d.branch_id)
        m = s.get(Staff, maintainer_id)
        if m is None:
            raise StoreError(T("staff {staff_id} does not exist", staff_id=maintainer_id))
        if m.role != Role.MAINTAINER:
            raise StoreError(T("{name} ({work_number}) is not a maintainer: a district is served by a maintainer "
                               "(R-ZONE-1)", name=m.name, work_number=m.work_number))
        if m.branch_id != d.branch_id:
            raise StoreError(T("{name} ({work_number}) does not work for the branch of {district}", name=m.name,
                               work_number=m.work_number, district=d.name))
        if not m.active:
            raise StoreError(T("{name} ({work_number}) is no longer active: choose an active maintainer",
                               name=m.name, work_number=m.work_number))
        cur = _current(s, district_id)
        if (cur is not None and cur.maintainer_id == maintainer_id and photo is None
                and (d.service_phone, d.supervision_phone) == (service_phone, supervision_phone)):
            raise StoreError(T("{name} ({work_number}) already serves {district} with these phones: nothing to "
                               "change", name=m.name, work_number=m.work_number, district=d.name))
        if cur is not None and valid_from < cur.valid_from:
            raise StoreError(T("the change cannot start on {day}: the current servant started on {start}, and the "
                               "history is never rewritten (R-ZONE-5)", day=valid_from.isoformat(),
                               start=cur.valid_from.isoformat()))
        before_person = s.get(Staff, cur.maintainer_id) if cur is not None else None
        before = {"maintainer_id": cur.maintainer_id if cur else None, "valid_from": cur.valid_from.isoformat()
                  if cur else None, "service_phone": d.service_phone, "supervision_phone": d.supervision_phone}
        if cur is not None:
            cur.valid_to = valid_from
        row = DistrictAssignment(branch_id=d.branch_id, district_id=d.id, maintainer_id=m.id, valid_from=valid_from,
                                 reason=reason, service_phone=service_phone, supervision_phone=supervision_phone,
                                 changed_by_id=actor.id, changed_at=now)
        s.add(row)
        d.service_phone, d.supervision_phone = service_phone, supervision_phone
        if photo is not None:
            m.photo = photo  # R-ZONE-2: the published photo is the maintainer's staff photo
        s.flush()
        audit.record(s, actor_id=actor.id, action=ACTION, entity="district", entity_id=d.id, branch_id=d.branch_id,
                     before=before,
                     after={"maintainer_id": m.id, "valid_from": valid_from.isoformat(), "service_phone": service_phone,
                            "supervision_phone": supervision_phone, "reason": reason, "assignment_id": row.id,
                            "photo": photo is not None}, at=now)
        return ServantChange(row.id, d.id, d.name, d.branch_id, _who(before_person), _who(m), valid_from, None, now,
                             _who(actor), reason, service_phone, supervision_phone)


def changes(store, *, branch_id: int | None = None, district_id: int | None = None) -> list[ServantChange]:
    """Every change of who serves a district, newest first (R-ZONE-5): each assignment after the
    district's first, with the servant before it."""
    q = (select(DistrictAssignment, District.name).join(District, District.id == DistrictAssignment.district_id)
         .order_by(DistrictAssignment.district_id, DistrictAssignment.valid_from, DistrictAssignment.id))
    if branch_id is not None:
        q = q.where(DistrictAssignment.branch_id == branch_id)
    if district_id is not None:
        q = q.where(DistrictAssignment.district_id == district_id)
    with store.read() as s:
        rows = s.execute(q).all()
        ids = {a.maintainer_id for a, _ in rows} | {a.changed_by_id for a, _ in rows if a.changed_by_id}
        people = {p.id: p for p in s.scalars(select(Staff).where(Staff.id.in_(ids)))} if ids else {}
    out: list[ServantChange] = []
    previous: dict[int, DistrictAssignment] = {}
    for a, name in rows:
        prev = previous.get(a.district_id)
        previous[a.district_id] = a
        if prev is None and a.changed_at is None:
            continue  # the district's first servant, as imported: no change to publish
        out.append(ServantChange(
            a.id, a.district_id, name, a.branch_id, _who(people.get(prev.maintainer_id)) if prev else "",
            _who(people.get(a.maintainer_id)), a.valid_from, a.valid_to, a.changed_at,
            _who(people.get(a.changed_by_id)) if a.changed_by_id else "", a.reason or "",
            a.service_phone or "", a.supervision_phone or ""))
    out.sort(key=lambda c: (c.valid_from, c.changed_at or dt.datetime.min.replace(tzinfo=UTC), c.assignment_id),
             reverse=True)
    return out


def china_day(now: dt.datetime) -> dt.date:
    return now.astimezone(CST).date()
