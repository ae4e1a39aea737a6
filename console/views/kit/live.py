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
pane is not busy re-reading its own result while the dispatcher presses the next key.

Records that are not orders (revisit plans, notices, inspections: `changes.TOPICS`) arrive as
`hub().sig_records_changed` with (branch id, topics); after a loss, with None (anything). The
secondary views follow them with :class:`Follow`: a view re-reads only while it is visible and
on that branch, off the GUI thread, at most one read in flight and one more queued; a hidden view
re-reads when it is shown; a row open in an edit is never read over (the view says it changed)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QWidget

from console.services.orders.changes import ChangeFeed
from console.views.kit.ops import OrderChanges, ReadOp, hub

WAIT_S = 30.0  # one wait of the feed (a stop or a branch switch interrupts it at once)
RETRY_S = 3.0  # after the feed lost the database, before it starts again


class LiveWatch(QObject):
    LIVE = True  # an OrderChanges from here: the views compare versions before they re-read
    sig_resync = Signal()
    """The feed lost track of changes (the database was gone): read everything again."""
    _sig_changed = Signal(object, object, object)  # (branch id, order ids, topics), from the watching thread

    def __init__(self, store, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self._branch: int | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._feed: ChangeFeed | None = None  # the watching thread's, while it has one
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
        feed = self._feed
        if feed is not None:
            feed.interrupt()
        if self._thread is not None:
            self._thread.join(timeout=2.0)
        self._thread = None

    def _run(self, branch_id: int, stop: threading.Event) -> None:
        feed, lost = None, False
        while not stop.is_set():
            try:
                if feed is None:
                    feed = self._feed = ChangeFeed(self.store, branch_id)
                    if stop.is_set():
                        break
                    if lost:  # back after a loss: what changed meanwhile is read whole, once
                        lost = False
                        self._emit(branch_id, None, None)
                changed = feed.poll(WAIT_S)
            except Exception:  # noqa: BLE001 - the database is away: try again later
                changed = None
            if stop.is_set():
                break
            if changed is None:  # lost track (the connection watch tells the user): a new feed later
                if feed is not None:
                    feed.close()
                if self._feed is feed:
                    self._feed = None
                feed, lost = None, True
                stop.wait(RETRY_S)
            elif changed:
                self._emit(branch_id, tuple(sorted(changed.orders)), changed.records)
        if feed is not None:
            feed.close()
        if self._feed is feed:  # not a newer thread's (a branch switch)
            self._feed = None

    def _emit(self, branch_id: int, ids, topics) -> None:
        try:
            self._sig_changed.emit(branch_id, ids, topics)
        except RuntimeError:  # the window is gone while the thread finished its wait
            pass

    def _arrived(self, branch_id: int, ids, topics) -> None:
        if branch_id != self._branch:
            return  # a branch no longer shown
        if ids is None:
            self.sig_resync.emit()
            hub().sig_records_changed.emit((branch_id, None))  # the secondary views: read it all again
            return
        if ids:
            hub().sig_orders_changed.emit(OrderChanges(ids, source=self))
        if topics:
            hub().sig_records_changed.emit((branch_id, frozenset(topics)))


class Follow(QObject):
    """A secondary view that follows the other consoles (see the module doc).

    `view` has a `branch_id`; `read(branch_id)` (on the GUI thread, touching no database) returns
    the work that reads what the view shows, run on the read pool; `show(branch_id, result)` puts
    it on screen keeping the selection. `topics`: the `hub().sig_records_changed` topics it shows;
    `orders`: it also shows order data (every `sig_orders_changed` but its own writes' echo).
    A view that is a BranchPanel drops a read that one of its own writes overtook.

    `with follow.editing(find, seen, name):` around an edit of one row: while it is open no read
    is put on screen; if the row `find(result)` is no longer `seen`, the view's note (`note`, a
    label the view places) says another console changed `name`, and so does the open dialog when
    it has a `changed_elsewhere(text)`. When the edit closes, the view reads again."""

    DELAY_MS = 120  # a burst of notices within this is read once

    def __init__(self, view: QWidget, *, read: Callable[[int], Callable[[], Any]],
                 show: Callable[[int, Any], None], topics: Iterable[str] = (), orders: bool = False,
                 delay_ms: int | None = None):
        super().__init__(view)
        self.view, self._read, self._show = view, read, show
        self.topics = frozenset(topics)
        self._delay = self.DELAY_MS if delay_ms is None else delay_ms
        self._running = False  # a read in flight (or about to start)
        self._queued = False  # another change arrived meanwhile: one more read after it
        self._stale: int | None = None  # the branch whose change arrived while the view was hidden
        self._edit: tuple[Callable[[Any], object], object, str] | None = None
        self._held = False  # a read arrived during the edit: read again when it closes
        self._told = False
        self._noted: object = None  # the id of the row the note is about
        self._dock: QDockWidget | None = None  # the dock the view sits in, once known (tabs: see _on_screen)
        self.reads = 0  # reads started (tests, benchmark)
        self.note = QLabel(view)
        self.note.setObjectName("ChangedElsewhere")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("background: #fff3cd; color: #5c4400; padding: 4px; border-radius: 3px;")
        self.note.hide()
        hub().sig_records_changed.connect(self._records)
        if orders:
            hub().sig_orders_changed.connect(self._orders)
        view.installEventFilter(self)

    # ---- what arrives ------------------------------------------------------------------------
    def _alive(self) -> bool:
        return shiboken6.isValid(self) and shiboken6.isValid(self.view)

    def _records(self, change) -> None:
        if not self._alive():
            return
        branch_id, topics = change
        if branch_id != self.view.branch_id:
            return
        if topics is None or topics & self.topics:
            self.poke()

    def _orders(self, changes: OrderChanges) -> None:
        if not self._alive() or changes.source is self.view:  # its own write re-read what it shows
            return
        self.poke()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show and obj is self.view and self._stale is not None:
            QTimer.singleShot(0, self, self._shown)  # after whoever shows it set its branch (a new branch loads whole)
        return False

    def _on_screen(self) -> bool:
        """Visible and not behind another tab: a tabbed-away dock stays 'visible' to Qt, with
        nothing of it on screen (the workspaces load a dock on its visibilityChanged the same way)."""
        return self.view.isVisible() and not self.view.visibleRegion().isEmpty()

    def _watch_dock(self) -> None:
        """Learn when a tabbed-away dock comes to the front: its visibilityChanged."""
        w = self.view.parentWidget()
        while w is not None and not isinstance(w, QDockWidget):
            w = w.parentWidget()
        if w is not None and w is not self._dock:
            self._dock = w
            w.visibilityChanged.connect(self._dock_visible)

    def _dock_visible(self, visible: bool) -> None:
        if visible and self._alive() and self._stale is not None:
            QTimer.singleShot(0, self, self._shown)

    def _shown(self) -> None:
        if not self._alive():
            return
        stale, self._stale = self._stale, None
        if stale is not None and stale == self.view.branch_id:
            self.poke(shown=True)

    # ---- reading -----------------------------------------------------------------------------
    def poke(self, shown: bool = False) -> None:
        """Something the view shows changed: read it again now, or when the view is shown
        (`shown`: it has just been, though its region may not be laid out yet)."""
        if self.view.branch_id is None:
            return
        if not (self.view.isVisible() if shown else self._on_screen()):
            self._stale = self.view.branch_id
            self._watch_dock()
            return
        if self._running:
            self._queued = True
            return
        self._running = True
        QTimer.singleShot(self._delay, self._start)

    def _start(self) -> None:
        if not self._alive():
            return
        branch_id = self.view.branch_id
        if branch_id is None or not self.view.isVisible():
            self._running = False
            if branch_id is not None:
                self._stale = branch_id
            return
        landed = getattr(self.view, "_landed", None)
        self.reads += 1
        ReadOp(self, self._read(branch_id), lambda got: self._done(branch_id, landed, got)).failure(
            lambda _exc: self._done(branch_id, landed, None, failed=True)).run()  # an outage is the banner's

    def _done(self, branch_id: int, landed, got, failed: bool = False) -> None:
        self._running = False
        fresh = branch_id == self.view.branch_id and landed == getattr(self.view, "_landed", None)
        if not failed and fresh:
            if self._edit is not None:
                self._held = True
                self._check_edit(got)
            else:
                self._show(branch_id, got)
        if self._queued:
            self._queued = False
            self.poke()

    # ---- an open edit ------------------------------------------------------------------------
    @contextmanager
    def editing(self, find: Callable[[Any], object], seen: object, name: str) -> Iterator[None]:
        """Around an edit of one row (see the class doc)."""
        self._edit, self._held, self._told = (find, seen, name), False, False
        self.note.hide()
        try:
            yield
        finally:
            self._edit = None
            if self._held:
                self._held = False
                self.poke()

    def _check_edit(self, got) -> None:
        find, seen, name = self._edit
        try:
            now = find(got)
        except Exception:  # noqa: BLE001 - a row not found is a row changed
            now = None
        if now == seen or self._told:
            return
        self._told = True
        self._noted = getattr(seen, "id", None)
        text = self.tr("Another console changed {0} while you had it open here: check it before you save.").format(name)
        self.say(text)
        dialog = QApplication.activeModalWidget()
        if dialog is not None and hasattr(dialog, "changed_elsewhere"):
            dialog.changed_elsewhere(text)

    def say(self, text: str) -> None:
        self.note.setText(text)
        self.note.show()

    def quiet(self, selected: object = None) -> None:
        """Another row (`selected`, a row with an id, or None) is selected: a note about the row
        that was being edited is no longer in question."""
        if self._edit is None and getattr(selected, "id", None) != self._noted:
            self.note.hide()
