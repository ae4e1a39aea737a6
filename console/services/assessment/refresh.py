"""`branch-console audit facts`: judge the completed orders whose stored verdict is not current.

Each completed order without a current verdict (services.assessment.verdicts: none yet, its log
grew, or the calendar or a time limit changed) is judged from its events by the rule engine, the
very function the reports use (services.assessment.facts.fact_of), and its ``order_verdict`` row
written; the rows of orders reopened since are removed. Derived rows only, like the projected
columns (no version bump, no audit row: nothing happened to an order). In transactions of
:data:`BATCH` orders, so a refresh never holds the write lock for long; killed half-way, the rows
already written are current and the next run goes on.

On PostgreSQL only the database owner may write the table (console/store/pg/security.py
``DERIVED_TABLES``): the nightly cron line runs as the owner, as ``admin migrate`` does. ``full``
judges every completed order again (after a restore, or to check: the rows it writes are the same).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import String, delete, func, insert, select, type_coerce

from console.i18n import T
from console.models import Order, OrderEvent, OrderVerdict
from console.rules.periods import UTC
from console.rules.policy import Policy
from console.services.assessment.facts import _events_by_order, fact_of
from console.services.assessment.verdicts import VERDICT_COLUMNS, not_current, rules_stamp
from console.services.sla.policy import calendar_of, policies
from console.store.plain import plain_rows, utc_instant
from console.vocabulary import OrderStatus

BATCH = 2000  # orders per transaction


@dataclass(frozen=True)
class RefreshReport:
    judged: int  # completed orders judged from their events and stored
    unsettled: int  # completed orders judged but not stored (their resolve clock never closed)
    removed: int  # rows of orders no longer completed
    current: int  # completed orders whose row was current already
    seconds: float

    def as_json(self) -> dict:
        return {"judged": self.judged, "unsettled": self.unsettled, "removed": self.removed,
                "current": self.current, "seconds": round(self.seconds, 2)}


def settled(fact) -> bool:
    """A fact that time alone can no longer change: the resolve clock closed (met, breached, exempt)
    or the kind has no limit; only those are stored (an open clock's state is a matter of 'now')."""
    return fact.completed_at is not None and (fact.state is None or fact.finished_at is not None)


def refresh(store, *, full: bool = False, branch_id: int | None = None,
            progress: Callable[[float, str], None] | None = None) -> RefreshReport:
    t0 = time.perf_counter()
    completed = [Order.status == OrderStatus.COMPLETED]
    if branch_id is not None:
        completed.append(Order.branch_id == branch_id)
    with store.read() as s:
        calendar, pols = calendar_of(s), policies(s)
        stamp = rules_stamp(calendar, pols)
        q = select(Order.id).outerjoin(OrderVerdict, OrderVerdict.order_id == Order.id).where(*completed)
        todo = list(s.scalars(q if full else q.where(not_current(stamp)).order_by(Order.id)))
        total = s.scalar(select(func.count()).select_from(Order).where(*completed))
        reopened = select(OrderVerdict.order_id).join(Order, Order.id == OrderVerdict.order_id).where(
            Order.status != OrderStatus.COMPLETED)
        if branch_id is not None:
            reopened = reopened.where(Order.branch_id == branch_id)
        gone = list(s.scalars(reopened))
    todo.sort()
    judged = unsettled = 0
    now = dt.datetime.now(UTC)
    for k in range(0, len(todo), BATCH):
        part = todo[k:k + BATCH]
        with store.write() as s:
            j, u = _judge(s, part, stamp, calendar, pols, now)
            judged, unsettled = judged + j, unsettled + u
        if progress is not None:
            progress(min(1.0, (k + BATCH) / len(todo)), T("orders", _context="recompute progress"))
    if gone:
        with store.write() as s:
            for k in range(0, len(gone), BATCH):
                s.execute(delete(OrderVerdict).where(OrderVerdict.order_id.in_(gone[k:k + BATCH])))
    return RefreshReport(judged, unsettled, len(gone), total - len(todo), time.perf_counter() - t0)


def _judge(s, ids: list[int], stamp: str, calendar, pols, now: dt.datetime) -> tuple[int, int]:
    """Judge the orders ``ids`` and replace their rows, in the caller's transaction."""
    conn = s.connection()
    where = [Order.id.in_(ids), Order.status == OrderStatus.COMPLETED]
    if conn.dialect.name != "sqlite":  # (SQLite: this write transaction is the only writer)
        # an event appended to one of these orders waits until the rows are written, and then its
        # trigger removes the row again (services.assessment.verdicts)
        conn.execute(select(Order.id).where(Order.id.in_(ids)).with_for_update(read=True))
    last = dict(conn.execute(select(OrderEvent.order_id, func.max(OrderEvent.id))
                             .where(OrderEvent.order_id.in_(ids)).group_by(OrderEvent.order_id)).all())
    default = Policy.default()
    logs = dict(_events_by_order(s, where))
    rows, skipped = [], 0
    oq = (select(Order.id, Order.number, type_coerce(Order.kind, String), Order.branch_id, Order.district_id,
                 Order.received_at, Order.completed_at, Order.policy_version).where(*where))
    for oid, number, kind, bid, did, received, completed_at, pv in plain_rows(conn, oq):
        if oid not in last or completed_at is None:
            skipped += 1
            continue
        fact = fact_of(oid, number, kind, bid, did, utc_instant(received), utc_instant(completed_at),
                       logs.get(oid, []), pols.get(pv) or default, calendar, now)
        if not settled(fact):
            skipped += 1
            continue
        rows.append({"order_id": oid, "branch_id": bid, "last_event_id": last[oid], "rules_stamp": stamp,
                     **{c: getattr(fact, c) for c in VERDICT_COLUMNS},
                     # the order's own columns, as the month's counts read them (migration 0013)
                     "district_id": did, "kind": kind, "received_at": fact.received_at,
                     "completed_at": fact.completed_at})
    s.execute(delete(OrderVerdict).where(OrderVerdict.order_id.in_(ids)))
    if rows:
        s.execute(insert(OrderVerdict), rows)
    return len(rows), skipped
