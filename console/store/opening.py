"""One way to open a database: `open_store(url)` returns a Store, created, migrated or checked."""

from __future__ import annotations

from console.store import migrate as mig
from console.store.engine import Store, default_db_url, make_engine
from console.store.reference import seed_reference_data


def open_store(url: str | None = None, *, migrate: bool | None = None, seed_reference: bool = True) -> Store:
    """Open the database at `url` and return a Store.

    `migrate=None` (the default): SQLite is created or migrated (after a backup of an
    existing file); PostgreSQL is only checked: StoreError unless its schema is exactly the
    code's head revision (`branch-console admin migrate` brings it there).
    `migrate=True`: create or migrate on either backend; on PostgreSQL under an advisory
    lock, and only for the database owner or a superuser (what tests and `admin migrate`
    use). `migrate=False`: never migrate; SQLite is only refused when newer than the code.
    A schema newer than the code is always refused (SchemaTooNewError).
    """
    url = url or default_db_url()
    engine = make_engine(url)
    store = Store(url, engine)
    try:
        seed = (lambda: seed_reference_data(store)) if seed_reference else None
        if migrate is None:
            migrate = store.is_sqlite
        if migrate:
            mig.upgrade_to_head(store, then=seed)  # PostgreSQL: both under the migration lock
        else:
            if store.is_sqlite:
                mig.check_revision(store)
            else:
                mig.require_head(store)
            if seed is not None:
                seed()
    except Exception:
        engine.dispose()
        raise
    return store
