"""The province demo: `generate_province(store, ...)` fills an empty database with a whole province.

100 branches (city and county, console.demo.province_map) whose ~2,300 contract districts tile the
province, ~7 M households by the R-ZONE-1 norms, their staff (console.demo.province_org), customer
accounts with each branch's major clients (console.demo.province_people), 400 days of orders
(2,000,000 by default) made by the demo's own order stories (console.demo.orders.OrderFactory:
events, projected columns and Callback rows by the write path's projection, services.orders.caches),
revisit plans and visits, notices, fee reminders, every branch's inspections with findings,
accountability cases and training.

Rows are written in bulk (console.demo.bulk: `COPY` on PostgreSQL, `executemany` on SQLite), all of
them in ONE write transaction: killed or failing half-way, nothing is left (console.demo.build
gives a new SQLite file its name only once complete). Bulk rows go past the services, so the
audit chain records what was written as a system action, one `demo` row per table and batch (its
table, row count and id range, no actor), appended at the end through the ordinary append
(services.audit.chain.record: on PostgreSQL `bc_audit_append`, whose trigger chains it in the
database), so the chain head lock is held only for those last appends and `audit verify` walks
an intact chain that says how the province came to be.
"""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import func, insert, select, text

from console.demo.bulk import BulkWriter
from console.demo.clock import Clock
from console.demo.generate import TABLES, DemoAlreadyPresent, Progress
from console.demo.orders import OrderFactory
from console.demo.province_map import chosen_branches, province_cells
from console.demo.province_org import build_province_org
from console.demo.province_people import accounts_per_household, inspection_plan, province_customer_rows
from console.demo.schedule import order_chunks
from console.demo.supervision import accountability_rows, inspection_rows, training_rows
from console.demo.visits import fee_reminder_rows, notice_rows, revisit_rows
from console.demo.world import UTC, World
from console.models import (
    AccountabilityCase,
    Branch,
    CalendarDay,
    Callback,
    Customer,
    District,
    DistrictAssignment,
    FeeReminder,
    Finding,
    Inspection,
    Notice,
    NoticeDistrict,
    Order,
    OrderEvent,
    RevisitPlan,
    RevisitVisit,
    SlaPolicy,
    Staff,
    TrainingRecord,
    TrainingSession,
)
from console.rules.calendar import WorkCalendar
from console.rules.policy import Policy
from console.services.audit.chain import record
from console.store.engine import Store
from console.vocabulary import OrderStatus

BRANCHES = 100
ORDERS = 2_000_000
ORDER_CHUNK = 5000  # at most, orders per bulk batch (and per audit row of each table); >= 25 batches
CUSTOMER_CHUNK = 20_000
LATE_CASES = 8  # R-TIME-11: the latest late orders, of which accountability_rows takes the demo's cases
SQLITE_CACHE_KIB = -262_144  # PRAGMA cache_size in KiB (negative)


def _rules(s) -> tuple[WorkCalendar, Policy]:
    days = s.execute(select(CalendarDay.day, CalendarDay.is_workday)).all()
    limits = s.scalars(select(SlaPolicy).where(SlaPolicy.version == 1)).all()
    return (WorkCalendar.from_days(days) if days else WorkCalendar.china(),
            Policy.from_rows(limits, 1) if limits else Policy.default())


class _Sink:
    """Writes row batches, small tables by Core insert and big ones in bulk, counting rows and
    noting each bulk batch for the audit chain."""

    def __init__(self, session, *, bulk: bool = True) -> None:
        self.session = session
        self.conn = session.connection()
        self.bulk = BulkWriter(self.conn) if bulk else None
        self.counts: dict[str, int] = {}
        self.batches: list[tuple[dt.datetime, str, int, int, int]] = []  # at, table, rows, first id, last id

    def core(self, model, rows: list[dict]) -> None:
        if rows:
            self.conn.execute(insert(model.__table__), rows)
        self.counts[model.__tablename__] = self.counts.get(model.__tablename__, 0) + len(rows)

    def many(self, model, rows: list[dict]) -> None:
        if not rows:
            return
        if self.bulk is None:
            self.conn.execute(insert(model.__table__), rows)
        else:
            self.bulk.write(model.__table__, rows)
        name = model.__tablename__
        self.counts[name] = self.counts.get(name, 0) + len(rows)
        self.batches.append((dt.datetime.now(UTC), name, len(rows), rows[0]["id"], rows[-1]["id"]))

    def audit(self) -> int:
        """One `demo` audit row per bulk batch, appended now (the module doc)."""
        for at, table, n, first, last in self.batches:
            record(self.session, actor_id=None, action="demo", entity=table, entity_id=None, branch_id=None,
                   after={"province": True, "rows": n, "first_id": first, "last_id": last}, at=at)
        return len(self.batches)


