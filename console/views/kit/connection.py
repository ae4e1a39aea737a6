"""The database going away and coming back (README "When the database goes away").

`ConnectionWatch` notices that the database cannot be reached — from any background op that
fails that way (`ops.add_failure_observer`), from a slot on the GUI thread (`sys.excepthook`),
or when a view reports it — and then:

- says so (`sig_changed`; `DatabaseBanner` shows it above the queue: since when, why, the next
  try, what is waiting),
- probes the database with growing pauses (1, 2, 4, 8, 15, 30, 30 … s; "Retry now" probes at
  once), and when it answers, emits `sig_restored` (the window reloads what it shows) and runs
  the actions that were waiting, oldest first.

A write that could not reach the database is never shown as done: a view hands it to
`keep_waiting`, which keeps it (with everything the user typed) as *waiting*. Once the database
is back it runs again — order actions carry the order's version, so an action that did reach the
server before the line broke is refused as "changed" instead of being applied twice — and its
outcome is reported: saved, refused with the reason, or discarded by the user ("not done").
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from console.errors import StoreUnavailable, is_unreachable
from console.views.kit import ops
from console.views.kit.ops import ReadOp, WriteOp
from console import i18n

BACKOFF_S = (1, 2, 4, 8, 15, 30)


@dataclass
class Waiting:
    """A write that could not reach the database, kept to run again."""

    label: str
    fn: Callable[[], Any]
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None]
    unsure: bool = False  # the line broke during its commit: it may already be saved


class ConnectionWatch(QObject):
    sig_lost = Signal(str)
    """The database stopped answering: carries the reason."""
    sig_restored = Signal()
    """The database answers again (waiting actions are being run)."""
    sig_changed = Signal()
    """Anything the banner shows changed (state, next try, waiting actions)."""
    sig_outcome = Signal(str, bool, str)
    """A waiting action ended: its label, saved or not, and the message to show."""

    _current: ConnectionWatch | None = None

    def __init__(self, store, parent=None, *, backoff_s: tuple[float, ...] = BACKOFF_S,
                 clock: Callable[[], dt.datetime] | None = None):
        super().__init__(parent)
        self.store = store
        self.backoff_s = backoff_s
        self._clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self.down = False
        self.reason = ""
        self.since: dt.datetime | None = None
        self.attempts = 0
        self.next_try: float | None = None  # time.monotonic() of the next probe
        self.probing = False
        self.waiting: list[Waiting] = []
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.retry_now)
        self._countdown = QTimer(self)  # the banner's "next try in N s"
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self.sig_changed.emit)
        _install()
        ConnectionWatch._current = self

    # ---- the one watch of the running console --------------------------------------------------
    @classmethod
    def current(cls) -> ConnectionWatch | None:
        """The watch of the open console window (None without one, or once it is gone)."""
        w = cls._current
        return w if w is not None and shiboken6.isValid(w) else None

    def close(self) -> None:
        """Stop watching (the window closes)."""
        self._timer.stop()
        self._countdown.stop()
        if ConnectionWatch._current is self:
            ConnectionWatch._current = None

    # ---- noticing --------------------------------------------------------------------------------
    def lost(self, reason: str) -> None:
        """The database did not answer. First time: banner, then probes with growing pauses."""
        self.reason = reason
        if self.down:
            self.sig_changed.emit()
            return
        self.down = True
        self.since = self._clock()
        self.attempts = 0
        self._schedule()
        self._countdown.start()
        self.sig_lost.emit(reason)
        self.sig_changed.emit()

    def _schedule(self) -> None:
        delay = self.backoff_s[min(self.attempts, len(self.backoff_s) - 1)]
        self.next_try = time.monotonic() + delay
        self._timer.start(int(delay * 1000))

    def seconds_to_next_try(self) -> int | None:
        if not self.down or self.probing or self.next_try is None:
            return None
        return max(0, round(self.next_try - time.monotonic()))

    # ---- probing ---------------------------------------------------------------------------------
    def retry_now(self) -> None:
        """Probe the database now (also what the timer does)."""
        if self.probing:
            return
        self._timer.stop()
        self.probing = True
        self.sig_changed.emit()
        ReadOp(self, self.store.ping, lambda _r: self._answered()).failure(self._no_answer).run()

    def _no_answer(self, exc: BaseException) -> None:
        self.probing = False
        self.attempts += 1
        if not self.down:  # it went down while actions were replaying
            self.lost(reason_of(exc))
            return
        self.reason = reason_of(exc)
        self._schedule()
        self.sig_changed.emit()

    def _answered(self) -> None:
        self.probing = False
        was_down = self.down
        self.down = False
        self.next_try = None
        self._countdown.stop()
        if was_down:
            self.sig_restored.emit()
        self.sig_changed.emit()
        self._replay()

    # ---- waiting writes --------------------------------------------------------------------------
    def defer(self, label: str, fn: Callable[[], Any], on_done: Callable[[Any], None],
              on_error: Callable[[BaseException], None], *, unsure: bool = False) -> None:
        """Keep a write that could not reach the database; it runs when the database is back."""
        self.waiting.append(Waiting(label, fn, on_done, on_error, unsure))
        if not self.down:
            self.lost(self.reason or self.tr("the database did not answer"))
        self.sig_changed.emit()

    def discard_waiting(self) -> None:
        """The user gave up on the waiting actions: each is reported as not done."""
        dropped, self.waiting = self.waiting, []
        for w in dropped:
            message = self.tr("Not done: {0} was discarded while the database was unreachable; nothing was "
                              "saved").format(w.label)
            if w.unsure:
                message = self.tr("{0}: the connection broke while it was being saved, so it may have been "
                                  "saved; check the record once the database is back").format(w.label)
            w.on_error(StoreUnavailable(message, unsure=w.unsure))
            self.sig_outcome.emit(w.label, False, message)
        self.sig_changed.emit()

    def _replay(self) -> None:
        """Run the waiting writes one at a time, oldest first, while the database answers."""
        if self._replaying or not self.waiting or self.down:
            return
        self._replaying = True
        w = self.waiting[0]

        def saved(result):
            self._replaying = False
            self.waiting.remove(w)
            w.on_done(result)
            self.sig_outcome.emit(w.label, True, self.tr("Saved after the database came back: {0}").format(w.label))
            self.sig_changed.emit()
            self._replay()

        def failed(exc: BaseException):
            self._replaying = False
            if is_unreachable(exc):  # gone again: it stays waiting, in its place
                w.unsure = w.unsure or getattr(exc, "unsure", False)
                self.lost(reason_of(exc))
                return
            self.waiting.remove(w)
            reason = i18n.render(exc)
            if w.unsure:
                reason += self.tr(" (the connection broke while it was first being saved, so it may have been "
                                  "saved then: check the record)")
            w.on_error(exc)
            self.sig_outcome.emit(w.label, False, self.tr("Not done: {0}: {1}").format(w.label, reason))
            self.sig_changed.emit()
            self._replay()

        WriteOp(self, w.fn, saved).failure(failed).run()


def reason_of(exc: BaseException) -> str:
    """What the banner says of why: the driver's short words when there are some."""
    return getattr(exc, "reason", "") or i18n.render(exc)


