"""Calendar dialog: a year view of the official working-day calendar, editable by an admin.

Working days plain, weekends grey, public holidays red with a "休" mark, adjusted working weekends
amber with a "班" mark — colour plus the mark, the tooltip and the legend's words, so the marks also
read for colour-blind users. The year is read off the GUI thread (with the notice text a correction
starts from); edits run on the write thread (they recompute the cached deadlines and verdicts of
every open order and of every provisional one, completed or not — R-TIME-3..6), are audited by the
service, and bring the year back as it is now, with "N orders recomputed" under the year. Nothing
typed is lost: a notice text or a day's name that could not be saved is kept (console.views.kit
.drafts) and the next "Enter year…" or toggle of that day starts from it, with the reason it was
refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeySequence,
    QPainter,
    QPen,
    QShortcut,
    QTextCharFormat,
)
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from console import i18n
from console.rules.periods import CST
from console.services.rulebook import calendar_admin
from console.views.admin.calendar_notice_dialog import YearNoticeDialog
from console.views.kit.ask import Ask
from console.views.kit import drafts
from console.views.kit.connection import notice
from console.views.kit.ops import ReadOp, WriteOp

__all__ = ["CalendarDialog", "YearNoticeDialog", "COLOURS", "MARKS", "mark_of"]

COLOURS = {
    "holiday": QColor("#f8c4c4"),
    "adjusted_workday": QColor("#ffd98a"),
    "weekend": QColor("#ececec"),
}
INK = {"holiday": QColor("#9b1c1c"), "adjusted_workday": QColor("#7a4a00"), "weekend": QColor("#6b6b6b")}
# The marks in a day's corner: 休/班 as printed on Chinese calendars ("rest", "work"); H/W in
# English. The legend and tooltips carry the whole words.
MARKS = {"holiday": QT_TRANSLATE_NOOP("CalendarMarks", "H"),
         "adjusted_workday": QT_TRANSLATE_NOOP("CalendarMarks", "W")}


def mark_of(kind: str) -> str:
    """The day mark of `kind` in the user's language ("" for a day without one)."""
    return QCoreApplication.translate("CalendarMarks", MARKS[kind]) if kind in MARKS else ""
SELECTED = QColor("#1565c0")


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def notice_draft(year: int) -> str:
    """The kit.drafts key of the notice text typed for ``year``."""
    return drafts.key("calendar_notice", year)


def day_draft(day: dt.date) -> str:
    """The kit.drafts key of the name typed for ``day``."""
    return drafts.key("calendar_day", day.isoformat())


class MonthView(QCalendarWidget):
    """One month of the year view; paints its own cells (background from the date text format,
    the 休/班 mark, the dialog's one selected day) and leaves neighbouring months' days blank."""

    def __init__(self, month: int, parent=None):
        super().__init__(parent)
        self.month = month
        self.kinds: dict[dt.date, str] = {}
        self.picked: dt.date | None = None
        self.today: dt.date | None = None
        self.setNavigationBarVisible(False)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setGridVisible(False)
        weekend = QTextCharFormat()
        weekend.setForeground(INK["weekend"])
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(day, weekend)
        self.setMinimumSize(230, 170)

    def paintCell(self, painter: QPainter, rect: QRect, date: QDate) -> None:  # noqa: N802 - Qt API
        painter.fillRect(rect, QColor("#ffffff"))  # covers the view's own selection highlight
        if date.month() != self.month:
            return
        day = _pydate(date)
        kind = self.kinds.get(day) or ("weekend" if day.weekday() >= 5 else "workday")
        painter.save()
        cell = rect.adjusted(1, 1, -1, -1)
        painter.fillRect(cell, COLOURS.get(kind, QColor("#ffffff")))
        font = QFont(painter.font())
        font.setBold(kind == "holiday")
        painter.setFont(font)
        painter.setPen(INK.get(kind, QColor("#202020")))
        painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, str(date.day()))
        mark = mark_of(kind)
        if mark:
            small = QFont(font)
            small.setBold(False)
            small.setPointSizeF(max(6.0, font.pointSizeF() * 0.62))
            painter.setFont(small)
            painter.drawText(cell.adjusted(0, 1, -2, 0), Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight, mark)
        if day == self.today:
            painter.setPen(QPen(QColor("#455a64"), 1, Qt.PenStyle.DashLine))
            painter.drawRect(cell.adjusted(1, 1, -1, -1))
        if day == self.picked:
            painter.setPen(QPen(SELECTED, 2))
            painter.drawRect(cell.adjusted(1, 1, -1, -1))
        painter.restore()


