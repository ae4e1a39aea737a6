"""A province's reads on one server: each figure beside a bare read of the same rows. Prints JSON.

    .venv/bin/python benchmarks/province_reads.py --db URL [--month 2026-10] [--now ISO]

``URL``: a province built by ``branch-console demo --province`` (PostgreSQL or SQLite). Every
measurement is a fresh process (the console's own start: its imports, its first connection):

* ``nightly_facts``: ``audit facts`` (services.assessment.refresh) — the first run on a new database
  judges every completed order; run again, only what changed since (here: nothing);
* ``assessment``: the month's scorecards of every branch (services.assessment.districts.assess, the
  inspector's province view's first data and ``export assessment --province``'s read);
* ``sla_report``: the month's time-limit report of every branch;
* ``escalation``: a cold pass over every open order (the cron ``escalate``), then the console's
  steady pass 30 s later (services.orders.escalation.run_pass);
* ``audit_verify``: the whole chain recomputed (services.audit.verify);
* beside each, ``reference``: the bare driver (sqlite3 / psycopg with a server-side cursor) reading
  the rows that work is about, as tuples: the month's orders and their events; the open orders'
  events; every audit row, with SHA-256 over each row's text.

* ``screens``: each workspace's first data for the branch with the most orders, as its own reader
  asks for it (views: callbacks/workbench, callbacks/coverage, revisits/plans, notices/advance and
  fees, supervision/inspections and accountability), beside ``reference_screens``: the bare driver
  reading the rows each one lists (the branch's open callbacks with their orders and attempts, the
  month's callbacks, its plans and visits, notices, expiring accounts, inspections and findings,
  cases).

Targets: the month's assessment <= 2 s on PostgreSQL and <= 2 x its reference; the steady pass and
the verify <= 2 x their references; every screen's first data <= 2 s and <= 2 x its reference.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

# this folder holds a queue.py, which would shadow the standard library's (psycopg imports it)
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))
sys.path.append(str(HERE / "_lib"))

_MONTH_ORDERS = ("SELECT * FROM work_order WHERE received_at < %(hi)s AND (completed_at >= %(lo)s OR completed_at IS NULL)")
_MONTH_EVENTS = ("SELECT e.* FROM order_event e JOIN work_order o ON o.id = e.order_id WHERE o.received_at < %(hi)s "
                 "AND (o.completed_at >= %(lo)s OR o.completed_at IS NULL) ORDER BY e.order_id, e.at, e.id")
_OPEN_EVENTS = ("SELECT e.* FROM order_event e JOIN work_order o ON o.id = e.order_id WHERE o.status <> 'completed' "
                "ORDER BY e.order_id, e.at, e.id")
_AUDIT = "SELECT * FROM audit_log ORDER BY id"


def _bare(u, statements: list[str], params: dict, digest: bool = False) -> dict:
    """``u``: the parsed URL; the driver is imported before the clock starts."""
    rows = 0
    h = hashlib.sha256()
    if u.get_backend_name() == "sqlite":
        import sqlite3

        con = sqlite3.connect(u.database)
        named = {k: (v.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(" ") if isinstance(v, dt.datetime)
                     else v.isoformat() if isinstance(v, dt.date) else v) for k, v in params.items()}
        for sql in statements:
            for row in con.execute(re.sub(r"%\((\w+)\)s", r":\1", sql), named):
                rows += 1
                if digest:
                    h.update(repr(row).encode())
        con.close()
    else:
        import psycopg

        with psycopg.connect(u.set(drivername="postgresql").render_as_string(hide_password=False)) as con:
            for k, sql in enumerate(statements):
                with con.cursor(name=f"bare{k}") as cur:
                    cur.itersize = 5000
                    cur.execute(sql, params)
                    for row in cur:
                        rows += 1
                        if digest:
                            h.update(repr(row).encode())
    return {"rows": rows}


# each screen's rows, read bare: (screen, [statements]) with %(b)s the branch, %(lo)s/%(hi)s the month,
# %(today)s/%(soon)s the fee reminders' window
_SCREENS = {
    "callback_workbench": [
        "SELECT c.*, o.*, cu.name, cu.phone, d.name FROM callback c JOIN work_order o ON o.id = c.order_id "
        "LEFT JOIN customer cu ON cu.id = o.customer_id JOIN district d ON d.id = o.district_id "
        "WHERE c.branch_id = %(b)s AND c.status = 'open' ORDER BY c.due_at, c.id",
        "SELECT e.* FROM order_event e JOIN callback c ON c.order_id = e.order_id WHERE c.branch_id = %(b)s "
        "AND c.status = 'open' AND e.type = 'callback_attempt' ORDER BY e.at"],
    "callback_coverage": [
        "SELECT c.status, c.due_at, c.done_at, c.satisfaction, c.solved, o.completed_at, d.id, d.name "
        "FROM callback c JOIN work_order o ON o.id = c.order_id JOIN district d ON d.id = o.district_id "
        "WHERE c.branch_id = %(b)s AND o.completed_at >= %(lo)s AND o.completed_at < %(hi)s"],
    "revisit_plans": [
        "SELECT p.*, cu.* FROM revisit_plan p JOIN customer cu ON cu.id = p.customer_id WHERE p.branch_id = %(b)s",
        "SELECT * FROM revisit_visit WHERE branch_id = %(b)s",
        "SELECT * FROM customer WHERE branch_id = %(b)s AND is_major",
        "SELECT * FROM staff WHERE branch_id = %(b)s"],
    "notices": ["SELECT * FROM notice WHERE branch_id = %(b)s",
                "SELECT nd.* FROM notice_district nd JOIN notice n ON n.id = nd.notice_id WHERE n.branch_id = %(b)s",
                "SELECT id, name FROM district WHERE branch_id = %(b)s"],
    "fee_reminders": [
        "SELECT cu.*, d.name FROM customer cu JOIN district d ON d.id = cu.district_id WHERE cu.branch_id = %(b)s "
        "AND cu.expires_on >= %(today)s AND cu.expires_on <= %(soon)s"],
    "inspections": ["SELECT * FROM inspection WHERE branch_id = %(b)s", "SELECT * FROM finding WHERE branch_id = %(b)s"],
    "accountability": ["SELECT * FROM accountability_case WHERE branch_id = %(b)s"],
}


def _busiest(url: str) -> tuple[int, int]:
    """The branch with the most orders, and one of its managers (the accountability screen's reader)."""
    from sqlalchemy import create_engine, text

    eng = create_engine(url)
    with eng.connect() as c:
        b = c.execute(text("SELECT branch_id FROM work_order GROUP BY branch_id ORDER BY count(*) DESC, branch_id "
                           "LIMIT 1")).scalar_one()
        m = c.execute(text("SELECT id FROM staff WHERE branch_id = :b AND role = 'manager' ORDER BY id LIMIT 1"),
                      {"b": b}).scalar_one()
    eng.dispose()
    return b, m


def _plans_screen(store, branch: int, today: dt.date, monday: dt.date) -> int:
    """views/revisits/plans.py's reader: the owners, the plans, their calendar and the major clients."""
    from console.services.access import directory
    from console.services.revisits import plans as rv

    directory.staff_of_branch(store, branch, ("maintainer", "manager", "dispatcher"))
    rows = rv.plans(store, branch, today)
    rv.calendar(store, branch, monday, today, rows=rows)
    rv.major_customers(store, branch)
    return len(rows)


def _screens(store, branch: int, manager: int, first: dt.date, nxt: dt.date, when: dt.datetime) -> dict:
    """Each workspace's first data, read as its view's ``_reader`` reads it (console.views: the same
    service calls with the same arguments), timed one after the other in this process."""
    from console.services.access import directory
    from console.services.assessment.callback_coverage import coverage
    from console.services.callbacks import workbench as cbs
    from console.services.notices import advance as nt
    from console.services.notices import fees
    from console.services.revisits import plans as rv
    from console.services.supervision import accountability as acc
    from console.services.supervision import inspections as insp

    today = when.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    monday = today - dt.timedelta(days=today.weekday())
    readers = {
        "callback_workbench": lambda: len(cbs.workbench(store, branch)),
        "callback_coverage": lambda: len(coverage(store, first, nxt - dt.timedelta(days=1), branch_id=branch,
                                                  now=when).districts),
        "revisit_plans": lambda: _plans_screen(store, branch, today, monday),
        "notices": lambda: (len(nt.notices(store, branch)), directory.district_names(store, branch))[0],
        "fee_reminders": lambda: len(fees.expiring(store, branch, today, fees.DEFAULT_DAYS)),
        "inspections": lambda: (len(insp.inspections(store, branch)), len(insp.findings(store, branch_id=branch)))[1],
        "accountability": lambda: len(acc.cases(store, branch, actor_id=manager)),
    }
    directory.branches(store)  # a console has read before a workspace opens: its mappers are configured
    out = {}
    for name, read in readers.items():
        # each workspace opens on its own: what the screens before it left is collected first (a
        # collection it would otherwise pay for the others, one of tens of ms after the coverage report)
        gc.collect()
        t = time.perf_counter()
        rows = read()
        out[name] = {"seconds": round(time.perf_counter() - t, 3), "rows": rows}
    return out


def _china_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), dt.timezone(dt.timedelta(hours=8))).astimezone(dt.timezone.utc)


