"""Revisit plan recurrence (R-VISIT-5): pure dates, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from console.rules import recurrence as rec

D = dt.date


def test_r_visit_5_monthly_on_the_31st_falls_on_the_last_day_of_shorter_months():
    got = rec.between("monthly", D(2026, 1, 31), D(2026, 1, 1), D(2026, 6, 30))
    assert got == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30), D(2026, 5, 31), D(2026, 6, 30)]
    assert rec.between("monthly", D(2027, 12, 31), D(2028, 2, 1), D(2028, 2, 29)) == [D(2028, 2, 29)]  # leap year


def test_quarterly_keeps_the_anchor_day_and_crosses_the_year():
    assert rec.between("quarterly", D(2026, 11, 30), D(2026, 1, 1), D(2027, 12, 31)) == [
        D(2026, 11, 30), D(2027, 2, 28), D(2027, 5, 30), D(2027, 8, 30), D(2027, 11, 30)]


def test_every_n_weeks_from_the_start():
    assert rec.between("weeks", D(2026, 11, 2), D(2026, 11, 10), D(2026, 12, 31), interval_weeks=3) == [
        D(2026, 11, 23), D(2026, 12, 14)]


def test_custom_dates_sorted_deduplicated_and_not_before_the_start():
    dates = ["2026-09-25", "2026-04-25", D(2026, 1, 20), "2026-04-25"]
    assert list(rec.iter_dates("custom", D(2026, 2, 1), custom_dates=dates)) == [D(2026, 4, 25), D(2026, 9, 25)]
    assert rec.next_due("custom", D(2026, 2, 1), custom_dates=dates, after=D(2026, 9, 25)) is None  # run out


def test_next_due_is_after_the_last_planned_date_visited_and_none_when_paused_or_ended():
    assert rec.next_due("monthly", D(2026, 1, 15)) == D(2026, 1, 15)
    assert rec.next_due("monthly", D(2026, 1, 15), after=D(2026, 3, 15)) == D(2026, 4, 15)
    assert rec.next_due("monthly", D(2026, 1, 15), after=D(2026, 3, 20)) == D(2026, 4, 15)
    assert rec.next_due("monthly", D(2026, 1, 15), status="paused") is None
    assert rec.next_due("weeks", D(2026, 1, 15), status="ended", interval_weeks=2) is None


def test_resume_skips_the_dates_inside_the_pause():
    assert rec.resume_due("weeks", D(2026, 1, 5), D(2026, 3, 4), interval_weeks=2) == D(2026, 3, 16)
    assert rec.resume_due("weeks", D(2026, 1, 5), D(2026, 3, 2), interval_weeks=2) == D(2026, 3, 2)


@pytest.mark.parametrize(("kind", "kw", "msg"), [
    ("weeks", {"interval_weeks": 0}, "at least 1 week"),
    ("custom", {}, "at least one date"),
    ("custom", {"custom_dates": ["2026-13-01"]}, "not a date"),
    ("yearly", {}, "unknown recurrence"),
])
def test_a_plan_that_cannot_recur_is_refused(kind, kw, msg):
    with pytest.raises(rec.RecurrenceError, match=msg):
        rec.validate(kind, **kw)


def test_describe_names_the_rule():
    assert rec.describe("monthly", D(2026, 1, 31)) == "monthly on day 31"
    assert rec.describe("weeks", D(2026, 1, 5), interval_weeks=2) == "every 2 week(s) from 2026-01-05"
