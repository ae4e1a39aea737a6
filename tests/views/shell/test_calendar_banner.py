"""The "calendar not entered" banner: appears 30 days before a year without official data
(R-TIME-3..6 count working days; an unpublished year is never guessed). The check runs off the
GUI thread: each test waits for sig_checked."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from console.services.rulebook import calendar_admin
from console.store import open_store
from console.views.shell.calendar_banner import CalendarBanner
from tests.factories import add_person

UTC = dt.timezone.utc
TODAY = dt.datetime(2026, 11, 26, 2, tzinfo=UTC)  # 2026-11-26 10:00 China time
DEC_5 = dt.datetime(2026, 12, 5, 2, tzinfo=UTC)



@pytest.fixture
def store(tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 'banner.sqlite3'}")
    yield st
    st.dispose()


@pytest.fixture
def banner(qtbot, store):
    b = CalendarBanner(store)
    qtbot.addWidget(b)
    return b


def check(qtbot, banner, now):
    """Refresh and wait for the outcome; returns what the check found."""
    with qtbot.waitSignal(banner.sig_checked, timeout=10_000) as checked:
        banner.refresh(now)
    return checked.args[0]


def test_hidden_while_the_next_30_days_are_official(qtbot, banner):
    assert check(qtbot, banner, TODAY) is None
    assert banner.isHidden()


def test_appears_when_30_days_reach_a_missing_year_and_offers_to_enter_it(qtbot, banner):
    assert check(qtbot, banner, DEC_5).year == 2027
    assert not banner.isHidden()
    assert banner.text.text() == "2027 working-day calendar not entered — deadlines after 2026-12-31 are provisional"
    assert "R-TIME-3" in banner.text.toolTip()
    assert banner.button.text() == "Enter the calendar…"
    with qtbot.waitSignal(banner.sig_enter_calendar) as blocker:
        qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    assert blocker.args == [2027]


def test_disappears_once_the_year_is_entered(qtbot, banner, store):
    check(qtbot, banner, DEC_5)
    assert not banner.isHidden()
    calendar_admin.import_year(store, 2027, "2027-01-01..2027-01-03 holiday New Year's Day",
                               actor_id=add_person(store), now=DEC_5)  # an admin enters the year
    assert check(qtbot, banner, DEC_5) is None
    assert banner.isHidden()
    # and comes back for the year after, 30 days before it
    check(qtbot, banner, dt.datetime(2027, 12, 10, 2, tzinfo=UTC))
    assert banner.text.text().startswith("2028 working-day calendar not entered — deadlines after 2027-12-31")


def test_looks_like_a_warning(qtbot, banner):
    check(qtbot, banner, DEC_5)
    banner.resize(900, banner.sizeHint().height())
    image = banner.grab().toImage()
    assert image.pixelColor(4, banner.height() // 2).name() == "#fff4ce"  # amber, not the window grey
    assert not banner.icon.pixmap().isNull()
