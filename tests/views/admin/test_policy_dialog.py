"""The SLA policy dialog (R-TIME-1..7, R-VISIT-1 limits), driven as an administrator would."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import QDateTime, Qt

from console.rules.policy import Limit
from console.services.rulebook import policy_admin
from console.store import open_store
from console.views.admin.policy_dialog import PolicyDialog
from console.views.kit.ask import Ask
from tests.factories import add_person

UTC = dt.timezone.utc
CST = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # 10:00 China time


@pytest.fixture
def store(tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 'policy.sqlite3'}")
    yield st
    st.dispose()


@pytest.fixture
def confirm(monkeypatch):
    """Answers the confirmation with `answer[0]`; records the questions."""
    asked: list[str] = []
    answer = [True]

    def fake(cls, parent, title, text):
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(Ask, "confirm", classmethod(fake))
    return asked, answer


@pytest.fixture
def admin(store) -> int:
    """The policy is the admins' (console.services.access.permissions)."""
    return add_person(store)


@pytest.fixture
def dialog(qtbot, store, admin):
    def make():
        dlg = PolicyDialog(store, actor_id=admin, clock=lambda: NOW)
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitUntil(lambda: dlg.base is not None, timeout=10_000)  # read off the GUI thread
        return dlg
    return make


def _rows(dlg):
    t = dlg.table
    return [(t.item(r, 0).text(), t.item(r, 1).text(), t.cellWidget(r, 2).value(), t.cellWidget(r, 3).currentText(),
             t.item(r, 4).text()) for r in range(t.rowCount())]


def test_shows_the_table_with_rule_ids_and_the_version(dialog):
    dlg = dialog()
    assert dlg.version_label.text() == "Version 1 — in force since 2000-01-01 08:00 (the regulation's defaults)"
    assert _rows(dlg) == [
        ("General fault", "All areas", 24, "hours", "R-TIME-1"),
        ("Major fault", "All areas", 72, "hours", "R-TIME-2"),
        ("Installation", "City", 5, "working days", "R-TIME-3"),
        ("Installation", "Rural", 10, "working days", "R-TIME-4"),
        ("Restoration", "All areas", 5, "working days", "R-TIME-5"),
        ("Complaint", "All areas", 3, "working days", "R-TIME-6"),
        ("Complaint: first response", "All areas", 4, "hours", "R-TIME-7"),
        ("Callback after completion", "All areas", 72, "hours", "R-VISIT-1"),
    ]
    assert not dlg.save_btn.isEnabled() and dlg.summary.text() == "No change yet."
    assert dlg.now_radio.isChecked() and not dlg.when.isEnabled()


def test_an_edit_is_highlighted_and_undoing_it_disables_save(qtbot, dialog):
    dlg = dialog()
    spin = dlg.limit_box("general_fault", "any")
    spin.selectAll()
    qtbot.keyClicks(spin, "12")
    assert dlg.save_btn.isEnabled()
    assert dlg.summary.text() == "General fault (All areas, R-TIME-1): 24 hours → 12 hours"
    assert dlg.table.item(0, 0).font().bold() and dlg.table.item(1, 0).font().bold() is False
    spin.setValue(24)
    assert not dlg.save_btn.isEnabled() and not dlg.table.item(0, 0).font().bold()


def test_save_writes_a_new_version_after_confirmation(qtbot, dialog, store, confirm):
    asked, _ = confirm
    dlg = dialog()
    dlg.limit_box("general_fault", "any").setValue(12)
    dlg.unit_box("installation", "rural").setCurrentIndex(0)  # hours
    with qtbot.waitSignal(dlg.sig_saved) as saved:
        qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    assert saved.args == [2]
    assert asked == ["Save these limits as policy version 2, taking effect immediately?\n\n"
                     "General fault (All areas, R-TIME-1): 24 hours → 12 hours\n"
                     "Installation (Rural, R-TIME-4): 10 working days → 10 hours\n\n"
                     "Orders already received keep the limits they were taken under."]
    assert not dlg.isVisible()
    latest = policy_admin.latest(store)
    assert latest.version == 2 and latest.effective_from == NOW
    assert Limit("general_fault", "any", 12, "hours", "R-TIME-1") in latest.limits
    assert Limit("installation", "rural", 10, "hours", "R-TIME-4") in latest.limits


def test_declining_the_confirmation_saves_nothing(qtbot, dialog, store, confirm):
    _, answer = confirm
    answer[0] = False
    dlg = dialog()
    dlg.limit_box("complaint", "any").setValue(2)
    with qtbot.assertNotEmitted(dlg.sig_saved):
        qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and policy_admin.latest(store).version == 1


