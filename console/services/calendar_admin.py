"""Admin edits of the working-day calendar: one day, or a whole year from the notice.

Edits are audited and recompute the cached due times of open orders (closed orders
are left alone: their history was judged under the calendar of its time).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, insert, select

from console.models import CalendarDay
from console.rules.calendar_notice import DayEntry, parse_year_notice
from console.services import audit

KINDS = ("workday", "weekend", "holiday", "adjusted_workday")


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


def set_day(store, day: dt.date, *, is_workday: bool, name: str = "", actor_id: int | None,
            now: dt.datetime | None = None) -> None:
    """Mark one day as working or not (e.g. a correction from a late State Council notice)."""
    weekend = day.weekday() >= 5
    kind = ("adjusted_workday" if weekend else "workday") if is_workday else ("weekend" if weekend and not name else "holiday")
    with store.write() as s:
        row = s.get(CalendarDay, day)
        before = None if row is None else {"is_workday": row.is_workday, "kind": row.kind, "name": row.name}
        if row is None:
            row = CalendarDay(day=day, is_workday=is_workday, kind=kind, name=name, source="admin")
            s.add(row)
        else:
            row.is_workday, row.kind, row.name, row.source = is_workday, kind, name, "admin"
        audit.record(s, actor_id=actor_id, action="calendar.set_day", entity="calendar_day", entity_id=None,
                     branch_id=None, before=before,
                     after={"day": day.isoformat(), "is_workday": is_workday, "kind": kind, "name": name}, at=now)
    _recompute(store, now)


def import_year(store, year: int, text: str, *, actor_id: int | None, now: dt.datetime | None = None) -> int:
    """Replace a year with the schedule typed from its notice; returns the number of days.

    The text is parsed fully first (NoticeFormatError names the bad line) so a bad
    paste changes nothing.
    """
    entries = parse_year_notice(year, text)
    with store.write() as s:
        old = s.scalars(
            select(CalendarDay).where(CalendarDay.day >= dt.date(year, 1, 1), CalendarDay.day <= dt.date(year, 12, 31))
        ).all()
        before = {"days": len(old), "holidays": sum(1 for r in old if r.kind == "holiday"),
                  "adjusted_workdays": sum(1 for r in old if r.kind == "adjusted_workday")}
        s.execute(delete(CalendarDay).where(CalendarDay.day >= dt.date(year, 1, 1), CalendarDay.day <= dt.date(year, 12, 31)))
        s.execute(insert(CalendarDay), [
            {"day": e.day, "is_workday": e.is_workday, "kind": e.kind, "name": e.name[:40], "source": "admin"}
            for e in entries
        ])
        audit.record(s, actor_id=actor_id, action="calendar.import_year", entity="calendar_day", entity_id=year,
                     branch_id=None, before=before,
                     after={"days": len(entries), "holidays": sum(1 for e in entries if e.kind == "holiday"),
                            "adjusted_workdays": sum(1 for e in entries if e.kind == "adjusted_workday"),
                            "text": text}, at=now)
    _recompute(store, now)
    return len(entries)


def _recompute(store, now: dt.datetime | None) -> None:
    from console.services.sla import rebuild_open_caches

    rebuild_open_caches(store, now=now)
