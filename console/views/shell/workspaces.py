"""The secondary faces of the console as docks: callbacks, coverage, major clients, notices,
assessment, inspections, accountability (with its training tab).

They are tabbed together under the map; each view loads its own data off the GUI thread
when the branch changes. main_window.py only creates this and forwards the branch.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget

from console.rules.periods import CST as CHINA
from console.services.access import permissions
from console.services.supervision import inspections as insp
from console.views.assessment.districts import AssessmentView
from console.views.callbacks.coverage import CoverageView
from console.views.callbacks.workbench import CallbackWorkbench
from console.views.kit.docking import VerticalScroll
from console.views.kit.ops import ReadOp
from console.views.notices.advance import NoticesView
from console.views.revisits.plans import RevisitsView
from console.views.supervision.accountability import AccountabilityView
from console.views.supervision.inspections import InspectionsView

OVERDUE_CHECK_MS = 10 * 60_000


class Workspaces(QObject):
    sig_overdue_rectifications = Signal(int, int)
    """R-INSP: more rectifications of the branch are overdue than when last checked: carries how
    many are overdue now and how many became so."""

    def __init__(self, window, *, anchor: QDockWidget):
        super().__init__(window)
        self.window = window
        store = window.store
        user = lambda: window.user_id  # noqa: E731 - the console's current user, read at use time
        self.callbacks = CallbackWorkbench(store, user_id_fn=user, now_fn=window.now, parent=window)
        self.callbacks.tick_with(window.queue.ticker)  # its countdowns tick with the queue's
        self.coverage = CoverageView(store, now_fn=window.now, parent=window)
        self.revisits = RevisitsView(store, user_id_fn=user, now_fn=window.now, parent=window)
        self.notices = NoticesView(store, user_id_fn=user, now_fn=window.now, parent=window)
        # the signed-in role, read at use time: buttons a role may not use are disabled and say why
        role = lambda: window.principal.role if getattr(window, "principal", None) else None  # noqa: E731
        self.assessment = AssessmentView(store, user_id_fn=user, now_fn=window.now, parent=window)
        self.inspections = InspectionsView(store, user_id_fn=user, now_fn=window.now, role_fn=role, parent=window)
        self.accountability = AccountabilityView(store, user_id_fn=user, now_fn=window.now, role_fn=role,
                                                 parent=window)
        self.docks: list[QDockWidget] = []
        self._views: dict[QDockWidget, object] = {}
        self._shown_branch: dict[QDockWidget, int | None] = {}
        self._branch: int | None = None
        # a short name on the tab (all of them fit beside the order pane on a 1280 px wide
        # window); the whole name, with its rule ids, in the tab's tool tip (kit.docking)
        for name, title, tip, widget in (
            ("CallbacksDock", self.tr("Callbacks"), self.tr("Callbacks (R-VISIT)"), self.callbacks),
            ("CoverageDock", self.tr("Coverage"), self.tr("Callback coverage"), self.coverage),
            ("MajorClientsDock", self.tr("Major clients"), "", self.revisits),
            ("NoticesDock", self.tr("Notices"), self.tr("Notices & reminders"), self.notices),
            ("AssessmentDock", self.tr("Assessment"), self.tr("Assessment (R-ZONE-3)"), self.assessment),
            ("InspectionsDock", self.tr("Inspections"), self.tr("Inspections (R-INSP)"), self.inspections),
            ("AccountabilityDock", self.tr("Accountability"), self.tr("Accountability (R-ACC)"), self.accountability),
        ):
            dock = QDockWidget(title, window)
            dock.setObjectName(name)
            dock.setToolTip(tip)
            dock.setWidget(VerticalScroll(widget, dock))  # a low screen scrolls the view, not the window
            window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            window.tabifyDockWidget(anchor, dock)
            self.docks.append(dock)
            self._views[dock] = widget
            dock.visibilityChanged.connect(lambda visible, d=dock: visible and self._load(d))
        anchor.raise_()
        self.accountability_dock = self.docks[[d.objectName() for d in self.docks].index("AccountabilityDock")]
        self._accountability_hidden: bool | None = None  # hidden for the role (None: not decided yet)
        self.inspections_dock = self.docks[[d.objectName() for d in self.docks].index("InspectionsDock")]
        self._inspections_title = self.inspections_dock.windowTitle()
        self._inspections_tip = self.inspections_dock.toolTip()
        self._overdue_seen: dict[int, int] = {}
        self._overdue_timer = QTimer(self)  # deadlines pass while the console stays open
        self._overdue_timer.setInterval(OVERDUE_CHECK_MS)
        self._overdue_timer.timeout.connect(self.check_overdue)
        self._overdue_timer.start()
        self.inspections.sig_overdue.connect(self._overdue_arrived)  # read with the findings: no second query
        # a callback's changes reach the queue through kit.ops.hub; a follow-up order it opened
        # (R-VISIT-3) is also selected once its row is in
        self.callbacks.sig_follow_up_created.connect(window.order_changed)
        self._show_accountability()  # and at every set_branch: after the saved layout, or another sign-in
        self._accountability_hidden = None  # the saved layout may have been another role's

    def set_branch(self, branch_id: int) -> None:
        """Load the views on screen now; a tabbed-away view loads when its tab is raised."""
        for view in (self.inspections, self.accountability):  # a sign-in switch may have changed the role
            view.update_rights()
        self._show_accountability()
        self._branch = branch_id
        for dock in self.docks:
            if not dock.visibleRegion().isEmpty():
                self._load(dock)

    def _show_accountability(self) -> None:
        """R-ACC: the Accountability workspace exists only for a role that may read the cases
        (managers, admins, inspectors): for any other the dock and its View menu entry are gone.
        Shown again for such a role when it was hidden for a role before (or by a layout saved then)."""
        principal = getattr(self.window, "principal", None)
        may = principal is not None and permissions.allowed(principal.role, permissions.Action.ACCOUNTABILITY_READ)
        dock = self.accountability_dock
        dock.toggleViewAction().setVisible(may)
        dock.toggleViewAction().setEnabled(may)  # nor by its shortcut or a triggered action
        if not may:
            dock.hide()
        elif self._accountability_hidden is not False and dock.isHidden():
            dock.show()  # back in its place among the tabbed workspaces
        self._accountability_hidden = not may

    def check_overdue(self) -> None:
        """R-INSP: overdue rectifications of the branch, off the GUI thread: the Inspections tab
        says how many, the view lists them, and a rise is signalled to the window. The window
        asks once its queue is on screen; then every 10 minutes."""
        branch_id = self._branch
        if branch_id is None:
            return
        today, store = self.window.now().astimezone(CHINA).date(), self.window.store
        ReadOp(self, lambda: insp.overdue(store, today, branch_id=branch_id),
               lambda rows: self._overdue_arrived(branch_id, rows)).failure(
            lambda _exc: None).latest("overdue").run()  # checked again in 10 minutes; an outage is the banner's

    def _overdue_arrived(self, branch_id: int, rows) -> None:
        if branch_id != self._branch:
            return
        n = len(rows)
        title, tip = self._inspections_title, self._inspections_tip
        self.inspections_dock.setWindowTitle(self.tr("{0} · ⚠ {1}").format(title, n) if n else title)
        self.inspections_dock.setToolTip(self.tr("{0}: {1} rectification(s) overdue").format(tip, n) if n else tip)
        self.inspections.show_overdue(rows)
        before = self._overdue_seen.get(branch_id)
        self._overdue_seen[branch_id] = n
        if n > (before or 0):
            self.sig_overdue_rectifications.emit(n, n - (before or 0))

    def _load(self, dock: QDockWidget) -> None:
        if self._branch is not None and self._shown_branch.get(dock) != self._branch:
            self._shown_branch[dock] = self._branch
            self._views[dock].set_branch(self._branch)
