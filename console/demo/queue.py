"""The live queue of a well-run branch on a normal day: which recent demo orders are still open.

An order received in the last OPEN_WINDOW days may stay open in one of four ways, each with its
own odds, so the queue at `now` has roughly these shares (the rest run below 80 % of their limit):

* ~13 % waiting for materials (R-TIME-0): installations, restorations and business changes
  received in the last WAIT_DAYS whose checklist is not complete yet (R-FIRST-2);
* ~7 % paused, the pause begun in the last PAUSE_HOURS, before the due, with a reason;
* ~10 % at 80–100 % of the limit (the urgency "risk" band, console.rules.urgency);
* ~6–8 % overdue by a few hours up to MAX_OVERDUE_H, most of them by less than a day (the
  calibrated 7 % include orders the simulation itself finishes late or answers late, R-TIME-7);
* and, inside the running shares, ~11 % whose limit a leader extended (R-TIME-10: requested
  before the due, approved, the new due still ahead) — a part on its way, a line to rebuild.

Business changes done by a maintainer (no time limit) booked in the last BOOKED_DAYS stay open
with the running odds too: they show no clock, outside the shares. The window's intake bounds the
running share (~100 orders a day give ~300 open orders at most in this mix), so the shares sit
at the top of the brief's ranges (waiting 10–15 %, paused 5–8 %, overdue 5–8 %).

Orders whose simulated completion lies after `now` are open anyway (mostly fresh ones); the
odds are calibrated for that. `calibrate` draws a Monte-Carlo sample of the window's orders
(kind, district, receipt time) and takes each clock's real due from the rule engine, so the
shares hold for any `orders` and any `now` (weekends and holidays move working-day dues).
When the window has too few running orders for the target, the whole target shrinks so that most
of the queue still runs; a short supply of another kind (few overdue clocks on a Sunday, when
working-day dues do not fall) only leaves that share smaller.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

H = dt.timedelta(hours=1)
WAIT_SHARE, PAUSE_SHARE, RISK_SHARE, OVERDUE_SHARE = 0.135, 0.07, 0.105, 0.07
EXTEND_SHARE = 0.11  # of the queue: running on an extended due (R-TIME-10)
OPEN_WINDOW_DAYS = 18  # a rural installation (10 working days) and its lateness fit in it
WAIT_DAYS = 3.0
BOOKED_DAYS = 3.0
PAUSE_HOURS = 30.0
OVERDUE_DECAY_H = 14.0  # overdue orders: most a few hours late, the odds fade with lateness ...
MAX_OVERDUE_H = 50.0  # ... and none more than ~2 days
RISK_FROM = 0.8  # fraction of the allowance used where the "risk" band starts (rules.urgency)
CAP = 0.97  # some recent orders always get done early
CLOCK_KINDS = frozenset({"general_fault", "major_fault", "installation", "restoration", "complaint"})
WAIT_KINDS = frozenset({"installation", "restoration", "business"})  # kinds with a real checklist


def overdue_weight(hours: float) -> float:
    return math.exp(-hours / OVERDUE_DECAY_H) if 0 < hours <= MAX_OVERDUE_H else 0.0


def natural_open(fraction: float) -> float:
    """Chance that a recent order is still open at `fraction` of its limit anyway: demo orders
    complete at start + (due - start) * u ** 1.6 (OrderFactory._close)."""
    return 1.0 - min(1.0, max(0.0, fraction)) ** (1 / 1.6)


@dataclass(frozen=True)
class OpenOdds:
    """Odds that a recent order stays open, by the state it would show at `now`."""

    wait: float  # an eligible order still waits for its materials (R-TIME-0)
    pause: float  # an order with room for a recent pause is paused
    running: float  # a running clock below RISK_FROM stays open
    risk: float  # a running clock at RISK_FROM..100 % stays open
    overdue: float  # times overdue_weight(hours late)
    extend: float = 0.0  # an order with room for a recent approved extension gets one and stays open

    def keep(self, fraction: float, overdue_hours: float) -> float:
        if overdue_hours > 0:
            return self.overdue * overdue_weight(overdue_hours)
        return self.risk if fraction >= RISK_FROM else self.running


def pause_room(received: dt.datetime, due: dt.datetime, now: dt.datetime) -> tuple[dt.datetime, dt.datetime] | None:
    """Where a recent pause may begin: in the last PAUSE_HOURS, after dispatch, before the due."""
    lo = max(received + 0.5 * H, now - PAUSE_HOURS * H)
    hi = min(now - 5 * H / 60, due - 15 * H / 60)
    return (lo, hi) if lo < hi else None


def extension_room(received: dt.datetime, due: dt.datetime, new_due: dt.datetime,
                   now: dt.datetime) -> tuple[dt.datetime, dt.datetime] | None:
    """Where a recent extension request may be made (R-TIME-10: no later than the due, some hours
    before it, approved by `now`) so that the new due is still ahead."""
    lo = max(received + 0.5 * H, due - 8 * H)
    hi = min(due - 10 * H / 60, now - 15 * H / 60)
    return (lo, hi) if lo < hi and new_due > now + H else None


def calibrate(sample: list[tuple[dt.datetime, str, bool]], window_orders: int, target: int, clock,
              now: dt.datetime, rng) -> OpenOdds:
    """OpenOdds for `target` open orders among `window_orders` recent ones; `sample` holds
    (received, kind, rural) drawn like the window's orders. Orders that wait for materials or
    are paused by the ordinary simulation (OrderFactory._intake, _stops) are drawn with `rng`."""
    if not sample or not window_orders:
        return OpenOdds(0.0, 0.0, 0.0, 0.0, 0.0)
    per = window_orders / len(sample)
    rows = []  # (waits, pausable, band, natural, overdue weight, extended band, share left) per sampled order
    nat_wait = nat_pause = 0.0  # waiting / paused anyway
    for t0, kind, rural in sample:
        waits = kind in WAIT_KINDS and (now - t0) <= WAIT_DAYS * 24 * H
        band, nat, weight, pausable, ext = None, 0.0, 0.0, False, None
        late_start = rng.choice((0, 1, 1, 2, 3, 5, 8)) * 24 * H + rng.uniform(3, 11) * H > now - t0
        missing = (0.16 + 0.01 * 0.84) if kind in WAIT_KINDS else 0.01 if kind != "inquiry" else 0.0
        if late_start and missing:
            nat_wait += per * missing
            if kind not in CLOCK_KINDS:
                rows.append((waits, False, None, 0.0, 0.0, None, 0.0))
                continue
            missing_left = 1 - missing
        else:
            missing_left = 1.0
        if kind in CLOCK_KINDS:
            due = clock.base_due(kind, t0, rural)[0]
            pausable = pause_room(t0, due, now) is not None
            tp = t0 + (due - t0) * rng.random()
            if tp <= now < tp + rng.uniform(2, 50) * H:
                nat_pause += per * 0.04 * missing_left
                missing_left *= 0.96
            new_due = clock.extended(due, kind, rural)
            if extension_room(t0, due, new_due, now) is not None:  # the band the queue shows
                ext = "risk" if 1 - (new_due - now) / (due - t0) >= RISK_FROM else "running"
            fraction = (now - t0) / (due - t0)
            late_h = (now - due) / H
            if late_h > 0:
                band, weight = "overdue", overdue_weight(late_h)
            else:
                band, nat = ("risk" if fraction >= RISK_FROM else "running"), natural_open(fraction)
        rows.append((waits, pausable, band, nat, weight, ext, missing_left))
    shares = {"wait": WAIT_SHARE, "pause": PAUSE_SHARE, "risk": RISK_SHARE, "overdue": OVERDUE_SHARE}
    shares["running"] = 1 - sum(shares.values())

    def solve(want: float) -> tuple[OpenOdds, float]:
        """The odds for `want` open orders, and the most the window's running clocks allow."""
        wait_n = per * sum(w for w, *_ in rows)
        p_wait = min(CAP, max(0.0, shares["wait"] * want - nat_wait) / wait_n) if wait_n else 0.0
        pause_n = per * sum((1 - p_wait * w) for w, p, *_ in rows if p)
        p_pause = min(CAP, max(0.0, shares["pause"] * want - nat_pause) / pause_n) if pause_n else 0.0
        ext_n = per * sum(f * (1 - p_wait * w) * (1 - p_pause * p) for w, p, *_, e, f in rows if e)
        p_ext = min(CAP, EXTEND_SHARE * want / ext_n) if ext_n else 0.0
        nat = dict.fromkeys(("running", "risk", "overdue"), 0.0)  # open anyway, extended ones included
        rest = dict.fromkeys(("running", "risk", "overdue"), 0.0)
        for waits, pausable, band, n, weight, ext, share in rows:
            if band is not None:  # neither waiting nor paused:
                left = per * share * (1 - p_wait * waits) * (1 - p_pause * pausable)
                if ext is not None:
                    nat[ext] += left * p_ext
                    left *= 1 - p_ext
                nat[band] += left * n
                rest[band] += left * (weight if band == "overdue" else 1 - n)
        supply = {b: nat[b] + CAP * rest[b] for b in nat}
        odds = {b: min(CAP, max(0.0, (shares[b] * want - nat[b]) / rest[b])) if rest[b] else 0.0 for b in nat}
        return (OpenOdds(p_wait, p_pause, odds["running"], odds["risk"], odds["overdue"], p_ext),
                supply["running"] / shares["running"])

    odds, most = solve(target)
    return odds if most >= target else solve(most)[0]
