"""The callback workbench (R-VISIT-1..3): owed callbacks with live countdowns, oldest risk first;
log a call (no answer / wrong number), record the result of a reached customer, close as unreachable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
)  # fmt: skip

from console import i18n
from console.errors import is_unreachable
from console.rules.periods import CST as CHINA
from console.services.callbacks import workbench as cbs
from console.services.callbacks.workbench import CallbackRow
from console.views.kit.ask import Ask
from console.views.kit.branch_panel import BranchPanel
from console.views.kit.connection import keep_waiting
from console.views.kit.flow_layout import FlowLayout
from console.views.kit.labels import china_time, countdown_label, kind_label
from console.views.kit.live import Follow
from console.views.kit.ops import announce

CallbackIdRole = Qt.ItemDataRole.UserRole + 1
"""The callback's database id."""
CallbackRowRole = Qt.ItemDataRole.UserRole + 2
"""The whole CallbackRow."""

COLUMNS = ("time_left", "number", "kind", "customer", "phone", "district", "completed", "due", "attempts", "tried")
_LATE = QColor("#c62828")
_SOON = QColor("#ef6c00")


class CallbackModel(QAbstractTableModel):
    """Adapts a plain list of services.callbacks.CallbackRow (already sorted by due) to a table;
    ``tick()`` repaints the countdown column only."""

    def __init__(self, parent=None, *, clock: Callable[[], dt.datetime] | None = None):
        super().__init__(parent)
        self._clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self._now = self._clock()
        self._rows: list[CallbackRow] = []
        self._headers = {
            "time_left": self.tr("Time left"), "number": self.tr("Order"), "kind": self.tr("Kind"),
            "customer": self.tr("Customer"), "phone": self.tr("Phone"), "district": self.tr("District"),
            "completed": self.tr("Completed"), "due": self.tr("Callback due"), "attempts": self.tr("Calls"),
            "tried": self.tr("Tried (no answer)"),
        }
        self._buckets = {"morning": self.tr("morning"), "afternoon": self.tr("afternoon"),
                         "evening": self.tr("evening")}

    def set_rows(self, rows: list[CallbackRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._now = self._clock()
        self.endResetModel()

    def row_at(self, row: int) -> CallbackRow:
        return self._rows[row]

    def row_of(self, callback_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == callback_id), -1)

    def tick(self) -> None:
        self._now = self._clock()
        if self._rows:
            c = COLUMNS.index("time_left")
            self.dataChanged.emit(self.index(0, c), self.index(len(self._rows) - 1, c),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole])

    # ---- Qt model API ------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return self._headers[COLUMNS[section]]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        col = COLUMNS[index.column()]
        if role == CallbackIdRole:
            return r.id
        if role == CallbackRowRole:
            return r
        left = r.due_at - self._now
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, col, left)
        if role == Qt.ItemDataRole.ForegroundRole and col == "time_left":
            if left < dt.timedelta(0):
                return QBrush(_LATE)
            if left < dt.timedelta(hours=12):
                return QBrush(_SOON)
        if role == Qt.ItemDataRole.ToolTipRole and col in ("time_left", "due"):
            return self.tr("R-VISIT-1/2: every callback within 72 hours of completion")
        return None

    def _text(self, r: CallbackRow, col: str, left: dt.timedelta) -> str:
        if col == "time_left":
            return countdown_label(left) if left >= dt.timedelta(0) else self.tr("overdue {0}").format(countdown_label(-left))
        return {
            "number": r.number, "kind": kind_label(r.kind), "customer": r.customer, "phone": r.phone,
            "district": r.district, "completed": china_time(r.completed_at), "due": china_time(r.due_at),
            "attempts": str(r.attempts), "tried": ", ".join(self._buckets[b] for b in r.failed_buckets),
        }[col]


