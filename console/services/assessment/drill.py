"""Drill-down: the orders (or accounts) behind one scorecard number (R-ZONE-3/4).

Uses the same facts and the same predicates as the scorecards (``OrderFact.response_ok``,
``OrderFact.on_time_ok``, ``Coverage.add``'s classification), so the list always adds up to the
number it was opened from.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from console.i18n import T
from console.models import Customer
from console.rules import metrics as M
from console.services.assessment.districts import (
    BRANCH,
    DISTRICT,
    MAINTAINER,
    DrillRow,
    _day,
)
from console.services.assessment.facts import Facts, instant, load, month_bounds
from console.vocabulary import CallbackStatus

_DAY = dt.timedelta(days=1)


def rows_behind(store, facts: Facts, first: dt.date, last: dt.date, metric: str, level: str,
                entity_id: int | None, kind: str | None = None) -> list:
    lo, hi, now = instant(first), instant(last + _DAY), facts.now

    def mine(district_id: int, day: dt.date) -> bool:
        if district_id not in facts.districts:
            return False
        if entity_id is None:
            return True
        if level == DISTRICT:
            return district_id == entity_id
        if level == BRANCH:
            return facts.districts[district_id][1] == entity_id
        if level == MAINTAINER:
            return facts.holder(district_id, day) == entity_id
        raise ValueError(level)

    dname = {i: d[0] for i, d in facts.districts.items()}
    out: list[DrillRow] = []
    if metric in (M.COMPLAINT_RATE, M.RESPONSE_24H, M.ON_TIME, M.SCORE):
        for o in facts.orders:
            if metric in (M.COMPLAINT_RATE, M.SCORE) and o.kind == "complaint" and lo <= o.received_at < hi:
                if mine(o.district_id, _day(o.received_at)):
                    out.append(DrillRow(o.id, o.number, o.kind, dname[o.district_id], o.received_at, None,
                                        T("R-ZONE-3 complaint")))
                continue
            if metric in (M.RESPONSE_24H, M.SCORE) and o.clock_start is not None and lo <= o.clock_start < hi:
                ok = o.response_ok(now)
                if ok is not None and mine(o.district_id, _day(o.clock_start)):
                    detail = T("no response") if o.responded_at is None else T(
                        "first response after {hours:.1f} h",
                        hours=(o.responded_at - o.clock_start).total_seconds() / 3600)
                    out.append(DrillRow(o.id, o.number, o.kind, dname[o.district_id], o.clock_start, ok, detail))
                continue
            if metric == M.ON_TIME and (kind is None or o.kind == kind):
                ok = o.on_time_ok(lo, hi)
                if ok is not None and mine(o.district_id, _day(o.finished_at or o.due)):
                    why = (T("R-TIME-8 exemption") if o.exempted else T("R-TIME-10 extension") if o.extended
                           else T("open past due") if o.finished_at is None else o.state)
                    out.append(DrillRow(o.id, o.number, o.kind, dname[o.district_id], o.finished_at or o.due, ok, why))
        return out
    if metric in (M.SATISFACTION, M.CALLBACK_COVERAGE):
        for status, due, done, score, _solved, completed, did, oid in facts.callbacks:
            if not mine(did, _day(completed)):
                continue
            o = facts.by_id.get(oid)
            number, okind = (o.number, o.kind) if o else (str(oid), "")
            if metric == M.SATISFACTION:
                if status == CallbackStatus.DONE and score:
                    out.append(DrillRow(oid, number, okind, dname[did], done, score >= 4,
                                        T("satisfaction {score}", score=score)))
                continue
            if status == CallbackStatus.UNREACHABLE or (status != CallbackStatus.DONE and due >= now):
                continue  # not judged (R-TIME-8 analogue / not yet due)
            ok = status == CallbackStatus.DONE and done is not None and done <= due
            out.append(DrillRow(oid, number, okind, dname[did], done or due, ok,
                                T("within 72 h") if ok else T("late", _context="callback") if done
                                else T("missing", _context="callback")))
        return out
    if metric in (M.STABILITY, M.GROWTH):
        wanted = []
        for cid, did, subscribed, cancelled in facts.customers:
            if metric == M.STABILITY and subscribed < first and (cancelled is None or cancelled >= first):
                if mine(did, first) and cancelled is not None and cancelled <= last:
                    wanted.append((cid, did, cancelled, False, T("cancelled", _context="account")))
            elif metric == M.GROWTH:
                if first <= subscribed <= last and mine(did, subscribed):
                    wanted.append((cid, did, subscribed, True, T("new account")))
                if cancelled is not None and first <= cancelled <= last and mine(did, cancelled):
                    wanted.append((cid, did, cancelled, False, T("cancelled", _context="account")))
        accounts = _accounts(store, [w[0] for w in wanted])
        return [DrillRow(cid, accounts.get(cid, str(cid)), "account", dname[did], day, ok, detail)
                for cid, did, day, ok, detail in wanted]
    raise KeyError(metric)


def _accounts(store, ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    with store.read() as s:
        for k in range(0, len(ids), 5000):
            q = select(Customer.id, Customer.account_no).where(Customer.id.in_(ids[k:k + 5000]))
            out.update(dict(s.execute(q).all()))
    return out


def drill_down(store, month: dt.date, metric: str, *, level: str = DISTRICT, entity_id: int | None = None,
               branch_id: int | None = None, kind: str | None = None,
               now: dt.datetime | None = None) -> list[DrillRow]:
    """The orders (accounts for stability and growth) behind one scorecard number."""
    first, last = month_bounds(month)
    facts = load(store, first, last, branch_id=branch_id, now=now, customers=True)
    return rows_behind(store, facts, first, last, metric, level, entity_id, kind)


def drill_between(store, first: dt.date, last: dt.date, metric: str, *, level: str = DISTRICT,
                  entity_id: int | None = None, branch_id: int | None = None, kind: str | None = None,
                  now: dt.datetime | None = None) -> list[DrillRow]:
    """The orders (accounts) behind one number of a longer period — R-ZONE-3's year, China dates
    ``first``..``last`` — with the same predicates as the month's."""
    facts = load(store, first, last, branch_id=branch_id, now=now, customers=True)
    return rows_behind(store, facts, first, last, metric, level, entity_id, kind)
