"""SLA arithmetic for demo orders, done by the rule engine (console.rules.sla).

While an order is simulated, simple histories take the fast path for its due — `due_at(kind,
clock start)`, where the clock starts at receipt or at `materials_complete` (R-TIME-0) and a
reclassification applies the final kind from that start; anything that moves a clock (pauses,
R-TIME-10 extensions, R-TIME-8 exemptions) is replayed by `evaluate`. The stored columns come
from the write path's own projection of the kept events (demo.orders._finish).
"""

from __future__ import annotations

import datetime as dt

from console.rules.calendar import CalendarNotConfigured, WorkCalendar
from console.rules.clock import RESOLVE, Event
from console.rules.periods import UTC, from_china, shift_workdays, to_china
from console.rules.policy import Policy
from console.rules.sla import due_at, evaluate, provisional_due_at


CLOCK_KINDS = frozenset({"general_fault", "major_fault", "installation", "restoration", "complaint"})
REPLAY = frozenset({"paused", "resumed", "extension_requested", "extension_approved", "extension_rejected",
                    "customer_unreachable", "reopened"})


class Clock:
    """Deadline arithmetic on one working-day calendar and policy."""

    def __init__(self, calendar: WorkCalendar, policy: Policy):
        self.calendar = calendar
        self.policy = policy

    def base_due(self, kind: str, start: dt.datetime, rural: bool) -> tuple[dt.datetime, bool]:
        """R-TIME-1..7 / R-VISIT-1 deadline, and whether it is provisional (a working-day count
        reaching a year without official data: Monday–Friday assumed, and flagged)."""
        try:
            return due_at(kind, start, rural=rural, calendar=self.calendar), False
        except CalendarNotConfigured:
            return provisional_due_at(kind, start, rural=rural, calendar=self.calendar).at, True

    def extended(self, due: dt.datetime, kind: str, rural: bool) -> dt.datetime:
        """The new due a maintainer asks for (R-TIME-10): +1 day, or +2 working days."""
        if self.policy.limit(kind, rural=rural).unit == "hours":
            return due + dt.timedelta(hours=24)
        return from_china(shift_workdays(to_china(due), 2, self.calendar).at, UTC)

    def state(self, events: list[tuple], now: dt.datetime):
        """evaluate() on (at, type, actor, payload) tuples."""
        return evaluate([Event(str(t), at, p) for at, t, _a, p in events], self.policy, self.calendar, now)

    @staticmethod
    def _simple(events: list[tuple]) -> tuple[str, dt.datetime | None]:
        """Final kind and clock start of a history without stops or extensions."""
        kind = start = None
        for at, etype, _a, p in events:
            if etype == "received":
                kind, start = p["kind"], None if p["missing"] else at
            elif etype == "materials_complete" and start is None:
                start = at
            elif etype == "reclassified":
                kind = p["to_kind"]
        return kind, start

    def due(self, rural: bool, events: list[tuple], now: dt.datetime) -> dt.datetime | None:
        """The resolve clock's due in force after `events` (None: no limit, or not started)."""
        if any(e[1] in REPLAY for e in events):
            clock = self.state(events, now).clock(RESOLVE)
            return clock.due if clock is not None else None
        kind, start = self._simple(events)
        if start is None or kind not in CLOCK_KINDS:
            return None
        return self.base_due(kind, start, rural)[0]

