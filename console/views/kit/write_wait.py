"""A write waiting for another program's write, told on the GUI thread (docs/security.md,
"SQLite on one PC").

A write runs on the write thread (kit.ops.WriteOp). When SQLite's write lock is taken by another
program (an import, the demo, a second console on this PC), the store waits for it and tells its
wait listeners, on that thread, who it waits for. `WriteWaitRelay` is such a listener: it carries
each report to the GUI thread as `sig_wait`, so the window says so in its status bar while the
screen keeps working; once the relay is gone, reports are dropped.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Signal


class WriteWaitRelay(QObject):
    sig_wait = Signal(object)
    """A write waits, got the lock, or gave up: carries the store's WriteWait (`state` "waiting",
    "done" or "gave_up"; `holder.text` says who writes)."""

    def __init__(self, store, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store

        def listener(wait, relay=self) -> None:  # on the write thread
            if shiboken6.isValid(relay):
                relay.sig_wait.emit(wait)

        self._listener = listener
        store.add_wait_listener(listener)
        self.destroyed.connect(lambda *_a, s=store, fn=listener: s.remove_wait_listener(fn))
