"""Assign or reassign an order: the district's maintainer first, loads against R-ZONE-1.

If another console changed the order while the dialog was open, the dispatcher is told
who changed what and the dialog reloads; nothing is overwritten.

The candidates are read with a ReadOp and the assignment is a WriteOp announcing the order to
every view; the dialog stays open, with the choice and the reason, until the write succeeded,
and Assign is disabled while a read or the write is on its way.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from console.errors import ConcurrentEditError, is_unreachable
from console.services.orders import queue as orders
from console.services.orders.assignment import AssignInfo, assign_info
from console.views.kit.ops import ReadOp, WriteOp
from console import i18n


class AssignDialog(QDialog):
    sig_loaded = Signal()
    """The candidates are on screen (the dialog can assign)."""

    def __init__(self, store, order_id: int, *, actor_id: int, now_fn, parent=None):
        super().__init__(parent)
        self.store = store
        self.order_id = order_id
        self.actor_id = actor_id
        self._now = now_fn
        self.info: AssignInfo | None = None
        self._reading = False
        self._writing = False
        self.setWindowTitle(self.tr("Assign order"))
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Maintainer"), self.tr("Open orders"), self.tr("Households served (R-ZONE-1)"), self.tr("Note")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _ix: self.accept())
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Required when the order already has another maintainer"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        lab = QLabel(self.tr("&Reason:"), self)
        lab.setBuddy(self.reason)
        form.addRow(lab, self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("&Assign"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addWidget(self.table, 1)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(640, 420)
        self.reload()
        self.table.setFocus()

    @property
    def is_ready(self) -> bool:
        """The candidates are shown and no write is on its way."""
        return self.info is not None and not (self._reading or self._writing)

    def _enable(self) -> None:
        self.ok.setEnabled(self.is_ready)

    def reload(self) -> None:
        """Read the order and its candidates again (off the GUI thread)."""
        self._reading = True
        self._enable()
        store, order_id = self.store, self.order_id
        ReadOp(self, lambda: assign_info(store, order_id), self._show).failure(self._read_failed).latest("info").run()

    def _read_failed(self, exc: BaseException) -> None:
        self._reading = False
        self._enable()
        if is_unreachable(exc):  # the banner shows the outage
            self.message.setText(self.tr("The candidates cannot be read: {0}. Try again once the database "
                                         "is back.").format(i18n.render(exc)))
        else:
            self.message.setText(i18n.render(exc))

    def _show(self, info: AssignInfo) -> None:
        keep = self.chosen_id()
        self._reading = False
        self.info = info
        self.header.setText(self.tr("{0} · district {1}: {2} households (norm {3} per maintainer)").format(
            info.number, info.district, info.district_households, info.norm))
        self.table.setRowCount(len(info.candidates))
        for r, c in enumerate(info.candidates):
            notes = []
            if c.is_district_maintainer:
                notes.append(self.tr("district maintainer"))
            if c.id == info.assignee_id:
                notes.append(self.tr("current assignee"))
            if c.overloaded:
                notes.append(self.tr("over 120 % of the norm"))
            cells = (f"{c.name} ({c.work_number})", str(c.open_orders),
                     f"{c.households} / {c.norm} ({c.load:.0%})", ", ".join(notes))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, c.id)
                self.table.setItem(r, col, item)
        ids = [c.id for c in info.candidates]
        if ids:
            self.table.selectRow(ids.index(keep) if keep in ids else 0)  # the dispatcher's choice stays
        self._enable()
        self.sig_loaded.emit()

    def chosen_id(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def accept(self) -> None:
        """Assign off the GUI thread; the dialog closes once it is saved, and stays open with the
        choice and the reason when it was not."""
        if not self.is_ready:
            return  # still reading, or the write is on its way: one press is one assignment
        chosen = self.chosen_id()
        if chosen is None:
            self.message.setText(self.tr("Pick a maintainer."))
            return
        store, order_id, version, actor, reason, now = (self.store, self.order_id, self.info.version, self.actor_id,
                                                         self.reason.text(), self._now())
        self._writing = True
        self._enable()
        self.message.setText(self.tr("Assigning…"))
        WriteOp(self, lambda: orders.assign(store, order_id, expected_version=version, assignee_id=chosen,
                                            actor_id=actor, reason=reason, now=now),
                lambda _v: self._assigned()).failure(self._not_assigned).changes(lambda _v: (order_id,)).run()

    def _assigned(self) -> None:
        self._writing = False
        super().accept()

    def _not_assigned(self, exc: BaseException) -> None:
        self._writing = False
        self._enable()
        if isinstance(exc, ConcurrentEditError):
            self.message.setText(i18n.render(exc))
            self.reload()  # shows the current state; the dispatcher decides again
        elif is_unreachable(exc):  # the choice stays; the banner shows the outage
            self.message.setText(self.tr("Not assigned: {0}. Your choice is kept: press OK again once the "
                                         "database is back.").format(i18n.render(exc)))
        else:
            self.message.setText(i18n.render(exc))

    def reject(self) -> None:
        if self._writing:
            return  # the write is on its way: wait for its answer
        super().reject()

    @classmethod
    def ask(cls, store, order_id: int, *, actor_id: int, now_fn, parent=None) -> bool:
        return cls(store, order_id, actor_id=actor_id, now_fn=now_fn, parent=parent).exec() == QDialog.DialogCode.Accepted
