"""The change feed sleeps while nothing is committed: a quiet console costs next to nothing, and a
change still reaches it at once (SQLite: an inotify watch on the database's files; PostgreSQL: the
connection's socket)."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from console.models import Order
from console.services.orders import queue as orders
from console.services.orders.changes import ChangeFeed
from tests.factories import small_branch


def _assign(store, order_id: int, assignee_id: int, actor_id: int) -> None:
    with store.read() as s:
        version = s.get(Order, order_id).version
    orders.assign(store, order_id, expected_version=version, assignee_id=assignee_id, actor_id=actor_id,
                  now=dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.timezone.utc))


def _counting(feed, monkeypatch) -> list[int]:
    """How many times the feed asks the database (SQLite's data_version; PostgreSQL: its notices)."""
    asked = [0]
    if feed.sqlite:
        real = feed._data_version

        def ask():
            asked[0] += 1
            return real()

        monkeypatch.setattr(feed, "_data_version", ask)
    else:
        real = feed._pg.notifies

        def notifies(*a, **k):
            asked[0] += 1
            return real(*a, **k)

        monkeypatch.setattr(feed._pg, "notifies", notifies)
    return asked


def test_a_quiet_feed_sleeps_and_a_change_wakes_it_at_once(store, monkeypatch):
    ids = small_branch(store)
    feed = ChangeFeed(store, ids["nc"])
    try:
        asked = _counting(feed, monkeypatch)
        start = time.monotonic()
        assert feed.wait(2.0) == set()
        assert time.monotonic() - start >= 1.9
        assert asked[0] <= 2  # asked on entry (and at the end), not every few hundred ms

        order = ids["open_nc"][0]
        later = threading.Timer(0.3, _assign, (store, order, ids["m1"], ids["dispatcher"]))
        start = time.monotonic()
        later.start()
        try:
            assert feed.wait(10.0) == {order}
        finally:
            later.join()
        assert time.monotonic() - start < 1.5  # the commit woke it, not a 10 s timeout
    finally:
        feed.close()


def test_a_sleeping_feed_is_ended_at_once_by_another_thread(store):
    ids = small_branch(store)
    feed = ChangeFeed(store, ids["nc"])
    try:
        threading.Timer(0.2, feed.interrupt).start()
        start = time.monotonic()
        assert feed.wait(30.0) == set()
        assert time.monotonic() - start < 2.0  # the window closes without waiting out the feed
    finally:
        feed.close()


def test_without_inotify_the_sqlite_feed_asks_on_a_timer(store, monkeypatch):
    if not store.is_sqlite:
        pytest.skip("SQLite's feed (PostgreSQL's sleeps on its socket)")
    from console.services.orders import changes

    monkeypatch.setattr(changes.FileWatch, "of", classmethod(lambda cls, path: None))
    ids = small_branch(store)
    feed = ChangeFeed(store, ids["nc"])
    try:
        order = ids["open_nc"][0]
        _assign(store, order, ids["m1"], ids["dispatcher"])
        start = time.monotonic()
        assert feed.wait(5.0) == {order}
        assert time.monotonic() - start < 2 * changes.POLL_S + 0.5
    finally:
        feed.close()
