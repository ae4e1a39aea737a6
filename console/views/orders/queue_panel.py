"""The dispatch queue: a filter bar over the queue table, its countdowns ticking (kit.ticker).

Filters (kind, district, assignee, state, free text) are remembered between runs, for each
person apart (`set_person` at sign-in: the next person starts with their own filters, never the
last person's search). A maintainer's queue opens on "My orders" (`set_mine`), the branch's
queue one click away. A new urgent escalation puts a notice above the queue (`show_notice`)
until it is opened or dismissed.
Only the visible rows repaint on the tick. A changed order changes its one row
(`update_rows`): the selection, the current order and the orders at the top of the view stay.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.services.orders.queue import OrderRow
from console.views.kit import band_style
from console.views.kit.elided import ElidedLabel
from console.views.kit.flow_layout import FlowLayout
from console.views.kit.ticker import Ticker
from console.views.kit.labels import escalation_word, kind_label
from console.views.kit.settings import QUEUE_COLUMNS, QUEUE_FILTER, Setting, Settings
from console.views.orders.queue_model import (
    COLUMNS,
    URGENT,
    OrderIdRole,
    Prepared,
    QueueFilter,
    QueueModel,
)

NOTICE_LEAST = 280  # px: the least of a notice's text that still says which order and how high
KINDS = ("general_fault", "major_fault", "installation", "restoration", "complaint", "inquiry", "business")
STATES = ("breached", "risk", "watch", "ok", "waiting", "paused")


class QueuePanel(QWidget):
    sig_order_selected = Signal(int)
    """The dispatcher selected an order: carries its id (0 when nothing is selected)."""
    sig_order_activated = Signal(int)
    """Enter or double-click on an order: carries its id."""

    def __init__(self, settings: Settings, parent=None, *, clock=None):
        super().__init__(parent)
        self.settings = settings
        self.model = QueueModel(self, clock=clock)
        self.table = QTableView(self)
        self.table.setObjectName("QueueView")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setResizeContentsPrecision(60)  # widths from a screenful, not 100k
        self._quiet = False  # while rows change in place: the current order did not change by hand
        self._emitted = 0  # the order last announced by sig_order_selected
        self._person: int | None = None  # whose filters these are (set_person)
        self._me: int | None = None  # "My orders": this staff id's orders (set_mine)
        self._loading = True  # the filter bar and the strip are being built: filters apply after
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(lambda ix: self.sig_order_activated.emit(self.model.data(ix, OrderIdRole)))
        self._build_filters()
        self._build_strip()
        self._build_notice()
        self._loading = False
        self._apply_filter()  # the filters put back at start, once
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(self._strip)
        lay.addLayout(self._bar)
        lay.addWidget(self.table, 1)
        self.model.sig_filtered.connect(self._count_changed)
        # the window's countdowns tick on one timer, woken when one can read differently (kit.ticker)
        self.ticker = Ticker(self.model.clock, self)
        self.timer = self.ticker.timer
        self.ticker.add(self.tick, self.model.tick_until)
        for moved in (self.model.sig_rows_moved, self.model.modelReset, self.model.layoutChanged,
                      self.model.rowsInserted, self.model.rowsRemoved, self.table.verticalScrollBar().valueChanged):
            moved.connect(self.ticker.poke)
        self.table.viewport().installEventFilter(self)  # a taller queue shows more rows: poke
        self._sized = False
        header = self.settings.get(QUEUE_COLUMNS)
        if not header.isEmpty():
            self._sized = self.table.horizontalHeader().restoreState(header)

    # ---- the notice of a new urgent escalation ------------------------------------------------
    def _build_notice(self) -> None:
        self.notice = QFrame(self)
        self.notice.setObjectName("EscalationNotice")
        self.notice.setFrameShape(QFrame.Shape.StyledPanel)
        self.notice.setStyleSheet("#EscalationNotice { background: #fdecea; border: 1px solid #b71c1c; }"
                                  "#EscalationNotice QLabel { color: #7f0000; font-weight: bold; }")
        self.notice_text = ElidedLabel(self.notice)  # one line: the queue keeps its rows
        self.notice_text.setMinimumWidth(NOTICE_LEAST)  # too little room on the count's line: a line of its own
        self.notice_open = QToolButton(self.notice)
        self.notice_open.setText(self.tr("&Open order"))
        self.notice_open.setToolTip(self.tr("Select the escalated order in the queue"))
        self.notice_open.clicked.connect(self.open_notice)
        self.notice_close = QToolButton(self.notice)
        self.notice_close.setText(self.tr("Dismiss"))
        self.notice_close.setToolTip(self.tr("Hide this notice; the escalation stays in the Escalations panel"))
        self.notice_close.clicked.connect(self.dismiss_notice)
        row = QHBoxLayout(self.notice)
        row.setContentsMargins(6, 3, 6, 3)
        row.addWidget(self.notice_text, 1)
        row.addWidget(self.notice_open)
        row.addWidget(self.notice_close)
        self._notices: dict[int, str] = {}  # order id -> text, the newest last
        self._notice_due = False
        self.notice.hide()
        # on the line of the filters' count (spare room there on most screens): no line of queue
        # rows is given up while a notice is up
        self._bar.addWidget(self.notice, 1)

    def show_notice(self, order_id: int, text: str) -> None:
        """A new urgent escalation: named above the queue until opened or dismissed; several
        stack (the newest is named, with how many more wait)."""
        self._notices.pop(order_id, None)  # the newest last: a dict keeps its insertion order
        self._notices[order_id] = text
        if not self._notice_due:  # a pass that announces many orders at once redraws the notice once
            self._notice_due = True
            QTimer.singleShot(0, self, self._show_notice)

    def _show_notice(self) -> None:
        self._notice_due = False
        if not self._notices:
            self.notice.hide()
            return
        text = next(reversed(self._notices.values()))
        more = len(self._notices) - 1
        self.notice_text.setText(self.tr("⚠ New escalation — {0}").format(text) if not more
                                 else self.tr("⚠ New escalation — {0} (and {1} more)").format(text, more))
        self.notice.show()

    def open_notice(self) -> None:
        """Select the newest notice's order (clearing the filters when they hide it); the next
        notice, if any, takes its place."""
        if not self._notices:
            return
        order_id = next(reversed(self._notices))
        del self._notices[order_id]
        if not self.select_order(order_id):
            self.clear_filters()
            if self._me is not None:
                self.mine_button.setChecked(False)
            self.select_order(order_id)
        self.table.setFocus()
        self._show_notice()

    def dismiss_notice(self) -> None:
        self._notices.clear()
        self._show_notice()

    # ---- whose queue ----------------------------------------------------------------------
    def set_person(self, staff_id: int | None) -> None:
        """Someone else signs in at this console: the last person's filters are kept for them
        and the newcomer gets their own (none the first time); notices of the last shift go."""
        if staff_id == self._person:
            return
        self._apply_filter()  # saved under the one who leaves
        self._person = staff_id
        self.dismiss_notice()
        self._loading = True
        try:
            for box in (self.kind_box, self.state_box, self.district_box, self.assignee_box):
                box.setCurrentIndex(0)
            self.search.clear()
            self._urgent = ""
            for b in self.urgent_buttons.values():
                b.setChecked(False)
            self._restore_filter()
            if self.district_box.count() > 1:  # the branch's choices are in: else when they come
                self.restore_pickers()
        finally:
            self._loading = False
        self._apply_filter()

    def set_mine(self, staff_id: int | None) -> None:
        """A maintainer's home: only the orders assigned to `staff_id`, the branch's queue one
        click away (the "My orders" button); None: everyone's queue, no button."""
        self._me = staff_id
        self.mine_button.setVisible(staff_id is not None)
        self.mine_button.blockSignals(True)
        self.mine_button.setChecked(staff_id is not None)
        self.mine_button.blockSignals(False)
        self._apply_filter()

    def showing_mine(self) -> bool:
        return self._me is not None and self.mine_button.isChecked()

    def _filter_setting(self) -> Setting:
        if self._person is None:
            return QUEUE_FILTER
        return Setting(f"{QUEUE_FILTER.key}/{self._person}", QUEUE_FILTER.default, QUEUE_FILTER.type,
                       QUEUE_FILTER.title)

    # ---- what is urgent -----------------------------------------------------------------
    def _build_strip(self) -> None:
        """The counters above the queue, always in view; each click shows only those orders
        (click again, or Esc in the queue, for all of them)."""
        self.urgent_words = {
            "breached": self.tr("Breached"), "due_1h": self.tr("Due within 1 h"),
            "unassigned": self.tr("Running, unassigned"), "waiting_3d": self.tr("Materials awaited > 3 days"),
            "extension": self.tr("Extensions to decide"), "escalated": self.tr("Unacknowledged escalations 2+"),
        }
        tips = {
            "breached": self.tr("Orders past their time limit (R-TIME-1…7)"),
            "due_1h": self.tr("Orders whose running clock has less than an hour left"),
            "unassigned": self.tr("Orders whose clock runs but nobody is assigned (R-FIRST-1)"),
            "waiting_3d": self.tr("Orders received more than 3 days ago still waiting for the customer's "
                                  "materials (R-FIRST-2)"),
            "extension": self.tr("Orders whose extension request waits for a manager's decision (R-TIME-10)"),
            "escalated": self.tr("Orders with an escalation to the dispatcher on duty or higher that nobody has "
                                 "acknowledged yet (R-TIME-11, R-FIRST-4)"),
        }
        self._strip = FlowLayout()
        self.mine_button = QToolButton(self)
        self.mine_button.setObjectName("MyOrders")
        self.mine_button.setCheckable(True)
        self.mine_button.setText(self.tr("My orders"))
        self.mine_button.setToolTip(self.tr("Only the orders assigned to you; click again for the branch's queue"))
        self.mine_button.toggled.connect(self._mine_toggled)
        self.mine_button.hide()
        self._strip.addWidget(self.mine_button)
        self.urgent_buttons: dict[str, QToolButton] = {}
        for key in URGENT:
            b = QToolButton(self)
            b.setObjectName(f"Urgent_{key}")
            b.setCheckable(True)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            b.setToolTip(tips[key])
            b.clicked.connect(lambda checked, k=key: self.show_urgent(k if checked else ""))
            self.urgent_buttons[key] = b
            self._strip.addWidget(b)
        self._urgent = ""
        self.model.sig_urgent.connect(self._urgent_counted)
        self._urgent_counted(dict.fromkeys(URGENT, 0))

    def _mine_toggled(self, on: bool) -> None:
        self.mine_button.setText(self.tr("My orders") if on else self.tr("Branch queue · back to my orders"))
        self._apply_filter()

    def show_urgent(self, key: str) -> None:
        """Only the orders of one counter ("" : all of them again)."""
        self._urgent = key
        for k, b in self.urgent_buttons.items():
            b.setChecked(k == key)
        self._apply_filter()

    def _urgent_counted(self, counts: dict) -> None:
        for key, b in self.urgent_buttons.items():
            n = counts.get(key, 0)
            b.setText(self.tr("{0}: {1}").format(self.urgent_words[key], n))
            b.setStyleSheet("QToolButton { font-weight: bold; color: #b71c1c; }" if n and key in (
                "breached", "escalated", "extension") else "")

    # ---- filter bar ---------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.search = QLineEdit(self)
        self.search.setObjectName("QueueSearch")
        self.search.setPlaceholderText(self.tr("Search order, customer, phone, district… (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.kind_box = QComboBox(self)
        self.kind_box.addItem(self.tr("All kinds"), "")
        for k in KINDS:
            self.kind_box.addItem(kind_label(k), k)
        self.state_box = QComboBox(self)
        self.state_box.addItem(self.tr("All states"), "")
        self.state_box.addItem(self.tr("Needs action (80%+ or breached)"), "risk,breached")
        for s in STATES:
            self.state_box.addItem(band_style.band_icon(s), band_style.band_text(s), s)
        self.district_box = QComboBox(self)
        self.district_box.addItem(self.tr("All districts"), 0)
        self.assignee_box = QComboBox(self)
        self.assignee_box.addItem(self.tr("All assignees"), 0)
        self.assignee_box.addItem(self.tr("Unassigned"), -1)
        self.count = QLabel(self)
        self._bar = FlowLayout()  # one line on a wide screen, two beside the order pane on a narrow one
        for label, w in ((self.tr("&Find:"), self.search), (self.tr("&Kind:"), self.kind_box),
                         (self.tr("S&tate:"), self.state_box), (self.tr("&District:"), self.district_box),
                         (self.tr("&Assignee:"), self.assignee_box)):
            lab = QLabel(label, self)
            lab.setBuddy(w)
            self._bar.add_group(lab, w, stretch=2 if w is self.search else 0)
        self._bar.addWidget(self.count)
        self.search.textChanged.connect(self._apply_filter)
        for box in (self.kind_box, self.state_box, self.district_box, self.assignee_box):
            box.currentIndexChanged.connect(self._apply_filter)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence("Ctrl+0"), self, self._urgency_order)
        self._restore_filter()

    def _urgency_order(self) -> None:
        """Back to the default order: most urgent first (Ctrl+0)."""
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.model.sort_by_urgency()

    def set_choices(self, districts: dict[int, str], assignees: dict[int, str]) -> None:
        """Fill the district and assignee pickers for the current branch, keeping the choice."""
        for box, items in ((self.district_box, districts), (self.assignee_box, assignees)):
            keep = box.currentData()
            box.blockSignals(True)
            fixed = 1 if box is self.district_box else 2
            while box.count() > fixed:
                box.removeItem(fixed)
            for key, name in sorted(items.items(), key=lambda kv: kv[1]):
                box.addItem(name, key)
            i = box.findData(keep)
            box.setCurrentIndex(i if i >= 0 else 0)
            box.blockSignals(False)
        self._apply_filter()

    def current_filter(self) -> QueueFilter:
        states = self.state_box.currentData() or ""
        return QueueFilter(
            kinds=frozenset([self.kind_box.currentData()]) if self.kind_box.currentData() else frozenset(),
            district_id=self.district_box.currentData() or None,
            assignee_id=self.assignee_box.currentData() or None,
            states=frozenset(s for s in states.split(",") if s),
            text=self.search.text(),
            urgent=getattr(self, "_urgent", ""),
            mine=self._me if self.showing_mine() else None,
        )

    def _apply_filter(self, *_):
        if self._loading:
            return  # being built, or a person's filters being put back: applied once, at the end
        flt = self.current_filter()
        selected = self.selected_order_id()
        self.model.set_filter(flt)
        if selected:
            self.select_order(selected)  # still selected when the filter still shows it
        self.settings.set(self._filter_setting(), json.dumps({
            "kind": self.kind_box.currentData(), "state": self.state_box.currentData(),
            "district": self.district_box.currentData(), "assignee": self.assignee_box.currentData(),
            "text": self.search.text(),
        }))

    def _restore_filter(self) -> None:
        try:
            saved = json.loads(self.settings.get(self._filter_setting()) or "{}")
        except ValueError:
            saved = {}
        self._pending = saved
        for box, key in ((self.kind_box, "kind"), (self.state_box, "state")):
            i = box.findData(saved.get(key, ""))
            if i >= 0:
                box.setCurrentIndex(i)
        self.search.setText(saved.get("text", ""))

    def restore_pickers(self) -> None:
        """District and assignee choices come with the branch data: restore them after."""
        saved = getattr(self, "_pending", {})
        for box, key in ((self.district_box, "district"), (self.assignee_box, "assignee")):
            i = box.findData(saved.get(key, 0))
            if i >= 0:
                box.setCurrentIndex(i)
        self._pending = {}

    def filter_district(self, district_id: int | None) -> None:
        """Show only one district's orders (the map's click); None clears."""
        i = self.district_box.findData(district_id or 0)
        self.district_box.setCurrentIndex(max(0, i))

    def clear_filters(self) -> None:
        for box in (self.kind_box, self.state_box, self.district_box, self.assignee_box):
            box.setCurrentIndex(0)
        self.search.clear()
        self.show_urgent("")

    # ---- rows ---------------------------------------------------------------------------
    def set_rows(self, rows) -> None:
        """A whole new queue (`rows`: OrderRows, or a queue prepared off the GUI thread by
        `model.preparer()`); the selected order stays selected when it is still there."""
        selected = self.selected_order_id()
        if isinstance(rows, Prepared):
            self.model.take(rows)
        else:
            self.model.set_rows(rows)
        if not self._sized and self.model.total():
            self.table.resizeColumnsToContents()
            col = COLUMNS.index("escalation")  # wide enough for the highest rung's word and its icon
            words = (escalation_word(rank) for rank in range(1, 5))
            need = max(self.table.fontMetrics().horizontalAdvance(w) for w in words) + 36
            self.table.setColumnWidth(col, max(self.table.columnWidth(col), need))
            self._sized = True
        if selected:
            self.select_order(selected)

    def update_rows(self, rows: dict[int, OrderRow | None]) -> None:
        """Orders changed: `rows` maps each one's id to its row now (None: gone). Each row is
        inserted, updated, moved or removed in place; the selection and the current order stay,
        and so do the orders at the top of the view. When the selected order leaves the queue
        (completed, or no longer matching the filter) nothing is selected and the pane keeps
        showing it, as after an action that closed it."""
        table, model = self.table, self.model
        selected = self.selected_order_id()
        top = table.rowAt(0)
        top_id = model.row_at(top).id if top >= 0 else None
        self._quiet = True
        try:
            for order_id, row in rows.items():
                model.update_row(row, order_id)
            if selected and self.selected_order_id() != selected:  # Qt moved it off a removed row
                table.selectionModel().clear()
        finally:
            self._quiet = False
        if top_id is not None and (now_top := model.row_of(top_id)) is not None and now_top != top:
            table.updateGeometries()  # the scroll range includes the rows just inserted
            bar = table.verticalScrollBar()
            per_item = table.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem
            step = 1 if per_item else table.verticalHeader().defaultSectionSize()
            bar.setValue(bar.value() + (now_top - top) * step)

    def selected_order_id(self) -> int:
        ix = self.table.currentIndex()
        return self.model.data(ix, OrderIdRole) if ix.isValid() else 0

    def select_order(self, order_id: int) -> bool:
        row = self.model.row_of(order_id)
        if row is None:
            return False
        ix = self.model.index(row, 1)
        self.table.selectionModel().setCurrentIndex(
            ix, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(ix)
        return True

    def _current_changed(self, current, _previous) -> None:
        if self._quiet:
            return
        order_id = self.model.data(current, OrderIdRole) if current.isValid() else 0
        if order_id != self._emitted:  # a row that moved is still the same order
            self._emitted = order_id
            self.sig_order_selected.emit(order_id)

    def _count_changed(self, shown: int, total: int) -> None:
        if self.model.loading():
            self.count.setText(self.tr("Loading: {0} of {1} open orders shown so far…").format(shown, total))
        elif shown == total:
            self.count.setText(self.tr("{0} open").format(total))
        else:
            self.count.setText(self.tr("{0} of {1} shown").format(shown, total))

    def visible_rows(self) -> tuple[int, int]:
        top = self.table.rowAt(0)
        if top < 0:
            return (0, -1)
        bottom = self.table.rowAt(self.table.viewport().height() - 1)
        if bottom < 0:
            bottom = self.model.rowCount() - 1
        return top, bottom

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.ticker.poke()
        return super().eventFilter(watched, event)

    def tick(self) -> None:
        first, last = self.visible_rows()
        self.model.tick(first, last)

    def save_state(self) -> None:
        self.settings.set(QUEUE_COLUMNS, self.table.horizontalHeader().saveState())
