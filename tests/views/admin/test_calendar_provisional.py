"""The calendar dialogs when a year is entered (R-TIME-3..6): the dialog says how many orders the new
calendar recomputed, and nothing typed is lost on an error (kit.drafts)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog

from console.services.rulebook import calendar_admin
from console.views.admin.calendar_dialog import CalendarDialog, YearNoticeDialog
from console.views.kit.ask import Ask
from tests.services.rulebook.test_provisional_year import (  # noqa: F401 - the fixtures
    NOTICE_2027,
    NOW,
    admin,
    orders,
)
from tests.views.admin.test_calendar_dialog import _click


def _open(qtbot, store, actor, year=2027) -> CalendarDialog:
    dlg = CalendarDialog(store, actor_id=actor, year=year, clock=lambda: NOW)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    qtbot.waitUntil(lambda: dlg.shown_year == year, timeout=10_000)
    return dlg


def test_entering_a_year_says_how_many_orders_were_recomputed(qtbot, store, orders, admin, monkeypatch):
    monkeypatch.setattr(YearNoticeDialog, "ask", classmethod(lambda cls, p, y, t="", error=None: NOTICE_2027))
    dlg = _open(qtbot, store, admin)
    with qtbot.waitSignal(dlg.sig_changed, timeout=10_000):
        qtbot.mouseClick(dlg.import_btn, Qt.MouseButton.LeftButton)
    # the open installation and the completed one whose verdict rested on the guess
    assert dlg.outcome.text() == "Saved: 2 order(s) recomputed (open orders and provisional verdicts)."
    assert dlg.status.text().startswith("2027: official calendar entered")


def test_a_refused_notice_is_offered_again_with_the_reason_even_in_a_new_dialog(qtbot, store, orders, monkeypatch):
    told, asked = [], []
    typed = NOTICE_2027 + "2027-10-01..2027-10-07 holiday National Day\n"
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: told.append(text)))
    monkeypatch.setattr(YearNoticeDialog, "ask",
                        classmethod(lambda cls, p, y, t="", error=None: asked.append((t, error)) or typed))
    dispatcher = orders["dispatcher"]  # may not edit the calendar (services.access.permissions)
    dlg = _open(qtbot, store, dispatcher)
    with qtbot.assertNotEmitted(dlg.sig_changed):
        qtbot.mouseClick(dlg.import_btn, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(told) == 1, timeout=10_000)
    assert told[0].startswith("Nothing was saved: ") and told[0].endswith(
        "What you wrote is kept: it is filled in when you try again.")
    assert dlg.outcome.text().startswith("Nothing was saved: ")
    assert calendar_admin.calendar_rows(store, 2027) == []
    dlg.close()
    again = _open(qtbot, store, dispatcher)  # another dialog, later: the typed text is still there
    monkeypatch.setattr(YearNoticeDialog, "ask", classmethod(lambda cls, p, y, t="", error=None: asked.append((t, error))))
    qtbot.mouseClick(again.import_btn, Qt.MouseButton.LeftButton)
    assert asked[0] == ("", None)
    text, error = asked[1]
    assert text == typed and error and error in told[0]


def test_a_refused_day_name_is_offered_again_with_the_reason(qtbot, store, orders, admin, monkeypatch):
    told, asked = [], []
    long_name = "台风" * 21  # 42 characters: the column holds 40
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: told.append(text)))

    def get_text(parent, title, label, echo, default):
        asked.append((label, default))
        return long_name, True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    dlg = _open(qtbot, store, admin, 2026)
    _click(qtbot, dlg, dt.date(2026, 11, 25))
    qtbot.mouseClick(dlg.toggle_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(told) == 1, timeout=10_000)
    assert "at most 40 fit" in told[0]
    qtbot.waitUntil(lambda: dlg.toggle_btn.isEnabled(), timeout=10_000)
    qtbot.mouseClick(dlg.toggle_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(told) == 2, timeout=10_000)
    assert asked[0][1] == ""
    label, default = asked[1]
    assert default == long_name  # what was typed comes back
    assert label.startswith("Not saved: the name of 2026-11-25 is 42 characters long; at most 40 fit")


def test_the_notice_dialog_keeps_a_bad_text_in_the_editor_and_names_the_line(qtbot):
    bad = "2027-01-01..2027-01-03 holiday New Year\n2027-13-01 holiday Nonsense\n"
    dlg = YearNoticeDialog(2027)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.editor, bad.replace("\n", "\r")[:-1])
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dlg.isVisible()  # not accepted: the dialog stays open …
    assert dlg.editor.toPlainText() == bad[:-1]  # … with every character typed
    assert dlg.message.text() == "Not saved: line 2: '2027-13-01' is not a valid date (YYYY-MM-DD)"


def test_the_notice_dialog_reopened_after_a_refusal_says_why(qtbot):
    dlg = YearNoticeDialog(2027, NOTICE_2027, error="the database refused it")
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.editor.toPlainText() == NOTICE_2027
    assert dlg.message.text() == "Not saved: the database refused it"
    qtbot.keyClicks(dlg.editor, " ")  # edited: the live check takes over again
    assert dlg.message.text() == "11 holidays and 1 adjusted working days in 2027."
