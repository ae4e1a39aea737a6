"""QueueModel adapts a plain list of services.orders.OrderRow to the dispatch queue table.

It filters and sorts its own index list on keys precomputed once per load (not a
QSortFilterProxyModel calling data() per cell), and its 1 s tick names only the
visible rows and the countdown columns in dataChanged. A branch's whole queue is prepared off the
GUI thread (`queue_keys.prepare`, with `preparer_args()` taken when the read starts) and swapped
in by `take`; a partial one — the first screenful of the most urgent orders, shown while the rest
is read — makes `loading()` true, and the counters above the queue wait for the whole queue.

A change to one order (`update_row`) inserts, moves, updates or removes that one row — by binary
search on the sort keys, with beginInsertRows / beginMoveRows / beginRemoveRows — so the view's
selection, current index and persistent indexes stay, and a 100k-row queue is not reset. The
order is total (the column's key, then the order id), so every row has one place.

Provisional (R-TIME-3..6): a row whose ``sla_provisional`` is set — its resolve or first-response
due, open or closed (services.sla.cache), rests on a guessed Monday–Friday day of a year whose
calendar is not entered — says "(provisional)" in its Due and SLA columns and its time left, so a
breach on a guess is never shown as fact. The same wording is used for any row given to the model,
completed ones included (the queue itself drops an order once it is completed; its flag then shows
in the order pane and the SLA workbook).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

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
    countdown_label,
    escalation_word,
    kind_label,
    priority_label,
    status_label,
)
from console.views.orders import queue_keys
from console.views.orders.queue_counters import ESCALATED_LEVEL, URGENT, UrgentCounts, soonest_change
from console.views.orders.queue_keys import Prepared, QueueFilter

__all__ = ["COLUMNS", "TICKING", "URGENT", "BandRole", "OrderIdRole", "OrderRowRole", "Prepared", "QueueFilter", "QueueModel"]

DROP_LATER = 20_000  # a replaced queue of more rows is let go off the GUI thread (queue_keys.drop_later)
OrderIdRole = Qt.ItemDataRole.UserRole + 1
"""The order's database id."""
OrderRowRole = Qt.ItemDataRole.UserRole + 2
"""The whole OrderRow."""
BandRole = Qt.ItemDataRole.UserRole + 3
"""The SLA band of the row now: ok | watch | risk | breached | waiting | paused | none."""

COLUMNS = ("flag", "number", "kind", "time_left", "sla", "escalation", "customer", "district", "assignee",
           "received", "due", "status")
