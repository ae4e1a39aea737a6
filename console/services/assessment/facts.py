"""Plain facts for the assessment (R-ZONE-3/4): one load per period, evaluated once.

Each order is reduced to an :class:`OrderFact` by replaying its events through
``rules.sla.evaluate`` (the SLA truth — never the cached columns), so a scorecard, its trend and
its drill-down all judge an order the same way. Customers, district responsibility history
(R-ZONE-5) and callbacks are loaded alongside as plain tuples.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import (
    Date,
    DateTime,
    Integer,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    text,
    type_coerce,
    union_all,
)

from console.i18n import T
from console.models import (
    Branch,
    Callback,
    Customer,
    District,
    DistrictAssignment,
    Order,
    OrderEvent,
    OrderVerdict,
    Staff,
)
from console.models.base import UTCDateTime
from console.rules.clock import CALLBACK_DONE, CLOCK_EVENTS, RESOLVE
from console.rules.metrics import ON_TIME_STATES, RESPONSE_EVENTS, RESPONSE_HOURS, clock_start
from console.rules.periods import CST, UTC
from console.rules.policy import Policy
from console.rules.sla import evaluate_log
from console.services.assessment.verdicts import LIVE_LIMIT, VERDICT_COLUMNS, rules_stamp, stale_completed
from console.services.sla.policy import calendar_of, policies
from console.store.plain import (
    EMPTY,
    china_of,
    payloads,
    plain_batches,
    plain_rows,
    snapshot,
    utc_instant,
    utc_of_china,
)
from console.vocabulary import OrderStatus

_RESPONSE = frozenset(RESPONSE_EVENTS)


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """First and last China date of ``month`` (any date in it)."""
    first = month.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt - dt.timedelta(days=1)


def add_months(month: dt.date, n: int) -> dt.date:
    k = month.year * 12 + month.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


def instant(day: dt.date) -> dt.datetime:
    """00:00 China time of ``day`` as UTC."""
    return dt.datetime.combine(day, dt.time(0), CST).astimezone(UTC)


@dataclass(slots=True)  # a value nobody changes; not frozen: its __init__ is 7x cheaper (200k a month)
class OrderFact:
    id: int
    number: str
    kind: str
    branch_id: int
    district_id: int
    received_at: dt.datetime
    clock_start: dt.datetime | None  # R-TIME-0 (materials complete) for every kind; None: waiting
    responded_at: dt.datetime | None  # first of RESPONSE_EVENTS at or after the clock start
    state: str | None  # the resolve clock's state (None: no limit)
    due: dt.datetime | None
    original_due: dt.datetime | None
    finished_at: dt.datetime | None  # the resolve clock's close (completion or R-TIME-8)
    completed_at: dt.datetime | None
    exempted: bool
    extended: bool
    provisional: bool = False  # the resolve due rests on a year whose calendar is not entered

    def response_ok(self, now: dt.datetime) -> bool | None:
        """True/False once judged, None while inside the first 24 h without a response."""
        if self.clock_start is None:
            return None
        limit = self.clock_start + dt.timedelta(hours=RESPONSE_HOURS)
        if self.responded_at is not None and self.responded_at <= limit:
            return True
        return False if (self.responded_at is not None or now > limit) else None

    def on_time_ok(self, lo: dt.datetime, hi: dt.datetime) -> bool | None:
        """Judged in [lo, hi): closed in it (met/exempt = on time), or open and breached with its
        due in it. None when not judged in the period, and for a provisional due (counted apart:
        :meth:`on_time_provisional` — a provisional breach is never reported as fact)."""
        if self.state is None or self.provisional:
            return None
        return self._on_time(lo, hi)

    def on_time_provisional(self, lo: dt.datetime, hi: dt.datetime) -> bool:
        """Would be judged on time or not in [lo, hi), but its due rests on a year whose official
        working-day calendar is not entered: counted as provisional, neither met nor breached."""
        return self.state is not None and self.provisional and self._on_time(lo, hi) is not None

    def _on_time(self, lo: dt.datetime, hi: dt.datetime) -> bool | None:
        if self.finished_at is not None:
            return self.state in ON_TIME_STATES if lo <= self.finished_at < hi else None
        if self.state == "breached" and self.due is not None and lo <= self.due < hi:
            return False
        return None


@dataclass
class Facts:
    lo: dt.datetime
    hi: dt.datetime
    now: dt.datetime
    orders: list[OrderFact]  # or a one-pass iterator (``load(stream=True)``)
    districts: dict[int, tuple[str, int, int]]  # id -> (name, branch_id, households)
    branches: dict[int, tuple[str, int]]  # id -> (name, yearly growth target)
    staff: dict[int, str]
    assignments: dict[int, list[tuple[dt.date, dt.date | None, int]]]  # district -> (from, to, maintainer)
    customers: list[tuple[int, int, dt.date, dt.date | None]]  # id, district, subscribed, cancelled (``customers``)
    accounts: list[tuple[int, int, dt.date, dt.date | None]]  # how many, district, subscribed, cancelled (grouped)
    callbacks: list[tuple]  # status, due, done, score, solved, completed_at, district, order id
    by_id: dict[int, OrderFact] = field(default_factory=dict)
    # the completed orders with a current stored verdict, counted by the database (``load(tally=True)``):
    # (measure, district, maintainer or None, kind, ok, provisional, how many); ``orders`` then holds
    # only the open and the stale orders. None: every order of the period is in ``orders``.
    tallies: list[tuple] | None = None
    # with ``load(tally=True)`` the period's callbacks counted by the database instead of ``callbacks``:
    # (district, maintainer or None, status, reached by the due, due passed by now, score, solved, how many)
    callback_tallies: list[tuple] | None = None

    def holder(self, district_id: int, day: dt.date) -> int | None:
        """The maintainer responsible for the district on ``day`` (R-ZONE-5 history)."""
        return holder_of(self.assignments, district_id, day)

    def held_days(self, district_id: int, maintainer_id: int, first: dt.date, last: dt.date) -> int:
        days = 0
        for start, end, who in self.assignments.get(district_id, ()):
            if who == maintainer_id:
                a, b = max(start, first), min(end - dt.timedelta(days=1) if end else last, last)
                days += max(0, (b - a).days + 1)
        return days


def holder_of(assignments: dict[int, list], district_id: int, day: dt.date) -> int | None:
    """The maintainer responsible for the district on ``day`` in a district's R-ZONE-5 history
    (``Facts.assignments``: (from, to or None, maintainer), the first that holds the day)."""
    for start, end, who in assignments.get(district_id, ()):
        if start <= day and (end is None or day < end):
            return who
    return None


def fact_of(order_id: int, number: str, kind: str, branch_id: int, district_id: int, received: dt.datetime,
            completed: dt.datetime | None, events: list[tuple], policy: Policy, calendar, now: dt.datetime) -> OrderFact:
    """One order's fact from its clock events, ``(type, at, payload)`` with ``at`` naive China time
    (as :func:`_events_by_order` gives them); ``now`` aware, like every instant of the fact."""
    state = evaluate_log(events, policy, calendar, now, callback=False)  # R-VISIT: from the callback records
    resolve = state.clock(RESOLVE)
    start = resolve.started_at if resolve is not None else None
    if start is None and state.clocks:
        start = next((c.started_at for c in state.clocks if c.started_at is not None), None)
    if start is None and (resolve is None or resolve.state != "waiting_materials"):
        # R-TIME-0 for kinds without a time limit (business, inquiry) too: the materials complete,
        # the receipt only when nothing was missing (R-ZONE-3); None while they wait for materials
        start = clock_start([_Ev(*e) for e in events])
        start = None if start is None else utc_of_china(start)
    responded = None
    if start is not None:
        since = china_of(start)  # the events' naive China time
        for t, at, p in events:
            if t in _RESPONSE and at >= since and (responded is None or at < responded):
                if t == "customer_unreachable" and not str((p or {}).get("reason") or "").strip():
                    continue  # R-TIME-8 needs the written reason
                responded = at
        if responded is not None:
            responded = utc_of_china(responded)
    return OrderFact(
        order_id, number, kind, branch_id, district_id, received, start, responded,
        resolve.state if resolve else None, resolve.due if resolve else None,
        resolve.original_due if resolve else None, resolve.finished_at if resolve else None, completed,
        bool(resolve and resolve.state == "met_by_exemption"), bool(resolve and resolve.extended),
        bool(resolve and resolve.provisional),
    )


# what evaluate() reads for the resolve and first-response clocks, and the response/start facts: not
# callback_done, which only closes the R-VISIT callback clock (its start is the completion either way)
_EVENTS = tuple(sorted((CLOCK_EVENTS - {CALLBACK_DONE}) | _RESPONSE))
_WANTED = frozenset(_EVENTS)
# the events whose payload the clocks read (R-TIME-0 receipt and materials, R-TIME-8 reason, R-TIME-10
# reclassification and extensions); the others' payloads (a completion's resolution, a pause's reason …)
# move no clock and are not decoded
_PAYLOAD_READ = frozenset({"received", "materials_missing", "reclassified", "customer_unreachable",
                           "extension_requested", "extension_approved", "extension_rejected"})
_CHUNK = 5000  # rows fetched per round trip (a server-side cursor on PostgreSQL)
class _Ev:
    """One event as :func:`~console.rules.metrics.clock_start` reads it (``type``, ``at``, ``payload``)."""

    __slots__ = ("type", "at", "payload")

    def __init__(self, typ: str, at: dt.datetime, payload):
        self.type, self.at, self.payload = typ, at, payload


def _events_by_order(s, where: list, of_orders=None):
    """(order id, [(type, at, payload)]) for the period's orders in order id order, ``at`` naive China
    time: one streamed query, grouped in SQL order, so only one order's events are held at a time (no
    per-order query). SQLite reads every event of those orders and skips the others here (faster than
    its own type filter); PostgreSQL filters on the server. ``of_orders``: a subquery of the few order
    ids wanted (the open and the stale ones), looked up one by one in the events' index instead of
    walking every event of the database."""
    conn = s.connection()
    q = select(OrderEvent.order_id, type_coerce(OrderEvent.type, String), type_coerce(OrderEvent.at, String),
               type_coerce(OrderEvent.payload, String))
    if of_orders is not None:
        q = q.where(OrderEvent.order_id.in_(of_orders))
    else:
        q = q.join(Order, Order.id == OrderEvent.order_id).where(*where)
    q = q.order_by(OrderEvent.order_id, OrderEvent.at, OrderEvent.id)
    if conn.dialect.name != "sqlite":
        q = q.where(OrderEvent.type.in_(_EVENTS))
    current, group = None, []
    wanted, read, empty, payload_of = _WANTED, _PAYLOAD_READ, EMPTY, payloads()
    for batch in plain_batches(conn, q, _CHUNK):
        for oid, typ, at, raw in batch:
            if typ not in wanted:
                continue
            if oid != current:
                if current is not None:
                    yield current, group
                current, group = oid, []
            group.append((typ, china_of(at), payload_of(raw) if typ in read else empty))
    if current is not None:
        yield current, group


def _facts(s, where: list, pols, calendar, now: dt.datetime, progress, total: int, stale: set[int] | None = None,
           tallied: bool = False):
    """The period's :class:`OrderFact` one by one: the orders and their clock events streamed side by
    side in order id order, each order reduced as soon as its events are read. ``stale`` (the
    completed orders without a current stored verdict, services.assessment.verdicts), when given:
    every other completed order's fact is its stored verdict and only the open and the stale orders'
    events are read; None: every order is judged from its events. ``tallied`` (with ``stale``): those
    other completed orders are left out, the database counts them (:func:`_tallies`)."""
    cols = [Order.id, Order.number, Order.kind, Order.branch_id, Order.district_id, _raw(Order.received_at),
            _raw(Order.completed_at), Order.policy_version]
    oq = select(*cols).where(*where).order_by(Order.id)
    if stale is not None:
        oq = (select(*cols, type_coerce(Order.status, String),
                     *[_raw(getattr(OrderVerdict, c)) for c in VERDICT_COLUMNS])
              .outerjoin(OrderVerdict, OrderVerdict.order_id == Order.id).where(*where).order_by(Order.id))
        # the literal lets SQLite use the partial index of the open orders (ix_work_order_open)
        live = text("work_order.status <> 'completed'")
        judged = or_(live, Order.id.in_(sorted(stale))) if stale else live
        ids = select(Order.id).where(*where, judged)
        if tallied:
            oq = select(*cols).where(*where, judged).order_by(Order.id)
    default = Policy.default()
    aware = s.connection().dialect.name != "sqlite"
    events = _events_by_order(s, where, ids if stale is not None else None)
    try:
        pending = next(events, None)
        for n, row in enumerate(plain_rows(s.connection(), oq, _CHUNK)):
            oid, number, kind, bid, did, received, completed, pv = row[:8]
            if progress and n % _CHUNK == 0:
                progress(min(1.0, n / max(1, total)), T("orders", _context="reading progress"))
            if stale is not None and not tallied and row[8] == "completed" and oid not in stale and completed is not None:
                if aware:  # PostgreSQL: aware instants, compared as they are
                    yield OrderFact(oid, number, getattr(kind, "value", kind), bid, did, received, *row[9:15],
                                    completed, bool(row[15]), bool(row[16]), bool(row[17]))
                else:
                    yield _stored(oid, number, getattr(kind, "value", kind), bid, did, received, completed, row[9:])
                continue
            while pending is not None and pending[0] < oid:  # an order written between the two reads
                pending = next(events, None)
            mine: list = []
            if pending is not None and pending[0] == oid:
                mine = pending[1]
                pending = next(events, None)
            yield fact_of(oid, number, getattr(kind, "value", kind), bid, did, utc_instant(received),
                          None if completed is None else utc_instant(completed), mine, pols.get(pv) or default,
                          calendar, now)
    finally:
        events.close()


_INSTANT = DateTime(timezone=True)


def _raw(column):
    """``column`` as the driver gives it: an instant without the ORM's per-value conversion (plain
    rows: console.store.plain.utc_instant reads it); any other column unchanged."""
    return type_coerce(column, _INSTANT) if isinstance(column.type, UTCDateTime) else column


def _stored(oid, number, kind, bid, did, received, completed, v) -> OrderFact:
    """The fact of a completed order from its current stored verdict (VERDICT_COLUMNS' values)."""
    start, responded, state, due, original, finished, exempted, extended, provisional = v
    return OrderFact(oid, number, kind, bid, did, utc_instant(received),
                     None if start is None else utc_instant(start),
                     None if responded is None else utc_instant(responded), state,
                     None if due is None else utc_instant(due), None if original is None else utc_instant(original),
                     None if finished is None else utc_instant(finished), utc_instant(completed),
                     bool(exempted), bool(extended), bool(provisional))


def _streamed(store, where: list, pols, calendar, now: dt.datetime, progress, total: int, stale,
              tally: tuple[Facts, str, int | None, Future] | None = None):
    """``tally``: (the facts being read, the rules stamp, the branch or None, the callbacks' and
    accounts' counts being read beside): the stale orders are found, the others counted into
    ``Facts.tallies`` and the rest streamed in one consistent view, so an order that completes or is
    judged meanwhile is counted once, either way; after the last order, ``Facts.callback_tallies``
    and ``Facts.accounts`` are those counts (an error reading them is raised here)."""
    with store.read() as s:
        tallied = False
        if tally is not None:
            facts, stamp, branch_id, beside = tally
            snapshot(s)
            counted, stale = _tallies(s, where, stamp, facts, now, branch_id)
            if len(stale) > LIVE_LIMIT:
                stale = None
            else:
                facts.tallies, tallied = counted, True
        yield from _facts(s, where, pols, calendar, now, progress, total, stale, tallied)
    if tally is not None:
        facts.callback_tallies, facts.accounts = beside.result()


def _beside(store, read: Callable) -> Future:
    """``read(session)`` in a read session of its own on a thread of its own, started now."""
    def run():
        with store.read() as s:
            return read(s)

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="assessment-read")
    try:
        return pool.submit(run)
    finally:
        pool.shutdown(wait=False)  # the thread ends with its read


