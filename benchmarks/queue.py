"""Dispatch-queue speed and memory with 100,000 open orders. Prints JSON.

    .venv/bin/python -P benchmarks/queue.py [--orders 100000]

Builds a SQLite database with one branch and N open orders (bulk insert), then measures:
load from the database, model fill, first paint of the window's queue (its first rows: the
first screenful of the most urgent orders, shown while the rest is made), the whole queue in
and painted, one countdown tick
(visible rows), a text filter, a column sort, and the process memory the queue adds.
Then one changed order applied to the window's queue (its row moves: the model's binary
insertion, the moved row, the repaint), beside a bare QTableView over a QAbstractTableModel on
a plain list making the same one-row move; and the longest the event loop stalls while the
dispatcher records a first response with 300 ms added to every database statement, beside the
same probe on the idle window (and, for comparison, during one escalation pass of the branch
and during a whole reload of the queue, F5).
Beside the console, in a fresh interpreter of its own (so neither heap holds the other's
leftovers), the bare reference: a plain sqlite3 read of the same open orders' columns (the
console's own statement) into a list of tuples, shown in a bare QTableView over a minimal
QAbstractTableModel: its first paint and the memory it adds; the console's figures are also
given as ratios to it (`*_vs_bare`).
Targets: first paint <= 2 s after the database is open and within 2x of the bare reference;
tick <= 5 ms; filter/sort <= 100 ms; one changed order <= 5 ms; no stall over 50 ms during an
action; queue memory <= 300 MB.
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, insert  # noqa: E402

from console.models import Order  # noqa: E402
from console.store import open_store  # noqa: E402
from tests.factories import T0, small_branch  # noqa: E402

UTC = dt.timezone.utc
LATENCY_S = 0.3  # added to every statement while an action is measured
PROBE_MS = 5
CHANGES = 50  # changed orders applied, one at a time


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def build(url: str, n: int) -> dict:
    st = open_store(url)
    ids = small_branch(st)
    rnd = random.Random(7)
    kinds = ["general_fault"] * 6 + ["major_fault", "installation", "complaint", "restoration"]
    rows = []
    for i in range(n):
        received = T0 - dt.timedelta(minutes=rnd.randrange(0, 60 * 24 * 10))
        kind = rnd.choice(kinds)
        rows.append({
            "id": 1000 + i, "branch_id": ids["nc"], "number": f"NC-B-{i:06d}", "kind": kind, "channel": "hotline",
            "priority": "emergency" if i % 500 == 0 else "normal", "customer_id": None,
            "district_id": 1, "description": "无信号", "first_contact_id": ids["dispatcher"],
            "assignee_id": ids["m1"] if i % 3 else None, "required_materials": [], "missing_materials": [],
            "received_at": received, "status": "assigned", "due_at": received + dt.timedelta(hours=24),
            "sla_state": "running", "sla_budget_s": 86400, "sla_provisional": False, "escalation_level": 0,
            "updated_at": received, "version": 1, "policy_version": 1,
        })
    with st.write() as s:
        for k in range(0, n, 20_000):
            s.execute(insert(Order), rows[k:k + 20_000])
    st.dispose()
    return ids


def open_orders_sql(url: str, branch_id: int) -> str:
    """The console's own statement for the open orders of a branch, as plain SQL."""
    from console.models import Order
    from console.services.orders.queue import _query
    from console.vocabulary import OrderStatus

    q = _query(branch_id).where(Order.status != OrderStatus.COMPLETED).order_by(Order.received_at, Order.id)
    st = open_store(url)
    try:
        return str(q.compile(st.engine, compile_kwargs={"literal_binds": True}))
    finally:
        st.dispose()


