"""Advance notices of maintenance and service changes (R-PROM-5): draft, publish 24 h ahead,
SMS recipients and the TV caption, and tagging the orders they explain.

Publishing is refused when the work starts less than 24 hours after the publishing instant —
exactly 24 h is accepted — unless the notice is an emergency with a written reason. It records who
published when, returns the SMS recipient list (active accounts in the affected districts, one per
phone) and the TV caption, and tags the orders already received in those districts during the
window; :func:`tag_orders` is the pass that tags orders received later (run it on refresh or with
the escalation pass; it is idempotent).

TV caption limit: :data:`CAPTION_LIMIT` = 120 characters. The caption is a scrolling crawl over
the programme; at the usual ~4 Chinese characters a second, 120 characters pass in about 30 s —
what a viewer reads in one pass — and it stays within the 128-character text field of common
headend caption inserters. Longer captions are refused with their length, not cut.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update

from console.errors import StoreError
from console.i18n import T
from console.models import (
    Branch,
    Customer,
    District,
    Notice,
    NoticeDistrict,
    Order,
    Staff,
)
from console.reports.sms_list import Recipient, unique_phones
from console.rules.periods import CST, UTC
from console.services.access import permissions
from console.services.audit import chain as audit
from console.services.orders.changes import notify_records
from console.vocabulary import NoticeStatus

LEAD = dt.timedelta(hours=24)  # R-PROM-5
CAPTION_LIMIT = 120
KINDS = ("maintenance", "service_change")


@dataclass(frozen=True)
class NoticeRow:
    id: int
    kind: str
    title: str
    text: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    district_ids: tuple[int, ...]
    districts: tuple[str, ...]
    emergency: bool
    emergency_reason: str
    status: str
    created_by: str
    published_at: dt.datetime | None
    published_by: str
    tagged_orders: int


@dataclass(frozen=True)
class Published:
    notice_id: int
    published_at: dt.datetime
    recipients: list[Recipient]
    caption: str
    sms_text: str
    tagged: int


def caption(title: str, starts_at: dt.datetime, ends_at: dt.datetime, districts: Sequence[str], hotline: str) -> str:
    """The TV caption: what, when, where, whom to call."""
    a, b = starts_at.astimezone(CST), ends_at.astimezone(CST)
    until = f"{b:%H:%M}" if a.date() == b.date() else f"{b:%m月%d日%H:%M}"
    return f"【{title}】{a:%m月%d日%H:%M}至{until}，{'、'.join(districts)}信号中断。咨询热线{hotline}"


def sms_text(title: str, text: str, hotline: str) -> str:
    return f"【有线电视】{title}：{text} 咨询热线{hotline}。"


def _check(title: str, text: str, starts_at: dt.datetime, ends_at: dt.datetime, kind: str) -> None:
    if kind not in KINDS:
        raise StoreError(T("unknown notice kind {kind!r} (one of {choices})", kind=kind, choices=", ".join(KINDS)))
    if not title.strip() or not text.strip():
        raise StoreError(T("a notice needs a title and a text"))
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise StoreError(T("notice times must carry a time zone"))
    if ends_at <= starts_at:
        raise StoreError(T("the notice must end after it starts"))


def create_draft(store, *, branch_id: int, kind: str, title: str, text: str, starts_at: dt.datetime,
                 ends_at: dt.datetime, district_ids: Sequence[int], actor_id: int, emergency: bool = False,
                 emergency_reason: str = "", now: dt.datetime | None = None) -> int:
    now = now or dt.datetime.now(UTC)
    _check(title, text, starts_at, ends_at, kind)
    with store.write() as s:
        permissions.require(s, actor_id, permissions.Action.NOTICE_DRAFT, branch_id=branch_id)
        districts = _districts(s, branch_id, district_ids)
        n = Notice(branch_id=branch_id, kind=kind, title=title.strip()[:100], text=text.strip(), starts_at=starts_at,
                   ends_at=ends_at, emergency=bool(emergency), emergency_reason=(emergency_reason or "").strip()[:200],
                   status=NoticeStatus.DRAFT, created_by_id=actor_id)
        s.add(n)
        s.flush()
        for d in districts:
            s.add(NoticeDistrict(notice_id=n.id, district_id=d.id))
        audit.record(s, actor_id=actor_id, action="notice.drafted", entity="notice", entity_id=n.id,
                     branch_id=branch_id, before=None, after={**_snap(n), "districts": [d.id for d in districts]},
                     at=now)
        notify_records(s, branch_id, "notices")  # the other consoles re-read at commit (PostgreSQL)
        return n.id


def update_draft(store, notice_id: int, *, title: str, text: str, starts_at: dt.datetime, ends_at: dt.datetime,
                 district_ids: Sequence[int], actor_id: int, kind: str = "maintenance", emergency: bool = False,
                 emergency_reason: str = "", now: dt.datetime | None = None) -> None:
    now = now or dt.datetime.now(UTC)
    _check(title, text, starts_at, ends_at, kind)
    with store.write() as s:
        n = _draft(s, notice_id)
        permissions.require(s, actor_id, permissions.Action.NOTICE_DRAFT, branch_id=n.branch_id)
        before = _snap(n)
        districts = _districts(s, n.branch_id, district_ids)
        n.kind, n.title, n.text, n.starts_at, n.ends_at = kind, title.strip()[:100], text.strip(), starts_at, ends_at
        n.emergency, n.emergency_reason = bool(emergency), (emergency_reason or "").strip()[:200]
        s.execute(delete(NoticeDistrict).where(NoticeDistrict.notice_id == n.id))
        for d in districts:
            s.add(NoticeDistrict(notice_id=n.id, district_id=d.id))
        s.flush()
        audit.record(s, actor_id=actor_id, action="notice.edited", entity="notice", entity_id=n.id,
                     branch_id=n.branch_id, before=before, after={**_snap(n), "districts": [d.id for d in districts]},
                     at=now)
        notify_records(s, n.branch_id, "notices")


def publish(store, notice_id: int, *, actor_id: int, now: dt.datetime | None = None) -> Published:
    """R-PROM-5: at least 24 h ahead, or an emergency with a reason; see the module doc."""
    now = now or dt.datetime.now(UTC)
    with store.write() as s:
        n = _draft(s, notice_id)
        permissions.require(s, actor_id, permissions.Action.NOTICE_PUBLISH, branch_id=n.branch_id)
        ahead = n.starts_at - now
        if ahead < LEAD:
            if not n.emergency:
                hours = max(ahead, dt.timedelta(0)).total_seconds() / 3600
                raise StoreError(T("the work starts in {hours:.1f} h: a notice must be published at least 24 hours "
                                   "ahead (R-PROM-5); mark it an emergency with a reason to publish now", hours=hours))
            if not n.emergency_reason.strip():
                raise StoreError(T("an emergency notice published less than 24 hours ahead needs the reason (R-PROM-5)"))
        branch = s.get(Branch, n.branch_id)
        names = _district_names(s, n.id)
        text = caption(n.title, n.starts_at, n.ends_at, names, branch.hotline)
        if len(text) > CAPTION_LIMIT:
            raise StoreError(T("the TV caption is {length} characters, over the limit of {limit}: shorten the title "
                               "or split the districts into two notices", length=len(text), limit=CAPTION_LIMIT))
        before = _snap(n)
        n.status, n.published_at, n.published_by_id = NoticeStatus.PUBLISHED, now, actor_id
        s.flush()
        tagged = _tag(s, n)
        people = _recipients(s, n.id)
        audit.record(s, actor_id=actor_id, action="notice.published", entity="notice", entity_id=n.id,
                     branch_id=n.branch_id, before=before,
                     after={**_snap(n), "recipients": len(people), "caption": text, "tagged_orders": tagged,
                            "hours_ahead": round(ahead.total_seconds() / 3600, 2)}, at=now)
        notify_records(s, n.branch_id, "notices")
        return Published(n.id, now, people, text, sms_text(n.title, n.text, branch.hotline), tagged)


def recipients(store, notice_id: int) -> list[Recipient]:
    with store.read() as s:
        return _recipients(s, notice_id)


def tag_orders(store, branch_id: int, *, actor_id: int | None = None, now: dt.datetime | None = None) -> int:
    """Tag untagged orders received in a published notice's districts during its window."""
    now = now or dt.datetime.now(UTC)
    with store.write() as s:
        total = 0
        for n in s.scalars(select(Notice).where(Notice.branch_id == branch_id,
                                                Notice.status == NoticeStatus.PUBLISHED,
                                                Notice.starts_at <= now)):
            k = _tag(s, n)
            if k:
                total += k
                audit.record(s, actor_id=actor_id, action="notice.tagged_orders", entity="notice", entity_id=n.id,
                             branch_id=branch_id, before=None, after={"tagged": k}, at=now)
        if total:
            notify_records(s, branch_id, "notices")  # a pass that tagged nothing changed nothing
        return total


