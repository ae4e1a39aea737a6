"""AlertsModel adapts a plain list of services.escalation.Alert to the alerts tree: one row per
order, its alerts below it.

An order climbs the ladder once per level (rules.escalation, R-TIME-11), so an order's row says
how high it went and how much of it is still unacknowledged; its alerts are the children. Orders
with something unacknowledged come first, the highest level first, then the soonest due; within
an order, unacknowledged alerts first, the highest level first, then the newest. Texts are
translated at load; the model holds no database state.

R-TIME-8: an exemption reported to the branch head is a row like an escalation, its level
"Customer unreachable (R-TIME-8)", its reason the written one and who recorded it. R-TIME: an
escalation fired on a provisional due says "(provisional)" in its level and its reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStyle

from console import i18n
from console.services.orders.escalation import Alert
from console.views.kit.labels import china_time, clock_label, kind_label, level_label, target_label

AlertIdRole = Qt.ItemDataRole.UserRole + 1
"""An alert row: the escalated event's id (the alert's identity); an order row: None."""
OrderIdRole = Qt.ItemDataRole.UserRole + 2
"""The order's database id (both kinds of row)."""
AlertRole = Qt.ItemDataRole.UserRole + 3
"""An alert row: the whole Alert; an order row: None."""
GroupRole = Qt.ItemDataRole.UserRole + 4
"""An order row: its OrderAlerts; an alert row: None."""

COLUMNS = ("level", "order", "due", "clock", "target", "reason", "fired", "acknowledged")
_FAR = dt.datetime.max.replace(tzinfo=dt.timezone.utc)
_TOP = 0  # internal id of an order row; an alert row's is its order row's position + 1


@dataclass(frozen=True, slots=True)
class OrderAlerts:
    """One order's alerts, as the tree's top row shows them."""

    order_id: int
    order_number: str
    alerts: tuple[Alert, ...]  # in the model's order: the first is the one the row speaks of

    @property
    def top(self) -> Alert:
        return self.alerts[0]

    @property
    def open(self) -> tuple[Alert, ...]:
        return tuple(a for a in self.alerts if not a.acknowledged)

    @property
    def due_at(self) -> dt.datetime | None:
        return self.top.due_at

    @property
    def urgent(self) -> bool:
        return any(a.urgent for a in self.open)


def _alert_key(a: Alert):
    return (a.acknowledged, -a.weight, -a.fired_at.timestamp(), -a.event_id)


def _group_key(g: OrderAlerts):
    return (not g.open, -g.top.weight, g.due_at or _FAR, g.order_number)


def grouped(alerts: list[Alert]) -> list[OrderAlerts]:
    """The alerts by order, sorted as the module doc says."""
    by_order: dict[int, list[Alert]] = {}
    for a in alerts:
        by_order.setdefault(a.order_id, []).append(a)
    groups = [OrderAlerts(oid, rows[0].order_number, tuple(sorted(rows, key=_alert_key)))
              for oid, rows in by_order.items()]
    return sorted(groups, key=_group_key)


