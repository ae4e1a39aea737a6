"""Escalation passes over stored orders and the alerts they leave (R-TIME-9/11, R-FIRST-4).

:func:`run_pass` walks every order whose clocks can still escalate — not completed, or completed
with its callback still owed (R-VISIT-1/2) — evaluates its event log with the pure rules
(``rules.sla.evaluate`` + ``rules.escalation.due_escalations``) and appends one ``escalated``
event per level due (actor None: the system). Each (clock, level) fires once, ever, however many
passes run at once (two consoles, a console and cron):

* the read phase evaluates the orders in chunks of :data:`READ_CHUNK` (no locks held), judging again
  only what can have changed since this process last did (services.orders.escalation_reads);
* the orders with something due are then written in short transactions of :data:`WRITE_BATCH`
  orders which lock them (PostgreSQL ``SELECT … FOR UPDATE`` in id order; SQLite's
  ``BEGIN IMMEDIATE`` serialises every writer), reload their events **inside** the transaction
  and fire only what is still due. A second pass waiting on the lock then sees the first one's
  events and fires nothing.

Escalations and acknowledgements are events about the order, not changes of its facts: they do not
bump ``Order.version``, so a dispatcher with the order open is not refused with a spurious
"changed by someone else". ``Order.escalation_level`` (1..n, the highest ladder rung fired) is a
cache rebuilt from the log in the same transaction; every write has its audit row (R-ACC, R-INSP).

Alerts are the ``escalated`` events themselves, so they survive a restart and include the manual
ones (R-FIRST-4). :func:`acknowledge` appends ``escalation_acknowledged`` (with the person's note);
an alert is acknowledged once. :func:`acknowledge_many` acknowledges a selection with one note: one
transaction per order (the one write path), alerts acknowledged meanwhile at another console are
left out and named.

R-TIME-8: an exemption (``head_notified``: the customer could not be reached, the order counts as
completed) is an alert too, on the console of the head it names and of the branch's managers
(``open_alerts(viewer_id=…)``), acknowledged the same way — by them only — and never shown again
once acknowledged. R-TIME: a level reached on a provisional due (a year whose calendar is not
entered) fires at once, marked provisional, and is never stored as fact (rules.escalation).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from console.errors import StoreError
from console.i18n import T
from console.models import Callback, District, Order, OrderEvent, Staff
from console.rules.clock import CLOCK_PAYLOAD_EVENTS, ESCALATED
from console.rules.escalation import (
    DEFAULT_LADDER,
    MANUAL_RANK,
    Level,
    due_escalations,
    fired_levels,
    ladder_level,
    provisional_levels,
    quiet_until,
    rank_of,
    reason_text,
)
from console.rules.periods import CST as _CST
from console.rules.periods import UTC
from console.rules.sla import evaluate, evaluate_log
from console.services.audit import chain as audit
from console.services.orders import log
from console.services.orders.escalation_reads import (  # noqa: F401 - forget_judged, judged_quiet_until: the pass's own words
    LOADED,
    forget_judged,
    judged_quiet_until,
    last_events,
    memo_of,
    plain_logs,
)
from console.services.orders.events import load_logs
from console.services.orders.inputs import free_text
from console.services.orders.log import Change
from console.services.sla.policy import rulebook
from console.vocabulary import CallbackStatus, EventType, OrderStatus, Role

READ_CHUNK = 2000  # orders per event query in the read phase
WRITE_BATCH = 100  # orders per write transaction: short locks, a waiting console never times out
URGENT_RANK = 2  # the dispatcher on duty and above (rules.escalation.DEFAULT_LADDER): the first screen's notice


@dataclass(frozen=True, slots=True)
class FiredAlert:
    """One escalation a pass stored (plain data for the CLI and the alerts panel)."""

    event_id: int
    order_id: int
    order_number: str
    branch_id: int
    clock: str
    level: str
    rank: int  # 1-based position of the level in the ladder
    target: str
    reason: str  # a Text: the views render it (rules.escalation.reason_text); stored as its English
    fired_at: dt.datetime
    provisional_year: int | None = None  # R-TIME: fired on a provisional due (that year is not entered)

    @property
    def urgent(self) -> bool:
        return self.rank >= URGENT_RANK

    def line(self) -> str:
        """The CLI's line (a Text: str() is the English; clock, level and target are codes)."""
        return T("{at:%Y-%m-%d %H:%M} {number} {clock} → {level} ({target}): {reason}",
                 at=self.fired_at.astimezone(_CST), number=self.order_number, clock=self.clock, level=self.level,
                 target=self.target, reason=provisional_reason(reason_text(self.reason), self.provisional_year))


