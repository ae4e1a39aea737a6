"""The in-memory skeleton the demo generators share: branches, districts, staff, customers.

Rows go to the database as they are made; this keeps only what later generators need to
stay consistent (who served which district when, which customers exist in a district).
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass, field

from console.demo.geo import Cell
from console.rules.periods import CST, UTC


@dataclass
class Tenure:
    """One DistrictAssignment row (R-ZONE-5)."""

    maintainer_id: int
    valid_from: dt.date
    valid_to: dt.date | None = None
    reason: str = ""


@dataclass
class DistrictInfo:
    id: int
    branch_id: int
    code: str
    name: str
    rural: bool
    households: int
    cell: Cell
    tenures: list[Tenure] = field(default_factory=list)
    # customers sorted by subscription day: parallel lists for bisect
    cust_days: list[int] = field(default_factory=list)  # date.toordinal() of subscribed_on
    cust_ids: list[int] = field(default_factory=list)
    cust_end: dict[int, int] = field(default_factory=dict)  # id -> cancelled_on ordinal
    major_ids: list[int] = field(default_factory=list)

    def maintainer_on(self, day: dt.date) -> int:
        """Who was responsible for the district on `day` (R-ZONE-5 history)."""
        for t in reversed(self.tenures):
            if t.valid_from <= day:
                return t.maintainer_id
        return self.tenures[0].maintainer_id

    def customer_on(self, rng: random.Random, day: dt.date) -> int | None:
        """A random account of the district that existed (and was not cancelled) on `day`."""
        n = bisect.bisect_right(self.cust_days, day.toordinal())
        for _ in range(6):
            if n == 0:
                return None
            cid = self.cust_ids[rng.randrange(n)]
            end = self.cust_end.get(cid)
            if end is None or end > day.toordinal():
                return cid
        return None


@dataclass
class BranchInfo:
    id: int
    code: str
    name: str
    city: bool
    districts: list[DistrictInfo] = field(default_factory=list)
    dispatchers: list[int] = field(default_factory=list)
    maintainers: list[int] = field(default_factory=list)  # active ones
    inspectors: list[int] = field(default_factory=list)
    managers: list[int] = field(default_factory=list)  # [0] is the business head (R-TIME-8)
    admins: list[int] = field(default_factory=list)

    @property
    def head_id(self) -> int:
        return self.managers[0]


@dataclass
class World:
    seed: int
    now: dt.datetime  # aware UTC
    scale: float
    branches: list[BranchInfo] = field(default_factory=list)
    provincial_inspectors: list[int] = field(default_factory=list)
    staff_names: dict[int, str] = field(default_factory=dict)
    staff_hired: dict[int, dt.date] = field(default_factory=dict)
    majors: list[tuple[int, int, int, str]] = field(default_factory=list)  # cust, branch, district, category
    expiring: list[tuple[int, int, dt.date]] = field(default_factory=list)  # cust, branch, expires_on
    # staff may exist before any branch (provincial accounts): demo staff come after them
    staff_offset: int = 0
    taken_work_numbers: frozenset[str] = frozenset()  # keys (vocabulary.work_number_key) already in use

    @property
    def today(self) -> dt.date:
        """The reference day in China time."""
        return self.now.astimezone(CST).date()

    def rng(self, part: str) -> random.Random:
        """An independent, reproducible stream per part, so parts don't disturb each other."""
        return random.Random(f"{self.seed}:{part}")

    def districts(self):
        for b in self.branches:
            yield from b.districts


def cst_datetime(day: dt.date, hour: float) -> dt.datetime:
    """An aware UTC instant for `hour` (fractional) on a China-time `day`."""
    h = int(hour)
    m = int((hour - h) * 60)
    local = dt.datetime(day.year, day.month, day.day, h, m, tzinfo=CST)
    return local.astimezone(UTC)
