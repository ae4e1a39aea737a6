"""Declarative base and the portable column types every table uses."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, MetaData, TypeDecorator
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase

from console.i18n import T

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """A timezone-aware instant, stored as UTC on every backend.

    SQLite has no time zone type: values are stored as naive UTC and come back
    aware (UTC). PostgreSQL stores `timestamptz`. Naive input is refused so that
    no local-time guess ever reaches the database.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(T("naive datetime {value!r} given for a timezone-aware column", value=value))
        value = value.astimezone(dt.timezone.utc)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def result_processor(self, dialect: Any, coltype: Any):
        """One flat function per value (the queue reads ~600k instants at start-up)."""
        impl = self.impl_instance.result_processor(dialect, coltype)
        utc = dt.timezone.utc

        def process(value):
            if value is None:
                return None
            if impl is not None:
                value = impl(value)
            if value.tzinfo is None:
                return value.replace(tzinfo=utc)
            return value.astimezone(utc)

        return process

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


def column_enum(enum_cls: type[StrEnum], name: str) -> SAEnum:
    """A non-native enum column type: VARCHAR with a CHECK constraint, values stored."""
    return SAEnum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UTCDateTime, dict[str, Any]: JSON, list[str]: JSON}
