"""Orders changed by any console on the same database: the feed that keeps every console of a
control room in step (R-TIME-0: the clocks a dispatcher sees are the orders' own, not a stale copy).

`ChangeFeed(store, branch_id)` starts at the newest committed event. `wait(timeout)` blocks for at
most `timeout` seconds and returns the ids of the orders with events committed since its last call
(by any console, this one included), or None when the feed lost track (the connection dropped):
then the caller reads everything again.

- SQLite (one PC): `PRAGMA data_version` on one connection the feed holds for its whole life — it
  moves when another connection commits; only when it moved are the events after the cursor
  read. It is asked when a process wrote the database's files (an inotify watch, services.orders.wake:
  every commit writes the write-ahead log), then every HOT_POLL_S for HOT_S while the commit
  lands, and every SAFETY_S all the same; without inotify, every POLL_S. Event ids ascend in commit order because SQLite serialises writers.
- PostgreSQL: the one write path sends ``NOTIFY console_orders, 'branch:order'`` inside its
  transaction (`log.append`), which the server delivers at commit, in commit order, only if it
  commits; the feed LISTENs on a connection of its own, sleeps on its socket and polls nothing. A payload carries ids
  only: the rows are read through the person's own login, so row-level security still decides
  what they see.

Records that are not order events — revisit plans and visits, notices, inspections and their
findings — are reported as topics (`TOPICS`) by `poll(timeout)`, which returns a `Changed` (orders
and topics) or None: on PostgreSQL their write functions call `notify_records(s, branch_id, topic)`
inside their transaction (``NOTIFY console_records, 'branch:topic'``, delivered at commit); on
SQLite the moved `PRAGMA data_version` also reads the audit rows after a second cursor (every
change of those services writes one in its transaction) and names the topics of their entities.
Nothing is polled more often for them: a quiet database costs what it cost before.
(Callbacks are written through the order write path: their changes are order changes.)

The held SQLite connection is the store's own pooled connection, never a second one opened and
closed on the file (closing one would drop this process's locks on it)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from console.models import AuditLog, OrderEvent
from console.services.orders.wake import FileWatch, Waker

CHANNEL = "console_orders"
RECORDS_CHANNEL = "console_records"
POLL_S = 0.5  # SQLite without inotify: how often the feed asks whether anything was committed
SAFETY_S = 10.0  # SQLite with inotify: it asks at least this often all the same
HOT_S, HOT_POLL_S = 1.5, 0.05  # after a write to the files: ask this often for this long (the commit lands a moment later)
TOPICS = frozenset({"callbacks", "revisits", "notices", "inspections"})
"""What a records notice names besides orders (callbacks come as order changes too)."""
_TOPIC_OF_ENTITY = {  # SQLite: the audit row's entity -> the topic its change belongs to
    "revisit_plan": "revisits", "revisit_visit": "revisits",
    "notice": "notices", "fee_reminder": "notices",
    "inspection": "inspections", "finding": "inspections",
}


@dataclass(frozen=True)
class Changed:
    """What `ChangeFeed.poll` saw committed since its last call: the ids of the orders with new
    events, and the topics of other records changed (`TOPICS`)."""

    orders: frozenset[int] = frozenset()
    records: frozenset[str] = field(default_factory=frozenset)

    def __bool__(self) -> bool:
        return bool(self.orders or self.records)


def notify(s, branch_id: int, order_ids: Iterable[int]) -> None:
    """PostgreSQL: tell every listening console, at this transaction's commit, which orders of
    `branch_id` changed (nothing on SQLite: its consoles ask `PRAGMA data_version`)."""
    if s.get_bind().dialect.name != "postgresql":
        return
    for order_id in dict.fromkeys(order_ids):
        s.execute(text("SELECT pg_notify(:channel, :payload)"),
                  {"channel": CHANNEL, "payload": f"{branch_id}:{order_id}"})


def notify_records(s, branch_id: int, topic: str) -> None:
    """PostgreSQL: tell every listening console, at this transaction's commit, that records of
    `topic` (one of `TOPICS`) of `branch_id` changed; called by each write function of the
    revisits, notices and inspections services inside its transaction (nothing on SQLite: its
    consoles read the audit rows after `PRAGMA data_version` moved)."""
    if topic not in TOPICS:
        raise AssertionError(f"unknown records topic {topic!r}")  # a caller's slip, never a user's input
    if s.get_bind().dialect.name != "postgresql":
        return
    s.execute(text("SELECT pg_notify(:channel, :payload)"),
              {"channel": RECORDS_CHANNEL, "payload": f"{branch_id}:{topic}"})


class ChangeFeed:
    def __init__(self, store, branch_id: int | None):
        self.store, self.branch_id = store, branch_id
        self._waker = Waker()
        self._conn = store.engine.connect()  # held: see the module doc
        self.sqlite = store.is_sqlite
        if self.sqlite:
            # the driver's own connection under the held one: asked in autocommit (the engine's
            # driver never opens a transaction by itself), a poll is one statement and no BEGIN or
            # ROLLBACK — what a quiet console spends watching is next to nothing
            self._raw = self._conn.connection.driver_connection
            self._version = self._data_version()
            self._cursor = self._conn.execute(select(func.coalesce(func.max(OrderEvent.id), 0))).scalar_one()
            self._audit_cursor = self._conn.execute(select(func.coalesce(func.max(AuditLog.id), 0))).scalar_one()
            self._conn.rollback()  # no read transaction kept open: it would pin an old snapshot
            path = store.sqlite_path
            self._watch = FileWatch.of(Path(path)) if path else None
            self._hot_until = 0.0  # time.monotonic(): until then the files were just written, ask often
        else:
            self._pg = self._conn.connection.driver_connection
            self._conn.commit()
            self._pg.autocommit = True
            self._pg.execute(f"LISTEN {CHANNEL}")
            self._pg.execute(f"LISTEN {RECORDS_CHANNEL}")

    def _data_version(self) -> int:
        return self._raw.execute("PRAGMA data_version").fetchone()[0]

    def wait(self, timeout: float) -> set[int] | None:
        """The orders changed (see the module doc); records of other topics are dropped."""
        got = self.poll(timeout)
        return None if got is None else set(got.orders)

    def poll(self, timeout: float) -> Changed | None:
        """Block for at most `timeout` seconds; what was committed since the last call (empty:
        nothing), or None when the feed lost track (the caller reads everything again)."""
        try:
            return self._wait_sqlite(timeout) if self.sqlite else self._wait_pg(timeout)
        except Exception:  # noqa: BLE001 - the connection is gone: the caller reloads and starts a new feed
            return None

    def interrupt(self) -> None:
        """End a `poll` waiting on another thread now (it returns what it has: nothing)."""
        self._waker.interrupt()

    def _wait_sqlite(self, timeout: float) -> Changed:
        end = time.monotonic() + timeout
        while True:
            version = self._data_version()
            if version != self._version:
                self._version = version
                return self._changed_since_cursor()
            now = time.monotonic()
            left = end - now
            if left <= 0:
                return Changed()
            if self._watch is None:  # no inotify: ask on a timer
                got = self._waker.wait([], min(POLL_S, left))
            elif now < self._hot_until:  # a write began: its commit shows in the log's index a moment later
                got = self._waker.wait([self._watch.fd], min(HOT_POLL_S, left))
            else:
                got = self._waker.wait([self._watch.fd], min(SAFETY_S, left))
            if got == "interrupted":
                return Changed()
            if got == "ready" and self._watch.drain():
                self._hot_until = time.monotonic() + HOT_S

    def _changed_since_cursor(self) -> Changed:
        q = select(OrderEvent.id, OrderEvent.order_id).where(OrderEvent.id > self._cursor)
        a = select(AuditLog.id, AuditLog.entity).where(AuditLog.id > self._audit_cursor)
        if self.branch_id is not None:
            q = q.where(OrderEvent.branch_id == self.branch_id)
            a = a.where(AuditLog.branch_id == self.branch_id)
        rows = self._conn.execute(q).all()
        audits = self._conn.execute(a).all()
        self._conn.rollback()
        if rows:
            self._cursor = max(r.id for r in rows)
        if audits:
            self._audit_cursor = max(r.id for r in audits)
        topics = {_TOPIC_OF_ENTITY[r.entity] for r in audits if r.entity in _TOPIC_OF_ENTITY}
        return Changed(frozenset(r.order_id for r in rows), frozenset(topics))

    def _wait_pg(self, timeout: float) -> Changed:
        # the server's notices arrive on the connection's socket: the thread sleeps on it (psycopg's
        # own wait would wake ten times a second) and reads what is there without waiting
        orders: set[int] = set()
        topics: set[str] = set()
        end = time.monotonic() + timeout
        while True:
            got = False
            for n in self._pg.notifies(timeout=0.0):
                self._take(n.channel, n.payload, orders, topics)
                got = True
            if got:  # what else arrived with it (one transaction, or several at once)
                for n in self._pg.notifies(timeout=0.02):
                    self._take(n.channel, n.payload, orders, topics)
                return Changed(frozenset(orders), frozenset(topics))
            left = end - time.monotonic()
            if left <= 0 or self._waker.wait([self._pg.fileno()], left) != "ready":
                return Changed()

    def _take(self, channel: str, payload: str, orders: set[int], topics: set[str]) -> None:
        branch, _, what = payload.partition(":")
        if not branch.isdigit() or (self.branch_id is not None and int(branch) != self.branch_id):
            return
        if channel == CHANNEL and what.isdigit():
            orders.add(int(what))
        elif channel == RECORDS_CHANNEL and what in TOPICS:
            topics.add(what)

    def close(self) -> None:
        try:
            if self.sqlite:
                if self._watch is not None:
                    self._watch.close()
            else:
                self._pg.execute("UNLISTEN *")
                self._pg.autocommit = False
            self._conn.close()  # back to the pool (SQLite: the file stays open)
        except Exception:  # noqa: BLE001 - a connection already gone has nothing to close
            pass
        self._waker.close()


__all__ = ["CHANNEL", "RECORDS_CHANNEL", "TOPICS", "ChangeFeed", "Changed", "notify", "notify_records"]
