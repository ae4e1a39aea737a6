"""Scorecards on screen (R-ZONE-3/4): ranked rows, definitions as header tooltips with rule ids,
the 12-month trend, drill-down to the orders behind a number; accountability's R-ACC-S refusal."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from console.rules import metrics as M
from console.views.assessment.districts import FIRST_METRIC_COL, SHOWN, AssessmentView
from tests.factories import T0, small_branch
from tests.services.assessment.test_assessment import NOV, NOW


def test_scorecards_tooltips_trend_and_drill_down(qtbot, store, month):
    w = AssessmentView(store, now_fn=lambda: NOW)
    qtbot.addWidget(w)
    w.set_month(NOV)
    with qtbot.waitSignal(w.sig_loaded, timeout=20_000) as got:
        w.set_branch(month["nc"])
    assert len(got.args[0]) == 12
    header = w.model.headerData(FIRST_METRIC_COL + SHOWN.index(M.ON_TIME), Qt.Orientation.Horizontal,
                                Qt.ItemDataRole.ToolTipRole)
    assert "R-TIME-8" in header and "R-TIME-10" in header
    names = [w.model.index(r, 1).data() for r in range(w.model.rowCount())]
    row = names.index("八一社区")
    col = FIRST_METRIC_COL + SHOWN.index(M.RESPONSE_24H)
    assert w.model.index(row, col).data() == "80.0 %"
    w.select_cell(row, col)
    assert w.chart.plotItem.listDataItems()  # the 12-month line of the selected district
    with qtbot.waitSignal(w.sig_drilled, timeout=20_000) as drilled:
        w.drill_cell(row, FIRST_METRIC_COL + SHOWN.index(M.ON_TIME))
    assert sorted(r.ref for r in drilled.args[0]) == ["A", "B", "C", "D", "E"]
    assert w.drill.table.rowCount() == 5
    w.level.setCurrentIndex(w.level.findData("maintainer"))
    assert w.model.rowCount() == 2 and w.model.index(0, 0).data() == "1"
