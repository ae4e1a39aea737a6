"""Opening the console's database and signing in at start, for the shell (views never open a store).

`open_local(url)` opens (creates, migrates) a single-PC SQLite file; on a shared PostgreSQL the
sign-in comes first (`PgAuthenticator`) and `open_signed_in(authenticator)` opens the person's own
connection. `demo_principal` and `pg_demo_sign_in` sign a `--screenshot` in with the demo password,
which works on the demo database only.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import make_url

from console.errors import SignInError
from console.i18n import T
from console.models import Staff
from console.services.access import auth
from console.services.access.auth_pg import PgAuthenticator, is_shared
from console.store import Store, default_db_url, open_store
from console.store.passwords import DEMO_PASSWORD
from console.vocabulary import Role

__all__ = ["default_db_url", "is_shared"]  # re-exported for the shell


def open_local(url: str) -> Store:
    """The SQLite file at `url`, created or migrated (after a backup) on the way."""
    return open_store(url)


def open_signed_in(authenticator: PgAuthenticator) -> Store:
    """The signed-in person's own PostgreSQL connection; refuses a schema that is not at head."""
    return open_store(authenticator.url)


def server_name(url: str) -> str:
    """The server and database of `url`, without user or password (for the sign-in dialog)."""
    return make_url(url)._replace(username=None, password=None).render_as_string(hide_password=True)


def demo_principal(store, user: str | None, branch_id: int | None) -> auth.Principal:
    """Sign in with the demo password as `user`, or as the first active dispatcher (of `branch_id`)."""
    if not user:
        with store.read() as s:
            q = select(Staff.work_number).where(Staff.role == Role.DISPATCHER, Staff.active.is_(True))
            if branch_id is not None:
                q = q.where(Staff.branch_id == branch_id)
            user = s.scalar(q.order_by(Staff.id).limit(1))
    if not user:
        raise SignInError(T("no dispatcher to sign in as: pass --user WORKNO"))
    return auth.sign_in(store, user, DEMO_PASSWORD)


def pg_demo_sign_in(url: str, user: str | None) -> tuple[auth.Principal, Store]:
    """--screenshot on PostgreSQL: sign in as `user` with the demo password."""
    if not user:
        raise SignInError(T("on PostgreSQL a screenshot signs in as a person: pass --user WORKNO"))
    a = PgAuthenticator(url, principal=auth.Principal)
    principal = a.sign_in(user, DEMO_PASSWORD)
    return principal, open_store(a.url)
