"""QueueModel adapts a plain list of services.orders.OrderRow to the dispatch queue table.

It filters and sorts its own index list on keys precomputed once per load (not a
QSortFilterProxyModel calling data() per cell), and its 1 s tick names only the
visible rows and the countdown columns in dataChanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from console.rules import urgency
from console.services.orders.queue import OrderRow
from console.views.kit import band_style
from console.views.kit.labels import (
    china_time,
    kind_label,
    priority_label,
    status_label,
)

OrderIdRole = Qt.ItemDataRole.UserRole + 1
"""The order's database id."""
OrderRowRole = Qt.ItemDataRole.UserRole + 2
"""The whole OrderRow."""
BandRole = Qt.ItemDataRole.UserRole + 3
"""The SLA band of the row now: ok | watch | risk | breached | waiting | paused | none."""

COLUMNS = ("flag", "number", "kind", "time_left", "sla", "customer", "district", "assignee",
           "received", "due", "status")
TICKING = ("time_left", "sla")


@dataclass
class QueueFilter:
    """What the dispatcher filters on; empty means everything."""

    kinds: frozenset[str] = field(default_factory=frozenset)
    district_id: int | None = None
    assignee_id: int | None = None  # -1: unassigned
    states: frozenset[str] = field(default_factory=frozenset)  # bands / waiting / paused
    text: str = ""

    def is_empty(self) -> bool:
        return not (self.kinds or self.district_id or self.assignee_id or self.states or self.text.strip())


