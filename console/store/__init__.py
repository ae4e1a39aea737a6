"""Engine, sessions, migrations and demo data. No Qt."""

from console.store.engine import (
    ConcurrentEditError,
    SchemaTooNewError,
    Store,
    StoreError,
    default_db_url,
    open_store,
)

__all__ = [
    "ConcurrentEditError",
    "SchemaTooNewError",
    "Store",
    "StoreError",
    "default_db_url",
    "open_store",
]
