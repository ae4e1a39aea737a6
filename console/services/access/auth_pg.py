"""Sign-in on a shared PostgreSQL database: the database login *is* the sign-in;
and the administration of those logins (`add_user`, `drop_login`).

Each person has their own LOGIN role (`branch-console admin add-user`), linked to their staff
row by `staff.db_role`. Signing in means connecting as that login with the typed password: the
server checks the password (SCRAM-SHA-256), and from then on row-level security lets the
connection see and change only what that person's role and branch allow. The console keeps
the returned URL (it holds the password; never log or store it) and opens its Store on it.

How the sign-in dialog uses it (PostgreSQL deployments; SQLite keeps `auth.PasswordAuthenticator`):

    from console.services.access.auth_pg import PgAuthenticator, is_shared
    if is_shared(server_url):                       # server_url: BRANCH_CONSOLE_DB / --db
        authenticator = PgAuthenticator(server_url, principal=Principal)
        principal = authenticator.sign_in(work_number, password)   # raises SignInError
        store = open_store(authenticator.url)       # the person's own connection; refuses a
                                                    # schema that is not at head
    # or, without the Authenticator shape:
    url, who = pg_sign_in(server_url, work_number, password)

`server_url` is the database URL without a user (any user in it is replaced). The person may
type their work number (→ the login `bcu_<work number>`) or the login name itself.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from console.errors import SignInError, StoreError
from console.i18n import T
from console.models import Staff
from console.services.access.auth import SIGNED_IN, branch_for_role, check_password
from console.services.audit import chain as audit
from console.store.engine import make_engine
from console.store.opening import open_store
from console.store.pg import security as sec
from console.store.pg.admin import (
    require_postgres,
    require_role_admin,
    scram_verifier,
    security_installed,
)
from console.vocabulary import Role, work_number_key

FAILED = T("unknown work number or wrong password")
# SQLSTATEs of a refused login: invalid_authorization_specification (no such role, or
# pg_hba rejects it), invalid_password.
_AUTH_STATES = {"28000", "28P01"}
_AUTH_WORDS = ("password authentication failed", "does not exist", "no pg_hba.conf entry",
               "not permitted to log in", "authentication failed")
LOGIN_PREFIX = "bcu_"
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
def login_name(work_number: str) -> str:
    """The default database login of a work number: `bcu_` + the work number in lower case,
    anything but letters and digits as `_` (NC001 → bcu_nc001)."""
    cleaned = re.sub(r"[^a-z0-9]", "_", work_number.strip().lower())
    return (LOGIN_PREFIX + cleaned)[:63]




@dataclass(frozen=True, slots=True)
class PgPrincipal:
    """The signed-in person (the same fields as `auth.Principal`, plus the database login)."""

    staff_id: int
    name: str
    work_number: str
    role: Role
    branch_id: int | None  # None = provincial
    login: str

    def fields(self) -> dict[str, Any]:
        """The `auth.Principal` fields: `Principal(**who.fields())`."""
        return {k: v for k, v in dataclasses.asdict(self).items() if k != "login"}


def is_shared(url: str) -> bool:
    """True for a PostgreSQL URL: sign in with `pg_sign_in` instead of staff passwords."""
    return make_url(url).get_backend_name() == "postgresql"


def _candidates(typed: str) -> list[str]:
    typed = typed.strip()
    out = []
    if ROLE_NAME.match(typed):
        out.append(typed)  # the login name itself (or a lower-case work number that is one)
    default = login_name(typed)
    if default not in out:
        out.append(default)
    return out


def _refused_login(exc: DBAPIError) -> bool:
    state = getattr(exc.orig, "sqlstate", None)
    return state in _AUTH_STATES or any(w in str(exc.orig).lower() for w in _AUTH_WORDS)


def pg_sign_in(server_url: str, work_number_or_login: str, password: str) -> tuple[str, PgPrincipal]:
    """Connect as the person's login; return (the URL to open the Store with, who they are).

    SignInError: wrong work number / login / password (one message for all, so nothing tells
    them apart), a login not linked to a staff member, or a deactivated one. StoreError: the
    server cannot be reached (the message says why).
    """
    if not is_shared(server_url):
        raise StoreError(T("pg_sign_in is for a PostgreSQL database; SQLite consoles use staff passwords"))
    typed = (work_number_or_login or "").strip()
    if not typed or not password:
        raise SignInError(T("enter your work number and password"))
    base = make_url(server_url)
    for login in _candidates(typed):
        url = base.set(username=login, password=password)
        engine = create_engine(url, poolclass=NullPool)
        try:
            with engine.connect() as conn:
                rows = conn.execute(text(
                    "SELECT staff_id, work_number, name, role, branch_id, active FROM bc_whoami()")).all()
                if rows and rows[0][5]:  # R-ACC: the sign-in, written by the database as this login
                    conn.execute(text(
                        "SELECT bc_audit_append(CAST(:b AS integer), now(), :s, :a, 'staff', :s, NULL,"
                        " CAST(:after AS json))"),
                        {"b": rows[0][4], "s": rows[0][0], "a": SIGNED_IN,
                         "after": json.dumps({"work_number": work_number_key(rows[0][1]), "login": login})})
                    conn.commit()
        except DBAPIError as exc:
            if _refused_login(exc):
                continue
            if "bc_whoami" in str(exc.orig):
                raise StoreError(T("{database} has no console sign-in functions: the owner runs "
                                   "'branch-console admin init-postgres --db URL'",
                                   database=base.render_as_string(hide_password=True))) from exc
            raise StoreError(T("cannot reach the database {database}: {reason}",
                               database=base.render_as_string(hide_password=True),
                               reason=str(exc.orig).strip())) from exc
        finally:
            engine.dispose()
        if not rows:
            raise SignInError(T("the database login {login} is not linked to a staff member here: "
                                "ask an administrator ('branch-console admin add-user')", login=login))
        staff_id, work_number, name, role, branch_id, active = rows[0]
        if not active:
            raise SignInError(T("{name} ({work_number}) is deactivated: ask an administrator",
                                name=name, work_number=work_number))
        who = PgPrincipal(staff_id, name, work_number, Role(role), branch_id, login)
        return url.render_as_string(hide_password=False), who
    raise SignInError(FAILED)


class PgAuthenticator:
    """`sign_in(work_number, password) -> principal` (the Authenticator shape of `auth.py`) on
    PostgreSQL. After a successful sign-in `url` is the person's own database URL."""

    def __init__(self, server_url: str, principal: Callable[..., Any] | None = None):
        self.server_url = server_url
        self._make = principal
        self.url: str | None = None
        self.who: PgPrincipal | None = None

    def sign_in(self, work_number: str, password: str):
        self.url, self.who = pg_sign_in(self.server_url, work_number, password)
        return self._make(**self.who.fields()) if self._make else self.who


