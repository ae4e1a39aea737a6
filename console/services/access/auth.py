"""Sign-in and passwords (SQLite mode): who is at this console.

A `Principal` is the signed-in staff member as plain values; every service call made from the
console carries its `staff_id` as `actor_id`, and `console.services.access.permissions` decides from
the staff row what that actor may do.

How a console proves who is signing in is an `Authenticator`. `PasswordAuthenticator` checks
the work number and password against `staff.password_hash` (argon2id, console.store.passwords)
in whatever database the store opens. A PostgreSQL deployment with one database login per
staff member can supply its own Authenticator (connect as that login, then read the staff row)
without the views changing: they only see `sign_in(...) -> Principal` and `SignInError`.

Every sign-in attempt is audited (R-ACC: who was at the console, and who tried to be):
`staff.signed_in` for a success, `staff.sign_in_refused` for a refusal with the work number
typed and the reason (never the password). After LOCK_AFTER wrong passwords for one work number
within LOCK_WINDOW, that work number is refused for LOCK_FOR, whatever the password, and told
until when; an unknown work number is locked the same way, so a lock tells nothing about
whether the work number exists. The count lives in the audit log itself, so it holds across
consoles and restarts.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import func, select, text

from console.errors import SignInError, StoreError
from console.i18n import T
from console.models import AuditLog, Staff
from console.rules.periods import UTC
from console.rules.periods import CST as CHINA
from console.services.access import directory, permissions
from console.services.audit import chain as audit
from console.store import passwords
from console.vocabulary import Role, work_number_key

MIN_LENGTH = 8
MAX_LENGTH = 256  # characters; argon2 itself has no limit, this only stops pasted novels
FAILED = T("unknown work number or wrong password")
SIGNED_IN = "staff.signed_in"  # audit actions of sign-in attempts (R-ACC)
REFUSED = "staff.sign_in_refused"
LOCK_AFTER = 5  # wrong passwords for one work number within LOCK_WINDOW …
LOCK_WINDOW = dt.timedelta(minutes=15)
LOCK_FOR = dt.timedelta(minutes=5)  # … refuse it for this long after the last of them
GUESSES = frozenset({"unknown_work_number", "wrong_password"})  # the refusals that count towards a lock
Clock = Callable[[], dt.datetime]


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the work number is unknown, so that costs as long as a wrong password."""
    return passwords.hash_password("not a password of anyone")




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


def _utc_now() -> dt.datetime:
    return dt.datetime.now(UTC)


def locked_until(attempts, now: dt.datetime) -> dt.datetime | None:
    """When the lock on a work number ends (None: not locked), from its recent attempts in order
    as (at, signed_in, reason): LOCK_AFTER guesses within LOCK_WINDOW lock it for LOCK_FOR after
    the last one; a success clears the count; attempts refused while locked do not count."""
    guesses: list[dt.datetime] = []
    until: dt.datetime | None = None
    for at, ok, reason in attempts:
        if ok:
            guesses, until = [], None
            continue
        if reason not in GUESSES:
            continue
        if until is not None and at >= until:  # the lock ran out: a fresh round of tries
            guesses, until = [], None
        guesses = [t for t in guesses if t > at - LOCK_WINDOW] + [at]
        if len(guesses) >= LOCK_AFTER:
            until = at + LOCK_FOR
    return until if until is not None and now < until else None


