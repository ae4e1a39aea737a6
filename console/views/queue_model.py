"""QueueModel adapts a plain list of services.orders.OrderRow to a Qt table.

Rows are plain data from the service layer; this model only formats them.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from console.services.orders import OrderRow
from console.views.labels import china_time, kind_label, priority_label, status_label

OrderIdRole = Qt.ItemDataRole.UserRole + 1
"""The order's database id."""
OrderRowRole = Qt.ItemDataRole.UserRole + 2
"""The whole OrderRow."""

COLUMNS = ("number", "kind", "priority", "customer", "district", "assignee", "received", "due", "status")


class QueueModel(QAbstractTableModel):
    """Open orders of one branch, one row each."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[OrderRow] = []
        self._headers = {
            "number": self.tr("Order"),
            "kind": self.tr("Kind"),
            "priority": self.tr("Priority"),
            "customer": self.tr("Customer"),
            "district": self.tr("District"),
            "assignee": self.tr("Assignee"),
            "received": self.tr("Received"),
            "due": self.tr("Due"),
            "status": self.tr("Status"),
        }

    def set_rows(self, rows: list[OrderRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> OrderRow:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(COLUMNS):
                return self._headers[COLUMNS[section]]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        if role == OrderIdRole:
            return r.id
        if role == OrderRowRole:
            return r
        if role == Qt.ItemDataRole.DisplayRole:
            col = COLUMNS[index.column()]
            match col:
                case "number":
                    return r.number
                case "kind":
                    return kind_label(r.kind)
                case "priority":
                    return priority_label(r.priority)
                case "customer":
                    return r.customer
                case "district":
                    return r.district
                case "assignee":
                    return r.assignee
                case "received":
                    return china_time(r.received_at)
                case "due":
                    return china_time(r.due_at)
                case "status":
                    return status_label(r.status)
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[index.column()] == "number":
            return self.tr("First contact (R-FIRST-1): {0}").format(r.first_contact)
        return None
