"""Advance notices and fee-expiry reminders (R-PROM-5) on SQLite and PostgreSQL; SMS lists."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from console.errors import PermissionDenied, StoreError
from console.models import AuditLog, Customer, District, Order
from console.reports.sms_list import write_csv, write_xlsx
from console.services.notices import advance as nt
from console.services.notices import fees
from console.vocabulary import Role
from tests.factories import T0, add_person, make_customer, make_order, small_branch

H = dt.timedelta(hours=1)
START = T0 + 48 * H


def _districts(store, branch_id):
    with store.read() as s:
        return [d.id for d in s.scalars(select(District).where(District.branch_id == branch_id))]


def _draft(store, ids, start=START, **kw):
    args = dict(branch_id=ids["nc"], kind="maintenance", title="光缆割接", text="凌晨信号中断约3小时",
                starts_at=start, ends_at=start + 3 * H, district_ids=_districts(store, ids["nc"]),
                actor_id=ids["dispatcher"], now=T0)
    args.update(kw)
    return nt.create_draft(store, **args)


@pytest.fixture
def ids(store):
    ids = small_branch(store)
    with store.write() as s:
        d = s.scalar(select(District).where(District.branch_id == ids["nc"]))
        c = make_customer(s, d, "A0000003", "赵敏")
        c.phone = "13700000003"
        gone = make_customer(s, d, "A0000004", "钱七")
        gone.active, gone.phone = False, "13700000004"
        make_customer(s, d, "A0000005", "张三家属")  # shares 张三's phone: one SMS
    # managers publish notices (console.services.access.permissions); dispatchers draft them
    ids["manager"] = add_person(store, Role.MANAGER, ids["nc"], "NC800", "孙丽")
    return ids


def test_r_prom_5_publish_refused_at_23h59m_ahead_accepted_at_24h(store, ids):
    nid = _draft(store, ids)
    with pytest.raises(StoreError, match="at least 24 hours ahead"):
        nt.publish(store, nid, actor_id=ids["manager"], now=START - (24 * H - dt.timedelta(minutes=1)))
    assert nt.notices(store, ids["nc"])[0].status == "draft"
    out = nt.publish(store, nid, actor_id=ids["manager"], now=START - 24 * H)
    row = nt.notices(store, ids["nc"])[0]
    assert (row.status, row.published_at, row.published_by) == ("published", START - 24 * H, "孙丽")
    assert [r.phone for r in out.recipients] == ["13900000000", "13700000003"]  # active, one per phone
    assert out.caption.startswith("【光缆割接】11月22日10:00至13:00，八一社区信号中断") and "96123" in out.caption
    assert len(out.caption) <= nt.CAPTION_LIMIT
    with pytest.raises(StoreError, match="already published"):
        nt.publish(store, nid, actor_id=ids["manager"], now=START - 23 * H)
    with store.read() as s:
        audit_row = s.scalar(select(AuditLog).where(AuditLog.action == "notice.published"))
    assert audit_row.actor_id == ids["manager"] and audit_row.after["recipients"] == 2


def test_emergency_needs_a_reason_to_publish_late(store, ids):
    nid = _draft(store, ids, start=T0 + 2 * H, emergency=True)
    with pytest.raises(StoreError, match="needs the reason"):
        nt.publish(store, nid, actor_id=ids["manager"], now=T0)
    nt.update_draft(store, nid, title="光缆抢修", text="施工挖断光缆，抢修中", starts_at=T0 + 2 * H, ends_at=T0 + 8 * H,
                    district_ids=_districts(store, ids["nc"]), emergency=True, emergency_reason="市政施工挖断光缆",
                    actor_id=ids["dispatcher"], now=T0)
    out = nt.publish(store, nid, actor_id=ids["manager"], now=T0)
    assert out.caption.startswith("【光缆抢修】")


def test_draft_validation(store, ids):
    with pytest.raises(StoreError, match="end after it starts"):
        _draft(store, ids, ends_at=START)
    with pytest.raises(StoreError, match="at least one affected district"):
        _draft(store, ids, district_ids=[])
    with pytest.raises(StoreError, match="belong to the notice's branch"):
        _draft(store, ids, district_ids=_districts(store, ids["jx"]))


def test_caption_over_the_limit_is_refused_with_its_length(store, ids):
    nid = _draft(store, ids, title="有线电视网络" * 20)
    with pytest.raises(StoreError, match=r"caption is \d+ characters, over the limit of 120"):
        nt.publish(store, nid, actor_id=ids["manager"], now=T0)


def test_orders_received_in_the_window_and_districts_get_tagged(store, ids):
    nid = _draft(store, ids)
    nt.publish(store, nid, actor_id=ids["manager"], now=T0)
    with store.write() as s:
        d_nc = s.get(Order, ids["open_nc"][0]).district_id
        d_jx = s.get(Order, ids["jx_order"]).district_id
        from console.models import Staff
        disp = s.get(Staff, ids["dispatcher"])
        inside = make_order(s, s.get(District, d_nc), None, disp, "NC-0101", at=START + H).id
        after = make_order(s, s.get(District, d_nc), None, disp, "NC-0102", at=START + 4 * H).id
        elsewhere = make_order(s, s.get(District, d_jx), None, disp, "JX-0102", at=START + H).id
    assert nt.tag_orders(store, ids["nc"], now=START + 5 * H) == 1
    assert nt.tag_orders(store, ids["nc"], now=START + 6 * H) == 0  # idempotent
    with store.read() as s:
        got = {o: s.get(Order, o).notice_id for o in (inside, after, elsewhere)}
    assert got == {inside: nid, after: None, elsewhere: None}
    assert nt.notices(store, ids["nc"])[0].tagged_orders == 1


def test_sms_list_csv_and_excel_hold_every_recipient(store, ids, tmp_path):
    nid = _draft(store, ids)
    out = nt.publish(store, nid, actor_id=ids["manager"], now=T0)
    path = write_csv(tmp_path / "sms.csv", out.recipients, out.sms_text)
    with path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0].startswith("# 【有线电视】光缆割接") and [r[2] for r in rows[2:]] == ["13900000000", "13700000003"]
    xl = write_xlsx(tmp_path / "sms.xlsx", out.recipients, title="光缆割接", message=out.sms_text)
    ws = load_workbook(xl).active
    assert "R-PROM-5" in ws["A1"].value and ws["C6"].value == "13900000000" and ws["C7"].number_format == "@"


def test_fee_reminders_list_accounts_expiring_within_15_days_and_nobody_twice(store, ids):
    today = dt.date(2026, 11, 20)
    with store.write() as s:
        for c in s.scalars(select(Customer)):
            c.expires_on = {"A0000001": today + dt.timedelta(days=15), "A0000003": today,
                            "A0000005": today + dt.timedelta(days=16)}.get(c.account_no, c.expires_on)
    due = fees.expiring(store, ids["nc"], today)
    assert [(e.account_no, e.reminded_at) for e in due] == [("A0000003", None), ("A0000001", None)]
    assert [e.account_no for e in fees.expiring(store, ids["nc"], today, days=16)][-1] == "A0000005"
    pairs = [(e.customer_id, e.expires_on) for e in due]
    assert fees.record_reminders(store, ids["nc"], pairs, actor_id=ids["dispatcher"], now=T0) == 2
    assert fees.record_reminders(store, ids["nc"], pairs, actor_id=ids["dispatcher"], now=T0 + H) == 0
    again = fees.expiring(store, ids["nc"], today)
    assert all(e.reminded_at == T0 and e.reminded_by == "王芳" for e in again)
    with store.write() as s:  # renewed to a new expiry: reminded again for the new date
        c = s.scalar(select(Customer).where(Customer.account_no == "A0000003"))
        c.expires_on = today + dt.timedelta(days=10)
    renewed = [e for e in fees.expiring(store, ids["nc"], today) if e.account_no == "A0000003"][0]
    assert renewed.reminded_at is None
    assert fees.record_reminders(store, ids["nc"], [(renewed.customer_id, renewed.expires_on)],
                                 actor_id=ids["dispatcher"], now=T0 + 2 * H) == 1
    assert due[0].recipient().note == "2026-11-20"


def test_a_maintainer_cannot_record_fee_reminders_nor_another_branchs_dispatcher(store, ids):
    """R-PROM-5 reminders are the counter's (permissions.Action.FEE_REMIND): refused with who may, nothing recorded."""
    today = dt.date(2026, 11, 20)
    with store.write() as s:
        c = s.scalar(select(Customer).where(Customer.account_no == "A0000001"))
        c.expires_on = today + dt.timedelta(days=3)
    pairs = [(e.customer_id, e.expires_on) for e in fees.expiring(store, ids["nc"], today)]
    with pytest.raises(PermissionDenied, match=r"^李强 \(maintainer\) may not send fee-expiry reminders: "
                                               r"dispatchers, managers and admins send fee-expiry reminders "
                                               r"\(R-PROM-5\)$"):
        fees.record_reminders(store, ids["nc"], pairs, actor_id=ids["m1"], now=T0)
    jx = add_person(store, Role.DISPATCHER, ids["jx"], "JX001", "吴刚")
    with pytest.raises(PermissionDenied, match="吴刚 \\(dispatcher\\) of 进贤县分公司 may not send fee-expiry "
                                               "reminders for 南昌市分公司"):
        fees.record_reminders(store, ids["nc"], pairs, actor_id=jx, now=T0)
    assert all(e.reminded_at is None for e in fees.expiring(store, ids["nc"], today))
    with store.read() as s:
        assert not s.scalars(select(AuditLog).where(AuditLog.action == "fee_reminder.sent")).all()
    assert fees.record_reminders(store, ids["nc"], pairs, actor_id=ids["dispatcher"], now=T0) == 1
