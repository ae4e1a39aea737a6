"""District and maintainer scorecards for a month (R-ZONE-3/4): numbers, ranking, trend, drill-down,
and the yearly summary (R-ZONE-3: the twelve months and the year as one period, :func:`year`).

The definitions are ``console.rules.metrics.METRICS``; this module counts exactly what they say.
Satisfaction and callback coverage are counted with ``services.assessment.callback_coverage``'s
``Coverage`` accumulator over that report's callbacks (those of orders completed in the period, by
the order's district), so the callback numbers here are the callback coverage report's numbers.

Speed: one load per call (``facts.load``: one query per table); a trend or a year sorts the orders
into the months they may count in once, and each month looks at its own (:func:`_by_month`).

Maintainers: an order counts for the maintainer responsible for its district on the order's
relevant day (receipt, clock start or close — R-ZONE-5 history), households are weighted by the
days of the month each district was held, a district's accounts at the start of the month by its
holder on day 1, and new accounts and cancellations by the holder on their day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from console.i18n import T
from console.rules import metrics as M
from console.rules.periods import CST, UTC
from console.services.assessment.callback_coverage import Coverage
from console.services.assessment.facts import (
    COMPLAINT,
    RESPONSE,
    Facts,
    add_months,
    instant,
    load,
    month_bounds,
)

DISTRICT, MAINTAINER, BRANCH = "district", "maintainer", "branch"


@dataclass
class Scorecard:
    level: str  # district | maintainer | branch
    id: int
    name: str
    branch: str
    households: float = 0.0
    complaints: int = 0
    response_ok: int = 0
    response_judged: int = 0
    on_time_ok: int = 0
    on_time_judged: int = 0
    on_time_provisional: int = 0  # due on a year without an entered calendar: neither met nor breached
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [ok, judged]
    callbacks: Coverage = field(default_factory=lambda: Coverage(""))
    accounts_start: int = 0
    accounts_kept: int = 0
    new_accounts: int = 0
    cancelled: int = 0
    growth_target: float = 0.0
    rank: int = 0
    months: int = 1  # the months of the period begun by now (a year so far: to this month)
    holder: int | None = None  # a district's maintainer at the period's end (or today), R-ZONE-5

    def value(self, metric: str) -> float | None:
        if metric == M.COMPLAINT_RATE:
            return M.per_thousand(self.complaints, self.households)
        if metric == M.RESPONSE_24H:
            return M.ratio(self.response_ok, self.response_judged)
        if metric == M.SATISFACTION:
            return self.callbacks.satisfaction
        if metric == M.ON_TIME:
            return M.ratio(self.on_time_ok, self.on_time_judged)
        if metric == M.CALLBACK_COVERAGE:
            return self.callbacks.coverage
        if metric == M.STABILITY:
            return M.ratio(self.accounts_kept, self.accounts_start)
        if metric == M.GROWTH:
            return M.growth_pct(self.new_accounts - self.cancelled, self.growth_target)
        if metric == M.SCORE:
            # R-ZONE-3: the score weighs complaints per month, so a year scores like its months
            rate = self.value(M.COMPLAINT_RATE)
            return M.score(self.value(M.RESPONSE_24H), self.value(M.SATISFACTION),
                           None if rate is None else rate / max(1, self.months))
        raise KeyError(metric)

    def kind_rate(self, kind: str) -> float | None:
        ok, judged = self.by_kind.get(kind, (0, 0))
        return M.ratio(ok, judged)


@dataclass
class Assessment:
    month: dt.date  # the period's first day (a month's, or 1 January for a year)
    branch_id: int | None
    districts: list[Scorecard]
    maintainers: list[Scorecard]
    branches: list[Scorecard]
    months: int = 1  # the period's length: 1 (a month) or 12 (the year, R-ZONE-3's yearly summary)

    @property
    def empty(self) -> bool:
        return not any(c.response_judged or c.complaints or c.on_time_judged or c.on_time_provisional
                       or c.callbacks.owed for c in self.districts)

    @property
    def provisional(self) -> int:
        """Orders counted apart because their due rests on a year without an entered calendar."""
        return sum(c.on_time_provisional for c in self.branches)

    @property
    def label(self) -> str:
        return f"{self.month:%Y}" if self.months == 12 else f"{self.month:%Y-%m}"


@dataclass
class YearSummary:
    """R-ZONE-3's yearly summary: the twelve months (January first) and the year as one period."""

    year: int
    branch_id: int | None
    months: list[Assessment]
    total: Assessment

    @property
    def empty(self) -> bool:
        return self.total.empty

    @property
    def provisional(self) -> int:
        return self.total.provisional


