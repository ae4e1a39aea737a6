"""Creating a branch (`branch-console admin add-branch`): how a fresh install gets its first
branch before districts, customers and staff are imported into it.

A branch is a city or a county company (R-ZONE-1: the kind sets the households-per-maintainer
norm, 4,500 city / 2,000 county), with its service hotline and supervision phone published to
customers (R-ZONE-2) and its yearly household growth target (R-ZONE-4). One transaction with its
audit row; a duplicate code or name, a bad phone or a position outside China is refused with the
reason and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from console.errors import StoreError
from console.i18n import T, Text
from console.models import Branch
from console.services.access import permissions
from console.services.audit import chain as audit
from console.services.imports.fields import LAT_RANGE, LON_RANGE, PHONE_NOISE, Bad, in_china, phone
from console.vocabulary import BranchKind


@dataclass(frozen=True)
class NewBranch:
    id: int
    code: str
    name: str
    kind: str


# Service numbers a company publishes besides ordinary phones: 95xxx/96xxx short numbers (with
# or without the area code, e.g. 0791-96956) and 400/800 numbers.
SERVICE_NUMBER = re.compile(r"^(?:(0\d{2,3})-?)?(9[56]\d{3,4})$")
FREE_NUMBER = re.compile(r"^([48]00)-?(\d{3})-?(\d{4})$")


def _phone(label: Text, value: str, *, service: bool = False) -> str:
    compact = PHONE_NOISE.sub("", str(value or ""))
    if service and (m := SERVICE_NUMBER.match(compact)):
        return f"{m.group(1)}-{m.group(2)}" if m.group(1) else m.group(2)
    if service and (m := FREE_NUMBER.match(compact)):
        return "-".join(m.groups())
    try:
        return phone(value)
    except Bad as exc:
        if service:
            raise StoreError(T("{field}: {problem} or a service number (96956, 0791-96956, 400-123-4567)",
                               field=label, problem=exc.message)) from exc
        raise StoreError(T("{field}: {problem}", field=label, problem=exc.message)) from exc


def add_branch(store, *, code: str, name: str, kind: str | BranchKind, hotline: str, supervision_phone: str,
               address: str = "", latitude: float, longitude: float, growth_target: int = 0,
               actor_id: int | None = None, now: dt.datetime | None = None) -> NewBranch:
    """Create a branch. `actor_id` None is the operator at the database (the CLI); a signed-in
    actor needs the DISTRICTS right (admins)."""
    code, name = (code or "").strip().upper(), (name or "").strip()
    if not code or not name:
        raise StoreError(T("a branch has a code (e.g. NC) and a name (e.g. 南昌市分公司)"))
    if len(code) > 16 or not code.replace("-", "").replace("_", "").isalnum():
        raise StoreError(T("branch code {code!r}: letters and digits, at most {count}", code=code, count=16))
    try:
        kind = BranchKind(kind)
    except ValueError:
        raise StoreError(T("branch kind is one of {kinds} (R-ZONE-1: it sets the households-per-maintainer norm)",
                           kinds=", ".join(k.value for k in BranchKind))) from None
    hotline = _phone(T("hotline", _context="branch"), hotline, service=True)
    supervision = _phone(T("supervision phone"), supervision_phone)  # R-ZONE-2
    if not in_china(latitude, longitude):  # outside: a typing error, e.g. latitude and longitude swapped
        raise StoreError(T("position {latitude}, {longitude} is not in China: give --lat ({lat_lo:g}–{lat_hi:g}) "
                           "and --lon ({lon_lo:g}–{lon_hi:g})", latitude=latitude, longitude=longitude,
                           lat_lo=LAT_RANGE[0], lat_hi=LAT_RANGE[1], lon_lo=LON_RANGE[0], lon_hi=LON_RANGE[1]))
    if growth_target < 0:
        raise StoreError(T("the growth target (R-ZONE-4) is a number of households, 0 or more"))
    with store.write() as s:
        if actor_id is not None:
            permissions.require(s, actor_id, permissions.Action.DISTRICTS)
        clash = s.scalar(select(Branch).where(or_(func.upper(Branch.code) == code, Branch.name == name)))
        if clash is not None:
            raise StoreError(T("a branch {code} {name} already exists: codes and names are unique", code=clash.code,
                               name=clash.name))
        b = Branch(code=code, name=name, kind=kind, hotline=hotline, supervision_phone=supervision,
                   address=(address or "").strip(), growth_target=growth_target, latitude=latitude,
                   longitude=longitude)
        s.add(b)
        s.flush()
        audit.record(s, actor_id=actor_id, action="branch.added", entity="branch", entity_id=b.id, branch_id=b.id,
                     after={"code": code, "name": name, "kind": kind.value, "hotline": hotline,
                            "supervision_phone": supervision, "growth_target": growth_target}, at=now)
        return NewBranch(b.id, code, name, kind.value)
