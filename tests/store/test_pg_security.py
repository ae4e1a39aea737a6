"""PostgreSQL enforcement: logins, grants, forced row-level security, owner-only
migrations. PostgreSQL only (under CI=true the `db_url` fixture fails instead of skipping).

Every check connects AS a person's own login and uses plain SQL, so what is proven is the
database's refusal, not the program's good manners. Login roles are cluster-wide: each test
gets unique names and drops them afterwards.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from console.errors import SchemaOutdatedError, SignInError, StoreError
from console.services.access import auth_pg
from console.services.audit.verify import verify
from console.services.orders import intake
from console.store import open_store
from console.store.engine import Store, make_engine
from console.store.migrate import (
    MIGRATION_LOCK,
    alembic_config,
    current_revision,
    head_revision,
)
from console.store.pg import admin as pg_admin
from tests.factories import small_branch

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
PASSWORD = "correct horse 42"


def as_login(db_url: str, login: str):
    return create_engine(make_url(db_url).set(username=login, password=PASSWORD), poolclass=NullPool)


def refused(conn, sql: str, params: dict | None = None) -> str:
    """Run `sql` in a savepoint that must fail; return the database's message."""
    with pytest.raises(DBAPIError) as info:
        with conn.begin_nested():
            conn.execute(text(sql), params or {})
    return str(info.value.orig)


@pytest.fixture
def logins(db_url):
    """Names of login roles created by the test; dropped (REASSIGN/DROP OWNED first) afterwards."""
    made: list[str] = []
    yield made
    for name in made:
        auth_pg.drop_login(db_url, name)


@pytest.fixture
def secured(db_url, logins):
    """small_branch data, init-postgres, a dispatcher of NC and a provincial inspector."""
    st = open_store(db_url, migrate=True)
    ids = small_branch(st)
    with st.read() as s:
        districts = dict(s.execute(text("SELECT branch_id, id FROM district")).all())
    st.dispose()
    pg_admin.init_postgres(db_url)
    tag = uuid.uuid4().hex[:8]
    disp, insp = f"t{tag}_disp", f"t{tag}_insp"
    logins += [disp, insp]
    auth_pg.add_user(db_url, work_number="NC001", name="王芳", role="dispatcher", branch="NC",
                     password=PASSWORD, login=disp)  # links the existing staff row
    rep = auth_pg.add_user(db_url, work_number=f"P{tag[:6]}", name="赵监察", role="inspector", branch=None,
                           password=PASSWORD, login=insp)
    return {**ids, "disp": disp, "insp": insp, "inspector_id": rep.staff_id,
            "district_nc": districts[ids["nc"]], "district_jx": districts[ids["jx"]]}


def test_dispatcher_reads_only_own_branch(db_url, secured):
    with as_login(db_url, secured["disp"]).connect() as c:
        assert c.execute(text("SELECT bc_current_branch()")).scalar() == secured["nc"]
        orders = c.execute(text("SELECT branch_id, number FROM work_order")).all()
        assert {b for b, _ in orders} == {secured["nc"]} and len(orders) == 3
        assert c.execute(text("SELECT count(*) FROM work_order WHERE id = :i"), {"i": secured["jx_order"]}).scalar() == 0
        for table in ("customer", "district", "order_event"):
            assert c.execute(text(f"SELECT DISTINCT branch_id FROM {table}")).scalars().all() == [secured["nc"]]
        # shared reference tables stay readable
        assert c.execute(text("SELECT count(*) FROM branch")).scalar() == 2
        assert "row-level security" in refused(c, "UPDATE branch SET id = id WHERE code = 'NC'")  # a lock, no change
        assert c.execute(text("UPDATE branch SET id = id WHERE code = 'JX'")).rowcount == 0
        assert "permission denied" in refused(c, "UPDATE branch SET hotline = '110'")
        assert c.execute(text("SELECT count(*) FROM calendar_day")).scalar() > 8000


def test_dispatcher_cannot_write_into_another_branch(db_url, secured):
    insert = text(
        "INSERT INTO work_order (branch_id, number, kind, channel, priority, district_id, description,"
        " first_contact_id, required_materials, missing_materials, received_at, status, updated_at, version,"
        " sla_provisional, escalation_level, policy_version) VALUES (:b, :n, 'general_fault', 'hotline', 'normal', :d,"
        " 'x', :who, '[]', '[]', now(), 'open', now(), 1, false, 0, 1)")
    with as_login(db_url, secured["disp"]).connect() as c:
        msg = refused(c, str(insert), {"b": secured["jx"], "n": "JX-9999", "d": secured["district_jx"],
                                       "who": secured["dispatcher"]})
        assert "row-level security" in msg
        c.execute(insert, {"b": secured["nc"], "n": "NC-9999", "d": secured["district_nc"],
                           "who": secured["dispatcher"]})  # its own branch: allowed
        n = c.execute(text("UPDATE work_order SET description = 'moved' WHERE id = :i"),
                      {"i": secured["jx_order"]}).rowcount
        assert n == 0  # invisible rows are not updated
        msg = refused(c, "UPDATE work_order SET branch_id = :jx WHERE number = 'NC-0001'", {"jx": secured["jx"]})
        assert "row-level security" in msg  # nor moved out of the branch
        assert "permission denied" in refused(c, "DELETE FROM customer")
        c.rollback()