def child(what: str, url: str, month: str, now: str) -> dict:
    """One measurement; ``seconds`` is the work alone (after imports and opening the database, which
    ``start_s`` gives for the console)."""
    t_start = time.perf_counter()
    first = dt.date.fromisoformat(month + "-01")
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    when = dt.datetime.fromisoformat(now).replace(tzinfo=dt.timezone.utc)
    params = {"lo": _china_midnight(first), "hi": _china_midnight(nxt)}
    out: dict = {}
    if what.startswith("reference"):
        from sqlalchemy.engine import make_url

        u = make_url(url)
        __import__("sqlite3" if u.get_backend_name() == "sqlite" else "psycopg")
    started, cpu = time.perf_counter(), time.process_time()
    if what == "reference_month":
        out = _bare(u, [_MONTH_ORDERS, _MONTH_EVENTS], params)
    elif what == "reference_open":
        out = _bare(u, [_OPEN_EVENTS], {})
    elif what == "reference_audit":
        out = _bare(u, [_AUDIT], {}, digest=True)
    elif what == "reference_screens":
        today = when.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
        branch, _ = _busiest(url)
        params.update(b=branch, today=today, soon=today + dt.timedelta(days=15))
        started = time.perf_counter()
        for name, statements in _SCREENS.items():
            t = time.perf_counter()
            out[name] = {**_bare(u, statements, params), "seconds": round(time.perf_counter() - t, 3)}
        out["branch"] = branch
    else:
        from console.services.assessment.districts import assess
        from console.services.assessment.refresh import refresh
        from console.services.assessment.sla_report import sla_report
        from console.services.audit.verify import verify
        from console.services.orders.escalation import run_pass
        from console.store import open_store

        store = open_store(url)
        out["start_s"] = round(time.perf_counter() - t_start, 3)
        started, cpu = time.perf_counter(), time.process_time()
        if what == "nightly_facts":
            out.update(refresh(store).as_json())
        elif what == "assessment":
            a = assess(store, first, now=when)
            out.update(branches=len(a.branches), districts=len(a.districts), maintainers=len(a.maintainers))
        elif what == "sla_report":
            r = sla_report(store, first, now=when)
            out.update(breaches=len(r.breaches))
        elif what == "escalation":
            t = time.perf_counter()
            fired = run_pass(store, now=when)
            cold = time.perf_counter() - t
            t = time.perf_counter()
            again = run_pass(store, now=when + dt.timedelta(seconds=30))
            out.update(cold_s=round(cold, 3), cold_fired=len(fired), steady_s=round(time.perf_counter() - t, 3),
                       steady_fired=len(again))
        elif what == "audit_verify":
            res = verify(store)
            out.update(ok=res.ok, rows=res.rows)
        elif what == "screens":
            branch, manager = _busiest(url)
            started = time.perf_counter()
            out.update(_screens(store, branch, manager, first, nxt, when), branch=branch)
        seconds = time.perf_counter() - started
        store.dispose()
        out.update(seconds=round(seconds, 3))
    out.setdefault("seconds", round(time.perf_counter() - started, 3))
    out.update(cpu_seconds=round(time.process_time() - cpu, 3),
               peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))
    return out