def test_a_scheduled_version_shows_as_scheduled(qtbot, dialog, store, confirm):
    dlg = dialog()
    dlg.limit_box("major_fault", "any").setValue(48)
    qtbot.mouseClick(dlg.from_radio, Qt.MouseButton.LeftButton)
    assert dlg.when.isEnabled()
    dlg.when.setDateTime(QDateTime(dt.datetime(2026, 12, 1, 8, 0)))
    with qtbot.waitSignal(dlg.sig_saved):
        qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    assert "taking effect from 2026-12-01 08:00 (China time)?" in confirm[0][0]
    assert policy_admin.latest(store).effective_from == dt.datetime(2026, 12, 1, 8, tzinfo=CST)
    again = dialog()
    assert again.version_label.text() == ("Version 2 — scheduled from 2026-12-01 08:00 (赵敏);"
                                          " version 1 is in force now")
    assert again.limit_box("major_fault", "any").value() == 48


def test_a_save_refused_for_another_admins_version_keeps_the_edit_over_it(qtbot, dialog, store, confirm):
    dlg = dialog()
    dlg.limit_box("general_fault", "any").setValue(12)
    other = add_person(store, work_number="GD0901", name="钱进")  # a second administrator, meanwhile:
    policy_admin.set_limits(store, {("general_fault", "any"): (18, "hours")}, actor_id=other, now=NOW)
    with qtbot.assertNotEmitted(dlg.sig_saved):
        qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dlg.error.text() != "", timeout=10_000)  # refused off the GUI thread
    assert dlg.error.text().startswith("Not saved: 钱进 saved policy version 2 since you opened version 1")
    assert dlg.isVisible()
    assert dlg.version_label.text().startswith("Version 2 — in force since 2026-11-26 10:00")
    # nothing typed is lost: this admin's 12 h is put back over the other's version 2, marked as a
    # change of it, and Save now builds version 3 on version 2
    assert dlg.limit_box("general_fault", "any").value() == 12 and "check them and save again" in dlg.error.text()
    assert dlg.changes() == {("general_fault", "any"): (12, "hours")} and dlg.save_btn.isEnabled()
    assert "18 hours → 12 hours" in dlg.summary.text()
    with qtbot.waitSignal(dlg.sig_saved, timeout=10_000) as saved:
        qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    assert saved.args == [3]


def test_a_time_in_the_past_is_refused(qtbot, store, confirm, admin):
    later = [NOW]
    dlg = PolicyDialog(store, actor_id=admin, clock=lambda: later[0])
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.base is not None, timeout=10_000)
    dlg.limit_box("general_fault", "any").setValue(12)
    dlg.from_radio.setChecked(True)
    dlg.when.setDateTime(QDateTime(dt.datetime(2026, 11, 26, 10, 30)))
    later[0] = NOW + dt.timedelta(hours=1)  # the admin went for lunch before saving
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.error.text() != "", timeout=10_000)  # refused off the GUI thread
    assert dlg.error.text() == ("Not saved: a new policy cannot take effect in the past (2026-11-26 10:30 is before "
                                "now, 2026-11-26 11:00 China time): a change applies only to clocks that start "
                                "after it")
    assert policy_admin.latest(store).version == 1


def test_while_saving_the_table_waits_and_a_database_away_keeps_the_edit(qtbot, dialog, store, confirm,
                                                                         monkeypatch):
    """The new version is written off the GUI thread: meanwhile the table and Cancel wait; the
    database away is told by the banner and the dialog, which keeps the edit for Save again."""
    from console.errors import StoreUnavailable
    from console.views.kit.connection import ConnectionWatch

    real, gate, away = policy_admin.set_limits, threading.Event(), [True]

    def set_limits(*args, **kwargs):
        if away[0]:
            raise StoreUnavailable("the database x cannot be reached (connection refused): nothing was saved")
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(policy_admin, "set_limits", set_limits)
    watch = ConnectionWatch(store, backoff_s=(60,))
    try:
        dlg = dialog()
        dlg.limit_box("general_fault", "any").setValue(12)
        qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dlg.error.text() != "", timeout=10_000)
        assert watch.down and "Your changes are kept" in dlg.error.text() and dlg.isVisible()
        assert dlg.limit_box("general_fault", "any").value() == 12 and dlg.save_btn.isEnabled()
        away[0] = False
        qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
        assert not dlg.table.isEnabled() and not dlg.save_btn.isEnabled()
        dlg.reject()  # Esc while it is written: it stays for the outcome
        assert dlg.isVisible()
        with qtbot.waitSignal(dlg.sig_saved, timeout=10_000) as saved:
            gate.set()
        assert saved.args == [2] and not dlg.isVisible() and policy_admin.latest(store).version == 2
    finally:
        gate.set()
        watch.close()
