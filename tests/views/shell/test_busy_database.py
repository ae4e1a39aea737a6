"""A dispatcher's change while another program writes the SQLite file (docs/security.md, "SQLite
on one PC"): the window says whom it waits for in its status bar, the screen keeps working, and the
change is saved once the other program has finished."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer

from console.models import Order
from console.services.access import auth
from console.services.orders import queue as orders
from console.store import open_store
from console.views.kit.ops import WriteOp
from console.views.kit.settings import Settings
from console.views.shell.main_window import MainWindow
from tests.factories import small_branch
from tests.store.test_write_lock import Holder


@pytest.fixture
def window(qtbot, tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 'busy.sqlite3'}")
    ids = small_branch(st)
    w = MainWindow(st, principal=auth.principal(st, ids["dispatcher"]),
                   settings=Settings(str(tmp_path / "settings.ini")), branch_id=ids["nc"])
    qtbot.addWidget(w)
    yield w, ids, tmp_path / "busy.sqlite3"
    st.dispose()


def test_a_change_waiting_for_an_import_says_so_and_is_saved_after(qtbot, window):
    w, ids, path = window
    store = w.store
    oid = ids["open_nc"][0]
    with store.read() as s:
        version = s.get(Order, oid).version
    holder = Holder(path, "announced")  # 王芳's import of customers, in another process
    try:
        saved = []
        WriteOp(w, lambda: orders.assign(store, oid, expected_version=version, assignee_id=ids["m1"],
                                         actor_id=ids["dispatcher"], reason="closest team"), saved.append).run()
        qtbot.waitUntil(lambda: "Waiting for the database: 王芳's import of customers (branch-console, pid "
                        f"{holder.pid}, started " in w.statusBar().currentMessage(), timeout=10_000)
        ticks = []  # the GUI thread is not waiting: a timer still fires, the window still repaints
        QTimer.singleShot(20, lambda: ticks.append(w.grab().isNull()))
        qtbot.waitUntil(lambda: ticks == [False], timeout=2000)
        assert not saved
    finally:
        holder.release()
    qtbot.waitUntil(lambda: bool(saved), timeout=20_000)
    assert w.statusBar().currentMessage() == "The database is free again."
    with store.read() as s:
        assert s.get(Order, oid).assignee_id == ids["m1"]