def bare_reference(path: str, sql: str) -> dict:
    """In this (fresh) interpreter: sqlite3 reads the rows into a list of tuples, a bare
    QTableView over a minimal QAbstractTableModel shows them; time to its first paint from the
    connect, and the memory it adds."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    class Bare(QAbstractTableModel):
        def __init__(self, rows):
            super().__init__()
            self.rows = rows

        def rowCount(self, parent=QModelIndex()):  # noqa: B008, N802
            return 0 if parent.isValid() else len(self.rows)

        def columnCount(self, parent=QModelIndex()):  # noqa: B008, N802
            return 0 if parent.isValid() else 12

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole:
                v = self.rows[index.row()][index.column()]
                return None if v is None else str(v)
            return None

    import sqlite3

    app = QApplication.instance() or QApplication([])
    base = rss_mb()
    t0 = time.perf_counter()
    conn = sqlite3.connect(path)
    rows = conn.execute(sql).fetchall()
    read_s = time.perf_counter() - t0
    view = QTableView()
    view.setModel(Bare(rows))
    view.resize(1600, 1000)
    view.show()
    app.processEvents()
    view.grab()
    paint_s = time.perf_counter() - t0
    out = {"bare_rows": len(rows), "bare_read_s": round(read_s, 3), "bare_first_paint_s": round(paint_s, 3),
           "bare_memory_mb": round(rss_mb() - base, 1)}
    view.close()
    conn.close()
    return out


def run_bare(path: Path, url: str, branch_id: int) -> dict:
    sql = open_orders_sql(url, branch_id)
    got = subprocess.run([sys.executable, "-P", __file__, "--bare", str(path)], input=sql, capture_output=True,
                         text=True, check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return json.loads(got.stdout.strip().splitlines()[-1])


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=100_000)
    ap.add_argument("--bare", metavar="SQLITE_FILE", help=argparse.SUPPRESS)  # the bare reference's own process
    args = ap.parse_args()
    if args.bare:
        print(json.dumps(bare_reference(args.bare, sys.stdin.read())))
        return
    tmp = Path(tempfile.mkdtemp())
    url = f"sqlite:///{tmp / 'queue.sqlite3'}"
    ids = build(url, args.orders)
    bare = run_bare(tmp / "queue.sqlite3", url, ids["nc"])

    from PySide6.QtWidgets import QApplication

    from console.services.orders.queue import open_orders
    from console.views.kit.settings import Settings
    from console.views.orders.queue_model import COLUMNS, QueueFilter
    from console.views.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    base = rss_mb()
    out: dict = {"open_orders": args.orders, "load_average_start": load_average()}
    full_gc: list[float] = []  # each full collection's length (it stops every thread)
    started: list[float] = []

    def gc_pass(phase: str, info: dict) -> None:
        if info.get("generation") == 2:
            if phase == "start":
                started[:] = [time.perf_counter()]
            elif started:
                full_gc.append(time.perf_counter() - started[0])

    import gc

    gc.callbacks.append(gc_pass)

    st = open_store(url)

    # The real path: the window opens, loads off the GUI thread, fills the model, paints.
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    t0 = time.perf_counter()
    from console.services.access import auth

    # signed in as the branch's dispatcher, as a console always is
    w = MainWindow(st, principal=auth.principal(st, ids["dispatcher"]), settings=Settings(str(tmp / "s.ini")),
                   branch_id=ids["nc"], clock=lambda: T0)
    out["window_built_s"] = round(time.perf_counter() - t0, 3)
    whole: list[float] = []
    w.sig_loaded.connect(lambda _n: (whole.append(time.perf_counter()), loop.quit()))
    # the queue's first rows on screen: its first screenful (the most urgent orders) or the whole queue
    first_rows = []

    def reset() -> None:
        if w.queue.model.rowCount() and not first_rows:
            first_rows.append(w.queue.model.rowCount())
            loop.quit()

    w.queue.model.modelReset.connect(reset)
    w.resize(1600, 1000)
    w.show()
    loop.exec()
    out["orders_shown_s"] = round(time.perf_counter() - t0, 3)
    out["first_rows_shown"] = first_rows[0] if first_rows else None
    w.grab()  # forces a full paint
    out["first_paint_s"] = round(time.perf_counter() - t0, 3)
    if not whole:
        loop.exec()
    w.queue.model.modelReset.disconnect(reset)
    w.grab()
    out["whole_queue_s"] = round(whole[0] - t0, 3)
    out["whole_queue_painted_s"] = round(time.perf_counter() - t0, 3)
    out["queue_memory_at_first_paint_mb"] = round(rss_mb() - base, 1)

    m = w.queue.model
    first, last = w.queue.visible_rows()

    def ticks() -> float:
        t = time.perf_counter()
        for _ in range(20):
            w.queue.tick()
            app.processEvents()
        return round((time.perf_counter() - t) / 20 * 1000, 2)

    # The escalation pass over every open order starts once the queue is shown and runs off the
    # GUI thread (every 30 s); ticks during it share the interpreter with it.
    out["tick_during_escalation_pass_ms"] = ticks() if w.alerts._busy else None
    done = QEventLoop()
    w.alerts.sig_pass_done.connect(lambda _n: done.quit())
    if w.alerts._busy:
        done.exec()
    out["tick_with_repaint_ms"] = ticks()
    t0 = time.perf_counter()
    for _ in range(200):
        m.tick(first, last)
    out["tick_model_ms"] = round((time.perf_counter() - t0) / 200 * 1000, 3)
    out["visible_rows"] = last - first + 1

    t0 = time.perf_counter()
    m.set_filter(QueueFilter(text="nc-b-0999"))
    out["filter_text_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    out["filter_hits"] = m.rowCount()
    m.set_filter(QueueFilter())
    t0 = time.perf_counter()
    m.sort(COLUMNS.index("received"))
    out["sort_received_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    t0 = time.perf_counter()
    m.sort_by_urgency()
    out["sort_urgency_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    out.update(one_change(app, w, CHANGES))
    out.update(bare_one_change(app, args.orders, CHANGES))
    out.update(stall_during_action(app, w, st, ids))
    out["queue_memory_mb"] = round(rss_mb() - base, 1)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    gc.callbacks.remove(gc_pass)
    out["full_gc"] = {"passes": len(full_gc), "longest_ms": round(max(full_gc, default=0) * 1000, 1)}
    w.close()
    # The parts, alone, after the window's figures (their garbage is not the window's memory).
    t0 = time.perf_counter()
    rows = open_orders(st, ids["nc"])
    out["load_s"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    from console.views.orders.queue_model import QueueModel

    QueueModel(clock=lambda: T0).set_rows(rows)
    out["model_fill_s"] = round(time.perf_counter() - t0, 3)
    del rows
    st.dispose()
    out.update(bare)
    out["first_paint_vs_bare"] = round(out["first_paint_s"] / bare["bare_first_paint_s"], 2)
    out["whole_queue_painted_vs_bare"] = round(out["whole_queue_painted_s"] / bare["bare_first_paint_s"], 2)
    out["load_vs_bare_read"] = round(out["load_s"] / bare["bare_read_s"], 2)
    out["queue_memory_vs_bare"] = round(out["queue_memory_mb"] / max(bare["bare_memory_mb"], 0.1), 2)
    out["load_average_end"] = load_average()
    print(json.dumps(out))


def _ms(samples: list[float]) -> dict:
    samples = sorted(samples)
    return {"median": round(samples[len(samples) // 2] * 1000, 2), "max": round(samples[-1] * 1000, 2)}


def one_change(app, w, n: int) -> dict:
    """One changed order applied to the window's queue, `n` times: a row of the screen's orders
    gets a later due, so it moves far down (binary insertion on the keys, one moved row)."""
    from console.views.orders.queue_model import QueueFilter

    panel, m = w.queue, w.queue.model
    m.set_filter(QueueFilter())
    m.sort_by_urgency()
    panel.select_order(m.row_at(5).id)
    app.processEvents()
    alone, painted = [], []
    for k in range(n):
        r = m.row_at(10 + k)
        changed = dataclasses.replace(r, due_at=r.due_at + dt.timedelta(hours=6), version=r.version + 1)
        t = time.perf_counter()
        panel.update_rows({r.id: changed})
        alone.append(time.perf_counter() - t)
        app.processEvents()
        painted.append(time.perf_counter() - t)
    return {"one_change_ms": _ms(alone), "one_change_with_repaint_ms": _ms(painted)}


def bare_one_change(app, n_rows: int, n: int) -> dict:
    """The same one-row move on a bare QTableView over a QAbstractTableModel on a plain list of
    tuples sorted by a key: the floor the console's queue is measured against."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QTableView

    class Bare(QAbstractTableModel):
        def __init__(self, rows):
            super().__init__()
            self.rows = rows  # (key, id, text), sorted
            self.keys = [r[0] for r in rows]

        def rowCount(self, parent=QModelIndex()):  # noqa: B008, N802
            return 0 if parent.isValid() else len(self.rows)

        def columnCount(self, parent=QModelIndex()):  # noqa: B008, N802
            return 0 if parent.isValid() else 11

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.rows[index.row()][2]
            return None

        def move(self, old: int, key: float) -> int:
            """Row `old` gets sort key `key`: it moves to its place among the others."""
            _key, order_id, text = self.rows[old]
            del self.keys[old]
            new = bisect.bisect_left(self.keys, key)
            self.keys.insert(new, key)
            if new != old:
                self.beginMoveRows(QModelIndex(), old, old, QModelIndex(), new if new < old else new + 1)
                del self.rows[old]
                self.rows.insert(new, (key, order_id, text))
                self.endMoveRows()
            else:
                self.rows[old] = (key, order_id, text)
            self.dataChanged.emit(self.index(new, 0), self.index(new, 10))
            return new

    model = Bare([(float(i), i, f"NC-B-{i:06d}") for i in range(n_rows)])
    view = QTableView()
    view.setModel(model)
    view.resize(1600, 600)
    view.show()
    view.selectRow(5)
    app.processEvents()
    alone, painted = [], []
    for k in range(n):
        t = time.perf_counter()
        model.move(10 + k, 10 + k + n_rows * 0.25)
        alone.append(time.perf_counter() - t)
        app.processEvents()
        painted.append(time.perf_counter() - t)
    view.close()
    return {"bare_one_change_ms": _ms(alone), "bare_one_change_with_repaint_ms": _ms(painted)}


