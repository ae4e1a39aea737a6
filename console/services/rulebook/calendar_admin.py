"""Admin edits of the working-day calendar: one day, or a whole year from the notice.

Edits are audited and then recompute the cached SLA columns of every open order and of every
order whose columns were provisional — open or completed (R-TIME-3..6: a due on a guessed
Monday–Friday day of a year not entered; its verdict was never fact, so entering the official year
re-judges it and the flag disappears). A completed order judged on official days is left alone: its
history was judged under the calendar of its time. A notice that does not parse changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

from sqlalchemy import delete, insert, select

from console.errors import StoreError
from console.i18n import T
from console.models import CalendarDay
from console.rules.calendar_notice import DayEntry, parse_year_notice
from console.services.access import permissions
from console.services.audit import chain as audit

KINDS = ("workday", "weekend", "holiday", "adjusted_workday")

Progress = Callable[[float, str], None]


class YearEntered(NamedTuple):
    """What :func:`import_year` did: the days of the year written, and the orders whose cached
    SLA columns the new calendar changed (a due moved, a verdict changed, a provisional flag went)."""

    days: int
    recomputed: int


def calendar_rows(store, year: int) -> list[DayEntry]:
    """The stored days of one year (empty when the year was never entered)."""
    with store.read() as s:
        rows = s.scalars(
            select(CalendarDay)
            .where(CalendarDay.day >= dt.date(year, 1, 1), CalendarDay.day <= dt.date(year, 12, 31))
            .order_by(CalendarDay.day)
        ).all()
        return [DayEntry(r.day, r.is_workday, r.kind, r.name) for r in rows]


def configured_years(store) -> list[int]:
    """Years whose every day is in the calendar table."""
    with store.read() as s:
        days = s.scalars(select(CalendarDay.day)).all()
    counts: dict[int, int] = {}
    for d in days:
        counts[d.year] = counts.get(d.year, 0) + 1
    return sorted(y for y, n in counts.items() if n == (dt.date(y, 12, 31) - dt.date(y, 1, 1)).days + 1)


NAME_MAX = 40  # calendar_day.name


def day_kind(day: dt.date, is_workday: bool, name: str = "") -> str:
    """The calendar kind of a day an admin marks working or not (RULES.md "How periods are counted"):
    a worked Saturday/Sunday is an adjusted working day; a day off on a weekday is a holiday, and so
    is a named day off at a weekend (a festival falling on it); an unnamed day off at a weekend is a
    plain weekend."""
    weekend = day.weekday() >= 5
    if is_workday:
        return "adjusted_workday" if weekend else "workday"
    return "weekend" if weekend and not name else "holiday"


def notice_text(entries: list[DayEntry]) -> str:
    """A year's exceptions in the notice format that :func:`import_year` reads (one line per run
    of consecutive holidays or adjusted working days with the same name), so an entered year can be
    corrected and entered again. Plain working days and unnamed weekends are the default."""
    lines: list[str] = []
    run: list[DayEntry] = []

    def flush() -> None:
        if run:
            word = "holiday" if run[0].kind == "holiday" else "workday"
            span = run[0].day.isoformat() if len(run) == 1 else f"{run[0].day} .. {run[-1].day}"
            lines.append(f"{span:<24}  {word:<7}  {run[0].name}".rstrip())
            run.clear()

    for e in sorted(entries, key=lambda e: e.day):
        if e.kind not in ("holiday", "adjusted_workday"):
            flush()
            continue
        if run and (run[-1].kind, run[-1].name) == (e.kind, e.name) and (e.day - run[-1].day).days == 1:
            run.append(e)
            continue
        flush()
        run.append(e)
    flush()
    return "\n".join(lines) + ("\n" if lines else "")


def year_notice_text(store, year: int) -> str:
    """The stored exceptions of ``year`` as notice text ("" when the year was never entered)."""
    return notice_text(calendar_rows(store, year))


def set_day(store, day: dt.date, *, is_workday: bool, name: str = "", actor_id: int | None,
            now: dt.datetime | None = None, progress: Progress | None = None) -> int:
    """Mark one day as working or not (e.g. a correction from a late State Council notice).

    Audited; then the cached SLA columns of open orders and of provisional ones (open or completed)
    are recomputed (module doc). Returns the number of orders whose cache changed; 0 and nothing
    written when the day already reads so. StoreError for a name longer than the column.
    """
    name = name.strip()
    if len(name) > NAME_MAX:
        raise StoreError(T("the name of {day} is {length} characters long; at most {limit} fit", day=day,
                           length=len(name), limit=NAME_MAX))
    kind = day_kind(day, is_workday, name)
    with store.write() as s:
        permissions.require(s, actor_id, permissions.Action.CALENDAR)
        row = s.get(CalendarDay, day)
        if row is not None and (row.is_workday, row.kind, row.name) == (is_workday, kind, name):
            return 0
        before = None if row is None else {"day": day.isoformat(), "is_workday": row.is_workday,
                                           "kind": row.kind, "name": row.name, "source": row.source}
        if row is None:
            row = CalendarDay(day=day, is_workday=is_workday, kind=kind, name=name, source="admin")
            s.add(row)
        else:
            row.is_workday, row.kind, row.name, row.source = is_workday, kind, name, "admin"
        audit.record(s, actor_id=actor_id, action="calendar.set_day", entity="calendar_day", entity_id=None,
                     branch_id=None, before=before,
                     after={"day": day.isoformat(), "is_workday": is_workday, "kind": kind, "name": name}, at=now)
    return _recompute(store, progress)


def import_year(store, year: int, text: str, *, actor_id: int | None, now: dt.datetime | None = None,
                progress: Progress | None = None) -> YearEntered:
    """Replace a year with the schedule typed from its notice; returns the number of days and
    of orders recomputed (:class:`YearEntered`; module doc: open and provisional orders).

    The text is parsed fully first (NoticeFormatError names the bad line) so a bad
    paste changes nothing.
    """
    entries = parse_year_notice(year, text)
    with store.write() as s:
        permissions.require(s, actor_id, permissions.Action.CALENDAR)
        old = s.scalars(
            select(CalendarDay).where(CalendarDay.day >= dt.date(year, 1, 1), CalendarDay.day <= dt.date(year, 12, 31))
        ).all()
        before = {"days": len(old), "holidays": sum(1 for r in old if r.kind == "holiday"),
                  "adjusted_workdays": sum(1 for r in old if r.kind == "adjusted_workday")}
        s.execute(delete(CalendarDay).where(CalendarDay.day >= dt.date(year, 1, 1), CalendarDay.day <= dt.date(year, 12, 31)))
        s.execute(insert(CalendarDay), [
            {"day": e.day, "is_workday": e.is_workday, "kind": e.kind, "name": e.name[:NAME_MAX], "source": "admin"}
            for e in entries
        ])
        audit.record(s, actor_id=actor_id, action="calendar.import_year", entity="calendar_day", entity_id=year,
                     branch_id=None, before=before,
                     after={"days": len(entries), "holidays": sum(1 for e in entries if e.kind == "holiday"),
                            "adjusted_workdays": sum(1 for e in entries if e.kind == "adjusted_workday"),
                            "text": text}, at=now)
    return YearEntered(len(entries), _recompute(store, progress))


def _recompute(store, progress: Progress | None) -> int:
    # Separate transactions (in batches): the caches are derived, so a crash in between leaves
    # stale caches that the next edit or `audit replay --fix` corrects, never a wrong calendar.
    # R-TIME-3..6: open orders and every provisional verdict, completed or not (module doc).
    from console.services.orders.caches import rebuild_after_calendar

    return rebuild_after_calendar(store, progress=progress)