def run(what: str, args) -> dict:
    res = subprocess.run([sys.executable, __file__, "--child", what, args.db, args.month, args.now],
                         capture_output=True, text=True)
    if res.returncode:
        return {"error": (res.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(res.stdout.strip().splitlines()[-1])


def _ratio(a: dict, b: dict) -> float | None:
    return round(a["seconds"] / b["seconds"], 2) if "seconds" in a and b.get("seconds") else None


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--db")
    p.add_argument("--month", default="2026-10", help="YYYY-MM (default 2026-10)")
    p.add_argument("--now", default="2026-11-20T04:00", help="UTC, ISO 8601 (the demo's reference time)")
    p.add_argument("--copy-to-pg", metavar="ADMIN_URL", help="first copy the SQLite province --db names into a "
                   "PostgreSQL database on that server (a superuser's URL, e.g. BRANCH_CONSOLE_TEST_PG) and measure "
                   "there (benchmarks/_lib/pgcopy.py)")
    p.add_argument("--only", nargs="+", metavar="WORK", help="only these (nightly_facts assessment sla_report "
                   "escalation audit_verify screens)")
    p.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    if not args.db:
        p.error("--db URL is required (a province built by 'branch-console demo --province')")
    if args.copy_to_pg:
        from pgcopy import copy_sqlite_to_pg
        from sqlalchemy.engine import make_url

        t = time.perf_counter()
        args.db = copy_sqlite_to_pg(Path(make_url(args.db).database), args.copy_to_pg, "bench_province",
                                    progress=lambda table: print(f"copying {table}", file=sys.stderr))
        print(f"copied in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    report: dict = {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()[0],
                    "backend": args.db.split(":")[0], "month": args.month}
    def want(what: str) -> bool:
        return not args.only or what in args.only

    if want("nightly_facts"):
        report["nightly_facts"] = [run("nightly_facts", args), run("nightly_facts", args)]
    if want("assessment") or want("sla_report"):
        month_ref = run("reference_month", args)
        for what in ("assessment", "sla_report"):
            if want(what):
                r = run(what, args)
                report[what] = {**r, "reference": month_ref, "ratio": _ratio(r, month_ref)}
        if "assessment" in report:
            report["assessment"]["target"] = "<= 2 s on PostgreSQL, <= 2 x reference"
    if want("escalation"):
        open_ref = run("reference_open", args)
        esc = run("escalation", args)
        report["escalation"] = {**esc, "reference": open_ref,
                                "ratio": round(esc["steady_s"] / open_ref["seconds"], 2) if "steady_s" in esc else None,
                                "target": "steady <= 2 x reference"}
    if want("audit_verify"):
        audit_ref = run("reference_audit", args)
        ver = run("audit_verify", args)
        report["audit_verify"] = {**ver, "reference": audit_ref, "ratio": _ratio(ver, audit_ref),
                                  "target": "<= 2 x reference"}
    if want("screens"):
        screens_ref, screens = run("reference_screens", args), run("screens", args)
        report["screens"] = {name: {**got, "reference_s": screens_ref.get(name, {}).get("seconds"),
                                    "ratio": _ratio(got, screens_ref.get(name, {}))}
                             for name, got in screens.items() if isinstance(got, dict)}
        report["screens"].update(branch=screens.get("branch"), error=screens.get("error") or screens_ref.get("error"),
                                 target="each <= 2 s and <= 2 x reference")
    report["load_after"] = os.getloadavg()[0]
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
