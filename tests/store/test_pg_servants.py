"""R-ZONE-5 on PostgreSQL: a branch's manager changes who serves a district under their own login
(the grants of console/store/pg/security.py suffice: district, district_assignment and a
colleague's photo), tried in plain SQL as that login and through the service; a dispatcher's
login is refused by the database itself. PostgreSQL only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.engine import make_url

import pytest

from console.services.assessment import servants as S
from console.store import open_store
from tests.store.test_pg_enforcement import owner, people  # noqa: F401  (fixture)
from tests.store.test_pg_security import PASSWORD, as_login, logins, refused  # noqa: F401  (fixture)

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 16


def test_a_managers_login_writes_the_change_in_plain_sql(db_url, people):  # noqa: F811
    p = people
    d = p["district"][p["nc"]]
    with owner(db_url).begin() as c:
        c.execute(text("INSERT INTO district_assignment (branch_id, district_id, maintainer_id, valid_from, reason)"
                       " VALUES (:b, :d, :m, DATE '2026-01-01', '')"), {"b": p["nc"], "d": d, "m": p["m1_id"]})
    with as_login(db_url, p["mgr"]).connect() as c:
        c.execute(text("UPDATE district_assignment SET valid_to = DATE '2026-12-10' WHERE district_id = :d"), {"d": d})
        c.execute(text("INSERT INTO district_assignment (branch_id, district_id, maintainer_id, valid_from, reason,"
                       " service_phone, supervision_phone, changed_by_id, changed_at)"
                       " VALUES (:b, :d, :m, DATE '2026-12-10', '调整', '0791-1', '0791-2', :who, now())"),
                  {"b": p["nc"], "d": d, "m": p["m2_id"], "who": p["manager"]})
        c.execute(text("UPDATE district SET service_phone = '0791-1' WHERE id = :d"), {"d": d})
        c.execute(text("UPDATE staff SET photo = :png WHERE id = :m"), {"png": PNG, "m": p["m2_id"]})
        c.commit()
    with as_login(db_url, p["disp"]).connect() as c:  # a dispatcher may not publish a servant
        message = refused(c, "INSERT INTO district_assignment (branch_id, district_id, maintainer_id, valid_from,"
                             " reason) VALUES (:b, :d, :m, DATE '2026-12-20', 'x')",
                          {"b": p["nc"], "d": d, "m": p["m1_id"]})
        assert "permission denied" in message


def test_the_service_runs_as_the_managers_own_login(db_url, people):  # noqa: F811
    p = people
    d = p["district"][p["nc"]]
    with owner(db_url).begin() as c:
        c.execute(text("INSERT INTO district_assignment (branch_id, district_id, maintainer_id, valid_from, reason)"
                       " VALUES (:b, :d, :m, DATE '2026-01-01', '')"), {"b": p["nc"], "d": d, "m": p["m1_id"]})
    url = make_url(db_url).set(username=p["mgr"], password=PASSWORD).render_as_string(hide_password=False)
    st = open_store(url)
    try:
        S.change_servant(st, d, maintainer_id=p["m2_id"], service_phone="0791-2000009", supervision_phone="0791-3000009",
                         valid_from=dt.date(2026, 12, 10), reason="轮岗", actor_id=p["manager"], photo=PNG)
        listed = S.changes(st, branch_id=p["nc"])
        assert [(c.before, c.after, c.reason) for c in listed] == [("李强 (NC101)", "刘洋 (NC102)", "轮岗")]
    finally:
        st.dispose()
    with owner(db_url).connect() as c:
        assert c.execute(text("SELECT service_phone FROM district WHERE id = :d"), {"d": d}).scalar() == "0791-2000009"
        assert c.execute(text("SELECT count(*) FROM audit_log WHERE action = :a"), {"a": S.ACTION}).scalar() == 1
