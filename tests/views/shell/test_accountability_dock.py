"""R-ACC: the Accountability workspace is there for the roles that may read the cases (managers,
admins, inspectors) and not at all for dispatchers and maintainers — not on screen, not in the View
menu — also after one person signs out and another signs in at the same console."""

from __future__ import annotations

from console.services.access import auth
from console.views.kit.settings import Settings
from console.views.shell.main_window import MainWindow
from console.vocabulary import Role
from tests.assigned import assign_to
from tests.factories import add_person, small_branch


def _window(qtbot, store, tmp_path, staff_id, ids, ini="console.ini") -> MainWindow:
    w = MainWindow(store, principal=auth.principal(store, staff_id),
                   settings=Settings(str(tmp_path / ini)), branch_id=ids["nc"])
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.show()
        w.reload_orders()
    return w


def _shown(w: MainWindow) -> bool:
    dock = w.workspaces.accountability_dock
    assert dock.objectName() == "AccountabilityDock"
    menu = dock.toggleViewAction().isVisible()
    assert menu == (not dock.isHidden())  # the View menu offers exactly what may be shown
    if dock.isHidden():
        return False
    dock.raise_()
    return dock.isVisible()


def test_a_dispatcher_has_no_accountability_dock_a_manager_has(qtbot, store, tmp_path):
    ids = small_branch(store)
    assign_to(store, ids["open_nc"][0], ids["m1"])  # the maintainer's queue: their own order
    manager = add_person(store, Role.MANAGER, ids["nc"], "NC800", "孙丽")
    for who, ini in ((ids["m1"], "maintainer.ini"), (ids["dispatcher"], "console.ini")):
        w = _window(qtbot, store, tmp_path, who, ids, ini)
        assert not _shown(w)
        w.workspaces.accountability_dock.toggleViewAction().trigger()  # not even by the menu's action
        assert not _shown(w)
        w.workspaces.set_branch(ids["nc"])
        assert not _shown(w)
        w.close()
    w = _window(qtbot, store, tmp_path, manager, ids)  # the dispatcher's console: its saved layout
    assert _shown(w)
    w.set_principal(auth.principal(store, ids["dispatcher"]))  # another person signs in
    qtbot.waitUntil(lambda: w.workspaces.accountability_dock.isHidden(), timeout=10_000)
    assert not _shown(w)
    w.set_principal(auth.principal(store, manager))
    qtbot.waitUntil(lambda: not w.workspaces.accountability_dock.isHidden(), timeout=10_000)
    assert _shown(w)
