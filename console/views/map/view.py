"""The district map panel: a QWebEngineView showing console/maps/builder.py's page.

Wiring (main window): put a MapPanel in a dock; connect sig_district_clicked to
QueuePanel.filter_district and sig_district_cleared to filter_district(None); feed update_orders()
with the queue's rows and highlight_order() with the selected row.
Only a change of districts rebuilds the page; everything else is sent in place through
`consoleMap` (runJavaScript), so the dispatcher's view and zoom stay put.
Nothing here keeps the GUI thread waiting: the branch's data, the locations of new orders and
the work of turning the queue's rows into district colours and markers run in ReadOps; one such
update runs at a time, and what arrives meanwhile follows it as one update. A few changed orders
(`update_changed`) count only their districts again (views/map/changes.py): going over all
100k rows again for one order is half a second of Python, which slows the GUI thread down even
from a worker thread (both need the interpreter).
Without QtWebEngine the panel shows why, and how to fix it; the console works on.
R-ZONE-5: "Who serves…" opens the clicked district's published changes of who serves it, with the
change form for its branch's managers and admins (views/assessment/servants.py); "Changes…" lists
every change of the branch. The page's districts carry the same history ("since", "changes").
Province scope ("All branches", `show_branch(None)`; offered by `set_province_allowed`): every
district of every branch, each branch outlined and named, "Zoom to" or a click on a branch fits
the view to it; counts per district, no order markers (a reload recolours them in place); a district
click filters the queue only when the district is of the console's branch.
The base map under the districts (views/map/basemap.py: an offline MBTiles file, the database's
own, or an intranet tile server) is opened by the worker that builds the page, and its tiles are
served to the page by views/map/tiles.py; a base map in GCJ-02 moves the page's data onto it
(console.maps.datum). Admin ▸ Map settings… changes it (`basemap_changed` draws the page again).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from console import i18n
from console.maps import builder
from console.maps.metrics import DEFAULT_METRIC, METRICS
from console.maps.state import MapState, ProvinceState
from console.services.assessment import map_data
from console.services.assessment import servants as servant_service
from console.services.orders import queue as orders
from console.views.kit.flow_layout import FlowLayout
from console.views.assessment.servants import ServantChangesDialog
from console.views.kit.ops import ReadOp
from console.views.kit.settings import Setting, Settings
from console.views.map import basemap as basemaps
from console.views.map.basemap import MAP_TILE_ATTR, MAP_TILE_URL  # noqa: F401 - declared there, long known here
from console.views.map.changes import OrderIndex, apply

MAP_METRIC = Setting("map/metric", DEFAULT_METRIC, str, "District colouring of the map")
# QWebEnginePage.setHtml refuses above 2 MB and encodes the page on the GUI thread (about 75 ms per
# MB measured, benchmarks/map.py): a page above this size is written to a file by the worker that
# built it, and the GUI thread only hands its URL to the view (a few ms whatever the size).
SET_HTML_LIMIT = 256_000
BRANCH, PROVINCE = "branch", "province"  # the map's scope: the console's branch, or every branch


class MapPanel(QWidget):
    sig_district_clicked = Signal(int)
    """The dispatcher clicked a district on the map: carries its id (filter the queue to it)."""
    sig_district_cleared = Signal()
    """The dispatcher cleared the district choice (Esc): show every district again."""
    sig_ready = Signal(int)
    """A page finished drawing (Leaflet loaded, districts drawn): carries the number of districts."""
    sig_updated = Signal(object)
    """An in-place update was applied in the page: carries its summary (ms, counts)."""
    sig_branch_zoomed = Signal(int)
    """Province scope: the user clicked a branch's outline or name and the map zoomed to it."""

    def __init__(self, store, settings: Settings | None = None, parent=None, *, clock=None,
                 user_id_fn=None, role_fn=None):
        super().__init__(parent)
        self.setObjectName("MapPanel")
        self.store = store
        self._user = user_id_fn or (lambda: None)  # who changes who serves a district (R-ZONE-5)
        self._role = role_fn
        self.changes_dialog: ServantChangesDialog | None = None
        self.settings = settings or Settings()
        self._clock = clock
        self.branch_id: int | None = None
        self.state: MapState | None = None
        self.ready = False
        self._signature: tuple | None = None
        self._want_rows: list | None = None  # the newest rows not yet applied
        self._want_changes: dict[int, object | None] = {}  # changed orders not yet applied
        self._index: OrderIndex | None = None  # the rows of the last full apply, by district
        self._applying = False  # an update is being computed off the GUI thread
        self._applied_serial = 0  # updates applied to the page (a refresh read meanwhile is stale)
        self._asked: set[int] = set()  # orders whose location was asked for (those without stay without)
        self._pending_highlight = None
        self._selected: int | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="branch-console-map-")
        self.destroyed.connect(self._tmp.cleanup)  # not only at interpreter exit (which may never run)
        self._load_seq = 0
        self._console_branch: int | None = None  # the branch the console shows (the branch scope's)
        self.tiles = None  # the base map's tile server (views/map/tiles.py), with the web view
        self.basemap_error = ""  # why the chosen base map is not shown ("" when it is, or none is chosen)

        # Province scope ("All branches", as in the assessment view): every district of every branch,
        # offered to those who may see every branch (set_province_allowed; the main window at sign-in).
        self.scope_box = QComboBox(self)
        self.scope_box.setObjectName("MapScope")
        self.scope_box.addItem(self.tr("This branch"), BRANCH)
        self.scope_box.addItem(self.tr("All branches"), PROVINCE)
        self.scope_box.setToolTip(self.tr("The console's branch, or every district of every branch (the province)"))
        self.scope_box.currentIndexChanged.connect(lambda _i: self._scope_chosen())
        self.zoom_box = QComboBox(self)
        self.zoom_box.setObjectName("MapZoomTo")
        self.zoom_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # the branches' names
        self.zoom_box.setToolTip(self.tr("Zoom the province map to a branch (or click its outline or name)"))
        self.zoom_box.currentIndexChanged.connect(lambda _i: self.zoom_to_branch(self.zoom_box.currentData()))

        self.metric_box = QComboBox(self)
        self.metric_box.setObjectName("MapMetric")
        for name, title in self._metric_titles().items():
            self.metric_box.addItem(title, name)
        self.metric_box.setToolTip(self.tr("What colours the districts; the legend is on the map"))
        self.status = QLabel(self)
        bar = FlowLayout()  # the status goes below the metric when the dock is narrow
        label = QLabel(self.tr("&Colour by:"), self)
        label.setBuddy(self.metric_box)
        bar.add_group(label, self.metric_box)
        self.scope_label = QLabel(self.tr("&Show:"), self)
        self.scope_label.setBuddy(self.scope_box)
        bar.add_group(self.scope_label, self.scope_box)
        self.zoom_label = QLabel(self.tr("&Zoom to:"), self)
        self.zoom_label.setBuddy(self.zoom_box)
        bar.add_group(self.zoom_label, self.zoom_box)
        for w in (self.scope_label, self.scope_box, self.zoom_label, self.zoom_box):
            w.setVisible(False)
        self.who_serves = QPushButton(self.tr("&Who serves…"), self)
        self.who_serves.setObjectName("MapWhoServes")
        self.who_serves.setToolTip(self.tr("The clicked district's servant, its published changes and the change "
                                           "(R-ZONE-5)"))
        self.who_serves.setEnabled(False)
        self.who_serves.clicked.connect(lambda: self.open_changes(self._selected))
        self.all_changes = QPushButton(self.tr("Changes…"), self)
        self.all_changes.setObjectName("MapChanges")
        self.all_changes.setToolTip(self.tr("Every published change of who serves a district of this branch "
                                            "(R-ZONE-5)"))
        self.all_changes.clicked.connect(lambda: self.open_changes(None))
        bar.addWidget(self.who_serves)
        bar.addWidget(self.all_changes)
        bar.addWidget(self.status, 1)
        self.message = QLabel(self)
        self.message.setObjectName("MapMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.message)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addLayout(self.stack, 1)

        self.view = None
        self.error = self._start_web_engine()
        if self.error:
            self._show_message(self.error)
        i = self.metric_box.findData(self.settings.get(MAP_METRIC))
        self.metric_box.setCurrentIndex(max(0, i))
        self.metric_box.currentIndexChanged.connect(lambda _i: self.set_metric(self.metric_box.currentData()))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.clear_selection,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _metric_titles(self) -> dict[str, str]:
        return {"open": self.tr("Open orders"), "breached": self.tr("Breached / at risk"),
                "complaints": self.tr("Complaints per 1,000 households (month, R-ZONE-3)"),
                "load": self.tr("Maintainer load vs norm (R-ZONE-1)"),
                "callbacks": self.tr("Callback coverage (month, R-VISIT-1)")}

    # ---- QtWebEngine, or why not ---------------------------------------------------------------
    def _start_web_engine(self) -> str | None:
        """Create the web view; on failure return the text that explains it (the panel shows it)."""
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        sandbox_off = "--no-sandbox" in flags or os.environ.get("QTWEBENGINE_DISABLE_SANDBOX") == "1"
        if hasattr(os, "geteuid") and os.geteuid() == 0 and not sandbox_off:
            return self.tr("The map needs Qt WebEngine, which refuses to run as root with its sandbox on.\n"
                           "Run the console as a normal user, or start it with\n"
                           "QTWEBENGINE_CHROMIUM_FLAGS=\"--no-sandbox --disable-gpu\".\n"
                           "The rest of the console works without the map.")
        try:
            builder.check_assets()
            from console.views.map import web

            self.view, self.page, self.bridge, self.guard = web.make_view(self)
            self.tiles = self.page.tiles
        except builder.AssetsMissing as exc:
            return self.tr("The map's offline files are missing: {0}\n"
                           "Reinstall the console (resources/web/ must be complete).").format(i18n.render(exc))
        except Exception as exc:  # noqa: BLE001 - ImportError, missing system libraries, …
            return self.tr("The map needs Qt WebEngine, which could not start here:\n{0}\n\n"
                           "Install the system libraries it needs (scripts/bootstrap.sh installs them on "
                           "Debian: libnss3 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1 "
                           "libasound2 libgbm1).\nThe rest of the console works without the map.").format(i18n.render(exc))
        self.view.setObjectName("MapView")
        self.stack.addWidget(self.view)
        self.bridge.sig_clicked.connect(self._district_clicked)
        self.bridge.sig_cleared.connect(self._district_cleared)
        self.bridge.sig_branch_clicked.connect(self._branch_clicked)
        self.view.loadFinished.connect(self._load_finished)
        self.page.renderProcessTerminated.connect(self._render_died)
        return None

    @property
    def available(self) -> bool:
        """False when QtWebEngine could not start (the panel shows why)."""
        return self.view is not None

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def _render_died(self, _status, code: int) -> None:
        self.ready = False
        self._signature = None  # the next show_branch rebuilds
        self._show_message(self.tr("The map's web process stopped (exit code {0}). "
                                   "Refresh (F5) to draw it again.").format(code))

    # ---- public API ------------------------------------------------------------------------------
    def set_user(self, user_id_fn, role_fn=None) -> None:
        """Who is signed in (the main window): the change of who serves a district is theirs."""
        self._user, self._role = user_id_fn or (lambda: None), role_fn

    def open_changes(self, district_id: int | None) -> ServantChangesDialog:
        """R-ZONE-5: the published changes of a district (with the change form), or of the branch."""
        may = self._role is None or servant_service.may_change(self._role())
        branch_id = self.branch_id
        if self.province and district_id is not None:
            branch_id = self.state.branch_of(district_id)  # the district's own branch
        self.changes_dialog = ServantChangesDialog(self.store, branch_id=branch_id, district_id=district_id,
                                                   user_id_fn=self._user, now_fn=self.now, may_change=may,
                                                   parent=self)
        self.changes_dialog.sig_changed.connect(lambda _c: self._servant_changed())
        self.changes_dialog.show()
        return self.changes_dialog

    def _servant_changed(self) -> None:
        """After a change the page shows the new servant, phones, photo and history."""
        if self.state is not None and self.available:
            self._signature = None  # the photos travel with the page: build it again
            self.show_branch(self.branch_id)  # (None: the province)

    def now(self) -> dt.datetime:
        return self._clock() if self._clock else dt.datetime.now(dt.timezone.utc)

    # ---- province scope --------------------------------------------------------------------------
    @property
    def province(self) -> bool:
        """The page shows every branch (ProvinceState), not one."""
        return isinstance(self.state, ProvinceState)

    def scope(self) -> str:
        return self.scope_box.currentData()

    def set_province_allowed(self, allowed: bool) -> None:
        """Offer "All branches" (inspectors and provincial staff, who see every branch); without it the
        map goes back to the console's branch."""
        for w in (self.scope_label, self.scope_box):
            w.setVisible(allowed)
        if not allowed and self.scope() == PROVINCE:
            self.scope_box.setCurrentIndex(self.scope_box.findData(BRANCH))

    def _set_scope(self, scope: str) -> None:
        self.scope_box.blockSignals(True)
        self.scope_box.setCurrentIndex(self.scope_box.findData(scope))
        self.scope_box.blockSignals(False)
        for w in (self.zoom_label, self.zoom_box):
            w.setVisible(scope == PROVINCE)

    def _scope_chosen(self) -> None:
        if self.scope() == PROVINCE:
            self.show_branch(None)
        else:
            self._set_scope(BRANCH)
            if self._console_branch is not None:
                self.show_branch(self._console_branch)

    def zoom_to_branch(self, branch_id: int | None) -> None:
        """Province scope: fit the view to a branch's districts (None: the whole province)."""
        i = self.zoom_box.findData(branch_id)
        if i >= 0 and i != self.zoom_box.currentIndex():
            self.zoom_box.blockSignals(True)
            self.zoom_box.setCurrentIndex(i)
            self.zoom_box.blockSignals(False)
        if self.ready and self.province:
            self._js(f"consoleMap.zoomToBranch({_json(branch_id)}, false)")

    def _branch_clicked(self, branch_id: int) -> None:
        self.zoom_box.blockSignals(True)
        self.zoom_box.setCurrentIndex(max(0, self.zoom_box.findData(branch_id)))
        self.zoom_box.blockSignals(False)
        self.sig_branch_zoomed.emit(branch_id)

    def _fill_zoom_box(self, state: ProvinceState) -> None:
        """The branches of the page, in one go: with AdjustToContents each addItem measures the
        box again (a province's hundred branches: ~10 ms of the GUI thread; this: ~1 ms)."""
        box = self.zoom_box
        shown = [b for b in state.data.branches if b.districts]
        box.blockSignals(True)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.clear()
        box.addItems([self.tr("The whole province")] + [b.branch_name for b in shown])
        for i, b in enumerate(shown, start=1):
            box.setItemData(i, b.branch_id)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        box.blockSignals(False)

    def _show_province(self) -> None:
        """Every district of every branch, read and built off the GUI thread like a branch's page;
        shown again with the same districts, only the numbers change in place."""
        self._set_scope(PROVINCE)
        self._load_seq += 1
        seq, now, store = self._load_seq, self.now(), self.store
        metric = self.metric_box.currentData() or DEFAULT_METRIC
        same = self.ready and self.province
        # the page's district properties (never changed in place at province scope): only those that
        # differ travel, encoded by the worker
        signature, shown = (self._signature, self.state.props) if same else (None, None)
        serial = self._applied_serial
        want, serving, serving_key = self._basemap_wanted()
        self.status.setText(self.tr("Loading the map…"))
        folder = Path(self._tmp.name)

        def work():
            bm = basemaps.resolve(want, serving, serving_key, store=store)
            try:
                data = map_data.load_province_map(store, now=now)
                rows = [r for b in data.branches for r in orders.open_orders(store, b.branch_id)]
                return build_province_page(data, rows, now, metric=metric, signature=signature, shown=shown,
                                           basemap=bm, folder=folder, name=f"map-province-{seq}")
            except BaseException:
                bm.discard()
                raise

        ReadOp(self, work, lambda page: self._loaded(seq, None, serial, {}, page)).failure(
            self._failed).run()

    def show_branch(self, branch_id: int | None, rows: list | None = None) -> None:
        """Show a branch (or refresh the current one); None: every branch (the province scope).
        Reads in the background; the page is rebuilt only when the districts changed, otherwise
        updated in place. `rows`: the queue's open orders when the caller has them (else they are
        read too). At province scope the console's branch is remembered for when the scope goes
        back to it."""
        if not self.available:
            return
        if branch_id is None:
            self._show_province()
            return
        self._console_branch = branch_id
        if self.scope() == PROVINCE:
            return  # the province page stays; "This branch" shows it
        self._load_seq += 1
        seq, now, store = self._load_seq, self.now(), self.store
        metric = self.metric_box.currentData() or DEFAULT_METRIC
        same_branch = self.ready and branch_id == self.branch_id and self.state is not None
        # a copy: the page's markers change on the GUI thread while this reads them
        signature, markers = (self._signature, dict(self.state.markers)) if same_branch else (None, None)
        serial = self._applied_serial
        want, serving, serving_key = self._basemap_wanted()
        self.status.setText(self.tr("Loading the map…"))

        folder = Path(self._tmp.name)

        def work():
            bm = basemaps.resolve(want, serving, serving_key, store=store)
            try:
                data = map_data.load_branch_map(store, branch_id, now=now)
                got = rows if rows is not None else orders.open_orders(store, branch_id)
                return build_page(data, got, now, metric=metric, signature=signature, markers=markers,
                                  basemap=bm, folder=folder, name=f"map-{branch_id}-{seq}")
            except BaseException:
                bm.discard()
                raise

        ReadOp(self, work, lambda page: self._loaded(seq, branch_id, serial, markers, page)).failure(
            self._failed).run()

    def _basemap_wanted(self):
        """What the settings ask for under the districts, and what the tile server serves now (the
        worker keeps that file open when it is still the one wanted)."""
        want = basemaps.wanted(self.settings, self.store)
        return want, self.tiles.source, self.tiles.key

    def basemap_changed(self) -> None:
        """The base map settings changed (Admin ▸ Map settings…): the page is built again on it."""
        if not self.available:
            return
        self._signature = None
        if self.province:
            self.show_branch(None)
        elif self.branch_id is not None or self._console_branch is not None:
            self.show_branch(self.branch_id if self.branch_id is not None else self._console_branch)

    def update_orders(self, rows) -> None:
        """The queue's open orders changed: recolour districts and move markers in place. At
        province scope (the queue holds one branch's orders) every branch's counts are read again
        and recoloured in place (a reload, F5)."""
        if self.state is None:
            return
        if self.province:
            if self.ready:
                self._show_province()
            return
        self._want_rows = list(rows)
        if self.ready:
            self._apply_wanted()

    def update_changed(self, changed: dict, all_rows) -> None:
        """Some orders changed (`changed`: id -> row now, None when gone): their markers and the
        colours of their districts follow. `all_rows()`: the queue's open orders, for when the page
        has not counted them all yet. (Province scope: its counts follow the next reload.)"""
        if self.state is None or self.province:
            return
        if self._index is None and self._want_rows is None:
            self.update_orders(all_rows())
            return
        self._want_changes.update(changed)
        if self.ready:
            self._apply_wanted()

    def _apply_wanted(self) -> None:
        """Turn what is wanted into a page update off the GUI thread, one update at a time: all
        the rows when the queue was read again, else the changed orders."""
        if self._applying or self.state is None or not self.ready or self.province:
            return
        state, store, now, asked = self.state, self.store, self.now(), frozenset(self._asked)
        rows, changed, index = self._want_rows, None, self._index
        if rows is not None:
            self._want_rows = None
        elif self._want_changes and index is not None:
            changed, self._want_changes = self._want_changes, {}
        else:
            return

        def work():
            got = rows if rows is not None else [r for r in changed.values() if r is not None]
            missing = [i for i in state.missing_points(got) if i not in asked]
            if missing:
                state.add_points(map_data.order_points(store, missing))
            if rows is not None:
                return missing, state.apply_rows(rows, now), OrderIndex(state, rows)
            return missing, index.changes(state, changed, now), index

        self._applying = True
        ReadOp(self, work, lambda result: self._applied(state, rows, changed, *result)).failure(
            self._apply_failed).run()

    def _applied(self, state: MapState, rows: list | None, changed: dict | None, missing: list[int],
                 change: dict, index: OrderIndex) -> None:
        self._applying = False
        self._asked.update(missing)
        if state is not self.state:  # the branch was read again meanwhile: these go to its page
            if rows is not None and self._want_rows is None:
                self._want_rows = rows
            if changed:
                self._want_changes = {**changed, **self._want_changes}
        else:
            if changed is not None:  # the changed orders' markers and districts (a full apply set them)
                apply(state, change)
            self._index = index
            self._applied_serial += 1
            if change["districts"] or change["upsert"] or change["remove"]:
                self._js(f"JSON.stringify(consoleMap.update({_json(change)}))", self._updated)
        self._apply_wanted()

    def _apply_failed(self, exc: BaseException) -> None:
        self._applying = False
        self.status.setText(self.tr("The map could not be updated: {0}").format(i18n.render(exc)))

    def highlight_order(self, row, *, zoom: bool = True) -> None:
        """Outline the order's district and ring its marker (the queue's selection); None clears.
        A newly selected order is shown at about zoom 16 (`zoom`); the order the queue had selected
        while the page was loading is ringed on the page as it opens, on the whole branch.
        (Province scope: no markers, nothing to ring.)"""
        if self.state is None or self.province:
            return
        if not self.ready:
            self._pending_highlight = row
            return
        call = "consoleMap.highlightOrder({0}, " + ("true" if zoom else "false") + ")"
        if row is None or row.id in self.state.points or row.id in self._asked:
            self._js(call.format(_json(self._marker(row))))
            return
        self._asked.add(row.id)
        state, store = self.state, self.store

        def located(points: dict) -> None:
            state.add_points(points)
            if state is self.state and self.ready:
                self._js(call.format(_json(self._marker(row))))

        ReadOp(self, lambda: map_data.order_points(store, [row.id]), located).failure(
            self._apply_failed).latest("highlight").run()

    def _marker(self, row) -> dict | None:
        return self.state.marker_for(row, self.now()) if row is not None else None

    def set_metric(self, name: str) -> None:
        """Colour the districts by another metric (open, breached, complaints, load, callbacks)."""
        if name not in METRICS:
            raise ValueError(f"unknown metric {name!r}")
        self.settings.set(MAP_METRIC, name)
        i = self.metric_box.findData(name)
        if i != self.metric_box.currentIndex():
            self.metric_box.blockSignals(True)
            self.metric_box.setCurrentIndex(i)
            self.metric_box.blockSignals(False)
        if self.state is not None:
            self.state.metric = name
        if self.ready:
            self._js(f"consoleMap.setMetric({_json(name)})")

    def select_district(self, district_id: int | None) -> None:
        """Mark a district as chosen (e.g. picked in the queue's district box) without a signal."""
        self._selected = district_id
        self.who_serves.setEnabled(district_id is not None)
        if self.ready:
            self._js(f"consoleMap.select({_json(district_id)}, false)" if district_id
                     else "consoleMap.clear(false)")

    def clear_selection(self) -> None:
        """Esc: forget the clicked district, close its popup, tell the queue."""
        had = self._selected is not None
        self.select_district(None)
        if had:
            self.sig_district_cleared.emit()

    # ---- loading -----------------------------------------------------------------------------------
    def _loaded(self, seq: int, branch_id: int, serial: int, markers: dict | None, page: Page) -> None:
        """The GUI thread's share of showing a branch: the page was built (build_page, off this
        thread); hand it to the web view (and its base map to the tile server), or send the new
        numbers in place."""
        if seq != self._load_seq:
            page.discard()
            return  # a newer show_branch is on its way
        state, index, change = page.state, page.index, page.change
        if change is not None:
            if page.basemap is not None and page.basemap.source is not self.tiles.source:
                page.basemap.discard()  # (the page keeps the base map it has)
            if self.ready and branch_id == self.branch_id and self.state is not None:
                if serial != self._applied_serial:  # an update landed meanwhile: drop what it added
                    added = set(self.state.markers) - set(markers) - set(state.markers)
                    change["remove"] = sorted(set(change["remove"]) | added)
                self.state = state
                self._index = index
                self._js(f"JSON.stringify(consoleMap.update({page.script or _json(change)}))", self._updated)
                self.status.setText(self._status_text())
                return
            self._signature = None  # the page went away meanwhile: build it again
            self.show_branch(branch_id)
            return
        self.branch_id = branch_id
        self.ready = False
        if isinstance(state, ProvinceState):
            self._fill_zoom_box(state)
        self._selected = None
        self.who_serves.setEnabled(False)
        self.state = state
        self._index = index
        self._asked = set()
        self._signature = page.signature
        bm = page.basemap or basemaps.Resolved()
        if bm.source is not self.tiles.source or bm.key != self.tiles.key:
            self.tiles.serve(bm.source, bm.key)  # the former file is closed
        self.basemap_error = bm.error
        self.guard.allow_tiles(bm.tiles)
        self.stack.setCurrentWidget(self.view)  # laid out before the page fits the branch into it
        if page.html is not None:
            self.view.setHtml(page.html, QUrl.fromLocalFile(str(builder.WEB_DIR) + "/"))
        else:
            # one name per branch: the page in the view is always the newest one built
            path = page.file.with_name(f"map-{'province' if branch_id is None else branch_id}.html")
            os.replace(page.file, path)
            self.view.load(QUrl.fromLocalFile(str(path)))

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("The map could not be loaded: {0}").format(i18n.render(exc)))

    def _load_finished(self, ok: bool) -> None:
        probe = 'typeof L === "object" && typeof consoleMap === "object" ? consoleMap.drawnDistricts() : -1'
        if not ok:
            self._show_message(self.tr("The map page did not load."))
            return
        self._js(probe, self._probed)

    def _probed(self, paths) -> None:
        if not isinstance(paths, (int, float)) or paths < 0:
            self._show_message(self.tr("Leaflet did not start in the map page: the files in {0} "
                                       "may be damaged.").format(builder.WEB_DIR))
            return
        self.ready = True
        self.stack.setCurrentWidget(self.view)
        self.status.setText(self._status_text())
        self._apply_wanted()  # rows that came while the page was loading
        if self._pending_highlight is not None:
            row, self._pending_highlight = self._pending_highlight, None
            self.highlight_order(row, zoom=False)  # the page opens on the whole branch
        self.sig_ready.emit(int(paths))

    def _status_text(self) -> str:
        s = self.state
        if isinstance(s, ProvinceState):
            text = self.tr("All branches: {0} branches, {1} districts, {2} open orders (counts per district)").format(
                len(s.data.branches), s.districts, s.open_orders)
        else:
            text = self.tr("{0}: {1} districts, {2} open orders").format(
                s.data.branch_name, len(s.data.districts), len(s.markers))
        if self.basemap_error:
            text += " · " + self.tr("base map not shown: {0}").format(self.basemap_error)
        return text

    # ---- page → Python ------------------------------------------------------------------------------
    def _district_clicked(self, district_id: int) -> None:
        self._selected = district_id
        self.who_serves.setEnabled(True)
        if self.province and self.state.branch_of(district_id) != self._console_branch:
            return  # another branch's district: the queue (the console's branch) has no orders of it
        self.sig_district_clicked.emit(district_id)

    def _district_cleared(self) -> None:
        if self._selected is not None:
            self._selected = None
            self.who_serves.setEnabled(False)
            self.sig_district_cleared.emit()

    def _updated(self, result) -> None:
        if isinstance(result, str):
            try:
                result = json.loads(result)
            except ValueError:
                return  # the page was (re)loading and answered nothing: its next update reports
        self.sig_updated.emit(result)

    def _js(self, script: str, callback=None) -> None:
        if callback is None:
            self.page.runJavaScript(script, 0)
        else:
            def answer(result) -> None:  # the page may answer after the window it was in is gone
                if shiboken6.isValid(self) and shiboken6.isValid(self.message):
                    callback(result)

            self.page.runJavaScript(script, 0, answer)


