"""One demo work order's whole life, as rule-consistent OrderEvents (plus its callback).

An order is simulated from intake to callback, then cut at `now`: whatever would happen
later is dropped, so recent orders are naturally mid-flight. Recent orders get `odds`
(demo_queue.OpenOdds) from the scheduler: by them an order still waits for its materials,
is paused recently, or stops just before its completion, which builds the live queue of a
well-run branch (demo_queue). Every column that is a projection of the log (status, kind,
assignee, completion, visit, the SLA columns) and the Callback row come from the kept events by
the same projection the write path uses (services.orders.caches), so `audit replay` finds the
demo database consistent.

Callbacks are written as console.services.callbacks.workbench writes them: `callback_attempt` with
outcome and time-of-day bucket, `callback_done` reached (satisfaction, solved, comment, and the
follow-up order it opened) or unreachable (a reason, after failed calls morning, afternoon and
evening), and an unsolved problem opens a follow-up order that keeps the original's first-contact
owner (R-VISIT-3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from console.demo import texts as tx
from console.demo.clock import Clock
from console.demo.queue import (
    BOOKED_DAYS,
    OPEN_WINDOW_DAYS,
    RISK_FROM,
    WAIT_DAYS,
    WAIT_KINDS,
    OpenOdds,
    extension_room,
    pause_room,
)
from console.demo.world import CST, BranchInfo, DistrictInfo, World
from console.rules.clock import BREACHED, RESOLVE, RUNNING
from console.rules.materials import required_materials
from console.services.orders.caches import projected
from console.services.orders.events import LoggedEvent
from console.services.sla.policy import Rulebook
from console.vocabulary import CallbackStatus
from console.vocabulary import EventType as E

H = dt.timedelta(hours=1)
MIN = dt.timedelta(minutes=1)
KINDS = ("general_fault", "major_fault", "complaint", "installation", "restoration", "inquiry", "business")
KIND_WEIGHTS = (46, 3, 9, 12, 8, 14, 8)  # general faults dominate
CHANNELS = ("hotline", "counter", "visit", "online")
CHANNEL_WEIGHTS = {
    "general_fault": (75, 5, 8, 12), "major_fault": (85, 0, 10, 5), "complaint": (70, 10, 0, 20),
    "installation": (25, 50, 5, 20), "restoration": (25, 50, 5, 20), "inquiry": (70, 10, 0, 20),
    "business": (20, 60, 5, 15),
}
FIELD_KINDS = frozenset({"general_fault", "major_fault", "installation", "restoration"})
CALLBACK_KINDS = FIELD_KINDS | {"complaint"}  # R-VISIT-1 (repairs, complaints), R-VISIT-2
SATISFACTION = {False: (1, 2, 6, 26, 65), True: (10, 15, 30, 30, 15)}  # weights of 1..5, by late
FOLLOW_UP_KINDS = ("general_fault", "major_fault", "complaint")  # else a follow-up is a general fault
# a callback's time-of-day bucket, as console.services.callbacks.workbench.day_bucket (China-time hour):
# morning 00–11, afternoon 12–17, evening 18–23; the hours agents call in each one
BUCKET_HOURS = {"morning": (9.0, 11.8), "afternoon": (14.0, 17.8), "evening": (18.5, 21.0)}


def day_bucket(at: dt.datetime) -> str:
    h = at.astimezone(CST).hour
    return "morning" if h < 12 else "afternoon" if h < 18 else "evening"


@dataclass(frozen=True)
class FollowUp:
    """R-VISIT-3: what a follow-up order takes from its original and its callback."""

    number: str  # the original's number, quoted in the description
    kind: str
    priority: str
    customer: int | None
    agent: int  # the callback agent records it (the `received` event's actor)
    problem: str


@dataclass
class Draft:
    """An order being simulated: its facts and its event tuples (at, type, actor, payload)."""

    oid: int
    branch: BranchInfo
    d: DistrictInfo
    t0: dt.datetime
    kind0: str  # the kind at intake (R-FIRST-2 checklist); `kind` after reclassification
    channel: str
    priority: str
    customer: int | None
    first: int  # R-FIRST-1 owner
    required: list[str]
    missing: list[str]
    parent: int | None
    odds: OpenOdds | None  # recent orders: how they may stay open (demo_queue)
    start: dt.datetime | None = None  # R-TIME-0: when the clock starts
    kind: str = ""
    assignee: int | None = None
    t: dt.datetime | None = None  # the time of the latest planned step
    cut: dt.datetime | None = None  # orders kept open drop events from here on
    late: bool = False
    ev: list[tuple] = field(default_factory=list)

    @property
    def day(self) -> dt.date:
        return self.t0.astimezone(CST).date()

    def add(self, at: dt.datetime, etype: E, actor: int | None, payload: dict | None = None) -> None:
        self.ev.append((at, etype, actor, payload or {}))


class OrderFactory:
    """Makes orders one at a time; ids, numbers and follow-ups are its own counters."""

    def __init__(self, world: World, clock: Clock):
        self.world = world
        self.clock = clock
        self.rng = world.rng("orders")
        self.book = Rulebook(clock.calendar, {clock.policy.version: clock.policy})
        self.now = world.now
        self.next_id = 0
        self.numbers: dict[tuple[str, str], int] = {}
        self.follow_up_room = 0  # how many follow-up orders the schedule can still absorb
        self.queue_odds: OpenOdds | None = None  # the live queue's odds (set by the schedule)
        self.dither: dict[str, float] = {}  # per live-queue share: odds owed so far (see _pick)

    def _number(self, branch: BranchInfo, received: dt.datetime) -> str:
        yymm = received.astimezone(CST).strftime("%y%m")
        n = self.numbers[branch.code, yymm] = self.numbers.get((branch.code, yymm), 0) + 1
        return f"{branch.code}-{yymm}-{n:06d}"

    def _between(self, a: dt.datetime, b: dt.datetime, skew: float = 1.0) -> dt.datetime:
        """An instant in (a, b), preferring daytime (08:00–20:00 China time) when possible."""
        if b <= a:
            return a + MIN
        span = (b - a).total_seconds()
        t = a
        for _ in range(4):
            t = a + dt.timedelta(seconds=span * self.rng.random() ** skew)
            if 8 <= t.astimezone(CST).hour < 20:
                break
        return t

    def _pick(self, share: str, odds: float) -> bool:
        """A live-queue choice with `odds`, by error diffusion instead of a coin: each share's
        owed odds add up and an order is picked whenever they reach 1, so a share's count is its
        expected value ±1 (with ~30 orders a share, coins would scatter it by ±20 %)."""
        owed = self.dither.get(share)
        if owed is None:
            owed = self.rng.random()  # where the first pick falls
        owed += odds
        picked = owed >= 1.0
        self.dither[share] = owed - picked
        return picked

    def _pick_staff(self, ids: list[int], day: dt.date) -> int:
        hired = [i for i in ids if self.world.staff_hired[i] <= day]
        return self.rng.choice(hired or ids)

    # -- one order ---------------------------------------------------------------------------
    def make(self, branch: BranchInfo, d: DistrictInfo, t0: dt.datetime, *, odds: OpenOdds | None = None,
             follow: FollowUp | None = None, parent: int | None = None, first: int | None = None) -> list[tuple]:
        """[(order_row, events, callback_row | None)]: the order, then any follow-up order."""
        o = self._intake(branch, d, t0.replace(microsecond=0), odds, follow, first, parent)
        if o.cut is not None:  # R-TIME-0: still waiting for materials at `now`
            return self._finish(o)
        if o.kind0 == "inquiry" or (o.kind0 == "business" and self.rng.random() < 0.6):
            done = o.start + self.rng.uniform(3, 25) * MIN  # R-FIRST-3: closed on the spot
            o.add(done, E.COMPLETED, o.first, {"resolution": self.rng.choice(tx.RESOLUTIONS[o.kind0]), "on_the_spot": True})
            return self._finish(o)
        self._dispatch(o)
        due, timed = self._stops(o)
        extended = self._extend(o, due) if o.odds is not None and o.cut is None and timed else None
        self._close(o, extended or due, timed and extended is None)
        if extended is not None:
            o.cut = o.ev[-1][0]  # the live queue: running on its extended due
        elif o.odds is not None and o.cut is None and timed:
            self._keep_open(o)
        elif o.odds is not None and o.cut is None and self.now - o.t0 <= BOOKED_DAYS * 24 * H:
            if o.ev[-1][0] <= self.now and self._pick("booked", o.odds.running):
                o.cut = o.ev[-1][0]  # a booked business change (no time limit) not done yet
        if o.kind in CALLBACK_KINDS and o.cut is None:
            self._callback(o)
        return self._finish(o)

    def _intake(self, branch, d, t0, odds, follow, first, parent) -> Draft:
        """R-FIRST-1/2: who received it, the materials checklist and what was missing."""
        rng = self.rng
        day = t0.astimezone(CST).date()
        kind0 = follow.kind if follow else rng.choices(KINDS, KIND_WEIGHTS)[0]
        channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS[kind0])[0]
        if channel in ("counter", "visit") and not 8 <= t0.astimezone(CST).hour < 18 or follow is not None:
            channel = "hotline"  # halls are closed at night; a follow-up starts from a callback call
        customer = None if kind0 == "inquiry" and rng.random() < 0.3 else d.customer_on(rng, day)
        if d.major_ids and rng.random() < 0.02:  # hospitals, hotels ... call often (many terminals)
            customer = rng.choice(d.major_ids)
        priority = "normal"
        if customer in d.major_ids:
            priority = "important"  # R-TIME-9 important customers
        elif kind0 == "complaint" and rng.random() < 0.06:
            priority = "major_complaint"
        elif kind0 == "major_fault" and rng.random() < 0.3 or kind0 == "general_fault" and rng.random() < 0.004:
            priority = "emergency"
        if follow is not None:  # R-VISIT-3: the original's customer and priority
            customer, priority = follow.customer, follow.priority
        if first is None:  # R-FIRST-1: whoever received it owns it, forever
            first = d.maintainer_on(day) if channel == "visit" else self._pick_staff(branch.dispatchers, day)
        required = list(required_materials(kind0))
        missing: list[str] = []
        waits = (odds is not None and kind0 in WAIT_KINDS and self.now - t0 <= WAIT_DAYS * 24 * H
                 and self._pick("wait", odds.wait))  # R-TIME-0: the live queue's waiting orders
        if follow is None and (waits or len(required) > 1 and rng.random() < 0.16):
            missing = rng.sample(required, rng.randint(1, len(required)))  # R-FIRST-2: all at once
        elif follow is None and required and rng.random() < 0.01:
            missing = list(required)
        self.next_id += 1
        o = Draft(self.next_id, branch, d, t0, kind0, channel, priority, customer, first, required, missing,
                  parent, odds, start=t0, kind=kind0)
        received = {"kind": kind0, "channel": channel, "priority": priority, "rural": d.rural,
                    "required": required, "missing": missing, "policy_version": self.clock.policy.version}
        if follow is not None:  # as callbacks._follow_up records it: the agent takes the call
            received.update(parent_order_id=parent, **{"from": "callback"})
        o.add(t0, E.RECEIVED, follow.agent if follow else first, received)
        if missing:
            o.add(t0 + dt.timedelta(seconds=30), E.MATERIALS_MISSING, first, {"missing": missing})
            if waits:
                o.cut = self.now  # nothing after the checklist has happened yet
                return o
            waited = dt.timedelta(days=rng.choice((0, 1, 1, 2, 3, 5, 8))) + rng.uniform(1, 9) * H
            o.start = self._between(t0 + waited, t0 + waited + 4 * H)
            o.add(o.start, E.MATERIALS_COMPLETE, self._pick_staff(branch.dispatchers, day),
                  {"received": list(missing), "policy_version": self.clock.policy.version})  # R-TIME-0
            if o.start > self.now:
                o.odds = None  # still waiting by chance: the odds are for orders whose clock runs
        return o

    def _dispatch(self, o: Draft) -> None:
        """Assignment to the district's maintainer (R-ZONE-1), first response, reclassification."""
        rng, branch = self.rng, o.branch
        dispatcher = o.first if o.first in branch.dispatchers else self._pick_staff(branch.dispatchers, o.day)
        o.assignee = o.d.maintainer_on(o.day)
        if o.kind == "complaint" and rng.random() < 0.4:
            o.assignee = branch.managers[-1]  # the service department head handles it
        o.t = ta = o.start + rng.uniform(2, 40) * MIN
        o.add(ta, E.ASSIGNED, dispatcher, {"assignee_id": o.assignee, "previous_id": None, "reason": "片区责任维护员（R-ZONE-1）"})
        if o.kind == "complaint":  # R-TIME-7: first response within 4 hours
            o.t = max(ta + MIN, o.start + (rng.uniform(0.2, 3.6) if rng.random() < 0.95 else rng.uniform(4.2, 9)) * H)
            o.add(o.t, E.FIRST_RESPONSE, o.assignee)
        if o.kind in ("general_fault", "major_fault") and rng.random() < 0.012:
            to = "major_fault" if o.kind == "general_fault" else "general_fault"
            o.t += rng.uniform(0.5, 3) * H
            o.add(o.t, E.RECLASSIFIED, dispatcher, {"from_kind": o.kind, "to_kind": to, "reason": tx.RECLASS_REASONS[o.kind, to]})
            o.kind = to
        if rng.random() < 0.03:
            o.t += rng.uniform(0.3, 3) * H
            other = self._pick_staff([m for m in branch.maintainers if m != o.assignee], o.day)
            o.add(o.t, E.ASSIGNED, dispatcher, {"assignee_id": other, "previous_id": o.assignee, "reason": rng.choice(tx.REASSIGN_REASONS)})
            o.assignee = other

    def _stops(self, o: Draft) -> tuple[dt.datetime, bool]:
        """Pauses; returns the due in force and whether the kind has a limit at all."""
        rng = self.rng
        due = self.clock.due(o.d.rural, o.ev, self.now)
        timed = due is not None  # business changes done by a maintainer have no limit
        due = due or o.start + 72 * H  # then this is only the planning horizon
        room = pause_room(o.t, due, self.now) if o.odds is not None and timed else None
        if room is not None and self._pick("pause", o.odds.pause):  # the live queue: paused recently, in time
            tp = self._between(*room)
            o.add(tp, E.PAUSED, o.assignee, {"reason": rng.choice(tx.PAUSE_REASONS)})
            o.cut, o.t = tp + MIN, tp  # paused, not yet resumed: every later step is cut
        elif rng.random() < 0.04:
            tp = self._between(o.t + 0.5 * H, max(o.t + H, due - 2 * H))
            tr = tp + rng.uniform(2, 50) * H
            o.add(tp, E.PAUSED, o.assignee, {"reason": rng.choice(tx.PAUSE_REASONS)})
            o.add(tr, E.RESUMED, o.assignee)
            due, o.t = self.clock.due(o.d.rural, o.ev, self.now) or tr + 72 * H, tr
        return due, timed

    def _extend(self, o: Draft, due: dt.datetime) -> dt.datetime | None:
        """The live queue: a recent extension (R-TIME-10), requested before the due and approved
        by the head by `now`; returns the new due."""
        new_due = self.clock.extended(due, o.kind, o.d.rural).replace(microsecond=0)
        room = extension_room(o.t, due, new_due, self.now)
        if room is None or not self._pick("extend", o.odds.extend):
            return None
        rng = self.rng
        tr = self._between(*room)
        o.add(tr, E.EXTENSION_REQUESTED, o.assignee, {"clock": "resolve", "new_due": new_due.isoformat(),
                                                      "reason": rng.choice(tx.EXTENSION_REASONS)})
        o.t = self._between(tr + 5 * MIN, max(tr + 10 * MIN, min(tr + 3 * H, self.now - 2 * MIN)))
        o.add(o.t, E.EXTENSION_APPROVED, o.branch.head_id, {"clock": "resolve", "new_due": new_due.isoformat()})
        return new_due

    def _close(self, o: Draft, due: dt.datetime, timed: bool) -> None:
        """Extension (R-TIME-10), exemption (R-TIME-8) or a visit (R-PROM-7), then completion."""
        rng, head = self.rng, o.branch.head_id
        roll = rng.random() if timed else 1.0
        o.late = roll < 0.03
        if 0.03 <= roll < 0.05:
            tr = self._between(o.t + 0.3 * H, max(o.t + H, due - H))
            new_due = self.clock.extended(due, o.kind, o.d.rural).replace(microsecond=0).isoformat()
            o.add(tr, E.EXTENSION_REQUESTED, o.assignee, {"clock": "resolve", "new_due": new_due, "reason": rng.choice(tx.EXTENSION_REASONS)})
            o.t = tr + rng.uniform(0.5, 4) * H
            if rng.random() < 0.7:
                o.add(o.t, E.EXTENSION_APPROVED, head, {"clock": "resolve", "new_due": new_due})
                due = dt.datetime.fromisoformat(new_due)
            else:
                o.add(o.t, E.EXTENSION_REJECTED, head, {"clock": "resolve", "new_due": new_due, "reason": rng.choice(tx.REJECTION_REASONS)})
                o.late = rng.random() < 0.5
        if 0.05 <= roll < 0.065:
            tu = self._between(o.t + 0.5 * H, max(o.t + H, due - H))
            reason = rng.choice(tx.UNREACHABLE_REASONS)
            o.add(tu, E.CUSTOMER_UNREACHABLE, o.assignee, {"reason": reason})
            o.add(tu + rng.uniform(5, 30) * MIN, E.HEAD_NOTIFIED, o.assignee, {"head_id": head, "reason": reason + "；" + tx.HEAD_NOTE})
            done, resolution = tu + 35 * MIN, "客户原因无法处理，按R-TIME-8视为按时办结"
        else:
            done = due + rng.uniform(0.5, 30) * H if o.late else self._between(o.t + 0.4 * H, due - 0.2 * H, 1.6)
            resolution = rng.choice(tx.RESOLUTIONS[o.kind])
            booked = o.t + rng.uniform(2, 20) * MIN
            if o.kind in FIELD_KINDS and done - booked > H and rng.random() < 0.6:  # R-PROM-7: appointment kept
                arrived = max(booked + 5 * MIN, done - rng.uniform(0.3, 2) * H)
                win = max(booked, arrived - rng.uniform(0, 1.5) * H).replace(minute=0, second=0, microsecond=0)
                o.add(booked, E.VISIT_BOOKED, o.assignee, {"window_start": win.isoformat(), "window_end": (win + 2 * H).isoformat()})
                o.add(arrived, E.ARRIVED, o.assignee)
        o.add(max(done, o.t + MIN), E.COMPLETED, o.assignee, {"resolution": resolution, "on_the_spot": False})

    def _keep_open(self, o: Draft) -> None:
        """The live queue: an order done by `now` may still be open, with odds by the band its
        resolve clock shows at `now` (running, near breach, overdue by hours)."""
        done = o.ev[-1][0]
        if done > self.now or any(e[1] == E.CUSTOMER_UNREACHABLE for e in o.ev):
            return  # open anyway / closed by R-TIME-8
        clock = self.clock.state([e for e in o.ev[:-1] if e[0] <= self.now], self.now).clock(RESOLVE)
        if clock is None or clock.state not in (RUNNING, BREACHED):
            return
        late_h = -clock.remaining.total_seconds() / 3600
        band = "overdue" if late_h > 0 else "risk" if clock.fraction >= RISK_FROM else "running"
        if self._pick(band, o.odds.keep(clock.fraction, late_h)):
            o.cut = done  # stop just before completion

    def _callback(self, o: Draft) -> None:
        """R-VISIT-1/2: a callback within 72 hours: its events are added to the order (its row is
        projected from them in _finish)."""
        rng, done = self.rng, o.ev[-1][0]
        agent = self._pick_staff(o.branch.dispatchers, done.astimezone(CST).date())
        roll = rng.random()
        if roll < 0.015 and self.now - done < dt.timedelta(days=OPEN_WINDOW_DAYS):
            return  # not called back yet: overdue once due passes (older ones were called, late)
        first_gap = rng.uniform(72.5, 110) if roll < 0.065 else rng.uniform(1, 48)
        t = self._between(done + first_gap * H, done + (first_gap + 3) * H)
        if roll > 0.975:  # unreachable: failed calls morning, afternoon and evening, then closed
            first = day_bucket(t)
            buckets = [first] + [b for b in rng.sample(list(BUCKET_HOURS), 3) if b != first]
            if rng.random() < 0.3:
                buckets.append(rng.choice(list(BUCKET_HOURS)))  # one more try before giving up
            for k, bucket in enumerate(buckets):
                if k:
                    t = self._next_in(t + rng.uniform(1, 6) * H, bucket)
                o.add(t, E.CALLBACK_ATTEMPT, agent, {"outcome": "wrong_number" if rng.random() < 0.1 else "no_answer",
                                                     "bucket": day_bucket(t)})
            closed = t + rng.uniform(5, 120) * MIN
            reason = rng.choice(tx.CALLBACK_UNREACHABLE_REASONS)
            o.add(closed, E.CALLBACK_DONE, agent, {"outcome": "unreachable", "reason": reason})
            return
        if rng.random() < 0.15:
            o.add(t, E.CALLBACK_ATTEMPT, agent, {"outcome": "no_answer", "bucket": day_bucket(t)})
            t = self._next_in(t + H, rng.choice([b for b in BUCKET_HOURS if b != day_bucket(t)]))
        o.add(t, E.CALLBACK_ATTEMPT, agent, {"outcome": "reached", "bucket": day_bucket(t)})
        score = rng.choices((1, 2, 3, 4, 5), SATISFACTION[o.late])[0]
        solved = rng.random() < (0.55 if score <= 2 else 0.985)
        comment = rng.choice(tx.CALLBACK_COMMENTS[score])
        if not solved:  # the service requires the problem the customer still has
            comment = rng.choice(tx.CALLBACK_PROBLEMS)
        o.add(t, E.CALLBACK_DONE, agent, {"outcome": "reached", "satisfaction": score, "solved": solved, "comment": comment})

    def _next_in(self, after: dt.datetime, bucket: str) -> dt.datetime:
        """The first calling time in `bucket` (China time) after `after`, a little jittered."""
        lo, hi = BUCKET_HOURS[bucket]
        local = after.astimezone(CST)
        day = local.date()
        if local.hour + local.minute / 60 >= hi - 0.3:
            day += dt.timedelta(days=1)
        start = max(after, dt.datetime(day.year, day.month, day.day, tzinfo=CST) + lo * H)
        end = dt.datetime(day.year, day.month, day.day, tzinfo=CST) + hi * H
        return (start + (end - start) * self.rng.random() * 0.8).astimezone(after.tzinfo).replace(microsecond=0)

    def _finish(self, o: Draft) -> list[tuple]:
        """Cut at `now` (and where the order stays open), project its columns and its callback row
        from the kept events as the write path does (services.orders.caches), add any follow-up."""
        now = self.now
        # whole seconds, so that a replay from the stored events gives the same dues
        kept = [(e[0].replace(microsecond=0),) + e[1:] for e in o.ev if e[0] <= now and (o.cut is None or e[0] < o.cut)]
        kept.sort(key=lambda e: e[0])
        p = projected([LoggedEvent(0, o.oid, str(t), at, actor, pl) for at, t, actor, pl in kept], self.book)
        order = {
            "id": o.oid, "branch_id": o.branch.id, "number": self._number(o.branch, o.t0), "channel": o.channel,
            "customer_id": o.customer, "district_id": o.d.id, "description": self.rng.choice(tx.DESCRIPTIONS[o.kind0]),
            "first_contact_id": o.first, "received_at": o.t0, "parent_order_id": o.parent, "notice_id": None,
            "updated_at": kept[-1][0], "updated_by_id": kept[-1][2], "version": 1, **p.order,
        }
        if p.callback is None:
            return [(order, kept, None)]
        cb = {**p.callback, "order_id": o.oid, "branch_id": o.branch.id}
        out = [(order, kept, cb)]
        if cb["status"] == CallbackStatus.DONE and not cb["solved"]:  # R-VISIT-3: a follow-up order
            done_event = next(e[3] for e in reversed(kept) if e[1] == E.CALLBACK_DONE)
            if self.follow_up_room <= 0:  # no slot left in the exact order count: call it solved
                done_event["solved"] = True
                done_event["comment"] = self.rng.choice(tx.CALLBACK_COMMENTS[done_event["satisfaction"]])
                cb.update(solved=True, comment=done_event["comment"])
                return out
            self.follow_up_room -= 1
            kind = p.facts.kind if p.facts.kind in FOLLOW_UP_KINDS else "general_fault"
            done = cb["done_at"]
            # callbacks._follow_up: received when the callback is recorded, owned by the original's
            # first-contact owner (R-FIRST-1, R-VISIT-3), recorded by the callback agent
            recent = now - done < dt.timedelta(days=OPEN_WINDOW_DAYS)
            follow = self.make(o.branch, o.d, done, parent=o.oid, first=o.first, odds=self.queue_odds if recent else None,
                               follow=FollowUp(order["number"], kind, o.priority, o.customer, cb["agent_id"], cb["comment"]))
            follow[0][0]["description"] = f"回访发现问题未解决（R-VISIT-3，原工单 {order['number']}）：{cb['comment']}"
            cb["follow_up_order_id"] = done_event["follow_up_order_id"] = follow[0][0]["id"]
            out += follow
        return out
