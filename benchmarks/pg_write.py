"""What the database's own enforcement costs one order change on a shared PostgreSQL. Prints JSON.

    scripts/pg-throwaway.sh .venv/bin/python -P benchmarks/pg_write.py [--changes 300]

On a throw-away database (BRANCH_CONSOLE_TEST_PG, set by scripts/pg-throwaway.sh) with the
small test branch and `admin init-postgres` installed, measures the median and 95th percentile
of one order change through the console's one write path (`orders.log.change`: a pause or a
resume, its event, the projection, the audit row):
- as a dispatcher's own login (row-level security per event type, the server's stamps, the
  audit chain computed by the database, the branch-link and order guards all at work);
- as the database owner (the same statements; the triggers let the owner's rows through);
- the bare reference: the same three statements with plain psycopg as the owner (INSERT the
  event, UPDATE the order, INSERT an audit row hashed in Python), no console code at all.
Target: a change as a login within 3x of the owner's and under 25 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from console.services.access import auth_pg  # noqa: E402
from console.services.orders import actions  # noqa: E402
from console.store import open_store  # noqa: E402
from console.store.pg import admin as pg_admin  # noqa: E402
from tests.factories import small_branch  # noqa: E402

PASSWORD = "bench horse 42"


def _stats(samples: list[float]) -> dict:
    samples = sorted(samples)
    return {"median_ms": round(statistics.median(samples) * 1000, 2),
            "p95_ms": round(samples[int(len(samples) * 0.95) - 1] * 1000, 2)}


def _changes(store, order_id: int, actor_id: int, n: int) -> list[float]:
    with store.read() as s:
        version = s.execute(text("SELECT version FROM work_order WHERE id = :o"), {"o": order_id}).scalar()
    out = []
    for i in range(n):
        started = time.perf_counter()
        if i % 2 == 0:
            version = actions.pause(store, order_id, expected_version=version, actor_id=actor_id,
                                    reason="客户要求改日")
        else:
            version = actions.resume(store, order_id, expected_version=version, actor_id=actor_id)
        out.append(time.perf_counter() - started)
    return out


def _bare(dsn: str, order_id: int, branch_id: int, actor_id: int, n: int) -> list[float]:
    out = []
    prev = ""
    with psycopg.connect(dsn) as conn:
        for i in range(n):
            started = time.perf_counter()
            with conn.transaction():
                conn.execute("SELECT version FROM work_order WHERE id = %s FOR UPDATE", (order_id,))
                conn.execute("INSERT INTO order_event (branch_id, order_id, type, at, actor_id, payload)"
                             " VALUES (%s, %s, 'note', now(), %s, %s::json)",
                             (branch_id, order_id, actor_id, json.dumps({"text": f"bare {i}"})))
                conn.execute("UPDATE work_order SET version = version + 1, updated_at = now() WHERE id = %s",
                             (order_id,))
                body = json.dumps({"i": i}, sort_keys=True, separators=(",", ":"))
                digest = hashlib.sha256((prev + "\n" + body).encode()).hexdigest()
                conn.execute("INSERT INTO audit_log (branch_id, at, actor_id, action, entity, entity_id, prev_hash,"
                             " hash) VALUES (%s, now(), %s, 'bench', 'work_order', %s, %s, %s)",
                             (branch_id, actor_id, order_id, prev, digest))
                prev = digest
            out.append(time.perf_counter() - started)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=300)
    args = parser.parse_args()
    admin = os.environ.get("BRANCH_CONSOLE_TEST_PG")
    if not admin:
        sys.exit("run under scripts/pg-throwaway.sh (BRANCH_CONSOLE_TEST_PG is not set)")
    name = f"bench_{uuid.uuid4().hex[:8]}"
    eng = create_engine(admin, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    login = f"bench_{uuid.uuid4().hex[:6]}"
    try:
        owner = open_store(url, migrate=True)
        ids = small_branch(owner)
        pg_admin.init_postgres(url)
        auth_pg.add_user(url, work_number="NC001", name="王芳", role="dispatcher", branch="NC", password=PASSWORD,
                         login=login)
        server = make_url(url).set(username=None).render_as_string(hide_password=False)
        person_url, who = auth_pg.pg_sign_in(server, login, PASSWORD)
        person = open_store(person_url)
        o1, o2 = ids["open_nc"]
        _changes(person, o1, who.staff_id, 20)  # warm-up: plans, caches, connections
        as_login = _changes(person, o1, who.staff_id, args.changes)
        _changes(owner, o2, ids["dispatcher"], 20)
        as_owner = _changes(owner, o2, ids["dispatcher"], args.changes)
        person.dispose()
        owner.dispose()
        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        bare = _bare(dsn, o1, ids["nc"], ids["dispatcher"], args.changes)
        result = {"changes": args.changes, "as_login": _stats(as_login), "as_owner": _stats(as_owner),
                  "bare_psycopg": _stats(bare)}
        result["login_over_owner"] = round(result["as_login"]["median_ms"] / result["as_owner"]["median_ms"], 2)
        result["ok"] = result["login_over_owner"] <= 3 and result["as_login"]["median_ms"] <= 25
        print(json.dumps(result, ensure_ascii=False, indent=2))
    finally:
        auth_pg.drop_login(url, login)
        with eng.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        eng.dispose()


if __name__ == "__main__":
    main()
