"""Guarded order actions (R-TIME-7, R-PROM-7, R-TIME-10): a first response once, an arrival in the
booked window, a visit window in working hours, extensions judged on the rule engine's due now,
no decision after completion, and a reclassification to a longer limit that waits for approval."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from console.errors import StoreError
from console.models import Branch, Order, OrderEvent
from console.rules.calendar import WorkCalendar
from console.rules.periods import CST
from console.services.assessment.sla_report import sla_report
from console.services.orders import actions as act
from console.services.orders.detail import completion_warnings, order_detail
from console.services.orders.extensions import pending_extensions
from console.services.orders.replay import replay
from console.vocabulary import Role
from tests.assigned import assign_to
from tests.factories import T0, make_staff, small_branch_with_deadlines

H = dt.timedelta(hours=1)


def _order(store, oid) -> Order:
    with store.read() as s:
        return s.get(Order, oid)


def _types(store, oid) -> list[str]:
    with store.read() as s:
        return [t.value for t in s.scalars(select(OrderEvent.type).where(OrderEvent.order_id == oid)
                                           .order_by(OrderEvent.id))]


def _manager(store, branch_id) -> int:
    with store.write() as s:
        return make_staff(s, s.get(Branch, branch_id), "NC900", "陈经理", Role.MANAGER).id


# ---- R-TIME-7 / R-PROM-2: one first response ---------------------------------------------------
def test_a_second_first_response_is_refused_naming_when_and_who(store):
    ids = small_branch_with_deadlines(store)
    oid = ids["open_nc"][1]  # the complaint
    v = act.record_first_response(store, oid, expected_version=1, actor_id=ids["dispatcher"],
                                  note="called back, visit agreed", now=T0 + 2 * H)
    with pytest.raises(StoreError) as err:
        act.record_first_response(store, oid, expected_version=v, actor_id=ids["dispatcher"], note="again",
                                  now=T0 + 3 * H)
    # China time (T0 is 10:00 there) and the person who recorded it
    assert "2026-11-20 12:00" in str(err.value) and "王芳" in str(err.value)
    assert _types(store, oid).count("first_response") == 1 and _order(store, oid).version == v


# ---- R-PROM-7: arrival and visit window --------------------------------------------------------
def test_an_arrival_before_the_window_or_in_the_future_is_refused(store):
    ids = small_branch_with_deadlines(store)
    oid = ids["open_nc"][0]
    assign_to(store, oid, ids["m1"])
    v = act.book_visit(store, oid, expected_version=_order(store, oid).version, actor_id=ids["dispatcher"],
                       start=T0 + 4 * H, end=T0 + 6 * H, now=T0)
    with pytest.raises(StoreError, match=r"before the booked visit window starts \(2026-11-20 14:00\)"):
        act.record_arrival(store, oid, expected_version=v, actor_id=ids["m1"], at=T0 + 3 * H, now=T0 + 3 * H)
    with pytest.raises(StoreError, match="in the future"):
        act.record_arrival(store, oid, expected_version=v, actor_id=ids["m1"], at=T0 + 5 * H, now=T0 + 3 * H)
    assert "arrived" not in _types(store, oid)
    act.record_arrival(store, oid, expected_version=v, actor_id=ids["m1"], at=T0 + 4 * H, now=T0 + 4 * H)
    assert _order(store, oid).arrived_at == T0 + 4 * H


def _china(y, m, d, hh, mm) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=CST)


@pytest.mark.parametrize(("now", "start"), [
    (_china(2026, 11, 20, 10, 0), _china(2026, 11, 20, 11, 0)),  # Friday morning: in an hour
    (_china(2026, 11, 20, 10, 10), _china(2026, 11, 20, 11, 30)),  # on the half hour
    (_china(2026, 11, 20, 6, 0), _china(2026, 11, 20, 8, 30)),  # before opening: at opening
    (_china(2026, 11, 20, 15, 0), _china(2026, 11, 23, 8, 30)),  # too late for 2 h today: Monday
    (_china(2026, 11, 20, 20, 0), _china(2026, 11, 23, 8, 30)),  # the evening: never 20:00-22:00
])
def test_r_prom_7_the_visit_window_offered_is_the_next_working_hours_slot(now, start):
    got = act.next_visit_slot(now, WorkCalendar.china())
    assert got == (start, start + 2 * H)
    assert act.VISIT_DAY_START <= got[0].astimezone(CST).time() and \
        got[1].astimezone(CST).time() <= act.VISIT_DAY_END


def test_the_detail_offers_the_slot_and_says_who_responded(store):
    ids = small_branch_with_deadlines(store)
    oid = ids["open_nc"][1]
    act.record_first_response(store, oid, expected_version=1, actor_id=ids["dispatcher"], note="rang", now=T0 + H)
    d = order_detail(store, oid, now=T0 + 12 * H)  # 22:00 China time, Friday
    assert d.first_response_at == T0 + H and d.first_response_by == "王芳"
    assert d.visit_slot[0].astimezone(CST) == _china(2026, 11, 23, 8, 30)


# ---- R-TIME-10: extensions judged on the due the rule engine computes now -----------------------
def test_a_paused_order_with_time_left_may_ask_for_an_extension(store):
    ids = small_branch_with_deadlines(store)
    oid = ids["open_nc"][0]  # general fault received T0: due T0 + 24 h (R-TIME-1)
    v = act.pause(store, oid, expected_version=1, actor_id=ids["dispatcher"], reason="customer away", now=T0 + 2 * H)
    # 30 h after receipt, past the cached due, but paused with 22 h left: the due if it resumed now is T0 + 52 h
    with pytest.raises(StoreError, match="later than the current one"):
        act.request_extension(store, oid, expected_version=v, actor_id=ids["dispatcher"], new_due=T0 + 50 * H,
                              reason="part", now=T0 + 30 * H)
    act.request_extension(store, oid, expected_version=v, actor_id=ids["dispatcher"], new_due=T0 + 80 * H,
                          reason="part on order", now=T0 + 30 * H)
    assert [r.order_id for r in pending_extensions(store, ids["nc"])] == [oid]


def test_a_running_order_past_its_due_may_not_ask(store):
    ids = small_branch_with_deadlines(store)
    oid = ids["open_nc"][0]
    with pytest.raises(StoreError, match=r"before the due time \(R-TIME-10\).*2026-11-21 10:00"):
        act.request_extension(store, oid, expected_version=1, actor_id=ids["dispatcher"], new_due=T0 + 80 * H,
                              reason="late", now=T0 + 25 * H)


def test_a_decision_after_completion_is_refused_and_the_breach_keeps_its_hours(store):
    ids = small_branch_with_deadlines(store)
    oid = ids["open_nc"][0]
    mgr = _manager(store, ids["nc"])
    v = act.request_extension(store, oid, expected_version=1, actor_id=ids["dispatcher"], new_due=T0 + 48 * H,
                              reason="cable on order", now=T0 + 10 * H)
    v = act.complete(store, oid, expected_version=v, actor_id=ids["dispatcher"], resolution="fixed", now=T0 + 30 * H)
    with pytest.raises(StoreError, match="completed at 2026-11-21 16:00.*can no longer be decided"):
        act.decide_extension(store, oid, expected_version=v, actor_id=mgr, approve=True, now=T0 + 31 * H)
    assert _types(store, oid)[-1] == "completed"
    o = _order(store, oid)
    assert o.sla_state == "breached" and o.due_at == T0 + 24 * H
    (row,) = [b for b in sla_report(store, dt.date(2026, 11, 1), branch_id=ids["nc"], now=T0 + 40 * H).breaches
              if b.order_id == oid]
    assert row.due == T0 + 24 * H and row.hours_late == 6.0  # never "0.0 hours late" on a breach
    # reopened: the request lapsed with the completion; ask again
    v = act.reopen(store, oid, expected_version=v, actor_id=ids["dispatcher"], reason="back", now=T0 + 32 * H)
    assert pending_extensions(store, ids["nc"]) == []
    with pytest.raises(StoreError, match="no pending extension request"):
        act.decide_extension(store, oid, expected_version=v, actor_id=mgr, approve=True, now=T0 + 33 * H)


def test_completing_warns_of_a_pending_request_and_an_unacknowledged_escalation(store):
    ids = small_branch_with_deadlines(store)
    oid = ids["open_nc"][0]
    assert completion_warnings(order_detail(store, oid, now=T0 + H)) == []
    v = act.request_extension(store, oid, expected_version=1, actor_id=ids["dispatcher"], new_due=T0 + 48 * H,
                              reason="cable on order", now=T0 + H)
    act.escalate(store, oid, expected_version=v, actor_id=ids["dispatcher"], reason="VIP customer", now=T0 + 2 * H)
    d = order_detail(store, oid, now=T0 + 3 * H)
    warned = " / ".join(completion_warnings(d))
    assert "extension request is waiting" in warned and "1 escalation(s) not acknowledged" in warned


# ---- R-TIME-10: a reclassification to a longer limit is an extension in effect ------------------
def test_reclassifying_to_a_longer_limit_waits_for_a_managers_approval(store):
    ids = small_branch_with_deadlines(store)
    oid = ids["open_nc"][0]  # general fault, 24 h
    mgr = _manager(store, ids["nc"])
    v = act.reclassify(store, oid, expected_version=1, actor_id=ids["dispatcher"], to_kind="major_fault",
                       reason="whole building down", now=T0 + 5 * H)
    o = _order(store, oid)
    assert o.kind.value == "major_fault" and o.due_at == T0 + 24 * H  # the kind at once, the limit not yet
    (req,) = pending_extensions(store, ids["nc"])
    assert (req.to_kind, req.new_due, req.reason) == ("major_fault", T0 + 72 * H, "whole building down")
    with pytest.raises(StoreError, match="waiting for a manager's decision"):
        act.reclassify(store, oid, expected_version=v, actor_id=ids["dispatcher"], to_kind="installation",
                       reason="no", now=T0 + 6 * H)
    with pytest.raises(StoreError, match="extension request of its reclassification"):
        act.request_extension(store, oid, expected_version=v, actor_id=ids["dispatcher"], new_due=T0 + 100 * H,
                              reason="more", now=T0 + 6 * H)
    v = act.decide_extension(store, oid, expected_version=v, actor_id=mgr, approve=True, now=T0 + 6 * H)
    d = order_detail(store, oid, now=T0 + 7 * H)
    resolve = d.clocks[0]
    assert resolve.due == T0 + 72 * H and resolve.original_due == T0 + 24 * H  # reports keep the original
    assert replay(store, branch_id=ids["nc"], now=T0 + 7 * H).differences == []  # audit replay agrees


def test_a_rejected_reclassification_is_judged_against_the_original_limit(store):
    ids = small_branch_with_deadlines(store)
    oid = ids["open_nc"][0]
    mgr = _manager(store, ids["nc"])
    v = act.reclassify(store, oid, expected_version=1, actor_id=ids["dispatcher"], to_kind="major_fault",
                       reason="whole building down", now=T0 + 5 * H)
    v = act.decide_extension(store, oid, expected_version=v, actor_id=mgr, approve=False, reason="one flat only",
                             now=T0 + 6 * H)
    act.complete(store, oid, expected_version=v, actor_id=ids["dispatcher"], resolution="fixed", now=T0 + 30 * H)
    o = _order(store, oid)
    assert o.kind.value == "major_fault" and o.sla_state == "breached"
    (row,) = [b for b in sla_report(store, dt.date(2026, 11, 1), branch_id=ids["nc"], now=T0 + 40 * H).breaches
              if b.order_id == oid]
    assert (row.due, row.hours_late) == (T0 + 24 * H, 6.0)
    assert replay(store, branch_id=ids["nc"], now=T0 + 40 * H).differences == []


def test_reclassifying_to_a_shorter_limit_applies_at_once(store):
    ids = small_branch_with_deadlines(store)
    oid = ids["open_nc"][1]  # complaint received T0 + 1 h: 3 working days
    act.reclassify(store, oid, expected_version=1, actor_id=ids["dispatcher"], to_kind="general_fault",
                   reason="it is a fault", now=T0 + 2 * H)
    assert _order(store, oid).due_at == T0 + 25 * H  # R-TIME-1 from the original start, no request
    assert pending_extensions(store, ids["nc"]) == []


def test_reclassifying_a_breached_order_to_a_longer_limit_asks_nothing_and_keeps_the_limit(store):
    ids = small_branch_with_deadlines(store)
    oid = ids["open_nc"][0]
    act.reclassify(store, oid, expected_version=1, actor_id=ids["dispatcher"], to_kind="major_fault",
                   reason="found later", now=T0 + 30 * H)
    o = _order(store, oid)
    assert o.kind.value == "major_fault" and o.due_at == T0 + 24 * H and o.sla_state == "breached"
    assert "extension_requested" not in _types(store, oid)


def test_a_breach_by_two_minutes_is_reported_late_never_zero_hours(store):
    ids = small_branch_with_deadlines(store)
    oid = ids["open_nc"][0]
    act.complete(store, oid, expected_version=1, actor_id=ids["dispatcher"], resolution="fixed",
                 now=T0 + 24 * H + dt.timedelta(minutes=2))
    (row,) = [b for b in sla_report(store, dt.date(2026, 11, 1), branch_id=ids["nc"], now=T0 + 40 * H).breaches
              if b.order_id == oid]
    assert row.due == T0 + 24 * H and row.hours_late == 0.1  # the SLA workbook's "hours late" of a breach


def test_reclassifying_a_running_order_to_a_kind_without_a_limit_is_refused(store):
    ids = small_branch_with_deadlines(store)
    oid = ids["open_nc"][0]
    with pytest.raises(StoreError, match=r"runs under a time limit since 2026-11-20 10:00.*would end it \(R-TIME-10\)"):
        act.reclassify(store, oid, expected_version=1, actor_id=ids["dispatcher"], to_kind="inquiry",
                       reason="customer only asked about fees", now=T0 + 30 * H)
    assert _types(store, oid) == ["received"] and _order(store, oid).sla_state == "running"
