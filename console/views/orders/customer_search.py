"""Customer type-ahead for intake: a search line and the best matching accounts under it.

The branch's accounts are loaded once in the background (a ReadOp); every keystroke then
filters them in Python on their precomputed haystack (console.services.orders.customers.search) —
no database round trip while the dispatcher types. Up/Down/PageUp/PageDown move in the
results without leaving the line; Enter picks (R-FIRST-1: the account is found while the
customer is still on the phone).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from console import i18n
from console.services.orders import customers
from console.services.orders.customers import CustomerHit
from console.terms import term
from console.views.kit.ops import ReadOp

HitRole = Qt.ItemDataRole.UserRole + 1  # the row's CustomerHit
_MOVE_KEYS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -8, Qt.Key.Key_PageDown: 8}
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CustomerHitModel(QAbstractListModel):
    """Adapts the current search results — a plain list[CustomerHit] from
    console.services.orders.customers.search — one row per account, best match first.

    DisplayRole: name · phone · account · address (district); ToolTipRole adds the category of
    an important customer; HitRole: the CustomerHit. Important customers (R-TIME-9, R-VISIT-5)
    are bold; cancelled accounts grey.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._hits: list[CustomerHit] = []

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        h = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return describe(h)
        if role == HitRole:
            return h
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [describe(h)]
            if h.is_major:
                lines.append(self.tr("Important customer ({0}): highest priority (R-TIME-9)").format(
                    i18n.render(term(h.major_category, of="client category")) if h.major_category else ""))
            if not h.active:
                lines.append(self.tr("Account cancelled"))
            return "\n".join(lines)
        if role == Qt.ItemDataRole.FontRole and h.is_major:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and not h.active:
            return QBrush(QColor("#777777"))
        return None

    def set_hits(self, hits: list[CustomerHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> CustomerHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None


def describe(h: CustomerHit) -> str:
    """One line for an account, as the list and the picked-customer card show it."""
    return f"{h.name} · {h.phone} · {h.account_no} · {h.address} ({h.district})"


class CustomerSearch(QWidget):
    """The search line, the result list and a one-line status under them."""

    sig_index_loaded = Signal(int)
    """The branch's accounts are searchable: carries how many there are."""
    sig_picked = Signal(object)
    """The user picked an account (a CustomerHit), or None: the text changed after a pick."""
    sig_load_failed = Signal(str)
    """The accounts could not be read: carries the message."""

    def __init__(self, store, branch_id: int, parent: QWidget | None = None, *, limit: int = 50,
                 label: str | None = None):
        super().__init__(parent)
        self.store = store
        self.branch_id = branch_id
        self.limit = limit
        self.picked: CustomerHit | None = None
        self._index: list[CustomerHit] | None = None

        self.edit = QLineEdit(self)
        self.edit.setObjectName("CustomerSearchEdit")
        self.edit.setPlaceholderText(self.tr("Phone, account number, name or address…"))
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip(self.tr("Type to search; Up/Down choose, Enter picks the account"))
        self.model = CustomerHitModel(self)
        self.view = QListView(self)
        self.view.setObjectName("CustomerSearchResults")
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # the keyboard drives it from the line
        self.view.setMinimumHeight(110)
        self.status = QLabel(self)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(90)
        self.busy.setMaximumHeight(12)
        self.busy.setTextVisible(False)

        status_row = QHBoxLayout()
        status_row.setContentsMargins(0, 0, 0, 0)
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.busy)
        edit_row = QHBoxLayout()
        edit_row.setContentsMargins(0, 0, 0, 0)
        if label:  # the caller's mnemonic, e.g. "&Find:"
            buddy = QLabel(label, self)
            buddy.setBuddy(self.edit)
            edit_row.addWidget(buddy)
        edit_row.addWidget(self.edit, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(edit_row)
        lay.addWidget(self.view, 1)
        lay.addLayout(status_row)
        self.setFocusProxy(self.edit)

        self.edit.textEdited.connect(self._text_edited)
        self.edit.installEventFilter(self)
        self.view.activated.connect(lambda ix: self.pick(ix.row()))
        self.load()

    # ---- loading ---------------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        return self._index is not None

    def load(self) -> None:
        """(Re)load the branch's accounts in the background; what was typed meanwhile is kept."""
        self.busy.show()
        self.status.setText(self.tr("Loading accounts…"))
        store, branch_id = self.store, self.branch_id
        ReadOp(self, lambda: customers.search_index(store, branch_id), self._loaded).failure(
            self._failed).latest("index").run()

    def _loaded(self, index: list[CustomerHit]) -> None:
        self._index = index
        self.busy.hide()
        self.filter(self.edit.text())
        self.sig_index_loaded.emit(len(index))

    def _failed(self, exc: BaseException) -> None:
        self.busy.hide()
        message = self.tr("The accounts could not be read: {0}").format(i18n.render(exc))
        self.status.setText(message)
        self.sig_load_failed.emit(message)

    # ---- searching -------------------------------------------------------------------------
    def _text_edited(self, text: str) -> None:
        if self.picked is not None:
            self.picked = None  # a changed search must not keep an old pick silently
            self.sig_picked.emit(None)
        self.filter(text)

    def filter(self, text: str) -> None:
        if self._index is None:
            return
        hits = customers.search(self._index, text, self.limit)
        self.model.set_hits(hits)
        if hits:
            self.view.setCurrentIndex(self.model.index(0))
        if not text.strip():
            self.status.setText(self.tr("{0} accounts: type a phone, account number, name or address").format(
                len(self._index)))
        elif not hits:
            self.status.setText(self.tr("No account matches “{0}” (a walk-in has no account)").format(text.strip()))
        elif len(hits) >= self.limit:
            self.status.setText(self.tr("Best {0} matches shown: keep typing to narrow").format(len(hits)))
        else:
            self.status.setText(self.tr("Matching accounts: {0}").format(len(hits)))

    def move_selection(self, step: int) -> None:
        rows = self.model.rowCount()
        if rows:
            row = self.view.currentIndex().row() if self.view.currentIndex().isValid() else -1
            self.view.setCurrentIndex(self.model.index(max(0, min(rows - 1, row + step))))

    def pick(self, row: int | None = None) -> CustomerHit | None:
        """Pick the account in `row` (default: the current one); returns it, None if none."""
        if row is None:
            row = self.view.currentIndex().row()
        hit = self.model.hit(row)
        if hit is not None:
            self.picked = hit
            self.sig_picked.emit(hit)
        return hit

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if key in _MOVE_KEYS and mods == Qt.KeyboardModifier.NoModifier:
                self.move_selection(_MOVE_KEYS[key])
                return True
            if key in _ENTER_KEYS and mods == Qt.KeyboardModifier.NoModifier:
                self.pick()
                return True  # Enter in the search line never saves the dialog
        return super().eventFilter(obj, event)
