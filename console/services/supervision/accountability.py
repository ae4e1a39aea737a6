"""Accountability cases (R-ACC, R-TIME-11) from a breached order or an inspection finding.

* R-ACC-S: a decision is refused until the person's statement and defence are recorded, or a note
  that the person declined to give one.
* R-ACC-H: a second accountable act of the same person within 12 months is detected and listed as
  aggravating when the case is opened (and again when it is decided); other aggravating
  circumstances (retaliation, obstruction, not executing a decision) are added by the manager.
  "In one year" is read as a **rolling 12 months** (the 12 months up to the day the case is
  opened), not a calendar year: two acts weeks apart across 31 December are two acts in one year,
  and a calendar year would reset the count on 1 January and weigh the second as a first act.
* R-ACC-L: mitigating circumstances (apologised and understood, prevented the bad outcome,
  corrected and recovered the loss).
* Outcomes by severity: warning; loss of the excellence evaluation; notice of criticism with
  penalty; exempt (R-ACC-L).
* The decision step (``decision_facts``) shows the aggravating and mitigating facts and suggests an
  outcome: the severity of the source (a finding's severity; a time-limit breach is minor) gives
  the rung of the ladder warning → loses the excellence evaluation → notice of criticism; an
  aggravating fact moves it one rung up, a mitigating one one rung down (below a warning:
  exempt); both, and they offset. The manager decides; the suggestion is a suggestion.
* R-TIME-11 candidates (``breached_orders``): a breach that rests on a working-day calendar year not
  yet entered is **provisional** (``Order.sla_provisional``): it is listed apart, never as a
  breach, and no case opens from it until the year's calendar is entered (``open_case`` refuses).

A case dropped as exempt does not count as an accountable act for R-ACC-H. Every write is one
transaction with its audit row, and checks first that the actor may decide accountability on the
case's branch (managers and admins: ``permissions.Action.ACCOUNTABILITY``). Reading the cases is a
right of its own (managers, admins and inspectors: ``permissions.Action.ACCOUNTABILITY_READ``);
dispatchers and maintainers see none (on PostgreSQL the database hides the rows from their logins).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select

from console.errors import StoreError
from console.i18n import T
from console.models import AccountabilityCase, Finding, Order, Staff
from console.rules.clock import RESOLVE
from console.rules.periods import CST, UTC
from console.rules.sla import evaluate
from console.services.access import permissions
from console.services.access.directory import labels_of
from console.services.audit import chain as audit
from console.services.orders.events import load_events
from console.services.sla.cache import breached_at
from console.services.sla.policy import calendar_of, rulebook

OUTCOMES = ("warning", "excellence_revoked", "criticism_penalty", "exempt")
AGGRAVATING = ("retaliation", "repeat", "obstruction", "not_executing")  # R-ACC-H
MITIGATING = ("apologised", "prevented", "recovered")  # R-ACC-L
# R-ACC-H "two or more accountable acts in one year": a rolling 12 months (see the module doc)
REPEAT_PREFIX = "R-ACC-H: second accountable act within 12 months"
LADDER = ("warning", "excellence_revoked", "criticism_penalty")  # R-ACC: outcomes by severity
_RUNG = {"minor": 0, "serious": 1, "critical": 2}


def year_before(at: dt.datetime) -> dt.datetime:
    """R-ACC-H: the start of the rolling 12 months up to `at` (29 February → 28 February)."""
    try:
        return at.replace(year=at.year - 1)
    except ValueError:
        return at.replace(year=at.year - 1, day=28)


@dataclass(frozen=True)
class CaseRow:
    id: int
    branch_id: int
    person_id: int
    person: str
    order_id: int | None
    order_number: str
    finding_id: int | None
    finding_rule: str
    opened_at: dt.datetime
    grounds: str
    statement: str
    statement_declined: bool
    statement_at: dt.datetime | None
    aggravating: tuple[str, ...]
    mitigating: tuple[str, ...]
    outcome: str | None
    decided_at: dt.datetime | None
    order_provisional: bool = False  # R-TIME-11: the order's breach rests on a calendar year not entered

    @property
    def heard(self) -> bool:
        """R-ACC-S: a statement or a recorded refusal."""
        return bool(self.statement.strip()) or self.statement_declined


def _snap(c: AccountabilityCase) -> dict:
    return {"person_id": c.person_id, "order_id": c.order_id, "finding_id": c.finding_id, "grounds": c.grounds,
            "statement": c.statement, "statement_declined": c.statement_declined, "statement_at": c.statement_at,
            "aggravating": list(c.aggravating or []), "mitigating": list(c.mitigating or []),
            "outcome": c.outcome, "decided_at": c.decided_at}


def _resolve_clock(s, order: Order, now: dt.datetime):
    book = rulebook(s)
    state = evaluate(load_events(s, order.id), book.policy(order.policy_version), book.calendar, now)
    return state.clock(RESOLVE)


def _unentered_year(calendar, order: Order, due: dt.datetime | None) -> int | None:
    """The first year from the order's receipt to its due whose working-day calendar is not entered."""
    first = order.received_at.astimezone(CST).date().year
    last = max(first, (due or order.due_at or order.received_at).astimezone(CST).date().year)
    return next((y for y in range(first, last + 1) if not calendar.is_configured(y)), None)


