"""Organisation: branches, contract districts and who serves them (R-ZONE), staff."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from console.models.base import Base, column_enum
from console.vocabulary import AreaType, BranchKind, Role, work_number_key


class Branch(Base):
    __tablename__ = "branch"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[BranchKind] = mapped_column(column_enum(BranchKind, "branch_kind"))
    hotline: Mapped[str] = mapped_column(String(32))
    supervision_phone: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(200))
    # R-ZONE-4: yearly household growth target set per branch
    growth_target: Mapped[int] = mapped_column(Integer, default=0)
    latitude: Mapped[float]
    longitude: Mapped[float]
    # R-TIME-8: who receives an exemption's report when the branch has no active manager
    stand_in_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", use_alter=True,
                                                                name="fk_branch_stand_in_id_staff"))


class District(Base):
    """A contract district (R-ZONE-1/2): households served by one maintainer."""

    __tablename__ = "district"
    __table_args__ = (UniqueConstraint("branch_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    area_type: Mapped[AreaType] = mapped_column(column_enum(AreaType, "area_type"))
    households: Mapped[int] = mapped_column(Integer)
    service_phone: Mapped[str] = mapped_column(String(32))  # R-ZONE-2
    supervision_phone: Mapped[str] = mapped_column(String(32))  # R-ZONE-2
    geojson: Mapped[str] = mapped_column(Text)  # a GeoJSON Polygon geometry
    latitude: Mapped[float]  # label point
    longitude: Mapped[float]


def _key_default(context) -> str:
    return work_number_key(context.get_current_parameters().get("work_number"))


class Staff(Base):
    """A service employee: work number and photo are published (R-DISC-6, R-ZONE-2).

    `branch_id` is empty only for provincial staff (inspectors who review every branch).
    """

    __tablename__ = "staff"
    # a unique index, not a constraint: SQLite adds it without rebuilding the table (a rebuild
    # would have to drop `staff`, which every other table references)
    __table_args__ = (Index("uq_staff_db_role", "db_role", unique=True),
                      Index("uq_staff_work_number_key", "work_number_key", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    work_number: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    role: Mapped[Role] = mapped_column(column_enum(Role, "staff_role"))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"), index=True)
    phone: Mapped[str] = mapped_column(String(32))
    photo: Mapped[bytes | None] = mapped_column(LargeBinary)  # PNG
    active: Mapped[bool] = mapped_column(default=True)
    hired_on: Mapped[dt.date | None] = mapped_column(Date)
    password_hash: Mapped[str | None] = mapped_column(String(200), deferred=True)  # never read by a query that lists staff
    # PostgreSQL deployments: this person's database login (`admin add-user`); row-level
    # security derives the branch from it (console/store/pg/admin.py). Empty on SQLite.
    db_role: Mapped[str | None] = mapped_column(String(63))
    # R-DISC-6: one person per work number whatever its case, width or invisible characters
    # (console.vocabulary.work_number_key). Kept in step with work_number: by the attribute
    # event below for ORM rows, by the column default for bulk inserts (the demo, imports).
    work_number_key: Mapped[str | None] = mapped_column(String(64), default=_key_default)


@event.listens_for(Staff.work_number, "set")
def _keep_work_number_key(target: Staff, value, _old, _initiator) -> None:
    target.work_number_key = work_number_key(value)


class DistrictAssignment(Base):
    """History of who is responsible for a district (R-ZONE-5): never edited, only closed."""

    __tablename__ = "district_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    maintainer_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)  # empty = current
    reason: Mapped[str] = mapped_column(String(200), default="")
    # R-ZONE-2/5: the district's phones as published with this servant, who made the change and
    # when (empty on rows written before migration 0009, and on the demo's and imports' history)
    service_phone: Mapped[str | None] = mapped_column(String(32))
    supervision_phone: Mapped[str | None] = mapped_column(String(32))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    changed_at: Mapped[dt.datetime | None]
