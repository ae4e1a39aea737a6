"""Work orders and their append-only event log.

An Order holds identity (number, customer, district, first-contact owner, description) and
columns that are a projection of its OrderEvents (rules.order_facts, services.orders.caches):
status, kind, assignee, completion, visit window, materials, policy version, escalation level and
the SLA columns, evaluated as of the last clock event. Events are the truth; `branch-console audit
replay` recomputes every projected column from them and reports any that disagrees.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import FetchedValue, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column

from console.models.base import Base, column_enum
from console.vocabulary import Channel, EventType, OrderKind, OrderStatus, Priority


class Order(Base):
    __tablename__ = "work_order"
    __table_args__ = (
        UniqueConstraint("branch_id", "number"),
        Index("ix_work_order_branch_open", "branch_id", "status"),
        # every branch's open orders (the escalation pass, a province's start): not the closed history
        Index("ix_work_order_open", "id", postgresql_where=text("status <> 'completed'"),
              sqlite_where=text("status <> 'completed'")),
        # a month's orders: completed in it, or open; with what a month's counts ask of a completed order
        # (its status and receipt: is it the month's; its district and id: its callbacks), so that
        # index alone answers them (migration 0013)
        Index("ix_work_order_completion", "completed_at", "status", "received_at", "district_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    number: Mapped[str] = mapped_column(String(24))
    kind: Mapped[OrderKind] = mapped_column(column_enum(OrderKind, "order_kind"))
    channel: Mapped[Channel] = mapped_column(column_enum(Channel, "order_channel"))
    priority: Mapped[Priority] = mapped_column(
        column_enum(Priority, "order_priority"), default=Priority.NORMAL
    )
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"), index=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # R-FIRST-1: who first received the request; set once, never overwritten.
    first_contact_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    # R-FIRST-2: the full checklist for the kind, and which items were missing.
    required_materials: Mapped[list[str]] = mapped_column(default=list)
    missing_materials: Mapped[list[str]] = mapped_column(default=list)
    received_at: Mapped[dt.datetime] = mapped_column(index=True)
    completed_at: Mapped[dt.datetime | None]
    parent_order_id: Mapped[int | None] = mapped_column(ForeignKey("work_order.id"))
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notice.id"))
    policy_version: Mapped[int] = mapped_column(Integer, default=1)
    # caches rebuilt from events (never the truth)
    status: Mapped[OrderStatus] = mapped_column(column_enum(OrderStatus, "order_status"))
    due_at: Mapped[dt.datetime | None]  # the resolve clock's due (R-TIME-1..6)
    sla_state: Mapped[str | None] = mapped_column(String(20))  # the resolve clock's state
    sla_budget_s: Mapped[int | None] = mapped_column(Integer)  # full span of the clock, for % elapsed
    response_due_at: Mapped[dt.datetime | None]  # complaint first response (R-TIME-7), while open
    response_budget_s: Mapped[int | None] = mapped_column(Integer)  # its allowance, for % elapsed
    sla_provisional: Mapped[bool] = mapped_column(default=False, server_default=false())  # due in a year not yet entered
    escalation_level: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # highest level fired
    # R-PROM-7: the visit window agreed with the customer and the arrival
    visit_from: Mapped[dt.datetime | None]
    visit_to: Mapped[dt.datetime | None]
    arrived_at: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    # The version is set by the services (once per change, however many flushes), and every
    # UPDATE still checks the version that was read: a concurrent change raises StaleDataError.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class OrderEvent(Base):
    """One thing that happened to an order. Append-only: never updated, never deleted."""

    __tablename__ = "order_event"
    __table_args__ = (Index("ix_order_event_order_at", "order_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id"))
    type: Mapped[EventType] = mapped_column(column_enum(EventType, "order_event_type"))
    at: Mapped[dt.datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # the database login that wrote it: stamped by the server on PostgreSQL (migration 0007)
    db_user: Mapped[str | None] = mapped_column(String(64), server_default=FetchedValue())


class OrderVerdict(Base):
    """A completed order's SLA facts as its events said them when last judged (R-ZONE-3/4).

    Derived, never the truth: ``services.assessment.verdicts`` writes a row from the order's
    events through the rule engine (``rules.sla``) and the month's reports read it instead of
    replaying the events again, only while it is current: a trigger deletes the row when an event
    is appended to the order (migration 0011), and ``rules_stamp`` names the calendar and time
    limits it was judged under (any edit of either makes every row stale until it is judged
    again); ``last_event_id`` records the newest event it was judged from. ``district_id``, ``kind``,
    ``received_at`` and ``completed_at`` copy the order's own columns, so a month's counts read this
    table alone (services.assessment.facts): a trigger deletes the row when any of them (or the
    order's status or branch) changes (migration 0013). On PostgreSQL no console role may write it
    (console/store/pg/security.py ``DERIVED_TABLES``): only the database owner's
    ``branch-console audit facts`` does, so a branch login cannot write its own verdicts.
    """

    __tablename__ = "order_verdict"

    order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id"), primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    last_event_id: Mapped[int] = mapped_column(Integer)
    rules_stamp: Mapped[str] = mapped_column(String(32))
    clock_start: Mapped[dt.datetime | None]
    responded_at: Mapped[dt.datetime | None]
    state: Mapped[str | None] = mapped_column(String(32))
    due: Mapped[dt.datetime | None]
    original_due: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    exempted: Mapped[bool]
    extended: Mapped[bool]
    provisional: Mapped[bool]
    district_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[dt.datetime]
    completed_at: Mapped[dt.datetime] = mapped_column(index=True)  # a month's completed orders
