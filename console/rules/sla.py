"""SLA deadlines (R-TIME-1..7, R-VISIT-1/2): the public ``due_at`` contract of issue 3.

``due_at(kind, clock_start, *, rural=False, calendar)`` returns the due instant of a clock of
``kind`` started at ``clock_start`` under the regulation's default limits (RULES.md R-TIME):

=========================== ========================= =========
kind                        limit                     rule
=========================== ========================= =========
general_fault               24 hours                  R-TIME-1
major_fault                 72 hours                  R-TIME-2
installation                5 working days (10 rural) R-TIME-3/4
restoration                 5 working days            R-TIME-5
complaint                   3 working days            R-TIME-6
complaint_first_response    4 hours                   R-TIME-7
callback                    72 hours after completion R-VISIT-1
=========================== ========================= =========

Counting (Civil Code arts. 201–203): hours from the exact instant; for working days the start
day is not counted, day 1 is the first working day strictly after the start's China date, and the
deadline is 24:00 of the N-th working day, returned as 00:00 of the next calendar day. On time means
finished <= due. Naive datetimes are China Standard Time and give naive results; aware datetimes
give aware results in the same zone, working days counted on the China date; the host's zone never
matters. A working-day deadline that needs a year without official data raises
:class:`~console.rules.calendar.CalendarNotConfigured` — never guessed. ``provisional_due_at`` is
the lenient twin for the banner of issue 3 (Monday–Friday for a missing year, flagged).
"""

from __future__ import annotations

import datetime as dt

from console.rules.calendar import WorkCalendar
from console.rules.periods import CST, HOURS, UTC, Deadline, deadline, from_china, to_china
from console.rules.policy import DEFAULT_LIMITS, Limit

__all__ = ["due_at", "provisional_due_at", "Deadline"]


def _index(limits) -> dict[tuple[str, bool], tuple[int, dt.timedelta | None, Limit]]:
    """(kind, rural) -> (limit, hours as timedelta or None for working days, Limit)."""
    out: dict[tuple[str, bool], tuple[int, dt.timedelta | None, Limit]] = {}
    for lim in limits:
        td = dt.timedelta(hours=lim.limit) if lim.unit == HOURS else None
        for rural, area in ((False, "urban"), (True, "rural")):
            if lim.area == area or (lim.area == "any" and (lim.kind, rural) not in out):
                out[lim.kind, rural] = (lim.limit, td, lim)
    return out


_DEFAULT = _index(DEFAULT_LIMITS)


def _lookup(kind: str, rural: bool):
    try:
        return _DEFAULT[kind, bool(rural)]
    except KeyError:
        raise KeyError(f"no time limit for order kind {kind!r} (inquiry and business have none)") from None


def due_at(kind: str, clock_start: dt.datetime, *, rural: bool = False, calendar: WorkCalendar) -> dt.datetime:
    """Due instant of a ``kind`` clock started at ``clock_start`` (strict; see module doc).

    Raises KeyError for a kind without a limit, CalendarNotConfigured for a working-day deadline
    that needs a year without official data.
    """
    n, hours, _ = _lookup(kind, rural)
    tz = clock_start.tzinfo
    if hours is not None:  # R-TIME-1/2/7, R-VISIT-1: from the exact instant (no calendar)
        if tz is None:
            return clock_start + hours
        return (clock_start.astimezone(UTC) + hours).astimezone(tz)
    # R-TIME-3..6: start day not counted, 24:00 of the n-th working day on the China date
    o = (clock_start if tz is None else clock_start.astimezone(CST)).toordinal()
    end, _ = calendar.nth_workday_after_ordinal(o, n)
    due = dt.datetime.fromordinal(end + 1)
    return due if tz is None else due.replace(tzinfo=CST).astimezone(tz)


def provisional_due_at(
    kind: str, clock_start: dt.datetime, *, rural: bool = False, calendar: WorkCalendar
) -> Deadline:
    """Like :func:`due_at`, but a year without official data counts Monday–Friday (public holidays
    unknown) and the result says so: ``Deadline(at, provisional=True)``. Never raises for the
    calendar."""
    n, _, lim = _lookup(kind, rural)
    at, provisional = deadline(to_china(clock_start), n, lim.unit, calendar, strict=False)
    return Deadline(from_china(at, clock_start.tzinfo), provisional)
