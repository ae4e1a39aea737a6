"""The escalation ladder (R-TIME-9/11 feed it, R-FIRST-4 adds manual escalations).

A ladder is an ordered tuple of :class:`Level`. Each level has one trigger:

* ``fraction``: fires when the clock has used that share of its allowance
  (``Clock.fraction``, which already accounts for pauses and extensions);
* ``overdue``: fires when the clock is breached and ``now - due`` has reached that long.

Default: 50 % → the assignee; 80 % → the dispatcher on duty; 100 % → the branch
leader; 24 h overdue → provincial supervision.

:func:`due_escalations` is pure: given an order's :class:`~console.rules.clock.SlaState` and the
(clock, level) pairs already fired (read them from the order's ``escalated`` events with
:func:`fired_levels`), it returns the escalations due now. Each level fires **once per order**
(R-TIME-11: the order is escalated to that level; which clock took it there is in the reason) —
never again, for that clock or another of the order's clocks, whatever happens later (a reopen or
extension that lowers the fraction does not re-arm it; the callback clock of a completed order that
already reached a level does not escalate to it a second time). A control room that is told of one
order at one level once is not flooded: the alerts stay what a person can read and acknowledge.
When clocks cross several levels between two passes, every level not yet fired is returned, lowest
first, each named after the first of the order's clocks (in the policy's clock order) that reached it. Only open clocks escalate (closed clocks and clocks
waiting for materials never do); a paused clock can still cross a level below 100 %, but levels
at or above 100 % and overdue levels need a ticking clock (a paused clock is never breached).

R-FIRST-4 — anyone may escalate an order by hand ("uncertain, especially important or urgent
matters are reported to a leader at once"): that is only an ``escalated`` event with
``manual: true``, a target and a non-empty reason (:func:`manual_payload` builds and checks it).
There is nothing to compute; manual escalations neither count as nor suppress ladder levels.

R-TIME / R-FIRST-4 — a provisional due (a year whose official working-day calendar is not entered:
``Clock.provisional``, Monday–Friday guesses) is never taken as fact. A level it reaches fires
*at once* (R-FIRST-4: a possibly urgent matter is not held back), marked ``provisional: true``
with the year of its due (``provisional_year``): the alert says "provisional", the ladder rank it
gives the order is 0 (``ladder_level``: ``Order.escalation_level`` counts facts only), and it
fires once as such. Once the calendar is entered and the clock's due is official, a level reached
only provisionally fires again, as fact, if the official due reaches it too; one the official
due does not reach is not fired (the provisional alert is withdrawn by the alerts' reader,
services.orders.escalation). :func:`provisional_levels` reads those firings back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from console.i18n import T, Text
from console.rules.clock import BREACHED, ESCALATED, PAUSED_STATE, SlaState
from console.rules.periods import to_china


@dataclass(frozen=True)
class Level:
    """One rung: ``name`` is what the ``escalated`` event stores as its ``level``."""

    name: str
    target: str  # assignee | dispatcher_on_duty | branch_leader | provincial_supervision | …
    fraction: float | None = None
    overdue: dt.timedelta | None = None

    def __post_init__(self) -> None:
        if (self.fraction is None) == (self.overdue is None):
            raise ValueError(T("level {name!r}: give exactly one of fraction or overdue", name=self.name))
        if self.fraction is not None and self.fraction <= 0:
            raise ValueError(T("level {name!r}: fraction must be > 0", name=self.name))
        if self.overdue is not None and self.overdue < dt.timedelta(0):
            raise ValueError(T("level {name!r}: overdue must be >= 0", name=self.name))


DEFAULT_LADDER: tuple[Level, ...] = (
    Level("assignee", "assignee", fraction=0.5),
    Level("dispatcher", "dispatcher_on_duty", fraction=0.8),
    Level("leader", "branch_leader", fraction=1.0),
    Level("province", "provincial_supervision", overdue=dt.timedelta(hours=24)),
)


MANUAL_RANK = 3  # R-FIRST-4: a manual escalation goes "to a leader at once" — it weighs as the leader's rung


@dataclass(frozen=True)
class Escalation:
    """An escalation due now; :meth:`payload` is the ``escalated`` event's payload."""

    clock: str
    level: str
    target: str
    rule_id: str  # the clock's rule (R-TIME-…/R-VISIT-…)
    reason: str  # a Text (reason_for): stored as its English rendering, `reason_text` reads it back
    provisional_year: int | None = None  # R-TIME: the due rests on a year not entered (None: official)

    @property
    def provisional(self) -> bool:
        return self.provisional_year is not None

    def payload(self) -> dict:
        out = {"clock": self.clock, "level": self.level, "target": self.target, "manual": False,
               "reason": self.reason}
        if self.provisional:  # R-TIME: never a breach as fact (module doc)
            out["provisional"] = True
            out["provisional_year"] = self.provisional_year
        return out


