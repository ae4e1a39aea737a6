"""R-TIME / R-FIRST-4: an escalation fired on a provisional due (its year's working-day calendar
not entered) says so and is never stored as fact; once the calendar is entered the provisional
alerts are withdrawn and the levels the official due reaches fire as fact."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from console import i18n
from console.models import Customer, District, Order, OrderEvent, Staff
from console.services.orders import escalation as esc
from console.services.orders.caches import refresh_caches
from console.services.rulebook import calendar_admin
from console.vocabulary import EventType, OrderKind, Role
from tests.factories import add_person, make_branch, make_customer, make_district, make_order, make_staff

CST = dt.timezone(dt.timedelta(hours=8))
RECEIVED = dt.datetime(2026, 12, 28, 10, 0, tzinfo=CST)  # a Monday; R-TIME-5: 5 working days
# Monday–Friday guess for 2027 (not entered): day 4 is Fri 2027-01-01, so the due is Mon 01-04 24:00;
# with New Year's Day a holiday (the official 2027 calendar) it is Tue 01-05 24:00
NOW = dt.datetime(2027, 1, 5, 12, 0, tzinfo=CST)
NOTICE_2027 = "2027-01-01 .. 2027-01-03  holiday  New Year's Day\n"


@pytest.fixture
def restoration(store):
    with store.write() as s:
        b = make_branch(s)
        d = make_district(s, b)
        c = make_customer(s, d, "A0000001")
        disp = make_staff(s, b, "NC001", "王芳")
        make_staff(s, b, "NC900", "陈经理", Role.MANAGER)
        o = make_order(s, s.get(District, d.id), s.get(Customer, c.id), s.get(Staff, disp.id), "NC-0001",
                       OrderKind.RESTORATION, RECEIVED)
        refresh_caches(s, o)
        return {"branch": b.id, "order": o.id}


def payloads(store, oid):
    with store.read() as s:
        return s.scalars(select(OrderEvent.payload).where(OrderEvent.order_id == oid,
                                                          OrderEvent.type == EventType.ESCALATED)
                         .order_by(OrderEvent.id)).all()


def test_a_provisional_breach_fires_marked_provisional_never_as_fact(store, restoration):
    oid = restoration["order"]
    with store.read() as s:
        assert s.get(Order, oid).sla_provisional  # the due rests on 2027, not entered
    fired = esc.run_pass(store, now=NOW)
    assert [(f.level, f.provisional_year) for f in fired] == [("assignee", 2027), ("dispatcher", 2027),
                                                              ("leader", 2027)]
    assert "(provisional: the 2027 working-day calendar is not entered)" in str(fired[-1].line())
    assert all(p["provisional"] is True and p["provisional_year"] == 2027 for p in payloads(store, oid))
    with store.read() as s:
        assert s.get(Order, oid).escalation_level == 0  # R-TIME: no level reached as fact
    assert esc.run_pass(store, now=NOW + dt.timedelta(hours=1)) == []  # said once

    alerts = esc.open_alerts(store, restoration["branch"])
    assert [a.level for a in alerts] and all(a.provisional for a in alerts)
    leader = next(a for a in alerts if a.level == "leader")
    assert i18n.render(leader.reason, "en").endswith("(provisional: the 2027 working-day calendar is not entered)")
    assert leader.weight < 3  # below the leader's level as fact


def test_entering_the_calendar_withdraws_the_provisional_alerts_and_fires_the_facts(store, restoration):
    oid = restoration["order"]
    esc.run_pass(store, now=NOW)
    calendar_admin.import_year(store, 2027, NOTICE_2027, actor_id=add_person(store), now=NOW)
    with store.read() as s:
        assert not s.get(Order, oid).sla_provisional
    assert esc.open_alerts(store, restoration["branch"]) == []  # recomputed: the flag is gone with them
    # official due 01-05 24:00: at 12:00 that is ~94 % of the window — the assignee and the dispatcher, as fact
    fired = esc.run_pass(store, now=NOW)
    assert [(f.level, f.provisional_year) for f in fired] == [("assignee", None), ("dispatcher", None)]
    alerts = esc.open_alerts(store, restoration["branch"])
    assert sorted(a.level for a in alerts) == ["assignee", "dispatcher"]
    assert not any(a.provisional for a in alerts) and "provisional" not in str(alerts[0].reason)
    with store.read() as s:
        assert s.get(Order, oid).escalation_level == 2
    late = esc.run_pass(store, now=NOW + dt.timedelta(hours=13))  # past the official due: the leader, as fact
    assert [(f.level, f.provisional_year) for f in late] == [("leader", None)]


def test_the_cron_pass_says_provisional_in_its_lines_and_summary(store, restoration, db_url, capsys):
    if not db_url.startswith("sqlite"):
        pytest.skip("the command line on the SQLite file (the pass itself is tested on both backends above)")
    import json

    from console import cli

    assert cli.main(["escalate", "--db", db_url, "--now", NOW.isoformat()]) == 0
    *lines, summary = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3 and all(line.endswith("(provisional: the 2027 working-day calendar is not entered)")
                                   for line in lines)
    assert json.loads(summary)["provisional"] == 3
