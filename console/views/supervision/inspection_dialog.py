"""Dialogs of the inspections view: record an inspection with its findings (R-INSP) and tick the
disclosure checklist of a business hall (R-DISC-1…6). OK saves off the GUI thread; a refusal is
shown in the dialog, which keeps everything typed (``submit_dialog.SubmitDialog``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
)  # fmt: skip

from console.rules.calendar import WorkCalendar
from console.services.supervision import rule_texts
from console.services.supervision.inspections import (
    CHECK_STATES,
    DEADLINE_WORKDAYS,
    DISCLOSURE_ITEMS,
    SEVERITIES,
    FindingInput,
    InspectionChoices,
    default_deadline,
    unentered_year,
)
from console.views.supervision.submit_dialog import SubmitDialog

_RULE_IDS = list(rule_texts.RULE_IDS)  # R-INSP: the ids a finding may name, each shown with its line


class InspectionDialog(SubmitDialog):
    """Date, inspectors (picked from the staff), scope and a table of findings (one row each); OK
    runs `save(day, inspector_ids, scope, findings)` (it returns the write to run).

    R-INSP: the inspectors are the province's and the branch's inspectors, ticked in a list; each
    finding names a rule id shown with its description, a severity in words, the responsible unit
    and a responsible person of the branch's staff, and a rectification deadline that defaults to
    15 working days after the inspection day (provisional, and said so, for a year the calendar
    has no official data for)."""

    COLS = 6  # rule id, description, severity, responsible unit, responsible person, deadline
    RULE, DESCRIPTION, SEVERITY, UNIT, PERSON, DEADLINE = range(COLS)

    def __init__(self, parent=None, *, today: dt.date,
                 save: Callable[[dt.date, list[int], str, list[FindingInput]], Callable[[], object]],
                 choices: InspectionChoices | None = None):
        super().__init__(save, parent)
        self.setWindowTitle(self.tr("Record an inspection (R-INSP)"))
        self.today = today
        self.choices = choices or InspectionChoices([], [], WorkCalendar({}))
        self.day = QDateEdit(QDate(today), self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.inspectors = QListWidget(self)
        self.inspectors.setObjectName("InspectorsPicker")
        self.inspectors.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.inspectors.setToolTip(self.tr("Tick every inspector of the inspection: the province's inspectors and "
                                           "the branch's (R-INSP)"))
        for c in self.choices.inspectors:
            where = self.tr("provincial") if c.branch_id is None else self.tr("of the branch")
            item = QListWidgetItem(self.tr("{0} ({1}) — {2}").format(c.name, c.work_number, where), self.inspectors)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.inspectors.setMaximumHeight(max(48, min(6, len(self.choices.inspectors)) * 20 + 8))
        self.no_inspectors = QLabel(self.tr("No inspector of the province or of this branch is on the staff list: "
                                            "an administrator adds them first."), self)
        self.no_inspectors.setWordWrap(True)
        self.no_inspectors.setVisible(not self.choices.inspectors)
        self.scope = QLineEdit(self)
        self.scope.setPlaceholderText(self.tr("What was inspected"))
        self.table = QTableWidget(0, self.COLS, self)
        self.table.setObjectName("FindingsEditor")
        self.table.setHorizontalHeaderLabels([self.tr("Rule id"), self.tr("Description"), self.tr("Severity"),
                                              self.tr("Responsible unit"), self.tr("Responsible person"),
                                              self.tr("Rectification deadline")])
        self.table.horizontalHeader().setSectionResizeMode(self.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        for col, width in ((self.RULE, 320), (self.SEVERITY, 90), (self.UNIT, 120), (self.PERSON, 150),
                           (self.DEADLINE, 130)):
            self.table.setColumnWidth(col, width)
        self.deadline_note = QLabel(self)  # R-INSP: the default deadline and whether it is provisional
        self.deadline_note.setObjectName("DeadlineNote")
        self.deadline_note.setWordWrap(True)
        self._auto: dict[int, bool] = {}  # id(deadline editor) -> still the default (follows the day)
        self._setting = False
        self.day.dateChanged.connect(self._day_changed)
        add = QPushButton(self.tr("&Add finding"), self)
        add.clicked.connect(lambda: self.add_finding())
        remove = QPushButton(self.tr("&Remove finding"), self)
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        form = QFormLayout()
        form.addRow(self.tr("Date:"), self.day)
        form.addRow(self.tr("Inspectors:"), self.inspectors)
        form.addRow("", self.no_inspectors)
        form.addRow(self.tr("Scope:"), self.scope)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(QLabel(self.tr("Findings:"), self))
        lay.addWidget(self.table, 1)
        lay.addWidget(self.deadline_note)
        lay.addLayout(row)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self._show_deadline_note()
        self.resize(1180, 560)

    # ---- inspectors ----------------------------------------------------------------------------
    def pick_inspectors(self, ids) -> None:
        """Tick the inspectors `ids` (and untick the others)."""
        wanted = set(ids)
        for i in range(self.inspectors.count()):
            item = self.inspectors.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted
                               else Qt.CheckState.Unchecked)

    def picked_inspectors(self) -> list[int]:
        return [self.inspectors.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.inspectors.count())
                if self.inspectors.item(i).checkState() == Qt.CheckState.Checked]

    # ---- deadlines -----------------------------------------------------------------------------
    def default_deadline(self) -> tuple[dt.date, bool]:
        """R-INSP: 15 working days after the inspection day (provisional for an unentered year)."""
        return default_deadline(self.choices.calendar, self.day.date().toPython())

    def _show_deadline_note(self) -> None:
        day = self.day.date().toPython()
        due, provisional = self.default_deadline()
        if provisional:
            year = unentered_year(self.choices.calendar, day, due) or due.year
            self.deadline_note.setText(self.tr(
                "Provisional: the {0} working-day calendar is not entered, so the default deadline {1} counts "
                "{2} working days Monday to Friday, public holidays unknown (R-INSP). Check it once the {0} "
                "calendar is entered.").format(year, due.isoformat(), DEADLINE_WORKDAYS))
            self.deadline_note.setStyleSheet("background: #fff3cd; color: #5c4400; padding: 3px;")
        else:
            self.deadline_note.setText(self.tr(
                "A new finding's rectification deadline is {0} working days after the inspection day: {1} "
                "(R-INSP, on the working-day calendar).").format(DEADLINE_WORKDAYS, due.isoformat()))
            self.deadline_note.setStyleSheet("")

    def _day_changed(self, *_args) -> None:
        """The inspection day moved: the deadlines still at their default follow it."""
        due, _provisional = self.default_deadline()
        self._setting = True
        try:
            for r in range(self.table.rowCount()):
                editor = self.table.cellWidget(r, self.DEADLINE)
                if editor is not None and self._auto.get(id(editor)):
                    editor.setDate(QDate(due))
        finally:
            self._setting = False
        self._show_deadline_note()

    def _deadline_edited(self, editor: QDateEdit) -> None:
        if not self._setting:
            self._auto[id(editor)] = False

    # ---- findings ------------------------------------------------------------------------------
    def add_finding(self, rule_id: str = "R-DISC-1", description: str = "", severity: str = "minor",
                    unit: str = "", deadline: dt.date | None = None, person_id: int | None = None) -> int:
        r = self.table.rowCount()
        self.table.insertRow(r)
        rule = QComboBox(self.table)
        for rid in _RULE_IDS:
            rule.addItem(rule_texts.label(rid), rid)
            rule.setItemData(rule.count() - 1, rule_texts.description(rid), Qt.ItemDataRole.ToolTipRole)
        rule.setCurrentIndex(max(0, rule.findData(rule_id)))
        rule.setToolTip(self.tr("The rule of RULES.md the finding names (R-INSP)"))
        self.table.setCellWidget(r, self.RULE, rule)
        self.table.setItem(r, self.DESCRIPTION, QTableWidgetItem(description))
        sev = QComboBox(self.table)
        for s in SEVERITIES:
            sev.addItem(self._severity(s), s)
        sev.setCurrentIndex(max(0, sev.findData(severity)))
        self.table.setCellWidget(r, self.SEVERITY, sev)
        self.table.setItem(r, self.UNIT, QTableWidgetItem(unit))
        person = QComboBox(self.table)
        person.addItem(self.tr("— nobody named —"), None)
        for c in self.choices.staff:
            person.addItem(c.label, c.id)
        person.setCurrentIndex(max(0, person.findData(person_id)) if person_id is not None else 0)
        person.setToolTip(self.tr("Who of the branch's staff answers for the rectification (R-INSP); an "
                                  "accountability case opens against this person (R-ACC)"))
        self.table.setCellWidget(r, self.PERSON, person)
        default, _provisional = self.default_deadline()
        due = QDateEdit(QDate(deadline or default), self.table)
        due.setCalendarPopup(True)
        due.setDisplayFormat("yyyy-MM-dd")
        self._auto[id(due)] = deadline is None
        due.dateChanged.connect(lambda *_a, e=due: self._deadline_edited(e))
        self.table.setCellWidget(r, self.DEADLINE, due)
        return r

    def _severity(self, key: str) -> str:
        return {"minor": self.tr("minor"), "serious": self.tr("serious"), "critical": self.tr("critical")}[key]

    def values(self) -> tuple[dt.date, list[int], str, list[FindingInput]]:
        out = []
        for r in range(self.table.rowCount()):
            desc = self.table.item(r, self.DESCRIPTION).text() if self.table.item(r, self.DESCRIPTION) else ""
            unit = self.table.item(r, self.UNIT).text() if self.table.item(r, self.UNIT) else ""
            out.append(FindingInput(self.table.cellWidget(r, self.RULE).currentData(), desc,
                                    self.table.cellWidget(r, self.SEVERITY).currentData(), unit,
                                    self.table.cellWidget(r, self.DEADLINE).date().toPython(),
                                    responsible_person_id=self.table.cellWidget(r, self.PERSON).currentData()))
        return self.day.date().toPython(), self.picked_inspectors(), self.scope.text(), out


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
