"""Scorecards on screen (R-ZONE-3/4): ranked rows, definitions as header tooltips with rule ids,
the 12-month trend, drill-down to the orders behind a number; accountability's R-ACC-S refusal."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from console.rules import metrics as M
from console.views.assessment.districts import FIRST_METRIC_COL, SHOWN, AssessmentView
from console.vocabulary import Role
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


def test_province_branches_ranked_then_drill_branch_district_maintainer_and_back(qtbot, store, month):
    """An inspector's province view (R-ZONE-3): every branch ranked, a branch's name opens its
    districts, a district's its maintainer at the month's end (R-ZONE-5), Up goes back each step;
    the month's figures show before the 12-month trend is read."""
    from console.models import DistrictAssignment
    from console.services.assessment import districts as A
    from tests.factories import make_branch, make_district, make_staff

    with store.write() as s:
        jx = make_branch(s, "JX", "进贤县分公司")
        d = make_district(s, jx, "民和镇", 1800, 0)
        m = make_staff(s, jx, "JX101", "周敏", Role.MAINTAINER)
        s.add(DistrictAssignment(branch_id=jx.id, district_id=d.id, maintainer_id=m.id, valid_from=dt.date(2026, 1, 1)))
    w = AssessmentView(store, now_fn=lambda: NOW)
    qtbot.addWidget(w)
    w.resize(1400, 800)
    w.show()
    qtbot.waitExposed(w)
    w.set_month(NOV)
    w.level.setCurrentIndex(w.level.findData(A.BRANCH))
    with qtbot.waitSignal(w.sig_month_loaded, timeout=20_000) as first:
        with qtbot.waitSignal(w.sig_loaded, timeout=20_000) as trend:
            w.set_branch(None)
    assert first.args[0].month == NOV and len(trend.args[0]) == 12
    names = [w.model.index(r, 1).data() for r in range(w.model.rowCount())]
    assert sorted(names) == ["南昌市分公司", "进贤县分公司"]
    scores = [c.value(M.SCORE) for c in w.cards]
    assert [w.model.index(r, 0).data() for r in range(2)] == ["1", "2"] and scores == sorted(scores, reverse=True)
    assert not w.up.isEnabled()
    with qtbot.waitSignal(w.sig_loaded, timeout=20_000):
        w.open_row(names.index("南昌市分公司"))  # the double-click on the branch's name
    assert w.level.currentData() == A.DISTRICT and w.chosen_branch() == month["nc"]
    names = [w.model.index(r, 1).data() for r in range(w.model.rowCount())]
    assert sorted(names) == ["八一社区", "李渡"] and w.up.isEnabled()
    w.open_row(names.index("李渡"))
    assert w.level.currentData() == A.MAINTAINER
    assert w.model.index(w.current_row(), 1).data().startswith("李强")  # 李渡's maintainer since 16 November
    w.go_up()
    assert w.level.currentData() == A.DISTRICT
    assert w.model.index(w.current_row(), 1).data() == "李渡"
    with qtbot.waitSignal(w.sig_loaded, timeout=20_000):
        w.go_up()
    assert w.level.currentData() == A.BRANCH and w.chosen_branch() is None
    assert w.model.index(w.current_row(), 1).data() == "南昌市分公司" and not w.up.isEnabled()
    # the double-click itself: a branch's name drills, a number lists the orders behind it
    row = w.current_row()
    rect = w.table.visualRect(w.model.index(row, 1))
    with qtbot.waitSignal(w.sig_loaded, timeout=20_000):
        qtbot.mouseClick(w.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # the press a view
        qtbot.mouseDClick(w.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # requires first
    assert w.level.currentData() == A.DISTRICT and w.chosen_branch() == month["nc"]
