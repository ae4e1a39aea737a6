"""The assessment view opens on the last complete month (R-ZONE-3: districts are assessed monthly);
the month in progress is one step up in the picker, marked "so far", and the export dialog opened
from the view exports the month shown."""

from __future__ import annotations

import datetime as dt

from console.rules.periods import CST
from console.views.assessment.districts import AssessmentView
from tests.services.assessment.test_assessment import NOV

DEC_2 = dt.datetime(2026, 12, 2, 10, tzinfo=CST)


def test_the_view_shows_the_last_complete_month_and_marks_the_month_in_progress(qtbot, store, month):
    w = AssessmentView(store, now_fn=lambda: DEC_2)
    qtbot.addWidget(w)
    assert w.selected_month() == NOV and w.month.currentText() == "2026-11"
    assert w.month.itemText(0) == "2026-12 (so far)" and w.month.itemText(2) == "2026-10"
    with qtbot.waitSignal(w.sig_loaded, timeout=20_000) as got:
        w.set_branch(month["nc"])
    assert got.args[0][-1].month == NOV and len(w.cards) == 2  # November's districts, not two days of December
    dlg = w.export()
    qtbot.addWidget(dlg)
    assert dlg.kind.currentData() == "assessment" and dlg.month.date().toPython() == NOV and dlg.so_far.text() == ""
    w.month.setCurrentIndex(0)  # one step up: the month in progress
    assert w.selected_month() == dt.date(2026, 12, 1)
    dlg = w.export()
    qtbot.addWidget(dlg)
    assert dlg.month.date().toPython() == dt.date(2026, 12, 1) and "so far" in dlg.so_far.text()