TICKING = ("time_left", "sla")
_FAR = dt.datetime.max.replace(tzinfo=dt.UTC)  # nothing moves until the rows change
class QueueModel(UrgentCounts, QAbstractTableModel):
    """Open orders of one branch; rows are plain OrderRow values from the service layer."""

    sig_filtered = Signal(int, int)
    """The visible rows changed: carries (shown, total)."""
    sig_urgent = Signal(object)
    """The counters above the queue changed: carries {URGENT key: number of open orders}."""
    sig_rows_moved = Signal()
    """Rows came, went or changed (the countdowns' ticker looks again within a second)."""

    def __init__(self, parent=None, *, clock: Callable[[], dt.datetime] | None = None):
        super().__init__(parent)
        self._clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self._now = self._clock()
        self._tick_seen: dict[tuple[int, int], tuple] = {}  # (order id, column) -> its countdown's last look
        self._tick_gate: tuple = (None, None, [])  # (from, until, rows): the rows' looks stand until then
        self._count_gate: tuple = (None, None)  # (from, until): no order's counters move until then
        self._all: list[OrderRow | None] = []  # slots; None: free since its order left the queue
        self._free: list[int] = []  # free slots, reused by the next order that arrives
        self._slot: dict[int, int] = {}  # order id -> its slot
        self._hay: list[str] = []
        self._urgency: list[tuple] = []
        self._view: list[int] = []  # slots, filtered and sorted
        self._filter = QueueFilter()
        self._sets: list[frozenset[str]] = []  # each slot's counters (URGENT) as last computed
        self._counts: dict[str, int] = dict.fromkeys(URGENT, 0)
        self._last_counts: dict[str, int] | None = None
        self._count_cursor = 0
        self._urgent: set[int] = set()  # orders with a new urgent escalation (the Escalations panel)
        self._sort: tuple[str, Qt.SortOrder] = ("urgency", Qt.SortOrder.AscendingOrder)
        self._loading: int | None = None  # only the first screenful is in: how many open orders were read
        self._headers = {
            "flag": self.tr("!"), "number": self.tr("Order"), "kind": self.tr("Kind"),
            "time_left": self.tr("Time left"), "sla": self.tr("SLA"), "escalation": self.tr("Escalated"),
            "customer": self.tr("Customer"),
            "district": self.tr("District"), "assignee": self.tr("Assignee"), "received": self.tr("Received"),
            "due": self.tr("Due"), "status": self.tr("Status"),
        }

    # ---- data in ---------------------------------------------------------------------------
    def set_rows(self, rows: list[OrderRow]) -> None:
        """A whole new queue (a branch loaded): the model resets. A big queue is prepared off the
        GUI thread instead (`queue_keys.prepare` in the reader, then `take`)."""
        self.take(queue_keys.prepare(list(rows), self._clock(), self._filter, self.sort_state()))

    def preparer_args(self) -> tuple[Callable[[], dt.datetime], QueueFilter, tuple[str, int]]:
        """This model's clock, filter and sort as they are now, for `queue_keys.prepare` off the
        GUI thread on rows just read; `take` its result."""
        return self._clock, dataclasses.replace(self._filter), self.sort_state()

    def sort_state(self) -> tuple[str, int]:
        """The column the queue is sorted on and the order (Qt.SortOrder's value), for `prepare`."""
        return self._sort[0], self._sort[1].value

    def take(self, p: Prepared) -> None:
        """Swap in a queue prepared off the GUI thread (`queue_keys.prepare`): the model resets.
        When the filter or the sort changed since the reader took them, the view is made again."""
        old = (self._all, self._hay, self._urgency, self._sets, self._view, self._slot)
        self.beginResetModel()
        self._all, self._slot, self._hay, self._urgency = p.rows, p.slot, p.hay, p.urgency
        self._sets, self._counts, self._now = p.sets, p.counts, p.now
        self._loading = p.total if p.partial else None
        self._free = []
        self._count_cursor = 0
        self._count_gate = (None, None)
        self.sig_rows_moved.emit()
        if p.flt == self._filter and p.sort == self.sort_state():
            self._view = p.view
        else:
            self._view = self._compute_view()
        self.endResetModel()
        self._counted()
        if len(old[0]) > DROP_LATER:
            queue_keys.drop_later(*old)

    def update_row(self, row: OrderRow | None, order_id: int) -> None:
        """One order changed: `row` as it is now, or None when it is gone. A completed order, or
        one that no longer matches the filter, leaves the view; a new one is inserted in its
        place; a changed one is updated, or moved when its sort key changed."""
        slot = self._slot.get(order_id)
        old = self._position(slot) if slot is not None else None
        self._count_gate = (None, None)  # an order changed: its counters' next move is not known
        self.sig_rows_moved.emit()
        if row is None or row.status == "completed":
            if slot is None:
                return
            if old is not None:
                self._remove_at(old)
            self._all[slot] = None
            self._add(self._sets[slot], -1)
            self._sets[slot] = frozenset()
            self._free.append(slot)
            del self._slot[order_id]
            self._counted()
            return
        if slot is None:
            slot = self._free.pop() if self._free else len(self._all)
            if slot == len(self._all):
                self._all.append(row)
                self._hay.append("")
                self._urgency.append(0)
                self._sets.append(frozenset())
            self._slot[order_id] = slot
        self._all[slot] = row
        self._hay[slot] = self._hay_of(row)
        self._urgency[slot] = self._urgency_key(row)
        self._add(self._sets[slot], -1)
        self._sets[slot] = self._urgent_set(row)
        self._add(self._sets[slot], 1)
        shown = self._matcher()(slot)
        if old is None:
            if shown:
                pos = self._place(slot)
                self.beginInsertRows(QModelIndex(), pos, pos)
                self._view.insert(pos, slot)
                self.endInsertRows()
        elif not shown:
            self._remove_at(old)
        else:
            pos = self._place(slot, without=old)
            if pos != old:  # a move keeps the selection and the current index on the order
                self.beginMoveRows(QModelIndex(), old, old, QModelIndex(), pos if pos < old else pos + 1)
                del self._view[old]
                self._view.insert(pos, slot)
                self.endMoveRows()
            self.dataChanged.emit(self.index(pos, 0), self.index(pos, len(COLUMNS) - 1))
        self._counted()

    def _remove_at(self, pos: int) -> None:
        self.beginRemoveRows(QModelIndex(), pos, pos)
        del self._view[pos]
        self.endRemoveRows()

    def _counted(self) -> None:
        if self._loading is not None:  # the first screenful: the counters wait for the whole queue
            self.sig_filtered.emit(len(self._view), self._loading)
            return
        self.sig_filtered.emit(len(self._view), len(self._slot))
        counts = self.urgent_counts()
        if counts != self._last_counts:
            self._last_counts = counts
            self.sig_urgent.emit(counts)

    _hay_of = staticmethod(queue_keys.hay_of)
    _urgency_key = staticmethod(queue_keys.urgency_key)

    def mark_urgent(self, order_id: int, on: bool = True) -> None:
        """Highlight (or stop highlighting) an order that has a new urgent escalation."""
        (self._urgent.add if on else self._urgent.discard)(order_id)
        row = self.row_of(order_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, 1),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole,
                                   Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole])

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
        self._counted()

    def _matcher(self) -> Callable[[int], bool]:
        """Whether the order in a slot passes the filter (its state as of the last tick)."""
        return queue_keys.matcher(self._filter, self._all, self._hay, self._now)

    def _compute_view(self) -> list[int]:
        match = self._matcher()
        return self._sorted([i for i in range(len(self._all)) if match(i)])

    def _key(self) -> Callable[[int], Any]:
        """The sort key of a slot: the column's value, then the order id (a total order)."""
        return queue_keys.sort_key(self._sort[0], self._all, self._urgency)

    def _descending(self) -> bool:
        return self._sort[1] == Qt.SortOrder.DescendingOrder

    def _sorted(self, idx: list[int]) -> list[int]:
        return sorted(idx, key=self._key(), reverse=self._descending())

    def _place(self, slot: int, *, without: int | None = None) -> int:
        """Where `slot` belongs in the view (binary search on the keys); `without`: a position
        of the view to leave out (the slot's own, when it moves)."""
        key, desc, view = self._key(), self._descending(), self._view
        k = key(slot)
        lo, hi = 0, len(view) - (without is not None)
        while lo < hi:
            mid = (lo + hi) // 2
            km = key(view[mid if without is None or mid < without else mid + 1])
            if (k < km) if desc else (km < k):
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _position(self, slot: int) -> int | None:
        """The view row of `slot`, or None when the filter hides it."""
        pos = self._place(slot)
        return pos if pos < len(self._view) and self._view[pos] == slot else None

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
        """Move the clock on and repaint the countdown columns of rows first..last only; the
        counters above the queue follow the clock every few seconds."""
        self._now = self._clock()
        if self._loading is not None:
            self._tick_rows(first_row, last_row)
            return
        self._catch_up()
        counts = self.urgent_counts()
        if counts != self._last_counts:
            self._last_counts = counts
            self.sig_urgent.emit(counts)
        self._tick_rows(first_row, last_row)

    def _tick_rows(self, first_row: int, last_row: int | None) -> None:
        if not self._view:
            return
        last = len(self._view) - 1 if last_row is None else min(last_row, len(self._view) - 1)
        first = max(0, first_row)
        if last < first:
            return
        # repaint only the countdown cells whose text or band moved since the last tick: they change
        # once a minute, the tick comes every second (a quiet console should cost next to nothing)
        now, rows = self._now, [self._all[self._view[r]] for r in range(first, last + 1)]
        was_from, was_next, was_rows = self._tick_gate
        if was_next is not None and was_from <= now < was_next and len(rows) == len(was_rows) \
                and all(a is b for a, b in zip(rows, was_rows, strict=True)):
            return  # the same rows, and none of them can look different yet (rules.urgency.look_changes_in)
        self._tick_gate = (now, soonest_change(rows, now) or _FAR, rows)
        seen = self._tick_seen
        roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
                 BandRole)
        for name in TICKING:
            c = COLUMNS.index(name)
            lo = hi = None
            for r in range(first, last + 1):
                index = self.index(r, c)
                key = (self._all[self._view[r]].id, c)
                look = tuple(self.data(index, role) for role in roles)
                if seen.get(key) != look:
                    seen[key] = look
                    lo = r if lo is None else lo
                    hi = r
            if lo is not None:
                self.dataChanged.emit(self.index(lo, c), self.index(hi, c),
                                      [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole,
                                       Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, BandRole])
        if len(seen) > 4 * max(64, last - first + 1):
            seen.clear()  # rows scrolled past or gone: what they looked like is not needed

    def now(self) -> dt.datetime:
        return self._now

    def clock(self) -> dt.datetime:
        """The time now (the model's clock, not the last tick's)."""
        return self._clock()

    def tick_until(self) -> dt.datetime | None:
        """When the visible rows' countdowns or the counters can next move (kit.ticker; None: not
        known, tick again in a second). Valid for the rows of the last tick: a change of rows,
        scroll or size pokes the ticker (`sig_rows_moved`, the panel)."""
        if self._loading is not None:
            return None
        rows = self._tick_gate[1] if self._view else _FAR
        counts = self._count_gate[1] if self._all else _FAR
        if rows is None or counts is None:
            return None
        return min(rows, counts)

    # ---- access ------------------------------------------------------------------------------
    def row_at(self, row: int) -> OrderRow:
        return self._all[self._view[row]]

    def order(self, order_id: int) -> OrderRow | None:
        """The order's row in the queue, shown or filtered out; None when it is not in the queue."""
        slot = self._slot.get(order_id)
        return self._all[slot] if slot is not None else None

    def row_of(self, order_id: int) -> int | None:
        slot = self._slot.get(order_id)
        return self._position(slot) if slot is not None else None

    def total(self) -> int:
        return len(self._slot)

    def loading(self) -> bool:
        """Only the queue's first screenful is in (`take` of a partial Prepared); the rest follows."""
        return self._loading is not None

    def all_rows(self) -> list[OrderRow]:
        """Every open order of the queue, shown or filtered out."""
        return [r for r in self._all if r is not None] if self._free else list(self._all)

    _shown = staticmethod(queue_keys.shown)

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
        if col == "escalation":
            return self._escalation_data(r, role)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "flag" and r.id in self._urgent:
                return "⚠"
            return self._display(col, r)
        if col in ("flag", "number") and r.id in self._urgent:
            if role == Qt.ItemDataRole.BackgroundRole:
                return band_style.band_brush("breached")
            if role == Qt.ItemDataRole.ForegroundRole:
                return band_style.band_ink("breached")
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == "number":
                return self.tr("First contact (R-FIRST-1): {0}").format(r.first_contact)
            if col == "flag" and r.id in self._urgent:
                return self.tr("A new escalation (the dispatcher on duty or higher): acknowledge it in the Escalations panel")
            if col == "flag" and self._flagged(r):
                return priority_label(r.priority if r.priority != "normal" else "important")
        if role == Qt.ItemDataRole.FontRole and col == "flag" and self._flagged(r):
            return band_style.bold_font()
        return None

    def _escalation_data(self, r: OrderRow, role):
        """How high the order climbed the ladder (R-TIME-11), as a word with an icon: a warning
        while an escalation from the dispatcher's rung up is unacknowledged, an information mark
        while a lower one is, none once all are acknowledged."""
        if not r.escalation_level and not r.open_alert_rank:
            return None
        if role == Qt.ItemDataRole.DisplayRole:  # the ladder's rung, or a manual escalation's word
            return escalation_word(r.escalation_level)
        if role == Qt.ItemDataRole.DecorationRole and r.open_alert_rank:
            return band_style.escalation_icon(r.open_alert_rank >= ESCALATED_LEVEL)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (self.tr("Not yet acknowledged: see the Escalations panel (Ctrl+Shift+K acknowledges)")
                    if r.open_alert_rank else self.tr("Every escalation of this order is acknowledged"))
        if role == Qt.ItemDataRole.FontRole and r.open_alert_rank >= ESCALATED_LEVEL:
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
            if col == "sla":  # R-TIME-3..6: a verdict on a guessed day, open or closed clock, says so
                text = band_style.band_text(shown.state)
                return text + self.tr(" (provisional)") if r.sla_provisional else text
            if shown.state == urgency.WAITING:
                return self.tr("waiting for materials")
            if shown.state == urgency.PAUSED:
                return self.tr("paused")
            if shown.remaining is None:
                return "—"
            text = countdown_label(shown.remaining)
            if shown.clock == "first_response":
                text = self.tr("reply {0}").format(text)
            if r.sla_provisional:
                text += self.tr(" provisional")
            return text
        if role == Qt.ItemDataRole.DecorationRole and col == "sla":
            return band_style.band_icon(shown.state)
        if role == Qt.ItemDataRole.BackgroundRole:
            return band_style.band_brush(shown.state)
        if role == Qt.ItemDataRole.ForegroundRole:
            return band_style.band_ink(shown.state)  # a dark palette's light text is unreadable on the band
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = band_style.band_tooltip(shown.state)
            if r.sla_provisional:
                tip += "\n" + self.tr("Provisional: the due rests on a Monday–Friday guess for a year whose official "
                                      "working-day calendar is not entered — not a breach until it is entered")
            return tip
        return None
