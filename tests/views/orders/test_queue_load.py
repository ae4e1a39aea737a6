"""A big queue's load: the most urgent orders first, the whole queue prepared off the GUI thread,
the rows as the service makes them, and what a row costs in memory."""

from __future__ import annotations

import datetime as dt
import random
import threading
import tracemalloc

import pytest
from sqlalchemy import insert, select, update

from console.models import Customer, Order
from console.services.access import auth
from console.services.orders import queue as orders
from console.store import open_store
from console.views.kit.settings import Settings
from console.views.orders import queue_keys
from console.views.orders.queue_model import COLUMNS, QueueModel
from console.views.shell.main_window import MainWindow
from tests.factories import T0, small_branch

H = dt.timedelta(hours=1)


def many_orders(st, ids, n: int, seed: int = 3) -> None:
    """`n` open orders of every kind of urgency (R-TIME-9's flags, paused and waiting clocks, a
    first response due sooner, no clock at all, equal dues), bulk inserted."""
    rnd = random.Random(seed)
    with st.read() as s:
        customer_id = s.scalar(select(Customer.id))
    with st.write() as s:
        s.execute(update(Customer).where(Customer.id == customer_id).values(is_major=True))
    rows = []
    for i in range(n):
        received = T0 - dt.timedelta(minutes=rnd.randrange(0, 60 * 24 * 5))
        due = None if i % 17 == 0 else T0 + dt.timedelta(minutes=rnd.choice([-90, 30, 30, 200, 600, 1440]))
        status, sla = rnd.choice([("assigned", "running")] * 6 + [("paused", "paused"),
                                                                   ("waiting_materials", "waiting_materials")])
        rows.append({
            "id": 5000 + i, "branch_id": ids["nc"], "number": f"NC-L-{i:05d}",
            "kind": rnd.choice(["general_fault", "complaint", "installation"]), "channel": "hotline",
            "priority": rnd.choice(["normal"] * 12 + ["emergency", "major_complaint", "important"]),
            "customer_id": customer_id if i % 23 == 0 else None, "district_id": 1, "description": "无信号",
            "first_contact_id": ids["dispatcher"], "assignee_id": ids["m1"] if i % 3 else None,
            "required_materials": [], "missing_materials": [], "received_at": received, "status": status,
            "due_at": due, "response_due_at": T0 + dt.timedelta(minutes=rnd.choice([10, 45])) if i % 11 == 0 else None,
            "sla_state": sla if due is not None else None, "sla_budget_s": 86400, "sla_provisional": False,
            "escalation_level": 0, "updated_at": received, "version": 1, "policy_version": 1,
        })
    with st.write() as s:
        s.execute(insert(Order), rows)


@pytest.fixture
def big(tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 'big.sqlite3'}")
    ids = small_branch(st)
    many_orders(st, ids, 3000)
    yield st, ids
    st.dispose()


@pytest.fixture
def big_both(store):
    """`big` on SQLite and on PostgreSQL (its driver's values, its ORDER BY)."""
    ids = small_branch(store)
    many_orders(store, ids, 3000)
    return store, ids


def ids_shown(p: queue_keys.Prepared) -> list[int]:
    return [p.rows[i].id for i in p.view]


def test_the_databases_most_urgent_orders_are_the_top_of_the_whole_queue(big_both):
    st, ids = big_both
    top, total = orders.most_urgent(st, ids["nc"], 300)
    whole = queue_keys.prepare_read(orders.read_open(st, ids["nc"]), T0)
    first = queue_keys.first_screen(top, total, T0)
    assert total == len(whole.rows) > 3000
    assert first.partial and first.total == total
    assert ids_shown(first) == ids_shown(whole)[:300]  # the same orders, in the same order (R-TIME-9)
    # and the whole queue's order is the model's own (its keys made from the rows, not the values read)
    model = QueueModel(clock=lambda: T0)
    model.set_rows(orders.open_orders(st, ids["nc"]))
    assert [model.row_at(k).id for k in range(model.rowCount())] == ids_shown(whole)


