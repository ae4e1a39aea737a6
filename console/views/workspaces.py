"""The secondary faces of the console as docks: callbacks, coverage, major clients, notices.

They are tabbed together under the map; each view loads its own data off the GUI thread
when the branch changes. main_window.py only creates this and forwards the branch.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget

from console.views.callbacks_coverage_view import CoverageView
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
        self.docks: list[QDockWidget] = []
        for name, title, widget in (
            ("CallbacksDock", self.tr("Callbacks (R-VISIT)"), self.callbacks),
            ("CoverageDock", self.tr("Callback coverage"), self.coverage),
            ("MajorClientsDock", self.tr("Major clients"), self.revisits),
            ("NoticesDock", self.tr("Notices && reminders"), self.notices),
        ):
            dock = QDockWidget(title, window)
            dock.setObjectName(name)
            dock.setWidget(widget)
            window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            window.tabifyDockWidget(anchor, dock)
            self.docks.append(dock)
        anchor.raise_()
        self.callbacks.sig_callback_changed.connect(window.order_changed)
        self.callbacks.sig_follow_up_created.connect(window.order_changed)

    def set_branch(self, branch_id: int) -> None:
        for view in (self.callbacks, self.coverage, self.revisits, self.notices):
            view.set_branch(branch_id)