def notices(store, branch_id: int) -> list[NoticeRow]:
    """The branch's notices, the latest start first."""
    with store.read() as s:
        staff = dict(s.execute(select(Staff.id, Staff.name)).all())  # plain columns: no photos
        out = []
        for n in s.scalars(select(Notice).where(Notice.branch_id == branch_id).order_by(Notice.starts_at.desc())):
            links = s.execute(select(District.id, District.name).join(NoticeDistrict, NoticeDistrict.district_id == District.id)
                              .where(NoticeDistrict.notice_id == n.id).order_by(District.name)).all()
            tagged = s.scalar(select(func.count()).select_from(Order).where(Order.notice_id == n.id))
            out.append(NoticeRow(n.id, n.kind, n.title, n.text, n.starts_at, n.ends_at, tuple(i for i, _ in links),
                                 tuple(m for _, m in links), n.emergency, n.emergency_reason, n.status.value,
                                 staff.get(n.created_by_id, ""), n.published_at, staff.get(n.published_by_id, ""),
                                 tagged))
        return out


# ---- helpers ---------------------------------------------------------------------------------------
def _snap(n: Notice) -> dict:
    return {"kind": n.kind, "title": n.title, "text": n.text, "starts_at": n.starts_at, "ends_at": n.ends_at,
            "emergency": n.emergency, "emergency_reason": n.emergency_reason, "status": n.status.value,
            "published_at": n.published_at, "published_by_id": n.published_by_id}


