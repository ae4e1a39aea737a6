"""Callback coverage (R-VISIT-1/2/4) for a period: per district and branch, and a weekly chart of
coverage % (bars, 100 % target line) and mean satisfaction (line, right axis 1–5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from console import i18n
from console.rules.periods import CST as CHINA
from console.services.assessment.callback_coverage import (
    Coverage,
    CoverageReport,
    coverage,
)
from console.views.kit.chart_slot import ChartSlot
from console.views.kit.flow_layout import FlowLayout
from console.views.kit.live import Follow
from console.views.kit.ops import ReadOp

_RED = QColor("#c62828")


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f} %"


class CoverageView(QWidget):
    """Coverage table and weekly chart of one branch."""

    sig_loaded = Signal(object)
    """A report is on screen: carries the CoverageReport."""

    def __init__(self, store, *, now_fn: Callable[[], dt.datetime] | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self._now = now_fn or (lambda: dt.datetime.now(dt.timezone.utc))
        self.branch_id: int | None = None
        self.report: CoverageReport | None = None
        today = self._now().astimezone(CHINA).date()
        self.start = QDateEdit(QDate(today - dt.timedelta(weeks=8)), self)
        self.end = QDateEdit(QDate(today), self)
        for w in (self.start, self.end):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
        self.btn = QPushButton(self.tr("&Show"), self)
        self.btn.clicked.connect(self.refresh)
        self.summary = QLabel(self)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 11, self)
        self.table.setObjectName("CoverageTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Branch"), self.tr("District"), self.tr("Owed"), self.tr("Done on time"), self.tr("Late"),
            self.tr("Missing"), self.tr("Unreachable"), self.tr("Pending"), self.tr("Coverage (target 100 %)"),
            self.tr("Mean satisfaction"), self.tr("Problems found"),
        ])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.chart_slot = ChartSlot(self._make_chart, self, min_height=240)  # pyqtgraph on first draw
        bar = FlowLayout()  # wraps on a narrow screen
        bar.add_group(QLabel(self.tr("Completed from"), self), self.start, QLabel(self.tr("to"), self), self.end)
        bar.addWidget(self.btn)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.chart_slot)
        split.setSizes([400, 360])
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)
        # callbacks recorded at another console count here while the view is on screen; the period
        # typed stays (a second's wait gathers a burst of changes into one computation)
        self.follow = Follow(self, read=self._reader, show=self._followed, topics=("callbacks",), orders=True,
                             delay_ms=1000)

    def set_branch(self, branch_id: int) -> None:
        self.branch_id = branch_id
        self.refresh()

    def refresh(self) -> None:
        if self.branch_id is None:
            return
        branch_id, start, end, now = self.branch_id, self.start.date().toPython(), self.end.date().toPython(), self._now()
        if end < start:
            self.summary.setText(self.tr("The period ends before it starts."))
            return
        store = self.store
        ReadOp(self, lambda: coverage(store, start, end, branch_id=branch_id, now=now),
               lambda rep: self.show_report(rep) if branch_id == self.branch_id else None).failure(
            lambda exc: self.summary.setText(self.tr("Could not compute coverage: {0}").format(i18n.render(exc)))).latest(
            "load").run()  # only the newest period or branch asked for lands

    def _reader(self, branch_id: int):
        """The report of the period on screen again (a period typed and not yet shown stays typed);
        read on the GUI thread, computed off it."""
        store, now = self.store, self._now()
        if self.report is not None:
            start, end = self.report.start, self.report.end
        else:
            start, end = self.start.date().toPython(), self.end.date().toPython()
        if end < start:
            return lambda: None
        return lambda: coverage(store, start, end, branch_id=branch_id, now=now)

    def _followed(self, branch_id: int, rep: CoverageReport | None) -> None:
        """Another console's change, in place: the selected cell and the scroll position stay."""
        if rep is None or branch_id != self.branch_id:
            return
        row, col = self.table.currentRow(), self.table.currentColumn()
        scroll = self.table.verticalScrollBar().value()
        self.show_report(rep)
        if 0 <= row < self.table.rowCount():
            self.table.setCurrentCell(row, col)
        self.table.verticalScrollBar().setValue(scroll)

    def show_report(self, rep: CoverageReport) -> None:
        self.report = rep
        rows: list[tuple[str, str, Coverage]] = [(c.label, self.tr("(all districts)"), c) for c in rep.branches]
        rows += [(b, c.label, c) for b, c in rep.districts]
        self.table.setRowCount(len(rows))
        for i, (branch, district, c) in enumerate(rows):
            sat = "—" if c.satisfaction is None else f"{c.satisfaction:.2f}"
            values = (branch, district, c.owed, c.on_time, c.late, c.missing, c.unreachable, c.pending,
                      _pct(c.coverage), sat, c.problems)
            for j, v in enumerate(values):
                item = QTableWidgetItem(str(v))
                if j >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if (j == 5 and c.missing) or (j == 8 and c.coverage is not None and c.coverage < 100):
                    item.setForeground(QBrush(_RED))
                self.table.setItem(i, j, item)
        total = rep.branches[0] if len(rep.branches) == 1 else None
        if total is not None:
            self.summary.setText(self.tr("{0} – {1}: coverage {2} of the 100 % target; {3} missing, {4} unreachable, "
                                         "{5} problems found").format(rep.start, rep.end, _pct(total.coverage),
                                                                      total.missing, total.unreachable, total.problems))
        else:
            self.summary.setText(self.tr("{0} – {1}: no callbacks owed").format(rep.start, rep.end))
        self._plot(rep)
        self.sig_loaded.emit(rep)

    @property
    def chart(self):
        return self.chart_slot.chart

    def _make_chart(self, parent):
        import pyqtgraph as pg

        chart = pg.PlotWidget(parent)
        chart.setBackground("w")
        chart.setTitle(self.tr("Callback coverage and satisfaction per week (R-VISIT-4)"), color="k")
        chart.setLabel("left", self.tr("Coverage %"))
        chart.setLabel("right", self.tr("Satisfaction (1–5)"))
        chart.showAxis("right")
        chart.setYRange(0, 105)
        chart.addLegend(offset=(-10, 5))
        self._sat_view = pg.ViewBox()
        chart.scene().addItem(self._sat_view)
        chart.getAxis("right").linkToView(self._sat_view)
        self._sat_view.setXLink(chart)
        self._sat_view.setYRange(0, 5.25)
        chart.getViewBox().sigResized.connect(
            lambda: self._sat_view.setGeometry(chart.getViewBox().sceneBoundingRect()))
        return chart

    def _plot(self, rep: CoverageReport) -> None:
        import pyqtgraph as pg

        self.chart.clear()
        self._sat_view.clear()
        xs = list(range(len(rep.weeks)))
        cov = [c.coverage or 0.0 for _, c in rep.weeks]
        self.chart.addItem(pg.BarGraphItem(x=xs, height=cov, width=0.6, brush=pg.mkBrush("#1976d2"),
                                           name=self.tr("Coverage %")))
        self.chart.addItem(pg.InfiniteLine(pos=100, angle=0, pen=pg.mkPen("#c62828", style=Qt.PenStyle.DashLine)))
        pts = [(x, c.satisfaction) for x, (_, c) in zip(xs, rep.weeks) if c.satisfaction is not None]
        if pts:
            line = pg.PlotDataItem([p[0] for p in pts], [p[1] for p in pts], pen=pg.mkPen("#2e7d32", width=2),
                                   symbol="o", symbolBrush="#2e7d32", name=self.tr("Satisfaction"))
            self._sat_view.addItem(line)
            self.chart.plotItem.legend.addItem(line, self.tr("Satisfaction"))
        self.chart.getAxis("bottom").setTicks([[(x, f"{w:%m-%d}") for x, (w, _) in zip(xs, rep.weeks)]])
        self.chart.setXRange(-0.5, max(0.5, len(xs) - 0.5))
