"""Scorecards (R-ZONE-3/4): per district, maintainer or branch for a month, ranked, with every
metric's definition and rule ids as its header tooltip (``console.rules.metrics``), a 12-month
pyqtgraph trend of the selected row and metric, drill-down from any number to the orders behind it
(double-click), and the assessment workbook export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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
from console.views.assessment.drill import DrillDialog
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

    COLUMNS = ("rank", "name", "branch") + SHOWN + tuple(f"kind:{k}" for k in M.TIMED_KINDS)
    NUMERIC = frozenset({"rank"} | set(SHOWN) | {f"kind:{k}" for k in M.TIMED_KINDS})

    def __init__(self, parent=None):
        super().__init__(parent)
        kinds = {"general_fault": self.tr("On time: general fault"), "major_fault": self.tr("On time: major fault"),
                 "installation": self.tr("On time: installation"), "restoration": self.tr("On time: restoration"),
                 "complaint": self.tr("On time: complaint")}
        self._headers = {"rank": self.tr("Rank"), "name": self.tr("Name"), "branch": self.tr("Branch"),
                         **{m: metric_title(m) for m in SHOWN}, **{f"kind:{k}": kinds[k] for k in M.TIMED_KINDS}}
        self._header_tips = {"rank": M.tooltip(M.SCORE), **{m: M.tooltip(m) for m in SHOWN},
                             **{f"kind:{k}": M.kind_on_time_tooltip(k) for k in M.TIMED_KINDS}}

    def text(self, c: A.Scorecard, col: str) -> str:
        if col == "rank":
            return str(c.rank or "—")
        if col in ("name", "branch"):
            return getattr(c, col)
        if col.startswith("kind:"):
            return fmt(M.ON_TIME, c.kind_rate(col[5:]))
        return fmt(col, c.value(col))


class AssessmentView(BranchPanel):
    """Month scorecards of a branch (or all), ranked; trend and drill-down."""

    sig_loaded = Signal(object)
    """The scorecards and trend are on screen: carries the list of 12 Assessments (oldest first)."""
    sig_drilled = Signal(object)
    """A drill-down list is open: carries its DrillRows."""

    def __init__(self, store, *, user_id_fn: Callable[[], int | None] | None = None,
                 now_fn: Callable[[], dt.datetime] | None = None, parent=None):
        super().__init__(store, user_id_fn=user_id_fn, now_fn=now_fn, parent=parent)
        self.months: list[A.Assessment] = []
        self.drill: DrillDialog | None = None
        self.export_dialog = None
        self.branch = QComboBox(self)
        self.branch.addItem(self.tr("All branches"), None)
        self.branches_loaded = False  # read in the background; until then the branch set is shown
        ReadOp(self, lambda: directory.branches(store), self._branches).failure(
            lambda exc: self.summary.setText(self.tr("Could not read the branches: {0}").format(i18n.render(exc)))).run()
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
        self.model = ScorecardModel(self)
        self.table = self.single_row_table(QTableView(self), "ScorecardTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)  # a number drills down
        self.table.doubleClicked.connect(lambda index: self.drill_cell(index.row(), index.column()))
        self.table.selectionModel().currentChanged.connect(lambda *_: self._plot())
        self.chart_slot = ChartSlot(self._make_chart, self, min_height=220)  # pyqtgraph on first draw
        bar = FlowLayout()  # wraps beside the order pane on a narrow screen
        for label, w in ((self.tr("Branch:"), self.branch), (self.tr("Month:"), self.month),
                         (self.tr("Show:"), self.level), (self.tr("Trend of:"), self.trend_metric)):
            bar.add_group(QLabel(label, self), w)
        bar.addWidget(show)
        bar.addWidget(export)
        bar.addWidget(self.busy)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
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

    def refresh(self) -> None:
        month, branch_id, now, store = self.selected_month(), self.chosen_branch(), self._now(), self.store
        self.busy.setValue(0)
        self.summary.setText(self.tr("Computing the scorecards of {0}…").format(f"{month:%Y-%m}"))

        def work(progress):
            return A.trend(store, month, branch_id=branch_id, now=now, progress=progress)

        # the latest load wins: an older month or branch finishing later is dropped, its progress too
        self.load_latest(work, self._loaded,
                         lambda exc: self.summary.setText(self.tr("Could not compute the scorecards: {0}").format(i18n.render(exc))),
                         progress=lambda fraction, _message: self.busy.setValue(int(fraction * 100)))

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
        self.model.set_rows({A.DISTRICT: a.districts, A.MAINTAINER: a.maintainers,
                             A.BRANCH: a.branches}[self.level.currentData()])
        if self.cards:
            self.select_cell(0, FIRST_METRIC_COL)
        self._plot()

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
        card, month, branch_id, now = self.cards[row], self.months[-1].month, self.chosen_branch(), self._now()
        entity, store = card.id, self.store
        title = f"{card.name} — {metric_title(metric)}" + (f" ({kind})" if kind else "")

        def work():
            return drill_service.drill_down(store, month, metric, level=card.level, entity_id=entity,
                                            branch_id=branch_id, kind=kind, now=now)

        ReadOp(self, work, lambda rows: self._show_drill(title, metric, rows)).failure(
            lambda exc: self.summary.setText(self.tr("Could not list the orders: {0}").format(i18n.render(exc)))).latest(
            "drill").run()  # the number double-clicked last opens its list

    def _show_drill(self, title: str, metric: str, rows) -> None:
        self.drill = DrillDialog(title, M.tooltip(metric), rows, parent=self)
        self.drill.show()
        self.sig_drilled.emit(rows)

    def export(self):
        from console.views.exchange.export_dialog import (
            ExportDialog,  # openpyxl when a workbook is made
        )

        month = self.selected_month()
        self.export_dialog = ExportDialog(self.store, kind="assessment", branch_id=self.chosen_branch(),
                                          month=month, now_fn=self._now, user_id_fn=self._user, parent=self)
        self.export_dialog.show()
        return self.export_dialog
