"""Escalation passes on a real database, SQLite and PostgreSQL (the ladder of rules.escalation;
never miss an escalation): each level fires once per clock, even with two passes at once."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from sqlalchemy import func, select

from console import cli
from console.errors import StoreError
from console.models import AuditLog, Callback, Order, OrderEvent
from console.rules.periods import CST
from console.services.orders import actions as act
from console.services.orders import escalation as esc
from console.store import open_store
from console.vocabulary import EventType, OrderKind, OrderStatus, Role
from tests.assigned import assign_to
from tests.factories import (
    T0,
    make_branch,
    make_customer,
    make_district,
    make_order,
    make_staff,
)

H = dt.timedelta(hours=1)
DUE = T0 + 24 * H  # R-TIME-1: a general fault repair is due 24 h after receipt


@pytest.fixture
def branch(store):
    """One city branch: a dispatcher, a maintainer, a manager (the branch leader), a customer."""
    with store.write() as s:
        b = make_branch(s)
        d = make_district(s, b)
        return {
            "branch": b.id, "district": d.id, "customer": make_customer(s, d, "A0000001").id,
            "dispatcher": make_staff(s, b, "NC001", "王芳").id,
            "maintainer": make_staff(s, b, "NC101", "李强", Role.MAINTAINER).id,
            "leader": make_staff(s, b, "NC900", "陈经理", Role.MANAGER).id,
        }


def make_admin(store) -> int:
    with store.write() as s:
        return make_staff(s, None, "AD001", "赵敏", Role.ADMIN).id


def new_order(store, ids, number="NC-0001", *, kind=OrderKind.GENERAL_FAULT, missing=(), at=T0) -> int:
    from console.models import Customer, District, Staff

    with store.write() as s:
        o = make_order(s, s.get(District, ids["district"]), s.get(Customer, ids["customer"]),
                       s.get(Staff, ids["dispatcher"]), number, kind, at,
                       OrderStatus.WAITING_MATERIALS if missing else OrderStatus.OPEN)
        if missing:  # R-FIRST-2: the received event lists every missing item at once
            ev = s.scalar(select(OrderEvent).where(OrderEvent.order_id == o.id))
            ev.payload = {"kind": kind.value, "missing": list(missing)}
            o.missing_materials = list(missing)
        return o.id


def stored(store, oid=None) -> list[tuple[str, str]]:
    """(clock, level) of the stored ladder escalations, in storage order."""
    q = select(OrderEvent.payload).where(OrderEvent.type == EventType.ESCALATED).order_by(OrderEvent.id)
    if oid is not None:
        q = q.where(OrderEvent.order_id == oid)
    with store.read() as s:
        return [(p["clock"], p["level"]) for p in s.scalars(q)]


def order(store, oid) -> Order:
    with store.read() as s:
        return s.get(Order, oid)


def levels(fired) -> list[str]:
    return [f.level for f in fired]


def test_general_fault_climbs_the_ladder_once_per_level(store, branch):
    oid = new_order(store, branch)
    assert esc.run_pass(store, now=T0 + 9.6 * H) == []  # 40 % of 24 h: nothing yet

    fired = esc.run_pass(store, now=T0 + 13.2 * H)  # 55 %: the assignee is told
    assert [(f.order_number, f.clock, f.level, f.target) for f in fired] == [("NC-0001", "resolve", "assignee", "assignee")]
    assert "R-TIME-1" in fired[0].reason and not fired[0].urgent
    assert esc.run_pass(store, now=T0 + 13.2 * H) == []  # the same pass again: nothing new
    assert esc.run_pass(store, now=T0 + 14 * H) == []
    assert order(store, oid).escalation_level == 1

    assert levels(esc.run_pass(store, now=T0 + 20.4 * H)) == ["dispatcher"]  # 85 %
    assert order(store, oid).escalation_level == 2

    late = esc.run_pass(store, now=DUE + 25 * H)  # 25 h overdue: the leader, then the province
    assert [(f.level, f.target, f.rank, f.urgent) for f in late] == [
        ("leader", "branch_leader", 3, True), ("province", "provincial_supervision", 4, True)]
    assert esc.run_pass(store, now=DUE + 100 * H) == []
    assert stored(store, oid) == [("resolve", "assignee"), ("resolve", "dispatcher"),
                                  ("resolve", "leader"), ("resolve", "province")]
    o = order(store, oid)
    assert (o.escalation_level, o.version) == (4, 1)  # a cache: the order's version is not bumped
    with store.read() as s:
        trail = s.scalars(select(AuditLog).where(AuditLog.action == "order.escalated",
                                                 AuditLog.entity_id == oid).order_by(AuditLog.id)).all()
        actors = s.scalars(select(OrderEvent.actor_id).where(OrderEvent.type == EventType.ESCALATED)).all()
    assert [a.after["escalation_level"] for a in trail] == [1, 2, 4]  # one audit row per order and pass
    assert [e["level"] for e in trail[-1].after["escalations"]] == ["leader", "province"]
    assert actors == [None] * 4  # fired by the system


def test_paused_clock_escalates_below_100_percent_but_never_reaches_the_leader(store, branch):
    oid = new_order(store, branch)
    act.pause(store, oid, expected_version=1, actor_id=branch["dispatcher"], reason="customer away", now=T0 + 20 * H)
    assert levels(esc.run_pass(store, now=T0 + 200 * H)) == ["assignee", "dispatcher"]  # 83 % when paused
    assert esc.run_pass(store, now=T0 + 400 * H) == []


def test_waiting_for_materials_never_escalates(store, branch):  # R-TIME-0: the clock has not started
    oid = new_order(store, branch, missing=["户口簿", "身份证复印件"])
    assert esc.run_pass(store, now=T0 + 30 * 24 * H) == []
    assert order(store, oid).escalation_level == 0


def test_a_pass_for_one_branch_leaves_the_others_alone(store, branch):
    oid = new_order(store, branch)
    with store.write() as s:
        other = make_branch(s, "JX", "进贤县分公司")
    assert esc.run_pass(store, now=DUE, branch_id=other.id) == []
    assert levels(esc.run_pass(store, now=DUE, branch_id=branch["branch"])) == ["assignee", "dispatcher", "leader"]
    assert stored(store, oid) == [("resolve", "assignee"), ("resolve", "dispatcher"), ("resolve", "leader")]


def test_an_owed_callback_escalates_after_completion(store, branch):  # R-VISIT-1: 72 h after completion
    from console.services.callbacks import workbench as callbacks

    oid = new_order(store, branch)
    assign_to(store, oid, branch["maintainer"])  # a maintainer completes only their own orders
    act.complete(store, oid, expected_version=1, actor_id=branch["maintainer"], resolution="amplifier replaced",
                 now=T0 + 2 * H)
    fired = esc.run_pass(store, now=T0 + 80 * H)  # the callback was due at T0 + 74 h
    assert [(f.clock, f.level) for f in fired] == [("callback", "assignee"), ("callback", "dispatcher"),
                                                   ("callback", "leader")]
    with store.read() as s:
        cb = s.scalar(select(Callback).where(Callback.order_id == oid))
    callbacks.record_reached(store, cb.id, actor_id=branch["dispatcher"], satisfaction=5, solved=True,
                             now=T0 + 81 * H)
    assert esc.run_pass(store, now=T0 + 200 * H) == []  # done: no provincial escalation


def test_two_consoles_passing_at_once_store_each_level_exactly_once(store, branch, db_url):
    ids = [new_order(store, branch, f"NC-{i:04d}") for i in range(1, 41)]
    other = open_store(db_url)
    real_fire = esc._fire
    both_read = threading.Barrier(2, timeout=30)
    waited = set()

    def fire_after_both_have_read(*args, **kw):
        # both passes have evaluated every order (and found all 160 levels due) before either
        # writes: only the re-check inside the write transaction can keep the levels single
        if threading.get_ident() not in waited:
            waited.add(threading.get_ident())
            both_read.wait()
        return real_fire(*args, **kw)

    results, errors = {}, []

    def run(name, st):
        try:
            results[name] = esc.run_pass(st, now=DUE + 25 * H)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    esc._fire = fire_after_both_have_read
    try:
        threads = [threading.Thread(target=run, args=(n, st)) for n, st in (("a", store), ("b", other))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        esc._fire = real_fire
        other.dispose()
    assert errors == []
    assert len(results["a"]) + len(results["b"]) == 40 * 4
    assert {(f.order_id, f.level) for f in results["a"] + results["b"]} == {
        (oid, lv) for oid in ids for lv in ("assignee", "dispatcher", "leader", "province")}
    with store.read() as s:
        n = s.scalar(select(func.count()).select_from(OrderEvent).where(OrderEvent.type == EventType.ESCALATED))
        assert set(s.scalars(select(Order.escalation_level).where(Order.id.in_(ids)))) == {4}
    assert n == 160


def test_alerts_list_acknowledge_once_and_keep_the_order_editable(store, branch):
    oid = new_order(store, branch)
    assign_to(store, oid, branch["maintainer"])  # the maintainer acknowledges on their own order
    esc.run_pass(store, now=T0 + 13 * H)
    act.escalate(store, oid, expected_version=1, actor_id=branch["dispatcher"],  # R-FIRST-4, by hand
                 reason="hospital ward without signal", now=T0 + 14 * H)
    alerts = esc.open_alerts(store, branch["branch"])
    assert [(a.level, a.manual, a.urgent, a.target) for a in alerts] == [
        ("manual", True, True, "branch_leader"), ("assignee", False, False, "assignee")]  # newest first
    manual, ladder = alerts
    assert (manual.fired_by, manual.target_person, manual.reason) == ("王芳", "陈经理", "hospital ward without signal")
    assert (ladder.order_number, ladder.clock, ladder.district, ladder.order_kind) == (
        "NC-0001", "resolve", "八一社区", "general_fault")
    assert ladder.fired_at == T0 + 13 * H and not ladder.acknowledged

    esc.acknowledge(store, ladder.event_id, actor_id=branch["maintainer"], now=T0 + 15 * H)
    assert [a.event_id for a in esc.open_alerts(store, branch["branch"])] == [manual.event_id]
    done = esc.open_alerts(store, branch["branch"], include_acknowledged=True)[1]
    assert (done.acknowledged_by, done.acknowledged_at) == ("李强", T0 + 15 * H)
    assert esc.open_alerts(store, branch["branch"], include_acknowledged=True,
                           acknowledged_since=T0 + 16 * H) == [alerts[0]]
    with pytest.raises(StoreError, match="already acknowledged by 李强 at 2026-11-21 01:00"):
        esc.acknowledge(store, ladder.event_id, actor_id=branch["dispatcher"], now=T0 + 16 * H)
    with pytest.raises(StoreError, match="no escalation"):
        esc.acknowledge(store, 999_999, actor_id=branch["dispatcher"])
    # acknowledging is not an edit of the order: the version the dispatcher saw still holds
    v = order(store, oid).version
    act.pause(store, oid, expected_version=v, actor_id=branch["dispatcher"], reason="appointment", now=T0 + 17 * H)
    with store.read() as s:
        ack = s.scalar(select(OrderEvent).where(OrderEvent.type == EventType.ESCALATION_ACKNOWLEDGED))
        audited = s.scalar(select(func.count()).select_from(AuditLog)
                           .where(AuditLog.action == "order.escalation_acknowledged"))
    assert ack.payload == {"escalation_event_id": ladder.event_id, "clock": "resolve", "level": "assignee", "note": ""}
    assert audited == 1


def test_a_selection_is_acknowledged_with_one_note_one_transaction_per_order(store, branch):
    first, second = new_order(store, branch), new_order(store, branch, "NC-0002")
    from console.services.orders.caches import refresh_caches

    with store.write() as s:  # the due times the write path would have cached
        for oid in (first, second):
            refresh_caches(s, s.get(Order, oid))
    esc.run_pass(store, now=T0 + 20.4 * H)  # 85 %: the assignee and the dispatcher, for both orders
    alerts = esc.open_alerts(store, branch["branch"])
    assert len(alerts) == 4 and {a.due_at for a in alerts} == {DUE}
    taken = next(a for a in alerts if a.order_id == second and a.level == "dispatcher")
    esc.acknowledge(store, taken.event_id, actor_id=branch["leader"], now=T0 + 21 * H)  # another console
    with pytest.raises(StoreError, match="note of the acknowledgement is too long"):
        esc.acknowledge_many(store, [a.event_id for a in alerts], actor_id=branch["dispatcher"], note="x" * 3000)
    done, refused = esc.acknowledge_many(store, [a.event_id for a in alerts], actor_id=branch["dispatcher"],
                                         note="crew on the way, customer told", now=T0 + 22 * H)
    assert len(done) == 3
    assert [str(r) for r in refused] == [
        "this escalation of order NC-0002 was already acknowledged by 陈经理 at 2026-11-21 07:00; nothing was saved"]
    left = esc.open_alerts(store, branch["branch"], include_acknowledged=True)
    assert all(a.acknowledged for a in left)
    assert {a.note for a in left if a.acknowledged_by == "王芳"} == {"crew on the way, customer told"}
    with store.read() as s:
        audited = s.scalars(select(AuditLog.entity_id).where(AuditLog.action == "order.escalation_acknowledged")
                            .order_by(AuditLog.id)).all()
    assert sorted(audited) == sorted([first, second, second])  # one row per order and acknowledgement
    assert esc.acknowledge_many(store, [a.event_id for a in alerts], actor_id=branch["dispatcher"])[0] == []
    with pytest.raises(StoreError, match="who is on duty"):
        esc.acknowledge_many(store, [alerts[0].event_id], actor_id=None)


def test_two_consoles_acknowledging_the_same_alert_one_wins(store, branch, db_url):
    new_order(store, branch)
    (alert,) = esc.run_pass(store, now=T0 + 13 * H)
    other = open_store(db_url)
    outcomes: list = []
    go = threading.Barrier(2, timeout=30)

    def ack(st, who):
        go.wait()
        try:
            outcomes.append(esc.acknowledge(st, alert.event_id, actor_id=who, now=T0 + 14 * H))
        except StoreError as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=ack, args=(st, branch[w])) for st, w in ((store, "dispatcher"), (other, "leader"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    other.dispose()
    assert sorted(type(o).__name__ for o in outcomes) == ["int", "str"]
    assert "already acknowledged" in next(o for o in outcomes if isinstance(o, str))


def test_cli_escalate_runs_one_pass_headless(store, branch, db_url, capsys):
    new_order(store, branch)
    now = (DUE + 25 * H).astimezone(CST).replace(tzinfo=None).isoformat()
    assert cli.main(["escalate", "--db", db_url, "--branch", "南昌市分公司", "--now", now]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 5 and all("NC-0001 resolve" in line for line in lines[:4])
    summary = json.loads(lines[-1])
    assert summary["fired"] == 4 and summary["by_level"] == {"assignee": 1, "dispatcher": 1, "leader": 1, "province": 1}
    assert cli.main(["escalate", "--db", db_url, "--now", now]) == 0  # all branches; nothing new
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["fired"] == 0
    assert cli.main(["escalate", "--db", db_url, "--branch", "nowhere"]) == 2


def test_the_pass_loads_every_event_type_a_clock_reads():
    """The pass (and the cached columns' as-of instant) skip event types no clock reads
    (rules.clock.CLOCK_EVENTS); a new EventType must be sorted into one side."""
    from console.rules.calendar import WorkCalendar
    from console.rules.clock import CLOCK_EVENTS, Event
    from console.rules.policy import Policy
    from console.rules.sla import evaluate

    ignored = {"assigned", "visit_booked", "arrived", "callback_attempt", "note", "escalated",
               "escalation_acknowledged"}
    assert set(CLOCK_EVENTS) | ignored == {e.value for e in EventType}
    assert not set(CLOCK_EVENTS) & ignored
    t = dt.datetime(2026, 3, 2, 9, 0)
    log = [Event("received", t, {"kind": "complaint", "missing": []}), Event("assigned", t + H, {"assignee_id": 7}),
           Event("visit_booked", t + H, {}), Event("paused", t + 2 * H, {"reason": "x"}), Event("note", t + 3 * H, {}),
           Event("resumed", t + 4 * H), Event("arrived", t + 5 * H), Event("first_response", t + 5 * H),
           Event("escalated", t + 6 * H, {"clock": "resolve", "level": "assignee"}),
           Event("completed", t + 30 * H), Event("callback_attempt", t + 40 * H, {"outcome": "no_answer"})]
    cal, pol = WorkCalendar.china(), Policy.default()
    for now in (t + 3 * H, t + 20 * H, t + 100 * H):
        kept = [e for e in log if e.type in CLOCK_EVENTS]
        assert evaluate(kept, pol, cal, now) == evaluate(log, pol, cal, now)


def test_the_queue_row_says_what_waits_for_someone(store, branch):
    """The queue's counters read two facts of each order from its log: an extension request
    waiting for a decision (R-TIME-10) and its highest unacknowledged escalation."""
    from console.services.orders import queue
    from console.services.orders.caches import refresh_caches

    oid = new_order(store, branch)
    with store.write() as s:
        refresh_caches(s, s.get(Order, oid))
    assert (queue.order_row(store, oid).extension_pending, queue.order_row(store, oid).open_alert_rank) == (False, 0)
    fired = esc.run_pass(store, now=T0 + 20.4 * H)  # the assignee (1) and the dispatcher (2)
    assert queue.order_row(store, oid).open_alert_rank == 2
    esc.acknowledge(store, next(f.event_id for f in fired if f.level == "dispatcher"), actor_id=branch["dispatcher"],
                    now=T0 + 21 * H)
    assert queue.order_row(store, oid).open_alert_rank == 1  # the assignee's is still open
    act.escalate(store, oid, expected_version=1, actor_id=branch["dispatcher"], reason="hospital", now=T0 + 21 * H)
    assert queue.order_row(store, oid).open_alert_rank == 3  # R-FIRST-4: to a leader at once
    v = order(store, oid).version
    act.request_extension(store, oid, expected_version=v, actor_id=branch["dispatcher"], new_due=DUE + 24 * H,
                          reason="parts from the city", now=T0 + 22 * H)
    (row,) = [r for r in queue.open_orders(store, branch["branch"]) if r.id == oid]
    assert row.extension_pending and row.open_alert_rank == 3
    act.decide_extension(store, oid, expected_version=order(store, oid).version, actor_id=branch["leader"],
                         approve=False, reason="no", now=T0 + 23 * H)
    assert not queue.order_row(store, oid).extension_pending


def test_a_pass_judges_again_only_the_orders_whose_log_changed_or_whose_quiet_time_is_over(store, branch,
                                                                                          monkeypatch):
    """The console's 30-s pass over every open order (R-TIME-9/11): an order is judged from its log
    again only when that log changed, when a level may have come due (rules.escalation.quiet_until),
    or when the calendar changed — and every level still fires at its pass."""
    from console.services.rulebook import calendar_admin

    first, second, third = (new_order(store, branch, f"NC-000{k}", at=T0 + k * H) for k in (1, 2, 3))
    judged: list[int] = []
    real = esc.evaluate_log
    monkeypatch.setattr(esc, "evaluate_log", lambda log, *a, **k: judged.append(len(log)) or real(log, *a, **k))
    assert esc.run_pass(store, now=T0 + 2 * H) == [] and len(judged) == 3
    judged.clear()
    assert esc.run_pass(store, now=T0 + 2 * H + 30 * dt.timedelta(seconds=1)) == [] and judged == []  # nothing changed
    act.pause(store, second, expected_version=1, actor_id=branch["dispatcher"], reason="用户不在家", now=T0 + 3 * H)
    assert esc.run_pass(store, now=T0 + 3.5 * H) == [] and len(judged) == 1  # the paused one, from its new log
    judged.clear()
    fired = esc.run_pass(store, now=T0 + 13.5 * H)  # past 50 % of the first one's 24 h: its quiet time is over
    assert [(f.order_id, f.level) for f in fired] == [(first, "assignee")]
    assert esc.run_pass(store, now=T0 + 15.5 * H)[0].order_id == third  # the third's 50 % at T0 + 15 h
    judged.clear()
    esc.forget_judged()  # a new process (the cron command): every order judged
    assert esc.run_pass(store, now=T0 + 15.6 * H) == [] and len(judged) == 3
    judged.clear()
    admin = make_admin(store)
    calendar_admin.set_day(store, dt.date(2026, 12, 31), is_workday=False, name="调休", actor_id=admin)
    assert esc.run_pass(store, now=T0 + 15.7 * H) == [] and len(judged) == 3  # another calendar: judged afresh
