"""Notices view (R-PROM-5): draft, publish refused < 24 h, publish, SMS list files; fee reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from console.models import Customer
from console.store import open_store
from console.views.kit.ask import Ask
from console.views.notices import advance as nv
from console.views.notices import sms
from console.vocabulary import Role
from tests.factories import T0, add_person, small_branch

H = dt.timedelta(hours=1)


@pytest.fixture
def setup(qtbot, tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'nt.sqlite3'}")
    ids = small_branch(store)
    with store.write() as s:
        s.scalar(select(Customer).where(Customer.account_no == "A0000001")).expires_on = dt.date(2026, 11, 30)
    # the manager drafts and publishes (publishing is a manager's: console.services.access.permissions)
    ids["manager"] = add_person(store, Role.MANAGER, ids["nc"], "NC800", "孙丽")
    w = nv.NoticesView(store, user_id_fn=lambda: ids["manager"], now_fn=lambda: T0)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.set_branch(ids["nc"])
    qtbot.waitUntil(lambda: w.fees.rows != [], timeout=10_000)
    yield store, ids, w
    store.dispose()


def _draft(start):
    def ask(cls, parent, districts, _start, row=None, **_reopened):
        return {"kind": "maintenance", "title": "光缆割接", "text": "信号中断约3小时", "starts_at": start,
                "ends_at": start + 3 * H, "district_ids": list(districts), "emergency": False, "emergency_reason": ""}
    return classmethod(ask)


def test_publish_too_late_is_refused_then_a_timely_notice_exports_the_sms_list(qtbot, setup, monkeypatch, tmp_path):
    store, ids, w = setup
    told = []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, p, t, text: told.append(text)))
    monkeypatch.setattr(nv.NoticeEditor, "ask", _draft(T0 + 23 * H))
    with qtbot.waitSignal(w.sig_loaded, timeout=5000):  # saved off the GUI thread, then on screen
        w.btn_new.click()
    assert w.table.rowCount() == 1 and w.table.item(0, 5).text() == "draft"
    w.btn_publish.click()
    qtbot.waitUntil(lambda: len(told) == 1, timeout=5000)  # refused off the GUI thread
    assert "24 hours ahead" in told[0] and w.table.item(0, 5).text() == "draft"
    monkeypatch.setattr(nv.NoticeEditor, "ask", _draft(T0 + 24 * H))
    w.btn_edit.click()
    monkeypatch.setattr(sms, "ask_save_path", lambda parent, title, suggested: str(tmp_path / suggested))
    with qtbot.waitSignals([w.sig_published, w.sig_exported], timeout=5000):  # the list is written off the GUI thread
        w.btn_publish.click()
    assert w.table.item(0, 5).text() == "published" and "孙丽" in w.table.item(0, 6).text()
    assert "TV caption" in w.caption.text() and "【光缆割接】" in w.caption.text()
    xlsx = next(tmp_path.glob("sms-*.xlsx"))
    ws = load_workbook(xlsx).active
    assert ws["C6"].value == "13900000000" and xlsx.with_suffix(".csv").exists()
    # every printed page names the branch and who made the list, when (reports.printing)
    assert ws.oddHeader.center.text == "南昌市分公司"
    assert ws.oddHeader.right.text == "Generated at 2026-11-20 10:00 by 孙丽 (NC800)"  # T0, China time
    assert "Saved" in w.caption.text() and str(xlsx) in w.caption.text()


def test_a_refused_draft_reopens_the_editor_as_typed_with_the_reason(qtbot, setup, monkeypatch):
    """Nothing typed is lost: the notice's save is refused (it ends before it starts), and the
    editor opens again with every field as typed and the reason above them; cancelled, nothing is
    written."""
    store, ids, w = setup
    typed = {"kind": "service_change", "title": "频道调整", "text": "第12频道改为高清，请重新搜台",
             "starts_at": T0 + 30 * H, "ends_at": T0 + 29 * H, "district_ids": [], "emergency": False,
             "emergency_reason": ""}
    opened = []

    def ask(cls, parent, districts, start, row=None, *, values=None, error=""):
        opened.append((values, error))
        return dict(typed) if len(opened) == 1 else None

    monkeypatch.setattr(nv.NoticeEditor, "ask", classmethod(ask))
    w.btn_new.click()
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=5000)
    values, error = opened[1]
    assert values == typed and error.startswith("Not saved:") and "end" in error
    assert w.table.rowCount() == 0


def test_the_reopened_editor_shows_every_typed_field_and_the_reason(qtbot):
    typed = {"kind": "service_change", "title": "频道调整", "text": "第12频道改为高清",
             "starts_at": T0 + 30 * H, "ends_at": T0 + 33 * H, "district_ids": [2], "emergency": True,
             "emergency_reason": "设备故障"}
    dlg = nv.NoticeEditor({1: "东区", 2: "西区"}, T0, values=typed, error="Not saved: the title is required")
    qtbot.addWidget(dlg)
    assert dlg.values() == typed
    assert not dlg.error.isHidden() and "title is required" in dlg.error.text()


def test_fee_reminders_export_and_record_once(qtbot, setup, monkeypatch, tmp_path):
    store, ids, w = setup
    fees = w.fees
    assert [r.account_no for r in fees.rows] == ["A0000001"] and fees.btn_send.isEnabled()
    monkeypatch.setattr(sms, "ask_save_path", lambda parent, title, suggested: str(tmp_path / suggested))
    with qtbot.waitSignal(fees.sig_reminded, timeout=5000) as got:
        fees.btn_send.click()
    assert got.args == [1]
    assert not fees.btn_send.isEnabled() and "孙丽" in fees.table.item(0, 5).text()
    ws = load_workbook(next(tmp_path.glob("fee-reminders-*.xlsx"))).active
    assert ws["F6"].value == "2026-11-30"
    assert ws.oddHeader.center.text == "南昌市分公司" and ws.oddHeader.right.text.endswith("by 孙丽 (NC800)")


def test_a_list_that_cannot_be_saved_records_no_reminder_and_says_why(qtbot, setup, monkeypatch, tmp_path):
    """R-PROM-5: a reminder is recorded only once its SMS list is saved; a folder that does not exist
    is named and the reminders stay to be sent."""
    store, ids, w = setup
    fees = w.fees
    missing = tmp_path / "no-such-folder" / "list.xlsx"
    monkeypatch.setattr(sms, "ask_save_path", lambda *a: str(missing))
    reminded = []
    fees.sig_reminded.connect(reminded.append)
    fees.btn_send.click()
    qtbot.waitUntil(lambda: "not saved" in fees.status.text(), timeout=5000)
    assert "no-such-folder" in fees.status.text() and reminded == []
    assert fees.btn_send.isEnabled() and fees.pending()  # still to be sent


def test_a_maintainer_is_refused_fee_reminders_before_any_sms_file_is_written(qtbot, setup, monkeypatch, tmp_path):
    """R-PROM-5: only the branch's dispatchers, managers and admins send reminders; the refusal
    comes first, so no SMS list leaves the console."""
    store, ids, w = setup
    told, asked = [], []
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, p, t, text: told.append(text)))
    monkeypatch.setattr(sms, "ask_save_path", lambda *a: asked.append(a) or str(tmp_path / "x.xlsx"))
    w.fees._user = lambda: ids["m1"]  # a maintainer at this console
    w.fees.btn_send.click()
    qtbot.waitUntil(lambda: len(told) == 1, timeout=5000)  # the right is checked off the GUI thread
    assert "may not" in told[0] and asked == [] and list(tmp_path.glob("*.xlsx")) == []
    assert w.fees.btn_send.isEnabled()  # nothing was recorded
