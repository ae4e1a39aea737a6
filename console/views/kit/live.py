"""Every console of a control room in step: orders changed at another console reach this one's
views within a second, as the same `hub().sig_orders_changed` a change made here sends — so the
queue updates those rows in place (selection, scroll, sort and filters stay), the order pane
reloads its order and the alerts their list.

`LiveWatch(store, parent)` runs `services.orders.changes.ChangeFeed` on a thread of its own (the
GUI thread never waits on the database); `watch(branch_id)` follows a branch; `stop()` ends it
(the window's close). When the feed loses track (the connection dropped) `sig_resync` asks for a
full read once it is back.

A change this console made itself comes back through the feed too: the queue re-reads that row,
and the order pane reloads only when the row's version is newer than the one it shows, so the
pane is not busy re-reading its own result while the dispatcher presses the next key."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from console.services.orders.changes import ChangeFeed
from console.views.kit.ops import OrderChanges, hub

WAIT_S = 0.5  # one wait of the feed: how soon a stop or a branch switch is noticed
RETRY_S = 3.0  # after the feed lost the database, before it starts again


class LiveWatch(QObject):
    LIVE = True  # an OrderChanges from here: the views compare versions before they re-read
    sig_resync = Signal()
    """The feed lost track of changes (the database was gone): read everything again."""
    _sig_changed = Signal(object, object)  # (branch id, order ids), from the watching thread

    def __init__(self, store, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self._branch: int | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._sig_changed.connect(self._arrived)  # queued: emitted on the watching thread

    @property
    def branch_id(self) -> int | None:
        return self._branch

    def watch(self, branch_id: int | None) -> None:
        """Follow `branch_id`'s orders (None: stop)."""
        if branch_id == self._branch and self._thread is not None and self._thread.is_alive():
            return
        self.stop()
        self._branch = branch_id
        if branch_id is None:
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(branch_id, self._stop), daemon=True,
                                        name=f"live-branch-{branch_id}")
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2 * WAIT_S + 1)
        self._thread = None

    def _run(self, branch_id: int, stop: threading.Event) -> None:
        feed, lost = None, False
        while not stop.is_set():
            try:
                if feed is None:
                    feed = ChangeFeed(self.store, branch_id)
                    if lost:  # back after a loss: what changed meanwhile is read whole, once
                        lost = False
                        self._emit(branch_id, None)
                changed = feed.wait(WAIT_S)
            except Exception:  # noqa: BLE001 - the database is away: try again later
                changed = None
            if stop.is_set():
                break
            if changed is None:  # lost track (the connection watch tells the user): a new feed later
                if feed is not None:
                    feed.close()
                feed, lost = None, True
                stop.wait(RETRY_S)
            elif changed:
                self._emit(branch_id, tuple(sorted(changed)))
        if feed is not None:
            feed.close()

    def _emit(self, branch_id: int, ids) -> None:
        try:
            self._sig_changed.emit(branch_id, ids)
        except RuntimeError:  # the window is gone while the thread finished its wait
            pass

    def _arrived(self, branch_id: int, ids) -> None:
        if branch_id != self._branch:
            return  # a branch no longer shown
        if ids is None:
            self.sig_resync.emit()
        else:
            hub().sig_orders_changed.emit(OrderChanges(ids, source=self))
