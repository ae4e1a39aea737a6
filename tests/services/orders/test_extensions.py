"""The extension requests waiting for a decision of a branch (R-TIME-10), read from the order events."""

from __future__ import annotations

import datetime as dt

from console.models import Branch, Order
from console.services.orders import actions as act
from console.services.orders.extensions import pending_extensions
from console.vocabulary import Role
from tests.factories import T0, make_staff, small_branch

H = dt.timedelta(hours=1)


def _version(store, oid) -> int:
    with store.read() as s:
        return s.get(Order, oid).version


def _manager(store, branch_id) -> int:
    with store.write() as s:
        return make_staff(s, s.get(Branch, branch_id), "NC900", "陈经理", Role.MANAGER).id


def test_r_time_10_a_request_waits_until_a_manager_decides_it(store):
    ids = small_branch(store)
    fault, complaint = ids["open_nc"]
    mgr = _manager(store, ids["nc"])
    assert pending_extensions(store, ids["nc"]) == []
    act.request_extension(store, fault, expected_version=_version(store, fault), actor_id=ids["dispatcher"],
                          new_due=T0 + 48 * H, reason="cable on order", now=T0 + 2 * H)
    act.request_extension(store, complaint, expected_version=_version(store, complaint), actor_id=ids["dispatcher"],
                          new_due=T0 + 200 * H, reason="customer abroad", now=T0 + 3 * H)
    # another branch's request is not this branch's business
    with store.write() as s:
        jx_dispatcher = make_staff(s, s.get(Branch, ids["jx"]), "JX001", "周敏").id
    act.request_extension(store, ids["jx_order"], expected_version=_version(store, ids["jx_order"]),
                          actor_id=jx_dispatcher, new_due=T0 + 48 * H, reason="elsewhere", now=T0 + 2 * H)
    assert [r.number for r in pending_extensions(store, ids["jx"])] == ["JX-0001"]

    rows = pending_extensions(store, ids["nc"])
    assert [r.order_id for r in rows] == [fault, complaint]  # the longest-waiting first
    r = rows[0]
    assert (r.number, r.kind, r.district, r.reason) == ("NC-0001", "general_fault", "八一社区", "cable on order")
    assert r.requested_by == "王芳 (NC001)" and r.requested_at == T0 + 2 * H
    assert r.current_due == T0 + 24 * H and r.new_due == T0 + 48 * H  # R-TIME-1: 24 h
    assert r.clock == "resolve" and r.version == _version(store, fault) and r.assignee == ""

    act.decide_extension(store, fault, expected_version=r.version, actor_id=mgr, approve=True, now=T0 + 4 * H)
    act.decide_extension(store, complaint, expected_version=rows[1].version, actor_id=mgr, approve=False,
                         reason="not a reason", now=T0 + 4 * H)
    assert pending_extensions(store, ids["nc"]) == []  # decided: approved and rejected alike

    # asked again after a rejection: waiting again, with the new request's words
    act.request_extension(store, complaint, expected_version=_version(store, complaint), actor_id=ids["dispatcher"],
                          new_due=T0 + 300 * H, reason="second try", now=T0 + 5 * H)
    (again,) = pending_extensions(store, ids["nc"])
    assert (again.order_id, again.reason, again.new_due) == (complaint, "second try", T0 + 300 * H)


def test_a_completed_orders_request_is_not_listed(store):
    ids = small_branch(store)
    fault = ids["open_nc"][0]
    v = act.request_extension(store, fault, expected_version=_version(store, fault), actor_id=ids["dispatcher"],
                              new_due=T0 + 48 * H, reason="cable on order", now=T0 + 2 * H)
    assert [r.order_id for r in pending_extensions(store, ids["nc"])] == [fault]
    act.complete(store, fault, expected_version=v, actor_id=ids["dispatcher"], resolution="fixed", now=T0 + 3 * H)
    assert pending_extensions(store, ids["nc"]) == []
