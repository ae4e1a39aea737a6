"""Every error a user may see, in one place (outside the layers: it imports nothing).

Services raise them with a message fit to show as it is; views catch them without importing the
store. :func:`is_unreachable` tells a database that is out of reach (worth retrying once it is
back) from a request that was wrong, by duck typing, so that this module needs no driver.
"""

from __future__ import annotations


class StoreError(RuntimeError):
    """A refusal or a database problem, explained in words a user can act on; nothing was written."""


class SchemaTooNewError(StoreError):
    """The database was migrated by a newer console than this one."""


class SchemaOutdatedError(StoreError):
    """A shared database is behind the code; only its owner may migrate it."""


class StoreUnavailable(StoreError):
    """The database cannot be reached: the server stopped, the network is cut, the disk is gone.

    `unsure` is True when the connection broke while a write was being committed: the server may
    or may not have kept it (the console re-checks once it is back). Otherwise nothing of the
    failed transaction was saved."""

    def __init__(self, message: str, *, unsure: bool = False, reason: str = "", url: str = ""):
        super().__init__(message)
        self.unsure = unsure
        self.reason = reason or message  # the driver's words, short (for a banner)
        self.url = url  # the store's URL when it is known: a console watches only its own database


class StoreBusy(StoreError):
    """Another program kept the SQLite file's write lock longer than a write may wait; nothing of
    this write was saved. `holder` names who was writing, as far as it is known."""

    def __init__(self, message: str, *, holder: str = ""):
        super().__init__(message)
        self.holder = holder


class ConcurrentEditError(StoreError):
    """Someone else changed the record since it was read; nothing was written."""

    def __init__(self, message: str, *, changed_by: str | None = None, changes: list[str] | None = None):
        super().__init__(message)
        self.changed_by = changed_by
        self.changes = changes or []


class PermissionDenied(StoreError):
    """The actor may not do this; the message says who, what and why (services.access.permissions)."""


class SignInError(StoreError):
    """Sign-in refused; the message is fit to show as it is."""


class ExportCancelled(Exception):
    """The user cancelled the export; the partial file was removed."""


# SQLSTATE classes of a lost server: connection exceptions, and the server shutting down or
# starting up (admin_shutdown, crash_shutdown, cannot_connect_now).
_LOST_STATES = ("08", "57P01", "57P02", "57P03")
_SQLITE_LOST = ("unable to open database file", "disk i/o error", "no such file or directory")


def _is_a(obj: object, module: str, name: str) -> bool:
    """`obj` is an instance of a class `name` defined in `module` (or a submodule of it)."""
    return any(c.__name__ == name and (c.__module__ or "").startswith(module) for c in type(obj).__mro__)


def is_unreachable(exc: BaseException | None) -> bool:
    """True when `exc` (or what caused it) means the database is out of reach, not that the
    request was wrong: those are worth retrying once the database is back."""
    seen = 0
    while exc is not None and seen < 8:
        seen += 1
        if isinstance(exc, StoreUnavailable):
            return True
        if _is_a(exc, "sqlalchemy", "DBAPIError"):  # the driver's error, wrapped
            if getattr(exc, "connection_invalidated", False):
                return True
            orig = getattr(exc, "orig", None)
            if _is_a(orig, "psycopg", "OperationalError"):
                state = getattr(orig, "sqlstate", None)
                return state is None or state.startswith(_LOST_STATES)
            if _is_a(orig, "sqlite3", "OperationalError"):
                return any(w in str(orig).lower() for w in _SQLITE_LOST)
            return False
        exc = exc.__cause__ or exc.__context__
    return False
