"""Checks that need more than one cell: across rows (duplicates within the file, overlapping
boundaries), against the database (duplicates, the branch's districts) and between columns of
a row (dates in order, a major client's category). Then the rows as model values.

`check_against(session, checked, branch_id)` runs in the read session before the import and
again inside the write transaction, so a number taken meanwhile by someone else is caught.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.i18n import T, Text
from console.models import Customer, District, Staff
from console.services.imports import polygon
from console.services.imports.fields import Bad
from console.services.imports.validate import Checked
from console.vocabulary import AreaType, Role, work_number_key

CHUNK = 900  # IN (...) lists stay below SQLite's bound-parameter limit


def _existing(session: Session, column, values: Iterable[str]) -> set[str]:
    values = sorted(set(values))
    found: set[str] = set()
    for i in range(0, len(values), CHUNK):
        found.update(session.scalars(select(column).where(column.in_(values[i:i + CHUNK]))))
    return found


def _unique(checked: Checked, key: str, what: Text, taken: set[str]) -> None:
    """Each value once in the file and not yet in the database."""
    first: dict[str, int] = {}
    for row in checked.rows:
        value = row.values.get(key)
        if value is None:
            continue
        if value in first:
            checked.add(row.number, checked.label(key), "duplicate_in_file",
                        T("{what} {value!r} is also in row {first}", what=what, value=value, first=first[value]))
        else:
            first[value] = row.number
            if value in taken:
                checked.add(row.number, checked.label(key), "duplicate_in_db",
                            T("{what} {value!r} already exists in the database", what=what, value=value))


def _customers(session: Session, checked: Checked, branch_id: int) -> None:
    districts = session.execute(select(District.id, District.code, District.name, District.latitude,
                                       District.longitude).where(District.branch_id == branch_id)).all()
    by_key = {d.name: d for d in districts} | {d.code: d for d in districts}
    accounts = [r.values["account_no"] for r in checked.rows if r.values.get("account_no")]
    _unique(checked, "account_no", T("account"), _existing(session, Customer.account_no, accounts))
    for row in checked.rows:
        v = row.values
        name = v.get("district")
        if name is not None:
            d = by_key.get(name)
            if d is None:
                checked.add(row.number, checked.label("district"), "unknown_district",
                            T("no district {value!r} in this branch (by code or name)", value=name))
            else:
                v["district_id"] = d.id
                if v.get("latitude") is None and v.get("longitude") is None:
                    v["latitude"], v["longitude"] = d.latitude, d.longitude  # the district's label point
        if (v.get("latitude") is None) != (v.get("longitude") is None):
            missing = "latitude" if v.get("latitude") is None else "longitude"
            checked.add(row.number, checked.label(missing), "empty_required",
                        T("give both latitude and longitude, or neither (then the district's point is used)"))
        if v.get("subscribed_on") and v.get("expires_on") and v["expires_on"] < v["subscribed_on"]:
            checked.add(row.number, checked.label("expires_on"), "bad_date",
                        T("expires {expires} before it was subscribed ({subscribed})",
                          expires=v["expires_on"].isoformat(), subscribed=v["subscribed_on"].isoformat()))
        if v.get("major_category") and v.get("is_major") is False:
            checked.add(row.number, checked.label("major_category"), "bad_enum",
                        T("a major-client category for a customer marked not major"))
        elif v.get("major_category"):
            v["is_major"] = True
        elif v.get("is_major"):
            checked.add(row.number, checked.label("major_category"), "empty_required",
                        T("a major client needs its category (R-VISIT-5)"))


def _districts(session: Session, checked: Checked, branch_id: int) -> None:
    codes = [r.values["code"] for r in checked.rows if r.values.get("code")]
    _unique(checked, "code", T("district code"), _existing(session, District.code, codes))
    names = set(session.scalars(select(District.name).where(District.branch_id == branch_id)))
    _unique(checked, "name", T("district name"), names)
    existing = [(n, polygon.stored_shape(g)) for n, g in session.execute(
        select(District.name, District.geojson).where(District.branch_id == branch_id))]
    placed: list[tuple[str, polygon.Shape]] = [(f"{n!r}", s) for n, s in existing if s is not None]
    for row in checked.rows:
        v = row.values
        text = v.get("geojson")
        if text is None:
            continue
        try:
            shape = polygon.parse(text)
        except Bad as bad:
            checked.add_bad(row.number, "geojson", bad)
            continue
        v["shape"] = shape
        hit = next((other for other, s in placed if polygon.overlaps(shape, s)), None)
        if hit is not None:
            checked.add(row.number, checked.label("geojson"), "overlap",
                        T("the boundary overlaps district {other}", other=hit))
        placed.append((T("{name!r} (row {row})", name=v.get("name"), row=row.number), shape))
        if (v.get("latitude") is None) != (v.get("longitude") is None):
            missing = "latitude" if v.get("latitude") is None else "longitude"
            checked.add(row.number, checked.label(missing), "empty_required",
                        T("give both latitude and longitude, or neither (then the boundary's centre is used)"))
        elif v.get("latitude") is None:
            v["longitude"], v["latitude"] = shape.label_point()


def _staff(session: Session, checked: Checked, branch_id: int) -> None:
    """R-DISC-6: a work number names one person, compared by `work_number_key` (``nc0001``,
    ``NC0001``, ``ＮＣ０００１`` and ``NC0001`` with a zero-width space are one number), within
    the file and against every staff member in the database (any branch)."""
    keyed = [(r, work_number_key(r.values["work_number"])) for r in checked.rows if r.values.get("work_number")]
    keys = sorted({k for _, k in keyed})
    taken: dict[str, str] = {}
    for i in range(0, len(keys), CHUNK):
        taken.update(session.execute(select(Staff.work_number_key, Staff.work_number)
                                     .where(Staff.work_number_key.in_(keys[i:i + CHUNK]))).all())
    first: dict[str, tuple[int, str]] = {}
    column = checked.label("work_number")
    for row, key in keyed:
        value = row.values["work_number"]
        if key in first:
            number, other = first[key]
            if other == value:
                checked.add(row.number, column, "duplicate_in_file",
                            T("{what} {value!r} is also in row {first}", what=T("work number"), value=value,
                              first=number))
            else:
                checked.add(row.number, column, "duplicate_in_file",
                            T("work number {value!r} is the same as {other!r} in row {first}: they differ only in "
                              "case, width or invisible characters", value=value, other=other, first=number))
            continue
        first[key] = (row.number, value)
        other = taken.get(key)
        if other == value:
            checked.add(row.number, column, "duplicate_in_db",
                        T("{what} {value!r} already exists in the database", what=T("work number"), value=value))
        elif other is not None:
            checked.add(row.number, column, "duplicate_in_db",
                        T("work number {value!r} is the same as {other!r}, which already exists in the database: "
                          "they differ only in case, width or invisible characters", value=value, other=other))


CHECKS = {"customers": _customers, "districts": _districts, "staff": _staff}
MODELS = {"customers": Customer, "districts": District, "staff": Staff}


def check_against(session: Session, checked: Checked, branch_id: int) -> None:
    CHECKS[checked.kind](session, checked, branch_id)


def records(checked: Checked, branch_id: int) -> list[dict]:
    """The rows as column values of the kind's model (only called when nothing is wrong)."""
    out = []
    for row in checked.rows:
        v = row.values
        if checked.kind == "customers":
            out.append({"branch_id": branch_id, "account_no": v["account_no"], "name": v["name"],
                        "phone": v["phone"], "address": v["address"], "district_id": v["district_id"],
                        "is_major": bool(v.get("is_major")), "major_category": v.get("major_category"),
                        "subscribed_on": v["subscribed_on"], "expires_on": v["expires_on"],
                        "active": v.get("active") is not False, "latitude": v["latitude"],
                        "longitude": v["longitude"]})
        elif checked.kind == "districts":
            out.append({"branch_id": branch_id, "code": v["code"], "name": v["name"],
                        "area_type": AreaType(v["area_type"]), "households": v["households"],
                        "service_phone": v["service_phone"], "supervision_phone": v["supervision_phone"],
                        "geojson": v["geojson"], "latitude": v["latitude"], "longitude": v["longitude"]})
        else:
            out.append({"branch_id": branch_id, "work_number": v["work_number"], "name": v["name"],
                        "role": Role(v["role"]), "phone": v["phone"], "active": v.get("active") is not False,
                        "hired_on": v.get("hired_on")})
    return out