def _swatch(colour: QColor, mark: str, text: str, parent: QWidget) -> QWidget:
    box = QWidget(parent)
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 12, 0)
    chip = QLabel(mark, box)
    chip.setFixedSize(22, 18)
    chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
    chip.setStyleSheet(f"background: {colour.name()}; border: 1px solid #b0b0b0; font-size: 10px;")
    lay.addWidget(chip)
    lay.addWidget(QLabel(text, box))
    return box


class CalendarDialog(QDialog):
    _errors: dict[str, str] = {}
    """kit.drafts key -> why that text was not saved, shown when it is offered again (in any
    calendar dialog of this console run, while the draft is kept)."""

    sig_changed = Signal()
    """The calendar was edited (the cached due times of open orders were recomputed); the year
    is on screen as it is now."""
    sig_loaded = Signal(int)
    """A year is on screen as read from the database: carries the year."""

    def __init__(self, store, *, actor_id: int | None = None, year: int | None = None,
                 clock: Callable[[], dt.datetime] | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.actor_id = actor_id
        self._clock = clock
        self._busy = False
        self._rows: dict[dt.date, calendar_admin.DayEntry] = {}
        self._notice_text = ""  # the shown year's exceptions as notice text (a correction starts from it)
        self.shown_year: int | None = None  # the year whose days are on screen
        self._selected: dt.date | None = None
        self.setWindowTitle(self.tr("Working-day calendar"))
        today = self.now().astimezone(CST).date()

        self.year_box = QSpinBox(self)
        self.year_box.setRange(2004, 2100)
        self.year_box.setValue(year or today.year)
        self.year_box.setAccessibleName(self.tr("Year"))
        self.year_box.valueChanged.connect(self.refresh)
        self.status = QLabel(self)
        self.status.setObjectName("calendarStatus")
        self.import_btn = QPushButton(self)
        self.import_btn.clicked.connect(self._import_year)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Year:"), self))
        top.addWidget(self.year_box)
        top.addWidget(self.status, 1)
        top.addWidget(self.import_btn)

        grid_host = QWidget(self)
        grid = QGridLayout(grid_host)
        grid.setSpacing(10)
        self.months: list[MonthView] = []
        self.month_titles: list[QLabel] = []
        locale = QLocale()
        for m in range(1, 13):
            frame = QFrame(grid_host)
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            inner = QVBoxLayout(frame)
            inner.setContentsMargins(4, 4, 4, 4)
            inner.setSpacing(2)
            title = QLabel(locale.standaloneMonthName(m), frame)
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            title.setStyleSheet("font-weight: 600;")
            cal = MonthView(m, frame)
            cal.today = today
            cal.clicked.connect(self._picked)
            cal.activated.connect(self._picked)
            inner.addWidget(title)
            inner.addWidget(cal, 1)
            self.months.append(cal)
            self.month_titles.append(title)
            grid.addWidget(frame, (m - 1) // 4, (m - 1) % 4)

        legend = QHBoxLayout()
        legend.addWidget(_swatch(COLOURS["holiday"], mark_of("holiday"), self.tr("Public holiday"), self))
        legend.addWidget(_swatch(COLOURS["adjusted_workday"], mark_of("adjusted_workday"),
                                 self.tr("Adjusted working day (weekend worked)"), self))
        legend.addWidget(_swatch(COLOURS["weekend"], "", self.tr("Weekend"), self))
        legend.addWidget(_swatch(QColor("#ffffff"), "", self.tr("Working day"), self))
        legend.addStretch(1)

        self.day_info = QLabel(self.tr("Click a day to see or change it."), self)
        self.outcome = QLabel(self)  # what the last save did ("N orders recomputed") or why it failed
        self.outcome.setObjectName("calendarOutcome")
        self.outcome.setWordWrap(True)
        self.toggle_btn = QPushButton(self.tr("&Toggle selected day…"), self)
        # not the button's own shortcut: its text (and so its Alt mnemonic) changes with the day
        QShortcut(QKeySequence("Ctrl+T"), self, self._toggle_selected)
        self.toggle_btn.setEnabled(False)
        self.toggle_btn.clicked.connect(self._toggle_selected)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.day_info, 1)
        bottom.addWidget(self.toggle_btn)
        bottom.addWidget(close)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(grid_host, 1)
        lay.addLayout(legend)
        lay.addWidget(self.outcome)
        lay.addLayout(bottom)
        self.resize(1180, 780)
        self.refresh()

    # -- questions (classmethods so tests can monkeypatch them) --------------------------------
    @classmethod
    def ask_day_name(cls, parent, day: dt.date, to_working: bool, current_name: str) -> str | None:
        """The name for a day about to change (e.g. the holiday); None when cancelled. A name whose
        save failed is offered again (kit.drafts), with the reason."""
        what = parent.tr("a working day") if to_working else parent.tr("a day off")
        label = parent.tr("{0} becomes {1}. Name (e.g. the festival; may be empty):").format(day.isoformat(), what)
        error = parent._errors.get(day_draft(day)) if isinstance(parent, CalendarDialog) else None
        if error and drafts.has(day_draft(day)):
            label = parent.tr("Not saved: {0}").format(error) + "\n" + label
        name, ok = QInputDialog.getText(
            parent, parent.tr("Change {0}").format(day.isoformat()), label,
            QLineEdit.EchoMode.Normal, drafts.recall(day_draft(day), current_name))
        return name.strip() if ok else None

    @classmethod
    def edit(cls, parent, store, *, actor_id: int | None, year: int | None = None,
             clock: Callable[[], dt.datetime] | None = None) -> bool:
        """Show the dialog modally; True when the calendar was changed."""
        dlg = cls(store, actor_id=actor_id, year=year, clock=clock, parent=parent)
        changed: list[bool] = []
        dlg.sig_changed.connect(lambda: changed.append(True))
        dlg.exec()
        return bool(changed)

    # -- state -----------------------------------------------------------------------------------
    def now(self) -> dt.datetime:
        return self._clock() if self._clock else dt.datetime.now(dt.timezone.utc)

    @property
    def year(self) -> int:
        return self.year_box.value()

    def _reader(self, year: int):
        store = self.store
        return lambda: (year, calendar_admin.calendar_rows(store, year), calendar_admin.year_notice_text(store, year))

    def refresh(self) -> None:
        """Read the year off the GUI thread (only the newest year asked for lands)."""
        self._show_selected()  # another year than the one on screen: its days are not known yet
        ReadOp(self, self._reader(self.year), self._show_year).failure(self._not_read).latest("year").run()

    def _not_read(self, exc: BaseException) -> None:
        notice(exc)  # out of reach: the banner says so too
        self.status.setText(self.tr("{0}: could not be read: {1}").format(self.year, i18n.render(exc)))
        self.status.setStyleSheet("color: #b00020; font-weight: 600;")

    def _show_year(self, got) -> None:
        year, rows, notice_text = got
        if year != self.year:
            return
        self._rows = {e.day: e for e in rows}
        self._notice_text = notice_text
        self.shown_year = year
        complete = len(self._rows) == (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
        if complete:
            holidays = sum(1 for e in self._rows.values() if e.kind == "holiday")
            adjusted = sum(1 for e in self._rows.values() if e.kind == "adjusted_workday")
            self.status.setText(self.tr("{0}: official calendar entered — {1} holidays, {2} adjusted working days")
                                .format(year, holidays, adjusted))
            self.status.setStyleSheet("color: #1b5e20; font-weight: 600;")
            self.import_btn.setText(self.tr("&Correct year from notice…"))
        else:
            self.status.setText(self.tr("{0}: not entered — working-day deadlines in {0} are provisional "
                                        "(Monday–Friday assumed)").format(year))
            self.status.setStyleSheet("color: #8a5a00; font-weight: 600;")
            self.import_btn.setText(self.tr("&Enter year from notice…"))
        if self._selected is not None and self._selected.year != year:
            self._selected = None
        for m, cal in enumerate(self.months, start=1):
            first = QDate(year, m, 1)
            cal.blockSignals(True)
            cal.setDateRange(first, first.addMonths(1).addDays(-1))
            cal.setCurrentPage(year, m)
            cal.setDateTextFormat(QDate(), QTextCharFormat())  # clear every date format
            cal.blockSignals(False)
            cal.kinds = {d: e.kind for d, e in self._rows.items() if d.month == m}
            cal.picked = self._selected
            for day, entry in self._rows.items():
                if day.month == m and entry.kind != "workday":
                    cal.setDateTextFormat(_qdate(day), self._format(entry))
            cal.update()
        self._set_busy(self._busy)
        self._show_selected()
        self.sig_loaded.emit(year)

    def _format(self, e: calendar_admin.DayEntry) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setBackground(COLOURS[e.kind])
        fmt.setForeground(INK[e.kind])
        words = {"holiday": self.tr("Public holiday"), "adjusted_workday": self.tr("Adjusted working day"),
                 "weekend": self.tr("Weekend")}[e.kind]
        fmt.setToolTip(f"{e.day.isoformat()} · {words}" + (f" · {e.name}" if e.name else ""))
        if e.kind == "holiday":
            fmt.setFontWeight(QFont.Weight.Bold)
        return fmt

    def day_entry(self, day: dt.date) -> calendar_admin.DayEntry | None:
        return self._rows.get(day) if day.year == self.year else None

    # -- selection and edits ---------------------------------------------------------------------
    def select_day(self, day: dt.date) -> None:
        if day.year != self.year:
            self.year_box.setValue(day.year)
        self._picked(_qdate(day))

    def _picked(self, qdate: QDate) -> None:
        self._selected = _pydate(qdate)
        for cal in self.months:
            cal.picked = self._selected
            cal.update()
        self._show_selected()

    def _working(self, day: dt.date) -> bool:
        e = self.day_entry(day)
        return e.is_workday if e else day.weekday() < 5

    def _ready(self) -> bool:
        """The days of the year chosen are on screen and no save runs: a day may be changed."""
        return not self._busy and self.shown_year == self.year

    def _show_selected(self) -> None:
        day = self._selected
        self.toggle_btn.setEnabled(day is not None and self._ready())
        if day is None:
            self.day_info.setText(self.tr("Click a day to see or change it."))
            self.toggle_btn.setText(self.tr("&Toggle selected day…"))
            return
        e = self.day_entry(day)
        kind = e.kind if e else ("weekend" if day.weekday() >= 5 else "workday")
        words = {"holiday": self.tr("public holiday"), "adjusted_workday": self.tr("adjusted working day"),
                 "weekend": self.tr("weekend"), "workday": self.tr("working day")}[kind]
        weekday = QLocale().toString(_qdate(day), "dddd")
        if e is None:
            text = self.tr("{0} {1}: {2} (not entered: Monday–Friday assumed)").format(weekday, day.isoformat(), words)
        elif e.name:
            text = self.tr("{0} {1}: {2} — {3}").format(weekday, day.isoformat(), words, e.name)
        else:
            text = self.tr("{0} {1}: {2}").format(weekday, day.isoformat(), words)
        self.day_info.setText(text)
        self.toggle_btn.setText(self.tr("Make it a day &off…") if self._working(day)
                                else self.tr("Make it a &working day…"))

    def _toggle_selected(self) -> None:
        day = self._selected
        if day is None or not self._ready():
            return
        working = self._working(day)
        e = self.day_entry(day)
        name = self.ask_day_name(self, day, not working, e.name if e else "")
        if name is None:
            return
        store, actor, now = self.store, self.actor_id, self.now()
        self._run(lambda progress: calendar_admin.set_day(store, day, is_workday=not working, name=name,
                                                          actor_id=actor, now=now, progress=progress),
                  (day_draft(day), name))

    def _import_year(self) -> None:
        if not self._ready():
            return
        year = self.year
        key = notice_draft(year)
        text = YearNoticeDialog.ask(self, year, drafts.recall(key, self._notice_text),
                                    error=self._errors.get(key) if drafts.has(key) else None)
        if text is None:
            return
        store, actor, now = self.store, self.actor_id, self.now()
        self._run(lambda progress: calendar_admin.import_year(store, year, text, actor_id=actor, now=now,
                                                              progress=progress).recomputed, (key, text))

    def _run(self, fn: Callable[[Callable[[float, str], None]], int], draft: tuple[str, str]) -> None:
        """Save off the GUI thread: the deadlines of open and provisional orders are recomputed (in
        batches, their progress shown); then the year is read again in the same worker. The typed
        text (`draft`: kit.drafts key, text) is kept until the save succeeds."""
        self._set_busy(True)
        self.outcome.setStyleSheet("")
        self.outcome.setText(self.tr("Saving — recomputing the deadlines of open and provisional orders…"))
        read = self._reader(self.year)
        key, text = draft

        def work(progress):
            recomputed = fn(progress)
            try:
                return recomputed, read()
            except Exception:  # noqa: BLE001 - saved all the same: the year is read again below
                return recomputed, None

        def saved(got) -> None:
            self._errors.pop(key, None)
            self._saved(*got)

        def failed(exc: BaseException) -> None:
            self._errors[key] = i18n.render(exc)
            self._failed(exc)

        (WriteOp(self, work, saved).keeps(key, text).failure(failed)
         .progress(lambda fraction, _message: self.outcome.setText(
             self.tr("Saving — recomputing the deadlines of open and provisional orders… {0}%")
             .format(round(100 * fraction))))
         .run())

    def _saved(self, recomputed: int, got) -> None:
        self._set_busy(False)
        if got is None:
            self.refresh()
        else:
            self._show_year(got)
        self.outcome.setStyleSheet("color: #1b5e20;")
        self.outcome.setText(self.tr("Saved: %n order(s) recomputed (open orders and provisional verdicts).", "",
                                     recomputed))
        self.sig_changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        why = i18n.render(exc)
        self.outcome.setStyleSheet("color: #b00020; font-weight: 600;")
        if notice(exc):  # out of reach: the banner says so; the dialog stays as it was
            self.outcome.setText(self.tr("Nothing was saved: {0}. Try again once the database is back.").format(why)
                                 + " " + drafts.kept_line())
            return
        self.outcome.setText(self.tr("Nothing was saved: {0}").format(why) + " " + drafts.kept_line())
        self.refresh()
        Ask.tell(self, self.windowTitle(), self.tr("Nothing was saved: {0}").format(why) + "\n" + drafts.kept_line())

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.import_btn.setEnabled(not busy)
        self.year_box.setEnabled(not busy)
        self.toggle_btn.setEnabled(self._ready() and self._selected is not None)

    def reject(self) -> None:
        if not self._busy:  # a save in flight finishes first (its result lands in this dialog)
            super().reject()