@dataclass
class Page:
    """What build_page made off the GUI thread: the state and, for a new page, its document
    (`html` small enough for setHtml, else written to `file`); `change` instead when only the
    numbers changed (the page stays, updated in place)."""

    state: MapState | ProvinceState
    index: OrderIndex | None  # None at province scope (no in-place order updates)
    signature: tuple
    change: dict | None = None
    html: str | None = None
    file: Path | None = None
    script: str | None = None  # `change` as JSON, encoded off the GUI thread (province scope)
    basemap: basemaps.Resolved | None = None  # the base map under it (views/map/basemap.py)

    def discard(self) -> None:
        """A page nobody will show (a newer one was asked for meanwhile)."""
        if self.file is not None:
            self.file.unlink(missing_ok=True)
        if self.basemap is not None:
            self.basemap.discard()


def build_page(data, rows, now: dt.datetime, *, metric: str = DEFAULT_METRIC, signature: tuple | None = None,
               markers: dict | None = None, basemap: basemaps.Resolved | None = None,
               folder: Path, name: str) -> Page:
    """Everything heavy of showing a branch, on a worker thread (show_branch runs it in a ReadOp):
    the districts' metrics and the order markers (MapState, in the base map's datum), the page data,
    the folium document and, when it is too large for setHtml, its file (`folder`/`name`.html). With
    the `signature` of the districts and base map on the page and they are the same, only the
    change (`markers`: the page's markers)."""
    bm = basemap or _no_basemap()
    state = MapState(data, metric=metric, crs=bm.crs)
    sig = (data.districts_signature(), bm.signature)
    if signature is not None and sig == signature:
        state.markers = markers  # same districts: new numbers in place, the view stays
        change = state.apply_rows(rows, now)
        change["districts"] = list(state.props.values())
        return Page(state, OrderIndex(state, rows), sig, change=change, basemap=bm)
    state.apply_rows(rows, now)
    return _document(Page(state, OrderIndex(state, rows), sig, basemap=bm), folder, name)


