"""Append audit rows (R-ACC, R-INSP) chained by SHA-256 so a changed row is detectable.

Each row's hash covers the previous row's hash and a canonical JSON encoding of the row
(`row_digest`). Appends are serialised so two consoles never chain onto the same previous row:
- SQLite: by the write transaction itself (BEGIN IMMEDIATE); the hash is computed here;
- PostgreSQL: the database appends (migration 0007): `bc_audit_append(…)` inserts, and the
  BEFORE INSERT trigger takes a lock no login can hold, stamps the server's time, the login's
  person and the login, and computes prev_hash and hash in SQL with the same canonical JSON.
  No login may INSERT into audit_log directly (`admin init-postgres`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import JSON, bindparam, select, text
from sqlalchemy.orm import Session

from console.models import AuditLog
from console.rules.periods import UTC

def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def row_digest(prev_hash: str, row: dict[str, Any]) -> str:
    body = json.dumps(_canonical(row), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + "\n" + body).encode("utf-8")).hexdigest()


def stored_digest(prev_hash: str, branch_id: int | None, at_iso: str, actor_id: int | None, action: str,
                  entity: str, entity_id: int | None, before: Any, after: Any) -> str:
    """``row_digest(prev_hash, chained_content(...))`` of a row as read back: ``at_iso`` its instant's
    canonical form (UTC ``isoformat()``), ``before``/``after`` decoded from their stored JSON — values
    that are canonical already, so nothing is walked again (a verify recomputes 100,000 of them)."""
    body = json.dumps({"action": action, "actor_id": actor_id, "after": after, "at": at_iso, "before": before,
                       "branch_id": branch_id, "entity": entity, "entity_id": entity_id},
                      sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + "\n" + body).encode("utf-8")).hexdigest()


def jsonable(value: Any) -> Any:
    """Before/after images as JSON-safe values."""
    return _canonical(value)


def chained_content(
    *,
    branch_id: int | None,
    at: dt.datetime,
    actor_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    before: Any,
    after: Any,
) -> dict[str, Any]:
    """The part of an audit row its hash covers: what `record` writes and `audit_verify`
    recomputes. `id`, `prev_hash` (chained separately) and `db_user` (stamped by the
    database trigger after the hash is computed) are not in it."""
    return {
        "branch_id": branch_id,
        "at": at,
        "actor_id": actor_id,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": jsonable(before),
        "after": jsonable(after),
    }


_APPEND = text(
    "SELECT bc_audit_append(:branch_id, :at, :actor_id, :action, :entity, :entity_id,"
    " CAST(:before AS json), CAST(:after AS json))"
).bindparams(bindparam("before", type_=JSON), bindparam("after", type_=JSON))


def record(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    branch_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Append one audit row in the caller's transaction; returns its id. (On PostgreSQL the
    database writes the row, and a branch login may not read back a row of no branch.)"""
    at = at or dt.datetime.now(UTC)
    content = chained_content(branch_id=branch_id, at=at, actor_id=actor_id, action=action, entity=entity,
                              entity_id=entity_id, before=before, after=after)
    if session.get_bind().dialect.name == "postgresql":
        session.flush()  # the audit row comes last: what it describes is written first
        return session.scalar(_APPEND, {
            "branch_id": branch_id, "at": at, "actor_id": actor_id, "action": action, "entity": entity,
            "entity_id": entity_id, "before": content["before"], "after": content["after"]})
    prev = session.scalar(select(AuditLog.hash).order_by(AuditLog.id.desc()).limit(1)) or ""
    row = AuditLog(
        branch_id=branch_id,
        at=at,
        actor_id=actor_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=content["before"],
        after=content["after"],
        prev_hash=prev,
        hash=row_digest(prev, content),
    )
    session.add(row)
    session.flush()
    return row.id
