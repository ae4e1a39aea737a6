"""How fast the command line answers: each subcommand that opens no window, beside a bare reference.

    .venv/bin/python benchmarks/cli_start.py [--db FILE] [--repeat 5]

Each figure is the median wall time of a fresh process (the installed ``branch-console`` script), on
the demo database (built once, cached in /tmp/branch-console-bench as for benchmarks/assessment.py,
or ``--db``). References in the same run: ``python -c pass`` (the interpreter's own start) and, for
``stats``, a bare ``sqlite3`` count of the same tables. Each command also lists which heavy modules it
loaded (Qt, pyqtgraph, folium, openpyxl, Alembic): none may be, until a command uses it. Prints JSON.
Target: every command <= 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("branch-console")
HEAVY = ("PySide6", "pyqtgraph", "folium", "openpyxl", "alembic")
TABLES = ("branch", "district", "staff", "customer", "work_order", "order_event", "callback", "revisit_plan",
          "inspection", "finding", "notice", "audit_log")

COMMANDS = {
    "help": ["--help"],
    "stats": ["stats", "--json", "--db", "{db}"],
    "audit head": ["audit", "head", "--db", "{db}"],
    "export --help": ["export", "--help"],
    "import --help": ["import", "--help"],
    "admin --help": ["admin", "--help"],
    "map --help": ["map", "--help"],
}

_LOADED = ("import atexit, runpy, sys\n"
           "atexit.register(lambda: sys.__stderr__.write('LOADED ' + ' '.join(m for m in {heavy!r} "
           "if m in sys.modules) + '\\n'))\n"
           "sys.argv = ['branch-console'] + sys.argv[1:]\n"
           "from console.cli import main\n"
           "sys.exit(main())\n")


def _wall(cmd: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        runs.append(time.perf_counter() - t)
    return round(statistics.median(runs), 3)


def _loaded(args: list[str]) -> list[str]:
    res = subprocess.run([sys.executable, "-c", _LOADED.format(heavy=HEAVY), *args], capture_output=True, text=True)
    line = next((ln for ln in res.stderr.splitlines() if ln.startswith("LOADED")), "LOADED ?")
    return line.split()[1:]


def _demo_db() -> str:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import assessment  # the assessment benchmark's cached demo

    return str(assessment.demo_db(1, 40_000))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--db", help="an SQLite console database (default: the cached demo)")
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args()
    db = args.db or _demo_db()
    bare = _wall([sys.executable, "-c", "pass"], args.repeat)
    count = ("import sqlite3, sys; con = sqlite3.connect(sys.argv[1]); "
             f"print([con.execute('SELECT count(*) FROM ' + t).fetchone()[0] for t in {TABLES!r}])")
    out: dict = {"python": sys.version.split()[0], "db": db, "target_s": 0.5,
                 "reference": {"python -c pass": bare, "sqlite3 counts": _wall([sys.executable, "-c", count, db],
                                                                                args.repeat)},
                 "commands": {}}
    for name, argv in COMMANDS.items():
        argv = [a.format(db=db) for a in argv]
        seconds = _wall([str(SCRIPT), *argv], args.repeat)
        heavy = _loaded(argv)
        out["commands"][name] = {"seconds": seconds, "heavy_modules": heavy, "ok": seconds <= 0.5 and not heavy}
    out["ok"] = all(c["ok"] for c in out["commands"].values())
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