EXEMPTION = "exemption"  # an Alert's kind: a R-TIME-8 exemption reported to the branch head
EXEMPTION_LEVEL = "unreachable"  # its level: "Customer unreachable (R-TIME-8)"
HEAD_TARGET = "branch_head"


@dataclass(frozen=True, slots=True)
class Alert:
    """An ``escalated`` event as the alerts panel lists it — or a ``head_notified`` one (R-TIME-8:
    ``kind`` :data:`EXEMPTION`, shown to the head it names and to the branch's managers)."""

    event_id: int
    order_id: int
    order_number: str
    branch_id: int
    order_kind: str
    order_status: str
    district: str
    clock: str | None  # None for a manual escalation of the whole order (and an exemption)
    level: str  # a ladder level name, "manual" (R-FIRST-4), or "unreachable" (R-TIME-8)
    rank: int  # 1-based ladder position; 0 for manual or unknown levels, and exemptions
    manual: bool
    target: str  # assignee | dispatcher_on_duty | branch_leader | provincial_supervision | branch_head
    target_person: str  # the named person when the target is one (assignee, branch leader, head)
    reason: str  # a ladder reason as a Text to render (rules.escalation.reason_text); a manual one as typed
    fired_at: dt.datetime
    fired_by: str  # who escalated by hand (who recorded the exemption); "" for the system's ladder
    acknowledged_by: str | None = None
    acknowledged_by_id: int | None = None
    acknowledged_at: dt.datetime | None = None
    due_at: dt.datetime | None = None  # the order's current due time (None: no running deadline)
    note: str = ""  # what the person who acknowledged it wrote
    kind: str = "escalation"  # or EXEMPTION (R-TIME-8)
    provisional_year: int | None = None  # R-TIME: fired on a due that rests on this year, not entered yet
    head_id: int | None = None  # an exemption: the head it was reported to (R-TIME-8)

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def exemption(self) -> bool:
        return self.kind == EXEMPTION

    @property
    def provisional(self) -> bool:
        return self.provisional_year is not None

    @property
    def urgent(self) -> bool:
        """The dispatcher's level and above, or any manual escalation (R-FIRST-4: "to a leader at
        once"): a new one raises a notice on the first screen. An exemption (R-TIME-8) is a report
        to the head, not an emergency: the order counts as completed."""
        return not self.exemption and (self.manual or self.rank >= URGENT_RANK)

    @property
    def weight(self) -> float:
        """How high it reached, for sorting: a manual escalation goes to a leader (R-FIRST-4),
        so it weighs as the leader's level, and so does an exemption (to the head, R-TIME-8). A
        provisional one (R-TIME) weighs just below the same level as fact."""
        if self.manual or self.exemption:
            return MANUAL_RANK
        return self.rank - 0.5 if self.provisional else self.rank


def provisional_reason(reason, year: int | None):
    """R-TIME: a reason fired on a provisional due says so ("… (provisional: the 2027 working-day
    calendar is not entered)"); an official one comes back as it is."""
    if year is None:
        return reason
    return T("{reason} (provisional: the {year} working-day calendar is not entered)", reason=reason, year=year)


