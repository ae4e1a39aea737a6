"""Copy a benchmark's SQLite database into a new PostgreSQL database, as the bare driver would.

    from pgcopy import copy_sqlite_to_pg   # (benchmarks/_lib on sys.path)
    url = copy_sqlite_to_pg(Path("x.sqlite3"), admin_url, "bench_x")

``admin_url``: a superuser's URL (e.g. the throw-away cluster's BRANCH_CONSOLE_TEST_PG). The new
database is migrated by the console (schema, triggers), then every table of the SQLite file is
copied with ``COPY`` with triggers and foreign-key checks off (``session_replication_role =
replica``): the rows are the SQLite file's, already stamped and chained there. Sequences follow the
copied ids; ANALYZE at the end. A database of that name is kept and reused while it holds the mark
of a finished copy (table ``bench_done``), and dropped and made again otherwise.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def _is_bool(column) -> bool:
    try:
        return column.type.python_type is bool
    except NotImplementedError:
        return False


def copy_sqlite_to_pg(path: Path, admin_url: str, name: str, progress=None) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    from console.models import Base
    from console.store import open_store

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as c:
        exists = c.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
    if exists:
        probe = create_engine(url, poolclass=NullPool)
        with probe.connect() as c:
            done = c.execute(text("SELECT to_regclass('public.bench_done') IS NOT NULL")).scalar()
        probe.dispose()
        if done:
            open_store(url, migrate=True).dispose()  # a newer schema revision since
            admin.dispose()
            return url
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE "{name}"'))
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    store = open_store(url, migrate=True, seed_reference=False)
    src = sqlite3.connect(path)
    raw = store.engine.raw_connection()
    q = '"{}"'.format
    try:
        cur = raw.cursor()
        cur.execute("SET session_replication_role = replica")  # no triggers, no foreign-key checks
        cur.execute("SET TIME ZONE 'UTC'")  # SQLite's instants are naive UTC text
        for table in Base.metadata.sorted_tables:
            cols = [r[1] for r in src.execute(f"PRAGMA table_info({q(table.name)})")]
            if not cols:
                continue
            if progress:
                progress(table.name)
            bools = {c.name for c in table.columns if _is_bool(c)}
            names = ", ".join(q(c) for c in cols)
            with cur.copy(f"COPY {q(table.name)} ({names}) FROM STDIN") as cp:
                for row in src.execute(f"SELECT {names} FROM {q(table.name)}"):
                    cp.write_row([None if v is None else (bool(v) if c in bools else v) for c, v in zip(cols, row)])
            if "id" in cols:
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"(SELECT coalesce(max(id), 0) + 1 FROM {q(table.name)}), false)")
        cur.execute("CREATE TABLE bench_done ()")
        raw.commit()
        cur.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
        src.close()
        store.dispose()
    return url
