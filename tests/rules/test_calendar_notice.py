"""Entering a year from the State Council notice (the calendar in the database)."""

from __future__ import annotations

import datetime as dt

import pytest

from console.rules.calendar_notice import NoticeFormatError, parse_year_notice

NOTICE_2027 = """
# a made-up 2027 notice for the test
2027-01-01 .. 2027-01-03  holiday  New Year's Day
2027-02-06..2027-02-13    休       春节
2027-02-14                班       春节调休
"""


def test_notice_marks_holidays_and_adjusted_working_weekends():
    days = {e.day: e for e in parse_year_notice(2027, NOTICE_2027)}
    assert len(days) == 365
    assert days[dt.date(2027, 1, 1)].kind == "holiday" and not days[dt.date(2027, 1, 1)].is_workday
    assert days[dt.date(2027, 2, 8)].name == "春节"  # a Monday inside the holiday
    assert not days[dt.date(2027, 2, 8)].is_workday
    sunday = days[dt.date(2027, 2, 14)]
    assert sunday.is_workday and sunday.kind == "adjusted_workday"  # R-TIME: adjusted working day counts
    assert days[dt.date(2027, 3, 6)].kind == "weekend"  # an ordinary Saturday
    assert days[dt.date(2027, 3, 8)].kind == "workday"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027-02-30 holiday x", "line 1: '2027-02-30' is not a valid date"),
        ("2026-12-31 holiday x", "not inside 2027"),
        ("2027-01-01 vacation", "neither 'holiday' nor 'workday'"),
        ("2027-01-05..2027-01-02 holiday", "ends before it starts"),
        ("2027-01-01 holiday a\n2027-01-01 workday b", "line 2: 2027-01-01 is already set on line 1"),
        ("holiday on new year", "expected 'YYYY-MM-DD"),
    ],
)
def test_bad_notice_lines_are_named(text, message):
    with pytest.raises(NoticeFormatError, match=message.replace("(", r"\(").replace(".", r"\.")):
        parse_year_notice(2027, text)
