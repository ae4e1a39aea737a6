"""The realistic demo branch: `generate_demo(store, ...)` fills an empty database.

Nanchang city branch and Jinxian county branch (Jiangxi) with jittered-lattice district
polygons, staff with identicon photos, ~36,000 customer accounts, major clients with revisit
plans, 400 days of orders with full event histories and callbacks, a live open queue,
inspections, accountability cases, training, notices and fee reminders.

Deterministic per (seed, now): every random choice comes from `random.Random` streams
seeded from `seed`, and every date is relative to `now`. Rows are written with Core
`insert(table)` executemany in chunks, with explicit ids (the database must have no
branch yet); orders are generated and written as a stream, so a million orders never sit in
memory. The audit log stays empty: generated data is not a user's change.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError

from console.demo.clock import Clock
from console.demo.customers import customer_rows
from console.demo.orders import OrderFactory
from console.demo.people import build_org
from console.demo.schedule import order_chunks
from console.demo.supervision import accountability_rows, inspection_rows, training_rows
from console.demo.visits import fee_reminder_rows, notice_rows, revisit_rows
from console.demo.world import UTC, World
from console.errors import StoreError
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
from console.store.engine import Store
from console.vocabulary import OrderStatus

Progress = Callable[[float, str], None]

# every table the generator writes, parents first (wiped in reverse if generation fails)
TABLES = (
    Branch, District, Staff, DistrictAssignment, Customer, Notice, NoticeDistrict, Order, OrderEvent,
    Callback, RevisitPlan, RevisitVisit, FeeReminder, Inspection, Finding, AccountabilityCase,
    TrainingSession, TrainingRecord,
)
CUSTOMER_BATCH = 6000


class DemoAlreadyPresent(StoreError):
    """The database already has branches: the demo is only generated into an empty one."""


def _write(s, model, rows: list[dict]) -> None:
    if rows:
        s.connection().execute(insert(model.__table__), rows)


def _rules(store: Store) -> tuple[WorkCalendar, Policy]:
    """The database's working-day calendar and policy version 1 (what the SLA cache uses)."""
    with store.read() as s:
        days = s.execute(select(CalendarDay.day, CalendarDay.is_workday)).all()
        limits = s.scalars(select(SlaPolicy).where(SlaPolicy.version == 1)).all()
        calendar = WorkCalendar.from_days(days) if days else WorkCalendar.china()
        return calendar, Policy.from_rows(limits, 1) if limits else Policy.default()


def generate_demo(
    store: Store,
    *,
    seed: int = 1,
    orders: int = 40_000,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    scale: float = 1.0,
) -> dict:
    """Fill an empty database with the demo branches; returns the row counts written.

    `scale` shrinks the customer base (1.0: ~36,000 accounts) for quick tests; `orders` is
    the exact number of work orders (follow-up orders from callbacks included). Raises
    DemoAlreadyPresent when the database already has a branch.
    """
    if orders < 0 or scale <= 0:
        raise ValueError("orders must be >= 0 and scale > 0")
    now = dt.datetime.now(UTC) if now is None else now
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    report = progress or (lambda fraction, message: None)
    started = time.perf_counter()
    report(0.0, "Checking the database")
    calendar, policy = _rules(store)
    refusal = (f"the database {store.display_url} already has branches: the demo branch is only "
               "created in an empty database (use a new database file)")
    try:
        with store.write() as s:  # check and write in one transaction
            if s.scalar(select(func.count()).select_from(Branch)):
                raise DemoAlreadyPresent(refusal)
            world = World(
                seed=seed, now=now.astimezone(UTC).replace(microsecond=0), scale=scale,
                staff_offset=s.scalar(select(func.coalesce(func.max(Staff.id), 0))),
                taken_work_numbers=frozenset(s.scalars(select(Staff.work_number_key))),  # compared by key
            )
            org = build_org(world)
            for model in (Branch, District, Staff, DistrictAssignment):
                _write(s, model, org[model.__tablename__])
    except IntegrityError as exc:  # PostgreSQL: another generator committed its branches first
        raise DemoAlreadyPresent(refusal) from exc
    counts = {t: len(rows) for t, rows in org.items()}
    report(0.03, "Branches, districts and staff written")
    try:
        _generate(store, world, Clock(calendar, policy), orders, counts, org["staff"], report)
    except BaseException:
        _wipe(store, world.staff_offset)
        raise
    if store.engine.dialect.name == "postgresql":
        _reset_sequences(store)
    report(1.0, f"Demo branch ready in {time.perf_counter() - started:.1f} s")
    return counts


