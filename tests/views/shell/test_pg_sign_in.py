"""On PostgreSQL the console's sign-in is the person's database login (R-ACC: the database knows
who acts).

Nothing is opened before the sign-in; the console then runs on the person's own connection, so
row-level security decides what it shows (a dispatcher of NC sees no order of JX), and a refused
password is said in the dialog. PostgreSQL only."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from sqlalchemy.engine import make_url

from console.services.access import auth_pg, startup
from console.services.orders import queue as orders
from console.store import open_store
from console.store.passwords import DEMO_PASSWORD
from console.store.pg import admin as pg_admin
from console.views.shell import app as gui
from console.views.shell.sign_in_dialog import SignInDialog
from tests.factories import small_branch

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)


@pytest.fixture
def shared(db_url):
    """small_branch, init-postgres, and NC001 (dispatcher of NC) as a login with the demo password."""
    st = open_store(db_url, migrate=True)
    ids = small_branch(st)
    st.dispose()
    pg_admin.init_postgres(db_url)
    login = f"t{uuid.uuid4().hex[:8]}_nc001"
    auth_pg.add_user(db_url, work_number="NC001", name="王芳", role="dispatcher", branch="NC",
                     password=DEMO_PASSWORD, login=login)
    yield {**ids, "login": login}
    auth_pg.drop_login(db_url, login)


def sign_in_with(qtbot, authenticator, login: str):
    """What a person does in the real dialog: type the password and press Enter; the dialog
    checks it off the GUI thread."""
    dlg = SignInDialog(None, work_number=login, authenticator=authenticator, display_url="test")
    qtbot.addWidget(dlg)
    dlg.password.setText(DEMO_PASSWORD)
    with qtbot.waitSignal(dlg.accepted, timeout=20_000):
        dlg.accept()
    return dlg.principal


def test_console_runs_on_the_persons_own_login(qtbot, db_url, shared, monkeypatch):
    seen = {}

    def ask(cls, store, parent=None, *, authenticator=None, display_url=None, **kw):
        seen["store"], seen["display"] = store, display_url
        return sign_in_with(qtbot, authenticator, shared["login"])

    monkeypatch.setattr(SignInDialog, "ask", classmethod(ask))
    principal, store = gui._pg_sign_in(db_url, user=None)
    try:
        assert seen["store"] is None  # nothing was opened before the sign-in
        assert "postgres@" not in seen["display"]  # the server, not the owner's login
        assert principal.work_number == "NC001" and principal.role.value == "dispatcher"
        assert make_url(store.url).username == shared["login"]
        assert len(orders.open_orders(store, shared["nc"])) == 2
        assert orders.open_orders(store, shared["jx"]) == []  # R-ZONE-5: row-level security, not the UI
    finally:
        store.dispose()


def test_a_wrong_password_is_said_in_the_dialog(qtbot, db_url, shared):
    a = auth_pg.PgAuthenticator(db_url, principal=gui.auth.Principal)
    dlg = SignInDialog(None, work_number=shared["login"], authenticator=a, display_url=startup.server_name(db_url))
    qtbot.addWidget(dlg)
    dlg.password.setText("not the password")
    with qtbot.waitSignal(dlg.sig_refused, timeout=20_000):
        dlg.accept()
    assert dlg.principal is None and dlg.message.isVisibleTo(dlg)
    assert dlg.message.text() == "Not signed in: unknown work number or wrong password"
    assert dlg.work_number.text() == shared["login"] and dlg.password.text() == ""  # the work number is kept
    dlg.password.setText(DEMO_PASSWORD)
    with qtbot.waitSignal(dlg.accepted, timeout=20_000):
        dlg.accept()
    assert dlg.principal is not None and dlg.principal.name == "王芳"


def test_screenshot_signs_in_as_the_login(tmp_path, db_url, shared):
    shot = tmp_path / "pg.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    res = subprocess.run([sys.executable, "-m", "console", "--db", db_url, "--screenshot", str(shot),
                          "--user", shared["login"]], capture_output=True, text=True, env=env, timeout=300)
    assert res.returncode == 0, res.stderr
    assert shot.stat().st_size > 10_000
    nobody = subprocess.run([sys.executable, "-m", "console", "--db", db_url, "--screenshot", str(shot)],
                            capture_output=True, text=True, env=env, timeout=300)
    assert nobody.returncode == 2 and "--user WORKNO" in nobody.stderr


def test_switch_user_opens_the_next_persons_own_connection(qtbot, db_url, shared, monkeypatch, tmp_path):
    """File ▸ Sign out / switch user on PostgreSQL: a new window on the new login; the old closes."""
    from console.views.kit.settings import Settings
    from console.views.shell.main_window import MainWindow

    insp = f"t{uuid.uuid4().hex[:8]}_insp"
    auth_pg.add_user(db_url, work_number="GD0001", name="赵监察", role="inspector", branch=None,
                     password=DEMO_PASSWORD, login=insp)
    try:
        who = iter([shared["login"], insp])
        monkeypatch.setattr(SignInDialog, "ask", classmethod(
            lambda cls, store, parent=None, *, authenticator=None, **kw: sign_in_with(qtbot, authenticator,
                                                                                       next(who))))
        principal, store = gui._pg_sign_in(db_url, user=None)
        monkeypatch.setattr(gui, "Settings", lambda: Settings(str(tmp_path / "new.ini")))
        w = MainWindow(store, principal=principal, settings=Settings(str(tmp_path / "first.ini")))
        qtbot.addWidget(w)
        state = {"window": w}
        w.sign_out_hook = lambda: gui._switch_pg_user(w, db_url, state)
        w.show()
        w.sign_out()
        new = state["window"]
        qtbot.addWidget(new)
        assert new is not w and not w.isVisible() and new.isVisible()
        assert new.principal.name == "赵监察" and make_url(new.store.url).username == insp
        assert orders.open_orders(new.store, shared["jx"])  # an inspector reads every branch (R-INSP)
        new.close()
        new.store.dispose()
    finally:
        auth_pg.drop_login(db_url, insp)

