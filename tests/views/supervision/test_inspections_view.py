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
    dlg.inspectors.setText("省督查组 刘瑶")
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
    w.new_inspection()
    dlg = seen["dlg"]
    qtbot.waitUntil(lambda: not dlg.saving and not dlg.error.isHidden(), timeout=10_000)
    assert "inspectors and its scope" in dlg.error.text() and dlg.result() != dlg.DialogCode.Accepted
    assert dlg.table.rowCount() == 3 and dlg.table.item(1, 1).text() == "一般故障24小时修复率低于目标"
    assert insp.inspections(store, ids["nc"]) == [] and told == []
    dlg.scope.setText("营业厅服务规范与公示检查")
    with qtbot.waitSignal(w.sig_recorded, timeout=10_000) as rec:
        dlg.accept()
    assert [r.rule_id for r in insp.findings(store, inspection_id=rec.args[0])] == ["R-DISC-6", "R-TIME-1", "R-PROM-5"]
