"""Callback coverage and results by district and branch for any period (R-VISIT-1/2/4).

A callback belongs to the period of its order's completion (China dates, ``start`` to ``end``
inclusive). Of those callbacks:

* ``owed``      — all of them;
* ``pending``   — still open and not yet due: not judged yet;
* ``on_time``   — reached no later than the 72 h due;  ``late`` — reached after it;
* ``missing``   — open and past due (nobody has reached the customer in time — the red cells);
* ``unreachable`` — closed after failed calls morning/afternoon/evening with a reason: counted
  separately and left out of the coverage ratio, as R-TIME-8 leaves an unreachable customer out
  of the time limit;
* ``coverage %`` = on_time / (owed − pending − unreachable) × 100; the target is 100 %;
* ``satisfaction`` — mean score of the reached customers; ``problems`` — reached but not solved
  (each has an R-VISIT-3 follow-up order).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from console.i18n import T
from console.models import Branch, Callback, District, Order
from console.rules.periods import CST, UTC
from console.services.assessment.facts import instant
from console.vocabulary import CallbackStatus

TARGET = 100.0  # R-VISIT-1/2: every callback, within 72 hours


@dataclass
class Coverage:
    """Counts for one district, one branch or one week."""

    label: str
    owed: int = 0
    pending: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    unreachable: int = 0
    problems: int = 0
    _scores: dict[int, int] = field(default_factory=dict, repr=False)  # satisfaction score -> how many

    @property
    def judged(self) -> int:
        return self.owed - self.pending - self.unreachable

    @property
    def coverage(self) -> float | None:
        """On-time share of the judged callbacks, in % (None when nothing is judged yet)."""
        return None if self.judged <= 0 else 100.0 * self.on_time / self.judged

    @property
    def satisfaction(self) -> float | None:
        n = sum(self._scores.values())
        return sum(k * v for k, v in self._scores.items()) / n if n else None

    @property
    def gap(self) -> float | None:
        """Percentage points below the 100 % target."""
        c = self.coverage
        return None if c is None else TARGET - c

    def add(self, status: CallbackStatus, due: dt.datetime, done: dt.datetime | None, score, solved, now) -> None:
        self.add_many(1, status, done is not None and done <= due, due < now, score, solved)

    def add_many(self, n: int, status: CallbackStatus, in_time: bool, past_due: bool, score, solved) -> None:
        """``n`` callbacks alike: ``in_time`` reached by the due, ``past_due`` the due passed by now."""
        self.owed += n
        if status == CallbackStatus.UNREACHABLE:
            self.unreachable += n
        elif status == CallbackStatus.DONE:
            if in_time:
                self.on_time += n
            else:
                self.late += n
            if score:
                self._scores[score] = self._scores.get(score, 0) + n
            if solved is False:
                self.problems += n
        elif past_due:
            self.missing += n
        else:
            self.pending += n

    def merge(self, other: Coverage) -> None:
        for name in ("owed", "pending", "on_time", "late", "missing", "unreachable", "problems"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for score, n in other._scores.items():
            self._scores[score] = self._scores.get(score, 0) + n


@dataclass
class CoverageReport:
    start: dt.date
    end: dt.date
    branches: list[Coverage]
    districts: list[tuple[str, Coverage]]  # (branch name, district coverage), by branch then district
    weeks: list[tuple[dt.date, Coverage]]  # (Monday, coverage) for the chart


def coverage(store, start: dt.date, end: dt.date, *, branch_id: int | None = None,
             now: dt.datetime | None = None) -> CoverageReport:
    """Coverage per branch, per district and per week for orders completed ``start``..``end``."""
    if end < start:
        raise ValueError(T("the period ends before it starts"))
    now = now or dt.datetime.now(UTC)
    lo, hi = instant(start), instant(end + dt.timedelta(days=1))  # China dates start..end
    with store.read() as s:
        q = (select(Callback.status, Callback.due_at, Callback.done_at, Callback.satisfaction, Callback.solved,
                    Order.completed_at, District.id, District.name, Branch.id, Branch.name)
             .join(Order, Order.id == Callback.order_id)
             .join(District, District.id == Order.district_id)
             .join(Branch, Branch.id == Callback.branch_id)
             .where(Order.completed_at >= lo, Order.completed_at < hi))
        if branch_id is not None:
            q = q.where(Callback.branch_id == branch_id)
        rows = s.execute(q).all()
        names = {} if branch_id is None else {d.id: d.name for d in s.scalars(
            select(District).where(District.branch_id == branch_id))}
    by_branch: dict[int, Coverage] = {}
    by_district: dict[int, tuple[str, Coverage]] = {}
    by_week: dict[dt.date, Coverage] = defaultdict(lambda: Coverage(""))
    for status, due, done, score, solved, completed, did, dname, bid, bname in rows:
        for cov in (by_branch.setdefault(bid, Coverage(bname)),
                    by_district.setdefault(did, (bname, Coverage(dname)))[1]):
            cov.add(status, due, done, score, solved, now)
        day = completed.astimezone(CST).date()
        monday = day - dt.timedelta(days=day.weekday())
        by_week[monday].add(status, due, done, score, solved, now)
    for did, dname in names.items():  # districts without any callback still show (nothing owed)
        by_district.setdefault(did, ("", Coverage(dname)))
    weeks = []
    monday = start - dt.timedelta(days=start.weekday())
    while monday <= end:
        cov = by_week.get(monday) or Coverage("")
        cov.label = monday.isoformat()
        weeks.append((monday, cov))
        monday += dt.timedelta(days=7)
    return CoverageReport(
        start, end, sorted(by_branch.values(), key=lambda c: c.label),
        sorted(by_district.values(), key=lambda bc: (bc[0], bc[1].label)), weeks,
    )
