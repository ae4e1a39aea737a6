"""Queue urgency: which clock a row shows, its colour band and its sort key (plain values).

Bands by fraction of the clock's allowance used: < 50 % ok, 50–80 % watch,
80–100 % risk, ≥ 100 % breached. R-TIME-9: emergencies, major complaints and
important customers sort first ("call and we come").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from console.i18n import T, Text

OK, WATCH, RISK, BREACHED = "ok", "watch", "risk", "breached"
WAITING, PAUSED, NO_CLOCK = "waiting", "paused", "none"

PRIORITY_RANK = {"emergency": 0, "major_complaint": 1, "important": 2, "normal": 3}  # R-TIME-9
"""The order of urgency, most urgent first: the one ranking (queue order, intake's floor)."""


def at_least(priority: str, floor: str = "important") -> str:
    """`priority`, raised to `floor` when it is less urgent (R-TIME-9: an important customer is
    never below "important")."""
    return priority if PRIORITY_RANK.get(priority, 3) <= PRIORITY_RANK[floor] else floor


def breached_now(sla_state: str | None, due_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether an order's resolve clock is breached at `now`, from its cached columns.

    The cached `sla_state` is the clock as of the order's last clock event (rules.order_facts): a
    running clock whose due has passed since is breached now although no event says so. A paused
    clock is never breached while it stays paused in time (rules.sla.evaluate); a closed one keeps
    the judgement of its close."""
    if sla_state == "breached":
        return True
    return sla_state == "running" and due_at is not None and due_at < now


def band(fraction: float) -> str:
    if fraction >= 1.0:
        return BREACHED
    if fraction >= 0.8:
        return RISK
    if fraction >= 0.5:
        return WATCH
    return OK


def countdown_parts(remaining: dt.timedelta) -> tuple[str, int, int, int]:
    """(sign, days, hours, minutes) of a countdown; the views word them in the user's language."""
    secs = int(remaining.total_seconds())
    sign = "-" if secs < 0 else ""
    secs = abs(secs)
    days, rest = divmod(secs, 86400)
    hours, rest = divmod(rest, 3600)
    return sign, days, hours, rest // 60


LAST_HOUR = dt.timedelta(hours=1)


def last_hour(remaining: dt.timedelta) -> tuple[int, int] | None:
    """(minutes, seconds) left when a clock is in its last hour before the due (the control
    room counts the seconds then); None otherwise (more left, or already breached)."""
    if not dt.timedelta(0) <= remaining < LAST_HOUR:
        return None
    return divmod(int(remaining.total_seconds()), 60)


def countdown_text(remaining: dt.timedelta) -> Text:
    """`2h 14m`, `-3h 05m`, `2d 03h` — minutes shown while under a day, `12m 07s` in the last
    hour; a Text (str() the English, the CLI's; "2小时14分" rendered in Chinese)."""
    if (ms := last_hour(remaining)) is not None:
        return T("{minutes}m {seconds:02d}s", minutes=ms[0], seconds=ms[1])
    sign, days, hours, minutes = countdown_parts(remaining)
    if days:
        return T("{sign}{days}d {hours:02d}h", sign=sign, days=days, hours=hours)
    return T("{sign}{hours}h {minutes:02d}m", sign=sign, hours=hours, minutes=minutes)


@dataclass(frozen=True, slots=True)
class Shown:
    """What the queue shows for one order at one instant."""

    state: str  # ok | watch | risk | breached | waiting | paused | none
    remaining: dt.timedelta | None
    fraction: float
    clock: str  # resolve | first_response | ""


def shown_clock(
    now: dt.datetime,
    *,
    status: str,
    sla_state: str | None,
    due_at: dt.datetime | None,
    budget_s: int | None,
    response_due_at: dt.datetime | None,
    response_budget_s: int | None = None,
) -> Shown:
    """The clock a queue row shows: a complaint's first-response clock (R-TIME-7) while it is
    open and due sooner, else the resolve clock (R-TIME-1..6). R-TIME-0: waiting for materials.
    Each band is the share of that clock's own allowance used (`budget_s`, `response_budget_s`:
    the policy's limits, cached with the order); an allowance not known (a first-response limit in
    working days on an order cached before its allowance was) shows ok until the due, then breached."""
    if status == "waiting_materials" or sla_state == "waiting_materials":
        return Shown(WAITING, None, 0.0, "")
    if response_due_at is not None and (due_at is None or response_due_at < due_at) and sla_state != "paused":
        remaining = response_due_at - now
        if response_budget_s:
            fraction = 1 - remaining.total_seconds() / response_budget_s
        else:
            fraction = 0.0 if remaining.total_seconds() > 0 else 1.0
        return Shown(band(fraction), remaining, fraction, "first_response")
    if sla_state == "paused":
        return Shown(PAUSED, due_at - now if due_at else None, 0.0, "resolve")
    if due_at is None:
        return Shown(NO_CLOCK, None, 0.0, "")
    remaining = due_at - now
    span = budget_s or 1
    fraction = 1 - remaining.total_seconds() / span
    return Shown(band(fraction), remaining, fraction, "resolve")


def countdown_changes_in(x: dt.timedelta, *, rising: bool = False) -> dt.timedelta:
    """How long until `countdown_text` of a countdown now at `x` can read differently, as it runs
    down (a time left) or, `rising`, up (a time overdue, shown as a positive countdown): a second
    in the last hour, else to the next minute, or the next hour beyond a day. Never late; at a
    boundary it may be zero (the caller looks again at its next tick)."""
    s = x.total_seconds()
    n = int(s)
    if rising:
        if 0 <= s < 3600:
            return dt.timedelta(seconds=1 - s % 1.0)
        unit = 3600 if abs(n) >= 86400 else 60
        return dt.timedelta(seconds=max(0.0, (abs(n) // unit + 1) * unit - abs(s)))
    if 0 <= s < 3600:
        return dt.timedelta(seconds=s % 1.0)
    if s >= 3600:
        unit = 3600 if n >= 86400 else 60
        return dt.timedelta(seconds=s - (n // unit) * unit)
    if s > -1:
        return dt.timedelta(seconds=s + 1)  # the sign appears
    a = -n
    unit = 3600 if a >= 86400 else 60
    return dt.timedelta(seconds=max(0.0, s + (a // unit + 1) * unit))


def look_changes_in(now: dt.datetime, **clock) -> dt.timedelta | None:
    """How long until what the queue shows of an order's clock (`shown_clock(now, **clock)`: its
    band, the countdown's words, the due-within-the-hour counter) can differ from now, the order
    staying as it is; None: not before it changes (waiting, paused, no clock). The countdowns tick
    once a second, but a second where nothing can move is skipped."""
    shown = shown_clock(now, **clock)
    if shown.state in (WAITING, PAUSED, NO_CLOCK) or shown.remaining is None:
        return None
    s = shown.remaining.total_seconds()
    if shown.clock == "first_response":
        span = clock.get("response_budget_s") or 0
    else:
        span = clock.get("budget_s") or 1
    waits = [countdown_changes_in(shown.remaining).total_seconds()]
    for share in ((0.5, 0.2, 0.0) if span else (0.0,)):  # band() at 50 %, 80 %, 100 % of the allowance
        edge = share * span
        if s > edge - 1.0:  # a second's slack: the band's float may turn a hair after the edge
            waits.append(max(0.0, s - edge))
            break
    if s > 3600:
        waits.append(s - 3600)  # DUE_SOON: the last hour's counter
    return dt.timedelta(seconds=min(waits))


def sort_key(priority: str, due_at: dt.datetime | None, response_due_at: dt.datetime | None,
             status: str, sla_state: str | None, received_at: dt.datetime) -> tuple:
    """Urgency order, fixed between ticks (all clocks run at the same speed):
    flagged first (R-TIME-9), then running/breached clocks by due, then paused, waiting, none."""
    group = 0
    due = due_at
    if response_due_at is not None and (due is None or response_due_at < due):
        due = response_due_at
    if status == "waiting_materials":
        group = 2
    elif sla_state == "paused":
        group = 1
    elif due is None:
        group = 3
    ts = due.timestamp() if due is not None else received_at.timestamp()
    return (PRIORITY_RANK.get(priority, 3) > 2, group, ts, received_at.timestamp())
