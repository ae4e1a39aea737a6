"""First-contact intake on SQLite and PostgreSQL: R-FIRST-1..3, R-TIME-0/1/9."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from sqlalchemy import func, select

from console.errors import StoreError
from console.models import AuditLog, Branch, Customer, District, Order, OrderEvent
from console.reports.materials_notice import materials_notice_html
from console.rules.materials import required_materials
from console.services.orders import intake
from console.vocabulary import EventType
from tests.factories import T0, make_staff, small_branch

ID_CARD = "ID card of the account holder"
RESIDENCE = "proof of residence (property deed or lease)"
AGREEMENT = "signed service agreement"
ACCOUNT_OR_PHONE = "account number or registered phone"


def _parties(store, ids) -> dict:
    with store.read() as s:
        c1 = s.scalar(select(Customer.id).where(Customer.account_no == "A0000001"))
        c2 = s.scalar(select(Customer.id).where(Customer.account_no == "A0000002"))
        d_nc = s.scalar(select(District.id).where(District.branch_id == ids["nc"]))
        d_jx = s.scalar(select(District.id).where(District.branch_id == ids["jx"]))
    return {**ids, "c1": c1, "c2": c2, "d_nc": d_nc, "d_jx": d_jx}


@pytest.fixture
def ids(store):
    return _parties(store, small_branch(store))


def _take(store, ids, **kw):
    args = dict(branch_id=ids["nc"], customer_id=ids["c1"], district_id=None, kind="installation",
                channel="counter", description="新装机顶盒", missing=[], actor_id=ids["dispatcher"], now=T0)
    args.update(kw)
    return intake.take_request(store, **args)


def _counts(store) -> tuple[int, int, int]:
    with store.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Order, OrderEvent, AuditLog))


def _events(store, order_id) -> list[tuple[EventType, dict]]:
    with store.read() as s:
        q = select(OrderEvent.type, OrderEvent.payload).where(OrderEvent.order_id == order_id).order_by(OrderEvent.id)
        return [(t, p) for t, p in s.execute(q)]


def test_missing_materials_are_all_recorded_at_once_and_the_clock_waits(store, ids):
    # R-FIRST-2: the customer hears every missing item in one step; R-TIME-0: no clock yet
    res = _take(store, ids, missing=[AGREEMENT, ID_CARD])
    assert res.status == "waiting_materials"
    assert res.missing == (ID_CARD, AGREEMENT)  # checklist order
    assert re.fullmatch(r"NC-2611-\d{6}", res.number)
    with store.read() as s:
        order = s.get(Order, res.order_id)
        assert order.first_contact_id == ids["dispatcher"]  # R-FIRST-1
        assert order.required_materials == list(required_materials("installation"))
        assert order.missing_materials == [ID_CARD, AGREEMENT]
        assert order.sla_state == "waiting_materials" and order.due_at is None
        assert order.assignee_id is None and order.received_at == T0
        audit_rows = s.execute(select(AuditLog.action, AuditLog.after).where(AuditLog.entity_id == order.id)).all()
    events = _events(store, res.order_id)
    assert [t for t, _ in events] == [EventType.RECEIVED, EventType.MATERIALS_MISSING]
    received, missing = events[0][1], events[1][1]
    assert received["kind"] == "installation" and received["channel"] == "counter"
    assert received["rural"] is False and received["priority"] == "normal"
    assert received["required"] == list(required_materials("installation"))
    assert received["missing"] == missing["missing"] == [ID_CARD, AGREEMENT]
    assert [a for a, _ in audit_rows] == ["order.take_request"]
    assert audit_rows[0][1]["first_contact_id"] == ids["dispatcher"]


def test_materials_complete_starts_the_24_hour_clock_of_a_general_fault(store, ids):
    res = _take(store, ids, kind="general_fault", description="没有信号", missing=[ACCOUNT_OR_PHONE])
    with store.read() as s:
        version = s.get(Order, res.order_id).version
    brought = T0 + dt.timedelta(hours=2, minutes=30)
    intake.record_materials_complete(store, res.order_id, expected_version=version, actor_id=ids["dispatcher"],
                                     now=brought)
    with store.read() as s:
        order = s.get(Order, res.order_id)
        assert order.status.value == "open" and order.missing_materials == []
        assert order.sla_state == "running"
        assert order.due_at == brought + dt.timedelta(hours=24)  # R-TIME-0 + R-TIME-1
        assert order.first_contact_id == ids["dispatcher"]
        with pytest.raises(StoreError, match="not waiting for materials"):
            intake.record_materials_complete(store, res.order_id, expected_version=order.version,
                                             actor_id=ids["dispatcher"], now=brought)  # intake is a dispatcher's
    events = _events(store, res.order_id)
    assert [t for t, _ in events][-1] == EventType.MATERIALS_COMPLETE
    assert events[-1][1]["received"] == [ACCOUNT_OR_PHONE]


def test_complete_request_starts_the_clock_at_once(store, ids):
    res = _take(store, ids, kind="general_fault", description="没有信号")
    assert res.status == "open" and res.missing == ()
    assert [t for t, _ in _events(store, res.order_id)] == [EventType.RECEIVED]
    with store.read() as s:
        assert s.get(Order, res.order_id).due_at == T0 + dt.timedelta(hours=24)


def test_closed_on_the_spot_is_completed_at_once(store, ids):
    # R-FIRST-3: what can be done on the spot is closed on the spot
    res = _take(store, ids, kind="general_fault", description="遥控器设置",
                close_on_the_spot="电话指导重新设置遥控器，已恢复")
    assert res.status == "completed"
    events = _events(store, res.order_id)
    assert [t for t, _ in events] == [EventType.RECEIVED, EventType.COMPLETED]
    assert events[1][1] == {"resolution": "电话指导重新设置遥控器，已恢复", "on_the_spot": True}
    with store.read() as s:
        order = s.get(Order, res.order_id)
        assert order.completed_at == T0 and order.sla_state == "met"
        assert order.first_contact_id == ids["dispatcher"]  # R-FIRST-1: solved by the first contact


def test_an_inquiry_answered_on_the_spot(store, ids):
    res = _take(store, ids, kind="inquiry", customer_id=None, district_id=ids["d_nc"],
                description="咨询资费", close_on_the_spot="已告知资费标准")
    assert res.status == "completed"
    with store.read() as s:
        order = s.get(Order, res.order_id)
        assert order.customer_id is None and order.district_id == ids["d_nc"]
        assert order.sla_state is None  # an inquiry has no time limit


@pytest.mark.parametrize(
    "change, message",
    [
        ({"missing": ["a photo of the cat"]}, "a photo of the cat"),
        ({"description": "   "}, "description is empty"),
        ({"missing": [ID_CARD], "close_on_the_spot": "已处理"}, "cannot be closed on the spot"),
        ({"close_on_the_spot": "  "}, "resolution"),
        ({"customer_id": 999_999}, "customer 999999 does not exist"),
        ({"customer_id": None}, "needs a district"),
        ({"kind": "teleportation"}, "unknown request kind"),
        ({"priority": "whenever"}, "unknown priority"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(store, ids, change, message):
    before = _counts(store)
    with pytest.raises(StoreError, match=message):
        _take(store, ids, **change)
    assert _counts(store) == before


def test_customer_or_district_of_another_branch_is_refused(store, ids):
    before = _counts(store)
    with pytest.raises(StoreError, match="A0000002.*another branch"):
        _take(store, ids, customer_id=ids["c2"])
    with pytest.raises(StoreError, match="another branch"):
        _take(store, ids, customer_id=None, district_id=ids["d_jx"])
    assert _counts(store) == before


def test_numbers_are_sequential_per_branch_and_month(store, ids):
    numbers = [_take(store, ids).number for _ in range(3)]
    assert numbers == ["NC-2611-000001", "NC-2611-000002", "NC-2611-000003"]
    with store.write() as s:
        jx_clerk = make_staff(s, s.get(Branch, ids["jx"]), "JX001", "赵敏").id
    with pytest.raises(StoreError, match="王芳 \\(NC001\\) works for another branch"):
        _take(store, ids, branch_id=ids["jx"], customer_id=ids["c2"])
    jx = _take(store, ids, branch_id=ids["jx"], customer_id=ids["c2"], actor_id=jx_clerk)
    assert jx.number == "JX-2611-000001"
    # months follow China time: 2026-11-30 16:30 UTC is already 1 December in Nanchang
    december = _take(store, ids, now=dt.datetime(2026, 11, 30, 16, 30, tzinfo=dt.timezone.utc))
    assert december.number == "NC-2612-000001"


def test_two_consoles_taking_requests_at_once_get_distinct_numbers(store, ids):
    from console.store import open_store

    results, errors = [], []

    def work(st):
        try:
            for _ in range(5):
                results.append(_take(st, ids).number)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    other = open_store(store.url)
    try:
        threads = [threading.Thread(target=work, args=(st,)) for st in (store, other)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        other.dispose()
    assert not errors
    assert sorted(results) == [f"NC-2611-{n:06d}" for n in range(1, 11)]


def test_important_customer_gets_important_priority_unless_higher(store, ids):
    # R-TIME-9: important customers are served first
    with store.write() as s:
        c = s.get(Customer, ids["c1"])
        c.is_major, c.major_category = True, "hospital"
    assert _event_priority(store, _take(store, ids)) == "important"
    assert _event_priority(store, _take(store, ids, priority="emergency")) == "emergency"
    walk_in = _take(store, ids, customer_id=None, district_id=ids["d_nc"])
    assert _event_priority(store, walk_in) == "normal"


def _event_priority(store, res) -> str:
    with store.read() as s:
        assert s.get(Order, res.order_id).priority.value == _events(store, res.order_id)[0][1]["priority"]
        return s.get(Order, res.order_id).priority.value


def test_the_notice_lists_every_missing_item_and_who_took_the_request(store, ids):
    res = _take(store, ids, missing=[ID_CARD, RESIDENCE, AGREEMENT])
    facts = intake.notice_facts(store, res.order_id)
    assert facts.missing == (ID_CARD, RESIDENCE, AGREEMENT)
    assert facts.taken_by == {"name": "王芳", "work_number": "NC001"}
    assert (facts.order["limit"], facts.order["unit"], facts.order["rule_id"]) == (5, "workdays", "R-TIME-3")
    html = materials_notice_html(facts.branch, {**facts.order, "limit_text": "5 working days"}, facts.customer,
                                 facts.missing, facts.required, facts.taken_by, T0)
    missing_part, complete_part = html.split("Already complete:")
    for item in (ID_CARD, RESIDENCE, AGREEMENT):
        assert item in missing_part  # R-FIRST-2: every item, at once
    assert "installation fee receipt" in complete_part and "installation fee receipt" not in missing_part
    assert res.number in html and "NC001" in html and "王芳" in html  # R-FIRST-1
    assert "96123" in html and "0791-1234567" in html  # R-DISC-2
    assert "5 working days" in html and "starts when all the materials are complete" in html  # R-TIME-0


def test_the_notice_takes_translated_titles_and_escapes_values():
    html = materials_notice_html(
        {"name": "南昌市分公司", "hotline": "96123", "supervision_phone": "12345"},
        {"number": "NC-2611-000001", "kind": "新装"}, None, ["<b>身份证</b>"], ["<b>身份证</b>"],
        {"name": "王芳", "work_number": "NC001"}, T0,
        labels={"missing_heading": "缺少以下材料：", "walk_in": "无账户"},
    )
    assert "缺少以下材料：" in html and "无账户" in html
    assert "&lt;b&gt;身份证&lt;/b&gt;" in html and "<b>身份证</b>" not in html
