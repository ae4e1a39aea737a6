"""The counters above the queue: what is urgent, counted over every open order, each a one-click
filter, following changes and the clock."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from console.views.kit.settings import Settings
from console.views.orders.queue_model import OrderIdRole
from console.views.orders.queue_panel import QueuePanel
from tests.views.orders.test_queue import NOW, Clock, row

H = dt.timedelta(hours=1)


@pytest.fixture
def panel(qtbot, tmp_path):
    clock = Clock()
    p = QueuePanel(Settings(str(tmp_path / "q.ini")), clock=clock)
    qtbot.addWidget(p)
    p.clock = clock
    p.set_rows([
        row(1),                                                              # 22 h left: nothing urgent
        row(2, due_at=NOW + 40 * dt.timedelta(minutes=1)),                   # due within 1 h
        row(3, due_at=NOW - 3 * H),                                          # breached
        row(4, due_at=NOW - H, escalation_level=2, open_alert_rank=2),       # breached, escalation unacknowledged
        row(5, assignee_id=None, assignee=""),                               # running, unassigned
        row(6, status="waiting_materials", sla_state="waiting_materials", due_at=None, sla_budget_s=None,
            received_at=NOW - 4 * 24 * H, assignee_id=None, assignee=""),    # materials awaited 4 days
        row(7, status="waiting_materials", sla_state="waiting_materials", due_at=None, sla_budget_s=None,
            received_at=NOW - 24 * H),                                       # awaited 1 day: not yet
        row(8, extension_pending=True, escalation_level=3),                  # extension asked; alerts acknowledged
        row(9, escalation_level=1, open_alert_rank=1),                       # only the assignee's level open
    ])
    p.show()
    return p


def _texts(p) -> dict[str, str]:
    return {k: b.text() for k, b in p.urgent_buttons.items()}


def _shown_ids(p) -> list[int]:
    m = p.model
    return sorted(m.data(m.index(r, 0), OrderIdRole) for r in range(m.rowCount()))


def test_the_counters_count_every_open_order(panel):
    assert _texts(panel) == {"breached": "Breached: 2", "due_1h": "Due within 1 h: 1",
                             "unassigned": "Running, unassigned: 1", "waiting_3d": "Materials awaited > 3 days: 1",
                             "extension": "Extensions to decide: 1", "escalated": "Unacknowledged escalations 2+: 1"}
    assert "R-FIRST-2" in panel.urgent_buttons["waiting_3d"].toolTip()
    assert "R-TIME-10" in panel.urgent_buttons["extension"].toolTip()
    panel.urgent_buttons["extension"].click()
    assert _shown_ids(panel) == [8]
    panel.urgent_buttons["escalated"].click()
    assert _shown_ids(panel) == [4]


def test_the_queue_names_each_orders_escalation_level_with_an_icon(panel):
    from PySide6.QtCore import Qt

    from console.views.orders.queue_model import COLUMNS

    m, c = panel.model, COLUMNS.index("escalation")
    cell = {m.data(m.index(r, 0), OrderIdRole): m.index(r, c) for r in range(m.rowCount())}
    assert m.data(cell[4]) == "2 · Dispatcher" and m.data(cell[8]) == "3 · Branch leader"
    assert m.data(cell[9]) == "1 · Assignee" and m.data(cell[1]) is None
    icon = Qt.ItemDataRole.DecorationRole
    assert m.data(cell[4], icon) is not None and m.data(cell[9], icon) is not None  # open: a sign
    assert m.data(cell[8], icon) is None  # all acknowledged: the word alone
    assert m.data(cell[4], icon).cacheKey() != m.data(cell[9], icon).cacheKey()  # warning vs information
    panel.table.sortByColumn(c, Qt.SortOrder.AscendingOrder)
    assert [m.data(m.index(r, 0), OrderIdRole) for r in range(3)] == [4, 9, 8]  # open and highest first


def test_one_click_shows_only_those_orders_and_a_second_click_all(qtbot, panel):
    panel.urgent_buttons["breached"].click()
    assert _shown_ids(panel) == [3, 4]
    panel.urgent_buttons["unassigned"].click()  # another counter: only one at a time
    assert _shown_ids(panel) == [5] and not panel.urgent_buttons["breached"].isChecked()
    panel.urgent_buttons["unassigned"].click()
    assert _shown_ids(panel) == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    # the counters count all orders whatever the queue's other filters show
    panel.search.setText("NC-0001")
    assert _texts(panel)["breached"] == "Breached: 2"


def test_the_counters_follow_changes_and_the_clock(qtbot, panel):
    panel.update_rows({5: dataclasses.replace(row(5), assignee_id=7, assignee="李强")})  # assigned elsewhere
    assert _texts(panel)["unassigned"] == "Running, unassigned: 0"
    panel.clock.now = NOW + H  # an hour on: order 2 is breached now, order 1 not yet due within the hour
    for _ in range(6):
        panel.tick()
    qtbot.waitUntil(lambda: _texts(panel)["breached"] == "Breached: 3", timeout=2000)
    assert _texts(panel)["due_1h"] == "Due within 1 h: 0"


def test_the_queue_model_keeps_qts_model_contract_through_live_changes(qapp, qtmodeltester):
    from console.views.orders.queue_model import QueueFilter, QueueModel

    m = QueueModel(clock=Clock())  # the panel's model, alone (the tester outlives no widget)
    m.set_rows([row(1), row(2, due_at=NOW + 40 * dt.timedelta(minutes=1)), row(3, due_at=NOW - 3 * H),
                row(4, due_at=NOW - H, escalation_level=2, open_alert_rank=2)])
    qtmodeltester.check(m, force_py=True)
    m.update_row(row(8, due_at=NOW + 30 * dt.timedelta(minutes=1)), 8)  # another console's new order
    m.update_row(None, 3)  # completed elsewhere
    m.update_row(dataclasses.replace(row(2), due_at=NOW - H, version=2), 2)  # moved by its new due
    m.set_filter(QueueFilter(urgent="breached"))
    qtmodeltester.check(m, force_py=True)
    assert sorted(m.row_at(r).id for r in range(m.rowCount())) == [2, 4]
    assert m.urgent_counts()["breached"] == 2 and m.urgent_counts()["due_1h"] == 1


def test_a_maintainer_sees_their_orders_and_the_branch_one_click_away(panel):
    assert panel.mine_button.isHidden()  # a dispatcher has no "My orders"
    panel.set_mine(7)  # rows' default assignee is staff 7 except the unassigned ones
    assert not panel.mine_button.isHidden() and panel.mine_button.isChecked()
    assert _shown_ids(panel) == [1, 2, 3, 4, 7, 8, 9]
    panel.mine_button.click()
    assert _shown_ids(panel) == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert "Branch queue" in panel.mine_button.text()
    panel.set_mine(None)
    assert panel.mine_button.isHidden()


def test_a_new_urgent_escalation_is_named_above_the_queue_until_opened(qtbot, panel):
    assert panel.notice.isHidden()
    panel.search.setText("NC-0001")  # the order is filtered out of view
    panel.show_notice(4, "3 · Branch leader: order NC-0004 — overdue")
    panel.show_notice(2, "2 · Dispatcher: order NC-0002 — 80% used")
    qtbot.waitUntil(lambda: not panel.notice.isHidden(), timeout=2000)  # drawn once for a burst
    assert panel.notice_text.full_text() == "⚠ New escalation — 2 · Dispatcher: order NC-0002 — 80% used (and 1 more)"
    panel.notice_open.click()
    assert panel.selected_order_id() == 2 and panel.search.text() == ""  # filters cleared to show it
    assert panel.notice_text.full_text() == "⚠ New escalation — 3 · Branch leader: order NC-0004 — overdue"
    panel.notice_close.click()
    assert panel.notice.isHidden()


def test_each_person_gets_their_own_filters_back(panel):
    panel.set_person(1)
    panel.search.setText("王")
    panel.kind_box.setCurrentIndex(panel.kind_box.findData("complaint"))
    panel.show_notice(4, "level 3")
    panel.set_person(2)  # another person signs in at this console
    assert panel.search.text() == "" and panel.kind_box.currentData() == ""
    assert panel.notice.isHidden()  # the last shift's notices go with it
    panel.search.setText("NC-0009")
    panel.set_person(1)
    assert panel.search.text() == "王" and panel.kind_box.currentData() == "complaint"
    panel.set_person(2)
    assert panel.search.text() == "NC-0009"
