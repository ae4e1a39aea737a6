"""The amber banner: the working-day calendar of next year is not entered yet.

Working-day deadlines (R-TIME-3..6) that reach a year without the State Council's notice are
counted Monday–Friday and flagged provisional. The banner appears when the next 30 days reach such
a year and offers to enter it; it hides itself once the year is entered. The check is a ReadOp.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
)

from console.services.rulebook.calendar_status import (
    ProvisionalInfo,
    provisional_horizon,
)
from console.views.kit.ops import ReadOp

STYLE = """
#calendarBanner { background: #fff4ce; border: 1px solid #e0b040; border-radius: 4px; }
#calendarBanner QLabel { color: #5c4300; background: transparent; }
"""


class CalendarBanner(QFrame):
    sig_enter_calendar = Signal(int)
    """The user asked to enter the working-day calendar of this year (the first missing one)."""
    sig_checked = Signal(object)
    """A check finished and the banner shows its outcome: carries the ProvisionalInfo, or None."""

    def __init__(self, store, parent=None, *, days: int = 30):
        super().__init__(parent)
        self.store = store
        self.days = days
        self.info: ProvisionalInfo | None = None
        self.setObjectName("calendarBanner")
        self.setStyleSheet(STYLE)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.icon = QLabel(self)
        self.icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(20, 20))
        self.text = QLabel(self)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.button = QPushButton(self.tr("Enter the calendar…"), self)
        self.button.clicked.connect(self._enter)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.addWidget(self.icon)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.button)
        self.hide()

    def refresh(self, now: dt.datetime) -> None:
        """Ask the database (off the GUI thread) whether the next ``days`` days reach a year
        without official data; show or hide accordingly, then emit sig_checked."""
        store, days = self.store, self.days
        ReadOp(self, lambda: provisional_horizon(store, now, days), self._checked).latest("check").run()

    def _checked(self, info: ProvisionalInfo | None) -> None:
        self.show_info(info)
        self.sig_checked.emit(info)

    def show_info(self, info: ProvisionalInfo | None) -> None:
        """Show the banner for ``info`` (hide it for None): for callers that asked off-thread."""
        self.info = info
        if info is None:
            self.hide()
            return
        self.text.setText(self.tr("{0} working-day calendar not entered — deadlines after {1} are provisional")
                          .format(info.year, info.provisional_after.isoformat()))
        tip = self.tr("Working-day time limits (R-TIME-3 to R-TIME-6) that reach {0} are counted Monday–Friday "
                      "until the State Council's {0} holiday notice is entered.").format(info.year)
        self.text.setToolTip(tip)
        self.button.setToolTip(self.tr("Open the working-day calendar at {0}").format(info.year))
        self.show()

    def _enter(self) -> None:
        if self.info is not None:
            self.sig_enter_calendar.emit(self.info.year)
