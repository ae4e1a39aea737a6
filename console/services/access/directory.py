"""Read-only look-ups: branches (and the one branch look-up, :func:`find_branch`), staff names,
districts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from console.errors import StoreError
from console.i18n import T
from console.models import Branch, District, Staff


@dataclass(frozen=True)
class BranchInfo:
    id: int
    code: str
    name: str
    kind: str
    hotline: str
    supervision_phone: str


def _info(b: Branch) -> BranchInfo:
    return BranchInfo(b.id, b.code, b.name, b.kind.value, b.hotline, b.supervision_phone)


def branches(store) -> list[BranchInfo]:
    with store.read() as s:
        return [_info(b) for b in s.scalars(select(Branch).order_by(Branch.id))]


def staff_names(store, branch_id: int | None = None) -> dict[int, str]:
    with store.read() as s:
        q = select(Staff.id, Staff.name, Staff.work_number)
        if branch_id is not None:
            q = q.where((Staff.branch_id == branch_id) | (Staff.branch_id.is_(None)))
        return {i: f"{n} ({w})" for i, n, w in s.execute(q)}


def labels_of(s, ids) -> dict[int, str]:
    """The "name (work number)" of the staff ``ids`` (None left out), in the caller's read session:
    those rows only, not a province's thousands of staff for a list naming a few."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    q = select(Staff.id, Staff.name, Staff.work_number).where(Staff.id.in_(wanted))
    return {i: f"{n} ({w})" for i, n, w in s.execute(q)}


def signature(store, branch_id: int | None, actor_id: int | None) -> tuple[str, str]:
    """(the branch's name, the person as pages name them: "王芳 (GD0012)") for a file's printed
    pages (reports.printing.PrintMeta); "" for what is not known."""
    with store.read() as s:
        branch = s.get(Branch, branch_id) if branch_id is not None else None
        who = s.get(Staff, actor_id) if actor_id is not None else None
        return (branch.name if branch else "", f"{who.name} ({who.work_number})" if who else "")


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
    """The one way the console finds a branch from what a person typed (every `--branch`, the
    add-user commands, the console's start branch), in session `s`.

    `key` (surrounding blanks ignored) is tried as a branch's **code in any case** (``nc`` finds
    NC), then as its **exact name** (``南昌市分公司``), then as its **numeric id** (``3``); the first
    that matches wins (codes and names are unique, so a key never names two branches). None or
    blank is None: no branch (provincial staff; every branch). A key that matches nothing is a
    StoreError naming the branches there are."""
    if key is None or not str(key).strip():
        return None
    key = str(key).strip()
    conds = [func.upper(Branch.code) == key.upper(), Branch.name == key]
    if key.isdigit():
        conds.append(Branch.id == int(key))
    found = s.scalars(select(Branch).where(or_(*conds))).all()
    if found:  # a code match before a name match before an id match
        return min(found, key=lambda b: (b.code.upper() != key.upper(), b.name != key))
    listed = ", ".join(f"{b.code} {b.name}" for b in s.scalars(select(Branch).order_by(Branch.code)))
    raise StoreError(T("no branch {key!r} (branches: {listed})", key=key, listed=listed or T("none yet")))


def find_branch_info(store, key: str | None) -> BranchInfo | None:
    """:func:`find_branch` in a read session of its own, as plain values."""
    with store.read() as s:
        found = find_branch(s, key)
        return None if found is None else _info(found)
