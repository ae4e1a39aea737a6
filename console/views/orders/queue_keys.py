"""What the dispatch queue keeps beside each open order, and a whole queue prepared off the GUI thread.

No Qt here: `prepare` runs on the reader's thread (the same ReadOp that read the rows), so that a
branch's 100,000 open orders reach the GUI thread with their search text, urgency keys, counters
and the filtered, sorted view already made, and `QueueModel.take` only swaps them in.

* `hay_of`: the lower-case text the free-text filter searches.
* `urgency_key`: the R-TIME-9 urgency order (``rules.urgency.sort_key``) and the order id packed
  into one integer: one small object a row instead of a tuple of floats, compared in one step,
  and a total order (no two orders share a key).
* `urgent_set`: the counters above the queue an order counts in; the few distinct sets are
  shared, not one frozenset a row.
* `matcher` and `sort_key` are the model's filter and column order, usable off the GUI thread.

`quiet_gc()` keeps the cyclic garbage collector from starting a pass while a read builds
hundreds of thousands of objects (a full pass stops every thread, the GUI thread included, for
~90 ms at 100,000 rows, and the growth of the heap starts one every few hundred thousand new
objects); at its end, and again by `settle()` once the queue is swapped in, what the process holds
is moved out of the collector's sight (`gc.freeze`), so later passes do not walk the queue's rows.
The price: cyclic garbage that exists at that moment is never collected (it is freed only if its
cycle is broken); a console makes little of it, and only a whole read freezes.
"""

from __future__ import annotations

import datetime as dt
import gc
import heapq
import threading
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from console.rules import urgency
from console.services.orders.queue import FIELD, OpenRead, OrderRow
from console.views.orders.queue_counters import URGENT, shared, urgent_of

_OFFSET = 1 << 53  # µs: instants from 1685 to 2255 pack into the 54 bits of their field
_BY_URGENCY = ("urgency", "flag", "time_left", "sla", "due")
_BY_ATTRIBUTE = {"number": "number", "kind": "kind", "customer": "customer", "district": "district",
                 "assignee": "assignee", "status": "status"}
ASCENDING, DESCENDING = 0, 1  # Qt.SortOrder's values, without Qt


@dataclass
class QueueFilter:
    """What the dispatcher filters on; empty means everything."""

    kinds: frozenset[str] = field(default_factory=frozenset)
    district_id: int | None = None
    assignee_id: int | None = None  # -1: unassigned
    states: frozenset[str] = field(default_factory=frozenset)  # bands / waiting / paused
    text: str = ""
    urgent: str = ""  # one of URGENT: the counters strip's one-click filter
    mine: int | None = None  # a maintainer's "my orders": only those assigned to this staff id

    def is_empty(self) -> bool:
        return not (self.kinds or self.district_id or self.assignee_id or self.states or self.text.strip()
                    or self.urgent or self.mine)


def hay_of(r: OrderRow) -> str:
    return f"{r.number} {r.customer} {r.customer_phone} {r.district} {r.assignee} {r.description}".lower()


def urgency_key(r: OrderRow) -> int:
    """R-TIME-9's urgency order (flagged first, then by the clock due soonest …), then the order id."""
    return pack_urgency(r.priority, r.customer_major, r.due_at, r.response_due_at, r.status, r.sla_state,
                        r.received_at, r.id)


def pack_urgency(priority: str, customer_major, due_at: dt.datetime | None, response_due_at: dt.datetime | None,
                 status: str, sla_state: str | None, received_at: dt.datetime, order_id: int) -> int:
    """`urgency_key` from the fields themselves (an order read, before its OrderRow exists)."""
    if priority == "normal" and customer_major:
        priority = "important"  # R-TIME-9: an important customer is never below "important"
    later, group, ts, received = urgency.sort_key(priority, due_at, response_due_at, status, sla_state, received_at)
    key = (int(later) << 2) | group
    key = (key << 54) | (round(ts * 1_000_000) + _OFFSET)
    key = (key << 54) | (round(received * 1_000_000) + _OFFSET)
    return (key << 64) | order_id


