"""Checks that need more than one cell, made row by row while the sheet is read: between columns
of a row (dates in order, a major client's category), against the branch's reference data (the
districts a customer names, the boundaries a district must not overlap), across rows (duplicates
within the file) and against the database (duplicates: looked up a batch of rows at a time).
Then each good row as one compact record (a tuple of plain values, dates as day numbers) and,
when it is written, as the model's column values.

Only what a check across rows needs is kept while reading: for each unique column the values
seen and the row each was first in (600,000 account numbers: about 70 bytes each beside the
texts the reader holds anyway), and for districts their boundaries.

`Rows.recheck` runs inside the write transaction on the records about to be written, so a number
taken (or a boundary drawn) meanwhile by someone else stops the import instead of half-importing it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.i18n import T, Text
from console.models import Customer, District, Staff
from console.services.imports import polygon
from console.services.imports.fields import Bad
from console.services.imports.validate import Header, Problems
from console.vocabulary import AreaType, Role, work_number_key

CHUNK = 900  # IN (...) lists stay below SQLite's bound-parameter limit
BATCH = 2000  # rows looked up in the database at a time


def _in(session: Session, query, column, keys: Sequence[str]):
    for i in range(0, len(keys), CHUNK):
        yield from session.execute(query.where(column.in_(keys[i:i + CHUNK])))


def _same(values: Iterable[str]) -> dict[str, str]:
    return {v: v for v in values}


@dataclass(frozen=True)
class Unique:
    """A column whose values are unique: within the file and against the database. `lookup`
    gives, of the keys asked, those already stored (key -> the stored spelling); `canon` makes a
    value its key (R-DISC-6: a work number compared by `work_number_key`), None: the value itself."""

    key: str
    what: Text
    lookup: Callable[[Session, int, list[str]], dict[str, str]]
    canon: Callable[[str], str] | None = None


class Rows:
    """One kind's checks across rows; a subclass per kind. Made per import, in this order:
    `prepare` (the branch's reference data), `row` for every row read, `flush` at every BATCH
    rows and at the end (the database look-ups), `done`; for writing, `recheck` and `values`."""

    model: type
    uniques: tuple[Unique, ...] = ()
    record: tuple[str, ...] = ()  # the record's fields after its row number: the model's columns

    def __init__(self, header: Header, problems: Problems, branch_id: int):
        self.header, self.problems, self.branch_id = header, problems, branch_id
        self.at = header.position  # column key -> index in a row's values
        self._first: list[dict] = [{} for _ in self.uniques]  # per unique: key -> row (canon: (row, value))
        self._pending: list[list[tuple[int, str, str]]] = [[] for _ in self.uniques]  # (row, value, key)
        self._slots = [(u, self.record.index(u.key) + 1) for u in self.uniques]

    # -- reading -------------------------------------------------------------------------------
    def prepare(self, session: Session) -> None:
        """Read what the rows are checked against (once, before the first row)."""

    def row(self, number: int, values: list, bad: bool) -> tuple | None:
        """The row's record, or None when something in it is wrong (named in `problems`)."""
        for i, unique in enumerate(self.uniques):
            value = values[self.at[unique.key]]
            if value is not None and not self._unique(i, unique, number, value):
                bad = True
        record = self.check(number, values, bad)
        return None if bad else record

    def flush(self, session: Session) -> None:
        """Look up the pending first occurrences of unique values in the database."""
        for i, unique in enumerate(self.uniques):
            pending, self._pending[i] = self._pending[i], []
            if pending:
                taken = unique.lookup(session, self.branch_id, sorted({k for _, _, k in pending}))
                for number, value, key in pending:
                    if key in taken:
                        self._taken(unique, number, value, taken[key])

    def check(self, number: int, values: list, bad: bool) -> tuple | None:
        """A row's own checks beyond its cells; its record (None when `bad` or wrong)."""
        raise NotImplementedError

    def done(self) -> None:
        """The file is read: what the checks across rows kept is no longer needed."""
        self._first = [{} for _ in self.uniques]
        self._pending = [[] for _ in self.uniques]

    # -- writing -------------------------------------------------------------------------------
    def recheck(self, session: Session, records: list) -> None:
        """Inside the write transaction: the records' unique values still free (someone may have
        imported meanwhile); a problem for each that is not."""
        for unique, slot in self._slots:
            canon = unique.canon or str
            keyed = [(r[0], r[slot], canon(r[slot])) for r in records if r[slot] is not None]
            taken = unique.lookup(session, self.branch_id, sorted({k for _, _, k in keyed}))
            for number, value, key in keyed:
                if key in taken:
                    self._taken(unique, number, value, taken[key])

    def values(self, record: tuple) -> dict:
        """The record as the model's column values."""
        return {"branch_id": self.branch_id, **dict(zip(self.record, record[1:]))}

    # -- the messages --------------------------------------------------------------------------
    def _unique(self, i: int, unique: Unique, number: int, value: str) -> bool:
        column = self.header.label(unique.key)
        first = self._first[i]
        if unique.canon is None:
            seen = first.get(value)
            if seen is not None:
                self.problems.add(number, column, "duplicate_in_file",
                                  T("{what} {value!r} is also in row {first}", what=unique.what, value=value,
                                    first=seen))
                return False
            first[value] = number
            self._pending[i].append((number, value, value))
            return True
        key = unique.canon(value)
        seen = first.get(key)
        if seen is not None:
            row, other = seen
            if other == value:
                self.problems.add(number, column, "duplicate_in_file",
                                  T("{what} {value!r} is also in row {first}", what=unique.what, value=value,
                                    first=row))
            else:
                self.problems.add(number, column, "duplicate_in_file",
                                  T("work number {value!r} is the same as {other!r} in row {first}: they differ only "
                                    "in case, width or invisible characters", value=value, other=other, first=row))
            return False
        first[key] = (number, value)
        self._pending[i].append((number, value, key))
        return True

    def _taken(self, unique: Unique, number: int, value: str, stored: str) -> None:
        column = self.header.label(unique.key)
        if stored == value:
            self.problems.add(number, column, "duplicate_in_db",
                              T("{what} {value!r} already exists in the database", what=unique.what, value=value))
        else:
            self.problems.add(number, column, "duplicate_in_db",
                              T("work number {value!r} is the same as {other!r}, which already exists in the "
                                "database: they differ only in case, width or invisible characters", value=value,
                                other=stored))


def _day(value: dt.date | None) -> int | None:
    return None if value is None else value.toordinal()


def _date(day: int | None) -> dt.date | None:
    return None if day is None else dt.date.fromordinal(day)


def _pair_missing(rows: Rows, number: int, lat, lon, message: Text) -> bool:
    """Latitude and longitude come together or not at all."""
    if (lat is None) != (lon is None):
        rows.problems.add(number, rows.header.label("latitude" if lat is None else "longitude"), "empty_required",
                          message)
        return True
    return False


class CustomerRows(Rows):
    model = Customer
    uniques = (Unique("account_no", T("account"), lambda s, _b, keys: _same(
        v for (v,) in _in(s, select(Customer.account_no), Customer.account_no, keys))),)
    record = ("account_no", "name", "phone", "address", "district_id", "is_major", "major_category",
              "subscribed_on", "expires_on", "active", "latitude", "longitude")

    def prepare(self, session: Session) -> None:
        districts = session.execute(select(District.id, District.code, District.name, District.latitude,
                                           District.longitude).where(District.branch_id == self.branch_id)).all()
        # by name and by code; the tuple per district is shared by the rows that name it
        self.districts = {d.name: (d.id, d.latitude, d.longitude) for d in districts} | {
            d.code: (d.id, d.latitude, d.longitude) for d in districts}

    def check(self, number: int, v: list, bad: bool) -> tuple | None:
        at, add, label = self.at, self.problems.add, self.header.label
        lat, lon = v[at["latitude"]], v[at["longitude"]]
        name, district_id = v[at["district"]], None
        if name is not None:
            d = self.districts.get(name)
            if d is None:
                bad = True
                add(number, label("district"), "unknown_district",
                    T("no district {value!r} in this branch (by code or name)", value=name))
            else:
                district_id = d[0]
                if lat is None and lon is None:
                    lat, lon = d[1], d[2]  # the district's label point
        if _pair_missing(self, number, lat, lon,
                         T("give both latitude and longitude, or neither (then the district's point is used)")):
            bad = True
        subscribed, expires = v[at["subscribed_on"]], v[at["expires_on"]]
        if subscribed and expires and expires < subscribed:
            bad = True
            add(number, label("expires_on"), "bad_date", T("expires {expires} before it was subscribed ({subscribed})",
                                                           expires=expires.isoformat(),
                                                           subscribed=subscribed.isoformat()))
        category, major = v[at["major_category"]], v[at["is_major"]]
        if category and major is False:
            bad = True
            add(number, label("major_category"), "bad_enum", T("a major-client category for a customer marked not major"))
        elif category:
            major = True
        elif major:
            bad = True
            add(number, label("major_category"), "empty_required", T("a major client needs its category (R-VISIT-5)"))
        if bad:
            return None
        return (number, v[at["account_no"]], v[at["name"]], v[at["phone"]], v[at["address"]], district_id,
                bool(major), category, _day(subscribed), _day(expires), v[at["active"]] is not False, lat, lon)

    def values(self, record: tuple) -> dict:
        out = super().values(record)
        out["subscribed_on"], out["expires_on"] = _date(out["subscribed_on"]), _date(out["expires_on"])
        return out


class DistrictRows(Rows):
    model = District
    uniques = (
        Unique("code", T("district code"), lambda s, _b, keys: _same(
            v for (v,) in _in(s, select(District.code), District.code, keys))),
        Unique("name", T("district name"), lambda s, b, keys: _same(
            v for (v,) in _in(s, select(District.name).where(District.branch_id == b), District.name, keys))),
    )
    record = ("code", "name", "area_type", "households", "service_phone", "supervision_phone", "geojson",
              "latitude", "longitude")

    def _existing(self, session: Session) -> list[tuple[str, polygon.Shape]]:
        shapes = ((n, polygon.stored_shape(g)) for n, g in session.execute(
            select(District.name, District.geojson).where(District.branch_id == self.branch_id)))
        return [(f"{n!r}", s) for n, s in shapes if s is not None]

    def prepare(self, session: Session) -> None:
        self.placed = self._existing(session)  # then each row's boundary, to check the next rows against
        self.stored: list[tuple[str, polygon.Shape]] | None = None

    def check(self, number: int, v: list, bad: bool) -> tuple | None:
        at = self.at
        text, lat, lon = v[at["geojson"]], v[at["latitude"]], v[at["longitude"]]
        if text is None:
            return None  # a required cell: already a problem
        try:
            shape = polygon.parse(text)
        except Bad as exc:
            self.problems.add(number, self.header.label("geojson"), exc.code, exc.message)
            return None
        hit = next((other for other, s in self.placed if polygon.overlaps(shape, s)), None)
        if hit is not None:
            bad = True
            self.problems.add(number, self.header.label("geojson"), "overlap",
                              T("the boundary overlaps district {other}", other=hit))
        self.placed.append((T("{name!r} (row {row})", name=v[at["name"]], row=number), shape))
        if _pair_missing(self, number, lat, lon,
                         T("give both latitude and longitude, or neither (then the boundary's centre is used)")):
            bad = True
        elif lat is None:
            lon, lat = shape.label_point()
        if bad:
            return None
        return (number, v[at["code"]], v[at["name"]], v[at["area_type"]], v[at["households"]],
                v[at["service_phone"]], v[at["supervision_phone"]], text, lat, lon)

    def recheck(self, session: Session, records: list) -> None:
        super().recheck(session, records)
        if self.stored is None:  # the boundaries stored now, before this import's first row is written
            self.stored = self._existing(session)
        for r in records:
            shape = polygon.parse(r[7])
            hit = next((other for other, s in self.stored if polygon.overlaps(shape, s)), None)
            if hit is not None:
                self.problems.add(r[0], self.header.label("geojson"), "overlap",
                                  T("the boundary overlaps district {other}", other=hit))

    def values(self, record: tuple) -> dict:
        out = super().values(record)
        out["area_type"] = AreaType(out["area_type"])
        return out


class StaffRows(Rows):
    """R-DISC-6: a work number names one person, compared by `work_number_key` (``nc0001``,
    ``NC0001``, ``ＮＣ０００１`` and ``NC0001`` with a zero-width space are one number), within
    the file and against every staff member in the database (any branch)."""

    model = Staff
    uniques = (Unique("work_number", T("work number"), lambda s, _b, keys: {
        k: v for k, v in _in(s, select(Staff.work_number_key, Staff.work_number), Staff.work_number_key, keys)},
        canon=work_number_key),)
    record = ("work_number", "name", "role", "phone", "active", "hired_on")

    def check(self, number: int, v: list, bad: bool) -> tuple | None:
        if bad:
            return None
        at = self.at
        return (number, v[at["work_number"]], v[at["name"]], v[at["role"]], v[at["phone"]],
                v[at["active"]] is not False, _day(v[at["hired_on"]]))

    def values(self, record: tuple) -> dict:
        out = super().values(record)
        out["role"], out["hired_on"] = Role(out["role"]), _date(out["hired_on"])
        return out


KINDS: dict[str, type[Rows]] = {"customers": CustomerRows, "districts": DistrictRows, "staff": StaffRows}
