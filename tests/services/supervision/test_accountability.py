"""Accountability (R-ACC, R-TIME-11): statement before decision, repeat acts aggravate — SQLite
and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from console.errors import StoreError
from console.models import OrderEvent
from console.services.supervision import accountability as acc
from console.services.supervision import inspections as I
from console.vocabulary import EventType, Role
from tests.factories import T0, add_person, small_branch

DAY = dt.timedelta(days=1)


@pytest.fixture
def ids(store):
    ids = small_branch(store)  # open general faults received at T0: breached once 24 h pass
    ids["manager"] = add_person(store, Role.MANAGER, ids["nc"], "NC800", "孙丽")  # R-ACC: managers decide
    ids["gd_manager"] = add_person(store, Role.MANAGER, None, "GD0002", "郑省")  # provincial: every branch
    ids["inspector"] = add_person(store, Role.INSPECTOR, None, "GD0001", "周正")
    return ids


def _case(store, ids, at, k=0):
    return acc.open_case(store, person_id=ids["m1"], grounds="R-TIME-11 超时", order_id=ids["open_nc"][k],
                         actor_id=ids["manager"], now=at)


def test_r_acc_s_decision_before_statement_is_refused(store, ids):
    cid = _case(store, ids, T0 + 2 * DAY)
    with pytest.raises(StoreError, match="R-ACC-S"):
        acc.decide(store, cid, "warning", actor_id=ids["manager"], now=T0 + 3 * DAY)
    acc.record_statement(store, cid, declined=True, actor_id=ids["manager"], now=T0 + 3 * DAY)
    acc.decide(store, cid, "warning", actor_id=ids["manager"], now=T0 + 4 * DAY)
    row = acc.cases(store, ids["nc"], actor_id=ids["manager"])[0]
    assert row.heard and row.outcome == "warning" and row.statement_declined
    with pytest.raises(StoreError, match="closed"):
        acc.record_statement(store, cid, "补充说明", actor_id=ids["manager"])


def test_r_acc_h_second_act_within_12_months_is_aggravating(store, ids):
    first = _case(store, ids, T0 + 2 * DAY)
    second = _case(store, ids, T0 + 40 * DAY, k=1)
    rows = {r.id: r for r in acc.cases(store, actor_id=ids["manager"])}
    assert rows[first].aggravating == ()
    assert rows[second].aggravating[0].startswith(acc.REPEAT_PREFIX) and f"#{first}" in rows[second].aggravating[0]


def test_r_acc_h_acts_more_than_a_year_apart_or_exempt_do_not_aggravate(store, ids):
    first = _case(store, ids, T0 + 2 * DAY)
    acc.record_statement(store, first, "已道歉", actor_id=ids["manager"], now=T0 + 3 * DAY)
    acc.add_circumstance(store, first, "mitigating", "apologised", "用户谅解", actor_id=ids["manager"])
    acc.decide(store, first, "exempt", actor_id=ids["manager"], now=T0 + 4 * DAY)
    second = _case(store, ids, T0 + 40 * DAY, k=1)
    third = acc.open_case(store, person_id=ids["m1"], grounds="再次超时", order_id=ids["jx_order"],
                          actor_id=ids["gd_manager"], now=T0 + 420 * DAY)
    rows = {r.id: r for r in acc.cases(store, actor_id=ids["gd_manager"])}  # provincial: both branches
    assert rows[first].mitigating == ("R-ACC-L: apologised — 用户谅解",)
    assert rows[second].aggravating == () and rows[third].aggravating == ()


def test_cases_come_from_a_breached_order_or_a_finding(store, ids):
    with pytest.raises(StoreError, match="not breached"):
        _case(store, ids, T0 + dt.timedelta(hours=2))
    with store.write() as s:  # R-TIME-8: an exemption with a reason is on time, no case
        s.add(OrderEvent(branch_id=ids["nc"], order_id=ids["open_nc"][0], type=EventType.CUSTOMER_UNREACHABLE,
                         at=T0 + dt.timedelta(hours=3), payload={"reason": "用户不在家"}))
    with pytest.raises(StoreError, match="not breached"):
        _case(store, ids, T0 + 2 * DAY)
    iid = I.record_inspection(store, branch_id=ids["nc"], day=dt.date(2026, 11, 20), inspectors="刘瑶", scope="检查",
                              actor_id=ids["inspector"], findings=[I.FindingInput("R-PROM-7", "未出示工作证", "minor", "维护部",
                                                                      dt.date(2026, 12, 1))])
    fid = I.findings(store, inspection_id=iid)[0].id
    cid = acc.open_case(store, person_id=ids["m2"], grounds="R-PROM-7", finding_id=fid,
                        actor_id=ids["manager"], now=T0)
    [case] = acc.cases(store, actor_id=ids["inspector"])  # R-INSP: inspectors read the cases too
    assert case.finding_rule == "R-PROM-7" and case.id == cid


def test_r_acc_h_counts_a_rolling_12_months_not_the_calendar_year(store, ids):
    """R-ACC-H "two or more acts in one year" is a rolling 12 months: acts on 2026-12-20 and
    2027-01-05 are two acts in one year (a calendar year would have reset on 1 January); the
    decision step shows the repeat and the window's start."""
    first = _case(store, ids, dt.datetime(2026, 12, 20, 2, tzinfo=T0.tzinfo))
    second = _case(store, ids, dt.datetime(2027, 1, 5, 2, tzinfo=T0.tzinfo), k=1)
    facts = acc.decision_facts(store, second, actor_id=ids["manager"])
    assert [cid for cid, _at in facts.repeats] == [first]
    assert facts.aggravating[0].startswith(acc.REPEAT_PREFIX)
    assert facts.window_start.date() == dt.date(2026, 1, 5)
    assert acc.decision_facts(store, first, actor_id=ids["manager"]).repeats == ()