_KEY_FIELDS = itemgetter(*(FIELD[name] for name in ("priority", "customer_major", "due_at", "response_due_at",
                                                     "status", "sla_state", "received_at", "id")))


def urgent_set(r: OrderRow, now: dt.datetime) -> frozenset[str]:
    """The counters (URGENT) the order counts in at `now`, as one shared frozenset."""
    return shared(frozenset(urgent_of(r, shown(r, now), now)))


def shown(r: OrderRow, now: dt.datetime) -> urgency.Shown:
    return urgency.shown_clock(now, status=r.status, sla_state=r.sla_state, due_at=r.due_at,
                               budget_s=r.sla_budget_s, response_due_at=r.response_due_at,
                               response_budget_s=r.response_budget_s)


def matcher(f: QueueFilter, rows: Sequence[OrderRow | None], hay: Sequence[str],
            now: dt.datetime) -> Callable[[int], bool]:
    """Whether the order in a slot passes the filter `f` at `now`."""
    text = f.text.strip().lower()
    wanted = f.assignee_id if f.assignee_id not in (None, 0) else None
    mine = f.mine

    def match(i: int) -> bool:
        r = rows[i]
        if r is None:
            return False
        if mine is not None and r.assignee_id != mine:
            return False
        if f.kinds and r.kind not in f.kinds:
            return False
        if f.district_id and r.district_id != f.district_id:
            return False
        if wanted is not None and ((wanted == -1 and r.assignee_id is not None)
                                   or (wanted > 0 and r.assignee_id != wanted)):
            return False
        if text and text not in hay[i]:
            return False
        if f.urgent and f.urgent not in urgent_of(r, shown(r, now), now):
            return False
        return not f.states or shown(r, now).state in f.states

    return match


def sort_key(col: str, rows: Sequence[OrderRow | None], urgency_of: Sequence[int]) -> Callable[[int], Any]:
    """The sort key of a slot for column `col`: the column's value, then the order id (a total order)."""
    if col in _BY_URGENCY:
        return urgency_of.__getitem__  # the id is packed in
    if col == "received":
        def key(i: int):
            return rows[i].received_at, rows[i].id
    elif col == "escalation":  # ascending: the highest unacknowledged first
        def key(i: int):
            return -rows[i].open_alert_rank, -rows[i].escalation_level, rows[i].id
    else:
        attr = _BY_ATTRIBUTE[col]

        def key(i: int):
            return getattr(rows[i], attr), rows[i].id
    return key


@dataclass(slots=True)
class Prepared:
    """A whole queue ready for `QueueModel.take`: every slot's row and keys, the counters' totals,
    and the view (the slots that pass `flt`, in the order `sort`) as of `now`. `total`: how many
    open orders the read found; more than the rows here when this is only the queue's first
    screenful, shown while the rest is made (`partial`)."""

    rows: list[OrderRow | None]
    slot: dict[int, int]
    hay: list[str]
    urgency: list[int]
    sets: list[frozenset[str]]
    counts: dict[str, int]
    view: list[int]
    flt: QueueFilter
    sort: tuple[str, int]
    now: dt.datetime
    total: int = 0
    partial: bool = False


FIRST = 200  # orders in a first screenful (a tall window shows some 60; the columns' widths come from 200)
_RUN = 8192  # slots sorted in one call: a longer sort holds the interpreter from the GUI thread