class PasswordAuthenticator:
    """Work number + password against `staff.password_hash` (argon2id); see the module doc.
    `clock` (UTC now) is for tests of the lock."""

    def __init__(self, store, clock: Clock | None = None):
        self.store = store
        self.clock = clock or _utc_now

    def _attempts(self, s, key: str, since: dt.datetime) -> list[tuple[dt.datetime, bool, str]]:
        """The sign-in attempts of work number `key` (its work_number_key) since `since`, oldest first."""
        rows = s.execute(select(AuditLog.at, AuditLog.action, AuditLog.after)
                         .where(AuditLog.action.in_((SIGNED_IN, REFUSED)), AuditLog.at >= since)
                         .order_by(AuditLog.id)).all()
        return [(at, action == SIGNED_IN, (after or {}).get("reason", "")) for at, action, after in rows
                if work_number_key(str((after or {}).get("work_number", ""))) == key]

    def _refuse(self, s, message: T, *, key: str, reason: str, now: dt.datetime, staff: Staff | None = None,
                attempts: list | None = None) -> SignInError:
        """Audit the refusal in the sign-in's transaction `s` (R-ACC: the work number tried and why,
        never the password) and return the error to raise; a guess that completes LOCK_AFTER says
        the lock has begun."""
        after = {"work_number": key, "reason": reason}
        if reason in GUESSES and attempts is not None:
            until = locked_until([*attempts, (now, False, reason)], now)
            if until is not None:
                after["locked_until"] = until
                message = T("{message}. {lock}", message=message, lock=_lock_text(key, until, now))
        audit.record(s, actor_id=None, action=REFUSED, entity="staff", entity_id=staff.id if staff else None,
                     branch_id=staff.branch_id if staff else None, after=after, at=now)
        return SignInError(message)

    def _now(self, s, attempts: list) -> dt.datetime:
        """The time of this attempt: the database server's on PostgreSQL; on SQLite this PC's clock,
        but never before the newest attempt recorded (a clock set back does not reopen a lock)."""
        if s.get_bind().dialect.name == "postgresql" and self.clock is _utc_now:
            return s.scalar(select(func.now()))
        now = self.clock()
        newest = max((at for at, _, _ in attempts), default=None)
        return max(now, newest) if newest is not None else now

    def sign_in(self, work_number: str, password: str) -> Principal:
        work_number = (work_number or "").strip()
        if not work_number or not password:
            raise SignInError(T("enter your work number and password"))
        key = work_number_key(work_number)  # case, width and invisible characters do not matter
        refusal: SignInError | None = None
        # One write transaction for the whole attempt: attempts are read, the password checked and
        # the outcome recorded before the next attempt on this database begins, so parallel
        # guesses are counted one after the other (none is checked against a stale count).
        with self.store.write() as s:
            if s.get_bind().dialect.name == "postgresql":
                s.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": "sign-in " + key})
            # a day more than a lock can reach back: the attempts of a clock set back are found too
            attempts = self._attempts(s, key, self.clock() - 2 * (LOCK_WINDOW + LOCK_FOR) - dt.timedelta(days=1))
            now = self._now(s, attempts)
            until = locked_until(attempts, now)
            staff = s.scalar(select(Staff).where(Staff.work_number_key == key))
            hashed = staff.password_hash if staff is not None else None
            if until is not None:  # R-ACC: the same for a known and an unknown work number
                refusal = self._refuse(s, _lock_text(key, until, now), key=key, reason="locked", now=now, staff=staff)
            elif staff is not None and not hashed:
                refusal = self._refuse(s, T("no password has been set for work number {work_number} yet: "
                                            "ask an administrator to set one", work_number=staff.work_number),
                                       key=key, reason="no_password", now=now, staff=staff)
            # the same work for an unknown work number as for a wrong password: nothing tells them apart
            elif not passwords.verify(hashed if staff else _dummy_hash(), password) or staff is None:
                refusal = self._refuse(s, FAILED, key=key, reason="wrong_password" if staff else "unknown_work_number",
                                       now=now, staff=staff, attempts=attempts)
            elif not staff.active:
                refusal = self._refuse(s, T("{name} ({work_number}) is no longer active: ask an administrator",
                                            name=staff.name, work_number=staff.work_number),
                                       key=key, reason="inactive", now=now, staff=staff)
            else:
                who, stale = _principal(staff), passwords.needs_rehash(hashed)
                if stale:  # the hashing parameters changed since this hash was made: upgrade it now
                    staff.password_hash = passwords.hash_password(password)
                audit.record(s, actor_id=who.staff_id, action=SIGNED_IN, entity="staff", entity_id=who.staff_id,
                             branch_id=who.branch_id, after={"work_number": key, "rehashed": stale}, at=now)
        if refusal is not None:  # raised after the commit: the refusal's audit row is kept
            raise refusal
        return who