def ladder(levels: Iterable[Level | Mapping]) -> tuple[Level, ...]:
    """A validated ladder from levels or settings rows (``name``, ``target`` and ``fraction`` or
    ``overdue_hours``). Names must be unique; the order given is the firing order."""
    out: list[Level] = []
    for lv in levels:
        if isinstance(lv, Mapping):
            hours = lv.get("overdue_hours")
            lv = Level(
                str(lv["name"]),
                str(lv["target"]),
                fraction=None if lv.get("fraction") is None else float(lv["fraction"]),
                overdue=None if hours is None else dt.timedelta(hours=float(hours)),
            )
        out.append(lv)
    names = [lv.name for lv in out]
    if len(set(names)) != len(names):
        raise ValueError(T("duplicate level names in ladder: {names}", names=str(names)))
    if not out:
        raise ValueError(T("an escalation ladder needs at least one level"))
    return tuple(out)


def fired_levels(events: Iterable) -> frozenset[tuple[str, str]]:
    """(clock, level) pairs of the ladder escalations already stored as ``escalated`` events, as
    fact. Manual ones (R-FIRST-4, ``manual: true``) are not ladder levels and are left out, and so
    are provisional ones (R-TIME: :func:`provisional_levels`)."""
    return _ladder_pairs(events, provisional=False)


def provisional_levels(events: Iterable) -> frozenset[tuple[str, str]]:
    """(clock, level) pairs fired on a provisional due (R-TIME: ``provisional: true``)."""
    return _ladder_pairs(events, provisional=True)


def _ladder_pairs(events: Iterable, *, provisional: bool) -> frozenset[tuple[str, str]]:
    fired = set()
    for e in events:
        if e.type == ESCALATED:
            p = e.payload or {}
            if (not p.get("manual") and p.get("clock") and p.get("level") is not None
                    and bool(p.get("provisional")) == provisional):
                fired.add((str(p["clock"]), str(p["level"])))
    return frozenset(fired)


def rank_of(level: str, levels: Sequence[Level] = DEFAULT_LADDER) -> int:
    """1-based position of a ladder level; 0 for a manual escalation or an unknown level."""
    for i, lv in enumerate(levels, 1):
        if lv.name == level:
            return i
    return 0


def ladder_level(payload, levels: Sequence[Level] = DEFAULT_LADDER) -> int:
    """The ladder rank one ``escalated`` event's payload reached (0: manual, R-FIRST-4; 0 for a
    provisional one too, R-TIME: the order's level counts facts only)."""
    p = payload or {}
    return 0 if p.get("manual") or p.get("provisional") else rank_of(str(p.get("level") or ""), levels)


def due_escalations(
    state: SlaState, fired: Iterable[tuple[str, str]] = (), levels: tuple[Level, ...] = DEFAULT_LADDER,
    provisional: Iterable[tuple[str, str]] = (),
) -> tuple[Escalation, ...]:
    """The ladder escalations to fire now for one order (see module doc); each level at most once
    per order as fact: a level named in ``fired`` (for any clock) is never returned again. A level
    named in ``provisional`` (fired on a provisional due, R-TIME) is returned again only when a
    clock with an official due reaches it."""
    done = {level for _clock, level in fired}  # R-TIME-11: once per order and level
    told = {level for _clock, level in provisional}  # R-TIME: already said, provisionally
    out: list[Escalation] = []
    for c in state.clocks:
        if c.started_at is None or c.finished_at is not None:
            continue  # waiting for materials or closed
        ticking = c.state != PAUSED_STATE
        guess = bool(c.provisional) and c.due is not None
        for lv in levels:
            if lv.name in done or (guess and lv.name in told):
                continue
            if lv.fraction is not None:
                if c.fraction < lv.fraction or (lv.fraction >= 1.0 and not ticking):
                    continue
                why = _used(lv.fraction, c.rule_id, c.due)
            else:
                over = -c.remaining
                if c.state != BREACHED or over < lv.overdue:
                    continue
                why = _overdue(c.rule_id, over.total_seconds() / 3600, c.due)
            # R-TIME: a provisional due fires marked so (its year), never as fact
            out.append(Escalation(c.name, lv.name, lv.target, c.rule_id, why, _year_of(c.due) if guess else None))
            (told if guess else done).add(lv.name)
    return tuple(sorted(out, key=lambda e: _position(e.level, levels)))


