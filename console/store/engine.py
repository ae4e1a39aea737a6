"""The engine and sessions of a database (console.store.opening.open_store opens one).

SQLite (one PC): WAL, synchronous=FULL, foreign keys on, a busy timeout, and
`BEGIN IMMEDIATE` for write transactions so that two writers queue instead of
failing with "database is locked". The file is created or migrated on open, and a
file on a network share is refused (WAL needs one host). PostgreSQL (shared
deployment): plain READ COMMITTED transactions; optimistic locking on orders catches
lost updates. A console never migrates a shared database: it refuses to start unless
the schema is exactly what the code expects, and the database owner migrates with
`branch-console admin migrate` (console/store/pg/admin.py).
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

from console.errors import (
    StoreError,
    StoreUnavailable,
    is_unreachable,
)

APP_NAME = "branch-console"
ENV_DB = "BRANCH_CONSOLE_DB"
SQLITE_BUSY_TIMEOUT_MS = 15_000


def _reason(exc: BaseException) -> str:
    from sqlalchemy.exc import DBAPIError

    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    lines = [ln.strip() for ln in str(orig).splitlines() if ln.strip()]
    return lines[0] if lines else type(orig).__name__


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


# Filesystems where the SQLite file would be shared between hosts (or reached through a
# network protocol): WAL's shared-memory index and POSIX locks do not work across hosts there.
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "9p", "afs", "ncpfs", "coda",
    "ceph", "glusterfs", "lustre", "gpfs", "ocfs2", "gfs2", "davfs", "virtiofs",
    "fuse.sshfs", "sshfs", "fuse.glusterfs", "fuse.ceph", "fuse.rclone", "fuse.s3fs",
    "fuse.davfs2", "fuse.smbnetfs", "fuse.gvfsd-fuse",
})


def _unescape_mount(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash in paths as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def filesystem_type(path: str | Path, mounts: str | None = None) -> str | None:
    """The filesystem type of the mount holding `path` (longest mount-point prefix), read
    from `mounts` (the text of /proc/mounts; default: read it). None when unknown (no
    /proc/mounts, e.g. Windows or macOS)."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = os.path.realpath(os.path.expanduser(str(path)))  # through symlinks
    best, best_type = "", None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point, fstype = _unescape_mount(fields[1]), fields[2]
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):  # later lines shadow earlier ones on the same point
            best, best_type = point, fstype
    return best_type


def check_sqlite_location(path: str | Path, mounts: str | None = None) -> None:
    """Refuse a SQLite file on a network share (StoreError, with what to do instead)."""
    text_path = str(path)
    if text_path.startswith("\\\\") or (os.name == "nt" and text_path.startswith("//")):  # UNC: \\server\share
        fstype = "smb"
    else:
        fstype = filesystem_type(Path(text_path).expanduser().parent, mounts)
    if fstype and (fstype.lower() in NETWORK_FILESYSTEMS or fstype.lower().startswith("nfs")):
        raise StoreError(
            f"the SQLite file {text_path} is on a network filesystem ({fstype}): SQLite's WAL needs "
            "one host; use PostgreSQL for a shared deployment (BRANCH_CONSOLE_DB="
            "postgresql+psycopg://USER@HOST/DB), or keep the SQLite file on this PC's own disk"
        )


def make_engine(url: str) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:" and not u.database.startswith("file:"):
            check_sqlite_location(u.database)
        if u.database and u.database != ":memory:":
            Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(u, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if u.get_backend_name() == "postgresql":
        # A stopped server or a cut network must fail in seconds, not hang the console (README
        # "When the database goes away"): connect timeout and TCP keepalives, unless the URL sets its own.
        wanted = {"connect_timeout": 5, "keepalives": 1, "keepalives_idle": 15, "keepalives_interval": 5,
                  "keepalives_count": 3}
        args = {k: v for k, v in wanted.items() if k not in u.query}
        return create_engine(u, pool_pre_ping=True, connect_args=args)
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
        usable (detached, not expired) after the block. StoreUnavailable when the database
        cannot be reached."""
        try:
            with self._read() as s:
                yield s
        except StoreError:
            raise
        except Exception as exc:
            if is_unreachable(exc):
                raise StoreUnavailable(f"the database {self.display_url} cannot be reached: {_reason(exc)}",
                                       reason=_reason(exc)) from exc
            raise

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error.

        StoreUnavailable when the database cannot be reached: "nothing was saved", or, when the
        connection broke during the commit itself, `unsure` (it may have been saved)."""
        committing = False
        try:
            with self._write() as s, s.begin():
                yield s
                committing = True
        except StoreError:
            raise
        except Exception as exc:
            if not is_unreachable(exc):
                raise
            if committing:
                raise StoreUnavailable(
                    f"the connection to the database {self.display_url} broke while saving ({_reason(exc)}): "
                    "it may or may not have been saved", unsure=True, reason=_reason(exc)) from exc
            raise StoreUnavailable(
                f"the database {self.display_url} cannot be reached ({_reason(exc)}): nothing was saved",
                reason=_reason(exc)) from exc

    def ping(self) -> None:
        """One round trip to the database; StoreUnavailable when it does not answer."""
        from sqlalchemy import text

        with self.read() as s:
            s.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()
