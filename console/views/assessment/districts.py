"""Scorecards (R-ZONE-3/4): per district, maintainer or branch for a month, ranked, with every
metric's definition and rule ids as its header tooltip (``console.rules.metrics``), a 12-month
pyqtgraph trend of the selected row and metric, drill-down from any number to the orders behind it
(double-click), and the assessment workbook export.

Period: Month or Year (R-ZONE-3's yearly summary): in Year the table ranks the year as one period
and below it the selected row's twelve months and the year (``YearModel``); the export writes the
yearly workbook. Orders whose due rests on a year without an entered calendar are counted in the
"Provisional" column and the summary line, never as breaches.

Who serves a district (R-ZONE-5): "Who serves…" opens the published changes of the selected
district with the change form (managers of its branch and admins); "District changes…" lists every
change of the branch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
)  # fmt: skip

from console import i18n
from console.rules import metrics as M
from console.rules.periods import CST as CHINA
from console.services.access import directory
from console.services.assessment import districts as A
from console.services.assessment import drill as drill_service
from console.services.assessment import servants as servant_service
from console.views.assessment.drill import DrillDialog
from console.views.assessment.servants import ServantChangesDialog
from console.views.kit.branch_panel import BranchPanel
from console.views.kit.chart_slot import ChartSlot
from console.views.kit.flow_layout import FlowLayout
from console.views.kit.ops import ReadOp
from console.views.kit.rows_model import RowsModel

SHOWN = (M.SCORE, M.COMPLAINT_RATE, M.RESPONSE_24H, M.SATISFACTION, M.ON_TIME, M.CALLBACK_COVERAGE,
         M.STABILITY, M.GROWTH)
FIRST_METRIC_COL = 3  # rank, name, branch, then the metrics, then on time per kind


def metric_title(metric_id: str) -> str:
    return i18n.render(M.METRICS[metric_id].title)


def fmt(metric_id: str, v: float | None) -> str:
    if v is None:
        return "—"
    unit = M.METRICS[metric_id].unit
    return f"{v:.1f} %" if unit == "percent" else f"{v:.2f}"


class ScorecardModel(RowsModel):
    """Scorecards (R-ZONE-3/4) ranked; every metric's definition and rule ids as header tooltip."""

    COLUMNS = ("rank", "name", "branch") + SHOWN + tuple(f"kind:{k}" for k in M.TIMED_KINDS) + ("provisional",)
    NUMERIC = frozenset({"rank", "provisional"} | set(SHOWN) | {f"kind:{k}" for k in M.TIMED_KINDS})

    def __init__(self, parent=None):
        super().__init__(parent)
        kinds = {"general_fault": self.tr("On time: general fault"), "major_fault": self.tr("On time: major fault"),
                 "installation": self.tr("On time: installation"), "restoration": self.tr("On time: restoration"),
                 "complaint": self.tr("On time: complaint")}
        self._headers = {"rank": self.tr("Rank"), "name": self.tr("Name"), "branch": self.tr("Branch"),
                         **{m: metric_title(m) for m in SHOWN}, **{f"kind:{k}": kinds[k] for k in M.TIMED_KINDS},
                         "provisional": self.tr("Provisional")}
        self._header_tips = {"rank": M.tooltip(M.SCORE), **{m: M.tooltip(m) for m in SHOWN},
                             **{f"kind:{k}": M.kind_on_time_tooltip(k) for k in M.TIMED_KINDS},
                             "provisional": self.tr("Orders whose due falls in a year whose official working-day "
                                                    "calendar is not entered: counted apart, neither on time nor "
                                                    "breached")}

    def text(self, c: A.Scorecard, col: str) -> str:
        if col == "rank":
            return str(c.rank or "—")
        if col == "provisional":
            return str(c.on_time_provisional) if c.on_time_provisional else "—"
        if col in ("name", "branch"):
            return getattr(c, col)
        if col.startswith("kind:"):
            return fmt(M.ON_TIME, c.kind_rate(col[5:]))
        return fmt(col, c.value(col))


MONTH, YEAR = "month", "year"