def quiet_until(
    state: SlaState, fired: Iterable[tuple[str, str]] = (), levels: tuple[Level, ...] = DEFAULT_LADDER,
    provisional: Iterable[tuple[str, str]] = (),
) -> dt.datetime | None:
    """Until when :func:`due_escalations` of this order stays empty if its log does not change: the
    first instant after ``state.now`` at which a ticking clock reaches a level not yet fired — a
    running clock's fraction grows with time alone, ``fraction(t) = 1 - (due - t) / window``, so
    level ``f`` is reached at ``due - (1 - f) * window`` and an overdue level at ``due + overdue``.
    ``None``: no clock can reach one (all closed, waiting, or every level fired). ``state.now``
    itself when that cannot be said from the clocks — a paused clock (a working-day due moves a day
    at a time while it is paused), a clock without an allowance, or a level already reached but not
    returned (a fraction rounded below its level): the order is judged again at the next pass.

    Only meaningful when ``due_escalations(state, fired, levels, provisional)`` is empty; the
    escalation pass skips an order until then (R-TIME-9/11), judging it again whenever its log changes."""
    done = {level for _clock, level in fired}
    told = {level for _clock, level in provisional}
    now = state.now
    until: dt.datetime | None = None
    for c in state.clocks:
        if c.started_at is None or c.finished_at is not None:
            continue  # waiting for materials or closed: nothing escalates until the log changes
        guess = bool(c.provisional) and c.due is not None
        wanted = [lv for lv in levels if lv.name not in done and not (guess and lv.name in told)]
        if not wanted:
            continue
        if c.state == PAUSED_STATE or c.due is None or c.window is None or c.window <= dt.timedelta(0):
            return now
        for lv in wanted:
            at = c.due - (1.0 - lv.fraction) * c.window if lv.fraction is not None else c.due + lv.overdue
            if at <= now:
                return now  # reached but not returned (rounding): say nothing of it, judge it again
            if until is None or at < until:
                until = at
    return until


def _year_of(due: dt.datetime) -> int:
    """The year of the working day a due ends (24:00 of 12-31 is that year's, not the next)."""
    return to_china(due - dt.timedelta(microseconds=1)).year


def _position(level: str, levels: Sequence[Level]) -> int:
    return next(i for i, lv in enumerate(levels) if lv.name == level)


def manual_payload(target: str, reason: str, clock: str | None = None) -> dict:
    """R-FIRST-4: the payload of a hand-made ``escalated`` event; the reason is required."""
    if not str(reason or "").strip():
        raise ValueError(T("R-FIRST-4: a manual escalation needs a reason"))
    if not str(target or "").strip():
        raise ValueError(T("R-FIRST-4: a manual escalation needs a target (e.g. branch_leader)"))
    return {"clock": clock, "level": "manual", "target": target, "manual": True, "reason": reason.strip()}


# ---- the reasons' words ------------------------------------------------------------------------
# An ``escalated`` event stores its reason as the English rendering (the payload is data, read by
# the CLI and the exports as it is); `reason_text` gives a stored ladder reason back as the Text it
# was made from, so the alerts panel says it in the user's language. A manual reason (R-FIRST-4)
# is what a person typed: it stays as it is.
def _used(fraction: float, rule_id: str, due: dt.datetime) -> Text:
    return T("{fraction:.0%} of the {rule_id} time limit used (due {due:%Y-%m-%d %H:%M})",
             fraction=fraction, rule_id=rule_id, due=due)


def _overdue(rule_id: str, hours: float, due: dt.datetime) -> Text:
    return T("{rule_id} breached, overdue by {hours} (due {due:%Y-%m-%d %H:%M})", rule_id=rule_id,
             hours=T("{hours:.1f} h", hours=hours), due=due)


_WHEN = r"\(due (\d{4}-\d{2}-\d{2} \d{2}:\d{2})\)"
_USED_RE = re.compile(r"^(\d+)% of the (\S+) time limit used " + _WHEN + "$")
_OVERDUE_RE = re.compile(r"^(\S+) breached, overdue by (-?\d+\.\d) h " + _WHEN + "$")


def reason_text(stored: str | None) -> Text | str:
    """A stored ``escalated`` reason as a Text to render in the user's language (its str() is
    `stored` itself); a manual reason or anything else comes back as it is."""
    text = stored or ""
    if isinstance(text, Text):
        return text
    again: Text | None = None
    if m := _USED_RE.match(text):
        again = _used(int(m[1]) / 100, m[2], dt.datetime.strptime(m[3], "%Y-%m-%d %H:%M"))
    elif m := _OVERDUE_RE.match(text):
        again = _overdue(m[1], float(m[2]), dt.datetime.strptime(m[3], "%Y-%m-%d %H:%M"))
    return again if again is not None and str(again) == text else text
