"""SQLite's write lock on one PC (docs/security.md, "SQLite on one PC").

Another PROCESS holds the write lock (a plain `BEGIN IMMEDIATE`, or the console's own announced
long write, as an import does). Then: opening the database and the read-only commands (`stats`,
`audit verify`, `audit head`) never wait for it; a write waits, says whom it waits for (the
announced person and action, or the program and pid read from /proc/locks), and works once the
lock is free; after the limit it says why not, with no traceback and nothing saved.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from console.cli import main
from console.models import Branch
from console.store import engine, open_store, writelock

ROOT = Path(__file__).resolve().parents[2]
BRANCH = ["admin", "add-branch", "--code", "NC", "--name", "南昌市分公司", "--kind", "city", "--hotline",
          "0791-96956", "--supervision-phone", "0791-88888888", "--lat", "28.68", "--lon", "115.86"]

HOLDER = r"""
import sqlite3, sys
from sqlalchemy import text
url, path, how = sys.argv[1:4]
if how == "announced":  # the console's long write, as an import makes it
    from console.store import open_store
    store = open_store(url)
    with store.long_write(person="王芳", action="import of customers") as s:
        s.execute(text("SELECT 1"))  # the session's BEGIN IMMEDIATE: the lock is held from here
        print("holding", flush=True)
        sys.stdin.readline()
    store.dispose()
else:  # any other program
    c = sqlite3.connect(path, isolation_level=None)
    c.execute("BEGIN IMMEDIATE")
    print("holding", flush=True)
    sys.stdin.readline()
    c.execute("COMMIT")
