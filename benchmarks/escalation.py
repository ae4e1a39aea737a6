"""Escalation pass speed with N open orders (the R-TIME-9/11 ladder). Prints JSON.

    .venv/bin/python benchmarks/escalation.py [--orders 100000] [--db URL-of-an-empty-database]

Builds one branch with N open orders (bulk insert; default a temporary SQLite file), each with
its events: received, assigned, and for a third of them a pause and resume; complaints also get
a first response. Receipts are spread over the last 4 days, so a realistic share of the clocks
crosses ladder levels. Then measures ``run_pass``:

* ``first``: the first pass over a backlog (fires every level due: many write transactions);
* ``steady``: the next pass 30 s later (the console's timer; a handful or none to fire) — this
  is what every console pays every 30 s;
* ``reference``: a bare read of the same orders' events in the same run (SQLite: ``sqlite3``;
  PostgreSQL: ``psycopg``), tuples only — what reading every open order's log costs.

Target: the steady pass <= 2 x the reference.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path

# benchmarks/queue.py would shadow the standard library's queue (psycopg imports it)
HERE = Path(__file__).resolve().parent
sys.path[:] = [str(HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]

from sqlalchemy import insert  # noqa: E402

from console.models import Order, OrderEvent  # noqa: E402
from console.rules.periods import UTC  # noqa: E402
from console.services.orders.escalation import run_pass  # noqa: E402
from console.store import open_store  # noqa: E402
from tests.factories import small_branch  # noqa: E402

NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
H = dt.timedelta(hours=1)


def build(st, n: int) -> None:
    ids = small_branch(st)
    rnd = random.Random(11)
    kinds = ["general_fault"] * 6 + ["major_fault", "complaint"]
    orders, events = [], []
    for i in range(n):
        oid = 1000 + i
        received = NOW - dt.timedelta(minutes=rnd.randrange(0, 60 * 24 * 4))
        kind = rnd.choice(kinds)
        orders.append({
            "id": oid, "branch_id": ids["nc"], "number": f"NC-E-{i:06d}", "kind": kind, "channel": "hotline",
            "priority": "normal", "customer_id": None, "district_id": 1, "description": "无信号",
            "first_contact_id": ids["dispatcher"], "assignee_id": ids["m1"], "required_materials": [],
            "missing_materials": [], "received_at": received, "status": "assigned", "escalation_level": 0,
            "updated_at": received, "version": 1, "policy_version": 1, "sla_provisional": False,
        })
        ev = [("received", received, {"kind": kind, "missing": []}),
              ("assigned", received + 0.2 * H, {"assignee_id": ids["m1"], "previous_id": None})]
        if i % 3 == 0:
            p = received + H * rnd.uniform(0.5, 6)
            ev += [("paused", p, {"reason": "customer's appointment"}), ("resumed", p + H * rnd.uniform(1, 8), {})]
        if kind == "complaint":
            ev.append(("first_response", received + H * rnd.uniform(0.5, 5), {"note": ""}))
        events += [{"branch_id": ids["nc"], "order_id": oid, "type": t, "at": at, "actor_id": ids["dispatcher"],
                    "payload": p} for t, at, p in ev if at <= NOW]
    with st.write() as s:
        for k in range(0, len(orders), 20_000):
            s.execute(insert(Order), orders[k:k + 20_000])
        for k in range(0, len(events), 20_000):
            s.execute(insert(OrderEvent), events[k:k + 20_000])


def timed(st, now) -> tuple[float, int]:
    t = time.perf_counter()
    fired = run_pass(st, now=now)
    return time.perf_counter() - t, len(fired)


_BARE = ("SELECT e.* FROM order_event e JOIN work_order o ON o.id = e.order_id WHERE o.status <> 'completed' "
         "ORDER BY e.order_id, e.at, e.id")


def bare_read(url: str) -> tuple[float, int]:
    """The open orders' events read by the bare driver (every column, tuples), timed."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    t = time.perf_counter()
    if u.get_backend_name() == "sqlite":
        import sqlite3

        con = sqlite3.connect(u.database)
        n = sum(1 for _ in con.execute(_BARE))
        con.close()
    else:
        import psycopg

        with psycopg.connect(u.set(drivername="postgresql").render_as_string(hide_password=False)) as con:
            with con.cursor(name="bare") as cur:
                cur.execute(_BARE)
                n = sum(1 for _ in cur)
    return time.perf_counter() - t, n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=100_000)
    ap.add_argument("--db", help="an empty database (default: a temporary SQLite file)")
    args = ap.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'escalation.sqlite3'}"
    st = open_store(url)
    t = time.perf_counter()
    build(st, args.orders)
    built = time.perf_counter() - t
    first_s, first_n = timed(st, NOW)
    steady_s, steady_n = timed(st, NOW + dt.timedelta(seconds=30))
    idle_s, idle_n = timed(st, NOW + dt.timedelta(seconds=30))
    st.dispose()
    bare_s, bare_n = min(bare_read(url) for _ in range(3))
    print(json.dumps({
        "backend": st.engine.dialect.name, "open_orders": args.orders, "build_s": round(built, 2),
        "first_pass_s": round(first_s, 2), "first_pass_fired": first_n,
        "steady_pass_s": round(steady_s, 2), "steady_pass_fired": steady_n,
        "idle_pass_s": round(idle_s, 2), "idle_pass_fired": idle_n,
        "reference_s": round(bare_s, 2), "reference_events": bare_n,
        "ratio": round(steady_s / bare_s, 2), "target_ratio": 2.0, "ok": steady_s <= 2 * bare_s,
    }))


if __name__ == "__main__":
    main()
