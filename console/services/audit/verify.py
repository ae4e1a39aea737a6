"""Check the audit chain (R-ACC, R-INSP; README "The audit chain"): is every audit row still what was written?

`verify(store)` walks audit_log in id order, in chunks, and recomputes each row's hash exactly as
`audit.record` (SQLite) or the database (PostgreSQL, migration 0007) computed it. Every row that
fails is reported (`VerifyResult.breaks`, the first BREAKS_KEPT of them with their details, and
counts of all), each with its kind:
- "changed": its stored content no longer gives its stored hash (a row edited after it was written);
- "relinked": its prev_hash is not the previous row's hash (a row before it removed, inserted or
  reordered), while the row itself is intact;
- "unreadable": the row cannot even be decoded;
- "anchor": an exported head is no longer in the chain (rows rewritten or removed).
The walk goes on after a break, chaining onto each row's stored hash, so one edited row is one
break and not the start of a broken tail.

Removing the newest rows leaves a shorter chain that is still consistent; to catch that,
`head(store)` exports the head (row count, last id, hash, UTC time) for a manager to keep
outside the database, and `verify(store, anchor=...)` checks that exported head is still
in the chain. A daily cron run of `audit head --append LEDGER` keeps a ledger of heads, one JSON
line per run (`append_ledger`); `verify(store, anchors=load_ledger(LEDGER))` then requires every
recorded head to be in the chain with the same hash, and names the first one that is not.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from console.errors import StoreError
from console.i18n import T, Text
from console.models import AuditLog
from console.rules.text import listing
from console.rules.periods import UTC
from console.services.audit.chain import stored_digest
from console.store.plain import plain_rows, snapshot, utc_instant

CHUNK = 2_000
BREAKS_KEPT = 1_000  # breaks listed in full; all are counted

KINDS = {"changed": T("changed after it was written"),
         "relinked": T("a row before it was removed, inserted or reordered"),
         "unreadable": T("cannot be read"), "anchor": T("an exported head is no longer in the chain")}
# the kinds as `audit verify` names them in its lines ("3 broken rows (2 changed, 1 relinked)")
KIND_WORDS = {"changed": T("changed", _context="audit break"), "relinked": T("relinked", _context="audit break"),
              "unreadable": T("unreadable", _context="audit break"), "anchor": T("anchor", _context="audit break")}
EMPTY = T("(empty)")  # an empty hash: the first row's prev_hash, the head of an empty log



@dataclass(frozen=True, slots=True)
class Break:
    row_id: int | None
    kind: str  # a key of KINDS
    reason: str  # a T() text

_COLUMNS = (AuditLog.id, AuditLog.branch_id, AuditLog.at, AuditLog.actor_id, AuditLog.action, AuditLog.entity,
            AuditLog.entity_id, AuditLog.before, AuditLog.after, AuditLog.prev_hash, AuditLog.hash)
_RAW = {"at", "before", "after"}  # read as the driver gives them, decoded by the walk (no ORM processing)


@dataclass(frozen=True, slots=True)
class VerifyResult:
    ok: bool
    rows: int  # rows checked (every row: the walk goes on after a break)
    head: str  # hash of the last intact row ("" for an empty log)
    first_broken_id: int | None = None
    reason: str = ""
    anchors: int = 0  # exported heads (--head, --ledger) found in the chain with their hash
    head_id: int | None = None  # id of the last intact row (None for an empty log)
    breaks: tuple[Break, ...] = ()  # every broken row (up to BREAKS_KEPT), in chain order
    counts: tuple[tuple[str, int], ...] = ()  # (kind, how many) over all breaks
    intact_before: int = 0  # rows before the first break (all of them intact)
    read: int = 0  # rows read and recomputed by this walk (all of them, or those after ``since``)
    since: Anchor | None = None  # the head verified before, when the walk started after it

    def anchor(self, database: str = "", *, now: dt.datetime | None = None) -> Anchor:
        """The verified head as an Anchor to export (only meaningful when `ok`)."""
        now = now or dt.datetime.now(UTC)
        return Anchor(rows=self.rows, head_id=self.head_id, head=self.head,
                      exported_at=now.astimezone(UTC).isoformat(timespec="seconds"), database=database)

    def line(self) -> str:
        if self.ok and self.since is not None:
            return T("intact ({rows} rows, head {head}): the {new} rows after the head verified at {at} checked "
                     "('audit verify' without --verified-head checks every row)", rows=self.rows,
                     head=self.head or EMPTY, new=self.read, at=self.since.exported_at)
        if self.ok:
            head = self.head or EMPTY
            if not self.anchors:
                return T("intact ({rows} rows, head {head})", rows=self.rows, head=head)
            if self.anchors == 1:
                return T("intact ({rows} rows, head {head}); {anchors} recorded head still in the chain",
                         rows=self.rows, head=head, anchors=self.anchors)
            return T("intact ({rows} rows, head {head}); {anchors} recorded heads still in the chain",
                     rows=self.rows, head=head, anchors=self.anchors)
        total = sum(n for _, n in self.counts) or 1
        if total == 1:
            return T("broken at row {row}: {reason}", row=self.first_broken_id, reason=self.reason)
        kinds = listing([T("{count} {kind}", count=n, kind=KIND_WORDS.get(kind, kind)) for kind, n in self.counts],
                        ", ")
        return T("broken at row {row}: {reason}; {total} broken rows ({kinds}), every one listed by 'audit verify'",
                 row=self.first_broken_id, reason=self.reason, total=total, kinds=kinds)

    def lines(self) -> list[str]:
        """One line per broken row (what `audit verify` prints below its verdict)."""
        out = [T("row {row}: {kind}: {reason}", row=b.row_id, kind=KIND_WORDS.get(b.kind, b.kind), reason=b.reason)
               for b in self.breaks]
        total = sum(n for _, n in self.counts)
        if total > len(self.breaks):
            out.append(T("… and {count} more broken rows", count=total - len(self.breaks)))
        return out


@dataclass(frozen=True, slots=True)
class Anchor:
    """An exported chain head: what `audit head` prints and a manager keeps."""

    rows: int
    head_id: int | None
    head: str
    exported_at: str  # ISO 8601, UTC
    database: str = ""

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps({"kind": "branch-console audit head", **asdict(self)}, ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict) -> Anchor:
        head_id = data["head_id"]
        return cls(rows=int(data["rows"]), head_id=None if head_id is None else int(head_id), head=str(data["head"]),
                   exported_at=str(data["exported_at"]), database=str(data.get("database", "")))

    @classmethod
    def load(cls, path: str | Path) -> Anchor:
        try:
            return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(T("cannot read the exported audit head {path}: {error}", path=str(path),
                               error=str(exc))) from exc


def append_ledger(path: str | Path, anchor: Anchor) -> None:
    """Append the head as one JSON line to the ledger a manager keeps outside the database
    (flushed to disk before returning: a cron job's line is not lost to a power cut)."""
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(anchor.to_json(indent=None) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise StoreError(T("cannot append the audit head to {path}: {error}", path=str(path),
                           error=str(exc.strerror or exc))) from exc


def keep_head(path: str | Path, anchor: Anchor) -> None:
    """Record the head an intact verify ended on (``audit verify --verified-head FILE``), replacing the
    file whole: written beside it, flushed, then renamed over it (a power cut leaves the old head)."""
    path = Path(path)
    part = path.with_name(path.name + ".part")
    try:
        with open(part, "w", encoding="utf-8") as fh:
            fh.write(anchor.to_json() + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(part, path)
    except OSError as exc:
        raise StoreError(T("cannot record the verified audit head in {path}: {error}", path=str(path),
                           error=str(exc.strerror or exc))) from exc


def load_ledger(path: str | Path) -> list[Anchor]:
    """The heads of a ledger written by `append_ledger`; StoreError names a line that is not one."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(T("cannot read the audit head ledger {path}: {error}", path=str(path),
                           error=str(exc))) from exc
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            out.append(Anchor.from_dict(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(T("line {line} of the audit head ledger {path} is not an exported head ({error}): "
                               "was the ledger edited?", line=number, path=str(path), error=str(exc))) from exc
    return out


def _require_full_view(s: Session) -> None:
    """PostgreSQL with row-level security: a branch login sees only its branch's audit rows, so
    its walk would find gaps that are not tampering. Refuse with who can verify instead."""
    if s.get_bind().dialect.name != "postgresql":
        return
    from sqlalchemy import text

    from console.store.pg import security as sec

    if not s.scalar(text("SELECT to_regprocedure('bc_is_provincial()') IS NOT NULL")):
        return  # no row-level security installed: every login sees every row
    full = s.scalar(text(
        "SELECT NOT row_security_active('audit_log')"
        " OR pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = 'audit_log'::regclass), 'MEMBER')"
        " OR ((pg_has_role(current_user, :admin, 'MEMBER') OR pg_has_role(current_user, :inspector, 'MEMBER'))"
        "     AND bc_is_provincial())"),
        {"admin": sec.ADMIN, "inspector": sec.INSPECTOR})
    if not full:
        user = s.scalar(text("SELECT current_user"))
        raise StoreError(T("the login {login} sees only its own branch's audit rows (row-level security), so it "
                           "cannot check the whole chain: a provincial administrator or inspector, or the database "
                           "owner verifies it ('branch-console audit verify --db URL')", login=user))


def _instant_iso(value) -> str:
    """A stored ``at`` in the chain's canonical form (UTC ``isoformat()``, as ``chain._canonical`` writes it)."""
    return utc_instant(value).isoformat()


def _decoded(raw):
    if raw is None or raw.__class__ is not str:  # PostgreSQL's driver decodes JSON itself
        return raw
    return json.loads(raw)


def _rows(s: Session, after_id: int) -> Iterator[tuple[int, Any, Text | None]]:
    """(id, (the row's values, its canonical instant and images), read error) in id order, read as plain
    driver rows. A row whose instant or JSON cannot be decoded (e.g. garbled) comes back with the error,
    and the walk goes on."""
    q = select(*_COLUMNS).where(AuditLog.id > after_id).order_by(AuditLog.id)
    q = q.with_only_columns(*(type_coerce(c, String) if c.key in _RAW else c for c in _COLUMNS))
    for row in plain_rows(s.connection(), q, CHUNK):
        rid, branch_id, at, actor_id, action, entity, entity_id, before, after, prev_hash, stored = row
        try:
            values = (branch_id, _instant_iso(at), actor_id, action, entity, entity_id, _decoded(before),
                      _decoded(after), prev_hash, stored)
        except (ValueError, TypeError, AttributeError) as exc:
            yield rid, None, T("the row cannot be read ({error})", error=str(exc))
            continue
        yield rid, values, None


def verify(store, *, anchor: Anchor | None = None, anchors: Iterable[Anchor] = (), since: Anchor | None = None,
           progress: Callable[[float, str], None] | None = None) -> VerifyResult:
    """Recompute the whole chain and report every broken row (see the module doc). With `anchor`
    (an exported head) or `anchors` (a ledger), also require each exported head to be in the
    chain: the same hash at the same row id. `first_broken_id`/`reason` name the first break.
    `progress(fraction, message)` is called every CHUNK rows (it may raise to stop the walk).

    ``since``: the head an earlier intact walk ended on (``VerifyResult.anchor()``, kept outside the
    database): only the rows after it are read and recomputed, chained onto its hash, once its row is
    found with that hash and the rows up to it still number as many (a daily run reads a day's rows).
    A row before that head changed since is found by a walk without ``since`` (every row)."""
    wanted: dict[int, list[Anchor]] = {}
    for a in [*([anchor] if anchor is not None else []), *anchors]:
        if a.head_id is not None:  # a head exported from an empty log anchors nothing
            wanted.setdefault(a.head_id, []).append(a)
    prev = ""
    count = 0
    found = 0
    prev_id: int | None = None
    breaks: list[Break] = []
    counts: dict[str, int] = {}
    last_good = ("", None)  # the hash and id of the last row that is intact and correctly linked

    before_first = [0]

    def broke(rid: int | None, kind: str, reason: Text) -> None:
        if not counts:
            before_first[0] = count - 1 if rid is not None and count else count
        counts[kind] = counts.get(kind, 0) + 1
        if len(breaks) < BREAKS_KEPT:
            breaks.append(Break(rid, kind, reason))

    start_id = 0
    with store.read() as s:
        snapshot(s)  # one consistent view for the whole walk
        _require_full_view(s)
        if since is not None and since.head_id is not None:
            start_id, count, prev, prev_id = since.head_id, since.rows, since.head, since.head_id
            last_good = (since.head, since.head_id)
            _check_since(s, since, broke)
        total = s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.id > start_id)) if progress else 0
        first_count = count
        for rid, r, error in _rows(s, start_id):
            count += 1
            done = count - first_count
            if progress and done % CHUNK == 1:
                progress(min(1.0, (done - 1) / (total or 1)), T("{count} of {total} rows checked", count=done - 1,
                                                                total=total))
            if error:
                broke(rid, "unreadable", error)
                prev = None  # the next row cannot be checked against this one's hash
                continue
            (branch_id, at, actor_id, action, entity, entity_id, before, after, prev_hash, stored) = r
            intact = True
            if prev is not None and prev_hash != prev:
                intact = False
                broke(rid, "relinked", T("prev_hash is not the previous row's hash (expected {expected}, found "
                                         "{found}): a row before it was removed, inserted or changed",
                                         expected=prev or EMPTY, found=prev_hash or EMPTY))
            digest = stored_digest(prev_hash, branch_id, at, actor_id, action, entity, entity_id, before, after)
            if digest != stored:
                intact = False
                broke(rid, "changed", T("hash mismatch: the row's content was changed after it was written "
                                        "(stored {stored}, recomputed {digest})", stored=stored, digest=digest))
            for a in wanted.pop(rid, ()):
                if stored != a.head:
                    intact = False
                    broke(rid, "anchor", T("the head exported at {at} was {head}, the chain now has {stored} at "
                                           "this row: the log was rewritten from here or before", at=a.exported_at,
                                           head=a.head, stored=stored))
                else:
                    found += 1
            prev, prev_id = stored, rid
            if intact and not breaks:
                last_good = (stored, rid)
    for head_id in sorted(wanted):
        a = wanted[head_id][0]
        broke(a.head_id, "anchor", T("the head exported at {at} (row {row}, {rows} rows, {head}) is no longer in "
                                     "the chain: rows were removed", at=a.exported_at, row=a.head_id, rows=a.rows,
                                     head=a.head))
    read = count - first_count if since is not None and since.head_id is not None else count
    if progress:
        progress(1.0, T("{count} rows checked", count=read))
    if breaks:
        first = breaks[0]
        return VerifyResult(False, count, last_good[0], first.row_id, first.reason, anchors=found,
                            head_id=last_good[1], breaks=tuple(breaks), intact_before=before_first[0],
                            counts=tuple(sorted(counts.items(), key=lambda kv: list(KINDS).index(kv[0]))),
                            read=read, since=since)
    return VerifyResult(True, count, prev or "", anchors=found, head_id=prev_id, read=read,
                        since=since if since is not None and since.head_id is not None else None)


def _check_since(s: Session, since: Anchor, broke) -> None:
    """The head a walk starts after is still the chain's: its row with its hash, as many rows up to it."""
    stored = s.scalar(select(AuditLog.hash).where(AuditLog.id == since.head_id))
    upto = s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.id <= since.head_id))
    if stored is None:
        broke(since.head_id, "anchor", T("the head verified at {at} (row {row}) is no longer in the chain: rows were "
                                         "removed", at=since.exported_at, row=since.head_id))
    elif stored != since.head:
        broke(since.head_id, "anchor", T("the head verified at {at} was {head}, the chain now has {stored} at this "
                                         "row: the log was rewritten from here or before", at=since.exported_at,
                                         head=since.head, stored=stored))
    elif upto != since.rows:
        broke(since.head_id, "anchor", T("the chain held {rows} rows up to the head verified at {at} and now holds "
                                         "{now}: rows before it were removed or inserted", rows=since.rows,
                                         at=since.exported_at, now=upto))