def test_audit_log_and_events_are_append_only_for_everyone(db_url, secured):
    for login in (secured["disp"], secured["insp"]):
        with as_login(db_url, login).connect() as c:
            for sql in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log",
                        "UPDATE order_event SET payload = '{}'", "DELETE FROM order_event", "TRUNCATE audit_log"):
                assert "permission denied" in refused(c, sql)
            c.rollback()


def test_inspector_reads_every_branch_but_writes_only_inspections(db_url, secured):
    with as_login(db_url, secured["insp"]).connect() as c:
        assert c.execute(text("SELECT bc_is_provincial()")).scalar() is True
        branches = set(c.execute(text("SELECT branch_id FROM work_order")).scalars())
        assert branches == {secured["nc"], secured["jx"]}
        assert "permission denied" in refused(c, "UPDATE work_order SET description = 'x'")
        assert "permission denied" in refused(
            c, "INSERT INTO work_order (branch_id, number) VALUES (:b, 'X')", {"b": secured["jx"]})
        assert "permission denied" in refused(c, "UPDATE customer SET name = 'x'")
        c.execute(text("INSERT INTO inspection (branch_id, day, inspectors, scope, created_by_id)"
                       " VALUES (:b, DATE '2026-11-20', '赵监察', 'R-DISC', :who)"),
                  {"b": secured["jx"], "who": secured["inspector_id"]})
        c.commit()


def test_no_setting_changes_the_branch(db_url, secured):
    """bc_current_branch() reads the login (session_user), never a GUC a client can SET."""
    jx = str(secured["jx"])
    with as_login(db_url, secured["disp"]).connect() as c:
        for sql in ("SELECT set_config('app.branch_id', :jx, false)", "SELECT set_config('app.current_branch', :jx, false)",
                    "SELECT set_config('bc.branch', :jx, false)", "SELECT set_config('application_name', :jx, false)"):
            c.execute(text(sql), {"jx": jx})
        c.exec_driver_sql(f"SET app.branch = '{jx}'")
        c.exec_driver_sql("SET ROLE bc_dispatcher")  # the group: still the same person
        assert c.execute(text("SELECT bc_current_branch()")).scalar() == secured["nc"]
        assert set(c.execute(text("SELECT branch_id FROM work_order")).scalars()) == {secured["nc"]}
        c.exec_driver_sql("RESET ROLE")
        assert "permission denied" in refused(c, f"SET SESSION AUTHORIZATION {secured['insp']}")
        assert "permission denied" in refused(c, f"SET ROLE {secured['insp']}")
        assert "permission denied" in refused(c, "SET ROLE bc_admin")
        c.exec_driver_sql("SET row_security = off")  # refuses the query instead of showing everything
        assert "row-level security" in refused(c, "SELECT * FROM work_order")
        c.rollback()


def test_services_work_as_the_login_and_the_audit_chain_stays_whole(db_url, secured):
    """A real use case under the dispatcher's login; the audit row chains onto the head of
    every branch (written last by the inspector's add-user, invisible to the dispatcher)."""
    url, who = auth_pg.pg_sign_in(make_url(db_url).set(username=None).render_as_string(hide_password=False),
                                  secured["disp"], PASSWORD)
    assert (who.work_number, who.branch_id, who.role.value, who.login) == ("NC001", secured["nc"], "dispatcher",
                                                                          secured["disp"])
    assert who.fields() == {"staff_id": secured["dispatcher"], "name": "王芳", "work_number": "NC001",
                            "role": who.role, "branch_id": secured["nc"]}
    st = open_store(url)  # the person's own connection: at head, so it opens
    try:
        with st.read() as s:
            district = s.execute(text("SELECT id FROM district")).scalar()
        intake.take_request(st, branch_id=secured["nc"], customer_id=None, district_id=district, kind="general_fault",
                            channel="hotline", description="无信号", actor_id=secured["dispatcher"])
    finally:
        st.dispose()
    owner = open_store(db_url)
    try:
        result = verify(owner)
        assert result.ok, result.line()
        with owner.read() as s:
            assert s.execute(text("SELECT db_user FROM audit_log ORDER BY id DESC LIMIT 1")).scalar() == secured["disp"]
    finally:
        owner.dispose()