def prepare(rows: list[OrderRow], now: dt.datetime, flt: QueueFilter | None = None,
            sort: tuple[str, int] = ("urgency", ASCENDING), *, keys: list[int] | None = None) -> Prepared:
    """Everything the queue model keeps for `rows` (see the module doc); `rows` becomes its own.
    `keys`: their urgency keys, when already known."""
    flt = flt or QueueFilter()
    hay = list(map(hay_of, rows))
    keys = keys if keys is not None else list(map(urgency_key, rows))
    sets = [urgent_set(r, now) for r in rows]
    counts = dict.fromkeys(URGENT, 0)
    tally: dict[frozenset[str], int] = {}
    for found in sets:
        tally[found] = tally.get(found, 0) + 1
    for found, n in tally.items():
        for name in found:
            counts[name] += n
    match = matcher(flt, rows, hay, now)
    view = [i for i in range(len(rows)) if match(i)] if not flt.is_empty() else list(range(len(rows)))
    view = _sorted(view, sort_key(sort[0], rows, keys), sort[1] == DESCENDING)
    return Prepared(rows, {r.id: i for i, r in enumerate(rows)}, hay, keys, sets, counts, view, flt, sort, now,
                    total=len(rows))


def _sorted(idx: list[int], key, reverse: bool) -> list[int]:
    """sorted(), in runs of _RUN merged by heapq.merge: one long sort is one C call during which the
    GUI thread cannot run a line of Python (~60 ms for 100,000 slots on a busy machine)."""
    if len(idx) <= _RUN:
        return sorted(idx, key=key, reverse=reverse)
    runs = [sorted(idx[k:k + _RUN], key=key, reverse=reverse) for k in range(0, len(idx), _RUN)]
    return list(heapq.merge(*runs, key=key, reverse=reverse))


def prepare_read(read: OpenRead, now: dt.datetime, flt: QueueFilter | None = None,
                 sort: tuple[str, int] = ("urgency", ASCENDING)) -> Prepared:
    """`prepare` for the orders of a read (services.orders.queue.read_open), their urgency keys
    taken from the values read, before the rows are made."""
    keys = [pack_urgency(*_KEY_FIELDS(v)) for v in read.values]
    return prepare(read.rows(), now, flt, sort, keys=keys)


def wants_first_screen(flt: QueueFilter | None, sort: tuple[str, int]) -> bool:
    """Whether the database's urgency order (services.orders.queue.most_urgent) gives this queue's
    first screenful: the queue sorted by urgency, most urgent first, nothing filtered out."""
    return (flt is None or flt.is_empty()) and sort[0] in _BY_URGENCY and sort[1] == ASCENDING


def first_screen(read: OpenRead, total: int, now: dt.datetime, flt: QueueFilter | None = None,
                 sort: tuple[str, int] = ("urgency", ASCENDING)) -> Prepared:
    """The queue's first screenful (services.orders.queue.most_urgent) as a partial Prepared of
    `total` open orders."""
    part = prepare(read.rows(), now, flt, sort)
    part.total, part.partial = max(total, len(part.rows)), True
    return part


_quiet = threading.Lock()
_quiet_depth = 0
_was_enabled = True


@contextmanager
def quiet_gc():
    """No automatic collection while the block builds its objects (see the module doc); nested
    and concurrent blocks (two reads at once) share one pause."""
    global _quiet_depth, _was_enabled
    with _quiet:
        if _quiet_depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _quiet_depth += 1
    try:
        yield
    finally:
        with _quiet:
            _quiet_depth -= 1
            if _quiet_depth == 0:
                # What the block made goes out of the collector's sight before it runs again: else
                # its first passes would walk all of it, every thread waiting.
                gc.freeze()
                if _was_enabled:
                    gc.enable()


def settle() -> None:
    """What the process holds now is kept out of later collections (the queue just swapped in)."""
    gc.freeze()


def drop_later(*containers) -> None:
    """Let go of a replaced queue's lists and dicts off the GUI thread, a slice at a time: freeing
    100,000 rows at once is one step of ~50 ms for whichever thread drops the last reference."""
    def drain():
        for c in containers:
            if isinstance(c, dict):
                c.clear()
                continue
            while c:
                del c[-5000:]

    threading.Thread(target=drain, name="queue-drop", daemon=True).start()
