"""The state machine of one SLA clock while an order's events are replayed (naive China time).

Rules applied here (RULES.md ids; the full statement is in :func:`console.rules.sla.evaluate`):

* Pauses (and the time an order spends closed before a reopen) move the due by the stopped time in
  the clock's own unit. **Hour clocks**: by the exact stopped duration. **Working-day clocks**: a
  stop runs from instant a to instant b, on China dates A <= B; D is the day the due falls in
  (24:00 of D, or D itself for a due that is not midnight). The working days of the limit still
  left after the stop day, m = wd(A, D], are counted afresh from the resume day, which — like a
  start day (Civil Code art. 201) — is not counted: D' = the m-th working day after B, time of day
  kept. This moves the due by exactly the working days in (A, B]; a stop covering none (within
  one date, or over rest days only) moves nothing. When m == 0 (the due fell in the stop day) and
  the stop ended after the due, the due becomes 24:00 of the resume day B, or of the first working
  day after B if B is a rest day (art. 203: a period never ends on a rest day). The stop day thus
  counts as elapsed and the resume day as stopped. A stop never shortens a due, and a clock that
  stopped in time is never past due at the moment it resumes.
* A stop that begins after the due moves nothing: a clock already past due stays breached, and a
  breach is never reported while a clock that stopped in time is paused.
* R-TIME-10: an extension requested no later than the due (a paused clock that stopped in time
  counts as not past due) and then approved sets the due to the approved instant, if later; a
  rejected or unanswered request changes nothing. ``original_due`` never takes extensions. A
  request still waiting when the clock is closed lapses (a decision after the completion would
  hide a breach: the order is judged against the due in force when it was completed).
"""

from __future__ import annotations

import datetime as dt
import functools

from console.rules.calendar import WorkCalendar
from console.rules.clock import BREACHED, MET, MET_BY_EXEMPTION

_ZERO = dt.timedelta(0)


@functools.cache
def _hours(n: int) -> dt.timedelta:
    return dt.timedelta(hours=n)