def _store_url_of(exc: BaseException | None) -> str:
    """The URL of the store whose database did not answer, when the error says (StoreUnavailable)."""
    seen = 0
    while exc is not None and seen < 8:
        seen += 1
        if getattr(exc, "url", ""):
            return str(exc.url)
        exc = exc.__cause__ or exc.__context__
    return ""


def _watched(exc: BaseException) -> ConnectionWatch | None:
    """The open console's watch when `exc` means *its* database is out of reach: an error that names
    another store (a closed window's late background read) is not this console's outage."""
    watch = ConnectionWatch.current()
    if watch is None or not is_unreachable(exc):
        return None
    url = _store_url_of(exc)
    mine = str(getattr(watch.store, "url", "") or "")
    return None if url and mine and url != mine else watch


def _observe(exc: BaseException) -> bool:
    """Every background op's failure passes here first (ops.add_failure_observer): True when it
    meant the database is out of reach and the banner now says so."""
    watch = _watched(exc)
    if watch is not None:
        watch.lost(reason_of(exc))
        return True
    return False


def _excepthook(etype, value, tb) -> None:
    """A slot on the GUI thread read the database and it was gone: the banner says so, instead
    of a traceback on the console's stderr."""
    watch = _watched(value) if value is not None else None
    if watch is not None:
        watch.lost(reason_of(value))
        return
    _excepthook.previous(etype, value, tb)


_excepthook.previous = sys.__excepthook__


def _install() -> None:
    """Hook in once per process, and again if someone (a test harness) replaced the hook."""
    ops.add_failure_observer(_observe)
    if sys.excepthook is not _excepthook:
        _excepthook.previous = sys.excepthook
        sys.excepthook = _excepthook


def notice(exc: BaseException) -> bool:
    """A view met `exc` on the GUI thread: True (and the banner shows) when it means the
    database is out of reach."""
    watch = _watched(exc)
    if watch is not None:
        watch.lost(reason_of(exc))
        return True
    return False


def keep_waiting(label: str, fn: Callable[[], Any], on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], None], exc: BaseException) -> bool:
    """A write met an unreachable database: keep it waiting (with what the user typed, captured in
    `fn`, which runs again off the GUI thread) and return True, when a watch runs; False otherwise
    (the caller then says it was not done). Only for writes that carry the record's version (order actions,
    callbacks), so a replay of one that did reach the server is refused instead of doubled."""
    watch = _watched(exc)
    if watch is None:
        return False
    watch.lost(reason_of(exc))
    watch.defer(label, fn, on_done, on_error, unsure=getattr(exc, "unsure", False))
    return True

