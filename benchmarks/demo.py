"""Benchmark the demo generator: seconds and rows/s per size, printed as JSON.

    .venv/bin/python benchmarks/demo.py                      # 40k and 200k orders on SQLite
    .venv/bin/python benchmarks/demo.py --orders 1000000     # the big one
    .venv/bin/python benchmarks/demo.py --pg postgresql+psycopg://user@host/db   # an EMPTY database

Each SQLite run writes a fresh file in a temporary folder (removed afterwards), with the
store's real settings (WAL, synchronous=FULL). A --pg database must be empty: it is used
for the first size only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

from console.demo.generate import generate_demo
from console.rules.periods import UTC
from console.store import open_store

NOW = dt.datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
COUNT_KEYS = ("open_orders",)  # summary keys that are not rows written


def run(url: str, orders: int) -> dict:
    store = open_store(url)
    steps = []
    try:
        t0 = time.perf_counter()
        summary = generate_demo(store, orders=orders, now=NOW, progress=lambda f, m: steps.append(f))
        seconds = time.perf_counter() - t0
    finally:
        store.dispose()
    rows = sum(v for k, v in summary.items() if k not in COUNT_KEYS)
    return {
        "backend": url.split(":", 1)[0],
        "orders": orders,
        "seconds": round(seconds, 2),
        "rows": rows,
        "rows_per_s": round(rows / seconds),
        "orders_per_s": round(orders / seconds),
        "events": summary["order_event"],
        "progress_calls": len(steps),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--orders", type=int, nargs="+", default=[40_000, 200_000])
    p.add_argument("--pg", help="an empty PostgreSQL database URL to run the first size on as well")
    args = p.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.orders:
            results.append(run(f"sqlite:///{Path(tmp) / f'demo-{n}.sqlite3'}", n))
            print(json.dumps(results[-1]), file=sys.stderr)
    if args.pg:
        results.append(run(args.pg, args.orders[0]))
    print(json.dumps({"python": platform.python_version(), "now": NOW.isoformat(), "runs": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
