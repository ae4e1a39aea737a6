"""Background operations: the GUI thread never waits on the database.

The shape is Anki's (``qt/aqt/operations``): every service call a view makes is an op that runs
off the GUI thread and hands its outcome back on the GUI thread.

* :class:`ReadOp` runs a read on the shared thread pool; ``success(result)`` gets what it returned.
* :class:`WriteOp` runs a write on the one write thread, so a console's writes happen in the
  order they were started; ``changes(fn)`` names the orders a result changed, and once the write
  succeeded they are announced once, to every view, by ``hub().sig_orders_changed``.

Each op belongs to a widget (its ``parent``). Once that widget is gone — a dialog closed before
its data arrived — the op's result and error are dropped, never delivered to a dead object.
With ``latest(key)`` only the newest op of that key on that parent delivers: a reload started
while an older one still runs makes the older one's result stale, and it is dropped.

Failures: every failure is shown first to the failure observers (the connection watch, which
notices an unreachable database whichever op meets it first: an observer returns True when it
has told the user). Then the op's own ``failure(exc)`` runs, or by default a message box with
the error's words — unless an observer already told the user.

Each op opens its own Store session inside ``op`` (sessions are per thread).

Reads share Qt's global thread pool, which is given at least ``READ_THREADS`` threads: a read
mostly waits on the database, so a slow statement must not hold up the next one behind it.
A change that reaches the console another way (an action found the order changed by someone
else) is announced with :func:`announce`, the same signal a WriteOp sends.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal
from console import i18n

T = TypeVar("T")
READ_THREADS = 4


@dataclass(frozen=True)
class OrderChanges:
    """Orders a write at this console changed (inserted, changed or now closed)."""

    order_ids: tuple[int, ...]
    source: object | None = None  # the widget whose op wrote them (it may skip its own echo)


class Hub(QObject):
    """The one place changes reach every view (one per process)."""

    sig_orders_changed = Signal(object)
    """Orders changed at this console: carries an OrderChanges."""
    sig_records_changed = Signal(object)
    """Records other than orders changed at another console (kit.live.LiveWatch): carries
    (branch id, frozenset of topics of services.orders.changes.TOPICS, or None: anything)."""


class _Carrier(QObject):
    """Lives on the GUI thread; its signals are queued back to it from the worker."""

    sig_done = Signal(object)
    """The op returned: carries its result."""
    sig_failed = Signal(object, str)
    """The op raised: carries the exception and its formatted traceback."""
    sig_progress = Signal(float, str)
    """The op reported progress: fraction 0..1 and a message."""


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[..., Any], carrier: _Carrier, with_progress: bool):
        super().__init__()
        self._fn, self._carrier, self._with_progress = fn, carrier, with_progress
        self.setAutoDelete(True)

    def run(self) -> None:
        carrier = self._carrier

        def progress(fraction: float, message: str) -> None:
            if not _emit(carrier.sig_progress, fraction, message):
                raise _Abandoned  # the console is closing: stop reading for nobody

        try:
            result = self._fn(progress) if self._with_progress else self._fn()
        except _Abandoned:
            return
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the GUI thread
            _emit(carrier.sig_failed, exc, traceback.format_exc())
        else:
            _emit(carrier.sig_done, result)


class _Abandoned(Exception):
    """The op's carrier is gone (the application is quitting while the op runs)."""


def _emit(signal, *args) -> bool:
    """Emit `signal` of a carrier; False when Qt already deleted the carrier (the console quit
    while the op ran: nobody waits for its result, and a traceback at exit would only alarm)."""
    try:
        signal.emit(*args)
    except RuntimeError:
        return False
    return True


_hub: Hub | None = None
_write_pool: QThreadPool | None = None
_alive: set[_Carrier] = set()
_latest: dict[tuple[int, str], int] = {}
_serial = 0
_observers: list[Callable[[BaseException], bool | None]] = []


def hub() -> Hub:
    global _hub
    if _hub is None:
        _hub = Hub(QCoreApplication.instance())
    return _hub


def _reads() -> QThreadPool:
    pool = QThreadPool.globalInstance()
    if pool.maxThreadCount() < READ_THREADS:
        pool.setMaxThreadCount(READ_THREADS)
    return pool


def _writes() -> QThreadPool:
    global _write_pool
    if _write_pool is None:
        _write_pool = QThreadPool(QCoreApplication.instance())
        _write_pool.setMaxThreadCount(1)  # one write at a time, in the order they were started
        _write_pool.setExpiryTimeout(-1)
    return _write_pool


def add_failure_observer(fn: Callable[[BaseException], bool | None]) -> None:
    """`fn(exc)` sees every op's failure first, on the GUI thread; True: it told the user."""
    if fn not in _observers:
        _observers.append(fn)


