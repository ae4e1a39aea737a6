"""The main window: assembles the queue, the branch switcher and the status bar.

It works for one signed-in `Principal` (console.services.access.auth): every action carries its
staff id, and the window shows only what that role may do (console.services.access.permissions):
the order actions it may take, the branches it may work on, the Admin menu for admins.
File ▸ Sign out / switch user (Ctrl+Shift+L) asks for a sign-in again.

Every read of the window is a ReadOp (kit.ops): the branches, the branch's staff and districts,
its open orders. An order changed at this console (`hub().sig_orders_changed`) is read again
alone and changes its one row of the queue; the map follows."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console import i18n
from console.services.access import permissions
from console.services.access.auth import Principal
from console.views.kit.ask import Ask
from console.views.kit.connection import ConnectionWatch
from console.views.kit.docking import DockTabTips, VerticalScroll
from console.views.kit.live import LiveWatch
from console.views.kit.ops import hub
from console.views.kit.settings import (
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    Settings,
)
from console.views.kit.write_wait import WriteWaitRelay
from console.views.orders.order_pane import OrderPane
from console.views.orders.queue_panel import QueuePanel
from console.views.shell.calendar_banner import CalendarBanner
from console.views.shell.db_banner import DatabaseBanner
from console.views.shell.menu_dialogs import MenuDialogsMixin
from console.views.shell.queue_feed import QueueFeedMixin
from console.views.shell.session import SessionMixin
from console.vocabulary import Role

A = permissions.Action
PANE_SHARE, PANE_LEAST, PANE_MOST = 0.27, 340, 560  # the order pane's default width: of the window, in px
BELOW_SHARE, BELOW_LEAST = 0.4, 200  # the docks below the queue (map, workspaces): their default height
QUEUE_ROWS = 15  # the orders the queue shows by default where the screen allows it
MANAGER_BELOW_SHARE = 0.55  # a manager's first layout: the dashboard below the queue gets more of the height


class MainWindow(SessionMixin, MenuDialogsMixin, QueueFeedMixin, QMainWindow):
    sig_loaded = Signal(int)
    """The open orders of the current branch are on screen: carries the row count."""
    sig_demo_requested = Signal()
    """The user asked to create the demo branch in this (empty) database."""

    def __init__(self, store, *, principal: Principal | None = None, settings: Settings | None = None,
                 branch_id: int | None = None, clock=None):
        super().__init__()
        self._clock = clock
        self.store = store
        self.live = LiveWatch(store, self)  # what the other consoles change arrives here in place
        self.live.sig_resync.connect(lambda: self.reload_orders())
        self.principal = principal  # None: nobody signed in, nothing can be changed
        self.settings = settings or Settings()
        self._wanted_branch = branch_id
        self._branch_id: int | None = None
        self._init_feed()
        self.setWindowTitle(self.tr("Branch supervision & dispatch console"))
        self.setObjectName("MainWindow")
        self._prefetch_orders()

        self.queue = QueuePanel(self.settings, self, clock=clock)
        self.queue_model = self.queue.model
        self.queue_view = self.queue.table
        self.banner = CalendarBanner(store, self)
        self.banner.sig_enter_calendar.connect(self.open_calendar)
        self.watch = ConnectionWatch(store, self, clock=clock)  # the database going away and coming back
        self.db_banner = DatabaseBanner(self.watch, self)
        self.watch.sig_restored.connect(self._reconnected)
        self.watch.sig_outcome.connect(self._waiting_outcome)
        central = QWidget(self)
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.db_banner)
        lay.addWidget(self.banner)
        lay.addWidget(self.queue, 1)
        self.setCentralWidget(central)
        self.banner.refresh(self.now())
        self._banner_timer = QTimer(self)
        self._banner_timer.setInterval(3600_000)  # the 30-day horizon moves one hour at a time
        self._banner_timer.timeout.connect(lambda: self.banner.refresh(self.now()))
        self._banner_timer.start()
        self.pane = OrderPane(store, user_id_fn=lambda: self.user_id, now_fn=self.now, parent=self)
        self.pane_dock = QDockWidget(self.tr("Order"), self)
        self.pane_dock.setObjectName("OrderDock")
        self.pane_dock.setWidget(VerticalScroll(self.pane, self.pane_dock))  # a low screen scrolls the pane
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.pane_dock)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.queue.sig_order_selected.connect(self.pane.show_order)
        self.queue.sig_order_selected.connect(self._highlight_on_map)
        from console.views.map.view import (
            MapPanel,  # QtWebEngine is imported lazily inside
        )

        self.map = MapPanel(store, self.settings, self, clock=clock)
        self.map_dock = QDockWidget(self.tr("Map"), self)
        self.map_dock.setObjectName("MapDock")
        self.map_dock.setWidget(self.map)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.map_dock)
        self.map.sig_district_clicked.connect(self.queue.filter_district)
        self.map.sig_district_cleared.connect(lambda: self.queue.filter_district(None))
        from console.views.orders.alerts_panel import AlertsPanel

        self.alerts = AlertsPanel(store, user_id_fn=lambda: self.user_id, now_fn=self.now, settings=self.settings,
                                  parent=self)
        self.alerts_dock = QDockWidget(self.tr("Escalations"), self)
        self.alerts_dock.setObjectName("AlertsDock")
        self.alerts_dock.setWidget(self.alerts)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.alerts_dock)
        self.alerts.sig_order_activated.connect(self._go_to_order)
        self.alerts.sig_urgent_alert.connect(lambda oid, _text: self.queue.model.mark_urgent(oid))
        self.alerts.sig_urgent_alert.connect(self.queue.show_notice)  # on the first screen, whatever tab is up
        self.queue.ticker.add(self.pane.tick, self.pane.tick_until)  # the pane's countdowns tick with the queue's
        self.pane.sig_rendered.connect(self.queue.ticker.poke)
        self.alerts.sig_alerts_changed.connect(self._alerts_count)
        self._build_dashboard()  # before the workspaces: its tab comes right after the map's
        from console.views.shell.workspaces import Workspaces

        self.workspaces = Workspaces(self, anchor=self.map_dock)
        self.workspaces.sig_overdue_rectifications.connect(self._overdue_rectifications)
        self.tabifyDockWidget(self.map_dock, self.alerts_dock)
        self.map_dock.raise_()
        self.dock_tips = DockTabTips(self)  # short names on the tabs, the whole name (rule ids) on hover
        self._sized = False  # the docks' default sizes follow the window's size when it is first shown
        hub().sig_orders_changed.connect(self._orders_changed)

        self._build_actions()
        self._build_toolbar()
        self._build_status_bar()
        self.write_wait = WriteWaitRelay(store, self)  # another program writing: said, not frozen
        self.write_wait.sig_wait.connect(self._database_wait)
        self._restore_layout()
        self._show_principal()
        self.queue.set_person(principal.staff_id if principal else None)  # their own saved filters
        self.apply_home()  # the signed-in role's own start, over the layout as it was left
        self.reload_branches()

    # ---- construction -------------------------------------------------------------------
    def _build_dashboard(self) -> None:
        """The manager's home (views.shell.dashboard), tabbed with the docks below the queue; the
        role home (SessionMixin.apply_home) shows and raises it for a manager."""
        from console.views.shell.dashboard import Dashboard

        role = lambda: self.principal.role if self.principal else None  # noqa: E731 - read at use time
        self.dashboard = Dashboard(self.store, self.queue, user_id_fn=lambda: self.user_id, now_fn=self.now,
                                   role_fn=role, parent=self)
        self.dashboard_dock = QDockWidget(self.tr("Dashboard"), self)
        self.dashboard_dock.setObjectName("DashboardDock")
        self.dashboard_dock.setToolTip(self.tr("Dashboard: what is urgent, extension requests (R-TIME-10), this "
                                               "month's assessment (R-ZONE-3), open accountability cases (R-ACC)"))
        self.dashboard_dock.setWidget(VerticalScroll(self.dashboard, self.dashboard_dock))
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dashboard_dock)
        self.tabifyDockWidget(self.map_dock, self.dashboard_dock)
        self.dashboard.sig_order_activated.connect(self._go_to_order)
        self.sig_loaded.connect(lambda _n: self._dashboard_branch())

    def _dashboard_branch(self, *_args) -> None:
        """The dashboard follows the branch shown (a switch, a sign-in switch, the first load)."""
        if self._branch_id is not None and self._branch_id != self.dashboard.branch_id:
            self.dashboard.set_branch(self._branch_id)

    def _build_actions(self) -> None:
        self.act_intake = QAction(self.tr("&New request…"), self)
        self.act_intake.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.act_intake.setToolTip(self.tr("Take a request: first contact (R-FIRST-1) — Ctrl+N"))
        self.act_intake.triggered.connect(self.new_request)
        self.act_refresh = QAction(self.tr("&Refresh"), self)
        self.act_refresh.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.act_refresh.triggered.connect(self.reload_orders)
        self.act_refresh.triggered.connect(lambda: self.dashboard.refresh())
        self.act_branch = QAction(self.tr("Switch &branch"), self)
        self.act_branch.setShortcut(QKeySequence("Ctrl+B"))
        self.act_branch.triggered.connect(self._focus_branch_switcher)
        self.act_import = QAction(self.tr("&Import customers, districts or staff…"), self)
        self.act_import.setShortcut(QKeySequence("Ctrl+I"))
        self.act_import.triggered.connect(self.import_data)
        self.act_demo = QAction(self.tr("Create &demo branch…"), self)
        self.act_demo.triggered.connect(self.sig_demo_requested.emit)
        self.act_sign_out = QAction(self.tr("Sign &out / switch user…"), self)
        self.act_sign_out.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.act_sign_out.setToolTip(self.tr("Sign out and let someone else sign in (Ctrl+Shift+L)"))
        self.act_sign_out.triggered.connect(self.sign_out)
        self.act_quit = QAction(self.tr("&Quit"), self)
        self.act_quit.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.act_quit.triggered.connect(self.close)
        self.act_about = QAction(self.tr("&About"), self)
        self.act_about.triggered.connect(self._about)

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addActions([self.act_intake, self.act_refresh, self.act_branch])
        file_menu.addSeparator()
        file_menu.addAction(self.act_import)
        file_menu.addAction(self.act_demo)
        file_menu.addSeparator()
        file_menu.addAction(self.act_sign_out)
        file_menu.addAction(self.act_quit)
        order_menu = self.menuBar().addMenu(self.tr("&Order"))
        order_menu.addActions(self.pane.actions())
        self.act_calendar = QAction(self.tr("Working-day &calendar…"), self)
        self.act_calendar.triggered.connect(lambda: self.open_calendar(None))
        self.act_policy = QAction(self.tr("Time-limit &policy…"), self)
        self.act_policy.triggered.connect(self.open_policy)
        self.act_stand_in = QAction(self.tr("Who stands in for the &head…"), self)
        self.act_stand_in.setToolTip(self.tr("Who receives the exemption reports (R-TIME-8) of a branch without an "
                                             "active manager"))
        self.act_stand_in.triggered.connect(self.open_stand_in)
        self.act_map_settings = QAction(self.tr("&Map settings…"), self)
        self.act_map_settings.setToolTip(self.tr("The base map under the district map on this computer: an offline "
                                                 "map file, its datum, the intranet tile server"))
        self.act_map_settings.triggered.connect(self.open_map_settings)
        self.admin_menu = self.menuBar().addMenu(self.tr("&Admin"))
        self.admin_menu.addActions([self.act_calendar, self.act_policy, self.act_stand_in])
        self.admin_menu.addSeparator()
        self.admin_menu.addAction(self.act_map_settings)
        reports_menu = self.menuBar().addMenu(self.tr("&Reports"))
        self.export_actions: list[QAction] = []
        for kind, text in (("findings", self.tr("Export inspection &findings…")),
                           ("assessment", self.tr("Export district &assessment…")),
                           ("sla", self.tr("Export &SLA report…"))):
            act = QAction(text, self)
            act.triggered.connect(lambda _=False, k=kind: self.export_workbook(k))
            reports_menu.addAction(act)
            self.export_actions.append(act)
        reports_menu.addSeparator()
        self.act_audit = QAction(self.tr("Verify the &audit chain…"), self)
        self.act_audit.setToolTip(self.tr("Recompute the tamper-evident audit chain (R-ACC) and save its head"))
        self.act_audit.triggered.connect(self.open_audit)
        reports_menu.addAction(self.act_audit)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(self.pane_dock.toggleViewAction())
        view_menu.addAction(self.map_dock.toggleViewAction())
        view_menu.addAction(self.alerts_dock.toggleViewAction())
        view_menu.addAction(self.dashboard_dock.toggleViewAction())
        for dock in self.workspaces.docks:
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        self.language_menu = view_menu.addMenu(self.tr("&Language"))
        self.language_actions = QActionGroup(self)
        running = "zh_CN" if QLocale().language() == QLocale.Language.Chinese else "en"  # set by app.run_gui
        for code, own_name in i18n.LANGUAGES.items():  # each language in its own words
            act = QAction(own_name, self, checkable=True)
            act.setData(code)
            act.setChecked(running == code)
            act.triggered.connect(lambda _=False, c=code: self.choose_language(c))
            self.language_actions.addAction(act)
            self.language_menu.addAction(act)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_about)

    def choose_language(self, code: str) -> None:
        """Remember the language for the signed-in person and this computer's next start; the
        window keeps its language until the console is started again (it says so)."""
        who = getattr(self.principal, "work_number", None) if self.principal else None
        try:
            i18n.remember(code, work_number=who)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Language"),
                                self.tr("The language could not be saved: {0}").format(exc.strerror or exc))
            return
        self.statusBar().showMessage(
            self.tr("{0} from the next start of the console: close it and start it again.").format(
                i18n.LANGUAGES[code]), 15_000)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Branch"), self)
        bar.setObjectName("BranchToolbar")
        bar.setMovable(False)
        label = QLabel(self.tr("Branch:"), bar)
        self.branch_box = QComboBox(bar)
        self.branch_box.setObjectName("BranchSwitcher")
        self.branch_box.setMinimumWidth(220)
        self.branch_box.setToolTip(self.tr("Switch branch (Ctrl+B)"))
        label.setBuddy(self.branch_box)
        self.branch_box.currentIndexChanged.connect(self._branch_changed)
        self.branch_box.currentIndexChanged.connect(self._dashboard_branch)  # after the window's own
        bar.addWidget(label)
        bar.addWidget(self.branch_box)
        self.user_label = QLabel(bar)
        self.user_label.setObjectName("SignedIn")
        self.user_label.setToolTip(self.tr("Signed in at this console: recorded on every action (R-FIRST-1)"))
        bar.addWidget(self.user_label)
        sign_out = QToolButton(bar)
        sign_out.setDefaultAction(self.act_sign_out)
        bar.addWidget(sign_out)
        bar.addSeparator()
        bar.addAction(self.act_intake)
        bar.addAction(self.act_refresh)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        # an admin's home (SessionMixin.apply_home): the calendar and the policy at hand; hidden for the others
        self.admin_bar = QToolBar(self.tr("Admin"), self)
        self.admin_bar.setObjectName("AdminToolbar")
        self.admin_bar.addActions([self.act_calendar, self.act_policy, self.act_stand_in])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.admin_bar)

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.status_branch = QLabel(sb)
        self.status_count = QLabel(sb)
        self.status_db = QLabel(self.tr("Database: {0}").format(self.store.display_url), sb)
        self.busy = QProgressBar(sb)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setTextVisible(False)
        self.busy.setVisible(self._loading)  # the orders read ahead while the window was built
        sb.addWidget(self.status_branch)
        sb.addWidget(self.status_count)
        self.status_user = QLabel(sb)
        sb.addPermanentWidget(self.busy)
        sb.addPermanentWidget(self.status_user)
        sb.addPermanentWidget(self.status_db)

    def _restore_layout(self) -> None:
        """The window and docks as they were left (the dispatcher's own split of queue and map);
        the first time, on the screen it opens on, the default layout (`default_layout`)."""
        geometry = self.settings.get(WINDOW_GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = self.screen().availableGeometry().size()
            self.resize(self.sizeHint().expandedTo(self.minimumSizeHint()).boundedTo(screen))
        state = self.settings.get(WINDOW_STATE)
        self._sized = not state.isEmpty() and self.restoreState(state)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            self.default_layout()

    def default_layout(self) -> None:
        """The docks' sizes for the window's size now: the order pane about a quarter of the
        width; the queue takes the height — 60 % of it, and more where that shows fewer than
        QUEUE_ROWS orders, as long as the map and workspaces below keep BELOW_LEAST pixels (on a
        1920×1080 screen about 19 orders are in view). A manager's docks below, where the dashboard
        is, get at least MANAGER_BELOW_SHARE of that height."""
        width = round(self.width() * PANE_SHARE)
        self.resizeDocks([self.pane_dock], [max(PANE_LEAST, min(PANE_MOST, width))], Qt.Orientation.Horizontal)
        table = self.queue.table
        manager = self.principal is not None and self.principal.role == Role.MANAGER
        below_dock = self.dashboard_dock if manager and not self.dashboard_dock.isHidden() else self.map_dock
        shared = self.centralWidget().height() + below_dock.height()  # the queue's and the docks' below
        around = self.centralWidget().height() - table.viewport().height()  # banners, filters, header
        left = shared - around - QUEUE_ROWS * table.verticalHeader().defaultSectionSize()
        below = round(shared * BELOW_SHARE)
        if left < below:
            below = max(left, BELOW_LEAST)
        if manager:
            below = max(below, round(shared * MANAGER_BELOW_SHARE))  # the dashboard is their home
        self.resizeDocks([below_dock], [below], Qt.Orientation.Vertical)

    # ---- data ---------------------------------------------------------------------------
    @property
    def branch_id(self) -> int | None:
        return self._branch_id

    @property
    def user_id(self) -> int | None:
        """The signed-in staff member (None: nobody)."""
        return self.principal.staff_id if self.principal else None

    def now(self):
        import datetime as dt

        return self._clock() if self._clock else dt.datetime.now(dt.timezone.utc)

    def _go_to_order(self, order_id: int) -> None:
        """From an alert: select the order in the queue, or show it in the pane if it is closed."""
        if not self.queue.select_order(order_id):
            self.pane.show_order(order_id)
        self.queue.model.mark_urgent(order_id, False)

    def _alerts_count(self, unacknowledged: int) -> None:
        title = self.tr("Escalations")
        self.alerts_dock.setWindowTitle(f"{title} ({unacknowledged})" if unacknowledged else title)

    def _highlight_on_map(self, order_id: int) -> None:
        row = self.queue.model.row_of(order_id) if order_id else None
        self.map.highlight_order(self.queue.model.row_at(row) if row is not None else None)

    def _overdue_rectifications(self, overdue: int, new: int) -> None:
        """R-INSP: a rectification deadline passed without a verified close."""
        self.statusBar().showMessage(self.tr("⚠ {0} rectification(s) overdue, {1} new (R-INSP): see the Inspections "
                                             "tab").format(overdue, new), 60_000)

    def _reconnected(self) -> None:
        """The database answers again: show fresh data (what was typed and waiting is replayed
        by the watch)."""
        self.reload_orders()
        self.pane.show_order(self.queue.selected_order_id() or 0)
        self.alerts.reload()
        self.banner.refresh(self.now())
        self.statusBar().showMessage(self.tr("The database answers again."), 10_000)

    def _database_wait(self, wait) -> None:
        """A write of this console waits for another program's write (kit.write_wait): say who;
        the screen keeps working, the write runs as soon as the other one has finished."""
        if wait.state == "waiting":
            self.statusBar().showMessage(self.tr("Waiting for the database: {0} is writing; this console's change "
                                                 "is saved as soon as it has finished…").format(wait.holder.text))
        elif wait.state == "done":
            self.statusBar().showMessage(self.tr("The database is free again."), 10_000)
        else:
            self.statusBar().clearMessage()  # gave up: the action's own message says why

    def _waiting_outcome(self, _label: str, saved: bool, message: str) -> None:
        """A write kept while the database was away ended: saved quietly, not done out loud."""
        if saved:
            self.statusBar().showMessage(message, 15_000)
        else:
            Ask.tell(self, self.tr("Not done"), message)

    # ---- misc ---------------------------------------------------------------------------
    def _focus_branch_switcher(self) -> None:
        self.branch_box.setFocus()
        self.branch_box.showPopup()

    def closeEvent(self, event) -> None:
        if self.watch.waiting and not Ask.confirm(
                self, self.tr("Actions not saved"),
                self.tr("{0} action(s) could not be saved because the database cannot be reached:\n{1}\n\n"
                        "Close anyway? They will not be done.").format(
                    len(self.watch.waiting), "\n".join(w.label for w in self.watch.waiting))):
            event.ignore()
            return
        self._closed = True
        self.live.stop()
        self.watch.close()
        self.queue.save_state()
        self.settings.set(WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.set(WINDOW_STATE, self.saveState())
        self.settings.sync()
        super().closeEvent(event)
