"""The order pane's countdowns tick with the queue's, from one timer: in the last hour both count
minutes and seconds, and a clock that passes its due reads as breached at once — no read needed."""

from __future__ import annotations

import datetime as dt

import pytest

from console.services.access import auth
from console.store import open_store
from console.views.kit import ops
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


def _sleep_after_tick(w) -> int:
    """One tick of the window's countdowns, then how long the ticker sleeps (as it works it out
    once every view has ticked)."""
    w.queue.ticker.timer.timeout.emit()
    return w.queue.ticker.sleep_ms()


def test_a_quiet_window_sleeps_until_a_countdown_can_read_differently(qtbot, env):
    """No countdown of the window moves before the next minute of the orders' time left: the
    ticker sleeps (at most MAX_SLEEP_MS, a clock set by hand is caught up); in a clock's last hour
    it ticks every second again; a changed row wakes it within a second."""
    from console.views.kit.ticker import MAX_SLEEP_MS, TICK_MS

    w, ids, clock = env
    complaint = ids["open_nc"][1]
    qtbot.waitUntil(lambda: w.pane.detail is not None and w.pane.detail.id == complaint and not w.pane.busy
                    and ops.pending() == 0, timeout=10_000)  # the start-up reads are in
    clock.now = T0 + dt.timedelta(hours=3, seconds=20.5)  # every time left is a whole minute and 39.5 s
    assert _sleep_after_tick(w) == MAX_SLEEP_MS

    clock.now = T0 + dt.timedelta(hours=3, seconds=57)  # 3 s to the next minute of every countdown
    assert 2_990 <= _sleep_after_tick(w) <= 3_010
    clock.now += dt.timedelta(seconds=3)
    w.queue.ticker.timer.timeout.emit()
    assert w.pane.clocks.item(next(i for i, c in enumerate(w.pane.detail.clocks) if c.name == "first_response"),
                              COUNTDOWN_COLUMN).text() == "1h 59m"

    clock.now = T0 + dt.timedelta(hours=4, minutes=30, seconds=5)  # the complaint's last hour: seconds
    assert _sleep_after_tick(w) == TICK_MS

    clock.now = T0 + dt.timedelta(hours=3, seconds=20.5)
    w.queue.ticker.timer.start(_sleep_after_tick(w))
    m = w.queue_model
    m.update_row(m.order(ids["open_nc"][0]), ids["open_nc"][0])  # an order changed (here: as it was)
    assert w.queue.ticker.timer.remainingTime() <= TICK_MS
