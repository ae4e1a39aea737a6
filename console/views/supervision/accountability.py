"""Accountability cases (R-ACC, R-TIME-11) and training records (R-TRAIN) of a branch.

A manager opens a case from a breached order or a finding, records the person's statement (or
that they declined: R-ACC-S), adds aggravating (R-ACC-H; a repeat within 12 months is detected by
the console) or mitigating (R-ACC-L) circumstances, and decides. A decision before the statement is
refused with the rule's words. Managers, admins and inspectors read the cases; for other roles
nothing is read (the shell does not show this workspace to them at all: shell.workspaces). The
"Training" tab (``training_view.TrainingView``) holds the training sessions, their attendees and
scores, and who lacks a passed induction training."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.rules.periods import CST as CHINA
from console.services.access import permissions
from console.services.supervision import accountability as acc
from console.services.supervision import inspections as insp
from console.views.kit.ask import Ask
from console.views.kit.branch_panel import BranchPanel
from console.views.kit.flow_layout import FlowLayout
from console.views.kit.ops import ReadOp
from console.views.kit.rows_model import RowsModel
from console.views.supervision.decision_dialog import (
    DecisionDialog,
    circumstance_text,
    outcome_text,
    reason_text,
)
from console.views.supervision.training import TrainingView
from console import i18n

_RED = QColor("#c62828")
_GREY = QColor("#757575")
class CaseModel(RowsModel):
    COLUMNS = ("opened", "person", "source", "grounds", "statement", "aggravating", "mitigating", "outcome",
               "decided")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._headers = {
            "opened": self.tr("Opened"), "person": self.tr("Person"), "source": self.tr("From"),
            "grounds": self.tr("Grounds"), "statement": self.tr("Statement (R-ACC-S)"),
            "aggravating": self.tr("Aggravating (R-ACC-H)"), "mitigating": self.tr("Mitigating (R-ACC-L)"),
            "outcome": self.tr("Outcome"), "decided": self.tr("Decided")}
        self._header_tips = {
            "statement": self.tr("R-ACC-S: the person's statement and defence are heard and recorded before a "
                                 "decision"),
            "aggravating": self.tr("R-ACC-H: retaliation, two or more accountable acts in one year, obstruction, "
                                   "not executing a supervision decision"),
            "mitigating": self.tr("R-ACC-L: apologised and the customer understands, prevented the bad outcome, "
                                  "corrected and recovered the loss")}

    def text(self, c: acc.CaseRow, col: str) -> str:
        if col == "opened":
            return c.opened_at.astimezone(CHINA).strftime("%Y-%m-%d")
        if col == "source":
            if c.order_id and c.order_provisional:  # R-TIME-11: never shown as a breach as fact
                return self.tr("order {0} (provisional — calendar not entered)").format(c.order_number)
            return (self.tr("order {0}").format(c.order_number) if c.order_id
                    else self.tr("finding {0}").format(c.finding_rule))
        if col == "statement":
            return c.statement or (self.tr("declined to give one") if c.statement_declined else self.tr("not heard yet"))
        if col in ("aggravating", "mitigating"):
            return "; ".join(circumstance_text(x) for x in getattr(c, col))
        if col == "outcome":
            return outcome_text(c.outcome) if c.outcome else self.tr("undecided")
        if col == "decided":
            return c.decided_at.astimezone(CHINA).strftime("%Y-%m-%d") if c.decided_at else ""
        return str(getattr(c, col))

    def foreground(self, c: acc.CaseRow, col: str) -> QColor | None:
        if col == "statement" and not c.heard:
            return _RED  # R-ACC-S: no decision until heard
        if col == "outcome" and not c.outcome:
            return _GREY
        return None


class AccountabilityView(BranchPanel):
    sig_loaded = Signal(int)
    """Cases are on screen: carries their number."""
    sig_failed = Signal(str)
    """A change was refused: carries the reason shown (e.g. R-ACC-S)."""

    def __init__(self, store, *, user_id_fn: Callable[[], int | None] | None = None,
                 now_fn: Callable[[], dt.datetime] | None = None,
                 role_fn: Callable[[], str | None] | None = None, parent=None):
        super().__init__(store, user_id_fn=user_id_fn, now_fn=now_fn, role_fn=role_fn, parent=parent)
        self.model = CaseModel(self)
        self.decision_dialog: DecisionDialog | None = None  # the last one opened
        self.table = self.single_row_table(QTableView(self), "CasesTable")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel(self)
        self.buttons: dict[str, QPushButton] = {}
        bar = FlowLayout()  # the buttons wrap on a narrow screen
        for key, text, slot in (("order", self.tr("From a breached &order…"), self.open_from_order),
                                ("finding", self.tr("From a &finding…"), self.open_from_finding),
                                ("statement", self.tr("Record &statement…"), self.statement),
                                ("circumstance", self.tr("Add &circumstance…"), self.circumstance),
                                ("decide", self.tr("&Decide…"), self.decide)):
            b = QPushButton(text, self)
            b.clicked.connect(slot)
            bar.addWidget(b)
            self.buttons[key] = b
        cases = QWidget(self)
        cl = QVBoxLayout(cases)
        cl.addLayout(bar)
        cl.addWidget(self.summary)
        cl.addWidget(self.table, 1)
        self.training = TrainingView(store, user_id_fn=self._user, now_fn=self._now, role_fn=role_fn, parent=self)
        self.tabs = QTabWidget(self)
        for page, label, tip in ((cases, self.tr("Cases"), self.tr("Cases (R-ACC)")),
                                 (self.training, self.tr("Training"), self.tr("Training (R-TRAIN)"))):
            self.tabs.setTabToolTip(self.tabs.addTab(page, label), tip)  # short tab, the rule id on hover
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tabs)
        self.table.selectionModel().selectionChanged.connect(self.update_rights)
        self.update_rights()

    def may_decide(self) -> bool:
        """The signed-in role may decide accountability (permissions.ACCOUNTABILITY); unknown: the
        service decides."""
        return self.may(permissions.Action.ACCOUNTABILITY)

    def update_rights(self, *_args) -> None:
        """Enable what the signed-in role may do (read now: after a sign-in switch too)."""
        self.training.update_rights()
        may, c = self.may_decide(), self.selected()
        open_case = c is not None and c.decided_at is None  # a decided case is closed
        for key, b in self.buttons.items():
            b.setEnabled(may and (key in ("order", "finding") or open_case))
            b.setToolTip("" if may else self.tr("Managers and admins decide accountability (R-ACC)"))

    def set_branch(self, branch_id: int) -> None:
        self.training.set_branch(branch_id)
        super().set_branch(branch_id)

    def may_read(self) -> bool:
        """The signed-in role may read the cases (R-ACC: managers, admins, inspectors); unknown: the
        service decides."""
        return self.may(permissions.Action.ACCOUNTABILITY_READ)

    def _reader(self, branch_id: int) -> Callable[[], list[acc.CaseRow]]:
        store, actor = self.store, self._user()
        return lambda: acc.cases(store, branch_id, actor_id=actor)

    def refresh(self, keep: int | None = None) -> None:
        b = self.branch_id
        if b is None:
            return
        if not self.may_read():  # R-ACC: nothing is read for a role that may not see the cases
            self.model.set_rows([])
            self.summary.setText(self.tr("Managers, admins and inspectors read accountability cases (R-ACC)"))
            self.update_rights()
            return
        keep = keep if keep is not None else self.selected_id()
        self.load_latest(self._reader(b), lambda rows: self._show(b, rows, keep),
                         lambda exc: self.summary.setText(self.tr("Could not load cases: {0}").format(i18n.render(exc))))

    def _show(self, branch_id: int, rows: list[acc.CaseRow], keep: int | None) -> None:
        if branch_id != self.branch_id:
            return
        self.model.set_rows(rows)
        if rows:
            i = self.model.row_of(keep) if keep is not None else -1
            self.table.selectRow(i if i >= 0 else 0)
        open_ = sum(1 for c in rows if c.decided_at is None)
        unheard = sum(1 for c in rows if c.decided_at is None and not c.heard)
        self.summary.setText(self.tr("{0} cases, {1} undecided, {2} waiting for the statement (R-ACC-S)")
                             .format(len(rows), open_, unheard))
        self.update_rights()
        self.sig_loaded.emit(len(rows))

    @property
    def cases(self) -> list[acc.CaseRow]:
        return self.model.rows()

    def current(self) -> acc.CaseRow | None:
        return self.selected()

    def _write(self, fn, keep: int | None = None, typed: tuple[object, str] | None = None) -> None:
        """Write off the GUI thread, then show the cases as they are now (the new case selected,
        or `keep`). A refusal (R-ACC-S …) is told in its words and by `sig_failed`."""
        branch_id = self.branch_id

        def done(out, rows) -> None:
            select = out if isinstance(out, int) else keep
            if rows is None:  # saved; the cases could not be read with it
                self.refresh(select)
            else:
                self._show(branch_id, rows, select)

        def failed(exc: BaseException) -> None:
            self.sig_failed.emit(i18n.render(exc))
            self.refused(self.tr("Not saved"), exc)
            self.refresh(keep)

        self.write(fn, done, failed, reload=self._reader(branch_id), typed=typed)

    def _pick(self, read: Callable[[], object], then: Callable[[object], None]) -> None:
        """What to choose from, read off the GUI thread; `then(choices)` asks."""
        ReadOp(self, read, then).failure(lambda exc: self.refused(self.tr("Accountability"), exc)).run()

    def open_from_order(self) -> None:
        if self.branch_id is None:
            return
        store, branch_id = self.store, self.branch_id
        self._pick(lambda: acc.breached_orders(store, branch_id), self._open_from_order)

    def provisional_text(self, c: acc.Candidate) -> str:
        """R-TIME-11: how a provisional candidate is named — never as a breach."""
        if c.year is not None:
            return self.tr("{0} (provisional — calendar {1} not entered)").format(c.number, c.year)
        return self.tr("{0} (provisional — working-day calendar not entered)").format(c.number)

    def _open_from_order(self, orders: list[acc.Candidate]) -> None:
        """R-TIME-11: the breaches as fact are offered; a provisional one (its deadline rests on a
        calendar year not entered) is listed apart and cannot be opened until the calendar is
        entered (the service refuses it too)."""
        facts = [o for o in orders if not o.provisional]
        provisional = [o for o in orders if o.provisional]
        apart = "; ".join(self.provisional_text(o) for o in provisional[:10])
        if len(provisional) > 10:
            apart += self.tr(" … and {0} more").format(len(provisional) - 10)
        if not facts:
            if provisional:
                Ask.tell(self, self.tr("Accountability"), self.tr(
                    "No breached orders. Provisional, not breaches as fact: {0}. A case opens from them once the "
                    "working-day calendar of their year is entered (R-TIME-11).").format(apart))
            else:
                Ask.tell(self, self.tr("Accountability"), self.tr("No breached orders."))
            return
        label = self.tr("Breached order:")
        if provisional:
            label = self.tr("Breached order:\n(Not offered — provisional, not breaches as fact, until the calendar "
                            "is entered: {0})").format(apart)
        picked = Ask.item(self, self.tr("Accountability (R-TIME-11)"), label, [o.number for o in facts])
        if picked is None:
            return
        o = next(o for o in facts if o.number == picked)
        oid, number, person = o.id, o.number, o.assignee_id
        if not person:
            Ask.tell(self, self.tr("Accountability"), self.tr("Order {0} has no assignee to hold accountable.")
                     .format(number))
            return
        key = ("order", oid)
        grounds = self.ask_text(key, self.tr("Accountability"), self.tr("Grounds:"),
                                default=self.tr("R-TIME-11: order {0} breached its time limit").format(number))
        if grounds:
            store, actor, now = self.store, self._user(), self._now()
            self._write(lambda: acc.open_case(store, person_id=person, grounds=grounds, order_id=oid,
                                              actor_id=actor, now=now), typed=(key, grounds))

    def open_from_finding(self) -> None:
        if self.branch_id is None:
            return
        store, branch_id = self.store, self.branch_id
        self._pick(lambda: insp.findings(store, branch_id=branch_id), self._open_from_finding)

    def _open_from_finding(self, findings) -> None:
        rows = [f for f in findings if f.responsible_person_id]
        if not rows:
            Ask.tell(self, self.tr("Accountability"), self.tr("No findings with a responsible person."))
            return
        labels = [f"#{f.id} {f.rule_id} {f.description[:30]}" for f in rows]
        picked = Ask.item(self, self.tr("Accountability (R-INSP)"), self.tr("Finding:"), labels)
        if picked is None:
            return
        f = rows[labels.index(picked)]
        key = ("finding", f.id)
        grounds = self.ask_text(key, self.tr("Accountability"), self.tr("Grounds:"),
                                default=f"{f.rule_id}: {f.description}")
        person = f.responsible_person_id  # the person the finding names, not someone of the same name
        if grounds and person:
            store, actor, now = self.store, self._user(), self._now()
            self._write(lambda: acc.open_case(store, person_id=person, grounds=grounds, finding_id=f.id,
                                              actor_id=actor, now=now), typed=(key, grounds))

    def statement(self) -> None:
        c = self.current()
        if c is None:
            return
        store, actor, now = self.store, self._user(), self._now()
        if Ask.confirm(self, self.tr("Statement (R-ACC-S)"), self.tr("Did {0} decline to give a statement?").format(c.person)):
            self._write(lambda: acc.record_statement(store, c.id, declined=True, actor_id=actor, now=now), c.id)
            return
        key = ("statement", c.id)
        text = self.ask_text(key, self.tr("Statement (R-ACC-S)"),
                             self.tr("Statement and defence of {0}:").format(c.person))
        if text:
            self._write(lambda: acc.record_statement(store, c.id, text, actor_id=actor, now=now), c.id, (key, text))

    def circumstance_texts(self) -> dict[str, tuple[str, str]]:
        """The circumstances offered, in words with their rule id: text -> (kind, reason code)."""
        out = {f"R-ACC-H: {reason_text(r)}": ("aggravating", r) for r in acc.AGGRAVATING}
        out.update({f"R-ACC-L: {reason_text(r)}": ("mitigating", r) for r in acc.MITIGATING})
        return out

    def circumstance(self) -> None:
        c = self.current()
        if c is None:
            return
        options = self.circumstance_texts()
        picked = Ask.item(self, self.tr("Circumstance"), self.tr("Circumstance:"), list(options))
        if picked is None:
            return
        kind, reason = options[picked]
        key = ("circumstance", c.id)
        note = Ask.note(self, self.tr("Circumstance"), self.tr("Details (optional):"), draft=self._draft_key(key))
        if note is None:  # cancelled: nothing added
            return
        store, actor, now = self.store, self._user(), self._now()
        self._write(lambda: acc.add_circumstance(store, c.id, kind, reason, note, actor_id=actor, now=now),
                    c.id, (key, note) if note else None)

    def decide(self) -> None:
        """R-ACC: the decision step — the heavier (R-ACC-H) and lighter (R-ACC-L) facts and the
        suggested outcome, read off the GUI thread, then the dialog; no decision before the
        statement (R-ACC-S)."""
        c = self.current()
        if c is None:
            return
        store, actor = self.store, self._user()
        self._pick(lambda: acc.decision_facts(store, c.id, actor_id=actor), self._decide)

    def _decide(self, facts: acc.DecisionFacts) -> None:
        store, branch_id, case_id = self.store, self.branch_id, facts.case.id

        def save(outcome: str, note: str):
            actor, now = self._user(), self._now()  # as they are when OK is pressed
            return lambda: acc.decide(store, case_id, outcome, actor_id=actor, note=note, now=now)

        dlg = DecisionDialog(facts, save, self)
        self.decision_dialog = dlg
        dlg.sig_saved.connect(lambda _out: self.refresh(case_id) if self.branch_id == branch_id else None)
        self.exec_dialog(dlg)

    @classmethod
    def exec_dialog(cls, dlg) -> int:
        """Run a dialog modally (monkeypatched in tests to fill it and press OK)."""
        return dlg.exec()
