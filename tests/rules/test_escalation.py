"""Escalation ladder: each level fires once per order (R-TIME-11), manual escalations (R-FIRST-4)."""

from __future__ import annotations

import datetime as dt

import pytest

from console.rules.clock import Event
from console.rules.escalation import (
    DEFAULT_LADDER,
    Level,
    due_escalations,
    fired_levels,
    ladder,
    manual_payload,
)  # fmt: skip
from tests.rules.sla_helpers import T, ev, received, state

REPAIR = [received("2026-03-02 09:00", "general_fault")]  # R-TIME-1: due 03-03 09:00


def run_passes(log, nows):
    """Simulate the 30 s background pass: fire what is due, store it as events, go on."""
    log = list(log)
    fired_at = []
    for now in nows:
        seen = [e for e in log if e.at <= T(now)]  # the log as it stands at that pass
        new = due_escalations(state(seen, now), fired_levels(seen))
        for e in new:
            log.append(Event("escalated", T(now), e.payload()))
            fired_at.append((now, e.clock, e.level, e.target))
    return fired_at


def test_default_ladder_fires_each_level_once_at_its_threshold():
    nows = ["2026-03-02 20:00", "2026-03-02 21:00", "2026-03-02 21:00", "2026-03-03 04:00", "2026-03-03 04:12",
            "2026-03-03 05:00", "2026-03-03 09:00", "2026-03-03 12:00", "2026-03-04 09:00", "2026-03-06 09:00"]
    fired = run_passes(REPAIR, nows)
    assert fired == [
        ("2026-03-02 21:00", "resolve", "assignee", "assignee"),  # 12 h of 24 = 50 %
        ("2026-03-03 04:12", "resolve", "dispatcher", "dispatcher_on_duty"),  # 19.2 h = 80 %
        ("2026-03-03 09:00", "resolve", "leader", "branch_leader"),  # 100 %
        ("2026-03-04 09:00", "resolve", "province", "provincial_supervision"),  # 24 h overdue
    ]


def test_levels_crossed_between_passes_all_fire_once_lowest_first_and_never_repeat():
    fired = run_passes(REPAIR, ["2026-03-04 10:00", "2026-03-04 10:00", "2026-03-05 10:00"])
    assert [f[2] for f in fired] == ["assignee", "dispatcher", "leader", "province"]


def test_extension_does_not_rearm_a_fired_level():
    # 50 % fires at 21:00; an approved extension (R-TIME-10) to 03-05 09:00 (72 h window) drops the
    # fraction below 50 %; when it climbs past 50 % again nothing repeats; 80 % fires at 57.6 h
    log = REPAIR + [ev("extension_requested", "2026-03-02 22:00", clock="resolve", new_due="2026-03-05T09:00"),
                    ev("extension_approved", "2026-03-02 22:30", clock="resolve", new_due="2026-03-05T09:00")]
    nows = ["2026-03-02 21:30", "2026-03-03 12:00", "2026-03-04 09:00", "2026-03-04 18:36"]
    assert state(log, nows[1]).clock("resolve").fraction < 0.5
    fired = run_passes(log, nows)
    assert [(f[0], f[2]) for f in fired] == [("2026-03-02 21:30", "assignee"), ("2026-03-04 18:36", "dispatcher")]


def test_closed_waiting_and_paused_clocks():
    done = REPAIR + [ev("completed", "2026-03-02 10:00"), ev("callback_done", "2026-03-03 10:00")]
    assert due_escalations(state(done, "2026-03-10 00:00")) == ()
    # R-VISIT-1: an open callback clock escalates like any other
    assert [e.clock for e in due_escalations(state(done[:-1], "2026-03-04 00:00"))] == ["callback"]
    waiting = [received("2026-03-02 09:00", "general_fault", missing=["account"])]
    assert due_escalations(state(waiting, "2026-03-10 00:00")) == ()
    # paused at 75 %: the 50 % level fires, 100 % never does while paused
    paused = REPAIR + [ev("paused", "2026-03-03 03:00")]
    assert [e.level for e in due_escalations(state(paused, "2026-03-09 00:00"))] == ["assignee"]


def test_complaint_clocks_escalate_separately():
    log = [received("2026-03-02 09:00", "complaint")]
    got = due_escalations(state(log, "2026-03-02 12:00"))  # first response 3 h of 4 = 75 %
    assert [(e.clock, e.level, e.rule_id) for e in got] == [("first_response", "assignee", "R-TIME-7")]
    assert "R-TIME-7" in got[0].reason


def test_one_alert_per_order_and_level_whichever_clock_reaches_it():
    # R-TIME-11: a complaint's first-response clock (4 h) reaches 50 % and 80 % long before its
    # reply clock (3 working days); the reply clock crossing 50 % later adds nothing, and a level
    # neither clock had reached yet fires once, named after the clock that got there
    log = [received("2026-03-02 09:00", "complaint")]
    nows = ["2026-03-02 12:00", "2026-03-02 13:00", "2026-03-02 14:00", "2026-03-04 12:00", "2026-03-04 12:00",
            "2026-03-09 12:00"]
    fired = run_passes(log, nows)
    levels = [f[2] for f in fired]
    assert levels == sorted(set(levels), key=levels.index), fired  # no level twice
    assert fired[:2] == [("2026-03-02 12:00", "first_response", "assignee", "assignee"),
                         ("2026-03-02 13:00", "first_response", "dispatcher", "dispatcher_on_duty")]
    assert [f[2] for f in fired] == ["assignee", "dispatcher", "leader", "province"]
    # two clocks crossing the same level in one pass: one escalation, lowest level first
    both = due_escalations(state(log, "2026-03-20 12:00"))
    assert [e.level for e in both] == ["assignee", "dispatcher", "leader", "province"]
    assert due_escalations(state(log, "2026-03-20 12:00"), {("reply", "assignee"), ("first_response", "dispatcher"),
                                                          ("first_response", "leader"),
                                                          ("first_response", "province")}) == ()


def test_manual_escalations_neither_count_nor_suppress_ladder_levels():
    # R-FIRST-4: a hand-made escalation to the leader with a reason is just an event
    payload = manual_payload("branch_leader", "hospital outage, urgent", clock="resolve")
    log = REPAIR + [Event("escalated", T("2026-03-02 10:00"), payload)]
    assert fired_levels(log) == frozenset()
    assert [e.level for e in due_escalations(state(log, "2026-03-03 10:00"), fired_levels(log))] == [
        "assignee", "dispatcher", "leader"]
    with pytest.raises(ValueError, match="R-FIRST-4"):
        manual_payload("branch_leader", "   ")


def test_configurable_ladder_from_settings_rows():
    custom = ladder([{"name": "l1", "target": "assignee", "fraction": 0.25},
                     {"name": "late2h", "target": "branch_leader", "overdue_hours": 2}])
    got = due_escalations(state(REPAIR, "2026-03-03 11:30"), (), custom)
    assert [(e.level, e.target) for e in got] == [("l1", "assignee"), ("late2h", "branch_leader")]
    assert due_escalations(state(REPAIR, "2026-03-03 10:30"), {("resolve", "l1")}, custom) == ()
    with pytest.raises(ValueError):
        ladder([Level("a", "x", fraction=0.5), Level("a", "y", fraction=0.9)])
    with pytest.raises(ValueError):
        Level("b", "x", fraction=0.5, overdue=dt.timedelta(hours=1))
    assert [lv.name for lv in DEFAULT_LADDER] == ["assignee", "dispatcher", "leader", "province"]
