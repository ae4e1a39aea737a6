"""The list behind a scorecard number (drill-down): each order or account, whether it counted as
good (on time, responded, kept …) and why."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)  # fmt: skip

from console import i18n
from console.rules.periods import CST as CHINA
from console.views.kit.labels import kind_label

_RED = QColor("#c62828")


class DrillDialog(QDialog):
    """Non-modal list of DrillRows; double-click an order emits ``sig_open_order``."""

    sig_open_order = Signal(int)
    """The user wants to open an order: carries its id."""

    def __init__(self, title: str, definition: str, rows, parent=None):
        super().__init__(parent)
        self.rows = list(rows)
        self.setWindowTitle(title)
        good = sum(1 for r in self.rows if r.ok)
        head = QLabel(self.tr("{0} rows, {1} counted as good. Definition: {2}").format(len(self.rows), good, definition),
                      self)
        head.setWordWrap(True)
        self.table = QTableWidget(len(self.rows), 6, self)
        self.table.setObjectName("DrillTable")
        self.table.setHorizontalHeaderLabels([self.tr("Order / account"), self.tr("Kind"), self.tr("District"),
                                              self.tr("When"), self.tr("Counted"), self.tr("Detail")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        marks = {True: self.tr("yes"), False: self.tr("no"), None: "—"}
        for i, r in enumerate(self.rows):
            at = r.at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if isinstance(r.at, dt.datetime) else str(r.at or "")
            kind = self.tr("account") if r.kind == "account" else kind_label(r.kind)
            for j, v in enumerate((r.ref, kind, r.district, at, marks[r.ok], i18n.render(r.detail))):
                item = QTableWidgetItem(v)
                if r.ok is False:
                    item.setForeground(QBrush(_RED))
                self.table.setItem(i, j, item)
        self.table.cellDoubleClicked.connect(self._open)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(self.table, 1)
        self.resize(760, 480)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)

    def _open(self, row: int, _col: int) -> None:
        r = self.rows[row]
        if r.kind != "account":
            self.sig_open_order.emit(r.ref_id)
