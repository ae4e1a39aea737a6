"""Consoles in step beyond the queue: a revisit visit, a notice, a finding or a callback recorded at
one console shows in another console's open view within 3 s, its selection kept — on SQLite and on
PostgreSQL. The other console is the service called straight on the database (no hub signal of
this process reaches the window), as in test_live.py."""

from __future__ import annotations

import datetime as dt
import threading
import time

from sqlalchemy import select

from console.models import District, Order
from console.rules.periods import UTC
from console.services.access import auth
from console.services.callbacks import workbench as cbs
from console.services.notices import advance as nt
from console.services.orders import actions as act
from console.services.revisits import plans as rv
from console.services.supervision import inspections as insp
from console.views.kit.settings import Settings
from console.views.shell.main_window import MainWindow
from console.vocabulary import Role
from tests.factories import T0, add_person, make_customer, small_branch

LIVE_S = 3.0  # the room's promise: every console in step within 3 seconds
NOW = dt.datetime.now(UTC)


def _records(ids: dict, store) -> None:
    """What the views show before the other console acts: two callbacks owed, two revisit plans,
    a notice draft, an inspection with a finding."""
    for oid in ids["open_nc"]:
        with store.read() as s:
            v = s.get(Order, oid).version
        act.complete(store, oid, expected_version=v, actor_id=ids["dispatcher"], resolution="换接头", now=T0)
    with store.write() as s:
        d = s.scalar(select(District).where(District.branch_id == ids["nc"]))
        for acc, name in (("M1", "第一人民医院"), ("M2", "八一中学")):
            c = make_customer(s, d, acc, name)
            c.is_major, c.major_category = True, "hospital"
            ids[acc] = c.id
    ids["plans"] = [rv.create_plan(store, branch_id=ids["nc"], customer_id=ids[acc], owner_id=ids["m1"],
                                   recurrence="monthly", start_date=NOW.date() - dt.timedelta(days=3),
                                   actor_id=ids["dispatcher"], now=NOW) for acc in ("M1", "M2")]
    ids["notice"] = _draft(store, ids, "线路检修")
    ids["inspector"] = add_person(store, Role.INSPECTOR, None, "GD0901", "孙督")
    ids["inspection"] = insp.record_inspection(
        store, branch_id=ids["nc"], day=NOW.date(), inspectors="孙督", scope="营业厅", actor_id=ids["inspector"],
        findings=[_finding("R-DISC-1")], now=NOW)


def _draft(store, ids, title: str, branch: str = "nc", actor_id: int | None = None) -> int:
    start = NOW + dt.timedelta(days=3)
    with store.read() as s:
        district = s.scalar(select(District.id).where(District.branch_id == ids[branch]))
    return nt.create_draft(store, branch_id=ids[branch], kind="maintenance", title=title, text="八一社区停电检修",
                           starts_at=start, ends_at=start + dt.timedelta(hours=3), district_ids=[district],
                           actor_id=actor_id or ids["dispatcher"], now=NOW)


def _finding(rule_id: str) -> insp.FindingInput:
    return insp.FindingInput(rule_id, "公示栏缺服务承诺", "minor", "营业厅", NOW.date() + dt.timedelta(days=7))


def _console(qtbot, store, tmp_path, ids, dock_name: str):
    """Console B: the branch's dispatcher with the workspace `dock_name` raised and loaded."""
    w = MainWindow(store, principal=auth.principal(store, ids["dispatcher"]),
                   settings=Settings(str(tmp_path / "console.ini")), branch_id=ids["nc"])
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.show()
        w.reload_orders()
    dock = next(d for d in w.workspaces.docks if d.objectName() == dock_name)
    view = w.workspaces._views[dock]
    if dock.visibleRegion().isEmpty():
        with qtbot.waitSignal(view.sig_loaded, timeout=10_000):
            dock.raise_()
    qtbot.waitUntil(lambda: not view.visibleRegion().isEmpty(), timeout=5_000)
    return w, view


def _within(qtbot, what, since: float) -> None:
    qtbot.waitUntil(what, timeout=int(LIVE_S * 1000))
    assert time.monotonic() - since < LIVE_S


def test_a_revisit_visit_shows_in_the_other_consoles_plans(qtbot, store, tmp_path):
    ids = small_branch(store)
    _records(ids, store)
    w, view = _console(qtbot, store, tmp_path, ids, "MajorClientsDock")
    visited, kept = ids["plans"]
    view.table.selectRow(view.model.row_of(kept))
    started = time.monotonic()
    rv.record_visit(store, visited, visitor_id=ids["m1"], findings="机房设备正常", actor_id=ids["m1"])
    m = view.model
    _within(qtbot, lambda: m.row_at(m.row_of(visited)).last_visit_findings == "机房设备正常", started)
    assert view.selected_id() == kept  # the selection stayed
    assert view.follow.reads >= 1


