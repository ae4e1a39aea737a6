"""Rows as the driver gives them, for the readers that walk a table's hundred thousand rows (the
assessment's events, the audit chain): SQLAlchemy compiles and binds the statement, but builds no
row objects and runs no per-value conversion."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from types import MappingProxyType

CHUNK = 5000  # rows per fetch (a server-side cursor's round trip on PostgreSQL)


_names = itertools.count()


def snapshot(s):
    """One consistent view for the rest of session ``s``'s transaction, its statements all reading the
    same committed state (PostgreSQL: REPEATABLE READ, set before its first statement; SQLite's WAL
    read transaction already is one)."""
    if s.get_bind().dialect.name == "postgresql":
        s.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    return s


def plain_batches(conn, q, chunk: int = CHUNK):
    """The rows of ``q`` as lists of plain tuples, read as they go: on SQLite straight from the
    driver's cursor; on PostgreSQL through a server-side cursor of the driver's own, ``chunk`` rows
    per round trip, in the connection's transaction. The values are the driver's: SQLite gives
    instants as naive-UTC text and JSON as text; PostgreSQL gives aware datetimes (in UTC: the
    console's sessions ask for it, console.store.engine) and decoded JSON."""
    if conn.dialect.name == "sqlite":
        result = conn.execute(q)
        cursor = result.cursor
        try:
            while batch := cursor.fetchmany(chunk):
                yield batch
        finally:
            result.close()
        return
    if conn.dialect.driver != "psycopg":
        yield from conn.execute(q.execution_options(stream_results=True, yield_per=chunk)).partitions()
        return
    compiled = q.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    driver = conn.connection.driver_connection
    if not conn.in_transaction():
        conn.begin()  # (the driver opens it with the cursor; the connection knows it is open)
    statement, params = str(compiled), compiled.params
    with driver.cursor(name=f"bc_plain_{next(_names)}") as cursor:
        cursor.itersize = chunk
        # the engine's listeners see it like any statement (the plan tests, statement counts)
        conn.dispatch.before_cursor_execute(conn, cursor, statement, params, None, False)
        cursor.execute(statement, params)
        while batch := cursor.fetchmany(chunk):
            yield batch


def plain_rows(conn, q, chunk: int = CHUNK):
    """:func:`plain_batches` one row at a time."""
    for batch in plain_batches(conn, q, chunk):
        yield from batch


_EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_EPOCH_CST = dt.datetime(1970, 1, 1, 8)  # the same instant, naive China time
_TO_CHINA = dt.timedelta(hours=8)  # China Standard Time has no summer time


def china_of(value) -> dt.datetime:
    """A driver's instant as naive China time, the SLA clocks' own form (``rules.sla``): one step
    from SQLite's naive-UTC text, one subtraction from PostgreSQL's aware datetime."""
    if value.__class__ is str:
        return dt.datetime.fromisoformat(value) + _TO_CHINA
    if value.tzinfo is None:
        return value + _TO_CHINA
    return _EPOCH_CST + (value - _EPOCH_UTC)


def utc_instant(value) -> dt.datetime:
    """A driver's instant as an aware UTC datetime (the ORM's ``UTCDateTime`` form): SQLite's naive-UTC
    text in one parse, PostgreSQL's aware datetime converted."""
    if value.__class__ is str:
        try:
            return dt.datetime.fromisoformat(value + "+00:00")
        except ValueError:
            value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value if value.tzinfo is dt.timezone.utc else value.astimezone(dt.timezone.utc)


def utc_of_china(china: dt.datetime) -> dt.datetime:
    """A naive China instant (the clocks' form) as an aware UTC one."""
    return _EPOCH_UTC + (china - _EPOCH_CST)


_NO_PAYLOAD = (None, "{}", "null")
EMPTY = MappingProxyType({})
_SEEN_PAYLOADS = 4096  # distinct payload texts kept per pass (a receipt's kind, channel, rural, missing …)


def payloads():
    """A payload decoder for one pass over many rows: a JSON text seen before (most receipts' payloads
    repeat) is decoded once and shared, read-only; PostgreSQL's driver gives dicts already."""
    seen: dict[str, MappingProxyType] = {}

    def payload_of(raw):
        if raw.__class__ is dict:
            return raw
        if raw in _NO_PAYLOAD:
            return EMPTY
        p = seen.get(raw)
        if p is None:
            if len(seen) >= _SEEN_PAYLOADS:
                seen.clear()
            p = seen[raw] = MappingProxyType(json.loads(raw))
        return p

    return payload_of
