"""How long an order stays quiet (R-TIME-9/11): ``quiet_until`` says until when ``due_escalations``
stays empty if the log does not change — the escalation pass skips the order until then."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from console.rules.clock import Event
from console.rules.escalation import DEFAULT_LADDER, due_escalations, fired_levels, provisional_levels, quiet_until
from tests.rules.sla_helpers import T, ev, received, state

H = dt.timedelta(hours=1)
REPAIR = [received("2026-03-02 09:00", "general_fault")]  # R-TIME-1: 24 h, due 03-03 09:00


def _quiet(log, now: str):
    s = state(log, now)
    assert not due_escalations(s, fired_levels(log), DEFAULT_LADDER, provisional_levels(log))
    return quiet_until(s, fired_levels(log), DEFAULT_LADDER, provisional_levels(log))


def _fired(log, now: str, *levels: tuple[str, str]) -> list:
    return log + [Event("escalated", T(now), {"clock": c, "level": lv, "manual": False}) for c, lv in levels]


def test_a_running_repair_is_quiet_until_each_level_of_the_ladder():
    assert _quiet(REPAIR, "2026-03-02 10:00") == T("2026-03-02 21:00")  # 50 %: the assignee
    log = _fired(REPAIR, "2026-03-02 21:00", ("resolve", "assignee"))
    assert _quiet(log, "2026-03-02 21:01") == T("2026-03-03 04:12")  # 80 %
    log = _fired(log, "2026-03-03 04:12", ("resolve", "dispatcher"))
    assert _quiet(log, "2026-03-03 05:00") == T("2026-03-03 09:00")  # 100 %: the leader
    log = _fired(log, "2026-03-03 09:00", ("resolve", "leader"))
    assert _quiet(log, "2026-03-03 10:00") == T("2026-03-04 09:00")  # 24 h overdue: the province
    log = _fired(log, "2026-03-04 09:00", ("resolve", "province"))
    assert _quiet(log, "2026-03-05 10:00") is None  # every level fired: quiet until the log changes


def test_a_paused_or_closed_order_and_a_waiting_one():
    paused = REPAIR + [ev("paused", "2026-03-02 11:00", reason="用户约明天")]
    assert _quiet(paused, "2026-03-02 12:00") == T("2026-03-02 12:00")  # judged again at every pass
    done = REPAIR + [ev("completed", "2026-03-02 15:00")]
    until = _quiet(done, "2026-03-02 16:00")  # only the callback clock (R-VISIT-1, 72 h) can escalate
    assert until == T("2026-03-02 15:00") + 36 * H
    waiting = [received("2026-03-02 09:00", "installation", missing=["身份证"])]
    assert _quiet(waiting, "2026-03-05 09:00") is None  # R-TIME-0: no clock before the materials


logs = st.lists(st.tuples(st.sampled_from(["paused", "resumed", "first_response", "completed", "reopened"]),
                          st.integers(min_value=1, max_value=60 * 24 * 9)), max_size=6)


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(["general_fault", "major_fault", "installation", "complaint"]), steps=logs,
       judged=st.integers(min_value=0, max_value=60 * 24 * 12), probes=st.lists(st.floats(0, 1), min_size=1,
                                                                                 max_size=6))
def test_nothing_becomes_due_before_the_quiet_time_and_something_does_at_it(kind, steps, judged, probes):
    """For any log: fire what is due at a pass, then at every instant before ``quiet_until`` nothing more
    is due, and at it (a running clock) something is."""
    start = T("2026-03-02 09:00")
    log = [Event("received", start, {"kind": kind, "rural": False, "missing": []})]
    log += [Event(t, start + dt.timedelta(minutes=m), {"reason": "x"} if t == "paused" else {}) for t, m in steps]
    now = start + dt.timedelta(minutes=judged)
    seen = [e for e in log if e.at <= now]
    due = due_escalations(state(seen, now.isoformat(" ")), fired_levels(seen), DEFAULT_LADDER, provisional_levels(seen))
    seen = seen + [Event("escalated", now, e.payload()) for e in due]  # the pass fired them
    s = state(seen, now.isoformat(" "))
    until = quiet_until(s, fired_levels(seen), DEFAULT_LADDER, provisional_levels(seen))
    if until is None or until > now:
        horizon = until or now + dt.timedelta(days=40)
        for f in probes:
            t = now + (horizon - now) * f
            if t >= horizon:
                continue
            later = state(seen, t.isoformat(" "))
            assert not due_escalations(later, fired_levels(seen), DEFAULT_LADDER, provisional_levels(seen)), (t, until)
    if until is not None and until > now:
        at = state(seen, (until + dt.timedelta(microseconds=1)).isoformat(" "))
        assert due_escalations(at, fired_levels(seen), DEFAULT_LADDER, provisional_levels(seen)), until
