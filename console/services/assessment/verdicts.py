"""The stored verdicts of completed orders, as the month's facts read them (R-ZONE-3/4).

A completed order's SLA facts (the resolve clock's state, due and close, the R-TIME-0 start and the
first response) change only when its log grows or when the calendar or the time limits it was judged
under are edited. ``order_verdict`` (models.OrderVerdict) keeps them, written by
:mod:`console.services.assessment.refresh` from the events through the rule engine; a report uses a
row only while it is **current**:

* it exists: a trigger on ``order_event`` (migration 0011) deletes an order's row in the
  transaction that appends any event to it but the escalation pass's own and their
  acknowledgement (which move no clock), so a row is always judged from its order's whole log —
  on PostgreSQL for a login typing SQL too, and the trigger waits for a judging in progress
  (`audit facts` holds the orders' rows FOR SHARE while it judges them);
* its ``rules_stamp`` is the stamp of today's calendar and every time-limit version
  (:func:`rules_stamp`): one edit of either makes every row stale.

Any other completed order, and every open one, is judged from its events as before; a row that is
not current is never read. So a report's figures are the rule engine's verdict on the events with or
without the table, which only saves the replay (tests/services/assessment/test_verdicts.py holds the
two equal).
"""

from __future__ import annotations

import hashlib

from sqlalchemy import or_, select

from console.models import Order, OrderVerdict
from console.vocabulary import OrderStatus

# the columns of a verdict, in OrderFact's order after its identity (services.assessment.facts)
VERDICT_COLUMNS = ("clock_start", "responded_at", "state", "due", "original_due", "finished_at",
                   "exempted", "extended", "provisional")
# above this many completed orders without a current verdict a period is judged wholly from its
# events (one streamed read, as without the table) instead of naming each of them in the events' read
LIVE_LIMIT = 20_000


def rules_stamp(calendar, pols) -> str:
    """A digest of everything besides the events that a verdict rests on: the working-day calendar
    (R-TIME-3..6) and every time-limit version (R-TIME-1..7), as the caller judges with them."""
    h = hashlib.blake2b(calendar.digest().encode(), digest_size=16)
    for version in sorted(pols):
        h.update(repr(pols[version]).encode())
    return h.hexdigest()


def not_current(stamp: str):
    """The condition, on ``work_order`` outer-joined to ``order_verdict``, of an order whose
    verdict is missing or not current (see the module doc)."""
    return or_(OrderVerdict.order_id.is_(None), OrderVerdict.rules_stamp != stamp)


def stale_completed(s, where: list, stamp: str) -> list[int]:
    """The completed orders among those of ``where`` that have no current verdict."""
    q = (select(Order.id).outerjoin(OrderVerdict, OrderVerdict.order_id == Order.id)
         .where(*where, Order.status == OrderStatus.COMPLETED, not_current(stamp)))
    return list(s.scalars(q))