def generate_province(store: Store, *, seed: int = 1, branches: int = BRANCHES, orders: int = ORDERS,
                      now: dt.datetime | None = None, progress: Progress | None = None, bulk: bool = True) -> dict:
    """Fill an empty database with the province (module doc) in one write transaction; returns the
    row counts written. `bulk=False` writes every row by Core insert instead (the reference the
    tests compare the bulk rows with). Raises DemoAlreadyPresent when the database has a branch."""
    if orders < 0:
        raise ValueError("orders must be >= 0")
    specs = chosen_branches(branches)
    now = dt.datetime.now(UTC) if now is None else now
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    report = progress or (lambda fraction, message: None)
    started = time.perf_counter()
    report(0.0, "Checking the database")
    with store.write() as s:
        if s.scalar(select(func.count()).select_from(Branch)):
            raise DemoAlreadyPresent(f"the database {store.display_url} already has branches: the province is only "
                                     "created in an empty database (use a new database file)")
        calendar, policy = _rules(s)
        if store.is_sqlite:  # the indexes of ~10 M rows: a cache of 256 MB for this connection's build
            cache = s.scalar(text("PRAGMA cache_size"))
            s.execute(text(f"PRAGMA cache_size = {SQLITE_CACHE_KIB}"))
        try:
            counts = _fill(store, s, specs, calendar, policy, seed=seed, orders=orders, now=now, bulk=bulk,
                           report=report)
        finally:
            if store.is_sqlite:
                s.execute(text(f"PRAGMA cache_size = {int(cache)}"))
    report(1.0, f"Province ready in {time.perf_counter() - started:.1f} s")
    return counts


def _fill(store: Store, s, specs, calendar: WorkCalendar, policy: Policy, *, seed: int, orders: int,
          now: dt.datetime, bulk: bool, report: Progress) -> dict:
    """Everything of the province, written in the session `s` (one transaction)."""
    world = World(seed=seed, now=now.astimezone(UTC).replace(microsecond=0), scale=1.0,
                  staff_offset=s.scalar(select(func.coalesce(func.max(Staff.id), 0))),
                  taken_work_numbers=frozenset(s.scalars(select(Staff.work_number_key))))
    sink = _Sink(s, bulk=bulk)
    blocks = province_cells(world.rng("province-map"), specs)
    org = build_province_org(world, specs, blocks)
    for model in (Branch, District, Staff, DistrictAssignment):
        sink.core(model, org[model.__tablename__])
    report(0.02, f"{len(specs)} branches, {len(org['district']):,} districts, {len(org['staff']):,} staff")

    batch: list[dict] = []
    for fraction, rows in province_customer_rows(world, specs, accounts_per_household(orders)):
        batch += rows
        if len(batch) >= CUSTOMER_CHUNK or fraction >= 1.0:
            sink.many(Customer, batch)
            batch = []
            report(0.02 + 0.08 * fraction, f"Customer accounts: {sink.counts['customer']:,}")
    notices, links = notice_rows(world)
    sink.core(Notice, notices)
    sink.core(NoticeDistrict, links)

    factory = OrderFactory(world, Clock(calendar, policy))
    open_orders = 0
    for fraction, rows_o, rows_e, rows_c in order_chunks(world, factory, orders, max(100, min(ORDER_CHUNK, orders // 25))):
        sink.many(Order, rows_o)
        sink.many(OrderEvent, rows_e)
        sink.many(Callback, rows_c)
        open_orders += sum(1 for o in rows_o if o["status"] != OrderStatus.COMPLETED)
        report(0.1 + 0.85 * fraction,
               f"Work orders: {sink.counts['work_order']:,} ({sink.counts['order_event']:,} events)")

    report(0.95, "Revisit plans, inspections, accountability, training")
    plans, visits = revisit_rows(world)
    inspections, findings = inspection_rows(world, inspection_plan(world))
    late = s.execute(select(Order.id, Order.branch_id, Order.assignee_id, Order.completed_at)
                     .where(Order.completed_at > Order.due_at, Order.assignee_id.is_not(None))
                     .order_by(Order.completed_at.desc(), Order.id).limit(LATE_CASES)).all()
    sessions, records = training_rows(world, org["staff"])
    for model, rows in ((RevisitPlan, plans), (RevisitVisit, visits), (FeeReminder, fee_reminder_rows(world)),
                        (Inspection, inspections), (Finding, findings),
                        (AccountabilityCase, accountability_rows(world, [tuple(r) for r in late], findings)),
                        (TrainingSession, sessions), (TrainingRecord, records)):
        sink.core(model, rows)
    if store.engine.dialect.name == "postgresql":
        _reset_sequences(s)
    report(0.99, "Audit rows of the bulk batches")
    audit_rows = sink.audit()
    return dict(sink.counts, open_orders=open_orders, audit_log=audit_rows,
                households=sum(d["households"] for d in org["district"]))


def _reset_sequences(s) -> None:
    """PostgreSQL: move each id sequence past the explicit ids written (in the build's transaction)."""
    for model in TABLES:
        table = model.__tablename__
        if "id" in model.__table__.c and model.__table__.c.id.primary_key:
            s.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"))