@dataclass(frozen=True)
class DrillRow:
    """One order (or account, for stability/growth) behind a number."""

    ref_id: int
    ref: str  # order number or account id
    kind: str
    district: str
    at: dt.datetime | dt.date | None
    ok: bool | None  # counted as good (on time, responded, kept …), None = counted, no judgement
    detail: str


_TO_CHINA = dt.timedelta(hours=8)  # China Standard Time has no summer time


def _day(t: dt.datetime) -> dt.date:
    """The China date of an aware instant (the facts' instants are UTC: one addition, no zone lookup)."""
    if t.tzinfo is UTC:
        return (t + _TO_CHINA).date()
    return t.astimezone(CST).date()


class _Cards:
    """Scorecards of one period (a month, or a year of ``months`` = 12), filled fact by fact."""

    def __init__(self, facts: Facts, month: dt.date, months: int = 1):
        self.f, self.first = facts, month.replace(day=1)
        self.months = months
        self.last = month_bounds(add_months(self.first, months - 1))[1]
        today = facts.now.astimezone(CST).date()
        begun = (today.year - self.first.year) * 12 + today.month - self.first.month + 1
        self.span = max(1, min(months, begun))  # the months of the period begun by now
        self.lo, self.hi = instant(self.first), instant(self.last + dt.timedelta(days=1))
        self.d: dict[int, Scorecard] = {}
        self.m: dict[int, Scorecard] = {}
        self._seen: dict[tuple[int, dt.date], list[Scorecard]] = {}
        for did, (name, bid, households) in facts.districts.items():
            self.d[did] = Scorecard(DISTRICT, did, name, facts.branches[bid][0], households=households,
                                    months=self.span)

    def _maint(self, district_id: int, day: dt.date) -> Scorecard | None:
        who = self.f.holder(district_id, day)
        return None if who is None else self._card(who, district_id)

    def _card(self, who: int, district_id: int) -> Scorecard:
        card = self.m.get(who)
        if card is None:
            bid = self.f.districts[district_id][1]
            card = self.m[who] = Scorecard(MAINTAINER, who, self.f.staff.get(who, str(who)), self.f.branches[bid][0],
                                           months=self.span)
        return card

    def _both(self, district_id: int, day: dt.date) -> list[Scorecard]:
        # memoised per (district, day): the R-ZONE-5 holder of a district on a day is looked up once
        key = (district_id, day)
        got = self._seen.get(key)
        if got is None:
            got = self._seen[key] = [c for c in (self.d.get(district_id), self._maint(district_id, day))
                                     if c is not None]
        return got

    def fill(self, orders=None) -> _Cards:
        """``orders``: the facts that may count in this period (default all; a trend passes each month
        only the orders received, started, closed or due in it — the same numbers, one pass each)."""
        f, lo, hi, now = self.f, self.lo, self.hi, self.f.now
        for o in (f.orders if orders is None else orders):
            if o.district_id not in self.d:
                continue
            if o.kind == "complaint" and lo <= o.received_at < hi:
                for c in self._both(o.district_id, _day(o.received_at)):
                    c.complaints += 1
            if o.clock_start is not None and lo <= o.clock_start < hi:
                ok = o.response_ok(now)
                if ok is not None:
                    for c in self._both(o.district_id, _day(o.clock_start)):
                        c.response_judged += 1
                        c.response_ok += ok
            if o.on_time_provisional(lo, hi):  # never reported as a breach (nor as met)
                for c in self._both(o.district_id, _day(o.finished_at or o.due)):
                    c.on_time_provisional += 1
                continue
            ok = o.on_time_ok(lo, hi)
            if ok is not None:
                for c in self._both(o.district_id, _day(o.finished_at or o.due)):
                    c.on_time_judged += 1
                    c.on_time_ok += ok
                    tally = c.by_kind.setdefault(o.kind, [0, 0])
                    tally[0] += ok
                    tally[1] += 1
        if f.tallies is not None and orders is None:
            self._tallied(f.tallies)
        for did, who, status, in_time, past_due, score, solved, n in f.callback_tallies or ():
            if did in self.d:
                self._callbacks(did, who, n, status, in_time, past_due, score, solved)
        for status, due, done, score, solved, completed, did, _oid in f.callbacks:
            if not lo <= completed < hi:  # a trend's or year's facts hold every month's callbacks (R-VISIT-1)
                continue
            if did in self.d:
                self._callbacks(did, f.holder(did, _day(completed)), 1, status, done is not None and done <= due,
                                due < now, score, solved)
        self._accounts()
        days = (self.last - self.first).days + 1
        end = min(self.last, now.astimezone(CST).date())
        for did, (_, bid, households) in f.districts.items():
            self.d[did].holder = f.holder(did, end)
            month_target = f.branches[bid][1] * self.months / 12.0 * households / max(1, self._branch_households(bid))
            self.d[did].growth_target = month_target
            for who in {a[2] for a in f.assignments.get(did, ())}:
                held = f.held_days(did, who, self.first, self.last)
                if held:
                    card = self._card(who, did)
                    card.households += households * held / days
                    card.growth_target += month_target * held / days
        return self

    def _callbacks(self, did: int, who: int | None, n: int, status, in_time: bool, past_due: bool, score,
                   solved) -> None:
        """``n`` callbacks alike of district ``did`` (R-VISIT-1), for it and for ``who``, the maintainer
        who held it on the completion's day (R-ZONE-5), through the coverage report's accumulator."""
        district = self.d[did].callbacks
        if not district.label:
            district.label = self.d[did].name
        district.add_many(n, status, in_time, past_due, score, solved)
        if who is not None:
            self._card(who, did).callbacks.add_many(n, status, in_time, past_due, score, solved)

    def _tallied(self, tallies: list[tuple]) -> None:
        """The completed orders the database counted (facts.load(tally=True)): the same additions as
        :meth:`fill` makes fact by fact, a row of ``n`` orders alike at a time."""
        if (self.lo, self.hi) != (self.f.lo, self.f.hi):
            raise ValueError(T("the database's counts are of the loaded period {period} only", period=self.f.lo.date()))
        for measure, did, who, kind, ok, provisional, n in tallies:
            if did not in self.d:
                continue
            cards = [self.d[did]] if who is None else [self.d[did], self._card(who, did)]
            for c in cards:
                if measure == COMPLAINT:
                    c.complaints += n
                elif measure == RESPONSE:
                    c.response_judged += n
                    c.response_ok += n * ok
                elif provisional:
                    c.on_time_provisional += n
                else:
                    c.on_time_judged += n
                    c.on_time_ok += n * ok
                    tally = c.by_kind.setdefault(kind, [0, 0])
                    tally[0] += n * ok
                    tally[1] += n

    def _branch_households(self, bid: int) -> int:
        cache = self.__dict__.setdefault("_bh", {})
        if bid not in cache:
            cache[bid] = sum(h for _, b, h in self.f.districts.values() if b == bid)
        return cache[bid]

    def _accounts(self) -> None:
        first, last = self.first, self.last
        for n, did, subscribed, cancelled in self.f.accounts:  # grouped: n accounts alike
            if did not in self.d:
                continue
            if subscribed < first and (cancelled is None or cancelled >= first):
                kept = cancelled is None or cancelled > last
                for c in self._both(did, first):
                    c.accounts_start += n
                    c.accounts_kept += n if kept else 0
            if first <= subscribed <= last:
                for c in self._both(did, subscribed):
                    c.new_accounts += n
            if cancelled is not None and first <= cancelled <= last:
                for c in self._both(did, cancelled):
                    c.cancelled += n