class QueueModel(QAbstractTableModel):
    """Open orders of one branch; rows are plain OrderRow values from the service layer."""

    sig_filtered = Signal(int, int)
    """The visible rows changed: carries (shown, total)."""

    def __init__(self, parent=None, *, clock: Callable[[], dt.datetime] | None = None):
        super().__init__(parent)
        self._clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self._now = self._clock()
        self._all: list[OrderRow] = []
        self._hay: list[str] = []
        self._urgency: list[tuple] = []
        self._view: list[int] = []  # indexes into _all, filtered and sorted
        self._filter = QueueFilter()
        self._urgent: set[int] = set()  # orders with a new level-3+ escalation (issue 4)
        self._sort: tuple[str, Qt.SortOrder] = ("urgency", Qt.SortOrder.AscendingOrder)
        self._headers = {
            "flag": self.tr("!"), "number": self.tr("Order"), "kind": self.tr("Kind"),
            "time_left": self.tr("Time left"), "sla": self.tr("SLA"), "customer": self.tr("Customer"),
            "district": self.tr("District"), "assignee": self.tr("Assignee"), "received": self.tr("Received"),
            "due": self.tr("Due"), "status": self.tr("Status"),
        }

    # ---- data in ---------------------------------------------------------------------------
    def set_rows(self, rows: list[OrderRow]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._hay = [f"{r.number} {r.customer} {r.customer_phone} {r.district} {r.assignee} {r.description}".lower()
                     for r in self._all]
        self._urgency = [self._urgency_key(r) for r in self._all]
        self._now = self._clock()
        self._view = self._compute_view()
        self.endResetModel()
        self.sig_filtered.emit(len(self._view), len(self._all))

    def update_row(self, row: OrderRow | None, order_id: int) -> None:
        """Replace (or drop, when None or completed) one order after a change."""
        pos = next((i for i, r in enumerate(self._all) if r.id == order_id), None)
        rows = list(self._all)
        if pos is not None:
            rows.pop(pos)
        if row is not None and row.status != "completed":
            rows.append(row)
        self.set_rows(rows)

    @staticmethod
    def _urgency_key(r: OrderRow) -> tuple:
        priority = r.priority if r.priority != "normal" or not r.customer_major else "important"
        return urgency.sort_key(priority, r.due_at, r.response_due_at, r.status, r.sla_state, r.received_at)

    def mark_urgent(self, order_id: int, on: bool = True) -> None:
        """Highlight (or stop highlighting) an order that has a new leader-level escalation."""
        (self._urgent.add if on else self._urgent.discard)(order_id)
        row = self.row_of(order_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, 1),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole,
                                   Qt.ItemDataRole.ToolTipRole])

    def is_urgent(self, order_id: int) -> bool:
        return order_id in self._urgent

    # ---- filter and sort on precomputed keys ----------------------------------------------
    @property
    def filter(self) -> QueueFilter:
        return self._filter

    def set_filter(self, flt: QueueFilter) -> None:
        self.beginResetModel()
        self._filter = flt
        self._view = self._compute_view()
        self.endResetModel()
        self.sig_filtered.emit(len(self._view), len(self._all))

    def _compute_view(self) -> list[int]:
        f = self._filter
        text = f.text.strip().lower()
        now = self._now
        idx = []
        for i, r in enumerate(self._all):
            if f.kinds and r.kind not in f.kinds:
                continue
            if f.district_id and r.district_id != f.district_id:
                continue
            if f.assignee_id is not None and f.assignee_id != 0:
                if (f.assignee_id == -1 and r.assignee_id is not None) or (f.assignee_id > 0 and r.assignee_id != f.assignee_id):
                    continue
            if text and text not in self._hay[i]:
                continue
            if f.states and self._shown(r, now).state not in f.states:
                continue
            idx.append(i)
        return self._sorted(idx)

    def _sorted(self, idx: list[int]) -> list[int]:
        col, order = self._sort
        rev = order == Qt.SortOrder.DescendingOrder
        rows = self._all
        if col in ("urgency", "flag", "time_left", "sla", "due"):
            key = self._urgency.__getitem__
        elif col == "received":
            def key(i):
                return rows[i].received_at
        else:
            attr = {"number": "number", "kind": "kind", "customer": "customer", "district": "district",
                    "assignee": "assignee", "status": "status"}[col]

            def key(i):
                return getattr(rows[i], attr)
        return sorted(idx, key=key, reverse=rev)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        name = COLUMNS[column] if 0 <= column < len(COLUMNS) else "urgency"
        self.layoutAboutToBeChanged.emit()
        old = self._view
        self._sort = (name, order)
        self._view = self._sorted(old)
        self._remap_persistent(old)
        self.layoutChanged.emit()

    def sort_by_urgency(self) -> None:
        self.layoutAboutToBeChanged.emit()
        old = self._view
        self._sort = ("urgency", Qt.SortOrder.AscendingOrder)
        self._view = self._sorted(old)
        self._remap_persistent(old)
        self.layoutChanged.emit()

    def _remap_persistent(self, old: list[int]) -> None:
        where = {src: pos for pos, src in enumerate(self._view)}
        olds = self.persistentIndexList()
        news = []
        for p in olds:
            src = old[p.row()] if 0 <= p.row() < len(old) else None
            pos = where.get(src)
            news.append(self.index(pos, p.column()) if pos is not None else QModelIndex())
        self.changePersistentIndexList(olds, news)

    # ---- the 1 s tick ----------------------------------------------------------------------
    def tick(self, first_row: int = 0, last_row: int | None = None) -> None:
        """Move the clock on and repaint the countdown columns of rows first..last only."""
        self._now = self._clock()
        if not self._view:
            return
        last = len(self._view) - 1 if last_row is None else min(last_row, len(self._view) - 1)
        first = max(0, first_row)
        if last < first:
            return
        for name in TICKING:
            c = COLUMNS.index(name)
            self.dataChanged.emit(self.index(first, c), self.index(last, c),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole,
                                   Qt.ItemDataRole.BackgroundRole, BandRole])

    def now(self) -> dt.datetime:
        return self._now

    # ---- access ------------------------------------------------------------------------------
    def row_at(self, row: int) -> OrderRow:
        return self._all[self._view[row]]

    def row_of(self, order_id: int) -> int | None:
        for pos, i in enumerate(self._view):
            if self._all[i].id == order_id:
                return pos
        return None

    def total(self) -> int:
        return len(self._all)

    def all_rows(self) -> list[OrderRow]:
        return self._all

    @staticmethod
    def _shown(r: OrderRow, now: dt.datetime) -> urgency.Shown:
        return urgency.shown_clock(now, status=r.status, sla_state=r.sla_state, due_at=r.due_at,
                                   budget_s=r.sla_budget_s, response_due_at=r.response_due_at)

    # ---- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._view)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[COLUMNS[section]]
            if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section] == "flag":
                return self.tr("R-TIME-9: emergency, major complaint or important customer — call and we come")
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._view)):
            return None
        r = self._all[self._view[index.row()]]
        col = COLUMNS[index.column()]
        if role == OrderIdRole:
            return r.id
        if role == OrderRowRole:
            return r
        if col in TICKING or role == BandRole:
            shown = self._shown(r, self._now)
            if role == BandRole:
                return shown.state
            if col in TICKING:
                return self._ticking_data(col, r, shown, role)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "flag" and r.id in self._urgent:
                return "⚠"
            return self._display(col, r)
        if role == Qt.ItemDataRole.BackgroundRole and col in ("flag", "number") and r.id in self._urgent:
            return band_style.band_brush("breached")
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == "number":
                return self.tr("First contact (R-FIRST-1): {0}").format(r.first_contact)
            if col == "flag" and r.id in self._urgent:
                return self.tr("Escalated to a leader: acknowledge it in the Escalations panel")
            if col == "flag" and self._flagged(r):
                return priority_label(r.priority if r.priority != "normal" else "important")
        if role == Qt.ItemDataRole.FontRole and col == "flag" and self._flagged(r):
            return band_style.bold_font()
        return None

    @staticmethod
    def _flagged(r: OrderRow) -> bool:
        return r.priority != "normal" or r.customer_major

    def _display(self, col: str, r: OrderRow):
        match col:
            case "flag":
                return "!" if self._flagged(r) else ""
            case "number":
                return r.number
            case "kind":
                return kind_label(r.kind)
            case "customer":
                return r.customer
            case "district":
                return r.district
            case "assignee":
                return r.assignee or self.tr("(unassigned)")
            case "received":
                return china_time(r.received_at)
            case "due":
                return china_time(r.due_at) + (self.tr(" (provisional)") if r.sla_provisional else "")
            case "status":
                text = status_label(r.status)
                if r.visit_to is not None and r.arrived_at is None and self._now > r.visit_to:
                    text += self.tr(" · visit window missed")  # R-PROM-7
                return text
        return None

    def _ticking_data(self, col: str, r: OrderRow, shown: urgency.Shown, role):
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "sla":
                return band_style.band_text(shown.state)
            if shown.state == urgency.WAITING:
                return self.tr("waiting for materials")
            if shown.state == urgency.PAUSED:
                return self.tr("paused")
            if shown.remaining is None:
                return "—"
            text = urgency.countdown_text(shown.remaining)
            if shown.clock == "first_response":
                text = self.tr("reply {0}").format(text)
            if r.sla_provisional:
                text += self.tr(" provisional")
            return text
        if role == Qt.ItemDataRole.DecorationRole and col == "sla":
            return band_style.band_icon(shown.state)
        if role == Qt.ItemDataRole.BackgroundRole:
            return band_style.band_brush(shown.state)
        if role == Qt.ItemDataRole.ToolTipRole:
            return band_style.band_tooltip(shown.state)
        return None