def _lock_text(key: str, until: dt.datetime, now: dt.datetime) -> T:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    at = f"{until.astimezone(CHINA):%H:%M}"
    if minutes == 1:
        return T("{count} failed sign-ins for work number {key}: it is locked for {minutes} more minute "
                 "(until {until} China time). Ask an administrator if the password is forgotten",
                 count=LOCK_AFTER, key=key, minutes=minutes, until=at)
    return T("{count} failed sign-ins for work number {key}: it is locked for {minutes} more minutes "
             "(until {until} China time). Ask an administrator if the password is forgotten",
             count=LOCK_AFTER, key=key, minutes=minutes, until=at)


def authenticator(store, clock: Clock | None = None) -> Authenticator:
    """The Authenticator for this store (SQLite mode: passwords in the staff table)."""
    return PasswordAuthenticator(store, clock)


def sign_in(store, work_number: str, password: str, *, now: dt.datetime | None = None) -> Principal:
    """Check a work number and password; SignInError with one message for an unknown work number
    or a wrong password, and a clear one for an inactive account, one without a password, or a
    work number locked after LOCK_AFTER wrong passwords. Every attempt is audited (R-ACC)."""
    return authenticator(store, (lambda: now) if now else None).sign_in(work_number, password)


def principal(store, staff_id: int) -> Principal:
    """The Principal of a staff member (after a sign-in made elsewhere, e.g. tests and tools)."""
    with store.read() as s:
        staff = s.get(Staff, staff_id)
        if staff is None:
            raise StoreError(T("staff {staff_id} does not exist", staff_id=staff_id))
        return _principal(staff)