def test_rows_read_in_bulk_are_the_rows_read_one_by_one(big_both):
    st, ids = big_both
    rows = orders.open_orders(st, ids["nc"])
    # every 7th order by id: 7 is prime to each period of many_orders' variety (3, 11, 17, 23), so the
    # sample holds every combination of flags, clocks and assignees the bulk read has to get right
    sample = [r for r in rows if r.id % 7 == 0]
    assert len(sample) > 400
    assert sample == [orders.order_row(st, r.id) for r in sample]
    kinds = {r.kind for r in rows}
    assert len({id(r.kind) for r in rows}) == len(kinds)  # one text object per kind, shared by the rows


def test_a_row_of_the_queue_costs_under_a_kilobyte(big):
    st, ids = big
    orders.open_orders(st, ids["nc"])  # the first read's caches (statements, imports) are not the rows'
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        kept = queue_keys.prepare_read(orders.read_open(st, ids["nc"]), T0)
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    grown = sum(s.size_diff for s in after.compare_to(before, "filename"))
    per_row = grown / len(kept.rows)
    assert per_row < 1000, f"{per_row:.0f} bytes a row"  # ~760; a copy of every repeated value a row: ~1,370


def test_the_window_shows_the_most_urgent_orders_before_the_whole_queue_is_read(qtbot, big, tmp_path, monkeypatch):
    st, ids = big
    release = threading.Event()
    read_open = orders.read_open

    def held(store, branch_id):  # the whole read waits until the test has looked at the first screenful
        release.wait(20)
        return read_open(store, branch_id)

    monkeypatch.setattr(orders, "read_open", held)
    w = MainWindow(st, principal=auth.principal(st, ids["dispatcher"]), settings=Settings(str(tmp_path / "s.ini")),
                   branch_id=ids["nc"], clock=lambda: T0)
    qtbot.addWidget(w)
    w.show()
    try:
        qtbot.waitUntil(lambda: w.queue_model.rowCount() > 0, timeout=10_000)
        m = w.queue_model
        assert m.loading() and m.rowCount() == queue_keys.FIRST
        first = [m.row_at(k).id for k in range(m.rowCount())]
        assert "3002" in w.queue.count.text()  # "Loading: 200 of 3002 open orders shown so far…"
        assert m.data(m.index(0, COLUMNS.index("flag"))) == "!"  # R-TIME-9: a flagged order on top
    finally:
        release.set()
    qtbot.waitUntil(lambda: not w.queue_model.loading() and w.queue_model.rowCount() > queue_keys.FIRST,
                    timeout=20_000)
    whole = [m.row_at(k).id for k in range(queue_keys.FIRST)]
    assert whole == first  # the whole queue's top is the first screenful
    assert w.queue.count.text() == "3002 open"
    assert sum(w.queue_model.urgent_counts().values()) > 0  # the counters count the whole queue
    assert w.queue.selected_order_id() == first[0]  # the most urgent order, selected once all is in
    w.close()


def test_a_reload_keeps_the_whole_queue_on_screen_until_the_new_one_is_in(qtbot, big, tmp_path, monkeypatch):
    st, ids = big
    w = MainWindow(st, principal=auth.principal(st, ids["dispatcher"]), settings=Settings(str(tmp_path / "s.ini")),
                   branch_id=ids["nc"], clock=lambda: T0)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.queue_model.total() == 3002 and not w.queue_model.loading(), timeout=20_000)
    w.queue.select_order(5010)
    release = threading.Event()
    read_open = orders.read_open
    monkeypatch.setattr(orders, "read_open", lambda store, branch_id: (release.wait(20), read_open(store, branch_id))[1])
    with st.write() as s:  # another console completed an order meanwhile
        s.execute(update(Order).where(Order.id == 5020).values(status="completed"))
    w.reload_orders()  # F5
    qtbot.wait(300)
    assert not w.queue_model.loading() and w.queue_model.total() == 3002  # no first screenful over it
    release.set()
    qtbot.waitUntil(lambda: w.queue_model.total() == 3001, timeout=20_000)
    assert not w.queue_model.loading() and w.queue.selected_order_id() == 5010  # the selection stays
    w.close()
