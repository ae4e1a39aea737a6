"""Admin edits of the SLA time-limit table (RULES.md R-TIME-1..7, R-VISIT-1).

A change never edits rows in place: it writes a NEW version — every row of the latest version
copied, the changed ones replaced — effective from an instant (now by default, never earlier).
"A change applies to clocks that start after it; every order records which policy version it ran
under": intake stamps each order with the version in force at its receipt
(``sla.current_policy_version``), so orders already taken keep their limits and no cached due time
moves — which is why saving a version does not rebuild any cache. Every save is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from console.errors import ConcurrentEditError, StoreError
from console.i18n import T, Text
from console.models import SlaPolicy, Staff
from console.rules.periods import CST, UTC
from console.rules.policy import AREAS, Limit
from console.services.access import permissions
from console.services.audit import chain as audit
from console.services.sla.policy import current_policy_version

UNITS = ("hours", "workdays")


@dataclass(frozen=True)
class PolicyVersion:
    """One stored version of the limit table, as plain values."""

    version: int
    effective_from: dt.datetime  # aware (UTC)
    created_by_id: int | None
    created_by: str | None  # the author's name, None for the regulation's defaults
    limits: tuple[Limit, ...]  # in table order (the order the rows were written)


def _china(t: dt.datetime) -> str:
    return f"{t.astimezone(CST):%Y-%m-%d %H:%M}"


def _utc(now: dt.datetime | None, what: Text) -> dt.datetime:
    if now is None:
        return dt.datetime.now(UTC)
    if now.tzinfo is None:
        raise StoreError(T("{what} must carry a time zone", what=what))
    return now


def _limit(row: SlaPolicy) -> Limit:
    return Limit(row.kind, row.area, row.limit, row.unit, row.rule_id)  # type: ignore[arg-type]


def _load(s, version: int | None = None) -> list[PolicyVersion]:
    q = select(SlaPolicy, Staff.name).outerjoin(Staff, Staff.id == SlaPolicy.created_by_id)
    if version is not None:
        q = q.where(SlaPolicy.version == version)
    rows: dict[int, list] = {}
    for row, name in s.execute(q.order_by(SlaPolicy.version, SlaPolicy.id)):
        rows.setdefault(row.version, []).append((row, name))
    out = []
    for v, items in rows.items():
        first, name = items[0]
        out.append(PolicyVersion(v, first.effective_from, first.created_by_id, name,
                                 tuple(_limit(r) for r, _ in items)))
    return out


def versions(store) -> list[PolicyVersion]:
    """Every stored version, oldest first (the history of the limit table)."""
    with store.read() as s:
        return _load(s)


def latest(store) -> PolicyVersion:
    """The newest version: in force now, or scheduled to take effect later. Edits build on it."""
    with store.read() as s:
        v = s.scalar(select(func.max(SlaPolicy.version)))
        if v is None:
            raise StoreError(T("the SLA policy table is empty: the database was not seeded"))
        return _load(s, v)[0]


def current_limits(store, at: dt.datetime | None = None) -> tuple[int, list[Limit]]:
    """The version in force at ``at`` (default now) and its limits."""
    at = _utc(at, T("the instant"))
    with store.read() as s:
        v = current_policy_version(s, at)
        found = _load(s, v)
        if not found:
            raise StoreError(T("policy version {version} has no rows", version=v))
        return v, list(found[0].limits)


def _checked(changes: Mapping, base: PolicyVersion) -> dict[tuple[str, str], tuple[int, str]]:
    """Validate every change against the base version; StoreError naming the first problem."""
    table = {(lim.kind, lim.area): lim for lim in base.limits}
    kinds = list(dict.fromkeys(lim.kind for lim in base.limits))
    out: dict[tuple[str, str], tuple[int, str]] = {}
    for key, value in changes.items():
        try:
            kind, area = key
            limit, unit = value
        except (TypeError, ValueError):
            raise StoreError(T("a change must be (kind, area) -> (limit, unit), got {key!r} -> {value!r}", key=key,
                               value=value)) from None
        if kind not in kinds:
            raise StoreError(T("unknown kind {kind!r}: the policy has limits for {kinds}", kind=kind,
                               kinds=", ".join(kinds)))
        if (kind, area) not in table:
            areas = ", ".join(a for k, a in table if k == kind)
            if area in AREAS:
                raise StoreError(T("{kind} has no limit for area {area!r}; its areas: {areas}", kind=kind, area=area,
                                   areas=areas))
            raise StoreError(T("{kind} has no limit for area {area!r} (areas are {known}); its areas: {areas}",
                               kind=kind, area=area, known="|".join(AREAS), areas=areas))
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise StoreError(T("the limit of {kind} ({area}) must be a whole number, got {limit!r}", kind=kind,
                               area=area, limit=limit))
        if limit <= 0:
            raise StoreError(T("the limit of {kind} ({area}) must be greater than 0, got {limit}", kind=kind,
                               area=area, limit=limit))
        if unit not in UNITS:
            raise StoreError(T("the unit of {kind} ({area}) must be hours or workdays, got {unit!r}", kind=kind,
                               area=area, unit=unit))
        out[kind, area] = (limit, unit)
    return out


def set_limits(
    store,
    changes: Mapping[tuple[str, str], tuple[int, str]],
    *,
    actor_id: int | None,
    effective_from: dt.datetime | None = None,
    now: dt.datetime | None = None,
    expected_version: int | None = None,
) -> int:
    """Write a new policy version and return its number.

    ``changes`` maps (kind, area) to (limit, unit); other rows are copied from the latest version.
    ``effective_from`` (aware; default ``now``) must not be before ``now`` nor before the latest
    version's own start. ``expected_version``: the version the user edited — ConcurrentEditError
    when another administrator saved a newer one meanwhile. StoreError names any other problem;
    nothing is written then.
    """
    now = _utc(now, T("the current time"))
    effective_from = now if effective_from is None else _utc(effective_from, T("the effective time"))
    if effective_from < now:
        raise StoreError(T(
            "a new policy cannot take effect in the past ({at} is before now, {now} China time): a change applies "
            "only to clocks that start after it", at=_china(effective_from), now=_china(now)))
    if not changes:
        raise StoreError(T("no limit was changed: nothing to save"))
    try:
        with store.write() as s:
            top = s.scalar(select(func.max(SlaPolicy.version)))
            if top is None:
                raise StoreError(T("the SLA policy table is empty: the database was not seeded"))
            base = _load(s, top)[0]
            permissions.require(s, actor_id, permissions.Action.POLICY)
            if expected_version is not None and base.version != expected_version:
                who = base.created_by or T("another administrator")
                raise ConcurrentEditError(T(
                    "{who} saved policy version {version} since you opened version {expected}; nothing was saved — "
                    "reload the table and make your change again", who=who, version=base.version,
                    expected=expected_version), changed_by=who)
            checked = _checked(changes, base)
            if base.effective_from > effective_from:
                raise StoreError(T(
                    "version {version} is scheduled from {at}: a newer version must take effect at or after that "
                    "time", version=base.version, at=_china(base.effective_from)))
            current = {(lim.kind, lim.area): lim for lim in base.limits}
            real = {k: v for k, v in checked.items() if (current[k].limit, current[k].unit) != v}
            if not real:
                raise StoreError(T("no limit differs from version {version}: nothing to save", version=base.version))
            new = base.version + 1
            rows = []
            for lim in base.limits:
                limit, unit = real.get((lim.kind, lim.area), (lim.limit, lim.unit))
                rows.append({"version": new, "kind": lim.kind, "area": lim.area, "limit": limit, "unit": unit,
                             "rule_id": lim.rule_id, "effective_from": effective_from, "created_by_id": actor_id})
            s.execute(insert(SlaPolicy), rows)

            def label(k):
                return f"{k[0]}/{k[1]}"

            audit.record(
                s, actor_id=actor_id, action="policy.set_limits", entity="sla_policy", entity_id=new,
                branch_id=None,
                before={"version": base.version,
                        "limits": {label(k): {"limit": current[k].limit, "unit": current[k].unit,
                                              "rule_id": current[k].rule_id} for k in real}},
                after={"version": new, "effective_from": effective_from,
                       "limits": {label(k): {"limit": v[0], "unit": v[1], "rule_id": current[k].rule_id}
                                  for k, v in real.items()}},
                at=now)
            return new
    except IntegrityError:
        # two administrators saved at once: the (version, kind, area) key let one of them through
        raise ConcurrentEditError(T(
            "another administrator saved a policy version at the same moment; nothing was saved — "
            "reload the table and make your change again")) from None
