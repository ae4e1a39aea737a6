"""`branch-console admin set-password` on a shared PostgreSQL database: the
person's password is their database login's, changed with ALTER ROLE by the owner."""

from __future__ import annotations

import io
import sys
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from console.cli import main
from console.errors import SignInError
from console.services.access import auth_pg
from console.services.audit.verify import verify
from console.store import open_store
from console.store.pg import admin as pg_admin
from tests.factories import small_branch

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
PASSWORD = "correct horse 42"


@pytest.fixture
def login(db_url):
    """small_branch data, init-postgres, and NC001's own login (dropped afterwards)."""
    st = open_store(db_url, migrate=True)
    small_branch(st)
    st.dispose()
    pg_admin.init_postgres(db_url)
    name = f"t{uuid.uuid4().hex[:8]}_disp"
    auth_pg.add_user(db_url, work_number="NC001", name="王芳", role="dispatcher", branch="NC", password=PASSWORD,
                     login=name)
    yield name
    auth_pg.drop_login(db_url, name)


def test_set_password_changes_the_persons_database_login(db_url, login, monkeypatch, capsys):
    """`admin set-password` on PostgreSQL: ALTER ROLE with a SCRAM verifier, audited without it;
    a staff member without a login is told to use add-user."""
    server = make_url(db_url).set(username=None).render_as_string(hide_password=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO("a new horse 43\n"))
    assert main(["admin", "set-password", "--db", db_url, "--work-number", "nc001", "--password-stdin"]) == 0
    assert '"login": "' + login + '"' in capsys.readouterr().out
    with pytest.raises(SignInError):
        auth_pg.pg_sign_in(server, login, PASSWORD)
    assert auth_pg.pg_sign_in(server, login, "a new horse 43")[1].work_number == "NC001"
    monkeypatch.setattr(sys, "stdin", io.StringIO("a new horse 43\n"))
    assert main(["admin", "set-password", "--db", db_url, "--work-number", "NC101", "--password-stdin"]) == 2
    assert "李强 (NC101) has no database login here yet" in capsys.readouterr().err
    st = open_store(db_url)
    try:
        with st.read() as s:
            after = s.execute(text("SELECT after::text FROM audit_log WHERE action = 'staff.password_set'")).scalar()
        assert login in after and "SCRAM" not in after and "horse" not in after
        assert verify(st).ok
    finally:
        st.dispose()


def test_a_branch_login_is_told_it_cannot_verify_the_whole_chain(db_url, login):
    """Row-level security hides other branches' audit rows: a gap is not tampering, so say who verifies."""
    from console.errors import StoreError
    from console.services.audit import verify as audit_verify

    url = make_url(db_url).set(username=login, password=PASSWORD).render_as_string(hide_password=False)
    st = open_store(url)
    try:
        with pytest.raises(StoreError, match=f"the login {login} sees only its own branch's audit rows"):
            audit_verify.verify(st)
    finally:
        st.dispose()
    owner = open_store(db_url)
    try:
        assert audit_verify.verify(owner).ok
    finally:
        owner.dispose()
