"""Callbacks (R-VISIT-1..4), major-client revisit plans (R-VISIT-5), notices (R-PROM-5)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from console.models.base import Base, column_enum
from console.vocabulary import CallbackStatus, NoticeStatus, PlanStatus, Recurrence


class Callback(Base):
    """The callback owed after a completed repair, complaint or installation (R-VISIT-1/2).

    Attempts and the result are also OrderEvents (callback_attempt / callback_done).
    """

    __tablename__ = "callback"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id"), unique=True)
    due_at: Mapped[dt.datetime]
    status: Mapped[CallbackStatus] = mapped_column(column_enum(CallbackStatus, "callback_status"))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    done_at: Mapped[dt.datetime | None]
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    satisfaction: Mapped[int | None] = mapped_column(Integer)  # 1..5
    solved: Mapped[bool | None]
    comment: Mapped[str] = mapped_column(Text, default="")
    follow_up_order_id: Mapped[int | None] = mapped_column(ForeignKey("work_order.id"))


class RevisitPlan(Base):
    __tablename__ = "revisit_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    recurrence: Mapped[Recurrence] = mapped_column(column_enum(Recurrence, "plan_recurrence"))
    interval_weeks: Mapped[int | None] = mapped_column(Integer)
    custom_dates: Mapped[list[str]] = mapped_column(default=list)
    start_date: Mapped[dt.date] = mapped_column(Date)
    next_due: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[PlanStatus] = mapped_column(column_enum(PlanStatus, "plan_status"))
    status_reason: Mapped[str] = mapped_column(String(200), default="")


class RevisitVisit(Base):
    __tablename__ = "revisit_visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("revisit_plan.id"), index=True)
    planned_for: Mapped[dt.date] = mapped_column(Date)
    visited_at: Mapped[dt.datetime]
    visitor_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    findings: Mapped[str] = mapped_column(Text, default="")
    follow_up_order_id: Mapped[int | None] = mapped_column(ForeignKey("work_order.id"))


class Notice(Base):
    """Advance notice of maintenance or a service change, 24 h ahead (R-PROM-5)."""

    __tablename__ = "notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # maintenance | service_change
    title: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    emergency: Mapped[bool] = mapped_column(default=False)
    emergency_reason: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[NoticeStatus] = mapped_column(column_enum(NoticeStatus, "notice_status"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    published_at: Mapped[dt.datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class NoticeDistrict(Base):
    __tablename__ = "notice_district"

    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id"), primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), primary_key=True)


class FeeReminder(Base):
    """A fee-expiry reminder sent (R-PROM-5): one per account and expiry date."""

    __tablename__ = "fee_reminder"
    __table_args__ = (UniqueConstraint("customer_id", "expires_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    expires_on: Mapped[dt.date] = mapped_column(Date)
    reminded_at: Mapped[dt.datetime]
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
