"""The resolve clock of a demo order, replayed from its events with the rule engine.

`due_at` (console.rules.sla) gives the base deadline from the clock start (R-TIME-0: the
received instant, or `materials_complete` when materials were missing). Pauses move it
(hours clocks by the paused time, working-day clocks by the paused working days), an
approved extension replaces it (R-TIME-10), a reclassification recomputes it for the new
kind. This only fills the `due_at` cache column; the SLA cache rebuild recomputes it.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from console.rules.calendar import CalendarNotConfigured, WorkCalendar
from console.rules.periods import from_china, shift_workdays, to_china, workdays_paused
from console.rules.policy import default_limit
from console.rules.sla import due_at, provisional_due_at

UTC = dt.timezone.utc
CLOCK_KINDS = frozenset({"general_fault", "major_fault", "installation", "restoration", "complaint"})


class Resolved(NamedTuple):
    """The resolve clock after some events: due in force, start, unpaused base due."""

    due: dt.datetime | None
    start: dt.datetime | None
    base: dt.datetime | None
    provisional: bool


class Clock:
    """Deadline arithmetic on one working-day calendar."""

    def __init__(self, calendar: WorkCalendar):
        self.calendar = calendar

    def base_due(self, kind: str, start: dt.datetime, rural: bool) -> tuple[dt.datetime, bool]:
        """R-TIME-1..7 / R-VISIT-1 deadline, and whether it is provisional (a working-day count
        reaching a year without official data: Monday–Friday assumed, never silently)."""
        try:
            return due_at(kind, start, rural=rural, calendar=self.calendar), False
        except CalendarNotConfigured:
            return provisional_due_at(kind, start, rural=rural, calendar=self.calendar).at, True

    def hours_clock(self, kind: str, rural: bool) -> bool:
        return default_limit(kind, rural=rural).unit == "hours"

    def after_pause(self, due: dt.datetime, kind: str, rural: bool, paused: dt.datetime, resumed: dt.datetime) -> dt.datetime:
        if self.hours_clock(kind, rural):
            return due + (resumed - paused)
        lost, _ = workdays_paused(to_china(paused), to_china(resumed), self.calendar)
        return from_china(shift_workdays(to_china(due), lost, self.calendar).at, UTC)

    def extended(self, due: dt.datetime, kind: str, rural: bool) -> dt.datetime:
        """The new due a maintainer asks for (R-TIME-10): +1 day, or +2 working days."""
        if self.hours_clock(kind, rural):
            return due + dt.timedelta(hours=24)
        return from_china(shift_workdays(to_china(due), 2, self.calendar).at, UTC)

    def resolve(self, kind: str, rural: bool, events: list[tuple]) -> Resolved:
        """The resolve clock after `events` ((at, type, actor, payload) in time order).

        Due is None when the kind has no limit (inquiry, business) or the clock has not
        started (R-TIME-0: still waiting for materials).
        """
        start = due = paused_at = None
        for at, etype, _actor, payload in events:
            if etype == "received":
                kind = payload["kind"]
                start = None if payload["missing"] else at
            elif etype == "materials_complete":
                start = at
            elif etype == "reclassified":  # the demo reclassifies before any pause or extension
                kind = payload["to_kind"]
            elif etype == "paused":
                paused_at = at
            elif etype == "resumed" and paused_at is not None and start is not None and kind in CLOCK_KINDS:
                due = self.after_pause(due or self.base_due(kind, start, rural)[0], kind, rural, paused_at, at)
                paused_at = None
            elif etype == "extension_approved":
                due = dt.datetime.fromisoformat(payload["new_due"])
        if start is None or kind not in CLOCK_KINDS:
            return Resolved(None, start, None, False)
        base, provisional = self.base_due(kind, start, rural)
        return Resolved(due or base, start, base, provisional)