def _generate(store: Store, world: World, clock: Clock, orders: int, counts: dict,
              staff: list[dict], report: Progress) -> None:
    batch: list[dict] = []
    counts["customer"] = 0
    for fraction, rows in customer_rows(world):
        batch += rows
        if len(batch) >= CUSTOMER_BATCH or fraction >= 1.0:
            with store.write() as s:
                _write(s, Customer, batch)
            counts["customer"] += len(batch)
            batch = []
        report(0.03 + 0.12 * fraction, f"Customer accounts: {counts['customer'] + len(batch):,}")
    notices, links = notice_rows(world)
    with store.write() as s:
        _write(s, Notice, notices)
        _write(s, NoticeDistrict, links)
    counts.update(notice=len(notices), notice_district=len(links))

    factory = OrderFactory(world, clock)
    chunk = max(100, min(5000, orders // 25))  # >= 25 progress steps, <= 5,000 orders in memory
    for name in ("work_order", "order_event", "callback"):
        counts[name] = 0
    open_orders = 0
    for fraction, rows_o, rows_e, rows_c in order_chunks(world, factory, orders, chunk):
        with store.write() as s:
            _write(s, Order, rows_o)
            _write(s, OrderEvent, rows_e)
            _write(s, Callback, rows_c)
        counts["work_order"] += len(rows_o)
        counts["order_event"] += len(rows_e)
        counts["callback"] += len(rows_c)
        open_orders += sum(1 for o in rows_o if o["status"] != OrderStatus.COMPLETED)
        report(0.15 + 0.75 * fraction, f"Work orders: {counts['work_order']:,} ({counts['order_event']:,} events)")
    counts["open_orders"] = open_orders

    report(0.91, "Revisit plans, notices, fee reminders")
    plans, visits = revisit_rows(world)
    reminders = fee_reminder_rows(world)
    inspections, findings = inspection_rows(world)
    sessions, records = training_rows(world, staff)
    with store.read() as s:  # R-TIME-11: breaches feed accountability
        late = s.execute(
            select(Order.id, Order.branch_id, Order.assignee_id, Order.completed_at)
            .where(Order.completed_at > Order.due_at, Order.assignee_id.is_not(None))
            .order_by(Order.completed_at.desc(), Order.id)
            .limit(8)
        ).all()
    cases = accountability_rows(world, [tuple(r) for r in late], findings)
    report(0.95, "Inspections, accountability, training")
    with store.write() as s:
        for model, rows in ((RevisitPlan, plans), (RevisitVisit, visits), (FeeReminder, reminders),
                            (Inspection, inspections), (Finding, findings), (AccountabilityCase, cases),
                            (TrainingSession, sessions), (TrainingRecord, records)):
            _write(s, model, rows)
            counts[model.__tablename__] = len(rows)


def _wipe(store: Store, staff_offset: int) -> None:
    """Remove a half-written demo (best effort) so the user can simply try again.

    Only demo rows exist in these tables (there was no branch before), except staff
    without a branch that were there before the demo: ids up to `staff_offset` stay.
    """
    try:
        with store.write() as s:
            for model in reversed(TABLES):
                table = model.__table__
                s.execute(table.delete().where(table.c.id > staff_offset) if model is Staff else table.delete())
    except Exception:  # the original error matters more than a failed clean-up
        pass


def _reset_sequences(store: Store) -> None:
    """PostgreSQL: move each id sequence past the explicit ids written."""
    with store.write() as s:
        for model in TABLES:
            table = model.__tablename__
            if "id" in model.__table__.c and model.__table__.c.id.primary_key:
                s.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                ))
