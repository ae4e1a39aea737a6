"""The database fixtures of tests/conftest.py: `db_url` alone is empty; `store` is a migrated copy
of the session's template, its own database (a write to it reaches neither the template nor the
next test's copy), and a SQLite copy is a whole file of its own."""

from __future__ import annotations

import sqlite3

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from console.store.migrate import current_revision, head_revision
from tests.conftest import _pg_admin_url, _pg_url


def _template_url(request, store) -> str:
    if store.is_sqlite:
        return f"sqlite:///{request.getfixturevalue('sqlite_template')}"
    return _pg_url(_pg_admin_url(), request.getfixturevalue("pg_template"))


def _count(url: str, sql: str) -> int:
    eng = create_engine(url)
    try:
        with eng.connect() as c:
            return c.execute(text(sql)).scalar()
    finally:
        eng.dispose()  # no connection may stay on a PostgreSQL template


def test_db_url_alone_is_an_empty_database(db_url):
    eng = create_engine(db_url)
    try:
        assert inspect(eng).get_table_names() == []
    finally:
        eng.dispose()


def test_store_is_a_migrated_copy_on_the_same_url_as_db_url(store, db_url, request):
    assert store.url == db_url
    assert current_revision(store) == head_revision()
    with store.read() as s:
        assert s.execute(text("SELECT COUNT(*) FROM calendar_day")).scalar() > 8000  # 2004..2026
        assert s.execute(text("SELECT COUNT(*) FROM sla_policy")).scalar() == 8
    template = _template_url(request, store)
    assert make_url(template).database != make_url(store.url).database
    with store.write() as s:
        s.execute(text("DELETE FROM sla_policy"))
    assert _count(store.url, "SELECT COUNT(*) FROM sla_policy") == 0
    assert _count(template, "SELECT COUNT(*) FROM sla_policy") == 8  # the template is untouched


def test_the_next_copy_does_not_see_the_last_tests_write(store):
    # runs after the test above (file order) on the same backend: its DELETE is not here
    with store.read() as s:
        assert s.execute(text("SELECT COUNT(*) FROM sla_policy")).scalar() == 8


def test_a_sqlite_copy_is_a_whole_database_of_its_own(sqlite_store, sqlite_template):
    path = make_url(sqlite_store.url).database
    assert path != str(sqlite_template)
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    with sqlite_store.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"  # the console's settings, as opened
    # the template stays a single file in rollback-journal mode, safe to copy at any time
    assert sorted(p.name for p in sqlite_template.parent.iterdir()) == [sqlite_template.name]
