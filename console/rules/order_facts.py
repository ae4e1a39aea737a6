"""An order's current facts, from its event log alone (plain values in, plain values out).

Events are the truth (docs/architecture.md, "The write path"): a use case only appends events,
and the order's columns are this projection of its log — written in the same transaction by
``services.orders.caches`` and recomputed by ``branch-console audit replay``, which reports any
column that disagrees. Each fact has one source event:

* kind, priority, channel, required and missing materials, policy version: ``received``
  (R-FIRST-1/2; a fact its payload does not carry is None: the log does not say, and the stored
  column stands); kind again from the last ``reclassified``; the missing materials are cleared and
  the policy version re-read by ``materials_complete`` (R-TIME-0: the clock starts under the policy
  in force then);
* assignee: the last ``assigned``; visit window: the last ``visit_booked``, which also clears an
  arrival; arrival: ``arrived`` (R-PROM-7);
* completion: the last ``completed``, cleared by a later ``reopened``;
* escalation level: the highest ladder level any ``escalated`` event fired (R-FIRST-4's manual
  escalations are not on the ladder);
* status: :func:`console.rules.order_status.derive_status`;
* ``as_of``: the instant of the last event the clocks read (``rules.clock.CLOCK_EVENTS``). The
  order's cached SLA columns are its clocks evaluated at that instant, so they change only when
  the log does; whether an open clock has run out since is decided when someone asks
  (:func:`console.rules.urgency.breached_now`).

``events`` are objects with ``type``, ``at`` and ``payload`` (OrderEvent rows or
``rules.clock.Event``) in log order (by time, then id).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from console.rules.clock import CLOCK_EVENTS
from console.rules.escalation import DEFAULT_LADDER, Level, ladder_level
from console.rules.order_status import derive_status
from console.vocabulary import EventType as E


@dataclass(frozen=True)
class OrderFacts:
    status: str
    kind: str | None
    priority: str | None
    channel: str | None
    policy_version: int | None  # None: the log does not say (events written before it did)
    assignee_id: int | None
    required: tuple[str, ...] | None  # None: the log does not say (the stored value stands)
    missing: tuple[str, ...] | None
    received_at: dt.datetime | None
    completed_at: dt.datetime | None
    visit_from: dt.datetime | None
    visit_to: dt.datetime | None
    arrived_at: dt.datetime | None
    escalation_level: int
    as_of: dt.datetime | None


def _instant(value) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def _version(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def order_facts(events: Iterable, ladder: Sequence[Level] = DEFAULT_LADDER) -> OrderFacts:
    """The projection of one order's log (see the module doc)."""
    log = list(events)
    kind = priority = channel = None
    policy = assignee = None
    required: tuple[str, ...] | None = None
    missing: tuple[str, ...] | None = None
    received_at = completed_at = visit_from = visit_to = arrived_at = as_of = None
    level = 0
    for e in log:
        typ, p = e.type, e.payload or {}
        if typ in CLOCK_EVENTS and (as_of is None or e.at > as_of):
            as_of = e.at
        if typ == E.RECEIVED:
            received_at = e.at
            kind, priority, channel = p.get("kind"), p.get("priority"), p.get("channel")
            if "required" in p:
                required = tuple(p["required"] or ())
            if "missing" in p:
                missing = tuple(p["missing"] or ())
            policy = _version(p.get("policy_version"))
        elif typ == E.MATERIALS_MISSING:
            if p.get("missing"):
                missing = tuple(p["missing"])
        elif typ == E.MATERIALS_COMPLETE:
            missing = ()
            policy = _version(p.get("policy_version")) or policy
        elif typ == E.RECLASSIFIED:
            kind = p.get("to_kind") or kind
        elif typ == E.ASSIGNED:
            assignee = p.get("assignee_id")
        elif typ == E.VISIT_BOOKED:
            visit_from, visit_to = _instant(p.get("window_start")), _instant(p.get("window_end"))
            arrived_at = None
        elif typ == E.ARRIVED:
            arrived_at = _instant(p.get("at")) or e.at
        elif typ == E.COMPLETED:
            completed_at = e.at
        elif typ == E.REOPENED:
            completed_at = None
        elif typ == E.ESCALATED:
            level = max(level, ladder_level(p, ladder))
    status = derive_status((str(e.type), e.payload or {}) for e in log)
    return OrderFacts(status, kind, priority, channel, policy, assignee, required, missing, received_at,
                      completed_at if status == "completed" else None, visit_from, visit_to, arrived_at,
                      level, as_of)


def pending_extension(events: Iterable):
    """The extension request still waiting for a decision (R-TIME-10), or None. A completion ends
    it (rules.clock_run: a request lapses when its clock is closed; after a reopen, ask again)."""
    pending = None
    for e in events:
        if e.type == E.EXTENSION_REQUESTED:
            pending = e
        elif e.type in (E.EXTENSION_APPROVED, E.EXTENSION_REJECTED, E.COMPLETED):
            pending = None
    return pending


def first_response(events: Iterable):
    """The order's ``first_response`` event (R-TIME-7 / R-PROM-2: recorded once), or None."""
    return next((e for e in events if e.type == E.FIRST_RESPONSE), None)


def unacknowledged_escalations(events: Iterable) -> list:
    """The ``escalated`` events no ``escalation_acknowledged`` names (R-FIRST-4), in log order.
    ``events`` need ids (OrderEvent rows)."""
    log = list(events)
    seen = {(e.payload or {}).get("escalation_event_id") for e in log if e.type == E.ESCALATION_ACKNOWLEDGED}
    return [e for e in log if e.type == E.ESCALATED and getattr(e, "id", None) not in seen]