def _branch_totals(cards: _Cards) -> list[Scorecard]:
    out: dict[str, Scorecard] = {}
    for c in cards.d.values():
        t = out.setdefault(c.branch, Scorecard(BRANCH, 0, c.branch, c.branch, months=cards.span))
        for name in ("households", "complaints", "response_ok", "response_judged", "on_time_ok", "on_time_judged",
                     "on_time_provisional", "accounts_start", "accounts_kept", "new_accounts", "cancelled", "growth_target"):
            setattr(t, name, getattr(t, name) + getattr(c, name))
        for kind, (ok, judged) in c.by_kind.items():
            tally = t.by_kind.setdefault(kind, [0, 0])
            tally[0] += ok
            tally[1] += judged
        t.callbacks.merge(c.callbacks)
    ids = {name: i for i, (name, _) in cards.f.branches.items()}
    for t in out.values():
        t.id = ids.get(t.name, 0)
    return sorted(out.values(), key=lambda c: c.name)


def _ranked(cards: list[Scorecard]) -> list[Scorecard]:
    ranks = M.rank(cards, lambda c: c.value(M.SCORE), lambda c: c.name)
    for c, r in zip(cards, ranks, strict=True):
        c.rank = r
    return sorted(cards, key=lambda c: (c.rank == 0, c.rank, c.name))


