"""The database stops mid-session, then comes back (README "When the database goes away").

On the real PostgreSQL server the test command starts (scripts/pg-throwaway.sh), stopped with
pg_ctl and started again: the console shows a banner, keeps the action the dispatcher took (and
what they typed), never shows it as done, retries with growing pauses, and when the server is back
reloads and completes the action — or, when the dispatcher discards it, reports it as not done.
The watch's own rules (backoff, order of waiting writes, a write that did reach the server) are
checked with a stand-in store.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from console.errors import ConcurrentEditError, StoreUnavailable
from console.models import Order, OrderEvent
from console.services.access import auth
from console.store import open_store
from console.views.kit.ask import Ask
from console.views.kit.connection import ConnectionWatch, keep_waiting
from console.views.kit.settings import Settings
from console.views.shell.main_window import MainWindow
from console.vocabulary import EventType
from tests.assigned import assign_to
from tests.factories import T0, small_branch_with_deadlines

NOW = T0 + dt.timedelta(hours=3)



class PgServer:
    """The test command's PostgreSQL server, stopped and started like an administrator would."""

    def __init__(self):
        env = os.environ
        self.data = env.get("BRANCH_CONSOLE_TEST_PG_DATA")
        self.bin = env.get("BRANCH_CONSOLE_TEST_PG_BIN")
        self.log = env.get("BRANCH_CONSOLE_TEST_PG_LOG") or (f"{self.data}/../server.log" if self.data else None)
        self.as_user = env.get("BRANCH_CONSOLE_TEST_PG_OSUSER") or ""

    def _ctl(self, *args: str) -> None:
        cmd = [str(Path(self.bin) / "pg_ctl"), "-D", self.data, *args]
        if self.as_user:
            cmd = ["runuser", "-u", self.as_user, "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, cwd="/", timeout=60)

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "-t", "30", "stop")

    def start(self) -> None:
        self._ctl("-l", self.log, "-w", "-t", "60", "start")

    def running(self) -> bool:
        return Path(self.data, "postmaster.pid").exists()


@pytest.fixture
def pg_server():
    server = PgServer()
    if not (server.data and server.bin and os.environ.get("BRANCH_CONSOLE_TEST_PG")):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but the test PostgreSQL server's data directory is not exported "
                        "(BRANCH_CONSOLE_TEST_PG_DATA/BIN: run ./test)")
        pytest.skip("no test PostgreSQL server to stop and start (run ./test)")
    yield server
    if not server.running():  # whatever happened, the rest of the suite needs it
        server.start()


@pytest.fixture
def console(qtbot, db_url, pg_server, tmp_path):
    st = open_store(db_url, migrate=True)
    ids = small_branch_with_deadlines(st)
    w = MainWindow(st, principal=auth.principal(st, ids["dispatcher"]), settings=Settings(str(tmp_path / "s.ini")),
                   branch_id=ids["nc"], clock=lambda: NOW)
    w.watch.backoff_s = (0.2, 0.4, 0.8)  # the console's pauses are 1, 2, 4 … s; the test need not wait
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.queue_model.rowCount() == 2, timeout=10_000)
    yield w, st, ids
    if pg_server.running():
        st.dispose()


def shown(qtbot, w, order_id):
    """Wait until the pane shows the order, ready to act on."""
    qtbot.waitUntil(lambda: w.pane.detail is not None and w.pane.detail.id == order_id and not w.pane.busy,
                    timeout=10_000)


