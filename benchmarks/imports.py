"""Benchmark the customers import (``branch-console import customers``) against a bare read of the
same workbook: peak memory and time, each in a fresh subprocess. Prints JSON.

    .venv/bin/python benchmarks/imports.py                    # 600,000 rows
    .venv/bin/python benchmarks/imports.py --rows 50000 --repeat 2
    scripts/pg-throwaway.sh .venv/bin/python benchmarks/imports.py    # PostgreSQL too

The database is the demo (``console.demo.build``, seed 1, 2,000 orders, dated 2026-11-20: branch
NC 南昌市分公司 with its 42 districts and 35,747 accounts), built once and cached as
``/tmp/branch-console-bench/imports-demo.sqlite3``; every run that writes gets a fresh copy. The
workbook (cached as ``imports-customers-<N>.xlsx`` beside it) has N valid rows for NC: accounts
``IMP000000001``…, the demo's name, mobile and address generators, the district by name (one row
in ten by its code), Excel dates for the subscription and text dates for the expiry, a position on
half of the rows (the others take their district's point), a major client's category on one row
in a thousand.

Measured, each in its own subprocess (seconds, peak RSS ``ru_maxrss`` and its growth over the
process's baseline after its imports):
- ``read``: the bare reference, openpyxl ``read_only`` iteration of the sheet's rows (values_only);
- ``check``: ``branch-console import customers --dry-run`` (the command line's own function);
- ``import``: the same without --dry-run (one transaction, one audit row) on a fresh copy;
- ``apply_reference``: the bare read plus a bare ``sqlite3`` ``executemany`` insert of the same
  rows (district name -> id, the district's point where none is given; one transaction, 2,000 a
  batch), no checks at all.
With BRANCH_CONSOLE_TEST_PG set (scripts/pg-throwaway.sh), ``check_pg``/``import_pg`` and the
bare ``apply_reference_pg`` (psycopg executemany) run on a PostgreSQL copy of the same demo.
Targets: peak ≤ 300 MB for 600,000 rows (the issue: 1.07 GB before streaming).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import platform
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

# the project's root first, and not this folder: benchmarks/queue.py would stand in for the standard
# library's queue (psycopg's pool and SQLAlchemy import it)
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _HERE]

CACHE = Path("/tmp/branch-console-bench")
NOW = dt.datetime(2026, 11, 20, 4, 0, tzinfo=dt.timezone.utc)
DEMO_ORDERS = 2_000
BRANCH = "NC"
HEADER = ["账号", "姓名", "电话", "地址", "片区", "开户日期", "到期日期", "纬度", "经度", "重要客户类别"]
TARGET_MB = 300
BATCH = 2_000
PG_ENV = "BRANCH_CONSOLE_TEST_PG"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


# --- the cached inputs --------------------------------------------------------------------------

def demo_db() -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / "imports-demo.sqlite3"
    if path.exists():
        return path
    part = path.with_name(path.name + ".part")
    for leftover in CACHE.glob(part.name + "*"):
        leftover.unlink()
    subprocess.run([sys.executable, __file__, "--build-demo", f"sqlite:///{part}"], check=True)
    con = sqlite3.connect(part)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to copy
    con.close()
    os.replace(part, path)
    return path


def _build_demo(url: str) -> None:
    from console.demo.build import demo_in_one_transaction
    from console.store import open_store

    store = open_store(url, migrate=True)
    demo_in_one_transaction(store, seed=1, orders=DEMO_ORDERS, now=NOW)
    store.dispose()


def _districts(db: Path) -> list[tuple[int, str, str, float, float]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT d.id, d.code, d.name, d.latitude, d.longitude FROM district d "
                           "JOIN branch b ON b.id = d.branch_id WHERE b.code = ? ORDER BY d.id", (BRANCH,)).fetchall()
    finally:
        con.close()


def workbook(n: int, db: Path) -> Path:
    """N valid customer rows for the demo's branch NC (see the module doc); cached."""
    path = CACHE / f"imports-customers-{n}.xlsx"
    if path.exists():
        return path
    from openpyxl import Workbook

    from console.demo.names import city_address, mobile, person_name

    districts = _districts(db)
    rng = random.Random(20261120)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("客户")
    ws.append(HEADER)
    day0 = dt.date(2011, 1, 1)
    for i in range(1, n + 1):
        _id, code, name, lat, lon = districts[rng.randrange(len(districts))]
        start = day0 + dt.timedelta(days=rng.randrange(5_000))
        expires = start.replace(year=2027) if not (start.month == 2 and start.day == 29) else dt.date(2027, 2, 28)
        here = i % 2 == 0
        ws.append([f"IMP{i:09d}", person_name(rng), mobile(rng), city_address(rng, name),
                   code if i % 10 == 0 else name, start, expires.isoformat(),
                   round(lat + rng.uniform(-0.004, 0.004), 6) if here else None,
                   round(lon + rng.uniform(-0.004, 0.004), 6) if here else None,
                   "hospital" if i % 1000 == 0 else None])
    part = path.with_name(path.name + ".part.xlsx")
    wb.save(part)
    os.replace(part, path)
    return path