def test_the_decision_step_suggests_an_outcome_from_severity_and_circumstances(store, ids):
    """R-ACC: a time-limit breach is minor → warning; an aggravating fact (R-ACC-H) a rung up, a
    mitigating one (R-ACC-L) a rung down (below a warning: exempt); both offset."""
    cid = _case(store, ids, T0 + 2 * DAY)
    facts = acc.decision_facts(store, cid, actor_id=ids["manager"])
    assert (facts.severity, facts.base, facts.suggested) == ("minor", "warning", "warning") and not facts.heard
    acc.add_circumstance(store, cid, "aggravating", "obstruction", "拒不配合调查", actor_id=ids["manager"])
    facts = acc.decision_facts(store, cid, actor_id=ids["manager"])
    assert facts.aggravating == ("R-ACC-H: obstruction — 拒不配合调查",) and facts.suggested == "excellence_revoked"
    acc.add_circumstance(store, cid, "mitigating", "recovered", actor_id=ids["manager"])
    assert acc.decision_facts(store, cid, actor_id=ids["manager"]).suggested == "warning"
    assert acc.suggest("minor", False, True) == ("warning", "exempt")
    assert acc.suggest("critical", True, False) == ("criticism_penalty", "criticism_penalty")
    assert acc.suggest("serious", False, False) == ("excellence_revoked", "excellence_revoked")


def test_a_finding_s_severity_sets_the_suggested_outcome(store, ids):
    iid = I.record_inspection(store, branch_id=ids["nc"], day=dt.date(2026, 11, 20), inspectors="刘瑶", scope="检查",
                              actor_id=ids["inspector"],
                              findings=[I.FindingInput("R-PROM-5", "未提前通知停机", "critical", "维护部",
                                                       dt.date(2026, 12, 1))])
    fid = I.findings(store, inspection_id=iid)[0].id
    cid = acc.open_case(store, person_id=ids["m2"], grounds="R-PROM-5", finding_id=fid, actor_id=ids["manager"],
                        now=T0)
    facts = acc.decision_facts(store, cid, actor_id=ids["manager"])
    assert (facts.severity, facts.suggested) == ("critical", "criticism_penalty")