COMPLAINT, RESPONSE, ON_TIME = "complaint", "response", "on_time"  # the measures of a tally row


def _china_day(col, sqlite: bool):
    """The China date of an instant column, in the database: SQLite's naive-UTC text (always
    ``YYYY-MM-DD HH:MM:SS.ffffff``) as ``YYYY-MM-DD`` text, PostgreSQL's timestamptz as a date.
    China Standard Time is UTC+8 all year (as ``districts._day``)."""
    if sqlite:
        return func.date(func.substr(type_coerce(col, String), 1, 19), "+8 hours")
    return cast(func.timezone("UTC", col) + literal_column("interval '8 hours'"), Date)


def _response_ok(start, responded, now: dt.datetime, sqlite: bool):
    """``OrderFact.response_ok`` in SQL: 1 answered within RESPONSE_HOURS of the clock start, 0 answered
    late or unanswered past the limit, NULL while the limit is ahead and nothing answered. On SQLite the
    limit is the start's text with its date and time moved by the hours and its microseconds kept, so
    comparing the texts is exact (as the instants are)."""
    if sqlite:
        raw_start, raw_resp = type_coerce(start, String), type_coerce(responded, String)
        limit = func.datetime(func.substr(raw_start, 1, 19), f"+{RESPONSE_HOURS} hours").op("||")(
            func.substr(raw_start, 20))
        at = literal(now.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds"), String)
    else:
        raw_resp, limit = responded, start + literal_column(f"interval '{int(RESPONSE_HOURS)} hours'")
        at = literal(now, DateTime(timezone=True))
    return case((and_(responded.is_not(None), raw_resp <= limit), 1),
                (or_(responded.is_not(None), at > limit), 0), else_=None)


def overlapping(assignments: dict[int, list]) -> bool:
    """Whether any district had two maintainers on one day (R-ZONE-5's history is closed before the
    next begins, so never, unless rows were written past the console): the database's tally then
    cannot say which one an order counts for as ``Facts.holder`` does, and the period is counted
    order by order."""
    for rows in assignments.values():
        spans = sorted((a, b or dt.date.max) for a, b, _ in rows if b is None or a < b)
        if any(spans[k][1] > spans[k + 1][0] for k in range(len(spans) - 1)):
            return True
    return False


# the two size rows of a tally: the period's completed orders, and how many of them the verdicts counted
COMPLETED, COUNTED = "completed", "counted"


def changing_hands(assignments: dict[int, list], first: dt.date, last: dt.date) -> set[int]:
    """The districts whose maintainer is not the same on every day ``first``..``last`` (R-ZONE-5): a
    responsibility beginning or ending inside the period. The database counts these by day, every other
    district for the period as a whole (its one maintainer takes it all)."""
    return {did for did, rows in assignments.items()
            if any(first < a <= last or (b is not None and first < b <= last) for a, b, _ in rows)}


def _day_key(day, district, changing: set[int]):
    """The China day to count by: a district's own day where it changed hands in the period, none
    elsewhere (one count for the period)."""
    if not changing:
        return cast(null(), Date)
    return case((district.in_(sorted(changing)), day), else_=cast(null(), Date))


def _day_of(value, first: dt.date) -> dt.date:
    """A day key as read back (PostgreSQL: a date; SQLite: ``YYYY-MM-DD`` text), ``first`` for none."""
    if value is None:
        return first
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _tallies(s, where: list, stamp: str, facts: Facts, now: dt.datetime,
             branch_id: int | None) -> tuple[list[tuple], set[int]]:
    """The month's completed orders with a current stored verdict, counted in the database as
    ``districts._Cards.fill`` counts their facts (R-ZONE-3/4), by district and by the maintainer who
    held it on the order's day (R-ZONE-5, ``Facts.holder``): complaints by their receipt, first
    responses by their clock start (R-TIME-0), on-time closes by their close or a breach by its due;
    ``kind``: the order's kind (on time) or ''. And the month's completed orders without one (stale:
    judged from their events). One statement: the verdicts hold their orders' district, kind, receipt
    and completion (migration 0013), so the month's counted orders are one range of the verdicts'
    completion index, read once (a materialised CTE on PostgreSQL); the stale ones are the completed
    orders of ``where`` (completed since the month began) whose id is not in that range, looked for
    (in the same snapshot) only when there are more of those orders than of counted ones. A
    province's month is a few thousand rows instead of every order."""
    sqlite = s.connection().dialect.name == "sqlite"
    lo, hi = facts.lo, facts.hi
    first = (lo + dt.timedelta(hours=8)).date()
    changing = changing_hands(facts.assignments, first, (hi + dt.timedelta(hours=8)).date() - dt.timedelta(days=1))
    v = OrderVerdict
    # the verdict-side twin of ``where`` (load): received before the period ends, completed since it
    # began; the copies equal the order's columns (the trigger of migration 0013 sees to that)
    counted = [v.rules_stamp == stamp, v.completed_at >= lo, v.received_at < hi]
    if branch_id is not None:
        counted.append(v.branch_id == branch_id)
    m = (select(v.order_id.label("id"), v.district_id, v.kind, v.received_at, v.clock_start, v.responded_at,
                v.state, v.due, v.finished_at, v.provisional)
         .where(*counted)
         .cte("month_counted").prefix_with("MATERIALIZED", dialect="postgresql"))

    def part(measure: str, instant, ok, provisional, kinds, *conds):
        keys = (m.c.district_id, _day_key(_china_day(instant, sqlite), m.c.district_id, changing), kinds, ok,
                provisional)
        return select(literal(measure, String), *keys, func.count()).where(*conds).group_by(*keys)

    none = literal("", String)
    zero = literal(0, Integer)
    response = _response_ok(m.c.clock_start, m.c.responded_at, now, sqlite)
    closed = m.c.finished_at.is_not(None)
    on_time = case((and_(closed, m.c.state.in_(sorted(ON_TIME_STATES))), 1), else_=0)
    provisional = case((m.c.provisional, 1), else_=0)
    completed = [*where, Order.status == OrderStatus.COMPLETED, Order.completed_at >= lo]
    # how many completed orders of ``where`` there are (an index-only count) and how many the verdicts
    # counted: every counted order is one of them (its copies are its order's), so when the two agree
    # no order is stale and the statement naming them is not needed (a past month, judged overnight)
    q = union_all(
        select(literal(COMPLETED, String), cast(null(), Integer), cast(null(), Date), none, zero, zero,
               func.count()).select_from(Order).where(*completed),
        select(literal(COUNTED, String), cast(null(), Integer), cast(null(), Date), none, zero, zero,
               func.count()).select_from(m),
        part(COMPLAINT, m.c.received_at, zero, zero, none,
             m.c.kind == "complaint", m.c.received_at >= lo, m.c.received_at < hi),
        part(RESPONSE, m.c.clock_start, response, zero, none,
             m.c.clock_start >= lo, m.c.clock_start < hi, response.is_not(None)),
        part(ON_TIME, func.coalesce(m.c.finished_at, m.c.due), on_time, provisional, m.c.kind,
             m.c.state.is_not(None),
             or_(and_(closed, m.c.finished_at >= lo, m.c.finished_at < hi),
                 and_(m.c.finished_at.is_(None), m.c.state == "breached", m.c.due >= lo, m.c.due < hi))),
    )
    # no JIT compilation for a statement of under a second; the month's orders sorted for their groups
    # in memory, not in files (the default 4 MB spills a province's 150,000 orders to disk three times)
    with _settings(s, jit="off", work_mem="'64MB'"):
        rows = s.connection().execute(q).all()  # plain rows: no ORM row processing
        sizes = {measure: n for measure, *_, n in rows if measure in (COMPLETED, COUNTED)}
        stale_ids = set()
        if sizes[COMPLETED] != sizes[COUNTED]:  # the same snapshot: the completed orders not counted
            stale_ids = set(s.connection().execute(
                select(Order.id).where(*completed, Order.id.not_in(select(m.c.id)))).scalars())
    tallies = [(measure, d, facts.holder(d, _day_of(day, first)), k, int(ok), bool(p), int(n))
               for measure, d, day, k, ok, p, n in rows if measure not in (COMPLETED, COUNTED)]
    return tallies, stale_ids


def _accounts(s, first: dt.date, last: dt.date, branch_id: int | None) -> list[tuple]:
    """The accounts that may count in ``first``..``last`` (R-ZONE-3 stability and growth), grouped in
    the database: (how many, district, subscription day or ``date.min`` when before ``first``,
    cancellation day or None when none by ``last``). A province's hundreds of thousands of accounts
    come as a row per district and per day something changed in the period."""
    sub = case((Customer.subscribed_on < first, None), else_=Customer.subscribed_on)
    gone = case((or_(Customer.cancelled_on.is_(None), Customer.cancelled_on > last), None), else_=Customer.cancelled_on)
    q = (select(func.count(), Customer.district_id, sub, gone)
         .where(Customer.subscribed_on <= last, or_(Customer.cancelled_on.is_(None), Customer.cancelled_on >= first))
         .group_by(Customer.district_id, sub, gone))
    if branch_id is not None:
        q = q.where(Customer.branch_id == branch_id)
    return [(n, did, dt.date.min if day is None else day, end) for n, did, day, end in s.execute(q)]


def _callback_tallies(s, lo: dt.datetime, hi: dt.datetime, now: dt.datetime, branch_id: int | None,
                      assignments: dict[int, list]) -> list[tuple]:
    """The callbacks of the orders completed in [lo, hi) (R-VISIT-1), counted in the database as
    ``Coverage.add`` counts them, by the order's district and the maintainer holding it on the
    completion's China day (R-ZONE-5), as ``districts._Cards.fill`` attributes them."""
    sqlite = s.connection().dialect.name == "sqlite"
    first = (lo + dt.timedelta(hours=8)).date()
    changing = changing_hands(assignments, first, (hi + dt.timedelta(hours=8)).date() - dt.timedelta(days=1))
    in_time = case((and_(Callback.done_at.is_not(None), Callback.done_at <= Callback.due_at), 1), else_=0)
    past_due = case((Callback.due_at < now, 1), else_=0)
    day = _day_key(_china_day(Order.completed_at, sqlite), Order.district_id, changing)
    keys = (Order.district_id, day, type_coerce(Callback.status, String), in_time, past_due, Callback.satisfaction,
            Callback.solved)
    q = (select(*keys, func.count()).select_from(Callback).join(Order, Order.id == Callback.order_id)
         .where(Order.completed_at >= lo, Order.completed_at < hi).group_by(*keys))
    if branch_id is not None:
        q = q.where(Callback.branch_id == branch_id)
    # each of the month's completions (the completion index alone) looked up in the callbacks' order
    # index, on this one server process: 0.5 s of one core on a province, where the planner's choice,
    # hashing them against every callback the province has on three processes, costs 1.4 s of cores
    # (this read runs beside the orders' count, which needs the other core)
    with _settings(s, enable_hashjoin="off", enable_mergejoin="off", max_parallel_workers_per_gather="0"):
        rows = s.connection().execute(q).all()
    return [(did, holder_of(assignments, did, _day_of(d, first)), st, bool(ok), bool(past), score,
             None if solved is None else bool(solved), n)
            for did, d, st, ok, past, score, solved, n in rows]


@contextmanager
def _settings(s, **settings: str):
    """PostgreSQL planner and memory settings for the statements inside (SET LOCAL: this transaction
    only, reset after); nothing on SQLite."""
    pg = s.connection().dialect.name != "sqlite"
    if pg:
        for name, value in settings.items():
            s.execute(text(f"SET LOCAL {name} = {value}"))
    try:
        yield
    finally:
        if pg:
            for name in settings:
                s.execute(text(f"RESET {name}"))


def load(store, first: dt.date, last: dt.date, *, branch_id: int | None = None,
         now: dt.datetime | None = None, progress=None, stream: bool = False, verdicts: bool = True,
         accounts: bool = True, customers: bool = False, tally: bool = False) -> Facts:
    """Everything the scorecards of China dates ``first``..``last`` need.

    One query per table, whatever the number of orders: the orders and their clock events are
    streamed side by side in order id order and each order is reduced to its :class:`OrderFact`
    as soon as its events are read (R-ZONE-3/4: the facts are the rules' own evaluation).

    ``stream``: ``Facts.orders`` is then a one-pass iterator read in its own read session as it is
    consumed (``by_id`` stays empty): one period's single pass — a month's scorecards, the SLA
    report — holds one order at a time, so its memory does not grow with the month's orders.

    ``accounts``: the customer accounts the R-ZONE-3 stability and growth count, grouped
    (:func:`_accounts`); ``customers``: each account with its id, for a drill-down's list.

    ``verdicts``: a completed order with a current stored verdict (services.assessment.verdicts) is
    not replayed; False judges every order from its events (the stored verdicts' own check).

    ``tally`` (with ``stream``, for the period's own scorecards): those completed orders are counted by
    the database (:func:`_tallies`, ``Facts.tallies``) and ``orders`` holds only the others; the
    callbacks too (``Facts.callback_tallies``, ``callbacks`` then empty). Those and ``Facts.accounts``
    are then read beside the orders and set once ``orders`` has been read to its end."""
    now = now or dt.datetime.now(UTC)
    want_customers = customers
    lo, hi = instant(first), instant(last + dt.timedelta(days=1))
    with store.read() as s:
        calendar, pols = calendar_of(s), policies(s)
        q = select(Branch.id, Branch.name, Branch.growth_target)
        branches = {i: (n, t) for i, n, t in s.execute(q)}
        dq = select(District.id, District.name, District.branch_id, District.households)
        if branch_id is not None:
            dq = dq.where(District.branch_id == branch_id)
        districts = {i: (n, b, h) for i, n, b, h in s.execute(dq)}
        staff = {i: f"{n} ({w})" for i, n, w in s.execute(select(Staff.id, Staff.name, Staff.work_number))}
        assignments: dict[int, list] = defaultdict(list)
        for did, a, b, who in s.execute(select(DistrictAssignment.district_id, DistrictAssignment.valid_from,
                                               DistrictAssignment.valid_to, DistrictAssignment.maintainer_id)
                                        .order_by(DistrictAssignment.id)):
            if did in districts:
                assignments[did].append((a, b, who))
        customers, grouped = [], []
        if want_customers:
            cq = select(Customer.id, Customer.district_id, Customer.subscribed_on, Customer.cancelled_on)
            if branch_id is not None:
                cq = cq.where(Customer.branch_id == branch_id)
            customers = [tuple(r) for r in s.connection().execute(cq)]
        tally = tally and stream and not overlapping(assignments)
        callbacks, callback_tallies, beside = [], None, None
        if tally:
            # the callbacks' and the accounts' counts are read beside the orders' (their own session on a
            # thread of their own, so on PostgreSQL a second server process counts them meanwhile); the
            # stream hands them over once its last order is read (_streamed), before anything reads them
            held = dict(assignments)
            beside = _beside(store, lambda b: (_callback_tallies(b, lo, hi, now, branch_id, held),
                                               _accounts(b, first, last, branch_id) if accounts else []))
        else:
            if accounts:
                grouped = _accounts(s, first, last, branch_id)
            cbq = (select(type_coerce(Callback.status, String), _raw(Callback.due_at), _raw(Callback.done_at),
                          Callback.satisfaction, Callback.solved, _raw(Order.completed_at), Order.district_id, Order.id)
                   .join(Order, Order.id == Callback.order_id)
                   .where(Order.completed_at >= lo, Order.completed_at < hi))
            if branch_id is not None:
                cbq = cbq.where(Callback.branch_id == branch_id)
            callbacks = [(st, utc_instant(due), None if done is None else utc_instant(done), score,
                          None if solved is None else bool(solved), utc_instant(completed), did, oid)
                         for st, due, done, score, solved, completed, did, oid in plain_rows(s.connection(), cbq)]
        where = [Order.received_at < hi,
                 # an order completed before the period cannot count in it: it was received, started,
                 # responded to and closed before (R-ZONE-3/4, R-TIME-0); open ones may be due in it
                 or_(Order.completed_at >= lo, Order.completed_at.is_(None))]
        if branch_id is not None:
            where.append(Order.branch_id == branch_id)
        total = s.execute(select(func.count()).select_from(Order).where(*where)).scalar_one() if progress else 0
        stale, stamp = None, rules_stamp(calendar, pols)
        tally = verdicts and tally
        if verdicts and not tally:
            stale = set(stale_completed(s, where, stamp))
            if len(stale) > LIVE_LIMIT:
                stale = None
        orders = [] if stream else list(_facts(s, where, pols, calendar, now, progress, total, stale))
    facts = Facts(lo, hi, now, orders, districts, branches, staff, dict(assignments), customers, grouped, callbacks,
                  callback_tallies=callback_tallies)
    if stream:
        facts.orders = _streamed(store, where, pols, calendar, now, progress, total, stale,
                                 (facts, stamp, branch_id, beside) if tally else None)
    else:
        facts.by_id = {f.id: f for f in orders}
    return facts