# ---- administration: people's logins (`branch-console admin add-user`) ------------------------
@dataclass
class AddUserReport:
    login: str
    group: str
    staff_id: int
    branch: str | None
    created: bool  # False: an existing login of the same person was updated
    notes: list[str] = field(default_factory=list)


def add_user(url: str, *, work_number: str, name: str, role: str | Role, branch: str | None,
             password: str, login: str | None = None, phone: str = "") -> AddUserReport:
    """Create (or update) one person's database login, its group and the linked staff row."""
    require_postgres(url)
    role = Role(role)
    work_number = work_number.strip()
    if not work_number or not name.strip():
        raise StoreError(T("a work number and a name are required"))
    check_password(password)
    login = login or login_name(work_number)
    if not ROLE_NAME.match(login) or login in sec.ALL_GROUPS:
        raise StoreError(T("{login!r} cannot be a login name: use lower-case letters, digits and _ "
                           "(at most 63, not a group role's name)", login=login))
    group = sec.GROUPS[role]
    store = open_store(url, seed_reference=False)
    try:
        with store.write() as s:
            conn = s.connection()
            require_role_admin(conn)
            missing = [g for g in sec.ALL_GROUPS
                       if not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :g"), {"g": g}).first()]
            if missing or not security_installed(conn):
                raise StoreError(T("the roles and row-level security are not installed in this database yet: "
                                   "run 'branch-console admin init-postgres --db URL' first"))
            br = branch_for_role(s, role, branch)
            staff = s.scalar(select(Staff).where(Staff.work_number_key == work_number_key(work_number)))
            holder = s.scalar(select(Staff).where(Staff.db_role == login))
            if holder is not None and holder is not staff:
                raise StoreError(T("the login {login} already belongs to work number {work_number}",
                                   login=login, work_number=holder.work_number))
            if staff is not None and staff.db_role and staff.db_role != login:
                raise StoreError(T("work number {work_number} already signs in as {login}",
                                   work_number=work_number, login=staff.db_role))
            existing = conn.execute(text("SELECT rolsuper, rolcanlogin FROM pg_roles WHERE rolname = :n"),
                                    {"n": login}).first()
            if existing is not None and (holder is None or existing[0] or not existing[1]):
                raise StoreError(T("a role named {login} already exists in this PostgreSQL server and is not "
                                   "{work_number}'s login here: choose another name with --login",
                                   login=login, work_number=work_number))
            verifier = scram_verifier(conn, login, password)
            ident = sec.q(login)
            if existing is None:
                conn.exec_driver_sql(f"CREATE ROLE {ident} LOGIN INHERIT PASSWORD '{verifier}'")
            else:
                conn.exec_driver_sql(f"ALTER ROLE {ident} LOGIN INHERIT PASSWORD '{verifier}'")
                for other in sec.ALL_GROUPS:
                    if other != group:
                        conn.exec_driver_sql(f"REVOKE {sec.q(other)} FROM {ident}")
            conn.exec_driver_sql(f"GRANT {sec.q(group)} TO {ident}")
            for statement in sec.timeouts(login, role):  # per login: a group's settings are not inherited
                conn.exec_driver_sql(statement)
            before = None
            if staff is None:
                staff = Staff(work_number=work_number, name=name.strip(), role=role, phone=phone,
                              branch_id=br.id if br else None, active=True, db_role=login)
                s.add(staff)
            else:
                before = {"name": staff.name, "role": Role(staff.role).value, "branch_id": staff.branch_id,
                          "db_role": staff.db_role, "active": staff.active}
                staff.name, staff.role, staff.branch_id = name.strip(), role, br.id if br else None
                staff.db_role, staff.active = login, True
                if phone:
                    staff.phone = phone
            s.flush()
            by = conn.execute(text("SELECT current_user")).scalar()
            audit.record(s, actor_id=None, action="staff.db_login", entity="staff", entity_id=staff.id,
                         branch_id=staff.branch_id, before=before,
                         after={"work_number": work_number, "name": staff.name, "role": role.value,
                                "branch_id": staff.branch_id, "db_role": login, "group": group, "by": by})
            return AddUserReport(login, group, staff.id, br.name if br else None, created=existing is None)
    finally:
        store.dispose()


def drop_login(url: str, login: str) -> None:
    """Remove a login (tests, departures): unlink its staff row in this database, hand anything
    it owns here to the caller, drop its privileges, then drop the role. A role owning objects
    in other databases of the server must be cleaned there first (PostgreSQL says which)."""
    require_postgres(url)
    if not ROLE_NAME.match(login) or login in sec.ALL_GROUPS:
        raise StoreError(T("{login!r} is not a console login", login=login))
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}).first():
                return
            linked = conn.execute(text(
                "SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'staff'"
                " AND column_name = 'db_role'")).first()
            if linked:
                with Session(bind=conn) as s:
                    for person in s.scalars(select(Staff).where(Staff.db_role == login)):
                        audit.record(s, actor_id=None, action="staff.db_login_dropped", entity="staff",
                                     entity_id=person.id, branch_id=person.branch_id,
                                     before={"db_role": login, "active": person.active},
                                     after={"db_role": None, "active": False})
                        person.db_role, person.active = None, False
                    s.flush()
            ident = sec.q(login)
            conn.exec_driver_sql(f"REASSIGN OWNED BY {ident} TO CURRENT_USER")
            conn.exec_driver_sql(f"DROP OWNED BY {ident}")
            conn.exec_driver_sql(f"DROP ROLE {ident}")
    finally:
        engine.dispose()


__all__ = ["FAILED", "AddUserReport", "PgAuthenticator", "PgPrincipal", "SignInError", "add_user", "drop_login",
           "is_shared", "login_name", "pg_sign_in"]
