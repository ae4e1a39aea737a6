"""`branch-console admin …`: what the owner of a shared PostgreSQL database runs.

- `migrate(url)`: the only way a PostgreSQL schema changes. One run at a time (a session
  advisory lock; a second run waits, then finds the schema at head); only the schema's owner or
  a superuser; reference data seeded; roles and row-level security refreshed when installed.
- `init_postgres(url)`: group roles, grants, SECURITY DEFINER functions and forced row-level
  security (the SQL is in `pg_security`). Idempotent: run it again after every migration.
- people's logins are a use case with an audit row: `console.services.access.auth_pg.add_user`, and a
  new password for one: `console.services.access.auth.set_login_password` (with `scram_verifier` here).

Consoles then connect as the person's own login (`console.services.access.auth_pg.pg_sign_in`); the
database, not the program, decides what that login may see and change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import make_url

from console.errors import StoreError
from console.i18n import T
from console.store.engine import Store, make_engine
from console.store.opening import open_store
from console.store.pg import security as sec


def require_postgres(url: str) -> None:
    if make_url(url).get_backend_name() != "postgresql":
        raise StoreError(T(
            "the admin commands are for a shared PostgreSQL database (postgresql+psycopg://OWNER@HOST/DB); "
            "a SQLite console has no database logins and migrates itself when it opens"
        ))


def security_installed(conn) -> bool:
    return bool(conn.execute(text("SELECT to_regprocedure('bc_current_branch()') IS NOT NULL")).scalar())


@dataclass
class SecurityReport:
    groups: tuple[str, ...]
    protected: tuple[str, ...]
    shared: tuple[str, ...]


def apply_security(conn) -> SecurityReport:
    """Run the pg_security statements on `conn` (in its transaction). Idempotent."""
    from console.store.migrate import MIGRATION_LOCK

    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})  # not during a migration
    columns: dict[str, set[str]] = {}
    for table, column in conn.execute(text(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c"
            " JOIN information_schema.tables t USING (table_schema, table_name)"
            " WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'")):
        columns.setdefault(table, set()).add(column)
    try:
        tables = sec.classify(columns)
    except sec.UnclassifiedTableError as exc:
        raise StoreError(*exc.args) from exc  # its Text as it is (console.i18n)
    database, me = conn.execute(text("SELECT current_database(), current_user")).one()
    owners: dict[str, set[str]] = {}
    for table, owner in conn.execute(text("SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public'")):
        owners[table] = {owner, me}
    statements = [*sec.create_groups(), *sec.functions(), *sec.grants(tables, database, columns),
                  *sec.group_timeouts()]
    for login, group in conn.execute(text(
            "SELECT m.rolname, g.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid"
            " JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = ANY(:groups) AND m.rolcanlogin"),
            {"groups": list(sec.ALL_GROUPS)}):
        role = next(r for r, name in sec.GROUPS.items() if name == group)
        statements += sec.timeouts(login, role)
    branch_tables = {t for t, cols in columns.items() if "branch_id" in cols}
    links = [(table, column, parent) for table, column, parent in conn.execute(text(
        "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text FROM pg_constraint c"
        " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
        " WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1 AND c.connamespace = 'public'::regnamespace"
        " ORDER BY 1, 2")) if table in branch_tables and parent in branch_tables and column != "branch_id" and table != "audit_log"]
    for table, policy in conn.execute(text(
            "SELECT tablename, policyname FROM pg_policies WHERE schemaname = 'public' AND policyname LIKE :p"),
            {"p": sec.POLICY_PREFIX.replace("_", "\\_") + "%"}):
        statements.append(f"DROP POLICY {sec.q(policy)} ON {sec.q(table)}")
    statements += sec.policies(tables, owners)
    statements += sec.branch_links(links)
    for sql in statements:
        conn.exec_driver_sql(sql.replace("%", "%%"))  # the driver reads % as a placeholder
    return SecurityReport(sec.ALL_GROUPS, tables.protected, tables.shared)


def init_postgres(url: str) -> SecurityReport:
    """Create the group roles and install grants and row-level security on a migrated database."""
    require_postgres(url)
    store = open_store(url, seed_reference=False)  # refuses a schema that is not at head
    try:
        with store.engine.begin() as conn:
            require_role_admin(conn)
            return apply_security(conn)
    finally:
        store.dispose()


@dataclass
class MigrateReport:
    before: str | None
    after: str
    secured: SecurityReport | None = None


def migrate(url: str) -> MigrateReport:
    """Bring the schema to head (owner or superuser only, one run at a time), seed the
    reference data, and refresh roles and row-level security if `init_postgres` ran before."""
    from console.store import migrate as mig

    require_postgres(url)
    probe = Store(url, make_engine(url))
    try:
        with probe.engine.connect() as conn:
            mig.require_owner(conn, probe)  # a clear refusal before anything else
        before = mig.check_revision(probe)
    finally:
        probe.dispose()
    store = open_store(url, migrate=True)
    try:
        secured = None
        with store.engine.begin() as conn:
            if security_installed(conn):
                secured = apply_security(conn)
        return MigrateReport(before, mig.current_revision(store) or "", secured)
    finally:
        store.dispose()


_SCRAM = re.compile(r"^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$")


def scram_verifier(conn, login: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of `password` for `login`, made by libpq on this side: the
    statement that sets it (CREATE/ALTER ROLE … PASSWORD '<verifier>') never carries the
    password itself, so the server's statement log cannot show it."""
    conn.exec_driver_sql("SET LOCAL password_encryption = 'scram-sha-256'")
    pgconn = conn.connection.dbapi_connection.pgconn
    verifier = pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256").decode()
    if not _SCRAM.match(verifier):
        raise StoreError(T("libpq did not produce a SCRAM-SHA-256 verifier; refusing to store the password"))
    return verifier


def require_role_admin(conn) -> None:
    user, superuser, createrole = conn.execute(text(
        "SELECT rolname, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user")).one()
    if not (superuser or createrole):
        raise StoreError(T("the login {user} may not create roles: run the admin commands as the database owner "
                           "with CREATEROLE, or as a superuser", user=user))


__all__ = ["MigrateReport", "SecurityReport", "apply_security", "init_postgres", "migrate", "require_postgres",
           "require_role_admin", "scram_verifier", "security_installed"]
