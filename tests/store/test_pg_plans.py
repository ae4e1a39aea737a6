"""The hot queries are served by indexes on PostgreSQL (a province's server: millions of orders and
events). Each statement the console's busiest readers issue — the queue's open orders, the escalation
pass, a month's assessment facts and its scorecards counted by the database, the SLA report's reason
chains, the audit walk — is captured as it runs and EXPLAINed with sequential scans priced out
(``enable_seqscan = off``): a plan that still scans ``work_order``, ``order_event``, ``audit_log``
or ``order_verdict`` whole has no index it can use. PostgreSQL only."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import event

from console.services.assessment import facts as F
from console.services.assessment.districts import assess
from console.services.assessment.refresh import refresh
from console.services.assessment.sla_report import sla_report
from console.services.audit.verify import verify
from console.services.orders import escalation as esc
from console.services.orders import queue as orders
from tests.factories import T0, small_branch_with_deadlines

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
HOT = ("work_order", "order_event", "audit_log", "order_verdict")


def _captured(store, fn) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT") and any(t in statement for t in HOT):
            seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", keep)
    try:
        fn()
    finally:
        event.remove(store.engine, "before_cursor_execute", keep)
    return seen


def _whole_scans(store, statement: str, parameters) -> list[str]:
    with store.engine.connect() as c:
        raw = c.connection.driver_connection
        with raw.cursor() as cur:
            cur.execute("SET enable_seqscan = off")
            cur.execute("EXPLAIN " + statement, parameters or None)
            plan = "\n".join(r[0] for r in cur.fetchall())
            cur.execute("RESET enable_seqscan")
        raw.rollback()
    return [m for m in re.findall(r"Seq Scan on (\w+)", plan) if m in HOT]


@pytest.mark.parametrize("reader", ["queue", "escalation", "month facts", "month scorecards", "sla chains",
                                    "audit walk"])
def test_each_hot_query_has_an_index(store, reader):
    ids = small_branch_with_deadlines(store)
    now = T0 + dt.timedelta(hours=30)
    esc.run_pass(store, now=now)  # some escalations (and their audit rows) to read back
    esc.forget_judged()
    if reader == "month scorecards":  # stored verdicts: the database counts the completed orders
        refresh(store)
    run = {
        "queue": lambda: orders.open_orders(store, ids["nc"]),
        "escalation": lambda: esc.run_pass(store, now=now + dt.timedelta(hours=1)),
        "month facts": lambda: list(F.load(store, dt.date(2026, 11, 1), dt.date(2026, 11, 30), now=now,
                                           branch_id=ids["nc"]).orders),
        "month scorecards": lambda: assess(store, dt.date(2026, 11, 1), now=now, branch_id=ids["nc"]),
        "sla chains": lambda: sla_report(store, dt.date(2026, 11, 1), now=now),
        "audit walk": lambda: verify(store),
    }[reader]
    statements = _captured(store, run)
    assert statements, reader
    scans = {s: _whole_scans(store, s, p) for s, p in statements}
    assert not {s: t for s, t in scans.items() if t}, scans
