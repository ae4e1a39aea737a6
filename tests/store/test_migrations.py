"""Migrations: empty → head, models equal migrations, newer schemas refused, backups made."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from console.errors import SchemaTooNewError, StoreError
from console.models import Base
from console.store import open_store
from console.store.migrate import backup_sqlite, current_revision, head_revision


def test_empty_database_migrates_to_head(store):
    assert current_revision(store) == head_revision()
    tables = set(inspect(store.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def _not_internal(obj, name, type_, reflected, compare_to) -> bool:
    """The database's own bookkeeping tables (migration 0007) have no model: nothing maps them."""
    from console.store.pg.security import INTERNAL_TABLES

    return not (type_ == "table" and name in INTERNAL_TABLES)


def test_models_match_migrations(store):
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": _not_internal})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_reopen_is_idempotent_and_keeps_reference_data(db_url):
    first = open_store(db_url, migrate=True)
    with first.read() as s:
        days = s.execute(text("SELECT COUNT(*) FROM calendar_day")).scalar()
        policies = s.execute(text("SELECT COUNT(*) FROM sla_policy")).scalar()
    first.dispose()
    again = open_store(db_url)
    with again.read() as s:
        assert s.execute(text("SELECT COUNT(*) FROM calendar_day")).scalar() == days
        assert s.execute(text("SELECT COUNT(*) FROM sla_policy")).scalar() == policies
    again.dispose()
    assert days > 8000  # 2004..2026 from chinesecalendar
    assert policies == 8  # R-TIME-1..7 (installation urban/rural) + R-VISIT-1 callback


def test_schema_newer_than_code_is_refused(db_url):
    st = open_store(db_url, migrate=True)
    with st.engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_the_future'"))
    st.dispose()
    with pytest.raises(SchemaTooNewError, match="newer console"):
        open_store(db_url)


def test_sqlite_settings(tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with st.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert s.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    st.dispose()


def test_sqlite_backup_is_a_readable_copy(tmp_path):
    path = tmp_path / "b.sqlite3"
    st = open_store(f"sqlite:///{path}")
    target = backup_sqlite(st, head_revision())
    st.dispose()
    assert target is not None and target.exists()
    con = sqlite3.connect(target)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    assert con.execute("SELECT COUNT(*) FROM calendar_day").fetchone()[0] > 8000
    con.close()


def test_existing_database_is_backed_up_then_migrated_keeping_its_data(tmp_path):
    from alembic import command

    from console.store.engine import Store, make_engine
    from console.store.migrate import alembic_config

    path = tmp_path / "old.sqlite3"
    url = f"sqlite:///{path}"
    old = Store(url, make_engine(url))
    with old.engine.begin() as conn:  # a database written by the first release
        cfg = alembic_config(old)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text(
            "INSERT INTO branch (id, code, name, kind, hotline, supervision_phone, address, growth_target,"
            " latitude, longitude) VALUES (1, 'NC', '南昌', 'city', '96123', '12345', 'x', 10, 28.6, 115.9)"))
        # staff referenced from another table: a migration must not need to rebuild `staff`
        conn.execute(text("INSERT INTO staff (id, work_number, name, role, branch_id, phone, active)"
                          " VALUES (1, 'NC0001', '王芳', 'dispatcher', 1, '13800000000', 1)"))
        conn.execute(text("INSERT INTO audit_log (id, branch_id, at, actor_id, action, entity, prev_hash, hash)"
                          " VALUES (1, 1, '2026-11-01 00:00:00', 1, 'x', 'y', '', 'h')"))
    old.dispose()
    st = open_store(url)
    assert current_revision(st) == head_revision()
    with st.read() as s:
        assert s.execute(text("SELECT name FROM branch")).scalar() == "南昌"
    st.dispose()
    backups = list(tmp_path.glob("old.sqlite3.0001.*.bak"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert con.execute("SELECT name FROM branch").fetchone()[0] == "南昌"
    con.close()


def _staff_at_0005(url: str, numbers: list[str]):
    """A database at revision 0005 (before work_number_key) with staff `numbers`."""
    from alembic import command

    from console.store.engine import Store, make_engine
    from console.store.migrate import alembic_config

    old = Store(url, make_engine(url))
    with old.engine.begin() as conn:
        cfg = alembic_config(old)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
        for i, number in enumerate(numbers, start=1):
            conn.execute(text("INSERT INTO staff (id, work_number, name, role, phone, active)"
                              " VALUES (:i, :w, :n, 'inspector', '13800000000', true)"),
                         {"i": i, "w": number, "n": f"员工{i}"})
    old.dispose()


def test_upgrade_fills_the_work_number_key_of_existing_staff(db_url):
    _staff_at_0005(db_url, ["nc0001", " ＮＣ０００２ ", "NC\u200b0003"])
    st = open_store(db_url, migrate=True)
    with st.read() as s:
        keys = s.execute(text("SELECT work_number_key FROM staff ORDER BY id")).scalars().all()
    st.dispose()
    assert keys == ["NC0001", "NC0002", "NC0003"]


def test_upgrade_stops_at_two_staff_whose_work_numbers_differ_only_in_case(db_url):
    _staff_at_0005(db_url, ["NC0001", "nc0001"])
    with pytest.raises(StoreError, match="'NC0001' and 'nc0001' differ only in case"):
        open_store(db_url, migrate=True)


def test_the_revisions_read_without_alembic_are_alembics_own():
    """Opening a database checks its revision without importing Alembic (a command starts in a
    fraction of a second); what it reads from the scripts is what Alembic reads from them."""
    from alembic.script import ScriptDirectory

    from console.store import migrate as mig

    script = ScriptDirectory(str(mig.MIGRATIONS))
    alembic = {r.revision: r.down_revision for r in script.walk_revisions()}
    assert mig.revisions() == alembic
    assert mig.head_revision() == script.get_current_head()


def test_opening_a_database_imports_no_alembic(tmp_path):
    """A console at head opens its database, and a command reads it, without Alembic (or folium,
    openpyxl, Qt) loaded: the revision check reads the scripts' ids."""
    import subprocess
    import sys

    from console.store import open_store

    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    open_store(url, migrate=True).dispose()
    code = ("import sys; from console.store import open_store; s = open_store(sys.argv[1]); s.dispose(); "
            "print(sorted(m for m in ('alembic', 'folium', 'openpyxl', 'PySide6', 'pyqtgraph') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
