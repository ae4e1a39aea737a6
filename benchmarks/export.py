"""Benchmark the leadership workbooks against bare openpyxl ``write_only`` for the same cells.

    .venv/bin/python benchmarks/export.py                  # 100,000 findings and 100,000 breach rows
    .venv/bin/python benchmarks/export.py --rows 20000 --repeat 3
    .venv/bin/python benchmarks/export.py --skip-writers --month-orders 200000   # only the end-to-end case

For each table (findings: 17 columns; sla breaches: 12 columns) and each writer — ``bare``: a
write_only workbook, a plain header and ``ws.append(values)`` per row; ``console``: the real
writer (header style, frozen header, auto-filter, fitted widths, number formats, validation list,
conditional formatting, summary sheet and chart) — a fresh subprocess generates the same synthetic
rows and writes them. Each run reports wall time and peak RSS (``ru_maxrss``) and the RSS growth
over the process's baseline after imports. Prints JSON; targets: console ≤ 1.3 × bare, peak ≤ 100 MB.

End to end (``--month-orders N``, default 200,000; ``--month-orders 0`` skips it): a database with a
month (October 2026) of N orders, exported as the SLA workbook and the assessment workbook through
``console.services.exports.workbooks.export``, each beside a bare reference in the same run: a plain
``sqlite3`` read of that month's ``work_order`` rows and their ``order_event`` rows (tuples, nothing
else). Every measurement is a fresh subprocess (seconds, ``ru_maxrss``). Targets: ≤ 2 × the
reference, ≤ 300 MB. The database is the demo (``console.demo.build``, 20,000 orders, seed 1, dated
2026-11-20) with its orders copied into October by ``INSERT … SELECT`` (new ids and numbers, every
instant shifted by whole days into the month; events alike; no callbacks) — built once and cached
as ``/tmp/branch-console-bench/export-<N>.sqlite3``; with ``--pg`` the same rows are copied into a
PostgreSQL database (``pg_month_db``) and measured there too, the reference reading with psycopg
alone (server-side cursors). Before the exports the nightly ``audit facts``
runs (``nightly_facts``: its first run on the database judges every completed order, the next only
what changed), as on a served database: the workbooks read the current stored verdicts of completed
orders and judge the open and changed ones from their events (services.assessment.verdicts).
"""

from __future__ import annotations

import argparse
import math
import datetime as dt
import json
import os
import platform
import sqlite3
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# benchmarks/queue.py would shadow the standard library's queue (psycopg needs it); pgcopy is ours
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.append(str(Path(__file__).resolve().parent / "_lib"))

UNITS = ("营业厅", "客服中心", "网络维护部", "市场部", "综合办公室")
TEXTS = ("营业厅公示栏缺少3名新员工的照片和工号", "收费标准公示为旧版，未更新2026年资费", "一般故障24小时修复率低于考核目标",
         "投诉4小时首次响应有超时记录", "线路维护未提前24小时通知用户")


def _findings(n: int):
    from console.rules.periods import UTC
    from console.services.supervision.inspections import FindingRow

    day0 = dt.date(2026, 1, 5)
    fams = ("R-DISC", "R-FIRST", "R-ZONE", "R-TIME", "R-VISIT", "R-PROM")
    for i in range(n):
        fam = fams[i % 6]
        day = day0 + dt.timedelta(days=i % 300)
        yield FindingRow(i + 1, i // 4 + 1, day, 1 + i % 2, "南昌市分公司" if i % 2 else "进贤县分公司", fam,
                         f"{fam}-{1 + i % 6}", TEXTS[i % 5], ("minor", "serious", "critical")[i % 3], UNITS[i % 5],
                         f"员工{i % 97:02d} (NC{i % 97:04d})", day + dt.timedelta(days=30),
                         ("open", "rectifying", "closed")[i % 3],
                         dt.datetime(2026, 1, 5, 3, tzinfo=UTC) + dt.timedelta(hours=i % 7000),
                         "刘瑶 (P0001)", ("检查照片.jpg",), "刘瑶、罗婵飘")


def _breaches(n: int):
    from console.rules.periods import UTC
    from console.services.assessment.sla_report import BreachRow

    t0 = dt.datetime(2026, 10, 1, 1, tzinfo=UTC)
    for i in range(n):
        t = t0 + dt.timedelta(minutes=7 * i)
        yield BreachRow(i, f"NC-2610-{i:06d}", "南昌市分公司", f"片区{i % 40:02d}", "general_fault", t, t,
                        t + dt.timedelta(hours=24), t + dt.timedelta(hours=24), t + dt.timedelta(hours=30), 6.0,
                        f"维护员{i % 50:02d} (NC{i % 50:04d})",
                        "10-01 09:00 received → 10-01 09:20 assigned → 10-02 15:00 completed")


