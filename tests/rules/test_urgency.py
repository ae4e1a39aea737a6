"""Queue urgency: bands, countdown text, which clock shows, sort order, breached now (R-TIME-9)."""

from __future__ import annotations

import datetime as dt

from console.rules import urgency
from console.rules.periods import UTC

NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def test_band_thresholds():
    assert urgency.band(0.49) == "ok"
    assert urgency.band(0.5) == "watch"
    assert urgency.band(0.8) == "risk"
    assert urgency.band(0.9999) == "risk"
    assert urgency.band(1.0) == "breached"


def test_countdown_text():
    assert urgency.countdown_text(dt.timedelta(hours=2, minutes=14, seconds=59)) == "2h 14m"
    assert urgency.countdown_text(-dt.timedelta(hours=3, minutes=5)) == "-3h 05m"
    assert urgency.countdown_text(dt.timedelta(days=2, hours=3, minutes=7)) == "2d 03h"
    # the last hour counts seconds; a breach goes back to hours and minutes
    assert urgency.countdown_text(dt.timedelta(minutes=59, seconds=59)) == "59m 59s"
    assert urgency.countdown_text(dt.timedelta(minutes=4, seconds=7)) == "4m 07s"
    assert urgency.countdown_text(dt.timedelta(hours=1)) == "1h 00m"
    assert urgency.countdown_text(-dt.timedelta(seconds=30)) == "-0h 00m"


def test_general_fault_at_80_percent_is_at_risk():
    # R-TIME-1: 24 h; 19 h 12 min used = 80 %
    due = NOW + dt.timedelta(hours=4, minutes=48)
    shown = urgency.shown_clock(NOW, status="assigned", sla_state="running", due_at=due,
                                budget_s=24 * 3600, response_due_at=None)
    assert shown.state == "risk" and shown.remaining == dt.timedelta(hours=4, minutes=48)
    assert abs(shown.fraction - 0.8) < 1e-9


def test_waiting_for_materials_shows_no_countdown():
    # R-TIME-0: the clock has not started
    shown = urgency.shown_clock(NOW, status="waiting_materials", sla_state="waiting_materials", due_at=None,
                                budget_s=None, response_due_at=None)
    assert shown.state == "waiting" and shown.remaining is None


def test_complaint_shows_the_sooner_first_response_clock():
    # R-TIME-7 (4 h) before R-TIME-6 (3 working days)
    shown = urgency.shown_clock(NOW, status="open", sla_state="running", due_at=NOW + dt.timedelta(days=3),
                                budget_s=4 * 86400, response_due_at=NOW + dt.timedelta(minutes=30),
                                response_budget_s=4 * 3600)
    assert shown.clock == "first_response" and shown.state == "risk"


def test_the_first_response_band_reads_the_policy_allowance():
    # R-TIME-7 as the policy sets it: one hour left is 75 % of 4 h used ("watch"), 87.5 % of an 8 h
    # limit ("risk"), a third of a 90-minute one ("ok")
    kw = dict(status="open", sla_state="running", due_at=NOW + dt.timedelta(days=3), budget_s=3 * 86400,
              response_due_at=NOW + dt.timedelta(hours=1))
    assert urgency.shown_clock(NOW, **kw, response_budget_s=4 * 3600).state == "watch"
    assert urgency.shown_clock(NOW, **kw, response_budget_s=8 * 3600).state == "risk"
    assert urgency.shown_clock(NOW, **kw, response_budget_s=90 * 60).state == "ok"
    assert urgency.shown_clock(NOW, **kw, response_budget_s=None).state == "ok"  # unknown: ok until due
    late = dict(kw, response_due_at=NOW - dt.timedelta(minutes=1))
    assert urgency.shown_clock(NOW, **late, response_budget_s=None).state == "breached"


def test_breached_now_reads_the_due_not_only_the_cached_state():
    # the cached state is as of the last clock event: a running clock past its due is breached now
    due = NOW - dt.timedelta(days=10)
    assert urgency.breached_now("running", due, NOW)
    assert not urgency.breached_now("running", NOW + dt.timedelta(hours=1), NOW)
    assert urgency.breached_now("breached", NOW + dt.timedelta(hours=1), NOW)  # closed late stays late
    assert not urgency.breached_now("paused", due, NOW)  # paused in time: never breached (R-TIME-*)
    assert not urgency.breached_now("met", due, NOW)


def test_an_important_customer_is_never_below_important():
    # R-TIME-9
    assert urgency.at_least("normal") == "important"
    assert urgency.at_least("important") == "important"
    assert urgency.at_least("emergency") == "emergency"
    assert urgency.at_least("major_complaint") == "major_complaint"


def test_flagged_orders_sort_first_then_by_due():
    # R-TIME-9: emergency / major complaint / important customer first
    soon = urgency.sort_key("normal", NOW, None, "assigned", "running", NOW)
    flagged_later = urgency.sort_key("emergency", NOW + dt.timedelta(days=2), None, "assigned", "running", NOW)
    later = urgency.sort_key("normal", NOW + dt.timedelta(hours=1), None, "assigned", "running", NOW)
    waiting = urgency.sort_key("normal", None, None, "waiting_materials", "waiting_materials", NOW)
    assert sorted([later, waiting, soon, flagged_later]) == [flagged_later, soon, later, waiting]