# ============================================================================================
# the pass
# ============================================================================================
def run_pass(store, *, now: dt.datetime | None = None, branch_id: int | None = None,
             ladder: tuple[Level, ...] = DEFAULT_LADDER) -> list[FiredAlert]:
    """Fire every escalation due at ``now`` (aware; default: the current time) for the orders of
    ``branch_id`` (default: all branches). Returns what was stored, in firing order; a level
    fired by an earlier or concurrent pass is never stored again."""
    now = now or dt.datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError(T("run_pass needs an aware 'now'"))
    at = now.astimezone(_CST)  # clocks in China time: the reasons read as the control room's clocks
    nowc = at.replace(tzinfo=None)  # the read phase judges in the clocks' own naive China time
    candidates: list[int] = []
    with store.read() as s:
        book = rulebook(s)
        scope = _scope(s, branch_id)
        memo = memo_of(store, branch_id, ladder, book)
        for i in range(0, len(scope), READ_CHUNK):
            part = scope[i:i + READ_CHUNK]
            last = last_events(s, [oid for oid, _ in part])
            todo = [(oid, pv) for oid, pv in part if memo.stale(oid, last.get(oid), nowc)]
            logs = plain_logs(s, [oid for oid, _ in todo]) if todo else {}
            for oid, pv in todo:
                clocks, escalated = logs.get(oid, _NONE)
                state = evaluate_log(clocks, book.policy(pv), book.calendar, nowc)
                fired, told = fired_levels(escalated), provisional_levels(escalated)
                if due_escalations(state, fired, ladder, told):
                    candidates.append(oid)
                    memo.forget(oid)
                else:
                    memo.keep(oid, last.get(oid), quiet_until(state, fired, ladder, told))
        memo.retain(oid for oid, _ in scope)
    fired: list[FiredAlert] = []
    for i in range(0, len(candidates), WRITE_BATCH):
        quiet: dict[int, tuple[int, dt.datetime | None]] = {}
        fired.extend(_fire(store, candidates[i:i + WRITE_BATCH], at, ladder, quiet))
        for oid, (last_event, until) in quiet.items():  # judged under the lock, with what was just fired
            memo.keep(oid, last_event, until)
    return fired


def _scope(s: Session, branch_id: int | None) -> list[tuple[int, int]]:
    """(order id, policy version) of every order whose clocks can still escalate, by id."""
    open_q = select(Order.id, Order.policy_version).where(Order.status != OrderStatus.COMPLETED)
    # R-VISIT-1/2: a completed order's callback clock runs until the callback is done
    owed_q = (select(Order.id, Order.policy_version).join(Callback, Callback.order_id == Order.id)
              .where(Order.status == OrderStatus.COMPLETED, Callback.status == CallbackStatus.OPEN))
    if branch_id is not None:
        open_q = open_q.where(Order.branch_id == branch_id)
        owed_q = owed_q.where(Order.branch_id == branch_id)
    rows = {oid: pv for oid, pv in s.execute(open_q)}
    rows.update((oid, pv) for oid, pv in s.execute(owed_q))
    return sorted(rows.items())




def _events(s: Session, order_ids: Sequence[int]) -> dict[int, tuple[list, list]]:
    """Per order: (its clock events in log order, its ``escalated`` events), from the one loader
    (payloads decoded only where the rules read them: a pass reads every open order's log every
    30 s, benchmarks/escalation.py)."""
    out = {}
    for oid, events in load_logs(s, order_ids, types=LOADED, payload_types=CLOCK_PAYLOAD_EVENTS | {ESCALATED}).items():
        out[oid] = ([e for e in events if e.type != ESCALATED], [e for e in events if e.type == ESCALATED])
    return out


_NONE: tuple[list, list] = ([], [])