class Candidate(NamedTuple):
    """An order breached at the time asked (R-TIME-11), as the case dialog offers it."""

    id: int
    number: str
    assignee_id: int | None
    kind: str
    provisional: bool = False  # the breach rests on a year without official calendar data
    year: int | None = None  # that year (None when it is not provisional)


def _earlier_acts(s, person_id: int, at: dt.datetime, exclude: int | None) -> list[AccountabilityCase]:
    """The person's other accountable acts in the 12 months before ``at`` (exempt ones don't count)."""
    q = select(AccountabilityCase).where(AccountabilityCase.person_id == person_id,
                                         AccountabilityCase.opened_at >= year_before(at),
                                         AccountabilityCase.opened_at <= at)
    return [c for c in s.scalars(q.order_by(AccountabilityCase.opened_at))
            if c.id != exclude and c.outcome != "exempt"]


def _flag_repeat(s, c: AccountabilityCase) -> None:
    """R-ACC-H detection: add (or drop) the repeat circumstance."""
    earlier = _earlier_acts(s, c.person_id, c.opened_at, c.id)
    kept = [a for a in (c.aggravating or []) if not a.startswith(REPEAT_PREFIX)]
    if earlier:
        refs = ", ".join(f"#{e.id} {e.opened_at:%Y-%m-%d}" for e in earlier)
        kept.insert(0, f"{REPEAT_PREFIX} (cases {refs})")
    c.aggravating = kept


def open_case(store, *, person_id: int, grounds: str, actor_id: int | None, order_id: int | None = None,
              finding_id: int | None = None, now: dt.datetime | None = None) -> int:
    """Open a case from a breached order (R-TIME-11) or a finding (R-INSP); returns its id."""
    now = now or dt.datetime.now(UTC)
    if (order_id is None) == (finding_id is None):
        raise StoreError(T("a case is opened from one breached order or one finding"))
    if not grounds.strip():
        raise StoreError(T("state the grounds of the case (R-ACC)"))
    with store.write() as s:
        person = s.get(Staff, person_id)
        if person is None:
            raise StoreError(T("no employee {staff_id}", staff_id=person_id))
        if order_id is not None:
            order = s.get(Order, order_id)
            if order is None:
                raise StoreError(T("no order {order_id}", order_id=order_id))
            clock = _resolve_clock(s, order, now)
            if clock is None or clock.state != "breached":
                raise StoreError(T("order {number} is not breached: R-TIME-11 cases come from breaches "
                                   "(an R-TIME-8 exemption or an approved R-TIME-10 extension is on time)",
                                   number=order.number))
            if clock.provisional or order.sla_provisional:
                # R-TIME-11: a provisional breach is never taken as fact
                year = _unentered_year(calendar_of(s), order, clock.due)
                if year is None:
                    raise StoreError(T("order {number}'s breach is provisional: its deadline rests on a "
                                       "working-day calendar not entered (a Monday–Friday guess). Enter the "
                                       "calendar, then open the case (R-TIME-11)", number=order.number))
                raise StoreError(T("order {number}'s breach is provisional: the {year} working-day calendar is "
                                   "not entered, so its deadline is a Monday–Friday guess. Enter the {year} "
                                   "calendar, then open the case (R-TIME-11)", number=order.number, year=year))
            branch_id = order.branch_id
        else:
            finding = s.get(Finding, finding_id)
            if finding is None:
                raise StoreError(T("no finding {finding_id}", finding_id=finding_id))
            branch_id = finding.branch_id
        permissions.require(s, actor_id, permissions.Action.ACCOUNTABILITY, branch_id=branch_id)  # R-ACC
        c = AccountabilityCase(branch_id=branch_id, person_id=person_id, order_id=order_id, finding_id=finding_id,
                               opened_at=now, opened_by_id=actor_id, grounds=grounds.strip(), statement="",
                               statement_declined=False, aggravating=[], mitigating=[])
        s.add(c)
        s.flush()
        _flag_repeat(s, c)
        audit.record(s, actor_id=actor_id, action="accountability.opened", entity="accountability_case",
                     entity_id=c.id, branch_id=branch_id, after=_snap(c), at=now)
        return c.id


