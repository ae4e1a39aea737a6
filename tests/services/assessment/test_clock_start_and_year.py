"""R-ZONE-3 from the right clock start, the yearly summary, and provisional dues — SQLite and PostgreSQL.

* Every timed metric starts where R-TIME-0 says (materials complete), for every kind, also those
  without a time limit (business): orders whose materials complete later than their receipt.
* The year as twelve months and one period.
* A due in a year whose working-day calendar is not entered (2027: the reference calendar runs to
  2026) is provisional: counted apart, never as a breach.
"""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from console.models import OrderEvent
from console.rules import metrics as M
from console.rules.clock import Event
from console.rules.periods import CST
from console.services.assessment import districts as A
from console.services.assessment import drill
from console.services.exports.workbooks import export, export_assessment_year
from console.vocabulary import EventType, OrderKind, OrderStatus, Role
from tests.factories import make_branch, make_district, make_staff
from tests.reports import sheets
from tests.services.assessment.test_assessment import NOV, NOW, _card, _order, cst
from tests.services.assessment.test_assessment import month  # noqa: F401 - the hand-built month fixture


def _missing_at_receipt(s, o):
    """The order's receipt recorded missing materials (R-FIRST-2): its clock waits (R-TIME-0)."""
    ev = s.query(OrderEvent).filter_by(order_id=o.id, type=EventType.RECEIVED).one()
    ev.payload = {**ev.payload, "required": ["ID card of the account holder"],
                  "missing": ["ID card of the account holder"]}
    s.flush()


@pytest.fixture
def late_materials(store):
    """District 青山湖 (1,000 households), November 2026: orders whose materials complete late.

    BIZ1 business, received 31 Oct 10:00 (materials missing), complete 2 Nov 10:00, answered 2 Nov
         12:00 → clock starts in November; responded 2 h after it (50 h after receipt): on time.
    BIZ2 business, received 3 Nov 10:00 (missing), complete 6 Nov 10:00, no answer until 8 Nov 10:00
         → judged from 6 Nov: late.
    BIZ3 business, received 20 Nov (missing), never complete → waits: not judged.
    GF1  general fault received 9 Nov 10:00 (missing), complete 11 Nov 10:00, done 11 Nov 20:00
         → on time (10 h after the clock start, 58 h after receipt), responded (completion).
    """
    with store.write() as s:
        b = make_branch(s, "QS", "青山湖分公司")
        d = make_district(s, b, "青山湖", 1000, 5)
        disp = make_staff(s, b, "QS001", "陈静")
        BZ, GF = OrderKind.BUSINESS, OrderKind.GENERAL_FAULT
        o1 = _order(s, d, disp, "BIZ1", BZ, cst(31, 10, 10), [
            (EventType.MATERIALS_COMPLETE, cst(2, 10), {}), (EventType.FIRST_RESPONSE, cst(2, 12), {})], cst(2, 14))
        o2 = _order(s, d, disp, "BIZ2", BZ, cst(3, 10), [
            (EventType.MATERIALS_COMPLETE, cst(6, 10), {}), (EventType.FIRST_RESPONSE, cst(8, 10), {})])
        o3 = _order(s, d, disp, "BIZ3", BZ, cst(20, 10), [])
        o4 = _order(s, d, disp, "GF1", GF, cst(9, 10), [(EventType.MATERIALS_COMPLETE, cst(11, 10), {})], cst(11, 20))
        for o in (o1, o2, o3, o4):
            _missing_at_receipt(s, o)
        return {"b": b.id, "d": d.id}


def test_r_zone_3_response_clock_starts_when_the_materials_are_complete_for_every_kind(store, late_materials):
    a = A.assess(store, NOV, branch_id=late_materials["b"], now=NOW)
    card = _card(a.districts, late_materials["d"])
    assert (card.response_ok, card.response_judged) == (2, 3)  # BIZ1 and GF1 on time, BIZ2 late, BIZ3 waits
    assert (card.on_time_ok, card.on_time_judged) == (1, 1)  # GF1: 10 h after materials complete
    rows = {r.ref: r for r in drill.drill_down(store, NOV, M.RESPONSE_24H, level=A.DISTRICT,
                                               entity_id=late_materials["d"], now=NOW)}
    assert set(rows) == {"BIZ1", "BIZ2", "GF1"}
    assert rows["BIZ1"].ok is True and rows["BIZ1"].at == cst(2, 10) and rows["BIZ1"].detail == "first response after 2.0 h"
    assert rows["BIZ2"].ok is False and rows["BIZ2"].at == cst(6, 10)
    october = A.assess(store, dt.date(2026, 10, 1), branch_id=late_materials["b"], now=NOW)
    assert _card(october.districts, late_materials["d"]).response_judged == 0  # BIZ1 was received in October


