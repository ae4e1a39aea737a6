"""Callbacks (R-VISIT-1..4): the row follows the rule engine's clock; attempts, results, follow-ups,
unreachable close after three times of day, coverage — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from console.errors import ConcurrentEditError, StoreError
from console.models import AuditLog, Callback, Order, OrderEvent
from console.rules.periods import CST
from console.services.assessment.callback_coverage import coverage
from console.services.callbacks import workbench as cbs
from console.services.orders import actions as act
from console.services.orders import intake
from console.vocabulary import EventType
from tests.assigned import assign_to
from tests.factories import T0, small_branch

H = dt.timedelta(hours=1)


def cst(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """November 2026, China time."""
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=CST)


def _callback(store, oid) -> Callback | None:
    with store.read() as s:
        return s.scalar(select(Callback).where(Callback.order_id == oid))


def _complete(store, ids, k=0, at=T0 + 2 * H):
    oid = ids["open_nc"][k]
    assign_to(store, oid, ids["m1"])  # the maintainer completes the order assigned to them
    with store.read() as s:
        v = s.get(Order, oid).version
    act.complete(store, oid, expected_version=v, actor_id=ids["m1"], resolution="更换分配器", now=at)
    return oid


def test_r_visit_1_completion_opens_a_callback_due_72_hours_later(store):
    ids = small_branch(store)
    oid = _complete(store, ids)
    cb = _callback(store, oid)
    assert cb.status.value == "open" and cb.attempts == 0
    assert cb.due_at == T0 + 2 * H + 72 * H
    rows = cbs.workbench(store, ids["nc"])
    assert [r.number for r in rows] == ["NC-0001"]
    with store.read() as s:  # created in the completion's transaction, under its audit row
        assert s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "order.completed")) == 1


def test_r_first_3_on_the_spot_closure_opens_a_callback_but_an_inquiry_gets_none(store):
    ids = small_branch(store)
    fault = intake.take_request(store, branch_id=ids["nc"], customer_id=None, district_id=_district(store, ids),
                                kind="general_fault", channel="counter", description="遥控器失灵",
                                actor_id=ids["dispatcher"], close_on_the_spot="重新配对遥控器", now=T0)
    ask = intake.take_request(store, branch_id=ids["nc"], customer_id=None, district_id=_district(store, ids),
                              kind="inquiry", channel="counter", description="咨询资费",
                              actor_id=ids["dispatcher"], close_on_the_spot="已告知", now=T0)
    assert _callback(store, fault.order_id).due_at == T0 + 72 * H
    assert _callback(store, ask.order_id) is None


def _district(store, ids):
    with store.read() as s:
        return s.get(Order, ids["open_nc"][0]).district_id


def test_reopen_cancels_the_open_callback_and_recompletion_opens_a_new_due(store):
    ids = small_branch(store)
    oid = _complete(store, ids)
    v = act.reopen(store, oid, expected_version=2, actor_id=ids["dispatcher"], reason="仍无信号", now=T0 + 5 * H)
    assert _callback(store, oid) is None
    assert cbs.workbench(store, ids["nc"]) == []
    act.complete(store, oid, expected_version=v, actor_id=ids["m1"], resolution="更换光收", now=T0 + 9 * H)
    assert _callback(store, oid).due_at == T0 + 9 * H + 72 * H


def test_reached_and_solved_records_the_result_on_time(store):
    ids = small_branch(store)
    oid = _complete(store, ids)
    cb = cbs.workbench(store, ids["nc"])[0]
    out = cbs.record_reached(store, cb.id, actor_id=ids["dispatcher"], satisfaction=5, solved=True,
                             comment="信号正常", at=T0 + 30 * H, expected_version=cb.order_version, now=T0 + 30 * H)
    assert out["on_time"] is True and "follow_up_order_id" not in out
    row = _callback(store, oid)
    assert (row.status.value, row.satisfaction, row.solved, row.attempts) == ("done", 5, True, 1)
    assert cbs.workbench(store, ids["nc"]) == []
    with store.read() as s:
        types = [e.type for e in s.scalars(select(OrderEvent).where(OrderEvent.order_id == oid))]
    assert types[-2:] == [EventType.CALLBACK_ATTEMPT, EventType.CALLBACK_DONE]
    with pytest.raises(StoreError, match="already closed"):
        cbs.log_attempt(store, cb.id, outcome="no_answer", actor_id=ids["dispatcher"], now=T0 + 31 * H)


def test_r_visit_3_not_solved_opens_a_linked_follow_up_order_keeping_the_first_contact_owner(store):
    ids = small_branch(store)
    oid = _complete(store, ids)
    cb = cbs.workbench(store, ids["nc"])[0]
    with pytest.raises(StoreError, match="R-VISIT-3"):
        cbs.record_reached(store, cb.id, actor_id=ids["m1"], satisfaction=2, solved=False, now=T0 + 20 * H)
    out = cbs.record_reached(store, cb.id, actor_id=ids["m1"], satisfaction=2, solved=False,
                             comment="晚上仍然花屏", now=T0 + 20 * H)
    with store.read() as s:
        follow = s.get(Order, out["follow_up_order_id"])
        original = s.get(Order, oid)
        events = s.scalars(select(OrderEvent).where(OrderEvent.order_id == follow.id)).all()
        audited = s.scalar(select(AuditLog).where(AuditLog.action == "order.follow_up"))
    assert follow.parent_order_id == oid and follow.number == out["follow_up_number"]
    assert follow.first_contact_id == original.first_contact_id == ids["dispatcher"]  # not the caller m1
    assert follow.status.value == "open" and follow.due_at == T0 + 20 * H + 24 * H  # R-TIME-1 runs
    assert "晚上仍然花屏" in follow.description and follow.customer_id == original.customer_id
    assert [e.type for e in events] == [EventType.RECEIVED]
    assert audited.entity_id == follow.id
    assert _callback(store, oid).follow_up_order_id == follow.id


def test_stale_version_is_refused_with_who_changed_it(store):
    ids = small_branch(store)
    _complete(store, ids)
    cb = cbs.workbench(store, ids["nc"])[0]
    cbs.log_attempt(store, cb.id, outcome="no_answer", actor_id=ids["dispatcher"], expected_version=cb.order_version,
                    at=cst(20, 15), now=cst(20, 15))
    with pytest.raises(ConcurrentEditError):
        cbs.log_attempt(store, cb.id, outcome="no_answer", actor_id=ids["m1"], expected_version=cb.order_version,
                        at=cst(20, 16), now=cst(20, 16))


def test_unreachable_close_needs_failed_calls_morning_afternoon_and_evening_and_a_reason(store):
    ids = small_branch(store)
    oid = _complete(store, ids)  # 12:00 China time on the 20th
    cb_id = cbs.workbench(store, ids["nc"])[0].id
    d = ids["dispatcher"]
    cbs.log_attempt(store, cb_id, outcome="no_answer", actor_id=d, at=cst(20, 14), now=cst(20, 14))
    cbs.log_attempt(store, cb_id, outcome="no_answer", actor_id=d, at=cst(20, 16), now=cst(20, 16))
    cbs.log_attempt(store, cb_id, outcome="wrong_number", actor_id=d, at=cst(21, 11, 59), now=cst(21, 12))
    row = cbs.workbench(store, ids["nc"])[0]
    assert row.attempts == 3 and row.failed_buckets == ("morning", "afternoon")
    assert not row.may_close_unreachable
    with pytest.raises(StoreError, match="still to try: evening"):  # three calls, two times of day
        cbs.close_unreachable(store, cb_id, actor_id=d, reason="空号", now=cst(21, 13))
    cbs.log_attempt(store, cb_id, outcome="no_answer", actor_id=d, at=cst(21, 19), now=cst(21, 19))
    assert cbs.workbench(store, ids["nc"])[0].may_close_unreachable
    with pytest.raises(StoreError, match="reason"):
        cbs.close_unreachable(store, cb_id, actor_id=d, reason="  ", now=cst(21, 20))
    cbs.close_unreachable(store, cb_id, actor_id=d, reason="三个时段均无人接听", now=cst(21, 20))
    row = _callback(store, oid)
    assert row.status.value == "unreachable" and row.comment == "三个时段均无人接听"
    rep = coverage(store, dt.date(2026, 11, 16), dt.date(2026, 11, 22), branch_id=ids["nc"], now=cst(25, 0))
    assert (rep.branches[0].unreachable, rep.branches[0].owed, rep.branches[0].coverage) == (1, 1, None)


def test_call_time_in_the_future_or_before_completion_is_refused(store):
    ids = small_branch(store)
    _complete(store, ids)
    cb_id = cbs.workbench(store, ids["nc"])[0].id
    with pytest.raises(StoreError, match="future"):
        cbs.log_attempt(store, cb_id, outcome="no_answer", actor_id=ids["m1"], at=cst(22, 9), now=cst(21, 9))
    with pytest.raises(StoreError, match="before the order was completed"):
        cbs.log_attempt(store, cb_id, outcome="no_answer", actor_id=ids["m1"], at=cst(20, 9), now=cst(21, 9))


def test_r_visit_4_coverage_counts_on_time_late_missing_pending_and_satisfaction(store):
    ids = small_branch(store)
    a = _complete(store, ids, 0, T0 + 2 * H)   # reached on time, 4/5
    b = _complete(store, ids, 1, T0 + 3 * H)   # reached late, 2/5, not solved
    rows = {r.order_id: r for r in cbs.workbench(store, ids["nc"])}
    cbs.record_reached(store, rows[a].id, actor_id=ids["m1"], satisfaction=4, solved=True, now=T0 + 10 * H)
    cbs.record_reached(store, rows[b].id, actor_id=ids["m1"], satisfaction=2, solved=False, comment="仍卡顿",
                       now=T0 + 80 * H)
    with store.read() as s:  # the follow-up order of b, completed: its callback is still owed
        c = s.scalar(select(Order.id).where(Order.parent_order_id == b))
    assign_to(store, c, ids["m1"])
    act.complete(store, c, expected_version=1, actor_id=ids["m1"], resolution="更换机顶盒", now=T0 + 81 * H)
    rep = coverage(store, dt.date(2026, 11, 16), dt.date(2026, 11, 30), branch_id=ids["nc"], now=T0 + 100 * H)
    nc = rep.branches[0]
    assert (nc.owed, nc.on_time, nc.late, nc.missing, nc.pending, nc.problems) == (3, 1, 1, 0, 1, 1)
    assert nc.coverage == 50.0 and nc.gap == 50.0 and nc.satisfaction == 3.0
    assert [cov.label for _, cov in rep.districts] == ["八一社区"]
    later = coverage(store, dt.date(2026, 11, 16), dt.date(2026, 11, 30), branch_id=ids["nc"], now=T0 + 200 * H)
    assert later.branches[0].missing == 1 and later.branches[0].coverage == pytest.approx(100 / 3)
    assert [w.isoformat() for w, _ in rep.weeks] == ["2026-11-16", "2026-11-23", "2026-11-30"]
    assert rep.weeks[0][1].owed == 2 and rep.weeks[0][1].coverage == 50.0


def test_call_time_refusals_name_the_times_and_the_completion_minute_counts(store):
    ids = small_branch(store)
    oid = _complete(store, ids, at=cst(20, 12) + dt.timedelta(seconds=40))  # completed 12:00:40
    cb_id = cbs.workbench(store, ids["nc"])[0].id
    with pytest.raises(StoreError, match=r"call time 2026-11-20 11:59 is before the order was completed "
                                         r"\(2026-11-20 12:00\)"):
        cbs.log_attempt(store, cb_id, outcome="no_answer", actor_id=ids["m1"], at=cst(20, 11, 59), now=cst(20, 13))
    with pytest.raises(StoreError, match=r"call time 2026-11-21 09:00 is in the future \(it is now 2026-11-20 13:00\)"):
        cbs.log_attempt(store, cb_id, outcome="no_answer", actor_id=ids["m1"], at=cst(21, 9), now=cst(20, 13))
    # a call picked in the completion's own minute (a time picker has no seconds) is taken
    cbs.log_attempt(store, cb_id, outcome="no_answer", actor_id=ids["m1"], at=cst(20, 12), now=cst(20, 13))
    with store.read() as s:
        attempt = s.scalars(select(OrderEvent).where(OrderEvent.order_id == oid,
                                                     OrderEvent.type == EventType.CALLBACK_ATTEMPT)).one()
    assert attempt.at == cst(20, 12) + dt.timedelta(seconds=40)
    assert cbs.workbench(store, ids["nc"])[0].attempts == 1


def test_r_visit_3_a_dissatisfied_answer_opens_a_follow_up_when_asked(store):
    ids = small_branch(store)
    oid = _complete(store, ids)
    cb = cbs.workbench(store, ids["nc"])[0]
    with pytest.raises(StoreError, match="not satisfied with"):  # the follow-up order needs the words
        cbs.record_reached(store, cb.id, actor_id=ids["m1"], satisfaction=cbs.DISSATISFIED, solved=True,
                           follow_up=True, now=T0 + 20 * H)
    with pytest.raises(StoreError, match="problem found or a dissatisfied answer"):
        cbs.record_reached(store, cb.id, actor_id=ids["m1"], satisfaction=cbs.SATISFIED, solved=True,
                           comment="还行", follow_up=True, now=T0 + 20 * H)
    with pytest.raises(StoreError, match="cannot be left out"):
        cbs.record_reached(store, cb.id, actor_id=ids["m1"], satisfaction=cbs.NEUTRAL, solved=False,
                           comment="仍花屏", follow_up=False, now=T0 + 20 * H)
    out = cbs.record_reached(store, cb.id, actor_id=ids["m1"], satisfaction=cbs.VERY_DISSATISFIED, solved=True,
                             comment="师傅态度差", follow_up=True, now=T0 + 20 * H)
    with store.read() as s:
        follow = s.get(Order, out["follow_up_order_id"])
    assert follow.parent_order_id == oid and "不满意" in follow.description and "师傅态度差" in follow.description
    row = _callback(store, oid)
    assert (row.status.value, row.satisfaction, row.solved, row.follow_up_order_id) == ("done", 1, True, follow.id)


def test_r_visit_4_the_scale_is_five_labelled_scores_best_first():
    assert cbs.SCALE == (5, 4, 3, 2, 1)
    assert [str(cbs.SCALE_WORDS[k]) for k in cbs.SCALE] == ["very satisfied", "satisfied", "neutral",
                                                           "dissatisfied", "very dissatisfied"]
    assert [k for k in cbs.SCALE if cbs.dissatisfied(k)] == [2, 1]


def test_workbench_search_by_number_phone_or_customer(store):
    ids = small_branch(store)
    _complete(store, ids)
    row = cbs.workbench(store, ids["nc"])[0]
    assert row.phone and row.customer
    spaced = f"{row.phone[:3]} {row.phone[3:7]}"
    for query in ("nc-0001", "0001", row.customer[:1], row.phone[-4:], spaced, ""):
        assert row.matches(query), query
    assert not row.matches("NC-0002") and not row.matches("99999999999")
