"""Calendar dialog: a year view of the official working-day calendar, editable by an admin.

Working days plain, weekends grey, holidays red with their name, adjusted working
weekends amber with a "班" mark — colour plus a tooltip and the legend's words, so
the marks also read for colour-blind users.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from console.rules.calendar_notice import NoticeFormatError, parse_year_notice
from console.services import calendar_admin

COLOURS = {
    "holiday": QColor("#f4b6b6"),
    "adjusted_workday": QColor("#ffd27f"),
    "weekend": QColor("#e4e4e4"),
}

NOTICE_EXAMPLE = """# one line per holiday range or adjusted working day; other days follow Monday–Friday
{y}-01-01 .. {y}-01-03  holiday  New Year's Day
{y}-02-06 .. {y}-02-13  holiday  Spring Festival
{y}-02-14               workday  Spring Festival (adjusted)
"""


class YearNoticeDialog(QDialog):
    """Paste or type a year's schedule from the State Council notice; validated before saving."""

    def __init__(self, year: int, parent=None):
        super().__init__(parent)
        self.year = year
        self.setWindowTitle(self.tr("Enter the {0} working-day calendar").format(year))
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(NOTICE_EXAMPLE.format(y=year))
        self.message = QLabel(self.tr("Holidays and adjusted working days from the notice; other days follow Monday–Friday."), self)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.message)
        lay.addWidget(self.editor)
        lay.addWidget(buttons)
        self.resize(620, 420)

    def text(self) -> str:
        return self.editor.toPlainText()

    def _check_and_accept(self) -> None:
        try:
            days = parse_year_notice(self.year, self.text())
        except NoticeFormatError as exc:
            self.message.setText(self.tr("Not saved: {0}").format(exc))
            self.message.setStyleSheet("color: #b00020;")
            return
        holidays = sum(1 for d in days if d.kind == "holiday")
        adjusted = sum(1 for d in days if d.kind == "adjusted_workday")
        if holidays == 0:
            self.message.setText(self.tr("Not saved: the text names no holiday — is this the right notice?"))
            self.message.setStyleSheet("color: #b00020;")
            return
        self.summary = (holidays, adjusted)
        self.accept()


class CalendarDialog(QDialog):
    sig_changed = Signal()
    """The calendar was edited (cached due times of open orders were recomputed)."""

    def __init__(self, store, *, actor_id: int | None = None, year: int | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.actor_id = actor_id
        self.setWindowTitle(self.tr("Working-day calendar"))
        self.year_box = QSpinBox(self)
        self.year_box.setRange(2004, 2100)
        self.year_box.setValue(year or dt.date.today().year)
        self.year_box.valueChanged.connect(self.refresh)
        self.status = QLabel(self)
        self.toggle_btn = QPushButton(self.tr("&Toggle selected day"), self)
        self.toggle_btn.setShortcut(QKeySequence("Ctrl+T"))
        self.toggle_btn.clicked.connect(self._toggle_selected)
        self.import_btn = QPushButton(self.tr("&Enter year from notice…"), self)
        self.import_btn.clicked.connect(self._import_year)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Year:"), self))
        top.addWidget(self.year_box)
        top.addWidget(self.status, 1)
        top.addWidget(self.toggle_btn)
        top.addWidget(self.import_btn)

        grid_host = QWidget(self)
        grid = QGridLayout(grid_host)
        self.months: list[QCalendarWidget] = []
        for m in range(12):
            cal = QCalendarWidget(grid_host)
            cal.setNavigationBarVisible(False)
            cal.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
            cal.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            cal.setGridVisible(True)
            cal.clicked.connect(self._picked)
            self.months.append(cal)
            grid.addWidget(cal, m // 4, m % 4)
        legend = QLabel(
            self.tr("Legend: red = public holiday (休), amber = adjusted working weekend (班), grey = weekend, white = working day"),
            self,
        )
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(grid_host, 1)
        lay.addWidget(legend)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        lay.addWidget(close)
        self._selected: dt.date | None = None
        self.resize(1200, 760)
        self.refresh()

    def refresh(self) -> None:
        year = self.year_box.value()
        rows = {e.day: e for e in calendar_admin.calendar_rows(self.store, year)}
        complete = len(rows) == (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
        if complete:
            self.status.setText(self.tr("{0}: official calendar entered ({1} holidays, {2} adjusted working days)").format(
                year, sum(1 for e in rows.values() if e.kind == "holiday"),
                sum(1 for e in rows.values() if e.kind == "adjusted_workday")))
        else:
            self.status.setText(self.tr("{0}: not entered — deadlines in this year are provisional (Monday–Friday)").format(year))
        for m, cal in enumerate(self.months, start=1):
            cal.setDateRange(QDate(year, m, 1), QDate(year, m, 1).addMonths(1).addDays(-1))
            cal.setCurrentPage(year, m)
            cal.setDateTextFormat(QDate(), QTextCharFormat())  # clear
            for day, e in rows.items():
                if day.month != m or e.kind == "workday":
                    continue
                fmt = QTextCharFormat()
                fmt.setBackground(COLOURS[e.kind])
                fmt.setToolTip(f"{e.kind.replace('_', ' ')} {e.name}".strip())
                if e.kind == "holiday":
                    fmt.setFontWeight(700)
                cal.setDateTextFormat(QDate(day.year, day.month, day.day), fmt)

    def _picked(self, qdate: QDate) -> None:
        self._selected = dt.date(qdate.year(), qdate.month(), qdate.day())

    def _toggle_selected(self) -> None:
        day = self._selected
        if day is None:
            QMessageBox.information(self, self.windowTitle(), self.tr("Click a day first."))
            return
        current = {e.day: e for e in calendar_admin.calendar_rows(self.store, day.year)}.get(day)
        working = current.is_workday if current else day.weekday() < 5
        name, ok = QInputDialog.getText(
            self, self.windowTitle(),
            self.tr("{0} becomes a {1}. Name (e.g. the holiday):").format(
                day.isoformat(), self.tr("non-working day") if working else self.tr("working day")),
            text=current.name if current else "",
        )
        if not ok:
            return
        calendar_admin.set_day(self.store, day, is_workday=not working, name=name.strip(), actor_id=self.actor_id)
        self.refresh()
        self.sig_changed.emit()

    def _import_year(self) -> None:
        dlg = YearNoticeDialog(self.year_box.value(), self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        calendar_admin.import_year(self.store, dlg.year, dlg.text(), actor_id=self.actor_id)
        self.refresh()
        self.sig_changed.emit()
