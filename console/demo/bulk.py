"""Bulk rows for the province demo: `COPY … FROM STDIN` on PostgreSQL, one `executemany` on SQLite.

A SQLAlchemy Core `insert(table)` of a list of dicts spends most of its time per value in Python
(compiling each row's parameters, type processing). Here the work SQLAlchemy would do is done
once per column instead: every value goes through the column type's own bind processor for the
connection's dialect (`UTCDateTime` to naive UTC on SQLite, JSON to its text, enums to their
stored value, dates and booleans as SQLite stores them), and a value a row leaves out gets the
column's Python-side default, exactly as an ORM or Core insert would have written it. The tuples
then go to the driver in one call: psycopg's `cursor.copy()` (row triggers fire as for an INSERT,
but the stamp and guard triggers skip the table owner's rows, migration 0012; `order_event.db_user`
is the server's default, the login) or sqlite3's `executemany`, in the
caller's transaction. `tests/demo/test_province.py` compares both ways row by row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import FetchedValue, Table

from console.models.base import UTCDateTime



class _Context:
    """What a callable column default reads (`context.get_current_parameters()`)."""

    def __init__(self, row: dict) -> None:
        self._row = row

    def get_current_parameters(self, isolate_multiinsert_groups: bool = True) -> dict:
        return self._row


_MISSING = object()


class _Plan:
    """One table's columns as the driver receives them: name, bind processor, default."""

    def __init__(self, table: Table, dialect) -> None:
        self.table = table
        # columns the server fills (db_user: the login on PostgreSQL, empty on SQLite)
        self.columns = [c for c in table.c if type(c.server_default) is not FetchedValue]
        self.names = [c.name for c in self.columns]
        self.processors: list[Callable | None] = [c.type._cached_bind_processor(dialect) for c in self.columns]
        self.defaults: list[Any] = []
        for c in self.columns:
            d = c.default
            if d is None:
                self.defaults.append(_MISSING)
            elif d.is_scalar:
                self.defaults.append(d.arg)
            elif d.is_callable:
                self.defaults.append(d)
            else:  # a SQL expression default: none of the demo's tables has one
                raise ValueError(f"column {c.name} has a SQL default, which bulk rows cannot fill")

        self._row = self._compile(dialect)

    def _compile(self, dialect) -> Callable[[dict], tuple]:
        """One function making a row's tuple: `r.get(name, default)` through the processor, column by
        column, in one expression (no loop per value)."""
        names: dict[str, Any] = {"_Context": _Context}
        parts = []
        for k, (c, proc, default) in enumerate(zip(self.columns, self.processors, self.defaults)):
            key = repr(c.name)
            if default is _MISSING:
                expr = f"r.get({key})"
            elif hasattr(default, "is_callable"):
                names[f"C{k}"] = default.arg
                expr = f"(r[{key}] if {key} in r else C{k}(_Context(r)))"
            else:
                names[f"D{k}"] = default
                expr = f"r.get({key}, D{k})"
            if proc is not None:
                names[f"P{k}"] = _fast_instant(proc) if dialect.name == "sqlite" and isinstance(c.type, UTCDateTime) \
                    else proc
                expr = f"P{k}({expr})"
            parts.append(expr)
        source = f"def row(r):\n    return ({', '.join(parts)},)\n"
        exec(compile(source, f"<bulk row of {self.table.name}>", "exec"), names)  # noqa: S102 - our own columns
        return names["row"]

    def tuples(self, rows: Iterable[dict]) -> list[tuple]:
        return list(map(self._row, rows))


def _fast_instant(proc: Callable) -> Callable:
    """SQLite's text of a UTCDateTime (naive UTC in SQLAlchemy's storage format), without the two
    generic steps for an instant already in UTC; any other value goes the processor's way."""
    utc = dt.timezone.utc

    def process(v):
        if v is not None and v.tzinfo is utc:
            return "%04d-%02d-%02d %02d:%02d:%02d.%06d" % (v.year, v.month, v.day, v.hour, v.minute, v.second,
                                                          v.microsecond)
        return proc(v)

    return process


class BulkWriter:
    """Writes lists of row dicts into tables on one SQLAlchemy connection (its transaction)."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect
        self.postgresql = self.dialect.name == "postgresql"
        self._plans: dict[str, _Plan] = {}

    def _plan(self, table: Table) -> _Plan:
        plan = self._plans.get(table.name)
        if plan is None:
            plan = self._plans[table.name] = _Plan(table, self.dialect)
        return plan

    def write(self, table: Table, rows: list[dict]) -> int:
        """Insert `rows` (dicts keyed by column name) into `table`; the number written."""
        if not rows:
            return 0
        plan = self._plan(table)
        values = plan.tuples(rows)
        raw = self.connection.connection.dbapi_connection
        columns = ", ".join(plan.names)
        if self.postgresql:
            with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
                for v in values:
                    copy.write_row(v)
        else:
            marks = ", ".join("?" * len(plan.names))
            cur = raw.cursor()
            try:
                cur.executemany(f"INSERT INTO {table.name} ({columns}) VALUES ({marks})", values)
            finally:
                cur.close()
        return len(values)
