"""Major clients (R-VISIT-5): revisit plans with owner, recurrence, next due, the visits overdue and
the last visit; create / edit / pause with a reason / resume / end, record a visit (for one planned
date: with several missed, the person says which — a late visit clears its own date only); an
8-week owner calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from console import i18n
from console.rules.periods import CST as CHINA
from console.services.access import directory
from console.services.revisits import plans as rv
from console.services.revisits.plans import PlanRow
from console.terms import term
from console.views.kit.ask import Ask
from console.views.kit.branch_panel import BranchPanel
from console.views.kit.flow_layout import FlowLayout
from console.views.kit.live import Follow
from console.views.revisits.calendar import PlanCalendar

PlanIdRole = Qt.ItemDataRole.UserRole + 1
"""The plan's database id."""
COLUMNS = ("customer", "category", "district", "owner", "recurrence", "next_due", "overdue", "status", "last_visit",
           "findings")
_LATE = QColor("#c62828")


class PlanModel(QAbstractTableModel):
    """Adapts a plain list of services.revisits.PlanRow; overdue next-due dates in red."""

    def __init__(self, parent=None, *, today_fn: Callable[[], dt.date]):
        super().__init__(parent)
        self._today = today_fn
        self._rows: list[PlanRow] = []
        self._headers = {
            "customer": self.tr("Major client"), "category": self.tr("Category"), "district": self.tr("District"),
            "owner": self.tr("Owner"), "recurrence": self.tr("Recurrence"), "next_due": self.tr("Next due"),
            "overdue": self.tr("Overdue visits"),
            "status": self.tr("Status"), "last_visit": self.tr("Last visit"), "findings": self.tr("Last findings"),
        }
        self._status = {"active": self.tr("active"), "paused": self.tr("paused"), "ended": self.tr("ended")}

    def set_rows(self, rows: list[PlanRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> PlanRow:
        return self._rows[row]

    def row_of(self, plan_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == plan_id), -1)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return self._headers[COLUMNS[section]]
        return None

    def recurrence_text(self, r: PlanRow) -> str:
        if r.recurrence == "weeks":
            return self.tr("every %n week(s)", "", r.interval_weeks or 0)
        if r.recurrence == "monthly":
            return self.tr("monthly, day {0}").format(r.start_date.day)
        if r.recurrence == "quarterly":
            return self.tr("quarterly, day {0}").format(r.start_date.day)
        return self.tr("%n custom date(s)", "", len(r.custom_dates))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        col = COLUMNS[index.column()]
        if role == PlanIdRole:
            return r.id
        late = r.overdue_days(self._today())
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "next_due":
                if r.next_due is None:
                    return "—"
                return r.next_due.isoformat() + (self.tr(" (overdue %n day(s))", "", late) if late else "")
            if col == "overdue":  # R-VISIT-5: each missed planned date until a visit is recorded for it
                days = r.overdue_dates(self._today())
                return (self.tr("%n overdue: ", "", len(days)) + ", ".join(d.isoformat() for d in days)) if days else ""
            if col == "status":
                return self._status[r.status] + (f": {r.status_reason}" if r.status_reason else "")
            if col == "last_visit":
                return (f"{r.last_visit_at.astimezone(CHINA):%Y-%m-%d} · {r.last_visitor}" if r.last_visit_at
                        else self.tr("none yet"))
            if col == "recurrence":
                return self.recurrence_text(r)
            category = i18n.render(term(r.category, of="client category")) if r.category else ""
            return {"customer": r.customer, "category": category, "district": r.district, "owner": r.owner,
                    "findings": r.last_visit_findings}[col]
        if role == Qt.ItemDataRole.ForegroundRole and col in ("next_due", "overdue") and late:
            return QBrush(_LATE)
        if role == Qt.ItemDataRole.ToolTipRole and col in ("next_due", "overdue"):
            return self.tr("R-VISIT-5: a visit not recorded by its date is overdue until a visit is recorded for "
                           "that date; a late visit clears its own date only")
        return None


class PlanEditor(QDialog):
    """Create or edit a plan: client, owner, recurrence (every N weeks / monthly / quarterly / custom)."""

    def __init__(self, customers: dict[int, str], owners: dict[int, str], plan: PlanRow | None = None,
                 today: dt.date | None = None, parent=None, kept: dict | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit revisit plan") if plan else self.tr("New revisit plan"))
        form = QFormLayout(self)
        self.customer = QComboBox(self)
        for cid, name in (customers.items() if plan is None else [(plan.customer_id, plan.customer)]):
            self.customer.addItem(name, cid)
        self.customer.setEnabled(plan is None)
        self.owner = QComboBox(self)
        for sid, name in owners.items():
            self.owner.addItem(name, sid)
        self.recurrence = QComboBox(self)
        for key, text in (("monthly", self.tr("Monthly")), ("quarterly", self.tr("Quarterly")),
                          ("weeks", self.tr("Every N weeks")), ("custom", self.tr("Custom dates"))):
            self.recurrence.addItem(text, key)
        self.weeks = QSpinBox(self)
        self.weeks.setRange(1, 52)
        self.weeks.setValue(4)
        self.weeks.setSuffix(self.tr(" week(s)"))
        self.start = QDateEdit(QDate(today or dt.date.today()), self)
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.start.setToolTip(self.tr("Monthly plans recur on this day; on the 31st, the last day of shorter months"))
        self.dates = QLineEdit(self)
        self.dates.setPlaceholderText(self.tr("2026-01-20, 2026-04-25, …"))
        self.elsewhere = QLabel(self)  # another console changed the plan meanwhile (kit.live.Follow)
        self.elsewhere.setWordWrap(True)
        self.elsewhere.hide()
        form.addRow(self.elsewhere)
        form.addRow(self.tr("&Major client:"), self.customer)
        form.addRow(self.tr("&Owner:"), self.owner)
        form.addRow(self.tr("&Recurrence:"), self.recurrence)
        form.addRow(self.tr("&Interval:"), self.weeks)
        form.addRow(self.tr("&Start / anchor day:"), self.start)
        form.addRow(self.tr("Custom &dates:"), self.dates)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.recurrence.currentIndexChanged.connect(self._enable)
        if plan is not None:
            self.owner.setCurrentIndex(max(0, self.owner.findData(plan.owner_id)))
            self.recurrence.setCurrentIndex(self.recurrence.findData(plan.recurrence))
            self.weeks.setValue(plan.interval_weeks or 4)
            self.start.setDate(QDate(plan.start_date))
            self.dates.setText(", ".join(plan.custom_dates))
        if kept:  # what was entered when saving it last failed: nothing typed is lost
            self._fill(kept)
        self._enable()

    def _fill(self, v: dict) -> None:
        if v.get("customer_id") is not None and self.customer.isEnabled():
            self.customer.setCurrentIndex(max(0, self.customer.findData(v["customer_id"])))
        self.owner.setCurrentIndex(max(0, self.owner.findData(v.get("owner_id"))))
        self.recurrence.setCurrentIndex(max(0, self.recurrence.findData(v.get("recurrence"))))
        if v.get("interval_weeks"):
            self.weeks.setValue(v["interval_weeks"])
        if v.get("start_date"):
            self.start.setDate(QDate(v["start_date"]))
        self.dates.setText(", ".join(v.get("custom_dates") or ()))

    def changed_elsewhere(self, text: str) -> None:
        """Another console changed the plan while this is open (what was typed stays)."""
        self.elsewhere.setText(text)
        self.elsewhere.show()

    def _enable(self, *_args) -> None:
        kind = self.recurrence.currentData()
        self.weeks.setEnabled(kind == "weeks")
        self.dates.setEnabled(kind == "custom")

    def values(self) -> dict:
        kind = self.recurrence.currentData()
        dates = [d.strip() for d in self.dates.text().replace("，", ",").split(",") if d.strip()]
        return {"customer_id": self.customer.currentData(), "owner_id": self.owner.currentData(), "recurrence": kind,
                "interval_weeks": self.weeks.value() if kind == "weeks" else None,
                "custom_dates": dates if kind == "custom" else [], "start_date": self.start.date().toPython()}

    @classmethod
    def ask(cls, parent, customers, owners, plan=None, today=None, kept=None) -> dict | None:
        """The plan as entered (None when cancelled); `kept`: what was entered when saving it last
        failed, filled in again."""
        dlg = cls(customers, owners, plan, today, parent, kept)
        return dlg.values() if dlg.exec() == QDialog.DialogCode.Accepted else None


@dataclass(frozen=True)
class _Shown:
    """What the view shows of a branch, read in one go: plans, the calendar from `monday`, and
    the choices of the plan editor (major clients, possible owners)."""

    plans: list[PlanRow]
    calendar: dict
    monday: dt.date
    customers: dict[int, str]
    owners: dict[int, str]


class RevisitsView(BranchPanel):
    """Plans of one branch (tab 1) and the 8-week calendar of planned visits per owner (tab 2)."""

    sig_loaded = Signal(int)
    """Plans are on screen: carries the number of overdue visits (for the alerts panel badge)."""
    sig_plans_changed = Signal(int)
    """A plan was created or changed (and is on screen): carries its id."""

    def __init__(self, store, *, user_id_fn: Callable[[], int | None], now_fn: Callable[[], dt.datetime] | None = None,
                 parent=None):
        super().__init__(store, user_id_fn=user_id_fn, now_fn=now_fn, parent=parent)
        self._customers: dict[int, str] = {}
        self._owners: dict[int, str] = {}
        self._choices_of: int | None = None  # the branch whose editor choices were read
        self._plans_kept: dict[object, dict] = {}  # plan editor values whose save failed, by what they were for
        self.model = PlanModel(self, today_fn=self.today)
        self.table = self.single_row_table(QTableView(self), "PlanTable")
        self.table.setModel(self.model)
        self.calendar = PlanCalendar(self)
        self.btn_new = QPushButton(self.tr("&New plan…"), self)
        self.btn_edit = QPushButton(self.tr("&Edit…"), self)
        self.btn_visit = QPushButton(self.tr("Record &visit…"), self)
        self.btn_pause = QPushButton(self.tr("&Pause…"), self)
        self.btn_resume = QPushButton(self.tr("Res&ume"), self)
        self.btn_end = QPushButton(self.tr("E&nd…"), self)
        self.status = QLabel(self)
        bar = FlowLayout()  # the buttons wrap on a narrow screen
        for b in (self.btn_new, self.btn_edit, self.btn_visit, self.btn_pause, self.btn_resume, self.btn_end):
            bar.addWidget(b)
        plans_tab = QWidget(self)
        pl = QVBoxLayout(plans_tab)
        pl.addLayout(bar)
        pl.addWidget(self.table, 1)
        pl.addWidget(self.status)
        # what another console changes shows here while the view is on screen (revisits topic)
        self.follow = Follow(self, read=self._reader, show=lambda b, got: self._loaded(b, got), topics=("revisits",))
        pl.addWidget(self.follow.note)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(plans_tab, self.tr("Plans"))
        self.tabs.addTab(self.calendar, self.tr("8-week calendar"))
        QVBoxLayout(self).addWidget(self.tabs)
        self.btn_new.clicked.connect(self.new_plan)
        self.btn_edit.clicked.connect(self.edit_plan)
        self.btn_visit.clicked.connect(self.record_visit)
        self.btn_pause.clicked.connect(self.pause_plan)
        self.btn_resume.clicked.connect(self.resume_plan)
        self.btn_end.clicked.connect(self.end_plan)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.follow.quiet(self.selected()))
        self._update_buttons()

    # ---- loading -----------------------------------------------------------------------------
    def _reader(self, branch_id: int) -> Callable[[], _Shown]:
        store, today = self.store, self.today()
        monday = today - dt.timedelta(days=today.weekday())

        def load() -> _Shown:
            people = directory.staff_of_branch(store, branch_id, ("maintainer", "manager", "dispatcher"))
            owners = {p.id: f"{p.label} · {i18n.render(term(p.role, of='role'))}" for p in people
                      if p.branch_id == branch_id}
            rows = rv.plans(store, branch_id, today)
            return _Shown(rows, rv.calendar(store, branch_id, monday, today, rows=rows), monday,
                          rv.major_customers(store, branch_id), owners)
        return load

    def refresh(self, keep: int | None = None) -> None:
        branch_id = self.branch_id
        if branch_id is None:
            return
        self.load_latest(self._reader(branch_id), lambda got: self._loaded(branch_id, got, keep),
                         lambda exc: self.status.setText(self.tr("Could not load plans: {0}").format(i18n.render(exc))))

    def _loaded(self, branch_id: int, got: _Shown, keep: int | None = None) -> None:
        if branch_id != self.branch_id:
            return
        keep = keep if keep is not None else self.selected_id()
        rows = got.plans
        self._customers, self._owners, self._choices_of = got.customers, got.owners, branch_id
        self.model.set_rows(rows)
        self.calendar.show_calendar(got.calendar, got.monday, self.today())
        late = sum(len(r.overdue_dates(self.today())) for r in rows)  # R-VISIT-5: every missed date counts
        self.status.setText(self.tr("{0} plans, {1} overdue visits").format(len(rows), late))
        if rows:
            i = self.model.row_of(keep) if keep is not None else -1
            self.table.selectRow(max(i, 0))
        self._update_buttons()
        self.sig_loaded.emit(late)

    # ---- actions -----------------------------------------------------------------------------
    def _update_buttons(self, *_args) -> None:
        r = self.selected()
        self.btn_new.setEnabled(self.branch_id is not None and self._choices_of == self.branch_id)
        self.btn_edit.setEnabled(r is not None and r.status != "ended")
        self.btn_visit.setEnabled(r is not None and r.status == "active" and r.next_due is not None)
        self.btn_pause.setEnabled(r is not None and r.status == "active")
        self.btn_resume.setEnabled(r is not None and r.status == "paused")
        self.btn_end.setEnabled(r is not None and r.status != "ended")

    def _do(self, write: Callable[[], object], r: PlanRow | None, typed: tuple[object, str] | None = None,
            kept: tuple[object, dict] | None = None) -> None:
        """Write off the GUI thread; once the plan is on screen as it is now, `sig_plans_changed`.
        `typed`: a text typed for it, `kept`: (key, values) of the plan editor — offered again when
        the write is not done (nothing typed is lost)."""
        branch_id = self.branch_id

        def failed(exc: BaseException) -> None:
            if kept is not None:
                self._plans_kept[kept[0]] = kept[1]
            self.refused(self.tr("Revisit plan"), exc)

        def done(out, got: _Shown | None) -> None:
            if kept is not None:
                self._plans_kept.pop(kept[0], None)
            pid = out if isinstance(out, int) else r.id
            if got is None:  # saved; the plans could not be read with it
                self.refresh(pid)
            else:
                self._loaded(branch_id, got, pid)
            self.sig_plans_changed.emit(pid)

        self.write(write, done, failed, reload=self._reader(branch_id), typed=typed)

    def _editing(self, r: PlanRow):
        """Around a dialog about `r`: another console's change to it is said, not read over it."""
        return self.follow.editing(lambda got: next((x for x in got.plans if x.id == r.id), None), r,
                                   self.tr("the plan of {0}").format(r.customer))

    def new_plan(self) -> None:
        if self.branch_id is None or self._choices_of != self.branch_id:
            return
        key = ("new", self.branch_id)
        got = PlanEditor.ask(self, dict(self._customers), dict(self._owners), None, self.today(),
                             kept=self._plans_kept.get(key))
        if got:
            store, branch_id, actor, now = self.store, self.branch_id, self._user(), self._now()
            self._do(lambda: rv.create_plan(store, branch_id=branch_id, actor_id=actor, now=now, **got), None,
                     kept=(key, got))

    def edit_plan(self) -> None:
        r = self.selected()
        if r is None:
            return
        with self._editing(r):
            got = PlanEditor.ask(self, {}, dict(self._owners), r, self.today(), kept=self._plans_kept.get(("edit", r.id)))
        if got:
            kept = (("edit", r.id), dict(got))
            got.pop("customer_id")
            store, actor, now = self.store, self._user(), self._now()
            self._do(lambda: rv.edit_plan(store, r.id, actor_id=actor, now=now, **got), r, kept=kept)

    def pause_plan(self) -> None:
        r = self.selected()
        if r is None:
            return
        with self._editing(r):
            reason = self.ask_text(("pause", r.id), self.tr("Pause plan"),
                                   self.tr("Why pause the plan of {0}?").format(r.customer))
        if reason:
            store, actor, now = self.store, self._user(), self._now()
            self._do(lambda: rv.pause_plan(store, r.id, reason=reason, actor_id=actor, now=now), r,
                     (("pause", r.id), reason))

    def resume_plan(self) -> None:
        r = self.selected()
        if r is not None:
            store, actor, now = self.store, self._user(), self._now()
            self._do(lambda: rv.resume_plan(store, r.id, actor_id=actor, now=now), r)

    def end_plan(self) -> None:
        r = self.selected()
        if r is None:
            return
        with self._editing(r):
            reason = self.ask_text(("end", r.id), self.tr("End plan"),
                                   self.tr("Why end the plan of {0}?").format(r.customer))
        if reason:
            store, actor, now = self.store, self._user(), self._now()
            self._do(lambda: rv.end_plan(store, r.id, reason=reason, actor_id=actor, now=now), r,
                     (("end", r.id), reason))

    def record_visit(self) -> None:
        r = self.selected()
        if r is None:
            return
        late = r.overdue_dates(self.today())
        with self._editing(r):
            day = r.next_due
            if len(late) > 1:  # R-VISIT-5: which missed visit this one is for (each clears its own date)
                labels = {self.tr("{0} (overdue %n day(s))", "", (self.today() - d).days).format(d.isoformat()): d
                          for d in r.owed}
                upcoming = [d for d in r.owed if d >= self.today()]
                if upcoming:
                    labels = {(k if v < self.today() else self.tr("{0} (next)").format(v.isoformat())): v
                              for k, v in labels.items()}
                got = Ask.item(self, self.tr("Record visit"),
                               self.tr("{0} has %n overdue visit(s). Which planned visit was made?", "",
                                       len(late)).format(r.customer), list(labels))
                if got is None:
                    return
                day = labels[got]
            findings = self.ask_text(("visit", r.id, day), self.tr("Record visit"),
                                     self.tr("What did the visit to {0} find? (the visit planned for {1})")
                                     .format(r.customer, day.isoformat() if day else "—"))
        if findings:
            store, actor, now = self.store, self._user(), self._now()
            self._do(lambda: rv.record_visit(store, r.id, visitor_id=actor, findings=findings, actor_id=actor,
                                             now=now, planned_for=day), r, (("visit", r.id, day), findings))
