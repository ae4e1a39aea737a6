"""Sign-in and passwords (issue 8 item 1, SQLite mode): who is at this console.

A `Principal` is the signed-in staff member as plain values; every service call made from the
console carries its `staff_id` as `actor_id`, and `console.services.permissions` decides from
the staff row what that actor may do.

How a console proves who is signing in is an `Authenticator`. `PasswordAuthenticator` checks
the work number and password against `staff.password_hash` (argon2id, console.store.passwords)
in whatever database the store opens. A PostgreSQL deployment with one database login per
staff member can supply its own Authenticator (connect as that login, then read the staff row)
without the views changing: they only see `sign_in(...) -> Principal` and `SignInError`.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import func, select

from console.models import Staff
from console.models.enums import Role
from console.services import audit, permissions
from console.store import passwords
from console.store.engine import StoreError

MIN_LENGTH = 8
MAX_LENGTH = 256  # characters; argon2 itself has no limit, this only stops pasted novels
FAILED = "unknown work number or wrong password"


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the work number is unknown, so that costs as long as a wrong password."""
    return passwords.hash_password("not a password of anyone")


class SignInError(StoreError):
    """Sign-in refused; the message is fit to show as it is."""


@dataclass(frozen=True, slots=True)
class Principal:
    """The signed-in staff member (plain values; `branch_id` None = provincial staff)."""

    staff_id: int
    name: str
    work_number: str
    role: Role
    branch_id: int | None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.work_number})"


class Authenticator(Protocol):
    def sign_in(self, work_number: str, password: str) -> Principal: ...


def _principal(p: Staff) -> Principal:
    return Principal(p.id, p.name, p.work_number, Role(p.role), p.branch_id)


class PasswordAuthenticator:
    """Work number + password against `staff.password_hash` (argon2id); see the module doc."""

    def __init__(self, store):
        self.store = store

    def sign_in(self, work_number: str, password: str) -> Principal:
        work_number = (work_number or "").strip()
        if not work_number or not password:
            raise SignInError("enter your work number and password")
        with self.store.read() as s:
            staff = s.scalar(select(Staff).where(func.upper(Staff.work_number) == work_number.upper()))
            if staff is not None and not staff.password_hash:
                raise SignInError(f"no password has been set for work number {staff.work_number} yet: "
                                  "ask an administrator to set one")
            # the same work for an unknown work number as for a wrong password: nothing tells them apart
            ok = passwords.verify(staff.password_hash if staff else _dummy_hash(), password)
            if staff is None or not ok:
                raise SignInError(FAILED)
            if not staff.active:
                raise SignInError(f"{staff.name} ({staff.work_number}) is no longer active: "
                                  "ask an administrator")
            who, stale = _principal(staff), passwords.needs_rehash(staff.password_hash)
        with self.store.write() as s:
            if stale:  # the hashing parameters changed since this hash was made: upgrade it now
                s.get(Staff, who.staff_id).password_hash = passwords.hash_password(password)
            audit.record(s, actor_id=who.staff_id, action="staff.signed_in", entity="staff",
                         entity_id=who.staff_id, branch_id=who.branch_id, after={"rehashed": stale})
        return who


def authenticator(store) -> Authenticator:
    """The Authenticator for this store (SQLite mode: passwords in the staff table)."""
    return PasswordAuthenticator(store)


def sign_in(store, work_number: str, password: str) -> Principal:
    """Check a work number and password; SignInError with one message for an unknown work number
    or a wrong password, and a clear one for an inactive account or one without a password."""
    return authenticator(store).sign_in(work_number, password)


def principal(store, staff_id: int) -> Principal:
    """The Principal of a staff member (after a sign-in made elsewhere, e.g. tests and tools)."""
    with store.read() as s:
        staff = s.get(Staff, staff_id)
        if staff is None:
            raise StoreError(f"staff {staff_id} does not exist")
        return _principal(staff)


def check_password(password: str) -> str:
    if password is None or len(password) < MIN_LENGTH:
        raise StoreError(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise StoreError(f"a password has at most {MAX_LENGTH} characters")
    if not password.strip():
        raise StoreError("a password cannot be only spaces")
    return password


def set_password(store, staff_id: int, password: str, *, actor_id: int | None,
                 now: dt.datetime | None = None) -> None:
    """Set a staff member's password (argon2id). Allowed for the person themself and for an
    administrator; `actor_id` None is the operator at the database (the `set-password` command).
    Audited without the hash: the audit row only says that the password changed."""
    check_password(password)
    hashed = passwords.hash_password(password)  # slow: outside the write transaction
    with store.write() as s:
        staff = s.get(Staff, staff_id)
        if staff is None:
            raise StoreError(f"staff {staff_id} does not exist")
        if actor_id is not None and actor_id != staff_id:
            permissions.require(s, actor_id, permissions.Action.STAFF, branch_id=staff.branch_id)
        had = staff.password_hash is not None
        staff.password_hash = hashed
        audit.record(s, actor_id=actor_id, action="staff.password_set", entity="staff", entity_id=staff.id,
                     branch_id=staff.branch_id, before={"password_set": had},
                     after={"password_set": True, "work_number": staff.work_number}, at=now)
