"""Each role starts at its own work, at sign-in and at every sign-in switch; a manager decides the
extension requests of the branch from the dashboard (R-TIME-10)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabBar

from console.models import Order, OrderEvent
from console.services.access import auth
from console.services.assessment.districts import Scorecard
from console.services.orders import actions as act
from console.services.orders import queue as orders
from console.services.orders.extensions import PendingExtension
from console.services.supervision.accountability import CaseRow
from console.views.kit.ask import Ask
from console.views.kit.ops import OrderChanges, hub
from console.views.kit.settings import Settings
from console.views.orders.queue_panel import QueuePanel
from console.views.shell.dashboard import CasesModel, ExtensionsModel, RanksModel
from console.views.shell.main_window import MainWindow
from console.vocabulary import EventType, Role
from tests.factories import T0, add_person, small_branch

H = dt.timedelta(hours=1)
NOW = T0 + 3 * H  # nothing of the small branch is near its due: no escalation pass writes meanwhile


@pytest.fixture
def branch(store):
    ids = small_branch(store)
    for role, number, name in ((Role.MANAGER, "NC900", "陈经理"), (Role.INSPECTOR, "NC800", "周正"),
                               (Role.ADMIN, "NC700", "赵敏")):
        ids[role.value] = add_person(store, role, ids["nc"], number, name)
    return ids


def _open(qtbot, store, tmp_path, staff_id: int, ids, settings: Settings | None = None) -> MainWindow:
    w = MainWindow(store, principal=auth.principal(store, staff_id),
                   settings=settings or Settings(str(tmp_path / "console.ini")), branch_id=ids["nc"],
                   clock=lambda: NOW)
    qtbot.addWidget(w)
    if settings is None:
        w.resize(1366, 768)  # a control room's smallest screen (test_layout)
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.show()
        w.reload_orders()
    qtbot.waitExposed(w)
    return w


def _raised(dock) -> bool:
    """The dock is on screen and the current tab of its group."""
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def _version(store, oid) -> int:
    with store.read() as s:
        return s.get(Order, oid).version


def _request(store, ids, oid, new_due, reason="cable on order") -> None:
    act.request_extension(store, oid, expected_version=_version(store, oid), actor_id=ids["dispatcher"],
                          new_due=new_due, reason=reason, now=T0 + 2 * H)


def _tabs_of(w, title: str) -> list[str]:
    for bar in w.findChildren(QTabBar):
        names = [bar.tabText(i) for i in range(bar.count())]
        if any(n.startswith(title) for n in names):
            return names
    return []


def test_a_dispatcher_starts_at_the_queue_with_the_map(qtbot, store, tmp_path, branch):
    w = _open(qtbot, store, tmp_path, branch["dispatcher"], branch)
    assert _raised(w.map_dock)
    assert w.dashboard_dock.isHidden() and not w.dashboard_dock.toggleViewAction().isVisible()  # R-TIME-10: not theirs
    assert w.admin_bar.isHidden()
    qtbot.waitUntil(lambda: w.focusWidget() is w.queue.table, timeout=3000)


def test_a_manager_starts_at_the_dashboard(qtbot, store, tmp_path, branch):
    w = _open(qtbot, store, tmp_path, branch["manager"], branch)
    assert _raised(w.dashboard_dock) and not _raised(w.map_dock)
    assert w.dashboard_dock.toggleViewAction().isVisible()
    qtbot.waitUntil(lambda: w.focusWidget() is w.dashboard.table, timeout=3000)
    assert "Dashboard" in _tabs_of(w, "Dashboard")  # tabbed with the docks below the queue
    # (a) the queue's own counters, every one the model keeps, and a click filters the queue
    counts = w.queue.model.urgent_counts()
    assert set(w.dashboard.urgent_buttons) == set(counts)
    key = next(iter(counts))
    assert w.dashboard.urgent_buttons[key].text().endswith(f": {counts[key]}")
    w.dashboard.urgent_buttons[key].click()
    assert w.queue.current_filter().urgent == key
    assert w.queue.urgent_buttons[key].isChecked()
    # (c) this month's district ranks (R-ZONE-3), (d) the open accountability cases (R-ACC)
    qtbot.waitUntil(lambda: w.dashboard.rank_summary.text().startswith(NOW.strftime("%Y-%m") + " (so far)"),
                    timeout=10_000)  # a month in progress is only "so far" (R-ZONE-3)
    assert w.dashboard.rank_model.rowCount() == 1  # the branch's one district
    qtbot.waitUntil(lambda: w.dashboard.cases_status.text() == "No open case.", timeout=10_000)


def test_an_inspector_starts_at_the_inspections_beside_the_assessment(qtbot, store, tmp_path, branch):
    w = _open(qtbot, store, tmp_path, branch["inspector"], branch)
    docks = {d.objectName(): d for d in w.workspaces.docks}
    assert _raised(docks["InspectionsDock"])
    assert not docks["AssessmentDock"].isHidden()
    tabs = _tabs_of(w, "Inspections")
    inspections = next(i for i, t in enumerate(tabs) if t.startswith("Inspections"))
    assert tabs[inspections - 1] == "Assessment"  # the tab next to it
    assert w.dashboard_dock.isHidden()


def test_a_maintainer_starts_at_their_own_orders(qtbot, store, tmp_path, branch, monkeypatch):
    calls = []
    # QueuePanel.set_mine is the queue's (its toggle goes back to the branch queue); recorded here
    monkeypatch.setattr(QueuePanel, "set_mine", lambda self, staff_id: calls.append(staff_id), raising=False)
    w = _open(qtbot, store, tmp_path, branch["m1"], branch)
    assert calls[-1] == branch["m1"]
    assert _raised(w.map_dock) and w.dashboard_dock.isHidden()
    w.set_principal(auth.principal(store, branch["dispatcher"]))  # the next person at this console
    assert calls[-1] is None  # the branch queue again


def test_an_admin_starts_at_the_calendar_and_policy(qtbot, store, tmp_path, branch):
    w = _open(qtbot, store, tmp_path, branch["admin"], branch)
    assert w.admin_bar.isVisible()
    assert w.act_calendar in w.admin_bar.actions() and w.act_policy in w.admin_bar.actions()
    assert "Admin" in w.statusBar().currentMessage()
    assert not _raised(w.dashboard_dock) and w.dashboard_dock.toggleViewAction().isVisible()


def test_every_sign_in_switch_starts_at_that_roles_home_and_keeps_the_layout(qtbot, store, tmp_path, branch):
    w = _open(qtbot, store, tmp_path, branch["dispatcher"], branch)
    geometry = (w.pos(), w.size())
    areas = {d.objectName(): w.dockWidgetArea(d) for d in (w.pane_dock, w.map_dock, *w.workspaces.docks)}
    pane_width = w.pane_dock.width()
    w.set_principal(auth.principal(store, branch["manager"]))
    assert _raised(w.dashboard_dock)
    w.set_principal(auth.principal(store, branch["inspector"]))
    assert _raised(w.workspaces.inspections_dock) and w.dashboard_dock.isHidden()
    w.set_principal(auth.principal(store, branch["dispatcher"]))
    assert _raised(w.map_dock)
    qtbot.wait(50)
    assert (w.pos(), w.size()) == geometry  # the window and its docks stay where they were
    assert {d.objectName(): w.dockWidgetArea(d) for d in (w.pane_dock, w.map_dock, *w.workspaces.docks)} == areas
    assert w.pane_dock.width() == pane_width


def test_a_saved_layout_is_kept_when_a_manager_signs_in(qtbot, store, tmp_path, branch):
    settings = Settings(str(tmp_path / "shared.ini"))
    w = _open(qtbot, store, tmp_path, branch["dispatcher"], branch, settings)
    w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, w.pane_dock)  # the person's own arrangement
    qtbot.wait(50)
    w.close()  # saved (kit.settings: the window state)
    w2 = _open(qtbot, store, tmp_path, branch["manager"], branch, settings)
    assert w2.dockWidgetArea(w2.pane_dock) == Qt.DockWidgetArea.LeftDockWidgetArea  # restored, not replaced
    qtbot.waitUntil(lambda: _raised(w2.dashboard_dock), timeout=2000)


def _manager_with_requests(qtbot, store, tmp_path, ids):
    fault, complaint = ids["open_nc"]
    _request(store, ids, fault, T0 + 48 * H, "cable on order")
    _request(store, ids, complaint, T0 + 300 * H, "customer abroad")
    w = _open(qtbot, store, tmp_path, ids["manager"], ids)
    qtbot.waitUntil(lambda: w.dashboard.ext_model.rowCount() == 2, timeout=10_000)
    return w, fault, complaint


def _select(w, oid) -> None:
    w.dashboard.table.selectRow(w.dashboard.ext_model.row_of(oid))


def test_a_manager_approves_and_rejects_extensions_from_the_dashboard(qtbot, store, tmp_path, branch, monkeypatch):
    w, fault, complaint = _manager_with_requests(qtbot, store, tmp_path, branch)
    row = w.dashboard.ext_model.row_at(w.dashboard.ext_model.row_of(fault))
    assert (row.number, row.reason, row.current_due, row.new_due) == ("NC-0001", "cable on order", T0 + 24 * H,
                                                                      T0 + 48 * H)
    monkeypatch.setattr(Ask, "confirm", classmethod(lambda cls, *a, **k: True))
    _select(w, fault)
    w.dashboard.approve_button.click()
    qtbot.waitUntil(lambda: w.dashboard.ext_model.rowCount() == 1, timeout=10_000)
    with store.read() as s:
        assert s.get(Order, fault).due_at == T0 + 48 * H  # R-TIME-10: the new due applies
    assert "approved" in w.dashboard.ext_status.text()
    qtbot.waitUntil(lambda: w.queue_model.row_at(w.queue_model.row_of(fault)).version == _version(store, fault),
                    timeout=10_000)  # the queue heard of it (hub)

    asked = []
    monkeypatch.setattr(Ask, "text", classmethod(lambda cls, parent, title, label, default="", draft=None: asked.append(label)
                                                  or "not a reason to wait"))
    _select(w, complaint)
    w.dashboard.reject_button.click()
    qtbot.waitUntil(lambda: w.dashboard.ext_model.rowCount() == 0, timeout=10_000)
    assert asked and "NC-0002" in asked[0]  # a rejection asks why
    with store.read() as s:
        last = s.query(OrderEvent).filter_by(order_id=complaint).order_by(OrderEvent.id.desc()).first()
        assert last.type == EventType.EXTENSION_REJECTED and last.payload["reason"] == "not a reason to wait"
    assert "No extension request is waiting." in w.dashboard.ext_status.text()


def test_a_refused_decision_is_said_and_what_was_typed_is_kept(qtbot, store, tmp_path, branch, monkeypatch):
    w, fault, _complaint = _manager_with_requests(qtbot, store, tmp_path, branch)
    # another console changes the order meanwhile: the version the dashboard listed is stale
    orders.assign(store, fault, expected_version=_version(store, fault), assignee_id=branch["m1"],
                  actor_id=branch["dispatcher"], now=NOW)
    told, defaults = [], []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: told.append(text)))
    from console.views.kit import drafts

    def text(cls, parent, title, label, default="", draft=None):  # opens with what the real prompt would show
        defaults.append(drafts.recall(draft, default))
        return "parts are in stock"

    monkeypatch.setattr(Ask, "text", classmethod(text))
    _select(w, fault)
    w.dashboard.reject_button.click()
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert "changed" in told[0].lower() or "version" in told[0].lower()  # the service's own words
    assert told[0] in w.dashboard.ext_status.text()  # and beside the list, in red
    qtbot.waitUntil(lambda: w.dashboard.ext_model.row_at(w.dashboard.ext_model.row_of(fault)).version
                    == _version(store, fault), timeout=10_000)  # read again: the order as it is now
    _select(w, fault)
    w.dashboard.reject_button.click()  # the reason typed before is offered again
    assert defaults == ["", "parts are in stock"]
    qtbot.waitUntil(lambda: w.dashboard.ext_model.row_of(fault) < 0, timeout=10_000)


def test_the_dashboard_reads_again_when_orders_change(qtbot, store, tmp_path, branch):
    w = _open(qtbot, store, tmp_path, branch["manager"], branch)
    qtbot.waitUntil(lambda: w.dashboard.ext_status.text() == "No extension request is waiting.", timeout=10_000)
    fault = branch["open_nc"][0]
    _request(store, branch, fault, T0 + 48 * H)
    hub().sig_orders_changed.emit(OrderChanges((fault,), None))
    hub().sig_orders_changed.emit(OrderChanges((fault,), None))  # a burst: one read
    qtbot.waitUntil(lambda: w.dashboard.ext_model.rowCount() == 1, timeout=10_000)


def test_the_dashboards_models_pass_the_qt_model_tester(qtmodeltester):
    ext = ExtensionsModel()  # no parent widget: the tester outlives nothing
    ext.set_rows([PendingExtension(1, "NC-0001", 3, "general_fault", "八一社区", "", "resolve", T0 + 24 * H,
                                   T0 + 48 * H, "cable", "王芳 (NC001)", T0),
                  PendingExtension(2, "NC-0002", 1, "complaint", "八一社区", "李强 (NC101)", "first_response", None,
                                   None, "", "", T0)])
    qtmodeltester.check(ext)
    card = Scorecard("district", 1, "八一社区", "南昌市分公司", households=4500, rank=1)
    ranks = RanksModel()
    ranks.set_rows([card, Scorecard("district", 2, "李渡镇", "南昌市分公司")])
    qtmodeltester.check(ranks)
    cases = CasesModel()
    cases.set_rows([CaseRow(1, 1, 2, "李强 (NC101)", 5, "NC-0001", None, "", T0, "R-TIME-11: breached", "", False,
                            None, (), (), None, None)])
    qtmodeltester.check(cases)
