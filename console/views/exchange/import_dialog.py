"""File ▸ Import…: customers, districts or staff from .xlsx/.csv.

Check (a dry run, a ``ReadOp``) or Import (a ``WriteOp``): both read and check every row off the
GUI thread with progress; Import writes only when nothing is wrong, all rows at once. The sheets
of a chosen workbook are read in the background too. On a bad file nothing is written,
the chosen file and sheet stay, and the table lists every problem by row and column; the
report can be saved as .xlsx to fix the source file. Unknown columns are warnings (listed,
not imported).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from console.reports.import_report import write_xlsx
from console.reports.printing import PrintMeta
from console.rules.periods import UTC
from console.services.access import directory
from console.services.imports import (
    KINDS,
    ImportReport,
    Problem,
    run_import,
    sheet_names,
)
from console.views.kit import file_dialogs
from console.views.kit.ops import ReadOp, WriteOp
from console import i18n


def problem_text(p: Problem) -> str:
    """The problem in the user's language (the core's catalogue, console.i18n)."""
    return i18n.render(p.text)


class ProblemModel(QAbstractTableModel):
    """Adapts a plain list of import `Problem`s: row, column, severity, problem."""

    COLUMNS = 4

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Problem] = []
        self._texts: list[str] = []

    def set_problems(self, problems: list[Problem]) -> None:
        self.beginResetModel()
        self._rows = list(problems)
        self._texts = [problem_text(p) for p in self._rows]
        self.endResetModel()

    def problem(self, row: int) -> Problem:
        return self._rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < self.COLUMNS:
            return (self.tr("Row"), self.tr("Column"), self.tr("Severity"), self.tr("Problem"))[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        p = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return "" if p.row is None else str(p.row)
            if col == 1:
                return p.column or (p.sheet or p.file)
            if col == 2:
                return self.tr("error") if p.is_error else self.tr("warning")
            return self._texts[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{p.where()}: {self._texts[index.row()]}"
        if role == Qt.ItemDataRole.ForegroundRole and col == 2:
            return QBrush(QColor("#b00020" if p.is_error else "#8a6d00"))
        return None


class ImportDialog(QDialog):
    sig_finished = Signal(object)
    """A check or import ended: carries the ImportReport."""
    sig_failed = Signal(str)
    """The check or import raised (database unreachable …): carries the message."""
    sig_sheets = Signal(list)
    """The sheets of the chosen file were read: carries their names ([] for a CSV file)."""

    @classmethod
    def ask(cls, store, *, branch_id: int, actor_id: int | None, parent=None, kind: str = "customers",
            person: str = "") -> int | None:
        """Run the dialog; how many rows were imported, or None when nothing was. `person`: who
        imports, named to a program that waits for the database meanwhile."""
        dlg = cls(store, branch_id=branch_id, actor_id=actor_id, parent=parent, kind=kind, person=person)
        dlg.exec()
        return dlg.imported or None

    @classmethod
    def choose_file(cls, parent: QWidget, start: str) -> str | None:
        return file_dialogs.open_file_name(parent, parent.tr("Choose the file to import"), start,
                                           parent.tr("Excel or CSV (*.xlsx *.xlsm *.csv *.txt);;All files (*)"),
                                           store=parent.store)

    @classmethod
    def choose_report_file(cls, parent: QWidget, suggested: str) -> str | None:
        return file_dialogs.save_file_name(parent, parent.tr("Save the import report"), suggested,
                                           parent.tr("Excel workbook (*.xlsx)"), store=parent.store)

    def __init__(self, store, *, branch_id: int, actor_id: int | None, parent=None, kind: str = "customers",
                 person: str = ""):
        super().__init__(parent)
        self.store, self.branch_id, self.actor_id = store, branch_id, actor_id
        self.person = person
        self.report: ImportReport | None = None
        self.imported = 0
        self.busy = False
        self.sheets_loading = False  # the sheets of the chosen file are being read
        self._start_when_read: bool | None = None  # Check (True) or Import (False) pressed meanwhile
        self.setWindowTitle(self.tr("Import"))
        self.resize(820, 520)

        self.kind_box = QComboBox()
        labels = {"customers": self.tr("Customers"), "districts": self.tr("Districts"), "staff": self.tr("Staff")}
        for k in KINDS:
            self.kind_box.addItem(labels[k], k)
        self.kind_box.setCurrentIndex(KINDS.index(kind))
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText(self.tr("an .xlsx workbook or a .csv file (UTF-8 or GBK)"))
        self.browse_button = QPushButton(self.tr("&Browse…"))
        self.sheet_box = QComboBox()
        self.sheet_box.setEnabled(False)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.tr("&What"), self.kind_box)
        form.addRow(self.tr("&File"), file_row)
        form.addRow(self.tr("&Sheet"), self.sheet_box)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = ProblemModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)

        self.check_button = QPushButton(self.tr("&Check"))
        self.check_button.setToolTip(self.tr("Check every row without writing anything"))
        self.import_button = QPushButton(self.tr("&Import"))
        self.import_button.setToolTip(self.tr("Check every row; import all of them only if none is wrong"))
        self.save_button = QPushButton(self.tr("Save &report…"))
        self.save_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        for b in (self.check_button, self.import_button, self.close_button):
            buttons.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.browse_button.clicked.connect(self._browse)
        self.file_edit.editingFinished.connect(self._load_sheets)
        self.check_button.clicked.connect(lambda: self.start(dry_run=True))
        self.import_button.clicked.connect(lambda: self.start(dry_run=False))
        self.save_button.clicked.connect(self._save_report)
        self.close_button.clicked.connect(self.reject)

    # -- choosing ------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self.kind_box.currentData()

    def set_file(self, path: str) -> None:
        self.file_edit.setText(path)
        self._load_sheets()

    def _browse(self) -> None:
        current = self.file_edit.text().strip()
        path = self.choose_file(self, str(Path(current).parent) if current else "")
        if path:
            self.set_file(path)

    def _load_sheets(self) -> None:
        """Read the sheets of the chosen workbook in the background (only the newest choice lands)."""
        path = self.file_edit.text().strip()
        self.sheets_loading = True
        ReadOp(self, lambda: sheet_names(path), self._sheets).failure(lambda _exc: self._sheets([])).latest(
            "sheets").run()

    def _sheets(self, names: list[str]) -> None:
        self.sheets_loading = False
        keep = self.sheet_box.currentText()
        self.sheet_box.clear()
        for name in names:
            self.sheet_box.addItem(name, name)
        if keep in names:
            self.sheet_box.setCurrentIndex(names.index(keep))
        self.sheet_box.setEnabled(bool(names) and not self.busy)
        self.sig_sheets.emit(names)
        pending, self._start_when_read = self._start_when_read, None
        if pending is not None:
            self.start(dry_run=pending)

    # -- running -------------------------------------------------------------------------------
    def start(self, *, dry_run: bool) -> bool:
        """Check (dry run) or import the chosen file in the background; False if nothing to do."""
        path = self.file_edit.text().strip()
        if self.busy:
            return False
        if not path:
            self.summary.setText(self.tr("Choose a file first."))
            return False
        if self.sheets_loading:  # the sheet to read is not known yet: it starts once it is
            self._start_when_read = dry_run
            self.summary.setText(self.tr("Reading the sheets of the file…"))
            return True
        store, kind, branch_id, actor_id = self.store, self.kind, self.branch_id, self.actor_id
        sheet = self.sheet_box.currentData() if self.sheet_box.isEnabled() else None
        person = self.person or "someone"
        self._set_busy(True)

        def work(progress):
            if dry_run:
                return run_import(store, kind, path, branch_id=branch_id, actor_id=actor_id, sheet=sheet,
                                  dry_run=True, progress=progress)
            # another program waiting for the write lock meanwhile names this import (store.writelock)
            with store.announced(person=person, action=f"import of {kind}"):
                return run_import(store, kind, path, branch_id=branch_id, actor_id=actor_id, sheet=sheet,
                                  dry_run=False, progress=progress)

        (ReadOp if dry_run else WriteOp)(self, work, self._done).failure(self._failed).progress(self._progress).run()
        return True

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for w in (self.check_button, self.import_button, self.browse_button, self.kind_box, self.file_edit,
                  self.sheet_box):
            w.setEnabled(not busy and (w is not self.sheet_box or self.sheet_box.count() > 0))
        self.progress.setVisible(busy)
        self.progress.setValue(0)
        if busy:
            self.summary.setText(self.tr("Reading and checking every row…"))

    def _progress(self, fraction: float, _message: str) -> None:
        self.progress.setValue(int(fraction * 100))

    def _done(self, report: ImportReport) -> None:
        self._set_busy(False)
        self.report = report
        self.imported += report.imported
        self.model.set_problems(report.problems)
        self.save_button.setEnabled(bool(report.problems))
        errors, warnings = report.error_count, report.warning_count
        if not report.ok:
            text = self.tr("{0} problems in {1} rows of {2}: nothing was imported. Fix the file and try again.")
            self.summary.setText(text.format(errors, report.rows, report.file))
        elif report.dry_run:
            self.summary.setText(self.tr("All {0} rows are fine ({1} warnings); nothing written yet.")
                                 .format(report.rows, warnings))
        else:
            self.summary.setText(self.tr("Imported {0} rows from {1} ({2} warnings).")
                                 .format(report.imported, report.file, warnings))
        self.sig_finished.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.summary.setText(self.tr("The import failed, nothing was written: {0}").format(i18n.render(exc)))
        self.sig_failed.emit(i18n.render(exc))

    def _save_report(self) -> None:
        if self.report is None:
            return
        src = Path(self.file_edit.text().strip())
        suggested = str(src.with_name(src.stem + "-report.xlsx"))
        path = self.choose_report_file(self, suggested)
        if not path:
            return
        store, branch_id, actor, report, now = self.store, self.branch_id, self.actor_id, self.report, dt.datetime.now(UTC)

        def write():  # off the GUI thread: the names its pages carry, then the workbook
            branch, person = directory.signature(store, branch_id, actor)
            return write_xlsx(path, report, meta=PrintMeta(branch=branch, generated_at=now, generated_by=person))

        self.summary.setText(self.tr("Saving the report…"))
        ReadOp(self, write, lambda _p: self.summary.setText(self.tr("Report saved to {0}.").format(path))).failure(
            lambda exc: self.summary.setText(self.tr("The report was not saved: {0}").format(i18n.render(exc)))).run()

    def reject(self) -> None:
        if not self.busy:  # a running import finishes first: it is one transaction either way
            super().reject()
