"""Fee-expiry reminders (R-PROM-5): accounts expiring in the next N days, each reminded once.

A reminder is recorded per account and expiry date (FeeReminder is unique on both): an account
renewed to a new expiry date is reminded again for that date, never twice for the same one.
Recording reminders is a right of its own (permissions.Action.FEE_REMIND: dispatchers, managers
and admins of the branch).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from console.errors import StoreError
from console.i18n import T
from console.models import Customer, District, FeeReminder, Staff
from console.reports.sms_list import Recipient
from console.rules.periods import UTC
from console.services.access import permissions
from console.services.audit import chain as audit
from console.services.orders.changes import notify_records

DEFAULT_DAYS = 15


@dataclass(frozen=True)
class Expiring:
    customer_id: int
    account_no: str
    name: str
    phone: str
    district: str
    address: str
    expires_on: dt.date
    reminded_at: dt.datetime | None
    reminded_by: str

    def recipient(self) -> Recipient:
        return Recipient(self.account_no, self.name, self.phone, self.district, self.address,
                         self.expires_on.isoformat())


def expiring(store, branch_id: int, today: dt.date, days: int = DEFAULT_DAYS) -> list[Expiring]:
    """Active accounts expiring from today to today + days, soonest first, with any reminder sent."""
    if days < 0:
        raise StoreError(T("the number of days must not be negative"))
    with store.read() as s:
        q = (select(Customer.id, Customer.account_no, Customer.name, Customer.phone, District.name, Customer.address,
                    Customer.expires_on, FeeReminder.reminded_at, Staff.name)  # columns: no account objects
             .join(District, District.id == Customer.district_id)
             .outerjoin(FeeReminder, (FeeReminder.customer_id == Customer.id)
                        & (FeeReminder.expires_on == Customer.expires_on))
             .outerjoin(Staff, Staff.id == FeeReminder.by_id)
             .where(Customer.branch_id == branch_id, Customer.active.is_(True),
                    Customer.expires_on >= today, Customer.expires_on <= today + dt.timedelta(days=days))
             .order_by(Customer.expires_on, Customer.account_no))
        return [Expiring(*row[:8], row[8] or "") for row in s.execute(q)]


def sms_text(hotline: str, expires_on: dt.date) -> str:
    return f"【有线电视】尊敬的用户，您的有线电视收视费将于{expires_on:%Y年%m月%d日}到期，请及时续费。咨询热线{hotline}。"


def record_reminders(store, branch_id: int, accounts: Sequence[tuple[int, dt.date]], *, actor_id: int,
                     now: dt.datetime | None = None) -> int:
    """Record the reminders sent for (customer id, expiry) pairs; those already reminded are skipped.
    Returns how many were newly recorded. PermissionDenied when `actor_id` may not send
    fee-expiry reminders for the branch (R-PROM-5)."""
    now = now or dt.datetime.now(UTC)
    wanted = sorted(set(accounts))
    if not wanted:
        return 0
    try:
        with store.write() as s:
            # R-PROM-5: who may tell customers their fee expires (permissions.Action.FEE_REMIND)
            permissions.require(s, actor_id, permissions.Action.FEE_REMIND, branch_id=branch_id)
            ids = [c for c, _ in wanted]
            done = set(s.execute(select(FeeReminder.customer_id, FeeReminder.expires_on)
                                 .where(FeeReminder.customer_id.in_(ids))).all())
            fresh = [(c, e) for c, e in wanted if (c, e) not in done]
            branch_of = dict(s.execute(select(Customer.id, Customer.branch_id).where(Customer.id.in_(ids))).all())
            if any(branch_of.get(c) != branch_id for c, _ in fresh):
                raise StoreError(T("every reminded account must belong to the branch"))
            for c, e in fresh:
                s.add(FeeReminder(branch_id=branch_id, customer_id=c, expires_on=e, reminded_at=now, by_id=actor_id))
            s.flush()
            audit.record(s, actor_id=actor_id, action="fee_reminder.sent", entity="fee_reminder", entity_id=None,
                         branch_id=branch_id, before=None,
                         after={"accounts": [[c, e] for c, e in fresh], "skipped": len(wanted) - len(fresh)}, at=now)
            notify_records(s, branch_id, "notices")
            return len(fresh)
    except IntegrityError:
        raise StoreError(T("another console recorded some of these reminders at the same moment; refresh the list "
                           "— nobody is reminded twice")) from None
