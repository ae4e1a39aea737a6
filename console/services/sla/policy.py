"""The rulebook a stored order is judged by: the working-day calendar and the time-limit policy.

`rulebook(session)` gives both, read once for a transaction or a pass: `Rulebook.policy(version)` is
the one lookup of the policy an order runs under. `calendar_of(session)` is the database's calendar
(cached per database, dropped after an edit); `policies(session)` every policy version;
`current_policy_version(session, at)` the version in force at a moment (a policy change applies to
clocks that start after it, R-TIME-0: an order records the version when its clock starts).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.models import CalendarDay, SlaPolicy
from console.rules.calendar import WorkCalendar
from console.rules.policy import Policy

CALENDAR_TTL_S = 60.0  # another console's calendar edit is seen within a minute
_lock = threading.Lock()
_calendars: dict[str, tuple[int, float, WorkCalendar]] = {}
_generation: dict[str, int] = defaultdict(int)


def _key(bind) -> str:
    """The database of an engine, or of a connection (a session joined to one transaction)."""
    return str(getattr(bind, "engine", bind).url)


def invalidate_calendar(store) -> None:
    """Forget the cached calendar of this database (after an admin edit)."""
    with _lock:
        _generation[_key(store.engine)] += 1


def calendar_of(s: Session) -> WorkCalendar:
    """The database's working-day calendar, cached per database: dropped at once after an edit
    in this process, and re-read after CALENDAR_TTL_S so edits made by another console (a
    shared PostgreSQL) are picked up without a restart."""
    url = _key(s.get_bind())
    now = time.monotonic()
    with _lock:
        gen = _generation[url]
        hit = _calendars.get(url)
        if hit and hit[0] == gen and now - hit[1] < CALENDAR_TTL_S:
            return hit[2]
    cal = WorkCalendar.from_days(s.execute(select(CalendarDay.day, CalendarDay.is_workday)).all())
    with _lock:
        _calendars[url] = (gen, now, cal)
    return cal


def load_calendar(store) -> WorkCalendar:
    with store.read() as s:
        return calendar_of(s)


def policies(s: Session) -> dict[int, Policy]:
    rows = s.scalars(select(SlaPolicy)).all()
    by_version: dict[int, list] = defaultdict(list)
    for r in rows:
        by_version[r.version].append(r)
    return {v: Policy.from_rows(rs, v) for v, rs in by_version.items()} or {1: Policy.default()}


def current_policy_version(s: Session, at: dt.datetime) -> int:
    """The policy in force at `at`: a change applies to clocks that start after it."""
    rows = s.execute(select(SlaPolicy.version, SlaPolicy.effective_from)).all()
    eligible = [v for v, since in rows if since <= at]
    return max(eligible) if eligible else 1


@dataclass(frozen=True)
class Rulebook:
    """The calendar and every policy version of one database, read together."""

    calendar: WorkCalendar
    policies: Mapping[int, Policy]

    def policy(self, version: int | None) -> Policy:
        """The policy of `version`; the regulation's defaults for a version this database lacks."""
        return self.policies.get(version) or Policy.default()


def rulebook(s: Session) -> Rulebook:
    return Rulebook(calendar_of(s), policies(s))
