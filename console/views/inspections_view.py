"""Inspections and findings (R-INSP) of a branch: record an inspection with its findings, tick the
disclosure checklist (R-DISC-1…6), move findings open → rectifying → verified closed, and export
the findings workbook. Overdue rectifications are red."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)  # fmt: skip

from console.services import inspections as insp
from console.store.engine import StoreError
from console.views.ask import Ask
from console.views.export_dialog import ExportDialog
from console.views.inspections_dialog import DisclosureDialog, InspectionDialog
from console.views.tasks import run_task

CHINA = dt.timezone(dt.timedelta(hours=8))
_RED = QColor("#c62828")
_OVERDUE_BG = QColor("#ffebee")


class InspectionsView(QWidget):
    """Inspections (top) and the findings of the selected one (bottom)."""

    sig_loaded = Signal(int)
    """The inspections and findings are on screen: carries the number of findings shown."""
    sig_recorded = Signal(int)
    """An inspection was recorded: carries its id."""

    def __init__(self, store, *, actor_id: int | None = None, now_fn: Callable[[], dt.datetime] | None = None,
                 parent=None):
        super().__init__(parent)
        self.store = store
        self.actor_id = actor_id
        self._now = now_fn or (lambda: dt.datetime.now(dt.timezone.utc))
        self.branch_id: int | None = None
        self.rows: list[insp.InspectionRow] = []
        self.findings: list[insp.FindingRow] = []
        self.export_dialog: ExportDialog | None = None
        self.inspections = QTableWidget(0, 6, self)
        self.inspections.setObjectName("InspectionsTable")
        self.inspections.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Branch"), self.tr("Inspectors"),
                                                    self.tr("Scope"), self.tr("Findings"), self.tr("Not closed")])
        self.table = QTableWidget(0, 9, self)
        self.table.setObjectName("FindingsTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Rule id"), self.tr("Description"), self.tr("Severity"), self.tr("Responsible unit"),
            self.tr("Responsible person"), self.tr("Deadline"), self.tr("Status"), self.tr("Since"), self.tr("By")])
        self.table.horizontalHeaderItem(0).setToolTip(self.tr("The rule of RULES.md the finding names (R-INSP)"))
        self.table.horizontalHeaderItem(6).setToolTip(self.tr("open → rectifying → verified closed (R-INSP); "
                                                              "red: rectification overdue"))
        for t in (self.inspections, self.table):
            t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            t.verticalHeader().hide()
            t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.inspections.itemSelectionChanged.connect(self._show_findings)
        self.summary = QLabel(self)
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("&New inspection…"), self.new_inspection),
                           (self.tr("&Disclosure checklist…"), self.disclosure),
                           (self.tr("Set &status…"), self.set_status),
                           (self.tr("E&xport findings…"), self.export)):
            b = QPushButton(text, self)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.inspections)
        split.addWidget(self.table)
        split.setSizes([220, 420])
        lay = QVBoxLayout(self)
        lay.addLayout(buttons)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)

    def today(self) -> dt.date:
        return self._now().astimezone(CHINA).date()

    def set_branch(self, branch_id: int | None) -> None:
        self.branch_id = branch_id
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        branch_id = self.branch_id

        def load():
            return insp.inspections(self.store, branch_id), insp.findings(self.store, branch_id=branch_id)

        run_task(load, lambda res: self._show(res, select_id),
                 lambda exc, _tb: self.summary.setText(self.tr("Could not load inspections: {0}").format(exc)))

    def _show(self, res, select_id: int | None) -> None:
        self.rows, self.all_findings = res
        self.inspections.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            for j, v in enumerate((r.day.isoformat(), r.branch, r.inspectors, r.scope, r.findings, r.open_findings)):
                self.inspections.setItem(i, j, QTableWidgetItem(str(v)))
        late = [f for f in self.all_findings if f.overdue(self.today())]
        self.summary.setText(self.tr("{0} inspections, {1} findings, {2} rectifications overdue").format(
            len(self.rows), len(self.all_findings), len(late)))
        index = next((i for i, r in enumerate(self.rows) if r.id == select_id), 0 if self.rows else -1)
        if index >= 0:
            self.inspections.selectRow(index)
        self._show_findings()

    def selected_inspection(self) -> insp.InspectionRow | None:
        i = self.inspections.currentRow()
        return self.rows[i] if 0 <= i < len(self.rows) else None

    def _show_findings(self) -> None:
        current = self.selected_inspection()
        rows = [f for f in getattr(self, "all_findings", []) if current is None or f.inspection_id == current.id]
        self.findings = rows
        today = self.today()
        status = {"open": self.tr("open"), "rectifying": self.tr("rectifying"), "closed": self.tr("verified closed")}
        severity = {"minor": self.tr("minor"), "serious": self.tr("serious"), "critical": self.tr("critical")}
        self.table.setRowCount(len(rows))
        for i, f in enumerate(rows):
            since = f.status_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
            values = (f.rule_id, f.description, severity[f.severity], f.responsible_unit, f.responsible_person,
                      f.deadline.isoformat(), status[f.status], since, f.status_by)
            for j, v in enumerate(values):
                item = QTableWidgetItem(v)
                if f.overdue(today):
                    item.setBackground(QBrush(_OVERDUE_BG))
                    if j in (5, 6):
                        item.setForeground(QBrush(_RED))
                        item.setToolTip(self.tr("Rectification overdue by {0} days (R-INSP)").format(
                            -f.days_to_deadline(today)))
                self.table.setItem(i, j, item)
        self.sig_loaded.emit(len(rows))

    # ---- actions -------------------------------------------------------------------------------
    def _write(self, fn, done) -> None:
        run_task(fn, done, lambda exc, _tb: Ask.tell(self, self.tr("Not saved"), str(exc)))

    def new_inspection(self) -> None:
        if self.branch_id is None:
            Ask.tell(self, self.tr("Inspections"), self.tr("Pick a branch first."))
            return
        dlg = InspectionDialog(self, today=self.today())
        if self.exec_dialog(dlg) != QDialog.DialogCode.Accepted:
            return
        day, inspectors, scope, items = dlg.values()
        branch_id, actor, now = self.branch_id, self.actor_id, self._now()
        self._write(lambda: insp.record_inspection(self.store, branch_id=branch_id, day=day, inspectors=inspectors,
                                                   scope=scope, actor_id=actor, findings=items, now=now),
                    self._recorded)

    def _recorded(self, inspection_id: int) -> None:
        self.sig_recorded.emit(inspection_id)
        self.refresh(inspection_id)

    @classmethod
    def exec_dialog(cls, dlg: QDialog) -> int:
        """Run a dialog modally (monkeypatched in tests to fill it and accept)."""
        return dlg.exec()

    def disclosure(self) -> None:
        current = self.selected_inspection()
        if current is None:
            Ask.tell(self, self.tr("Disclosure checklist"), self.tr("Select or record an inspection first."))
            return
        dlg = DisclosureDialog(self, today=self.today())
        if self.exec_dialog(dlg) != QDialog.DialogCode.Accepted:
            return
        hall, items, notes, deadline = dlg.values()
        actor, now = self.actor_id, self._now()
        self._write(lambda: insp.check_disclosure(self.store, current.id, hall=hall, items=items, notes=notes,
                                                  actor_id=actor, deadline=deadline, now=now),
                    lambda _ids: self.refresh(current.id))

    def set_status(self) -> None:
        i = self.table.currentRow()
        if not 0 <= i < len(self.findings) or self.actor_id is None:
            Ask.tell(self, self.tr("Finding status"), self.tr("Select a finding (and sign in) first."))
            return
        f = self.findings[i]
        names = {"rectifying": self.tr("rectifying"), "closed": self.tr("verified closed"), "open": self.tr("open")}
        choices = [names[s] for s in insp.TRANSITIONS[f.status]]
        if not choices:
            Ask.tell(self, self.tr("Finding status"), self.tr("The finding is verified closed."))
            return
        picked = Ask.item(self, self.tr("Finding status"), self.tr("Move {0} to:").format(f.rule_id), choices)
        if picked is None:
            return
        status = next(k for k, v in names.items() if v == picked)
        actor, now = self.actor_id, self._now()
        self._write(lambda: insp.set_status(self.store, f.id, status, actor_id=actor, now=now),
                    lambda _r: self.refresh(f.inspection_id))

    def export(self) -> ExportDialog:
        self.export_dialog = ExportDialog(self.store, kind="findings", branch_id=self.branch_id, now_fn=self._now,
                                          parent=self)
        self.export_dialog.show()
        return self.export_dialog


def overdue_count(store, branch_id: int | None, today: dt.date) -> int:
    """For the alerts panel: overdue rectifications of the branch (R-INSP)."""
    try:
        return len(insp.overdue(store, today, branch_id=branch_id))
    except StoreError:
        return 0
