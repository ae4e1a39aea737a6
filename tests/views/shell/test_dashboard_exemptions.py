"""R-TIME-8 on the manager's dashboard: this month's exemptions (order, customer, kind, when, who
recorded it, the reason, who was notified), following changes as the rest of the dashboard does;
a branch with neither a manager nor a stand-in is said."""

from __future__ import annotations

import datetime as dt

import pytest

from console.models import Order
from console.services.access import auth
from console.services.orders import actions as act
from console.views.kit.ops import OrderChanges, hub
from console.views.kit.settings import Settings
from console.views.shell.main_window import MainWindow
from console.vocabulary import Role
from tests.factories import T0, add_person, small_branch

H = dt.timedelta(hours=1)
NOW = T0 + 3 * H


@pytest.fixture
def branch(store):
    return small_branch(store)


def _open(qtbot, store, tmp_path, staff_id, ids) -> MainWindow:
    w = MainWindow(store, principal=auth.principal(store, staff_id), settings=Settings(str(tmp_path / "c.ini")),
                   branch_id=ids["nc"], clock=lambda: NOW)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.show()
        w.reload_orders()
    qtbot.waitExposed(w)
    return w


def _unreachable(store, ids, oid, reason, at):
    with store.read() as s:
        version = s.get(Order, oid).version
    act.customer_unreachable(store, oid, expected_version=version, actor_id=ids["dispatcher"], reason=reason, now=at)


def _rows(d):
    m = d.exempt_model
    return [tuple(m.data(m.index(r, c)) for c in range(m.columnCount())) for r in range(m.rowCount())]


def test_the_manager_sees_this_months_exemptions_and_new_ones_arrive(qtbot, store, tmp_path, branch):
    manager = add_person(store, Role.MANAGER, branch["nc"], "NC900", "陈经理")
    first, second = branch["open_nc"]
    _unreachable(store, branch, first, "nobody home after 3 calls", T0 + H)
    w = _open(qtbot, store, tmp_path, manager, branch)
    d = w.dashboard
    qtbot.waitUntil(lambda: d.exempt_model.rowCount() == 1, timeout=10_000)
    assert d.findChild(type(d.exempt_table.parentWidget()), "DashboardExemptions").title() == \
        "This month's exemptions (R-TIME-8)"
    assert _rows(d) == [("NC-0001", "张三", "General fault", "2026-11-20 11:00", "王芳", "nobody home after 3 calls",
                         "陈经理", "No")]
    assert d.exempt_status.text() == "2026-11: 1 exemption(s), 1 not acknowledged by the head."

    _unreachable(store, branch, second, "shop closed, owner abroad", T0 + 2 * H)  # at another console
    hub().sig_orders_changed.emit(OrderChanges((second,)))  # what the live feed says of it
    qtbot.waitUntil(lambda: d.exempt_model.rowCount() == 2, timeout=10_000)
    assert [r[0] for r in _rows(d)] == ["NC-0002", "NC-0001"]  # newest first
    assert d.exempt_status.text() == "2026-11: 2 exemption(s), 2 not acknowledged by the head."


def test_a_branch_without_manager_or_stand_in_is_warned_of(qtbot, store, tmp_path, branch):
    admin = add_person(store, Role.ADMIN, branch["nc"], "NC700", "赵敏")
    w = _open(qtbot, store, tmp_path, admin, branch)
    w._raise_dock(w.dashboard_dock)
    d = w.dashboard
    qtbot.waitUntil(lambda: "no active manager" in d.exempt_status.text(), timeout=10_000)
    assert d.exempt_status.text() == (
        "南昌市分公司 has no active manager and nobody named to stand in: an administrator must name who stands in "
        "for the branch head (R-TIME-8). 2026-11: no exemption this month.")


def test_the_admin_menu_opens_who_stands_in_and_others_are_told(qtbot, store, tmp_path, branch, monkeypatch):
    from console.views.admin.stand_in_dialog import StandInDialog
    from console.views.kit.ask import Ask

    opened, told = [], []
    monkeypatch.setattr(StandInDialog, "exec", lambda self: opened.append(self) or 0)
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: told.append(text)))
    admin = add_person(store, Role.ADMIN, branch["nc"], "NC700", "赵敏")
    w = _open(qtbot, store, tmp_path, admin, branch)
    w.open_stand_in()
    assert len(opened) == 1 and opened[0].actor_id == admin
    qtbot.waitUntil(lambda: opened[0].info is not None, timeout=10_000)
    assert opened[0].branch_id() == branch["nc"] and opened[0].banner.text().startswith("南昌市分公司 has no active")
    manager = add_person(store, Role.MANAGER, branch["nc"], "NC900", "陈经理")
    w.set_principal(auth.principal(store, manager))
    w.open_stand_in()
    assert len(opened) == 1 and told == [
        "Only an administrator names who stands in for the branch head (R-TIME-8): please tell one."]