def _fire(store, order_ids: list[int], now: dt.datetime, ladder: tuple[Level, ...],
          quiet: dict | None = None) -> list[FiredAlert]:
    """One write transaction: lock the orders, re-check against their current logs, store. ``quiet``
    receives, per order fired, its newest event id and until when it is quiet after these firings."""
    with store.write() as s:
        now = log.server_clock(s) or now  # a person's login on PostgreSQL: the server's time (migration 0007)
        locked = s.execute(
            select(Order.id, Order.number, Order.branch_id, Order.policy_version, Order.escalation_level)
            .where(Order.id.in_(order_ids)).order_by(Order.id).with_for_update()
        ).all()
        book = rulebook(s)
        events = _events(s, order_ids)  # read after the lock: a concurrent pass's events are visible
        todo = []
        for oid, number, branch, pv, cached in locked:
            clocks, escalated = events.get(oid, _NONE)
            state = evaluate(clocks, book.policy(pv), book.calendar, now)
            due = due_escalations(state, fired_levels(escalated), ladder, provisional_levels(escalated))
            if due:  # else another pass got here first, or the order moved on meanwhile
                rows = [log.append(s, order_id=oid, branch_id=branch, event=EventType.ESCALATED, payload=e.payload(),
                                   at=now, actor_id=None) for e in due]
                if quiet is not None:  # after these firings (their ids: the order's newest events, flushed below)
                    quiet[oid] = (rows, quiet_until(state, fired_levels([*escalated, *rows]), ladder,
                                                    provisional_levels([*escalated, *rows])))
                # the projection's rule (rules.order_facts): the highest ladder level of the log
                level = max(ladder_level(e.payload, ladder) for e in [*escalated, *rows])
                todo.append((oid, number, branch, cached, level, due, rows))
        if not todo:
            return []
        s.flush()  # one multi-row INSERT … RETURNING for the batch
        if quiet is not None:
            for oid, (rows, until) in list(quiet.items()):
                quiet[oid] = (max(r.id for r in rows), until)
        todo = [(*head, due, [(r.id, r.payload) for r in rows]) for *head, due, rows in todo]
        s.expunge_all()  # written: keep the audit rows' flushes from re-visiting them
        # escalation_level is a cache of the log: never bumps the order's version (module doc)
        changed = [{"oid": oid, "lvl": level} for oid, _, _, cached, level, _, _ in todo if level != cached]
        if changed:
            s.connection().execute(update(Order.__table__).where(Order.__table__.c.id == bindparam("oid"))
                                   .values(escalation_level=bindparam("lvl")), changed)
        fired: list[FiredAlert] = []
        for oid, number, branch, cached, level, due, rows in todo:
            audit.record(s, actor_id=None, action="order.escalated", entity="work_order", entity_id=oid,
                         branch_id=branch, before={"escalation_level": cached},
                         after={"escalation_level": level, "event": EventType.ESCALATED.value,
                                "escalations": [{"event_id": i, **p} for i, p in rows]}, at=now)
            fired.extend(FiredAlert(i, oid, number, branch, e.clock, e.level, rank_of(e.level, ladder),
                                    e.target, e.reason, now, e.provisional_year) for (i, _), e in zip(rows, due))
        return fired


