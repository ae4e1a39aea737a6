"""What the escalation pass's read phase reads and remembers (R-TIME-9/11; services.orders.escalation).

The read phase reads each order's log as plain driver rows (:func:`plain_logs`) and, in a process
that runs passes again and again (the console's 30-s timer), remembers per order the newest event
id it judged and until when no level can come due (:class:`Memo`, ``rules.escalation.quiet_until``):
an order is judged again only when its log changed, its quiet time is over, at least every
:data:`REJUDGE_S`, and every order when the calendar, a policy or the ladder changed. The memory is
the process's own, never the database's; the write phase always re-judges under the lock.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import String, case, func, null, select, type_coerce
from sqlalchemy.orm import Session

from console.models import OrderEvent
from console.rules.clock import CLOCK_EVENTS, CLOCK_PAYLOAD_EVENTS, ESCALATED
from console.rules.escalation import Level
from console.rules.periods import CST as _CST
from console.store.plain import china_of, payloads, plain_rows

NEVER = dt.datetime.max.replace(tzinfo=dt.UTC)  # quiet until a log changes
REJUDGE_S = 600.0  # an order a process remembers as quiet is judged from its log again at least this often
LOADED = CLOCK_EVENTS | {ESCALATED}  # what evaluate() and fired_levels() read; nothing else moves a clock


@dataclass
class Memo:
    """What one process's passes know of the orders they judged (the read phase only: a write always
    re-judges an order from its log under the lock): per order, its last event id then and the
    instant until which nothing of it can become due (``quiet_until``; None: until its log changes)."""

    key: tuple = ()
    orders: dict[int, tuple[int | None, dt.datetime | None, float]] = field(default_factory=dict)

    def stale(self, oid: int, last_event: int | None, nowc: dt.datetime) -> bool:
        seen = self.orders.get(oid)
        if seen is None or seen[0] != last_event or time.monotonic() - seen[2] > REJUDGE_S:
            return True
        return seen[1] is not None and nowc >= seen[1]

    def keep(self, oid: int, last_event: int | None, until: dt.datetime | None) -> None:
        if until is not None and until.tzinfo is not None:
            until = until.astimezone(_CST).replace(tzinfo=None)
        self.orders[oid] = (last_event, until, time.monotonic())

    def forget(self, oid: int) -> None:
        self.orders.pop(oid, None)

    def retain(self, oids) -> None:
        keep = set(oids)
        self.orders = {oid: v for oid, v in self.orders.items() if oid in keep}

    def quiet_until(self) -> dt.datetime | None:
        """The earliest instant (aware) at which an order judged here can come due while its log
        stays as it was: before it, a pass would read and judge nothing (R-TIME-9/11). None: not
        known (nothing judged yet, or an order judged without a quiet time)."""
        if not self.orders:
            return None
        ends = [until for _last, until, _at in self.orders.values() if until is not None]
        return min(ends).replace(tzinfo=_CST) if ends else NEVER


_memos: dict[tuple, Memo] = {}
_memos_lock = threading.Lock()


def memo_of(store, branch_id: int | None, ladder: tuple[Level, ...], book) -> Memo:
    """The memo of this database, branch scope and ladder; emptied when the calendar or a policy is not
    the one it was judged with (an entered year moves dues: every order is judged again)."""
    where = (str(store.url), branch_id, ladder)
    key = (tuple(sorted(book.calendar.days())), tuple(sorted(book.policies.items())))
    with _memos_lock:
        memo = _memos.get(where)
        if memo is None or memo.key != key:
            memo = _memos[where] = Memo(key)
        return memo


def judged_quiet_until(store, branch_id: int | None, ladder: tuple[Level, ...]) -> dt.datetime | None:
    """`Memo.quiet_until` of this process's last pass over `branch_id` with `ladder` (None: no
    pass yet, or its memory was emptied). Reads nothing: a calendar or policy changed by another
    console is seen by the next pass that runs, at least every REJUDGE_S."""
    with _memos_lock:
        memo = _memos.get((str(store.url), branch_id, ladder))
    return None if memo is None else memo.quiet_until()


def forget_judged() -> None:
    """Judge every order afresh at the next pass (tests; a process that changed the rules itself)."""
    with _memos_lock:
        _memos.clear()


def last_events(s: Session, order_ids: Sequence[int]) -> dict[int, int]:
    """The newest event id of each order (a log only grows: another id means another log)."""
    q = (select(OrderEvent.order_id, func.max(OrderEvent.id)).where(OrderEvent.order_id.in_(order_ids))
         .group_by(OrderEvent.order_id))
    return dict(plain_rows(s.connection(), q))


_TYPE = type_coerce(OrderEvent.type, String)
_PAYLOADS = tuple(sorted(CLOCK_PAYLOAD_EVENTS | {ESCALATED}))  # the payloads the rules read


class _Escalated:
    """An ``escalated`` event as ``fired_levels`` reads it."""

    __slots__ = ("payload",)
    type = ESCALATED

    def __init__(self, payload):
        self.payload = payload


def plain_logs(s: Session, order_ids: Sequence[int]) -> dict[int, tuple[list, list]]:
    """Per order: its clock events as ``(type, at, payload)`` in log order (``at`` naive China time,
    for ``evaluate_log``) and its ``escalated`` events — plain driver rows, each payload decoded once
    (the same loaded set as ``escalation._events``)."""
    out: dict[int, tuple[list, list]] = {}
    payload_of = payloads()
    q = (select(OrderEvent.order_id, _TYPE, type_coerce(OrderEvent.at, String),
                type_coerce(case((_TYPE.in_(_PAYLOADS), OrderEvent.payload), else_=null()), String))
         .where(OrderEvent.order_id.in_(order_ids), _TYPE.in_(tuple(LOADED)))
         .order_by(OrderEvent.order_id, OrderEvent.at, OrderEvent.id))
    for oid, typ, at, raw in plain_rows(s.connection(), q):
        body = payload_of(raw)  # SQLite: JSON text (a receipt's repeats decoded once); psycopg decodes it
        got = out.get(oid)
        if got is None:
            got = out[oid] = ([], [])
        if typ == ESCALATED:
            got[1].append(_Escalated(body))
        else:
            got[0].append((typ, china_of(at), body))
    return out
