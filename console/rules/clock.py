"""Plain values for SLA clocks: the input :class:`Event`, the output :class:`Clock` and :class:`SlaState`.

The event-type strings are the values of ``console.vocabulary.EventType``. ``evaluate`` also accepts any object with ``type``, ``at`` and
``payload`` attributes, e.g. ``OrderEvent`` rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from console.vocabulary import EventType

# -- order event types the clocks read (the values of console.vocabulary.EventType) -----------
RECEIVED = EventType.RECEIVED.value  # payload: kind, rural (bool), missing (list) — R-FIRST-2
MATERIALS_MISSING = EventType.MATERIALS_MISSING.value  # payload: missing (list)
MATERIALS_COMPLETE = EventType.MATERIALS_COMPLETE.value  # R-TIME-0: the clock starts here
FIRST_RESPONSE = EventType.FIRST_RESPONSE.value  # R-TIME-7 / R-PROM-2
PAUSED = EventType.PAUSED.value  # payload: reason
RESUMED = EventType.RESUMED.value
CUSTOMER_UNREACHABLE = EventType.CUSTOMER_UNREACHABLE.value  # payload: reason (required) — R-TIME-8
HEAD_NOTIFIED = EventType.HEAD_NOTIFIED.value  # R-TIME-8
EXTENSION_REQUESTED = EventType.EXTENSION_REQUESTED.value  # payload: clock, new_due — R-TIME-10
EXTENSION_APPROVED = EventType.EXTENSION_APPROVED.value  # payload: clock, new_due — R-TIME-10
EXTENSION_REJECTED = EventType.EXTENSION_REJECTED.value  # payload: clock — R-TIME-10
RECLASSIFIED = EventType.RECLASSIFIED.value  # payload: to_kind
ESCALATED = EventType.ESCALATED.value  # payload: clock, level, manual — R-FIRST-4 (read by rules.escalation)
COMPLETED = EventType.COMPLETED.value
REOPENED = EventType.REOPENED.value
CALLBACK_DONE = EventType.CALLBACK_DONE.value  # R-VISIT-1/2

CLOCK_EVENTS = frozenset({
    RECEIVED, MATERIALS_MISSING, MATERIALS_COMPLETE, FIRST_RESPONSE, PAUSED, RESUMED, CUSTOMER_UNREACHABLE,
    HEAD_NOTIFIED, EXTENSION_REQUESTED, EXTENSION_APPROVED, EXTENSION_REJECTED, RECLASSIFIED, COMPLETED,
    REOPENED, CALLBACK_DONE,
})  # fmt: skip
"""The event types :func:`console.rules.sla.evaluate` reads: no other event can move a clock (the
escalation pass loads only these; the order's cached SLA columns are evaluated as of the last one)."""
CLOCK_PAYLOAD_EVENTS = frozenset({
    RECEIVED, MATERIALS_MISSING, CUSTOMER_UNREACHABLE, EXTENSION_REQUESTED, EXTENSION_APPROVED,
    EXTENSION_REJECTED, RECLASSIFIED,
})  # fmt: skip
"""Those of :data:`CLOCK_EVENTS` whose payload evaluate reads (the others count by their instant)."""

# -- clock names ------------------------------------------------------------------------------
RESOLVE = "resolve"  # the order's own limit: R-TIME-1..6
FIRST_RESPONSE_CLOCK = "first_response"  # complaints only: R-TIME-7
CALLBACK = "callback"  # after completion: R-VISIT-1 (repairs, complaints), R-VISIT-2 (installations)

# -- clock states -----------------------------------------------------------------------------
WAITING_MATERIALS = "waiting_materials"  # R-TIME-0: not started
RUNNING = "running"
PAUSED_STATE = "paused"
MET = "met"
MET_BY_EXEMPTION = "met_by_exemption"  # R-TIME-8
BREACHED = "breached"
STATES = (WAITING_MATERIALS, RUNNING, PAUSED_STATE, MET, MET_BY_EXEMPTION, BREACHED)

_EMPTY: Mapping = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Event:
    """One order event as plain values (built by the services from ``OrderEvent`` rows).

    ``at`` is naive China time or aware; ``payload`` as stored (see the constants above)."""

    type: str
    at: dt.datetime
    payload: Mapping = field(default_factory=lambda: _EMPTY)


@dataclass(frozen=True)
class Clock:
    """One SLA clock of an order at ``SlaState.now``.

    * ``kind``: the policy key the limit came from (order kind, ``complaint_first_response`` or
      ``callback``), so ``due_at(kind, started_at, ...)`` reproduces the unpaused due.
    * ``state``: one of :data:`STATES`. ``breached`` covers both an open clock past its due and a
      clock closed late (see ``finished_at``).
    * ``due``: the due in force (pauses and approved extensions applied); for a paused clock, the
      due if it resumed *now*. ``original_due``: the same without extensions (R-TIME-10 reports).
    * ``remaining``: ``due - now`` for an open clock (negative when breached), None when closed or
      waiting. ``fraction``: share of the clock's own allowance used, ``1 - remaining / window``
      where ``window`` is the due's distance from the start minus the time pauses added; at the
      finish time for a closed clock; >= 0, > 1 when overdue.
    * ``provisional``: the due rests on Monday–Friday guesses for a year without official data.
    """

    name: str
    kind: str
    state: str
    started_at: dt.datetime | None
    due: dt.datetime | None
    original_due: dt.datetime | None
    remaining: dt.timedelta | None
    fraction: float
    provisional: bool
    unit: str
    limit: int
    rule_id: str
    finished_at: dt.datetime | None = None
    window: dt.timedelta | None = None  # the allowance ``fraction`` is of (due - start - the stops' time)

    @property
    def is_open(self) -> bool:
        """Started and not finished (running, paused, or breached and still open)."""
        return self.started_at is not None and self.finished_at is None

    @property
    def extended(self) -> bool:
        return self.due is not None and self.original_due is not None and self.due != self.original_due


@dataclass(frozen=True)
class SlaState:
    """Every clock of one order at ``now``; a pure function of its event log.

    ``anomalies`` lists events the rules ignored and why (each names its rule id), e.g. a
    ``customer_unreachable`` without a reason (R-TIME-8) or an extension requested after the due
    (R-TIME-10); the UI can show them to the inspector."""

    clocks: tuple[Clock, ...]
    now: dt.datetime
    kind: str | None
    rural: bool
    policy_version: int
    anomalies: tuple[str, ...] = ()

    def clock(self, name: str) -> Clock | None:
        for c in self.clocks:
            if c.name == name:
                return c
        return None

    @property
    def open_clocks(self) -> tuple[Clock, ...]:
        return tuple(c for c in self.clocks if c.is_open)

    @property
    def most_urgent(self) -> Clock | None:
        """The open clock to act on first: ticking clocks (running or breached) by least remaining
        time, then paused ones (they cannot breach while paused) by least remaining time."""
        best: Clock | None = None
        best_key = None
        for c in self.clocks:
            if c.started_at is None or c.finished_at is not None:
                continue
            key = (c.state == PAUSED_STATE, c.remaining)
            if best_key is None or key < best_key:
                best, best_key = c, key
        return best

    @property
    def provisional(self) -> bool:
        return any(c.provisional for c in self.clocks)


# -- fast constructors for evaluate()'s hot path -------------------------------------------------
# Equal to calling the dataclass, minus the frozen __init__'s per-field object.__setattr__
# (1.8 µs -> 0.5 µs a Clock; evaluate builds ~1.2 clocks per order, 100k orders per pass).
# The instances are ordinary frozen dataclass instances; a test checks make_clock == Clock.
_new = object.__new__


def make_clock(name, kind, state, started_at, due, original_due, remaining, fraction, provisional, unit, limit,
               rule_id, finished_at, window=None) -> Clock:  # fmt: skip
    c = _new(Clock)
    c.__dict__.update(
        name=name, kind=kind, state=state, started_at=started_at, due=due, original_due=original_due,
        remaining=remaining, fraction=fraction, provisional=provisional, unit=unit, limit=limit,
        rule_id=rule_id, finished_at=finished_at, window=window,
    )  # fmt: skip
    return c


def make_state(clocks, now, kind, rural, policy_version, anomalies) -> SlaState:
    s = _new(SlaState)
    s.__dict__.update(clocks=clocks, now=now, kind=kind, rural=rural, policy_version=policy_version, anomalies=anomalies)
    return s
