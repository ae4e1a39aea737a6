"""The two public sources of the State Council schedule agree (rules.calendar), and where they did not,
the notice itself decided.

chinesecalendar (our source) has official data 2004-2026; the `holidays` package's China class has
official notices from 2001 on and *guesses* later years (no adjusted working weekends), so the
years both cover officially are exactly chinesecalendar's: 2004-2026 (8,401 days). Raw, they
disagree on one day: 2005-12-31, a Saturday the 2006 notice (国办发明电〔2005〕35号) made a working day
— chinesecalendar has it as a rest day (https://github.com/liriansu-opus/chinese-calendar/issues/125).
WorkCalendar.china() carries that correction (calendar.CORRECTIONS), so it agrees on every day.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import holidays

from console.rules.calendar import CORRECTIONS, WorkCalendar

YEARS = range(2004, 2027)


def _days():
    day, end = dt.date(YEARS[0], 1, 1), dt.date(YEARS[-1], 12, 31)
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def test_overlap_is_2004_to_2026():
    years = {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
    assert (min(years), max(years)) == (YEARS[0], YEARS[-1])
    assert holidays.China.start_year <= YEARS[0]


def test_workcalendar_china_agrees_with_holidays_on_every_day_2004_2026():
    cn = holidays.China(years=YEARS)
    cal = WorkCalendar.china()
    days = list(_days())
    assert len(days) == 8401
    disagree = [d for d in days if cal.is_workday(d) != cn.is_working_day(d)]
    assert disagree == []


def test_raw_sources_disagree_only_on_the_corrected_day():
    cn = holidays.China(years=YEARS)
    disagree = {d for d in _days() if chinese_calendar.is_workday(d) != cn.is_working_day(d)}
    assert disagree == set(CORRECTIONS) == {dt.date(2005, 12, 31)}
    assert cn.is_working_day(dt.date(2005, 12, 31)) is True  # as the 2006 notice says


def test_2025_2026_agree_raw():
    cn = holidays.China(years=(2025, 2026))
    days = [d for d in _days() if d.year >= 2025]
    assert len(days) == 730
    assert all(chinese_calendar.is_workday(d) == cn.is_working_day(d) for d in days)
