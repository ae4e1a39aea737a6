"""Read-only look-ups the views need: branches, staff names, districts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from console.errors import StoreError
from console.models import Branch, District, Staff


@dataclass(frozen=True)
class BranchInfo:
    id: int
    code: str
    name: str
    kind: str
    hotline: str
    supervision_phone: str


def branches(store) -> list[BranchInfo]:
    with store.read() as s:
        rows = s.execute(select(Branch).order_by(Branch.id)).scalars().all()
        return [
            BranchInfo(b.id, b.code, b.name, b.kind.value, b.hotline, b.supervision_phone)
            for b in rows
        ]


def staff_names(store, branch_id: int | None = None) -> dict[int, str]:
    with store.read() as s:
        q = select(Staff.id, Staff.name, Staff.work_number)
        if branch_id is not None:
            q = q.where((Staff.branch_id == branch_id) | (Staff.branch_id.is_(None)))
        return {i: f"{n} ({w})" for i, n, w in s.execute(q)}


def district_names(store, branch_id: int) -> dict[int, str]:
    with store.read() as s:
        q = select(District.id, District.name).where(District.branch_id == branch_id)
        return dict(s.execute(q).all())


@dataclass(frozen=True)
class StaffInfo:
    id: int
    work_number: str
    name: str
    role: str
    branch_id: int | None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.work_number})"


def staff_of_branch(store, branch_id: int, roles: tuple[str, ...] | None = None) -> list[StaffInfo]:
    """Active staff of a branch (and provincial staff), by role then work number."""
    with store.read() as s:
        q = select(Staff).where(Staff.active.is_(True),
                                (Staff.branch_id == branch_id) | (Staff.branch_id.is_(None)))
        rows = s.scalars(q.order_by(Staff.role, Staff.work_number)).all()
        return [StaffInfo(p.id, p.work_number, p.name, p.role.value, p.branch_id)
                for p in rows if roles is None or p.role.value in roles]


def find_branch(s, key: str | None) -> Branch | None:
    """The branch named by `key` (its name, code in any case, or id) in session `s`; None for no
    key (provincial staff); StoreError naming the branches there are when none or several match."""
    if key is None or not key.strip():
        return None
    key = key.strip()
    conds = [Branch.name == key, func.upper(Branch.code) == key.upper()]
    if key.isdigit():
        conds.append(Branch.id == int(key))
    found = s.scalars(select(Branch).where(or_(*conds))).all()
    if len(found) != 1:
        names = ", ".join(f"{b.code} {b.name}" for b in s.scalars(select(Branch).order_by(Branch.code)))
        raise StoreError(f"no branch {key!r} (branches: {names or 'none yet'})")
    return found[0]
