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
    model.clock.now = NOW + dt.timedelta(hours=1, minutes=30, seconds=7)  # the last hour: seconds count
    model.tick(1, 2)
    assert model.data(model.index(r, col("time_left"))) == "43m 53s"


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


# ---- one changed order changes one row ---------------------------------------------------------
def fresh_view(m: QueueModel, sort: tuple[int, Qt.SortOrder] | None) -> list[int]:
    """The order ids a model built from scratch over the same rows shows (same filter and sort)."""
    f = QueueModel(clock=m.clock)
    f.set_rows(m.all_rows())
    f.set_filter(m.filter)
    if sort is not None:
        f.sort(*sort)
    return [f.data(f.index(r, 0), OrderIdRole) for r in range(f.rowCount())]


def shown_ids(m: QueueModel) -> list[int]:
    return [m.data(m.index(r, 0), OrderIdRole) for r in range(m.rowCount())]


class Spy:
    """What the model told its views, by signal."""

    def __init__(self, m: QueueModel):
        self.seen: list[str] = []
        for name in ("modelReset", "rowsInserted", "rowsRemoved", "rowsMoved", "layoutChanged", "dataChanged"):
            getattr(m, name).connect(lambda *_a, name=name: self.seen.append(name))

    def take(self) -> list[str]:
        seen, self.seen = self.seen, []
        return seen


def test_one_changed_order_inserts_moves_updates_or_removes_one_row(qtmodeltester, model):
    spy = Spy(model)
    # a new emergency (R-TIME-9) comes in: inserted first, nothing reset
    model.update_row(row(8, priority="emergency", due_at=NOW + H), 8)
    assert spy.take() == ["rowsInserted"] and shown_ids(model)[0] == 8
    qtmodeltester.check(model)
    # NC-0001 is now nearly breached: it moves up, and is repainted
    model.update_row(dataclasses.replace(row(1), due_at=NOW + dt.timedelta(minutes=10)), 1)
    assert spy.take() == ["rowsMoved", "dataChanged"]
    assert shown_ids(model) == fresh_view(model, None)
    qtmodeltester.check(model)
    # its assignee changes and its place does not: one row repainted, no move
    model.update_row(dataclasses.replace(row(1), due_at=NOW + dt.timedelta(minutes=10), assignee="刘洋"), 1)
    assert spy.take() == ["dataChanged"]
    assert model.data(model.index(model.row_of(1), col("assignee"))) == "刘洋"
    # completed: it leaves; an order gone from the database too
    model.update_row(dataclasses.replace(row(1), status="completed"), 1)
    model.update_row(None, 2)
    assert spy.take() == ["rowsRemoved", "rowsRemoved"] and model.row_of(1) is None and model.total() == 6
    qtmodeltester.check(model)
    # an order that no longer matches the filter leaves the view, and comes back when it does again
    model.set_filter(QueueFilter(assignee_id=-1))
    spy.take()
    assert shown_ids(model) == [5]
    model.update_row(dataclasses.replace(row(5, status="paused", sla_state="paused"), assignee_id=7), 5)
    assert spy.take() == ["rowsRemoved"] and shown_ids(model) == [] and model.total() == 6
    model.update_row(row(5, status="paused", sla_state="paused", assignee_id=None, assignee=""), 5)
    assert spy.take() == ["rowsInserted"] and shown_ids(model) == [5]
    qtmodeltester.check(model)


def test_rows_changed_one_at_a_time_end_as_a_fresh_load_would_show_them(qtmodeltester, model):
    """Any sequence of changes, under any sort and filter, leaves the rows where sorting them all
    from scratch puts them."""
    import random

    rnd = random.Random(4)
    sorts = [None, (col("received"), Qt.SortOrder.DescendingOrder), (col("customer"), Qt.SortOrder.AscendingOrder),
             (col("due"), Qt.SortOrder.DescendingOrder)]
    filters = [QueueFilter(), QueueFilter(kinds=frozenset({"general_fault"})), QueueFilter(text="客户1")]
    for round_ in range(4):
        sort, flt = sorts[round_], filters[round_ % len(filters)]
        model.set_filter(flt)
        if sort is not None:
            model.sort(*sort)
        else:
            model.sort_by_urgency()
        for _ in range(60):
            i = rnd.randrange(1, 20)
            if rnd.random() < 0.2:
                model.update_row(None, i)
            else:
                model.update_row(row(i, kind=rnd.choice(["general_fault", "complaint"]),
                                     due_at=NOW + rnd.randrange(-5, 30) * H, received_at=NOW - rnd.randrange(1, 50) * H,
                                     customer=f"客户{rnd.randrange(30)}"), i)
            assert shown_ids(model) == fresh_view(model, sort)
        qtmodeltester.check(model)


def test_a_changed_order_keeps_selection_current_index_and_scroll_on_100k_rows(qtbot, tmp_path):
    from console.views.kit.settings import Settings
    from console.views.orders.queue_panel import QueuePanel

    panel = QueuePanel(Settings(str(tmp_path / "s.ini")), clock=Clock())
    qtbot.addWidget(panel)
    panel.resize(1200, 700)
    panel.show()
    qtbot.waitExposed(panel)
    n = 100_000
    panel.set_rows([row(i, due_at=NOW + dt.timedelta(minutes=i)) for i in range(1, n + 1)])  # row r: order r + 1
    selected = 50_000
    assert panel.select_order(selected)
    panel.table.verticalScrollBar().setValue(49_990)  # the selection is on screen, a few rows down
    top = panel.model.row_at(panel.table.rowAt(0)).id
    reset, picked = [], []
    panel.model.modelReset.connect(lambda: reset.append(1))
    panel.sig_order_selected.connect(picked.append)

    def unchanged():
        assert panel.selected_order_id() == selected
        assert panel.table.selectionModel().isRowSelected(panel.model.row_of(selected))
        assert panel.model.row_at(panel.table.rowAt(0)).id == top  # the same orders on screen
        assert reset == [] and picked == []

    panel.update_rows({n + 1: row(n + 1, priority="emergency")})  # a new order, first in the queue
    unchanged()
    panel.update_rows({10: dataclasses.replace(row(10), due_at=NOW + dt.timedelta(days=200))})  # moves to the end
    unchanged()
    assert panel.model.row_at(panel.model.rowCount() - 1).id == 10
    panel.update_rows({20: dataclasses.replace(row(20), status="completed")})  # leaves, above the screen
    unchanged()
    panel.update_rows({selected: dataclasses.replace(row(selected), assignee="刘洋",
                                                     due_at=NOW + dt.timedelta(minutes=selected))})
    unchanged()  # the selected order itself changed: still selected, still where it was
    assert panel.model.total() == n
    # the selected order completed elsewhere: nothing is selected, and the pane is not told to switch
    panel.update_rows({selected: dataclasses.replace(row(selected), status="completed")})
    assert panel.selected_order_id() == 0 and picked == [] and reset == []
