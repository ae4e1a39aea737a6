"""One way to open a database: `open_store(url)` returns a Store, created, migrated or checked.

Before an SQLite file is opened with the console's settings (which would switch it to WAL, i.e.
write to it), `inspect_sqlite_file` looks at it through SQLite alone and refuses, with what to do,
anything that is not a console database: a missing file (unless creating one), a folder, an
empty file, a file that is not SQLite at all (a text file, a picture), another program's SQLite
database (tables but no schema version), or a console schema whose tables lack columns of the
revision it claims. Nothing is written to a refused file and no file is created beside it.
(Python's own open() is never used on a file SQLite may already have open in this process: closing
it would drop SQLite's POSIX locks; only a file SQLite has just refused is read, to name its kind.)
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from console.errors import StoreError, StoreUnavailable, is_unreachable
from console.i18n import N_, T
from console.store import migrate as mig
from console.store.engine import Store, _reason, make_engine, normalize_db_url, sqlite_file
from console.store.reference import seed_reference_data



def create_hint(url: str) -> T:
    """How to make a console database at `url`, for a refusal."""
    return T("create one with `branch-console demo --db {url}` (the demo branches) or "
             "`branch-console admin add-branch --db {url} …` (your own branch)", url=url)


def _kind_of(path: Path) -> T:
    """What a file SQLite refused looks like, for the message."""
    try:
        with open(path, "rb") as f:
            head = f.read(512)
    except OSError:
        return T("unreadable")
    kinds = ((b"\x89PNG", N_("a PNG picture")), (b"\xff\xd8\xff", N_("a JPEG picture")),
             (b"%PDF", N_("a PDF document")), (b"PK\x03\x04", N_("a ZIP archive (an .xlsx workbook is one)")),
             (b"GIF8", N_("a GIF picture")))
    for magic, kind in kinds:
        if head.startswith(magic):
            return T.__new__(T, kind)  # marked N_() above
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return T("binary data of another kind")
    return T("a text file")


def inspect_sqlite_file(path: Path, *, url: str, create: bool) -> str | None:
    """The console schema revision of the SQLite file at `path` (None: no schema yet, to be
    created). StoreError for everything that is not a console database (see the module doc);
    `create=False` also refuses a missing or empty file."""
    hint = create_hint(url)
    try:
        st = path.stat()
    except FileNotFoundError:
        if create:
            return None
        raise StoreError(T("no database at {path}: check the path, or {hint}", path=str(path), hint=hint)) from None
    except OSError as exc:
        raise StoreError(T("cannot look at the database file {path}: {reason}", path=str(path),
                           reason=exc.strerror or str(exc))) from exc
    if path.is_dir():
        raise StoreError(T("{path} is a folder, not a database file: give the file's path", path=str(path)))
    if st.st_size == 0:
        if create:
            return None
        raise StoreError(T("{path} is an empty file, not a console database: check the path, or {hint}",
                           path=str(path), hint=hint))
    try:  # read-write but query-only: a read-only connection would leave -wal/-shm files behind
        con = sqlite3.connect(path, timeout=5, isolation_level=None)
        con.execute("PRAGMA query_only = 1")
    except sqlite3.Error as exc:
        raise StoreError(T("cannot open {path}: {reason}", path=str(path), reason=str(exc))) from exc
    try:
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc) or "malformed" in str(exc) or "encrypted" in str(exc):
                raise StoreError(T("{path} is not an SQLite database (it is {kind}; SQLite says: {reason}): "
                                   "check the path; nothing was written to it", path=str(path), kind=_kind_of(path),
                                   reason=str(exc))) from exc
            raise StoreError(T("cannot read {path}: {reason}", path=str(path), reason=str(exc))) from exc
        if not tables:
            if create:
                return None
            raise StoreError(T("{path} is an empty SQLite database (no tables), not a console database: check the "
                               "path, or {hint}", path=str(path), hint=hint))
        if "alembic_version" not in tables:
            shown = ", ".join(sorted(tables)[:6]) + (" …" if len(tables) > 6 else "")
            raise StoreError(T("{path} is an SQLite database of another program (tables {tables}; no console schema "
                               "version): the console does not write into it; check the path", path=str(path),
                               tables=shown))
        rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
        revision = rows[0][0] if len(rows) == 1 else None
        if revision is None:
            raise StoreError(T("{path} has a console schema table without one revision in it ({rows} rows): "
                               "it was changed outside the console; restore the newest backup (*.bak beside it)",
                               path=str(path), rows=len(rows)))
        if revision == mig.head_revision():
            missing = mig.missing_columns(lambda t: [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')])
            if missing:
                raise StoreError(mig.mismatch_message(str(path), revision, missing))
        return revision
    finally:
        con.close()


def open_store(url: str | None = None, *, migrate: bool | None = None, seed_reference: bool = True,
               create: bool = True) -> Store:
    """Open the database at `url` and return a Store.

    `url`: a URL or a plain file path (see engine.normalize_db_url); None: the default database.
    `migrate=None` (the default): SQLite is created or migrated (after a backup of an
    existing file); PostgreSQL is only checked: StoreError unless its schema is exactly the
    code's head revision (`branch-console admin migrate` brings it there).
    `migrate=True`: create or migrate on either backend; on PostgreSQL under an advisory
    lock, and only for the database owner or a superuser (what tests and `admin migrate`
    use). `migrate=False`: never migrate; SQLite is only refused when newer than the code.
    `create=False`: an SQLite file that does not exist yet (or is empty) is refused instead of
    created (the command line's subcommands, except `demo` and `admin add-branch`).
    A schema newer than the code is always refused (SchemaTooNewError). Opening a database whose
    schema is at head and whose reference data is there writes nothing (and so never waits for
    another program's write).
    """
    url = normalize_db_url(url)
    path = sqlite_file(url)
    if path is not None:
        inspect_sqlite_file(path, url=url, create=create)
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
    except StoreError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        if is_unreachable(exc):
            raise StoreUnavailable(T("the database {url} cannot be reached: {reason}. Check that "
                                     "the server runs and the host, port and database name in the URL",
                                     url=store.display_url, reason=_reason(exc)), reason=_reason(exc)) from exc
        from sqlalchemy.exc import DBAPIError

        if isinstance(exc, DBAPIError):
            raise StoreError(T("cannot open the database {url}: {reason}", url=store.display_url,
                               reason=_reason(exc))) from exc
        raise
    return store


def require_database(url: str) -> None:
    """StoreError unless `url` names a database that exists: for SQLite, a console database file
    (what `open_store(url, create=False)` checks, without opening it); PostgreSQL is checked when
    it is opened."""
    path = sqlite_file(url)
    if path is not None:
        inspect_sqlite_file(path, url=url, create=False)


__all__ = ["inspect_sqlite_file", "open_store", "require_database"]
