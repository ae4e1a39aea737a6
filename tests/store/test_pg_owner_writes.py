"""Migration 0012: the per-row stamp and guard triggers do not fire for the table owner's writes
(a province's COPY), and a staff login is stamped and guarded exactly as migration 0007 promised.
PostgreSQL only."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import text

from console.services.access import auth_pg
from console.store import open_store
from console.store.engine import make_engine
from console.store.pg import admin as pg_admin
from tests.factories import small_branch
from tests.store.test_pg_security import PASSWORD, as_login, logins, refused  # noqa: F401  (fixture)

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)

BACK = "2026-11-03 09:00:00+08"
NOTE = ("INSERT INTO order_event (branch_id, order_id, type, at, actor_id, payload)"
        " VALUES (:b, :o, 'note', CAST(:at AS timestamptz), :who, CAST('{}' AS json)) RETURNING id")
GIVEN = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.timezone.utc)
STAMP_CALLS = ("SELECT coalesce(sum(calls), 0) FROM pg_stat_xact_user_functions"
               " WHERE funcname = 'bc_order_event_stamp'")


def _copy(engine, ids: dict, n: int) -> list[tuple]:
    """COPY n notes on NC's first open order, each with its own time and the dispatcher as actor;
    return (at, actor_id, db_user) of the rows and how often the stamp function ran."""
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cur:
            with cur.copy("COPY order_event (branch_id, order_id, type, at, actor_id, payload) FROM STDIN") as cp:
                for i in range(n):
                    cp.write_row((ids["nc"], ids["open_nc"][0], "note", GIVEN + dt.timedelta(minutes=i),
                                  ids["dispatcher"], '{"text": "bulk"}'))
            cur.execute("SELECT at, actor_id, db_user FROM order_event WHERE payload->>'text' = 'bulk' ORDER BY at")
            rows = cur.fetchall()
            cur.execute(STAMP_CALLS)
            calls = cur.fetchone()[0]
        raw.rollback()
        return rows, calls
    finally:
        raw.close()


def _db(db_url):
    st = open_store(db_url, migrate=True)
    ids = small_branch(st)
    st.dispose()
    name = make_engine(db_url).url.database
    with make_engine(db_url).begin() as c:  # count the trigger functions' calls in every session
        c.exec_driver_sql(f'ALTER DATABASE "{name}" SET track_functions = \'pl\'')
    return ids


def test_a_staff_login_is_still_stamped_and_guarded_by_the_server(db_url, logins):  # noqa: F811
    ids = _db(db_url)
    pg_admin.init_postgres(db_url)
    login = f"t{uuid.uuid4().hex[:8]}_disp"
    logins.append(login)
    me = auth_pg.add_user(db_url, work_number="NC001", name="王芳", role="dispatcher", branch="NC",
                          password=PASSWORD, login=login).staff_id
    o1, o2 = ids["open_nc"]
    with as_login(db_url, login).connect() as c:
        # a back-dated note naming a maintainer as its actor: the server's time, the login's person
        eid = c.execute(text(NOTE), {"b": ids["nc"], "o": o1, "at": BACK, "who": ids["m1"]}).scalar()
        at, actor, db_user, payload, server = c.execute(text(
            "SELECT at, actor_id, db_user, payload, now() FROM order_event WHERE id = :i"), {"i": eid}).one()
        assert c.execute(text(STAMP_CALLS)).scalar() == 1
        # an order's projected columns change only with an event of that order in the same transaction
        assert "only together with an event" in refused(
            c, "UPDATE work_order SET escalation_level = escalation_level + 1 WHERE id = :o", {"o": o2})
        c.commit()
    assert (at, actor, db_user) == (server, me, login)
    assert payload["claimed_at"].startswith("2026-11-03T01:00:00")


def test_the_owners_copy_keeps_its_values_and_the_owner_is_read_at_each_write(db_url, logins):  # noqa: F811
    ids = _db(db_url)
    owner = make_engine(db_url)
    rows, calls = _copy(owner, ids, 3)
    me = owner.url.username
    assert rows == [(GIVEN + dt.timedelta(minutes=i), ids["dispatcher"], me) for i in range(3)]
    assert calls == 0  # the stamp did not run for the owner's rows
    # a plain login (no superuser, no staff row) with the right to insert: the trigger refuses it
    # until it owns the table, and then lets its COPY keep its values (the owner as it is now)
    heir = f"t{uuid.uuid4().hex[:8]}_heir"
    logins.append(heir)
    with owner.begin() as c:
        c.exec_driver_sql(f"CREATE ROLE {heir} LOGIN PASSWORD '{PASSWORD}'")
        c.exec_driver_sql(f"GRANT INSERT, SELECT ON order_event TO {heir}")
        c.exec_driver_sql(f"GRANT USAGE ON SEQUENCE order_event_id_seq TO {heir}")
    with as_login(db_url, heir).connect() as c:
        assert "not linked to a staff member" in refused(
            c, NOTE, {"b": ids["nc"], "o": ids["open_nc"][0], "at": BACK, "who": None})
    with owner.begin() as c:
        c.exec_driver_sql(f"ALTER TABLE order_event OWNER TO {heir}")
    rows, calls = _copy(as_login(db_url, heir), ids, 2)
    assert rows == [(GIVEN + dt.timedelta(minutes=i), ids["dispatcher"], heir) for i in range(2)]
    assert calls == 0
    rows, calls = _copy(owner, ids, 1)  # a superuser, no longer the owner
    assert (rows, calls) == ([(GIVEN, ids["dispatcher"], me)], 0)
    owner.dispose()
