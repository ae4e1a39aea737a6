"""Scorecards (R-ZONE-3/4): per district, maintainer or branch for a month, ranked, with every
metric's definition and rule ids as its header tooltip (``console.rules.metrics``), a 12-month
pyqtgraph trend of the selected row and metric, drill-down from any number to the orders behind it
(double-click), and the assessment workbook export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QProgressBar, QPushButton, QSplitter,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)  # fmt: skip

from console.rules import metrics as M
from console.services import assessment as A
from console.services import directory
from console.views.assessment_drill import DrillDialog
from console.views.export_dialog import ExportDialog
from console.views.tasks import run_task

CHINA = dt.timezone(dt.timedelta(hours=8))
SHOWN = (M.SCORE, M.COMPLAINT_RATE, M.RESPONSE_24H, M.SATISFACTION, M.ON_TIME, M.CALLBACK_COVERAGE,
         M.STABILITY, M.GROWTH)
FIRST_METRIC_COL = 3  # rank, name, branch, then the metrics, then on time per kind


def metric_title(metric_id: str) -> str:
    return QCoreApplication.translate("Metrics", M.METRICS[metric_id].title)


def fmt(metric_id: str, v: float | None) -> str:
    if v is None:
        return "—"
    unit = M.METRICS[metric_id].unit
    return f"{v:.1f} %" if unit == "percent" else f"{v:.2f}"


class AssessmentView(QWidget):
    """Month scorecards of a branch (or all), ranked; trend and drill-down."""

    sig_loaded = Signal(object)
    """The scorecards and trend are on screen: carries the list of 12 Assessments (oldest first)."""
    sig_drilled = Signal(object)
    """A drill-down list is open: carries its DrillRows."""

    def __init__(self, store, *, now_fn: Callable[[], dt.datetime] | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self._now = now_fn or (lambda: dt.datetime.now(dt.timezone.utc))
        self.months: list[A.Assessment] = []
        self.cards: list[A.Scorecard] = []
        self.drill: DrillDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self.branch = QComboBox(self)
        self.branch.addItem(self.tr("All branches"), None)
        for b in directory.branches(store):
            self.branch.addItem(b.name, b.id)
        self.month = QComboBox(self)
        today = self._now().astimezone(CHINA).date()
        for m in A.months_back(today, 24):
            self.month.addItem(f"{m:%Y-%m}", m.isoformat())
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
        self.level.currentIndexChanged.connect(self._fill)
        self.trend_metric.currentIndexChanged.connect(self._plot)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 100)
        self.busy.setMaximumWidth(160)
        self.summary = QLabel(self)
        self.table = QTableWidget(0, FIRST_METRIC_COL + len(SHOWN) + len(M.TIMED_KINDS), self)
        self.table.setObjectName("ScorecardTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self._headers()
        self.table.cellDoubleClicked.connect(self.drill_cell)
        self.table.currentCellChanged.connect(lambda *_: self._plot())
        self.chart = pg.PlotWidget(self)
        self.chart.setBackground("w")
        self.chart.setMinimumHeight(220)
        self.chart.showGrid(x=False, y=True, alpha=0.3)
        bar = QHBoxLayout()
        for label, w in ((self.tr("Branch:"), self.branch), (self.tr("Month:"), self.month),
                         (self.tr("Show:"), self.level), (self.tr("Trend of:"), self.trend_metric)):
            bar.addWidget(QLabel(label, self))
            bar.addWidget(w)
        bar.addWidget(show)
        bar.addWidget(export)
        bar.addWidget(self.busy)
        bar.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setSizes([420, 260])
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)

    def _headers(self) -> None:
        titles = [self.tr("Rank"), self.tr("Name"), self.tr("Branch")] + [metric_title(m) for m in SHOWN]
        kinds = {"general_fault": self.tr("On time: general fault"), "major_fault": self.tr("On time: major fault"),
                 "installation": self.tr("On time: installation"), "restoration": self.tr("On time: restoration"),
                 "complaint": self.tr("On time: complaint")}
        titles += [kinds[k] for k in M.TIMED_KINDS]
        self.table.setHorizontalHeaderLabels(titles)
        self.table.horizontalHeaderItem(0).setToolTip(M.tooltip(M.SCORE))
        for j, m in enumerate(SHOWN):
            self.table.horizontalHeaderItem(FIRST_METRIC_COL + j).setToolTip(M.tooltip(m))
        for j, k in enumerate(M.TIMED_KINDS):
            self.table.horizontalHeaderItem(FIRST_METRIC_COL + len(SHOWN) + j).setToolTip(M.kind_on_time_tooltip(k))

    def set_month(self, month: dt.date) -> None:
        self.month.setCurrentIndex(max(0, self.month.findData(month.replace(day=1).isoformat())))

    def selected_month(self) -> dt.date:
        return dt.date.fromisoformat(self.month.currentData())

    def set_branch(self, branch_id: int | None) -> None:
        self.branch.setCurrentIndex(max(0, self.branch.findData(branch_id)))
        self.refresh()

    def refresh(self) -> None:
        month, branch_id, now = self.selected_month(), self.branch.currentData(), self._now()
        self.busy.setValue(0)
        self.summary.setText(self.tr("Computing the scorecards of {0}…").format(f"{month:%Y-%m}"))

        def work(progress):
            return A.trend(self.store, month, branch_id=branch_id, now=now, progress=progress)

        run_task(work, self._loaded,
                 lambda exc, _tb: self.summary.setText(self.tr("Could not compute the scorecards: {0}").format(exc)),
                 on_progress=lambda f, _m: self.busy.setValue(int(f * 100)))

    def _loaded(self, months: list[A.Assessment]) -> None:
        self.months = months
        self.busy.setValue(100)
        a = months[-1]
        if a.empty:
            self.summary.setText(self.tr("{0}: no orders, callbacks or complaints to assess.").format(f"{a.month:%Y-%m}"))
        else:
            self.summary.setText(self.tr("{0}: {1} districts, {2} maintainers. Double-click a number for the orders "
                                         "behind it.").format(f"{a.month:%Y-%m}", len(a.districts), len(a.maintainers)))
        self._fill()
        self.sig_loaded.emit(months)

    def _fill(self) -> None:
        if not self.months:
            return
        a = self.months[-1]
        self.cards = {A.DISTRICT: a.districts, A.MAINTAINER: a.maintainers, A.BRANCH: a.branches}[self.level.currentData()]
        self.table.setRowCount(len(self.cards))
        for i, c in enumerate(self.cards):
            values = [str(c.rank or "—"), c.name, c.branch] + [fmt(m, c.value(m)) for m in SHOWN]
            values += [fmt(M.ON_TIME, c.kind_rate(k)) for k in M.TIMED_KINDS]
            for j, v in enumerate(values):
                item = QTableWidgetItem(v)
                if j == 0 or j >= FIRST_METRIC_COL:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        if self.cards:
            self.table.setCurrentCell(0, FIRST_METRIC_COL)
        self._plot()

    def _plot(self) -> None:
        self.chart.clear()
        row = self.table.currentRow()
        if not self.months or not 0 <= row < len(self.cards):
            return
        card, metric = self.cards[row], self.trend_metric.currentData()
        ys = A.series(self.months, metric, card.level, card.id)
        xs = [i for i, y in enumerate(ys) if y is not None]
        self.chart.setTitle(self.tr("{0}: {1}, last 12 months").format(card.name, metric_title(metric)), color="k")
        if xs:
            self.chart.plot(xs, [ys[i] for i in xs], pen=pg.mkPen("#1976d2", width=2), symbol="o",
                            symbolBrush="#1976d2")
        ticks = [(i, f"{a.month:%y-%m}") for i, a in enumerate(self.months)]
        self.chart.getAxis("bottom").setTicks([ticks])
        self.chart.setXRange(-0.5, len(self.months) - 0.5)

    def drill_cell(self, row: int, col: int) -> None:
        """The orders (or accounts) behind the number at (row, col)."""
        if not self.months or not 0 <= row < len(self.cards) or col < FIRST_METRIC_COL:
            return
        k = col - FIRST_METRIC_COL
        metric, kind = (SHOWN[k], None) if k < len(SHOWN) else (M.ON_TIME, M.TIMED_KINDS[k - len(SHOWN)])
        card, month, branch_id, now = self.cards[row], self.months[-1].month, self.branch.currentData(), self._now()
        entity = card.id
        title = f"{card.name} — {metric_title(metric)}" + (f" ({kind})" if kind else "")

        def work():
            return A.drill_down(self.store, month, metric, level=card.level, entity_id=entity, branch_id=branch_id,
                                kind=kind, now=now)

        run_task(work, lambda rows: self._show_drill(title, metric, rows),
                 lambda exc, _tb: self.summary.setText(self.tr("Could not list the orders: {0}").format(exc)))

    def _show_drill(self, title: str, metric: str, rows) -> None:
        self.drill = DrillDialog(title, M.tooltip(metric), rows, parent=self)
        self.drill.show()
        self.sig_drilled.emit(rows)

    def export(self) -> ExportDialog:
        month = self.selected_month()
        self.export_dialog = ExportDialog(self.store, kind="assessment", branch_id=self.branch.currentData(),
                                          month=month, now_fn=self._now, parent=self)
        self.export_dialog.show()
        return self.export_dialog
