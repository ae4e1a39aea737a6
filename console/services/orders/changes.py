"""Orders changed by any console on the same database: the feed that keeps every console of a
control room in step (R-TIME-0: the clocks a dispatcher sees are the orders' own, not a stale copy).

`ChangeFeed(store, branch_id)` starts at the newest committed event. `wait(timeout)` blocks for at
most `timeout` seconds and returns the ids of the orders with events committed since its last call
(by any console, this one included), or None when the feed lost track (the connection dropped):
then the caller reads everything again.

- SQLite (one PC): `PRAGMA data_version` on one connection the feed holds for its whole life — it
  moves when another connection commits — a few times a second; only when it moved are the events
  after the cursor read. Event ids ascend in commit order because SQLite serialises writers.
- PostgreSQL: the one write path sends ``NOTIFY console_orders, 'branch:order'`` inside its
  transaction (`log.append`), which the server delivers at commit, in commit order, only if it
  commits; the feed LISTENs on a connection of its own and polls nothing. A payload carries ids
  only: the rows are read through the person's own login, so row-level security still decides
  what they see.

The held SQLite connection is the store's own pooled connection, never a second one opened and
closed on the file (closing one would drop this process's locks on it)."""

from __future__ import annotations

import time
from collections.abc import Iterable

from sqlalchemy import func, select, text

from console.models import OrderEvent

CHANNEL = "console_orders"
POLL_S = 0.25  # SQLite: how often the feed asks whether anything was committed


def notify(s, branch_id: int, order_ids: Iterable[int]) -> None:
    """PostgreSQL: tell every listening console, at this transaction's commit, which orders of
    `branch_id` changed (nothing on SQLite: its consoles ask `PRAGMA data_version`)."""
    if s.get_bind().dialect.name != "postgresql":
        return
    for order_id in dict.fromkeys(order_ids):
        s.execute(text("SELECT pg_notify(:channel, :payload)"),
                  {"channel": CHANNEL, "payload": f"{branch_id}:{order_id}"})


class ChangeFeed:
    def __init__(self, store, branch_id: int | None):
        self.store, self.branch_id = store, branch_id
        self._conn = store.engine.connect()  # held: see the module doc
        self.sqlite = store.is_sqlite
        if self.sqlite:
            self._version = self._data_version()
            self._cursor = self._conn.execute(select(func.coalesce(func.max(OrderEvent.id), 0))).scalar_one()
            self._conn.rollback()  # no read transaction kept open: it would pin an old snapshot
        else:
            self._pg = self._conn.connection.driver_connection
            self._conn.commit()
            self._pg.autocommit = True
            self._pg.execute(f"LISTEN {CHANNEL}")

    def _data_version(self) -> int:
        return self._conn.exec_driver_sql("PRAGMA data_version").scalar_one()

    def wait(self, timeout: float) -> set[int] | None:
        try:
            return self._wait_sqlite(timeout) if self.sqlite else self._wait_pg(timeout)
        except Exception:  # noqa: BLE001 - the connection is gone: the caller reloads and starts a new feed
            return None

    def _wait_sqlite(self, timeout: float) -> set[int]:
        end = time.monotonic() + timeout
        while True:
            version = self._data_version()
            self._conn.rollback()
            if version != self._version:
                self._version = version
                return self._changed_since_cursor()
            left = end - time.monotonic()
            if left <= 0:
                return set()
            time.sleep(min(POLL_S, left))

    def _changed_since_cursor(self) -> set[int]:
        q = select(OrderEvent.id, OrderEvent.order_id).where(OrderEvent.id > self._cursor)
        if self.branch_id is not None:
            q = q.where(OrderEvent.branch_id == self.branch_id)
        rows = self._conn.execute(q).all()
        self._conn.rollback()
        if rows:
            self._cursor = max(r.id for r in rows)
        return {r.order_id for r in rows}

    def _wait_pg(self, timeout: float) -> set[int]:
        changed: set[int] = set()
        for n in self._pg.notifies(timeout=timeout, stop_after=1):
            self._take(n.payload, changed)
        if changed:  # what else arrived with it (one transaction, or several at once)
            for n in self._pg.notifies(timeout=0.02):
                self._take(n.payload, changed)
        return changed

    def _take(self, payload: str, into: set[int]) -> None:
        branch, _, order = payload.partition(":")
        if branch.isdigit() and order.isdigit() and (self.branch_id is None or int(branch) == self.branch_id):
            into.add(int(order))

    def close(self) -> None:
        try:
            if not self.sqlite:
                self._pg.execute(f"UNLISTEN {CHANNEL}")
                self._pg.autocommit = False
            self._conn.close()  # back to the pool (SQLite: the file stays open)
        except Exception:  # noqa: BLE001 - a connection already gone has nothing to close
            pass


__all__ = ["CHANNEL", "ChangeFeed", "notify"]
