"""One demo work order's whole life, as rule-consistent OrderEvents (plus its callback).

An order is simulated from intake to callback, then cut at `now`: whatever would happen
later is dropped, so recent orders are naturally mid-flight. Orders the scheduler marks
`force_open` stop before completion (or before their materials arrive), which builds the
live queue. Status is derived from the kept events by the rule engine (order_status).
"""

from __future__ import annotations

import datetime as dt
import random

from console.models.enums import EventType as E
from console.rules.materials import required_materials
from console.rules.order_status import derive_status
from console.store import demo_texts as tx
from console.store.demo_clock import Clock
from console.store.demo_world import CST, BranchInfo, DistrictInfo, World

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
CALLBACK_KINDS = frozenset({"general_fault", "major_fault", "complaint", "installation", "restoration"})  # R-VISIT-1/2
SATISFACTION = {False: (1, 2, 6, 26, 65), True: (10, 15, 30, 30, 15)}  # weights of 1..5, by late


class OrderFactory:
    """Makes orders one at a time; ids, numbers and follow-ups are its own counters."""

    def __init__(self, world: World, clock: Clock):
        self.world = world
        self.clock = clock
        self.rng = world.rng("orders")
        self.now = world.now
        self.next_id = 0
        self.numbers: dict[tuple[str, str], int] = {}

    # -- helpers -----------------------------------------------------------------------------
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

    def _pick_staff(self, ids: list[int], day: dt.date) -> int:
        hired = [i for i in ids if self.world.staff_hired[i] <= day]
        return self.rng.choice(hired or ids)

    # -- one order ---------------------------------------------------------------------------
    def make(self, branch: BranchInfo, d: DistrictInfo, t0: dt.datetime, *, force_open: bool,
             kind: str | None = None, first: int | None = None, parent: int | None = None) -> list[tuple]:
        """[(order_row, events, callback_row | None)] — the order and any follow-up order."""
        rng, w = self.rng, self.world
        self.next_id += 1
        oid = self.next_id
        t0 = t0.replace(microsecond=0)
        day = t0.astimezone(CST).date()
        kind0 = kind or rng.choices(KINDS, KIND_WEIGHTS)[0]
        channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS[kind0])[0]
        local_h = t0.astimezone(CST).hour
        if channel in ("counter", "visit") and not 8 <= local_h < 18 or parent is not None:
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
        maint = d.maintainer_on(day)
        if first is None:  # R-FIRST-1: whoever received it owns it, forever
            first = maint if channel == "visit" else self._pick_staff(branch.dispatchers, day)
        required = list(required_materials(kind0))
        missing: list[str] = []
        if len(required) > 1 and rng.random() < (0.45 if force_open else 0.16):
            missing = rng.sample(required, rng.randint(1, len(required)))  # R-FIRST-2: all at once
        elif required and rng.random() < 0.01:
            missing = list(required)
        ev: list[tuple] = [(t0, E.RECEIVED, first, {
            "kind": kind0, "channel": channel, "priority": priority, "rural": d.rural,
            "required": required, "missing": missing})]
        start = t0
        cut = None  # events from this instant on are dropped for a forced-open order
        if missing:
            ev.append((t0 + 30 * dt.timedelta(seconds=1), E.MATERIALS_MISSING, first, {"missing": missing}))
            waited = dt.timedelta(days=rng.choice((0, 1, 1, 2, 3, 5, 8))) + rng.uniform(1, 9) * H
            start = self._between(t0 + waited, t0 + waited + 4 * H)
            ev.append((start, E.MATERIALS_COMPLETE, self._pick_staff(branch.dispatchers, day), {}))
            if force_open:
                cut = start  # R-TIME-0: still waiting, the clock has not started
        if kind0 == "inquiry" or (kind0 == "business" and rng.random() < 0.6):
            done = start + rng.uniform(3, 25) * MIN  # R-FIRST-3: closed on the spot
            ev.append((done, E.COMPLETED, first, {"resolution": rng.choice(tx.RESOLUTIONS[kind0]), "on_the_spot": True}))
            return self._finish(oid, branch, d, kind0, channel, priority, customer, first, None, required,
                                missing, t0, parent, ev, None, None)
        kind = kind0
        dispatcher = first if first in branch.dispatchers else self._pick_staff(branch.dispatchers, day)
        assignee = maint
        if kind == "complaint" and rng.random() < 0.4:
            assignee = branch.managers[-1]  # the service department head handles it
        ta = start + rng.uniform(2, 40) * MIN
        ev.append((ta, E.ASSIGNED, dispatcher, {"assignee_id": assignee, "previous_id": None, "reason": "片区责任维护员（R-ZONE-1）"}))
        t = ta
        if kind == "complaint":  # R-TIME-7: first response within 4 hours
            t = max(ta + MIN, start + (rng.uniform(0.2, 3.6) if rng.random() < 0.95 else rng.uniform(4.2, 9)) * H)
            ev.append((t, E.FIRST_RESPONSE, assignee, {}))
        if kind in ("general_fault", "major_fault") and rng.random() < 0.012:
            to = "major_fault" if kind == "general_fault" else "general_fault"
            t += rng.uniform(0.5, 3) * H
            ev.append((t, E.RECLASSIFIED, dispatcher, {"from_kind": kind, "to_kind": to, "reason": tx.RECLASS_REASONS[kind, to]}))
            kind = to
        if rng.random() < 0.03:
            t += rng.uniform(0.3, 3) * H
            other = self._pick_staff([m for m in branch.maintainers if m != assignee], day)
            ev.append((t, E.ASSIGNED, dispatcher, {"assignee_id": other, "previous_id": assignee, "reason": rng.choice(tx.REASSIGN_REASONS)}))
            assignee = other
        due = self.clock.due(d.rural, ev, self.now)
        timed = due is not None  # business changes done by a maintainer have no limit
        due = due or start + 72 * H  # then this is only the planning horizon
        if force_open and cut is None and rng.random() < 0.15:
            tp = self._between(t, max(t + H, self.now))
            ev.append((tp, E.PAUSED, assignee, {"reason": rng.choice(tx.PAUSE_REASONS)}))
            cut, t = tp + MIN, tp  # paused, not yet resumed: all later steps are cut
        elif rng.random() < 0.04:
            tp = self._between(t + 0.5 * H, max(t + H, due - 2 * H))
            tr = tp + rng.uniform(2, 50) * H
            ev += [(tp, E.PAUSED, assignee, {"reason": rng.choice(tx.PAUSE_REASONS)}), (tr, E.RESUMED, assignee, {})]
            due, t = self.clock.due(d.rural, ev, self.now) or tr + 72 * H, tr
        roll = rng.random() if timed else 1.0
        late = roll < 0.03
        if 0.03 <= roll < 0.05:  # R-TIME-10: a leader approves or rejects an extension
            tr = self._between(t + 0.3 * H, max(t + H, due - H))
            new_due = self.clock.extended(due, kind, d.rural).replace(microsecond=0)
            ev.append((tr, E.EXTENSION_REQUESTED, assignee, {"clock": "resolve", "new_due": new_due.isoformat(), "reason": rng.choice(tx.EXTENSION_REASONS)}))
            td = tr + rng.uniform(0.5, 4) * H
            if rng.random() < 0.7:
                ev.append((td, E.EXTENSION_APPROVED, branch.head_id, {"clock": "resolve", "new_due": new_due.isoformat()}))
                due = new_due
            else:
                ev.append((td, E.EXTENSION_REJECTED, branch.head_id, {"clock": "resolve", "new_due": new_due.isoformat(), "reason": rng.choice(tx.REJECTION_REASONS)}))
                late = rng.random() < 0.5
            t = td
        if 0.05 <= roll < 0.065:  # R-TIME-8: customer unreachable, reason filed to the head
            tu = self._between(t + 0.5 * H, max(t + H, due - H))
            reason = rng.choice(tx.UNREACHABLE_REASONS)
            ev += [(tu, E.CUSTOMER_UNREACHABLE, assignee, {"reason": reason}),
                   (tu + rng.uniform(5, 30) * MIN, E.HEAD_NOTIFIED, assignee, {"head_id": branch.head_id, "reason": reason + "；" + tx.HEAD_NOTE})]
            done = tu + 35 * MIN
            resolution = "客户原因无法处理，按R-TIME-8视为按时办结"
        else:
            done = due + rng.uniform(0.5, 30) * H if late else self._between(t + 0.4 * H, due - 0.2 * H, 1.6)
            resolution = rng.choice(tx.RESOLUTIONS[kind])
            booked = t + rng.uniform(2, 20) * MIN
            if kind in FIELD_KINDS and done - booked > H and rng.random() < 0.6:  # R-PROM-7: appointment kept
                arrived = max(booked + 5 * MIN, done - rng.uniform(0.3, 2) * H)
                win = max(booked, arrived - rng.uniform(0, 1.5) * H).replace(minute=0, second=0, microsecond=0)
                ev.append((booked, E.VISIT_BOOKED, assignee, {
                    "window_start": win.isoformat(), "window_end": (win + 2 * H).isoformat()}))
                ev.append((arrived, E.ARRIVED, assignee, {}))
        ev.append((max(done, t + MIN), E.COMPLETED, assignee, {"resolution": resolution, "on_the_spot": False}))
        if force_open and cut is None:
            cut = ev[-1][0]
        callback = None
        if kind in CALLBACK_KINDS and cut is None:
            callback = self._callback(branch, ev[-1][0], late, ev)
        return self._finish(oid, branch, d, kind0, channel, priority, customer, first, assignee, required,
                            missing, t0, parent, ev, cut, callback)

    def _callback(self, branch: BranchInfo, done: dt.datetime, late: bool, ev: list[tuple]) -> dict:
        """R-VISIT-1/2: a callback within 72 hours; events appended to `ev`."""
        rng = self.rng
        due, _ = self.clock.base_due("callback", done, False)
        agent = self._pick_staff(branch.dispatchers, done.astimezone(CST).date())
        row = {"due_at": due, "agent_id": agent, "status": "open", "attempts": 0, "done_at": None,
               "satisfaction": None, "solved": None, "comment": "", "follow_up_order_id": None}
        roll = rng.random()
        if roll < 0.015:
            return row  # never called back: overdue once due passes
        first_gap = rng.uniform(72.5, 110) if roll < 0.065 else rng.uniform(1, 48)
        t = self._between(done + first_gap * H, done + (first_gap + 3) * H)
        if roll > 0.975:  # unreachable after three tries
            for k in range(3):
                ev.append((t, E.CALLBACK_ATTEMPT, agent, {"outcome": "wrong_number" if k == 2 and rng.random() < 0.3 else "no_answer"}))
                t += rng.uniform(2, 20) * H
            row["status"] = "unreachable"
            return row
        if rng.random() < 0.15:
            ev.append((t, E.CALLBACK_ATTEMPT, agent, {"outcome": "no_answer"}))
            t += rng.uniform(1, 20) * H
        ev.append((t, E.CALLBACK_ATTEMPT, agent, {"outcome": "reached"}))
        score = rng.choices((1, 2, 3, 4, 5), SATISFACTION[late])[0]
        solved = rng.random() < (0.55 if score <= 2 else 0.985)
        comment = rng.choice(tx.CALLBACK_COMMENTS[score])
        ev.append((t + rng.uniform(1, 6) * MIN, E.CALLBACK_DONE, agent, {"satisfaction": score, "solved": solved, "comment": comment}))
        row.update(status="done", satisfaction=score, solved=solved, comment=comment)
        return row

    def _finish(self, oid, branch, d, kind0, channel, priority, customer, first, assignee, required, missing,
                t0, parent, ev, cut, callback) -> list[tuple]:
        now = self.now
        # whole seconds, so that a cache rebuild from the stored events gives the same dues
        kept = [(e[0].replace(microsecond=0),) + e[1:] for e in ev if e[0] <= now and (cut is None or e[0] < cut)]
        kept.sort(key=lambda e: e[0])
        status = derive_status((e[1], e[3]) for e in kept)
        kind = kind0
        current = None
        for at, etype, _a, p in kept:
            if etype == E.RECLASSIFIED:
                kind = p["to_kind"]
            elif etype == E.ASSIGNED:
                current = p["assignee_id"]
        completed_at = visit = arrived = None
        for at, etype, _a, p in kept:
            if etype == E.COMPLETED:
                completed_at = at
            elif etype == E.VISIT_BOOKED:
                visit = p
            elif etype == E.ARRIVED:
                arrived = at
        caches = self.clock.caches(d.rural, kept, now, completed_at is not None)
        order = {
            "id": oid, "branch_id": branch.id, "number": self._number(branch, t0), "kind": kind,
            "channel": channel, "priority": priority, "customer_id": customer, "district_id": d.id,
            "description": self.rng.choice(tx.DESCRIPTIONS[kind0]), "first_contact_id": first,
            "assignee_id": current, "required_materials": required, "missing_materials": missing,
            "received_at": t0, "completed_at": completed_at, "parent_order_id": parent, "notice_id": None,
            "policy_version": 1, "status": status, "due_at": caches.due_at, "sla_state": None,
            "sla_budget_s": caches.sla_budget_s, "response_due_at": caches.response_due_at,  # R-TIME-7
            "sla_provisional": caches.sla_provisional, "escalation_level": 0,
            "visit_from": dt.datetime.fromisoformat(visit["window_start"]) if visit else None,
            "visit_to": dt.datetime.fromisoformat(visit["window_end"]) if visit else None,
            "arrived_at": arrived, "updated_at": kept[-1][0], "updated_by_id": kept[-1][2], "version": 1,
        }
        out = [(order, kept, None)]
        if callback is not None and completed_at is not None:
            attempts = [e for e in kept if e[1] == E.CALLBACK_ATTEMPT]
            done = next((e for e in kept if e[1] == E.CALLBACK_DONE), None)
            callback.update(order_id=oid, branch_id=branch.id, attempts=len(attempts),
                            due_at=self.clock.base_due("callback", completed_at, False)[0])  # R-VISIT-1
            if done is not None:
                callback["done_at"] = done[0]
            elif callback["status"] == "done" or (callback["status"] == "unreachable" and len(attempts) < 3):
                callback.update(status="open", satisfaction=None, solved=None, comment="")
            out[0] = (order, kept, callback)
            if done is not None and not callback["solved"] and parent is None:  # R-VISIT-3: follow-up
                t = done[0] + self.rng.uniform(5, 60) * MIN
                if t < now:
                    follow = self.make(branch, d, t, force_open=False, kind="general_fault", first=callback["agent_id"], parent=oid)
                    follow[0][0]["description"] = "回访发现问题未解决，跟进处理（R-VISIT-3）"
                    callback["follow_up_order_id"] = follow[0][0]["id"]
                    out += follow
        return out
