"""The order detail pane: who, where, every clock, the event timeline, and the actions.

Each action is a QAction with a shortcut (also in the Order menu), so a dispatcher's
whole day runs from the keyboard. Writes go through console.services.orders.actions;
a "changed by someone else" conflict is shown and the pane reloads — nothing is
overwritten.

Nothing here waits on the database: the order is read with a ReadOp (only the newest read
delivers), and each action is a WriteOp that reads the order again in the same worker and
announces it to every view (kit.ops.hub). While an action or a read of the order runs, the
actions are disabled: a second press cannot act twice, or on a version the pane has not shown.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console import i18n
from console.errors import is_unreachable
from console.rules.clock import BREACHED, PAUSED_STATE
from console.rules.escalation import reason_text
from console.rules.materials import material
from console.rules.urgency import countdown_changes_in
from console.services.access import permissions
from console.services.orders import actions as order_actions
from console.services.orders import intake
from console.services.orders.detail import OrderDetail, order_detail
from console.views.kit.flow_layout import FlowLayout
from console.views.kit.labels import (
    china_time,
    clock_label,
    clock_state_label,
    countdown_label,
    event_label,
    kind_label,
    level_label,
    plain,
    priority_label,
    status_label,
    target_label,
)
from console.views.kit.ops import OrderChanges, ReadOp, hub
from console.views.orders.order_actions import OrderActionsMixin

A = permissions.Action
STATE_COLUMN, COUNTDOWN_COLUMN = 1, 4  # of the clocks table (see _render)
# each order action (by its slot's name) and the right it needs (console.services.access.permissions)
ACTION_RIGHTS = {
    "_assign": A.ASSIGN, "_first_response": A.FIRST_RESPONSE, "_materials": A.INTAKE, "_pause": A.PAUSE,
    "_unreachable": A.UNREACHABLE, "_extension": A.REQUEST_EXTENSION, "_decide": A.DECIDE_EXTENSION,
    "_reclassify": A.RECLASSIFY, "_escalate": A.ESCALATE, "_visit": A.BOOK_VISIT, "_arrived": A.ARRIVAL,
    "_complete": A.COMPLETE, "_reopen": A.REOPEN,
}


_FAR = dt.datetime.max.replace(tzinfo=dt.UTC)  # no countdown moves until the order changes
ORIGINAL_DUE = 3  # the clocks table's column of the due before an extension (R-TIME-10)
LOADING_SHOWN_AFTER_MS = 150  # a read of another order that takes longer says so instead of the old one

# what the timeline shows of an event's payload, by key (claimed_at: a time the user gave, kept
# beside the server's on a shared database)
SHOWN = {
    "assignee": QT_TRANSLATE_NOOP("OrderPane", "assignee"), "previous": QT_TRANSLATE_NOOP("OrderPane", "previous"),
    "reason": QT_TRANSLATE_NOOP("OrderPane", "reason"), "resolution": QT_TRANSLATE_NOOP("OrderPane", "resolution"),
    "missing": QT_TRANSLATE_NOOP("OrderPane", "missing"), "new_due": QT_TRANSLATE_NOOP("OrderPane", "new due"),
    "window_start": QT_TRANSLATE_NOOP("OrderPane", "window start"),
    "window_end": QT_TRANSLATE_NOOP("OrderPane", "window end"), "to_kind": QT_TRANSLATE_NOOP("OrderPane", "to kind"),
    "level": QT_TRANSLATE_NOOP("OrderPane", "level"), "target": QT_TRANSLATE_NOOP("OrderPane", "target"),
    "outcome": QT_TRANSLATE_NOOP("OrderPane", "outcome"), "satisfaction": QT_TRANSLATE_NOOP("OrderPane", "satisfaction"),
    "solved": QT_TRANSLATE_NOOP("OrderPane", "solved"), "comment": QT_TRANSLATE_NOOP("OrderPane", "comment"),
    "note": QT_TRANSLATE_NOOP("OrderPane", "note"),  # what was said on a first response (R-TIME-7)
    "late": QT_TRANSLATE_NOOP("OrderPane", "late"), "head": QT_TRANSLATE_NOOP("OrderPane", "head"),
    "claimed_at": QT_TRANSLATE_NOOP("OrderPane", "time given"),
}
SHOWN_KEYS = tuple(SHOWN)


def _payload_text(key: str, value) -> str:
    if isinstance(value, dt.datetime):
        value = china_time(value)
    elif isinstance(value, list) and key == "missing":  # checklist items, stored in English
        value = "、".join(i18n.render(material(str(v))) for v in value)
    elif isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    elif key == "reason" and isinstance(value, str):  # a ladder's reason in the user's words; a typed one as typed
        value = i18n.render(reason_text(value))
    elif key == "to_kind":
        value = kind_label(value)
    elif key == "level":
        value = level_label(value)
    elif key == "target":
        value = target_label(value)
    elif value is True:
        value = QCoreApplication.translate("OrderPane", "yes")
    return QCoreApplication.translate("OrderPane", "{0}: {1}").format(
        QCoreApplication.translate("OrderPane", SHOWN[key]), value)


def _event_key(e) -> tuple:
    """An event of the timeline as a value (the timeline is in time order: a change made elsewhere
    with a time given by hand lands anywhere in it)."""
    return e.at, e.type, e.actor, repr(sorted(e.payload.items()))


class OrderPane(OrderActionsMixin, QWidget):
    sig_rendered = Signal()
    """The order shown (or none) was put on screen again."""

    def __init__(self, store, *, user_id_fn, now_fn, parent=None, role: str | None = None):
        super().__init__(parent)
        self.store = store
        self._user = user_id_fn
        self._role = role  # the signed-in role: actions it may not do are hidden
        self._now = now_fn
        self.detail: OrderDetail | None = None
        self._clock_gate: tuple = (None, None, None)  # (detail, from, until): its countdowns stand until then
        self._reading: int | None = None  # the order being read (its actions wait for it)
        self._writing = False  # an action runs: every action waits for its result
        self._loading_note = QTimer(self)
        self._loading_note.setSingleShot(True)
        self._loading_note.setInterval(LOADING_SHOWN_AFTER_MS)
        self._loading_note.timeout.connect(self._show_loading)
        self.title = QLabel(self.tr("No order selected"), self)
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.title.setWordWrap(True)
        self.photo = QLabel(self)
        self.photo.setFixedSize(64, 64)
        self.photo.setScaledContents(True)
        self.info = QFormLayout()
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("customer", self.tr("Customer")), ("district", self.tr("District")),
            ("phones", self.tr("Service / supervision")), ("maintainer", self.tr("Maintainer")),
            ("first_contact", self.tr("First contact (R-FIRST-1)")), ("materials", self.tr("Materials")),
            ("visit", self.tr("Visit window (R-PROM-7)")), ("problem", self.tr("Problem")),
            ("response", self.tr("First response (R-TIME-7)")), ("outcome", self.tr("Completion")),
        ):
            lab = QLabel(self)
            lab.setWordWrap(True)
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = lab
            self.info.addRow(label + ":", lab)
        self.clocks = QTableWidget(0, 5, self)
        self.clocks.setHorizontalHeaderLabels(
            [self.tr("Clock"), self.tr("State"), self.tr("Due"), self.tr("Original due"), self.tr("Left")])
        self.clocks.verticalHeader().setVisible(False)
        self.clocks.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # _fit_clocks
        self.clocks.horizontalHeader().setStretchLastSection(True)
        self.clocks.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # as high as its rows
        self.clocks.setWordWrap(True)
        self.clocks.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.clocks.viewport().installEventFilter(self)  # a narrower pane fits the columns again
        self.timeline = QPlainTextEdit(self)
        self.timeline.setReadOnly(True)
        self.waiting = QLabel(self)  # an action kept until the database is back (kit.connection)
        self.waiting.setObjectName("WaitingLabel")
        self.waiting.setWordWrap(True)
        self.waiting.setStyleSheet("background: #fff3cd; color: #5c4400; padding: 4px; border-radius: 3px;")
        self.waiting.hide()
        self.elsewhere = QLabel(self)  # who changed the order shown, at another console, and what
        self.elsewhere.setObjectName("ChangedElsewhereLabel")
        self.elsewhere.setWordWrap(True)
        self.elsewhere.setStyleSheet("background: #e3f2fd; color: #0d3c61; padding: 4px; border-radius: 3px;")
        self.elsewhere.hide()
        self._elsewhere_since: tuple | None = None  # (order, version, its events' keys) before another console's change
        self._build_actions()

        head = QHBoxLayout()
        head.addWidget(self.photo)
        head.addWidget(self.title, 1)
        self.buttons = FlowLayout(uniform=True, max_columns=4)  # as many columns as the pane's width takes
        self._buttons: dict[QAction, QToolButton] = {}
        for act in self.actions():
            b = QToolButton(self)
            b.setDefaultAction(act)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self._buttons[act] = b
            self.buttons.addWidget(b)
        self._lay_out_buttons()
        box_clocks = QGroupBox(self.tr("Clocks"), self)
        QVBoxLayout(box_clocks).addWidget(self.clocks)
        box_time = QGroupBox(self.tr("Timeline"), self)
        QVBoxLayout(box_time).addWidget(self.timeline)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(self.waiting)
        lay.addWidget(self.elsewhere)
        lay.addLayout(self.info)
        lay.addWidget(box_clocks)
        lay.addLayout(self.buttons)
        lay.addWidget(box_time, 1)
        self._enable()
        hub().sig_orders_changed.connect(self._orders_changed)

    # ---- the clocks table -------------------------------------------------------------
    def tick(self) -> None:
        """The clocks' countdowns move on with the queue's (the window drives both from one
        ticker, kit.ticker): a ticking clock's time left is its due minus now (rules.clock), so no read
        is needed; one that passes its due reads as breached at once. A paused clock's due moves
        with the time (rules.clock), so its time left stands."""
        d = self.detail
        if d is None:
            return
        now, wider = self._now(), False
        shown, since, until = self._clock_gate
        if shown is d and until is not None and since <= now < until:
            return  # no countdown of this order can read differently yet
        waits = []
        for row, c in enumerate(d.clocks):
            if c.remaining is None or c.state == PAUSED_STATE or row >= self.clocks.rowCount():
                continue
            left = c.due - now
            waits.append(countdown_changes_in(left))
            if left > dt.timedelta(0):
                waits.append(left)  # then it reads as breached
            state = clock_state_label(BREACHED if left < dt.timedelta(0) else c.state)
            for col, text in ((COUNTDOWN_COLUMN, countdown_label(left)), (STATE_COLUMN, state)):
                cell = self.clocks.item(row, col)
                if cell is not None and cell.text() != text:
                    wider |= len(text) > len(cell.text())
                    cell.setText(text)
        self._clock_gate = (d, now, now + min(waits) if waits else _FAR)
        if wider:
            self._fit_clocks()  # a longer text (seconds, "breached"): the columns follow

    def tick_until(self) -> dt.datetime | None:
        """When a countdown of the order shown can next read differently (kit.ticker; None: not
        known yet, tick in a second)."""
        if self.detail is None:
            return _FAR
        shown, _since, until = self._clock_gate
        return until if shown is self.detail else None

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.clocks.viewport() and event.type() == QEvent.Type.Resize \
                and event.size().width() != event.oldSize().width():
            QTimer.singleShot(0, self, self._fit_clocks)  # after the resize: the columns follow the width
        return super().eventFilter(watched, event)

    def _fit_clocks(self) -> None:
        """Every clock readable without scrolling sideways, in any width of the pane: each column
        as wide as its texts when they all fit, else the wordy ones wrap (a due's date above its
        hour); the "original due" column only when a clock was extended; the table as high as its
        rows."""
        c, header = self.clocks, self.clocks.horizontalHeader()
        extended = any((c.item(r, ORIGINAL_DUE) or QTableWidgetItem()).text() for r in range(c.rowCount()))
        c.setColumnHidden(ORIGINAL_DUE, not extended)
        cols = [i for i in range(c.columnCount()) if not c.isColumnHidden(i)]
        fm = c.fontMetrics()
        natural, least = {}, {}
        for i in cols:
            texts = [(c.item(r, i) or QTableWidgetItem()).text() for r in range(c.rowCount())]
            widest = max((fm.horizontalAdvance(t) for t in texts), default=0)
            pad = max(0, c.sizeHintForColumn(i) - widest) if texts else 0  # the cell's margins
            word = max((fm.horizontalAdvance(w) for t in texts for w in t.split()), default=0)
            head = header.sectionSizeHint(i)
            natural[i] = max(head, widest + pad)
            least[i] = max(head, word + pad)
        room = c.viewport().width()
        if sum(natural.values()) > room:  # the widest columns wrap first, down to their longest word
            cap = max(natural.values())
            while cap > 0 and sum(max(least[i], min(natural[i], cap)) for i in cols) > room:
                cap -= 1
            natural = {i: max(least[i], min(natural[i], cap)) for i in cols}
        for i in cols:
            header.resizeSection(i, natural[i])
        c.resizeRowsToContents()
        rows = sum(c.rowHeight(r) for r in range(c.rowCount()))
        bar = c.horizontalScrollBar().sizeHint().height() if sum(natural.values()) > room else 0
        c.setFixedHeight(header.height() + rows + bar + 2 * c.frameWidth())

    # ---- actions -----------------------------------------------------------------------
    def _act(self, text: str, shortcut: str, slot) -> QAction:
        a = QAction(text, self)
        a.setObjectName(slot.__name__)  # the key of ACTION_RIGHTS
        a.setShortcut(QKeySequence(shortcut))
        a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        a.setToolTip(f"{plain(text)} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})")
        a.triggered.connect(slot)
        self.addAction(a)
        return a

    def set_role(self, role: str | None) -> None:
        """Show only the actions `role` may do (console.services.access.permissions); None: none."""
        self._role = role
        self._lay_out_buttons()
        self._enable()

    def may(self, act: QAction) -> bool:
        return self._role is not None and permissions.allowed(self._role, ACTION_RIGHTS[act.objectName()])

    def _lay_out_buttons(self) -> None:
        """The buttons of the actions the role may do, in order; the others take no room."""
        for a, b in self._buttons.items():
            shown = self.may(a)
            a.setVisible(shown)
            b.setVisible(shown)

    def _build_actions(self) -> None:
        self.act_assign = self._act(self.tr("&Assign…"), "Ctrl+Shift+A", self._assign)
        self.act_response = self._act(self.tr("First &response"), "Ctrl+1", self._first_response)
        self.act_materials = self._act(self.tr("&Materials complete"), "Ctrl+M", self._materials)
        self.act_pause = self._act(self.tr("&Pause / resume"), "Ctrl+P", self._pause)
        self.act_unreachable = self._act(self.tr("Customer &unreachable"), "Ctrl+U", self._unreachable)
        self.act_extension = self._act(self.tr("Request &extension"), "Ctrl+E", self._extension)
        self.act_decide = self._act(self.tr("&Decide extension"), "Ctrl+Shift+E", self._decide)
        self.act_reclassify = self._act(self.tr("Re&classify"), "Ctrl+K", self._reclassify)
        self.act_escalate = self._act(self.tr("Escalate to &leader"), "Ctrl+L", self._escalate)
        self.act_visit = self._act(self.tr("Book &visit"), "Ctrl+Shift+V", self._visit)
        self.act_arrived = self._act(self.tr("Arr&ived"), "Ctrl+Shift+I", self._arrived)
        self.act_complete = self._act(self.tr("C&omplete"), "Ctrl+Return", self._complete)
        self.act_reopen = self._act(self.tr("Re&open"), "Ctrl+Shift+R", self._reopen)
        oa = order_actions
        self._action_of = {  # a write's name in messages, e.g. while it waits for the database
            oa.record_first_response: self.act_response, intake.record_materials_complete: self.act_materials,
            oa.pause: self.act_pause, oa.resume: self.act_pause, oa.customer_unreachable: self.act_unreachable,
            oa.request_extension: self.act_extension, oa.decide_extension: self.act_decide,
            oa.reclassify: self.act_reclassify, oa.escalate: self.act_escalate, oa.book_visit: self.act_visit,
            oa.record_arrival: self.act_arrived, oa.complete: self.act_complete, oa.reopen: self.act_reopen,
        }

    def _enable(self) -> None:
        d = self.detail
        if self._writing or self._reading is not None:
            d = None  # an action's result, or the order as it is now, is on its way
        open_ = d is not None and d.status != "completed"
        for a in self.actions():
            a.setEnabled(open_)
        if d is not None:
            self.act_materials.setEnabled(d.status == "waiting_materials")
            self.act_reopen.setEnabled(d.status == "completed")
            self.act_decide.setEnabled(open_ and d.pending_extension is not None)
            self.act_arrived.setEnabled(open_ and d.visit_from is not None and d.arrived_at is None)
            self.act_complete.setEnabled(open_ and d.status != "waiting_materials")
        for a in self.actions():
            if not self.may(a):
                a.setEnabled(False)  # hidden too; disabled so its shortcut does nothing

    # ---- showing ----------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """An action or a read of the order is on its way (tests wait for False)."""
        return self._writing or self._reading is not None

    def show_order(self, order_id: int) -> None:
        """Show an order (0: none), read off the GUI thread; only the newest read delivers."""
        if not order_id:
            self._reading = None
            self._loading_note.stop()
            self.detail = None
            self._render()
            return
        self._reading = order_id
        if self.detail is None or self.detail.id != order_id:
            self._loading_note.start()  # another order: say so if it takes a moment
        self._enable()
        store, now = self.store, self._now()
        ReadOp(self, lambda: order_detail(store, order_id, now), self._detail_arrived).failure(
            self._read_failed).latest("detail").run()

    def reload(self) -> None:
        if self.detail:
            self.show_order(self.detail.id)

    def _detail_arrived(self, detail: OrderDetail | None) -> None:
        self._reading = None
        self._loading_note.stop()
        since, self._elsewhere_since = self._elsewhere_since, None
        if detail is None or self.detail is None or detail.id != self.detail.id:
            self.elsewhere.hide()  # another order: what changed the last one does not apply
        elif since is not None and since[0] == detail.id and detail.version != since[1]:
            news = [e for e in detail.timeline if _event_key(e) not in since[2]] or detail.timeline[-1:]
            self.elsewhere.setText(self.tr("Changed at another console: {0}").format(
                "; ".join(f"{china_time(e.at)[-5:]} {event_label(e.type)}" + (f" ({e.actor})" if e.actor else "")
                          for e in news)))
            self.elsewhere.show()
        self.detail = detail
        self._render()

    def _show_loading(self) -> None:
        if self._reading is not None:
            self.detail = None
            self._render()
            self._enable()
            self.title.setText(self.tr("Loading the order…"))

    def _read_failed(self, exc: BaseException) -> None:
        self._reading = None
        self._loading_note.stop()
        self.detail = None
        self._render()
        if is_unreachable(exc):  # the banner says why; the order shows again once it is back
            self.title.setText(self.tr("The database cannot be reached: the order shows when it is back"))
        else:
            self.title.setText(self.tr("The order could not be read: {0}").format(i18n.render(exc)))

    def _orders_changed(self, changes: OrderChanges) -> None:
        """An order changed at this console: show it as it is now if it is the one shown (an
        action of this pane brought its own result already)."""
        d = self.detail
        if changes.source is not self and d is not None and d.id in changes.order_ids \
                and getattr(changes.source, "LIVE", False) is False:
            self.reload()  # (another console's change: reload_if_newer, when its row is read)

    def reload_if_newer(self, order_id: int, version: int | None) -> None:
        """The queue read the row of an order another console changed: reload the shown order
        if that is a newer version of it (None: it is no longer open)."""
        d = self.detail
        if d is not None and d.id == order_id and (version is None or version != d.version):
            self._elsewhere_since = (d.id, d.version, frozenset(map(_event_key, d.timeline)))
            self.reload()

    def _outcome(self, d: OrderDetail) -> str:
        """The completed order's summary: when, by whom, how its time limit ended, the resolution."""
        if d.status != "completed":
            return ""
        resolve = next((c for c in d.clocks if c.name == "resolve"), None)
        judged = ""
        if resolve is not None and resolve.finished_at is not None:
            if resolve.state == BREACHED and resolve.due is not None:
                late = (resolve.finished_at - resolve.due).total_seconds() / 3600
                judged = self.tr("breached, {0:.1f} h late (due {1})").format(late, china_time(resolve.due))
            else:
                judged = clock_state_label(resolve.state)
        head = " · ".join(t for t in (china_time(d.completed_at), d.completed_by, judged) if t)
        return f"{head}\n{d.resolution}".strip() if d.resolution else head

    def _render(self) -> None:
        d = self.detail
        self.sig_rendered.emit()  # the countdowns' ticker looks at the order within a second
        self._enable()
        if d is None:
            self.title.setText(self.tr("No order selected"))
            for lab in self.fields.values():
                lab.clear()
            self.clocks.setRowCount(0)
            self._fit_clocks()
            self.timeline.clear()
            self.photo.clear()
            for key in ("response", "outcome"):
                self.info.setRowVisible(self.fields[key], False)
            return
        flag = "" if d.priority == "normal" else f" · ⚑ {priority_label(d.priority)}"
        self.title.setText(f"{d.number} · {kind_label(d.kind)} · {status_label(d.status)}{flag}")
        major = self.tr(" (major client: {0})").format(i18n.render(d.customer_major)) if d.customer_major else ""
        self.fields["customer"].setText(
            f"{d.customer_name}{major}  {d.customer_phone}\n{d.customer_account}  {d.customer_address}".strip())
        self.fields["district"].setText(self.tr("{0} · {1} households").format(d.district, d.district_households))
        self.fields["phones"].setText(f"{d.service_phone} / {d.supervision_phone}")
        a = d.assignee
        self.fields["maintainer"].setText(
            self.tr("{0} · work no. {1} · {2}").format(a.name, a.work_number, a.phone) if a else self.tr("(unassigned)"))
        pm = QPixmap()
        if a and a.photo and pm.loadFromData(a.photo):
            self.photo.setPixmap(pm)
        else:
            self.photo.clear()
        f = d.first_contact
        self.fields["first_contact"].setText(f"{f.name} · {f.work_number}")
        if d.missing:
            self.fields["materials"].setText(self.tr("MISSING: {0}").format("; ".join(i18n.render(material(m)) for m in d.missing)))
        else:
            self.fields["materials"].setText(self.tr("complete") if d.required else self.tr("none needed"))
        if d.visit_from:
            arrived = (self.tr(" · arrived {0}").format(china_time(d.arrived_at)) if d.arrived_at else "")
            self.fields["visit"].setText(f"{china_time(d.visit_from)} – {china_time(d.visit_to)[-5:]}{arrived}")
        else:
            self.fields["visit"].setText("—")
        self.fields["problem"].setText(d.description)
        responded = d.first_response_at
        self.fields["response"].setText(
            self.tr("{0} · {1}").format(china_time(responded), d.first_response_by) if responded else "")
        self.info.setRowVisible(self.fields["response"], d.first_response_at is not None)
        self.fields["outcome"].setText(self._outcome(d))
        self.info.setRowVisible(self.fields["outcome"], d.status == "completed")
        self.clocks.setRowCount(len(d.clocks))
        for row, c in enumerate(d.clocks):
            provisional = self.tr(" (provisional)") if c.provisional else ""
            cells = (clock_label(c.name), clock_state_label(c.state), china_time(c.due) + provisional,
                     china_time(c.original_due) if c.extended else "",
                     countdown_label(c.remaining) if c.remaining is not None else "")
            for col, text in enumerate(cells):
                self.clocks.setItem(row, col, QTableWidgetItem(text))
        self._fit_clocks()
        lines = []
        for e in d.timeline:
            detail = "; ".join(_payload_text(k, v) for k, v in e.payload.items()
                               if k in SHOWN_KEYS and v not in (None, "", [], False))
            lines.append(f"{china_time(e.at)}  {event_label(e.type)}  {e.actor}  {detail}".rstrip())
        self.timeline.setPlainText("\n".join(lines))
