"""Assign or reassign an order: the district's maintainer first, loads against R-ZONE-1.

If another console changed the order while the dialog was open, the dispatcher is told
who changed what and the dialog reloads; nothing is overwritten.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
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

from console.errors import ConcurrentEditError, StoreError, StoreUnavailable
from console.services.orders import queue as orders
from console.services.orders.assignment import assign_info
from console.views.kit.connection import notice


class AssignDialog(QDialog):
    def __init__(self, store, order_id: int, *, actor_id: int, now_fn, parent=None):
        super().__init__(parent)
        self.store = store
        self.order_id = order_id
        self.actor_id = actor_id
        self._now = now_fn
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
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Assign"))
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

    def reload(self) -> None:
        self.info = info = assign_info(self.store, self.order_id)
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
        if info.candidates:
            self.table.selectRow(0)

    def chosen_id(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def accept(self) -> None:
        chosen = self.chosen_id()
        if chosen is None:
            self.message.setText(self.tr("Pick a maintainer."))
            return
        try:
            orders.assign(self.store, self.order_id, expected_version=self.info.version, assignee_id=chosen,
                          actor_id=self.actor_id, reason=self.reason.text(), now=self._now())
        except ConcurrentEditError as exc:
            self.message.setText(str(exc))
            self.reload()  # shows the current state; the dispatcher decides again
            return
        except StoreUnavailable as exc:  # issue 8 item 5: the choice stays; the banner shows the outage
            notice(exc)
            self.message.setText(self.tr("Not assigned: {0}. Your choice is kept: press OK again once the "
                                         "database is back.").format(exc))
            return
        except StoreError as exc:
            self.message.setText(str(exc))
            return
        super().accept()

    @classmethod
    def ask(cls, store, order_id: int, *, actor_id: int, now_fn, parent=None) -> bool:
        return cls(store, order_id, actor_id=actor_id, now_fn=now_fn, parent=parent).exec() == QDialog.DialogCode.Accepted