# --- the children -------------------------------------------------------------------------------

def _bare_rows(xlsx: str):
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, read_only=True, data_only=True)
    try:
        rows = wb.worksheets[0].iter_rows(values_only=True)
        next(rows)  # the header
        yield from rows
    finally:
        wb.close()


def _bare_values(xlsx: str, by_key: dict, branch_id: int):
    """The rows as customer columns, with nothing checked (the apply references)."""
    for r in _bare_rows(xlsx):
        if len(r) < len(HEADER):  # a read-only sheet leaves out a row's trailing empty cells
            r = r + (None,) * (len(HEADER) - len(r))
        did, lat, lon = by_key[r[4]]
        subscribed = r[5].date() if isinstance(r[5], dt.datetime) else r[5]
        yield (branch_id, r[0], r[1], r[2], r[3], did, r[9] is not None, r[9], subscribed.isoformat(), r[6], True,
               r[7] if r[7] is not None else lat, r[8] if r[8] is not None else lon)


INSERT = ("INSERT INTO customer (branch_id, account_no, name, phone, address, district_id, is_major, major_category, "
          "subscribed_on, expires_on, active, latitude, longitude) VALUES ({})")


def _batched(values):
    batch = []
    for v in values:
        batch.append(v)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def child(what: str, xlsx: str, url: str) -> dict:
    base = _rss_mb()
    started = time.perf_counter()
    cpu = time.process_time()
    result: dict = {}
    if what == "read":
        result["rows"] = sum(1 for _ in _bare_rows(xlsx))
    elif what in ("apply_reference", "apply_reference_pg"):
        if what == "apply_reference":
            con = sqlite3.connect(url.removeprefix("sqlite:///"))
            mark = "?"
        else:
            import psycopg
            from sqlalchemy.engine import make_url

            con = psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False))
            mark = "%s"
        cur = con.cursor()
        cur.execute(f"SELECT d.id, d.code, d.name, d.latitude, d.longitude FROM district d JOIN branch b "
                    f"ON b.id = d.branch_id WHERE b.code = {mark}", (BRANCH,))
        districts = cur.fetchall()
        cur.execute(f"SELECT id FROM branch WHERE code = {mark}", (BRANCH,))
        branch_id = cur.fetchone()[0]
        by_key = {k: (d[0], d[3], d[4]) for d in districts for k in (d[1], d[2])}
        sql = INSERT.format(", ".join([mark] * 13))
        rows = 0
        for batch in _batched(_bare_values(xlsx, by_key, branch_id)):
            cur.executemany(sql, batch)
            rows += len(batch)
        con.commit()
        con.close()
        result["rows"] = rows
    else:  # the console's command line, as typed
        from console.cli import main

        args = ["import", "customers", "--db", url, "--file", xlsx, "--branch", BRANCH]
        if what.startswith("check"):
            args.append("--dry-run")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(args)
        summary = json.loads(out.getvalue().strip().splitlines()[-1])
        result.update(exit=code, rows=summary["rows"], imported=summary["imported"], errors=summary["errors"])
    seconds = time.perf_counter() - started
    peak = _rss_mb()
    return {"seconds": round(seconds, 2), "cpu_seconds": round(time.process_time() - cpu, 2),
            "peak_rss_mb": round(peak, 1), "growth_mb": round(peak - base, 1), **result}


