"""Admin edits of the working-day calendar (R-TIME-3..6 count its days) on SQLite and PostgreSQL.

An edit is audited and moves the cached due time of open orders (R-TIME-3: an installation in a
city has 5 working days); closed orders keep the due they were judged by. A bad notice changes
nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from console.errors import StoreError
from console.models import AuditLog, CalendarDay, District, Order, OrderEvent, Staff
from console.rules.calendar_notice import NoticeFormatError
from console.rules.periods import CST, UTC
from console.services.orders.caches import rebuild_open_caches, refresh_caches
from console.services.rulebook import calendar_admin
from console.vocabulary import EventType, OrderKind, OrderStatus
from tests.factories import T0, add_person, make_order, small_branch

NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def cst(y, m, d, h=0) -> dt.datetime:
    return dt.datetime(y, m, d, h, tzinfo=CST)


NOTICE_2027 = """# 国务院办公厅关于2027年部分节假日安排的通知 (as typed by the admin)
2027-01-01 .. 2027-01-03  holiday  New Year's Day
2027-02-06..2027-02-13    holiday  Spring Festival
2027-02-14                workday  Spring Festival
2027-02-20                班       Spring Festival
"""


@pytest.fixture
def admin(store) -> int:
    """Calendar edits are the admins' (console.services.access.permissions)."""
    return add_person(store)


def _installations(store, received: dt.datetime) -> tuple[int, int]:
    """An open and a completed city installation (R-TIME-3), both received at `received`."""
    ids = small_branch(store)
    with store.write() as s:
        district = s.scalar(select(District).where(District.branch_id == ids["nc"]))
        owner = s.get(Staff, ids["dispatcher"])
        open_ = make_order(s, district, None, owner, "NC-I-1", OrderKind.INSTALLATION, received)
        done = make_order(s, district, None, owner, "NC-I-2", OrderKind.INSTALLATION, received)
        s.add(OrderEvent(branch_id=done.branch_id, order_id=done.id, type=EventType.COMPLETED,
                         at=received + dt.timedelta(hours=2), actor_id=owner.id, payload={"resolution": "装好"}))
        s.flush()
        for o in (open_, done):
            refresh_caches(s, o)
        assert done.status == OrderStatus.COMPLETED
        open_id, done_id = open_.id, done.id
    rebuild_open_caches(store)  # the factory's other orders, so edits count only real moves
    return open_id, done_id


def _due(store, oid) -> tuple[dt.datetime, bool]:
    with store.read() as s:
        o = s.get(Order, oid)
        return o.due_at, o.sla_provisional


def _audit(store, action) -> list[AuditLog]:
    with store.read() as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def test_a_new_holiday_moves_the_due_of_open_orders_only(store, admin):
    # received Friday 2026-11-20 10:00: days 1..5 are Mon 23 .. Fri 27, due at 24:00 of the 27th
    open_id, done_id = _installations(store, T0)
    assert _due(store, open_id) == (cst(2026, 11, 28), False)
    assert _due(store, done_id) == (cst(2026, 11, 28), False)

    n = calendar_admin.set_day(store, dt.date(2026, 11, 25), is_workday=False, name="Typhoon closure",
                               actor_id=admin, now=NOW)
    assert n == 2  # the open installation and the factory's open complaint (R-TIME-6, 3 working days)
    # Wednesday the 25th is off: day 5 is Monday 30th, due at 24:00 of it
    assert _due(store, open_id) == (cst(2026, 12, 1), False)
    assert _due(store, done_id) == (cst(2026, 11, 28), False)  # closed: judged by its time's calendar
    day = [e for e in calendar_admin.calendar_rows(store, 2026) if e.day == dt.date(2026, 11, 25)][0]
    assert (day.is_workday, day.kind, day.name) == (False, "holiday", "Typhoon closure")

    # and back: the due returns
    calendar_admin.set_day(store, dt.date(2026, 11, 25), is_workday=True, actor_id=admin, now=NOW)
    assert _due(store, open_id) == (cst(2026, 11, 28), False)


def test_a_worked_weekend_pulls_the_due_in(store, admin):
    open_id, _ = _installations(store, T0)
    calendar_admin.set_day(store, dt.date(2026, 11, 22), is_workday=True, name="Make-up day", actor_id=admin, now=NOW)
    assert _due(store, open_id) == (cst(2026, 11, 27), False)  # Sunday 22nd is day 1
    rows = {e.day: e for e in calendar_admin.calendar_rows(store, 2026)}
    assert rows[dt.date(2026, 11, 22)].kind == "adjusted_workday"