def test_the_decision_keeps_the_decider_s_reasons_in_its_audit_row(store, ids):
    from sqlalchemy import select

    from console.models import AuditLog

    cid = _case(store, ids, T0 + 2 * DAY)
    acc.record_statement(store, cid, "系统故障导致", actor_id=ids["manager"], now=T0 + 3 * DAY)
    acc.decide(store, cid, "warning", actor_id=ids["manager"], note="首次，情节轻微", now=T0 + 4 * DAY)
    with store.read() as s:
        after = s.scalars(select(AuditLog.after).where(AuditLog.action == "accountability.decided")).one()
    assert after["note"] == "首次，情节轻微" and after["outcome"] == "warning"


def test_a_provisional_breach_is_a_candidate_apart_and_opens_no_case(store, ids):
    """R-TIME-11: an order whose breach rests on a calendar not entered (Order.sla_provisional) is
    listed as provisional, not as a breach, and no case opens from it."""
    from console.models import Order

    with store.write() as s:
        s.get(Order, ids["open_nc"][0]).sla_provisional = True
    later = T0 + 10 * DAY  # both NC orders breached (R-TIME-1 24 h, R-TIME-6 3 working days)
    got = {c.id: c for c in acc.breached_orders(store, ids["nc"], now=later)}
    assert got[ids["open_nc"][0]].provisional and not got[ids["open_nc"][1]].provisional
    with pytest.raises(StoreError, match="provisional"):
        _case(store, ids, later)
    assert acc.cases(store, ids["nc"], actor_id=ids["manager"]) == []
    _case(store, ids, later, k=1)  # the other, a breach as fact, opens


def test_a_breach_in_a_year_without_calendar_is_provisional_naming_the_year(store, ids):
    """R-TIME-11: a 2027 city installation (R-TIME-3, 5 working days) — the calendar has no 2027:
    its breach is provisional, named by the year, and refused as a case."""
    from console.models import District, Order, Staff
    from console.services.orders.caches import refresh_caches
    from console.vocabulary import OrderKind
    from tests.factories import make_order

    at = dt.datetime(2027, 3, 1, 2, tzinfo=T0.tzinfo)
    with store.write() as s:
        district = s.scalars(select_district(District, ids["nc"])).first()
        o = make_order(s, district, None, s.get(Staff, ids["dispatcher"]), "NC-2027", OrderKind.INSTALLATION, at)
        o.assignee_id = ids["m1"]
        refresh_caches(s, o)
        oid = o.id
    later = at + 30 * DAY
    [cand] = [c for c in acc.breached_orders(store, ids["nc"], now=later) if c.id == oid]
    assert cand.provisional and cand.year == 2027
    with pytest.raises(StoreError, match="2027 working-day calendar is not entered"):
        acc.open_case(store, person_id=ids["m1"], grounds="超时", order_id=oid, actor_id=ids["manager"], now=later)
    with store.read() as s:
        assert s.get(Order, oid).sla_provisional


def select_district(District, branch_id):
    from sqlalchemy import select

    return select(District).where(District.branch_id == branch_id)


def test_a_case_whose_breach_became_provisional_is_not_decided_as_fact(store, ids):
    """R-TIME-11: a case opened before its order's breach turned provisional (e.g. the calendar
    year was removed) says so and is not decided until the calendar is entered."""
    from console.models import Order

    cid = _case(store, ids, T0 + 2 * DAY)
    acc.record_statement(store, cid, declined=True, actor_id=ids["manager"], now=T0 + 3 * DAY)
    with store.write() as s:
        s.get(Order, ids["open_nc"][0]).sla_provisional = True
    [row] = acc.cases(store, ids["nc"], actor_id=ids["manager"])
    assert row.order_provisional
    with pytest.raises(StoreError, match="provisional"):
        acc.decide(store, cid, "warning", actor_id=ids["manager"], now=T0 + 4 * DAY)
    assert acc.cases(store, ids["nc"], actor_id=ids["manager"])[0].outcome is None
