"""The inspector's flow (R-INSP): record an inspection with three findings, tick the disclosure
checklist, move a finding to rectifying, and export the findings workbook with progress."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from console.rules.periods import CST
from console.services.supervision import inspections as insp
from console.store import open_store
from console.views.kit.ask import Ask
from console.views.supervision.inspections import InspectionsView
from console.vocabulary import Role
from tests.factories import add_person, make_staff, small_branch

NOW = dt.datetime(2026, 11, 20, 10, tzinfo=CST)
TODAY = NOW.date()


@pytest.fixture
def view(qtbot, tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'insp.sqlite3'}")
    ids = small_branch(store)
    with store.write() as s:
        ids["inspector"] = make_staff(s, None, "P001", "刘瑶", Role.INSPECTOR).id
    ids["manager"] = add_person(store, Role.MANAGER, ids["nc"], "NC800", "孙丽")
    ids["nc_inspector"] = add_person(store, Role.INSPECTOR, ids["nc"], "NC900", "周敏")
    ids["jx_inspector"] = add_person(store, Role.INSPECTOR, ids["jx"], "JX900", "吴刚")  # another branch's
    ids["user"] = ids["inspector"]  # who is signed in, read at use time (a sign-in switch changes it)
    w = InspectionsView(store, user_id_fn=lambda: ids["user"], now_fn=lambda: NOW)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.set_branch(ids["nc"])
    yield store, ids, w
    store.dispose()


@pytest.fixture(autouse=True)
def told(monkeypatch):
    """Messages the view would show in a modal box (none expected unless a test says so)."""
    said = []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: said.append(text)))
    return said


def fill_three(dlg):
    type_three(dlg)
    return press_ok(dlg)


def type_three(dlg):
    dlg.day.setDate(TODAY - dt.timedelta(days=20))
    dlg.pick_inspectors([dlg.choices.inspectors[0].id])  # 刘瑶, the provincial inspector
    dlg.scope.setText("营业厅服务规范与公示检查")
    dlg.add_finding("R-DISC-6", "公示栏缺少3名新员工的照片和工号", "minor", "营业厅", TODAY + dt.timedelta(days=10))
    dlg.add_finding("R-TIME-1", "一般故障24小时修复率低于目标", "serious", "网络维护部", TODAY - dt.timedelta(days=1))
    dlg.add_finding("R-PROM-5", "线路维护未提前24小时通知", "critical", "网络维护部", TODAY + dt.timedelta(days=15))


def press_ok(dlg):
    """What exec() of a filled dialog does when OK is pressed: the save starts off the GUI thread
    and the dialog closes once it is saved (the test waits for the view's signals)."""
    dlg.accept()
    return dlg.result()


def test_record_an_inspection_with_three_findings_and_export_it(qtbot, view, tmp_path, monkeypatch, told):
    store, ids, w = view
    monkeypatch.setattr(InspectionsView, "exec_dialog", classmethod(lambda cls, dlg: fill_three(dlg)))
    with qtbot.waitSignal(w.sig_recorded, timeout=10_000) as rec, qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.new_inspection()
    assert told == []
    rows = insp.findings(store, inspection_id=rec.args[0])
    assert [r.rule_id for r in rows] == ["R-DISC-6", "R-TIME-1", "R-PROM-5"]
    qtbot.waitUntil(lambda: w.model.rowCount() == 3)
    assert w.model.index(0, 0).data() == "R-DISC-6"
    late = w.model.index(1, 5)  # the deadline passed: overdue, red, explained
    assert "overdue by 1 days" in late.data(Qt.ItemDataRole.ToolTipRole)
    assert late.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    assert w.model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole) is None  # not yet due

    monkeypatch.setattr(Ask, "item", classmethod(lambda cls, *a, **k: a[-1][0]))
    ids["user"] = ids["manager"]  # R-INSP: the branch's manager signs in and reports the rectification
    w.table.selectRow(0)
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.set_status()
    assert insp.findings(store, inspection_id=rec.args[0])[0].status == "rectifying"

    dlg = w.export()
    qtbot.addWidget(dlg)
    out = tmp_path / "findings.xlsx"
    dlg.path.setText(str(out))
    dlg.all_months.setChecked(True)
    progress = []
    dlg.progress.valueChanged.connect(progress.append)
    with qtbot.waitSignal(dlg.sig_exported, timeout=20_000) as got:
        dlg.start()
    assert got.args[0].rows == {"sheet.findings": 3} and progress[-1] == 100
    ws = load_workbook(out).worksheets[1]
    assert ws.max_row == 4 and {ws.cell(r, 7).value for r in range(2, 5)} == {"R-DISC-6", "R-TIME-1", "R-PROM-5"}


