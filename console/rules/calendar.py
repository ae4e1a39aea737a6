"""The official working-day calendar (State Council holiday notices), as plain values.

R-TIME-3..6 count *working days*: Monday–Friday, minus the public holidays of the State Council's
yearly notice, plus the adjusted working days (a Saturday or Sunday that is worked). Nothing here is
guessed: a year is **configured** only when the calendar holds every one of its days, and the strict
queries raise :class:`CalendarNotConfigured` (naming the year) for anything else. The lenient queries
(``strict=False``) exist for the console's "provisional deadline" banner: unknown days are taken as
Monday–Friday (public holidays unknown) and the answer is flagged provisional.

Sources: :meth:`WorkCalendar.china` uses the ``chinesecalendar`` package's State Council data
(2004–2026 in 1.11) with the errata in :data:`CORRECTIONS`; :meth:`WorkCalendar.from_days` builds a
calendar from the database's ``calendar_day`` rows (which admins may edit).

A calendar is immutable; build a new one after an edit. Dates are China dates (the caller converts
instants to China Standard Time first — see :mod:`console.rules.sla`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

from console.i18n import T

# Days the chinesecalendar data gets wrong, checked against the State Council notice itself.
# 2005-12-31 (Saturday) was worked: 国办发明电〔2005〕35号, "2006年元旦 … 12月31日（星期六）上班".
# chinesecalendar marks it a rest day (reported upstream, still open when this was written:
# https://github.com/liriansu-opus/chinese-calendar/issues/125);
# the `holidays` package has it right. Value: (is_workday, kind, name).
CORRECTIONS: dict[dt.date, tuple[bool, str, str]] = {
    dt.date(2005, 12, 31): (True, "adjusted_workday", "New Year's Day"),
}


class CalendarNotConfigured(LookupError):
    """A working-day answer needs a year without official data (never guessed)."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(T(
            "no official working-day calendar for {year}: enter the State Council's {year} holiday notice before "
            "computing working-day deadlines in it", year=year))

    def __reduce__(self):  # picklable across process pools
        return (type(self), (self.year,))


class OfficialDay(NamedTuple):
    """One row for the ``calendar_day`` table."""

    day: dt.date
    is_workday: bool
    kind: str  # workday | weekend | holiday | adjusted_workday
    name: str


def china_days() -> Iterator[OfficialDay]:
    """Every day of every year with official data: chinesecalendar plus :data:`CORRECTIONS`."""
    import chinese_calendar  # imported lazily: only needed to build the official calendar

    holidays, workdays = chinese_calendar.holidays, chinese_calendar.workdays
    years = {d.year for d in holidays} | {d.year for d in workdays}
    day, end, one = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31), dt.timedelta(days=1)
    while day <= end:
        weekend = day.weekday() >= 5
        if day in CORRECTIONS:
            work, kind, name = CORRECTIONS[day]
        elif day in holidays:
            work, kind, name = False, "holiday", str(holidays[day])
        elif day in workdays:
            work, kind, name = True, ("adjusted_workday" if weekend else "workday"), str(workdays[day])
        else:
            work, kind, name = not weekend, ("weekend" if weekend else "workday"), ""
        yield OfficialDay(day, work, kind, name)
        day += one


def _year_length(year: int) -> int:
    return 366 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 365


def _year_of(ordinal: int) -> int:
    return dt.date.fromordinal(ordinal).year


