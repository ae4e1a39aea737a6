"""The database enforces who may do what (docs/security.md), tried as an attacker would: every
check connects AS a person's own login with plain SQL (psycopg through SQLAlchemy's text(), not
the services) on the throw-away PostgreSQL, and asserts the refusal or the server's stamp.
PostgreSQL only."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid

import pytest
from sqlalchemy import text

from console.services.access import auth_pg
from console.services.audit.verify import verify
from console.store import open_store
from console.store.engine import make_engine
from console.store.pg import admin as pg_admin
from console.store.pg import security as sec
from tests.factories import small_branch
from tests.store.test_pg_security import PASSWORD, as_login, logins, refused  # noqa: F401  (fixture)

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)

BACK = "2026-11-03 09:00:00+08"  # a November morning: the back-dating attack's time
NOTE = ("INSERT INTO order_event (branch_id, order_id, type, at, actor_id, payload)"
        " VALUES (:b, :o, :t, CAST(:at AS timestamptz), :who, CAST(:p AS json)) RETURNING id")


@pytest.fixture
def people(db_url, logins):  # noqa: F811
    """small_branch, security installed, one login per role: NC's dispatcher, two maintainers,
    manager and branch administrator, JX's dispatcher, a provincial inspector; order o1 of NC
    assigned to maintainer m1; a finished callback on the completed inquiry."""
    st = open_store(db_url, migrate=True)
    ids = small_branch(st)
    st.dispose()
    pg_admin.init_postgres(db_url)
    tag = uuid.uuid4().hex[:6]
    made = {}

    def add(key, work_number, name, role, branch):
        login = f"t{tag}_{key}"
        logins.append(login)
        made[key] = login
        return auth_pg.add_user(db_url, work_number=work_number, name=name, role=role, branch=branch,
                                password=PASSWORD, login=login).staff_id

    add("disp", "NC001", "王芳", "dispatcher", "NC")
    add("m1", "NC101", "李强", "maintainer", "NC")
    add("m2", "NC102", "刘洋", "maintainer", "NC")
    manager = add("mgr", f"NC9{tag[:3]}", "陈经理", "manager", "NC")
    admin = add("adm", f"NA{tag[:4]}", "周管理", "admin", "NC")
    jx_disp = add("jxd", f"JX{tag[:4]}", "吴调度", "dispatcher", "JX")
    inspector = add("insp", f"P{tag[:5]}", "赵监察", "inspector", None)
    o1 = ids["open_nc"][0]
    with make_engine(db_url).begin() as c:  # as the owner: the assignment the dispatcher made
        c.execute(text("INSERT INTO order_event (branch_id, order_id, type, at, actor_id, payload)"
                       " VALUES (:b, :o, 'assigned', now(), :d, CAST(:p AS json))"),
                  {"b": ids["nc"], "o": o1, "d": ids["dispatcher"], "p": f'{{"assignee_id": {ids["m1"]}}}'})
        c.execute(text("UPDATE work_order SET assignee_id = :m WHERE id = :o"), {"m": ids["m1"], "o": o1})
        c.execute(text("INSERT INTO callback (branch_id, order_id, due_at, status, attempts, done_at, agent_id,"
                       " satisfaction, solved, comment) VALUES (:b, :o, now(), 'done', 1, now(), :d, 5, true, '满意')"
                       " ON CONFLICT (order_id) DO UPDATE SET status = 'done'"),
                  {"b": ids["nc"], "o": ids["closed_nc"], "d": ids["dispatcher"]})
        districts = dict(c.execute(text("SELECT branch_id, id FROM district")).all())
        customers = dict(c.execute(text("SELECT branch_id, id FROM customer")).all())
    return {**ids, **made, "m1_id": ids["m1"], "m2_id": ids["m2"], "o1": o1, "o2": ids["open_nc"][1], "manager": manager, "admin": admin, "jx_disp": jx_disp,
            "inspector": inspector, "district": districts, "customer": customers}


def owner(db_url):
    return make_engine(db_url)


def event(c, p, order, kind, *, at=BACK, who=None, payload="{}"):
    return c.execute(text(NOTE), {"b": p["nc"], "o": order, "t": kind, "at": at, "who": who, "p": payload}).scalar()


# ---- 1. rights per event type and role -------------------------------------------------------
def test_the_back_dated_extension_attack_is_refused_and_what_is_allowed_is_stamped(db_url, people):
    """The attack: a dispatcher inserts a back-dated extension request and its approval naming
    the manager. The approval is refused (R-TIME-10: managers decide); the request — a
    dispatcher's right — is stored at the server's time, as the dispatcher, with the claimed
    time kept aside."""
    p = people
    with as_login(db_url, p["disp"]).connect() as c:
        msg = refused(c, NOTE, {"b": p["nc"], "o": p["o2"], "t": "extension_approved", "at": BACK,
                                "who": p["manager"], "p": '{"days": 5}'})
        assert "row-level security" in msg
        for kind in ("extension_rejected",):
            assert "row-level security" in refused(c, NOTE, {"b": p["nc"], "o": p["o2"], "t": kind, "at": BACK,
                                                             "who": p["manager"], "p": "{}"})
        eid = event(c, p, p["o2"], "extension_requested", who=p["manager"], payload='{"reason": "缺料"}')
        at, actor, login, payload, server = c.execute(text(
            "SELECT at, actor_id, db_user, payload, now() FROM order_event WHERE id = :i"), {"i": eid}).one()
        c.commit()
    assert at == server and actor != p["manager"]
    assert login == p["disp"] and payload["claimed_at"].startswith("2026-11-03T01:00:00")
    with owner(db_url).connect() as c:
        assert c.execute(text("SELECT work_number FROM staff WHERE id = :a"), {"a": actor}).scalar() == "NC001"
    with as_login(db_url, p["mgr"]).connect() as c:  # the manager may decide
        event(c, p, p["o2"], "extension_approved", payload='{"days": 5}')
        c.commit()


def test_each_role_writes_exactly_its_event_types(db_url, people):
    p = people
    tried = 0
    for key, role in (("disp", "dispatcher"), ("m1", "maintainer"), ("mgr", "manager")):
        allowed = {e.value for e in sec.event_types(sec.Role(role))}
        with as_login(db_url, p[key]).connect() as c:
            for kind in ("received", "assigned", "extension_approved", "reopened", "completed", "note"):
                tried += 1
                if kind in allowed:
                    with c.begin_nested():
                        event(c, p, p["o1"], kind)
                else:
                    assert "row-level security" in refused(c, NOTE, {"b": p["nc"], "o": p["o1"], "t": kind,
                                                                     "at": BACK, "who": None, "p": "{}"}), (key, kind)
            c.rollback()
    assert tried == 18
    with as_login(db_url, p["insp"]).connect() as c:  # R-INSP: inspectors change no order
        assert "permission denied" in refused(c, NOTE, {"b": p["nc"], "o": p["o1"], "t": "note", "at": BACK,
                                                        "who": None, "p": "{}"})


def test_a_maintainer_acts_only_on_orders_assigned_to_them(db_url, people):
    """Not on another maintainer's order (o1 is m1's), nor on one assigned to nobody (o2, and the
    completed inquiry whose callback is recorded): no event, no order change, no callback row."""
    p = people
    with as_login(db_url, p["m2"]).connect() as c:
        assert "row-level security" in refused(c, NOTE, {"b": p["nc"], "o": p["o1"], "t": "arrived", "at": BACK,
                                                         "who": None, "p": "{}"})
        assert c.execute(text("UPDATE work_order SET description = 'x' WHERE id = :o"), {"o": p["o1"]}).rowcount == 0
        c.rollback()
    for key in ("m1", "m2"):  # unassigned: nobody's to act on but the dispatcher's and the managers'
        with as_login(db_url, p[key]).connect() as c:
            for kind in ("arrived", "first_response", "note", "escalated", "completed"):
                assert "row-level security" in refused(c, NOTE, {"b": p["nc"], "o": p["o2"], "t": kind, "at": BACK,
                                                                 "who": None, "p": "{}"}), (key, kind)
            assert c.execute(text("UPDATE work_order SET description = 'x' WHERE id IN (:a, :b)"),
                             {"a": p["o2"], "b": p["closed_nc"]}).rowcount == 0
            assert c.execute(text("UPDATE callback SET comment = 'x' WHERE order_id = :o"),
                             {"o": p["closed_nc"]}).rowcount == 0
            assert "row-level security" in refused(
                c, "INSERT INTO callback (branch_id, order_id, due_at, status, attempts) VALUES (:b, :o, now(), 'open', 0)",
                {"b": p["nc"], "o": p["o2"]}), key
            c.rollback()
    with owner(db_url).connect() as c:
        assert c.execute(text("SELECT count(*) FROM order_event WHERE order_id = :o"), {"o": p["o2"]}).scalar() == 1
        assert c.execute(text("SELECT description FROM work_order WHERE id = :o"), {"o": p["o2"]}).scalar() != "x"
    with as_login(db_url, p["m1"]).connect() as c:  # their own order
        event(c, p, p["o1"], "arrived")
        assert c.execute(text("UPDATE work_order SET description = 'x' WHERE id = :o"), {"o": p["o1"]}).rowcount == 1
        c.commit()
    with as_login(db_url, p["disp"]).connect() as c:  # the dispatcher works the unassigned order
        event(c, p, p["o2"], "first_response")
        c.commit()


def test_dispatchers_and_maintainers_see_no_accountability_case(db_url, people):
    """R-ACC: a case (and its audit row, which carries the grounds and the statement) is read by
    managers, admins and inspectors only; a dispatcher's or maintainer's login sees no row of it,
    by SELECT or by any join, and cannot write one."""
    p = people
    with as_login(db_url, p["mgr"]).connect() as c:
        cid = c.execute(text(
            "INSERT INTO accountability_case (branch_id, person_id, order_id, opened_at, grounds, statement,"
            " statement_declined, aggravating, mitigating) VALUES (:b, :m, :o, now(), 'R-TIME-11 超时', '我在另一单',"
            " false, CAST('[]' AS json), CAST('[]' AS json)) RETURNING id"),
            {"b": p["nc"], "m": p["m1_id"], "o": p["o1"]}).scalar()
        c.execute(text("SELECT bc_audit_append(:b, now(), NULL, 'accountability.opened', 'accountability_case', :i,"
                       " NULL, CAST(:a AS json))"), {"b": p["nc"], "i": cid, "a": '{"statement": "我在另一单"}'})
        c.commit()
    cases = "SELECT count(*) FROM accountability_case"
    audited = "SELECT count(*) FROM audit_log WHERE entity = 'accountability_case'"
    joined = ("SELECT count(*) FROM work_order o JOIN accountability_case a ON a.order_id = o.id"
              " WHERE o.id = :o")
    for key in ("disp", "m1", "m2"):
        with as_login(db_url, p[key]).connect() as c:
            assert c.execute(text(cases)).scalar() == 0, key
            assert c.execute(text("SELECT count(*) FROM accountability_case WHERE id = :i"), {"i": cid}).scalar() == 0
            assert c.execute(text(joined), {"o": p["o1"]}).scalar() == 0, key
            assert c.execute(text(audited)).scalar() == 0, key
            assert c.execute(text("SELECT count(*) FROM audit_log")).scalar() > 0, key  # the rest of the chain
            assert "permission denied" in refused(
                c, "INSERT INTO accountability_case (branch_id, person_id, opened_at, grounds, statement,"
                   " statement_declined, aggravating, mitigating) VALUES (:b, :m, now(), 'x', '', false,"
                   " CAST('[]' AS json), CAST('[]' AS json))", {"b": p["nc"], "m": p["m2_id"]}), key
            assert "permission denied" in refused(c, "UPDATE accountability_case SET outcome = 'exempt'"), key
            c.rollback()
    for key in ("mgr", "adm", "insp"):
        with as_login(db_url, p[key]).connect() as c:
            assert c.execute(text(cases)).scalar() == 1, key
            assert c.execute(text(joined), {"o": p["o1"]}).scalar() == 1, key
            assert c.execute(text(audited)).scalar() == 1, key
    assert sec.CASE_BLIND == ("bc_dispatcher", "bc_maintainer")  # from the rights table (ACCOUNTABILITY_READ)


def test_nobody_deletes_a_callback_record_or_other_evidence(db_url, people):
    p = people
    for key in ("disp", "m1", "mgr", "adm"):
        with as_login(db_url, p[key]).connect() as c:
            assert c.execute(text("DELETE FROM callback WHERE order_id = :o"), {"o": p["closed_nc"]}).rowcount == 0
            for table in ("order_event", "audit_log", "work_order", "customer", "revisit_visit", "inspection",
                          "finding", "accountability_case", "training_record", "fee_reminder"):
                assert "permission denied" in refused(c, f"DELETE FROM {table}"), (key, table)
            c.rollback()
    with owner(db_url).connect() as c:
        assert c.execute(text("SELECT status FROM callback WHERE order_id = :o"), {"o": p["closed_nc"]}).scalar() == "done"


# ---- 2. the actor is the login ---------------------------------------------------------------
def test_set_role_to_the_group_does_not_hide_the_person(db_url, people):
    p = people
    with as_login(db_url, p["disp"]).connect() as c:
        c.exec_driver_sql("SET ROLE bc_dispatcher")
        eid = event(c, p, p["o2"], "note", who=p["manager"], at="now", payload='{"text": "x"}')
        aid = c.execute(text("SELECT bc_audit_append(:b, now(), :who, 'order.note', 'work_order', :o, NULL, NULL)"),
                        {"b": p["nc"], "who": p["manager"], "o": p["o2"]}).scalar()
        c.commit()
    with owner(db_url).connect() as c:
        ev = c.execute(text("SELECT s.work_number, e.db_user FROM order_event e JOIN staff s ON s.id = e.actor_id"
                            " WHERE e.id = :i"), {"i": eid}).one()
        au = c.execute(text("SELECT s.work_number, a.db_user FROM audit_log a JOIN staff s ON s.id = a.actor_id"
                            " WHERE a.id = :i"), {"i": aid}).one()
    assert tuple(ev) == tuple(au) == ("NC001", p["disp"])


def test_a_login_not_linked_to_staff_writes_nothing(db_url, people, logins):  # noqa: F811
    p = people
    stray = f"t{uuid.uuid4().hex[:8]}_stray"
    logins.append(stray)
    with owner(db_url).begin() as c:
        c.exec_driver_sql(f"CREATE ROLE {stray} LOGIN PASSWORD '{PASSWORD}' IN ROLE bc_manager")
    with as_login(db_url, stray).connect() as c:
        assert "not linked to a staff member" in refused(c, NOTE, {"b": p["nc"], "o": p["o1"], "t": "note", "at": BACK,
                                                         "who": None, "p": "{}"})
        assert "not linked to a staff member" in refused(
            c, "SELECT bc_audit_append(NULL, now(), NULL, 'x', 'staff', NULL, NULL, NULL)")


# ---- 3. the audit chain belongs to the server ------------------------------------------------
def test_no_login_inserts_audit_rows_or_takes_the_chain(db_url, people):
    p = people
    row = ("INSERT INTO audit_log (branch_id, at, actor_id, action, entity, entity_id, prev_hash, hash)"
           " VALUES (:b, now(), NULL, 'forged', 'work_order', 1, '', '')")
    for key in ("disp", "m1", "mgr", "adm", "insp"):
        with as_login(db_url, p[key]).connect() as c:
            assert "permission denied" in refused(c, row, {"b": p["nc"]}), key
            assert "permission denied" in refused(c, "SELECT * FROM bc_audit_chain FOR UPDATE"), key
            assert "permission denied" in refused(c, "LOCK TABLE bc_audit_chain IN ACCESS SHARE MODE"), key
            c.rollback()
    with as_login(db_url, p["disp"]).connect() as c:  # another branch's audit rows: refused
        assert "may not write audit rows of branch" in refused(
            c, "SELECT bc_audit_append(:b, now(), NULL, 'x', 'work_order', 1, NULL, NULL)", {"b": p["jx"]})
    # the old advisory key, held by a login, no longer stops anybody's append
    with as_login(db_url, p["jxd"]).connect() as holder:
        holder.execute(text("SELECT pg_advisory_lock(657687), pg_advisory_lock(:k)"), {"k": 0x0A0D17})
        with as_login(db_url, p["disp"]).connect() as c:
            c.exec_driver_sql("SET lock_timeout = '2s'")
            c.execute(text("SELECT bc_audit_append(:b, now(), 1, 'order.note', 'work_order', :o, NULL,"
                           " CAST('{\"a\": 1.5}' AS json))"), {"b": p["nc"], "o": p["o1"]})
            c.commit()
    st = open_store(db_url)
    try:
        result = verify(st)
        assert result.ok, result.line()
    finally:
        st.dispose()


def test_an_open_append_delays_others_only_until_the_server_ends_it(db_url, people):
    """The chain's lock is held by an append's own transaction, and the login's
    idle_in_transaction_session_timeout (set per login by add-user) ends a transaction left open."""
    p = people
    with owner(db_url).begin() as c:  # the test's own short value, so the test is quick
        c.exec_driver_sql(f"ALTER ROLE {p['jxd']} SET idle_in_transaction_session_timeout = '1s'")
    holder = as_login(db_url, p["jxd"]).connect()
    holder.execute(text("SELECT bc_audit_append(:b, now(), 1, 'order.note', 'work_order', NULL, NULL, NULL)"),
                   {"b": p["jx"]})  # …and then the login sits there, transaction open
    started = time.monotonic()
    with as_login(db_url, p["disp"]).connect() as c:
        c.execute(text("SELECT bc_audit_append(:b, now(), 1, 'order.note', 'work_order', NULL, NULL, NULL)"),
                  {"b": p["nc"]})
        c.commit()
    waited = time.monotonic() - started
    assert 0.5 < waited < 5, waited
    with pytest.raises(Exception):
        holder.execute(text("SELECT 1"))  # the server ended the idle transaction's session
    holder.invalidate()


# ---- 4. password hashes ----------------------------------------------------------------------
def test_password_hashes_are_unreadable_to_every_login(db_url, people):
    p = people
    for key in ("disp", "m1", "mgr", "adm", "insp"):
        with as_login(db_url, p[key]).connect() as c:
            assert "permission denied" in refused(c, "SELECT password_hash FROM staff"), key
            assert "permission denied" in refused(c, "SELECT * FROM staff"), key
            assert c.execute(text("SELECT count(name) FROM staff")).scalar() > 0
            c.rollback()


# ---- 5. a branch stops at its branch ---------------------------------------------------------
def test_a_branch_administrator_stops_at_the_branch(db_url, people):
    p = people
    with as_login(db_url, p["adm"]).connect() as c:
        assert c.execute(text("SELECT count(*) FROM work_order WHERE branch_id = :j"), {"j": p["jx"]}).scalar() == 0
        assert c.execute(text("UPDATE customer SET name = 'x' WHERE branch_id = :j"), {"j": p["jx"]}).rowcount == 0
        assert c.execute(text("UPDATE branch SET hotline = '110' WHERE id = :j"), {"j": p["jx"]}).rowcount == 0
        assert "row-level security" in refused(
            c, "INSERT INTO district (branch_id, name, households, area_type, service_phone, supervision_phone)"
               " VALUES (:j, '外区', 10, 'urban', '1', '1')",
            {"j": p["jx"]})
        assert "row-level security" in refused(
            c, "INSERT INTO staff (work_number, work_number_key, name, role, branch_id, phone, active)"
               " VALUES ('ZZ1', 'ZZ1', '外人', 'admin', NULL, '1', true)")
        assert c.execute(text("UPDATE branch SET hotline = '96000' WHERE id = :n"), {"n": p["nc"]}).rowcount == 1
        c.rollback()


def test_rows_cannot_point_into_another_branch(db_url, people):
    p = people
    order = ("INSERT INTO work_order (branch_id, number, kind, channel, priority, district_id, customer_id, description,"
             " first_contact_id, required_materials, missing_materials, received_at, status, updated_at, version,"
             " sla_provisional, escalation_level, policy_version) VALUES (:b, :n, 'general_fault', 'hotline', 'normal',"
             " :d, :c, 'x', :who, '[]', '[]', now(), 'open', now(), 1, false, 0, 1)")
    with as_login(db_url, p["disp"]).connect() as c:
        msg = refused(c, order, {"b": p["nc"], "n": "NC-X1", "d": p["district"][p["nc"]],
                                 "c": p["customer"][p["jx"]], "who": p["dispatcher"]})
        assert "belongs to branch" in msg
        msg = refused(c, order, {"b": p["nc"], "n": "NC-X2", "d": p["district"][p["jx"]], "c": None,
                                 "who": p["dispatcher"]})
        assert "belongs to branch" in msg
        for assignee in (p["jx_disp"], p["dispatcher"], p["manager"]):  # not a maintainer of NC
            with pytest.raises(Exception) as info:
                with c.begin_nested():
                    event(c, p, p["o2"], "assigned", payload=f'{{"assignee_id": {assignee}}}')
                    c.execute(text("UPDATE work_order SET assignee_id = :a WHERE id = :o"),
                              {"a": assignee, "o": p["o2"]})
            assert "must be an active maintainer of its branch" in str(info.value)
        c.rollback()
    with owner(db_url).begin() as c:  # an inactive maintainer neither
        c.execute(text("UPDATE staff SET active = false WHERE id = :m"), {"m": p["m2_id"]})
    with as_login(db_url, p["disp"]).connect() as c:
        with pytest.raises(Exception, match="must be an active maintainer"):
            event(c, p, p["o2"], "assigned", payload="{}")
            c.execute(text("UPDATE work_order SET assignee_id = :a WHERE id = :o"), {"a": p["m2_id"], "o": p["o2"]})


def test_an_order_changes_only_with_its_event(db_url, people):
    """The queue's clock columns follow the order's events; a bare UPDATE that moves a deadline or
    closes an order is refused (the services write both in one transaction)."""
    p = people
    with as_login(db_url, p["disp"]).connect() as c:
        for sql in ("UPDATE work_order SET due_at = due_at + interval '10 days' WHERE id = :o",
                    "UPDATE work_order SET status = 'completed', completed_at = now() WHERE id = :o",
                    "UPDATE work_order SET sla_state = 'met' WHERE id = :o"):
            assert "changes only together with an event" in refused(c, sql, {"o": p["o2"]})
        assert "cannot change" in refused(c, "UPDATE work_order SET received_at = received_at - interval '1 day'"
                                             " WHERE id = :o", {"o": p["o2"]})
        c.rollback()


# ---- 6. nobody freezes the others ------------------------------------------------------------
def test_every_login_has_timeouts_and_every_definer_pins_its_search_path(db_url, people):
    p = people
    for key in ("disp", "m1", "mgr", "adm", "insp"):
        with as_login(db_url, p[key]).connect() as c:
            got = {name: c.execute(text(f"SHOW {name}")).scalar() for name in sec.TIMEOUTS}
            want = sec.ADMIN_TIMEOUTS if key == "adm" else sec.TIMEOUTS
            assert got == want, key
    with owner(db_url).connect() as c:
        loose = c.execute(text(
            "SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.prosecdef"
            " AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY(p.proconfig), false)")).scalars().all()
        definers = c.execute(text("SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace"
                                  " AND prosecdef")).scalar()
    assert loose == [] and definers >= 10


def test_many_consoles_append_at_once_and_the_chain_stays_whole(db_url, people):
    p = people
    errors: list[BaseException] = []

    def work(key, branch):
        try:
            eng = as_login(db_url, p[key])
            for i in range(5):
                with eng.begin() as c:
                    c.execute(text("SELECT bc_audit_append(:b, now(), 1, 'order.note', 'work_order', NULL, NULL,"
                                   " CAST(:a AS json))"), {"b": branch, "a": f'{{"i": {i}, "t": "并发"}}'})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k, p["nc"] if k != "jxd" else p["jx"]))
               for k in ("disp", "m1", "mgr", "jxd")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    st = open_store(db_url)
    try:
        result = verify(st)
        assert result.ok, result.line()
        with st.read() as s:
            assert s.execute(text("SELECT count(*) FROM audit_log WHERE action = 'order.note'")).scalar() == 20
    finally:
        st.dispose()


def test_the_server_time_is_the_time_of_a_console_with_a_wrong_clock(db_url, people):
    """A console whose clock is a week behind writes through the services: the event, the order's
    columns and the audit row carry the server's time."""
    from console.services.orders import actions
    from sqlalchemy.engine import make_url

    p = people
    server = make_url(db_url).set(username=None).render_as_string(hide_password=False)
    url, who = auth_pg.pg_sign_in(server, p["disp"], PASSWORD)
    st = open_store(url)
    try:
        with st.read() as s:
            version = s.execute(text("SELECT version FROM work_order WHERE id = :o"), {"o": p["o2"]}).scalar()
        late = dt.datetime.now(dt.UTC) - dt.timedelta(days=7)
        actions.pause(st, p["o2"], expected_version=version, actor_id=who.staff_id, reason="客户要求改日", now=late)
    finally:
        st.dispose()
    with owner(db_url).connect() as c:
        at, now, payload = c.execute(text("SELECT at, now(), payload FROM order_event WHERE order_id = :o"
                                          " ORDER BY id DESC LIMIT 1"), {"o": p["o2"]}).one()
        updated = c.execute(text("SELECT updated_at FROM work_order WHERE id = :o"), {"o": p["o2"]}).scalar()
        audit_at = c.execute(text("SELECT at FROM audit_log ORDER BY id DESC LIMIT 1")).scalar()
    assert abs((now - at).total_seconds()) < 60 and updated == at == audit_at
    assert "claimed_at" not in payload  # the console's `now` was replaced, not claimed