def test_sign_in_refusals_and_scram(db_url, secured, logins):
    server = make_url(db_url).set(username=None).render_as_string(hide_password=False)
    with pytest.raises(SignInError, match=auth_pg.FAILED):
        auth_pg.pg_sign_in(server, f"nobody_{uuid.uuid4().hex[:6]}", PASSWORD)
    stray = f"t{uuid.uuid4().hex[:8]}_stray"
    logins.append(stray)
    with make_engine(db_url).begin() as c:
        c.exec_driver_sql(f"CREATE ROLE {stray} LOGIN PASSWORD '{PASSWORD}' IN ROLE bc_dispatcher")
        verifier = c.execute(text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"),
                             {"n": secured["disp"]}).scalar()
    assert verifier.startswith("SCRAM-SHA-256$")
    # the server checks the password (the test server trusts only its superuser; pg-throwaway.sh)
    with pytest.raises(SignInError, match=auth_pg.FAILED):
        auth_pg.pg_sign_in(server, secured["disp"], "not " + PASSWORD)
    assert auth_pg.pg_sign_in(server, secured["disp"], PASSWORD)[1].work_number == "NC001"
    with pytest.raises(SignInError, match="not linked to a staff member"):
        auth_pg.pg_sign_in(server, stray, PASSWORD)
    with pytest.raises(StoreError, match="already belongs to work number NC001"):
        auth_pg.add_user(db_url, work_number="NC101", name="李强", role="maintainer", branch="NC",
                         password=PASSWORD, login=secured["disp"])
    with pytest.raises(StoreError, match="works in a branch"):
        auth_pg.add_user(db_url, work_number="NC102", name="刘洋", role="maintainer", branch=None,
                         password=PASSWORD, login=f"t{uuid.uuid4().hex[:8]}_m")


def _at_0003(db_url: str) -> None:
    st = Store(db_url, make_engine(db_url))
    with st.engine.begin() as conn:
        cfg = alembic_config(st)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
    st.dispose()


def test_consoles_refuse_a_schema_not_at_head_and_only_the_owner_migrates(db_url, logins):
    with pytest.raises(SchemaOutdatedError, match="no schema yet .* needs revision .*branch-console admin migrate"):
        open_store(db_url)
    _at_0003(db_url)
    with pytest.raises(SchemaOutdatedError) as info:
        open_store(db_url)
    msg = str(info.value)
    assert "0003" in msg and head_revision() in msg and "branch-console admin migrate --db URL" in msg
    clerk = f"t{uuid.uuid4().hex[:8]}_clerk"
    logins.append(clerk)
    with make_engine(db_url).begin() as c:
        c.exec_driver_sql(f"CREATE ROLE {clerk} LOGIN PASSWORD '{PASSWORD}'")
    clerk_url = make_url(db_url).set(username=clerk, password=PASSWORD).render_as_string(hide_password=False)
    with pytest.raises(StoreError, match=f"the login {clerk} may not migrate"):
        pg_admin.migrate(clerk_url)
    with pytest.raises(StoreError, match=f"the login {clerk} may not migrate"):
        open_store(clerk_url, migrate=True)
    with pytest.raises(StoreError, match="may not read the schema revision"):
        open_store(clerk_url)
    rep = pg_admin.migrate(db_url)
    assert (rep.before, rep.after) == ("0003", head_revision())
    open_store(db_url).dispose()  # now a console opens it


def _waiting_migrations(conn) -> int:
    return conn.execute(text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = 0 AND objid = :k"),
        {"k": MIGRATION_LOCK}).scalar()


def test_two_migrate_runs_serialise_on_the_advisory_lock(db_url):
    results: list = []

    def run():
        try:
            results.append(pg_admin.migrate(db_url))
        except Exception as exc:  # reported by the assertions below
            results.append(exc)

    holder = create_engine(db_url, poolclass=NullPool)
    with holder.connect() as h:
        h.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
        h.commit()
        runs = [threading.Thread(target=run) for _ in range(2)]
        for t in runs:
            t.start()
        deadline = dt.datetime.now() + dt.timedelta(seconds=60)
        while _waiting_migrations(h) < 2:  # both runs queue behind the held lock …
            h.commit()
            assert dt.datetime.now() < deadline, f"migrations not waiting on the lock: {results}"
            threading.Event().wait(0.05)
        probe = Store(db_url, make_engine(db_url))
        assert current_revision(probe) is None  # … and neither has touched the schema
        probe.dispose()
        h.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
        h.commit()
    for t in runs:
        t.join(120)
    holder.dispose()
    assert all(isinstance(r, pg_admin.MigrateReport) for r in results), results
    assert [r.after for r in results] == [head_revision()] * 2
    with make_engine(db_url).connect() as c:
        assert c.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1