def test_r_time_0_clock_start_rule_reads_the_log():
    t = dt.datetime(2026, 11, 2, 10, tzinfo=CST)
    h = dt.timedelta(hours=1)
    assert M.clock_start([Event(EventType.RECEIVED, t, {"kind": "business", "missing": []})]) == t
    waiting = [Event(EventType.RECEIVED, t, {"kind": "business", "missing": ["x"]})]
    assert M.clock_start(waiting) is None
    assert M.clock_start(waiting + [Event(EventType.MATERIALS_COMPLETE, t + 5 * h, {})]) == t + 5 * h
    same_step = [Event(EventType.RECEIVED, t, {"kind": "business"}),
                 Event(EventType.MATERIALS_MISSING, t, {"missing": ["x"]}), Event(EventType.COMPLETED, t + 2 * h, {})]
    assert M.clock_start(same_step) == t + 2 * h


def test_the_definitions_say_the_clock_starts_at_r_time_0_for_every_kind():
    response = M.METRICS[M.RESPONSE_24H]
    assert "R-TIME-0" in response.rules and "business" in response.formula and "materials complete" in response.formula
    on_time = M.METRICS[M.ON_TIME]
    assert "R-TIME-0" in on_time.rules and "provisional" in on_time.formula


def test_r_zone_3_yearly_summary_has_twelve_months_and_the_year(store, month):  # noqa: F811
    y = A.year(store, 2026, branch_id=month["nc"], now=NOW)
    assert [a.month for a in y.months] == [dt.date(2026, k, 1) for k in range(1, 13)]
    assert y.total.months == 12 and y.total.label == "2026"
    d1 = _card(y.total.districts, month["d1"])
    nov = _card(y.months[10].districts, month["d1"])
    assert (nov.on_time_ok, nov.on_time_judged) == (4, 5)
    assert (d1.on_time_ok, d1.on_time_judged) == (5, 6)  # November's five and October's OCT
    assert d1.complaints == 1 and d1.value(M.COMPLAINT_RATE) == pytest.approx(0.5)
    assert d1.growth_target == pytest.approx(1200 * 2000 / 4000)  # the whole yearly target
    assert A.year_series(y, M.ON_TIME, A.DISTRICT, month["d1"])[9:] == [pytest.approx(100.0), pytest.approx(80.0),
                                                                        None, pytest.approx(500 / 6)]