# ---- 7. sign-in on PostgreSQL ----------------------------------------------------------------
def test_a_sign_in_is_audited_by_the_database_as_the_login(db_url, people):
    """The server checks the password (SCRAM); a successful sign-in appends its audit row as the
    login itself (server time, the login's person). A refused one cannot write anything as that
    login: it is in the server's log only (docs/security.md says so)."""
    from sqlalchemy.engine import make_url

    from console.errors import SignInError
    from console.services.access.auth import SIGNED_IN

    p = people
    server = make_url(db_url).set(username=None).render_as_string(hide_password=False)
    with owner(db_url).connect() as c:
        before = c.execute(text("SELECT coalesce(max(id), 0) FROM audit_log")).scalar()
    with pytest.raises(SignInError):
        auth_pg.pg_sign_in(server, p["m1"], "not the password")
    auth_pg.pg_sign_in(server, p["m1"], PASSWORD)
    with owner(db_url).connect() as c:
        rows = c.execute(text("SELECT a.action, a.db_user, s.work_number, a.after FROM audit_log a"
                              " LEFT JOIN staff s ON s.id = a.actor_id WHERE a.id > :b ORDER BY a.id"), {"b": before}).all()
    assert [(r[0], r[1], r[2]) for r in rows] == [(SIGNED_IN, p["m1"], "NC101")]
    assert rows[0][3] == {"work_number": "NC101", "login": p["m1"]}
    st = open_store(db_url)
    try:
        assert verify(st).ok
    finally:
        st.dispose()


def test_the_databases_canonical_json_is_pythons(db_url):
    """The hash the server computes covers the same bytes `audit verify` recomputes in Python:
    any JSON value Python writes (nested, unicode, control characters, floats of every size)
    canonicalises identically in SQL."""
    import json

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st_

    scalars = (st_.none() | st_.booleans() | st_.integers(min_value=-10**30, max_value=10**30)
               | st_.floats(allow_nan=False, allow_infinity=False) | st_.text(st_.characters(exclude_categories=("Cs",),
                                                                                            exclude_characters="\x00")))
    values = st_.recursive(scalars, lambda inner: st_.lists(inner, max_size=4)
                           | st_.dictionaries(st_.text(st_.characters(exclude_categories=("Cs",),
                                                                      exclude_characters="\x00"), max_size=6),
                                              inner, max_size=4), max_leaves=12)
    open_store(db_url, migrate=True).dispose()
    with owner(db_url).connect() as c:
        @settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
        @given(values)
        def same(value):
            want = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            got = c.execute(text("SELECT bc_canonical_json(CAST(:j AS json))"), {"j": json.dumps(value)}).scalar()
            assert got == want

        same()
