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

The list is a tree: one row per order (how high it climbed, how much is unacknowledged), its
alerts below; orders with open alerts first, the highest level first, then the soonest due
(alerts_model). Several rows may be selected (Ctrl/Shift+click, Ctrl+A): Acknowledge takes every
open alert of the selection — an order row stands for all its open alerts — with one note.

R-TIME-8: the signed-in branch head (and the branch's managers) also find each exemption here —
"Customer unreachable (R-TIME-8)", the order, who recorded it and the reason — acknowledged the
same way and gone once acknowledged. R-TIME: an escalation fired on a provisional due says so
in its level and reason, and weighs just below the same level as fact.

A new urgent alert — the dispatcher's level and above, or any manual escalation (R-FIRST-4) —
emits ``sig_urgent_alert`` once (the window puts a notice above the queue), rings when the
person turned the sound on (the bell button, saved per console) and, where the desktop has a
system tray, shows a notification. Keyboard: Enter (or a double-click) on an alert opens its
order in the queue; Ctrl+Shift+K acknowledges the selection.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QSystemTrayIcon,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from console.rules.escalation import DEFAULT_LADDER, Level
from console.services.orders import escalation
from console.services.orders.escalation_reads import REJUDGE_S
from console.views.kit.ask import Ask
from console.views.kit.labels import china_time
from console.views.kit.ops import OrderChanges, ReadOp, WriteOp, hub
from console.views.kit.settings import ALERT_SOUND, Settings
from console.views.orders.alerts_model import COLUMNS, AlertsModel
from console import i18n

PASS_INTERVAL_MS = 30_000
CHANGED_PASS_MS = 2_000  # after the last of a burst of order changes, the pass that judges them
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
                 ladder: tuple[Level, ...] = DEFAULT_LADDER, settings: Settings | None = None, parent=None):
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
        self._priming = False
        self._note = ""  # the note being written: kept when an acknowledgement fails
        self.tray: QSystemTrayIcon | None = None
        self.settings = settings

        self.model = AlertsModel(self)
        self.table = QTreeView(self)
        self.table.setObjectName("AlertsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setUniformRowHeights(True)
        self.table.setAllColumnsShowFocus(True)
        self.table.setExpandsOnDoubleClick(False)  # a double-click opens the order
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("reason"), QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)  # Enter, and double-click
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_actions())

        self.act_acknowledge = QAction(self.tr("&Acknowledge…"), self)
        self.act_acknowledge.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.act_acknowledge.setToolTip(self.tr("I have seen the selected escalations and act on them: one note for "
                                                "all (Ctrl+Shift+K)"))
        self.act_acknowledge.triggered.connect(self.acknowledge_selected)
        self.addAction(self.act_acknowledge)
        ack = QToolButton(self)
        ack.setDefaultAction(self.act_acknowledge)
        ack.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.act_sound = QAction(self.tr("Sound"), self)
        self.act_sound.setCheckable(True)
        self.act_sound.setToolTip(self.tr("Ring when a new escalation reaches the dispatcher's level or above "
                                          "(saved for this console)"))
        self.act_sound.setChecked(bool(settings.get(ALERT_SOUND)) if settings is not None else False)
        self.act_sound.toggled.connect(self._sound_toggled)
        bell = QToolButton(self)
        bell.setObjectName("AlertSound")
        bell.setDefaultAction(self.act_sound)
        bell.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.summary = QLabel(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(bell)
        top.addWidget(ack)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.status)

        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._timed_pass)
        self._quiet_until: dt.datetime | None = None  # before it the last pass's orders cannot come due
        self._judged_at = 0.0  # time.monotonic() of the last pass that ran
        self._changed = True  # an order changed since the last pass began (here or at another console)
        self._soon = QTimer(self)  # a burst of changes is judged once, a moment after its last
        self._soon.setSingleShot(True)
        self._soon.setInterval(CHANGED_PASS_MS)
        self._soon.timeout.connect(self._timed_pass)
        self._update_actions()
        self._show_summary()
        hub().sig_orders_changed.connect(self._orders_changed)
        hub().sig_records_changed.connect(self._records_changed)

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
        self._priming = True  # the first list of this branch: only what its pass fires now is news
        self._busy = self._reload_pending = False  # a job of the old branch is dropped when it returns
        self.model.set_alerts([])
        self._show_summary()
        if branch_id is None:
            self.timer.stop()
            self._soon.stop()
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
        now, store, ladder, viewer = self._now(), self.store, self._ladder, self._user()
        self._changed, self._quiet_until, self._judged_at = False, None, time.monotonic()
        generation = self._generation

        def work():
            fired = {f.event_id for f in escalation.run_pass(store, now=now, branch_id=branch_id, ladder=ladder)}
            until = escalation.judged_quiet_until(store, branch_id, ladder)
            return fired, self._load(branch_id, now, viewer), until

        def quiet(until) -> None:
            if generation == self._generation and not self._changed:
                self._quiet_until = until

        self._start(work, quiet)
        return True

    def _timed_pass(self) -> None:
        """The timer's pass. R-TIME-9/11: when no order changed since the last pass (the feed
        tells this console every other console's changes) and its orders' quiet time is not
        over, a pass would read and judge nothing: the check is answered without the database,
        so a quiet console costs the server nothing. A full pass still runs at least every
        REJUDGE_S (a calendar or a policy changed at another console)."""
        if (not self._changed and self._quiet_until is not None and not self._busy
                and time.monotonic() - self._judged_at < REJUDGE_S and self._now() < self._quiet_until):
            self._say(self.tr("Checked at {0}").format(china_time(self._now())))
            return
        if not self.run_pass_in_background(self._branch_id) and self._changed and self._branch_id is not None:
            self._soon.start()  # a read was still running: judge the changes a moment later

    def _records_changed(self, what) -> None:
        if what is None or what[1] is None:  # the feed lost track: anything may have changed
            self._changed = True

    def reload(self) -> bool:
        """Reload the list without a pass (after an acknowledgement, or a manual escalation
        elsewhere). While a pass runs, the reload follows it."""
        if self._branch_id is None:
            return False
        if self._busy:
            self._reload_pending = True
            return False
        branch_id, now, viewer = self._branch_id, self._now(), self._user()
        self._start(lambda: (None, self._load(branch_id, now, viewer)))
        return True

    def person_changed(self) -> None:
        """Another person signed in: list what they see (R-TIME-8: a head's exemptions are theirs
        and the branch's managers' only)."""
        self.model.set_alerts([])
        self._show_summary()
        self.reload()

    def selected_alert(self) -> escalation.Alert | None:
        """The alert of the current row (an order row: its first alert)."""
        index = self.table.currentIndex()
        a = self.model.alert_of(index)
        if a is None and (g := self.model.group_of(index)) is not None:
            a = g.top
        return a

    def selected_open(self) -> list[escalation.Alert]:
        """Every unacknowledged alert the selection stands for (an order row: all its open ones),
        in the list's order."""
        rows = self.table.selectionModel().selectedRows(0) or (
            [self.table.currentIndex()] if self.table.currentIndex().isValid() else [])
        picked: dict[int, escalation.Alert] = {}
        for index in rows:
            a = self.model.alert_of(index)
            chosen = [a] if a is not None else list(self.model.group_of(index).open if self.model.group_of(index) else [])
            for x in chosen:
                if not x.acknowledged:
                    picked[x.event_id] = x
        order = {a.event_id: i for i, a in enumerate(self.model.alerts())}
        return sorted(picked.values(), key=lambda a: order.get(a.event_id, 0))

    def select_alert(self, event_id: int) -> None:
        index = self.model.alert_index(event_id)
        if index.isValid():
            self.table.expand(index.parent())
            self.table.setCurrentIndex(index)

    def select_order(self, order_id: int) -> None:
        index = self.model.order_index(order_id)
        if index.isValid():
            self.table.setCurrentIndex(index)

    def acknowledge_selected(self) -> None:
        """Acknowledge the selected escalations as the person on duty, with one note (Ctrl+Shift+K)."""
        alerts = self.selected_open()
        if not alerts:
            return
        actor = self._user()
        if actor is None:
            self._say(self.tr("Choose who is on duty before acknowledging."), error=True)
            return
        orders = len({a.order_id for a in alerts})
        note = Ask.note(self, self.tr("Acknowledge escalations"),
                        self.tr("Acknowledge {0} escalation(s) of {1} order(s). What do you do about them? "
                                "(optional, one note for all)").format(len(alerts), orders), default=self._note)
        if note is None:
            return  # cancelled: nothing written
        self._note = note
        now, store, ids = self._now(), self.store, [a.event_id for a in alerts]
        self.act_acknowledge.setEnabled(False)
        WriteOp(self, lambda: escalation.acknowledge_many(store, ids, actor_id=actor, note=note, now=now),
                self._acknowledged).failure(self._ack_failed).run()

    def _orders_changed(self, _changes: OrderChanges) -> None:
        """An order changed here or at another console (a manual escalation, a completion): list
        again, and judge them a moment later (not at the next 30 s tick: what another console did
        may have made a level due)."""
        self._changed = True
        self.reload()
        if self.timer.interval() > 0 and self._branch_id is not None:
            self._soon.start()

    # ---- background work -------------------------------------------------------------------
    def _load(self, branch_id: int, now: dt.datetime, viewer: int | None) -> list[escalation.Alert]:
        """The alerts `viewer` sees: the branch's escalations and, for the head and the branch's
        managers, its exemptions (R-TIME-8)."""
        return escalation.open_alerts(self.store, branch_id, include_acknowledged=True,
                                      acknowledged_since=now - ACKNOWLEDGED_SHOWN, ladder=self._ladder,
                                      viewer_id=viewer)

    def _start(self, work, quiet: Callable | None = None) -> None:
        """Run ``work() -> (fired count or None, alerts[, quiet until])`` in the background, then
        show (and hand the pass's quiet time to `quiet`)."""
        self._busy = True
        generation = self._generation

        def finished(result) -> None:
            if generation != self._generation:
                return  # another branch meanwhile
            self._busy = False
            fired, alerts = result[:2]
            if quiet is not None:
                quiet(result[2])
            self._show(alerts, fired or set())
            if fired is not None:
                self._say(self.tr("Checked at {0}").format(china_time(self._now())))
                self.sig_pass_done.emit(len(fired))
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

    def _show(self, alerts: list[escalation.Alert], fired: set[int]) -> None:
        current = self.table.currentIndex()
        keep_alert = self.model.alert_of(current)
        keep_group = self.model.group_of(current)
        picked = [(self.model.alert_of(i), self.model.group_of(i)) for i in self.table.selectionModel().selectedRows(0)]
        expanded = {g.order_id for i, g in enumerate(self.model.groups) if self.table.isExpanded(self.model.index(i, 0))}
        self.model.set_alerts(alerts)
        for order_id in expanded:
            self.table.expand(self.model.order_index(order_id))
        selection = self.table.selectionModel()
        flags = (selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
        target = QModelIndex()
        if keep_alert is not None:
            target = self.model.alert_index(keep_alert.event_id)
        elif keep_group is not None:
            target = self.model.order_index(keep_group.order_id)
        if not target.isValid() and self.model.rowCount():
            target = self.model.index(0, 0)
        if target.isValid():
            selection.setCurrentIndex(target, selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows)
        for a, g in picked:  # the rest of a multiple selection stays selected
            index = self.model.alert_index(a.event_id) if a is not None else (
                self.model.order_index(g.order_id) if g is not None else QModelIndex())
            if index.isValid():
                selection.select(index, flags)
        self._update_actions()
        self._show_summary()
        new = [a for a in alerts if a.event_id not in self._seen]
        if self._priming:  # a branch just opened: what was already there is listed, not announced
            new = [a for a in new if a.event_id in fired]
            self._priming = False
        self._seen.update(a.event_id for a in alerts)
        highest: dict[int, escalation.Alert] = {}  # one notice per order: its highest new level
        for a in reversed(new):  # oldest first
            if a.urgent and not a.acknowledged:
                if a.order_id not in highest or a.weight >= highest[a.order_id].weight:
                    highest[a.order_id] = a
        urgent = list(highest.values())
        for a in urgent:
            self.sig_urgent_alert.emit(a.order_id, self._urgent_text(a))
        if urgent:
            self._notify(urgent)
            if self.act_sound.isChecked():
                self.ring()
        self.sig_alerts_changed.emit(self.model.unacknowledged())

    def _acknowledged(self, result) -> None:
        done, refused = result
        self._note = ""  # saved: the next acknowledgement starts with an empty note
        text = self.tr("Acknowledged: {0} escalation(s)").format(len(done))
        if refused:
            text = self.tr("{0}; {1} left out: {2}").format(text, len(refused), i18n.render(refused[0]))
        self._say(text, error=bool(refused) and not done)
        self._update_actions()
        self.reload()

    def _ack_failed(self, exc: BaseException) -> None:
        self._say(i18n.render(exc), error=True)  # the note stays: the next try starts with it
        self._update_actions()
        self.reload()

    # ---- helpers ---------------------------------------------------------------------------
    def _urgent_text(self, a: escalation.Alert) -> str:
        reason = i18n.render(a.reason)  # a ladder reason in the reader's language; a manual one as typed
        return self.tr("{0}: order {1} — {2}").format(self.model.level_text(a), a.order_number, reason)

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

    def ring(self) -> None:
        """The urgent-escalation sound: the desktop's bell (no sound file, no audio stack the
        control-room PC may lack)."""
        self.rang = getattr(self, "rang", 0) + 1
        QApplication.beep()

    def _sound_toggled(self, on: bool) -> None:
        if self.settings is not None:
            self.settings.set(ALERT_SOUND, int(on))

    def _tray_clicked(self) -> None:
        self.window().raise_()
        self.window().activateWindow()
        self.sig_order_activated.emit(self._tray_order)

    def _activated(self, index) -> None:
        g = self.model.group_of(index)
        if g is not None:
            self.sig_order_activated.emit(g.order_id)

    def _update_actions(self) -> None:
        """Acknowledge is offered while the selection holds an open alert (looked at row by row
        of the selection only: a branch may list thousands of alerts)."""
        rows = self.table.selectionModel().selectedRows(0) or [self.table.currentIndex()]
        for index in rows:
            a = self.model.alert_of(index)
            g = self.model.group_of(index)
            if (a is not None and not a.acknowledged) or (a is None and g is not None and g.open):
                self.act_acknowledge.setEnabled(True)
                return
        self.act_acknowledge.setEnabled(False)

    def _show_summary(self) -> None:
        n = self.model.unacknowledged()
        self.summary.setText(self.tr("Unacknowledged escalations: {0} of {1} order(s)").format(
            n, self.model.orders_unacknowledged()) if n else self.tr("No unacknowledged escalations"))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if error else "")