def build_province_page(data, rows, now: dt.datetime, *, metric: str = DEFAULT_METRIC,
                        signature: tuple | None = None, shown: dict | None = None,
                        basemap: basemaps.Resolved | None = None, folder: Path, name: str) -> Page:
    """build_page for every branch (`data`: map_data.ProvinceMapData, `rows`: every branch's open
    orders): the districts' counts and colours, each branch's outline and name; no order markers.
    With the page's `signature` and district properties (`shown`) and the same districts: only the
    districts whose properties changed, encoded here (3,300 districts' JSON is ~70 ms)."""
    bm = basemap or _no_basemap()
    state = ProvinceState(data, metric=metric, crs=bm.crs)
    sig = (data.districts_signature(), bm.signature)
    state.apply_rows(rows, now)
    if signature is not None and sig == signature:
        shown = shown or {}
        change = {"districts": [p for d_id, p in state.props.items() if shown.get(d_id) != p],
                  "upsert": [], "remove": []}
        return Page(state, None, sig, change=change, script=_json(change), basemap=bm)
    return _document(Page(state, None, sig, basemap=bm), folder, name)


def _no_basemap():
    return basemaps.Resolved()


def _document(page: Page, folder: Path, name: str) -> Page:
    """The page's document: in `html` when small enough for setHtml, else written to a file."""
    bm = page.basemap
    html = builder.build_html(page.state.payload(), asset_base=builder.web_dir_url(), channel=True,
                              basemap=bm.layer, tiles=bm.tiles, tiles_attr=bm.tiles_attr)
    encoded = html.encode("utf-8")
    if len(encoded) < SET_HTML_LIMIT:
        page.html = html
    else:
        page.file = folder / f"{name}.html"
        page.file.write_bytes(encoded)
    return page


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
