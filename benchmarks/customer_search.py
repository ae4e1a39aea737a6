"""Benchmark the intake customer type-ahead (console.services.orders.customers): ms per keystroke.

    .venv/bin/python benchmarks/customer_search.py                 # 30k and 100k synthetic accounts
    .venv/bin/python benchmarks/customer_search.py --sizes 30000 300000
    .venv/bin/python benchmarks/customer_search.py --db sqlite:///path/to/console.sqlite3 --branch 1

Synthetic accounts use the demo's name, phone and address generators. Each query is typed one
character at a time, as a dispatcher does; every prefix is one keystroke, timed `--repeat` times
(the median kept). Prints JSON: per size, the index build time and per-query worst/median
keystroke in milliseconds. Target: worst keystroke < 100 ms over 30,000+ accounts.
With --db, also times `search_index(store, branch)` on a real database (the dialog's load).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time

from console.demo.names import city_address, mobile, person_name
from console.services.orders.customers import CustomerHit, search, search_index

DISTRICTS = ("八一社区", "红谷滩社区", "青山湖社区", "象湖社区", "李渡镇", "三里乡")
QUERY_KINDS = {
    "phone prefix, typed": "13907912",
    "full phone": None,  # a real phone of the index, exact match
    "account number, typed": "360100012345",
    "name": None,  # a real name of the index (common surname first: many matches early on)
    "address fragment": "红谷滩",
    "name + district": None,
    "no match": "不存在的客户",
    "single digit (worst case)": "1",
}


def synthetic(n: int, seed: int = 7) -> list[CustomerHit]:
    rng = random.Random(seed)
    out = []
    for i in range(1, n + 1):
        district = DISTRICTS[i % len(DISTRICTS)]
        out.append(CustomerHit(
            i, f"3601{i:08d}", person_name(rng), mobile(rng), city_address(rng, district), i % len(DISTRICTS),
            district, is_major=i % 1000 == 0, major_category="hospital" if i % 1000 == 0 else None,
        ))
    return out


def queries(index: list[CustomerHit]) -> dict[str, str]:
    sample = index[len(index) // 2]
    q = dict(QUERY_KINDS)
    q["full phone"] = sample.phone
    q["name"] = sample.name
    q["name + district"] = f"{sample.name} {sample.district}"
    return q


def time_typing(index: list[CustomerHit], text: str, repeat: int) -> dict:
    per_key = []
    for k in range(1, len(text) + 1):
        typed = text[:k]
        runs = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            found = search(index, typed)
            runs.append(time.perf_counter() - t0)
        per_key.append((statistics.median(runs) * 1000, typed, len(found)))
    worst = max(per_key)
    return {
        "keystrokes": len(per_key),
        "worst_ms": round(worst[0], 2),
        "worst_at": worst[1],
        "median_ms": round(statistics.median(p[0] for p in per_key), 2),
        "results_at_end": per_key[-1][2],
    }


def run_size(n: int, repeat: int) -> dict:
    t0 = time.perf_counter()
    index = synthetic(n)
    build = time.perf_counter() - t0
    result = {q: time_typing(index, text, repeat) for q, text in queries(index).items()}
    worst = max(r["worst_ms"] for r in result.values())
    return {"accounts": n, "build_s": round(build, 3), "worst_keystroke_ms": worst,
            "target_met": worst < 100, "queries": result}


def run_db(url: str, branch: int, repeat: int) -> dict:
    from console.store import open_store

    store = open_store(url)
    try:
        t0 = time.perf_counter()
        index = search_index(store, branch)
        load = time.perf_counter() - t0
    finally:
        store.dispose()
    result = {q: time_typing(index, text, repeat) for q, text in queries(index).items()} if index else {}
    return {"url": store.display_url, "branch": branch, "accounts": len(index), "search_index_s": round(load, 3),
            "worst_keystroke_ms": max((r["worst_ms"] for r in result.values()), default=None), "queries": result}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[30_000, 100_000])
    ap.add_argument("--repeat", type=int, default=5, help="timings per keystroke (median kept)")
    ap.add_argument("--db", help="also load and search a real database")
    ap.add_argument("--branch", type=int, default=1)
    args = ap.parse_args(argv)
    out = {
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "processor": platform.processor() or platform.machine(),
        "synthetic": [run_size(n, args.repeat) for n in args.sizes],
    }
    if args.db:
        out["database"] = run_db(args.db, args.branch, args.repeat)
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
