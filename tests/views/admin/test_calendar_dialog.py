"""The working-day calendar dialog (R-TIME working days), driven as an administrator would."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableView

from console.models import AuditLog
from console.services.rulebook import calendar_admin
from console.store import open_store
from console.views.admin.calendar_dialog import (
    COLOURS,
    CalendarDialog,
    YearNoticeDialog,
)
from console.views.kit.ask import Ask
from tests.factories import add_person

NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.timezone.utc)  # 10:00 China time
NOTICE_2027 = """2027-01-01 .. 2027-01-03  holiday  New Year's Day
2027-02-06..2027-02-13    holiday  Spring Festival
2027-02-14                workday  Spring Festival
2027-02-20                班       Spring Festival
"""


@pytest.fixture
def store(tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 'cal.sqlite3'}")
    yield st
    st.dispose()


@pytest.fixture
def dialog(qtbot, store):
    admin = add_person(store)  # the calendar is the admins' (console.services.access.permissions)

    def make(year=2026):
        dlg = CalendarDialog(store, actor_id=admin, year=year, clock=lambda: NOW)
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitExposed(dlg)
        qtbot.waitUntil(lambda: dlg.shown_year == year, timeout=10_000)  # read off the GUI thread
        return dlg
    return make


def _cell(dlg: CalendarDialog, day: dt.date):
    """The month view, its table and the on-screen rectangle of ``day``'s cell."""
    cal = dlg.months[day.month - 1]
    table = cal.findChild(QTableView)
    model = table.model()
    cells = [(r, c) for r in range(1, model.rowCount()) for c in range(model.columnCount())]
    r1, c1 = next((r, c) for r, c in cells if model.index(r, c).data() == 1)  # this month's 1st
    for r, c in cells:
        if (r - r1) * 7 + (c - c1) == day.day - 1:
            return cal, table, table.visualRect(model.index(r, c))
    raise AssertionError(f"{day} not on screen")


def _painted(dlg, day):
    """The colour the user sees in the corner of the day's cell."""
    _, table, rect = _cell(dlg, day)
    return table.viewport().grab().toImage().pixelColor(rect.left() + 4, rect.top() + 4)


def _click(qtbot, dlg, day):
    _, table, rect = _cell(dlg, day)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_year_view_marks_holidays_and_adjusted_working_days(dialog):
    dlg = dialog(2026)
    assert dlg.status.text() == "2026: official calendar entered — 33 holidays, 6 adjusted working days"
    october, september = dlg.months[9], dlg.months[8]
    national_day = october.dateTextFormat(QDate(2026, 10, 1))
    assert national_day.background().color() == COLOURS["holiday"]
    assert national_day.toolTip() == "2026-10-01 · Public holiday · National Day"
    adjusted = september.dateTextFormat(QDate(2026, 9, 20))  # a Sunday worked before the National Day
    assert adjusted.background().color() == COLOURS["adjusted_workday"]
    assert adjusted.toolTip() == "2026-09-20 · Adjusted working day · National Day"
    assert october.dateTextFormat(QDate(2026, 10, 8)).toolTip() == ""  # a plain working day
    # what is painted: red, amber, grey, white
    assert _painted(dlg, dt.date(2026, 10, 1)) == COLOURS["holiday"]
    assert _painted(dlg, dt.date(2026, 9, 20)) == COLOURS["adjusted_workday"]
    assert _painted(dlg, dt.date(2026, 10, 11)) == COLOURS["weekend"]
    assert _painted(dlg, dt.date(2026, 10, 8)).name() == "#ffffff"
    assert [t.text() for t in dlg.month_titles][0] != dlg.month_titles[1].text()  # twelve titled months


def test_clicking_a_day_describes_it(qtbot, dialog):
    dlg = dialog(2026)
    assert not dlg.toggle_btn.isEnabled()
    _click(qtbot, dlg, dt.date(2026, 10, 1))
    assert dlg.day_info.text() == "Thursday 2026-10-01: public holiday — National Day"
    assert dlg.toggle_btn.isEnabled() and dlg.toggle_btn.text() == "Make it a &working day…"
    _click(qtbot, dlg, dt.date(2026, 9, 20))
    assert dlg.day_info.text() == "Sunday 2026-09-20: adjusted working day — National Day"
    assert dlg.toggle_btn.text() == "Make it a day &off…"


