"""Small builders for order event logs in the SLA tests (naive China time unless aware is given)."""

from __future__ import annotations

import datetime as dt

from console.rules.calendar import WorkCalendar
from console.rules.clock import Event
from console.rules.policy import Policy
from console.rules.sla import evaluate

CAL = WorkCalendar.china()
POLICY = Policy.default()


def T(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s)


def received(at: str, kind: str, *, rural: bool = False, missing: list[str] | None = None) -> Event:
    return Event("received", T(at), {"kind": kind, "rural": rural, "missing": missing or []})


def ev(kind: str, at: str, **payload) -> Event:
    return Event(kind, T(at), payload)


def state(events, now: str, *, calendar: WorkCalendar = CAL, policy: Policy = POLICY):
    return evaluate(events, policy, calendar, T(now))


def resolve(events, now: str, **kw):
    return state(events, now, **kw).clock("resolve")
