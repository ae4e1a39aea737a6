"""The order pane's countdowns tick with the queue's, from one timer: in the last hour both count
minutes and seconds, and a clock that passes its due reads as breached at once — no read needed."""

from __future__ import annotations

import datetime as dt

import pytest

from console.services.access import auth
from console.store import open_store
from console.views.kit.settings import Settings
from console.views.orders.order_pane import COUNTDOWN_COLUMN, STATE_COLUMN
from console.views.orders.queue_model import COLUMNS
from console.views.shell.main_window import MainWindow
from tests.factories import T0, small_branch_with_deadlines
from tests.views.orders.test_alerts import Clock  # a clock the test moves


@pytest.fixture
def env(qtbot, tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 'tick.sqlite3'}")
    ids = small_branch_with_deadlines(st)
    clock = Clock(T0 + dt.timedelta(hours=3))
    w = MainWindow(st, principal=auth.principal(st, ids["dispatcher"]), settings=Settings(str(tmp_path / "s.ini")),
                   branch_id=ids["nc"], clock=clock)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.queue_model.rowCount() == 2, timeout=10_000)
    yield w, ids, clock
    st.dispose()


def test_pane_and_queue_count_the_same_seconds(qtbot, env):
    w, ids, clock = env
    complaint = ids["open_nc"][1]  # R-TIME-7: received T0+1h, first response within 4 h: due T0+5h
    qtbot.waitUntil(lambda: w.pane.detail is not None and w.pane.detail.id == complaint and not w.pane.busy,
                    timeout=10_000)
    row = next(i for i, c in enumerate(w.pane.detail.clocks) if c.name == "first_response")
    pane = lambda col: w.pane.clocks.item(row, col).text()  # noqa: E731
    queue = lambda: w.queue_model.data(w.queue_model.index(w.queue_model.row_of(complaint),  # noqa: E731
                                                           COLUMNS.index("time_left")))
    assert pane(COUNTDOWN_COLUMN) == "2h 00m"
    clock.now = T0 + dt.timedelta(hours=4, minutes=30, seconds=5)
    w.queue.timer.timeout.emit()  # one tick of the queue's 1 s timer
    assert pane(COUNTDOWN_COLUMN) == "29m 55s"
    assert queue() == "reply 29m 55s"
    state = pane(STATE_COLUMN)
    clock.now = T0 + dt.timedelta(hours=5, minutes=1)
    w.queue.timer.timeout.emit()
    assert pane(COUNTDOWN_COLUMN) == "-0h 01m"
    assert pane(STATE_COLUMN) != state and pane(STATE_COLUMN) == "breached"
