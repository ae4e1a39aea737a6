"""Engine, sessions, migrations, reference data, the PostgreSQL roles. No Qt, no demo data.

``Store``, ``default_db_url`` and ``open_store`` are imported on first use (PEP 562): a module of the
package (the database's location, the write lock) does not load SQLAlchemy with it."""

from __future__ import annotations

from console.i18n import T

__all__ = ["Store", "default_db_url", "open_store"]


def __getattr__(name: str):
    if name == "Store":
        from console.store.engine import Store

        return Store
    if name == "default_db_url":
        from console.store.location import default_db_url

        return default_db_url
    if name == "open_store":
        from console.store.opening import open_store

        return open_store
    raise AttributeError(T("console.store has no {name}", name=name))
