"""Hypothesis properties of the deadline rules (R-TIME-1..7), over the official years 2004-2026."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from console.rules.clock import Event
from console.rules.policy import DEFAULT_LIMITS
from console.rules.sla import due_at, evaluate, provisional_due_at
from tests.rules.sla_helpers import CAL, POLICY

KINDS = sorted({lim.kind for lim in DEFAULT_LIMITS})
ORDER_KINDS = ["general_fault", "major_fault", "installation", "restoration", "complaint"]
WD = {(lim.kind, lim.area): lim.limit for lim in DEFAULT_LIMITS if lim.unit == "workdays"}
starts = st.datetimes(min_value=dt.datetime(2004, 1, 1), max_value=dt.datetime(2026, 11, 30, 23, 59))
fast = settings(max_examples=150, deadline=None)


def _wd_limit(kind, rural):
    return WD.get((kind, "rural" if rural else "urban"), WD.get((kind, "any")))


@fast
@given(kind=st.sampled_from(KINDS), start=starts, rural=st.booleans())
def test_due_is_after_the_start(kind, start, rural):
    # R-TIME-1..7, R-VISIT-1: every limit is positive, so due > start
    assert due_at(kind, start, rural=rural, calendar=CAL) > start


@fast
@given(kind=st.sampled_from(KINDS), a=starts, b=starts, rural=st.booleans())
def test_later_start_never_gives_an_earlier_due(kind, a, b, rural):
    a, b = min(a, b), max(a, b)
    assert due_at(kind, a, rural=rural, calendar=CAL) <= due_at(kind, b, rural=rural, calendar=CAL)


@fast
@given(kind=st.sampled_from(["installation", "restoration", "complaint"]), start=starts, rural=st.booleans())
def test_wd_deadline_is_midnight_after_the_nth_working_day(kind, start, rural):
    # R-TIME-3..6, Civil Code art. 201: start day not counted, 24:00 of the N-th working day
    due = due_at(kind, start, rural=rural, calendar=CAL)
    last = due.date() - dt.timedelta(days=1)
    assert due.time() == dt.time(0) and CAL.is_workday(last)
    assert CAL.workdays_between(start.date(), last) == (_wd_limit(kind, rural), False)
    # the lenient twin agrees wherever official data exists
    assert provisional_due_at(kind, start, rural=rural, calendar=CAL) == (due, False)


@fast
@given(kind=st.sampled_from(KINDS), start=starts, rural=st.booleans(),
       zone=st.sampled_from(["UTC", "America/New_York", "Europe/London", "Asia/Kolkata", "Pacific/Auckland"]))
def test_aware_and_naive_china_time_give_the_same_instant(kind, start, rural, zone):
    cst = ZoneInfo("Asia/Shanghai")
    aware = start.replace(tzinfo=cst).astimezone(ZoneInfo(zone))
    assert due_at(kind, aware, rural=rural, calendar=CAL) == due_at(kind, start, rural=rural, calendar=CAL).replace(tzinfo=cst)


@fast
@given(kind=st.sampled_from(ORDER_KINDS), start=starts, rural=st.booleans(),
       pause_after=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=20)),
       pause_len=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=12)),
       look=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=40)))
def test_a_pause_never_shortens_and_never_shows_a_breach(kind, start, rural, pause_after, pause_len, look):
    received = Event("received", start, {"kind": kind, "rural": rural, "missing": []})
    p, r = start + pause_after, start + pause_after + pause_len
    now = start + look
    plain = evaluate([received], POLICY, CAL, now).clock("resolve")
    closed = evaluate([received, Event("paused", p, {"reason": "x"}), Event("resumed", r, {})], POLICY, CAL, now)
    paused = closed.clock("resolve")
    assert paused.due >= plain.due and paused.original_due >= plain.original_due
    if p <= plain.due and r > p:  # stopped in time: the clock is not past due when it resumes
        assert paused.due >= r
    open_pause = evaluate([received, Event("paused", p, {"reason": "x"})], POLICY, CAL, max(now, p)).clock("resolve")
    if p <= plain.due:  # R-TIME: never breached while paused in time
        assert open_pause.state == "paused"
    else:  # a clock already past due stays breached
        assert open_pause.state == "breached"