# ============================================================================================
# alerts
# ============================================================================================
def open_alerts(store, branch_id: int, *, include_acknowledged: bool = False,
                acknowledged_since: dt.datetime | None = None,
                ladder: tuple[Level, ...] = DEFAULT_LADDER, viewer_id: int | None = None) -> list[Alert]:
    """The branch's escalations, newest first: every unacknowledged one (ladder and manual,
    R-FIRST-4), plus with ``include_acknowledged`` the acknowledged ones (only those acknowledged
    at or after ``acknowledged_since`` when given).

    R-TIME-8: with ``viewer_id``, the branch's exemptions (``head_notified``) that person may see
    come too, as alerts of kind :data:`EXEMPTION`: the head each names, and the branch's managers.
    R-TIME: a ladder alert fired on a provisional due carries its year while that year's calendar
    is not entered; once it is, the due was recomputed and the provisional alert is withdrawn (the
    next pass fires the level as fact if the official due reaches it: rules.escalation)."""
    with store.read() as s:
        acks: dict[int, tuple[int | None, dt.datetime, str]] = {}
        for actor, at, payload in s.execute(
            select(OrderEvent.actor_id, OrderEvent.at, OrderEvent.payload)
            .where(OrderEvent.branch_id == branch_id, OrderEvent.type == EventType.ESCALATION_ACKNOWLEDGED)
        ):
            ref = (payload or {}).get("escalation_event_id")
            if isinstance(ref, int) and ref not in acks:
                acks[ref] = (actor, at, str((payload or {}).get("note") or ""))
        types = [EventType.ESCALATED]
        viewer = s.get(Staff, viewer_id) if viewer_id is not None else None
        if viewer is not None:
            types.append(EventType.HEAD_NOTIFIED)
        rows = s.execute(
            select(OrderEvent.id, OrderEvent.order_id, OrderEvent.at, OrderEvent.actor_id, OrderEvent.payload,
                   OrderEvent.type, Order.number, Order.kind, Order.status, Order.assignee_id, District.name,
                   Order.due_at)
            .join(Order, Order.id == OrderEvent.order_id)
            .join(District, District.id == Order.district_id)
            .where(OrderEvent.branch_id == branch_id, OrderEvent.type.in_(types))
            .order_by(OrderEvent.at.desc(), OrderEvent.id.desc())
        ).all()
        calendar = None
        keep = []
        for r in rows:
            ack = acks.get(r.id)
            if ack is not None and not (include_acknowledged and (acknowledged_since is None
                                                                  or ack[1] >= acknowledged_since)):
                continue
            p = r.payload or {}
            year = None
            if r.type == EventType.HEAD_NOTIFIED:
                if not _sees_exemption(viewer, branch_id, p.get("head_id")):
                    continue
            elif p.get("provisional"):  # R-TIME: still provisional, or withdrawn once the year is entered
                calendar = calendar or rulebook(s).calendar
                year = p.get("provisional_year")
                if isinstance(year, int) and calendar.is_configured(year):
                    continue
                year = year if isinstance(year, int) else 0
            keep.append((r, ack, year))
        heads = {(r.payload or {}).get("head_id") for r, _, _ in keep if r.type == EventType.HEAD_NOTIFIED}
        people = ({r.actor_id for r, _, _ in keep} | {r.assignee_id for r, _, _ in keep}
                  | {a[0] for _, a, _ in keep if a} | {h for h in heads if isinstance(h, int)})
        people.discard(None)
        names = {i: n for i, n in s.execute(select(Staff.id, Staff.name).where(Staff.id.in_(people)))} if people else {}
        leader = s.scalar(select(Staff.name).where(Staff.branch_id == branch_id, Staff.role == Role.MANAGER,
                                                   Staff.active.is_(True)).order_by(Staff.id).limit(1)) or ""
    out = []
    for r, ack, year in keep:
        p = r.payload or {}
        acked = (names.get(ack[0]) if ack else None, ack[0] if ack else None, ack[1] if ack else None)
        if r.type == EventType.HEAD_NOTIFIED:  # R-TIME-8: the exemption, as the head is told of it
            head = p.get("head_id") if isinstance(p.get("head_id"), int) else None
            out.append(Alert(
                r.id, r.order_id, r.number, branch_id, r.kind.value, r.status.value, r.name, None, EXEMPTION_LEVEL,
                0, False, HEAD_TARGET, names.get(head, "") if head else "", str(p.get("reason") or ""),
                r.at, names.get(r.actor_id, "") if r.actor_id else "", *acked, _aware(r.due_at),
                ack[2] if ack else "", EXEMPTION, None, head))
            continue
        target = str(p.get("target") or "")
        manual = bool(p.get("manual"))
        level = str(p.get("level") or ("manual" if manual else ""))
        person = (names.get(r.assignee_id, "") if target == "assignee"
                  else leader if target == "branch_leader" else "")
        out.append(Alert(
            r.id, r.order_id, r.number, branch_id, r.kind.value, r.status.value, r.name, p.get("clock"), level,
            0 if manual else rank_of(level, ladder), manual, target, person,
            str(p.get("reason") or "") if manual else provisional_reason(reason_text(str(p.get("reason") or "")), year),
            r.at, names.get(r.actor_id, "") if r.actor_id else "", *acked,
            _aware(r.due_at), ack[2] if ack else "", provisional_year=year,
        ))
    return out


def _sees_exemption(viewer: Staff | None, branch_id: int, head_id) -> bool:
    """R-TIME-8: the head an exemption names sees it, and so do the branch's managers (a
    provincial manager: every branch's)."""
    if viewer is None or not viewer.active:
        return False
    if viewer.id == head_id:
        return True
    return viewer.role == Role.MANAGER and viewer.branch_id in (None, branch_id)


def _aware(at: dt.datetime | None) -> dt.datetime | None:
    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at


def acknowledge(store, event_id: int, *, actor_id: int, note: str = "", now: dt.datetime | None = None) -> int:
    """Record that ``actor_id`` has seen escalation ``event_id`` and acts on it (``note``: what
    they do, optional); returns the id of the ``escalation_acknowledged`` event. Refused
    (StoreError, nothing written) for an unknown alert, an unknown person, or an alert already
    acknowledged. One change of the order through the write path, without a version bump (module doc)."""
    done, refused = acknowledge_many(store, [event_id], actor_id=actor_id, note=note, now=now)
    if refused:
        raise refused[0]
    return done[0]