def test_toggle_a_day_with_the_button(qtbot, dialog, store, monkeypatch):
    asked = []

    def ask(cls, parent, day, to_working, current_name):
        asked.append((day, to_working, current_name))
        return "Typhoon closure"

    monkeypatch.setattr(CalendarDialog, "ask_day_name", classmethod(ask))
    dlg = dialog(2026)
    _click(qtbot, dlg, dt.date(2026, 11, 25))
    assert dlg.day_info.text() == "Wednesday 2026-11-25: working day"
    with qtbot.waitSignal(dlg.sig_changed, timeout=10_000):
        qtbot.mouseClick(dlg.toggle_btn, Qt.MouseButton.LeftButton)
    assert asked == [(dt.date(2026, 11, 25), False, "")]
    assert dlg.day_info.text() == "Wednesday 2026-11-25: public holiday — Typhoon closure"
    assert dlg.months[10].dateTextFormat(QDate(2026, 11, 25)).toolTip() == "2026-11-25 · Public holiday · Typhoon closure"
    assert _painted(dlg, dt.date(2026, 11, 25)) == COLOURS["holiday"]
    assert dlg.status.text() == "2026: official calendar entered — 34 holidays, 6 adjusted working days"
    # and back from the keyboard (Ctrl+T), the name question now offering the current name
    with qtbot.waitSignal(dlg.sig_changed, timeout=10_000):
        qtbot.keyClick(dlg, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert asked[1] == (dt.date(2026, 11, 25), True, "Typhoon closure")
    assert dlg.day_info.text() == "Wednesday 2026-11-25: working day — Typhoon closure"
    with store.read() as s:
        assert [a.action for a in s.query(AuditLog)] == ["calendar.set_day", "calendar.set_day"]


def test_cancelling_the_name_question_changes_nothing(qtbot, dialog, store, monkeypatch):
    monkeypatch.setattr(CalendarDialog, "ask_day_name", classmethod(lambda cls, *a: None))
    dlg = dialog(2026)
    _click(qtbot, dlg, dt.date(2026, 11, 25))
    with qtbot.assertNotEmitted(dlg.sig_changed):
        qtbot.mouseClick(dlg.toggle_btn, Qt.MouseButton.LeftButton)
    assert dlg.toggle_btn.isEnabled()
    rows = {e.day: e for e in calendar_admin.calendar_rows(store, 2026)}
    assert rows[dt.date(2026, 11, 25)].kind == "workday"
    assert dlg.day_info.text() == "Wednesday 2026-11-25: working day"


def test_a_refused_edit_is_explained(qtbot, dialog, store, monkeypatch):
    told = []
    monkeypatch.setattr(CalendarDialog, "ask_day_name", classmethod(lambda cls, *a: "节" * 41))
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: told.append(text)))
    dlg = dialog(2026)
    _click(qtbot, dlg, dt.date(2026, 11, 25))
    qtbot.mouseClick(dlg.toggle_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(told) == 1, timeout=10_000)
    assert told == ["Nothing was saved: the name of 2026-11-25 is 41 characters long; at most 40 fit\n"
                    "What you wrote is kept: it is filled in when you try again."]
    assert _painted(dlg, dt.date(2026, 11, 25)).name() == "#ffffff"
    assert dlg.toggle_btn.isEnabled() and dlg.import_btn.isEnabled()


