"""Audit trail, working-day calendar and SLA policy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, FetchedValue, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from console.models.base import Base


class AuditLog(Base):
    """Append-only: who changed what, when, with the before/after images.

    `prev_hash`/`hash` chain the rows (SHA-256), so a changed row is detectable
    (`services.audit.verify`). Migration 0003 makes the table append-only in the database
    (triggers refuse UPDATE and DELETE on both backends) and, on PostgreSQL, stamps
    `db_user` with the database role that inserted the row (NULL on SQLite).
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"), index=True)
    at: Mapped[dt.datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None]
    before: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")
    # Filled by the database (BEFORE INSERT trigger), never by the program; not hashed.
    db_user: Mapped[str | None] = mapped_column(String(64), server_default=FetchedValue())


class CalendarDay(Base):
    """One day of the official working-day calendar (State Council notice)."""

    __tablename__ = "calendar_day"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool]
    # workday | weekend | holiday | adjusted_workday
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(String(40))  # chinesecalendar | admin


class SlaPolicy(Base):
    """Time limit per order kind and area (R-TIME-1..7); versioned, never edited in place."""

    __tablename__ = "sla_policy"
    __table_args__ = (UniqueConstraint("version", "kind", "area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))  # order kind or clock name
    area: Mapped[str] = mapped_column(String(8))  # urban | rural | any
    limit: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(8))  # hours | workdays
    rule_id: Mapped[str] = mapped_column(String(16))
    effective_from: Mapped[dt.datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
