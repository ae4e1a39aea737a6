"""Sign-in dialog and what each role sees in the main window. The password is checked off the
GUI thread (argon2, about 100 ms): the dialog says it is checking, and its fields wait."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from console.services.access import auth
from console.store import open_store
from console.views.kit.settings import Settings
from console.views.shell.main_window import MainWindow
from console.views.shell.sign_in_dialog import SignInDialog
from console.vocabulary import Role
from tests.factories import add_person, small_branch


@pytest.fixture
def env(tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 'signin.sqlite3'}")
    ids = small_branch(st)
    ids["inspector"] = add_person(st, Role.INSPECTOR, None, "GD0001", "周正")
    ids["manager"] = add_person(st, Role.MANAGER, ids["nc"], "NC800", "孙丽")
    ids["admin"] = add_person(st, Role.ADMIN, ids["nc"], "NC900", "赵敏")
    auth.set_password(st, ids["dispatcher"], "correct horse", actor_id=None)
    yield st, ids
    st.dispose()


def test_enter_signs_in_and_a_refusal_is_shown_in_the_dialog(qtbot, env):
    st, ids = env
    dlg = SignInDialog(st, work_number="NC001")
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.password.hasFocus() or not dlg.isActiveWindow()  # the work number is pre-filled
    dlg.password.setText("wrong horse!")
    with qtbot.waitSignal(dlg.sig_refused, timeout=5000):
        qtbot.keyClick(dlg.password, Qt.Key.Key_Return)
        assert dlg.checking and not dlg.password.isEnabled() and not dlg.buttons.isEnabled()  # busy, says so
        assert dlg.message.text() == "Checking the password…" and dlg.spinner.isVisible()
        qtbot.keyClick(dlg.password, Qt.Key.Key_Return)  # a second Enter while checking: one check only
    assert dlg.isVisible() and dlg.principal is None and not dlg.checking
    assert dlg.message.text() == "Not signed in: unknown work number or wrong password"
    assert dlg.password.text() == "" and dlg.password.isEnabled()  # typed again
    dlg.password.setText("correct horse")
    with qtbot.waitSignal(dlg.accepted, timeout=5000):
        qtbot.keyClick(dlg.password, Qt.Key.Key_Return)
    assert dlg.principal.staff_id == ids["dispatcher"] and dlg.principal.role == Role.DISPATCHER


def _window(qtbot, st, tmp_path, staff_id, ids):
    """The main window for a staff member, once its branches and orders are on screen."""
    w = MainWindow(st, principal=auth.principal(st, staff_id), settings=Settings(str(tmp_path / "s.ini")),
                   branch_id=ids["nc"])
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        pass  # nothing was delivered yet: the window reads once the event loop runs
    return w


def _shown(w) -> set[str]:
    return {a.objectName() for a in w.pane.actions() if a.isVisible()}


def test_each_role_sees_only_what_it_may_do(qtbot, env, tmp_path):
    st, ids = env
    inspector = _window(qtbot, st, tmp_path, ids["inspector"], ids)
    assert _shown(inspector) == set()  # an inspector changes no order
    assert not inspector.act_intake.isVisible() and not inspector.admin_menu.menuAction().isVisible()
    assert inspector.branch_box.count() == 2  # reads every branch
    assert "周正 (GD0001) · inspector" in inspector.user_label.text()

    disp = _window(qtbot, st, tmp_path, ids["dispatcher"], ids)
    assert "_assign" in _shown(disp) and "_decide" not in _shown(disp)  # only managers decide extensions
    assert disp.act_intake.isVisible() and not disp.admin_menu.menuAction().isVisible()
    assert disp.branch_box.count() == 1 and disp.user_id == ids["dispatcher"]

    maint = _window(qtbot, st, tmp_path, ids["m1"], ids)
    assert {"_complete", "_pause", "_arrived"} <= _shown(maint) and not {"_assign", "_reopen"} & _shown(maint)

    mgr = _window(qtbot, st, tmp_path, ids["manager"], ids)
    assert "_decide" in _shown(mgr) and not mgr.admin_menu.menuAction().isVisible()
    admin = _window(qtbot, st, tmp_path, ids["admin"], ids)
    assert admin.admin_menu.menuAction().isVisible() and admin.act_calendar.isEnabled()


def test_sign_out_switches_the_user_or_closes(qtbot, env, tmp_path, monkeypatch):
    st, ids = env
    w = _window(qtbot, st, tmp_path, ids["dispatcher"], ids)
    w.show()
    assert w.act_sign_out.shortcut().toString() == "Ctrl+Shift+L"
    seen = []
    manager = auth.principal(st, ids["manager"])

    def ask(cls, store, parent=None, **kw):
        seen.append(parent.user_id)  # nobody is signed in while the dialog is open
        return manager

    monkeypatch.setattr(SignInDialog, "ask", classmethod(ask))
    w.act_sign_out.trigger()
    assert seen == [None] and w.user_id == ids["manager"] and "孙丽" in w.status_user.text()
    assert "_decide" in _shown(w)
    monkeypatch.setattr(SignInDialog, "ask", classmethod(lambda cls, store, parent=None, **kw: None))
    w.act_sign_out.trigger()
    assert w.user_id is None and not w.isVisible() and _shown(w) == set()


def test_sign_out_leaves_no_customer_on_screen_behind_the_sign_in_box(qtbot, env, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QPlainTextEdit

    st, ids = env
    w = _window(qtbot, st, tmp_path, ids["dispatcher"], ids)
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.show()
        w.reload_orders()
    qtbot.waitUntil(lambda: w.pane.detail is not None, timeout=10_000)  # the most urgent order is shown
    w.queue.search.setText("张")
    behind = []

    def visible_texts():
        out = []
        for x in w.findChildren(QLabel) + w.findChildren(QLineEdit) + w.findChildren(QPlainTextEdit):
            if x.isVisibleTo(w):
                out.append(x.text() if hasattr(x, "text") else x.toPlainText())
        for v in w.findChildren(QAbstractItemView):
            m = v.model()
            if v.isVisibleTo(w) and m is not None and not isinstance(m, type(None)):
                try:
                    rows, cols = m.rowCount(), m.columnCount()
                except TypeError:
                    continue
                out += [str(m.data(m.index(r, c)) or "") for r in range(rows) for c in range(cols)]
        return out

    assert any("张三" in t for t in visible_texts())  # the customer, before
    manager = auth.principal(st, ids["manager"])

    def ask(cls, store, parent=None, **kw):
        behind.extend(visible_texts())
        return manager

    monkeypatch.setattr(SignInDialog, "ask", classmethod(ask))
    w.act_sign_out.trigger()
    assert behind and not [t for t in behind if "张三" in t or "13900000000" in t or "A0000001" in t]
    assert w.queue.search.text() == ""  # the next person does not start with the last one's search
    assert w.centralWidget().isVisible()  # signed in again: the queue is back


def test_a_database_that_cannot_check_the_sign_in_keeps_what_was_typed(qtbot, env, monkeypatch):
    """Not a wrong password: the sign-in could not be checked, so the work number and the password
    stay for OK again (only a refused password is typed again)."""
    from console.errors import StoreError

    st, _ids = env
    dlg = SignInDialog(st, work_number="NC001")
    qtbot.addWidget(dlg)

    def down(self, work_number, password):
        raise StoreError("the database x cannot be reached (connection refused): nothing was saved")

    monkeypatch.setattr(type(dlg._auth), "sign_in", down)
    dlg.password.setText("correct horse")
    with qtbot.waitSignal(dlg.sig_refused, timeout=5000):
        dlg.accept()
    assert dlg.message.text().startswith("The database could not check the sign-in: the database x cannot be reached")
    assert dlg.work_number.text() == "NC001" and dlg.password.text() == "correct horse"
