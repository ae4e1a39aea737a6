"""Accountability cases (R-ACC, R-TIME-11) and training gaps (R-TRAIN) of a branch.

A manager opens a case from a breached order or a finding, records the person's statement (or
that they declined: R-ACC-S), adds aggravating (R-ACC-H; a repeat within 12 months is detected by
the console) or mitigating (R-ACC-L) circumstances, and decides. A decision before the statement is
refused with the rule's words. Below: staff without a passed induction training."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)  # fmt: skip

from console.services import accountability as acc
from console.services import inspections as insp
from console.services import training
from console.views.ask import Ask
from console.views.tasks import run_task

CHINA = dt.timezone(dt.timedelta(hours=8))


class AccountabilityView(QWidget):
    sig_loaded = Signal(int)
    """Cases are on screen: carries their number."""
    sig_failed = Signal(str)
    """A change was refused: carries the reason shown (e.g. R-ACC-S)."""

    def __init__(self, store, *, actor_id: int | None = None, now_fn: Callable[[], dt.datetime] | None = None,
                 parent=None):
        super().__init__(parent)
        self.store = store
        self.actor_id = actor_id
        self._now = now_fn or (lambda: dt.datetime.now(dt.timezone.utc))
        self.branch_id: int | None = None
        self.cases: list[acc.CaseRow] = []
        self.table = QTableWidget(0, 9, self)
        self.table.setObjectName("CasesTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Opened"), self.tr("Person"), self.tr("From"), self.tr("Grounds"), self.tr("Statement (R-ACC-S)"),
            self.tr("Aggravating (R-ACC-H)"), self.tr("Mitigating (R-ACC-L)"), self.tr("Outcome"), self.tr("Decided")])
        self.untrained = QTableWidget(0, 4, self)
        self.untrained.setObjectName("UntrainedTable")
        self.untrained.setHorizontalHeaderLabels([self.tr("Employee"), self.tr("Work number"), self.tr("Role"),
                                                  self.tr("Hired")])
        for t in (self.table, self.untrained):
            t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            t.verticalHeader().hide()
            t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel(self)
        self.train_label = QLabel(self)
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("From a breached &order…"), self.open_from_order),
                           (self.tr("From a &finding…"), self.open_from_finding),
                           (self.tr("Record &statement…"), self.statement),
                           (self.tr("Add &circumstance…"), self.circumstance),
                           (self.tr("&Decide…"), self.decide)):
            b = QPushButton(text, self)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        lower = QWidget(self)
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.train_label)
        ll.addWidget(self.untrained)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([420, 200])
        lay = QVBoxLayout(self)
        lay.addLayout(buttons)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)

    def set_branch(self, branch_id: int | None) -> None:
        self.branch_id = branch_id
        self.refresh()

    def refresh(self) -> None:
        b = self.branch_id
        run_task(lambda: (acc.cases(self.store, b), training.lacking_induction(self.store, b)), self._show,
                 lambda exc, _tb: self.summary.setText(self.tr("Could not load cases: {0}").format(exc)))

    def _show(self, res) -> None:
        self.cases, lacking = res
        self.table.setRowCount(len(self.cases))
        for i, c in enumerate(self.cases):
            source = self.tr("order {0}").format(c.order_number) if c.order_id else self.tr("finding {0}").format(
                c.finding_rule)
            said = c.statement or (self.tr("declined to give one") if c.statement_declined else self.tr("not heard yet"))
            decided = c.decided_at.astimezone(CHINA).strftime("%Y-%m-%d") if c.decided_at else ""
            values = (c.opened_at.astimezone(CHINA).strftime("%Y-%m-%d"), c.person, source, c.grounds, said,
                      "; ".join(c.aggravating), "; ".join(c.mitigating), c.outcome or "", decided)
            for j, v in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(v))
        self.untrained.setRowCount(len(lacking))
        for i, u in enumerate(lacking):
            for j, v in enumerate((u.name, u.work_number, u.role, str(u.hired_on or ""))):
                self.untrained.setItem(i, j, QTableWidgetItem(v))
        open_ = sum(1 for c in self.cases if c.decided_at is None)
        self.summary.setText(self.tr("{0} cases, {1} undecided").format(len(self.cases), open_))
        self.train_label.setText(self.tr("Without a passed induction training (R-TRAIN): {0}").format(len(lacking)))
        self.sig_loaded.emit(len(self.cases))

    def current(self) -> acc.CaseRow | None:
        i = self.table.currentRow()
        return self.cases[i] if 0 <= i < len(self.cases) else None

    def _write(self, fn) -> None:
        def failed(exc, _tb):
            self.sig_failed.emit(str(exc))
            Ask.tell(self, self.tr("Not saved"), str(exc))

        run_task(fn, lambda _r: self.refresh(), failed)

    def open_from_order(self) -> None:
        if self.branch_id is None:
            return
        orders = acc.breached_orders(self.store, self.branch_id)
        if not orders:
            Ask.tell(self, self.tr("Accountability"), self.tr("No breached orders."))
            return
        picked = Ask.item(self, self.tr("Accountability (R-TIME-11)"), self.tr("Breached order:"),
                          [o[1] for o in orders])
        if picked is None:
            return
        oid, number, person, _kind = next(o for o in orders if o[1] == picked)
        grounds = Ask.text(self, self.tr("Accountability"), self.tr("Grounds:"),
                           default=self.tr("R-TIME-11: order {0} breached its time limit").format(number))
        if grounds and person:
            actor, now = self.actor_id, self._now()
            self._write(lambda: acc.open_case(self.store, person_id=person, grounds=grounds, order_id=oid,
                                              actor_id=actor, now=now))

    def open_from_finding(self) -> None:
        rows = [f for f in insp.findings(self.store, branch_id=self.branch_id) if f.responsible_person]
        if not rows:
            Ask.tell(self, self.tr("Accountability"), self.tr("No findings with a responsible person."))
            return
        labels = [f"#{f.id} {f.rule_id} {f.description[:30]}" for f in rows]
        picked = Ask.item(self, self.tr("Accountability (R-INSP)"), self.tr("Finding:"), labels)
        if picked is None:
            return
        f = rows[labels.index(picked)]
        grounds = Ask.text(self, self.tr("Accountability"), self.tr("Grounds:"), default=f"{f.rule_id}: {f.description}")
        person = self._person_of(f)
        if grounds and person:
            actor, now = self.actor_id, self._now()
            self._write(lambda: acc.open_case(self.store, person_id=person, grounds=grounds, finding_id=f.id,
                                              actor_id=actor, now=now))

    def _person_of(self, f) -> int | None:
        from console.services import directory

        names = directory.staff_names(self.store)
        return next((i for i, n in names.items() if n == f.responsible_person), None)

    def statement(self) -> None:
        c = self.current()
        if c is None:
            return
        if Ask.confirm(self, self.tr("Statement (R-ACC-S)"), self.tr("Did {0} decline to give a statement?").format(c.person)):
            self._write(lambda: acc.record_statement(self.store, c.id, declined=True, actor_id=self.actor_id))
            return
        text = Ask.text(self, self.tr("Statement (R-ACC-S)"), self.tr("Statement and defence of {0}:").format(c.person))
        if text:
            self._write(lambda: acc.record_statement(self.store, c.id, text, actor_id=self.actor_id))

    def circumstance(self) -> None:
        c = self.current()
        if c is None:
            return
        options = [f"R-ACC-H: {r}" for r in acc.AGGRAVATING] + [f"R-ACC-L: {r}" for r in acc.MITIGATING]
        picked = Ask.item(self, self.tr("Circumstance"), self.tr("Circumstance:"), options)
        if picked is None:
            return
        kind = "aggravating" if picked.startswith("R-ACC-H") else "mitigating"
        reason = picked.split(": ", 1)[1]
        note = Ask.text(self, self.tr("Circumstance"), self.tr("Details:")) or ""
        self._write(lambda: acc.add_circumstance(self.store, c.id, kind, reason, note, actor_id=self.actor_id))

    def decide(self) -> None:
        c = self.current()
        if c is None or self.actor_id is None:
            return
        picked = Ask.item(self, self.tr("Decision"), self.tr("Outcome:"), list(acc.OUTCOMES))
        if picked:
            actor, now = self.actor_id, self._now()
            self._write(lambda: acc.decide(self.store, c.id, picked, actor_id=actor, now=now))