def _change(store, case_id: int, actor_id: int | None, action: str, now: dt.datetime | None, fn,
            note: str = "") -> None:
    now = now or dt.datetime.now(UTC)
    with store.write() as s:
        c = s.get(AccountabilityCase, case_id)
        if c is None:
            raise StoreError(T("no accountability case {case_id}", case_id=case_id))
        permissions.require(s, actor_id, permissions.Action.ACCOUNTABILITY, branch_id=c.branch_id)  # R-ACC
        if c.decided_at is not None:
            raise StoreError(T("case #{case_id} is decided ({outcome}): it is closed", case_id=c.id,
                               outcome=c.outcome))
        before = _snap(c)
        fn(s, c, now)
        after = _snap(c) | ({"note": note} if note else {})
        audit.record(s, actor_id=actor_id, action=action, entity="accountability_case", entity_id=c.id,
                     branch_id=c.branch_id, before=before, after=after, at=now)


def record_statement(store, case_id: int, statement: str = "", *, declined: bool = False, actor_id: int | None,
                     now: dt.datetime | None = None) -> None:
    """R-ACC-S: the person's statement and defence, or a note that they declined to give one."""
    if not statement.strip() and not declined:
        raise StoreError(T("record the statement, or that the person declined to give one (R-ACC-S)"))

    def fn(_s, c, at):
        c.statement, c.statement_declined, c.statement_at = statement.strip(), bool(declined), at

    _change(store, case_id, actor_id, "accountability.statement", now, fn)


def add_circumstance(store, case_id: int, kind: str, reason: str, text: str = "", *, actor_id: int | None,
                     now: dt.datetime | None = None) -> None:
    """An aggravating (R-ACC-H) or mitigating (R-ACC-L) circumstance, by reason code."""
    allowed = {"aggravating": AGGRAVATING, "mitigating": MITIGATING}.get(kind)
    if allowed is None or reason not in allowed:
        raise StoreError(T("{kind} circumstances are one of {reasons}", kind=kind,
                           reasons=", ".join(allowed or ())))
    rule = "R-ACC-H" if kind == "aggravating" else "R-ACC-L"
    entry = f"{rule}: {reason}" + (f" — {text.strip()}" if text.strip() else "")

    def fn(_s, c, _at):
        setattr(c, kind, list(getattr(c, kind) or []) + [entry])

    _change(store, case_id, actor_id, f"accountability.{kind}", now, fn)


def decide(store, case_id: int, outcome: str, *, actor_id: int, note: str = "",
           now: dt.datetime | None = None) -> None:
    """Record the decision (and the decider's reasons, `note`, in its audit row). Refused before
    a statement or a recorded refusal (R-ACC-S)."""
    if outcome not in OUTCOMES:
        raise StoreError(T("the outcome is one of {outcomes}", outcomes=", ".join(OUTCOMES)))

    def fn(s, c, at):
        if not (c.statement or "").strip() and not c.statement_declined:
            raise StoreError(T("R-ACC-S: the person's statement and defence must be heard and recorded (or their "
                               "refusal noted) before a decision"))
        if c.order_id is not None:
            order = s.get(Order, c.order_id)
            if order is not None and order.sla_provisional:
                # R-TIME-11: a provisional breach is never taken as fact, not even by a case opened before
                raise StoreError(T("order {number}'s breach is provisional now (a working-day calendar year it "
                                   "rests on is not entered): enter the calendar before deciding case "
                                   "#{case_id} (R-TIME-11)", number=order.number, case_id=c.id))
        _flag_repeat(s, c)
        c.outcome, c.decided_at, c.decided_by_id = outcome, at, actor_id

    _change(store, case_id, actor_id, "accountability.decided", now, fn, note=note.strip())


@dataclass(frozen=True)
class DecisionFacts:
    """What the decision step shows (R-ACC-H, R-ACC-L, R-ACC-S) and the outcome it suggests."""

    case: CaseRow
    repeats: tuple[tuple[int, dt.datetime], ...]  # R-ACC-H: the person's other acts in the 12 months before
    window_start: dt.datetime  # the start of those 12 months (rolling, not a calendar year)
    aggravating: tuple[str, ...]  # R-ACC-H facts: the detected repeat first, then those added
    mitigating: tuple[str, ...]  # R-ACC-L facts
    severity: str  # of the source: a finding's severity; a time-limit breach is minor
    base: str  # the outcome of that severity
    suggested: str  # after the heavier / lighter facts

    @property
    def heard(self) -> bool:
        """R-ACC-S: no decision before the statement (or its refusal) is recorded."""
        return self.case.heard


