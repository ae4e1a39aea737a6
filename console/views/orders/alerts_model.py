"""AlertsModel adapts a plain list of services.escalation.Alert to the alerts table.

Rows are kept unacknowledged first, then newest first (the order the service returns within
each group). Texts are translated at load; the model holds no database state.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStyle

from console import i18n
from console.services.orders.escalation import Alert
from console.views.kit.labels import china_time, clock_label, kind_label, level_label, target_label

AlertIdRole = Qt.ItemDataRole.UserRole + 1
"""The escalated event's id (the alert's identity)."""
OrderIdRole = Qt.ItemDataRole.UserRole + 2
"""The order's database id."""
AlertRole = Qt.ItemDataRole.UserRole + 3
"""The whole Alert."""

COLUMNS = ("level", "order", "clock", "target", "reason", "fired", "acknowledged")


def _sort_key(a: Alert):
    return (a.acknowledged, -a.fired_at.timestamp(), -a.event_id)


class AlertsModel(QAbstractTableModel):
    """Escalations of one branch (plain Alert values from console.services.orders.escalation)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Alert] = []
        self._headers = {
            "level": self.tr("Level"), "order": self.tr("Order"), "clock": self.tr("Clock"),
            "target": self.tr("Who must act"), "reason": self.tr("Reason"), "fired": self.tr("Fired"),
            "acknowledged": self.tr("Acknowledged"),
        }
        self._bold = QFont()
        self._bold.setBold(True)
        self._urgent_icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)

    # ---- data in ---------------------------------------------------------------------------
    def set_alerts(self, alerts: list[Alert]) -> None:
        self.beginResetModel()
        self._rows = sorted(alerts, key=_sort_key)
        self.endResetModel()

    def alert_at(self, row: int) -> Alert | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, event_id: int) -> int:
        for i, a in enumerate(self._rows):
            if a.event_id == event_id:
                return i
        return -1

    def unacknowledged(self) -> int:
        return sum(not a.acknowledged for a in self._rows)

    # ---- texts ------------------------------------------------------------------------------
    def level_text(self, a: Alert) -> str:
        return level_label(a.level)

    def target_text(self, a: Alert) -> str:
        who = target_label(a.target)
        return f"{who} · {a.target_person}" if a.target_person else who

    def _text(self, a: Alert, col: str) -> str:
        if col == "level":
            return self.level_text(a)
        if col == "order":
            return a.order_number
        if col == "clock":
            return clock_label(a.clock) if a.clock else self.tr("Whole order")
        if col == "target":
            return self.target_text(a)
        if col == "reason":
            reason = i18n.render(a.reason)  # a ladder reason in the user's language; a manual one as typed
            return self.tr("{0} (by {1})").format(reason, a.fired_by) if a.fired_by else reason
        if col == "fired":
            return china_time(a.fired_at)
        if a.acknowledged:
            return self.tr("{0}, {1}").format(a.acknowledged_by or self.tr("unknown"), china_time(a.acknowledged_at))
        return self.tr("No")

    # ---- Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        a = self._rows[index.row()]
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(a, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == "order":
                return f"{kind_label(a.order_kind)} · {a.district}"
            return self._text(a, col)
        if role == Qt.ItemDataRole.FontRole and not a.acknowledged:
            return self._bold
        if role == Qt.ItemDataRole.DecorationRole and col == "level" and a.urgent:
            return self._urgent_icon  # a shape, not colour alone
        if role == AlertIdRole:
            return a.event_id
        if role == OrderIdRole:
            return a.order_id
        if role == AlertRole:
            return a
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return self._headers[COLUMNS[section]]
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