print("released", flush=True)
"""


@pytest.fixture
def db(tmp_path, sqlite_template):
    path = tmp_path / "console.sqlite3"
    shutil.copyfile(sqlite_template, path)
    open_store(f"sqlite:///{path}").dispose()  # in WAL mode, as a console leaves it
    return path


class Holder:
    """A separate process holding the write lock until `release()`."""

    def __init__(self, path: Path, how: str):
        self.proc = subprocess.Popen([sys.executable, "-c", HOLDER, f"sqlite:///{path}", str(path), how],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
                                     env=dict(os.environ, PYTHONPATH=str(ROOT)))
        assert self.proc.stdout.readline().strip() == "holding"
        self.pid = self.proc.pid

    def release(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.write("\n")
            self.proc.stdin.flush()
            assert self.proc.stdout.readline().strip() == "released"
            self.proc.wait(timeout=30)

    def release_after(self, seconds: float) -> threading.Timer:
        t = threading.Timer(seconds, self.release)
        t.start()
        return t


@pytest.fixture
def holders():
    started: list[Holder] = []

    def start(path: Path, how: str) -> Holder:
        h = Holder(path, how)
        started.append(h)
        return h

    yield start
    for h in started:
        if h.proc.poll() is None:
            h.proc.kill()
            h.proc.wait()


def _branches(path: Path) -> int:
    st = open_store(f"sqlite:///{path}")
    try:
        with st.read() as s:
            return s.scalar(select(func.count()).select_from(Branch))
    finally:
        st.dispose()


@pytest.mark.parametrize("argv", [["stats", "--json"], ["audit", "verify"], ["audit", "head"]])
def test_opening_and_reading_never_wait_for_a_writer(db, holders, capsys, argv):
    holder = holders(db, "plain")
    started = time.monotonic()
    code = main([*argv, "--db", str(db)])  # a plain path is the SQLite file
    elapsed = time.monotonic() - started
    out = capsys.readouterr()
    assert code == 0, out.err
    assert elapsed < 5, f"{argv} waited {elapsed:.1f} s for the other program's write"
    assert "waiting" not in out.err and "Traceback" not in out.err
    if argv[0] == "stats":
        assert json.loads(out.out)["branches"] == 0
    else:
        assert out.out.strip()
    holder.release()


def test_a_write_waits_for_the_announced_import_names_it_then_works(db, holders, capsys):
    holder = holders(db, "announced")
    marker = writelock.read_marker(db)
    assert marker is not None and marker.person == "王芳" and marker.pid == holder.pid
    timer = holder.release_after(3.0)
    started = time.monotonic()
    code = main([*BRANCH[:2], "--db", f"sqlite:///{db}", *BRANCH[2:]])
    waited = time.monotonic() - started
    timer.join()
    err = capsys.readouterr().err
    assert code == 0, err
    assert "branch-console: waiting for 王芳's import of customers to finish (branch-console, pid " \
        f"{holder.pid}, started " in err
    assert "the database is free again" in err
    assert waited >= 2.5
    assert _branches(db) == 1
    assert writelock.read_marker(db) is None and not writelock.marker_path(db).exists()  # removed after


def test_a_write_names_an_unannounced_program_and_gives_up_after_the_limit(db, holders, capsys, monkeypatch):
    monkeypatch.setattr(engine, "WRITE_WAIT_LIMIT_S", 2.0)
    holder = holders(db, "plain")
    code = main([*BRANCH[:2], "--db", str(db), *BRANCH[2:]])
    err = capsys.readouterr().err
    assert code == 2
    assert "branch-console: waiting for the database: another program is writing (python" in err
    assert f", pid {holder.pid})…" in err
    assert f"pid {holder.pid}) after 2 s of waiting: nothing was saved. Try again when it has finished, or " \
        f"stop pid {holder.pid}" in err, err
    assert "Traceback" not in err
    holder.release()
    assert _branches(db) == 0


def test_a_store_write_waits_and_reports_to_its_listeners(db, holders):
    holder = holders(db, "announced")
    store = open_store(f"sqlite:///{db}")
    heard = []
    store.add_wait_listener(heard.append)
    timer = holder.release_after(2.0)
    try:
        with store.write() as s:
            s.add(Branch(code="JX", name="进贤县分公司", kind="county", hotline="0791-96956",
                         supervision_phone="0791-5666666", address="", latitude=28.37, longitude=116.26))
    finally:
        timer.join()
        store.dispose()
    states = [w.state for w in heard]
    assert states[0] == "waiting" and states[-1] == "done" and "gave_up" not in states
    assert heard[0].holder.writer is not None and heard[0].holder.writer.action == "import of customers"
    assert heard[0].line().startswith("waiting for 王芳's import of customers to finish")
    assert _branches(db) == 1


LOCKS = """\
1: POSIX  ADVISORY  READ 4001 fe:00:{ino} 124 124
2: POSIX  ADVISORY  WRITE 4242 fe:00:{ino} 120 120
2: -> POSIX  ADVISORY  WRITE 5555 fe:00:{ino} 120 120
3: POSIX  ADVISORY  WRITE 7777 fe:00:99 120 120
"""


def test_the_lock_holder_is_read_from_proc_locks(tmp_path):
    db = tmp_path / "c.sqlite3"
    shm = tmp_path / "c.sqlite3-shm"
    shm.write_bytes(b"")
    ino = shm.stat().st_ino
    assert writelock.write_lock_holder(db, LOCKS.format(ino=ino)) == 4242  # not the waiter, not another file
    assert writelock.write_lock_holder(db, LOCKS.format(ino=ino).replace("120 120", "128 128")) is None
    assert writelock.write_lock_holder(tmp_path / "none.sqlite3", LOCKS) is None  # no -shm: nobody


def test_an_announcement_is_removed_after_and_a_dead_ones_is_ignored(tmp_path):
    db = tmp_path / "c.sqlite3"
    with writelock.announced(db, person="王芳", action="demo") as me:
        assert writelock.read_marker(db) == me and me.pid == os.getpid()
        with writelock.announced(db, person="赵敏", action="import of staff"):
            assert writelock.read_marker(db).person == "王芳"  # the outer one stays
        assert writelock.read_marker(db) == me
    assert not writelock.marker_path(db).exists()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    data = {"person": "钱进", "action": "demo", "program": "branch-console", "pid": int(dead.stdout),
            "host": __import__("socket").gethostname(), "started": "2026-11-26T10:00:00+08:00"}
    writelock.marker_path(db).write_text(json.dumps(data), encoding="utf-8")
    assert writelock.read_marker(db) is None  # its process is gone: it holds nothing
