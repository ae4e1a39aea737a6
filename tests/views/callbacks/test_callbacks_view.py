"""The callback workbench as an agent uses it (R-VISIT-1..3): countdowns, calls, results,
follow-up orders, unreachable close; the coverage view and its chart."""

from __future__ import annotations

import datetime as dt

import pytest

from console.models import Order
from console.rules.periods import CST
from console.rules.urgency import countdown_text
from console.services.orders import actions as act
from console.store import open_store
from console.views.callbacks import workbench as cv
from console.views.callbacks.coverage import CoverageView
from console.views.callbacks.workbench import (
    COLUMNS,
    CallbackResultDialog,
    CallbackWorkbench,
)
from console.views.kit.ask import Ask
from console.views.kit.ops import hub
from tests.assigned import assign_to
from tests.factories import T0, small_branch

H = dt.timedelta(hours=1)


class Clock:
    def __init__(self, t):
        self.t = t

    def __call__(self):
        return self.t


@pytest.fixture
def setup(qtbot, tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'cb.sqlite3'}")
    ids = small_branch(store)
    for oid in ids["open_nc"]:  # the maintainer completes the orders assigned to them
        assign_to(store, oid, ids["m1"])
    act.complete(store, ids["open_nc"][0], expected_version=1, actor_id=ids["m1"], resolution="换接头", now=T0 + H)
    act.complete(store, ids["open_nc"][1], expected_version=1, actor_id=ids["m1"], resolution="已答复", now=T0)
    clock = Clock(T0 + 70 * H)
    w = CallbackWorkbench(store, user_id_fn=lambda: ids["dispatcher"], now_fn=clock)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000) as got:
        w.set_branch(ids["nc"])
    assert got.args == [2]
    yield store, ids, w, clock
    store.dispose()


def cell(w, row, col):
    return w.model.data(w.model.index(row, COLUMNS.index(col)))


def test_workbench_model_passes_qt_model_tester(qtmodeltester, setup):
    qtmodeltester.check(setup[2].model)


def test_oldest_risk_first_with_live_countdown(qtbot, setup):
    store, ids, w, clock = setup
    assert [cell(w, r, "number") for r in range(2)] == ["NC-0002", "NC-0001"]  # completed first, due first
    assert cell(w, 0, "time_left") == countdown_text(2 * H)
    assert cell(w, 0, "due") == "2026-11-23 10:00"
    clock.t = T0 + 73 * H
    w.model.tick()
    assert cell(w, 0, "time_left").startswith("overdue")
    assert "overdue" not in cell(w, 1, "time_left")
    assert w.status.text() == "2 callbacks owed, 0 overdue"


def test_no_answer_at_three_times_of_day_unlocks_unreachable_close(qtbot, setup, monkeypatch):
    store, ids, w, clock = setup
    w.table.selectRow(1)  # NC-0001
    assert not w.btn_unreachable.isEnabled()
    for day, hour in ((21, 9), (21, 15), (21, 19)):
        when = dt.datetime(2026, 11, day, hour, tzinfo=CST)
        clock.t = when
        w.call_time.setDateTime(cv.QDateTime(when.replace(tzinfo=None)))
        with qtbot.waitSignal(w.sig_callback_changed, timeout=5000) as got:
            w.btn_no_answer.click()
        assert got.args == [ids["open_nc"][0]]
    row = w.model.row_of(w.selected_id())
    assert cell(w, row, "attempts") == "3" and cell(w, row, "tried") == "morning, afternoon, evening"
    assert w.btn_unreachable.isEnabled()
    monkeypatch.setattr(Ask, "text", classmethod(lambda cls, *a, **k: "三个时段均无人接听"))
    w.btn_unreachable.click()
    qtbot.waitUntil(lambda: w.model.rowCount() == 1, timeout=5000)
    assert cell(w, 0, "number") == "NC-0002"


def test_reached_not_solved_opens_a_follow_up_order(qtbot, setup, monkeypatch):
    store, ids, w, clock = setup
    w.table.selectRow(0)  # NC-0002, the complaint
    monkeypatch.setattr(CallbackResultDialog, "ask", classmethod(lambda cls, parent: (2, False, "仍未解决")))
    announced = []

    def heard(changes):
        announced.append(changes)

    hub().sig_orders_changed.connect(heard)
    try:
        with qtbot.waitSignal(w.sig_follow_up_created, timeout=5000) as got:
            w.btn_reached.click()
    finally:
        hub().sig_orders_changed.disconnect(heard)
    # every view hears of both orders the write changed: the original and its follow-up (R-VISIT-3)
    assert [(c.order_ids, c.source) for c in announced] == [((ids["open_nc"][1], got.args[0]), w)]
    with store.read() as s:
        follow = s.get(Order, got.args[0])
    assert follow.parent_order_id == ids["open_nc"][1] and follow.kind.value == "complaint"
    assert "Follow-up order" in w.status.text() and follow.number in w.status.text()
    assert w.model.rowCount() == 1


def test_a_refusal_is_shown_in_words_and_nothing_changes(qtbot, setup, monkeypatch):
    store, ids, w, clock = setup
    told = []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: told.append(text)))
    w.table.selectRow(0)
    w.call_time.setDateTime(cv.QDateTime(dt.datetime(2026, 11, 30, 9)))  # after "now"
    with qtbot.waitSignal(w.sig_loaded, timeout=5000):  # refused off the GUI thread, then read again
        w.btn_no_answer.click()
    assert told and "future" in told[0]
    assert cell(w, 0, "attempts") == "0"


def test_result_dialog_collects_score_solved_comment(qtbot):
    dlg = CallbackResultDialog()
    qtbot.addWidget(dlg)
    dlg.score.setValue(3)
    dlg.solved.setChecked(False)
    dlg.comment.setPlainText("  偶尔卡顿 ")
    assert dlg.values() == (3, False, "偶尔卡顿")


def test_coverage_view_shows_branch_and_district_rows_and_the_weekly_chart(qtbot, setup):
    store, ids, w, clock = setup
    view = CoverageView(store, now_fn=lambda: T0 + 100 * H)
    qtbot.addWidget(view)
    view.start.setDate(cv.QDateTime(dt.datetime(2026, 11, 1)).date())
    with qtbot.waitSignal(view.sig_loaded, timeout=10_000) as got:
        view.set_branch(ids["nc"])
    rep = got.args[0]
    assert view.table.item(0, 1).text() == "(all districts)" and view.table.item(0, 5).text() == "2"  # missing
    assert view.table.item(0, 8).text() == "0.0 %"
    assert "coverage 0.0 % of the 100 % target; 2 missing" in view.summary.text()
    assert [w.isoformat() for w, _ in rep.weeks][:2] == ["2026-10-26", "2026-11-02"]  # Nov 1 is a Sunday
    assert len(rep.weeks) == 5 and len(view.chart.plotItem.items) >= 2  # bars + the 100 % target line
