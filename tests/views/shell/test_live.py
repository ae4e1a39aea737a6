"""Consoles in step: what one console changes shows at another console of the branch within 3 s,
in place (its selection stays), on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import time

from console.services.access import auth
from console.models import Order
from console.services.orders import queue as orders
from console.services.orders.changes import ChangeFeed
from console.views.kit.settings import Settings
from console.views.shell.main_window import MainWindow
from tests.factories import small_branch

LIVE_S = 3.0  # the room's promise: every console in step within 3 seconds


def _assign(store, order_id: int, assignee_id: int, actor_id: int) -> None:
    """What another console does: the one write path, straight on the database."""
    with store.read() as s:
        version = s.get(Order, order_id).version
    orders.assign(store, order_id, expected_version=version, assignee_id=assignee_id, actor_id=actor_id,
                  now=dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.timezone.utc))


def _console(qtbot, store, tmp_path) -> tuple[MainWindow, dict]:
    """The small branch's dispatcher at a console of its own, its queue loaded."""
    ids = small_branch(store)
    w = MainWindow(store, principal=auth.principal(store, ids["dispatcher"]),
                   settings=Settings(str(tmp_path / "console.ini")), branch_id=ids["nc"])
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.show()
        w.reload_orders()
    return w, ids


def test_the_feed_names_the_orders_changed_by_any_connection(store):
    ids = small_branch(store)
    feed = ChangeFeed(store, ids["nc"])
    try:
        assert feed.wait(0.3) == set()  # nothing happened
        _assign(store, ids["open_nc"][0], ids["m1"], ids["dispatcher"])
        got = set()
        end = time.monotonic() + LIVE_S
        while not got and time.monotonic() < end:
            got = feed.wait(0.5)
        assert got == {ids["open_nc"][0]}
        assert feed.wait(0.3) == set()  # said once
    finally:
        feed.close()


def test_another_consoles_assignment_shows_in_place_within_3_s(qtbot, store, tmp_path):
    w, ids = _console(qtbot, store, tmp_path)
    fault, complaint = ids["open_nc"]
    w.queue.select_order(complaint)
    loads = []
    w.sig_loaded.connect(loads.append)
    # the other console: the same database, not this window (no hub signal of this process)
    _assign(store, fault, ids["m1"], ids["dispatcher"])
    started = time.monotonic()
    m = w.queue_model
    qtbot.waitUntil(lambda: m.row_at(m.row_of(fault)).assignee_id == ids["m1"], timeout=int(LIVE_S * 1000))
    assert time.monotonic() - started < LIVE_S
    assert w.queue.selected_order_id() == complaint  # the dispatcher's selection stayed
    assert loads == []  # in place: no full reload


def test_the_order_pane_shows_another_consoles_change_to_its_order(qtbot, store, tmp_path):
    w, ids = _console(qtbot, store, tmp_path)
    fault = ids["open_nc"][0]
    w.queue.select_order(fault)
    qtbot.waitUntil(lambda: w.pane.detail is not None and w.pane.detail.id == fault and not w.pane.busy,
                    timeout=10_000)
    # this console's own first escalation pass (it writes events) is over: what follows is the other's
    qtbot.waitUntil(lambda: not w.alerts._busy, timeout=10_000)
    qtbot.wait(500)
    qtbot.waitUntil(lambda: not w.pane.busy, timeout=10_000)
    before = w.pane.detail.version
    _assign(store, fault, ids["m2"], ids["dispatcher"])
    qtbot.waitUntil(lambda: w.pane.detail is not None and w.pane.detail.version == before + 1, timeout=int(LIVE_S * 1000))
    assert "刘洋" in w.pane.timeline.toPlainText()  # the assignment, in the order's own timeline
    note = w.pane.elsewhere
    assert note.isVisible() and "another console" in note.text() and "王芳" in note.text()  # who did it
    w.queue.select_order(ids["open_nc"][1])  # another order: the note was about the last one
    qtbot.waitUntil(lambda: w.pane.detail is not None and w.pane.detail.id == ids["open_nc"][1], timeout=10_000)
    assert not note.isVisible()
