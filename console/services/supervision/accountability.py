"""Accountability cases (R-ACC, R-TIME-11) from a breached order or an inspection finding.

* R-ACC-S: a decision is refused until the person's statement and defence are recorded, or a note
  that the person declined to give one.
* R-ACC-H: a second accountable act of the same person within 12 months is detected and listed as
  aggravating when the case is opened (and again when it is decided); other aggravating
  circumstances (retaliation, obstruction, not executing a decision) are added by the manager.
* R-ACC-L: mitigating circumstances (apologised and understood, prevented the bad outcome,
  corrected and recovered the loss).
* Outcomes by severity: warning; loss of the excellence evaluation; notice of criticism with
  penalty; exempt (R-ACC-L).

A case dropped as exempt does not count as an accountable act for R-ACC-H. Every write is one
transaction with its audit row, and checks first that the actor may decide accountability on the
case's branch (managers and admins: ``permissions.Action.ACCOUNTABILITY``). Reading the cases is a
right of its own (managers, admins and inspectors: ``permissions.Action.ACCOUNTABILITY_READ``);
dispatchers and maintainers see none (on PostgreSQL the database hides the rows from their logins).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from console.errors import StoreError
from console.i18n import T
from console.models import AccountabilityCase, Finding, Order, Staff
from console.rules.clock import RESOLVE
from console.rules.periods import UTC
from console.rules.sla import evaluate
from console.services.access import permissions
from console.services.audit import chain as audit
from console.services.orders.events import load_events
from console.services.sla.cache import breached_at
from console.services.sla.policy import rulebook

OUTCOMES = ("warning", "excellence_revoked", "criticism_penalty", "exempt")
AGGRAVATING = ("retaliation", "repeat", "obstruction", "not_executing")  # R-ACC-H
MITIGATING = ("apologised", "prevented", "recovered")  # R-ACC-L
REPEAT_WINDOW = dt.timedelta(days=365)  # R-ACC-H "two or more accountable acts in one year"
REPEAT_PREFIX = "R-ACC-H: second accountable act within 12 months"


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

    @property
    def heard(self) -> bool:
        """R-ACC-S: a statement or a recorded refusal."""
        return bool(self.statement.strip()) or self.statement_declined


def _snap(c: AccountabilityCase) -> dict:
    return {"person_id": c.person_id, "order_id": c.order_id, "finding_id": c.finding_id, "grounds": c.grounds,
            "statement": c.statement, "statement_declined": c.statement_declined, "statement_at": c.statement_at,
            "aggravating": list(c.aggravating or []), "mitigating": list(c.mitigating or []),
            "outcome": c.outcome, "decided_at": c.decided_at}


def _breached(s, order: Order, now: dt.datetime) -> bool:
    book = rulebook(s)
    state = evaluate(load_events(s, order.id), book.policy(order.policy_version), book.calendar, now)
    clock = state.clock(RESOLVE)
    return clock is not None and clock.state == "breached"


def _earlier_acts(s, person_id: int, at: dt.datetime, exclude: int | None) -> list[AccountabilityCase]:
    """The person's other accountable acts in the 12 months before ``at`` (exempt ones don't count)."""
    q = select(AccountabilityCase).where(AccountabilityCase.person_id == person_id,
                                         AccountabilityCase.opened_at >= at - REPEAT_WINDOW,
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
            if not _breached(s, order, now):
                raise StoreError(T("order {number} is not breached: R-TIME-11 cases come from breaches "
                                   "(an R-TIME-8 exemption or an approved R-TIME-10 extension is on time)",
                                   number=order.number))
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


def _change(store, case_id: int, actor_id: int | None, action: str, now: dt.datetime | None, fn) -> None:
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
        audit.record(s, actor_id=actor_id, action=action, entity="accountability_case", entity_id=c.id,
                     branch_id=c.branch_id, before=before, after=_snap(c), at=now)


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


def decide(store, case_id: int, outcome: str, *, actor_id: int, now: dt.datetime | None = None) -> None:
    """Record the decision. Refused before a statement or a recorded refusal (R-ACC-S)."""
    if outcome not in OUTCOMES:
        raise StoreError(T("the outcome is one of {outcomes}", outcomes=", ".join(OUTCOMES)))

    def fn(s, c, at):
        if not (c.statement or "").strip() and not c.statement_declined:
            raise StoreError(T("R-ACC-S: the person's statement and defence must be heard and recorded (or their "
                               "refusal noted) before a decision"))
        _flag_repeat(s, c)
        c.outcome, c.decided_at, c.decided_by_id = outcome, at, actor_id

    _change(store, case_id, actor_id, "accountability.decided", now, fn)


def cases(store, branch_id: int | None = None, *, actor_id: int | None) -> list[CaseRow]:
    """Cases, newest first, for someone whose role may read them (R-ACC: managers, admins and
    inspectors; PermissionDenied with the reason otherwise). `branch_id` None: every branch the
    actor may see (their own, or all for provincial staff and inspectors)."""
    with store.read() as s:
        who = permissions.require(s, actor_id, permissions.Action.ACCOUNTABILITY_READ, branch_id=branch_id)  # R-ACC
        if branch_id is None and who.branch_id is not None and who.role not in permissions.EVERY_BRANCH:
            branch_id = who.branch_id
        staff = {i: f"{n} ({w})" for i, n, w in s.execute(select(Staff.id, Staff.name, Staff.work_number))}
        q = (select(AccountabilityCase, Order.number, Finding.rule_id)
             .outerjoin(Order, Order.id == AccountabilityCase.order_id)
             .outerjoin(Finding, Finding.id == AccountabilityCase.finding_id))
        if branch_id is not None:
            q = q.where(AccountabilityCase.branch_id == branch_id)
        rows = s.execute(q.order_by(AccountabilityCase.opened_at.desc(), AccountabilityCase.id.desc())).all()
        return [CaseRow(c.id, c.branch_id, c.person_id, staff.get(c.person_id, ""), c.order_id, number or "",
                        c.finding_id, rule or "", c.opened_at, c.grounds, c.statement, c.statement_declined,
                        c.statement_at, tuple(c.aggravating or ()), tuple(c.mitigating or ()), c.outcome,
                        c.decided_at) for c, number, rule in rows]


def breached_orders(store, branch_id: int, *, limit: int = 500,
                    now: dt.datetime | None = None) -> list[tuple[int, str, int | None, str]]:
    """Recent orders whose resolve clock is breached at `now` (R-TIME-11: breaches feed
    accountability): (id, number, assignee id, kind) — the candidates the case dialog offers (the
    case itself re-checks the events). Breached is read at `now` from the cached due, so an order
    whose deadline passed with no event since counts (services.sla.cache.breached_at)."""
    now = now or dt.datetime.now(UTC)
    with store.read() as s:
        q = (select(Order.id, Order.number, Order.assignee_id, Order.kind)
             .where(Order.branch_id == branch_id, breached_at(now))
             .order_by(Order.received_at.desc()).limit(limit))
        return [(i, n, a, k.value) for i, n, a, k in s.execute(q)]
