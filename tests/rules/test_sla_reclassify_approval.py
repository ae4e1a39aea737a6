"""R-TIME-10 in the rule engine: a reclassification to a longer limit applies only once approved
(pauses kept, the original due kept for reports); a decision after completion changes nothing."""

from __future__ import annotations

from tests.rules.sla_helpers import T, ev, received, resolve, state


def _longer(*after):
    return [received("2026-11-20 10:00", "general_fault"),
            ev("paused", "2026-11-20 12:00", reason="appointment"), ev("resumed", "2026-11-20 15:00"),
            ev("reclassified", "2026-11-20 16:00", from_kind="general_fault", to_kind="major_fault",
               needs_approval=True),
            ev("extension_requested", "2026-11-20 16:00", clock="resolve", new_due="2026-11-23 13:00",
               to_kind="major_fault"),
            *after]


def test_waiting_for_approval_the_earlier_limit_runs():
    c = resolve(_longer(), "2026-11-21 12:00")
    assert c.due == T("2026-11-21 13:00")  # 24 h + the 3 paused hours
    s = state(_longer(), "2026-11-21 12:00")
    assert s.kind == "major_fault"  # the kind is recorded at once


def test_approved_the_longer_limit_runs_from_the_same_start_with_the_same_pauses():
    log = _longer(ev("paused", "2026-11-20 18:00"), ev("extension_approved", "2026-11-20 19:00", clock="resolve",
                                                           new_due="2026-11-23 13:00", to_kind="major_fault"),
                  ev("resumed", "2026-11-20 20:00"))
    c = resolve(log, "2026-11-21 12:00")
    assert c.due == T("2026-11-23 15:00")  # 72 h + 3 h + the 2 h paused around the approval, not counted twice
    assert c.original_due == T("2026-11-21 15:00") and c.extended  # the earlier limit, for reports


def test_rejected_or_completed_first_the_earlier_limit_judges():
    rejected = resolve(_longer(ev("extension_rejected", "2026-11-20 17:00", clock="resolve"),
                               ev("completed", "2026-11-21 18:00")), "2026-11-22 00:00")
    assert rejected.state == "breached" and rejected.due == T("2026-11-21 13:00")
    log = _longer(ev("completed", "2026-11-21 18:00"),
                  ev("extension_approved", "2026-11-21 19:00", clock="resolve", new_due="2026-11-23 13:00",
                     to_kind="major_fault"))
    s = state(log, "2026-11-22 00:00")
    c = s.clock("resolve")
    assert c.state == "breached" and c.due == T("2026-11-21 13:00")  # 5 h late, never 0
    assert any("after the order was completed" in a for a in s.anomalies)


def test_an_approval_after_completion_of_a_plain_extension_is_ignored():
    log = [received("2026-11-20 10:00", "general_fault"),
           ev("extension_requested", "2026-11-20 12:00", clock="resolve", new_due="2026-11-22 10:00"),
           ev("completed", "2026-11-21 16:00"),
           ev("extension_approved", "2026-11-21 17:00", clock="resolve", new_due="2026-11-22 10:00")]
    c = resolve(log, "2026-11-22 00:00")
    assert c.state == "breached" and c.due == T("2026-11-21 10:00") and not c.extended


def test_an_immediate_reclassification_is_unchanged():
    log = [received("2026-11-20 10:00", "general_fault"),
           ev("reclassified", "2026-11-20 16:00", from_kind="general_fault", to_kind="major_fault")]
    assert resolve(log, "2026-11-21 12:00").due == T("2026-11-23 10:00")


def test_a_kind_without_a_time_limit_never_ends_a_started_clock():
    """Reclassifying a running fault to an inquiry would end its time limit — the longest extension
    there is: the service refuses it, and a log holding one anyway keeps the limit and its breach."""
    log = [received("2026-11-20 10:00", "general_fault"),
           ev("reclassified", "2026-11-21 12:00", from_kind="general_fault", to_kind="inquiry")]
    s = state(log, "2026-11-21 12:30")
    c = s.clock("resolve")
    assert s.kind == "inquiry" and c.state == "breached" and c.due == T("2026-11-21 10:00")
    assert any("would end a running time limit" in str(a) for a in s.anomalies)
    at_once = state([received("2026-11-20 10:00", "general_fault"),
                     ev("reclassified", "2026-11-20 10:00", from_kind="general_fault", to_kind="inquiry")],
                    "2026-11-21 12:30")
    assert at_once.clock("resolve") is None  # reclassified as it was received: never a running limit