def _events(st, order_id: int, kind: EventType) -> int:
    with st.read() as s:
        return s.scalar(select(func.count()).select_from(OrderEvent).where(
            OrderEvent.order_id == order_id, OrderEvent.type == kind))


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_server_stopped_mid_session_then_started_completes_the_waiting_action(qtbot, console, pg_server, monkeypatch):
    w, st, ids = console
    oid = ids["open_nc"][0]
    w.queue.select_order(oid)
    shown(qtbot, w, oid)
    assert w.pane.detail.number == "NC-0001"
    assert not w.db_banner.isVisible(), w.db_banner.text.text()

    pg_server.stop()
    monkeypatch.setattr(Ask, "text", classmethod(lambda cls, *a, **k: "已回电，约明早上门"))  # what was said
    w.pane.act_response.trigger()  # the dispatcher records the first response: the server is gone
    qtbot.waitUntil(lambda: len(w.watch.waiting) == 1, timeout=10_000)

    # Banner, the action kept and named, nothing shown as done.
    assert w.watch.down
    assert w.db_banner.isVisible()
    text = w.db_banner.text.text()
    assert "cannot be reached" in text
    assert "Waiting to be saved (1): First response on order NC-0001" in text
    assert w.pane.waiting.isVisible() and "NC-0001" in w.pane.waiting.text()
    assert "First response" not in w.pane.timeline.toPlainText()
    # It keeps trying, with growing pauses, while the server is down.
    qtbot.waitUntil(lambda: w.watch.attempts >= 2, timeout=10_000)
    assert w.watch.down and len(w.watch.waiting) == 1

    pg_server.start()
    qtbot.waitUntil(lambda: not w.watch.down and not w.watch.waiting, timeout=20_000)
    # Saved exactly once, shown as saved, and the console reloaded without a restart.
    assert _events(st, oid, EventType.FIRST_RESPONSE) == 1
    qtbot.waitUntil(lambda: "Saved after the database came back" in w.db_banner.text.text(), timeout=5_000)
    assert "First response on order NC-0001" in w.db_banner.text.text()
    assert not w.pane.waiting.isVisible()
    qtbot.waitUntil(lambda: w.pane.detail is not None and "First response" in w.pane.timeline.toPlainText(),
                    timeout=5_000)
    assert w.queue_model.rowCount() == 2


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_discarded_waiting_action_is_reported_not_done_and_is_not_saved(qtbot, console, pg_server, monkeypatch):
    w, st, ids = console
    oid = ids["open_nc"][0]
    w.queue.select_order(oid)
    shown(qtbot, w, oid)
    told: list[str] = []
    monkeypatch.setattr(Ask, "text", classmethod(lambda cls, *a, **k: "客户约明天上午"))
    monkeypatch.setattr(Ask, "confirm", classmethod(lambda cls, *a, **k: True))
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: told.append(text)))

    pg_server.stop()
    w.pane.act_pause.trigger()  # typed a reason; the server is gone
    qtbot.waitUntil(lambda: len(w.watch.waiting) == 1, timeout=10_000)
    assert "Pause" in w.watch.waiting[0].label
    w.db_banner.discard.click()
    assert told and told[-1].startswith("Not done: ") and "nothing was saved" in told[-1]
    assert not w.watch.waiting

    pg_server.start()
    qtbot.waitUntil(lambda: not w.watch.down, timeout=20_000)
    assert _events(st, oid, EventType.PAUSED) == 0
    with st.read() as s:
        assert s.get(Order, oid).status.value != "paused"


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_reload_while_the_server_is_down_shows_the_banner_not_an_error_box(qtbot, console, pg_server,
                                                                             monkeypatch):
    w, st, ids = console
    told: list[str] = []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: told.append(text)))
    pg_server.stop()
    w.reload_orders()  # F5
    qtbot.waitUntil(lambda: w.watch.down, timeout=10_000)
    assert w.db_banner.isVisible() and w.queue_model.rowCount() == 2  # what was on screen stays
    assert w.queue.selected_order_id() == ids["open_nc"][1]
    w.queue.select_order(ids["open_nc"][0])  # the pane's read meets the stopped server
    qtbot.waitUntil(lambda: "cannot be reached" in w.pane.title.text(), timeout=10_000)
    pg_server.start()
    qtbot.waitUntil(lambda: not w.watch.down, timeout=20_000)
    qtbot.waitUntil(lambda: w.pane.detail is not None and w.pane.detail.number == "NC-0001", timeout=5_000)
    assert told == []


# ---- the watch's rules, with a stand-in store ------------------------------------------------------
class FlakyStore:
    def __init__(self):
        self.up = True
        self.pings = 0

    def ping(self):
        self.pings += 1
        if not self.up:
            raise StoreUnavailable("the database x cannot be reached (connection refused): nothing was saved")


def test_watch_retries_with_growing_pauses_and_replays_waiting_writes_in_order(qtbot):
    store = FlakyStore()
    watch = ConnectionWatch(store, backoff_s=(0.05, 0.1, 0.2))
    store.up = False
    done: list[str] = []
    calls = {"n": 0}

    def flaky_write(name):
        def fn():
            calls["n"] += 1
            if not store.up:
                raise StoreUnavailable("gone")
            return name
        return fn

    for name in ("first", "second"):  # as a view does: try now, keep it when the database is gone
        fn = flaky_write(name)
        try:
            fn()
        except StoreUnavailable as exc:
            assert keep_waiting(name, fn, done.append, lambda e: done.append(f"error {e}"), exc)
    assert watch.down and [w.label for w in watch.waiting] == ["first", "second"]
    qtbot.waitUntil(lambda: watch.attempts >= 3, timeout=5_000)
    qtbot.waitUntil(lambda: watch.seconds_to_next_try() is not None, timeout=5_000)  # the banner's countdown
    store.up = True
    qtbot.waitUntil(lambda: done == ["first", "second"], timeout=5_000)
    assert not watch.down and not watch.waiting
    watch.close()