def _draft(s, notice_id: int) -> Notice:
    n = s.get(Notice, notice_id)
    if n is None:
        raise StoreError(T("notice {id} does not exist", id=notice_id))
    if n.status != NoticeStatus.DRAFT:
        raise StoreError(T("the notice “{title}” is already published", title=n.title))
    return n


def _districts(s, branch_id: int, ids: Sequence[int]) -> list[District]:
    if not ids:
        raise StoreError(T("choose at least one affected district"))
    found = s.scalars(select(District).where(District.id.in_(list(ids)))).all()
    if len(found) != len(set(ids)) or any(d.branch_id != branch_id for d in found):
        raise StoreError(T("every affected district must belong to the notice's branch"))
    return sorted(found, key=lambda d: d.name)


def _district_names(s, notice_id: int) -> list[str]:
    return list(s.scalars(select(District.name).join(NoticeDistrict, NoticeDistrict.district_id == District.id)
                          .where(NoticeDistrict.notice_id == notice_id).order_by(District.name)))


def _recipients(s, notice_id: int) -> list[Recipient]:
    q = (select(Customer.account_no, Customer.name, Customer.phone, District.name, Customer.address)
         .join(District, District.id == Customer.district_id)
         .join(NoticeDistrict, NoticeDistrict.district_id == Customer.district_id)
         .where(NoticeDistrict.notice_id == notice_id, Customer.active.is_(True))
         .order_by(District.name, Customer.account_no))
    return unique_phones([Recipient(a, n, p, d, addr) for a, n, p, d, addr in s.execute(q)])


def _tag(s, n: Notice) -> int:
    """Bulk tag (a label for reports, not an order change: no event, no version bump)."""
    districts = select(NoticeDistrict.district_id).where(NoticeDistrict.notice_id == n.id)
    res = s.execute(update(Order).where(Order.branch_id == n.branch_id, Order.notice_id.is_(None),
                                        Order.district_id.in_(districts), Order.received_at >= n.starts_at,
                                        Order.received_at <= n.ends_at)
                    .values(notice_id=n.id).execution_options(synchronize_session=False))
    return res.rowcount or 0