def _month_key(t: dt.datetime | None) -> int | None:
    if t is None:
        return None
    d = _day(t)
    return d.year * 12 + d.month - 1


def _by_month(facts: Facts) -> dict[int, list]:
    """Each order under every month it may count in: received (complaints, R-ZONE-3), clock started
    (24 h response) and closed or due (on time). A month's scorecards then look at its own orders only."""
    out: dict[int, list] = defaultdict(list)
    for o in facts.orders:
        keys = {_month_key(o.received_at), _month_key(o.clock_start), _month_key(o.finished_at), _month_key(o.due)}
        keys.discard(None)
        for k in keys:
            out[k].append(o)
    return out


def _assess(store, facts: Facts, month: dt.date, branch_id: int | None, months: int = 1,
            buckets: dict[int, list] | None = None) -> Assessment:
    """One period's scorecards from loaded facts. District satisfaction and coverage are counted with
    the callback coverage report's own accumulator (``Coverage.add``) over the same callbacks (orders
    completed in the period, by the order's district), so they are that report's numbers."""
    orders = None
    if buckets is not None and months == 1:
        orders = buckets.get(month.year * 12 + month.month - 1, [])
    cards = _Cards(facts, month, months).fill(orders)
    return Assessment(month.replace(day=1), branch_id, _ranked(list(cards.d.values())),
                      _ranked(list(cards.m.values())), _ranked(_branch_totals(cards)), months)


def year(store, year_: int, *, branch_id: int | None = None, now: dt.datetime | None = None,
         progress=None) -> YearSummary:
    """R-ZONE-3's yearly summary: the scorecards of each month of ``year_`` and of the whole year
    as one period (complaints per 1,000 households over the year, the response and on-time rates
    of the year's orders, the year's callbacks, stability over the year, growth against the whole
    yearly target), from one load."""
    first = dt.date(year_, 1, 1)
    facts = load(store, first, dt.date(year_, 12, 31), branch_id=branch_id, now=now, progress=progress)
    buckets = _by_month(facts)
    months = [_assess(store, facts, add_months(first, k), branch_id, buckets=buckets) for k in range(12)]
    return YearSummary(year_, branch_id, months, _assess(store, facts, first, branch_id, 12))


def year_series(summary: YearSummary, metric: str, level: str, entity_id: int) -> list[float | None]:
    """One entity's metric in each month of the year, then the year's own value (13 values)."""
    return series(summary.months + [summary.total], metric, level, entity_id)


def card_of(a: Assessment, level: str, entity_id: int) -> Scorecard | None:
    cards = {DISTRICT: a.districts, MAINTAINER: a.maintainers, BRANCH: a.branches}[level]
    return next((c for c in cards if c.id == entity_id), None)


def assess(store, month: dt.date, *, branch_id: int | None = None, now: dt.datetime | None = None,
           progress=None) -> Assessment:
    """The month's scorecards per district and maintainer (ranked) and per branch."""
    first, last = month_bounds(month)
    # one pass; the completed orders with a current stored verdict counted by the database
    facts = load(store, first, last, branch_id=branch_id, now=now, progress=progress, stream=True, tally=True)
    return _assess(store, facts, month, branch_id)


def trend(store, month: dt.date, *, branch_id: int | None = None, months: int = 12,
          now: dt.datetime | None = None, progress=None) -> list[Assessment]:
    """The assessments of the ``months`` months ending with ``month`` (oldest first), one load."""
    start = add_months(month.replace(day=1), -(months - 1))
    facts = load(store, start, month_bounds(month)[1], branch_id=branch_id, now=now, progress=progress)
    buckets = _by_month(facts)
    return [_assess(store, facts, add_months(start, k), branch_id, buckets=buckets) for k in range(months)]


def series(assessments: list[Assessment], metric: str, level: str, entity_id: int) -> list[float | None]:
    """One entity's metric over the trend's months (None where nothing was judged)."""
    out = []
    for a in assessments:
        cards = {DISTRICT: a.districts, MAINTAINER: a.maintainers, BRANCH: a.branches}[level]
        card = next((c for c in cards if c.id == entity_id), None)
        out.append(card.value(metric) if card else None)
    return out


def months_back(today: dt.date, n: int) -> list[dt.date]:
    """The first days of the ``n`` months ending with ``today``'s month, newest first."""
    return [add_months(today.replace(day=1), -k) for k in range(n)]


def per_kind_totals(a: Assessment) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for c in a.branches:
        for kind, (ok, judged) in c.by_kind.items():
            out[kind][0] += ok
            out[kind][1] += judged
    return dict(out)