def test_enter_a_year_from_the_notice(qtbot, dialog, monkeypatch):
    prefills = []

    def ask(cls, parent, year, text="", error=None):
        prefills.append((year, text))
        return NOTICE_2027

    monkeypatch.setattr(YearNoticeDialog, "ask", classmethod(ask))
    dlg = dialog(2027)
    assert dlg.status.text() == ("2027: not entered — working-day deadlines in 2027 are provisional "
                                 "(Monday–Friday assumed)")
    assert dlg.import_btn.text() == "&Enter year from notice…"
    assert dlg.months[0].dateTextFormat(QDate(2027, 1, 1)).toolTip() == ""
    with qtbot.waitSignal(dlg.sig_changed, timeout=10_000):
        qtbot.mouseClick(dlg.import_btn, Qt.MouseButton.LeftButton)
    assert prefills == [(2027, "")]
    assert dlg.status.text() == "2027: official calendar entered — 11 holidays, 2 adjusted working days"
    assert dlg.import_btn.text() == "&Correct year from notice…"
    assert _painted(dlg, dt.date(2027, 1, 1)) == COLOURS["holiday"]
    assert _painted(dlg, dt.date(2027, 2, 14)) == COLOURS["adjusted_workday"]


def test_correcting_an_entered_year_starts_from_its_exceptions(qtbot, dialog, monkeypatch):
    prefills = []
    monkeypatch.setattr(YearNoticeDialog, "ask", classmethod(lambda cls, p, y, t="", error=None: prefills.append(t)))
    dlg = dialog(2026)
    with qtbot.assertNotEmitted(dlg.sig_changed):
        qtbot.mouseClick(dlg.import_btn, Qt.MouseButton.LeftButton)  # cancelled: ask returned None
    assert "2026-10-01 .. 2026-10-07  holiday  National Day" in prefills[0]


def test_notice_dialog_checks_as_you_type_and_refuses_a_bad_text(qtbot):
    dlg = YearNoticeDialog(2027)
    qtbot.addWidget(dlg)
    dlg.show()
    save = dlg.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.keyClicks(dlg.editor, "2027-10-01..2027-10-07 holiday National Day")
    assert dlg.message.text() == "7 holidays and 0 adjusted working days in 2027."
    dlg.editor.setPlainText("2027-01-01 holiday New Year\n2027-02-30 holiday Nonsense")
    assert dlg.message.text() == "line 2: '2027-02-30' is not a valid date (YYYY-MM-DD)"
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dlg.message.text() == "Not saved: line 2: '2027-02-30' is not a valid date (YYYY-MM-DD)"
    assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted
    dlg.editor.setPlainText("2027-02-14 workday Spring Festival")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dlg.message.text() == "Not saved: the text names no holiday — is this the right notice?"
    dlg.editor.setPlainText(NOTICE_2027)
    assert dlg.message.text() == "11 holidays and 2 adjusted working days in 2027."
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted and dlg.text() == NOTICE_2027


def test_year_box_switches_years(qtbot, dialog):
    dlg = dialog(2026)
    with qtbot.waitSignal(dlg.sig_loaded, timeout=10_000):  # each year is read off the GUI thread
        dlg.year_box.setValue(2027)
    assert dlg.status.text().startswith("2027: not entered")
    assert dlg.months[0].dateTextFormat(QDate(2027, 1, 1)).toolTip() == ""
    with qtbot.waitSignal(dlg.sig_loaded, timeout=10_000):
        dlg.year_box.setValue(2025)
    assert dlg.status.text().startswith("2025: official calendar entered")


def test_a_notice_that_is_not_saved_is_offered_again(qtbot, dialog, monkeypatch):
    """Nothing typed is lost: the notice text of a refused year is where the next try starts."""
    told, prefills = [], []
    bad = "2027-01-01 holiday New Year\n2027-02-30 holiday Nonsense"
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: told.append(text)))
    monkeypatch.setattr(YearNoticeDialog, "ask",
                        classmethod(lambda cls, p, y, t="", error=None: prefills.append(t) or bad))
    dlg = dialog(2027)
    with qtbot.assertNotEmitted(dlg.sig_changed):
        qtbot.mouseClick(dlg.import_btn, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(told) == 1, timeout=10_000)  # refused off the GUI thread
    assert told[0].startswith("Nothing was saved: line 2: '2027-02-30' is not a valid date")
    assert dlg.import_btn.isEnabled() and dlg.status.text().startswith("2027: not entered")
    qtbot.mouseClick(dlg.import_btn, Qt.MouseButton.LeftButton)
    assert prefills == ["", bad]