def remove_failure_observer(fn: Callable[[BaseException], bool | None]) -> None:
    if fn in _observers:
        _observers.remove(fn)


def announce(order_ids: Iterable[int], source: object | None = None) -> None:
    """Tell every view that these orders changed (hub().sig_orders_changed), e.g. when an action
    found one changed by someone else; a WriteOp announces its own changes."""
    ids = tuple(order_ids)
    if ids:
        hub().sig_orders_changed.emit(OrderChanges(ids, source))


def pending() -> int:
    """Ops started and not yet delivered (tests wait for 0)."""
    return len(_alive)


def _alive_widget(obj: QObject | None) -> bool:
    return obj is not None and shiboken6.isValid(obj)


def _tell(parent: QObject | None, exc: BaseException) -> None:
    from console.views.kit.ask import Ask

    widget = parent if _alive_widget(parent) and hasattr(parent, "window") else None
    title = QCoreApplication.translate("ops", "Not done")
    Ask.tell(widget, title, i18n.render(exc))


class ReadOp(Generic[T]):
    """A read off the GUI thread; see the module doc."""

    _pool_of: Callable[[], QThreadPool] = staticmethod(_reads)

    def __init__(self, parent: QObject, op: Callable[[], T], success: Callable[[T], None] | None = None):
        self._parent = parent
        self._op = op
        self._success = success
        self._failure: Callable[[BaseException], None] | None = None
        self._progress: Callable[[float, str], None] | None = None
        self._key: str | None = None

    def failure(self, fn: Callable[[BaseException], None]) -> ReadOp[T]:
        """Instead of the default message box: `fn(exc)` on the GUI thread."""
        self._failure = fn
        return self

    def progress(self, fn: Callable[[float, str], None]) -> ReadOp[T]:
        """`op(report)` gets a thread-safe `report(fraction, message)`; `fn` shows it."""
        self._progress = fn
        return self

    def latest(self, key: str = "") -> ReadOp[T]:
        """Deliver only if no newer op with this key was started on the same parent."""
        self._key = key
        return self

    def _finished(self, result: Any, deliver: bool) -> None:
        if deliver and self._success is not None:
            self._success(result)

    def run(self) -> ReadOp[T]:
        global _serial
        _serial += 1
        ticket = _serial
        slot = (id(self._parent), self._key) if self._key is not None else None
        if slot is not None:
            _latest[slot] = ticket
        carrier = _Carrier()
        _alive.add(carrier)
        parent = self._parent

        def current() -> bool:
            if not _alive_widget(parent):
                return False
            return slot is None or _latest.get(slot) == ticket

        def done(result: Any) -> None:
            _alive.discard(carrier)
            self._finished(result, current())

        def failed(exc: BaseException, _tb: str) -> None:
            _alive.discard(carrier)
            told = False
            for observe in list(_observers):
                told = bool(observe(exc)) or told
            if not current():
                return
            if self._failure is not None:
                self._failure(exc)
            elif not told:
                _tell(parent, exc)

        carrier.sig_done.connect(done)
        carrier.sig_failed.connect(failed)
        if self._progress is not None:
            report = self._progress
            carrier.sig_progress.connect(lambda f, m: report(f, m) if _alive_widget(parent) else None)
        self._pool_of().start(_Runnable(self._op, carrier, self._progress is not None))
        return self


class WriteOp(ReadOp[T]):
    """A write off the GUI thread, one at a time; see the module doc."""

    _pool_of = staticmethod(_writes)

    def __init__(self, parent: QObject, op: Callable[[], T], success: Callable[[T], None] | None = None):
        super().__init__(parent, op, success)
        self._changes: Callable[[T], Iterable[int]] | None = None
        self._draft: object | None = None

    def keeps(self, name: object | None, text: str | None) -> WriteOp[T]:
        """Keep the typed `text` under `name` (kit.drafts) until this write succeeds: on any
        failure it stays kept, and the next prompt with that key opens with it filled in."""
        from console.views.kit import drafts

        self._draft = name
        drafts.keep(name, text)  # kept from the start: a console closed mid-write is the only loss
        return self

    def changes(self, fn: Callable[[T], Iterable[int]]) -> WriteOp[T]:
        """The orders `result` changed: announced by hub().sig_orders_changed once it succeeded."""
        self._changes = fn
        return self

    def _finished(self, result: Any, deliver: bool) -> None:
        if self._draft is not None:
            from console.views.kit import drafts

            drafts.drop(self._draft)  # saved: nothing is waiting to be typed again
        ids = tuple(self._changes(result)) if self._changes is not None else ()
        super()._finished(result, deliver)  # the op's own view first (it knows what it did) …
        if ids:  # … then every view, even when the op's own widget is gone: the write was made
            hub().sig_orders_changed.emit(OrderChanges(ids, self._parent))
