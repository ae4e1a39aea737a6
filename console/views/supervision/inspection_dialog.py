"""Dialogs of the inspections view: record an inspection with its findings (R-INSP) and tick the
disclosure checklist of a business hall (R-DISC-1…6). OK saves off the GUI thread; a refusal is
shown in the dialog, which keeps everything typed (``submit_dialog.SubmitDialog``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
)  # fmt: skip

from console.services.supervision.inspections import (
    CHECK_STATES,
    DISCLOSURE_ITEMS,
    SEVERITIES,
    FindingInput,
)
from console.views.supervision.submit_dialog import SubmitDialog

_RULE_IDS = sorted(DISCLOSURE_ITEMS) + [
    "R-FIRST-1", "R-FIRST-2", "R-FIRST-3", "R-FIRST-4", "R-ZONE-1", "R-ZONE-2", "R-ZONE-3", "R-ZONE-4", "R-ZONE-5",
    "R-TIME-0", "R-TIME-1", "R-TIME-2", "R-TIME-3", "R-TIME-4", "R-TIME-5", "R-TIME-6", "R-TIME-7", "R-TIME-8",
    "R-TIME-9", "R-TIME-10", "R-TIME-11", "R-VISIT-1", "R-VISIT-2", "R-VISIT-3", "R-VISIT-4", "R-VISIT-5",
    "R-ACC-S", "R-ACC-H", "R-ACC-L", "R-INSP", "R-TRAIN", "R-PROM-1", "R-PROM-2", "R-PROM-3", "R-PROM-4",
    "R-PROM-5", "R-PROM-6", "R-PROM-7", "R-PROM-8",
]


class InspectionDialog(SubmitDialog):
    """Date, inspectors, scope and a table of findings (one row each); OK runs
    `save(day, inspectors, scope, findings)` (it returns the write to run)."""

    COLS = 5  # rule id, description, severity, responsible unit, deadline

    def __init__(self, parent=None, *, today: dt.date,
                 save: Callable[[dt.date, str, str, list[FindingInput]], Callable[[], object]]):
        super().__init__(save, parent)
        self.setWindowTitle(self.tr("Record an inspection (R-INSP)"))
        self.today = today
        self.day = QDateEdit(QDate(today), self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.inspectors = QLineEdit(self)
        self.inspectors.setPlaceholderText(self.tr("Names of the inspectors"))
        self.scope = QLineEdit(self)
        self.scope.setPlaceholderText(self.tr("What was inspected"))
        self.table = QTableWidget(0, self.COLS, self)
        self.table.setObjectName("FindingsEditor")
        self.table.setHorizontalHeaderLabels([self.tr("Rule id"), self.tr("Description"), self.tr("Severity"),
                                              self.tr("Responsible unit"), self.tr("Rectification deadline")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        add = QPushButton(self.tr("&Add finding"), self)
        add.clicked.connect(lambda: self.add_finding())
        remove = QPushButton(self.tr("&Remove finding"), self)
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        form = QFormLayout()
        form.addRow(self.tr("Date:"), self.day)
        form.addRow(self.tr("Inspectors:"), self.inspectors)
        form.addRow(self.tr("Scope:"), self.scope)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(QLabel(self.tr("Findings:"), self))
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.resize(900, 480)

    def add_finding(self, rule_id: str = "R-DISC-1", description: str = "", severity: str = "minor",
                    unit: str = "", deadline: dt.date | None = None) -> int:
        r = self.table.rowCount()
        self.table.insertRow(r)
        rule = QComboBox(self.table)
        rule.setEditable(True)
        rule.addItems(_RULE_IDS)
        rule.setCurrentText(rule_id)
        self.table.setCellWidget(r, 0, rule)
        self.table.setItem(r, 1, QTableWidgetItem(description))
        sev = QComboBox(self.table)
        for s in SEVERITIES:
            sev.addItem(self._severity(s), s)
        sev.setCurrentIndex(max(0, sev.findData(severity)))
        self.table.setCellWidget(r, 2, sev)
        self.table.setItem(r, 3, QTableWidgetItem(unit))
        due = QDateEdit(QDate(deadline or self.today + dt.timedelta(days=30)), self.table)
        due.setCalendarPopup(True)
        due.setDisplayFormat("yyyy-MM-dd")
        self.table.setCellWidget(r, 4, due)
        return r

    def _severity(self, key: str) -> str:
        return {"minor": self.tr("minor"), "serious": self.tr("serious"), "critical": self.tr("critical")}[key]

    def values(self) -> tuple[dt.date, str, str, list[FindingInput]]:
        out = []
        for r in range(self.table.rowCount()):
            desc = self.table.item(r, 1).text() if self.table.item(r, 1) else ""
            unit = self.table.item(r, 3).text() if self.table.item(r, 3) else ""
            out.append(FindingInput(self.table.cellWidget(r, 0).currentText().strip(), desc,
                                    self.table.cellWidget(r, 2).currentData(), unit,
                                    self.table.cellWidget(r, 4).date().toPython()))
        return self.day.date().toPython(), self.inspectors.text(), self.scope.text(), out


class DisclosureDialog(SubmitDialog):
    """R-DISC-1…6 for one business hall: present / missing / outdated each, a note per item; OK runs
    `save(hall, items, notes, deadline)` (it returns the write to run)."""

    def __init__(self, parent=None, *, today: dt.date,
                 save: Callable[[str, dict[str, str], dict[str, str], dt.date], Callable[[], object]]):
        super().__init__(save, parent)
        self.setWindowTitle(self.tr("Disclosure checklist (R-DISC-1…6)"))
        self.hall = QLineEdit(self)
        self.hall.setPlaceholderText(self.tr("Business hall"))
        self.deadline = QDateEdit(QDate(today + dt.timedelta(days=15)), self)
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.states: dict[str, QComboBox] = {}
        self.notes: dict[str, QLineEdit] = {}
        texts = {"present": self.tr("present"), "missing": self.tr("missing"), "outdated": self.tr("outdated")}
        titles = {
            "R-DISC-1": self.tr("Service promises"),
            "R-DISC-2": self.tr("Service hotline and supervision hotline"),
            "R-DISC-3": self.tr("Fee policies, standards and items"),
            "R-DISC-4": self.tr("Business processes"),
            "R-DISC-5": self.tr("Location and phone of every outlet"),
            "R-DISC-6": self.tr("Photo and work number of every employee"),
        }
        form = QFormLayout()
        form.addRow(self.tr("Business hall:"), self.hall)
        form.addRow(self.tr("Rectify by:"), self.deadline)
        for rule_id in sorted(DISCLOSURE_ITEMS):
            box = QComboBox(self)
            for s in CHECK_STATES:
                box.addItem(texts[s], s)
            note = QLineEdit(self)
            note.setPlaceholderText(self.tr("Note"))
            row = QHBoxLayout()
            row.addWidget(box)
            row.addWidget(note, 1)
            form.addRow(f"{rule_id} {titles[rule_id]}", row)
            self.states[rule_id], self.notes[rule_id] = box, note
        self.comment = QTextEdit(self)
        self.comment.setMaximumHeight(60)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)

    def values(self) -> tuple[str, dict[str, str], dict[str, str], dt.date]:
        items = {k: b.currentData() for k, b in self.states.items()}
        notes = {k: n.text().strip() for k, n in self.notes.items() if n.text().strip()}
        return self.hall.text().strip(), items, notes, self.deadline.date().toPython()
