"""Benchmark `demo --province`: seconds and rows/s, beside a bare write of the same rows, as JSON.

    .venv/bin/python benchmarks/province.py                                 # 20 branches, 400,000 orders, SQLite
    .venv/bin/python benchmarks/province.py --branches 100 --orders 2000000  # the full province
    .venv/bin/python benchmarks/province.py --pg postgresql+psycopg://user@host/db   # an EMPTY, migrated database

The province is built with the store's real settings (SQLite: a fresh file in a temporary folder,
WAL, synchronous=FULL). `write_s` is the time its bulk writer spent on the big tables (customer,
work_order, order_event, callback: tuples through the column types, then executemany / COPY).
The bare reference writes the very same rows, read back from the built database as the driver
gives them, into a fresh database of the same schema (indexes and triggers included) with nothing
but the driver: sqlite3 `executemany` in one transaction, or psycopg `COPY … FROM STDIN` of the
`COPY … TO STDOUT` text. The rest of the province's time is making the rows (the order stories).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

# this folder holds a queue.py, which would shadow the standard library's (psycopg imports it)
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from sqlalchemy.engine import make_url  # noqa: E402

from console.demo import bulk  # noqa: E402
from console.demo.province import generate_province  # noqa: E402
from console.rules.periods import UTC  # noqa: E402
from console.store import open_store  # noqa: E402

NOW = dt.datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
BIG = ("customer", "work_order", "order_event", "callback")
PARENTS = ("branch", "district", "staff", "notice")  # what the big tables refer to (copied, not timed)
COUNT_KEYS = ("open_orders", "households")  # summary keys that are not rows written


def _timed_writes() -> dict:
    """Wrap BulkWriter.write to add up its time per run."""
    spent = {"s": 0.0}
    original = bulk.BulkWriter.write

    def write(self, table, rows):
        t0 = time.perf_counter()
        try:
            return original(self, table, rows)
        finally:
            spent["s"] += time.perf_counter() - t0

    bulk.BulkWriter.write = write
    return spent


def build(url: str, branches: int, orders: int) -> dict:
    spent = _timed_writes()
    store = open_store(url)
    try:
        t0 = time.perf_counter()
        summary = generate_province(store, branches=branches, orders=orders, now=NOW)
        seconds = time.perf_counter() - t0
    finally:
        store.dispose()
    rows = sum(v for k, v in summary.items() if k not in COUNT_KEYS)
    big = sum(summary[t] for t in BIG)
    return {"seconds": round(seconds, 2), "rows": rows, "rows_per_s": round(rows / seconds),
            "orders_per_s": round(orders / seconds), "write_s": round(spent["s"], 2), "big_rows": big,
            "write_rows_per_s": round(big / spent["s"]) if spent["s"] else None, "summary": summary}


def bare_sqlite(built: Path, fresh: Path) -> dict:
    """The big tables' rows, as sqlite3 reads them from `built`, executemany'd into `fresh`."""
    open_store(f"sqlite:///{fresh}").dispose()  # the same schema, indexes and reference data
    src = sqlite3.connect(built)
    dst = sqlite3.connect(fresh, isolation_level=None)
    dst.execute("PRAGMA foreign_keys = ON")
    dst.execute("PRAGMA synchronous = FULL")
    dst.execute("PRAGMA cache_size = -262144")  # as the province's build
    dst.execute("BEGIN IMMEDIATE")
    for t in PARENTS:
        cols = [r[1] for r in src.execute(f"PRAGMA table_info({t})")]
        dst.executemany(f"INSERT INTO {t} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                        src.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall())
    seconds, rows = 0.0, 0
    for t in BIG:
        cols = [r[1] for r in src.execute(f"PRAGMA table_info({t})") if r[1] != "db_user"]
        values = src.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY id").fetchall()
        t0 = time.perf_counter()
        dst.executemany(f"INSERT INTO {t} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", values)
        seconds += time.perf_counter() - t0
        rows += len(values)
    t0 = time.perf_counter()
    dst.execute("COMMIT")
    seconds += time.perf_counter() - t0
    src.close()
    dst.close()
    return {"seconds": round(seconds, 2), "rows": rows, "rows_per_s": round(rows / seconds)}


def bare_pg(url: str) -> dict:
    """The big tables' rows COPY'd out of `url` and COPY'd into a fresh database beside it."""
    import psycopg

    u = make_url(url)
    name = f"{u.database}_bare"
    admin = u.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')
    fresh = u.set(database=name).render_as_string(hide_password=False)
    open_store(fresh, migrate=True).dispose()
    src_url = u.set(drivername="postgresql").render_as_string(hide_password=False)
    dst_url = make_url(fresh).set(drivername="postgresql").render_as_string(hide_password=False)
    seconds, rows = 0.0, 0
    with psycopg.connect(src_url) as src, psycopg.connect(dst_url) as dst:
        for t in PARENTS + BIG:
            cols = [r[0] for r in src.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name <> 'db_user' "
                "ORDER BY ordinal_position", (t,))]
            data = bytearray()
            with src.cursor().copy(f"COPY (SELECT {', '.join(cols)} FROM {t} ORDER BY id) TO STDOUT") as out:
                for chunk in out:
                    data += chunk
            t0 = time.perf_counter()
            with dst.cursor().copy(f"COPY {t} ({', '.join(cols)}) FROM STDIN") as cp:
                cp.write(bytes(data))
            if t in BIG:
                seconds += time.perf_counter() - t0
                rows += src.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        t0 = time.perf_counter()
        dst.commit()
        seconds += time.perf_counter() - t0
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return {"seconds": round(seconds, 2), "rows": rows, "rows_per_s": round(rows / seconds)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--branches", type=int, default=20)
    p.add_argument("--orders", type=int, default=400_000)
    p.add_argument("--pg", help="an empty, migrated PostgreSQL database URL (instead of SQLite)")
    args = p.parse_args(argv)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        if args.pg:
            run = build(args.pg, args.branches, args.orders)
            bare = bare_pg(args.pg)
            backend = "postgresql"
        else:
            built = Path(tmp) / "province.sqlite3"
            run = build(f"sqlite:///{built}", args.branches, args.orders)
            bare = bare_sqlite(built, Path(tmp) / "bare.sqlite3")
            backend = "sqlite"
    print(json.dumps({
        "python": platform.python_version(), "backend": backend, "branches": args.branches, "orders": args.orders,
        "province": {k: v for k, v in run.items() if k != "summary"},
        "bare_write_same_rows": bare,
        "write_vs_bare": round(run["write_s"] / bare["seconds"], 2),
        "full_province_estimate_s": round(run["seconds"] * 2_000_000 / args.orders) if args.orders else None,
        "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in os.getloadavg()],
        "summary": run["summary"],
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