def run(what: str, xlsx: Path, url: str) -> dict:
    res = subprocess.run([sys.executable, __file__, "--child", what, str(xlsx), url], capture_output=True, text=True)
    if res.returncode:
        return {"error": (res.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(res.stdout.strip().splitlines()[-1])


# --- PostgreSQL (optional) ----------------------------------------------------------------------

class Pg:
    """Databases on the throw-away server: a demo template, then one copy per run that writes."""

    def __init__(self, admin: str):
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.admin = admin
        self.make_url = make_url
        self.engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        self.template = f"bench_imports_{uuid.uuid4().hex[:8]}"
        self._sql(f'CREATE DATABASE "{self.template}"')
        subprocess.run([sys.executable, __file__, "--build-demo", self.url(self.template)], check=True)

    def url(self, name: str) -> str:
        return self.make_url(self.admin).set(database=name).render_as_string(hide_password=False)

    def _sql(self, statement: str) -> None:
        from sqlalchemy import text

        with self.engine.connect() as c:
            c.execute(text(statement))

    @contextlib.contextmanager
    def copy(self):
        name = f"bench_imports_{uuid.uuid4().hex[:8]}"
        self._sql(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        try:
            yield self.url(name)
        finally:
            self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self._sql(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self.engine.dispose()


# --- the report ---------------------------------------------------------------------------------

def _best(runs: list[dict]) -> dict:
    good = [r for r in runs if "seconds" in r]
    return min(good, key=lambda r: r["seconds"]) if good else runs[0]


def _ratios(out: dict, name: str, reference: str) -> None:
    a, b = out.get(name, {}), out.get(reference, {})
    if "seconds" in a and "seconds" in b:
        a[f"time_vs_{reference}"] = round(a["seconds"] / b["seconds"], 2)
        a[f"peak_vs_{reference}"] = round(a["peak_rss_mb"] / b["peak_rss_mb"], 2)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rows", type=int, default=600_000)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--only", nargs="*", help="run only these measurements (read, check, import, apply_reference…)")
    p.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    p.add_argument("--build-demo", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.build_demo:
        _build_demo(args.build_demo)
        return
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    db = demo_db()
    started = time.perf_counter()
    xlsx = workbook(args.rows, db)
    made = time.perf_counter() - started
    wanted = set(args.only or ("read", "check", "import", "apply_reference", "check_pg", "import_pg",
                               "apply_reference_pg"))
    out: dict = {"rows": args.rows, "python": platform.python_version(), "workbook": str(xlsx),
                 "workbook_mb": round(xlsx.stat().st_size / 2**20, 1), "workbook_seconds": round(made, 1),
                 "database": str(db), "target_peak_mb": TARGET_MB}

    def repeated(what: str, url_for) -> dict:
        runs = []
        for _ in range(args.repeat):
            with url_for() as url:
                runs.append(run(what, xlsx, url))
        return _best(runs)

    @contextlib.contextmanager
    def sqlite_copy():
        with tempfile.TemporaryDirectory(prefix="bc-imports-") as tmp:
            target = Path(tmp) / "demo.sqlite3"
            shutil.copyfile(db, target)
            yield f"sqlite:///{target}"

    for what in ("read", "check", "import", "apply_reference"):
        if what in wanted:
            out[what] = repeated(what, sqlite_copy)
    pg_admin = os.environ.get(PG_ENV)
    if pg_admin and wanted & {"check_pg", "import_pg", "apply_reference_pg"}:
        pg = Pg(pg_admin)
        try:
            for what in ("check_pg", "import_pg", "apply_reference_pg"):
                if what in wanted:
                    out[what] = repeated(what, pg.copy)
        finally:
            pg.close()
    for name, reference in (("check", "read"), ("import", "read"), ("import", "apply_reference"),
                            ("apply_reference", "read"), ("check_pg", "read"), ("import_pg", "read"),
                            ("import_pg", "apply_reference_pg")):
        _ratios(out, name, reference)
    for name in ("check", "import", "check_pg", "import_pg"):
        r = out.get(name)
        if r and "peak_rss_mb" in r:
            r["ok"] = r["peak_rss_mb"] <= TARGET_MB  # the target of 600,000 rows
    out["load_average"] = os.getloadavg()
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
