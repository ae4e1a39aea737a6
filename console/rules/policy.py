"""Default time limits of the regulation (RULES.md, R-TIME), as plain values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
    raise KeyError(f"no time limit for {kind!r}")
