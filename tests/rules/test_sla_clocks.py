"""evaluate(): clock start, states, complaints' two clocks, callbacks (R-TIME-0..7, R-VISIT-1/2)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from console.rules import clock as C
from console.rules.policy import Limit, Policy
from console.rules.sla import Event
from console.vocabulary import EventType
from tests.rules.sla_helpers import CAL, T, ev, received, resolve, state


def test_event_type_strings_match_the_model_vocabulary():
    # rules never import console.models; this keeps the mirrored strings honest
    mirrored = {v for k, v in vars(C).items() if k.isupper() and k == k.upper() and isinstance(v, str)}
    names = {"RECEIVED", "MATERIALS_MISSING", "MATERIALS_COMPLETE", "FIRST_RESPONSE", "PAUSED", "RESUMED",
             "CUSTOMER_UNREACHABLE", "HEAD_NOTIFIED", "EXTENSION_REQUESTED", "EXTENSION_APPROVED",
             "EXTENSION_REJECTED", "RECLASSIFIED", "ESCALATED", "COMPLETED", "REOPENED", "CALLBACK_DONE"}
    for name in names:
        assert getattr(C, name) == EventType[name].value
    assert mirrored  # sanity: constants exist


def test_R_TIME_0_clock_waits_for_materials_then_starts_at_materials_complete():
    log = [received("2026-03-02 09:00", "general_fault", missing=["account number"])]
    c = resolve(log, "2026-03-05 09:00")
    assert (c.state, c.started_at, c.due, c.remaining) == ("waiting_materials", None, None, None)
    log.append(ev("materials_complete", "2026-03-04 15:00"))
    c = resolve(log, "2026-03-05 09:00")  # R-TIME-1: 24 h from materials complete
    assert (c.state, c.started_at, c.due) == ("running", T("2026-03-04 15:00"), T("2026-03-05 15:00"))
    assert c.rule_id == "R-TIME-1"


def test_R_TIME_0_starts_at_receipt_when_nothing_missing():
    c = resolve([received("2026-03-02 09:00", "general_fault")], "2026-03-02 10:00")
    assert c.started_at == T("2026-03-02 09:00") and c.due == T("2026-03-03 09:00")


def test_R_TIME_0_materials_missing_at_the_receipt_instant_means_waiting():
    log = [received("2026-03-02 09:00", "installation"), ev("materials_missing", "2026-03-02 09:00", missing=["ID card"])]
    assert resolve(log, "2026-03-03 09:00").state == "waiting_materials"
    # a materials_missing later than receipt does not stop a running clock (R-FIRST-2: all at once)
    log = [received("2026-03-02 09:00", "installation"), ev("materials_missing", "2026-03-02 11:00", missing=["ID card"])]
    assert resolve(log, "2026-03-03 09:00").state == "running"


def test_R_TIME_1_running_then_breached_and_on_time_means_at_or_before_due():
    log = [received("2026-03-02 09:00", "general_fault")]
    assert resolve(log, "2026-03-03 09:00").state == "running"  # exactly at due: still on time
    c = resolve(log, "2026-03-03 09:01")
    assert c.state == "breached" and c.remaining == -dt.timedelta(minutes=1) and c.fraction > 1
    done = resolve(log + [ev("completed", "2026-03-03 09:00")], "2026-03-09 00:00")
    assert (done.state, done.finished_at, done.remaining) == ("met", T("2026-03-03 09:00"), None)
    late = resolve(log + [ev("completed", "2026-03-03 09:30")], "2026-03-09 00:00")
    assert late.state == "breached" and late.finished_at == T("2026-03-03 09:30") and not late.is_open


def test_fraction_and_remaining_of_a_running_clock():
    c = resolve([received("2026-03-02 09:00", "major_fault")], "2026-03-03 21:00")  # R-TIME-2: 36 h of 72
    assert c.remaining == dt.timedelta(hours=36) and c.fraction == 0.5 and c.limit == 72 and c.unit == "hours"


def test_R_TIME_6_and_7_complaint_runs_two_clocks():
    log = [received("2026-03-02 09:00", "complaint")]
    s = state(log, "2026-03-02 12:00")
    first, answer = s.clock("first_response"), s.clock("resolve")
    assert (first.rule_id, first.kind, first.due) == ("R-TIME-7", "complaint_first_response", T("2026-03-02 13:00"))
    assert (answer.rule_id, answer.due) == ("R-TIME-6", T("2026-03-06 00:00"))  # Tue, Wed, Thu
    assert s.most_urgent is first
    s = state(log + [ev("first_response", "2026-03-02 12:30")], "2026-03-02 14:00")
    assert s.clock("first_response").state == "met" and s.most_urgent.name == "resolve"
    # R-TIME-7 late response: breached, closed
    s = state(log + [ev("first_response", "2026-03-02 13:30")], "2026-03-02 14:00")
    assert s.clock("first_response").state == "breached" and not s.clock("first_response").is_open


def test_R_TIME_7_completion_answers_an_unanswered_complaint():
    log = [received("2026-03-02 09:00", "complaint"), ev("completed", "2026-03-02 11:00")]
    s = state(log, "2026-03-02 18:00")
    assert s.clock("first_response").state == "met" and s.clock("resolve").state == "met"


def test_R_VISIT_1_completed_repair_opens_a_72h_callback_closed_by_callback_done():
    log = [received("2026-03-02 09:00", "general_fault"), ev("completed", "2026-03-02 15:00")]
    cb = state(log, "2026-03-03 09:00").clock("callback")
    assert (cb.state, cb.started_at, cb.due, cb.rule_id) == ("running", T("2026-03-02 15:00"), T("2026-03-05 15:00"), "R-VISIT-1")
    assert state(log, "2026-03-05 15:01").clock("callback").state == "breached"
    log.append(ev("callback_done", "2026-03-04 10:00", satisfaction=5))
    assert state(log, "2026-03-09 00:00").clock("callback").state == "met"


def test_R_VISIT_2_installation_and_restoration_get_callbacks_inquiry_gets_nothing():
    for kind in ("installation", "restoration"):
        log = [received("2026-03-02 09:00", kind), ev("completed", "2026-03-03 11:00")]
        assert state(log, "2026-03-03 12:00").clock("callback").rule_id == "R-VISIT-2"
    for kind in ("inquiry", "business"):
        s = state([received("2026-03-02 09:00", kind), ev("completed", "2026-03-02 09:05")], "2026-03-03 12:00")
        assert s.clocks == () and s.anomalies == () and s.most_urgent is None


def test_R_VISIT_1_complaint_callback_and_no_callback_before_completion():
    log = [received("2026-03-02 09:00", "complaint")]
    assert state(log, "2026-03-02 10:00").clock("callback") is None
    log.append(ev("completed", "2026-03-03 09:00"))
    assert state(log, "2026-03-03 10:00").clock("callback").rule_id == "R-VISIT-1"


def test_events_are_replayed_by_time_not_list_order():
    log = [ev("completed", "2026-03-02 15:00"), received("2026-03-02 09:00", "general_fault")]
    assert resolve(log, "2026-03-04 00:00").state == "met"


def test_no_received_event_gives_no_clocks_and_says_why():
    s = state([ev("completed", "2026-03-02 15:00")], "2026-03-04 00:00")
    assert s.clocks == () and s.anomalies


def test_aware_events_give_aware_clocks_in_nows_zone():
    utc = dt.timezone.utc
    start = dt.datetime(2026, 3, 2, 1, 0, tzinfo=utc)  # 09:00 China
    log = [Event("received", start, {"kind": "installation", "missing": []})]
    ny = ZoneInfo("America/New_York")
    c = state(log, "2026-03-02 12:00").clock("resolve")  # naive now: naive China results
    assert c.due == T("2026-03-10 00:00")
    from console.rules.sla import evaluate
    from tests.rules.sla_helpers import POLICY

    c = evaluate(log, POLICY, CAL, dt.datetime(2026, 3, 2, 4, 0, tzinfo=utc).astimezone(ny)).clock("resolve")
    assert c.due.tzinfo is ny and c.due == dt.datetime(2026, 3, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert c.started_at == start and c.remaining == dt.timedelta(days=7, hours=12)  # now = 12:00 China


def test_policy_version_and_custom_limits_are_used():
    policy = Policy(7, (Limit("general_fault", "any", 12, "hours", "R-TIME-1"),))
    s = state([received("2026-03-02 09:00", "general_fault")], "2026-03-02 10:00", policy=policy)
    assert s.policy_version == 7 and s.clock("resolve").due == T("2026-03-02 21:00")
    # a kind the policy lacks (and that should have a limit) is reported, not silently dropped
    s = state([received("2026-03-02 09:00", "major_fault")], "2026-03-02 10:00", policy=policy)
    assert s.clocks == () and "major_fault" in s.anomalies[0]


def test_provisional_clock_for_a_year_without_official_data_never_raises():
    # R-TIME-3 across into 2027: Monday-Friday guess, flagged provisional (the calendar banner)
    c = resolve([received("2026-12-28 09:00", "installation")], "2026-12-29 09:00")
    assert c.provisional and c.due == T("2027-01-05 00:00") and c.state == "running"
    assert not resolve([received("2026-03-02 09:00", "installation")], "2026-03-03 09:00").provisional


def test_fast_constructors_build_ordinary_frozen_instances():
    import dataclasses

    import pytest

    args = ("resolve", "general_fault", "running", T("2026-03-02 09:00"), T("2026-03-03 09:00"),
            T("2026-03-03 09:00"), dt.timedelta(hours=3), 0.875, False, "hours", 24, "R-TIME-1", None,
            dt.timedelta(hours=24))
    fast, plain = C.make_clock(*args), C.Clock(*args)
    assert fast == plain and repr(fast) == repr(plain) and dataclasses.astuple(fast) == args
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.due = None
    s = C.make_state((fast,), T("2026-03-03 06:00"), "general_fault", False, 1, ())
    assert s == C.SlaState((plain,), T("2026-03-03 06:00"), "general_fault", False, 1) and s.most_urgent == plain
