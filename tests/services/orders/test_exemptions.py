"""R-TIME-8 exemptions: the branch head is never nobody (manager, else the stand-in an admin
names), the head sees each exemption as an alert and acknowledges it once, and the month's list."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from console import cli
from console.errors import PermissionDenied, StoreError
from console.models import AuditLog, Branch, Customer, District, OrderEvent, Staff
from console.services.orders import actions as act
from console.services.orders import escalation as esc
from console.services.orders import exemptions as ex
from console.vocabulary import EventType, OrderKind, Role
from tests.factories import T0, add_person, make_branch, make_customer, make_district, make_order, make_staff

H = dt.timedelta(hours=1)


@pytest.fixture
def branch(store):
    """A city branch with a dispatcher, a maintainer and a customer; no manager yet."""
    with store.write() as s:
        b = make_branch(s)
        d = make_district(s, b)
        return {"branch": b.id, "district": d.id, "customer": make_customer(s, d, "A0000001", "张三").id,
                "dispatcher": make_staff(s, b, "NC001", "王芳").id,
                "maintainer": make_staff(s, b, "NC101", "李强", Role.MAINTAINER).id}


def staff(store, branch_id, work_number, name, role=Role.DISPATCHER, *, active=True) -> int:
    with store.write() as s:
        p = make_staff(s, s.get(Branch, branch_id) if branch_id else None, work_number, name, role)
        p.active = active
        s.flush()
        return p.id


def new_order(store, ids, number="NC-0001", at=T0) -> int:
    with store.write() as s:
        return make_order(s, s.get(District, ids["district"]), s.get(Customer, ids["customer"]),
                          s.get(Staff, ids["dispatcher"]), number, OrderKind.GENERAL_FAULT, at).id


def head_of(store, branch_id) -> int:
    with store.read() as s:
        return ex.branch_head(s, branch_id)


def unreachable(store, ids, oid, reason="nobody home after 3 calls", at=T0 + 2 * H):
    return act.customer_unreachable(store, oid, expected_version=1, actor_id=ids["dispatcher"], reason=reason, now=at)


# ---- who the head is ------------------------------------------------------------------------------
def test_the_head_is_the_active_manager_with_the_lowest_id(store, branch):
    first = staff(store, branch["branch"], "NC900", "陈经理", Role.MANAGER)
    staff(store, branch["branch"], "NC901", "刘经理", Role.MANAGER)
    staff(store, branch["branch"], "NC899", "退休经理", Role.MANAGER, active=False)
    assert head_of(store, branch["branch"]) == first


def test_without_a_manager_the_stand_in_is_the_head_and_never_nobody(store, branch):
    admin = add_person(store)  # a provincial administrator
    with pytest.raises(StoreError) as refused:  # R-TIME-8: never nobody
        head_of(store, branch["branch"])
    text = str(refused.value)
    assert "南昌市分公司" in text and "an administrator must name who stands in" in text and "R-TIME-8" in text

    ex.set_stand_in(store, branch["branch"], branch["dispatcher"], actor_id=admin, now=T0)
    assert head_of(store, branch["branch"]) == branch["dispatcher"]
    provincial = staff(store, None, "GD0100", "省公司督查员", Role.INSPECTOR)
    ex.set_stand_in(store, branch["branch"], provincial, actor_id=admin, now=T0)  # provincial staff may stand in
    assert head_of(store, branch["branch"]) == provincial
    manager = staff(store, branch["branch"], "NC900", "陈经理", Role.MANAGER)
    assert head_of(store, branch["branch"]) == manager  # a manager again: the manager is the head


def test_a_stand_in_who_left_or_moved_is_nobody(store, branch):
    admin = add_person(store)
    ex.set_stand_in(store, branch["branch"], branch["dispatcher"], actor_id=admin, now=T0)
    with store.write() as s:
        s.get(Staff, branch["dispatcher"]).active = False  # left the company after being named
    with pytest.raises(StoreError, match="an administrator must name who stands in"):
        head_of(store, branch["branch"])
    info = ex.head_info(store, branch["branch"])
    assert (info.stand_in, info.stand_in_valid, info.nobody) == ("王芳", False, True)


def test_only_an_admin_names_the_stand_in_and_it_is_audited(store, branch):
    admin = add_person(store)
    manager = staff(store, branch["branch"], "NC900", "陈经理", Role.MANAGER)
    for who in (branch["dispatcher"], manager):
        with pytest.raises(PermissionDenied, match="name who stands in for the branch head"):
            ex.set_stand_in(store, branch["branch"], branch["maintainer"], actor_id=who, now=T0)
    with pytest.raises(PermissionDenied, match="nobody is signed in"):
        ex.set_stand_in(store, branch["branch"], branch["maintainer"], actor_id=None, now=T0)
    assert ex.set_stand_in(store, branch["branch"], branch["maintainer"], actor_id=admin, now=T0) is True
    assert ex.set_stand_in(store, branch["branch"], branch["maintainer"], actor_id=admin, now=T0) is False  # as is
    assert ex.set_stand_in(store, branch["branch"], None, actor_id=admin, now=T0 + H) is True  # cleared
    with store.read() as s:
        rows = s.scalars(select(AuditLog).where(AuditLog.action == "branch.stand_in").order_by(AuditLog.id)).all()
        assert s.get(Branch, branch["branch"]).stand_in_id is None
    assert [(r.actor_id, r.before, r.after) for r in rows] == [
        (admin, {"stand_in_id": None}, {"stand_in_id": branch["maintainer"]}),
        (admin, {"stand_in_id": branch["maintainer"]}, {"stand_in_id": None})]


def test_the_stand_in_must_be_active_staff_of_the_branch_or_provincial(store, branch):
    admin = add_person(store)
    with store.write() as s:
        other = make_branch(s, "JX", "进贤县分公司")
    elsewhere = staff(store, other.id, "JX001", "赵六")
    gone = staff(store, branch["branch"], "NC002", "钱七", active=False)
    with pytest.raises(StoreError, match="赵六 \\(JX001\\) works at 进贤县分公司"):
        ex.set_stand_in(store, branch["branch"], elsewhere, actor_id=admin, now=T0)
    with pytest.raises(StoreError, match="钱七 \\(NC002\\) is no longer active"):
        ex.set_stand_in(store, branch["branch"], gone, actor_id=admin, now=T0)
    with store.read() as s:
        assert s.get(Branch, branch["branch"]).stand_in_id is None  # nothing written
    assert [label for _, label in ex.candidates(store, branch["branch"])] == [
        "赵敏 (GD0900)", "王芳 (NC001)", "李强 (NC101)"]


def test_an_exemption_notifies_the_stand_in(store, branch):
    """R-TIME-8 wired into actions.customer_unreachable (the lead's change: it asks branch_head)."""
    admin = add_person(store)
    oid = new_order(store, branch)
    with pytest.raises(StoreError, match="an administrator must name who stands in"):
        unreachable(store, branch, oid)  # nobody to tell: refused whole, nothing written
    with store.read() as s:
        assert s.scalars(select(OrderEvent.type).where(OrderEvent.order_id == oid)).all() == [EventType.RECEIVED]
    ex.set_stand_in(store, branch["branch"], branch["maintainer"], actor_id=admin, now=T0)
    unreachable(store, branch, oid)
    with store.read() as s:
        notified = s.scalars(select(OrderEvent).where(OrderEvent.type == EventType.HEAD_NOTIFIED)).one()
    assert notified.payload["head_id"] == branch["maintainer"]


# ---- the head's alerts ------------------------------------------------------------------------------
def test_the_head_and_the_managers_see_each_exemption_and_acknowledge_it_once(store, branch):
    head = staff(store, branch["branch"], "NC900", "陈经理", Role.MANAGER)
    deputy = staff(store, branch["branch"], "NC901", "刘经理", Role.MANAGER)
    oid = new_order(store, branch)
    unreachable(store, branch, oid, reason="customer abroad until March")

    assert esc.open_alerts(store, branch["branch"], viewer_id=branch["dispatcher"]) == []  # not the dispatcher's
    assert esc.open_alerts(store, branch["branch"]) == []  # nobody signed in
    [alert] = esc.open_alerts(store, branch["branch"], viewer_id=head)
    assert (alert.exemption, alert.level, alert.order_number, alert.fired_by, alert.reason, alert.target_person,
            alert.urgent) == (True, "unreachable", "NC-0001", "王芳", "customer abroad until March", "陈经理", False)
    assert [a.event_id for a in esc.open_alerts(store, branch["branch"], viewer_id=deputy)] == [alert.event_id]

    with pytest.raises(StoreError, match="王芳 may not acknowledge the exemption of order NC-0001"):
        esc.acknowledge(store, alert.event_id, actor_id=branch["dispatcher"], now=T0 + 3 * H)
    esc.acknowledge(store, alert.event_id, actor_id=head, note="called the customer myself", now=T0 + 4 * H)
    assert esc.open_alerts(store, branch["branch"], viewer_id=head) == []  # never shown again
    assert esc.open_alerts(store, branch["branch"], viewer_id=deputy) == []
    with pytest.raises(StoreError, match="already acknowledged by 陈经理"):
        esc.acknowledge(store, alert.event_id, actor_id=deputy, now=T0 + 5 * H)
    done = esc.open_alerts(store, branch["branch"], viewer_id=head, include_acknowledged=True)
    assert [(a.acknowledged_by, a.note) for a in done] == [("陈经理", "called the customer myself")]
    with store.read() as s:
        ack = s.scalars(select(OrderEvent).where(OrderEvent.type == EventType.ESCALATION_ACKNOWLEDGED)).one()
    assert ack.payload["level"] == "unreachable" and ack.payload["escalation_event_id"] == alert.event_id


# ---- the month's list ---------------------------------------------------------------------------------
def test_month_exemptions_lists_this_months_with_who_and_why(store, branch):
    head = staff(store, branch["branch"], "NC900", "陈经理", Role.MANAGER)
    early = new_order(store, branch, "NC-0001", at=dt.datetime(2026, 10, 31, 10, tzinfo=dt.timezone.utc))
    unreachable(store, branch, early, reason="October's", at=dt.datetime(2026, 10, 31, 15, 30, tzinfo=dt.timezone.utc))
    # 2026-10-31 23:30 China time: still October
    now = new_order(store, branch, "NC-0002")
    unreachable(store, branch, now, reason="not on site, shop closed")
    rows = ex.month_exemptions(store, branch["branch"], dt.date(2026, 11, 1))
    assert [(r.number, r.customer, r.kind, r.recorded_by, r.reason, r.head, r.acknowledged) for r in rows] == [
        ("NC-0002", "张三", "general_fault", "王芳", "not on site, shop closed", "陈经理", False)]
    assert rows[0].at == T0 + 2 * H
    assert [r.reason for r in ex.month_exemptions(store, branch["branch"], dt.date(2026, 10, 1))] == ["October's"]
    [alert] = [a for a in esc.open_alerts(store, branch["branch"], viewer_id=head) if a.order_number == "NC-0002"]
    esc.acknowledge(store, alert.event_id, actor_id=head, now=T0 + 5 * H)
    assert ex.month_exemptions(store, branch["branch"], dt.date(2026, 11, 1))[0].acknowledged


# ---- the command line -----------------------------------------------------------------------------------
def test_cli_names_clears_and_shows_the_stand_in(store, branch, db_url, capsys):
    if not db_url.startswith("sqlite"):
        pytest.skip("the SQLite operator's command (PostgreSQL: as the owner, same code)")
    assert cli.main(["admin", "stand-in", "--db", db_url, "--branch", "nc", "--staff", "nc101"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["branch"], out["stand_in"], out["changed"], out["head_missing"]) == ("NC", "李强", True, False)
    assert head_of(store, branch["branch"]) == branch["maintainer"]
    assert cli.main(["admin", "stand-in", "--db", db_url, "--branch", "NC", "--none"]) == 0
    got = capsys.readouterr()
    assert json.loads(got.out)["head_missing"] is True
    assert "no active manager and nobody to stand in" in got.err
    assert cli.main(["admin", "stand-in", "--db", db_url, "--branch", "NC", "--staff", "NOPE"]) == 2
    assert "no staff member has the work number 'NOPE'" in capsys.readouterr().err
