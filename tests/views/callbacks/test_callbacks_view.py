"""The callback workbench as an agent uses it (R-VISIT-1..3): countdowns, calls, results,
follow-up orders, unreachable close; the coverage view and its chart."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from console.models import Callback, Order, OrderEvent
from console.rules.periods import CST
from console.rules.urgency import countdown_text
from console.services.callbacks import workbench as cbs
from console.services.orders import actions as act
from console.vocabulary import EventType
from console.store import open_store
from console.views.callbacks import workbench as cv
from console.views.callbacks.coverage import CoverageView
from console.views.callbacks.workbench import (
    COLUMNS,
    CallbackResultDialog,
    CallbackWorkbench,
)
from console.views.kit import drafts, ops
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


def test_a_call_time_in_the_future_is_refused_before_anything_is_written(qtbot, setup, monkeypatch):
    """R-VISIT-1: an edited call time after "now" is said at once, in words, and nothing is written
    (it used to be refused by the service; the view now says it before the write)."""
    store, ids, w, clock = setup
    told = []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: told.append(text)))
    w.table.selectRow(0)
    w.call_time.setDateTime(cv.QDateTime(dt.datetime(2026, 11, 30, 9)))  # after "now"
    w.btn_no_answer.click()
    assert told == ["The call time 2026-11-30 09:00 is in the future. Set the time the call was made, or press "
                    "\u201cNow\u201d."]
    assert ops.pending() == 0 and cell(w, 0, "attempts") == "0"


def test_the_call_time_is_the_moment_of_saving_unless_it_was_edited(qtbot, setup):
    """The tab was opened long before the call: the call is recorded at the moment it is saved, not
    at the minute the tab was opened (that minute can be before a later completion)."""
    store, ids, w, clock = setup
    assert w.call_now.text() == "(now)" and not w.btn_now.isEnabled()
    opened = w.call_time.dateTime().toPython()
    clock.t = T0 + 71 * H + dt.timedelta(minutes=7, seconds=30)  # the call is made later
    w.table.selectRow(0)  # NC-0002
    with qtbot.waitSignal(w.sig_callback_changed, timeout=5000):
        w.btn_no_answer.click()
    with store.read() as s:
        e = s.scalars(select(OrderEvent).where(OrderEvent.order_id == ids["open_nc"][1],
                                               OrderEvent.type == EventType.CALLBACK_ATTEMPT)).one()
    assert e.at == clock.t and opened == dt.datetime(2026, 11, 23, 8, 0)  # T0 + 70 h, China time
    w._tick()
    assert w.call_time.dateTime().toPython() == dt.datetime(2026, 11, 23, 9, 7)  # shows now, to the minute
    # an edited time is the call's time; once saved, the call time is "now" again
    w.call_time.setDateTime(cv.QDateTime(dt.datetime(2026, 11, 23, 8, 30)))
    assert w.call_now.text() == "(as set)" and w.btn_now.isEnabled()
    with qtbot.waitSignal(w.sig_callback_changed, timeout=5000):
        w.btn_no_answer.click()
    with store.read() as s:
        ats = s.scalars(select(OrderEvent.at).where(OrderEvent.order_id == ids["open_nc"][1],
                                                    OrderEvent.type == EventType.CALLBACK_ATTEMPT)
                        .order_by(OrderEvent.id)).all()
    assert ats[-1] == dt.datetime(2026, 11, 23, 8, 30, tzinfo=CST)
    assert w.call_now.text() == "(now)" and not w.btn_now.isEnabled()


def test_a_call_time_before_completion_is_said_before_the_result_is_typed(qtbot, setup, monkeypatch):
    store, ids, w, clock = setup
    told, opened = [], []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: told.append(text)))
    monkeypatch.setattr(CallbackResultDialog, "ask", classmethod(lambda cls, parent: opened.append(1)))
    w.table.selectRow(1)  # NC-0001, completed T0 + 1 h = 2026-11-20 11:00
    w.call_time.setDateTime(cv.QDateTime(dt.datetime(2026, 11, 20, 10, 59)))
    w.btn_reached.click()
    assert told == ["The call time 2026-11-20 10:59 is before order NC-0001 was completed (2026-11-20 11:00). "
                    "Set a later time, or press \u201cNow\u201d."]
    assert opened == [] and ops.pending() == 0
    w.btn_now.click()
    assert w.call_now.text() == "(now)"


def _answer(monkeypatch, qtbot, fill, seen=None):
    """The real result dialog, filled in by `fill(dlg)` and OK'd (its exec is not run)."""
    def exec_(dlg):
        qtbot.addWidget(dlg)
        if seen is not None:
            seen.append(dlg.values())
        fill(dlg)
        dlg.accept()
        return dlg.result()
    monkeypatch.setattr(CallbackResultDialog, "exec", exec_)


