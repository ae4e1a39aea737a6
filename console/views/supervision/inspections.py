"""Inspections and findings (R-INSP) of a branch: record an inspection with its findings, tick the
disclosure checklist (R-DISC-1…6), move findings open → rectifying → verified closed, and export
the findings workbook. Overdue rectifications are red."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
)

from console import i18n
from console.rules.periods import CST as CHINA
from console.services.access import permissions
from console.services.supervision import inspections as insp
from console.views.kit.ask import Ask
from console.views.kit.branch_panel import BranchPanel
from console.views.kit.flow_layout import FlowLayout
from console.views.kit.live import Follow
from console.views.kit.ops import ReadOp
from console.views.kit.rows_model import RowsModel
from console.views.supervision.inspection_dialog import (
    DisclosureDialog,
    InspectionDialog,
)

_RED = QColor("#c62828")
_OVERDUE_BG = QColor("#ffebee")
_STATUS = {"open": QT_TRANSLATE_NOOP("Inspections", "open"),
           "rectifying": QT_TRANSLATE_NOOP("Inspections", "rectifying"),
           "closed": QT_TRANSLATE_NOOP("Inspections", "verified closed")}
_SEVERITY = {"minor": QT_TRANSLATE_NOOP("Inspections", "minor"),
             "serious": QT_TRANSLATE_NOOP("Inspections", "serious"),
             "critical": QT_TRANSLATE_NOOP("Inspections", "critical")}
A = permissions.Action


def status_text(status: str) -> str:
    return QCoreApplication.translate("Inspections", _STATUS[status])


class InspectionModel(RowsModel):
    COLUMNS = ("day", "branch", "inspectors", "scope", "findings", "open_findings")
    NUMERIC = frozenset({"findings", "open_findings"})

    def __init__(self, parent=None):
        super().__init__(parent)
        self._headers = {"day": self.tr("Date"), "branch": self.tr("Branch"), "inspectors": self.tr("Inspectors"),
                         "scope": self.tr("Scope"), "findings": self.tr("Findings"),
                         "open_findings": self.tr("Not closed")}

    def text(self, r: insp.InspectionRow, col: str) -> str:
        return r.day.isoformat() if col == "day" else str(getattr(r, col))


class FindingModel(RowsModel):
    """Findings of the selected inspection; an overdue rectification (R-INSP) is red."""

    COLUMNS = ("rule_id", "description", "severity", "responsible_unit", "responsible_person", "deadline", "status",
               "status_at", "status_by")

    def __init__(self, parent=None, *, today_fn: Callable[[], dt.date]):
        super().__init__(parent)
        self._today = today_fn
        self._headers = {
            "rule_id": self.tr("Rule id"), "description": self.tr("Description"), "severity": self.tr("Severity"),
            "responsible_unit": self.tr("Responsible unit"), "responsible_person": self.tr("Responsible person"),
            "deadline": self.tr("Deadline"), "status": self.tr("Status"), "status_at": self.tr("Since"),
            "status_by": self.tr("By")}
        self._header_tips = {
            "rule_id": self.tr("The rule of RULES.md the finding names (R-INSP)"),
            "status": self.tr("open → rectifying → verified closed (R-INSP); red: rectification overdue")}

    def text(self, f: insp.FindingRow, col: str) -> str:
        if col == "severity":
            return QCoreApplication.translate("Inspections", _SEVERITY[f.severity])
        if col == "status":
            return status_text(f.status)
        if col == "deadline":
            return f.deadline.isoformat()
        if col == "status_at":
            return f.status_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
        return str(getattr(f, col))

    def background(self, f: insp.FindingRow, col: str) -> QColor | None:
        return _OVERDUE_BG if f.overdue(self._today()) else None

    def foreground(self, f: insp.FindingRow, col: str) -> QColor | None:
        return _RED if col in ("deadline", "status") and f.overdue(self._today()) else None

    def tooltip(self, f: insp.FindingRow, col: str) -> str | None:
        today = self._today()
        if col in ("deadline", "status") and f.overdue(today):
            return self.tr("Rectification overdue by {0} days (R-INSP)").format(-f.days_to_deadline(today))
        if col == "description":
            return f.description
        return None


class InspectionsView(BranchPanel):
    """Inspections (top) and the findings of the selected one (bottom)."""

    sig_loaded = Signal(int)
    """The inspections and findings are on screen: carries the number of findings shown."""
    sig_recorded = Signal(int)
    """An inspection was recorded: carries its id."""
    sig_overdue = Signal(int, list)
    """The findings of a branch were read: carries the branch and its overdue rectifications (R-INSP)."""

    def __init__(self, store, *, user_id_fn: Callable[[], int | None] | None = None,
                 now_fn: Callable[[], dt.datetime] | None = None,
                 role_fn: Callable[[], str | None] | None = None, parent=None):
        super().__init__(store, user_id_fn=user_id_fn, now_fn=now_fn, role_fn=role_fn, parent=parent)
        self.rows: list[insp.InspectionRow] = []
        self.all_findings: list[insp.FindingRow] = []
        self.export_dialog = None
        self.inspection_dialog: InspectionDialog | None = None  # the last one opened
        self.inspection_model = InspectionModel(self)
        self.inspections = self.single_row_table(QTableView(self), "InspectionsTable")
        self.inspections.setModel(self.inspection_model)
        self.inspections.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.model = FindingModel(self, today_fn=self.today)
        self.table = self.single_row_table(QTableView(self), "FindingsTable")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.inspections.selectionModel().selectionChanged.connect(self._show_findings)
        self.table.selectionModel().selectionChanged.connect(self.update_rights)
        self.summary = QLabel(self)
        self.overdue_label = QLabel(self)  # R-INSP: overdue rectifications, always in sight
        self.overdue_label.setObjectName("OverdueRectifications")
        self.overdue_label.setWordWrap(True)
        self.overdue_label.setStyleSheet("background: #fde2e1; color: #6b1210; padding: 4px; border-radius: 3px;")
        self.overdue_label.hide()
        self.buttons: dict[str, QPushButton] = {}
        bar = FlowLayout()  # the buttons wrap on a narrow screen
        for key, text, slot in (("new", self.tr("&New inspection…"), self.new_inspection),
                                ("disclosure", self.tr("&Disclosure checklist…"), self.disclosure),
                                ("status", self.tr("Set &status…"), self.set_status),
                                ("export", self.tr("E&xport findings…"), self.export)):
            b = QPushButton(text, self)
            b.clicked.connect(slot)
            bar.addWidget(b)
            self.buttons[key] = b
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.inspections)
        split.addWidget(self.table)
        split.setSizes([220, 420])
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.overdue_label)
        lay.addWidget(self.summary)
        # what another console records shows here while the view is on screen (inspections topic)
        self.follow = Follow(self, read=self._reader, show=self._followed, topics=("inspections",))
        lay.addWidget(self.follow.note)
        lay.addWidget(split, 1)
        self.inspections.selectionModel().selectionChanged.connect(
            lambda *_: self.follow.quiet(self.selected_inspection()))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.follow.quiet(self.selected()))
        self.update_rights()

    def show_overdue(self, rows: list[insp.FindingRow]) -> None:
        """R-INSP: the rectifications past their deadline and not verified closed, most overdue first."""
        if not rows:
            self.overdue_label.hide()
            return
        today = self.today()
        shown = [self.tr("{0} {1}: {2} (due {3}, {4} days late; {5})").format(
            f.branch, f.rule_id, f.description[:40], f.deadline, (today - f.deadline).days,
            f.responsible_person or f.responsible_unit) for f in rows[:3]]
        more = self.tr(" … and {0} more").format(len(rows) - 3) if len(rows) > 3 else ""
        self.overdue_label.setText(self.tr("⚠ {0} rectification(s) overdue (R-INSP): {1}{2}").format(
            len(rows), "; ".join(shown), more))
        self.overdue_label.show()

    @property
    def findings(self) -> list[insp.FindingRow]:
        """The findings on screen (of the selected inspection)."""
        return self.model.rows()

    def update_rights(self, *_args) -> None:
        inspector = self.may(A.INSPECT)
        why = {
            "new": "" if inspector else self.tr("Inspectors record inspections and findings (R-INSP)"),
            "disclosure": "" if inspector else self.tr("Inspectors tick the disclosure checklist (R-DISC)"),
            "status": "" if self.may(A.INSPECT, A.RECTIFY) else
            self.tr("The branch's manager reports a rectification; an inspector verifies it (R-INSP)"),
            "export": "" if self.may(A.EXPORT) else self.tr("Managers, admins and inspectors export workbooks"),
        }
        for key, b in self.buttons.items():
            b.setEnabled(not why[key])
            b.setToolTip(why[key])

    # ---- loading -------------------------------------------------------------------------------
    def _reader(self, branch_id: int) -> Callable[[], tuple[list[insp.InspectionRow], list[insp.FindingRow]]]:
        store = self.store
        return lambda: (insp.inspections(store, branch_id), insp.findings(store, branch_id=branch_id))

    def refresh(self, select_id: int | None = None) -> None:
        branch_id = self.branch_id
        if branch_id is None:
            return
        current = self.selected_inspection()
        select_id = select_id if select_id is not None else (current.id if current else None)
        self.load_latest(self._reader(branch_id), lambda res: self._show(branch_id, res, select_id),
                         lambda exc: self.summary.setText(self.tr("Could not load inspections: {0}").format(i18n.render(exc))))

    def _show(self, branch_id: int, res, select_id: int | None) -> None:
        if branch_id != self.branch_id:
            return
        self.rows, self.all_findings = res
        self.inspection_model.set_rows(self.rows)
        late = insp.overdue_among(self.all_findings, self.today())
        self.sig_overdue.emit(branch_id, late)
        self.summary.setText(self.tr("{0} inspections, {1} findings, {2} rectifications overdue").format(
            len(self.rows), len(self.all_findings), len(late)))
        index = self.inspection_model.row_of(select_id) if select_id is not None else -1
        if self.rows:
            self.inspections.selectRow(index if index >= 0 else 0)
        self._show_findings()

    def _followed(self, branch_id: int, res) -> None:
        """Another console's change, in place: the selected inspection and finding stay."""
        current = self.selected_inspection()
        self._show(branch_id, res, current.id if current else None)

    def selected_inspection(self) -> insp.InspectionRow | None:
        rows = self.inspections.selectionModel().selectedRows()
        return self.inspection_model.row_at(rows[0].row()) if rows else None

    def _show_findings(self, *_args) -> None:
        current = self.selected_inspection()
        keep = self.selected_id()
        rows = [f for f in self.all_findings if current is None or f.inspection_id == current.id]
        self.model.set_rows(rows)
        i = self.model.row_of(keep) if keep is not None else -1
        if i >= 0:
            self.table.selectRow(i)
        self.update_rights()
        self.sig_loaded.emit(len(rows))

    # ---- actions -------------------------------------------------------------------------------
    @classmethod
    def exec_dialog(cls, dlg: QDialog) -> int:
        """Run a dialog modally (monkeypatched in tests to fill it and press OK)."""
        return dlg.exec()

    def new_inspection(self) -> None:
        """R-INSP: the inspectors, the branch's staff and the calendar are read first (off the GUI
        thread), then the dialog opens with them to pick from."""
        if self.branch_id is None:
            Ask.tell(self, self.tr("Inspections"), self.tr("Pick a branch first."))
            return
        store, branch_id = self.store, self.branch_id
        ReadOp(self, lambda: insp.inspection_choices(store, branch_id),
               lambda choices: self._open_inspection(branch_id, choices)).failure(
            lambda exc: self.refused(self.tr("Inspections"), exc)).run()

    def _open_inspection(self, branch_id: int, choices: insp.InspectionChoices) -> None:
        store = self.store

        def save(day, inspector_ids, scope, items):
            actor, now = self._user(), self._now()  # as they are when OK is pressed
            return lambda: insp.record_inspection(store, branch_id=branch_id, day=day, inspector_ids=inspector_ids,
                                                  scope=scope, actor_id=actor, findings=items, now=now)

        dlg = InspectionDialog(self, today=self.today(), save=save, choices=choices)
        self.inspection_dialog = dlg
        dlg.sig_saved.connect(self._recorded)
        self.exec_dialog(dlg)

    def _recorded(self, inspection_id: int) -> None:
        self.sig_recorded.emit(inspection_id)
        self.refresh(inspection_id)

    def disclosure(self) -> None:
        current = self.selected_inspection()
        if current is None:
            Ask.tell(self, self.tr("Disclosure checklist"), self.tr("Select or record an inspection first."))
            return
        store = self.store

        def save(hall, items, notes, deadline):
            actor, now = self._user(), self._now()
            return lambda: insp.check_disclosure(store, current.id, hall=hall, items=items, notes=notes,
                                                 actor_id=actor, deadline=deadline, now=now)

        dlg = DisclosureDialog(self, today=self.today(), save=save)
        dlg.sig_saved.connect(lambda _ids: self.refresh(current.id))
        with self.follow.editing(lambda res: next((x for x in res[0] if x.id == current.id), None), current,
                                 self.tr("the inspection of {0}").format(current.day.isoformat())):
            self.exec_dialog(dlg)

    def set_status(self) -> None:
        f = self.selected()
        if f is None:
            Ask.tell(self, self.tr("Finding status"), self.tr("Select a finding first."))
            return
        choices = [status_text(s) for s in insp.TRANSITIONS[f.status]]
        if not choices:
            Ask.tell(self, self.tr("Finding status"), self.tr("The finding is verified closed."))
            return
        with self.follow.editing(lambda res: next((x for x in res[1] if x.id == f.id), None), f,
                                 self.tr("the finding {0}").format(f.rule_id)):
            picked = Ask.item(self, self.tr("Finding status"), self.tr("Move {0} to:").format(f.rule_id), choices)
        if picked is None:
            return
        status = next(s for s in insp.TRANSITIONS[f.status] if status_text(s) == picked)
        store, branch_id, actor, now = self.store, self.branch_id, self._user(), self._now()

        def done(_out, res) -> None:
            if res is None:  # saved; the findings could not be read with it
                self.refresh(f.inspection_id)
            else:
                self._show(branch_id, res, f.inspection_id)

        def failed(exc: BaseException) -> None:
            self.refused(self.tr("Not saved"), exc)
            self.refresh()

        self.write(lambda: insp.set_status(store, f.id, status, actor_id=actor, now=now), done, failed,
                   reload=self._reader(branch_id))

    def export(self):
        from console.views.exchange.export_dialog import (
            ExportDialog,  # openpyxl when a workbook is made
        )

        self.export_dialog = ExportDialog(self.store, kind="findings", branch_id=self.branch_id, now_fn=self._now,
                                          user_id_fn=self._user, parent=self)
        self.export_dialog.show()
        return self.export_dialog

