"""Default time limits of the regulation (RULES.md, R-TIME), as plain values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from console.i18n import T

Unit = Literal["hours", "workdays"]


@dataclass(frozen=True)
class Limit:
    kind: str  # order kind or clock name
    area: str  # urban | rural | any
    limit: int
    unit: Unit
    rule_id: str


DEFAULT_LIMITS: tuple[Limit, ...] = (
    Limit("general_fault", "any", 24, "hours", "R-TIME-1"),
    Limit("major_fault", "any", 72, "hours", "R-TIME-2"),
    Limit("installation", "urban", 5, "workdays", "R-TIME-3"),
    Limit("installation", "rural", 10, "workdays", "R-TIME-4"),
    Limit("restoration", "any", 5, "workdays", "R-TIME-5"),
    Limit("complaint", "any", 3, "workdays", "R-TIME-6"),
    Limit("complaint_first_response", "any", 4, "hours", "R-TIME-7"),
    Limit("callback", "any", 72, "hours", "R-VISIT-1"),
)


def default_limit(kind: str, *, rural: bool = False) -> Limit:
    """The regulation's limit for a clock kind; KeyError for a kind without one."""
    area = "rural" if rural else "urban"
    for lim in DEFAULT_LIMITS:
        if lim.kind == kind and lim.area in (area, "any"):
            return lim
    raise KeyError(T("no time limit for {kind!r}", kind=kind))


AREAS = ("urban", "rural", "any")
_ROW_KEYS = ("version", "kind", "area", "limit", "unit", "rule_id")


@dataclass(frozen=True)
class Policy:
    """One version of the time-limit table (R-TIME-1..7, R-VISIT-1), as plain values.

    A limit is looked up by (kind, area): the exact area first, then "any". Kinds are order kinds
    (the resolve clock) or clock names (``complaint_first_response``, ``callback``). Versions are
    chosen by the caller: a policy change applies to clocks that start after it, and each order
    records the version it runs under.
    """

    version: int
    limits: tuple[Limit, ...]
    _index: dict = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        index: dict[tuple[str, str], Limit] = {}
        for lim in self.limits:
            if lim.area not in AREAS:
                raise ValueError(T("unknown area {area!r} for {kind!r} (urban|rural|any)", area=lim.area, kind=lim.kind))
            if lim.unit not in ("hours", "workdays"):
                raise ValueError(T("unknown unit {unit!r} for {kind!r} (hours|workdays)", unit=lim.unit, kind=lim.kind))
            if lim.limit < 0:
                raise ValueError(T("negative limit for {kind!r}", kind=lim.kind))
            if (lim.kind, lim.area) in index:
                raise ValueError(T("two limits for ({kind!r}, {area!r}) in policy {version}", kind=lim.kind, area=lim.area,
                                   version=self.version))
            index[lim.kind, lim.area] = lim
        object.__setattr__(self, "_index", index)

    def limit(self, kind: str, *, rural: bool = False) -> Limit | None:
        """The limit for ``kind`` in a rural or urban area; None when the kind has no limit."""
        index = self._index
        key = (kind, bool(rural))
        try:
            return index[key]
        except KeyError:
            lim = index.get((kind, "rural" if rural else "urban")) or index.get((kind, "any"))
            index[key] = lim  # memo: (kind, rural) keys never clash with (kind, area) keys
            return lim

    @classmethod
    def default(cls) -> Policy:
        """Version 1: the regulation's limits (RULES.md R-TIME-1..7, R-VISIT-1)."""
        return _DEFAULT_POLICY

    @classmethod
    def from_rows(cls, rows: Iterable, version: int | None = None) -> Policy:
        """Build from ``sla_policy`` rows (objects or dicts with kind, area, limit, unit,
        rule_id and version). With ``version``, only that version's rows are used; without it,
        all rows must share one version."""
        items = [r if isinstance(r, Mapping) else {k: getattr(r, k) for k in _ROW_KEYS} for r in rows]
        versions = {int(r["version"]) for r in items}
        if version is None:
            if len(versions) != 1:
                raise ValueError(T("rows of several policy versions {versions}: pick one", versions=str(sorted(versions))))
            version = versions.pop()
        chosen = tuple(
            Limit(str(r["kind"]), str(r["area"]), int(r["limit"]), r["unit"], str(r["rule_id"]))
            for r in items
            if int(r["version"]) == version
        )
        if not chosen:
            raise ValueError(T("no rows for policy version {version}", version=version))
        return cls(version, chosen)


_DEFAULT_POLICY = Policy(1, DEFAULT_LIMITS)
