"""The engine and sessions of a database (console.store.opening.open_store opens one).

SQLite (one PC): WAL, synchronous=FULL, foreign keys on, a busy timeout. Reads are plain
(deferred) `BEGIN` transactions and never take the write lock; only `Store.write()` (and
a migration) runs `BEGIN IMMEDIATE`, so that two writers queue instead of failing with
"database is locked". A write that finds another program writing waits for it, says who
it is (console.store.writelock), and gives up with StoreBusy after `WRITE_WAIT_LIMIT_S`.
The file is created or migrated on open (console.store.opening), and a file on a network
share is refused (WAL needs one host), however the URL or a symlink names it. PostgreSQL (shared
deployment): plain READ COMMITTED transactions; optimistic locking on orders catches
lost updates. A console never migrates a shared database: it refuses to start unless
the schema is exactly what the code expects, and the database owner migrates with
`branch-console admin migrate` (console/store/pg/admin.py).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from console.errors import (
    StoreError,
    StoreUnavailable,
    is_unreachable,
)
from console.i18n import T
from console.store import writelock
from console.store.location import ENV_DB, data_dir, default_db_url  # noqa: F401 - ENV_DB re-exported

SQLITE_BUSY_TIMEOUT_MS = 15_000  # a statement's own wait (a read in WAL mode practically never waits)
WRITE_WAIT_LIMIT_S = 300.0  # how long a write waits for another program's write before StoreBusy


def _reason(exc: BaseException) -> str:
    from sqlalchemy.exc import DBAPIError

    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    lines = [ln.strip() for ln in str(orig).splitlines() if ln.strip()]
    return lines[0] if lines else type(orig).__name__


URL_FORMS = T("a file path, {sqlite} or {postgresql}", sqlite="sqlite:///PATH/TO/FILE.sqlite3",
              postgresql="postgresql+psycopg://USER@HOST/DB")


def _masked(text: str) -> str:
    """A URL as typed, its password hidden (for a URL SQLAlchemy cannot parse)."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", text)


def normalize_db_url(text: str | None) -> str:
    """What `--db` or BRANCH_CONSOLE_DB says, as a database URL (None: the default).

    A plain path (no `://`) is the SQLite file itself (made absolute). A URL is returned as it is,
    once it is known to be one this console opens. StoreError says what is wrong: empty,
    unparsable, PostgreSQL without its driver (`postgresql://` means psycopg2, which the console
    does not use), or another kind of database."""
    if text is None:
        return default_db_url()
    raw = text.strip()
    if not raw:
        raise StoreError(T("the database is empty (--db \"\"): give {forms}", forms=URL_FORMS))
    if "://" not in raw:
        return f"sqlite:///{Path(raw).expanduser().absolute()}"
    try:
        u = make_url(raw)
        _ = u.port  # a port that is not a number fails here
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy raises several kinds for a bad URL
        raise StoreError(T("cannot read the database URL {url!r} ({reason}): give {forms}", url=_masked(raw),
                           reason=_reason(exc), forms=URL_FORMS)) from exc
    backend, _, driver = u.drivername.lower().partition("+")
    shown = u.render_as_string(hide_password=True)
    if backend in ("postgresql", "postgres", "pgsql", "psql") and driver != "psycopg":
        fixed = u.set(drivername="postgresql+psycopg").render_as_string(hide_password=True)
        raise StoreError(T("the database URL {url!r} names no PostgreSQL driver this console has (it uses "
                           "psycopg 3): write postgresql+psycopg://… instead, e.g. {fixed}", url=shown, fixed=fixed))
    if (backend, driver) in (("sqlite", ""), ("sqlite", "pysqlite"), ("postgresql", "psycopg")):
        return raw
    raise StoreError(T("unsupported database URL {url!r}: use {forms}", url=shown, forms=URL_FORMS))


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # The driver must not open transactions by itself: we emit BEGIN ourselves.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    mode = cur.execute("PRAGMA journal_mode = WAL").fetchone()
    if mode and str(mode[0]).lower() not in {"wal", "memory"}:
        raise StoreError(T("SQLite refused WAL journal mode (got {mode!r})", mode=mode[0]))
    cur.execute("PRAGMA synchronous = FULL")
    cur.close()


def _sqlite_begin(conn) -> None:
    options = conn.get_execution_options()
    if not options.get("sqlite_immediate"):
        conn.exec_driver_sql("BEGIN")  # a read: deferred, never the write lock
        return
    waiter = options.get("sqlite_waiter")
    if waiter is None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:  # waits for another program's write, telling the listeners who it is
        waiter.begin_immediate(conn.connection.driver_connection)


