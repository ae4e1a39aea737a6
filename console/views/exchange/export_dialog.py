"""Excel export for leadership (R-INSP findings, R-ZONE-3/4 assessment, R-TIME time limits) from the
GUI: a workbook for a branch (or all) and a month, written in the background with a progress bar
and a Cancel button.

The work is ``console.services.exports.workbooks.export`` (the CLI's own path) run by a ``ReadOp``
(it reads the database and writes only the file); Cancel sets a flag the export polls, which
stops it and removes the partial file. The branches to choose from are read in the background
too; until they are there, the branch the dialog was opened for is exported.

The month defaults to the last complete month (R-ZONE-3: districts are assessed monthly, on a whole
month); the month in progress is one step up in the picker and marked "so far" beside it. A file
name that does not end in .xlsx is refused before anything is written, the dialog keeping every
choice and the name typed.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)  # fmt: skip

from console import i18n
from console.errors import ExportCancelled, StoreError
from console.rules.periods import CST as CHINA
from console.services.access import directory
from console.services.exports.workbooks import check_out, export, is_current_month, last_complete_month
from console.views.kit import file_dialogs
from console.views.kit.ops import ReadOp


class ExportDialog(QDialog):
    """Pick a workbook, a branch and a month; export with progress and cancel."""

    sig_exported = Signal(object)
    """The workbook is written: carries the ExportResult."""
    sig_failed = Signal(str)
    """The export failed or was cancelled: carries the message shown."""

    def __init__(self, store, *, kind: str = "findings", branch_id: int | None = None, month: dt.date | None = None,
                 now_fn: Callable[[], dt.datetime] | None = None,
                 user_id_fn: Callable[[], int | None] | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self._user = user_id_fn or (lambda: None)  # who exports: their role must allow it (permissions.EXPORT)
        self._now = now_fn or (lambda: dt.datetime.now(dt.timezone.utc))
        self._cancel = threading.Event()
        self.running = False
        self.result = None
        self.setWindowTitle(self.tr("Export to Excel"))
        self.kind = QComboBox(self)
        for key, text in (("findings", self.tr("Inspection findings (R-INSP)")),
                          ("assessment", self.tr("District assessment (R-ZONE-3/4)")),
                          ("sla", self.tr("Time limits and breaches (R-TIME)"))):
            self.kind.addItem(text, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.branch = QComboBox(self)
        self.branch.addItem(self.tr("All branches"), None)
        self._branch_id = branch_id  # exported until the branches are read (then: the choice)
        self.branches_loaded = False
        ReadOp(self, lambda: directory.branches(store), self._branches).failure(
            lambda exc: self.status.setText(self.tr("Could not read the branches: {0}").format(i18n.render(exc)))).run()
        today = self._now().astimezone(CHINA).date()
        # R-ZONE-3: the assessment and time limits of a whole month by default; the month in progress
        # stays one click away ("so far"); findings: this month's inspections, as before
        default = today.replace(day=1) if kind == "findings" else last_complete_month(self._now())
        self.month = QDateEdit(QDate(month or default), self)
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setMaximumDate(QDate(today))
        self.month.setCurrentSection(QDateEdit.Section.MonthSection)  # the arrows step months
        self.so_far = QLabel(self)
        self.so_far.setObjectName("ExportSoFar")
        self.month.dateChanged.connect(self._mark_so_far)
        self.all_months = QCheckBox(self.tr("All inspections (findings only)"), self)
        self.path = QLineEdit(self)
        self.path.setPlaceholderText(self.tr("Workbook file (.xlsx)"))
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.clicked.connect(self._browse)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.status = QLabel(self)
        self.export_btn = QPushButton(self.tr("&Export"), self)
        self.export_btn.setDefault(True)
        self.export_btn.clicked.connect(self.start)
        self.cancel_btn = QPushButton(self.tr("Cancel"), self)
        self.cancel_btn.clicked.connect(self.cancel)
        form = QFormLayout()
        form.addRow(self.tr("Workbook:"), self.kind)
        form.addRow(self.tr("Branch:"), self.branch)
        month_row = QHBoxLayout()
        month_row.addWidget(self.month)
        month_row.addWidget(self.so_far, 1)
        form.addRow(self.tr("Month:"), month_row)
        form.addRow("", self.all_months)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow(self.tr("File:"), row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_btn)
        buttons.addWidget(self.cancel_btn)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.progress)
        lay.addWidget(self.status)
        lay.addLayout(buttons)
        self._mark_so_far()

    def _mark_so_far(self, *_) -> None:
        """The month in progress is assessed "so far" only (R-ZONE-3): said beside the picker."""
        now = self._now()
        current = is_current_month(self.month.date().toPython(), now)
        today = now.astimezone(CHINA).date()
        self.so_far.setText(self.tr("so far (to {0}): not yet a complete month").format(f"{today:%m-%d}")
                            if current else "")

    @classmethod
    def ask_path(cls, parent, suggested: str) -> str | None:
        """The file to write (monkeypatched in tests)."""
        return file_dialogs.save_file_name(parent, parent.tr("Export to Excel"), suggested,
                                           parent.tr("Excel workbook (*.xlsx)"), store=parent.store)

    def _branches(self, branches) -> None:
        for b in branches:
            self.branch.addItem(b.name, b.id)
        self.branch.setCurrentIndex(max(0, self.branch.findData(self._branch_id)))
        self.branches_loaded = True

    def _chosen_branch(self) -> tuple[int | None, str | None]:
        """The branch to export and its name (None: to be looked up, the branches are not read yet)."""
        if not self.branches_loaded:
            return self._branch_id, (None if self._branch_id is not None else "")
        branch_id = self.branch.currentData()
        return branch_id, (self.branch.currentText() if branch_id is not None else "")

    def _browse(self) -> None:
        month = self.month.date().toPython()
        path = self.ask_path(self, f"{self.kind.currentData()}-{month:%Y-%m}.xlsx")
        if path:
            self.path.setText(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def start(self) -> None:
        if self.running:
            return
        if not self.path.text().strip():
            self._browse()
            if not self.path.text().strip():
                return
        try:
            check_out(self.path.text().strip())  # not an .xlsx name: refused, nothing written, all kept
        except StoreError as exc:
            text = self.tr("Export failed: {0}").format(i18n.render(exc))
            self.status.setText(text)
            self.sig_failed.emit(text)
            return
        kind, (branch_id, branch_name) = self.kind.currentData(), self._chosen_branch()
        month = None if (kind == "findings" and self.all_months.isChecked()) else self.month.date().toPython().replace(day=1)
        path, now, cancel, actor = self.path.text().strip(), self._now(), self._cancel, self._user()
        cancel.clear()
        self.running = True
        self.export_btn.setEnabled(False)
        self.progress.setValue(0)
        self.status.setText(self.tr("Exporting…"))

        store = self.store

        def work(progress):
            name = branch_name
            if name is None:
                name = next((b.name for b in directory.branches(store) if b.id == branch_id), "")
            return export(store, kind, path, branch_id=branch_id, branch_name=name, month=month, now=now,
                          progress=progress, cancelled=cancel.is_set, actor_id=actor)

        ReadOp(self, work, self._done).failure(self._failed).progress(self._progress).run()

    def cancel(self) -> None:
        """Stop a running export (the partial file is removed); otherwise close."""
        if self.running:
            self._cancel.set()
            self.status.setText(self.tr("Cancelling…"))
        else:
            self.reject()

    def _progress(self, fraction: float, _message: str) -> None:
        self.progress.setValue(int(fraction * 100))

    def _done(self, result) -> None:
        self.running, self.result = False, result
        self.export_btn.setEnabled(True)
        self.progress.setValue(100)
        rows = sum(result.rows.values())
        text = self.tr("Written {0}: {1} rows.").format(str(result.path), rows)
        if result.empty:
            text = self.tr("Written {0}: no data for this selection (the workbook says so).").format(str(result.path))
        self.status.setText(text)
        self.sig_exported.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.export_btn.setEnabled(True)
        self.progress.setValue(0)
        text = self.tr("Export cancelled.") if isinstance(exc, ExportCancelled) else \
            self.tr("Export failed: {0}").format(i18n.render(exc))
        self.status.setText(text)
        self.sig_failed.emit(text)
