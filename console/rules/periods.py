"""Period arithmetic for the time limits (R-TIME), on naive China Standard Time.

Counting (PRC Civil Code arts. 201–203, RULES.md "How periods are counted"):

* **hours** run from the exact instant the clock starts: due = start + N hours;
* **working days**: the start day is not counted; day 1 is the first working day strictly after
  the start's China date; the deadline is 24:00 of the N-th working day, i.e. 00:00 of the next
  calendar day. On time means finished <= due.

Time zones: China has used UTC+8 without daylight saving since 1992, so all arithmetic here runs on
naive datetimes meaning China Standard Time. :func:`to_china` and :func:`from_china` convert at the
edges: a naive input *is* China time (never the host's zone); an aware input is converted, and the
answer is returned aware in the input's own zone.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from console.i18n import T
from console.rules.calendar import WorkCalendar

CST = dt.timezone(dt.timedelta(hours=8), "CST")
UTC = dt.timezone.utc
HOURS = "hours"
WORKDAYS = "workdays"
_DAY = dt.timedelta(days=1)


class Deadline(NamedTuple):
    """A due instant and whether it rests on guessed (Monday–Friday) calendar days."""

    at: dt.datetime
    provisional: bool


def to_china(t: dt.datetime) -> dt.datetime:
    """Naive China time for ``t`` (naive input is already China time)."""
    if t.tzinfo is None:
        return t
    return t.astimezone(CST).replace(tzinfo=None)


def from_china(t: dt.datetime, tz: dt.tzinfo | None) -> dt.datetime:
    """Naive China time ``t`` expressed in ``tz`` (None: stays naive China time)."""
    if tz is None:
        return t
    return t.replace(tzinfo=CST).astimezone(tz)


def deadline(start: dt.datetime, limit: int, unit: str, calendar: WorkCalendar, *, strict: bool = True) -> Deadline:
    """Due instant of a clock of ``limit`` ``unit`` started at naive China time ``start``.

    Working days: 00:00 after the ``limit``-th working day strictly after ``start``'s date.
    Strict raises :class:`~console.rules.calendar.CalendarNotConfigured` when a needed year has no
    official data; lenient counts it Monday–Friday and flags the result provisional.
    """
    if unit == HOURS:
        return Deadline(start + dt.timedelta(hours=limit), False)
    if unit != WORKDAYS:
        raise ValueError(T("unknown unit {unit!r}", unit=unit))
    o, provisional = calendar.nth_workday_after_ordinal(start.toordinal(), limit, strict=strict)
    return Deadline(dt.datetime.fromordinal(o + 1), provisional)


def shift_workdays(due: dt.datetime, k: int, calendar: WorkCalendar, *, strict: bool = False) -> Deadline:
    """Move a due instant (naive China time) later by ``k`` working days.

    The due falls *in* a day: 00:00 means 24:00 of the previous day, any other time means that
    day. That day moves to the k-th working day after it, keeping the time of day. For a
    deadline from :func:`deadline` this equals counting ``limit + k`` working days from the start.
    """
    if k <= 0:
        return Deadline(due, False)
    midnight = due.hour == 0 and due.minute == 0 and due.second == 0 and due.microsecond == 0
    in_day = due.toordinal() - 1 if midnight else due.toordinal()
    o, provisional = calendar.nth_workday_after_ordinal(in_day, k, strict=strict)
    if midnight:
        return Deadline(dt.datetime.fromordinal(o + 1), provisional)
    return Deadline(dt.datetime.combine(dt.date.fromordinal(o), due.time()), provisional)


def workdays_paused(a: dt.datetime, b: dt.datetime, calendar: WorkCalendar) -> tuple[int, bool]:
    """Working days lost to a pause from ``a`` to ``b`` (naive China time): the working days in
    the half-open date span (date(a), date(b)]. A resume restarts counting like a start
    (art. 201: its day is not counted), so the pause day still counts as elapsed and the resume
    day as paused; a pause within one day costs nothing. Lenient (never raises)."""
    return calendar.workdays_between(a.date(), b.date(), strict=False)
