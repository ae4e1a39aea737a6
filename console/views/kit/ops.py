"""The one background-work helper: run a function on the thread pool, get the
result (or the exception) back on the GUI thread.

Each task gets its own Store session inside `fn` (sessions are per thread).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Carrier(QObject):
    """Lives on the GUI thread; its signals are queued back to it from the worker."""

    sig_done = Signal(object)
    """The task returned: carries its result."""
    sig_failed = Signal(object, str)
    """The task raised: carries the exception and its formatted traceback."""
    sig_progress = Signal(float, str)
    """The task reported progress: fraction 0..1 and a message."""


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[..., Any], carrier: _Carrier, with_progress: bool):
        super().__init__()
        self._fn = fn
        self._carrier = carrier
        self._with_progress = with_progress
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            if self._with_progress:
                result = self._fn(self._carrier.sig_progress.emit)
            else:
                result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the GUI
            self._carrier.sig_failed.emit(exc, traceback.format_exc())
        else:
            self._carrier.sig_done.emit(result)


_alive: set[_Carrier] = set()
_observers: list[Callable[[BaseException], None]] = []


def add_failure_observer(fn: Callable[[BaseException], None]) -> None:
    """`fn(exc)` sees every task failure first, on the GUI thread (the connection watch: a
    database that stopped answering is noticed by whichever task meets it first)."""
    if fn not in _observers:
        _observers.append(fn)


def remove_failure_observer(fn: Callable[[BaseException], None]) -> None:
    if fn in _observers:
        _observers.remove(fn)


def run_task(
    fn: Callable[..., Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException, str], None],
    *,
    on_progress: Callable[[float, str], None] | None = None,
    pool: QThreadPool | None = None,
) -> _Carrier:
    """Run `fn` off the GUI thread. With `on_progress`, `fn(progress)` receives a
    thread-safe progress callback. Callbacks run on the GUI thread."""
    carrier = _Carrier()
    _alive.add(carrier)

    def finish(cb, *args):
        _alive.discard(carrier)
        cb(*args)

    carrier.sig_done.connect(lambda r: finish(on_done, r))
    def failed(exc: BaseException, tb: str) -> None:
        for observe in list(_observers):
            observe(exc)
        finish(on_error, exc, tb)

    carrier.sig_failed.connect(failed)
    if on_progress is not None:
        carrier.sig_progress.connect(on_progress)
    (pool or QThreadPool.globalInstance()).start(_Runnable(fn, carrier, on_progress is not None))
    return carrier
