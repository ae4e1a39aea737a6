"""Alembic, driven from code: create, upgrade (after a backup) or refuse a database.

On PostgreSQL only the database owner (or a superuser) migrates, through
`branch-console admin migrate`, one run at a time (a session advisory lock); consoles only
check the revision (`require_head`)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import functools
import re
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from console.errors import SchemaOutdatedError, SchemaTooNewError, StoreError
from console.i18n import T
from console.store.engine import Store

if TYPE_CHECKING:  # Alembic is imported to migrate, not when a command or the console opens a database
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
MIGRATION_LOCK = 0x0BC0_0001  # pg_advisory_lock key: one migration of a database at a time
ADMIN_MIGRATE = "branch-console admin migrate --db URL"


def alembic_config(store: Store) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", store.url.replace("%", "%%"))
    return cfg


_REVISION = re.compile(r"^revision(?:\s*:[^=\n]*)?\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision(?:\s*:[^=\n]*)?\s*=\s*(?:None|['\"]([^'\"]*)['\"])", re.M)


@functools.cache
def revisions() -> dict[str, str | None]:
    """Every migration script's revision and the one it follows, read from the scripts' text: the
    ids Alembic reads (a test holds the two equal), without importing Alembic — opening a database
    checks its revision on every start of the console and of each command."""
    out: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS / "versions").glob("*.py")):
        source = script.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev is None or down is None:
            raise StoreError(T("migration script {name} names no revision", name=script.name))
        out[rev.group(1)] = down.group(1) or None
    return out


def head_revision() -> str:
    known = revisions()
    heads = sorted(set(known) - {d for d in known.values() if d})
    if len(heads) != 1:
        raise StoreError(T("migration scripts have {heads} heads; expected one", heads=len(heads)))
    return heads[0]


def current_revision(store: Store) -> str | None:
    with store.engine.connect() as conn:
        return _current_on(conn)


def _current_on(conn) -> str | None:
    """The revision in the database's ``alembic_version`` table (None: no schema yet)."""
    if not conn.dialect.has_table(conn, "alembic_version"):
        return None
    rows = [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))]
    if len(rows) > 1:
        raise StoreError(T("the database has {n} schema revisions ({revisions}); expected one", n=len(rows),
                           revisions=", ".join(rows)))
    return rows[0] if rows else None


def check_revision(store: Store) -> str | None:
    """The database's schema revision (None: no schema yet); SchemaTooNewError when it was
    written by a newer program."""
    with store.engine.connect() as conn:
        return check_revision_on(conn, store)


def backup_sqlite(store: Store, revision: str) -> Path | None:
    """Copy the SQLite file (consistently, via the backup API) before a migration."""
    path = make_url(store.url).database
    if not path or path == ":memory:" or not Path(path).exists():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = Path(path).with_name(f"{Path(path).name}.{revision}.{stamp}.bak")
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def require_head(store: Store) -> str:
    """A console on a shared database: refuse any schema but exactly the code's head."""
    try:
        current = check_revision(store)  # newer than the code: SchemaTooNewError
    except ProgrammingError as exc:
        if getattr(exc.orig, "sqlstate", None) != "42501":  # insufficient_privilege
            raise
        raise StoreError(T(
            "this login may not read the schema revision of {url}: the database owner runs "
            "'branch-console admin init-postgres --db URL' to grant the console roles their rights",
            url=store.display_url)) from exc
    head = head_revision()
    if current != head:
        have = T("schema revision {revision}", revision=current) if current else \
            T("no schema yet (an empty database)")
        raise SchemaOutdatedError(T(
            "the database {url} has {have}, but this console needs revision {head}. "
            "A console does not migrate a shared database: the database owner runs "
            "'{command}' (which also refreshes the roles and row-level security), then every "
            "console starts again", url=store.display_url, have=have, head=head, command=ADMIN_MIGRATE))
    return current


