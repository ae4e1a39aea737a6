"""Shared fixtures: a fresh database per test, on SQLite and on the throw-away PostgreSQL.

The test command (./test) starts a PostgreSQL cluster and exports its admin URL in
BRANCH_CONSOLE_TEST_PG. Without it the PostgreSQL half is skipped, except under
CI=true, where a missing server is a failure: the same tests must run on both.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

PG_ENV = "BRANCH_CONSOLE_TEST_PG"
BACKENDS = ["sqlite", "postgresql"]


def _pg_admin_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {PG_ENV} is not set: PostgreSQL tests must run, never skip")
        pytest.skip(f"{PG_ENV} not set (run ./test to start a throw-away PostgreSQL)")
    return url


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """URL of an empty database on each backend; the PostgreSQL one is dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    admin = _pg_admin_url()
    name = f"t_{uuid.uuid4().hex[:12]}"
    eng = create_engine(admin, isolation_level="AUTOCOMMIT", pool_pre_ping=True)  # the server may restart
    with eng.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with eng.connect() as c:
            c.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        eng.dispose()


@pytest.fixture
def store(db_url):
    """An open, migrated store with reference data (calendar, policy) on each backend.
    (migrate=True: PostgreSQL is migrated only on request, as its owner; consoles refuse.)"""
    from console.store import open_store

    st = open_store(db_url, migrate=True)
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
from tests.map_branch import map_branch, sqlite_map_branch  # noqa: E402, F401  (fixtures)