def test_disclosure_checklist_creates_findings_for_missing_items(qtbot, view, monkeypatch):
    store, ids, w = view
    iid = insp.record_inspection(store, branch_id=ids["nc"], day=TODAY, inspectors="刘瑶", scope="公示检查",
                                 actor_id=ids["inspector"], now=NOW)
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.refresh(iid)

    def tick(dlg):
        dlg.hall.setText("红谷滩营业厅")
        dlg.states["R-DISC-2"].setCurrentIndex(dlg.states["R-DISC-2"].findData("missing"))
        dlg.states["R-DISC-5"].setCurrentIndex(dlg.states["R-DISC-5"].findData("outdated"))
        return press_ok(dlg)

    monkeypatch.setattr(InspectionsView, "exec_dialog", classmethod(lambda cls, dlg: tick(dlg)))
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.disclosure()
    qtbot.waitUntil(lambda: w.model.rowCount() == 2)
    assert [w.model.index(r, 0).data() for r in range(2)] == ["R-DISC-2", "R-DISC-5"]


def test_export_can_be_cancelled(qtbot, view, tmp_path):
    store, ids, w = view
    dlg = w.export()
    qtbot.addWidget(dlg)
    dlg.path.setText(str(tmp_path / "x.xlsx"))
    dlg.kind.setCurrentIndex(dlg.kind.findData("sla"))
    dlg._cancel.set()  # as if Cancel was pressed at once: the export polls the flag
    dlg.start()
    dlg._cancel.set()
    with qtbot.waitSignal(dlg.sig_failed, timeout=20_000) as got:
        dlg.cancel()
    assert "cancel" in got.args[0].lower() and not (tmp_path / "x.xlsx").exists()


def test_a_refused_inspection_keeps_the_dialog_open_with_its_findings(qtbot, view, monkeypatch, told):
    """Nothing typed is lost: OK is refused in the dialog, which keeps the findings typed; once the
    scope is given, OK records it."""
    store, ids, w = view
    seen = {}

    def fill_without_scope(dlg):
        type_three(dlg)
        dlg.scope.clear()
        seen["dlg"] = dlg
        return press_ok(dlg)

    monkeypatch.setattr(InspectionsView, "exec_dialog", classmethod(lambda cls, dlg: fill_without_scope(dlg)))
    w.new_inspection()  # the choices are read first, then the dialog opens
    qtbot.waitUntil(lambda: "dlg" in seen, timeout=10_000)
    dlg = seen["dlg"]
    qtbot.waitUntil(lambda: not dlg.saving and not dlg.error.isHidden(), timeout=10_000)
    assert "inspectors and its scope" in dlg.error.text() and dlg.result() != dlg.DialogCode.Accepted
    assert dlg.table.rowCount() == 3 and dlg.table.item(1, 1).text() == "一般故障24小时修复率低于目标"
    assert insp.inspections(store, ids["nc"]) == [] and told == []
    dlg.scope.setText("营业厅服务规范与公示检查")
    with qtbot.waitSignal(w.sig_recorded, timeout=10_000) as rec:
        dlg.accept()
    assert [r.rule_id for r in insp.findings(store, inspection_id=rec.args[0])] == ["R-DISC-6", "R-TIME-1", "R-PROM-5"]


def opened_dialog(qtbot, w, monkeypatch):
    """Open the inspection dialog as the view does (its choices read off the GUI thread) without
    pressing anything: the dialog to look at."""
    seen = {}
    monkeypatch.setattr(InspectionsView, "exec_dialog", classmethod(lambda cls, dlg: seen.setdefault("dlg", dlg)))
    w.new_inspection()
    qtbot.waitUntil(lambda: "dlg" in seen, timeout=10_000)
    qtbot.addWidget(seen["dlg"])
    return seen["dlg"]


def test_the_dialog_offers_inspectors_rules_with_descriptions_severity_words_and_branch_staff(
        qtbot, view, monkeypatch):
    """R-INSP: inspectors are picked from the staff (the province's and the branch's, not another
    branch's, nor a manager); each rule id is shown with its description; severities are words; the
    responsible person is one of the branch's staff."""
    store, ids, w = view
    dlg = opened_dialog(qtbot, w, monkeypatch)
    offered = [dlg.inspectors.item(i).text() for i in range(dlg.inspectors.count())]
    assert offered == ["刘瑶 (P001) — provincial", "周敏 (NC900) — of the branch"]
    r = dlg.add_finding("R-TIME-3")
    rule = dlg.table.cellWidget(r, dlg.RULE)
    assert rule.currentText() == "R-TIME-3 — Time limits: new installation, city, within 5 working days"
    assert not rule.isEditable()  # picked, not typed
    sev = dlg.table.cellWidget(r, dlg.SEVERITY)
    assert [sev.itemText(i) for i in range(sev.count())] == ["minor", "serious", "critical"]
    person = dlg.table.cellWidget(r, dlg.PERSON)
    people = [person.itemText(i) for i in range(person.count())]
    assert "李强 (NC101)" in people and "孙丽 (NC800)" in people and not any("JX" in p for p in people)