class ClockRun:
    """Mutable replay state of one clock; :mod:`console.rules.sla` turns it into a ``Clock``."""

    __slots__ = (
        "name", "kind", "limit", "unit", "rule_id", "hours", "calendar", "start", "due", "original_due",
        "shift", "provisional", "paused_since", "finished_at", "closed_as", "ext_pending",
    )  # fmt: skip

    def __init__(self, name: str, lim, start: dt.datetime, calendar: WorkCalendar, rule_id: str | None = None):
        self.name = name
        self.kind = lim.kind
        self.limit = lim.limit
        self.unit = lim.unit
        self.rule_id = rule_id or lim.rule_id
        self.hours = hours = lim.unit == "hours"
        self.calendar = calendar
        self.start = start
        if hours:  # R-TIME-1/2/7, R-VISIT-1: from the exact instant
            self.due = self.original_due = start + _hours(lim.limit)
            self.provisional = False
        else:  # R-TIME-3..6: 24:00 of the n-th working day after the start day (periods.deadline)
            o, self.provisional = calendar.nth_workday_after_ordinal(start.toordinal(), lim.limit, strict=False)
            self.due = self.original_due = dt.datetime.fromordinal(o + 1)
        self.shift = _ZERO  # real time the stops added to the due
        self.paused_since: dt.datetime | None = None
        self.finished_at: dt.datetime | None = None
        self.closed_as: str | None = None
        self.ext_pending = False

    # -- stops ----------------------------------------------------------------------------------
    def pause(self, at: dt.datetime) -> None:
        if self.finished_at is None and self.paused_since is None:
            self.paused_since = at

    def stopped_in_time(self) -> bool:
        """Paused, and the pause began no later than the due (so no breach can show)."""
        ps = self.paused_since
        return ps is not None and max(ps, self.start) <= self.due

    def resume(self, at: dt.datetime) -> None:
        ps = self.paused_since
        if ps is None:
            return
        self.paused_since = None
        self._stop(ps, at)

    def _stop(self, a: dt.datetime, b: dt.datetime) -> None:
        """Apply a stop from a to b (clipped to the start); no effect once past due."""
        if a < self.start:
            a = self.start
        due = self.due
        if b <= a or a > due:
            return
        if self.hours:
            d = b - a
            self.due = due + d
            self.original_due += d
            self.shift += d
            return
        new = self._moved(due, a, b)
        if new is not None:
            orig = self.original_due
            self.shift += new - due
            self.due = new
            if orig == due:
                self.original_due = new
            elif a <= orig:  # without the extension the clock was still in time
                self.original_due = self._moved(orig, a, b) or orig

    def _moved(self, due: dt.datetime, a: dt.datetime, b: dt.datetime) -> dt.datetime | None:
        """Where a working-day due moves after a stop from a to b (None: it stays). Memoised per
        calendar: dues fall on few distinct instants (mostly midnights)."""
        memo = self.calendar.memo
        key = (due, a.toordinal(), b.toordinal(), b > due)
        hit = memo.get(key, _MISS)
        if hit is _MISS:
            hit = _move_wd(self.calendar, due, *key[1:])
            if len(memo) >= _MEMO_MAX:
                memo.clear()
            memo[key] = hit
        if hit is None:
            return None
        if hit[1]:
            self.provisional = True
        return hit[0]

    # -- closing and reopening ------------------------------------------------------------------
    def close(self, at: dt.datetime, *, exempt: bool = False) -> None:
        """Finish the clock at ``at`` (a pause ends there). On time means at <= due; an exemption
        (R-TIME-8) only counts if the clock was not already breached."""
        if self.finished_at is not None:
            return
        self.resume(at)
        self.finished_at = at
        self.ext_pending = False  # R-TIME-10: a completion ends a request still waiting (ask again after a reopen)
        if at <= self.due:
            self.closed_as = MET_BY_EXEMPTION if exempt else MET
        else:
            self.closed_as = BREACHED

    def reopen(self, at: dt.datetime) -> None:
        """Time spent closed does not count: a clock closed in time resumes with the time it had
        left (the closed span is a stop); one closed late stays breached."""
        closed = self.finished_at
        if closed is None:
            return
        self.finished_at = None
        self.closed_as = None
        self._stop(closed, at)

    # -- R-TIME-10 extensions -------------------------------------------------------------------
    def request_extension(self, at: dt.datetime) -> bool:
        if self.finished_at is not None or (at > self.due and not self.stopped_in_time()):
            return False
        self.ext_pending = True
        return True

    def approve_extension(self, new_due: dt.datetime) -> bool:
        if not self.ext_pending:
            return False
        self.ext_pending = False
        if new_due <= self.due:
            return False
        self.due = new_due
        return True

    def reject_extension(self) -> None:
        self.ext_pending = False


def _move_wd(cal: WorkCalendar, due: dt.datetime, oa: int, ob: int, resumed_late: bool):
    """The rule of the module doc for a stop from day ``oa`` to day ``ob`` (ordinals) of a due that
    falls in day D (``resumed_late``: the stop ended after the due). None if nothing moves, else
    (new due, provisional)."""
    midnight = due.hour == 0 and due.minute == 0 and due.second == 0 and due.microsecond == 0
    od = due.toordinal() - 1 if midnight else due.toordinal()
    m, p1 = cal.workdays_between_ordinal(oa, od, strict=False)
    if m:  # working days of the limit were left after the stop day: count them from the resume day
        k, p2 = cal.workdays_between_ordinal(oa, ob, strict=False)
        if not k:
            return None
        od2, p3 = cal.nth_workday_after_ordinal(ob, m, strict=False)
        if midnight:
            return dt.datetime.fromordinal(od2 + 1), p1 or p2 or p3
        return dt.datetime.combine(dt.date.fromordinal(od2), due.time()), p1 or p2 or p3
    if not resumed_late:
        return None
    # the due fell in the stop day and passed during the stop: 24:00 of the resume day, or of the
    # next working day if that is a rest day (art. 203: a period never ends on a rest day)
    if cal.is_workday(dt.date.fromordinal(ob), strict=False):
        od2, p3 = ob, not cal.is_configured(dt.date.fromordinal(ob).year)
    else:
        od2, p3 = cal.nth_workday_after_ordinal(ob, 1, strict=False)
    return dt.datetime.fromordinal(od2 + 1), p1 or p3


_MEMO_MAX = 200_000  # bound the per-calendar memo of a long-running console
_MISS = object()
