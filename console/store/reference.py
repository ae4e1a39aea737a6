"""Reference data every database needs: the official calendar and the default SLA policy."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
from sqlalchemy import func, insert, select

from console.models import CalendarDay, SlaPolicy
from console.rules.policy import DEFAULT_LIMITS

POLICY_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def official_calendar_days() -> list[dict]:
    """Every day of every year chinesecalendar has official State Council data for."""
    holidays = chinese_calendar.holidays
    workdays = chinese_calendar.workdays
    years = sorted({d.year for d in holidays} | {d.year for d in workdays})
    rows: list[dict] = []
    day = dt.date(years[0], 1, 1)
    end = dt.date(years[-1], 12, 31)
    one = dt.timedelta(days=1)
    while day <= end:
        weekend = day.weekday() >= 5
        if day in holidays:
            kind, work, name = "holiday", False, str(holidays[day])
        elif day in workdays:
            kind, work, name = ("adjusted_workday" if weekend else "workday"), True, str(workdays[day])
        elif weekend:
            kind, work, name = "weekend", False, ""
        else:
            kind, work, name = "workday", True, ""
        rows.append({"day": day, "is_workday": work, "kind": kind, "name": name[:40], "source": "chinesecalendar"})
        day += one
    return rows


def seed_reference_data(store) -> None:
    """Fill the calendar and policy tables when they are empty (idempotent)."""
    with store.write() as s:
        if not s.scalar(select(func.count()).select_from(CalendarDay)):
            s.execute(insert(CalendarDay), official_calendar_days())
        if not s.scalar(select(func.count()).select_from(SlaPolicy)):
            s.execute(
                insert(SlaPolicy),
                [
                    {
                        "version": 1,
                        "kind": lim.kind,
                        "area": lim.area,
                        "limit": lim.limit,
                        "unit": lim.unit,
                        "rule_id": lim.rule_id,
                        "effective_from": POLICY_EPOCH,
                        "created_by_id": None,
                    }
                    for lim in DEFAULT_LIMITS
                ],
            )
