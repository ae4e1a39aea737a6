"""`admin archive`: settled old orders copied into an SQLite archive that reads back the same and
opens like any database; with --remove they leave the source in one audited transaction, the audit
chain stays whole and the later months' figures do not move."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from console import cli
from console.demo.build import demo_in_one_transaction
from console.errors import StoreError
from console.models import AuditLog, Callback, Order, OrderEvent
from console.rules.periods import UTC
from console.services.assessment.districts import assess
from console.services.audit.verify import verify
from console.services.orders.archive import archive, settled_before
from console.services.orders.replay import replay
from console.store import open_store
from console.vocabulary import CallbackStatus

NOW = dt.datetime(2026, 11, 20, 4, 0, tzinfo=UTC)
BEFORE = dt.date(2026, 10, 1)


@pytest.fixture
def demo(store):
    demo_in_one_transaction(store, seed=3, orders=1200, now=NOW, scale=0.05)
    return store


def _count(store, model, where=None):
    with store.read() as s:
        q = select(func.count()).select_from(model)
        return s.scalar(q if where is None else q.where(where))


def test_archive_copies_settled_orders_then_removes_them_in_one_audited_step(demo, tmp_path):
    october = assess(demo, BEFORE, now=NOW)
    with demo.read() as s:
        ids, kept = settled_before(s, BEFORE)
        open_cb = set(s.scalars(select(Callback.order_id).where(Callback.status == CallbackStatus.OPEN)))
    assert len(ids) > 300 and not open_cb & set(ids)
    events = _count(demo, OrderEvent, OrderEvent.order_id.in_(ids))
    out = tmp_path / "orders-before-2026-10.sqlite3"
    report = archive(demo, BEFORE, out)
    assert (report.orders, report.events, report.kept, report.removed) == (len(ids), events, kept, False)
    assert _count(demo, Order, Order.id.in_(ids)) == len(ids)  # a copy only, without --remove
    copy = open_store(f"sqlite:///{out}", create=False)
    try:
        assert _count(copy, Order) == len(ids) and _count(copy, OrderEvent) == events
        assert replay(copy).healthy  # the archive's orders are their events' projection there too
    finally:
        copy.dispose()
    with pytest.raises(StoreError, match="exists already"):
        archive(demo, BEFORE, out, remove=True)
    assert _count(demo, Order, Order.id.in_(ids)) == len(ids)  # refused: nothing removed
    out.unlink()
    rows_before = _count(demo, AuditLog)
    report = archive(demo, BEFORE, out, remove=True)
    assert report.removed and report.orders == len(ids)
    assert _count(demo, Order, Order.id.in_(ids)) == 0 and _count(demo, OrderEvent, OrderEvent.order_id.in_(ids)) == 0
    assert _count(demo, AuditLog) == rows_before + 1
    with demo.read() as s:
        row = s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert row.action == "orders.archived" and row.after["orders"] == len(ids) and row.after["sha256"] == report.sha256
    assert verify(demo).ok
    assert replay(demo).healthy
    assert assess(demo, BEFORE, now=NOW) == october  # a later month counts none of the archived orders


def test_admin_archive_on_the_command_line(demo, tmp_path, capsys):
    url = demo.engine.url.render_as_string(hide_password=False)
    out = tmp_path / "a.sqlite3"
    assert cli.main(["admin", "archive", "--db", url, "--before", "2026-10-01", "--out", str(out)]) == 0
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["orders"] > 300 and not line["removed"] and out.exists()
    assert cli.main(["admin", "archive", "--db", url, "--before", "1.10.2026", "--out", str(tmp_path / "b.sqlite3")]) != 0
    assert "1.10.2026" in capsys.readouterr().err and not (tmp_path / "b.sqlite3").exists()