def test_yearly_summary_workbook_has_the_months_and_the_year(store, month, tmp_path):  # noqa: F811
    out = tmp_path / "year.xlsx"
    result = export_assessment_year(store, out, year=2026, branch_id=month["nc"], branch_name="南昌市分公司",
                                    lang="en", now=NOW)
    wb = load_workbook(out)
    assert wb.sheetnames == ["Districts", "Maintainers", "Branches", "Score by month", "By month", "Definitions"]
    assert result.rows["sheet.districts"] == 2 and not result.empty
    head = sheets.head(wb["Districts"])  # under the title block (reports.printing)
    assert "Year growth target" in head
    on_time = "On-time completion rate [" + ", ".join(M.METRICS[M.ON_TIME].rules) + "]"
    year_row = {r[2]: dict(zip(head, r, strict=True)) for r in sheets.body(wb["Districts"])}
    assert year_row["八一社区"][on_time] == pytest.approx(5 / 6)
    ws = wb["By month"]
    mh = [c.value for c in ws[1]]
    assert mh[:4] == ["Level", "Branch", "Name", "Period"]
    d1 = [dict(zip(mh, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)
          if r[0] == "District" and r[2] == "八一社区"]
    assert [r["Period"] for r in d1] == [f"2026-{k:02d}" for k in range(1, 13)] + ["2026 (year)"]
    assert d1[10][on_time] == pytest.approx(0.8) and d1[9][on_time] == pytest.approx(1.0)
    assert d1[12][on_time] == pytest.approx(5 / 6) and d1[0][on_time] is None  # nothing to judge in January
    cells = [r[mh.index(on_time)] for r in ws.iter_rows(min_row=2)]
    assert {c.number_format for c in cells if c.value is not None} == {"0.0%"}
    # a leader's page: a row per district, a column per month, then the year (R-ZONE-3)
    sm = wb["Score by month"]
    sh = [c.value for c in sm[1]]
    assert sh == ["Level", "Rank in the year", "Branch", "Name", *[f"2026-{k:02d}" for k in range(1, 13)],
                  "2026 (year)"]
    row = next(r for r in sm.iter_rows(min_row=2, values_only=True) if r[0] == "District" and r[3] == "八一社区")
    score = next(t for t in mh if t.startswith("Assessment score"))
    assert list(row[4:]) == [r[score] for r in d1]  # the same scores as "By month", laid out across
    assert row[14] is not None  # November, the month with its orders


@pytest.fixture
def provisional(store):
    """An installation (5 working days, R-TIME-3) received 28 Dec 2026: its due falls in 2027, whose
    calendar is not entered → provisional. Done 20 Jan 2027 (late on any guess) — never a breach.
    A general fault (24 h, no calendar) done late in January 2027 is a breach as always."""
    with store.write() as s:
        b = make_branch(s, "PV", "抚州市分公司")
        d = make_district(s, b, "临川", 1000, 7)
        disp = make_staff(s, b, "PV001", "吴磊")
        make_staff(s, b, "PV101", "孙浩", Role.MAINTAINER)
        _order(s, d, disp, "INS", OrderKind.INSTALLATION, cst(28, 10, 12), [], dt.datetime(2027, 1, 20, 10, tzinfo=CST))
        _order(s, d, disp, "GF", OrderKind.GENERAL_FAULT, dt.datetime(2027, 1, 5, 10, tzinfo=CST), [],
               dt.datetime(2027, 1, 8, 10, tzinfo=CST))
        return {"b": b.id, "d": d.id}


def test_a_provisional_breach_is_never_reported_as_a_breach(store, provisional, tmp_path):
    jan, now = dt.date(2027, 1, 1), dt.datetime(2027, 2, 1, 12, tzinfo=CST)
    a = A.assess(store, jan, branch_id=provisional["b"], now=now)
    card = _card(a.districts, provisional["d"])
    assert card.on_time_provisional == 1 and a.provisional == 1 and not a.empty
    assert (card.on_time_ok, card.on_time_judged) == (0, 1)  # only GF: its 24 h need no calendar
    assert card.kind_rate("installation") is None
    rows = drill.drill_down(store, jan, M.ON_TIME, level=A.DISTRICT, entity_id=provisional["d"], now=now)
    assert [r.ref for r in rows] == ["GF"]
    out = tmp_path / "jan.xlsx"
    export(store, "assessment", out, branch_id=provisional["b"], month=jan, lang="en", now=now)
    ws = load_workbook(out)["Districts"]
    head = sheets.head(ws)
    col = "Provisional: due in a year without an entered calendar (not judged)"
    row = dict(zip(head, sheets.body(ws)[0], strict=True))
    assert row[col] == 1 and row["On time: installation [R-TIME-3, R-TIME-4]"] is None
    notes = [r[0] for r in sheets.body(ws)[1:]]
    assert any("1 orders have a due in a year whose working-day calendar is not entered" in str(n) for n in notes)
    y = A.year(store, 2027, branch_id=provisional["b"], now=now)
    assert y.provisional == 1 and _card(y.total.districts, provisional["d"]).on_time_judged == 1


def test_a_year_scores_like_its_months_complaints_weighed_per_month(store, month):  # noqa: F811
    """R-ZONE-3: the year's complaint rate is over the year (12 months of complaints), but the score
    weighs it per month, so a district with the same months scores the same in the year."""
    summary = A.year(store, 2026, branch_id=month["nc"], now=dt.datetime(2027, 1, 15, tzinfo=CST))
    card = next(c for c in summary.total.districts if c.name == "八一社区")
    rate = card.value(M.COMPLAINT_RATE)
    assert rate and card.months == 12
    expected = M.score(card.value(M.RESPONSE_24H), card.value(M.SATISFACTION), rate / 12)
    assert card.value(M.SCORE) == pytest.approx(expected)
    assert card.value(M.SCORE) > M.score(card.value(M.RESPONSE_24H), card.value(M.SATISFACTION), rate)
    so_far = A.year(store, 2026, branch_id=month["nc"], now=NOW)  # a year in progress: the months begun
    assert next(c for c in so_far.total.districts if c.name == "八一社区").months == NOW.astimezone(CST).month
