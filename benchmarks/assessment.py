"""The district assessment on screen (R-ZONE-3/4): from ``set_branch`` to ``sig_loaded`` on the demo. Prints JSON.

    .venv/bin/python benchmarks/assessment.py                # the demo (40,000 orders), best of 3
    .venv/bin/python benchmarks/assessment.py --orders 80000 --repeat 1

The demo database (``console.demo.build.demo_in_one_transaction``, seed 1) is built once into
``/tmp/branch-console-bench/demo-<seed>-<orders>-<day>.sqlite3`` and reused. Each measurement runs in
a fresh subprocess:

  view         the assessment view (console.views.assessment.districts.AssessmentView, offscreen):
               ``set_branch(first manager's branch)`` until ``sig_loaded`` (the month's scorecards and
               the twelve-month trend are on screen)
  service      ``services.assessment.districts.trend`` alone (what the view's worker runs)
  month        ``services.assessment.districts.assess`` of the month alone (one month's facts)
  statements   SQL statements the trend issued (does not grow with the number of orders)
  reference    bare ``sqlite3``: the month's ``work_order`` rows of the branch (received in it) and
               their ``order_event`` rows, fetched as tuples (what reading the month costs)
  reference_trend  the same for the twelve months the trend shows

The month is the one the view opens on (the last complete month).

Target: view_s <= 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path("/tmp/branch-console-bench")


def demo_db(seed: int, orders: int) -> Path:
    """The demo database for these parameters (built once a day: the demo is dated around today)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"demo-{seed}-{orders}-{dt.date.today():%Y%m%d}.sqlite3"
    if not path.exists():
        subprocess.run([sys.executable, __file__, "--build", str(seed), str(orders), str(path)], check=True)
    return path


def _build(seed: int, orders: int, path: str) -> None:
    sys.path.insert(0, str(ROOT))
    from console.demo.build import demo_in_one_transaction
    from console.services.access import startup

    tmp = path + ".part"
    for leftover in Path(tmp).parent.glob(Path(tmp).name + "*"):
        leftover.unlink()
    store = startup.open_local(f"sqlite:///{tmp}")
    demo_in_one_transaction(store, seed=seed, orders=orders)
    store.engine.dispose()
    os.replace(tmp, path)


def _manager_branch(store) -> tuple[int, int]:
    from sqlalchemy import select

    from console.models import Staff
    from console.vocabulary import Role

    with store.read() as s:
        return tuple(s.execute(select(Staff.id, Staff.branch_id).where(Staff.role == Role.MANAGER,
                                                                        Staff.active.is_(True))
                               .order_by(Staff.id)).first())


def _month() -> dt.date:
    """The month the view opens on: the last complete China month (R-ZONE-3 assesses whole months)."""
    from console.rules.periods import CST, UTC
    from console.services.assessment.districts import months_back

    return months_back(dt.datetime.now(UTC).astimezone(CST).date(), 2)[1]


def _rss() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def child(what: str, path: str) -> dict:
    sys.path.insert(0, str(ROOT))
    if what.startswith("reference"):
        from console.services.assessment.facts import instant, month_bounds

        from console.services.assessment.facts import add_months

        month = _month()
        first = add_months(month, -11) if what == "reference_trend" else month
        lo, hi = (instant(d).replace(tzinfo=None).isoformat(" ") for d in (first, month_bounds(month)[1] + dt.timedelta(days=1)))
        con = sqlite3.connect(path)
        branch = con.execute("SELECT branch_id FROM staff WHERE role = 'manager' AND active ORDER BY id").fetchone()[0]
        t0 = time.perf_counter()
        orders = con.execute("SELECT * FROM work_order WHERE branch_id = ? AND received_at >= ? AND received_at < ?",
                             (branch, lo, hi)).fetchall()
        events = con.execute("SELECT e.* FROM order_event e JOIN work_order o ON o.id = e.order_id WHERE "
                             "o.branch_id = ? AND o.received_at >= ? AND o.received_at < ? ORDER BY e.order_id, e.at",
                             (branch, lo, hi)).fetchall()
        return {"seconds": round(time.perf_counter() - t0, 3), "orders": len(orders), "events": len(events),
                "first": first.isoformat(), "peak_rss_mb": _rss()}
    from sqlalchemy import event

    from console.services.access import startup

    store = startup.open_local(f"sqlite:///{path}")
    _mgr, branch = _manager_branch(store)
    statements = [0]
    event.listen(store.engine, "before_cursor_execute", lambda *_a: statements.__setitem__(0, statements[0] + 1))
    if what in ("service", "month"):
        from console.rules.periods import UTC
        from console.services.assessment import districts as A

        now = dt.datetime.now(UTC)
        month = _month()
        t0 = time.perf_counter()
        if what == "service":
            A.trend(store, month, branch_id=branch, now=now)
        else:
            A.assess(store, month, branch_id=branch, now=now)
        return {"seconds": round(time.perf_counter() - t0, 3), "statements": statements[0], "peak_rss_mb": _rss()}
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from console.views.assessment.districts import AssessmentView

    app = QApplication([])
    mgr, branch = _manager_branch(store)
    w = AssessmentView(store, user_id_fn=lambda: mgr, role_fn=lambda: "manager")
    w.resize(1500, 800)
    w.show()
    app.processEvents()
    got: list = []
    loop = QEventLoop()
    w.sig_loaded.connect(lambda months: (got.append((time.perf_counter(), months)), loop.quit()))
    QTimer.singleShot(120_000, loop.quit)
    t0 = time.perf_counter()
    w.set_branch(branch)
    loop.exec()
    if not got:
        raise SystemExit("the assessment never loaded")
    t1, months = got[-1]
    return {"seconds": round(t1 - t0, 3), "months": len(months), "districts": len(months[-1].districts),
            "peak_rss_mb": _rss()}


def run(what: str, path: Path) -> dict:
    res = subprocess.run([sys.executable, __file__, "--child", what, str(path)], capture_output=True, text=True,
                         check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--orders", type=int, default=40_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    p.add_argument("--build", nargs=3, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.build:
        _build(int(args.build[0]), int(args.build[1]), args.build[2])
        return
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    path = demo_db(args.seed, args.orders)
    report: dict = {"orders": args.orders, "database": str(path), "python": platform.python_version()}
    for what in ("reference", "reference_trend", "month", "service", "view"):
        runs = [run(what, path) for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r["seconds"])
        best["runs"] = [r["seconds"] for r in runs]
        report[what] = best
    report["target_view_s"] = 2.0
    report["ok"] = report["view"]["seconds"] <= 2.0
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