def test_a_notice_drafted_shows_in_the_other_consoles_notices(qtbot, store, tmp_path):
    ids = small_branch(store)
    _records(ids, store)
    w, view = _console(qtbot, store, tmp_path, ids, "NoticesDock")
    view.table.selectRow(next(i for i, r in enumerate(view.rows) if r.id == ids["notice"]))
    started = time.monotonic()
    fresh = _draft(store, ids, "有线电视线路改造")
    _within(qtbot, lambda: any(r.id == fresh for r in view.rows), started)
    assert view.selected().id == ids["notice"]


def test_a_finding_recorded_shows_in_the_other_consoles_inspections(qtbot, store, tmp_path):
    ids = small_branch(store)
    _records(ids, store)
    w, view = _console(qtbot, store, tmp_path, ids, "InspectionsDock")
    (first,) = view.findings
    view.table.selectRow(view.model.row_of(first.id))
    started = time.monotonic()
    fresh = insp.add_finding(store, ids["inspection"], _finding("R-DISC-3"), actor_id=ids["inspector"], now=NOW)
    _within(qtbot, lambda: any(f.id == fresh for f in view.findings), started)
    assert view.selected_inspection().id == ids["inspection"] and view.selected_id() == first.id


def test_a_callback_recorded_shows_in_the_other_consoles_workbench(qtbot, store, tmp_path):
    ids = small_branch(store)
    _records(ids, store)
    w, view = _console(qtbot, store, tmp_path, ids, "CallbacksDock")
    called, kept = (view.model.row_at(i) for i in range(2))
    view.table.selectRow(view.model.row_of(kept.id))
    view.call_time.setDateTime(view.call_time.dateTime().addSecs(-3600))  # typed: it stays
    typed = view.call_time.dateTime()
    started = time.monotonic()
    cbs.log_attempt(store, called.id, outcome=cbs.NO_ANSWER, actor_id=ids["dispatcher"],
                    expected_version=called.order_version)
    m = view.model
    _within(qtbot, lambda: m.row_at(m.row_of(called.id)).attempts == called.attempts + 1, started)
    assert view.selected_id() == kept.id and view.call_time.dateTime() == typed


def test_an_edit_open_is_not_read_over_it_says_the_row_changed(qtbot, store, tmp_path, monkeypatch):
    """While a plan's visit is being written down, another console pauses that plan: what was typed
    stays, the plans are not read over it, and the view says the plan changed; once the edit is
    closed the view shows the plan as it is."""
    ids = small_branch(store)
    _records(ids, store)
    w, view = _console(qtbot, store, tmp_path, ids, "MajorClientsDock")
    plan = ids["plans"][0]
    view.table.selectRow(view.model.row_of(plan))
    typed = {}

    def ask_text(key, title, label, *, default=""):
        typed["shown"] = view.model.row_at(view.model.row_of(plan)).status
        other = threading.Thread(target=lambda: rv.pause_plan(store, plan, reason="客户装修",
                                                                actor_id=ids["dispatcher"]))
        other.start()  # the other console (not on this GUI thread)
        other.join(10)
        qtbot.waitUntil(lambda: view.follow.note.isVisible(), timeout=int(LIVE_S * 1000))
        typed["during"] = view.model.row_at(view.model.row_of(plan)).status
        return None  # cancelled

    monkeypatch.setattr(view, "ask_text", ask_text)
    view.record_visit()
    assert typed == {"shown": "active", "during": "active"}  # not read over the open edit
    assert "Another console" in view.follow.note.text() and "第一人民医院" in view.follow.note.text()
    m = view.model
    qtbot.waitUntil(lambda: m.row_at(m.row_of(plan)).status == "paused", timeout=int(LIVE_S * 1000))
    assert view.selected_id() == plan and view.follow.note.isVisible()


def test_a_hidden_view_reads_again_when_shown(qtbot, store, tmp_path):
    ids = small_branch(store)
    _records(ids, store)
    w, view = _console(qtbot, store, tmp_path, ids, "NoticesDock")
    plans_dock = next(d for d in w.workspaces.docks if d.objectName() == "MajorClientsDock")
    notices_dock = next(d for d in w.workspaces.docks if d.objectName() == "NoticesDock")
    plans_dock.raise_()
    qtbot.waitUntil(lambda: view.visibleRegion().isEmpty(), timeout=5_000)  # behind another tab
    reads = view.follow.reads
    fresh = _draft(store, ids, "有线电视线路改造")
    qtbot.wait(int(LIVE_S * 1000 / 2))
    assert view.follow.reads == reads and not any(r.id == fresh for r in view.rows)  # hidden: nothing read
    notices_dock.raise_()
    qtbot.waitUntil(lambda: any(r.id == fresh for r in view.rows), timeout=int(LIVE_S * 1000))
    assert view.follow.reads == reads + 1

