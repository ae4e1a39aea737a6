"""The main window opens on a branch and lists its open orders; the branch switcher works. The
window reads everything off the GUI thread (the guard fails a test whose view ran SQL on it)."""

from __future__ import annotations

import datetime as dt

import pytest

from console.services.access import auth
from console.store import open_store
from console.views.kit.settings import Settings
from console.views.orders.queue_model import COLUMNS, OrderIdRole, QueueModel
from console.views.shell.main_window import MainWindow
from console.vocabulary import Role
from tests.factories import add_person, small_branch


@pytest.fixture
def sqlite_store(tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 'gui.sqlite3'}")
    yield st
    st.dispose()


@pytest.fixture
def window(qtbot, sqlite_store, tmp_path):
    ids = small_branch(sqlite_store)
    w = MainWindow(sqlite_store, principal=auth.principal(sqlite_store, ids["dispatcher"]),
                   settings=Settings(str(tmp_path / "settings.ini")), branch_id=ids["nc"])
    qtbot.addWidget(w)
    return w, ids


def _ids_in_view(w: MainWindow) -> list[int]:
    m = w.queue_model
    return [m.data(m.index(r, 0), OrderIdRole) for r in range(m.rowCount())]


def test_window_lists_open_orders_of_the_branch(qtbot, window):
    w, ids = window
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.show()
        w.reload_orders()
    # most urgent first: the complaint's 4 h reply (R-TIME-7) is due before the fault's 24 h (R-TIME-1)
    assert _ids_in_view(w) == [ids["open_nc"][1], ids["open_nc"][0]]
    m = w.queue_model
    r = m.row_of(ids["open_nc"][0])
    row0 = {col: m.data(m.index(r, c)) for c, col in enumerate(COLUMNS)}
    assert row0["number"] == "NC-0001"
    assert row0["kind"] == "General fault"
    assert row0["district"] == "八一社区"
    assert row0["received"] == "2026-11-20 10:00"  # shown in China time
    assert "南昌市分公司" in w.status_branch.text()
    assert w.status_count.text() == "Open orders: 2"
    assert "gui.sqlite3" in w.status_db.text()


def test_branch_switcher_shows_the_other_branch(qtbot, window):
    w, ids = window
    qtbot.waitUntil(lambda: w.branch_box.count() == 1, timeout=10_000)  # a dispatcher of 南昌 works on 南昌 only
    # provincial staff (no branch of their own) switch between every branch
    w.set_principal(auth.principal(w.store, add_person(w.store, Role.MANAGER, None, "GD0002", "郑省")))
    qtbot.waitUntil(lambda: w.branch_box.count() == 2, timeout=10_000)
    qtbot.waitUntil(lambda: sorted(_ids_in_view(w)) == ids["open_nc"], timeout=10_000)
    index = w.branch_box.findData(ids["jx"])
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.branch_box.setCurrentIndex(index)
    assert _ids_in_view(w) == [ids["jx_order"]]
    assert "进贤县分公司" in w.status_branch.text()


def test_empty_database_offers_the_demo_branch(qtbot, sqlite_store, tmp_path):
    w = MainWindow(sqlite_store, settings=Settings(str(tmp_path / "s.ini")))
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: "no branch" in w.status_branch.text(), timeout=10_000)
    assert w.act_demo.isEnabled()
    with qtbot.waitSignal(w.sig_demo_requested, timeout=1000):
        w.act_demo.trigger()


def test_queue_model_passes_qt_model_tester(qtmodeltester, sqlite_store):
    ids = small_branch(sqlite_store)
    from console.services.orders.queue import open_orders

    model = QueueModel()
    model.set_rows(open_orders(sqlite_store, ids["nc"]))
    qtmodeltester.check(model)


@pytest.mark.parametrize(("now", "shown"), [
    (dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.timezone.utc), False),
    (dt.datetime(2026, 12, 5, 2, 0, tzinfo=dt.timezone.utc), True),  # 30 days reach 2027: not yet entered
])
def test_provisional_calendar_banner(qtbot, sqlite_store, tmp_path, now, shown):
    # a year without official data makes working-day deadlines (R-TIME-3..6) provisional, and the
    # console says so
    w = MainWindow(sqlite_store, settings=Settings(str(tmp_path / "s.ini")), clock=lambda: now)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.banner.sig_checked, timeout=10_000):
        w.show()
    assert w.banner.isVisible() is shown
    if shown:
        assert "2027" in w.banner.text.text() and "provisional" in w.banner.text.text()


def test_reports_menu_verifies_the_audit_chain_for_managers_only(qtbot, window):
    """R-ACC, R-INSP: managers, admins and inspectors verify the audit chain and export workbooks;
    a dispatcher sees neither entry."""
    w, ids = window
    assert not w.act_audit.isVisible()  # the dispatcher signed in
    assert not any(a.isVisible() for a in w.export_actions)  # exports are for managers and inspectors
    w.set_principal(auth.principal(w.store, add_person(w.store, Role.MANAGER, ids["nc"], "NC0900", "孙经理")))
    assert w.act_audit.isVisible() and w.act_audit.isEnabled()
    assert all(a.isVisible() for a in w.export_actions)
    w.act_audit.trigger()
    dlg = w._audit_dialog
    qtbot.waitUntil(lambda: not dlg.running, timeout=10_000)
    assert dlg.verdict.text().startswith("intact (")
    dlg.close()


def test_overdue_rectifications_raise_an_alert(qtbot, window):
    """R-INSP: a finding past its rectification deadline and not verified closed is named on the
    Inspections tab and in the view, and the window says so when one more becomes overdue."""
    from console.services.supervision import inspections as insp

    w, ids = window
    inspector = add_person(w.store, Role.INSPECTOR, None, "GD0003", "刘瑶")
    today = w.now().astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    first = insp.FindingInput("R-DISC-6", "公示栏缺少新员工照片", "minor", "营业厅", today - dt.timedelta(days=3))
    later = insp.FindingInput("R-TIME-1", "故障修复超时", "serious", "网络维护部", today + dt.timedelta(days=5))
    insp.record_inspection(w.store, branch_id=ids["nc"], day=today - dt.timedelta(days=20), inspectors="省督查组",
                           scope="营业厅", actor_id=inspector, findings=[first, later])
    with qtbot.waitSignal(w.workspaces.sig_overdue_rectifications, timeout=10_000) as got:
        w.workspaces.check_overdue()
    assert got.args == [1, 1]
    dock = w.workspaces.inspections_dock
    assert dock.windowTitle() == "Inspections · ⚠ 1"  # the tab: short; its tool tip says what and why
    assert dock.toolTip() == "Inspections (R-INSP): 1 rectification(s) overdue"
    label = w.workspaces.inspections.overdue_label
    assert not label.isHidden() and "R-DISC-6" in label.text() and "3 days late" in label.text()
    assert "1 rectification(s) overdue" in w.statusBar().currentMessage()
    # verified closed: the alert goes away
    fid = next(f.id for f in insp.findings(w.store, branch_id=ids["nc"]) if f.rule_id == "R-DISC-6")
    manager = add_person(w.store, Role.MANAGER, ids["nc"], "NC0900", "孙经理")
    insp.set_status(w.store, fid, "rectifying", actor_id=manager)
    w.workspaces.check_overdue()  # still overdue while it is being rectified
    insp.set_status(w.store, fid, "closed", actor_id=inspector)
    w.workspaces.check_overdue()
    qtbot.waitUntil(lambda: dock.windowTitle() == "Inspections", timeout=10_000)
    assert dock.toolTip() == "Inspections (R-INSP)"
    assert label.isHidden()
