"""The SLA policy table on SQLite and PostgreSQL: versioned edits, R-TIME-1..7.

A change writes a new version and applies to clocks that start after it; every order keeps the
version it was taken under.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from console.errors import ConcurrentEditError, StoreError
from console.models import AuditLog, Customer, Order, SlaPolicy
from console.rules.policy import DEFAULT_LIMITS, Limit
from console.services.orders import intake
from console.services.orders.caches import rebuild_open_caches, refresh_caches
from console.services.rulebook import policy_admin
from console.vocabulary import Role
from tests.factories import T0, add_person, small_branch

H = dt.timedelta(hours=1)
T = T0 + 2 * H  # the new policy takes effect at 2026-11-20 12:00 China time


@pytest.fixture
def ids(store):
    ids = small_branch(store)
    # the policy is the admins' (console.services.access.permissions)
    ids["admin"] = add_person(store, Role.ADMIN, ids["nc"], "NC900", "赵敏")
    ids["admin2"] = add_person(store, Role.ADMIN, None, "GD0901", "钱进")
    with store.read() as s:
        ids["c1"] = s.scalar(select(Customer.id).where(Customer.account_no == "A0000001"))
    return ids


def _fault(store, ids, at):
    """A general fault (R-TIME-1) taken at the hotline at `at` with nothing missing."""
    res = intake.take_request(store, branch_id=ids["nc"], customer_id=ids["c1"], district_id=None,
                              kind="general_fault", channel="hotline", description="无信号", missing=[],
                              actor_id=ids["dispatcher"], now=at)
    with store.read() as s:
        o = s.get(Order, res.order_id)
        return o.id, o.policy_version, o.due_at


def _rows(store) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(SlaPolicy))


def test_defaults_are_version_1_with_the_regulation_limits(store):
    version, limits = policy_admin.current_limits(store, T0)
    assert version == 1
    assert limits == list(DEFAULT_LIMITS)
    assert Limit("general_fault", "any", 24, "hours", "R-TIME-1") in limits


def test_a_change_applies_to_orders_received_after_it(store, ids):
    # R-TIME-1 cut from 24 h to 12 h from T: an order taken before T keeps 24 h, one after gets 12 h
    new = policy_admin.set_limits(store, {("general_fault", "any"): (12, "hours")}, actor_id=ids["admin"],
                                  effective_from=T, now=T0)
    assert new == 2
    before_id, before_version, before_due = _fault(store, ids, T - 30 * dt.timedelta(minutes=1))
    after_id, after_version, after_due = _fault(store, ids, T + H)
    assert (before_version, before_due) == (1, T - 30 * dt.timedelta(minutes=1) + 24 * H)
    assert (after_version, after_due) == (2, T + H + 12 * H)
    # the caches rebuilt from events (as after a calendar edit) keep each order's own version
    rebuild_open_caches(store)
    with store.write() as s:
        for oid in (before_id, after_id):
            refresh_caches(s, s.get(Order, oid))
    with store.read() as s:
        assert s.get(Order, before_id).due_at == before_due
        assert s.get(Order, after_id).due_at == after_due
    assert policy_admin.current_limits(store, T - H)[0] == 1
    version, limits = policy_admin.current_limits(store, T)
    assert version == 2 and Limit("general_fault", "any", 12, "hours", "R-TIME-1") in limits


def test_a_new_version_copies_every_row_and_never_edits_the_old_one(store, ids):
    n = _rows(store)
    policy_admin.set_limits(store, {("installation", "rural"): (8, "workdays")}, actor_id=ids["admin"], now=T0)
    assert _rows(store) == 2 * n
    history = policy_admin.versions(store)
    assert [v.version for v in history] == [1, 2]
    assert history[0].limits == DEFAULT_LIMITS  # untouched
    changed = [lim for lim in history[1].limits if lim not in DEFAULT_LIMITS]
    assert changed == [Limit("installation", "rural", 8, "workdays", "R-TIME-4")]
    assert history[1].effective_from == T0 and history[1].created_by == "赵敏"
    assert policy_admin.latest(store).version == 2


def test_the_change_is_audited(store, ids):
    policy_admin.set_limits(store, {("complaint", "any"): (2, "workdays"), ("major_fault", "any"): (72, "hours")},
                            actor_id=ids["admin"], effective_from=T, now=T0)
    with store.read() as s:
        row = s.scalars(select(AuditLog).where(AuditLog.action == "policy.set_limits")).one()
    assert row.actor_id == ids["admin"] and row.entity == "sla_policy" and row.entity_id == 2
    # only what really changed is listed (major_fault was already 72 hours)
    assert row.before == {"version": 1, "limits": {"complaint/any": {"limit": 3, "unit": "workdays",
                                                                      "rule_id": "R-TIME-6"}}}
    assert row.after["limits"] == {"complaint/any": {"limit": 2, "unit": "workdays", "rule_id": "R-TIME-6"}}
    assert row.after["version"] == 2 and row.after["effective_from"].startswith("2026-11-20T04:00")


BAD_CHANGES = [
    ({("general_fault", "any"): (0, "hours")}, "general_fault (any) must be greater than 0"),
    ({("general_fault", "any"): (-4, "hours")}, "must be greater than 0"),
    ({("general_fault", "any"): (1.5, "hours")}, "must be a whole number"),
    ({("general_fault", "any"): (12, "days")}, "must be hours or workdays, got 'days'"),
    ({("meter_reading", "any"): (12, "hours")}, "unknown kind 'meter_reading'"),
    ({("installation", "any"): (6, "workdays")}, "installation has no limit for area 'any'; its areas: urban, rural"),
    ({("general_fault", "any"): (24, "hours")}, "no limit differs from version 1"),
    ({}, "nothing to save"),
]


def test_a_bad_change_names_the_problem_and_writes_nothing(store, ids):
    n = _rows(store)
    for change, message in BAD_CHANGES:
        with pytest.raises(StoreError) as err:
            policy_admin.set_limits(store, change, actor_id=ids["admin"], now=T0)
        assert message in str(err.value), change
    with pytest.raises(StoreError, match="staff 999 does not exist"):
        policy_admin.set_limits(store, {("general_fault", "any"): (12, "hours")}, actor_id=999, now=T0)
    assert _rows(store) == n
    with store.read() as s:
        assert not s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "policy.set_limits"))


def test_a_change_cannot_take_effect_in_the_past(store, ids):
    with pytest.raises(StoreError, match=r"cannot take effect in the past \(2026-11-20 09:00 is before now, "
                                         r"2026-11-20 10:00 China time\)"):
        policy_admin.set_limits(store, {("general_fault", "any"): (12, "hours")}, actor_id=ids["admin"],
                                effective_from=T0 - H, now=T0)
    with pytest.raises(StoreError, match="time zone"):
        policy_admin.set_limits(store, {("general_fault", "any"): (12, "hours")}, actor_id=ids["admin"],
                                effective_from=dt.datetime(2026, 12, 1), now=T0)
    assert policy_admin.latest(store).version == 1


def test_a_version_cannot_start_before_an_already_scheduled_one(store, ids):
    policy_admin.set_limits(store, {("general_fault", "any"): (12, "hours")}, actor_id=ids["admin"],
                            effective_from=T0 + 48 * H, now=T0)
    with pytest.raises(StoreError, match="version 2 is scheduled from 2026-11-22 10:00"):
        policy_admin.set_limits(store, {("general_fault", "any"): (18, "hours")}, actor_id=ids["admin"],
                                effective_from=T0 + H, now=T0)
    # until version 2 starts, version 1 is in force; edits build on the latest (scheduled) one
    assert policy_admin.current_limits(store, T0 + H)[0] == 1
    assert policy_admin.set_limits(store, {("major_fault", "any"): (48, "hours")}, actor_id=ids["admin"],
                                   effective_from=T0 + 48 * H, now=T0) == 3
    limits = policy_admin.latest(store).limits
    assert Limit("general_fault", "any", 12, "hours", "R-TIME-1") in limits
    assert Limit("major_fault", "any", 48, "hours", "R-TIME-2") in limits


def test_a_stale_editor_is_refused(store, ids):
    policy_admin.set_limits(store, {("general_fault", "any"): (12, "hours")}, actor_id=ids["admin"],
                            now=T0, expected_version=1)
    with pytest.raises(ConcurrentEditError, match="赵敏 saved policy version 2 since you opened version 1"):
        policy_admin.set_limits(store, {("general_fault", "any"): (20, "hours")}, actor_id=ids["admin2"],
                                now=T0, expected_version=1)
    assert policy_admin.latest(store).version == 2


def test_two_administrators_saving_at_once_one_wins(store, ids, monkeypatch):
    # A has written version 2 but not committed; B saves meanwhile (on PostgreSQL B waits on the
    # unique (version, kind, area) key, on SQLite on BEGIN IMMEDIATE). B must not overwrite A.
    import threading
    import time

    from sqlalchemy import text

    from console.services.audit import chain as audit

    real, inserted, release = audit.record, threading.Event(), threading.Event()

    def record_then_wait(s, **kw):
        row = real(s, **kw)
        if threading.current_thread().name == "A":
            inserted.set()
            assert release.wait(20)
        return row

    monkeypatch.setattr(audit, "record", record_then_wait)
    results: dict[str, object] = {}

    def save(limit):
        try:
            results[threading.current_thread().name] = policy_admin.set_limits(
                store, {("general_fault", "any"): (limit, "hours")}, actor_id=ids["admin"], now=T0,
                expected_version=1)
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            results[threading.current_thread().name] = exc

    a = threading.Thread(target=save, args=(12,), name="A")
    a.start()
    assert inserted.wait(20)
    b = threading.Thread(target=save, args=(18,), name="B")
    b.start()
    if not store.is_sqlite:  # let B reach the insert and block on A's uncommitted key
        deadline = time.monotonic() + 20
        with store.engine.connect() as c:
            while time.monotonic() < deadline and not c.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()")).scalar():
                time.sleep(0.01)  # polling a condition, bounded by the deadline
    release.set()
    a.join(30)
    b.join(30)
    assert results["A"] == 2
    assert isinstance(results["B"], ConcurrentEditError), results["B"]
    assert "nothing was saved" in str(results["B"])
    assert [v.version for v in policy_admin.versions(store)] == [1, 2]
    assert Limit("general_fault", "any", 12, "hours", "R-TIME-1") in policy_admin.latest(store).limits