# Filesystems where the SQLite file would be shared between hosts, reached through a network
# protocol, or served by a user-space (FUSE) daemon: WAL's shared-memory index and POSIX locks
# do not hold there. Local disks (ext4, xfs, btrfs, zfs, tmpfs, overlay …) are never listed.
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "nfsd", "cifs", "smb", "smb2", "smb3", "smbfs", "9p", "afs", "kafs", "openafs", "ncp", "ncpfs",
    "coda", "ceph", "cephfs", "glusterfs", "lustre", "gpfs", "ocfs2", "gfs2", "beegfs", "orangefs", "pvfs2",
    "davfs", "davfs2", "virtiofs", "vboxsf", "vmhgfs", "prl_fs", "autofs", "sshfs", "drvfs", "lizardfs", "moosefs",
    "quobyte", "wekafs", "panfs", "cvfs", "fuse",
})
NETWORK_PREFIXES = ("nfs", "smb", "fuse.", "ceph", "gluster")


def is_network_filesystem(fstype: str) -> bool:
    t = fstype.lower()
    return t in NETWORK_FILESYSTEMS or t.startswith(NETWORK_PREFIXES)


def _unescape_mount(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash in paths as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def _read_mounts() -> str | None:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def filesystem_type(path: str | Path, mounts: str | None = None) -> str | None:
    """The filesystem type of the mount holding `path` (longest mount-point prefix), read
    from `mounts` (the text of /proc/mounts; default: read it). None when unknown (no
    /proc/mounts, e.g. Windows or macOS)."""
    if mounts is None:
        mounts = _read_mounts()
        if mounts is None:
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
    """Refuse a SQLite file on a network share (StoreError, with what to do instead).

    Checked: the file itself and the folder it is in, both as named and through every symlink
    (SQLite writes its -wal and -shm files beside the file it resolves to)."""
    text_path = str(path)
    if text_path.startswith("\\\\") or (os.name == "nt" and text_path.startswith("//")):  # UNC: \\server\share
        fstype, where = "smb", text_path
    else:
        if mounts is None:
            mounts = _read_mounts()
            if mounts is None:
                return
        named = Path(os.path.abspath(os.path.expanduser(text_path)))
        real = Path(os.path.realpath(named))
        fstype = where = None
        for candidate in dict.fromkeys((str(real), str(real.parent), str(named.parent))):
            found = filesystem_type(candidate, mounts)
            if found and is_network_filesystem(found):
                fstype, where = found, candidate
                break
    if fstype and is_network_filesystem(fstype):
        if where in (text_path, None):
            raise StoreError(T(
                "the SQLite file {path} is on a network filesystem ({fstype}): SQLite's WAL needs "
                "one host; use PostgreSQL for a shared deployment (BRANCH_CONSOLE_DB="
                "postgresql+psycopg://USER@HOST/DB), or keep the SQLite file on this PC's own disk",
                path=text_path, fstype=fstype))
        raise StoreError(T(
            "the SQLite file {path} is on a network filesystem ({fstype}) (through {where}): SQLite's WAL needs "
            "one host; use PostgreSQL for a shared deployment (BRANCH_CONSOLE_DB="
            "postgresql+psycopg://USER@HOST/DB), or keep the SQLite file on this PC's own disk",
            path=text_path, fstype=fstype, where=where))


_LOCKLESS_VFS = frozenset({"unix-none", "unix-dotfile", "win32-none"})


def sqlite_file(url: str) -> Path | None:
    """The file an SQLite URL opens (None: in memory, or not SQLite), also for `file:` URIs
    (`sqlite:///file:PATH?mode=…&uri=true`): their path, percent-decoded, relative to the working
    folder when relative. StoreError for a URI naming another host, or options that switch
    SQLite's locking off (nolock, a lock-free VFS)."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite":
        return None
    db = u.database
    if not db or db == ":memory:":
        return None
    if not db.startswith("file:"):
        return Path(db).expanduser().absolute()
    query = {k: (v[-1] if isinstance(v, tuple) else v) for k, v in u.query.items()}
    if query.get("mode") == "memory":
        return None
    if str(query.get("nolock", "0")).lower() not in ("0", "false", "no", "off") or query.get("vfs") in _LOCKLESS_VFS:
        raise StoreError(T("the database URL {url!r} switches SQLite's locking off (nolock/vfs): two programs "
                           "writing at once would corrupt the file; remove that option", url=url))
    rest = db[len("file:"):]
    if rest.startswith("//"):
        authority, _, rest = rest[2:].partition("/")
        if authority not in ("", "localhost"):
            raise StoreError(T("the SQLite URI {uri!r} names another host ({host}): SQLite's WAL needs one "
                               "host; use PostgreSQL for a shared deployment", uri=db, host=authority))
        rest = "/" + rest
    rest = rest.split("#", 1)[0]
    return Path(unquote(rest)).expanduser().absolute()


def companion_file(url: str, suffix: str) -> Path | None:
    """A file that belongs with the database of `url` (e.g. the demo's base map, suffix
    ``.basemap.mbtiles``): beside an SQLite file, named after its stem (``demo.sqlite3`` ->
    ``demo.basemap.mbtiles``); for a server database in this computer's user-data folder, named
    after its host, port and database (``db.example-5432-console.basemap.mbtiles``). None for a
    database in memory. No file is opened or looked for."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        path = sqlite_file(url)
        return None if path is None else path.with_name(path.stem + suffix)
    parts = [u.host or "localhost", str(u.port or ""), u.database or ""]
    name = "-".join(p for p in parts if p)
    name = re.sub(r"[^\w.-]+", "_", name).strip("._") or "server"
    return data_dir() / (name + suffix)


def make_engine(url: str) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        path = sqlite_file(url)
        if path is not None:
            check_sqlite_location(path)
            if u.database.startswith("file:"):
                check_sqlite_location(Path(u.database).absolute())  # also the name read as a plain file
            path.parent.mkdir(parents=True, exist_ok=True)
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
        if "options" not in u.query:
            # instants come back in UTC, the console's own form (models.base.UTCDateTime), so the
            # readers of a province's rows take them as they are instead of converting each; the
            # server's own SQL names its zones (AT TIME ZONE), so nothing else depends on this
            args["options"] = "-c TimeZone=UTC"
        return create_engine(u, pool_pre_ping=True, connect_args=args)
    raise StoreError(T(
        "unsupported database URL {url!r}: use sqlite:///path/to/file.sqlite3 or postgresql+psycopg://user@host/db",
        url=u.render_as_string(hide_password=True)))


def _is_busy(exc: BaseException) -> bool:
    from sqlalchemy.exc import DBAPIError

    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    return orig is not None and writelock.is_busy(orig)


@dataclass
class Store:
    """An open database: read sessions and write transactions.

    On SQLite a write waits for another program's write (up to `write_wait_limit` seconds, default
    `WRITE_WAIT_LIMIT_S`) and reports it to its wait listeners (`add_wait_listener`) and to the
    process-wide ones (`writelock.add_listener`)."""

    url: str
    engine: Engine

    def __post_init__(self) -> None:
        self.write_wait_limit: float | None = None
        self._wait_listeners: list[writelock.Listener] = []
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._waiter = None
        self.writer_engine = self.engine
        if self.is_sqlite:
            self._waiter = writelock.LockWaiter(self.sqlite_path, self.display_url, self._wait_listeners,
                                                self._wait_limit, SQLITE_BUSY_TIMEOUT_MS)
            self.writer_engine = self.engine.execution_options(sqlite_immediate=True, sqlite_waiter=self._waiter)
        self._write = sessionmaker(self.writer_engine, expire_on_commit=False)

    def _wait_limit(self) -> float:
        return WRITE_WAIT_LIMIT_S if self.write_wait_limit is None else self.write_wait_limit

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def display_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file (None: PostgreSQL, or in memory)."""
        return sqlite_file(self.url) if self.is_sqlite else None

    def sqlite_files(self) -> tuple[str, ...]:
        """The SQLite file and every file SQLite and the console keep beside it (-wal, -shm,
        -journal, the writer announcement), as absolute paths, also through a symlink; () for
        PostgreSQL. Nothing in this process may open them (file dialogs hide them)."""
        path = self.sqlite_path
        if path is None:
            return ()
        names = []
        for base in dict.fromkeys((str(path), os.path.realpath(path))):
            names += [base, base + "-wal", base + "-shm", base + "-journal", str(writelock.marker_path(base))]
        return tuple(dict.fromkeys(names))

    def add_wait_listener(self, fn: writelock.Listener) -> None:
        """`fn(WriteWait)` hears, on the writing thread, when a write of this store waits for
        another program's write, and when it got the lock or gave up."""
        if fn not in self._wait_listeners:
            self._wait_listeners.append(fn)

    def remove_wait_listener(self, fn: writelock.Listener) -> None:
        if fn in self._wait_listeners:
            self._wait_listeners.remove(fn)

    def _busy(self, exc: BaseException) -> StoreError:
        holder = writelock.holder_of(self.sqlite_path)
        return self._waiter.busy_error(holder) if self._waiter else StoreError(str(exc))

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read session; its transaction is rolled back on close. Objects read stay
        usable (detached, not expired) after the block. StoreUnavailable when the database
        cannot be reached. On SQLite a plain (deferred) BEGIN: a read never takes the write lock."""
        try:
            with self._read() as s:
                yield s
        except StoreError:
            raise
        except Exception as exc:
            if is_unreachable(exc):
                raise StoreUnavailable(T("the database {url} cannot be reached: {reason}", url=self.display_url,
                                         reason=_reason(exc)), reason=_reason(exc), url=self.url) from exc
            if self.is_sqlite and _is_busy(exc):
                raise self._busy(exc) from exc
            raise

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error.

        StoreUnavailable when the database cannot be reached: "nothing was saved", or, when the
        connection broke during the commit itself, `unsure` (it may have been saved). StoreBusy
        when another program kept SQLite's write lock longer than the wait limit."""
        with self._mapped_write_errors() as committing:
            with self._write() as s, s.begin():
                yield s
                committing.append(True)

    @contextmanager
    def _mapped_write_errors(self) -> Iterator[list]:
        committing: list = []
        try:
            yield committing
        except StoreError:
            raise
        except Exception as exc:
            if self.is_sqlite and _is_busy(exc):
                raise self._busy(exc) from exc
            if not is_unreachable(exc):
                raise
            if committing:
                raise StoreUnavailable(T(
                    "the connection to the database {url} broke while saving ({reason}): "
                    "it may or may not have been saved", url=self.display_url, reason=_reason(exc)),
                    unsure=True, reason=_reason(exc), url=self.url) from exc
            raise StoreUnavailable(T(
                "the database {url} cannot be reached ({reason}): nothing was saved", url=self.display_url,
                reason=_reason(exc)), reason=_reason(exc), url=self.url) from exc

    @contextmanager
    def announced(self, *, person: str, action: str) -> Iterator[None]:
        """Announce a long write (an import, the demo) beside the SQLite file while the block runs,
        so that a program waiting for the lock names it ("waiting for 王芳's import of customers to
        finish…"); nothing on PostgreSQL (its writers do not block each other's reads or rows)."""
        path = self.sqlite_path
        if path is None:
            yield
            return
        with writelock.announced(path, person=person, action=action):
            yield

    @contextmanager
    def long_write(self, *, person: str, action: str) -> Iterator[Session]:
        """`write()` announced as `person`'s `action`: for a long write that must be all or
        nothing (an import's rows). Do the reading and checking before it, so that the write lock
        is held only for the writing itself."""
        with self.announced(person=person, action=action), self.write() as s:
            yield s

    @contextmanager
    def one_transaction(self, *, person: str, action: str) -> Iterator[OneTransaction]:
        """A Store-like view in which every `read()` and `write()` is a savepoint of ONE write
        transaction, committed when the block ends, rolled back entirely on any error (or when the
        program is killed): for code written as many transactions that must be all or nothing
        together (the demo). Announced like `long_write`."""
        with self.announced(person=person, action=action), self._mapped_write_errors() as committing:
            with self.writer_engine.connect() as conn:
                with conn.begin():
                    yield OneTransaction(self, conn)
                    committing.append(True)

    def ping(self) -> None:
        """One round trip to the database; StoreUnavailable when it does not answer."""
        from sqlalchemy import text

        with self.read() as s:
            s.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()


class OneTransaction:
    """See Store.one_transaction: sessions joined to one connection's transaction as savepoints."""

    def __init__(self, store: Store, conn) -> None:
        self.store, self._conn = store, conn
        self.url, self.engine = store.url, store.engine
        self.is_sqlite, self.display_url = store.is_sqlite, store.display_url

    def _session(self) -> Session:
        return Session(bind=self._conn, join_transaction_mode="create_savepoint", expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._session() as s:
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._session() as s, s.begin():
            yield s
