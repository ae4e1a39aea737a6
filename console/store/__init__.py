"""Engine, sessions, migrations and demo data. No Qt."""

from console.store.engine import (
    ConcurrentEditError,
    SchemaTooNewError,
    Store,
    StoreError,
    StoreUnavailable,
    default_db_url,
    is_unreachable,
    open_store,
)

__all__ = [
    "ConcurrentEditError",
    "SchemaTooNewError",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "default_db_url",
    "is_unreachable",
    "open_store",
]
