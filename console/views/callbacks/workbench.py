"""The callback workbench (R-VISIT-1..4): owed callbacks with live countdowns, oldest risk first;
search by order number, phone or customer; log a call (no answer / wrong number), record the result
of a reached customer on the labelled satisfaction scale (a dissatisfied answer or a problem found
opens the linked follow-up order in the same step, R-VISIT-3), close as unreachable.

The call time is "now" — the moment the call is saved — until the person edits it; an edited time
is checked before anything is written (not in the future, not before the order's completion) and
goes back to "now" once the call is saved. Nothing typed is lost on an error: the result dialog
stays open with what is wrong said in it, and when the save itself fails, the result (score,
comment, follow-up) is kept for that callback and the next "Reached…" opens with it (kit.drafts).

Keys (listed in the README): Ctrl+Shift+F search (Esc clears it, Enter goes to the list), Alt+R
reached…, Alt+N no answer, Alt+W wrong number, Alt+U close unreachable…, Alt+O call time back to
now; in the result dialog Alt+1 … Alt+5 the scale (very satisfied … very dissatisfied),
Alt+0 not reached (no answer).
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
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)  # fmt: skip

from console import i18n
from console.errors import is_unreachable
from console.rules.periods import CST as CHINA
from console.rules.urgency import countdown_changes_in
from console.services.callbacks import workbench as cbs
from console.services.callbacks.workbench import CallbackRow
from console.views.callbacks.result_dialog import CallbackResult, CallbackResultDialog
from console.views.kit import drafts
from console.views.kit.ask import Ask
from console.views.kit.branch_panel import BranchPanel
from console.views.kit.connection import keep_waiting, notice
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
_FAR = dt.datetime.max.replace(tzinfo=dt.UTC)
_SOON_LEFT = dt.timedelta(hours=12)  # R-VISIT-1/2: under this left the time shows in orange


class CallbackModel(QAbstractTableModel):
    """Adapts a plain list of services.callbacks.CallbackRow (already sorted by due) to a table;
    ``tick()`` repaints the countdown column only."""

    def __init__(self, parent=None, *, clock: Callable[[], dt.datetime] | None = None):
        super().__init__(parent)
        self._clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self._now = self._clock()
        self._looks: list = []  # the time-left cells as last painted (tick)
        self._gate: tuple = (None, None, None)  # (rows, from, until): their time left reads the same until then
        self._rows: list[CallbackRow] = []  # the ones the search shows
        self._all: list[CallbackRow] = []
        self._query = ""
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
        self._all = list(rows)
        self._rows = [r for r in self._all if r.matches(self._query)]
        self._now = self._clock()
        self.endResetModel()

    def set_filter(self, query: str) -> None:
        """Show only the callbacks whose order number, customer or phone holds `query` (the search box)."""
        self._query = query or ""
        self.set_rows(self._all)

    def all_rows(self) -> list[CallbackRow]:
        """Every open callback read, the search aside."""
        return list(self._all)

    def row_at(self, row: int) -> CallbackRow:
        return self._rows[row]

    def row_of(self, callback_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == callback_id), -1)

    def tick_until(self) -> dt.datetime | None:
        """When a time left can next read differently or change colour (None: not known yet)."""
        if not self._rows:
            return _FAR
        rows, _since, until = self._gate
        return until if rows is self._rows else None

    def tick(self) -> None:
        """Move the clock on; repaint the time-left cells whose text or colour moved (once a minute)."""
        self._now = now = self._clock()
        rows, since, until = self._gate
        if rows is self._rows and until is not None and since <= now < until:
            return  # no time left can read differently yet, nor change colour
        if self._rows:
            waits = []
            for r in self._rows:
                left = r.due_at - now
                if left >= dt.timedelta(0):
                    waits += [countdown_changes_in(left), left]  # then it reads "overdue"
                    if left > _SOON_LEFT:
                        waits.append(left - _SOON_LEFT)
                else:
                    waits.append(countdown_changes_in(-left, rising=True))
            self._gate = (self._rows, now, now + min(waits))
            c = COLUMNS.index("time_left")
            looks = [(self.data(self.index(r, c)), self.data(self.index(r, c), Qt.ItemDataRole.ForegroundRole))
                     for r in range(len(self._rows))]
            if looks != self._looks:
                self._looks = looks
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
            if left < _SOON_LEFT:
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


class CallbackWorkbench(BranchPanel):
    """Owed callbacks of one branch, a search, and the actions on the selected one."""

    sig_loaded = Signal(int)
    """The open callbacks of the branch are on screen: carries the row count."""
    sig_callback_changed = Signal(int)
    """A call or result was recorded: carries the original order's id (refresh its queue row)."""
    sig_follow_up_created = Signal(int)
    """Not solved (or dissatisfied) on callback: carries the new follow-up order's id (R-VISIT-3)."""

    def __init__(self, store, *, user_id_fn: Callable[[], int | None], now_fn: Callable[[], dt.datetime] | None = None,
                 parent=None):
        super().__init__(store, user_id_fn=user_id_fn, now_fn=now_fn, parent=parent)
        self._kept: dict[int, CallbackResult] = {}  # a result whose save failed, by callback (its text: kit.drafts)
        self.model = CallbackModel(self, clock=self._now)
        self.table = self.single_row_table(QTableView(self), "CallbackTable")
        self.table.setModel(self.model)
        self.search = QLineEdit(self)
        self.search.setObjectName("CallbackSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Order number, phone or customer (Ctrl+Shift+F)"))
        self.call_time = QDateTimeEdit(self)
        self.call_time.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.call_time.setCalendarPopup(True)
        self.call_time.setToolTip(self.tr("When the call was made (China time): now, unless you change it"))
        self._call_edited = False  # the person set the call time; else it is the moment of saving
        self._setting = False
        self.call_now = QLabel(self.tr("(now)"), self)
        self.btn_now = QPushButton(self.tr("N&ow"), self)
        self.btn_now.setToolTip(self.tr("The call time back to now: the moment the call is saved"))
        self.btn_reached = QPushButton(self.tr("&Reached…"), self)
        self.btn_no_answer = QPushButton(self.tr("&No answer"), self)
        self.btn_wrong = QPushButton(self.tr("&Wrong number"), self)
        self.btn_unreachable = QPushButton(self.tr("Close &unreachable…"), self)
        self.btn_unreachable.setToolTip(self.tr("Allowed after failed calls in the morning (before 12:00), afternoon "
                                                "(12:00–18:00) and evening (after 18:00), with a reason"))
        self.status = QLabel(self)
        bar = FlowLayout()  # the buttons wrap on a narrow screen
        find = QLabel(self.tr("&Search:"), self)
        find.setBuddy(self.search)
        bar.add_group(find, self.search, stretch=2)
        bar.add_group(QLabel(self.tr("Call time:"), self), self.call_time, self.call_now, self.btn_now)
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
        self.btn_now.clicked.connect(self._reset_call_time)
        self.call_time.dateTimeChanged.connect(self._call_time_edited)
        self.search.textChanged.connect(self._search)
        self.search.returnPressed.connect(self.table.setFocus)
        # keys of this workbench only (the queue's Ctrl+F is the window's)
        find_key = QShortcut(QKeySequence("Ctrl+Shift+F"), self, self._focus_search)
        find_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, self.search.clear)
        esc.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.follow.quiet(self.selected()))
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)  # runs while the workbench is on screen (showEvent)
        self._driven = False
        self._poke = None
        self._call_minute: int | None = None  # the minute the call time showed at the last tick
        self._reset_call_time()
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
        self._select(keep)
        self._say_counts()
        self.sig_loaded.emit(len(rows))

    def _select(self, keep: int | None) -> None:
        if self.model.rowCount():
            row = self.model.row_of(keep) if keep is not None else -1
            self.table.selectRow(row if row >= 0 else 0)
        else:
            self.table.clearSelection()
        self._update_buttons()

    def _say_counts(self) -> None:
        rows = self.model.all_rows()
        late = sum(1 for r in rows if r.due_at < self._now())
        text = self.tr("{0} callbacks owed, {1} overdue").format(len(rows), late)
        if self.search.text().strip():
            text += self.tr("; {0} found for \u201c{1}\u201d").format(self.model.rowCount(), self.search.text().strip())
        self.status.setText(text)

    def _search(self, text: str) -> None:
        keep = self.selected_id()
        self.model.set_filter(text)
        self._select(keep)
        self._say_counts()

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ---- the call time -----------------------------------------------------------------------
    def _tick(self) -> None:
        if not self.isVisible():  # a tab behind another: nothing to repaint (showEvent catches up)
            return
        self.model.tick()
        now = self._now()
        if not self._call_edited and (minute := int(now.timestamp() // 60)) != self._call_minute:
            self._call_minute = minute  # the call time shows minutes: it moves once a minute
            self._show_call_time(now)

    def tick_with(self, ticker) -> None:
        """Tick with the window's countdowns (kit.ticker.Ticker, the queue's): one wake for every
        countdown of the window, when one of them can read differently."""
        self.timer.stop()
        self._driven = True
        ticker.add(self._tick, self._tick_until)
        self.model.modelReset.connect(ticker.poke)
        self._poke = ticker.poke

    def _tick_until(self) -> dt.datetime | None:
        if not self.isVisible():
            return _FAR  # showEvent catches up
        until = self.model.tick_until()
        if until is None:
            return None
        if not self._call_edited:  # the call time shows the minute
            now = self._now()
            until = min(until, now + dt.timedelta(seconds=60 - now.second - now.microsecond / 1e6))
        return until

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._tick()
        if not self._driven:
            self.timer.start()
        elif self._poke is not None:
            self._poke()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.timer.stop()  # a tab behind another wakes nobody once a second

    def _show_call_time(self, at: dt.datetime) -> None:
        shown = QDateTime(at.astimezone(CHINA).replace(tzinfo=None, second=0, microsecond=0))
        if shown == self.call_time.dateTime():
            return  # the minute has not turned: no repaint
        self._setting = True
        try:
            self.call_time.setDateTime(shown)
        finally:
            self._setting = False

    def _call_time_edited(self, *_args) -> None:
        if self._setting:
            return
        self._call_edited = True
        self.call_now.setText(self.tr("(as set)"))
        self.btn_now.setEnabled(True)

    def _reset_call_time(self) -> None:
        """The call time is now again: the moment the call is saved."""
        self._call_edited = False
        self.call_now.setText(self.tr("(now)"))
        self.btn_now.setEnabled(False)
        self._show_call_time(self._now())

    def _called_at(self) -> dt.datetime:
        """The call's time: the moment of saving, unless the person set it (R-VISIT-1)."""
        if not self._call_edited:
            return self._now()
        return self.call_time.dateTime().toPython().replace(tzinfo=CHINA)

    def _call_time_problem(self, r: CallbackRow, at: dt.datetime) -> str | None:
        """An edited call time in the future or before the completion, said before anything is
        written (the service checks it again)."""
        if at > self._now() + dt.timedelta(minutes=1):
            return self.tr("The call time {0} is in the future. Set the time the call was made, or press "
                           "\u201cNow\u201d.").format(china_time(at))
        if r.completed_at is not None and at < r.completed_at.replace(second=0, microsecond=0):
            return self.tr("The call time {0} is before order {1} was completed ({2}). Set a later time, or "
                           "press \u201cNow\u201d.").format(china_time(at), r.number, china_time(r.completed_at))
        return None

    # ---- selection and actions ---------------------------------------------------------------
    def _update_buttons(self, *_args) -> None:
        r = self.selected()
        for b in (self.btn_reached, self.btn_no_answer, self.btn_wrong):
            b.setEnabled(r is not None)
        self.btn_unreachable.setEnabled(r is not None and r.may_close_unreachable)

    def kept_result(self, r: CallbackRow) -> CallbackResult | None:
        """What was taken down for `r` when saving it last failed (its comment from kit.drafts)."""
        got, text = self._kept.get(r.id), drafts.recall(self._result_key(r))
        if got is None and not text:
            return None
        base = got or CallbackResult(None, True, "")
        return base._replace(comment=text or base.comment)

    @staticmethod
    def _result_key(r: CallbackRow) -> str:
        return drafts.key("callback.result", r.id)

    def _keep(self, r: CallbackRow, got: CallbackResult) -> None:
        self._kept[r.id] = got
        drafts.keep(self._result_key(r), got.comment)

    def _forget(self, r: CallbackRow) -> None:
        self._kept.pop(r.id, None)
        drafts.drop(self._result_key(r))

    def _run(self, fn: Callable[[], dict], row: CallbackRow, label: str,
             then: Callable[[dict | None], None] | None = None,
             kept: CallbackResult | None = None, typed: tuple[object, str] | None = None) -> None:
        """Write off the GUI thread, then show the callbacks as they are now and `then(out)`. The
        orders it changed (the callback's order; a follow-up order it opened, R-VISIT-3) are
        announced to every view. When the database cannot be reached the write waits, with what
        was typed, and all of this happens once it is saved; a refusal (the order changed
        meanwhile, a call time in the future …) is shown in the service's words, and the result
        `kept` is filled in again at the next "Reached…" of that callback."""
        branch_id = self.branch_id
        if kept is not None:
            self._keep(row, kept)

        def changed(out: dict) -> tuple[int, ...]:
            follow = (out or {}).get("follow_up_order_id")
            return (row.order_id, follow) if follow else (row.order_id,)

        def done(out: dict, rows: list[CallbackRow] | None) -> None:
            if kept is not None:
                self._forget(row)
            self._reset_call_time()  # the next call is at its own time
            if rows is None:  # saved; the list could not be read with it
                self._load(row.id)
            else:
                self._loaded(branch_id, rows, row.id)
            self.sig_callback_changed.emit(row.order_id)
            if then is not None:
                then(out)

        def failed(exc: BaseException) -> None:
            text = i18n.render(exc)
            if kept is not None and (kept.comment or kept.score is not None):
                text = f"{text}\n{drafts.kept_line()}"
            if not notice(exc):  # the banner says a database out of reach
                Ask.tell(self, self.tr("Callback"), text)
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

        self.write(fn, done, failed, reload=self._reader(branch_id), changes=changed, waiting=waiting, typed=typed)

    def _editing(self, r: CallbackRow):
        """Around a dialog about `r`: another console's change to it is said, not read over it."""
        return self.follow.editing(lambda rows: next((x for x in rows if x.id == r.id), None), r,
                                   self.tr("the callback of order {0}").format(r.number))

    def _checked_call_time(self, r: CallbackRow) -> dt.datetime | None:
        at = self._called_at()
        why = self._call_time_problem(r, at)
        if why:
            Ask.tell(self, self.tr("Callback"), why)
            self.call_time.setFocus()
            return None
        return at

    def _attempt(self, outcome: str, r: CallbackRow | None = None) -> None:
        r = r or self.selected()
        if r is None:
            return
        at = self._checked_call_time(r)
        if at is None:
            return
        store, actor, now = self.store, self._user(), self._now()  # kept for a replay too
        self._run(lambda: cbs.log_attempt(store, r.id, outcome=outcome, actor_id=actor, at=at,
                                          expected_version=r.order_version, now=now), r,
                  self.tr("Callback attempt on order {0}").format(r.number))

    def _reached(self) -> None:
        r = self.selected()
        if r is None:
            return
        at = self._checked_call_time(r)  # said before anything is typed
        if at is None:
            return
        with self._editing(r):
            got = CallbackResultDialog.ask(self)
        if got is None:
            return
        got = CallbackResult(*got)
        if got.outcome != cbs.REACHED:  # not reached: an attempt; what was typed waits for the next call
            if got.comment:
                self._keep(r, got._replace(outcome=cbs.REACHED))
            self._attempt(got.outcome, r)
            return
        at = self._called_at()  # "now" is the moment of saving
        store, actor, now = self.store, self._user(), self._now()

        def follow_up(out) -> None:
            if out and out.get("follow_up_order_id"):
                self.status.setText(self.tr("Follow-up order {0} opened for {1} (R-VISIT-3)")
                                    .format(out["follow_up_number"], r.number))
                self.sig_follow_up_created.emit(out["follow_up_order_id"])

        self._run(lambda: cbs.record_reached(store, r.id, actor_id=actor, satisfaction=got.score, solved=got.solved,
                                             comment=got.comment, at=at, expected_version=r.order_version, now=now,
                                             follow_up=got.follow_up),
                  r, self.tr("Callback result on order {0}").format(r.number), follow_up, kept=got)

    def _unreachable(self) -> None:
        r = self.selected()
        if r is None:
            return
        key = ("unreachable", r.id)
        with self._editing(r):
            reason = self.ask_text(key, self.tr("Close as unreachable"),
                                   self.tr("Why can the customer of {0} not be reached?").format(r.number))
        if reason:
            store, actor, now = self.store, self._user(), self._now()
            self._run(lambda: cbs.close_unreachable(store, r.id, actor_id=actor, reason=reason,
                                                    expected_version=r.order_version, now=now), r,
                      self.tr("Close callback of order {0} as unreachable").format(r.number), typed=(key, reason))
