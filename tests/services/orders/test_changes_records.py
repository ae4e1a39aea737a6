"""The change feed reports records that are not order events (revisit plans, notices,
inspections) by topic, once, for its branch only — on SQLite (audit rows after the moved
`PRAGMA data_version`) and on PostgreSQL (`NOTIFY console_records`)."""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import select

from console.models import District
from console.rules.periods import UTC
from console.services.notices import advance as nt
from console.services.orders.changes import ChangeFeed
from console.services.supervision import inspections as insp
from console.vocabulary import Role
from tests.factories import add_person, small_branch

LIVE_S = 3.0
NOW = dt.datetime.now(UTC)


def _draft(store, ids, title: str, branch: str = "nc", actor_id: int | None = None) -> int:
    start = NOW + dt.timedelta(days=3)
    with store.read() as s:
        district = s.scalar(select(District.id).where(District.branch_id == ids[branch]))
    return nt.create_draft(store, branch_id=ids[branch], kind="maintenance", title=title, text="八一社区停电检修",
                           starts_at=start, ends_at=start + dt.timedelta(hours=3), district_ids=[district],
                           actor_id=actor_id or ids["dispatcher"], now=NOW)


def _finding(rule_id: str) -> insp.FindingInput:
    return insp.FindingInput(rule_id, "公示栏缺服务承诺", "minor", "营业厅", NOW.date() + dt.timedelta(days=7))


def test_the_feed_reports_records_changed_by_any_connection(store):
    ids = small_branch(store)
    feed = ChangeFeed(store, ids["nc"])
    try:
        got = feed.poll(0.3)
        assert got is not None and not got  # nothing happened
        _draft(store, ids, "线路检修")
        seen = set()
        end = time.monotonic() + LIVE_S
        while "notices" not in seen and time.monotonic() < end:
            got = feed.poll(0.5)
            assert got is not None and not got.orders  # a notice is no order
            seen |= got.records
        assert seen == {"notices"}
        assert not feed.poll(0.3)  # said once
        _draft(store, ids, "检修", "jx", add_person(store, Role.ADMIN, None, "GD0902", "钱管"))
        assert not feed.poll(0.6)  # another branch's notice is not this feed's
        inspector = add_person(store, Role.INSPECTOR, None, "GD0901", "孙督")
        insp.record_inspection(store, branch_id=ids["nc"], day=NOW.date(), inspectors="孙督", scope="营业厅",
                               actor_id=inspector, findings=[_finding("R-DISC-2")], now=NOW)
        seen = set()
        end = time.monotonic() + LIVE_S
        while "inspections" not in seen and time.monotonic() < end:
            seen |= feed.poll(0.5).records
        assert seen == {"inspections"}
    finally:
        feed.close()
