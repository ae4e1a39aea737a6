"""Open queue listing and optimistic locking on assignment (two consoles, one database)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from console.errors import ConcurrentEditError, StoreError
from console.models import AuditLog, Order, OrderEvent
from console.services.orders import queue as orders
from console.store import open_store
from console.vocabulary import EventType, Role
from tests.factories import add_person, small_branch


def test_open_orders_lists_only_open_orders_of_the_branch(store):
    ids = small_branch(store)
    rows = orders.open_orders(store, ids["nc"])
    assert [r.id for r in rows] == ids["open_nc"]
    assert rows[0].first_contact == "王芳"  # R-FIRST-1
    assert all(r.district == "八一社区" for r in rows)


def test_assign_writes_event_and_audit_in_one_transaction(store):
    ids = small_branch(store)
    oid = ids["open_nc"][0]
    new_version = orders.assign(store, oid, expected_version=1, assignee_id=ids["m1"], actor_id=ids["dispatcher"])
    assert new_version == 2
    with store.read() as s:
        order = s.get(Order, oid)
        assert order.assignee_id == ids["m1"]
        assert order.first_contact_id == ids["dispatcher"]  # R-FIRST-1: never overwritten
        types = s.scalars(select(OrderEvent.type).where(OrderEvent.order_id == oid)).all()
        assert types == [EventType.RECEIVED, EventType.ASSIGNED]
        audit_rows = s.scalars(select(AuditLog).where(AuditLog.entity_id == oid)).all()
        assert [a.action for a in audit_rows] == ["order.assign"]
        assert audit_rows[0].before["assignee_id"] is None and audit_rows[0].after["assignee_id"] == ids["m1"]


def test_second_console_gets_changed_by_error_and_nothing_is_overwritten(store):
    ids = small_branch(store)
    oid = ids["open_nc"][0]
    # the second console's user must be allowed to assign (a dispatcher, not the maintainer 刘洋)
    second = add_person(store, Role.DISPATCHER, ids["nc"], "NC003", "周杰")
    other = open_store(store.url)  # a second console on the same database
    try:
        seen_by_a = orders.open_orders(store, ids["nc"])[0].version
        seen_by_b = orders.open_orders(other, ids["nc"])[0].version
        orders.assign(store, oid, expected_version=seen_by_a, assignee_id=ids["m1"], actor_id=ids["dispatcher"])
        with pytest.raises(ConcurrentEditError) as err:
            orders.assign(other, oid, expected_version=seen_by_b, assignee_id=ids["m2"], actor_id=second)
        assert "王芳" in str(err.value) and "changed" in str(err.value)
        assert err.value.changed_by == "王芳"
        assert "nothing was saved" in str(err.value)
    finally:
        other.dispose()
    with store.read() as s:
        assert s.get(Order, oid).assignee_id == ids["m1"]
        assert s.scalar(select(func.count()).select_from(OrderEvent).where(OrderEvent.order_id == oid)) == 2


def test_reassignment_needs_a_reason(store):
    ids = small_branch(store)
    oid = ids["open_nc"][0]
    v = orders.assign(store, oid, expected_version=1, assignee_id=ids["m1"], actor_id=ids["dispatcher"])
    with pytest.raises(StoreError, match="reason"):
        orders.assign(store, oid, expected_version=v, assignee_id=ids["m2"], actor_id=ids["dispatcher"])
    v2 = orders.assign(store, oid, expected_version=v, assignee_id=ids["m2"], actor_id=ids["dispatcher"],
                       reason="李强 on leave")
    assert v2 == v + 1


def test_audit_chain_stays_linear_under_concurrent_writers(store):
    # R-ACC: the audit trail is a single hash chain even when two consoles write at once
    import threading


    ids = small_branch(store)
    other = open_store(store.url)
    errors = []

    def work(st, oid, who):
        try:
            orders.assign(st, oid, expected_version=1, assignee_id=who, actor_id=ids["dispatcher"])
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(st, oid, ids["m1"]))
               for st, oid in ((store, ids["open_nc"][0]), (other, ids["open_nc"][1]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.dispose()
    assert not errors
    with store.read() as s:
        rows = s.scalars(select(AuditLog).order_by(AuditLog.id)).all()
    assert len(rows) == 2
    assert rows[0].prev_hash == "" and rows[1].prev_hash == rows[0].hash
    assert len({r.prev_hash for r in rows}) == 2
