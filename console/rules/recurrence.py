"""Major-client revisit plan recurrence (R-VISIT-5): pure date arithmetic, no storage, no Qt.

A plan recurs

* ``weeks``     — every N weeks from its start date (N >= 1);
* ``monthly``   — on the start date's day of every month; a day the month lacks becomes the
  month's last day (31 Jan → 28/29 Feb → 31 Mar: the anchor is the start day, never drifts);
* ``quarterly`` — the same, every third month;
* ``custom``    — on an explicit list of dates (ISO strings or dates), before the start ignored.

A paused or ended plan has no next due. ``next_due`` is the first occurrence after the last
planned date already visited (or from the start), so a missed visit stays due (overdue) until it is
recorded; ``resume_due`` skips what fell inside a pause.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from console.i18n import T, Text

WEEKS, MONTHLY, QUARTERLY, CUSTOM = "weeks", "monthly", "quarterly", "custom"
RECURRENCES = (WEEKS, MONTHLY, QUARTERLY, CUSTOM)
ACTIVE = "active"
_HORIZON_YEARS = 50  # an open-ended plan never runs for ever


class RecurrenceError(ValueError):
    """The recurrence cannot produce dates (e.g. every 0 weeks, a custom plan without dates)."""


def _add_months(anchor: dt.date, months: int) -> dt.date:
    m = anchor.month - 1 + months
    year, month = anchor.year + m // 12, m % 12 + 1
    return dt.date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))


def _custom(dates: Iterable[str | dt.date]) -> list[dt.date]:
    out = set()
    for d in dates:
        out.add(d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)))
    return sorted(out)


def validate(recurrence: str, *, interval_weeks: int | None = None,
             custom_dates: Sequence[str | dt.date] = ()) -> None:
    """Raise RecurrenceError when the plan cannot recur."""
    if recurrence not in RECURRENCES:
        raise RecurrenceError(T("unknown recurrence {recurrence!r} (one of {choices})", recurrence=recurrence,
                                 choices=", ".join(RECURRENCES)))
    if recurrence == WEEKS and (not interval_weeks or interval_weeks < 1):
        raise RecurrenceError(T("a weekly plan needs an interval of at least 1 week"))
    if recurrence == CUSTOM:
        if not custom_dates:
            raise RecurrenceError(T("a custom plan needs at least one date"))
        try:
            _custom(custom_dates)
        except ValueError as exc:
            raise RecurrenceError(T("a custom date is not a date (YYYY-MM-DD): {error}", error=str(exc))) from None


def iter_dates(recurrence: str, start: dt.date, *, interval_weeks: int | None = None,
               custom_dates: Sequence[str | dt.date] = ()) -> Iterator[dt.date]:
    """Every planned date of the plan from ``start`` on, in order (finite horizon)."""
    validate(recurrence, interval_weeks=interval_weeks, custom_dates=custom_dates)
    if recurrence == CUSTOM:
        yield from (d for d in _custom(custom_dates) if d >= start)
        return
    end = dt.date(min(start.year + _HORIZON_YEARS, dt.MAXYEAR), 12, 31)
    k = 0
    while True:
        if recurrence == WEEKS:
            d = start + dt.timedelta(weeks=k * interval_weeks)
        else:
            d = _add_months(start, k * (1 if recurrence == MONTHLY else 3))
        if d > end:
            return
        yield d
        k += 1


def between(recurrence: str, start: dt.date, first: dt.date, last: dt.date, *,
            interval_weeks: int | None = None, custom_dates: Sequence[str | dt.date] = ()) -> list[dt.date]:
    """Planned dates in [first, last] (both inclusive)."""
    out = []
    for d in iter_dates(recurrence, start, interval_weeks=interval_weeks, custom_dates=custom_dates):
        if d > last:
            break
        if d >= first:
            out.append(d)
    return out


def next_due(recurrence: str, start: dt.date, *, status: str = ACTIVE, interval_weeks: int | None = None,
             custom_dates: Sequence[str | dt.date] = (), after: dt.date | None = None) -> dt.date | None:
    """The first planned date strictly after ``after`` (the last planned date visited), or the
    first one from the start; None for a paused/ended plan or when the dates have run out."""
    if status != ACTIVE:
        return None
    for d in iter_dates(recurrence, start, interval_weeks=interval_weeks, custom_dates=custom_dates):
        if after is None or d > after:
            return d
    return None


def resume_due(recurrence: str, start: dt.date, today: dt.date, *, interval_weeks: int | None = None,
               custom_dates: Sequence[str | dt.date] = ()) -> dt.date | None:
    """After a pause: the first planned date on or after ``today`` (visits the pause skipped are
    not owed)."""
    return next_due(recurrence, start, interval_weeks=interval_weeks, custom_dates=custom_dates,
                    after=today - dt.timedelta(days=1))


def describe(recurrence: str, start: dt.date, *, interval_weeks: int | None = None,
             custom_dates: Sequence[str | dt.date] = ()) -> Text:
    """A short description, as a Text (str() the English; a view renders it in the user's language)."""
    if recurrence == WEEKS:
        return T("every {weeks} week(s) from {start}", weeks=interval_weeks, start=start.isoformat())
    if recurrence == MONTHLY:
        return T("monthly on day {day}", day=start.day)
    if recurrence == QUARTERLY:
        return T("quarterly on day {day}", day=start.day)
    return T("{count} custom date(s)", count=len(_custom(custom_dates)))
