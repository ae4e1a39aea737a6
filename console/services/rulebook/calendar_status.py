"""Is the working-day calendar entered far enough ahead? (the console's "provisional deadlines" banner)

Working-day deadlines (R-TIME-3..6) that reach a year without the State Council's notice are
computed Monday–Friday and flagged provisional (never guessed as official). An administrator
should be warned *before* that happens: when the next ``days`` days reach such a year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from console.i18n import T
from console.rules.periods import CST
from console.services.sla.policy import load_calendar


@dataclass(frozen=True)
class ProvisionalInfo:
    """The first year without official data, and the last China date before it that counts.

    Deadlines after ``provisional_after`` are provisional (e.g. 2027 missing → 2026-12-31).
    """

    year: int
    provisional_after: dt.date


def provisional_horizon(store, now: dt.datetime, days: int = 30) -> ProvisionalInfo | None:
    """ProvisionalInfo when the ``days`` days after ``now`` (aware; counted on the China date)
    reach a year that is not fully in ``calendar_day``; else None."""
    if now.tzinfo is None:
        raise ValueError(T("now must carry a time zone"))
    if days < 0:
        raise ValueError(T("days must be >= 0"))
    today = now.astimezone(CST).date()
    calendar = load_calendar(store)
    year = calendar.missing_year_within(today, days)
    if year is None:
        return None
    return ProvisionalInfo(year, calendar.provisional_after(today))