def child(table: str, writer: str, n: int, out: str) -> dict:
    from openpyxl import Workbook

    from console.reports import findings as F
    from console.reports import sla as S
    from console.reports.labels import labels as load_labels
    from console.reports.xlsx import write_table  # noqa: F401 - imported in both runs alike

    labels = load_labels("en")
    today = dt.date(2026, 11, 30)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    if table == "findings":
        rows, columns = _findings(n), F.COLUMNS
        values = (F.finding_values(r, today, labels) for r in rows)
    else:
        rows, columns = _breaches(n), S.BREACH_COLUMNS
        values = (S.breach_values(b, labels) for b in rows)
    if writer == "bare":
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("data")
        ws.append([labels[c.key] for c in columns])
        for v in values:
            ws.append(v)
        wb.save(out)
    elif table == "findings":
        F.write_findings(out, rows, labels, today=today, what="bench", total=n)
    else:
        from console.services.assessment.sla_report import SlaReport

        S.write_sla(out, SlaReport(dt.date(2026, 10, 1), [], rows), labels, what="bench")  # streamed
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 3), "peak_rss_mb": round(peak, 1), "growth_mb": round(peak - base, 1),
            "file_mb": round(os.path.getsize(out) / 2**20, 2)}


def run(table: str, writer: str, n: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, f"{table}-{writer}.xlsx")
        res = subprocess.run([sys.executable, __file__, "--child", table, writer, str(n), out],
                             capture_output=True, text=True, check=True)
        return json.loads(res.stdout.strip().splitlines()[-1])


# --- end to end: a month of many orders through the real export -------------------------------------

CACHE = Path("/tmp/branch-console-bench")
E2E_NOW = dt.datetime(2026, 11, 20, 4, 0)  # UTC; the demo's day
E2E_MONTH = dt.date(2026, 10, 1)
_SOURCE_ORDERS = 20_000
_STEP = 10_000_000  # id offset per copy


def _shifted(col: str) -> str:
    """``col`` moved by the order's whole-day offset ``d.days``, the stored text form kept (microseconds)."""
    return (f"CASE WHEN {col} IS NULL THEN NULL ELSE strftime('%Y-%m-%d %H:%M:%S', {col}, "
            f"printf('%+d days', d.days), printf('%+d minutes', d.copy * 7)) || substr({col}, 20) END")


