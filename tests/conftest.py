"""Shared fixtures: a database per test, on SQLite and on the throw-away PostgreSQL.

The test command (./test) starts a PostgreSQL cluster and exports its admin URL in
BRANCH_CONSOLE_TEST_PG. Without it the PostgreSQL half is skipped, except under
CI=true, where a missing server is a failure: the same tests must run on both.

`db_url` is an empty database; `store` opens a migrated one with reference data (calendar,
policy). Migrating takes about a second, so it is done once per backend per test session, into a
template, and every test gets its own copy of it: on SQLite a copy of the template file (its WAL
checkpointed into it and the file switched to a rollback journal first, so the copy is a whole,
separate database), on PostgreSQL `CREATE DATABASE t_… TEMPLATE tpl_…` (nobody stays connected to
the template). Each copy has its own URL, so the per-database caches of console/services/sla/policy.py
never carry one test's calendar or policy into another.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
# the run's own settings and caches (the language chosen, compiled translations): never the user's
_HOME = Path(tempfile.mkdtemp(prefix="bc-test-home-"))
os.environ["XDG_CONFIG_HOME"] = str(_HOME / "config")
os.environ["XDG_CACHE_HOME"] = str(_HOME / "cache")
os.environ["XDG_DATA_HOME"] = str(_HOME / "data")  # e.g. a PostgreSQL demo's base map (console/store/location.py)
os.environ.pop("BRANCH_CONSOLE_LANG", None)


@pytest.fixture(autouse=True)
def _speaks_the_source_language():
    """Widgets under test carry no Qt translator (they speak the source language, English), so the
    core's texts they show speak English too; a test of another language says so (i18n.use)."""
    from console import i18n

    before = i18n._current
    i18n.use("en")
    yield
    i18n._current = before

PG_ENV = "BRANCH_CONSOLE_TEST_PG"
BACKENDS = ["sqlite", "postgresql"]


def _pg_admin_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {PG_ENV} is not set: PostgreSQL tests must run, never skip")
        pytest.skip(f"{PG_ENV} not set (run ./test to start a throw-away PostgreSQL)")
    return url


def _pg_admin_engine(admin: str):
    return create_engine(admin, isolation_level="AUTOCOMMIT", pool_pre_ping=True)  # the server may restart


def _pg_url(admin: str, name: str) -> str:
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def _pg_drop(eng, name: str) -> None:
    with eng.connect() as c:
        c.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name})
        # FORCE (PostgreSQL 13+): a worker thread of the test that reconnects between the terminate
        # above and the drop is ended too, instead of failing the drop with "being accessed"
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite file with reference data, made once per session; `store` copies it."""
    from console.store import open_store

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    open_store(f"sqlite:///{path}", migrate=True).dispose()
    con = sqlite3.connect(path, isolation_level=None)
    try:
        busy = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        mode = con.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    finally:
        con.close()
    leftovers = [p.name for p in path.parent.iterdir() if p != path]
    if busy or mode.lower() != "delete" or leftovers:
        raise RuntimeError(f"the SQLite template is not one self-contained file: checkpoint busy={busy}, "
                           f"journal mode {mode}, beside it {leftovers}")
    return path


@pytest.fixture(scope="session")
def pg_template():
    """The name of a migrated PostgreSQL database with reference data, made once per session
    (dropped at its end); `store` creates each test's database from it."""
    from console.store import open_store

    admin = _pg_admin_url()
    name = f"tpl_{uuid.uuid4().hex[:12]}"
    eng = _pg_admin_engine(admin)
    with eng.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        open_store(_pg_url(admin, name), migrate=True).dispose()  # no connection to it stays open
        yield name
    finally:
        _pg_drop(eng, name)
        eng.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """URL of a database of its own on each backend (a PostgreSQL one is dropped afterwards).

    Empty — unless the test (or a fixture it uses) asks for `store`, which opens this same
    database: then it is already a copy of the migrated template (what `store` would otherwise
    migrate it into, in a second instead of a few milliseconds)."""
    migrated = "store" in request.fixturenames
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        if migrated:
            shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    admin = _pg_admin_url()
    template = request.getfixturevalue("pg_template") if migrated else None
    name = f"t_{uuid.uuid4().hex[:12]}"
    eng = _pg_admin_engine(admin)
    with eng.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    try:
        yield _pg_url(admin, name)
    finally:
        _pg_drop(eng, name)
        eng.dispose()


@pytest.fixture
def store(db_url):
    """An open, migrated store with reference data (calendar, policy) on each backend: a copy of
    the session's template (see `db_url`); open_store still checks it is at the code's head.
    (migrate=True: PostgreSQL is migrated only on request, as its owner; consoles refuse.)"""
    from console.store import open_store

    st = open_store(db_url, migrate=True)
    yield st
    st.dispose()


@pytest.fixture
def sqlite_store(tmp_path, sqlite_template):
    """A migrated store with reference data on SQLite only (tests of one backend, e.g. the Qt
    views): a copy of the session's template."""
    from console.store import open_store

    path = tmp_path / "console.sqlite3"
    shutil.copyfile(sqlite_template, path)
    st = open_store(f"sqlite:///{path}")
    yield st
    st.dispose()


def pytest_sessionfinish(session, exitstatus):
    session.config._bc_exitstatus = int(exitstatus)


def pytest_unconfigure(config):
    """Leave without Qt's global destructors once QtWebEngine was loaded: its profile can
    outlive the QApplication and segfault at interpreter exit ("Release of profile requested
    but WebEnginePage still not deleted"), turning a green run into exit 139. Everything has
    been reported by now (the summary is printed before unconfigure)."""
    import sys

    if "PySide6.QtWebEngineCore" in sys.modules and hasattr(config, "_bc_exitstatus"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(config._bc_exitstatus)


# the small map branch (three districts with known numbers) for the map and map-data tests
from tests.map_branch import map_branch, sqlite_map_branch, sqlite_province  # noqa: E402, F401  (fixtures)