def test_a_day_edit_is_audited_with_before_and_after(store, admin):
    ids = small_branch(store)
    calendar_admin.set_day(store, dt.date(2026, 11, 25), is_workday=False, name="Typhoon closure",
                           actor_id=admin, now=NOW)
    (row,) = _audit(store, "calendar.set_day")
    assert row.actor_id == admin and row.entity == "calendar_day"
    assert row.before == {"day": "2026-11-25", "is_workday": True, "kind": "workday", "name": "",
                          "source": "chinesecalendar"}
    assert row.after == {"day": "2026-11-25", "is_workday": False, "kind": "holiday", "name": "Typhoon closure"}
    # setting what the day already is writes nothing
    assert calendar_admin.set_day(store, dt.date(2026, 11, 25), is_workday=False, name="Typhoon closure",
                                  actor_id=admin, now=NOW) == 0
    assert len(_audit(store, "calendar.set_day")) == 1


def test_a_name_too_long_is_refused_and_nothing_changes(store, admin):
    with pytest.raises(StoreError, match="at most 40 fit"):
        calendar_admin.set_day(store, dt.date(2026, 11, 25), is_workday=False, name="节" * 41, actor_id=admin, now=NOW)
    with store.read() as s:
        assert s.get(CalendarDay, dt.date(2026, 11, 25)).is_workday is True
    assert _audit(store, "calendar.set_day") == []


@pytest.mark.parametrize(("day", "work", "name", "kind"), [
    (dt.date(2026, 11, 25), False, "", "holiday"),  # a weekday off is a holiday even unnamed
    (dt.date(2026, 11, 28), False, "", "weekend"),
    (dt.date(2026, 11, 28), False, "Festival", "holiday"),
    (dt.date(2026, 11, 28), True, "", "adjusted_workday"),
    (dt.date(2026, 11, 25), True, "", "workday"),
])
def test_day_kind(day, work, name, kind):
    assert calendar_admin.day_kind(day, work, name) == kind


def test_entering_next_year_makes_provisional_deadlines_official(store, admin):
    # received Monday 2026-12-28: days 1..3 are 29, 30, 31 December; 2027 is not entered yet, so
    # Monday–Friday is assumed (Friday 1 January = day 4) and the due is flagged provisional
    open_id, done_id = _installations(store, cst(2026, 12, 28, 10))
    assert 2027 not in calendar_admin.configured_years(store)
    assert _due(store, open_id) == (cst(2027, 1, 5), True)
    assert _due(store, done_id) == (cst(2027, 1, 5), True)  # completed, its due a guess all the same

    assert calendar_admin.import_year(store, 2027, NOTICE_2027, actor_id=admin, now=NOW) == (365, 2)
    assert 2027 in calendar_admin.configured_years(store)
    # 1–3 January are holidays: day 4 is Monday 4th, day 5 Tuesday 5th, due at 24:00 of it
    assert _due(store, open_id) == (cst(2027, 1, 6), False)
    # the completed one was judged on a guess: recomputed too, its flag gone
    assert _due(store, done_id) == (cst(2027, 1, 6), False)
    rows = {e.day: e for e in calendar_admin.calendar_rows(store, 2027)}
    assert (rows[dt.date(2027, 2, 14)].kind, rows[dt.date(2027, 2, 14)].is_workday) == ("adjusted_workday", True)
    assert rows[dt.date(2027, 2, 20)].kind == "adjusted_workday"
    assert rows[dt.date(2027, 2, 8)].name == "Spring Festival" and rows[dt.date(2027, 2, 8)].kind == "holiday"
    assert rows[dt.date(2027, 3, 6)].kind == "weekend"

    (row,) = _audit(store, "calendar.import_year")
    assert row.entity_id == 2027
    assert row.before == {"days": 0, "holidays": 0, "adjusted_workdays": 0}
    assert row.after["days"] == 365 and row.after["holidays"] == 11 and row.after["adjusted_workdays"] == 2
    assert row.after["text"] == NOTICE_2027