def month_db(n: int) -> Path:
    """A SQLite database whose October 2026 holds about ``n`` orders (see the module doc); cached."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"export-{n}.sqlite3"
    if path.exists():
        return path
    tmp = path.with_suffix(".part")
    for leftover in CACHE.glob(tmp.name + "*"):
        leftover.unlink()
    subprocess.run([sys.executable, __file__, "--build-demo", str(tmp)], check=True)
    con = sqlite3.connect(tmp)
    with con:
        src = con.execute("SELECT count(*) FROM work_order").fetchone()[0]
        copies = max(1, math.ceil(n / src))
        cols = [r[1] for r in con.execute("PRAGMA table_info(work_order)")]
        kinds = {r[1]: r[2] for r in con.execute("PRAGMA table_info(work_order)")}
        ecols = [r[1] for r in con.execute("PRAGMA table_info(order_event)")]
        con.execute("CREATE TEMP TABLE shift (id INTEGER PRIMARY KEY, days INTEGER)")
        con.execute("INSERT INTO shift SELECT id, CAST(julianday(?) - julianday(date(received_at, 'start of month')) "
                    "AS INTEGER) FROM work_order", (E2E_MONTH.isoformat(),))
        left = n
        for c in range(copies):
            take = min(src, left)
            left -= take
            off = (c + 1) * _STEP
            sel = []
            for col in cols:
                if col == "id":
                    sel.append(f"o.id + {off}")
                elif col == "number":
                    sel.append(f"o.number || '-{c}'")
                elif col == "parent_order_id":
                    sel.append("NULL")
                elif kinds[col] == "DATETIME":
                    sel.append(_shifted("o." + col))
                else:
                    sel.append("o." + col)
            con.execute(f"INSERT INTO work_order ({', '.join(cols)}) SELECT {', '.join(sel)} FROM work_order o "
                        f"JOIN (SELECT id, days, {c} AS copy FROM shift) d ON d.id = o.id WHERE o.id < {_STEP} "
                        f"ORDER BY o.id LIMIT {take}")
            esel = [f"e.id + {off}" if x == "id" else f"e.order_id + {off}" if x == "order_id"
                    else _shifted("e.at") if x == "at" else "e." + x for x in ecols]
            con.execute(f"INSERT INTO order_event ({', '.join(ecols)}) SELECT {', '.join(esel)} FROM order_event e "
                        f"JOIN (SELECT id, days, {c} AS copy FROM shift ORDER BY id LIMIT {take}) d "
                        f"ON d.id = e.order_id")
            if not left:
                break
    con.execute("ANALYZE")
    con.close()
    os.replace(tmp, path)
    return path


def pg_month_db(n: int, admin_url: str) -> str:
    """The same month on PostgreSQL: database ``bench_export_<n>`` on the server of ``admin_url``,
    copied from the SQLite month (benchmarks/pgcopy.py)."""
    from pgcopy import copy_sqlite_to_pg

    return copy_sqlite_to_pg(month_db(n), admin_url, f"bench_export_{n}")


def _build_demo(path: str) -> None:
    from console.demo.build import demo_in_one_transaction
    from console.rules.periods import UTC
    from console.services.access import startup

    store = startup.open_local(f"sqlite:///{path}")
    demo_in_one_transaction(store, seed=1, orders=_SOURCE_ORDERS, now=E2E_NOW.replace(tzinfo=UTC))
    store.engine.dispose()


def e2e_child(what: str, path: str, out: str) -> dict:
    from console.rules.periods import UTC
    from console.services.assessment.facts import instant, month_bounds

    if path.startswith("postgresql"):
        return _pg_child(what, path, out)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    first, last = month_bounds(E2E_MONTH)
    started = time.perf_counter()
    cpu = time.process_time()
    result: dict = {}
    if what == "reference":
        lo, hi = (instant(d).replace(tzinfo=None).isoformat(" ") for d in (first, last + dt.timedelta(days=1)))
        con = sqlite3.connect(path)
        orders = events = 0
        for _row in con.execute("SELECT * FROM work_order WHERE received_at >= ? AND received_at < ?", (lo, hi)):
            orders += 1
        for _row in con.execute("SELECT e.* FROM order_event e JOIN work_order o ON o.id = e.order_id "
                                "WHERE o.received_at >= ? AND o.received_at < ? ORDER BY e.order_id, e.at", (lo, hi)):
            events += 1
        result = {"orders": orders, "events": events}
    else:
        from console.services.access import startup
        from console.services.exports.workbooks import export

        store = startup.open_local(f"sqlite:///{path}")
        res = export(store, what, out, month=E2E_MONTH, lang="en", now=E2E_NOW.replace(tzinfo=UTC))
        result = {"rows": res.rows, "file_mb": round(os.path.getsize(out) / 2**20, 2)}
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 3), "cpu_seconds": round(time.process_time() - cpu, 3),
            "peak_rss_mb": round(peak, 1), "growth_mb": round(peak - base, 1), **result}


def _pg_child(what: str, url: str, out: str) -> dict:
    """:func:`e2e_child` on PostgreSQL: the bare reference reads with psycopg alone."""
    from console.rules.periods import UTC
    from console.services.assessment.facts import instant, month_bounds

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    first, last = month_bounds(E2E_MONTH)
    started = time.perf_counter()
    cpu = time.process_time()
    if what == "reference":
        import psycopg
        from sqlalchemy.engine import make_url

        u = make_url(url)
        lo, hi = instant(first), instant(last + dt.timedelta(days=1))
        orders = events = 0
        with psycopg.connect(dbname=u.database, user=u.username, host=u.query.get("host"),
                             port=u.query.get("port") or u.port) as con:
            with con.cursor(name="o") as cur:
                cur.itersize = 5000
                cur.execute("SELECT * FROM work_order WHERE received_at >= %s AND received_at < %s", (lo, hi))
                for _row in cur:
                    orders += 1
            with con.cursor(name="e") as cur:
                cur.itersize = 5000
                cur.execute("SELECT e.* FROM order_event e JOIN work_order o ON o.id = e.order_id WHERE "
                            "o.received_at >= %s AND o.received_at < %s ORDER BY e.order_id, e.at", (lo, hi))
                for _row in cur:
                    events += 1
        result = {"orders": orders, "events": events}
    elif what == "nightly":
        from console.services.assessment.refresh import refresh
        from console.store import open_store

        result = refresh(open_store(url)).as_json()
    else:
        from console.services.exports.workbooks import export
        from console.store import open_store

        res = export(open_store(url), what, out, month=E2E_MONTH, lang="en", now=E2E_NOW.replace(tzinfo=UTC))
        result = {"rows": res.rows, "file_mb": round(os.path.getsize(out) / 2**20, 2)}
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 3), "cpu_seconds": round(time.process_time() - cpu, 3),
            "peak_rss_mb": round(peak, 1), "growth_mb": round(peak - base, 1), **result}


def e2e_run(what: str, path: Path | str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, f"{what}.xlsx")
        res = subprocess.run([sys.executable, __file__, "--e2e-child", what, str(path), out],
                             capture_output=True, text=True)
        if res.returncode:
            return {"error": (res.stderr.strip().splitlines() or ["?"])[-1]}
        return json.loads(res.stdout.strip().splitlines()[-1])


def nightly_child(path: str) -> dict:
    """The nightly `audit facts` (services.assessment.refresh) on the benchmark's database."""
    from console.services.access import startup
    from console.services.assessment.refresh import refresh

    store = startup.open_local(f"sqlite:///{path}")
    return refresh(store).as_json()