def check_password(password: str) -> str:
    """The password when it may be used, else StoreError saying why (nothing is changed)."""
    if not password:
        raise StoreError(T("the password is empty: a password needs at least {count} characters", count=MIN_LENGTH))
    if len(password) < MIN_LENGTH:
        raise StoreError(T("a password needs at least {count} characters", count=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        raise StoreError(T("a password has at most {count} characters", count=MAX_LENGTH))
    if not password.strip():
        raise StoreError(T("a password cannot be only spaces"))
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
            raise StoreError(T("staff {staff_id} does not exist", staff_id=staff_id))
        if actor_id is not None and actor_id != staff_id:
            permissions.require(s, actor_id, permissions.Action.STAFF, branch_id=staff.branch_id)
        had = staff.password_hash is not None
        staff.password_hash = hashed
        audit.record(s, actor_id=actor_id, action="staff.password_set", entity="staff", entity_id=staff.id,
                     branch_id=staff.branch_id, before={"password_set": had},
                     after={"password_set": True, "work_number": staff.work_number}, at=now)


def _find_staff(s, work_number: str) -> Staff:
    key = (work_number or "").strip()
    staff = s.scalar(select(Staff).where(Staff.work_number_key == work_number_key(key))) if key else None
    if staff is None:
        raise StoreError(T("no staff member has the work number {key!r}: add them with "
                           "'branch-console admin add-user' or import the staff list", key=key))
    return staff


def set_password_for(store, work_number: str, password: str, *, actor_id: int | None = None,
                     now: dt.datetime | None = None) -> Principal:
    """`set_password` by work number (`branch-console admin set-password`, actor None = the
    operator at the database). Returns who it was set for."""
    check_password(password)
    with store.read() as s:
        who = _principal(_find_staff(s, work_number))
    set_password(store, who.staff_id, password, actor_id=actor_id, now=now)
    return who


BRANCH_ROLES = (Role.DISPATCHER, Role.MAINTAINER, Role.MANAGER)  # work in one branch


def branch_for_role(s, role: Role, branch: str | None):
    """The Branch a new staff member of `role` works in (directory.find_branch of `branch`), or None
    for provincial staff; StoreError for an unknown branch, or none given for a branch role."""
    br = directory.find_branch(s, branch)
    if br is None and role in BRANCH_ROLES:
        raise StoreError(T("a {role} works in a branch: give --branch NAME|CODE "
                           "(only inspectors and administrators may be provincial)",
                           role=permissions.role_word(role)))
    return br


def add_staff(store, *, work_number: str, name: str, role: str | Role, branch: str | None, password: str,
              phone: str = "", actor_id: int | None = None, now: dt.datetime | None = None) -> Principal:
    """A new staff member who signs in with `password` (SQLite mode: `branch-console admin
    add-user`; how a fresh install gets its first administrator). Audited without the hash.
    `actor_id` None is the operator at the database; a signed-in actor needs Action.STAFF."""
    role = Role(role)
    work_number, name = (work_number or "").strip(), (name or "").strip()
    if not work_number or not name:
        raise StoreError(T("a work number and a name are required"))
    if len(work_number) > 16:
        raise StoreError(T("a work number has at most {count} characters", count=16))
    check_password(password)
    hashed = passwords.hash_password(password)  # slow: outside the write transaction
    with store.write() as s:
        br = branch_for_role(s, role, branch)
        if actor_id is not None:
            permissions.require(s, actor_id, permissions.Action.STAFF, branch_id=br.id if br else None)
        if not work_number_key(work_number):
            raise StoreError(T("a work number needs at least one visible character"))
        existing = s.scalar(select(Staff).where(Staff.work_number_key == work_number_key(work_number)))
        if existing is not None:
            raise StoreError(T("work number {work_number} already belongs to {name} ({role}): to give them a "
                               "new password run 'branch-console admin set-password --work-number {work_number}'",
                               work_number=existing.work_number, name=existing.name,
                               role=permissions.role_word(Role(existing.role))))
        staff = Staff(work_number=work_number, name=name, role=role, phone=phone, branch_id=br.id if br else None,
                      active=True, password_hash=hashed)
        s.add(staff)
        s.flush()
        audit.record(s, actor_id=actor_id, action="staff.added", entity="staff", entity_id=staff.id,
                     branch_id=staff.branch_id,
                     after={"work_number": work_number, "name": name, "role": role.value,
                            "branch_id": staff.branch_id, "password_set": True}, at=now)
        return _principal(staff)


def set_login_password(url: str, work_number: str, password: str) -> str:
    """PostgreSQL mode (`admin set-password` on a shared database): the person signs in as their
    own database login, so their password is that login's: ALTER ROLE … PASSWORD with a
    SCRAM-SHA-256 verifier made on this side (the password never reaches the server's log).
    Run by the database owner with CREATEROLE or a superuser; audited without the password.
    Returns the login."""
    from console.store.opening import open_store
    from console.store.pg import admin as pg_admin
    from console.store.pg import security as sec

    pg_admin.require_postgres(url)
    check_password(password)
    store = open_store(url, seed_reference=False)
    try:
        with store.write() as s:
            conn = s.connection()
            pg_admin.require_role_admin(conn)
            staff = _find_staff(s, work_number)
            login = staff.db_role
            if not login or not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}).first():
                raise StoreError(T("{name} ({work_number}) has no database login here yet: create it with "
                                   "'branch-console admin add-user --db URL --work-number {work_number} "
                                   "--name … --role …' (it sets the password too)",
                                   name=staff.name, work_number=staff.work_number))
            verifier = pg_admin.scram_verifier(conn, login, password)
            conn.exec_driver_sql(f"ALTER ROLE {sec.q(login)} PASSWORD '{verifier}'")
            by = conn.execute(text("SELECT current_user")).scalar()
            audit.record(s, actor_id=None, action="staff.password_set", entity="staff", entity_id=staff.id,
                         branch_id=staff.branch_id, before={"password_set": True},
                         after={"password_set": True, "work_number": staff.work_number, "db_role": login,
                                "by": by})
            return login
    finally:
        store.dispose()