class WorkCalendar:
    """Which China dates are working days; immutable.

    Counting helpers work on the Civil Code convention (arts. 201–203): the start day is not
    counted, so :meth:`nth_workday_after` (d, n) is the n-th working day *strictly after* d.
    """

    __slots__ = ("_known", "_years", "_work", "_run_end", "_nth_cache", "memo")

    def __init__(self, days: Mapping[dt.date, bool]):
        known = {d.toordinal(): bool(w) for d, w in days.items()}
        per_year: dict[int, int] = {}
        for d in days:
            per_year[d.year] = per_year.get(d.year, 0) + 1
        years = frozenset(y for y, n in per_year.items() if n == _year_length(y))
        self._known = known
        self._years = years
        self._work = sorted(o for o, w in known.items() if w and _year_of(o) in years)
        # year -> last ordinal of the unbroken run of configured years that contains it
        run_end: dict[int, int] = {}
        for y in sorted(years, reverse=True):
            run_end[y] = run_end.get(y + 1, dt.date(y, 12, 31).toordinal())
        self._run_end = run_end
        self._nth_cache: dict[tuple[int, int], int] = {}
        # scratch space for pure values derived from this (immutable) calendar, e.g. the SLA
        # replay's "where does a deadline move after a stop" answers; keys are namespaced tuples
        self.memo: dict = {}

    def digest(self) -> str:
        """A short stable digest of every known day (R-TIME-3..6): two calendars with the same digest
        count the same working days."""
        hit = self.memo.get(("digest",))
        if hit is None:
            h = hashlib.blake2b(digest_size=16)
            h.update(",".join(f"{o}{'w' if w else 'r'}" for o, w in sorted(self._known.items())).encode())
            hit = self.memo[("digest",)] = h.hexdigest()
        return hit

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def china(cls) -> WorkCalendar:
        """The official State Council schedule (chinesecalendar data + :data:`CORRECTIONS`)."""
        return _china()

    @classmethod
    def from_days(cls, rows: Mapping[dt.date, bool] | Iterable) -> WorkCalendar:
        """Build from ``{day: is_workday}``, ``(day, is_workday)`` pairs, dicts with those keys,
        or objects with ``.day``/``.is_workday`` (``CalendarDay`` rows). A later row for the same
        day wins. Years with fewer than all their days stay unconfigured (strict queries raise);
        their known days are still used by the lenient, provisional queries."""
        if isinstance(rows, Mapping):
            items = rows.items()
        else:
            items = (_pair(r) for r in rows)
        days: dict[dt.date, bool] = {}
        for day, work in items:
            if isinstance(day, dt.datetime):
                day = day.date()
            days[day] = bool(work)
        return cls(days)

    # -- queries ------------------------------------------------------------------------------
    @property
    def configured_years(self) -> tuple[int, ...]:
        return tuple(sorted(self._years))

    def is_configured(self, year: int) -> bool:
        """True when the calendar holds every day of ``year``."""
        return year in self._years

    def is_workday(self, day: dt.date, *, strict: bool = True) -> bool:
        """Whether ``day`` is worked. Strict: raises :class:`CalendarNotConfigured` for a day of
        an unconfigured year; lenient: a known day's value, else Monday–Friday."""
        if day.year in self._years:
            return self._known[day.toordinal()]
        if strict:
            raise CalendarNotConfigured(day.year)
        return self._known.get(day.toordinal(), day.weekday() < 5)

    def days(self) -> Iterator[tuple[dt.date, bool]]:
        """Every known day in date order, as ``(day, is_workday)``."""
        for o in sorted(self._known):
            yield dt.date.fromordinal(o), self._known[o]

    def provisional_after(self, on: dt.date) -> dt.date:
        """The last day of the unbroken configured run that starts at ``on``: working-day counts
        that need any later day are provisional. ``on - 1 day`` if ``on``'s year is missing."""
        end = self._run_end.get(on.year)
        return dt.date.fromordinal(end) if end is not None else on - dt.timedelta(days=1)

    def missing_year_within(self, on: dt.date, days: int = 30) -> int | None:
        """The first unconfigured year that the ``days`` days after ``on`` reach (the console's
        banner: "2027 working-day calendar not entered — deadlines after … are provisional")."""
        last = self.provisional_after(on)
        if (on + dt.timedelta(days=days)) > last:
            return (last + dt.timedelta(days=1)).year
        return None

    # -- counting (Civil Code arts. 201–203) --------------------------------------------------
    def nth_workday_after(self, day: dt.date, n: int, *, strict: bool = True) -> tuple[dt.date, bool]:
        """The ``n``-th working day strictly after ``day`` (``day`` itself when n == 0) and whether
        the answer is provisional. Strict raises :class:`CalendarNotConfigured` for the first
        unconfigured year the count needs; lenient counts such days as Monday–Friday."""
        o, provisional = self.nth_workday_after_ordinal(day.toordinal(), n, strict=strict)
        return dt.date.fromordinal(o), provisional

    def nth_workday_after_ordinal(self, o: int, n: int, *, strict: bool = True) -> tuple[int, bool]:
        """:meth:`nth_workday_after` on proleptic ordinals (the hot path of every deadline)."""
        hit = self._nth_cache.get((o, n))
        if hit is not None:
            return hit, False
        try:
            return self._nth_strict(o, n), False
        except CalendarNotConfigured:
            if strict:
                raise
        count, x = 0, o
        while count < n:
            x += 1
            if self._is_work_lenient(x):
                count += 1
        return x, True

    def workdays_between(self, a: dt.date, b: dt.date, *, strict: bool = True) -> tuple[int, bool]:
        """How many working days lie in the half-open span (a, b] (0 when b <= a), and whether
        the answer is provisional (same strict/lenient rule as :meth:`nth_workday_after`)."""
        return self.workdays_between_ordinal(a.toordinal(), b.toordinal(), strict=strict)

    def workdays_between_ordinal(self, oa: int, ob: int, *, strict: bool = True) -> tuple[int, bool]:
        """:meth:`workdays_between` on proleptic ordinals."""
        if ob <= oa:
            return 0, False
        end = self._run_end.get(_year_of(oa + 1))
        if end is not None and ob <= end:
            return bisect_right(self._work, ob) - bisect_right(self._work, oa), False
        if strict:
            year = _year_of(oa + 1) if end is None else _year_of(end + 1)
            raise CalendarNotConfigured(year)
        return sum(1 for x in range(oa + 1, ob + 1) if self._is_work_lenient(x)), True

    def _nth_strict(self, o: int, n: int) -> int:
        if n <= 0:
            if n < 0:
                raise ValueError(T("n must be >= 0"))
            return o
        y1 = _year_of(o + 1)
        end = self._run_end.get(y1)
        if end is None:
            raise CalendarNotConfigured(y1)
        work = self._work
        i = bisect_right(work, o) + n - 1
        if i >= len(work) or work[i] > end:
            raise CalendarNotConfigured(_year_of(end + 1))
        self._nth_cache[(o, n)] = r = work[i]
        return r

    def _is_work_lenient(self, o: int) -> bool:
        known = self._known.get(o)
        if known is not None:
            return known
        return (o + 6) % 7 < 5  # date.fromordinal(1) is a Monday: (o - 1) % 7 == weekday

    def __repr__(self) -> str:
        ys = self.configured_years
        span = f"{ys[0]}–{ys[-1]}" if ys else "none"
        return f"<WorkCalendar configured years: {span} ({len(ys)})>"


def _pair(row) -> tuple:
    if isinstance(row, Mapping):
        return row["day"], row["is_workday"]
    if hasattr(row, "is_workday"):
        return row.day, row.is_workday
    day, work = row
    return day, work


@functools.cache
def _china() -> WorkCalendar:
    return WorkCalendar({d.day: d.is_workday for d in china_days()})
