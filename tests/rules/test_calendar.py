"""WorkCalendar: official data, DB rows, configured years, strict vs provisional (R-TIME-3..6)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from console.rules.calendar import (
    CORRECTIONS,
    CalendarNotConfigured,
    WorkCalendar,
    china_days,
)

CAL = WorkCalendar.china()
d = dt.date.fromisoformat


def test_china_has_holidays_and_adjusted_working_weekends_2004_to_2026():
    # R-TIME working days follow the State Council notice: weekday holidays off, adjusted weekends worked
    assert CAL.configured_years == tuple(range(2004, 2027))
    assert CAL.is_workday(d("2026-10-01")) is False  # National Day (Thursday)
    assert CAL.is_workday(d("2026-10-10")) is True  # adjusted working Saturday
    assert CAL.is_workday(d("2026-02-14")) is True  # adjusted working Saturday before Spring Festival
    assert CAL.is_workday(d("2026-02-21")) is False  # ordinary Saturday
    assert CAL.is_workday(d("2026-03-02")) is True  # ordinary Monday


def test_R_TIME_unconfigured_year_raises_with_year_attribute():
    with pytest.raises(CalendarNotConfigured) as info:
        CAL.is_workday(d("2027-01-04"))
    assert info.value.year == 2027 and "2027" in str(info.value)
    with pytest.raises(CalendarNotConfigured) as info:
        CAL.is_workday(d("2003-06-02"))
    assert info.value.year == 2003
    assert CAL.is_workday(d("2027-01-04"), strict=False) is True  # lenient: Monday-Friday guess
    assert CAL.is_workday(d("2027-01-02"), strict=False) is False


def test_correction_2005_12_31_was_worked_per_state_council_notice():
    # 国办发明电〔2005〕35号: 2006 New Year, "12月31日（星期六）上班"; chinesecalendar says rest day
    import chinese_calendar

    assert chinese_calendar.is_workday(d("2005-12-31")) is False  # the upstream error we correct
    assert CAL.is_workday(d("2005-12-31")) is True
    assert set(CORRECTIONS) == {d("2005-12-31")}


def test_china_days_rows_match_the_calendar_and_name_kinds():
    rows = list(china_days())
    assert len(rows) == sum(366 if y % 4 == 0 else 365 for y in range(2004, 2027))
    by_day = {r.day: r for r in rows}
    assert by_day[d("2026-10-10")].kind == "adjusted_workday"
    assert by_day[d("2026-10-01")].kind == "holiday"
    assert by_day[d("2026-10-17")].kind == "weekend"
    assert all(CAL.is_workday(r.day) == r.is_workday for r in rows)


def test_from_days_accepts_mapping_pairs_dicts_and_orm_like_rows():
    days = dict(CAL.days())
    assert list(WorkCalendar.from_days(days).days()) == list(CAL.days())
    pairs = list(days.items())
    assert list(WorkCalendar.from_days(pairs).days()) == list(CAL.days())
    dicts = [{"day": k, "is_workday": v, "kind": "x"} for k, v in pairs[:366]]
    assert WorkCalendar.from_days(dicts).configured_years == (2004,)
    orm = [SimpleNamespace(day=k, is_workday=v) for k, v in pairs]
    assert WorkCalendar.from_days(orm).configured_years == CAL.configured_years


def test_admin_edit_changes_the_count():
    # an admin marks Monday 2026-03-09 a rest day (e.g. a local order): R-TIME-6 deadline moves a day
    days = dict(CAL.days())
    days[d("2026-03-09")] = False
    edited = WorkCalendar.from_days(days)
    assert CAL.nth_workday_after(d("2026-03-06"), 3) == (d("2026-03-11"), False)
    assert edited.nth_workday_after(d("2026-03-06"), 3) == (d("2026-03-12"), False)


def test_a_year_counts_as_configured_only_with_all_its_days():
    days = dict(CAL.days())
    del days[d("2026-07-15")]
    cal = WorkCalendar.from_days(days)
    assert not cal.is_configured(2026) and cal.is_configured(2025)
    with pytest.raises(CalendarNotConfigured) as info:
        cal.nth_workday_after(d("2025-12-30"), 5)
    assert info.value.year == 2026
    # the lenient count uses the known 2026 days (01-01..03 off, Sun 01-04 worked) and flags the answer:
    # 12-31, 01-04, 01-05
    assert cal.nth_workday_after(d("2025-12-30"), 3, strict=False) == (d("2026-01-05"), True)


def test_partial_next_year_entered_early_is_used_provisionally():
    days = dict(CAL.days())
    days[d("2027-01-01")] = False  # admin typed New Year's Day before the notice was complete
    cal = WorkCalendar.from_days(days)
    assert not cal.is_configured(2027)
    # 12-29, 30, 31, (01-01 off), 01-04, 01-05
    assert cal.nth_workday_after(d("2026-12-28"), 5, strict=False) == (d("2027-01-05"), True)
    assert CAL.nth_workday_after(d("2026-12-28"), 5, strict=False) == (d("2027-01-04"), True)


def test_gap_between_configured_years_is_never_skipped():
    days = {k: v for k, v in CAL.days() if k.year != 2025}
    cal = WorkCalendar.from_days(days)
    with pytest.raises(CalendarNotConfigured) as info:
        cal.nth_workday_after(d("2024-12-30"), 3)
    assert info.value.year == 2025
    with pytest.raises(CalendarNotConfigured):
        cal.workdays_between(d("2024-12-01"), d("2026-01-05"))


def test_workdays_between_half_open():
    # (a, b]: Fri 2026-10-09 -> Mon 10-12 covers Sat 10-10 (worked) and Mon 10-12
    assert CAL.workdays_between(d("2026-10-09"), d("2026-10-12")) == (2, False)
    assert CAL.workdays_between(d("2026-10-12"), d("2026-10-12")) == (0, False)
    assert CAL.workdays_between(d("2026-10-12"), d("2026-10-09")) == (0, False)


def test_banner_helpers():
    # the calendar banner: "2027 working-day calendar not entered — deadlines after … are provisional"
    assert CAL.provisional_after(d("2026-06-01")) == d("2026-12-31")
    assert CAL.missing_year_within(d("2026-12-02"), days=30) == 2027  # 12-02 + 30 days = 2027-01-01
    assert CAL.missing_year_within(d("2026-12-01"), days=30) is None
    assert CAL.missing_year_within(d("2027-03-01")) == 2027
