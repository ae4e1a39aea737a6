"""Inspections and findings (R-INSP), accountability (R-ACC), training (R-TRAIN)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from console.models.base import Base, column_enum
from console.vocabulary import FindingStatus, Severity


class Inspection(Base):
    __tablename__ = "inspection"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    inspectors: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class Finding(Base):
    __tablename__ = "finding"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    rule_family: Mapped[str] = mapped_column(String(12))  # R-DISC ... R-PROM
    rule_id: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    severity: Mapped[Severity] = mapped_column(column_enum(Severity, "finding_severity"))
    responsible_unit: Mapped[str] = mapped_column(String(100))
    responsible_person_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    deadline: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[FindingStatus] = mapped_column(column_enum(FindingStatus, "finding_status"))
    status_at: Mapped[dt.datetime]
    status_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    evidence: Mapped[list[str]] = mapped_column(default=list)


class AccountabilityCase(Base):
    """R-ACC: a decision needs the person's statement first (R-ACC-S)."""

    __tablename__ = "accountability_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("work_order.id"))
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("finding.id"))
    opened_at: Mapped[dt.datetime]
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    grounds: Mapped[str] = mapped_column(Text)
    statement: Mapped[str] = mapped_column(Text, default="")  # R-ACC-S
    statement_declined: Mapped[bool] = mapped_column(default=False)
    statement_at: Mapped[dt.datetime | None]
    aggravating: Mapped[list[str]] = mapped_column(default=list)  # R-ACC-H
    mitigating: Mapped[list[str]] = mapped_column(default=list)  # R-ACC-L
    outcome: Mapped[str | None] = mapped_column(String(40))
    decided_at: Mapped[dt.datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class TrainingSession(Base):
    __tablename__ = "training_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # induction | etiquette | ethics | handbook
    title: Mapped[str] = mapped_column(String(100))
    day: Mapped[dt.date] = mapped_column(Date)
    trainer: Mapped[str] = mapped_column(String(64))


class TrainingRecord(Base):
    __tablename__ = "training_record"

    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id"), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    score: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool]
    note: Mapped[str] = mapped_column(Text, default="")
