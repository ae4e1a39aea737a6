"""R-TIME / R-FIRST-4: a level reached on a provisional due fires at once, marked provisional, once;
it counts as no ladder rank; once the due is official the level fires again as fact if reached."""

from __future__ import annotations

import datetime as dt

from console.rules.calendar import WorkCalendar
from console.rules.clock import Event
from console.rules.escalation import due_escalations, fired_levels, ladder_level, provisional_levels
from tests.rules.sla_helpers import CAL, T, received, state

LOG = [received("2026-12-28 10:00", "restoration")]  # R-TIME-5: 5 working days, into 2027 (not entered)
NOW = "2027-01-05 12:00"
# the official 2027 calendar: New Year's Day a holiday, the rest Monday–Friday
OFFICIAL = WorkCalendar.from_days({**dict(CAL.days()), **{
    dt.date(2027, 1, 1) + dt.timedelta(days=i): (dt.date(2027, 1, 1) + dt.timedelta(days=i)).weekday() < 5
    and i > 2 for i in range(365)}})


def test_a_provisional_due_fires_marked_with_its_year_and_no_rank():
    guessed = state(LOG, NOW)
    assert guessed.clock("resolve").provisional
    due = due_escalations(guessed)
    assert [(e.level, e.provisional_year) for e in due] == [("assignee", 2027), ("dispatcher", 2027),
                                                            ("leader", 2027)]
    payload = due[-1].payload()
    assert payload["provisional"] is True and payload["provisional_year"] == 2027
    assert ladder_level(payload) == 0  # the order's level counts facts only
    stored = [Event("escalated", T(NOW), e.payload()) for e in due]
    assert fired_levels(stored) == frozenset()
    assert provisional_levels(stored) == {("resolve", "assignee"), ("resolve", "dispatcher"), ("resolve", "leader")}
    # said once: the next pass on the same guess fires nothing
    assert due_escalations(state(LOG + stored, NOW), fired_levels(stored), provisional=provisional_levels(stored)) == ()


def test_once_official_the_levels_reached_fire_as_fact():
    guessed = due_escalations(state(LOG, NOW))
    stored = [Event("escalated", T(NOW), e.payload()) for e in guessed]
    official = state(LOG + stored, NOW, calendar=OFFICIAL)
    assert not official.clock("resolve").provisional
    again = due_escalations(official, fired_levels(stored), provisional=provisional_levels(stored))
    assert [(e.level, e.provisional_year, "provisional" in e.payload()) for e in again] == [
        ("assignee", None, False), ("dispatcher", None, False)]  # ~94 %: not the leader's 100 % yet


def test_official_dues_fire_as_before():
    fault = [received("2026-03-02 09:00", "general_fault")]  # R-TIME-1: hours, never provisional
    due = due_escalations(state(fault, "2026-03-03 10:00"))
    assert [e.level for e in due] == ["assignee", "dispatcher", "leader"]
    assert all(e.provisional_year is None and "provisional" not in e.payload() for e in due)