def _probe(app, until, timeout_s: float = 120.0) -> float:
    """Run the event loop until `until()`; the longest gap between two PROBE_MS timer ticks (s)."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    state = {"last": time.perf_counter(), "longest": 0.0}
    loop = QEventLoop()

    def tick():
        now = time.perf_counter()
        state["longest"] = max(state["longest"], now - state["last"])
        state["last"] = now
        if until() or now - start > timeout_s:
            loop.quit()

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(PROBE_MS)
    timer.timeout.connect(tick)
    start = time.perf_counter()
    timer.start()
    loop.exec()
    timer.stop()
    return state["longest"]


def stall_during_action(app, w, st, ids) -> dict:
    """The longest event-loop stall while the dispatcher selects an order and records its first
    response, every statement 300 ms slower; the same probe on the idle window; and the probe
    during one escalation pass of the branch. The pass's 30 s timer is stopped while the first
    two are measured, so that each measures what it names."""
    from console.views.kit import ops

    w.alerts.timer.stop()
    _probe(app, lambda: ops.pending() == 0)  # what the window still reads settles first
    t0 = time.perf_counter()
    idle = _probe(app, lambda: time.perf_counter() - t0 > 3.0)

    def slow(conn, cursor, statement, params, context, executemany):
        time.sleep(LATENCY_S)

    event.listen(st.engine, "before_cursor_execute", slow)
    try:
        order_id = ids["open_nc"][0]
        w.queue.select_order(order_id)
        t0 = time.perf_counter()
        shown = _probe(app, lambda: w.pane.detail is not None and w.pane.detail.id == order_id and not w.pane.busy)
        select_s = time.perf_counter() - t0
        version = w.pane.detail.version
        from console.views.kit.ask import Ask

        said = Ask.text  # the first response asks what was said: the dispatcher types it at once
        Ask.text = classmethod(lambda cls, *a, **k: "已电话联系用户，约明早上门")
        t0 = time.perf_counter()
        try:
            w.pane.act_response.trigger()
        finally:
            Ask.text = said
        acted = _probe(app, lambda: not w.pane.busy and w.pane.detail.version > version and ops.pending() == 0)
        action_s = time.perf_counter() - t0
    finally:
        event.remove(st.engine, "before_cursor_execute", slow)
    passes = []
    w.alerts.sig_pass_done.connect(passes.append)
    w.alerts.run_pass_in_background()
    during_pass = _probe(app, lambda: bool(passes))
    loaded = []
    w.sig_loaded.connect(loaded.append)
    w.reload_orders()  # F5: the whole queue read again
    during_reload = _probe(app, lambda: bool(loaded) and ops.pending() == 0)
    return {"latency_per_statement_s": LATENCY_S, "select_order_s": round(select_s, 2),
            "action_s": round(action_s, 2), "longest_stall_during_action_ms": round(max(shown, acted) * 1000, 1),
            "longest_stall_idle_ms": round(idle * 1000, 1),
            "longest_stall_during_escalation_pass_ms": round(during_pass * 1000, 1),
            "longest_stall_during_whole_reload_ms": round(during_reload * 1000, 1)}


if __name__ == "__main__":
    main()