def test_the_deadline_defaults_to_15_working_days_after_the_inspection_day(qtbot, view, monkeypatch):
    """R-INSP: 15 working days on the official calendar, the day itself not counted: from 2026-09-25
    (Mid-Autumn, off) the National Day holidays (10-01, 10-02, 10-05…10-07 off, Saturday 10-10
    worked) put it at 2026-10-22, not the 2026-10-16 of Monday–Friday; a deadline still at its
    default follows the day."""
    store, ids, w = view
    dlg = opened_dialog(qtbot, w, monkeypatch)
    dlg.day.setDate(dt.date(2026, 9, 25))
    r = dlg.add_finding("R-DISC-1")
    assert dlg.table.cellWidget(r, dlg.DEADLINE).date().toPython() == dt.date(2026, 10, 22)
    assert "15 working days" in dlg.deadline_note.text() and "2026-10-22" in dlg.deadline_note.text()
    assert not dlg.deadline_note.text().startswith("Provisional")
    dlg.day.setDate(dt.date(2026, 11, 2))  # Monday: three weeks of working days, no holiday
    assert dlg.table.cellWidget(r, dlg.DEADLINE).date().toPython() == dt.date(2026, 11, 23)


def test_a_deadline_in_an_unentered_year_is_provisional_and_said_so(qtbot, view, monkeypatch):
    """R-INSP: from 2026-12-21, 15 working days reach 2027, which the calendar has no data for: the
    default counts Monday–Friday and the dialog says it is provisional, naming the year."""
    store, ids, w = view
    dlg = opened_dialog(qtbot, w, monkeypatch)
    dlg.day.setDate(dt.date(2026, 12, 21))
    r = dlg.add_finding("R-DISC-1")
    assert dlg.table.cellWidget(r, dlg.DEADLINE).date().toPython() == dt.date(2027, 1, 11)
    note = dlg.deadline_note.text()
    assert note.startswith("Provisional") and "2027" in note and "2027-01-11" in note


def test_the_picked_inspectors_and_responsible_person_are_recorded(qtbot, view, monkeypatch, told):
    """R-INSP: the picked inspectors are stored as name (work number) each, as the findings
    workbook prints them; the finding names the responsible person picked."""
    store, ids, w = view

    def fill(dlg):
        dlg.pick_inspectors([ids["inspector"], ids["nc_inspector"]])
        dlg.scope.setText("营业厅检查")
        r = dlg.add_finding("R-DISC-6", "缺少员工照片", "serious", "营业厅")
        person = dlg.table.cellWidget(r, dlg.PERSON)
        person.setCurrentIndex(person.findData(ids["m1"]))
        return press_ok(dlg)

    monkeypatch.setattr(InspectionsView, "exec_dialog", classmethod(lambda cls, dlg: fill(dlg)))
    with qtbot.waitSignal(w.sig_recorded, timeout=10_000) as rec:
        w.new_inspection()
    [row] = insp.inspections(store, ids["nc"])
    assert row.inspectors == "刘瑶 (P001), 周敏 (NC900)"
    [f] = insp.findings(store, inspection_id=rec.args[0])
    assert f.responsible_person_id == ids["m1"] and f.responsible_person == "李强 (NC101)"
    assert f.severity == "serious" and told == []


def test_no_inspector_picked_is_refused_in_the_dialog_which_keeps_the_findings(qtbot, view, monkeypatch):
    """Nothing typed is lost: OK without an inspector is refused in the dialog's words, and what
    was typed stays."""
    store, ids, w = view
    dlg = opened_dialog(qtbot, w, monkeypatch)
    type_three(dlg)
    dlg.pick_inspectors([])
    dlg.accept()
    qtbot.waitUntil(lambda: not dlg.saving and not dlg.error.isHidden(), timeout=10_000)
    assert "pick at least one inspector" in dlg.error.text()
    assert dlg.table.rowCount() == 3 and dlg.scope.text() == "营业厅服务规范与公示检查"
    assert insp.inspections(store, ids["nc"]) == []


def test_a_refused_disclosure_check_keeps_the_dialog_as_ticked(qtbot, view, monkeypatch):
    """Nothing typed is lost (disclosure dialog): without a business hall OK is refused in the
    dialog, which keeps the ticks and notes; with the hall it is saved."""
    store, ids, w = view
    iid = insp.record_inspection(store, branch_id=ids["nc"], day=TODAY, inspectors="刘瑶", scope="公示检查",
                                 actor_id=ids["inspector"], now=NOW)
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.refresh(iid)
    seen = {}

    def tick(dlg):
        dlg.states["R-DISC-3"].setCurrentIndex(dlg.states["R-DISC-3"].findData("missing"))
        dlg.notes["R-DISC-3"].setText("收费标准未张贴")
        seen["dlg"] = dlg
        return press_ok(dlg)

    monkeypatch.setattr(InspectionsView, "exec_dialog", classmethod(lambda cls, dlg: tick(dlg)))
    w.disclosure()
    dlg = seen["dlg"]
    qtbot.waitUntil(lambda: not dlg.saving and not dlg.error.isHidden(), timeout=10_000)
    assert "business hall" in dlg.error.text()
    assert dlg.states["R-DISC-3"].currentData() == "missing" and dlg.notes["R-DISC-3"].text() == "收费标准未张贴"
    assert insp.findings(store, inspection_id=iid) == []
    dlg.hall.setText("红谷滩营业厅")
    with qtbot.waitSignal(dlg.sig_saved, timeout=10_000):
        dlg.accept()
    assert [f.rule_id for f in insp.findings(store, inspection_id=iid)] == ["R-DISC-3"]
