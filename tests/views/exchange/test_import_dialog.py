"""File ▸ Import…: a bad file shows its report and imports nothing, keeping the
chosen file; a good file imports; the report can be saved; the problem model is a valid model."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from console.models import Customer
from console.store import open_store
from console.views.exchange.import_dialog import ImportDialog, ProblemModel
from console.vocabulary import Role
from tests.factories import add_person, small_branch
from tests.services.imports.test_imports import (
    CUSTOMER_HEADER,
    customer_rows,
    write_csv,
    xlsx,
)


@pytest.fixture
def store(tmp_path):
    """Views are tested on SQLite; the services' tests cover both backends."""
    st = open_store(f"sqlite:///{tmp_path / 'views.sqlite3'}")
    yield st
    st.dispose()


@pytest.fixture
def ids(store):
    ids = small_branch(store)
    ids["admin"] = add_person(store, Role.ADMIN, ids["nc"], "AD001", "赵敏")  # importing is an admin's right
    return ids


@pytest.fixture
def dialog(qtbot, store, ids):
    dlg = ImportDialog(store, branch_id=ids["nc"], actor_id=ids["admin"])
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def customers(store) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(Customer))


def test_a_bad_file_shows_its_report_and_keeps_the_file(qtbot, dialog, store, tmp_path, monkeypatch):
    rows = customer_rows()
    rows[1][2] = "0000"
    rows[2][4] = "火星社区"
    path = xlsx(tmp_path / "客户.xlsx", CUSTOMER_HEADER, rows, sheet="第二页")
    monkeypatch.setattr(ImportDialog, "choose_file", classmethod(lambda cls, parent, start: str(path)))
    with qtbot.waitSignal(dialog.sig_sheets, timeout=10_000):  # the sheets are read off the GUI thread
        qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert dialog.sheet_box.currentText() == "第二页"
    with qtbot.waitSignal(dialog.sig_finished, timeout=10_000) as blocker:
        dialog.import_button.click()
    report = blocker.args[0]
    assert not report.ok and report.imported == 0 and customers(store) == 2
    assert dialog.model.rowCount() == 2
    shown = [(dialog.model.index(r, 0).data(), dialog.model.index(r, 1).data()) for r in range(2)]
    assert shown == [("3", "C 电话"), ("4", "E 片区")]
    assert "火星社区" in dialog.model.index(1, 3).data()
    assert dialog.file_edit.text() == str(path) and dialog.sheet_box.currentText() == "第二页"
    assert "nothing was imported" in dialog.summary.text()
    assert dialog.import_button.isEnabled() and dialog.save_button.isEnabled()

    out = tmp_path / "report.xlsx"
    monkeypatch.setattr(ImportDialog, "choose_report_file", classmethod(lambda cls, parent, s: str(out)))
    dialog.save_button.click()  # written off the GUI thread
    qtbot.waitUntil(lambda: "Report saved" in dialog.summary.text(), timeout=10_000)
    ws = load_workbook(out).active
    assert [r[2] for r in ws.iter_rows(min_row=4, values_only=True)] == [3, 4]
    assert ws.oddHeader.center.text == "南昌市分公司"  # every printed page names the branch and who made it
    assert ws.oddHeader.right.text.endswith("by 赵敏 (AD001)")
    unwritable = tmp_path / "no-such-folder" / "report.xlsx"  # a mistyped folder is named, the report kept
    monkeypatch.setattr(ImportDialog, "choose_report_file", classmethod(lambda cls, parent, s: str(unwritable)))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "not saved" in dialog.summary.text(), timeout=10_000)
    assert "no-such-folder" in dialog.summary.text() and dialog.save_button.isEnabled()


def test_check_then_import_a_good_gbk_csv(qtbot, dialog, store, tmp_path):
    path = write_csv(tmp_path / "客户.csv", CUSTOMER_HEADER + ["备注"], [r + ["老"] for r in customer_rows(5)], "gbk")
    with qtbot.waitSignal(dialog.sig_sheets, timeout=10_000):
        dialog.set_file(str(path))
    assert not dialog.sheet_box.isEnabled()
    with qtbot.waitSignal(dialog.sig_finished, timeout=10_000) as blocker:
        dialog.check_button.click()
    assert blocker.args[0].ok and blocker.args[0].dry_run and customers(store) == 2
    assert dialog.model.rowCount() == 1  # the unknown column, a warning
    assert dialog.model.index(0, 2).data() == "warning"
    with qtbot.waitSignal(dialog.sig_finished, timeout=10_000) as blocker:
        dialog.import_button.click()
    assert blocker.args[0].imported == 5 and customers(store) == 7 and dialog.imported == 5
    assert "Imported 5 rows" in dialog.summary.text()


def test_ask_returns_the_imported_count(qtbot, store, ids, tmp_path, monkeypatch):
    path = xlsx(tmp_path / "c.xlsx", CUSTOMER_HEADER, customer_rows(2))

    def run(dlg):
        dlg.set_file(str(path))
        with qtbot.waitSignal(dlg.sig_finished, timeout=10_000):
            dlg.start(dry_run=False)
        return 0

    monkeypatch.setattr(ImportDialog, "exec", run)
    assert ImportDialog.ask(store, branch_id=ids["nc"], actor_id=ids["admin"]) == 2
    assert ImportDialog.ask(store, branch_id=ids["nc"], actor_id=ids["admin"]) is None  # duplicates now


def test_no_file_chosen_says_so(dialog):
    assert dialog.start(dry_run=True) is False
    assert "Choose a file" in dialog.summary.text()


def test_problem_model(qtmodeltester, store, ids, tmp_path):
    from console.services.imports import run_import

    rows = customer_rows()
    rows[0][5] = "昨天"
    report = run_import(store, "customers", xlsx(tmp_path / "c.xlsx", CUSTOMER_HEADER + ["x"], rows),
                        branch_id=ids["nc"], dry_run=True)
    model = ProblemModel()
    model.set_problems(report.problems)
    assert model.rowCount() == 2
    qtmodeltester.check(model)



def test_a_dispatcher_is_told_only_admins_import(qtbot, store, ids, tmp_path):
    """The service refuses (permissions.Action.IMPORT) before reading the file; the dialog says who may."""
    dlg = ImportDialog(store, branch_id=ids["nc"], actor_id=ids["dispatcher"])
    qtbot.addWidget(dlg)
    dlg.set_file(str(xlsx(tmp_path / "c.xlsx", CUSTOMER_HEADER, customer_rows(2))))
    with qtbot.waitSignal(dlg.sig_failed, timeout=10_000):
        dlg.start(dry_run=False)
    assert "王芳 (dispatcher) may not import data: admins import data" in dlg.summary.text()
    assert "nothing was written" in dlg.summary.text() and customers(store) == 2