def suggest(severity: str, heavier: bool, lighter: bool) -> tuple[str, str]:
    """(base outcome, suggested outcome): R-ACC outcomes by severity, one rung up for an
    aggravating fact (R-ACC-H), one down for a mitigating one (R-ACC-L; below a warning: exempt);
    both offset."""
    rung = _RUNG.get(severity, 0)
    base = LADDER[rung]
    step = (1 if heavier else 0) - (1 if lighter else 0)
    rung += step
    if rung < 0:
        return base, "exempt"
    return base, LADDER[min(rung, len(LADDER) - 1)]


def decision_facts(store, case_id: int, *, actor_id: int | None) -> DecisionFacts:
    """The facts the decision step shows for case `case_id` (read by those who may read cases)."""
    with store.read() as s:
        c = s.get(AccountabilityCase, case_id)
        if c is None:
            raise StoreError(T("no accountability case {case_id}", case_id=case_id))
        permissions.require(s, actor_id, permissions.Action.ACCOUNTABILITY_READ, branch_id=c.branch_id)  # R-ACC
        earlier = _earlier_acts(s, c.person_id, c.opened_at, c.id)
        severity = "minor"  # R-TIME-11: a time-limit breach is minor unless the manager weighs it heavier
        if c.finding_id is not None:
            f = s.get(Finding, c.finding_id)
            severity = f.severity.value if f is not None else "minor"
        branch_id = c.branch_id
    row = next(r for r in cases(store, branch_id, actor_id=actor_id) if r.id == case_id)
    kept = [a for a in row.aggravating if not a.startswith(REPEAT_PREFIX)]
    aggravating = list(kept)
    if earlier:
        refs = ", ".join(f"#{e.id} {e.opened_at:%Y-%m-%d}" for e in earlier)
        aggravating.insert(0, f"{REPEAT_PREFIX} (cases {refs})")
    base, suggested = suggest(severity, bool(aggravating), bool(row.mitigating))
    return DecisionFacts(row, tuple((e.id, e.opened_at) for e in earlier), year_before(row.opened_at),
                         tuple(aggravating), row.mitigating, severity, base, suggested)


def cases(store, branch_id: int | None = None, *, actor_id: int | None) -> list[CaseRow]:
    """Cases, newest first, for someone whose role may read them (R-ACC: managers, admins and
    inspectors; PermissionDenied with the reason otherwise). `branch_id` None: every branch the
    actor may see (their own, or all for provincial staff and inspectors)."""
    with store.read() as s:
        who = permissions.require(s, actor_id, permissions.Action.ACCOUNTABILITY_READ, branch_id=branch_id)  # R-ACC
        if branch_id is None and who.branch_id is not None and who.role not in permissions.EVERY_BRANCH:
            branch_id = who.branch_id
        q = (select(AccountabilityCase, Order.number, Finding.rule_id, Order.sla_provisional)
             .outerjoin(Order, Order.id == AccountabilityCase.order_id)
             .outerjoin(Finding, Finding.id == AccountabilityCase.finding_id))
        if branch_id is not None:
            q = q.where(AccountabilityCase.branch_id == branch_id)
        rows = s.execute(q.order_by(AccountabilityCase.opened_at.desc(), AccountabilityCase.id.desc())).all()
        staff = labels_of(s, [c.person_id for c, *_ in rows])
        return [CaseRow(c.id, c.branch_id, c.person_id, staff.get(c.person_id, ""), c.order_id, number or "",
                        c.finding_id, rule or "", c.opened_at, c.grounds, c.statement, c.statement_declined,
                        c.statement_at, tuple(c.aggravating or ()), tuple(c.mitigating or ()), c.outcome,
                        c.decided_at, bool(provisional)) for c, number, rule, provisional in rows]


def breached_orders(store, branch_id: int, *, limit: int = 500,
                    now: dt.datetime | None = None) -> list[Candidate]:
    """Recent orders whose resolve clock is breached at `now` (R-TIME-11: breaches feed
    accountability) — the candidates the case dialog offers (the case itself re-checks the
    events). Breached is read at `now` from the cached due, so an order whose deadline passed with
    no event since counts (services.sla.cache.breached_at). A candidate whose deadline rests on a
    year without official calendar data is ``provisional`` (with that year): not a breach as fact."""
    now = now or dt.datetime.now(UTC)
    with store.read() as s:
        q = (select(Order)
             .where(Order.branch_id == branch_id, breached_at(now))
             .order_by(Order.received_at.desc()).limit(limit))
        orders = list(s.scalars(q))
        calendar = calendar_of(s) if any(o.sla_provisional for o in orders) else None
        return [Candidate(o.id, o.number, o.assignee_id, o.kind.value, bool(o.sla_provisional),
                          _unentered_year(calendar, o, o.due_at) if o.sla_provisional else None)
                for o in orders]
