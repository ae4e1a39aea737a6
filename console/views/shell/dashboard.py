"""The manager's dashboard: what a branch's leader looks at first.

* What is urgent now: the queue's own counters (`QueueModel.urgent_counts`, kept by the model as
  rows change: nothing is counted again here), every counter the model offers; a click shows the
  queue filtered by it (`QueuePanel.show_urgent`).
* The extension requests waiting for a decision (R-TIME-10), with Approve and Reject; Reject asks
  for a reason. Both are `actions.decide_extension` on the write thread with the version of the
  order as listed (a change meanwhile is refused, and said); the list is read again after.
* This month's assessment of the branch's districts (R-ZONE-3 assesses districts monthly: their
  rank and score among the branch's districts), with the branch's own score.
* The branch's open accountability cases (R-ACC), read as the signed-in person.
* This month's exemptions (R-TIME-8: the customer could not be reached, the order counts as
  completed within the limit): order, customer, kind, when, who recorded it, the written reason
  and who was notified (services.orders.exemptions.month_exemptions); a double-click opens the
  order. A branch with neither a manager nor a stand-in is said above the list.

Every read is a ReadOp; the dashboard reads when its branch changes and, coalesced, when orders
change (`hub().sig_orders_changed`); while it is not on screen it only notes that it is stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
)

from console import i18n
from console.rules import metrics as M
from console.services.access import permissions
from console.services.assessment import districts as assessment
from console.services.orders import actions
from console.services.orders import exemptions as exempt
from console.services.orders.extensions import PendingExtension, pending_extensions
from console.services.supervision import accountability as acc
from console.views.assessment.districts import fmt
from console.views.kit.branch_panel import BranchPanel
from console.views.kit.connection import notice
from console.views.kit.flow_layout import FlowLayout
from console.views.kit.labels import china_time, clock_label, kind_label
from console.views.kit.ops import ReadOp, hub
from console.views.kit.rows_model import RowsModel

A = permissions.Action
COALESCE_MS = 800  # a burst of order changes is one read
ASSESS_EVERY = dt.timedelta(minutes=5)  # the month's assessment is a heavier read: at most this often on changes
RED = QColor("#b71c1c")
TABLE_LEAST = 80  # px: each table's least height


class ExtensionsModel(RowsModel):
    """The extension requests waiting for a decision (services.orders.extensions.PendingExtension)."""

    COLUMNS = ("number", "kind", "district", "assignee", "current_due", "new_due", "reason", "requested_by",
               "requested_at")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._headers = {
            "number": self.tr("Order"), "kind": self.tr("Kind"), "district": self.tr("District"),
            "assignee": self.tr("Assignee"), "current_due": self.tr("Due now"), "new_due": self.tr("New due asked"),
            "reason": self.tr("Reason"), "requested_by": self.tr("Asked by"), "requested_at": self.tr("Asked at"),
        }
        self._header_tips = {"new_due": self.tr("The due time the request asks for (R-TIME-10)")}

    def text(self, row: PendingExtension, col: str) -> str:
        if col == "kind":
            return kind_label(row.kind)
        if col in ("current_due", "new_due", "requested_at"):
            return china_time(getattr(row, col))
        if col == "assignee":
            return row.assignee or self.tr("Unassigned")
        return str(getattr(row, col))

    def tooltip(self, row: PendingExtension, col: str) -> str | None:
        if col == "current_due":
            return self.tr("The due time in force of the clock the request is about: {0}").format(clock_label(row.clock))
        if col == "reason":
            return row.reason
        return None


class RanksModel(RowsModel):
    """This month's district scorecards of the branch, ranked (services.assessment.districts)."""

    COLUMNS = ("rank", "name", "score", "response", "satisfaction", "complaints")
    NUMERIC = frozenset({"rank", "score", "response", "satisfaction", "complaints"})
    _METRIC = {"score": M.SCORE, "response": M.RESPONSE_24H, "satisfaction": M.SATISFACTION,
               "complaints": M.COMPLAINT_RATE}

    def __init__(self, parent=None):
        super().__init__(parent)
        self._headers = {"rank": self.tr("Rank"), "name": self.tr("District"), "score": self.tr("Score"),
                         "response": self.tr("24-h response"), "satisfaction": self.tr("Satisfaction"),
                         "complaints": self.tr("Complaints ‰")}
        self._header_tips = {"rank": self.tr("Rank among the branch's districts by score (R-ZONE-3)")}

    def text(self, row, col: str) -> str:
        if col == "rank":
            return str(row.rank) if row.rank else "—"
        if col == "name":
            return row.name
        return fmt(self._METRIC[col], row.value(self._METRIC[col]))