def test_entering_a_year_again_replaces_it(store, admin):
    calendar_admin.import_year(store, 2027, NOTICE_2027, actor_id=admin, now=NOW)
    calendar_admin.import_year(store, 2027, "2027-10-01..2027-10-07 holiday National Day", actor_id=admin, now=NOW)
    rows = {e.day: e for e in calendar_admin.calendar_rows(store, 2027)}
    assert len(rows) == 365
    assert rows[dt.date(2027, 1, 1)].kind == "workday"  # the first text's holidays are gone
    assert rows[dt.date(2027, 10, 4)].kind == "holiday"
    second = _audit(store, "calendar.import_year")[1]
    assert second.before == {"days": 365, "holidays": 11, "adjusted_workdays": 2}


BAD_NOTICES = [
    ("2027-01-01 .. 2027-01-03 holiday New Year\n2027-02-30 holiday Nonsense", "line 2: '2027-02-30' is not a valid date"),
    ("2027-01-01 party", "line 1: 'party' is neither 'holiday' nor 'workday'"),
    ("2026-12-31 holiday New Year", "line 1: 2026-12-31..2026-12-31 is not inside 2027"),
    ("2027-01-01..2027-01-03 holiday A\n2027-01-03 workday B", "line 2: 2027-01-03 is already set on line 1"),
]


def test_a_bad_notice_changes_nothing(store, admin):
    open_id, _ = _installations(store, cst(2026, 12, 28, 10))
    with store.read() as s:
        days = s.scalar(select(func.count()).select_from(CalendarDay))
    for text, message in BAD_NOTICES:
        with pytest.raises(NoticeFormatError) as err:
            calendar_admin.import_year(store, 2027, text, actor_id=admin, now=NOW)
        assert message in str(err.value)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(CalendarDay)) == days
    assert calendar_admin.calendar_rows(store, 2027) == []
    assert _audit(store, "calendar.import_year") == []
    assert _due(store, open_id) == (cst(2027, 1, 5), True)


# -- the "provisional deadlines" banner's question (console.services.rulebook.calendar_status) ---------------

def test_provisional_horizon_warns_30_days_before_a_missing_year(store, admin):
    from console.services.rulebook.calendar_status import (
        ProvisionalInfo,
        provisional_horizon,
    )

    assert provisional_horizon(store, dt.datetime(2026, 11, 26, 2, tzinfo=UTC)) is None  # to 26 December
    info = provisional_horizon(store, dt.datetime(2026, 12, 5, 2, tzinfo=UTC))  # 30 days reach 2027
    assert info == ProvisionalInfo(2027, dt.date(2026, 12, 31))
    # the China date counts: 2026-12-01 20:00 UTC is already 2 December in China (+30 = 2027-01-01)
    assert provisional_horizon(store, dt.datetime(2026, 12, 1, 20, tzinfo=UTC)) == info
    assert provisional_horizon(store, dt.datetime(2026, 12, 1, 15, tzinfo=UTC)) is None
    calendar_admin.import_year(store, 2027, NOTICE_2027, actor_id=admin, now=NOW)
    assert provisional_horizon(store, dt.datetime(2026, 12, 5, 2, tzinfo=UTC)) is None
    assert provisional_horizon(store, dt.datetime(2027, 12, 5, 2, tzinfo=UTC)) == ProvisionalInfo(2028, dt.date(2027, 12, 31))
    # a missing current year: everything from today is provisional
    assert provisional_horizon(store, dt.datetime(2028, 3, 1, 2, tzinfo=UTC)) == ProvisionalInfo(2028, dt.date(2028, 2, 29))


def test_an_entered_year_reads_back_as_notice_text(store, admin):
    text = calendar_admin.year_notice_text(store, 2026)
    assert "2026-10-01 .. 2026-10-07  holiday  National Day" in text
    assert "2026-09-20                workday  National Day" in text  # the adjusted working Sunday
    # entering that text again reproduces the official year day for day
    official = calendar_admin.calendar_rows(store, 2026)
    calendar_admin.import_year(store, 2026, text, actor_id=admin, now=NOW)
    again = calendar_admin.calendar_rows(store, 2026)
    assert [(e.day, e.is_workday, e.kind, e.name) for e in again] == [
        (e.day, e.is_workday, e.kind, e.name) for e in official]
    assert calendar_admin.year_notice_text(store, 2027) == ""
