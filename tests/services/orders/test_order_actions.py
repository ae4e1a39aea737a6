"""Working an order: each action writes its events, projects the clocks, audits — one change each."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from console.errors import ConcurrentEditError, StoreError
from console.models import AuditLog, Order, OrderEvent
from console.services.orders import actions as act
from console.vocabulary import EventType, Role
from tests.assigned import assign_to
from tests.factories import T0, add_person, make_staff, small_branch

H = dt.timedelta(hours=1)


def _order(store, oid):
    with store.read() as s:
        return s.get(Order, oid)


def _types(store, oid):
    with store.read() as s:
        return [t.value for t in s.scalars(select(OrderEvent.type).where(OrderEvent.order_id == oid).order_by(OrderEvent.id))]


def _manager(store, branch_id):
    with store.write() as s:
        from console.models import Branch
        return make_staff(s, s.get(Branch, branch_id), "NC900", "陈经理", Role.MANAGER).id


def test_pause_moves_the_due_by_the_paused_time(store):
    ids = small_branch(store)
    oid = ids["open_nc"][0]  # general fault received T0: due T0 + 24 h (R-TIME-1)
    o = _order(store, oid)
    from console.services.orders.caches import (
        refresh_caches,  # caches of the factory order
    )
    with store.write() as s:
        refresh_caches(s, s.get(Order, oid))
    o = _order(store, oid)
    assert o.due_at == T0 + 24 * H
    v = act.pause(store, oid, expected_version=o.version, actor_id=ids["dispatcher"], reason="appointment", now=T0 + 2 * H)
    assert _order(store, oid).status.value == "paused"
    v = act.resume(store, oid, expected_version=v, actor_id=ids["dispatcher"], now=T0 + 5 * H)
    o = _order(store, oid)
    assert o.status.value == "open"
    assert o.due_at == T0 + 27 * H  # three paused hours added
    with pytest.raises(StoreError, match="reason"):
        act.pause(store, oid, expected_version=v, actor_id=ids["dispatcher"], reason="  ", now=T0 + 6 * H)


def test_customer_unreachable_needs_a_reason_notifies_the_head_and_counts_on_time(store):
    ids = small_branch(store)
    oid = ids["open_nc"][0]
    assign_to(store, oid, ids["m1"])  # the maintainer acts on the order assigned to them
    mgr = _manager(store, ids["nc"])
    with pytest.raises(StoreError, match="R-TIME-8"):
        act.customer_unreachable(store, oid, expected_version=1, actor_id=ids["m1"], reason="", now=T0 + 10 * H)
    v = act.customer_unreachable(store, oid, expected_version=1, actor_id=ids["m1"],
                                 reason="no one home, 3 calls", now=T0 + 10 * H)
    o = _order(store, oid)
    assert o.status.value == "completed" and o.completed_at == T0 + 10 * H
    assert o.sla_state == "met_by_exemption"  # R-TIME-8: counts as completed within the limit
    assert _types(store, oid)[-3:] == ["customer_unreachable", "head_notified", "completed"]
    assert v == o.version == 2  # one change: one version, one audit row
    with store.read() as s:
        assert s.scalars(select(AuditLog.action).where(AuditLog.entity_id == oid)).all() == \
            ["order.customer_unreachable"]
    with store.read() as s:
        head = s.scalars(select(OrderEvent).where(OrderEvent.type == EventType.HEAD_NOTIFIED)).one()
        assert head.payload["head_id"] == mgr


def test_extension_is_decided_by_a_manager_only(store):
    ids = small_branch(store)
    oid = ids["open_nc"][0]
    assign_to(store, oid, ids["m1"])  # the maintainer acts on the order assigned to them
    mgr = _manager(store, ids["nc"])
    from console.services.orders.caches import refresh_caches
    with store.write() as s:
        refresh_caches(s, s.get(Order, oid))
    new_due = T0 + 48 * H
    v = act.request_extension(store, oid, expected_version=1, actor_id=ids["m1"], new_due=new_due,
                              reason="part on order", now=T0 + 10 * H)
    with pytest.raises(StoreError, match="manager"):
        act.decide_extension(store, oid, expected_version=v, actor_id=ids["dispatcher"], approve=True, now=T0 + 11 * H)
    act.decide_extension(store, oid, expected_version=v, actor_id=mgr, approve=True, now=T0 + 11 * H)
    assert _order(store, oid).due_at == new_due  # R-TIME-10


def test_extension_after_the_due_time_is_refused(store):
    ids = small_branch(store)
    oid = ids["open_nc"][0]
    assign_to(store, oid, ids["m1"])  # the maintainer acts on the order assigned to them
    from console.services.orders.caches import refresh_caches
    with store.write() as s:
        refresh_caches(s, s.get(Order, oid))
    with pytest.raises(StoreError, match="before the due time"):
        act.request_extension(store, oid, expected_version=1, actor_id=ids["m1"], new_due=T0 + 72 * H,
                              reason="late", now=T0 + 25 * H)
    assert _types(store, oid) == ["received", "assigned"]  # nothing written


def test_reclassify_keeps_the_original_start(store):
    # R-TIME-2 from the original start, not from the reclassification; 24 h -> 72 h is longer, so
    # it applies once a manager approves (R-TIME-10, tests/services/orders/test_reclassify_approval.py)
    ids = small_branch(store)
    oid = ids["open_nc"][0]
    mgr = _manager(store, ids["nc"])
    v = act.reclassify(store, oid, expected_version=1, actor_id=ids["dispatcher"], to_kind="major_fault",
                       reason="whole building down", now=T0 + 20 * H)
    o = _order(store, oid)
    assert o.kind.value == "major_fault"
    assert o.due_at == T0 + 24 * H  # until approved
    act.decide_extension(store, oid, expected_version=v, actor_id=mgr, approve=True, now=T0 + 21 * H)
    assert _order(store, oid).due_at == T0 + 72 * H


def test_complete_then_reopen_and_audit(store):
    ids = small_branch(store)
    oid = ids["open_nc"][0]
    assign_to(store, oid, ids["m1"])  # the maintainer acts on the order assigned to them
    v = act.complete(store, oid, expected_version=1, actor_id=ids["m1"], resolution="replaced connector",
                     now=T0 + 3 * H)
    assert _order(store, oid).completed_at == T0 + 3 * H
    act.reopen(store, oid, expected_version=v, actor_id=ids["dispatcher"], reason="fault back", now=T0 + 5 * H)
    o = _order(store, oid)
    assert o.status.value == "assigned" and o.completed_at is None  # back with its maintainer
    with store.read() as s:
        actions = s.scalars(select(AuditLog.action).where(AuditLog.entity_id == oid).order_by(AuditLog.id)).all()
    assert actions == ["order.completed", "order.reopened"]


def test_late_arrival_is_recorded(store):
    # R-PROM-7: appointments kept
    ids = small_branch(store)
    oid = ids["open_nc"][0]
    assign_to(store, oid, ids["m1"])
    v = act.book_visit(store, oid, expected_version=1, actor_id=ids["dispatcher"], start=T0 + 2 * H,
                       end=T0 + 4 * H, now=T0)
    act.record_arrival(store, oid, expected_version=v, actor_id=ids["m1"], at=T0 + 5 * H, now=T0 + 5 * H)
    with store.read() as s:
        arrived = s.scalars(select(OrderEvent).where(OrderEvent.type == EventType.ARRIVED)).one()
    assert arrived.payload["late"] is True
    assert _order(store, oid).arrived_at == T0 + 5 * H


def test_stale_version_is_refused_with_who_changed_it(store):
    ids = small_branch(store)
    oid = ids["open_nc"][0]
    act.record_first_response(store, oid, expected_version=1, actor_id=ids["dispatcher"], now=T0 + H)
    with pytest.raises(ConcurrentEditError, match="王芳"):
        act.pause(store, oid, expected_version=1, actor_id=ids["m1"], reason="x", now=T0 + 2 * H)
    assert _types(store, oid) == ["received", "first_response"]


def test_an_exemption_does_not_cure_an_earlier_breach(store):
    # R-TIME-8 after the 24 h of R-TIME-1 had already run out
    ids = small_branch(store)
    add_person(store, Role.MANAGER, ids["nc"], "NC800", "孙丽")  # the business head the reason is filed to
    oid = ids["open_nc"][0]
    assign_to(store, oid, ids["m1"])  # the maintainer acts on the order assigned to them
    act.customer_unreachable(store, oid, expected_version=1, actor_id=ids["m1"], reason="not home",
                             now=T0 + 30 * H)
    assert _order(store, oid).sla_state == "breached"
