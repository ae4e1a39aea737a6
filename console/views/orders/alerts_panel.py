"""The alerts panel: the branch's escalations (console.rules.escalation's ladder, and manual ones,
R-FIRST-4), so that none is missed.

A dock-able widget. Every ``interval_ms`` (30 s) its timer runs one escalation pass for the
branch in the background (``services.escalation.run_pass`` in a ReadOp, never on the GUI
thread) and reloads the list; the passes of several consoles and of cron never double-fire
(the service re-checks inside its write transaction). The pass runs beside the reads rather
than on the one write thread: a long pass over a big branch must not hold a dispatcher's action
up behind it, and its order relative to those actions does not matter. Unacknowledged alerts
come first; the last day's acknowledged ones stay visible below them. An order changed at this
console (kit.ops.hub) reloads the list.

A new urgent alert — leader or province level, or any manual escalation (R-FIRST-4) — emits
``sig_urgent_alert`` once and, where the desktop has a system tray, shows a notification.
Keyboard: Enter (or a double-click) opens the order in the queue; Ctrl+Shift+K acknowledges.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QSystemTrayIcon,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.rules.escalation import DEFAULT_LADDER, Level
from console.services.orders import escalation
from console.views.kit.labels import china_time
from console.views.kit.ops import OrderChanges, ReadOp, WriteOp, hub
from console.views.orders.alerts_model import COLUMNS, AlertsModel
from console import i18n

PASS_INTERVAL_MS = 30_000
ACKNOWLEDGED_SHOWN = dt.timedelta(hours=24)  # acknowledged alerts stay listed this long


class AlertsPanel(QWidget):
    sig_order_activated = Signal(int)
    """The user opened an alert (Enter or double-click): carries the order id to select."""
    sig_urgent_alert = Signal(int, str)
    """A new urgent alert appeared (leader/province level or manual): carries order id and text."""
    sig_alerts_changed = Signal(int)
    """The list was reloaded: carries the number of unacknowledged alerts (for a dock title)."""
    sig_pass_done = Signal(int)
    """This console's escalation pass finished: carries the number of escalations it fired."""

    def __init__(self, store, *, user_id_fn: Callable[[], int | None],
                 now_fn: Callable[[], dt.datetime] | None = None, interval_ms: int = PASS_INTERVAL_MS,
                 ladder: tuple[Level, ...] = DEFAULT_LADDER, parent=None):
        super().__init__(parent)
        self.setObjectName("AlertsPanel")
        self.store = store
        self._user = user_id_fn
        self._now = now_fn or (lambda: dt.datetime.now(dt.timezone.utc))
        self._ladder = ladder
        self._branch_id: int | None = None
        self._generation = 0  # results of an older branch or load are dropped
        self._busy = False  # a pass or load is running: the timer skips a tick rather than pile up
        self._reload_pending = False
        self._seen: set[int] = set()  # alert ids already on screen once (urgent = new + urgent)
        self.tray: QSystemTrayIcon | None = None

        self.model = AlertsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("AlertsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("reason"), QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)  # Enter, and double-click
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())

        self.act_acknowledge = QAction(self.tr("&Acknowledge"), self)
        self.act_acknowledge.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.act_acknowledge.setToolTip(self.tr("I have seen this escalation and act on it (Ctrl+Shift+K)"))
        self.act_acknowledge.triggered.connect(self.acknowledge_selected)
        self.addAction(self.act_acknowledge)
        ack = QToolButton(self)
        ack.setDefaultAction(self.act_acknowledge)
        ack.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.summary = QLabel(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(ack)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.status)

        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(lambda: self.run_pass_in_background(self._branch_id))
        self._update_actions()
        self._show_summary()
        hub().sig_orders_changed.connect(self._orders_changed)

    # ---- public API ------------------------------------------------------------------------
    @property
    def branch_id(self) -> int | None:
        return self._branch_id

    def set_branch(self, branch_id: int | None) -> None:
        """Show this branch's alerts: run a pass now, then every interval."""
        if branch_id == self._branch_id:
            return
        self._branch_id = branch_id
        self._generation += 1
        self._busy = self._reload_pending = False  # a job of the old branch is dropped when it returns
        self.model.set_alerts([])
        self._show_summary()
        if branch_id is None:
            self.timer.stop()
            return
        self.run_pass_in_background(branch_id)
        if self.timer.interval() > 0:
            self.timer.start()

    def run_pass_in_background(self, branch_id: int | None = None) -> bool:
        """One escalation pass for the branch, then a reload, off the GUI thread. False when
        skipped (no branch, or the previous pass is still running)."""
        branch_id = self._branch_id if branch_id is None else branch_id
        if branch_id is None or self._busy:
            return False
        now, store, ladder = self._now(), self.store, self._ladder
        self._start(lambda: (len(escalation.run_pass(store, now=now, branch_id=branch_id, ladder=ladder)),
                             self._load(branch_id, now)))
        return True

    def reload(self) -> bool:
        """Reload the list without a pass (after an acknowledgement, or a manual escalation
        elsewhere). While a pass runs, the reload follows it."""
        if self._branch_id is None:
            return False
        if self._busy:
            self._reload_pending = True
            return False
        branch_id, now = self._branch_id, self._now()
        self._start(lambda: (None, self._load(branch_id, now)))
        return True

    def selected_alert(self) -> escalation.Alert | None:
        return self.model.alert_at(self.table.currentIndex().row())

    def acknowledge_selected(self) -> None:
        """Acknowledge the selected alert as the person on duty (Ctrl+Shift+K)."""
        alert = self.selected_alert()
        if alert is None or alert.acknowledged:
            return
        actor = self._user()
        if actor is None:
            self._say(self.tr("Choose who is on duty before acknowledging."), error=True)
            return
        now, store = self._now(), self.store
        self.act_acknowledge.setEnabled(False)
        WriteOp(self, lambda: escalation.acknowledge(store, alert.event_id, actor_id=actor, now=now),
                lambda _id: self._acknowledged(alert)).failure(self._ack_failed).run()

    def _orders_changed(self, _changes: OrderChanges) -> None:
        """An order changed at this console (a manual escalation, a completion): list again."""
        self.reload()

    # ---- background work -------------------------------------------------------------------
    def _load(self, branch_id: int, now: dt.datetime) -> list[escalation.Alert]:
        return escalation.open_alerts(self.store, branch_id, include_acknowledged=True,
                                      acknowledged_since=now - ACKNOWLEDGED_SHOWN, ladder=self._ladder)

    def _start(self, work) -> None:
        """Run ``work() -> (fired count or None, alerts)`` in the background, then show."""
        self._busy = True
        generation = self._generation

        def finished(result) -> None:
            if generation != self._generation:
                return  # another branch meanwhile
            self._busy = False
            fired, alerts = result
            self._show(alerts)
            if fired is not None:
                self._say(self.tr("Checked at {0}").format(china_time(self._now())))
                self.sig_pass_done.emit(fired)
            if self._reload_pending:
                self._reload_pending = False
                self.reload()

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self._busy = False
            self._reload_pending = False
            self._say(self.tr("Escalation check failed: {0}").format(i18n.render(exc)), error=True)

        ReadOp(self, work, finished).failure(failed).run()

    def _show(self, alerts: list[escalation.Alert]) -> None:
        keep = self.selected_alert()
        self.model.set_alerts(alerts)
        if keep is not None and (row := self.model.row_of(keep.event_id)) >= 0:
            self.table.selectRow(row)
        elif self.model.rowCount():
            self.table.selectRow(0)
        self._update_actions()
        self._show_summary()
        new = [a for a in alerts if a.event_id not in self._seen]
        self._seen.update(a.event_id for a in alerts)
        urgent = [a for a in new if a.urgent and not a.acknowledged]
        for a in reversed(urgent):  # oldest first
            self.sig_urgent_alert.emit(a.order_id, self._urgent_text(a))
        if urgent:
            self._notify(urgent)
        self.sig_alerts_changed.emit(self.model.unacknowledged())

    def _acknowledged(self, alert: escalation.Alert) -> None:
        self._say(self.tr("Acknowledged: {0}, {1}").format(alert.order_number, self.model.level_text(alert)))
        self._update_actions()
        self.reload()

    def _ack_failed(self, exc: BaseException) -> None:
        self._say(i18n.render(exc), error=True)
        self._update_actions()
        self.reload()

    # ---- helpers ---------------------------------------------------------------------------
    def _urgent_text(self, a: escalation.Alert) -> str:
        return self.tr("{0}: order {1} — {2}").format(self.model.level_text(a), a.order_number, a.reason)

    def _notify(self, urgent: list[escalation.Alert]) -> None:
        """A tray notification where the desktop has a tray (offscreen has none: signal only)."""
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self.tray is None:
            icon = self.window().windowIcon()
            if icon.isNull():
                icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.messageClicked.connect(self._tray_clicked)
            self.tray.show()
        self._tray_order = urgent[0].order_id
        title = (self.tr("Urgent escalation") if len(urgent) == 1
                 else self.tr("{0} urgent escalations").format(len(urgent)))
        self.tray.showMessage(title, self._urgent_text(urgent[0]), QSystemTrayIcon.MessageIcon.Warning, 15_000)

    def _tray_clicked(self) -> None:
        self.window().raise_()
        self.window().activateWindow()
        self.sig_order_activated.emit(self._tray_order)

    def _activated(self, index) -> None:
        alert = self.model.alert_at(index.row())
        if alert is not None:
            self.sig_order_activated.emit(alert.order_id)

    def _update_actions(self) -> None:
        alert = self.selected_alert()
        self.act_acknowledge.setEnabled(alert is not None and not alert.acknowledged)

    def _show_summary(self) -> None:
        n = self.model.unacknowledged()
        self.summary.setText(self.tr("Unacknowledged escalations: {0}").format(n) if n
                             else self.tr("No unacknowledged escalations"))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if error else "")
