"""The audit dialog (R-ACC, R-INSP): an intact chain reads "intact (N rows, head …)"
and its head can be saved for a manager; one changed byte in one audit row is named by row."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QCoreApplication, QThreadPool
from sqlalchemy import select, text

from console.cli import main
from console.models import AuditLog
from console.services.access import auth
from console.store import open_store
from console.views.admin.audit_dialog import AuditDialog
from console.views.kit.ask import Ask
from console.vocabulary import Role
from tests.factories import add_person, small_branch
from tests.services.audit.test_audit_verify import (
    _activity,
    _flip_one_digit,
    _raw_after,
    owner_bypass,
)


@pytest.fixture
def env(tmp_path):
    """Views are tested on SQLite; the services' tests cover both backends."""
    st = open_store(f"sqlite:///{tmp_path / 'audit.sqlite3'}")
    ids = small_branch(st)
    with st.read() as s:
        ids["district"] = s.scalar(text("SELECT id FROM district WHERE branch_id = :b"), {"b": ids["nc"]})
    _activity(st, ids, 3)  # six audit rows: three intakes, three assignments
    yield st, ids
    st.dispose()


def _opened(qtbot, store) -> AuditDialog:
    dlg = AuditDialog(store, start=False)
    qtbot.addWidget(dlg)
    dlg.show()
    with qtbot.waitSignal(dlg.sig_verified, timeout=10_000):
        dlg.start()
    return dlg


def _rows(store) -> list[tuple[int, str]]:
    with store.read() as s:
        return list(s.execute(select(AuditLog.id, AuditLog.hash).order_by(AuditLog.id)).all())


def test_an_intact_chain_reads_intact_and_its_head_is_saved_for_the_manager(qtbot, env, tmp_path, monkeypatch):
    store, _ids = env
    dlg = _opened(qtbot, store)
    rows = _rows(store)
    assert dlg.verdict.text() == f"intact (6 rows, head {rows[-1][1]})"
    assert dlg.save_button.isEnabled() and not dlg.progress.isVisible() and dlg.verify_button.isEnabled()
    monkeypatch.setattr(AuditDialog, "ask_path", classmethod(lambda cls, parent, suggested: str(tmp_path / suggested)))
    saved = dlg.save_head()
    head = json.loads(open(saved, encoding="utf-8").read())
    assert (head["rows"], head["head_id"], head["head"]) == (6, rows[-1][0], rows[-1][1])
    assert saved in dlg.detail.text()
    assert main(["audit", "verify", "--db", store.url, "--head", saved]) == 0  # the CLI accepts the saved head
    ledger = str(tmp_path / "heads.jsonl")
    monkeypatch.setattr(AuditDialog, "ask_path", classmethod(lambda cls, parent, suggested: ledger))
    dlg.save_head()
    dlg.save_head()
    assert [json.loads(line)["head"] for line in open(ledger, encoding="utf-8")] == [rows[-1][1]] * 2


def test_one_changed_byte_in_one_audit_row_is_named(qtbot, env):
    store, _ids = env
    target = _rows(store)[3][0]
    with owner_bypass(store) as c:  # one digit of one row's JSON, straight in the database
        c.execute(text("UPDATE audit_log SET after = :v WHERE id = :i"),
                  {"v": _flip_one_digit(_raw_after(c, store, target)), "i": target})
    dlg = _opened(qtbot, store)
    assert dlg.verdict.text() == f"Broken at row {target}"
    assert "hash mismatch: the row's content was changed after it was written" in dlg.detail.text()
    assert ("That row records order.assign on work_order 6 at 2026-11-20 10:11:00 China time, by 王芳 (NC001)."
            in dlg.detail.text())
    assert "3 rows before it are intact" in dlg.detail.text()
    assert not dlg.save_button.isEnabled()  # the head of a broken chain is not one to keep


def test_closing_while_verifying_stops_quietly(qtbot, env):
    store, _ids = env
    dlg = AuditDialog(store)  # starts at once
    qtbot.addWidget(dlg)
    assert dlg.running and not dlg.progress.isHidden() and not dlg.verify_button.isEnabled()
    dlg.reject()
    # the walk ends on the thread pool; its late result must not land in the closed dialog
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=10_000)
    QCoreApplication.processEvents()
    assert not dlg.running and dlg.result is None


def test_open_for_admins_and_who_may_for_others(qtbot, env, monkeypatch):
    store, ids = env
    told = []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: told.append(text)))
    admin = auth.principal(store, add_person(store, Role.ADMIN, ids["nc"], "NC900", "赵敏"))
    assert AuditDialog.open_for(store, auth.principal(store, ids["dispatcher"]), None) is None
    assert told == ["managers, admins and inspectors verify the audit chain (R-ACC, R-INSP)"]
    dlg = AuditDialog.open_for(store, admin, None)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.result is not None, timeout=10_000)
    assert dlg.isVisible() and dlg.verdict.text().startswith("intact (")
