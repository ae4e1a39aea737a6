"""The 8-week calendar of planned major-client visits per owner (R-VISIT-5): one row per owner,
one column per week; overdue visits (shown on the first day, each with its planned date: R-VISIT-5)
in red."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
)

from console.services.revisits.plans import PlannedVisit

WEEKS = 8
_LATE_BG = QColor("#ffebee")
_LATE_FG = QColor("#c62828")


class PlanCalendar(QTableWidget):
    """Owners × 8 weeks; each cell lists 'MM-DD client' for the visits planned that week."""

    def __init__(self, parent=None):
        super().__init__(0, WEEKS, parent)
        self.setObjectName("PlanCalendar")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def show_calendar(self, cal: dict[str, list[PlannedVisit]], monday: dt.date, today: dt.date) -> None:
        self.clearContents()
        self.setRowCount(len(cal))
        self.setHorizontalHeaderLabels([
            self.tr("Week of {0}").format(f"{monday + dt.timedelta(weeks=k):%m-%d}") for k in range(WEEKS)])
        self.setVerticalHeaderLabels(list(cal))
        for i, visits in enumerate(cal.values()):
            cells: dict[int, list[PlannedVisit]] = {}
            for v in visits:
                cells.setdefault((v.day - monday).days // 7, []).append(v)
            for k, vs in cells.items():
                if not 0 <= k < WEEKS:
                    continue
                # an overdue visit from before the calendar shows on its first day, with its planned date
                lines = [f"{(v.due or v.day):%m-%d} {v.customer}" + (self.tr(" (overdue)") if v.overdue else "")
                         for v in vs]
                item = QTableWidgetItem("\n".join(lines))
                item.setData(Qt.ItemDataRole.UserRole, [v.plan_id for v in vs])
                if any(v.overdue for v in vs):
                    item.setBackground(QBrush(_LATE_BG))
                    item.setForeground(QBrush(_LATE_FG))
                self.setItem(i, k, item)

    def cell_text(self, owner_row: int, week: int) -> str:
        item = self.item(owner_row, week)
        return item.text() if item else ""