class AlertsModel(QAbstractItemModel):
    """Escalations of one branch (plain Alert values from console.services.orders.escalation),
    grouped by order."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._groups: list[OrderAlerts] = []
        self._headers = {
            "level": self.tr("Level"), "order": self.tr("Order"), "due": self.tr("Due"), "clock": self.tr("Clock"),
            "target": self.tr("Who must act"), "reason": self.tr("Reason"), "fired": self.tr("Fired"),
            "acknowledged": self.tr("Acknowledged"),
        }
        self._bold = QFont()
        self._bold.setBold(True)
        style = QApplication.style()
        self._urgent_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._info_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)

    # ---- data in ---------------------------------------------------------------------------
    def set_alerts(self, alerts: list[Alert]) -> None:
        self.beginResetModel()
        self._groups = grouped(alerts)
        self.endResetModel()

    @property
    def groups(self) -> list[OrderAlerts]:
        return list(self._groups)

    def alerts(self) -> list[Alert]:
        return [a for g in self._groups for a in g.alerts]

    def group_of(self, index: QModelIndex | QPersistentModelIndex) -> OrderAlerts | None:
        """The order row of `index` (an order row or one of its alerts)."""
        if not index.isValid():
            return None
        pos = index.row() if index.internalId() == _TOP else index.internalId() - 1
        return self._groups[pos] if 0 <= pos < len(self._groups) else None

    def alert_of(self, index: QModelIndex | QPersistentModelIndex) -> Alert | None:
        """The alert of an alert row; None for an order row."""
        if not index.isValid() or index.internalId() == _TOP:
            return None
        g = self.group_of(index)
        return g.alerts[index.row()] if g is not None and 0 <= index.row() < len(g.alerts) else None

    def order_index(self, order_id: int, column: int = 0) -> QModelIndex:
        for i, g in enumerate(self._groups):
            if g.order_id == order_id:
                return self.index(i, column)
        return QModelIndex()

    def alert_index(self, event_id: int, column: int = 0) -> QModelIndex:
        for i, g in enumerate(self._groups):
            for j, a in enumerate(g.alerts):
                if a.event_id == event_id:
                    return self.index(j, column, self.index(i, 0))
        return QModelIndex()

    def unacknowledged(self) -> int:
        return sum(len(g.open) for g in self._groups)

    def orders_unacknowledged(self) -> int:
        return sum(1 for g in self._groups if g.open)

    # ---- texts ------------------------------------------------------------------------------
    def level_text(self, a: Alert) -> str:
        if a.exemption:  # R-TIME-8: reported to the branch head
            return self.tr("Customer unreachable (R-TIME-8)")
        if a.provisional:  # R-TIME: the due rests on a year whose calendar is not entered
            return self.tr("{0} (provisional)").format(level_label(a.level))
        return level_label(a.level)

    def target_text(self, a: Alert) -> str:
        if a.exemption:
            who = self.tr("Branch head")
            return f"{who} · {a.target_person or self.tr('nobody named')}"
        who = target_label(a.target)
        return f"{who} · {a.target_person}" if a.target_person else who

    def _reason(self, a: Alert) -> str:
        reason = i18n.render(a.reason)  # a ladder reason in the user's language; a manual one as typed
        if a.exemption:  # R-TIME-8: the written reason, and who filed it
            return self.tr("{0} (recorded by {1})").format(reason, a.fired_by) if a.fired_by else reason
        return self.tr("{0} (by {1})").format(reason, a.fired_by) if a.fired_by else reason

    def _acknowledged(self, a: Alert) -> str:
        if not a.acknowledged:
            return self.tr("No")
        text = self.tr("{0}, {1}").format(a.acknowledged_by or self.tr("unknown"), china_time(a.acknowledged_at))
        return self.tr("{0}: {1}").format(text, a.note) if a.note else text

    def _alert_text(self, a: Alert, col: str) -> str:
        if col == "level":
            return self.level_text(a)
        if col == "order":
            return a.order_number
        if col == "due":
            return china_time(a.due_at)
        if col == "clock":
            return clock_label(a.clock) if a.clock else self.tr("Whole order")
        if col == "target":
            return self.target_text(a)
        if col == "reason":
            return self._reason(a)
        if col == "fired":
            return china_time(a.fired_at)
        return self._acknowledged(a)

    def _group_text(self, g: OrderAlerts, col: str) -> str:
        a = g.top
        if col == "clock":
            return (self.tr("{0} escalations").format(len(g.alerts)) if len(g.alerts) > 1
                    else self._alert_text(a, col))
        if col == "acknowledged":
            if len(g.alerts) == 1:
                return self._acknowledged(a)
            if not g.open:
                return self.tr("All")
            return self.tr("{0} of {1} open").format(len(g.open), len(g.alerts))
        if col == "fired":
            return china_time(max(x.fired_at for x in g.alerts))
        return self._alert_text(a, col)

    # ---- Qt model API ----------------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        if not (0 <= column < len(COLUMNS)) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != _TOP or parent.column() != 0:
            return QModelIndex()  # alerts have no children; only column 0 of an order row has any
        g = self.group_of(parent)
        if g is None or row >= len(g.alerts):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() != _TOP or parent.column() != 0:
            return 0
        g = self.group_of(parent)
        return len(g.alerts) if g is not None else 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.column() < len(COLUMNS)):
            return None
        g = self.group_of(index)
        if g is None:
            return None
        a = self.alert_of(index)
        if a is None and index.internalId() != _TOP:
            return None
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._alert_text(a, col) if a is not None else self._group_text(g, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            first = a or g.top
            if col == "order":
                return f"{kind_label(first.order_kind)} · {first.district}"
            return self._alert_text(a, col) if a is not None else self._group_text(g, col)
        if role == Qt.ItemDataRole.FontRole and (not a.acknowledged if a is not None else bool(g.open)):
            return self._bold
        if role == Qt.ItemDataRole.DecorationRole and col == "level":  # a shape, not colour alone
            urgent = a.urgent and not a.acknowledged if a is not None else g.urgent
            if urgent:
                return self._urgent_icon
            if a is None and g.open:
                return self._info_icon
            return None
        if role == AlertIdRole:
            return a.event_id if a is not None else None
        if role == OrderIdRole:
            return g.order_id
        if role == AlertRole:
            return a
        if role == GroupRole:
            return g if a is None else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return self._headers[COLUMNS[section]]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