class CasesModel(RowsModel):
    """The branch's open accountability cases (services.supervision.accountability.CaseRow)."""

    COLUMNS = ("person", "about", "opened_at", "grounds", "heard")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._headers = {"person": self.tr("Person"), "about": self.tr("Order / finding"),
                         "opened_at": self.tr("Opened"), "grounds": self.tr("Grounds"),
                         "heard": self.tr("Statement")}
        self._header_tips = {"heard": self.tr("The person's statement and defence, heard before a decision (R-ACC-S)")}

    def text(self, row, col: str) -> str:
        if col == "about":
            return row.order_number or row.finding_rule or ""
        if col == "opened_at":
            return china_time(row.opened_at)
        if col == "heard":
            return self.tr("heard") if row.heard else self.tr("not heard yet")
        return str(getattr(row, col))

    def foreground(self, row, col: str) -> QColor | None:
        return RED if col == "heard" and not row.heard else None

    def tooltip(self, row, col: str) -> str | None:
        return row.grounds if col == "grounds" else None


class ExemptionsModel(RowsModel):
    """This month's R-TIME-8 exemptions of the branch (services.orders.exemptions.Exemption)."""

    COLUMNS = ("number", "customer", "kind", "at", "recorded_by", "reason", "head", "acknowledged")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._headers = {
            "number": self.tr("Order"), "customer": self.tr("Customer"), "kind": self.tr("Kind"),
            "at": self.tr("When"), "recorded_by": self.tr("Recorded by"), "reason": self.tr("Reason"),
            "head": self.tr("Head notified"), "acknowledged": self.tr("Acknowledged"),
        }
        self._header_tips = {"reason": self.tr("The written reason filed to the branch head (R-TIME-8)")}

    def text(self, row, col: str) -> str:
        if col == "kind":
            return kind_label(row.kind)
        if col == "at":
            return china_time(row.at)
        if col == "head":
            return row.head or self.tr("nobody named")
        if col == "acknowledged":
            return self.tr("Yes") if row.acknowledged else self.tr("No")
        return str(getattr(row, col))

    def foreground(self, row, col: str) -> QColor | None:
        return RED if (col == "head" and not row.head) or (col == "acknowledged" and not row.acknowledged) else None

    def tooltip(self, row, col: str) -> str | None:
        return row.reason if col == "reason" else None


def _exemptions_read(store, branch_id: int, month: dt.date):
    """This month's exemptions and who the head is (R-TIME-8), in one read off the GUI thread."""
    return exempt.month_exemptions(store, branch_id, month), exempt.head_info(store, branch_id)


def _open_cases(store, branch_id: int, reader_id: int | None) -> list:
    """The branch's cases not decided yet, read as `reader_id` (the service checks that the
    reader's role may read them, R-ACC)."""
    return [c for c in acc.cases(store, branch_id, actor_id=reader_id) if c.outcome is None]


