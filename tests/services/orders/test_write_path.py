"""The one write path: one module appends events, one creates orders, and every user action is
one transaction — a failure at any step, or a refusal, leaves the database exactly as it was."""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import event, select

from console.errors import StoreError
from console.models import Base, Callback, Order, Staff
from console.rules.materials import required_materials
from console.services.callbacks import workbench as cbs
from console.services.orders import actions as act
from console.services.orders import escalation, intake
from console.services.orders import queue as orders
from console.vocabulary import Role
from tests.assigned import assign_to
from tests.factories import T0, make_staff, small_branch_with_deadlines

H = dt.timedelta(hours=1)
ROOT = Path(__file__).resolve().parents[3]
ID_CARD = required_materials("installation")[0]  # R-FIRST-2: an item of the checklist


# ---- one constructor of each ------------------------------------------------------------------
def _constructions(name: str) -> list[str]:
    found = []
    for path in sorted((ROOT / "console").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                called = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
                if called == name:
                    found.append(str(path.relative_to(ROOT)))
    return sorted(set(found))


def test_only_the_log_appends_events_and_only_create_makes_orders():
    assert _constructions("OrderEvent") == ["console/services/orders/log.py"]
    assert _constructions("Order") == ["console/services/orders/create.py"]


# ---- the database, all of it --------------------------------------------------------------------
def dump(store) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order: 'exactly as before' is equality of this."""
    out = {}
    with store.read() as s:
        for table in Base.metadata.sorted_tables:
            rows = s.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


class Injected(RuntimeError):
    """The failure a test injects into one step of a transaction."""


def _injected(exc: BaseException | None) -> bool:
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, Injected):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def fail_at_every_step(store, action: Callable[[], object]) -> int:
    """Run `action` again and again, failing its k-th database statement (k = 1, 2 …), and require
    the database to be exactly as before after each failure, until it runs through with fewer
    than k statements; then it must have changed something. Returns the number of statements."""
    before = dump(store)
    step = {"n": 0, "fail_at": 0}

    def on_statement(conn, cursor, statement, params, context, executemany):
        step["n"] += 1
        if step["n"] == step["fail_at"]:
            raise Injected(f"step {step['n']}: {statement.split()[0]}")

    event.listen(store.engine, "before_cursor_execute", on_statement)
    try:
        k = 0
        while True:
            k += 1
            assert k < 400, "the action never ran to the end"
            step.update(n=0, fail_at=k)
            try:
                action()
            except Exception as exc:  # noqa: BLE001 - only the injected failure is expected
                assert _injected(exc), f"step {k}: {exc!r}"
                assert dump(store) == before, f"a failure at step {k} left a partial write"
                continue
            if step["n"] >= k:  # the k-th statement was a read outside the write: it did not fail
                raise AssertionError(f"step {k} did not fail the action")
            break  # fewer than k statements: the action ran through
    finally:
        event.remove(store.engine, "before_cursor_execute", on_statement)
    assert dump(store) != before, "the action, run through, changed nothing"
    return k - 1


def _setup_and_commit_fails(store, make: Callable[[], Callable[[], object]]) -> None:
    """A failing commit leaves nothing either (on a fresh copy of the same state)."""
    action = make()
    before = dump(store)

    def on_commit(conn):
        raise Injected("commit")

    event.listen(store.engine, "commit", on_commit)
    try:
        with pytest.raises(Exception) as caught:
            action()
        assert _injected(caught.value)
    finally:
        event.remove(store.engine, "commit", on_commit)
    assert dump(store) == before


# ---- the multi-step actions ---------------------------------------------------------------------
def _manager(store, ids) -> int:
    with store.write() as s:
        from console.models import Branch

        return make_staff(s, s.get(Branch, ids["nc"]), "NC900", "陈经理", Role.MANAGER).id


def _version(store, oid) -> int:
    with store.read() as s:
        return s.get(Order, oid).version


def _unreachable(store):
    ids = small_branch_with_deadlines(store)
    _manager(store, ids)
    oid = ids["open_nc"][0]
    assign_to(store, oid, ids["m1"])  # the maintainer acts on the order assigned to them
    return lambda: act.customer_unreachable(store, oid, expected_version=1, actor_id=ids["m1"],
                                            reason="no one home, 3 calls", now=T0 + 10 * H)


def _intake_waiting(store):
    ids = small_branch_with_deadlines(store)
    with store.read() as s:
        from console.models import District

        district = s.scalar(select(District.id).where(District.branch_id == ids["nc"]))
    return lambda: intake.take_request(store, branch_id=ids["nc"], customer_id=None, district_id=district,
                                       kind="installation", channel="counter", description="新装",
                                       missing=[ID_CARD], actor_id=ids["dispatcher"], now=T0 + H)


def _callback_with_follow_up(store):
    ids = small_branch_with_deadlines(store)
    oid = ids["open_nc"][0]
    assign_to(store, oid, ids["m1"])  # the maintainer acts on the order assigned to them
    act.complete(store, oid, expected_version=1, actor_id=ids["m1"], resolution="更换分配器", now=T0 + 2 * H)
    with store.read() as s:
        cb = s.scalar(select(Callback.id).where(Callback.order_id == oid))
    return lambda: cbs.record_reached(store, cb, actor_id=ids["dispatcher"], satisfaction=2, solved=False,
                                      comment="还是没有信号", at=T0 + 5 * H, now=T0 + 5 * H)


def _assign(store):
    ids = small_branch_with_deadlines(store)
    oid = ids["open_nc"][0]
    return lambda: orders.assign(store, oid, expected_version=1, assignee_id=ids["m1"], actor_id=ids["dispatcher"],
                                 now=T0 + H)


def _acknowledge(store):
    ids = small_branch_with_deadlines(store)
    oid = ids["open_nc"][0]
    act.escalate(store, oid, expected_version=1, actor_id=ids["dispatcher"], reason="整栋楼无信号", now=T0 + H)
    alert = escalation.open_alerts(store, ids["nc"])[0]
    return lambda: escalation.acknowledge(store, alert.event_id, actor_id=ids["dispatcher"], now=T0 + 2 * H)


def _escalation_pass(store):
    small_branch_with_deadlines(store)
    return lambda: escalation.run_pass(store, now=T0 + 30 * H)  # R-TIME-1: 24 h long gone


def _decide(store):
    ids = small_branch_with_deadlines(store)
    mgr = _manager(store, ids)
    oid = ids["open_nc"][0]
    assign_to(store, oid, ids["m1"])  # the maintainer acts on the order assigned to them
    v = act.request_extension(store, oid, expected_version=1, actor_id=ids["m1"], new_due=T0 + 48 * H,
                              reason="等待配件", now=T0 + 2 * H)
    return lambda: act.decide_extension(store, oid, expected_version=v, actor_id=mgr, approve=True, now=T0 + 3 * H)


ACTIONS = {
    "customer unreachable (R-TIME-8: three events)": _unreachable,
    "intake waiting for materials (new order, two events)": _intake_waiting,
    "callback reached, problem unsolved (R-VISIT-3: follow-up order)": _callback_with_follow_up,
    "assign": _assign,
    "acknowledge an escalation": _acknowledge,
    "escalation pass": _escalation_pass,
    "decide an extension (R-TIME-10)": _decide,
}


@pytest.mark.parametrize("name", list(ACTIONS))
def test_a_failure_at_any_step_leaves_the_database_exactly_as_before(store, name):
    action = ACTIONS[name](store)
    steps = fail_at_every_step(store, action)
    assert steps >= 5  # it really was a multi-statement transaction


@pytest.mark.parametrize("name", ["customer unreachable (R-TIME-8: three events)",
                                  "callback reached, problem unsolved (R-VISIT-3: follow-up order)"])
def test_a_failed_commit_leaves_nothing(store, name):
    _setup_and_commit_fails(store, lambda: ACTIONS[name](store))


def test_a_refused_action_writes_nothing_at_all(store):
    # R-TIME-8 on an order still waiting for its materials (R-TIME-0) cannot complete it: refused
    # whole — no event, no version bump, no audit row (it used to commit the exemption first)
    ids = small_branch_with_deadlines(store)
    oid = intake.take_request(store, branch_id=ids["nc"], customer_id=None, district_id=_district(store, ids),
                              kind="installation", channel="counter", description="新装", missing=[ID_CARD],
                              actor_id=ids["dispatcher"], now=T0).order_id
    before = dump(store)
    with pytest.raises(StoreError, match="waiting for materials"):  # (unassigned: the dispatcher's to act on)
        act.customer_unreachable(store, oid, expected_version=1, actor_id=ids["dispatcher"], reason="不在家",
                                 now=T0 + H)
    with pytest.raises(StoreError, match="waiting for materials"):
        act.complete(store, oid, expected_version=1, actor_id=ids["dispatcher"], resolution="装好", now=T0 + H)
    assert dump(store) == before
    assert _version(store, oid) == 1


def test_a_permission_refusal_writes_nothing(store):
    ids = small_branch_with_deadlines(store)
    oid = ids["open_nc"][0]
    with store.read() as s:
        m1 = s.get(Staff, ids["m1"]).id
    before = dump(store)
    with pytest.raises(StoreError, match="may not assign"):
        orders.assign(store, oid, expected_version=1, assignee_id=m1, actor_id=m1, now=T0 + H)
    assert dump(store) == before


def _district(store, ids) -> int:
    from console.models import District

    with store.read() as s:
        return s.scalar(select(District.id).where(District.branch_id == ids["nc"]))