def nightly(path: Path | str) -> dict:
    if str(path).startswith("postgresql"):
        return e2e_run("nightly", path)
    res = subprocess.run([sys.executable, __file__, "--nightly-child", str(path)], capture_output=True, text=True,
                         check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def end_to_end(n: int, repeat: int, pg: str | None = None) -> dict:
    path = pg_month_db(n, pg) if pg else month_db(n)
    out: dict = {"month": E2E_MONTH.strftime("%Y-%m"), "orders_target": n, "backend": "postgresql" if pg else "sqlite",
                 "database": str(path).split("@")[-1], "target_ratio": 2.0, "target_peak_mb": 300}
    # the stored verdicts as the nightly cron line leaves them: judged once (the first run on a new
    # database judges every completed order), then only what changed (nothing here)
    out["nightly_facts"] = [nightly(path), nightly(path)]
    runs = {w: [e2e_run(w, path) for _ in range(repeat)] for w in ("reference", "sla", "assessment")}
    best = {w: min(r, key=lambda x: x.get("seconds", math.inf)) for w, r in runs.items()}
    out["reference"] = best["reference"]
    for w in ("sla", "assessment"):
        b = best[w]
        if "seconds" in b and "seconds" in best["reference"]:
            b["ratio"] = round(b["seconds"] / best["reference"]["seconds"], 2)
            b["ok"] = b["ratio"] <= 2.0 and b["peak_rss_mb"] <= 300
        out[w] = b
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--month-orders", type=int, default=200_000, help="end to end: orders in the month (0: skip)")
    p.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    p.add_argument("--e2e-child", nargs=3, help=argparse.SUPPRESS)
    p.add_argument("--build-demo", help=argparse.SUPPRESS)
    p.add_argument("--nightly-child", help=argparse.SUPPRESS)
    p.add_argument("--skip-writers", action="store_true", help="only the end-to-end case")
    p.add_argument("--pg", action="store_true", help="end to end on PostgreSQL too: the same month copied into a "
                   "database on the server of BRANCH_CONSOLE_TEST_PG (scripts/pg-throwaway.sh starts one)")
    args = p.parse_args()
    if args.build_demo:
        _build_demo(args.build_demo)
        return
    if args.nightly_child:
        print(json.dumps(nightly_child(args.nightly_child)))
        return
    if args.e2e_child:
        print(json.dumps(e2e_child(*args.e2e_child)))
        return
    if args.child:
        table, writer, n, out = args.child
        print(json.dumps(child(table, writer, int(n), out)))
        return
    report = {"rows": args.rows, "python": platform.python_version(), "tables": {}}
    for table in (() if args.skip_writers else ("findings", "sla_breaches")):
        key = "findings" if table == "findings" else "breaches"
        runs = {w: [run(key, w, args.rows) for _ in range(args.repeat)] for w in ("bare", "console")}
        best = {w: min(r, key=lambda x: x["seconds"]) for w, r in runs.items()}
        ratio = statistics.median(c["seconds"] for c in runs["console"]) / statistics.median(
            b["seconds"] for b in runs["bare"])
        report["tables"][table] = {"bare": best["bare"], "console": best["console"], "ratio": round(ratio, 3),
                                   "target_ratio": 1.3, "target_peak_mb": 100,
                                   "ok": ratio <= 1.3 and best["console"]["peak_rss_mb"] <= 100}
    if args.month_orders:
        report["end_to_end"] = end_to_end(args.month_orders, args.repeat)
        if args.pg:
            report["end_to_end_postgresql"] = end_to_end(args.month_orders, args.repeat, os.environ["BRANCH_CONSOLE_TEST_PG"])
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
