"""The order's workflow status, derived from its event log (a cache column stores it).

R-TIME-0: an order whose materials are incomplete waits; nothing else moves it on
until `materials_complete`. The first-contact owner (R-FIRST-1) is not a status.
"""

from __future__ import annotations

from collections.abc import Iterable


def derive_status(events: Iterable[tuple[str, dict]]) -> str:
    """`events` are (type, payload) in order; returns an OrderStatus value.

    Agrees with rules.sla.evaluate: a `materials_missing` after the clock started (R-FIRST-2
    asks for every item at once; the customer does not pay for a late request) does not
    send the order back to waiting."""
    waiting = False
    assigned = False
    paused = False
    completed = False
    started = False  # R-TIME-0: once the clock ran, a late "materials missing" does not stop it
    for etype, payload in events:
        if etype == "received":
            waiting = bool(payload.get("missing"))
        elif etype == "materials_missing":
            waiting = not started and bool(payload.get("missing", True))
        elif etype == "materials_complete":
            waiting = False
        if not waiting and etype in ("received", "materials_complete"):
            started = True
        elif etype == "assigned":
            assigned = payload.get("assignee_id") is not None
        elif etype == "paused":
            paused = True
        elif etype == "resumed":
            paused = False
        elif etype == "completed":
            completed, paused = True, False
        elif etype == "reopened":
            completed = False
    if completed:
        return "completed"
    if waiting:
        return "waiting_materials"
    if paused:
        return "paused"
    return "assigned" if assigned else "open"