def require_owner(conn, store: Store) -> None:
    """Only a superuser or the owner of the schema may migrate a PostgreSQL database."""
    row = conn.execute(text(
        "SELECT current_user, r.rolsuper, d.datdba = r.oid AS owns_db, pg_get_userbyid(d.datdba),"
        " (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'alembic_version')"
        " FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()"
    )).one()
    user, superuser, owns_db, db_owner, schema_owner = row
    allowed = superuser or (schema_owner == user if schema_owner else owns_db)
    if not allowed:
        raise StoreError(T(
            "the login {user} may not migrate {url}: only the schema's owner "
            "({owner}) or a superuser migrates, with '{command}'", user=user, url=store.display_url,
            owner=schema_owner or db_owner, command=ADMIN_MIGRATE))


def upgrade_to_head(store: Store, then: Callable[[], None] | None = None) -> None:
    """Migrate to head, then run `then` (reference data); on PostgreSQL both inside the
    migration lock, so a second run waits until the first has finished both."""
    if not store.is_sqlite:
        _upgrade_postgres(store, then)
        return
    current = check_revision(store)  # a read: at head, opening writes nothing
    if current != head_revision():
        if current is not None:
            backup_sqlite(store, current)
        with store.writer_engine.begin() as conn:  # BEGIN IMMEDIATE, waiting for another program's write
            _upgrade_on(conn, store)
            missing = missing_columns(lambda t: [r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{t}")')])
            if missing:  # the revision it claimed did not match its tables: roll the migration back
                raise StoreError(mismatch_message(store.display_url, current, missing))
    if then is not None:
        then()


def missing_columns(columns_of: Callable[[str], list[str]]) -> list[str]:
    """Every table and column of the models that the database lacks ("work_order.due_at", "callback"),
    given `columns_of(table)`: the column names of a table ([] when it does not exist)."""
    from console.models import Base

    missing: list[str] = []
    for name, table in sorted(Base.metadata.tables.items()):
        have = set(columns_of(name))
        if not have:
            missing.append(name)
            continue
        missing += [f"{name}.{c.name}" for c in table.columns if c.name not in have]
    return missing


def mismatch_message(database: str, revision: str | None, missing: list[str]) -> T:
    shown = ", ".join(missing[:5])
    if len(missing) > 5:
        shown = T("{shown} and {more} more", shown=shown, more=len(missing) - 5)
    return T("the database {database} says it has schema revision {revision}, but it lacks {shown}: it was changed "
             "outside the console (or by another program); nothing was written to it. Restore the newest backup "
             "(*.bak beside the file) or ask for help", database=database, revision=revision, shown=shown)


def _upgrade_postgres(store: Store, then: Callable[[], None] | None) -> None:
    head = head_revision()
    with store.engine.connect() as conn:
        require_owner(conn, store)  # before anything else: a console login learns nothing more
        conn.commit()
        # Session lock: a second `admin migrate` waits here until the first has committed,
        # then finds the schema at head and does nothing.
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
        conn.commit()
        try:
            with conn.begin():
                if check_revision_on(conn, store) != head:
                    _upgrade_on(conn, store)
            if then is not None:
                then()
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
            conn.commit()


def check_revision_on(conn, store: Store) -> str | None:
    """`check_revision` on an open connection (e.g. inside the migration lock)."""
    current = _current_on(conn)
    if current is not None and current not in revisions():
        raise SchemaTooNewError(T(
            "the database {url} has schema revision {revision}, which this "
            "version of the console does not know (it knows up to {head}); "
            "it was written by a newer console: update this one instead of opening it",
            url=store.display_url, revision=current, head=head_revision()))
    return current


def _upgrade_on(conn, store: Store) -> None:
    """Alembic's upgrade to head on `conn`, inside the caller's transaction."""
    from alembic import command

    cfg = alembic_config(store)
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


__all__ = ["ADMIN_MIGRATE", "MIGRATION_LOCK", "alembic_config", "backup_sqlite", "check_revision", "current_revision",
           "head_revision", "mismatch_message", "missing_columns", "require_head", "require_owner", "upgrade_to_head"]