class Dashboard(BranchPanel):
    sig_order_activated = Signal(int)
    """Double-click on a request: carries its order's id (the window shows the order)."""

    def __init__(self, store, queue, *, user_id_fn: Callable[[], int | None], now_fn: Callable[[], dt.datetime],
                 role_fn: Callable[[], str | None], parent=None):
        super().__init__(store, user_id_fn=user_id_fn, now_fn=now_fn, role_fn=role_fn, parent=parent)
        self.setObjectName("Dashboard")
        self.queue = queue
        self._stale = True  # branch or data changed while off screen: read when shown
        self._assessed_at: dt.datetime | None = None
        self._assessed_branch: int | None = None
        self._note: tuple[str, bool] = ("", False)  # the last decision's outcome, and whether it was refused
        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(COALESCE_MS)
        self._coalesce.timeout.connect(self._changed_reload)
        self._build()
        queue.model.sig_urgent.connect(self._urgent_counted)
        self._urgent_counted(queue.model.urgent_counts())
        hub().sig_orders_changed.connect(self._orders_changed)  # a method: disconnected when the dashboard goes

    # ---- construction -------------------------------------------------------------------------
    def _build(self) -> None:
        urgent = QGroupBox(self.tr("Urgent now"), self)
        urgent.setObjectName("DashboardUrgent")
        self._urgent_flow = FlowLayout(urgent)
        self.urgent_buttons: dict[str, QToolButton] = {}

        ext = QGroupBox(self.tr("Extensions to decide (R-TIME-10)"), self)
        ext.setObjectName("DashboardExtensions")
        self.ext_model = ExtensionsModel(self)
        self.table = self.single_row_table(QTableView(ext), "ExtensionsView")
        self.table.setModel(self.ext_model)
        self.model = self.ext_model  # BranchPanel.selected
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.doubleClicked.connect(lambda ix: self.sig_order_activated.emit(self.ext_model.row_at(ix.row()).id))
        self.approve_button = QPushButton(self.tr("&Approve"), ext)
        self.approve_button.setObjectName("ApproveExtension")
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.reject_button = QPushButton(self.tr("Re&ject…"), ext)
        self.reject_button.setObjectName("RejectExtension")
        self.reject_button.clicked.connect(lambda: self.decide(False))
        self.ext_status = QLabel(ext)
        self.ext_status.setObjectName("ExtensionsStatus")
        self.ext_status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.ext_status, 1)
        lay = QVBoxLayout(ext)
        lay.addLayout(buttons)  # above the table: in view however low the dock is
        lay.addWidget(self.table, 1)

        rank = QGroupBox(self.tr("Assessment this month (R-ZONE-3)"), self)
        rank.setObjectName("DashboardAssessment")
        self.rank_summary = QLabel(rank)
        self.rank_summary.setObjectName("RankSummary")
        self.rank_summary.setWordWrap(True)
        self.rank_model = RanksModel(self)
        self.rank_table = self.single_row_table(QTableView(rank), "RanksView")
        self.rank_table.setModel(self.rank_model)
        lay = QVBoxLayout(rank)
        lay.addWidget(self.rank_summary)
        lay.addWidget(self.rank_table, 1)

        cases = QGroupBox(self.tr("Open cases (R-ACC)"), self)
        cases.setObjectName("DashboardCases")
        self.cases_status = QLabel(cases)
        self.cases_status.setObjectName("CasesStatus")
        self.cases_status.setWordWrap(True)
        self.cases_model = CasesModel(self)
        self.cases_table = self.single_row_table(QTableView(cases), "CasesView")
        self.cases_table.setModel(self.cases_model)
        lay = QVBoxLayout(cases)
        lay.addWidget(self.cases_status)
        lay.addWidget(self.cases_table, 1)

        unreachable = QGroupBox(self.tr("This month's exemptions (R-TIME-8)"), self)
        unreachable.setObjectName("DashboardExemptions")
        self.exempt_status = QLabel(unreachable)
        self.exempt_status.setObjectName("ExemptionsStatus")
        self.exempt_status.setWordWrap(True)
        self.exempt_model = ExemptionsModel(self)
        self.exempt_table = self.single_row_table(QTableView(unreachable), "ExemptionsView")
        self.exempt_table.setModel(self.exempt_model)
        self.exempt_table.doubleClicked.connect(
            lambda ix: self.sig_order_activated.emit(self.exempt_model.row_at(ix.row()).order_id))
        lay = QVBoxLayout(unreachable)
        lay.addWidget(self.exempt_status)
        lay.addWidget(self.exempt_table, 1)
        unreachable.setToolTip(self.tr("Orders counted as completed within the limit because the customer could not "
                                       "be reached, with the reason filed to the branch head (R-TIME-8)"))

        ext.setToolTip(self.tr("Extension requests waiting for a leader's decision (R-TIME-10)"))
        rank.setToolTip(self.tr("This month's district assessment of the branch (R-ZONE-3)"))
        cases.setToolTip(self.tr("Accountability cases of the branch not decided yet (R-ACC)"))
        for table in (self.table, self.rank_table, self.cases_table, self.exempt_table):
            table.setMinimumSize(TABLE_LEAST * 2, TABLE_LEAST)  # a low dock shows a few rows of each, not a scrolled dashboard
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.addWidget(urgent, 0, 0, 1, 2)
        grid.addWidget(ext, 1, 0, 2, 1)
        grid.addWidget(rank, 1, 1)
        grid.addWidget(cases, 2, 1)
        grid.addWidget(unreachable, 3, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(1, 1)
        grid.setRowStretch(2, 1)
        grid.setRowStretch(3, 1)
        self._update_buttons()

    # ---- the queue's counters -----------------------------------------------------------------
    def _urgent_counted(self, counts: dict) -> None:
        """Whatever counters the queue's model keeps, in its order; their words and tips are the
        queue strip's own."""
        q = self.queue
        for key in counts:
            b = self.urgent_buttons.get(key)
            if b is None:
                b = QToolButton(self)
                b.setObjectName(f"DashboardUrgent_{key}")
                strip = getattr(q, "urgent_buttons", {}).get(key)
                b.setToolTip(strip.toolTip() if strip is not None else "")
                b.clicked.connect(lambda _=False, k=key: self.show_in_queue(k))
                self.urgent_buttons[key] = b
                self._urgent_flow.addWidget(b)
            n = counts.get(key, 0)
            word = getattr(q, "urgent_words", {}).get(key, key)
            b.setText(self.tr("{0}: {1}").format(word, n))
            b.setStyleSheet("QToolButton { font-weight: bold; color: #b71c1c; }" if n else "")

    def show_in_queue(self, key: str) -> None:
        """The queue, showing only the orders of one counter."""
        self.queue.show_urgent(key)
        self.queue.table.setFocus()

    # ---- reading --------------------------------------------------------------------------------
    def set_branch(self, branch_id: int) -> None:
        if branch_id != self.branch_id:
            self.ext_model.set_rows([])
            self.rank_model.set_rows([])
            self.cases_model.set_rows([])
            self.exempt_model.set_rows([])
            self.exempt_status.clear()
            self.rank_summary.clear()
            self.cases_status.clear()
            self.ext_status.clear()
            self._note = ("", False)
            self._assessed_at = None
        self.branch_id = branch_id
        self._stale = True
        self.refresh()

    def role_changed(self) -> None:
        """Another person signed in: their rights on the buttons, and a fresh read as them."""
        self._update_buttons()
        self._note = ("", False)
        self._stale = True
        self.refresh()

    def refresh(self) -> None:
        """Read everything the dashboard shows (now when on screen, else once it is shown)."""
        if self.branch_id is None:
            return
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._read_extensions()
        self._read_cases()
        self._read_exemptions()
        self._read_assessment()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            QTimer.singleShot(0, self, self.refresh)

    def _orders_changed(self, _changes) -> None:
        self._coalesce.start()

    def _changed_reload(self) -> None:
        if self.branch_id is None:
            return
        if not self.isVisible():
            self._stale = True
            return
        self._read_extensions()
        self._read_cases()
        self._read_exemptions()  # R-TIME-8: an exemption is an order change (its head_notified event)
        if self._assessed_at is None or self._now() - self._assessed_at >= ASSESS_EVERY:
            self._read_assessment()

    def _failed(self, label: QLabel, exc: BaseException) -> None:
        if not notice(exc):  # a database out of reach is the banner's to say
            label.setText(i18n.render(exc))
            label.setStyleSheet("color: #b71c1c;")

    def _read_extensions(self) -> None:
        store, branch_id = self.store, self.branch_id
        self.load_latest(lambda: pending_extensions(store, branch_id),
                         lambda rows: self._extensions_arrived(branch_id, rows),
                         lambda exc: self._failed(self.ext_status, exc))

    def _extensions_arrived(self, branch_id: int, rows: list[PendingExtension]) -> None:
        if branch_id != self.branch_id:
            return
        keep = self.selected_id()
        self.ext_model.set_rows(rows)
        if keep is not None and (i := self.ext_model.row_of(keep)) >= 0:
            self.table.selectRow(i)
        elif rows:
            self.table.selectRow(0)
        self._update_buttons()
        waiting = (self.tr("{0} request(s) waiting.").format(len(rows)) if rows
                   else self.tr("No extension request is waiting."))
        note, refused = self._note  # the last decision's outcome stays until the next one
        self.ext_status.setStyleSheet("color: #b71c1c;" if refused else "")
        self.ext_status.setText(f"{note} {waiting}" if note else waiting)

    def _read_cases(self) -> None:
        if not self.may(A.ACCOUNTABILITY_READ):
            self.cases_model.set_rows([])
            self.cases_status.setStyleSheet("")
            self.cases_status.setText(self.tr("Your role does not read accountability cases."))
            return
        store, branch_id, me = self.store, self.branch_id, self._user()
        ReadOp(self, lambda: _open_cases(store, branch_id, me),
               lambda rows: self._cases_arrived(branch_id, rows)).failure(
            lambda exc: self._failed(self.cases_status, exc)).latest("cases").run()

    def _cases_arrived(self, branch_id: int, rows) -> None:
        if branch_id != self.branch_id:
            return
        self.cases_model.set_rows(rows)
        unheard = sum(not c.heard for c in rows)
        self.cases_status.setStyleSheet("")
        self.cases_status.setText(self.tr("{0} open, {1} not heard yet (R-ACC-S).").format(len(rows), unheard)
                                  if rows else self.tr("No open case."))

    def _read_exemptions(self) -> None:
        store, branch_id, month = self.store, self.branch_id, self.today().replace(day=1)
        ReadOp(self, lambda: _exemptions_read(store, branch_id, month),
               lambda got: self._exemptions_arrived(branch_id, month, *got)).failure(
            lambda exc: self._failed(self.exempt_status, exc)).latest("exemptions").run()

    def _exemptions_arrived(self, branch_id: int, month: dt.date, rows, head) -> None:
        if branch_id != self.branch_id:
            return
        self.exempt_model.set_rows(rows)
        text = (self.tr("{0}: {1} exemption(s), {2} not acknowledged by the head.").format(
            month.strftime("%Y-%m"), len(rows), sum(not r.acknowledged for r in rows)) if rows
            else self.tr("{0}: no exemption this month.").format(month.strftime("%Y-%m")))
        if head.nobody:  # R-TIME-8: never nobody — the next exemption would be refused
            text = self.tr("{0} has no active manager and nobody named to stand in: an administrator must name "
                           "who stands in for the branch head (R-TIME-8).").format(head.branch_name) + " " + text
        self.exempt_status.setStyleSheet("color: #b71c1c;" if head.nobody else "")
        self.exempt_status.setText(text)

    def _read_assessment(self) -> None:
        store, branch_id, now = self.store, self.branch_id, self._now()
        month = self.today().replace(day=1)
        self._assessed_at = now
        self.rank_summary.setStyleSheet("")
        self.rank_summary.setText(self.tr("Reading this month's assessment…"))
        ReadOp(self, lambda: assessment.assess(store, month, branch_id=branch_id, now=now),
               lambda a: self._assessed(branch_id, a)).failure(
            lambda exc: self._failed(self.rank_summary, exc)).latest("assessment").run()

    def _assessed(self, branch_id: int, a) -> None:
        if branch_id != self.branch_id:
            return
        self._assessed_branch = branch_id
        self.assessment = a
        self.rank_model.set_rows(a.districts)
        own = next((c for c in a.branches if c.id == branch_id), a.branches[0] if len(a.branches) == 1 else None)
        ranked = sum(1 for c in a.districts if c.rank)
        # R-ZONE-3 assesses whole months: this month's figures are only "so far"
        month = self.tr("{0} (so far)").format(a.month.strftime("%Y-%m"))
        if own is None or a.empty:
            self.rank_summary.setText(self.tr("{0}: nothing assessed yet this month.").format(month))
            return
        best = next((c for c in a.districts if c.rank == 1), None)
        text = self.tr("{0}: branch score {1}; {2} of {3} district(s) ranked.").format(
            month, fmt(M.SCORE, own.value(M.SCORE)), ranked, len(a.districts))
        if best is not None:
            text += " " + self.tr("First: {0}.").format(best.name)
        self.rank_summary.setText(text)

    # ---- deciding -------------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        may = self.may(A.DECIDE_EXTENSION)
        chosen = self.selected() is not None
        for b in (self.approve_button, self.reject_button):
            b.setEnabled(may and chosen)
            b.setToolTip("" if may else self.tr("Managers and admins decide extensions (R-TIME-10)"))

    def decide(self, approve: bool) -> None:
        """Approve or reject the selected request (R-TIME-10); a rejection asks why. A refusal of the
        service is said in its words, the reason typed is kept for the next try, and the list is read
        again either way."""
        row: PendingExtension | None = self.selected()
        if row is None or not self.may(A.DECIDE_EXTENSION):
            return
        title = self.tr("Approve the extension") if approve else self.tr("Reject the extension")
        key = ("reject", row.order_id)
        if approve:
            reason = ""
            if not self.ask_confirm(title, self.tr("Approve the extension of order {0}: due {1} instead of {2}?").format(
                    row.number, china_time(row.new_due), china_time(row.current_due))):
                return
        else:
            reason = self.ask_text(key, title, self.tr("Why is the extension of order {0} rejected?").format(row.number))
            if reason is None:
                return
        store, me, now, branch_id = self.store, self._user(), self._now(), self.branch_id
        oid, version = row.order_id, row.version

        def done(_version, shown) -> None:
            self._note = ((self.tr("Order {0}: extension approved, due {1}.").format(row.number, china_time(row.new_due))
                           if approve else self.tr("Order {0}: extension rejected.").format(row.number)), False)
            if shown is None:
                self._read_extensions()
            else:
                self._extensions_arrived(branch_id, shown)

        def failed(exc: BaseException) -> None:
            if not notice(exc):  # a database out of reach is the banner's to say (the write is not done)
                self._note = (self.tr("Order {0}: not done: {1}").format(row.number, i18n.render(exc)), True)
                self.ext_status.setStyleSheet("color: #b71c1c;")
                self.ext_status.setText(self._note[0])
            self.refused(title, exc)
            self._read_extensions()  # the request as it is now (decided by someone else, a newer version)

        self.write(lambda: actions.decide_extension(store, oid, expected_version=version, actor_id=me,
                                                    approve=approve, reason=reason, now=now),
                   done, failed, reload=lambda: pending_extensions(store, branch_id),
                   changes=lambda _v: (oid,), typed=None if approve else (key, reason))

    def ask_confirm(self, title: str, text: str) -> bool:
        from console.views.kit.ask import Ask

        return Ask.confirm(self, title, text)