def acknowledge_many(store, event_ids, *, actor_id: int | None, note: str = "",
                     now: dt.datetime | None = None) -> tuple[list[int], list[StoreError]]:
    """Acknowledge the escalations ``event_ids`` with one ``note``: one transaction per order,
    all of that order's selected alerts or none. Returns the ids of the acknowledgement events
    written and, for each alert left out, why (already acknowledged at another console, unknown).
    Refused as a whole (StoreError, nothing written) for nobody on duty or a bad note."""
    note = free_text(note, T("the note of the acknowledgement"))
    wanted = list(dict.fromkeys(event_ids))
    with store.read() as s:
        found = {r.id: r for r in s.execute(select(OrderEvent.id, OrderEvent.order_id, OrderEvent.type)
                                            .where(OrderEvent.id.in_(wanted)))} if wanted else {}
    refused: list[StoreError] = []
    by_order: dict[int, list[int]] = {}
    for event_id in wanted:
        r = found.get(event_id)
        if r is None or r.type not in _ACKNOWLEDGED_TYPES:
            refused.append(StoreError(T("there is no escalation {id} to acknowledge", id=event_id)))
        else:
            by_order.setdefault(r.order_id, []).append(event_id)
    if actor_id is None:
        raise StoreError(T("choose who is on duty before acknowledging an escalation"))
    written: list[int] = []
    for order_id, ids in by_order.items():
        try:
            written.extend(_acknowledge_order(store, order_id, ids, actor_id, note, now, refused))
        except StoreError as exc:
            if len(by_order) == 1:
                raise
            refused.append(exc)  # another order's alerts are still acknowledged
    return written, refused


_ACKNOWLEDGED_TYPES = (EventType.ESCALATED, EventType.HEAD_NOTIFIED)  # R-TIME-8: an exemption is acknowledged alike


def _acknowledge_order(store, order_id: int, event_ids: list[int], actor_id: int, note: str,
                       now: dt.datetime | None, refused: list[StoreError]) -> list[int]:
    skipped: list[StoreError] = []

    def work(w: Change) -> None:
        skipped.clear()  # the work may run again when the transaction is retried
        s = w.session
        actor = s.get(Staff, actor_id)
        if actor is None:
            raise StoreError(T("choose who is on duty before acknowledging an escalation"))
        prior = {}
        for p in s.execute(
            select(OrderEvent.actor_id, OrderEvent.at, OrderEvent.payload)
            .where(OrderEvent.order_id == w.order.id, OrderEvent.type == EventType.ESCALATION_ACKNOWLEDGED)
        ):
            prior.setdefault((p.payload or {}).get("escalation_event_id"), p)
        todo = []
        for event_id in event_ids:
            if (p := prior.get(event_id)) is not None:
                by = s.get(Staff, p.actor_id) if p.actor_id else None
                skipped.append(StoreError(
                    T("this escalation of order {number} was already acknowledged by {who} at {at:%Y-%m-%d %H:%M}; "
                      "nothing was saved", number=w.order.number, who=by.name if by else T("the system"),
                      at=p.at.astimezone(_CST))))
            else:
                todo.append(event_id)
        if not todo:
            raise skipped[0]  # nothing left to write for this order
        for event_id in todo:
            event = s.get(OrderEvent, event_id)
            payload = event.payload or {}
            level = payload.get("level")
            if event.type == EventType.HEAD_NOTIFIED:  # R-TIME-8: the head's (or a manager's) to acknowledge
                if not _sees_exemption(actor, w.order.branch_id, payload.get("head_id")):
                    raise StoreError(T("{name} may not acknowledge the exemption of order {number}: the branch "
                                       "head it was reported to, or a manager of the branch, acknowledges it "
                                       "(R-TIME-8); nothing was saved", name=actor.name, number=w.order.number))
                level = EXEMPTION_LEVEL
            w.add(EventType.ESCALATION_ACKNOWLEDGED, {"escalation_event_id": event_id, "clock": payload.get("clock"),
                                                      "level": level, "note": note})

    _, result = log.change(store, order_id, expected_version=None, actor_id=actor_id, work=work,
                           action="order.escalation_acknowledged", now=now,
                           needs=EventType.ESCALATION_ACKNOWLEDGED, bump=False, result=True)
    refused.extend(skipped)
    return result["event_ids"]
