"""evaluate(): pauses, R-TIME-8 exemptions, R-TIME-10 extensions, reclassification, reopen."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.rules.sla_helpers import T, ev, received, resolve, state

H = dt.timedelta(hours=1)


# -- pauses, hour clocks ----------------------------------------------------------------------
def test_R_TIME_1_pause_moves_the_due_by_the_paused_time():
    log = [received("2026-03-02 09:00", "general_fault"), ev("paused", "2026-03-02 14:00", reason="appointment"),
           ev("resumed", "2026-03-02 18:00")]
    c = resolve(log, "2026-03-03 10:00")
    assert (c.state, c.due, c.original_due) == ("running", T("2026-03-03 13:00"), T("2026-03-03 13:00"))
    assert c.fraction == pytest.approx(21 / 24)  # 5 h before the pause + 16 h after it, of 24


def test_R_TIME_1_never_breached_while_paused_and_remaining_frozen():
    log = [received("2026-03-02 09:00", "general_fault"), ev("paused", "2026-03-02 19:00", reason="appointment")]
    for now in ("2026-03-03 09:30", "2026-03-06 12:00"):  # past the unpaused due
        c = resolve(log, now)
        assert c.state == "paused" and c.remaining == 14 * H and c.fraction == pytest.approx(10 / 24)
        assert c.due == T(now) + 14 * H  # the due if it resumed now


def test_R_TIME_1_a_clock_already_past_due_stays_breached_when_paused():
    log = [received("2026-03-02 09:00", "general_fault"), ev("paused", "2026-03-03 10:00", reason="late"),
           ev("resumed", "2026-03-04 10:00")]
    c = resolve(log, "2026-03-03 12:00")
    assert c.state == "breached" and c.due == T("2026-03-03 09:00")
    assert resolve(log, "2026-03-05 00:00").due == T("2026-03-03 09:00")  # the pause moved nothing


def test_pause_before_the_clock_starts_only_counts_from_the_start():
    # R-TIME-0: waiting for materials is not running time; a pause spanning the start is clipped to it
    log = [received("2026-03-02 09:00", "general_fault", missing=["account"]), ev("paused", "2026-03-02 10:00"),
           ev("materials_complete", "2026-03-02 12:00"), ev("resumed", "2026-03-02 15:00")]
    c = resolve(log, "2026-03-02 16:00")
    assert c.started_at == T("2026-03-02 12:00") and c.due == T("2026-03-03 15:00")  # 12:00 + 24 h + 3 h


def test_completion_ends_a_pause():
    log = [received("2026-03-02 09:00", "general_fault"), ev("paused", "2026-03-02 10:00"), ev("completed", "2026-03-05 10:00")]
    c = resolve(log, "2026-03-06 00:00")
    assert c.state == "met" and c.due == T("2026-03-06 09:00")


# -- pauses, working-day clocks (R-TIME-3: 5 wd from Mon 2026-03-02 -> 24:00 Mon 03-09) ---------
INSTALL = [received("2026-03-02 10:00", "installation")]


def test_R_TIME_3_pause_costs_the_working_days_after_the_pause_day_up_to_the_resume_day():
    assert resolve(INSTALL, "2026-03-03 00:00").due == T("2026-03-10 00:00")
    # Tue 15:00 -> Thu 09:00: (Tue, Thu] holds Wed and Thu: 2 working days
    log = INSTALL + [ev("paused", "2026-03-03 15:00", reason="appointment"), ev("resumed", "2026-03-05 09:00")]
    c = resolve(log, "2026-03-05 10:00")
    assert (c.due, c.original_due) == (T("2026-03-12 00:00"), T("2026-03-12 00:00"))


def test_R_TIME_3_pause_within_one_day_or_over_a_weekend_only():
    same_day = INSTALL + [ev("paused", "2026-03-03 09:00"), ev("resumed", "2026-03-03 17:00")]
    assert resolve(same_day, "2026-03-04 00:00").due == T("2026-03-10 00:00")
    weekend = INSTALL + [ev("paused", "2026-03-06 18:00"), ev("resumed", "2026-03-08 20:00")]  # Fri -> Sun
    assert resolve(weekend, "2026-03-09 00:00").due == T("2026-03-10 00:00")
    over = INSTALL + [ev("paused", "2026-03-06 18:00"), ev("resumed", "2026-03-09 08:00")]  # Fri -> Mon
    assert resolve(over, "2026-03-09 09:00").due == T("2026-03-11 00:00")


def test_R_TIME_6_pause_on_the_last_day_ends_at_the_next_working_day_art_203():
    # complaint from Mon 03-02: Tue, Wed, Thu -> due 24:00 Thu 03-05. Paused Thu 10:00 (in time),
    # resumed Sat 03-07: the due fell in the pause day, so it becomes 24:00 of the resume day -
    # a rest day, hence (art. 203) 24:00 of Mon 03-09
    log = [received("2026-03-02 09:00", "complaint"), ev("paused", "2026-03-05 10:00"), ev("resumed", "2026-03-07 10:00")]
    assert resolve(log, "2026-03-07 11:00").due == T("2026-03-10 00:00")
    log[-1] = ev("resumed", "2026-03-06 10:00")  # resumed Fri: 24:00 Fri
    assert resolve(log, "2026-03-06 11:00").due == T("2026-03-07 00:00")


def test_R_TIME_3_paused_wd_clock_is_never_breached_and_projects_its_due():
    log = INSTALL + [ev("paused", "2026-03-09 11:00", reason="customer travelling")]
    c = resolve(log, "2026-03-20 12:00")
    assert c.state == "paused" and c.due > T("2026-03-20 12:00")


# -- R-TIME-8 exemption --------------------------------------------------------------------------
def test_R_TIME_8_unreachable_with_reason_is_met_by_exemption():
    log = [received("2026-03-02 09:00", "complaint"), ev("customer_unreachable", "2026-03-02 11:00", reason="moved away, phone off"),
           ev("head_notified", "2026-03-02 11:00", head_id=3)]
    s = state(log, "2026-03-20 00:00")
    assert {c.name: c.state for c in s.clocks} == {"resolve": "met_by_exemption", "first_response": "met_by_exemption"}
    assert s.anomalies == ()


def test_R_TIME_8_empty_reason_is_ignored_and_reported():
    log = [received("2026-03-02 09:00", "general_fault"), ev("customer_unreachable", "2026-03-02 11:00", reason="  ")]
    s = state(log, "2026-03-04 00:00")
    assert s.clock("resolve").state == "breached" and "R-TIME-8" in s.anomalies[0]


def test_R_TIME_8_exemption_after_the_due_does_not_cure_a_breach_and_head_must_be_notified():
    log = [received("2026-03-02 09:00", "general_fault"), ev("customer_unreachable", "2026-03-03 11:00", reason="not home")]
    s = state(log, "2026-03-04 00:00")
    assert s.clock("resolve").state == "breached" and not s.clock("resolve").is_open
    assert any("not notified" in a for a in s.anomalies)


# -- R-TIME-10 extensions ------------------------------------------------------------------------
REPAIR = [received("2026-03-02 09:00", "general_fault")]


def test_R_TIME_10_approved_extension_sets_new_due_and_keeps_the_original():
    log = REPAIR + [ev("extension_requested", "2026-03-02 20:00", clock="resolve", new_due="2026-03-04T09:00"),
                    ev("extension_approved", "2026-03-02 21:00", clock="resolve", new_due="2026-03-04T09:00")]
    c = resolve(log, "2026-03-03 12:00")
    assert (c.state, c.due, c.original_due, c.extended) == ("running", T("2026-03-04 09:00"), T("2026-03-03 09:00"), True)
    assert c.fraction == pytest.approx(27 / 48)


def test_R_TIME_10_rejected_or_pending_extension_changes_nothing():
    for decision in ([ev("extension_rejected", "2026-03-02 21:00", clock="resolve", reason="no")], []):
        log = REPAIR + [ev("extension_requested", "2026-03-02 20:00", clock="resolve", new_due="2026-03-04T09:00")] + decision
        c = resolve(log, "2026-03-03 12:00")
        assert (c.state, c.due, c.extended) == ("breached", T("2026-03-03 09:00"), False)


def test_R_TIME_10_request_after_the_due_is_ignored_and_reported():
    log = REPAIR + [ev("extension_requested", "2026-03-03 10:00", clock="resolve", new_due="2026-03-04T09:00"),
                    ev("extension_approved", "2026-03-03 11:00", clock="resolve", new_due="2026-03-04T09:00")]
    s = state(log, "2026-03-03 12:00")
    assert s.clock("resolve").state == "breached" and len(s.anomalies) == 2
    assert all("R-TIME-10" in a for a in s.anomalies)


def test_R_TIME_10_aware_new_due_and_approval_after_the_due_of_a_timely_request():
    log = REPAIR + [ev("extension_requested", "2026-03-03 08:00", clock="resolve", new_due="2026-03-03T04:00:00+00:00"),
                    ev("extension_approved", "2026-03-03 10:00", clock="resolve", new_due="2026-03-03T04:00:00+00:00")]
    c = resolve(log, "2026-03-03 11:00")  # 04:00 UTC = 12:00 China
    assert (c.state, c.due) == ("running", T("2026-03-03 12:00"))


# -- reclassification (elapsed and paused time are kept; github.com/glpi-project/glpi/issues/6902) -----------------------------
def test_reclassify_general_to_major_keeps_the_original_start_and_pauses():
    log = REPAIR + [ev("paused", "2026-03-02 10:00"), ev("resumed", "2026-03-02 12:00"),
                    ev("reclassified", "2026-03-03 15:00", from_kind="general_fault", to_kind="major_fault")]
    c = resolve(log, "2026-03-03 16:00")
    # R-TIME-2: 72 h from the original 09:00 start plus the 2 h pause, not 72 h from the reclassification
    assert (c.kind, c.rule_id, c.started_at, c.due) == ("major_fault", "R-TIME-2", T("2026-03-02 09:00"), T("2026-03-05 11:00"))
    assert c.state == "running"  # the breach of the 24 h limit at 03-03 11:00 is gone: it is a major fault
    assert abs(c.fraction - 29 / 72) < 1e-12


def test_reclassify_major_to_general_can_breach_at_once():
    log = [received("2026-03-02 09:00", "major_fault"), ev("reclassified", "2026-03-03 12:00", to_kind="general_fault")]
    assert resolve(log, "2026-03-03 12:00").state == "breached"


# -- reopen: time spent closed does not count ---------------------------------------------------
def test_reopen_resumes_with_the_time_left_at_completion():
    log = REPAIR + [ev("completed", "2026-03-02 19:00"), ev("callback_done", "2026-03-03 10:00"),
                    ev("reopened", "2026-03-04 09:00", reason="no signal again")]
    s = state(log, "2026-03-04 10:00")
    c = s.clock("resolve")
    # 14 h were left at 19:00; closed 38 h; due = 03-04 09:00 + 14 h
    assert (c.state, c.due, c.finished_at) == ("running", T("2026-03-04 23:00"), None)
    assert s.clock("callback") is None  # R-VISIT-1: the callback belongs to the next completion
    s = state(log + [ev("completed", "2026-03-04 20:00")], "2026-03-04 21:00")
    assert s.clock("resolve").state == "met" and s.clock("callback").started_at == T("2026-03-04 20:00")


def test_reopen_of_a_late_order_stays_breached():
    log = REPAIR + [ev("completed", "2026-03-03 12:00"), ev("reopened", "2026-03-05 09:00")]
    c = resolve(log, "2026-03-05 10:00")
    assert c.state == "breached" and c.due == T("2026-03-03 09:00")


def test_reopen_of_a_wd_clock_counts_closed_working_days_out():
    # R-TIME-3 install from Mon 03-02 (due 24:00 Mon 03-09), done Wed 03-04, reopened Mon 03-09:
    # closed span (Wed, Mon] holds Thu, Fri, Mon = 3 working days -> due 24:00 Thu 03-12
    log = INSTALL + [ev("completed", "2026-03-04 16:00"), ev("reopened", "2026-03-09 09:00")]
    assert resolve(log, "2026-03-09 10:00").due == T("2026-03-13 00:00")


def test_R_TIME_3_stop_over_rest_days_only_that_outlives_the_due():
    # found by hypothesis: install from 2010-01-01 (holiday) is due 24:00 Fri 01-08. Paused Fri 14:58,
    # resumed exactly at the due (Sat 00:00): no working day was lost, nothing moves, still on time
    log = [received("2010-01-01 14:58", "installation"), ev("paused", "2010-01-08 14:58"), ev("resumed", "2010-01-09 00:00")]
    c = resolve(log, "2010-01-09 00:00")
    assert (c.state, c.due) == ("running", T("2010-01-09 00:00"))
    # resumed Sun 10:00 instead: the due fell in the pause day and passed during the pause, so it
    # becomes 24:00 of the next working day after the (rest-day) resume day, Mon 01-11 (art. 203)
    log[-1] = ev("resumed", "2010-01-10 10:00")
    c = resolve(log, "2010-01-10 11:00")
    assert (c.state, c.due) == ("running", T("2010-01-12 00:00"))


def test_R_TIME_10_pause_after_the_original_due_moves_only_the_extended_due():
    # install due 24:00 Mon 03-09, extended to 24:00 Fri 03-13; paused Tue 03-10 (after the original
    # due, before the new one) to Thu 03-12: the extended due moves by Wed+Thu, the original stays
    log = INSTALL + [ev("extension_requested", "2026-03-06 10:00", clock="resolve", new_due="2026-03-14T00:00"),
                     ev("extension_approved", "2026-03-06 11:00", clock="resolve", new_due="2026-03-14T00:00"),
                     ev("paused", "2026-03-10 10:00"), ev("resumed", "2026-03-12 10:00")]
    c = resolve(log, "2026-03-12 11:00")
    assert (c.state, c.due, c.original_due) == ("running", T("2026-03-18 00:00"), T("2026-03-10 00:00"))
