"""One timer for every countdown of a window, woken only when a countdown can read differently.

The queue, the order pane and the callback workbench show times left that move once a minute
(once a second in a clock's last hour, rules.urgency.countdown_changes_in). Each registers
`add(tick, until)`: `tick()` moves its countdowns on, `until()` says when the next of them can
read differently (None: not known, tick again in a second). After a tick the timer sleeps until
the soonest of those, at least TICK_MS (no countdown is ever more than that late) and at most
MAX_SLEEP_MS (a clock set by hand or a resumed laptop is caught up within that). A view whose
rows, selection or scroll changed calls `poke()`: its next tick comes within TICK_MS. A quiet
console wakes a few times a minute instead of every second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer

TICK_MS = 1000
MAX_SLEEP_MS = 10_000


class Ticker(QObject):
    def __init__(self, clock: Callable[[], dt.datetime], parent: QObject | None = None):
        super().__init__(parent)
        self._clock = clock
        self._untils: list[Callable[[], dt.datetime | None]] = []
        self.timer = QTimer(self)  # its timeout is the tick (tests emit it)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # to the millisecond: a countdown's second is not 5 % late
        # queued: it runs once every tick() connected (directly) has run
        self.timer.timeout.connect(self._after_tick, Qt.ConnectionType.QueuedConnection)
        self.timer.start(TICK_MS)

    def add(self, tick: Callable[[], None], until: Callable[[], dt.datetime | None]) -> None:
        self.timer.timeout.connect(tick)
        self._untils.append(until)

    def poke(self) -> None:
        """Something shown changed: tick within TICK_MS."""
        if not self.timer.isActive() or self.timer.remainingTime() > TICK_MS:
            self.timer.start(TICK_MS)

    def sleep_ms(self) -> int:
        """How long the timer sleeps after a tick: to the soonest `until`, within bounds."""
        now = self._clock()
        ms = MAX_SLEEP_MS
        for until in self._untils:
            at = until()
            if at is None:
                return TICK_MS
            ms = min(ms, int((at - now).total_seconds() * 1000) + 1)
        return max(TICK_MS, ms)

    def _after_tick(self) -> None:
        if not self.timer.isActive():
            self.timer.start(self.sleep_ms())


__all__ = ["MAX_SLEEP_MS", "TICK_MS", "Ticker"]
