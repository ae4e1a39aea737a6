"""The counters above the queue: what is urgent, over every open order of the branch, kept as
rows change and as the clock moves (each counter is a one-click filter, `QueueFilter.urgent`).

`urgent_of` says which counters one order counts in now; `UrgentCounts` is the part of
`QueueModel` that keeps the totals: each slot's set as last computed, added and taken away as
rows change, and COUNT_CHUNK slots brought up to the clock per tick, so no tick stalls a window
over a big branch."""

from __future__ import annotations

import datetime as dt

from console.rules import urgency
from console.services.orders.escalation import URGENT_RANK
from console.services.orders.queue import OrderRow

COUNT_CHUNK = 2000  # orders whose counters follow the clock at each tick (one a second)

# What is urgent, counted above the queue (each a one-click filter):
URGENT = ("breached", "due_1h", "unassigned", "waiting_3d", "extension", "escalated")
DUE_SOON = dt.timedelta(hours=1)  # a running clock (R-TIME-1..7) with less than this left
WAITING_LONG = dt.timedelta(days=3)  # waiting for the customer's materials (R-FIRST-2) since intake
ESCALATED_LEVEL = URGENT_RANK  # unacknowledged escalations from the dispatcher's rung up (R-TIME-11, R-FIRST-4)


def urgent_of(r: OrderRow, shown: urgency.Shown, now: dt.datetime) -> set[str]:
    """The counters an open order counts in, as it stands at `now`."""
    out = set()
    if shown.state == "breached":
        out.add("breached")
    elif shown.remaining is not None and shown.state not in ("waiting", "paused", "none") \
            and dt.timedelta(0) <= shown.remaining <= DUE_SOON:
        out.add("due_1h")
    if r.assignee_id is None and r.status != "waiting_materials":
        out.add("unassigned")
    if r.status == "waiting_materials" and now - r.received_at > WAITING_LONG:
        out.add("waiting_3d")
    if r.extension_pending:  # R-TIME-10: a manager has to decide
        out.add("extension")
    if r.open_alert_rank >= ESCALATED_LEVEL:
        out.add("escalated")
    return out


_FAR = dt.datetime.max.replace(tzinfo=dt.UTC)


def changes_in(r: OrderRow, now: dt.datetime, *, counters: bool = False) -> dt.timedelta | None:
    """How long until what the queue shows of the order (its clock's band and countdown), or with
    `counters` also the counters it counts in (`urgent_of`), can differ from now, the order
    staying as it is (None: not until it changes)."""
    if counters and r.status == "waiting_materials":
        left = r.received_at + WAITING_LONG - now  # waiting_3d (R-FIRST-2)
        return left if left > dt.timedelta(0) else None
    return urgency.look_changes_in(now, status=r.status, sla_state=r.sla_state, due_at=r.due_at,
                                   budget_s=r.sla_budget_s, response_due_at=r.response_due_at,
                                   response_budget_s=r.response_budget_s)


def soonest_change(rows, now: dt.datetime, *, counters: bool = False) -> dt.datetime | None:
    """The earliest instant any of `rows` (None slots skipped) can look different (`changes_in`)."""
    waits = [w for r in rows if r is not None and (w := changes_in(r, now, counters=counters)) is not None]
    return now + min(waits) if waits else None


_SETS: dict[frozenset[str], frozenset[str]] = {}
_NONE: frozenset[str] = frozenset()


def shared(found: frozenset[str]) -> frozenset[str]:
    """One frozenset for each distinct set of counters (a few dozen at most), shared by every
    order that counts in them, not one a row."""
    return _SETS.setdefault(found, found)


class UrgentCounts:
    """The counting half of QueueModel (it owns `_all`, `_now` and `_shown`)."""

    def urgent_counts(self) -> dict[str, int]:
        """How many open orders (shown or filtered out) count in each of URGENT. Kept as rows
        change; the clock's effect is caught up COUNT_CHUNK orders per tick (a branch of 20,000
        open orders in 10 s), so no tick stalls the window."""
        return dict(self._counts)

    def _urgent_set(self, r: OrderRow | None) -> frozenset[str]:
        return shared(frozenset(urgent_of(r, self._shown(r, self._now), self._now))) if r is not None else _NONE

    def _add(self, keys: frozenset[str], sign: int) -> None:
        for key in keys:
            self._counts[key] += sign

    def _catch_up(self) -> None:
        """The next COUNT_CHUNK orders' counters as of now (time moves orders between them)."""
        n = len(self._all)
        if not n:
            return
        now = self._now
        since, until = self._count_gate
        if until is not None and since <= now < until:
            return  # every order was looked at, and none can move between counters before `until`
        if n <= COUNT_CHUNK:  # every order at each tick: when the next one can move is known
            start, stop = 0, n
            self._count_gate = (now, soonest_change(self._all, now, counters=True) or _FAR)
        else:
            start = self._count_cursor % n
            stop = min(n, start + COUNT_CHUNK)
        for slot in range(start, stop):
            fresh = self._urgent_set(self._all[slot])
            if fresh != self._sets[slot]:
                self._add(self._sets[slot], -1)
                self._add(fresh, 1)
                self._sets[slot] = fresh
        self._count_cursor = stop
