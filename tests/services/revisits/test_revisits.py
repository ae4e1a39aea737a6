"""Major-client revisit plans (R-VISIT-5) on SQLite and PostgreSQL: create, edit, pause, resume,
end, visits, overdue alerts, the 8-week calendar — each change audited."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from console.errors import StoreError
from console.models import AuditLog, Branch, District
from console.rules.periods import CST
from console.services.revisits import plans as rv
from console.vocabulary import Role
from tests.factories import make_customer, make_staff, small_branch

D = dt.date


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), CST)


@pytest.fixture
def world(store):
    ids = small_branch(store)
    with store.write() as s:
        d = s.scalar(select(District).where(District.branch_id == ids["nc"]))
        hosp = make_customer(s, d, "M0000001", "第一人民医院")
        hosp.is_major, hosp.major_category = True, "hospital"
        ids["hospital"] = hosp.id
        ids["plain"] = make_customer(s, d, "A0000009", "王五").id
        ids["other_owner"] = make_staff(s, s.get(Branch, ids["jx"]), "JX101", "赵六", Role.MAINTAINER).id
    return ids


def _plan(store, w, **kw):
    args = dict(branch_id=w["nc"], customer_id=w["hospital"], owner_id=w["m1"], recurrence="monthly",
                start_date=D(2026, 1, 31), actor_id=w["dispatcher"], now=at(D(2026, 1, 10)))
    args.update(kw)
    return rv.create_plan(store, **args)


def _actions(store):
    with store.read() as s:
        return s.scalars(select(AuditLog.action).where(AuditLog.entity == "revisit_plan").order_by(AuditLog.id)).all()


def test_r_visit_5_plan_is_created_with_owner_and_next_due_and_audited(store, world):
    pid = _plan(store, world)
    row = rv.plans(store, world["nc"])[0]
    assert (row.id, row.customer, row.category, row.next_due, row.status) == (pid, "第一人民医院", "hospital",
                                                                              D(2026, 1, 31), "active")
    assert row.owner == "李强 (NC101)" and row.last_visit_at is None
    assert rv.major_customers(store, world["nc"]) == {world["hospital"]: "第一人民医院 (hospital)"}
    assert _actions(store) == ["revisit_plan.created"]


@pytest.mark.parametrize(("change", "msg"), [
    ({"customer_id": "plain"}, "not a major client"),
    ({"owner_id": "other_owner"}, "owner must be an active employee of the branch"),
    ({"recurrence": "weeks", "interval_weeks": 0}, "at least 1 week"),
])
def test_invalid_plans_are_refused(store, world, change, msg):
    change = {k: world[v] if isinstance(v, str) and v in world else v for k, v in change.items()}
    with pytest.raises(StoreError, match=msg):
        _plan(store, world, **change)
    assert rv.plans(store, world["nc"]) == []


def test_one_standing_plan_per_client(store, world):
    _plan(store, world)
    with pytest.raises(StoreError, match="already has a standing revisit plan"):
        _plan(store, world, recurrence="quarterly")


def test_missed_visit_is_overdue_until_recorded_then_next_due_moves_on(store, world):
    pid = _plan(store, world)
    assert rv.overdue_visits(store, world["nc"], D(2026, 1, 31)) == []
    late = rv.overdue_visits(store, world["nc"], D(2026, 2, 3))
    assert [(o.plan_id, o.customer, o.due, o.days_overdue, o.owner) for o in late] == [
        (pid, "第一人民医院", D(2026, 1, 31), 3, "李强 (NC101)")]
    with pytest.raises(StoreError, match="what the visit found"):
        rv.record_visit(store, pid, visitor_id=world["m1"], findings=" ", actor_id=world["m1"], now=at(D(2026, 2, 3)))
    rv.record_visit(store, pid, visitor_id=world["m2"], findings="机房设备正常", visited_at=at(D(2026, 2, 3)),
                    actor_id=world["m2"], now=at(D(2026, 2, 3), 12))
    row = rv.plans(store, world["nc"])[0]
    assert row.next_due == D(2026, 2, 28)  # the month's last day for a plan on the 31st
    assert row.last_visit_findings == "机房设备正常" and row.last_visitor == "刘洋 (NC102)"
    assert rv.overdue_visits(store, world["nc"], D(2026, 2, 27)) == []


def test_pause_needs_a_reason_and_stops_the_alerts_resume_skips_the_paused_dates(store, world):
    pid = _plan(store, world)
    with pytest.raises(StoreError, match="reason"):
        rv.pause_plan(store, pid, reason="", actor_id=world["dispatcher"])
    rv.pause_plan(store, pid, reason="大楼装修", actor_id=world["dispatcher"], now=at(D(2026, 1, 20)))
    row = rv.plans(store, world["nc"])[0]
    assert (row.status, row.status_reason, row.next_due) == ("paused", "大楼装修", None)
    assert rv.overdue_visits(store, world["nc"], D(2026, 5, 1)) == []
    rv.resume_plan(store, pid, actor_id=world["dispatcher"], now=at(D(2026, 5, 1)))
    assert rv.plans(store, world["nc"])[0].next_due == D(2026, 5, 31)
    rv.end_plan(store, pid, reason="合同到期", actor_id=world["dispatcher"], now=at(D(2026, 6, 1)))
    with pytest.raises(StoreError, match="has ended"):
        rv.resume_plan(store, pid, actor_id=world["dispatcher"])
    assert _actions(store) == ["revisit_plan.created", "revisit_plan.paused", "revisit_plan.resumed",
                               "revisit_plan.ended"]
    _plan(store, world, recurrence="quarterly")  # an ended plan makes room for a new one


def test_edit_changes_owner_and_recurrence_keeping_visits(store, world):
    pid = _plan(store, world)
    rv.record_visit(store, pid, visitor_id=world["m1"], findings="正常", visited_at=at(D(2026, 1, 31)),
                    actor_id=world["m1"], now=at(D(2026, 1, 31), 12))
    after = rv.edit_plan(store, pid, owner_id=world["m2"], recurrence="weeks", interval_weeks=2,
                         start_date=D(2026, 1, 3), actor_id=world["dispatcher"], now=at(D(2026, 2, 1)))
    assert after["next_due"] == D(2026, 2, 14) and after["owner_id"] == world["m2"]
    with store.read() as s:
        row = s.scalar(select(AuditLog).where(AuditLog.action == "revisit_plan.edited"))
    assert row.before["recurrence"] == "monthly" and row.after["recurrence"] == "weeks"


def test_eight_week_calendar_per_owner_shows_overdue_on_the_first_day(store, world):
    _plan(store, world, recurrence="weeks", interval_weeks=2, start_date=D(2026, 11, 2))
    with store.write() as s:
        d = s.scalar(select(District).where(District.branch_id == world["nc"]))
        school = make_customer(s, d, "M0000002", "八一中学")
        school.is_major = True
    rv.create_plan(store, branch_id=world["nc"], customer_id=school.id, owner_id=world["m2"], recurrence="custom",
                   custom_dates=["2026-12-25", "2027-03-01"], start_date=D(2026, 1, 1),
                   actor_id=world["dispatcher"])  # plans are made by dispatchers, not maintainers
    cal = rv.calendar(store, world["nc"], D(2026, 11, 9), D(2026, 11, 10))
    assert list(cal) == ["刘洋 (NC102)", "李强 (NC101)"]
    # the plans screen reads the plans once and hands them to the calendar: the same calendar
    assert rv.calendar(store, world["nc"], D(2026, 11, 9), D(2026, 11, 10),
                       rows=rv.plans(store, world["nc"], D(2026, 11, 10))) == cal
    hosp = cal["李强 (NC101)"]
    assert [(v.day, v.overdue) for v in hosp] == [
        (D(2026, 11, 9), True), (D(2026, 11, 16), False), (D(2026, 11, 30), False), (D(2026, 12, 14), False),
        (D(2026, 12, 28), False)]
    assert [v.day for v in cal["刘洋 (NC102)"]] == [D(2026, 12, 25)]  # 2027-03-01 is past the 8 weeks


def test_r_visit_5_missed_months_stay_overdue_until_each_is_visited(store, world):
    """Three monthly visits missed (Jan, Feb, Mar): a late visit recorded for January clears January
    only; February and March stay overdue until a visit is recorded for each."""
    pid = _plan(store, world, start_date=D(2026, 1, 15))
    today = D(2026, 3, 20)
    late = rv.overdue_visits(store, world["nc"], today)
    assert [(o.due, o.days_overdue) for o in late] == [(D(2026, 1, 15), 64), (D(2026, 2, 15), 33),
                                                       (D(2026, 3, 15), 5)]
    rv.record_visit(store, pid, visitor_id=world["m1"], findings="一月的走访，补记", visited_at=at(today),
                    actor_id=world["m1"], now=at(today, 12))
    assert [o.due for o in rv.overdue_visits(store, world["nc"], today)] == [D(2026, 2, 15), D(2026, 3, 15)]
    row = rv.plans(store, world["nc"], today)[0]
    assert row.next_due == D(2026, 2, 15) and row.overdue_dates(today) == (D(2026, 2, 15), D(2026, 3, 15))
    rv.record_visit(store, pid, visitor_id=world["m1"], findings="三月的走访", visited_at=at(today),
                    actor_id=world["m1"], now=at(today, 12), planned_for=D(2026, 3, 15))
    assert [o.due for o in rv.overdue_visits(store, world["nc"], today)] == [D(2026, 2, 15)]  # still owed
    assert rv.plans(store, world["nc"], today)[0].next_due == D(2026, 2, 15)
    rv.record_visit(store, pid, visitor_id=world["m1"], findings="二月的走访", visited_at=at(today),
                    actor_id=world["m1"], now=at(today, 12))
    assert rv.overdue_visits(store, world["nc"], today) == []
    assert rv.plans(store, world["nc"], today)[0].next_due == D(2026, 4, 15)


def test_r_visit_5_a_visit_is_for_a_date_the_plan_owes(store, world):
    pid = _plan(store, world, start_date=D(2026, 1, 15))
    today = D(2026, 2, 20)
    kw = dict(visitor_id=world["m1"], findings="走访", visited_at=at(today), actor_id=world["m1"], now=at(today, 12))
    with pytest.raises(StoreError, match="2026-04-15 is not a planned visit this plan owes.*2026-01-15, 2026-02-15, "
                                         "2026-03-15"):
        rv.record_visit(store, pid, planned_for=D(2026, 4, 15), **kw)  # beyond the next upcoming one
    rv.record_visit(store, pid, planned_for=D(2026, 2, 15), **kw)
    with pytest.raises(StoreError, match="already recorded for the planned date 2026-02-15"):
        rv.record_visit(store, pid, planned_for=D(2026, 2, 15), **kw)
    assert [o.due for o in rv.overdue_visits(store, world["nc"], today)] == [D(2026, 1, 15)]


def test_r_visit_5_editing_the_owner_keeps_the_missed_visits_owed(store, world):
    pid = _plan(store, world, start_date=D(2026, 1, 15))
    rv.record_visit(store, pid, visitor_id=world["m1"], findings="三月", visited_at=at(D(2026, 3, 20)),
                    actor_id=world["m1"], now=at(D(2026, 3, 20), 12), planned_for=D(2026, 3, 15))
    rv.edit_plan(store, pid, owner_id=world["m2"], recurrence="monthly", start_date=D(2026, 1, 15),
                 actor_id=world["dispatcher"], now=at(D(2026, 3, 21)))
    assert [o.due for o in rv.overdue_visits(store, world["nc"], D(2026, 3, 21))] == [D(2026, 1, 15),
                                                                                     D(2026, 2, 15)]


def test_r_visit_5_the_calendar_lists_each_missed_visit_with_its_date(store, world):
    pid = _plan(store, world, recurrence="weeks", interval_weeks=1, start_date=D(2026, 10, 26))
    rv.record_visit(store, pid, visitor_id=world["m1"], findings="补记", visited_at=at(D(2026, 11, 10)),
                    actor_id=world["m1"], now=at(D(2026, 11, 10), 12), planned_for=D(2026, 11, 2))
    cal = rv.calendar(store, world["nc"], D(2026, 11, 9), D(2026, 11, 10), weeks=1)
    assert [(v.day, v.due, v.overdue) for v in cal["李强 (NC101)"]] == [
        (D(2026, 11, 9), D(2026, 10, 26), True), (D(2026, 11, 9), None, True)]  # 11-02 visited, 10-26 not
