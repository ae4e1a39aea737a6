"""`branch-console demo` killed half-way leaves no half branch (docs/security.md, "SQLite on one PC").

A demo process is killed with SIGKILL once it reports writing work orders. A new file: the target
does not exist (the demo was built beside it, under another name). An existing empty database: it
is still empty (the demo is one transaction). Run again, the demo completes: both branches and
every order, and the killed run's leftovers are gone.
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from console.store import open_store
from console.store.stats import stats

ROOT = Path(__file__).resolve().parents[2]
ORDERS = 3000
DEMO = ["demo", "--orders", str(ORDERS), "--seed", "3", "--now", "2026-11-26T10:00"]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kills the demo with SIGKILL, a POSIX signal")


def _demo(url: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "console", *DEMO, "--db", url], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))


def _kill_while_writing_orders(proc: subprocess.Popen, at: int = 40) -> int:
    """SIGKILL once the demo says it is `at` % through (writing work orders); the % it had reached."""
    seen, text = 0, ""
    deadline = time.monotonic() + 120
    fd = proc.stderr.fileno()
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1.0)
        if not ready:
            continue
        chunk = os.read(fd, 4096).decode("utf-8", "replace")
        if not chunk:
            break
        text += chunk
        done = [int(p) for p in re.findall(r"(\d+)% Work orders", text)]
        if done and max(done) >= at:
            seen = max(done)
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, f"the demo was not killed mid-way (exit {proc.returncode}):\n{text}"
    assert seen < 100
    return seen


def _counts(path: Path) -> dict:
    store = open_store(f"sqlite:///{path}", create=False)
    try:
        return stats(store)
    finally:
        store.dispose()


def _complete(path: Path) -> None:
    proc = _demo(f"sqlite:///{path}")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    summary = json.loads(out.decode().strip().splitlines()[-1])
    counts = _counts(path)
    assert counts["branches"] == 2 and counts["orders"] == ORDERS == summary["work_order"]
    assert counts["customers"] == summary["customer"] and counts["open_orders"] > 0


def test_a_demo_killed_while_building_a_new_file_leaves_no_file(tmp_path):
    target = tmp_path / "demo.sqlite3"
    _kill_while_writing_orders(_demo(f"sqlite:///{target}"))
    assert not target.exists() and not Path(f"{target}-wal").exists()
    assert [p.name for p in tmp_path.iterdir() if ".building-" in p.name]  # the half demo, under another name
    _complete(target)
    # the dead build removed; beside the demo its base map (console/demo/build.py)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.basemap.mbtiles", "demo.sqlite3"]


def test_a_demo_killed_in_an_existing_empty_database_leaves_it_empty(tmp_path):
    target = tmp_path / "empty.sqlite3"
    open_store(f"sqlite:///{target}").dispose()  # created, migrated, no branch yet
    _kill_while_writing_orders(_demo(f"sqlite:///{target}"))
    counts = _counts(target)  # it opens, and has nothing of the demo
    assert counts["branches"] == counts["orders"] == counts["customers"] == counts["staff"] == 0
    _complete(target)


def test_a_demo_that_fails_half_way_leaves_the_database_as_it_was(store):
    """The one transaction of an existing database, on both backends: an error half-way (here
    the progress report, once the orders are being written) rolls all of it back."""
    import datetime as dt

    from console.demo.build import demo_in_one_transaction

    now = dt.datetime(2026, 11, 26, 2, tzinfo=dt.timezone.utc)

    def cut(fraction: float, _message: str) -> None:
        if fraction > 0.4:
            raise RuntimeError("the power went out")

    with pytest.raises(RuntimeError, match="the power went out"):
        demo_in_one_transaction(store, orders=300, scale=0.05, now=now, progress=cut)
    counts = stats(store)
    assert counts["branches"] == counts["orders"] == counts["customers"] == counts["staff"] == 0
    summary = demo_in_one_transaction(store, orders=300, scale=0.05, now=now)
    counts = stats(store)
    assert counts["branches"] == 2 and counts["orders"] == 300 == summary["work_order"]
