"""What the row triggers cost the database owner's COPY of order events on PostgreSQL. Prints JSON.

    scripts/pg-throwaway.sh .venv/bin/python -P benchmarks/pg_copy.py [--events 100000] [--reps 3] [--superuser]

On a throw-away database (BRANCH_CONSOLE_TEST_PG, set by scripts/pg-throwaway.sh) owned by a
fresh login that is not a superuser (as a province server's owner is; --superuser: the cluster's
superuser, as `benchmarks/province.py --pg` on a throw-away cluster), migrated to head and
holding the small test branch (not `admin init-postgres`: PostgreSQL refuses COPY FROM into a table
with row-level security, as `demo --province` writes before it), the owner COPYs the same events (notes with their own
time and actor, the columns `demo --province` writes) in one transaction, rolled back after:
- `at_0011`: with the triggers as migration 0011 left them (the schema downgraded to 0011);
- `at_head`: with migration 0012 (the row triggers do not fire for the owner);
- `own_triggers_disabled`: order_event with its user triggers disabled (foreign keys still checked);
- `bare_copy`: the bare reference, a table LIKE order_event (its columns, defaults and indexes) with
  no trigger and no foreign key, the same rows through the same psycopg COPY.
Each is measured --reps times, interleaved; the best is reported. It also checks that at head the
owner's rows kept the time and actor it gave and recorded its login.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
import uuid
from pathlib import Path

# this folder holds a queue.py, which would shadow the standard library's (psycopg imports it)
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

import psycopg  # noqa: E402
from alembic import command  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from console.store import open_store  # noqa: E402
from console.store.engine import Store, make_engine  # noqa: E402
from console.store.migrate import alembic_config, head_revision  # noqa: E402
from tests.factories import small_branch  # noqa: E402

COLUMNS = "branch_id, order_id, type, at, actor_id, payload"
T0 = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.timezone.utc)


def _rows(ids: dict, n: int) -> list[tuple]:
    orders = ids["open_nc"] + [ids["closed_nc"]]
    return [(ids["nc"], orders[i % len(orders)], "note", T0 + dt.timedelta(seconds=i), ids["dispatcher"],
             json.dumps({"text": f"bulk {i}"})) for i in range(n)]


def _copy(dsn: str, table: str, rows: list[tuple], before: str | None = None, check=None) -> float:
    with psycopg.connect(dsn) as conn:
        try:
            if before:
                conn.execute(before)
            started = time.perf_counter()
            with conn.cursor() as cur, cur.copy(f"COPY {table} ({COLUMNS}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)
            took = time.perf_counter() - started
            if check:
                check(conn)
            return took
        finally:
            conn.rollback()


def _migrate(url: str, revision: str, down: bool) -> None:
    st = Store(url, make_engine(url))
    try:
        with st.engine.begin() as conn:
            cfg = alembic_config(st)
            cfg.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(cfg, revision)
    finally:
        st.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--superuser", action="store_true", help="the cluster's superuser owns the database")
    args = parser.parse_args()
    admin = os.environ.get("BRANCH_CONSOLE_TEST_PG")
    if not admin:
        sys.exit("run under scripts/pg-throwaway.sh (BRANCH_CONSOLE_TEST_PG is not set)")
    name, owner, password = f"bench_{uuid.uuid4().hex[:8]}", f"bench_owner_{uuid.uuid4().hex[:6]}", "bench-horse-42"
    eng = create_engine(admin, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        if args.superuser:
            owner = make_url(admin).username
            c.execute(text(f'CREATE DATABASE "{name}"'))
        else:
            c.execute(text(f"CREATE ROLE \"{owner}\" LOGIN PASSWORD '{password}'"))
            c.execute(text(f'CREATE DATABASE "{name}" OWNER "{owner}"'))
    url = make_url(admin).set(database=name)
    if not args.superuser:
        url = url.set(username=owner, password=password)
    url = url.render_as_string(hide_password=False)
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        store = open_store(url, migrate=True)
        ids = small_branch(store)
        store.dispose()
        rows = _rows(ids, args.events)
        with psycopg.connect(dsn) as conn:
            conn.execute("CREATE TABLE bare_event (LIKE order_event INCLUDING DEFAULTS INCLUDING INDEXES)")
            conn.commit()
        kept = {}

        def check(conn) -> None:
            kept["rows"] = conn.execute(
                "SELECT count(*) FILTER (WHERE at = %s AND actor_id = %s AND db_user = %s),"
                " count(*) FILTER (WHERE at = %s) FROM order_event WHERE type = 'note'",
                (T0, ids["dispatcher"], owner, T0 + dt.timedelta(seconds=args.events - 1))).fetchone()

        times: dict[str, list[float]] = {"at_0011": [], "at_head": [], "own_triggers_disabled": [], "bare_copy": []}
        for _ in range(args.reps):
            times["bare_copy"].append(_copy(dsn, "bare_event", rows))
            times["at_head"].append(_copy(dsn, "order_event", rows, check=check))
            times["own_triggers_disabled"].append(
                _copy(dsn, "order_event", rows, before="ALTER TABLE order_event DISABLE TRIGGER USER"))
            _migrate(url, "0011", down=True)
            times["at_0011"].append(_copy(dsn, "order_event", rows))
            _migrate(url, head_revision(), down=False)
        best = {k: round(min(v), 3) for k, v in times.items()}
        result = {"events": args.events, "owner_is_superuser": args.superuser, "seconds": best,
                  "at_0011_over_bare": round(best["at_0011"] / best["bare_copy"], 2),
                  "at_head_over_bare": round(best["at_head"] / best["bare_copy"], 2),
                  "at_0011_over_head": round(best["at_0011"] / best["at_head"], 2),
                  "owner_values_kept": kept.get("rows") == (1, 1),
                  "load": os.getloadavg()[0]}
        print(json.dumps(result, indent=2))
    finally:
        with eng.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            if not args.superuser:
                c.execute(text(f'DROP ROLE IF EXISTS "{owner}"'))
        eng.dispose()


if __name__ == "__main__":
    main()
