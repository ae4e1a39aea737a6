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
