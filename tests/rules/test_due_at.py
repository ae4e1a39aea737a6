"""The public due_at contract: every example row of its table (RULES.md R-TIME), plus time zones.

Counting per RULES.md (Civil Code arts. 201-203): hours from the exact instant; working days
exclude the start day and end at 24:00 (= 00:00 next day) of the N-th working day.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from console.rules.calendar import CalendarNotConfigured, WorkCalendar
from console.rules.sla import due_at, provisional_due_at

CAL = WorkCalendar.china()
D = dt.datetime.fromisoformat

# (rule id, kind, clock start, rural, expected due) -- the contract's table, naive China time
TABLE = [
    # R-TIME-1: 24 h from the exact instant, holidays irrelevant (Mid-Autumn starts 09-25 evening)
    ("R-TIME-1", "general_fault", "2026-09-25 17:59", False, "2026-09-26 17:59"),
    # R-TIME-2: 72 h, the adjusted working Saturday 02-14 changes nothing for hours
    ("R-TIME-2", "major_fault", "2026-02-14 10:00", False, "2026-02-17 10:00"),
    # R-TIME-3: National Day 10-01..07 off, Sat 10-10 worked: 10-08, 09, 10, 12, 13
    ("R-TIME-3", "installation", "2026-09-30 11:00", False, "2026-10-14 00:00"),
    # R-TIME-3: start Fri 09-18 (not counted); Sun 09-20 is an adjusted working day: 20, 21, 22, 23, 24
    ("R-TIME-3", "installation", "2026-09-18 09:00", False, "2026-09-25 00:00"),
    # R-TIME-3: Spring Festival 02-15..23 off, Sat 02-28 worked: 02-14(Sat, worked), 24, 25, 26, 27
    ("R-TIME-3", "installation", "2026-02-13 09:00", False, "2026-02-28 00:00"),
    # R-TIME-4: rural installation, 10 working days: ... 02-28, 03-02, 03, 04, 05
    ("R-TIME-4", "installation", "2026-02-13 09:00", True, "2026-03-06 00:00"),
    # R-TIME-6: complaint received on a holiday: 10-08, 09, 10(Sat, worked)
    ("R-TIME-6", "complaint", "2026-10-03 15:00", False, "2026-10-11 00:00"),
    # R-TIME-6: crosses the year: 2025-12-31 not counted; 2026-01-01..03 off, 01-04 (Sun) worked
    ("R-TIME-6", "complaint", "2025-12-31 10:00", False, "2026-01-07 00:00"),
    # R-TIME-3: Qingming 04-04..06 off: 04-07, 08, 09, 10, 13
    ("R-TIME-3", "installation", "2026-04-03 16:30", False, "2026-04-14 00:00"),
    # R-VISIT-1: callback 72 h after completion; hours need no calendar, even into 2027
    ("R-VISIT-1", "callback", "2026-12-30 12:00", False, "2027-01-02 12:00"),
    # R-TIME-7: complaint first response within 4 h (R-PROM-2)
    ("R-TIME-7", "complaint_first_response", "2026-10-01 22:30", False, "2026-10-02 02:30"),
    # R-TIME-5: restoration, 5 working days: 2026-04-30 is a Thursday before Labour Day (05-01..05 off,
    # Sat 05-09 worked): 05-06, 07, 08, 09, 11
    ("R-TIME-5", "restoration", "2026-04-30 08:00", False, "2026-05-12 00:00"),
]


@pytest.mark.parametrize(("rule", "kind", "start", "rural", "due"), TABLE, ids=[f"{r[0]}-{r[1]}-{r[2]}" for r in TABLE])
def test_issue3_table_naive_china_time(rule, kind, start, rural, due):
    assert due_at(kind, D(start), rural=rural, calendar=CAL) == D(due)


def test_R_TIME_3_unpublished_year_raises_naming_2027():
    # R-TIME-3: 2026-12-29, 30, 31 are 3 working days; days 4 and 5 need the 2027 notice
    with pytest.raises(CalendarNotConfigured) as info:
        due_at("installation", D("2026-12-28 09:00"), calendar=CAL)
    assert info.value.year == 2027
    assert "2027" in str(info.value)


def test_R_TIME_6_deadline_on_last_day_of_year_needs_no_next_year():
    # R-TIME-6: 2026-12-28 (Mon) -> 29, 30, 31: due 24:00 of 12-31 = 2027-01-01 00:00, no 2027 data used
    assert due_at("complaint", D("2026-12-28 09:00"), calendar=CAL) == D("2027-01-01 00:00")


def test_R_TIME_3_provisional_twin_counts_monday_to_friday_and_flags_it():
    # R-TIME-3 in 2027 (not yet published): Mon-Fri guess 12-29, 30, 31, 2027-01-01 (Fri), 01-04
    at, provisional = provisional_due_at("installation", D("2026-12-28 09:00"), calendar=CAL)
    assert (at, provisional) == (D("2027-01-05 00:00"), True)
    # inside official data the twin agrees with due_at and is not provisional
    assert provisional_due_at("installation", D("2026-09-30 11:00"), calendar=CAL) == (D("2026-10-14 00:00"), False)


def test_inquiry_and_business_have_no_limit():
    for kind in ("inquiry", "business"):
        with pytest.raises(KeyError):
            due_at(kind, D("2026-03-02 09:00"), calendar=CAL)


@pytest.mark.parametrize(("rule", "kind", "start", "rural", "due"), TABLE, ids=[f"{r[0]}-{r[1]}-{r[2]}" for r in TABLE])
@pytest.mark.parametrize(
    "zone", ["UTC", "America/New_York", "Asia/Shanghai", "Pacific/Kiritimati", "fixed:0", "fixed:-5", "fixed:+8"]
)
def test_aware_input_gives_same_instant_in_same_zone(rule, kind, start, rural, due, zone):
    # R-TIME: aware datetimes -> aware result in the caller's zone, working days on the China date
    if zone.startswith("fixed:"):  # datetime.timezone (the database's UTC) takes a faster path
        hours = int(zone[6:])
        tz = dt.timezone.utc if hours == 0 else dt.timezone(dt.timedelta(hours=hours))
    else:
        tz = ZoneInfo(zone)
    cst = ZoneInfo("Asia/Shanghai")
    start_aware = D(start).replace(tzinfo=cst).astimezone(tz)
    got = due_at(kind, start_aware, rural=rural, calendar=CAL)
    assert got.tzinfo is tz
    assert got == D(due).replace(tzinfo=cst)


def test_R_TIME_1_hours_are_exact_across_a_dst_change():
    # R-TIME-1 counts exact hours: across New York's 2026-03-08 spring-forward, 24 h is 25 wall hours
    ny = ZoneInfo("America/New_York")
    start = dt.datetime(2026, 3, 7, 12, 0, tzinfo=ny)
    got = due_at("general_fault", start, calendar=CAL)
    assert (got.astimezone(dt.timezone.utc) - start.astimezone(dt.timezone.utc)) == dt.timedelta(hours=24)
    assert got.replace(tzinfo=None) == dt.datetime(2026, 3, 8, 13, 0)


def test_R_TIME_3_working_days_counted_on_the_china_date_not_the_callers():
    # R-TIME-3: 2026-09-29 23:00 New York = 09-30 11:00 China, so 09-30 is the (uncounted) start day
    ny = ZoneInfo("America/New_York")
    start = dt.datetime(2026, 9, 29, 23, 0, tzinfo=ny)
    assert due_at("installation", start, calendar=CAL) == dt.datetime(2026, 10, 14, tzinfo=ZoneInfo("Asia/Shanghai"))
    # and a start on 09-29 China time (09-29 10:00 New York is 09-29 22:00 China): 09-30 counts
    start = dt.datetime(2026, 9, 29, 10, 0, tzinfo=ny)
    assert due_at("installation", start, calendar=CAL) == dt.datetime(2026, 10, 13, tzinfo=ZoneInfo("Asia/Shanghai"))
