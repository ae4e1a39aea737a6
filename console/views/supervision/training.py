"""Training records of a branch (R-TRAIN): sessions with attendance, passes and the mean score;
the attendees of the selected session; who still lacks a passed induction training.

A manager adds a session (kind, title, day, trainer) and records attendees with their scores
0–100 (a score of ``training.PASS_SCORE`` or more passes unless the trainer overrides it). The
dialogs save off the GUI thread and keep everything typed when the console refuses it, saying
why in the dialog (``submit_dialog.SubmitDialog``).
Shown as the "Training" tab of the accountability workspace.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QVBoxLayout,
)  # fmt: skip

from console import i18n
from console.services.access import directory, permissions
from console.services.supervision import training as tr
from console.views.kit.ask import Ask
from console.views.kit.branch_panel import BranchPanel
from console.views.kit.rows_model import RowsModel
from console.views.supervision.submit_dialog import SubmitDialog

_RED = QColor("#c62828")
_KINDS = {  # R-TRAIN: induction with assessment, etiquette, ethics, the employee handbook
    "induction": QT_TRANSLATE_NOOP("Training", "Induction and assessment (new staff)"),
    "etiquette": QT_TRANSLATE_NOOP("Training", "Etiquette (counter, installation/repair, sales)"),
    "ethics": QT_TRANSLATE_NOOP("Training", "Ethics education"),
    "handbook": QT_TRANSLATE_NOOP("Training", "Employee handbook"),
}
_ROLES = {
    "dispatcher": QT_TRANSLATE_NOOP("Training", "dispatcher"),
    "maintainer": QT_TRANSLATE_NOOP("Training", "maintainer"),
    "inspector": QT_TRANSLATE_NOOP("Training", "inspector"),
    "manager": QT_TRANSLATE_NOOP("Training", "manager"),
    "admin": QT_TRANSLATE_NOOP("Training", "admin"),
}


_SHORT = {
    "induction": QT_TRANSLATE_NOOP("Training", "Induction"),
    "etiquette": QT_TRANSLATE_NOOP("Training", "Etiquette"),
    "ethics": QT_TRANSLATE_NOOP("Training", "Ethics"),
    "handbook": QT_TRANSLATE_NOOP("Training", "Handbook"),
}


def kind_text(kind: str) -> str:
    """The kind in full: "Induction and assessment (new staff)"."""
    return QCoreApplication.translate("Training", _KINDS[kind]) if kind in _KINDS else kind


def kind_short(kind: str) -> str:
    """The kind in a word, for table cells (the full text is the cell's tooltip)."""
    return QCoreApplication.translate("Training", _SHORT[kind]) if kind in _SHORT else kind


def role_text(role: str) -> str:
    return QCoreApplication.translate("Training", _ROLES[role]) if role in _ROLES else role


# ---- models ------------------------------------------------------------------------------------
class SessionModel(RowsModel):
    COLUMNS = ("day", "kind", "title", "trainer", "attendees", "passed", "mean_score")
    NUMERIC = frozenset({"attendees", "passed", "mean_score"})

    def __init__(self, parent=None):
        super().__init__(parent)
        self._headers = {"day": self.tr("Day"), "kind": self.tr("Kind"), "title": self.tr("Title"),
                         "trainer": self.tr("Trainer"), "attendees": self.tr("Attendees"),
                         "passed": self.tr("Passed"), "mean_score": self.tr("Mean score")}
        self._header_tips = {"passed": self.tr("A score of {0} or more passes unless the trainer says otherwise "
                                               "(R-TRAIN)").format(tr.PASS_SCORE)}

    def text(self, r: tr.SessionRow, col: str) -> str:
        if col == "day":
            return r.day.isoformat()
        if col == "kind":
            return kind_short(r.kind)
        if col == "mean_score":
            return "—" if r.mean_score is None else f"{r.mean_score:.1f}"
        return str(getattr(r, col))

    def foreground(self, r: tr.SessionRow, col: str) -> QColor | None:
        return _RED if col == "passed" and r.passed < r.attendees else None

    def tooltip(self, r: tr.SessionRow, col: str) -> str | None:
        if col == "kind":
            return kind_text(r.kind)
        if col == "title":
            return r.title
        if col == "passed" and r.passed < r.attendees:
            return self.tr("%n attendee(s) did not pass", "", r.attendees - r.passed)
        return None


class AttendeeModel(RowsModel):
    COLUMNS = ("name", "score", "passed", "note")
    NUMERIC = frozenset({"score"})

    def __init__(self, parent=None):
        super().__init__(parent)
        self._headers = {"name": self.tr("Employee"), "score": self.tr("Score"), "passed": self.tr("Result"),
                         "note": self.tr("Note")}

    def text(self, r: tr.AttendeeRow, col: str) -> str:
        if col == "passed":
            return self.tr("passed") if r.passed else self.tr("failed")
        return str(getattr(r, col))

    def foreground(self, r: tr.AttendeeRow, col: str) -> QColor | None:
        return _RED if col == "passed" and not r.passed else None

    def tooltip(self, r: tr.AttendeeRow, col: str) -> str | None:
        if col == "passed" and r.passed != (r.score >= tr.PASS_SCORE):
            return self.tr("Set by the trainer (the score alone would say otherwise)")
        return None


class UntrainedModel(RowsModel):
    COLUMNS = ("name", "work_number", "role", "hired_on")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._headers = {"name": self.tr("Employee"), "work_number": self.tr("Work number"), "role": self.tr("Role"),
                         "hired_on": self.tr("Hired")}

    def text(self, r: tr.Untrained, col: str) -> str:
        if col == "role":
            return role_text(r.role)
        if col == "hired_on":
            return r.hired_on.isoformat() if r.hired_on else "—"
        return str(getattr(r, col))


# ---- dialogs -----------------------------------------------------------------------------------
class SessionDialog(SubmitDialog):
    """A new training session: kind, title, day and trainer (R-TRAIN); OK runs
    `save(kind, title, day, trainer)` (it returns the write to run)."""

    def __init__(self, save: Callable[[str, str, dt.date, str], Callable[[], object]], *, today: dt.date,
                 parent=None):
        super().__init__(save, parent)
        self.setWindowTitle(self.tr("New training session (R-TRAIN)"))
        self.kind = QComboBox(self)
        for k in tr.KINDS:
            self.kind.addItem(kind_text(k), k)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(self.tr("e.g. Induction for the new installers"))
        self.day = QDateEdit(QDate(today), self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.trainer = QLineEdit(self)
        self.trainer.setPlaceholderText(self.tr("Who gave the training"))
        form = QFormLayout(self)
        form.addRow(self.tr("&Kind:"), self.kind)
        form.addRow(self.tr("&Title:"), self.title)
        form.addRow(self.tr("&Day:"), self.day)
        form.addRow(self.tr("T&rainer:"), self.trainer)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.setMinimumWidth(420)

    def values(self) -> tuple[str, str, dt.date, str]:
        return self.kind.currentData(), self.title.text(), self.day.date().toPython(), self.trainer.text()


class AttendanceDialog(SubmitDialog):
    """Attendees of one session with their scores 0–100; the result follows the score (pass at
    ``PASS_SCORE``) unless set to passed or failed by the trainer. OK runs `save(entries)` (it
    returns the write to run)."""

    COLS = 4  # employee, score, result, note

    def __init__(self, session: tr.SessionRow, staff: list[directory.StaffInfo], existing: list[tr.AttendeeRow],
                 save: Callable[[list[tr.Attendance]], Callable[[], object]], parent=None):
        super().__init__(save, parent)
        self.staff = staff
        self.setWindowTitle(self.tr("Attendees: {0}").format(session.title))
        head = QLabel(self.tr("{0}, {1}, trainer {2}. A score of {3} or more passes unless you set the result.")
                      .format(kind_text(session.kind), session.day.isoformat(), session.trainer, tr.PASS_SCORE), self)
        head.setWordWrap(True)
        self.table = QTableWidget(0, self.COLS, self)
        self.table.setObjectName("AttendeesEditor")
        self.table.setHorizontalHeaderLabels([self.tr("Employee"), self.tr("Score (0–100)"), self.tr("Result"),
                                              self.tr("Note")])
        for j in range(3):
            self.table.horizontalHeader().setSectionResizeMode(j, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        add = QPushButton(self.tr("&Add attendee"), self)
        add.clicked.connect(lambda: self.add_row())
        remove = QPushButton(self.tr("&Remove attendee"), self)
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        for a in existing:
            self.add_row(a.staff_id, str(a.score), None if a.passed == (a.score >= tr.PASS_SCORE) else a.passed,
                         a.note)
        self.resize(720, 420)

    def add_row(self, staff_id: int | None = None, score: str = "", passed: bool | None = None,
                note: str = "") -> int:
        """A row for one attendee (the next employee not listed yet, unless given)."""
        listed = {self.staff_at(i) for i in range(self.table.rowCount())}
        if staff_id is None:
            staff_id = next((p.id for p in self.staff if p.id not in listed), None)
        i = self.table.rowCount()
        self.table.insertRow(i)
        who = QComboBox(self.table)
        for p in self.staff:
            who.addItem(f"{p.label} · {role_text(p.role)}", p.id)
        who.setCurrentIndex(max(0, who.findData(staff_id)))
        mark = QLineEdit(score, self.table)
        mark.setPlaceholderText(self.tr("0–100"))
        result = QComboBox(self.table)
        for text, value in ((self.tr("by the score"), None), (self.tr("passed"), True), (self.tr("failed"), False)):
            result.addItem(text, value)
        result.setCurrentIndex(max(0, result.findData(passed)))
        result.setToolTip(self.tr("Set passed or failed only when the trainer decided against the score"))
        text = QLineEdit(note, self.table)
        for j, w in enumerate((who, mark, result, text)):
            self.table.setCellWidget(i, j, w)
        self.table.setCurrentCell(i, 1)
        mark.setFocus()
        return i

    def staff_at(self, i: int) -> int | None:
        return self.table.cellWidget(i, 0).currentData()

    def score_edit(self, i: int) -> QLineEdit:
        return self.table.cellWidget(i, 1)

    def result_box(self, i: int) -> QComboBox:
        return self.table.cellWidget(i, 2)

    def values(self) -> tuple[list[tr.Attendance]]:
        return (self.entries(),)

    def entries(self) -> list[tr.Attendance]:
        """The rows as attendances; a score that is no whole number is refused here, with the row."""
        out = []
        for i in range(self.table.rowCount()):
            who = self.table.cellWidget(i, 0)
            raw = self.score_edit(i).text().strip()
            try:
                score = int(raw)
            except ValueError:
                self.table.setCurrentCell(i, 1)
                self.score_edit(i).setFocus()
                raise ValueError(self.tr("The score of {0} must be a whole number from 0 to 100, not “{1}”.")
                                 .format(who.currentText(), raw)) from None
            out.append(tr.Attendance(who.currentData(), score, self.result_box(i).currentData(),
                                     self.table.cellWidget(i, 3).text().strip()))
        if not out:
            raise ValueError(self.tr("Add at least one attendee."))
        return out


# ---- the view ----------------------------------------------------------------------------------
class TrainingView(BranchPanel):
    """Sessions (left), the selected session's attendees and who lacks induction (right)."""

    sig_loaded = Signal(int)
    """Sessions, attendees and the induction gaps are on screen: carries the number of sessions."""
    sig_recorded = Signal(int)
    """A session or its attendees were recorded: carries the session id."""

    def __init__(self, store, *, user_id_fn: Callable[[], int | None] | None = None,
                 now_fn: Callable[[], dt.datetime] | None = None,
                 role_fn: Callable[[], str | None] | None = None, parent=None):
        super().__init__(store, user_id_fn=user_id_fn, now_fn=now_fn, role_fn=role_fn, parent=parent)
        self._attendees: dict[int, list[tr.AttendeeRow]] = {}
        self._staff: list[directory.StaffInfo] = []  # who may attend, read with the sessions
        self.model = SessionModel(self)
        self.table = self.single_row_table(QTableView(self), "TrainingSessionsTable")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.attendee_model = AttendeeModel(self)
        self.attendees = self.single_row_table(QTableView(self), "TrainingAttendeesTable")
        self.attendees.setModel(self.attendee_model)
        self.attendees.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.lacking_model = UntrainedModel(self)
        self.lacking = self.single_row_table(QTableView(self), "LackingInductionTable")
        self.lacking.setModel(self.lacking_model)
        self.lacking.horizontalHeader().setStretchLastSection(True)
        self.btn_new = QPushButton(self.tr("&New session…"), self)
        self.btn_new.clicked.connect(self.new_session)
        self.btn_attend = QPushButton(self.tr("Record &attendees…"), self)
        self.btn_attend.clicked.connect(self.record_attendees)
        self.summary = QLabel(self)
        bar = QHBoxLayout()
        bar.addWidget(self.btn_new)
        bar.addWidget(self.btn_attend)
        bar.addWidget(self.summary, 1)
        self.attendees_box = QGroupBox(self.tr("Attendees of the selected session"), self)
        QVBoxLayout(self.attendees_box).addWidget(self.attendees)
        self.lacking_box = QGroupBox(self)
        self.lacking_box.setToolTip(self.tr("Active staff of the branch without a passed induction training "
                                            "(R-TRAIN: induction training and assessment for new staff)"))
        QVBoxLayout(self.lacking_box).addWidget(self.lacking)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.attendees_box)
        right.addWidget(self.lacking_box)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(split, 1)
        self.table.selectionModel().selectionChanged.connect(self._show_attendees)
        self.update_rights()

    def may_record(self) -> bool:
        """The signed-in role may record training (permissions.TRAINING); unknown: the service decides."""
        return self.may(permissions.Action.TRAINING)

    # ---- loading -------------------------------------------------------------------------------
    def refresh(self, keep: int | None = None) -> None:
        branch_id = self.branch_id
        if branch_id is None:
            return
        keep = keep if keep is not None else self.selected_id()
        store = self.store

        def load():
            rows = tr.sessions(store, branch_id)
            return (rows, {r.id: tr.attendees(store, r.id) for r in rows}, tr.lacking_induction(store, branch_id),
                    directory.staff_of_branch(store, branch_id))

        self.load_latest(load, lambda res: self._loaded(branch_id, res, keep),
                         lambda exc: self.summary.setText(self.tr("Could not load the training records: {0}")
                                                          .format(i18n.render(exc))))

    def _loaded(self, branch_id: int, res, keep: int | None) -> None:
        if branch_id != self.branch_id:
            return
        rows, self._attendees, lacking, self._staff = res
        self.model.set_rows(rows)
        self.lacking_model.set_rows(lacking)
        self.lacking_box.setTitle(self.tr("Without a passed induction training (R-TRAIN): {0}").format(len(lacking)))
        trained = sum(r.attendees for r in rows)
        self.summary.setText(self.tr("{0} sessions, {1} attendances, {2} passed").format(
            len(rows), trained, sum(r.passed for r in rows)))
        if rows:
            i = self.model.row_of(keep) if keep is not None else -1
            self.table.selectRow(i if i >= 0 else 0)
        self._show_attendees()
        self.sig_loaded.emit(len(rows))

    def _show_attendees(self, *_args) -> None:
        r = self.selected()
        self.attendee_model.set_rows(self._attendees.get(r.id, []) if r else [])
        self.attendees_box.setTitle(self.tr("Attendees of {0}").format(r.title) if r
                                    else self.tr("Attendees of the selected session"))
        self.update_rights()

    def update_rights(self) -> None:
        may = self.may_record()
        why = "" if may else self.tr("Managers and admins record training (R-TRAIN)")
        self.btn_new.setEnabled(may)
        self.btn_attend.setEnabled(may and self.selected() is not None)
        for b in (self.btn_new, self.btn_attend):
            b.setToolTip(why)

    # ---- actions -------------------------------------------------------------------------------
    @classmethod
    def exec_dialog(cls, dlg: QDialog) -> int:
        """Run a dialog modally (monkeypatched in tests to fill it and press OK)."""
        return dlg.exec()

    def new_session(self) -> None:
        branch_id = self.branch_id
        if branch_id is None:
            return
        store = self.store

        def save(kind, title, day, trainer):
            actor, now = self._user(), self._now()  # as they are when OK is pressed
            return lambda: tr.add_session(store, branch_id=branch_id, kind=kind, title=title, day=day,
                                          trainer=trainer, actor_id=actor, now=now)

        dlg = SessionDialog(save, today=self.today(), parent=self)
        dlg.sig_saved.connect(self._recorded)
        self.exec_dialog(dlg)

    def record_attendees(self) -> None:
        session = self.selected()
        if session is None or self.branch_id is None:
            Ask.tell(self, self.tr("Training"), self.tr("Select or add a training session first."))
            return
        store = self.store

        def save(entries):
            actor, now = self._user(), self._now()

            def work():
                tr.record_attendees(store, session.id, entries, actor_id=actor, now=now)
                return session.id
            return work

        dlg = AttendanceDialog(session, list(self._staff), self._attendees.get(session.id, []), save, parent=self)
        dlg.sig_saved.connect(self._recorded)
        self.exec_dialog(dlg)

    def _recorded(self, session_id: int) -> None:
        self.sig_recorded.emit(session_id)
        self.refresh(session_id)


__all__ = ["AttendanceDialog", "SessionDialog", "TrainingView"]
