"""`branch-console admin archive`: move a province's old, settled orders into an archive file.

A served database keeps every order with its events (R-ACC: every late order traceable to a
person and a reason). After years, most of them are settled history that no screen reads. The
hot reads never scan that history (indexes of the open orders and of the completion instant,
tests/store/test_pg_plans.py), so archiving is for size and backups, not for speed, and is never
automatic. :func:`archive` does it in two steps, the second only when asked:

1. **Copy.** The orders completed before a date whose record is settled — no open callback, not the
   evidence of an accountability case (R-ACC), not the follow-up of a callback or revisit visit that
   stays, not the parent or the child of an order that stays — are copied with their events,
   callbacks and stored verdicts into a new SQLite file at the same schema revision, together with
   every branch, district, staff member, calendar day and time-limit version and the customers
   they name: the archive opens in the console (``--db FILE``) like any database. Each copied
   table is read back from the file and compared value by value with the source.
2. **Remove** (``remove=True``): in one transaction in the source, those orders, their events,
   callbacks and verdicts are deleted and one audit row (``orders.archived``) records how many,
   the date, the file's name and its SHA-256. The audit log itself is never archived: the chain
   stays whole, and every archived change keeps its audit row with the before and after images.
   On PostgreSQL only the database owner may delete events (no console role can).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, insert, select

from console.errors import StoreError
from console.i18n import T
from console.models import (
    AccountabilityCase,
    Branch,
    CalendarDay,
    Callback,
    Customer,
    District,
    DistrictAssignment,
    Order,
    OrderEvent,
    OrderVerdict,
    RevisitVisit,
    SlaPolicy,
    Staff,
)
from console.rules.periods import CST, UTC
from console.services.audit import chain as audit
from console.vocabulary import CallbackStatus, OrderStatus

BATCH = 2000  # orders per copied or deleted slice
REFERENCE = (Branch, Staff, District, DistrictAssignment, CalendarDay, SlaPolicy)  # copied whole
MOVED = (Order, OrderEvent, Callback, OrderVerdict)  # the archived orders' rows, in that order


@dataclass(frozen=True)
class ArchiveReport:
    before: dt.date
    out: Path
    orders: int
    events: int
    callbacks: int
    verdicts: int
    customers: int
    kept: int  # completed before the date but not settled (see the module doc)
    sha256: str
    removed: bool

    def as_json(self) -> dict:
        return {"before": self.before.isoformat(), "out": str(self.out), "orders": self.orders, "events": self.events,
                "callbacks": self.callbacks, "verdicts": self.verdicts, "customers": self.customers,
                "kept": self.kept, "sha256": self.sha256, "removed": self.removed}


def settled_before(s, before: dt.date) -> tuple[list[int], int]:
    """The ids of the orders completed before 00:00 China time of ``before`` whose record is settled
    (module doc), and how many completed before it are kept because they are not."""
    limit = dt.datetime.combine(before, dt.time(0), CST).astimezone(UTC)
    done = dict(s.execute(select(Order.id, Order.parent_order_id)
                          .where(Order.status == OrderStatus.COMPLETED, Order.completed_at < limit)).all())
    keep: set[int] = set(s.scalars(select(Callback.order_id).where(Callback.status == CallbackStatus.OPEN)))
    keep |= set(s.scalars(select(AccountabilityCase.order_id).where(AccountabilityCase.order_id.is_not(None))))
    keep |= set(s.scalars(select(RevisitVisit.follow_up_order_id).where(RevisitVisit.follow_up_order_id.is_not(None))))
    follow_ups = s.execute(select(Callback.order_id, Callback.follow_up_order_id)
                           .where(Callback.follow_up_order_id.is_not(None))).all()
    children = s.execute(select(Order.id, Order.parent_order_id).where(Order.parent_order_id.is_not(None))).all()
    chosen = set(done) - keep
    while True:  # an order goes only with the orders it is linked to
        drop = {o for o in chosen if done[o] is not None and done[o] not in chosen}
        drop |= {parent for child, parent in children if parent in chosen and child not in chosen}
        drop |= {f for owner, f in follow_ups if f in chosen and owner not in chosen}
        drop |= {owner for owner, f in follow_ups if owner in chosen and f not in chosen}
        if not drop:
            break
        chosen -= drop
    return sorted(chosen), len(done) - len(chosen)


def _plain(value) -> str:
    if isinstance(value, dt.datetime):
        return (value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return repr(getattr(value, "value", value))


def _rows(conn, model, where=None, ids=None):
    t = model.__table__
    key = list(t.primary_key.columns)
    q = select(t).order_by(*key)
    if where is not None:
        q = q.where(where(ids))
    return conn.execute(q).mappings().all()


def _digest(rows) -> str:
    h = hashlib.sha256()
    for r in rows:
        h.update("|".join(_plain(r[k]) for k in sorted(r.keys())).encode())
    return h.hexdigest()


def _where(model):
    """The rows of ``model`` that belong to a slice of archived order ids."""
    if model is Order:
        return lambda ids: Order.__table__.c.id.in_(ids)
    return lambda ids: model.__table__.c.order_id.in_(ids)


def archive(store, before: dt.date, out: str | Path, *, remove: bool = False, actor_id: int | None = None,
            progress: Callable[[float, str], None] | None = None) -> ArchiveReport:
    """See the module doc. StoreError when ``out`` exists or the copy does not read back the same;
    nothing is removed then."""
    from console.store import open_store

    out = Path(out)
    if out.exists():
        raise StoreError(T("{path} exists already: an archive is written to a new file", path=out))
    if out.suffix.lower() not in (".sqlite3", ".sqlite", ".db"):
        raise StoreError(T("the archive {path} must be an SQLite file (.sqlite3)", path=out))
    with store.read() as s:
        ids, kept = settled_before(s, before)
    customer_ids: list[int] = []
    target = open_store(f"sqlite:///{out}", seed_reference=False)
    counts = {m.__tablename__: 0 for m in MOVED}
    try:
        with store.read() as s, target.write() as t:
            src, dst = s.connection(), t.connection()
            dst.exec_driver_sql("PRAGMA defer_foreign_keys = ON")  # branch <-> staff name each other
            used: set[int] = set()
            for m in REFERENCE:
                rows = _rows(src, m)
                if rows:
                    dst.execute(insert(m.__table__), [dict(r) for r in rows])
            for k in range(0, len(ids), BATCH):
                part = ids[k:k + BATCH]
                for m in MOVED:
                    rows = _rows(src, m, _where(m), part)
                    if m is Order:
                        used |= {r["customer_id"] for r in rows if r["customer_id"] is not None}
                    if rows:
                        dst.execute(insert(m.__table__), [dict(r) for r in rows])
                    counts[m.__tablename__] += len(rows)
                if progress is not None:
                    progress(min(0.9, 0.9 * (k + BATCH) / max(1, len(ids))), T("orders", _context="archive progress"))
            customer_ids = sorted(used)
            for k in range(0, len(customer_ids), BATCH):
                rows = _rows(src, Customer, lambda part: Customer.__table__.c.id.in_(part), customer_ids[k:k + BATCH])
                dst.execute(insert(Customer.__table__), [dict(r) for r in rows])
        _check(store, target, ids, customer_ids)
    except BaseException:
        target.dispose()
        for p in (out, Path(f"{out}-wal"), Path(f"{out}-shm")):
            p.unlink(missing_ok=True)
        raise
    target.dispose()
    sha = hashlib.sha256(out.read_bytes()).hexdigest()
    report = ArchiveReport(before, out, counts["work_order"], counts["order_event"], counts["callback"],
                           counts["order_verdict"], len(customer_ids), kept, sha, False)
    if remove and ids:
        _remove(store, ids, report, actor_id)
        report = ArchiveReport(**{**report.__dict__, "removed": True})
    if progress is not None:
        progress(1.0, T("orders", _context="archive progress"))
    return report


def _check(store, target, ids: list[int], customer_ids: list[int]) -> None:
    """Every copied table read back from the file, value by value (StoreError naming the table)."""
    with store.read() as s, target.read() as t:
        src, dst = s.connection(), t.connection()
        for m in REFERENCE:
            if _digest(_rows(src, m)) != _digest(_rows(dst, m)):
                raise StoreError(T("the archive's {table} rows do not read back as copied", table=m.__tablename__))
        for m in (*MOVED, Customer):
            keys = customer_ids if m is Customer else ids
            where = (lambda part: Customer.__table__.c.id.in_(part)) if m is Customer else _where(m)
            for k in range(0, len(keys), BATCH):
                part = keys[k:k + BATCH]
                if _digest(_rows(src, m, where, part)) != _digest(_rows(dst, m, where, part)):
                    raise StoreError(T("the archive's {table} rows do not read back as copied", table=m.__tablename__))
        if dst.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
            raise StoreError(T("the archive names a row it does not hold"))


def _remove(store, ids: list[int], report: ArchiveReport, actor_id: int | None) -> None:
    """The archived orders' rows out of the source, in one transaction, with one audit row."""
    with store.write() as s:
        for k in range(0, len(ids), BATCH):
            part = ids[k:k + BATCH]
            for m in (OrderVerdict, Callback, OrderEvent):
                s.execute(delete(m).where(m.order_id.in_(part)))
            s.execute(delete(Order).where(Order.id.in_(part)))
        left = s.scalar(select(func.count()).select_from(Order).where(Order.id.in_(ids[:BATCH])))
        if left:
            raise StoreError(T("{n} archived orders are still in the database", n=left))
        audit.record(s, actor_id=actor_id, action="orders.archived", entity="archive", entity_id=None,
                     branch_id=None, after={**report.as_json(), "out": report.out.name, "first_id": ids[0],
                                            "last_id": ids[-1]})
