"""Append audit rows (R-ACC, R-INSP) chained by SHA-256 so a changed row is detectable.

Appends are serialised: on SQLite by the write transaction itself (BEGIN IMMEDIATE), on
PostgreSQL by a transaction-scoped advisory lock on the chain head, so two consoles can
never both chain onto the same previous row. Each row's hash covers the previous row's
hash and a canonical JSON encoding of the row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from console.models import AuditLog
from console.rules.periods import UTC

CHAIN_LOCK = 0x0A0D17  # advisory lock key of the audit chain head (PostgreSQL)


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
) -> AuditLog:
    """Append one audit row in the caller's transaction."""
    at = at or dt.datetime.now(UTC)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CHAIN_LOCK})
        # The chain head of every branch: under row-level security a branch login sees only
        # its own rows, so its newest visible row is not the head (migration 0004).
        prev = session.scalar(text("SELECT bc_audit_head()")) or ""
    else:
        prev = session.scalar(select(AuditLog.hash).order_by(AuditLog.id.desc()).limit(1)) or ""
    content = chained_content(branch_id=branch_id, at=at, actor_id=actor_id, action=action, entity=entity,
                              entity_id=entity_id, before=before, after=after)
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
    return row
