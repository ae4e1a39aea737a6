"""The secondary faces of the console as docks: callbacks, coverage, major clients, notices,
assessment, inspections, accountability (with its training tab).

They are tabbed together under the map; each view loads its own data off the GUI thread
when the branch changes. main_window.py only creates this and forwards the branch.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget

from console.views.accountability_view import AccountabilityView
from console.views.assessment_view import AssessmentView
from console.views.callbacks_coverage_view import CoverageView
from console.views.inspections_view import InspectionsView
from console.views.callbacks_view import CallbackWorkbench
from console.views.notices_view import NoticesView
from console.views.revisits_view import RevisitsView


class Workspaces(QObject):
    def __init__(self, window, *, anchor: QDockWidget):
        super().__init__(window)
        self.window = window
        store = window.store
        user = lambda: window.user_id  # noqa: E731 - the console's current user, read at use time
        self.callbacks = CallbackWorkbench(store, user_id_fn=user, now_fn=window.now, parent=window)
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
        for name, title, widget in (
            ("CallbacksDock", self.tr("Callbacks (R-VISIT)"), self.callbacks),
            ("CoverageDock", self.tr("Callback coverage"), self.coverage),
            ("MajorClientsDock", self.tr("Major clients"), self.revisits),
            ("NoticesDock", self.tr("Notices && reminders"), self.notices),
            ("AssessmentDock", self.tr("Assessment (R-ZONE-3)"), self.assessment),
            ("InspectionsDock", self.tr("Inspections (R-INSP)"), self.inspections),
            ("AccountabilityDock", self.tr("Accountability (R-ACC)"), self.accountability),
        ):
            dock = QDockWidget(title, window)
            dock.setObjectName(name)
            dock.setWidget(widget)
            window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            window.tabifyDockWidget(anchor, dock)
            self.docks.append(dock)
            self._views[dock] = widget
            dock.visibilityChanged.connect(lambda visible, d=dock: visible and self._load(d))
        anchor.raise_()
        self.callbacks.sig_callback_changed.connect(window.order_changed)
        self.callbacks.sig_follow_up_created.connect(window.order_changed)

    def set_branch(self, branch_id: int) -> None:
        """Load the views on screen now; a tabbed-away view loads when its tab is raised."""
        for view in (self.inspections, self.accountability):  # a sign-in switch may have changed the role
            view.update_rights()
        self._branch = branch_id
        for dock in self.docks:
            if not dock.visibleRegion().isEmpty():
                self._load(dock)

    def _load(self, dock: QDockWidget) -> None:
        if self._branch is not None and self._shown_branch.get(dock) != self._branch:
            self._shown_branch[dock] = self._branch
            self._views[dock].set_branch(self._branch)