def test_result_dialog_scale_is_labelled_and_not_reached_is_separate(qtbot):
    dlg = CallbackResultDialog()
    qtbot.addWidget(dlg)
    assert [dlg.scale[k].text() for k in (5, 4, 3, 2, 1)] == [
        "&1 Very satisfied", "&2 Satisfied", "&3 Neutral", "&4 Dissatisfied", "&5 Very dissatisfied"]
    assert dlg.score() is None  # nothing chosen for the person
    dlg.accept()
    assert dlg.result() != QDialog.DialogCode.Accepted and "Choose how satisfied" in dlg.problem.text()
    dlg.scale[3].setChecked(True)
    dlg.solved.setChecked(False)
    dlg.comment.setPlainText("  偶尔卡顿 ")
    assert dlg.values() == (3, False, "偶尔卡顿", True, "reached")
    dlg.not_reached.setChecked(True)
    assert dlg.values().outcome == "no_answer" and dlg.values().score is None and not dlg.solved.isEnabled()


def test_r_visit_3_a_dissatisfied_answer_or_a_problem_offers_the_follow_up_in_the_same_step(qtbot):
    dlg = CallbackResultDialog()
    qtbot.addWidget(dlg)
    dlg.scale[4].setChecked(True)
    assert not dlg.offered and dlg.values().follow_up is None
    dlg.scale[2].setChecked(True)  # dissatisfied, solved: offered, ticked, may be unticked
    assert dlg.offered and dlg.follow_up.isChecked() and dlg.follow_up.isEnabled()
    dlg.follow_up.click()
    assert dlg.values().follow_up is None
    dlg.solved.setChecked(False)  # a problem found: the follow-up order is opened, always
    assert dlg.follow_up.isChecked() and not dlg.follow_up.isEnabled() and dlg.values().follow_up is True
    dlg.accept()  # the follow-up order needs the problem: the dialog stays open saying so
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.problem.text() == "Write the problem the customer still has: the follow-up order needs it (R-VISIT-3)."


def test_a_dissatisfied_customer_gets_a_linked_follow_up_order_from_the_dialog(qtbot, setup, monkeypatch):
    store, ids, w, clock = setup
    w.table.selectRow(1)  # NC-0001

    def fill(dlg):
        dlg.scale[1].setChecked(True)  # very dissatisfied, though solved
        dlg.comment.setPlainText("师傅迟到两小时")
    _answer(monkeypatch, qtbot, fill)
    with qtbot.waitSignal(w.sig_follow_up_created, timeout=5000) as got:
        w.btn_reached.click()
    with store.read() as s:
        follow = s.get(Order, got.args[0])
        cb = s.scalar(select(Callback).where(Callback.order_id == ids["open_nc"][0]))
    assert follow.parent_order_id == ids["open_nc"][0] and "师傅迟到两小时" in follow.description
    assert (cb.satisfaction, cb.solved, cb.follow_up_order_id) == (1, True, follow.id)


