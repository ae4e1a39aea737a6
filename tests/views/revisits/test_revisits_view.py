"""Major clients view (R-VISIT-5) as a supervisor uses it: the plan editor, pause with a reason,
record a visit, overdue in red, the 8-week calendar."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from console.models import AuditLog, District
from console.rules.periods import CST
from console.services.revisits import plans as rv
from console.store import open_store
from console.views.kit import drafts, ops
from console.views.kit.ask import Ask
from console.views.revisits.plans import COLUMNS, PlanEditor, RevisitsView
from tests.factories import make_customer, small_branch

NOW = dt.datetime(2026, 11, 25, 10, tzinfo=CST)  # a Wednesday


@pytest.fixture
def setup(qtbot, tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'rv.sqlite3'}")
    ids = small_branch(store)
    with store.write() as s:
        d = s.scalar(select(District).where(District.branch_id == ids["nc"]))
        for acc, name, cat in (("M1", "第一人民医院", "hospital"), ("M2", "八一中学", "school")):
            c = make_customer(s, d, acc, name)
            c.is_major, c.major_category = True, cat
            ids[acc] = c.id
    # revisit plans are made by dispatchers (console.services.access.permissions), not maintainers;
    # a test switches to the maintainer (ids["user"] = ids["m1"]) to record a visit
    ids["user"] = ids["dispatcher"]
    w = RevisitsView(store, user_id_fn=lambda: ids["user"], now_fn=lambda: NOW)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.set_branch(ids["nc"])
    yield store, ids, w
    store.dispose()


def cell(w, row, col):
    return w.model.data(w.model.index(row, COLUMNS.index(col)))


def test_plan_editor_creates_a_monthly_plan_on_the_31st(qtbot, setup, monkeypatch):
    store, ids, w = setup

    def fill(cls, parent, customers, owners, plan=None, today=None, kept=None):
        dlg = PlanEditor(customers, owners, plan, today, parent)
        qtbot.addWidget(dlg)
        assert sorted(customers.values()) == sorted(["第一人民医院 (hospital)", "八一中学 (school)"])
        dlg.customer.setCurrentIndex(dlg.customer.findData(ids["M1"]))
        dlg.owner.setCurrentIndex(dlg.owner.findData(ids["m2"]))
        dlg.recurrence.setCurrentIndex(dlg.recurrence.findData("monthly"))
        assert not dlg.weeks.isEnabled() and not dlg.dates.isEnabled()
        dlg.start.setDate(QDate(2026, 10, 31))
        return dlg.values()
    monkeypatch.setattr(PlanEditor, "ask", classmethod(fill))
    with qtbot.waitSignal(w.sig_plans_changed, timeout=5000):
        w.btn_new.click()
    assert w.model.rowCount() == 1
    assert cell(w, 0, "customer") == "第一人民医院" and cell(w, 0, "owner") == "刘洋 (NC102)"
    assert cell(w, 0, "recurrence") == "monthly, day 31"
    assert cell(w, 0, "next_due") == "2026-10-31 (overdue 25 day(s))"  # started in the past, never visited
    assert w.model.data(w.model.index(0, COLUMNS.index("next_due")), Qt.ItemDataRole.ForegroundRole) is not None
    assert w.status.text() == "1 plans, 1 overdue visits"
    assert [o.customer for o in rv.overdue_visits(store, ids["nc"], NOW.date())] == ["第一人民医院"]


def test_plan_model_passes_qt_model_tester(qtbot, qtmodeltester, setup):
    store, ids, w = setup
    rv.create_plan(store, branch_id=ids["nc"], customer_id=ids["M2"], owner_id=ids["m1"], recurrence="weeks",
                   interval_weeks=2, start_date=dt.date(2026, 11, 30), actor_id=ids["dispatcher"])
    with qtbot.waitSignal(w.sig_loaded, timeout=5000):
        w.refresh()
    qtmodeltester.check(w.model)


def test_custom_dates_editor_and_a_refused_plan_tells_why(qtbot, setup, monkeypatch):
    store, ids, w = setup
    told = []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, p, t, text: told.append(text)))

    def fill(cls, parent, customers, owners, plan=None, today=None, kept=None):
        dlg = PlanEditor(customers, owners, plan, today, parent)
        qtbot.addWidget(dlg)
        dlg.recurrence.setCurrentIndex(dlg.recurrence.findData("custom"))
        assert dlg.dates.isEnabled()
        dlg.dates.setText("2026-12-24，2026-13-01")
        return dlg.values()
    monkeypatch.setattr(PlanEditor, "ask", classmethod(fill))
    w.btn_new.click()
    qtbot.waitUntil(lambda: len(told) == 1, timeout=5000)  # refused off the GUI thread
    assert "not a date" in told[0]
    assert w.model.rowCount() == 0


def test_pause_with_reason_then_visit_after_resume_and_calendar(qtbot, setup, monkeypatch):
    store, ids, w = setup
    rv.create_plan(store, branch_id=ids["nc"], customer_id=ids["M1"], owner_id=ids["m1"], recurrence="weeks",
                   interval_weeks=2, start_date=dt.date(2026, 11, 16), actor_id=ids["dispatcher"])
    with qtbot.waitSignal(w.sig_loaded, timeout=5000):
        w.refresh()
    cal = w.calendar
    assert cal.rowCount() == 1 and cal.verticalHeaderItem(0).text() == "李强 (NC101)"
    assert cal.horizontalHeaderItem(0).text() == "Week of 11-23"
    assert cal.cell_text(0, 0) == "11-16 第一人民医院 (overdue)"  # owed since 11-16: its planned date (R-VISIT-5)
    assert cal.cell_text(0, 1) == "11-30 第一人民医院"
    monkeypatch.setattr(Ask, "text", classmethod(lambda cls, *a, **k: "大楼装修"))
    w.table.selectRow(0)
    with qtbot.waitSignal(w.sig_plans_changed, timeout=5000):
        w.btn_pause.click()
    assert cell(w, 0, "status") == "paused: 大楼装修" and cell(w, 0, "next_due") == "—"
    assert w.btn_resume.isEnabled() and not w.btn_visit.isEnabled() and cal.rowCount() == 0
    with qtbot.waitSignal(w.sig_plans_changed, timeout=5000):
        w.btn_resume.click()
    assert cell(w, 0, "next_due") == "2026-11-30"
    monkeypatch.setattr(Ask, "text", classmethod(lambda cls, *a, **k: "设备运行正常"))
    ids["user"] = ids["m1"]  # the plan's owner, a maintainer, records the visit
    with qtbot.waitSignal(w.sig_plans_changed, timeout=5000):
        w.btn_visit.click()
    assert cell(w, 0, "next_due") == "2026-12-14"
    assert cell(w, 0, "findings") == "设备运行正常" and cell(w, 0, "last_visit").startswith("2026-11-25 · 李强")
    with store.read() as s:
        actions = s.scalars(select(AuditLog.action).where(AuditLog.entity == "revisit_plan")).all()
    assert actions == ["revisit_plan.created", "revisit_plan.paused", "revisit_plan.resumed", "revisit_plan.visited"]


def test_a_load_that_read_before_a_write_landed_never_reaches_the_screen(qtbot, setup, monkeypatch):
    """Only the latest reaches the screen: a reload that read the plans before a pause was saved
    finishes after it, and is dropped (the pause stays on screen)."""
    store, ids, w = setup
    rv.create_plan(store, branch_id=ids["nc"], customer_id=ids["M1"], owner_id=ids["m1"], recurrence="weeks",
                   interval_weeks=2, start_date=dt.date(2026, 11, 16), actor_id=ids["dispatcher"])
    with qtbot.waitSignal(w.sig_loaded, timeout=5000):
        w.refresh()
    real, gate, first = rv.plans, threading.Event(), [True]

    def plans(store_, branch_id, *rest):
        rows = real(store_, branch_id, *rest)
        if first.pop() if first else False:
            gate.wait(10)  # this read is done; it is delivered only once the gate opens
        return rows

    monkeypatch.setattr(rv, "plans", plans)
    try:
        w.refresh()  # reads the plan as active, then waits
        qtbot.waitUntil(lambda: not first, timeout=5000)
        monkeypatch.setattr(Ask, "text", classmethod(lambda cls, *a, **k: "大楼装修"))
        w.table.selectRow(0)
        with qtbot.waitSignal(w.sig_plans_changed, timeout=5000):
            w.btn_pause.click()
        assert cell(w, 0, "status") == "paused: 大楼装修"
    finally:
        gate.set()
    qtbot.waitUntil(lambda: ops.pending() == 0, timeout=5000)
    assert cell(w, 0, "status") == "paused: 大楼装修"


def test_r_visit_5_missed_months_stay_overdue_and_a_late_visit_clears_its_own_month(qtbot, setup, monkeypatch):
    """Three monthly visits missed (Aug, Sep, Oct 25): the view lists each; a late visit recorded
    for September clears September only; August and October stay overdue."""
    store, ids, w = setup
    rv.create_plan(store, branch_id=ids["nc"], customer_id=ids["M1"], owner_id=ids["m1"], recurrence="monthly",
                   start_date=dt.date(2026, 8, 25), actor_id=ids["dispatcher"], now=NOW)
    with qtbot.waitSignal(w.sig_loaded, timeout=5000) as got:
        w.refresh()
    assert got.args == [3]
    assert cell(w, 0, "overdue") == "3 overdue: 2026-08-25, 2026-09-25, 2026-10-25"
    assert w.status.text() == "1 plans, 3 overdue visits"
    assert [w.calendar.cell_text(0, 0)] == ["08-25 第一人民医院 (overdue)\n09-25 第一人民医院 (overdue)\n"
                                            "10-25 第一人民医院 (overdue)\n11-25 第一人民医院"]
    offered = []

    def which(cls, parent, title, label, items):
        offered.append((label, items))
        return items[1]
    monkeypatch.setattr(Ask, "item", classmethod(which))
    monkeypatch.setattr(Ask, "text", classmethod(lambda cls, *a, **k: "九月的走访，补记"))
    ids["user"] = ids["m1"]
    w.table.selectRow(0)
    with qtbot.waitSignal(w.sig_plans_changed, timeout=5000):
        w.btn_visit.click()
    assert offered == [("第一人民医院 has 3 overdue visit(s). Which planned visit was made?",
                        ["2026-08-25 (overdue 92 day(s))", "2026-09-25 (overdue 61 day(s))",
                         "2026-10-25 (overdue 31 day(s))", "2026-11-25 (next)"])]
    assert cell(w, 0, "overdue") == "2 overdue: 2026-08-25, 2026-10-25"
    assert cell(w, 0, "next_due") == "2026-08-25 (overdue 92 day(s))"
    assert w.status.text() == "1 plans, 2 overdue visits"
    assert [o.due for o in rv.overdue_visits(store, ids["nc"], NOW.date())] == [dt.date(2026, 8, 25),
                                                                               dt.date(2026, 10, 25)]


def test_visit_findings_whose_save_fails_are_offered_again(qtbot, setup, monkeypatch):
    store, ids, w = setup
    pid = rv.create_plan(store, branch_id=ids["nc"], customer_id=ids["M1"], owner_id=ids["m1"], recurrence="weeks",
                         interval_weeks=2, start_date=dt.date(2026, 11, 16), actor_id=ids["dispatcher"])
    with qtbot.waitSignal(w.sig_loaded, timeout=5000):
        w.refresh()
    rv.pause_plan(store, pid, reason="客户装修", actor_id=ids["dispatcher"])  # elsewhere, not yet on screen
    told, asked = [], []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, p, t, text: told.append(text)))

    def ask(cls, parent, title, label, *, default="", draft=None):
        asked.append(drafts.recall(draft, default))
        return "机房设备正常"
    monkeypatch.setattr(Ask, "text", classmethod(ask))
    ids["user"] = ids["m1"]
    w.table.selectRow(0)
    w.btn_visit.click()
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    assert "no visit due" in told[0]
    w.record_visit()
    assert asked == ["", "机房设备正常"]  # what was written is there again
    qtbot.waitUntil(lambda: len(told) == 2, timeout=5000)  # refused again: still kept


def test_a_pause_reason_whose_save_fails_is_offered_again(qtbot, setup, monkeypatch):
    store, ids, w = setup
    pid = rv.create_plan(store, branch_id=ids["nc"], customer_id=ids["M1"], owner_id=ids["m1"], recurrence="weeks",
                         interval_weeks=2, start_date=dt.date(2026, 11, 16), actor_id=ids["dispatcher"])
    with qtbot.waitSignal(w.sig_loaded, timeout=5000):
        w.refresh()
    rv.pause_plan(store, pid, reason="另一台控制台", actor_id=ids["dispatcher"])  # elsewhere, not yet on screen
    told, asked = [], []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, p, t, text: told.append(text)))

    def ask(cls, parent, title, label, *, default="", draft=None):
        asked.append(drafts.recall(draft, default))
        return "大楼装修"
    monkeypatch.setattr(Ask, "text", classmethod(ask))
    w.table.selectRow(0)
    w.btn_pause.click()
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    assert "only an active plan can be paused" in told[0]
    w.pause_plan()
    assert asked == ["", "大楼装修"]
    qtbot.waitUntil(lambda: len(told) == 2, timeout=5000)  # refused again: still kept


def test_a_refused_plan_opens_again_as_it_was_entered(qtbot, setup, monkeypatch):
    store, ids, w = setup
    told, shown = [], []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, p, t, text: told.append(text)))

    def fill(cls, parent, customers, owners, plan=None, today=None, kept=None):
        dlg = PlanEditor(customers, owners, plan, today, parent, kept)
        qtbot.addWidget(dlg)
        shown.append((dlg.recurrence.currentData(), dlg.dates.text(), dlg.owner.currentData()))
        if kept is None:
            dlg.owner.setCurrentIndex(dlg.owner.findData(ids["m2"]))
            dlg.recurrence.setCurrentIndex(dlg.recurrence.findData("custom"))
            dlg.dates.setText("2026-12-24，2026-13-01")
        return dlg.values()
    monkeypatch.setattr(PlanEditor, "ask", classmethod(fill))
    w.btn_new.click()
    qtbot.waitUntil(lambda: len(told) == 1, timeout=5000)
    w.btn_new.click()
    qtbot.waitUntil(lambda: len(told) == 2, timeout=5000)
    assert shown[1] == ("custom", "2026-12-24, 2026-13-01", ids["m2"])  # nothing entered is lost


def test_an_end_reason_whose_save_fails_is_offered_again(qtbot, setup, monkeypatch):
    store, ids, w = setup
    pid = rv.create_plan(store, branch_id=ids["nc"], customer_id=ids["M1"], owner_id=ids["m1"], recurrence="weeks",
                         interval_weeks=2, start_date=dt.date(2026, 11, 16), actor_id=ids["dispatcher"])
    with qtbot.waitSignal(w.sig_loaded, timeout=5000):
        w.refresh()
    rv.end_plan(store, pid, reason="另一台控制台", actor_id=ids["dispatcher"])  # elsewhere, not yet on screen
    told, asked = [], []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, p, t, text: told.append(text)))

    def ask(cls, parent, title, label, *, default="", draft=None):
        asked.append(drafts.recall(draft, default))
        return "合同到期"
    monkeypatch.setattr(Ask, "text", classmethod(ask))
    w.table.selectRow(0)
    w.btn_end.click()
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    assert "has ended" in told[0]
    w.end_plan()
    assert asked == ["", "合同到期"]
    qtbot.waitUntil(lambda: len(told) == 2, timeout=5000)  # refused again: still kept
