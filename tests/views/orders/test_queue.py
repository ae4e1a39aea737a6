"""The dispatch queue: countdowns, bands, filters, sorting, ticks and the detail pane."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from console.services.orders.queue import OrderRow
from console.views.orders.queue_model import (
    COLUMNS,
    BandRole,
    OrderIdRole,
    QueueFilter,
    QueueModel,
)

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
H = dt.timedelta(hours=1)


def row(i: int, **kw) -> OrderRow:
    base = dict(
        id=i, number=f"NC-{i:04d}", kind="general_fault", channel="hotline", priority="normal", status="assigned",
        customer=f"客户{i}", customer_phone=f"1390000{i:04d}", customer_major=False, district_id=1, district="八一社区",
        assignee_id=7, assignee="李强", first_contact="王芳", received_at=NOW - 2 * H, due_at=NOW + 22 * H,
        sla_state="running", sla_budget_s=24 * 3600, response_due_at=None, sla_provisional=False,
        escalation_level=0, visit_from=None, visit_to=None, arrived_at=None, description="无信号", version=1,
    )
    base.update(kw)
    return OrderRow(**base)


class Clock:
    def __init__(self):
        self.now = NOW

    def __call__(self):
        return self.now


@pytest.fixture
def model(qapp):
    clock = Clock()
    m = QueueModel(clock=clock)
    m.clock = clock
    m.set_rows([
        row(1),
        row(2, due_at=NOW + 2 * H + 14 * dt.timedelta(minutes=1)),                 # 90 % used: risk
        row(3, due_at=NOW - 3 * H - 5 * dt.timedelta(minutes=1)),                  # breached
        row(4, status="waiting_materials", sla_state="waiting_materials", due_at=None, sla_budget_s=None,
            kind="installation", district_id=2, district="李渡镇"),
        row(5, status="paused", sla_state="paused", assignee_id=None, assignee=""),
        row(6, priority="emergency", due_at=NOW + 20 * H),                          # R-TIME-9
        row(7, customer_major=True, due_at=NOW + 21 * H, customer="南昌市第一医院"),  # important customer
    ])
    return m


def col(name: str) -> int:
    return COLUMNS.index(name)


def texts(m: QueueModel, name: str) -> list[str]:
    return [m.data(m.index(r, col(name))) for r in range(m.rowCount())]


def test_default_order_is_urgency_with_flagged_first(model):
    assert texts(model, "number")[:4] == ["NC-0006", "NC-0007", "NC-0003", "NC-0002"]
    assert texts(model, "number")[-2:] == ["NC-0005", "NC-0004"]  # paused, then waiting for materials
    assert texts(model, "flag")[:2] == ["!", "!"]


def test_countdowns_and_bands_in_words(model):
    by_number = dict(zip(texts(model, "number"), zip(texts(model, "time_left"), texts(model, "sla"))))
    assert by_number["NC-0002"] == ("2h 14m", "80%+ at risk")
    assert by_number["NC-0003"] == ("-3h 05m", "Breached")
    assert by_number["NC-0004"] == ("waiting for materials", "Waiting")
    assert by_number["NC-0005"] == ("paused", "Paused")
    r = model.row_of(3)
    assert model.data(model.index(r, col("sla")), BandRole) == "breached"
    assert model.data(model.index(r, col("sla")), Qt.ItemDataRole.DecorationRole) is not None  # shape, not colour alone


def test_tick_moves_countdowns_and_names_only_visible_rows(qtbot, model):
    model.clock.now = NOW + dt.timedelta(minutes=30)
    seen = []
    model.dataChanged.connect(lambda a, b, roles: seen.append((a.row(), b.row(), a.column(), b.column())))
    model.tick(1, 2)
    assert {(a, b) for a, b, *_ in seen} == {(1, 2)}
    assert {c for *_, c, d in seen} <= {col("time_left"), col("sla")}
    r = model.row_of(2)
    assert model.data(model.index(r, col("time_left"))) == "1h 44m"


def test_band_changes_as_time_passes(model):
    r = model.row_of(1)  # 22 h left of 24
    assert model.data(model.index(r, col("sla")), BandRole) == "ok"
    model.clock.now = NOW + 19 * H + 12 * dt.timedelta(minutes=1)  # 80 % used: the 80 % band
    model.tick()
    assert model.data(model.index(r, col("sla")), BandRole) == "risk"


def test_filters(model):
    model.set_filter(QueueFilter(kinds=frozenset({"installation"})))
    assert texts(model, "number") == ["NC-0004"]
    model.set_filter(QueueFilter(text="第一医院"))
    assert texts(model, "number") == ["NC-0007"]
    model.set_filter(QueueFilter(assignee_id=-1))
    assert texts(model, "number") == ["NC-0005"]
    model.set_filter(QueueFilter(states=frozenset({"risk", "breached"})))
    assert sorted(texts(model, "number")) == ["NC-0002", "NC-0003"]
    model.set_filter(QueueFilter(district_id=2))
    assert texts(model, "number") == ["NC-0004"]


def test_sort_by_column_and_back(model):
    model.sort(col("customer"), Qt.SortOrder.AscendingOrder)
    assert texts(model, "customer")[0] == "南昌市第一医院"
    model.sort_by_urgency()
    assert texts(model, "number")[0] == "NC-0006"


def test_model_tester_after_load_filter_sort_and_tick(qtmodeltester, model):
    qtmodeltester.check(model)
    model.set_filter(QueueFilter(text="nc-000"))
    qtmodeltester.check(model)
    model.sort(col("received"), Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)
    model.tick()
    qtmodeltester.check(model)


def test_update_row_replaces_and_drops_completed(model):
    changed = dataclasses.replace(row(1), status="paused", sla_state="paused")
    model.update_row(changed, 1)
    assert model.data(model.index(model.row_of(1), col("time_left"))) == "paused"
    model.update_row(dataclasses.replace(row(1), status="completed"), 1)
    assert model.row_of(1) is None
    assert model.data(model.index(0, 0), OrderIdRole) is not None
