"""Reference data every database needs: the official calendar and the default SLA policy."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, insert, select

from console.models import CalendarDay, SlaPolicy
from console.rules.calendar import china_days
from console.rules.periods import UTC
from console.rules.policy import DEFAULT_LIMITS

POLICY_EPOCH = dt.datetime(2000, 1, 1, tzinfo=UTC)


def official_calendar_days() -> list[dict]:
    """Every day of every year with official State Council data (chinesecalendar + errata)."""
    return [
        {"day": d.day, "is_workday": d.is_workday, "kind": d.kind, "name": d.name[:40], "source": "chinesecalendar"}
        for d in china_days()
    ]


def _seeded(s) -> bool:
    return bool(s.scalar(select(func.count()).select_from(CalendarDay))) and \
        bool(s.scalar(select(func.count()).select_from(SlaPolicy)))


def seed_reference_data(store) -> None:
    """Fill the calendar and policy tables when they are empty (idempotent). A database that
    has them is only read: opening it never takes the write lock."""
    with store.read() as s:
        if _seeded(s):
            return
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