class CallbackResultDialog(QDialog):
    """The result of a reached customer: satisfaction 1–5, solved?, comment (R-VISIT-4)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Callback result"))
        form = QFormLayout(self)
        self.score = QSpinBox(self)
        self.score.setRange(1, 5)
        self.score.setValue(5)
        self.score.setToolTip(self.tr("Satisfaction from 1 (very dissatisfied) to 5 (very satisfied), R-VISIT-4"))
        self.solved = QCheckBox(self.tr("The problem is solved"), self)
        self.solved.setChecked(True)
        self.comment = QPlainTextEdit(self)
        self.comment.setPlaceholderText(self.tr("What the customer said; if not solved, the problem (R-VISIT-3)"))
        self.elsewhere = QLabel(self)  # another console changed the callback meanwhile (kit.live.Follow)
        self.elsewhere.setWordWrap(True)
        self.elsewhere.hide()
        form.addRow(self.elsewhere)
        form.addRow(self.tr("&Satisfaction:"), self.score)
        form.addRow("", self.solved)
        form.addRow(self.tr("&Comment:"), self.comment)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[int, bool, str]:
        return self.score.value(), self.solved.isChecked(), self.comment.toPlainText().strip()

    def changed_elsewhere(self, text: str) -> None:
        """Another console changed the callback while this is open (what was typed stays)."""
        self.elsewhere.setText(text)
        self.elsewhere.show()

    @classmethod
    def ask(cls, parent) -> tuple[int, bool, str] | None:
        dlg = cls(parent)
        return dlg.values() if dlg.exec() == QDialog.DialogCode.Accepted else None


class CallbackWorkbench(BranchPanel):
    """Owed callbacks of one branch and the actions on the selected one."""

    sig_loaded = Signal(int)
    """The open callbacks of the branch are on screen: carries the row count."""
    sig_callback_changed = Signal(int)
    """A call or result was recorded: carries the original order's id (refresh its queue row)."""
    sig_follow_up_created = Signal(int)
    """Not solved on callback: carries the new follow-up order's id (R-VISIT-3)."""

    def __init__(self, store, *, user_id_fn: Callable[[], int | None], now_fn: Callable[[], dt.datetime] | None = None,
                 parent=None):
        super().__init__(store, user_id_fn=user_id_fn, now_fn=now_fn, parent=parent)
        self.model = CallbackModel(self, clock=self._now)
        self.table = self.single_row_table(QTableView(self), "CallbackTable")
        self.table.setModel(self.model)
        self.call_time = QDateTimeEdit(self)
        self.call_time.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.call_time.setCalendarPopup(True)
        self.call_time.setToolTip(self.tr("When the call was made (China time)"))
        self.btn_reached = QPushButton(self.tr("&Reached…"), self)
        self.btn_no_answer = QPushButton(self.tr("&No answer"), self)
        self.btn_wrong = QPushButton(self.tr("&Wrong number"), self)
        self.btn_unreachable = QPushButton(self.tr("Close &unreachable…"), self)
        self.btn_unreachable.setToolTip(self.tr("Allowed after failed calls in the morning (before 12:00), afternoon "
                                                "(12:00–18:00) and evening (after 18:00), with a reason"))
        self.status = QLabel(self)
        bar = FlowLayout()  # the buttons wrap on a narrow screen
        bar.add_group(QLabel(self.tr("Call time:"), self), self.call_time)
        for b in (self.btn_reached, self.btn_no_answer, self.btn_wrong, self.btn_unreachable):
            bar.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.status)
        # what another console changes shows here while the workbench is on screen (the call time stays)
        self.follow = Follow(self, read=self._reader, show=lambda b, rows: self._loaded(b, rows),
                             topics=("callbacks",), orders=True)
        lay.addWidget(self.follow.note)
        self.btn_reached.clicked.connect(self._reached)
        self.btn_no_answer.clicked.connect(lambda: self._attempt(cbs.NO_ANSWER))
        self.btn_wrong.clicked.connect(lambda: self._attempt(cbs.WRONG_NUMBER))
        self.btn_unreachable.clicked.connect(self._unreachable)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.follow.quiet(self.selected()))
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.model.tick)
        self.timer.start()
        self._update_buttons()

    # ---- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the owed callbacks of the branch again; the call time starts from now."""
        if self.branch_id is None:
            return
        self._reset_call_time()
        self._load()

    def _reader(self, branch_id: int) -> Callable[[], list[CallbackRow]]:
        store = self.store
        return lambda: cbs.workbench(store, branch_id)

    def _load(self, keep: int | None = None) -> None:
        branch_id = self.branch_id
        if branch_id is None:
            return
        self.load_latest(self._reader(branch_id), lambda rows: self._loaded(branch_id, rows, keep),
                         lambda exc: self.status.setText(self.tr("Could not load callbacks: {0}").format(i18n.render(exc))))

    def _loaded(self, branch_id: int, rows: list[CallbackRow], keep: int | None = None) -> None:
        if branch_id != self.branch_id:
            return
        keep = keep if keep is not None else self.selected_id()
        self.model.set_rows(rows)
        late = sum(1 for r in rows if r.due_at < self._now())
        self.status.setText(self.tr("{0} callbacks owed, {1} overdue").format(len(rows), late))
        if rows:
            row = self.model.row_of(keep) if keep is not None else -1
            self.table.selectRow(row if row >= 0 else 0)
        self._update_buttons()
        self.sig_loaded.emit(len(rows))

    def _reset_call_time(self) -> None:
        self.call_time.setDateTime(QDateTime(self._now().astimezone(CHINA).replace(tzinfo=None, second=0,
                                                                                  microsecond=0)))

    # ---- selection and actions ---------------------------------------------------------------
    def _update_buttons(self, *_args) -> None:
        r = self.selected()
        for b in (self.btn_reached, self.btn_no_answer, self.btn_wrong):
            b.setEnabled(r is not None)
        self.btn_unreachable.setEnabled(r is not None and r.may_close_unreachable)

    def _called_at(self) -> dt.datetime:
        return self.call_time.dateTime().toPython().replace(tzinfo=CHINA)

    def _run(self, fn: Callable[[], dict], row: CallbackRow, label: str,
             then: Callable[[dict | None], None] | None = None) -> None:
        """Write off the GUI thread, then show the callbacks as they are now and `then(out)`. The
        orders it changed (the callback's order; a follow-up order it opened, R-VISIT-3) are
        announced to every view. When the database cannot be reached the write waits, with what
        was typed, and all of this happens once it is saved; a refusal (the order changed
        meanwhile, a call time in the future …) is shown in the service's words."""
        branch_id = self.branch_id

        def changed(out: dict) -> tuple[int, ...]:
            follow = (out or {}).get("follow_up_order_id")
            return (row.order_id, follow) if follow else (row.order_id,)

        def done(out: dict, rows: list[CallbackRow] | None) -> None:
            if rows is None:  # saved; the list could not be read with it
                self._load(row.id)
            else:
                self._loaded(branch_id, rows, row.id)
            self.sig_callback_changed.emit(row.order_id)
            if then is not None:
                then(out)

        def failed(exc: BaseException) -> None:
            self.refused(self.tr("Callback"), exc)
            if not is_unreachable(exc):
                self._load()

        def waiting(work, landed, exc: BaseException) -> bool:
            def saved_later(res) -> None:  # a replayed write is announced here (no WriteOp carries it)
                landed(res)
                announce(changed(res[0]), self)

            if not keep_waiting(label, work, saved_later, lambda _exc: self._load(), exc):
                return False
            self.status.setText(self.tr("Not saved yet, waiting for the database: {0}").format(label))
            return True

        self.write(fn, done, failed, reload=self._reader(branch_id), changes=changed, waiting=waiting)

    def _editing(self, r: CallbackRow):
        """Around a dialog about `r`: another console's change to it is said, not read over it."""
        return self.follow.editing(lambda rows: next((x for x in rows if x.id == r.id), None), r,
                                   self.tr("the callback of order {0}").format(r.number))

    def _attempt(self, outcome: str) -> None:
        r = self.selected()
        if r is None:
            return
        store, actor, at, now = self.store, self._user(), self._called_at(), self._now()  # kept for a replay too
        self._run(lambda: cbs.log_attempt(store, r.id, outcome=outcome, actor_id=actor, at=at,
                                          expected_version=r.order_version, now=now), r,
                  self.tr("Callback attempt on order {0}").format(r.number))

    def _reached(self) -> None:
        r = self.selected()
        if r is None:
            return
        with self._editing(r):
            got = CallbackResultDialog.ask(self)
        if got is None:
            return
        score, solved, comment = got
        store, actor, at, now = self.store, self._user(), self._called_at(), self._now()

        def follow_up(out) -> None:
            if out and out.get("follow_up_order_id"):
                self.status.setText(self.tr("Follow-up order {0} opened for {1} (R-VISIT-3)")
                                    .format(out["follow_up_number"], r.number))
                self.sig_follow_up_created.emit(out["follow_up_order_id"])

        self._run(lambda: cbs.record_reached(store, r.id, actor_id=actor, satisfaction=score, solved=solved,
                                             comment=comment, at=at, expected_version=r.order_version, now=now),
                  r, self.tr("Callback result on order {0}").format(r.number), follow_up)

    def _unreachable(self) -> None:
        r = self.selected()
        if r is None:
            return
        with self._editing(r):
            reason = Ask.text(self, self.tr("Close as unreachable"),
                              self.tr("Why can the customer of {0} not be reached?").format(r.number))
        if reason:
            store, actor, now = self.store, self._user(), self._now()
            self._run(lambda: cbs.close_unreachable(store, r.id, actor_id=actor, reason=reason,
                                                    expected_version=r.order_version, now=now), r,
                      self.tr("Close callback of order {0} as unreachable").format(r.number))
