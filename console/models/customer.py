"""Customer accounts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from console.models.base import Base


class Customer(Base):
    __tablename__ = "customer"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    account_no: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(32), index=True)
    address: Mapped[str] = mapped_column(String(200))
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    # R-VISIT-5: hospitals, schools, hotels, government offices, large estates ...
    is_major: Mapped[bool] = mapped_column(default=False)
    major_category: Mapped[str | None] = mapped_column(String(32))
    subscribed_on: Mapped[dt.date] = mapped_column(Date)
    expires_on: Mapped[dt.date] = mapped_column(Date)  # R-PROM-5 fee-expiry reminders
    active: Mapped[bool] = mapped_column(default=True)  # R-ZONE-4 stability
    cancelled_on: Mapped[dt.date | None] = mapped_column(Date)
    latitude: Mapped[float]
    longitude: Mapped[float]