def test_a_result_whose_save_fails_is_kept_and_the_dialog_reopens_filled_in(qtbot, setup, monkeypatch):
    """Nothing typed is lost: another console logged a call meanwhile (the version is stale); the
    refusal says so and that the text is kept; the next "Reached…" opens with score, solved,
    follow-up and comment as they were."""
    store, ids, w, clock = setup
    told = []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: told.append(text)))
    w.table.selectRow(1)
    row = w.selected()
    cbs.log_attempt(store, row.id, outcome="no_answer", actor_id=ids["m1"], now=T0 + 69 * H)  # elsewhere

    def fill(dlg):
        dlg.scale[2].setChecked(True)
        dlg.solved.setChecked(False)
        dlg.comment.setPlainText("晚上仍然花屏")
    _answer(monkeypatch, qtbot, fill)
    with qtbot.waitSignal(w.sig_loaded, timeout=5000):
        w.btn_reached.click()
    assert len(told) == 1 and told[0].endswith(drafts.kept_line())
    with store.read() as s:
        assert s.scalar(select(Callback.status).where(Callback.order_id == ids["open_nc"][0])).value == "open"
    w.table.selectRow(w.model.row_of(row.id))
    seen = []
    _answer(monkeypatch, qtbot, lambda dlg: None, seen)
    with qtbot.waitSignal(w.sig_follow_up_created, timeout=5000):
        w.btn_reached.click()  # as it was: saved this time
    assert seen == [(2, False, "晚上仍然花屏", True, "reached")]
    assert w.kept_result(row) is None  # saved: nothing is kept any more


def test_not_reached_in_the_dialog_logs_a_call_and_keeps_the_comment(qtbot, setup, monkeypatch):
    store, ids, w, clock = setup
    w.table.selectRow(1)
    row = w.selected()

    def fill(dlg):
        dlg.not_reached.setChecked(True)
        dlg.comment.setPlainText("家属说晚上再打")
    _answer(monkeypatch, qtbot, fill)
    with qtbot.waitSignal(w.sig_callback_changed, timeout=5000):
        w.btn_reached.click()
    assert cell(w, w.model.row_of(row.id), "attempts") == "1"
    assert w.kept_result(row).comment == "家属说晚上再打"


def test_an_unreachable_reason_whose_save_fails_is_offered_again(qtbot, setup, monkeypatch):
    store, ids, w, clock = setup
    told, asked = [], []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: told.append(text)))
    w.table.selectRow(1)
    row = w.selected()
    monkeypatch.setattr(w.btn_unreachable, "isEnabled", lambda: True)

    def ask(cls, parent, title, label, *, default="", draft=None):
        asked.append(drafts.recall(draft, default))
        return "三个时段均无人接听"
    monkeypatch.setattr(Ask, "text", classmethod(ask))
    w._unreachable()  # refused: no failed calls yet
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    assert "still to try" in told[0]
    w._unreachable()
    assert asked == ["", "三个时段均无人接听"]  # the reason typed is there again
    qtbot.waitUntil(lambda: len(told) == 2, timeout=5000)
    assert row.id in [r.id for r in w.model.all_rows()]


def test_search_by_order_number_phone_or_customer_with_its_key(qtbot, setup):
    store, ids, w, clock = setup
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.table.setFocus()
    qtbot.waitUntil(w.table.hasFocus)
    qtbot.keyClick(w.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert w.search.hasFocus()
    qtbot.keyClicks(w.search, "0001")
    assert [cell(w, r, "number") for r in range(w.model.rowCount())] == ["NC-0001"]
    assert w.status.text() == "2 callbacks owed, 0 overdue; 1 found for \u201c0001\u201d"
    assert w.selected().number == "NC-0001"
    w.search.setText("李四")
    assert [cell(w, r, "number") for r in range(w.model.rowCount())] == [
        r.number for r in w.model.all_rows() if r.customer == "李四"]
    phone = w.model.all_rows()[0].phone
    w.search.setText(phone[-4:])
    assert w.model.rowCount() >= 1 and all(phone[-4:] in r.phone for r in map(w.model.row_at, range(w.model.rowCount())))
    qtbot.keyClick(w.search, Qt.Key.Key_Escape)
    assert w.search.text() == "" and w.model.rowCount() == 2
    w.search.setText("没有这个")
    assert w.model.rowCount() == 0 and w.selected() is None and not w.btn_reached.isEnabled()


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