def test_a_write_that_reached_the_server_before_the_line_broke_is_not_applied_twice(qtbot):
    """R-ACC: the replay of an order action carries the version it was taken on; if the first try
    was committed after all, the replay is refused as changed and reported as not done."""
    store = FlakyStore()
    watch = ConnectionWatch(store, backoff_s=(0.05,))
    outcomes: list[tuple[bool, str]] = []
    watch.sig_outcome.connect(lambda _l, ok, msg: outcomes.append((ok, msg)))

    def replay():
        raise ConcurrentEditError("order NC-0001 was changed by 王芳 at 13:00: nothing was saved", changed_by="王芳")

    store.up = False
    watch.defer("First response on order NC-0001", replay, lambda r: None, lambda e: None, unsure=True)
    store.up = True
    qtbot.waitUntil(lambda: len(outcomes) == 1, timeout=5_000)
    ok, msg = outcomes[0]
    assert not ok and msg.startswith("Not done: First response on order NC-0001")
    assert "may have been saved" in msg
    watch.close()


def test_an_outage_of_another_database_is_not_this_consoles(qtbot):
    """A window closed a moment ago (its database gone with it) may still have a read finishing: its
    failure names that database and the open console's banner stays down; its own database's does not."""
    from console.views.kit import connection

    store = FlakyStore()
    store.url = "postgresql+psycopg://dispatch@db/branch"
    watch = ConnectionWatch(store, backoff_s=(5,))
    other = StoreUnavailable("the database old cannot be reached", url="postgresql+psycopg://dispatch@db/closed")
    assert not connection.notice(other) and not connection._observe(other)
    assert not watch.down
    assert not keep_waiting("First response on order NC-0001", lambda: None, print, print, other)
    assert not watch.waiting
    mine = StoreUnavailable("the database branch cannot be reached", url=store.url)
    assert connection.notice(mine) and watch.down
    watch.close()


def test_lost_twice_is_one_outage(qtbot):
    store = FlakyStore()
    watch = ConnectionWatch(store, backoff_s=(5,))
    lost: list[str] = []
    watch.sig_lost.connect(lost.append)
    watch.lost("a")
    since = watch.since
    watch.lost("b")
    assert lost == ["a"] and watch.since == since and watch.reason == "b"
    watch.close()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_assign_dialog_keeps_the_choice_while_the_server_is_down(qtbot, console, pg_server):
    from console.views.orders.assign_dialog import AssignDialog

    w, st, ids = console
    oid = ids["open_nc"][0]
    dlg = AssignDialog(st, oid, actor_id=ids["dispatcher"], now_fn=lambda: NOW, parent=w)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.is_ready, timeout=10_000)
    dlg.table.selectRow(1)
    dlg.reason.setText("李强请假")
    chosen = dlg.chosen_id()
    pg_server.stop()
    dlg.accept()
    qtbot.waitUntil(lambda: "Not assigned" in dlg.message.text(), timeout=10_000)
    assert dlg.isVisible() and dlg.result() == 0  # not accepted: still open
    assert dlg.reason.text() == "李强请假"
    assert "Not assigned" in dlg.message.text() and "kept" in dlg.message.text()
    assert dlg.chosen_id() == chosen and w.watch.down  # the banner shows the outage
    pg_server.start()
    qtbot.waitUntil(lambda: not w.watch.down, timeout=20_000)
    with qtbot.waitSignal(dlg.accepted, timeout=10_000):
        dlg.accept()
    with st.read() as s:
        assert s.get(Order, oid).assignee_id == chosen


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_callback_result_taken_while_the_server_is_down_is_saved_once_it_is_back(qtbot, console, pg_server,
                                                                                    monkeypatch):
    """R-VISIT-2: the agent reached the customer and typed the result while the server was down:
    it waits in the banner and is saved, once, when the server is back."""
    from console.models import Callback
    from console.services.orders import actions as act
    from console.views.callbacks.workbench import CallbackResultDialog

    w, st, ids = console
    assign_to(st, ids["open_nc"][0], ids["m1"])  # a maintainer completes only their own orders
    act.complete(st, ids["open_nc"][0], expected_version=1, actor_id=ids["m1"], resolution="换接头",
                 now=T0 + dt.timedelta(hours=1))
    wb = w.workspaces.callbacks
    with qtbot.waitSignal(wb.sig_loaded, timeout=10_000):
        wb.set_branch(ids["nc"])
    wb.table.selectRow(0)
    monkeypatch.setattr(CallbackResultDialog, "ask", classmethod(lambda cls, parent: (5, True, "师傅很耐心")))
    pg_server.stop()
    wb.btn_reached.click()
    qtbot.waitUntil(lambda: bool(w.watch.waiting), timeout=10_000)
    assert [x.label for x in w.watch.waiting] == ["Callback result on order NC-0001"]
    assert "waiting for the database" in wb.status.text()
    pg_server.start()
    qtbot.waitUntil(lambda: not w.watch.down and not w.watch.waiting, timeout=20_000)
    with st.read() as s:
        cb = s.scalars(select(Callback).where(Callback.order_id == ids["open_nc"][0])).one()
    assert (cb.status.value, cb.satisfaction, cb.comment, cb.attempts) == ("done", 5, "师傅很耐心", 1)
