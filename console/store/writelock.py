"""Who holds an SQLite file's write lock, and waiting for it (docs/security.md, "SQLite on one PC").

SQLite lets one connection write at a time. A write that finds the lock taken waits for it here,
and tells whoever listens (the command line prints a line, the console shows it in the status
bar) who it is waiting for:

* a long write (an import, the demo) announces itself in a side file `<db>.writer`, one JSON
  object (person, action, program, pid, host, started), written when it starts and removed when
  it ends (`announced`); an announcement whose process is gone is ignored;
* on Linux the process holding the lock is read from /proc/locks: SQLite's WAL write lock is a
  POSIX write lock on byte 120 of the `-shm` file. An announcement of another process is not
  taken for the holder, so the message never blames the wrong program.

Nothing here opens the database file or its `-wal`/`-shm` siblings (only stat): opening and closing
them in this process would release SQLite's own POSIX locks.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from console.errors import StoreBusy
from console.i18n import T, Text

# SQLite's WAL locks live in the -shm file from byte 120 (WALINDEX_LOCK_OFFSET); the write lock is the first.
WAL_WRITE_LOCK_BYTE = 120
POLL_MS = 1000  # one attempt at the lock waits this long inside SQLite before we report and try again


@dataclass(frozen=True)
class Writer:
    """An announced long write: who, what, which process, since when."""

    person: str
    action: str
    program: str
    pid: int
    host: str
    started: str  # ISO 8601 with the UTC offset

    @property
    def since(self) -> str:
        try:
            return dt.datetime.fromisoformat(self.started).astimezone().strftime("%H:%M:%S")
        except ValueError:
            return self.started


def marker_path(db: str | Path) -> Path:
    db = Path(db)
    return db.with_name(db.name + ".writer")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    except OSError:
        return False
    return True


def read_marker(db: str | Path) -> Writer | None:
    """The announcement beside `db`, or None (none, unreadable, or its process is gone)."""
    try:
        data = json.loads(marker_path(db).read_text(encoding="utf-8"))
        w = Writer(person=str(data["person"]), action=str(data["action"]), program=str(data["program"]),
                   pid=int(data["pid"]), host=str(data["host"]), started=str(data["started"]))
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if w.host == socket.gethostname() and not _alive(w.pid):
        return None
    return w


@contextmanager
def announced(db: str | Path, *, person: str, action: str, program: str = "branch-console") -> Iterator[Writer | None]:
    """Announce a long write on `db` for the duration of the block (see the module doc). Nested
    announcements of one process keep the outer one. A folder where the side file cannot be
    written only loses the announcement, never the write."""
    path = marker_path(db)
    current = read_marker(db)
    if current is not None and current.pid == os.getpid() and current.host == socket.gethostname():
        yield current
        return
    me = Writer(person=person or "someone", action=action, program=program, pid=os.getpid(),
                host=socket.gethostname(), started=dt.datetime.now().astimezone().isoformat(timespec="seconds"))
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    written = False
    try:
        tmp.write_text(json.dumps(asdict(me), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
        written = True
    except OSError:
        tmp.unlink(missing_ok=True)
    try:
        yield me if written else None
    finally:
        if written and read_marker(db) == me:
            try:
                path.unlink()
            except OSError:
                pass


def write_lock_holder(db: str | Path, locks: str | None = None) -> int | None:
    """The pid holding SQLite's WAL write lock on `db`, from `locks` (the text of /proc/locks;
    default: read it); None when unknown (not Linux, no -shm file, nobody holds it)."""
    db = Path(db)
    try:
        inode = os.stat(db.with_name(db.name + "-shm")).st_ino
    except OSError:
        return None
    if locks is None:
        try:
            locks = Path("/proc/locks").read_text(encoding="ascii", errors="replace")
        except OSError:
            return None
    for line in locks.splitlines():
        f = line.split()
        # "7: POSIX  ADVISORY  WRITE 4242 fe:00:2147131 120 120"; a waiter's line has "->" after the number
        if len(f) < 8 or f[1] not in ("POSIX", "OFDLCK") or f[3] != "WRITE":
            continue
        if not f[5].endswith(f":{inode}"):
            continue
        try:
            pid, start = int(f[4]), int(f[6])
            end = int(f[7]) if f[7] != "EOF" else 1 << 62
        except ValueError:
            continue
        if start <= WAL_WRITE_LOCK_BYTE <= end and pid > 0:
            return pid
    return None


def program_of(pid: int) -> str:
    """A short name of the program running as `pid` ("sqlite3", "python3 -m console"), or ""."""
    try:
        argv = [a for a in Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace").split("\0") if a]
    except OSError:
        return ""
    if not argv:
        return ""
    name = os.path.basename(argv[0])
    if name.startswith("python") and len(argv) > 1:
        rest = argv[1:3] if argv[1] == "-m" else [os.path.basename(argv[1])]
        name = " ".join([name, *rest])
    return name[:60]


@dataclass(frozen=True)
class Holder:
    """Who holds the write lock, as far as it is known."""

    writer: Writer | None = None  # the announcement of the process that holds it
    pid: int | None = None
    program: str = ""

    @property
    def who(self) -> str:
        """Who is writing: "王芳's import of customers", "another program"."""
        if self.writer is not None:
            # the action as announced (English, marked N_() by whoever announced it): the
            # catalogue translates it when it knows it, otherwise it is shown as it was written
            return T("{person}'s {action}", person=self.writer.person,
                     action=Text.__new__(Text, self.writer.action))
        if self.pid == os.getpid():
            return T("another connection of this program")
        return T("another program")

    @property
    def detail(self) -> str:
        """Which process: "branch-console, pid 4242, started 10:02:13", "sqlite3, pid 4242", or ""."""
        if self.writer is not None:
            return T("{program}, pid {pid}, started {since}", program=self.writer.program, pid=self.writer.pid,
                     since=self.writer.since)
        if self.pid is not None and self.pid != os.getpid():
            return T("{program}, pid {pid}", program=self.program or T("unknown", _context="program"), pid=self.pid)
        return ""

    @property
    def text(self) -> str:
        """Both, for a message: "王芳's import of customers (branch-console, pid 4242, started 10:02:13)"."""
        return T("{who} ({detail})", who=self.who, detail=self.detail) if self.detail else self.who


def holder_of(db: str | Path | None) -> Holder:
    if db is None:
        return Holder()
    pid = write_lock_holder(db)
    marker = read_marker(db)
    if marker is not None and (pid is None or pid == marker.pid):
        return Holder(marker, marker.pid, marker.program)
    return Holder(None, pid, program_of(pid) if pid is not None else "")


@dataclass(frozen=True)
class WriteWait:
    """A write waiting for the lock: reported when it starts waiting, about every second while it
    waits, and once when it got the lock (`state` "done") or gave up ("gave_up")."""

    database: str
    holder: Holder
    waited: float
    limit: float
    state: str = "waiting"

    def line(self) -> str:
        """What to tell the person waiting (a Text: `console.i18n.render` says it in their language)."""
        if self.state == "done":
            return T("the database is free again after {waited}: writing now", waited=_duration(self.waited))
        h = self.holder
        if h.writer is not None:
            text = T("waiting for {who} to finish ({detail})…", who=h.who, detail=h.detail) if h.detail else \
                T("waiting for {who} to finish…", who=h.who)
        else:
            text = T("waiting for the database: {who} is writing ({detail})…", who=h.who, detail=h.detail) \
                if h.detail else T("waiting for the database: {who} is writing…", who=h.who)
        if self.waited >= 5:
            text = T("{waiting} ({waited} so far; giving up after {limit})", waiting=text,
                     waited=_duration(self.waited), limit=_duration(self.limit))
        return text


def _duration(seconds: float) -> str:
    s = int(round(seconds))
    if s < 60:
        return T("{s} s", s=s)
    m, s = divmod(s, 60)
    return T("{m} min {s} s", m=m, s=s) if s else T("{m} min", m=m)


Listener = Callable[[WriteWait], None]
_listeners: list[Listener] = []  # process-wide (the command line); a Store has its own too


def add_listener(fn: Listener) -> None:
    if fn not in _listeners:
        _listeners.append(fn)


def remove_listener(fn: Listener) -> None:
    if fn in _listeners:
        _listeners.remove(fn)


def is_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked" (SQLITE_BUSY and its extended codes)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF == 5:
        return True
    return isinstance(exc, sqlite3.OperationalError) and "database is locked" in str(exc).lower()


class LockWaiter:
    """Takes SQLite's write lock for a Store (BEGIN IMMEDIATE), waiting for it while another
    program writes, telling the listeners, and giving up with StoreBusy after the limit."""

    def __init__(self, db: Path | None, display: str, listeners: list[Listener], limit: Callable[[], float],
                 busy_timeout_ms: int):
        self.db, self.display, self.listeners, self.limit = db, display, listeners, limit
        self.busy_timeout_ms = busy_timeout_ms

    def _tell(self, event: WriteWait) -> None:
        for fn in [*self.listeners, *_listeners]:
            try:
                fn(event)
            except Exception:  # noqa: BLE001 - a listener never breaks a write
                pass

    def begin_immediate(self, dbapi_conn) -> None:
        started = time.monotonic()
        limit = self.limit()
        waited_before = False
        dbapi_conn.execute(f"PRAGMA busy_timeout = {POLL_MS}")
        try:
            while True:
                try:
                    dbapi_conn.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as exc:
                    if not is_busy(exc):
                        raise
                    waited = time.monotonic() - started
                    holder = holder_of(self.db)
                    if waited >= limit:
                        self._tell(WriteWait(self.display, holder, waited, limit, "gave_up"))
                        raise self.busy_error(holder, limit) from exc
                    waited_before = True
                    self._tell(WriteWait(self.display, holder, waited, limit))
        finally:
            dbapi_conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
        if waited_before:
            self._tell(WriteWait(self.display, Holder(), time.monotonic() - started, limit, "done"))

    def busy_error(self, holder: Holder, limit: float | None = None) -> StoreBusy:
        db, who = self.display, holder.text
        stop = holder.pid if holder.pid and holder.pid != os.getpid() else None
        if limit is None and stop is None:
            message = T("the database {database} is still being written by {holder}: nothing was saved. "
                        "Try again when it has finished", database=db, holder=who)
        elif limit is None:
            message = T("the database {database} is still being written by {holder}: nothing was saved. "
                        "Try again when it has finished, or stop pid {pid}", database=db, holder=who, pid=stop)
        elif stop is None:
            message = T("the database {database} is still being written by {holder} after {waited} of waiting: "
                        "nothing was saved. Try again when it has finished", database=db, holder=who,
                        waited=_duration(limit))
        else:
            message = T("the database {database} is still being written by {holder} after {waited} of waiting: "
                        "nothing was saved. Try again when it has finished, or stop pid {pid}", database=db,
                        holder=who, waited=_duration(limit), pid=stop)
        return StoreBusy(message, holder=who)
