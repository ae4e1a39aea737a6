"""Alembic, driven from code: create, upgrade (after a backup) or refuse a database."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from console.store.engine import SchemaTooNewError, Store, StoreError

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(store: Store) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", store.url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    script = ScriptDirectory(str(MIGRATIONS))
    heads = script.get_heads()
    if len(heads) != 1:
        raise StoreError(f"migration scripts have {len(heads)} heads; expected one")
    return heads[0]


def current_revision(store: Store) -> str | None:
    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_revision(store: Store) -> str | None:
    """Raise SchemaTooNewError when the database was written by a newer program."""
    current = current_revision(store)
    if current is None:
        return None
    script = ScriptDirectory(str(MIGRATIONS))
    try:
        script.get_revision(current)
    except Exception as exc:  # alembic raises several kinds for an unknown id
        raise SchemaTooNewError(
            f"the database {store.display_url} has schema revision {current}, which this "
            f"version of the console does not know (it knows up to {head_revision()}); "
            "it was written by a newer console: update this one instead of opening it"
        ) from exc
    return current


def backup_sqlite(store: Store, revision: str) -> Path | None:
    """Copy the SQLite file (consistently, via the backup API) before a migration."""
    path = make_url(store.url).database
    if not path or path == ":memory:" or not Path(path).exists():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = Path(path).with_name(f"{Path(path).name}.{revision}.{stamp}.bak")
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def upgrade_to_head(store: Store) -> None:
    current = check_revision(store)
    head = head_revision()
    if current == head:
        return
    if current is not None and store.is_sqlite:
        backup_sqlite(store, current)
    with store.engine.begin() as conn:
        cfg = alembic_config(store)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


__all__ = ["alembic_config", "backup_sqlite", "check_revision", "current_revision", "head_revision", "upgrade_to_head"]
