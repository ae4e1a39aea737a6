"""A control room on the demo: two dispatchers' consoles and a manager's, side by side, through
minutes of scripted work — do they ever disagree for more than 3 s?

    .venv/bin/python benchmarks/room.py                       # SQLite demo branch, 10 minutes
    .venv/bin/python benchmarks/room.py --minutes 1 --orders 2000
    scripts/pg-throwaway.sh .venv/bin/python benchmarks/room.py --pg

Three real consoles (MainWindow, offscreen, each its own process) sign in as the demo branch's two
first dispatchers and its manager and show the branch's queue. This process is the room's hands:
about once a second it does what those three people do at their consoles, through the same
services their buttons call, as that person — take a request (intake), assign it, escalate an
order by hand (R-FIRST-4), request an extension (R-TIME-10) and the manager's decision, complete
an order, and every 30 s the escalation pass (R-TIME-11). After each commit it reads the order's
queue row; each console reports every row of its queue model as it changes. A change is "seen"
by a console once its model holds that row (or a later one of the same order; a completed order:
gone). Disagreement is the time from the commit until the last of the three consoles has it.

Prints JSON: per console the p50/p95/max latency over all changes and how many it never showed;
beside it the bare reference doing the same watching work in the same run (benchmarks/live.py's
sqlite3 `PRAGMA data_version` loop or psycopg LISTEN). Exit 0 when no console disagreed for more
than 3 s (p100) and none missed a change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
_spec = importlib.util.spec_from_file_location("bench_live", Path(__file__).with_name("live.py"))
live = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(live)  # the two-process harness's helpers: CPU, percentiles, references

AGREE_S = 3.0


def fingerprint(r) -> list:
    """What the consoles must agree on about one open order (a queue row)."""
    return [r.version, r.assignee_id, r.status, r.escalation_level, r.open_alert_rank, r.extension_pending]


# ---- one console (a child process) ----------------------------------------------------------------
def console(url: str, staff_id: int, branch_id: int) -> int:
    from PySide6.QtCore import QTimer

    app, w = live.open_console(url, staff_id, branch_id)
    m = w.queue_model
    last: dict[int, list] = {}
    pending = QTimer()
    pending.setSingleShot(True)
    pending.setInterval(0)

    def report() -> None:  # what changed in the model since the last report
        now = {r.id: fingerprint(r) for r in m.all_rows()}
        diff = {oid: fp for oid, fp in now.items() if last.get(oid) != fp}
        diff.update({oid: None for oid in last if oid not in now})
        last.clear()
        last.update(now)
        if diff:
            print(json.dumps({"at": time.time(), "rows": {str(k): v for k, v in diff.items()}}), flush=True)

    pending.timeout.connect(report)
    for sig in (m.dataChanged, m.modelReset, m.rowsInserted, m.rowsRemoved, m.rowsMoved):
        sig.connect(lambda *_a: pending.start())
    w.sig_loaded.connect(lambda _n: (report(), print(json.dumps({"loaded": True}), flush=True)))
    return live.serve(app, w)


# ---- the room's hands ---------------------------------------------------------------------------------
class Hands:
    """The scripted work of the three people, through the services their consoles call."""

    def __init__(self, store, branch_id: int, people: dict, rng: random.Random):
        from sqlalchemy import select

        from console.models import Customer, District, Staff
        from console.vocabulary import Role

        self.store, self.branch, self.rng = store, branch_id, rng
        self.d1, self.d2, self.manager = people["dispatchers"][0], people["dispatchers"][1], people["manager"]
        with store.read() as s:
            self.maintainers = list(s.scalars(select(Staff.id).where(
                Staff.branch_id == branch_id, Staff.role == Role.MAINTAINER, Staff.active.is_(True))))
            self.places = list(s.execute(select(Customer.id, Customer.district_id)
                                         .join(District, District.id == Customer.district_id)
                                         .where(District.branch_id == branch_id).limit(500)))
        self.done: list[tuple[str, int, float]] = []  # (what, order id, commit time)

    def _order(self, oid):
        from console.models import Order

        with self.store.read() as s:
            return s.get(Order, oid)

    def _open(self, where) -> list[int]:
        from sqlalchemy import select

        from console.models import Order
        from console.vocabulary import OrderStatus

        with self.store.read() as s:
            return list(s.scalars(select(Order.id).where(Order.branch_id == self.branch,
                                                         Order.status != OrderStatus.COMPLETED, *where)
                                  .order_by(Order.id.desc()).limit(200)))

    def step(self, i: int) -> None:
        from console.errors import StoreError
        from console.models import Order
        from console.services.orders import actions, intake
        from console.services.orders import queue as orders

        me = self.d1 if i % 2 else self.d2
        what = ("intake", "assign", "escalate", "extension", "decide", "complete")[i % 6]
        try:
            if what == "intake":
                customer, district = self.rng.choice(self.places)
                got = intake.take_request(self.store, branch_id=self.branch, customer_id=customer,
                                          district_id=district, kind="general_fault", channel="hotline",
                                          description="room run: no signal", actor_id=me)
                oid = got.order_id
            elif what == "assign":
                oid = self.rng.choice(self._open([Order.assignee_id.is_(None), Order.status == "open"]) or [0])
                o = self._order(oid)
                orders.assign(self.store, oid, expected_version=o.version, assignee_id=self.rng.choice(self.maintainers),
                              actor_id=me)
            elif what == "escalate":
                oid = self.rng.choice(self._open([Order.assignee_id.is_not(None)]))
                actions.escalate(self.store, oid, expected_version=self._order(oid).version, actor_id=me,
                                 reason="room run: a hospital without signal")
            elif what == "extension":
                now = dt.datetime.now(dt.timezone.utc)
                oid = self.rng.choice(self._open([Order.due_at > now, Order.assignee_id.is_not(None)]))
                o = self._order(oid)
                actions.request_extension(self.store, oid, expected_version=o.version, actor_id=me,
                                          new_due=o.due_at.replace(tzinfo=dt.timezone.utc) + dt.timedelta(days=1),
                                          reason="room run: parts from the city")
                self.asked = oid
            elif what == "decide":
                oid = getattr(self, "asked", None)
                if oid is None:
                    return
                self.asked = None
                actions.decide_extension(self.store, oid, expected_version=self._order(oid).version,
                                         actor_id=self.manager, approve=bool(i % 4), reason="room run")
            else:
                oid = self.rng.choice(self._open([Order.assignee_id.is_not(None), Order.status != "waiting_materials"]))
                o = self._order(oid)
                actions.complete(self.store, oid, expected_version=o.version, actor_id=me,
                                 resolution="room run: signal back")
        except (StoreError, IndexError, ValueError):
            return  # a step the data did not allow this time (nothing to assign, a refusal): the next one
        self.done.append((what, oid, time.time()))

    def escalation_pass(self) -> list[tuple[str, int, float]]:
        from console.services.orders import escalation

        fired = escalation.run_pass(self.store, branch_id=self.branch)
        at = time.time()
        return [("pass", oid, at) for oid in dict.fromkeys(f.order_id for f in fired)]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", help="a PostgreSQL URL (default: a throw-away SQLite file)")
    p.add_argument("--pg", action="store_true", help="use $BRANCH_CONSOLE_TEST_PG's server (scripts/pg-throwaway.sh)")
    p.add_argument("--minutes", type=float, default=10.0)
    p.add_argument("--every", type=float, default=1.0, help="seconds between two steps of work")
    p.add_argument("--orders", type=int, default=6000, help="demo orders (all branches)")
    p.add_argument("--console", nargs=3, metavar=("URL", "STAFF", "BRANCH"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.console:
        url, staff, branch = args.console
        return console(url, int(staff), int(branch))

    from sqlalchemy import select

    from console.demo.build import create_demo
    from console.models import Branch, Staff
    from console.services.orders import queue as orders
    from console.services.orders.changes import POLL_S
    from console.store import open_store
    from console.vocabulary import Role

    if args.pg or args.db:
        url, backend = args.db or live._pg_database(), "postgresql"
    else:
        url, backend = f"sqlite:///{Path(tempfile.mkdtemp()) / 'room.sqlite3'}", "sqlite"
    create_demo(url, orders=args.orders)
    store = open_store(url)
    with store.read() as s:
        branch = s.scalars(select(Branch.id).order_by(Branch.id)).first()
        dispatchers = list(s.scalars(select(Staff.id).where(Staff.branch_id == branch, Staff.role == Role.DISPATCHER,
                                                            Staff.active.is_(True)).order_by(Staff.id).limit(2)))
        manager = s.scalars(select(Staff.id).where(Staff.branch_id == branch, Staff.role == Role.MANAGER,
                                                   Staff.active.is_(True)).order_by(Staff.id)).first()
    people = {"dispatcher 1": dispatchers[0], "dispatcher 2": dispatchers[1], "manager": manager}
    seen: dict[str, dict[int, list[tuple[float, list | None]]]] = {name: {} for name in people}
    loaded = {name: threading.Event() for name in people}
    children = {}
    for name, staff in people.items():
        child = subprocess.Popen([sys.executable, __file__, "--console", url, str(staff), str(branch)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                 env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        children[name] = child

        def read(name=name, child=child) -> None:
            for line in child.stdout:
                try:
                    msg = json.loads(line)
                except ValueError:
                    continue
                if msg.get("loaded"):
                    loaded[name].set()
                for oid, fp in msg.get("rows", {}).items():
                    seen[name].setdefault(int(oid), []).append((msg["at"], fp))

        threading.Thread(target=read, daemon=True).start()
    for name, ev in loaded.items():
        if not ev.wait(300):
            for c in children.values():
                c.kill()
            raise SystemExit(f"room: the {name}'s console did not load its queue within 300 s")

    stop, bare_seen = threading.Event(), []
    bare = threading.Thread(target=live.bare_sqlite if backend == "sqlite" else live.bare_pg, daemon=True,
                            args=(str(store.sqlite_path), stop, bare_seen, POLL_S) if backend == "sqlite"
                            else (url, stop, bare_seen))
    bare.start()
    hands = Hands(store, branch, {"dispatchers": dispatchers, "manager": manager}, random.Random(1))
    expected: list[tuple[str, int, float, list | None]] = []  # (what, order, commit time, its queue row then)
    bare_latency: list[float] = []
    end, i, next_pass = time.monotonic() + args.minutes * 60, 0, time.monotonic() + 30
    while time.monotonic() < end:
        before, n = len(bare_seen), len(hands.done)
        hands.step(i)
        done = hands.done[n:]
        if time.monotonic() >= next_pass:
            next_pass += 30
            done += hands.escalation_pass()
        for what, oid, at in done:
            r = orders.order_row(store, oid)
            expected.append((what, oid, at, None if r is None or r.status == "completed" else fingerprint(r)))
        time.sleep(args.every)
        if done and len(bare_seen) > before:
            bare_latency.append(bare_seen[before] - done[0][2])
        i += 1
    time.sleep(AGREE_S + 1)
    stop.set()

    # a change is seen once the console shows that row or a later one of the same order
    later: dict[int, list] = {}
    for what, oid, at, fp in reversed(expected):
        later.setdefault(oid, []).append(fp)
    result, worst = {}, []
    for name in people:
        latencies, missed = [], 0
        for k, (what, oid, at, fp) in enumerate(expected):
            goal = [f for (_w, o, _a, f) in expected[k:] if o == oid]
            hits = [t for t, shown in seen[name].get(oid, []) if shown in goal and t >= at - 0.05]
            if hits:
                latencies.append(max(0.0, min(hits) - at))
            else:
                missed += 1
        worst.append(max(latencies) if latencies else float("inf"))
        cpu = live._cpu_seconds(children[name].pid)
        result[name] = {"changes": len(expected), "missed": missed,
                        "latency_p50_s": round(statistics.median(latencies), 3) if latencies else None,
                        "latency_p95_s": round(live._pct(latencies, 0.95), 3) if latencies else None,
                        "latency_max_s": round(max(latencies), 3) if latencies else None,
                        "cpu_seconds": round(cpu, 1)}
    for child in children.values():
        child.stdin.write("quit\n")
        child.stdin.flush()
    for child in children.values():
        try:
            child.wait(15)
        except subprocess.TimeoutExpired:
            child.kill()
    store.dispose()
    kinds = {}
    for what, *_ in expected:
        kinds[what] = kinds.get(what, 0) + 1
    print(json.dumps({
        "backend": backend, "minutes": args.minutes, "work": kinds, "consoles": result,
        "bare_reference": {"what": "sqlite3 PRAGMA data_version loop" if backend == "sqlite" else "psycopg LISTEN",
                           "latency_p50_s": round(statistics.median(bare_latency), 3) if bare_latency else None,
                           "latency_p95_s": round(live._pct(bare_latency, 0.95), 3) if bare_latency else None},
        "target": {"never_disagree_longer_than_s": AGREE_S},
    }, indent=1))
    return 0 if max(worst) <= AGREE_S and not any(r["missed"] for r in result.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
