"""Engine, sessions, migrations, reference data, the PostgreSQL roles. No Qt, no demo data."""

from console.store.engine import Store, default_db_url
from console.store.opening import open_store

__all__ = ["Store", "default_db_url", "open_store"]