def describe_row(store, row_id: int) -> dict[str, Any] | None:
    """What an audit row says it records (time, action, entity, actor's name), to name a broken
    row to a person; None when the row is gone or cannot be read."""
    from console.models import Staff

    try:
        with store.read() as s:
            r = s.execute(select(AuditLog.at, AuditLog.action, AuditLog.entity, AuditLog.entity_id, Staff.name,
                                 Staff.work_number)
                          .outerjoin(Staff, Staff.id == AuditLog.actor_id).where(AuditLog.id == row_id)).first()
    except (ValueError, TypeError):
        return None
    if r is None:
        return None
    return {"at": r[0], "action": r[1], "entity": r[2], "entity_id": r[3],
            "actor": f"{r[4]} ({r[5]})" if r[4] else ""}


def head(store, *, now: dt.datetime | None = None) -> Anchor:
    """The current head of the chain, to export and keep outside the database."""
    now = now or dt.datetime.now(UTC)
    with store.read() as s:
        snapshot(s)  # one consistent view for the whole walk
        rows = s.scalar(select(func.count()).select_from(AuditLog)) or 0
        last = s.execute(select(AuditLog.id, AuditLog.hash).order_by(AuditLog.id.desc()).limit(1)).first()
    return Anchor(rows=rows, head_id=last[0] if last else None, head=last[1] if last else "",
                  exported_at=now.astimezone(UTC).isoformat(timespec="seconds"),
                  database=store.display_url)
