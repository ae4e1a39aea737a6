"""One way to open a database: `open_store(url)` creates or migrates it and returns a Store.

SQLite (one PC): WAL, synchronous=FULL, foreign keys on, a busy timeout, and
`BEGIN IMMEDIATE` for write transactions so that two writers queue instead of
failing with "database is locked". PostgreSQL (shared deployment): plain
READ COMMITTED transactions; optimistic locking on orders catches lost updates.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

APP_NAME = "branch-console"
ENV_DB = "BRANCH_CONSOLE_DB"
SQLITE_BUSY_TIMEOUT_MS = 15_000


class StoreError(RuntimeError):
    """A database problem explained in words a user can act on."""


class SchemaTooNewError(StoreError):
    pass


class ConcurrentEditError(StoreError):
    """Someone else changed the record since it was read; nothing was written."""

    def __init__(self, message: str, *, changed_by: str | None = None, changes: list[str] | None = None):
        super().__init__(message)
        self.changed_by = changed_by
        self.changes = changes or []


def default_db_url() -> str:
    """`BRANCH_CONSOLE_DB`, else a SQLite file in the platform user-data folder."""
    env = os.environ.get(ENV_DB)
    if env:
        return env
    data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{data_dir / 'console.sqlite3'}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # The driver must not open transactions by itself: we emit BEGIN ourselves.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    mode = cur.execute("PRAGMA journal_mode = WAL").fetchone()
    if mode and str(mode[0]).lower() not in {"wal", "memory"}:
        raise StoreError(f"SQLite refused WAL journal mode (got {mode[0]!r})")
    cur.execute("PRAGMA synchronous = FULL")
    cur.close()


def _sqlite_begin(conn) -> None:
    if conn.get_execution_options().get("sqlite_immediate"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def make_engine(url: str) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(u, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if u.get_backend_name() == "postgresql":
        return create_engine(u, pool_pre_ping=True)
    raise StoreError(
        f"unsupported database URL {u.render_as_string(hide_password=True)!r}: "
        "use sqlite:///path/to/file.sqlite3 or postgresql+psycopg://user@host/db"
    )


@dataclass
class Store:
    """An open database: read sessions and write transactions."""

    url: str
    engine: Engine

    def __post_init__(self) -> None:
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        writer = self.engine
        if self.is_sqlite:
            writer = self.engine.execution_options(sqlite_immediate=True)
        self._write = sessionmaker(writer, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def display_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read session; its transaction is rolled back on close. Objects read stay
        usable (detached, not expired) after the block."""
        with self._read() as s:
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error."""
        with self._write() as s, s.begin():
            yield s

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None, *, migrate: bool = True, seed_reference: bool = True) -> Store:
    """Open (creating or migrating) the database at `url` and return a Store.

    Refuses a database whose schema is newer than this program. Backs up a SQLite
    file before migrating an existing schema.
    """
    from console.store import migrate as mig

    url = url or default_db_url()
    engine = make_engine(url)
    store = Store(url, engine)
    try:
        if migrate:
            mig.upgrade_to_head(store)
        else:
            mig.check_revision(store)
        if seed_reference:
            from console.store.reference import seed_reference_data

            seed_reference_data(store)
    except Exception:
        engine.dispose()
        raise
    return store
