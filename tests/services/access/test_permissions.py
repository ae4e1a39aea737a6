"""Who may do what (console.services.access.permissions), enforced by the services on both backends."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from console.errors import PermissionDenied, StoreError
from console.models import AuditLog, CalendarDay, Order, OrderEvent, Staff
from console.services.access.permissions import ALLOWED, Action, allowed
from console.services.orders import actions as act
from console.services.orders import escalation, intake
from console.services.orders import queue as orders
from console.services.orders.caches import refresh_caches
from console.services.rulebook import calendar_admin, policy_admin
from console.vocabulary import EventType, Role
from tests.assigned import assign_to
from tests.factories import T0, add_person, small_branch

pytestmark = pytest.mark.pg
H = dt.timedelta(hours=1)
DAY = dt.date(2026, 11, 25)


@pytest.fixture
def ids(store):
    ids = small_branch(store)
    ids["manager"] = add_person(store, Role.MANAGER, ids["nc"], "NC800", "孙丽")
    ids["inspector"] = add_person(store, Role.INSPECTOR, None, "GD0001", "周正")
    ids["admin"] = add_person(store, Role.ADMIN, ids["nc"], "NC900", "赵敏")
    ids["jx_dispatcher"] = add_person(store, Role.DISPATCHER, ids["jx"], "JX001", "吴刚")
    ids["gd_manager"] = add_person(store, Role.MANAGER, None, "GD0002", "郑省")
    return ids


def _events(store, oid) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(OrderEvent).where(OrderEvent.order_id == oid))


def test_inspector_cannot_assign(store, ids):
    oid = ids["open_nc"][0]
    with pytest.raises(PermissionDenied, match=r"^周正 \(inspector\) may not assign orders: dispatchers, managers "
                                               r"and admins assign orders$"):
        orders.assign(store, oid, expected_version=1, assignee_id=ids["m1"], actor_id=ids["inspector"])
    assert _events(store, oid) == 1
    for action in (act.record_first_response, act.escalate):
        with pytest.raises(PermissionDenied, match="周正 \\(inspector\\) may not"):
            action(store, oid, expected_version=1, actor_id=ids["inspector"], **(
                {"reason": "急"} if action is act.escalate else {}))
    assert _events(store, oid) == 1  # an inspector changes no order


def test_dispatcher_cannot_approve_an_extension(store, ids):
    oid = ids["open_nc"][0]
    assign_to(store, oid, ids["m1"])
    with store.write() as s:
        refresh_caches(s, s.get(Order, oid))
    v = act.request_extension(store, oid, expected_version=1, actor_id=ids["m1"], new_due=T0 + 48 * H,
                              reason="part on order", now=T0 + 10 * H)
    with pytest.raises(PermissionDenied) as err:
        act.decide_extension(store, oid, expected_version=v, actor_id=ids["dispatcher"], approve=True,
                             now=T0 + 11 * H)
    assert str(err.value) == ("王芳 (dispatcher) may not approve an extension: managers and admins decide "
                              "extensions (R-TIME-10)")
    with pytest.raises(PermissionDenied, match="王芳 \\(dispatcher\\) may not reject an extension"):
        act.decide_extension(store, oid, expected_version=v, actor_id=ids["dispatcher"], approve=False,
                             now=T0 + 11 * H)
    act.decide_extension(store, oid, expected_version=v, actor_id=ids["manager"], approve=False, reason="不批",
                         now=T0 + 11 * H)
    assert _events(store, oid) == 4  # receipt, assignment, request, rejection


def test_dispatcher_of_one_branch_cannot_act_on_another_branchs_order(store, ids):
    jx_order = ids["jx_order"]
    with pytest.raises(PermissionDenied) as err:
        act.pause(store, jx_order, expected_version=1, actor_id=ids["dispatcher"], reason="等客户")
    assert str(err.value) == ("王芳 (dispatcher) of 南昌市分公司 may not pause or resume an order for 进贤县分公司: "
                              "dispatchers work on their own branch only")
    with pytest.raises(PermissionDenied, match="吴刚 \\(dispatcher\\) of 进贤县分公司 may not assign orders for 南昌市分公司"):
        orders.assign(store, ids["open_nc"][0], expected_version=1, assignee_id=ids["m1"],
                      actor_id=ids["jx_dispatcher"])
    assert _events(store, jx_order) == 1
    # staff without a branch (provincial) act on every branch with their role's rights
    act.pause(store, jx_order, expected_version=1, actor_id=ids["gd_manager"], reason="省公司协调")
    assign_to(store, ids["open_nc"][0], ids["m1"])
    act.pause(store, ids["open_nc"][0], expected_version=1, actor_id=ids["m1"], reason="等客户")


def test_admin_can_edit_the_calendar_dispatcher_cannot(store, ids):
    with pytest.raises(PermissionDenied, match="王芳 \\(dispatcher\\) may not edit the working-day calendar: "
                                               "admins edit the working-day calendar"):
        calendar_admin.set_day(store, DAY, is_workday=False, name="台风", actor_id=ids["dispatcher"], now=T0)
    with pytest.raises(PermissionDenied, match="may not edit the working-day calendar"):
        calendar_admin.import_year(store, 2027, "2027-10-01..2027-10-07 holiday 国庆节", actor_id=ids["manager"],
                                   now=T0)
    with pytest.raises(PermissionDenied, match="nobody is signed in"):
        calendar_admin.set_day(store, DAY, is_workday=False, actor_id=None, now=T0)
    with store.read() as s:
        assert s.get(CalendarDay, DAY).is_workday is True
    calendar_admin.set_day(store, DAY, is_workday=False, name="台风", actor_id=ids["admin"], now=T0)
    with store.read() as s:
        assert s.get(CalendarDay, DAY).is_workday is False
    with pytest.raises(PermissionDenied, match="孙丽 \\(manager\\) may not edit the time-limit policy"):
        policy_admin.set_limits(store, {("general_fault", "any"): (12, "hours")}, actor_id=ids["manager"], now=T0)
    assert policy_admin.set_limits(store, {("general_fault", "any"): (12, "hours")}, actor_id=ids["admin"],
                                   now=T0) == 2


def test_maintainer_works_the_order_but_does_not_take_or_assign(store, ids):
    oid = ids["open_nc"][0]
    assign_to(store, oid, ids["m1"])
    v = act.record_first_response(store, oid, expected_version=1, actor_id=ids["m1"], now=T0 + H)
    v = act.complete(store, oid, expected_version=v, actor_id=ids["m1"], resolution="换了分配器", now=T0 + 2 * H)
    with pytest.raises(PermissionDenied, match="李强 \\(maintainer\\) may not reopen an order"):
        act.reopen(store, oid, expected_version=v, actor_id=ids["m1"], reason="又坏了")
    with pytest.raises(PermissionDenied, match="李强 \\(maintainer\\) may not take requests"):
        intake.take_request(store, branch_id=ids["nc"], customer_id=None, district_id=_district(store, ids["nc"]),
                            kind="inquiry", channel="hotline", description="问资费", actor_id=ids["m1"], now=T0)


def test_a_maintainer_acts_only_on_orders_assigned_to_them(store, ids):
    """Not on an order assigned to nobody, nor on another maintainer's; the refusal names the order
    and its assignee, and writes nothing. Dispatchers and managers still work unassigned orders."""
    unassigned, theirs = ids["open_nc"]
    assign_to(store, theirs, ids["m2"])
    with pytest.raises(PermissionDenied) as err:
        act.record_first_response(store, unassigned, expected_version=1, actor_id=ids["m1"], now=T0 + H)
    assert str(err.value) == ("李强 (maintainer) may not record a first response on order NC-0001: it is assigned "
                              "to nobody, and maintainers act only on orders assigned to them")
    with pytest.raises(PermissionDenied) as err:
        act.pause(store, theirs, expected_version=1, actor_id=ids["m1"], reason="等客户", now=T0 + H)
    assert str(err.value) == ("李强 (maintainer) may not pause or resume an order on order NC-0002: it is assigned "
                              "to 刘洋 (NC102), and maintainers act only on orders assigned to them")
    for action, kw in ((act.escalate, {"reason": "急"}), (act.customer_unreachable, {"reason": "不在家"})):
        with pytest.raises(PermissionDenied, match="it is assigned to nobody"):
            action(store, unassigned, expected_version=1, actor_id=ids["m1"], **kw)
    assert (_events(store, unassigned), _events(store, theirs)) == (1, 2)  # receipt; receipt and assignment
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.actor_id == ids["m1"])) == 0
    act.pause(store, theirs, expected_version=1, actor_id=ids["m2"], reason="等客户", now=T0 + H)  # their own
    v = act.record_first_response(store, unassigned, expected_version=1, actor_id=ids["dispatcher"], now=T0 + H)
    act.escalate(store, unassigned, expected_version=v, actor_id=ids["manager"], reason="已协调", now=T0 + H)
    assign_to(store, unassigned, ids["m1"], minutes=90)  # assigned to them: now they act on it
    with store.read() as s:
        v = s.get(Order, unassigned).version
    act.complete(store, unassigned, expected_version=v, actor_id=ids["m1"], resolution="换了分配器", now=T0 + 2 * H)


def _district(store, branch_id):
    from console.models import District

    with store.read() as s:
        return s.scalar(select(District.id).where(District.branch_id == branch_id))


def test_inactive_and_unknown_actors_and_the_system(store, ids):
    oid = ids["open_nc"][0]
    with store.write() as s:
        s.get(Staff, ids["m2"]).active = False
    with pytest.raises(PermissionDenied, match="刘洋 \\(NC102\\) is no longer active"):
        act.record_first_response(store, oid, expected_version=1, actor_id=ids["m2"])
    with pytest.raises(PermissionDenied, match="staff 999 does not exist"):
        act.record_first_response(store, oid, expected_version=1, actor_id=999)
    with pytest.raises(PermissionDenied, match="nobody is signed in: sign in to complete an order"):
        act.complete(store, oid, expected_version=1, actor_id=None, resolution="x")
    # the escalation pass is the system (actor None): its events need no person
    with store.write() as s:
        refresh_caches(s, s.get(Order, oid))
    fired = escalation.run_pass(store, now=T0 + 30 * H, branch_id=ids["nc"])
    assert fired and all(a.order_id in ids["open_nc"] for a in fired)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(OrderEvent).where(
            OrderEvent.type == EventType.ESCALATED, OrderEvent.actor_id.is_(None))) == len(fired)
    with pytest.raises(StoreError):
        escalation.acknowledge(store, fired[0].event_id, actor_id=ids["inspector"])
    assert escalation.acknowledge(store, fired[0].event_id, actor_id=ids["dispatcher"])
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.actor_id == ids["m2"])) == 0


def test_the_table_for_the_views():
    assert allowed("manager", Action.DECIDE_EXTENSION) and allowed(Role.ADMIN, "order.decide_extension")
    assert not allowed("dispatcher", Action.DECIDE_EXTENSION)
    assert not any(a.value.startswith("order.") for a in ALLOWED[Role.INSPECTOR])
    assert ALLOWED[Role.DISPATCHER] < ALLOWED[Role.MANAGER] < ALLOWED[Role.ADMIN]
    assert ALLOWED[Role.MAINTAINER] < ALLOWED[Role.DISPATCHER]
    assert {Action.CALENDAR, Action.POLICY, Action.STAFF} <= ALLOWED[Role.ADMIN] - ALLOWED[Role.MANAGER]
    assert not allowed("nobody", Action.ASSIGN) and not allowed("admin", "no.such.action")
