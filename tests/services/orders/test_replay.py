"""`audit replay`: every order's columns rebuilt from its events alone — none differ on a healthy
database; a corrupted cache is reported and, with --fix, mended and audited. Time-derived state
(a deadline that passed with no event since) counts everywhere without a rewrite."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select, text

from console import cli
from console.models import AuditLog, Callback, Order
from console.services.audit.verify import verify
from console.services.callbacks import workbench as cbs
from console.services.orders import actions as act
from console.services.orders import intake
from console.services.orders import queue as orders
from console.services.orders.replay import replay
from console.services.supervision import accountability
from tests.factories import T0, small_branch_with_deadlines

H = dt.timedelta(hours=1)


def _busy_branch(store) -> dict:
    """A branch after a day's work through the services: intake, assign, pause, visit, complete,
    callbacks (one unsolved, with its follow-up order), reopen, an extension, an escalation."""
    ids = small_branch_with_deadlines(store)
    a, b = ids["open_nc"]
    v = orders.assign(store, a, expected_version=1, assignee_id=ids["m1"], actor_id=ids["dispatcher"], now=T0 + H)
    v = act.book_visit(store, a, expected_version=v, actor_id=ids["dispatcher"], start=T0 + 2 * H, end=T0 + 4 * H,
                       now=T0 + H)
    v = act.pause(store, a, expected_version=v, actor_id=ids["m1"], reason="客户约时间", now=T0 + 2 * H)
    v = act.resume(store, a, expected_version=v, actor_id=ids["m1"], now=T0 + 3 * H)
    v = act.record_arrival(store, a, expected_version=v, actor_id=ids["m1"], now=T0 + 3 * H)
    act.complete(store, a, expected_version=v, actor_id=ids["m1"], resolution="更换分配器", now=T0 + 4 * H)
    with store.read() as s:
        cb = s.scalar(select(Callback.id).where(Callback.order_id == a))
    cbs.log_attempt(store, cb, outcome="no_answer", actor_id=ids["dispatcher"], at=T0 + 6 * H, now=T0 + 6 * H)
    cbs.record_reached(store, cb, actor_id=ids["dispatcher"], satisfaction=2, solved=False, comment="还是没信号",
                       at=T0 + 8 * H, now=T0 + 8 * H)
    v = act.escalate(store, b, expected_version=1, actor_id=ids["dispatcher"], reason="客户投诉升级", now=T0 + 2 * H)
    act.record_first_response(store, b, expected_version=v, actor_id=ids["dispatcher"], now=T0 + 2 * H)
    waiting = intake.take_request(store, branch_id=ids["nc"], customer_id=None, district_id=_district(store, ids),
                                  kind="installation", channel="counter", description="新装",
                                  missing=[intake.required_materials("installation")[0]],
                                  actor_id=ids["dispatcher"], now=T0 + H)
    intake.record_materials_complete(store, waiting.order_id, expected_version=1, actor_id=ids["dispatcher"],
                                     now=T0 + 5 * H)
    return {**ids, "done": a, "complaint": b, "installation": waiting.order_id, "callback": cb}


def _district(store, ids) -> int:
    from console.models import District

    with store.read() as s:
        return s.scalar(select(District.id).where(District.branch_id == ids["nc"]))


def test_a_healthy_database_replays_without_a_difference(store):
    _busy_branch(store)
    report = replay(store)
    assert report.orders >= 6 and report.differences == [], [d.line() for d in report.differences]


def test_corrupted_caches_are_reported_then_mended_and_audited(store):
    ids = _busy_branch(store)
    with store.write() as s:  # what a hand edit or a bug would leave: columns without their events
        s.execute(text("UPDATE work_order SET due_at = :d, status = 'open', assignee_id = NULL WHERE id = :i"),
                  {"d": T0 + 999 * H, "i": ids["done"]})
        s.execute(text("UPDATE work_order SET kind = 'major_fault' WHERE id = :i"), {"i": ids["installation"]})
        s.execute(text("UPDATE callback SET status = 'open', satisfaction = NULL WHERE id = :i"), {"i": ids["callback"]})
    report = replay(store)
    seen = {(d.order_id, d.table, d.column) for d in report.differences}
    assert {(ids["done"], "work_order", "due_at"), (ids["done"], "work_order", "status"),
            (ids["done"], "work_order", "assignee_id"), (ids["installation"], "work_order", "kind"),
            (ids["done"], "callback", "status"), (ids["done"], "callback", "satisfaction")} <= seen
    assert all(d.order_id in (ids["done"], ids["installation"]) for d in report.differences)
    line = next(d for d in report.differences if d.column == "status" and d.table == "work_order").line()
    assert "NC-0001" in line and "'open'" in line and "'completed'" in line

    fixed = replay(store, fix=True, now=T0 + 20 * H)
    assert fixed.fixed_orders == 2
    assert replay(store).differences == []
    with store.read() as s:
        o = s.get(Order, ids["done"])
        assert (o.status.value, o.assignee_id) == ("completed", ids["m1"])
        repairs = s.scalars(select(AuditLog).where(AuditLog.action == "order.replay_repaired")).all()
    assert sorted(r.entity_id for r in repairs) == sorted([ids["done"], ids["installation"]])
    assert {r.before["work_order.kind"] for r in repairs if "work_order.kind" in r.before} == {"major_fault"}
    assert verify(store).ok  # the repairs are chained like every other audit row


def test_the_command_reports_and_mends(store, capsys):
    ids = _busy_branch(store)
    assert cli.main(["audit", "replay", "--db", store.url]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["differences"] == 0
    with store.write() as s:
        s.execute(text("UPDATE work_order SET sla_state = 'met' WHERE id = :i"), {"i": ids["complaint"]})
    assert cli.main(["audit", "replay", "--db", store.url]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out[0].startswith("NC-0002 work_order.sla_state: stored 'met'")
    assert json.loads(out[-1])["orders_with_differences"] == 1
    assert cli.main(["audit", "replay", "--db", store.url, "--fix"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["fixed_orders"] == 1
    assert cli.main(["audit", "replay", "--db", store.url]) == 0


def test_a_deadline_that_passed_with_no_event_is_breached_without_a_rebuild(store):
    # R-TIME-11: breaches feed accountability. NC-0001 (R-TIME-1, 24 h from T0) had its last event
    # at T0: ten days later nothing was written, and its cached state still reads "running" — yet it
    # is an accountability candidate, read at that moment from its cached due.
    ids = small_branch_with_deadlines(store)
    with store.read() as s:
        o = s.get(Order, ids["open_nc"][0])
        assert o.sla_state == "running" and o.due_at == T0 + 24 * H
    later = T0 + 24 * H + dt.timedelta(days=10)
    candidates = accountability.breached_orders(store, ids["nc"], now=later)
    assert ids["open_nc"][0] in [c[0] for c in candidates]
    assert ids["open_nc"][0] not in [c[0] for c in accountability.breached_orders(store, ids["nc"], now=T0 + H)]