class YearModel(RowsModel):
    """R-ZONE-3's yearly summary of one row: its twelve months and the year, one metric a column."""

    COLUMNS = ("period",) + SHOWN + ("provisional",)
    NUMERIC = frozenset(set(SHOWN) | {"provisional"})

    def __init__(self, parent=None):
        super().__init__(parent)
        self._headers = {"period": self.tr("Period"), **{m: metric_title(m) for m in SHOWN},
                         "provisional": self.tr("Provisional")}
        self._header_tips = {m: M.tooltip(m) for m in SHOWN}

    def text(self, row: tuple, col: str) -> str:
        label, card = row
        if col == "period":
            return label
        if card is None:
            return "—"
        if col == "provisional":
            return str(card.on_time_provisional) if card.on_time_provisional else "—"
        return fmt(col, card.value(col))


class AssessmentView(BranchPanel):
    """Month scorecards of a branch (or all), ranked; trend and drill-down."""

    sig_month_loaded = Signal(object)
    """The month's scorecards are on screen (the first data; the trend follows): its Assessment."""
    sig_loaded = Signal(object)
    """The scorecards and trend are on screen: carries the list of 12 Assessments (oldest first)."""
    sig_drilled = Signal(object)
    """A drill-down list is open: carries its DrillRows."""

    sig_exported = Signal(object)
    """A yearly summary workbook was written: carries its ExportResult."""
    sig_year_loaded = Signal(object)
    """The yearly summary is on screen: carries its YearSummary."""

    def __init__(self, store, *, user_id_fn: Callable[[], int | None] | None = None,
                 now_fn: Callable[[], dt.datetime] | None = None,
                 role_fn: Callable[[], str | None] | None = None, parent=None):
        super().__init__(store, user_id_fn=user_id_fn, now_fn=now_fn, role_fn=role_fn, parent=parent)
        self.months: list[A.Assessment] = []
        self.year_summary: A.YearSummary | None = None
        self.changes_dialog: ServantChangesDialog | None = None
        self.drill: DrillDialog | None = None
        self.export_dialog = None
        self.branch = QComboBox(self)
        self.branch.addItem(self.tr("All branches"), None)
        self.branches_loaded = False  # read in the background; until then the branch set is shown
        ReadOp(self, lambda: directory.branches(store), self._branches).failure(
            lambda exc: self.summary.setText(self.tr("Could not read the branches: {0}").format(i18n.render(exc)))).run()
        self.month = QComboBox(self)
        today = self._now().astimezone(CHINA).date()
        for k, m in enumerate(A.months_back(today, 24)):  # newest first: the month in progress, then whole ones
            self.month.addItem(self.tr("{0} (so far)").format(f"{m:%Y-%m}") if k == 0 else f"{m:%Y-%m}", m.isoformat())
        # R-ZONE-3: districts are assessed monthly, on a whole month: the last complete one is shown
        # first; the month in progress is one step up, marked "so far"
        self.month.setCurrentIndex(1)
        self.period = QComboBox(self)
        self.period.setObjectName("AssessmentPeriod")
        self.period.addItem(self.tr("Month"), MONTH)
        self.period.addItem(self.tr("Year"), YEAR)
        self.period.setToolTip(self.tr("R-ZONE-3: districts are assessed monthly and summarised yearly"))
        self.year = QComboBox(self)
        for y in range(today.year, today.year - 3, -1):
            self.year.addItem(str(y), y)
        self.year.setEnabled(False)
        self.period.currentIndexChanged.connect(self._period_changed)
        self.level = QComboBox(self)
        for key, text in ((A.DISTRICT, self.tr("Districts")), (A.MAINTAINER, self.tr("Maintainers")),
                          (A.BRANCH, self.tr("Branches"))):
            self.level.addItem(text, key)
        self.trend_metric = QComboBox(self)
        for m in SHOWN:
            self.trend_metric.addItem(metric_title(m), m)
            self.trend_metric.setItemData(self.trend_metric.count() - 1, M.tooltip(m), Qt.ItemDataRole.ToolTipRole)
        show = QPushButton(self.tr("&Show"), self)
        show.clicked.connect(self.refresh)
        export = QPushButton(self.tr("E&xport…"), self)
        export.clicked.connect(self.export)
        self.who_serves = QPushButton(self.tr("&Who serves…"), self)
        self.who_serves.setToolTip(self.tr("The selected district's servant, its published changes, and the change "
                                           "(R-ZONE-5)"))
        self.who_serves.clicked.connect(lambda: self.open_changes(district=True))
        self.all_changes = QPushButton(self.tr("District &changes…"), self)
        self.all_changes.setToolTip(self.tr("Every published change of who serves a district (R-ZONE-5)"))
        self.all_changes.clicked.connect(lambda: self.open_changes(district=False))
        self.level.currentIndexChanged.connect(lambda *_: self._fill())
        self.trend_metric.currentIndexChanged.connect(self._plot)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 100)
        self.busy.setMaximumWidth(160)
        self.summary = QLabel(self)
        self.model = ScorecardModel(self)
        self.table = self.single_row_table(QTableView(self), "ScorecardTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)  # a number drills down
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()) if index.column() < FIRST_METRIC_COL
                                         else self.drill_cell(index.row(), index.column()))
        self._trail: list[tuple[int | None, str, int]] = []  # (branch shown, level, row) before each drill-down
        self._focus: tuple[str, int, int] | None = None  # the row to select when the rows come
        self.up = QPushButton(self.tr("&Up"), self)
        self.up.setToolTip(self.tr("Back to the rows this drill-down started from (Alt+Left)"))
        self.up.setEnabled(False)
        self.up.clicked.connect(self.go_up)
        for keys in (QKeySequence(QKeySequence.StandardKey.Back), QKeySequence(Qt.Key.Key_Backspace)):
            QShortcut(keys, self.table, self.go_up)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._plot())
        self.chart_slot = ChartSlot(self._make_chart, self, min_height=220)  # pyqtgraph on first draw
        self.year_model = YearModel(self)
        self.year_table = QTableView(self)
        self.year_table.setObjectName("YearTable")
        self.year_table.setModel(self.year_model)
        self.year_table.verticalHeader().hide()
        self.year_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.year_table.setVisible(False)
        bar = FlowLayout()  # wraps beside the order pane on a narrow screen
        for label, w in ((self.tr("Branch:"), self.branch), (self.tr("Period:"), self.period),
                         (self.tr("Month:"), self.month), (self.tr("Year:"), self.year),
                         (self.tr("Show:"), self.level), (self.tr("Trend of:"), self.trend_metric)):
            bar.add_group(QLabel(label, self), w)
        bar.addWidget(show)
        bar.addWidget(self.up)
        bar.addWidget(export)
        bar.addWidget(self.who_serves)
        bar.addWidget(self.all_changes)
        bar.addWidget(self.busy)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.year_table)
        split.addWidget(self.chart_slot)
        split.setSizes([420, 260])
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)

    @property
    def cards(self) -> list[A.Scorecard]:
        return self.model.rows()

    def set_month(self, month: dt.date) -> None:
        self.month.setCurrentIndex(max(0, self.month.findData(month.replace(day=1).isoformat())))

    def selected_month(self) -> dt.date:
        return dt.date.fromisoformat(self.month.currentData())

    def _branches(self, branches) -> None:
        for b in branches:
            self.branch.addItem(b.name, b.id)
        self.branches_loaded = True
        self.branch.setCurrentIndex(max(0, self.branch.findData(self.branch_id)))

    def chosen_branch(self) -> int | None:
        """The branch chosen (None: all), or the one set while the branches are still being read."""
        return self.branch.currentData() if self.branches_loaded else self.branch_id

    def set_branch(self, branch_id: int | None) -> None:
        self.branch.setCurrentIndex(max(0, self.branch.findData(branch_id)))
        super().set_branch(branch_id)

    def select_cell(self, row: int, col: int) -> None:
        self.table.setCurrentIndex(self.model.index(row, col))

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def is_year(self) -> bool:
        return self.period.currentData() == YEAR

    def set_period(self, period: str, year: int | None = None) -> None:
        """Month or Year (R-ZONE-3's yearly summary); ``year`` picks the year shown."""
        if year is not None:
            i = self.year.findData(year)
            if i < 0:
                self.year.addItem(str(year), year)
                i = self.year.count() - 1
            self.year.setCurrentIndex(i)
        self.period.setCurrentIndex(max(0, self.period.findData(period)))

    def _period_changed(self) -> None:
        year = self.is_year()
        self.month.setEnabled(not year)
        self.year.setEnabled(year)
        self.year_table.setVisible(year)

    def refresh(self) -> None:
        if self.is_year():
            self._refresh_year()
            return
        month, branch_id, now, store = self.selected_month(), self.chosen_branch(), self._now(), self.store
        self.busy.setValue(0)
        self.summary.setText(self.tr("Computing the scorecards of {0}…").format(f"{month:%Y-%m}"))

        def work(progress):
            return A.assess(store, month, branch_id=branch_id, now=now, progress=progress)

        # the month first (one month's orders: the first data of a province in seconds), then the 12
        # months of the trend; the latest load wins: an older month or branch finishing later is
        # dropped, its progress too
        self.load_latest(work, self._month_loaded, self._failed,
                         progress=lambda fraction, _message: self.busy.setValue(int(fraction * 50)))

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(self.tr("Could not compute the scorecards: {0}").format(i18n.render(exc)))

    def _month_loaded(self, a: A.Assessment) -> None:
        self.months, self.year_summary = [a], None
        self._say(a)
        self._fill(keep=True)
        self.sig_month_loaded.emit(a)
        month, branch_id, now, store = a.month, a.branch_id, self._now(), self.store

        def work(progress):
            return A.trend(store, month, branch_id=branch_id, now=now, progress=progress)

        self.load_latest(work, self._loaded, self._failed,
                         progress=lambda fraction, _message: self.busy.setValue(50 + int(fraction * 50)))

    def _refresh_year(self) -> None:
        year, branch_id, now, store = self.year.currentData(), self.chosen_branch(), self._now(), self.store
        self.busy.setValue(0)
        self.summary.setText(self.tr("Computing the yearly summary of {0}…").format(year))

        def work(progress):
            return A.year(store, year, branch_id=branch_id, now=now, progress=progress)

        self.load_latest(work, self._year_loaded,
                         lambda exc: self.summary.setText(self.tr("Could not compute the scorecards: {0}").format(i18n.render(exc))),
                         progress=lambda fraction, _message: self.busy.setValue(int(fraction * 100)))

    def _year_loaded(self, summary: A.YearSummary) -> None:
        self.year_summary = summary
        self.months = summary.months + [summary.total]  # the total last: the table shows the year
        self.busy.setValue(100)
        self._say(summary.total)
        self._fill()
        self.sig_year_loaded.emit(summary)

    def _say(self, a: A.Assessment) -> None:
        if a.empty:
            self.summary.setText(self.tr("{0}: no orders, callbacks or complaints to assess.").format(a.label))
            return
        text = self.tr("{0}: {1} districts, {2} maintainers. Double-click a number for the orders "
                       "behind it.").format(a.label, len(a.districts), len(a.maintainers))
        if a.branch_id is None and len(a.branches) > 1:
            text += " " + self.tr("Double-click a branch's name for its districts, a district's for its maintainer.")
        if a.provisional:
            text += " " + self.tr("{0} orders are provisional: their due falls in a year whose working-day calendar "
                                  "is not entered, so they are neither on time nor breached.").format(a.provisional)
        self.summary.setText(text)

    def _loaded(self, months: list[A.Assessment]) -> None:
        self.months = months
        self.year_summary = None
        self.busy.setValue(100)
        self._say(months[-1])
        self._fill(keep=True)  # the month's rows again, the cell the user chose meanwhile kept
        self.sig_loaded.emit(months)

    def _fill(self, keep: bool = False) -> None:
        if not self.months:
            return
        a = self.months[-1]
        index = self.table.currentIndex()
        chosen = (self.cards[index.row()].level, self.cards[index.row()].id, index.column()) \
            if keep and index.isValid() and index.row() < len(self.cards) else None
        self.model.set_rows({A.DISTRICT: a.districts, A.MAINTAINER: a.maintainers,
                             A.BRANCH: a.branches}[self.level.currentData()])
        if self._focus is not None:  # where a drill-down or Up said to go
            chosen, self._focus = self._focus, None
        rows = [(c.level, c.id) for c in self.cards]
        if chosen is not None and chosen[:2] in rows:
            self.select_cell(rows.index(chosen[:2]), chosen[2])
        elif self.cards:
            self.select_cell(0, FIRST_METRIC_COL)
        self._plot()

    # -- the province's drill-down: branch -> its districts -> their maintainer -> the orders ----------
    def open_row(self, row: int) -> None:
        """Double-click on a row's name: a branch opens its districts, a district the maintainer who
        served it at the month's end (R-ZONE-5); a number lists the orders behind it (drill_cell)."""
        if not self.months or not 0 <= row < len(self.cards):
            return
        card = self.cards[row]
        if card.level == A.BRANCH:
            self._trail.append((self.chosen_branch(), A.BRANCH, card.id))
            self._focus = None
            self.level.blockSignals(True)
            self.level.setCurrentIndex(self.level.findData(A.DISTRICT))
            self.level.blockSignals(False)
            if self.chosen_branch() == card.id:
                self._fill()
            else:
                self.set_branch(card.id)  # reads that branch
        elif card.level == A.DISTRICT and card.holder is not None:
            self._trail.append((self.chosen_branch(), A.DISTRICT, card.id))
            self._focus = (A.MAINTAINER, card.holder, FIRST_METRIC_COL)
            self.level.setCurrentIndex(self.level.findData(A.MAINTAINER))  # _fill selects the holder
        self._say_trail()

    def go_up(self) -> None:
        """Back to where the last drill-down started (Alt+Left, Backspace)."""
        if not self._trail:
            return
        branch_id, level, entity = self._trail.pop()
        self._focus = (level, entity, FIRST_METRIC_COL)
        self.level.blockSignals(True)
        self.level.setCurrentIndex(self.level.findData(level))
        self.level.blockSignals(False)
        if branch_id != self.chosen_branch():
            self.set_branch(branch_id)  # reads it again
        else:
            self._fill()
        self._say_trail()

    def _say_trail(self) -> None:
        self.up.setEnabled(bool(self._trail))

    @property
    def chart(self):
        return self.chart_slot.chart

    @staticmethod
    def _make_chart(parent):
        import pyqtgraph as pg

        chart = pg.PlotWidget(parent)
        chart.setBackground("w")
        chart.showGrid(x=False, y=True, alpha=0.3)
        return chart

    def _plot(self) -> None:
        import pyqtgraph as pg

        self.chart.clear()
        row = self.current_row()
        if not self.months or not 0 <= row < len(self.cards):
            return
        card, metric = self.cards[row], self.trend_metric.currentData()
        months = self.year_summary.months if self.year_summary is not None else self.months
        if self.year_summary is not None:
            self.year_model.set_rows([(f"{a.month:%Y-%m}", A.card_of(a, card.level, card.id)) for a in months]
                                     + [(self.tr("{0} (year)").format(self.year_summary.year), card)])
        ys = A.series(months, metric, card.level, card.id)
        xs = [i for i, y in enumerate(ys) if y is not None]
        title = (self.tr("{0}: {1}, {2} by month").format(card.name, metric_title(metric), self.year_summary.year)
                 if self.year_summary is not None else
                 self.tr("{0}: {1}, last 12 months").format(card.name, metric_title(metric)))
        self.chart.setTitle(title, color="k")
        if xs:
            self.chart.plot(xs, [ys[i] for i in xs], pen=pg.mkPen("#1976d2", width=2), symbol="o",
                            symbolBrush="#1976d2")
        ticks = [(i, f"{a.month:%y-%m}") for i, a in enumerate(months)]
        self.chart.getAxis("bottom").setTicks([ticks])
        self.chart.setXRange(-0.5, len(months) - 0.5)

    def drill_cell(self, row: int, col: int) -> None:
        """The orders (or accounts) behind the number at (row, col)."""
        if not self.months or not 0 <= row < len(self.cards) or col < FIRST_METRIC_COL:
            return
        k = col - FIRST_METRIC_COL
        if k >= len(SHOWN) + len(M.TIMED_KINDS):
            return  # the provisional count: nothing judged to list
        metric, kind = (SHOWN[k], None) if k < len(SHOWN) else (M.ON_TIME, M.TIMED_KINDS[k - len(SHOWN)])
        if self.year_summary is not None:  # the year: its orders month by month are in the months' lists
            return self._drill_year(row, metric, kind)
        card, month, branch_id, now = self.cards[row], self.months[-1].month, self.chosen_branch(), self._now()
        entity, store = card.id, self.store
        title = f"{card.name} — {metric_title(metric)}" + (f" ({kind})" if kind else "")

        def work():
            return drill_service.drill_down(store, month, metric, level=card.level, entity_id=entity,
                                            branch_id=branch_id, kind=kind, now=now)

        ReadOp(self, work, lambda rows: self._show_drill(title, metric, rows)).failure(
            lambda exc: self.summary.setText(self.tr("Could not list the orders: {0}").format(i18n.render(exc)))).latest(
            "drill").run()  # the number double-clicked last opens its list

    def _drill_year(self, row: int, metric: str, kind: str | None) -> None:
        card, year, branch_id, now = self.cards[row], self.year_summary.year, self.chosen_branch(), self._now()
        entity, store = card.id, self.store
        title = f"{card.name} — {metric_title(metric)} ({year})" + (f" ({kind})" if kind else "")

        def work():
            return drill_service.drill_between(store, dt.date(year, 1, 1), dt.date(year, 12, 31), metric,
                                               level=card.level, entity_id=entity, branch_id=branch_id, kind=kind,
                                               now=now)

        ReadOp(self, work, lambda rows: self._show_drill(title, metric, rows)).failure(
            lambda exc: self.summary.setText(self.tr("Could not list the orders: {0}").format(i18n.render(exc)))).latest(
            "drill").run()

    def _show_drill(self, title: str, metric: str, rows) -> None:
        self.drill = DrillDialog(title, M.tooltip(metric), rows, parent=self)
        self.drill.show()
        self.sig_drilled.emit(rows)

    def selected_district(self) -> A.Scorecard | None:
        row = self.current_row()
        if self.level.currentData() != A.DISTRICT or not 0 <= row < len(self.cards):
            return None
        return self.cards[row]

    def open_changes(self, *, district: bool) -> ServantChangesDialog | None:
        """R-ZONE-5: the published changes of the selected district (with the change form) or of
        the branch shown."""
        card = self.selected_district() if district else None
        if district and card is None:
            self.summary.setText(self.tr("Choose a district (Show: Districts) to see who serves it."))
            return None
        may = self._role is None or servant_service.may_change(self._role())
        self.changes_dialog = ServantChangesDialog(
            self.store, branch_id=self.chosen_branch(), district_id=card.id if card else None,
            user_id_fn=self._user, now_fn=self._now, may_change=may, parent=self)
        self.changes_dialog.show()
        return self.changes_dialog

    def export(self):
        if self.is_year():
            return self.export_year()
        from console.views.exchange.export_dialog import (
            ExportDialog,  # openpyxl when a workbook is made
        )

        month = self.selected_month()
        self.export_dialog = ExportDialog(self.store, kind="assessment", branch_id=self.chosen_branch(),
                                          month=month, now_fn=self._now, user_id_fn=self._user, parent=self)
        self.export_dialog.show()
        return self.export_dialog

    def export_year(self, path: str | None = None):
        """R-ZONE-3's yearly summary workbook (the year's scorecards and each of its months)."""
        from console.services.exports import workbooks  # openpyxl when a workbook is made
        from console.views.kit.file_dialogs import save_file_name

        year = self.year.currentData()
        if path is None:
            path = save_file_name(self, self.tr("Export the yearly summary"), f"assessment-{year}.xlsx",
                                  self.tr("Excel workbooks (*.xlsx)"), store=self.store)
            if not path:
                return None
        store, branch_id, now, actor = self.store, self.chosen_branch(), self._now(), self._user()
        name = self.branch.currentText() if branch_id is not None else ""
        self.busy.setValue(0)

        def work(progress):
            return workbooks.export_assessment_year(store, path, year=year, branch_id=branch_id, branch_name=name,
                                                    now=now, progress=progress, actor_id=actor)

        def done(result) -> None:
            self.busy.setValue(100)
            self.summary.setText(self.tr("The yearly summary of {0} is saved: {1}").format(year, str(result.path)))
            self.sig_exported.emit(result)

        ReadOp(self, work, done).progress(lambda f, _m: self.busy.setValue(int(f * 100))).failure(
            lambda exc: self.summary.setText(self.tr("The yearly summary was not saved: {0}").format(
                i18n.render(exc)))).run()
        return path