def test_init_postgres_is_idempotent_and_covers_every_table(db_url):
    open_store(db_url, migrate=True).dispose()
    first = pg_admin.init_postgres(db_url)
    again = pg_admin.init_postgres(db_url)
    assert first == again
    with make_engine(db_url).connect() as c:
        rows = c.execute(text("SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class"
                              " WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'")).all()
        groups = set(c.execute(text("SELECT rolname FROM pg_roles WHERE rolname LIKE 'bc\\_%' AND NOT rolcanlogin"))
                     .scalars())
    forced = {name for name, rls, force in rows if rls and force}
    assert forced == set(first.protected) | {"branch"}  # branch: read by all, locked only by its own
    # shared reference tables, and the database's own bookkeeping that no group may touch at all
    assert {name for name, *_ in rows} - forced == {"calendar_day", "sla_policy", "alembic_version", "bc_txn_event", "bc_audit_chain"}
    assert {"bc_dispatcher", "bc_maintainer", "bc_inspector", "bc_manager", "bc_admin"} <= groups


def test_manager_cannot_relink_or_move_staff(db_url, secured, logins):
    tag = uuid.uuid4().hex[:8]
    mgr = f"t{tag}_mgr"
    logins.append(mgr)
    auth_pg.add_user(db_url, work_number=f"M{tag[:6]}", name="周经理", role="manager", branch="南昌市分公司",
                     password=PASSWORD, login=mgr)
    with as_login(db_url, mgr).connect() as c:
        c.execute(text("UPDATE staff SET phone = '13811112222' WHERE work_number = 'NC101'"))
        for column, value in (("db_role", "'x'"), ("branch_id", str(secured["jx"])), ("role", "'admin'")):
            assert "permission denied" in refused(c, f"UPDATE staff SET {column} = {value} WHERE work_number = 'NC101'")
        c.rollback()


def test_stored_verdicts_are_written_by_the_owner_only(db_url, secured, logins):
    """R-ZONE-3/4: a branch's month figures read order_verdict; no console login may write a row of
    it, its own branch's administrator included — only the owner's `audit facts` does."""
    tag = uuid.uuid4().hex[:8]
    adm = f"t{tag}_adm"
    logins.append(adm)
    auth_pg.add_user(db_url, work_number=f"A{tag[:6]}", name="钱管理", role="admin", branch="NC",
                     password=PASSWORD, login=adm)
    with make_engine(db_url).begin() as c:  # the owner, as `audit facts` runs
        for order in (secured["closed_nc"], secured["jx_order"]):
            c.execute(text("INSERT INTO order_verdict (order_id, branch_id, last_event_id, rules_stamp, state,"
                           " exempted, extended, provisional, district_id, kind, received_at, completed_at)"
                           " SELECT id, branch_id, 0, 'x', 'met', false, false, false, district_id, kind::text,"
                           " received_at, coalesce(completed_at, received_at) FROM work_order WHERE id = :o"),
                      {"o": order})
    for login in (secured["disp"], adm, secured["insp"]):
        with as_login(db_url, login).connect() as c:
            seen = set(c.execute(text("SELECT branch_id FROM order_verdict")).scalars())
            assert seen == ({secured["nc"], secured["jx"]} if login == secured["insp"] else {secured["nc"]})
            for sql in ("UPDATE order_verdict SET state = 'met'", "DELETE FROM order_verdict",
                        "INSERT INTO order_verdict (order_id, branch_id, last_event_id, rules_stamp, exempted,"
                        " extended, provisional, district_id, kind, received_at, completed_at) SELECT id,"
                        " branch_id, 999999, 'x', false, false, false, district_id, kind::text, received_at,"
                        " received_at FROM work_order"):
                assert "permission denied" in refused(c, sql), (login, sql)
            c.rollback()
    # an event a login appends, typed as SQL, removes the order's verdict in its own transaction
    with as_login(db_url, secured["disp"]).connect() as c:
        c.execute(text("INSERT INTO order_event (branch_id, order_id, type, at, payload) VALUES"
                       " (:b, :o, 'first_response', now(), '{}')"), {"b": secured["nc"], "o": secured["closed_nc"]})
        c.commit()
    with make_engine(db_url).connect() as c:
        left = set(c.execute(text("SELECT order_id FROM order_verdict")).scalars())
    assert left == {secured["jx_order"]}
