"""Major-client revisit plans (R-VISIT-5): a recurrence, a named owner, each visit's record.

Every change (create, edit, pause with a reason, resume, end with a reason, a visit) is one write
transaction with its audit row. Each planned date (``rules.recurrence``) is owed its own visit: a
visit is recorded *for* one planned date (``RevisitVisit.planned_for``), by default the earliest
one owed. R-VISIT-5: a planned date that passed without a visit recorded for it stays overdue until
one is; recording a late visit for an earlier date clears that date only, never the later ones.

``next_due`` (stored for queries) is the earliest planned date still owed: the first planned date on
or after the previous ``next_due`` with no visit recorded for it. Every date from ``next_due`` on
without a visit is owed, the ones before today overdue (``owed_dates``; ``overdue_visits`` lists them
one by one for the alerts). Paused and ended plans have no next due; a resumed plan owes the dates
from the day it resumed (the pause, with its written reason, skipped the others).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from console.errors import StoreError
from console.i18n import T
from console.models import Customer, District, RevisitPlan, RevisitVisit, Staff
from console.rules import recurrence as rec
from console.rules.periods import CST, UTC
from console.services.access import permissions
from console.services.access.directory import labels_of
from console.services.audit import chain as audit
from console.services.orders.changes import notify_records
from console.terms import term
from console.vocabulary import PlanStatus, Recurrence

_SNAP = ("owner_id", "recurrence", "interval_weeks", "custom_dates", "start_date", "next_due", "status",
         "status_reason")


@dataclass(frozen=True)
class PlanRow:
    id: int
    customer_id: int
    customer: str
    category: str
    district: str
    owner_id: int
    owner: str
    recurrence: str
    interval_weeks: int | None
    custom_dates: tuple[str, ...]
    start_date: dt.date
    next_due: dt.date | None
    status: str
    status_reason: str
    last_visit_at: dt.datetime | None
    last_visit_findings: str
    last_visitor: str
    owed: tuple[dt.date, ...] = ()
    """R-VISIT-5: the planned dates owed a visit up to the next upcoming one, earliest first (the
    ones before today are overdue); empty for a paused or ended plan."""
    visited_for: frozenset[dt.date] = frozenset()
    """The planned dates a visit was recorded for."""

    def overdue_days(self, today: dt.date) -> int:
        return (today - self.next_due).days if self.next_due and self.next_due < today else 0

    def overdue_dates(self, today: dt.date) -> tuple[dt.date, ...]:
        """R-VISIT-5: every planned date before `today` without a visit recorded for it."""
        return tuple(d for d in self.owed if d < today) if self.status == "active" else ()


@dataclass(frozen=True)
class OverdueVisit:
    """A planned visit not recorded by its date (R-VISIT-5): for the alerts panel."""

    plan_id: int
    customer: str
    owner: str
    due: dt.date
    days_overdue: int


@dataclass(frozen=True)
class PlannedVisit:
    plan_id: int
    customer: str
    day: dt.date  # the calendar day it shows on (an overdue one from before the calendar: its first day)
    overdue: bool
    due: dt.date | None = None  # the planned date, when it is not `day`


def _snap(p: RevisitPlan) -> dict:
    return {k: (getattr(p, k).value if hasattr(getattr(p, k), "value") else getattr(p, k)) for k in _SNAP}


def _today(now: dt.datetime) -> dt.date:
    return now.astimezone(CST).date()


def _last_visited(s, plan_id: int) -> dt.date | None:
    return s.scalar(select(func.max(RevisitVisit.planned_for)).where(RevisitVisit.plan_id == plan_id))


def _visited(s, plan_id: int) -> set[dt.date]:
    """The planned dates a visit was recorded for."""
    return set(s.scalars(select(RevisitVisit.planned_for).where(RevisitVisit.plan_id == plan_id)))


def _dates(recurrence: str, start: dt.date, interval_weeks, custom_dates):
    return rec.iter_dates(recurrence, start, interval_weeks=interval_weeks, custom_dates=custom_dates or ())


def _first_owed(p: RevisitPlan, visited: set[dt.date], floor: dt.date | None) -> dt.date | None:
    """R-VISIT-5: the earliest planned date on or after `floor` (from the start when None) with no
    visit recorded for it; None for a paused or ended plan, or when the dates have run out."""
    if p.status != PlanStatus.ACTIVE:
        return None
    for d in _dates(p.recurrence.value, p.start_date, p.interval_weeks, p.custom_dates):
        if (floor is None or d >= floor) and d not in visited:
            return d
    return None


def owed_dates(recurrence: str, start: dt.date, next_due: dt.date | None, visited, today: dt.date, *,
               interval_weeks: int | None = None, custom_dates=()) -> tuple[dt.date, ...]:
    """R-VISIT-5: the planned dates owed a visit, from `next_due` up to and including the first one
    on or after `today` (the ones before `today` are overdue), without those in `visited`."""
    if next_due is None:
        return ()
    out = []
    for d in _dates(recurrence, start, interval_weeks, custom_dates):
        if d < next_due or d in visited:
            continue
        out.append(d)
        if d >= today:
            break
    return tuple(out)


# ---- reads -----------------------------------------------------------------------------------------
def plans(store, branch_id: int, today: dt.date | None = None) -> list[PlanRow]:
    """Every plan of the branch with its last visit and the dates it owes by `today` (China time
    now when None), active first, then by next due."""
    today = today or _today(dt.datetime.now(UTC))
    with store.read() as s:
        last_q = (select(RevisitVisit.plan_id, func.max(RevisitVisit.visited_at))
                  .where(RevisitVisit.branch_id == branch_id).group_by(RevisitVisit.plan_id))
        last_at = dict(s.execute(last_q).all())
        visited: dict[int, set[dt.date]] = {}
        for pid, day in s.execute(select(RevisitVisit.plan_id, RevisitVisit.planned_for)
                                  .where(RevisitVisit.branch_id == branch_id)):
            visited.setdefault(pid, set()).add(day)
        last = {}
        if last_at:
            for v in s.scalars(select(RevisitVisit).where(RevisitVisit.plan_id.in_(list(last_at)))):
                if v.visited_at == last_at[v.plan_id]:
                    last[v.plan_id] = v
        q = (select(RevisitPlan, Customer, District.name)
             .join(Customer, Customer.id == RevisitPlan.customer_id)
             .join(District, District.id == Customer.district_id)
             .where(RevisitPlan.branch_id == branch_id))
        rows = s.execute(q).all()
        # the owners' and last visitors' names only (not a province's staff for a branch's few plans)
        labels = labels_of(s, [p.owner_id for p, _c, _d in rows] + [v.visitor_id for v in last.values()])
        out = []
        for p, c, dname in rows:
            v = last.get(p.id)
            owed = owed_dates(p.recurrence.value, p.start_date, p.next_due, visited.get(p.id, set()), today,
                              interval_weeks=p.interval_weeks, custom_dates=p.custom_dates) \
                if p.status == PlanStatus.ACTIVE else ()
            out.append(PlanRow(p.id, c.id, c.name, c.major_category or "", dname, p.owner_id,
                               labels.get(p.owner_id, ""), p.recurrence.value, p.interval_weeks,
                               tuple(p.custom_dates or ()), p.start_date, p.next_due, p.status.value,
                               p.status_reason, v.visited_at if v else None, v.findings if v else "",
                               labels.get(v.visitor_id, "") if v else "", owed,
                               frozenset(visited.get(p.id, ()))))
    order = {"active": 0, "paused": 1, "ended": 2}
    return sorted(out, key=lambda r: (order[r.status], r.next_due or dt.date.max, r.customer))


def major_customers(store, branch_id: int) -> dict[int, str]:
    """Major clients of the branch (R-VISIT-5) by id: 'name (category)'."""
    with store.read() as s:
        q = select(Customer).where(Customer.branch_id == branch_id, Customer.is_major.is_(True),
                                   Customer.active.is_(True)).order_by(Customer.name)
        return {c.id: T("{name} ({category})", name=c.name, category=term(c.major_category, of="client category"))
                if c.major_category else c.name for c in s.scalars(q)}


def overdue_visits(store, branch_id: int, today: dt.date) -> list[OverdueVisit]:
    """R-VISIT-5: every planned visit of an active plan whose date passed without a visit recorded
    for it — one row per planned date, so three missed months are three rows — most overdue first."""
    with store.read() as s:
        q = (select(RevisitPlan, Customer.name, Staff.name, Staff.work_number)
             .join(Customer, Customer.id == RevisitPlan.customer_id)
             .join(Staff, Staff.id == RevisitPlan.owner_id)
             .where(RevisitPlan.branch_id == branch_id, RevisitPlan.status == PlanStatus.ACTIVE,
                    RevisitPlan.next_due < today))
        out = []
        for p, cname, oname, wn in s.execute(q):
            owed = owed_dates(p.recurrence.value, p.start_date, p.next_due, _visited(s, p.id), today,
                              interval_weeks=p.interval_weeks, custom_dates=p.custom_dates)
            out.extend(OverdueVisit(p.id, cname, f"{oname} ({wn})", d, (today - d).days) for d in owed if d < today)
        return sorted(out, key=lambda o: (o.due, o.plan_id))


def calendar(store, branch_id: int, first_day: dt.date, today: dt.date, weeks: int = 8, *,
             rows: list[PlanRow] | None = None) -> dict[str, list[PlannedVisit]]:
    """Planned visits of active plans per owner from ``first_day`` for ``weeks`` weeks, without the
    ones a visit was recorded for; each visit still owed from before ``first_day`` shows on
    ``first_day`` (overdue, with its planned date: R-VISIT-5). ``rows``: the branch's plans as
    :func:`plans` read them for ``today`` (a screen showing both reads them once)."""
    last_day = first_day + dt.timedelta(days=7 * weeks - 1)
    out: dict[str, list[PlannedVisit]] = {}
    for p in plans(store, branch_id, today) if rows is None else rows:
        if p.status != "active" or p.next_due is None:
            continue
        days = rec.between(p.recurrence, p.start_date, max(first_day, p.next_due), last_day,
                           interval_weeks=p.interval_weeks, custom_dates=p.custom_dates)
        visits = [PlannedVisit(p.id, p.customer, first_day, True, d) for d in p.owed if d < first_day]
        visits += [PlannedVisit(p.id, p.customer, d, d < today) for d in days if d not in p.visited_for]
        if visits:
            out.setdefault(p.owner, []).extend(visits)
    return {k: sorted(v, key=lambda x: x.day) for k, v in sorted(out.items())}


# ---- writes ----------------------------------------------------------------------------------------
def _owner(s, owner_id: int, branch_id: int) -> Staff:
    p = s.get(Staff, owner_id)
    if p is None or not p.active or p.branch_id != branch_id:
        raise StoreError(T("the plan owner must be an active employee of the branch (R-VISIT-5)"))
    return p


def _recurrence(recurrence: str, interval_weeks, custom_dates) -> tuple[Recurrence, int | None, list[str]]:
    try:
        rec.validate(recurrence, interval_weeks=interval_weeks, custom_dates=custom_dates)
    except rec.RecurrenceError as exc:
        raise StoreError(exc.args[0] if exc.args else str(exc)) from None  # its Text, to render
    dates = sorted({(d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d))).isoformat()
                    for d in custom_dates}) if recurrence == rec.CUSTOM else []
    return Recurrence(recurrence), interval_weeks if recurrence == rec.WEEKS else None, dates


def create_plan(store, *, branch_id: int, customer_id: int, owner_id: int, recurrence: str, start_date: dt.date,
                interval_weeks: int | None = None, custom_dates=(), actor_id: int,
                now: dt.datetime | None = None) -> int:
    """A standing plan for a major client; one plan per client unless the earlier one ended."""
    now = now or dt.datetime.now(UTC)
    kind, weeks, dates = _recurrence(recurrence, interval_weeks, custom_dates)
    with store.write() as s:
        permissions.require(s, actor_id, permissions.Action.REVISIT_PLAN, branch_id=branch_id)
        c = s.get(Customer, customer_id)
        if c is None or c.branch_id != branch_id:
            raise StoreError(T("the customer is not an account of this branch"))
        if not c.is_major:
            raise StoreError(T("{name} is not a major client: revisit plans are for major clients (R-VISIT-5)", name=c.name))
        _owner(s, owner_id, branch_id)
        if s.scalar(select(RevisitPlan.id).where(RevisitPlan.customer_id == customer_id,
                                                 RevisitPlan.status != PlanStatus.ENDED)):
            raise StoreError(T("{name} already has a standing revisit plan: edit, pause or end it instead", name=c.name))
        p = RevisitPlan(branch_id=branch_id, customer_id=customer_id, owner_id=owner_id, recurrence=kind,
                        interval_weeks=weeks, custom_dates=dates, start_date=start_date, status=PlanStatus.ACTIVE,
                        status_reason="")
        p.next_due = _first_owed(p, set(), None)
        s.add(p)
        s.flush()
        audit.record(s, actor_id=actor_id, action="revisit_plan.created", entity="revisit_plan", entity_id=p.id,
                     branch_id=branch_id, before=None, after={**_snap(p), "customer_id": customer_id}, at=now)
        notify_records(s, branch_id, "revisits")  # the other consoles re-read at commit (PostgreSQL)
        return p.id


def _change(store, plan_id: int, actor_id: int, now: dt.datetime | None, action: str, fn) -> dict:
    now = now or dt.datetime.now(UTC)
    with store.write() as s:
        p = s.get(RevisitPlan, plan_id)
        if p is None:
            raise StoreError(T("revisit plan {id} does not exist", id=plan_id))
        permissions.require(s, actor_id, permissions.Action.REVISIT_VISIT if action == "revisit_plan.visited"
                            else permissions.Action.REVISIT_PLAN, branch_id=p.branch_id)
        if p.status == PlanStatus.ENDED:
            raise StoreError(T("this revisit plan has ended; create a new one"))
        before = _snap(p)
        fn(s, p, _today(now))
        s.flush()
        after = _snap(p)
        audit.record(s, actor_id=actor_id, action=action, entity="revisit_plan", entity_id=p.id,
                     branch_id=p.branch_id, before=before, after=after, at=now)
        notify_records(s, p.branch_id, "revisits")  # edits, pauses, ends and visits alike
        return after


def edit_plan(store, plan_id: int, *, owner_id: int, recurrence: str, start_date: dt.date,
              interval_weeks: int | None = None, custom_dates=(), actor_id: int, now=None) -> dict:
    """Change the owner or the recurrence; visits already recorded keep counting, and a visit owed
    before the edit stays owed (R-VISIT-5: owed from the earlier of the old next due and the day
    after the last planned date visited)."""
    kind, weeks, dates = _recurrence(recurrence, interval_weeks, custom_dates)

    def fn(s, p: RevisitPlan, today):
        _owner(s, owner_id, p.branch_id)
        last = _last_visited(s, p.id)
        floors = [d for d in (p.next_due, last + dt.timedelta(days=1) if last else None) if d is not None]
        p.owner_id, p.recurrence, p.interval_weeks, p.custom_dates = owner_id, kind, weeks, dates
        p.start_date = start_date
        p.next_due = _first_owed(p, _visited(s, p.id), min(floors) if floors else None)
    return _change(store, plan_id, actor_id, now, "revisit_plan.edited", fn)


def _reason(reason: str, refusal: str) -> str:
    """`reason` trimmed; StoreError `refusal` (a T()) when it is empty."""
    if not (reason or "").strip():
        raise StoreError(refusal)
    return reason.strip()[:200]


def pause_plan(store, plan_id: int, *, reason: str, actor_id: int, now=None) -> dict:
    reason = _reason(reason, T("a reason is required to pause a revisit plan"))

    def fn(s, p: RevisitPlan, today):
        if p.status != PlanStatus.ACTIVE:
            raise StoreError(T("only an active plan can be paused"))
        p.status, p.status_reason, p.next_due = PlanStatus.PAUSED, reason, None
    return _change(store, plan_id, actor_id, now, "revisit_plan.paused", fn)


def resume_plan(store, plan_id: int, *, actor_id: int, now=None) -> dict:
    """Active again from today: visits the pause skipped are not owed."""
    def fn(s, p: RevisitPlan, today):
        if p.status != PlanStatus.PAUSED:
            raise StoreError(T("only a paused plan can be resumed"))
        p.status, p.status_reason = PlanStatus.ACTIVE, ""
        p.next_due = _first_owed(p, _visited(s, p.id), today)
    return _change(store, plan_id, actor_id, now, "revisit_plan.resumed", fn)


def end_plan(store, plan_id: int, *, reason: str, actor_id: int, now=None) -> dict:
    reason = _reason(reason, T("a reason is required to end a revisit plan"))

    def fn(s, p: RevisitPlan, today):
        p.status, p.status_reason, p.next_due = PlanStatus.ENDED, reason, None
    return _change(store, plan_id, actor_id, now, "revisit_plan.ended", fn)


def record_visit(store, plan_id: int, *, visitor_id: int, findings: str, visited_at: dt.datetime | None = None,
                 actor_id: int, now=None, planned_for: dt.date | None = None) -> dict:
    """The visit owed on `planned_for` was made (by default the earliest date owed, the plan's next
    due). R-VISIT-5: it clears that planned date only — a late visit for an earlier month leaves the
    later missed months overdue; the next due is the earliest date still owed. `planned_for` is a
    date the plan owes: an overdue one or the next upcoming one."""
    now = now or dt.datetime.now(UTC)
    visited_at = visited_at or now
    findings = (findings or "").strip()
    if not findings:
        raise StoreError(T("write down what the visit found (R-VISIT-5: each visit's record)"))
    if visited_at > now + dt.timedelta(minutes=1):
        raise StoreError(T("the visit time is in the future"))

    def fn(s, p: RevisitPlan, today):
        if p.status != PlanStatus.ACTIVE or p.next_due is None:
            raise StoreError(T("this plan has no visit due (paused, or no planned dates left)"))
        _owner(s, visitor_id, p.branch_id)
        visited = _visited(s, p.id)
        day = planned_for or p.next_due
        owed = owed_dates(p.recurrence.value, p.start_date, p.next_due, visited, visited_at.astimezone(CST).date(),
                          interval_weeks=p.interval_weeks, custom_dates=p.custom_dates)
        if day not in owed:
            if day in visited:
                raise StoreError(T("a visit is already recorded for the planned date {day}", day=day.isoformat()))
            raise StoreError(T("{day} is not a planned visit this plan owes; the visits owed: {owed}",
                               day=day.isoformat(), owed=", ".join(d.isoformat() for d in owed) or "—"))
        s.add(RevisitVisit(branch_id=p.branch_id, plan_id=p.id, planned_for=day, visited_at=visited_at,
                           visitor_id=visitor_id, findings=findings))
        # R-VISIT-5: this planned date only; the later missed ones stay owed (overdue)
        p.next_due = _first_owed(p, visited | {day}, p.next_due)
    return _change(store, plan_id, actor_id, now, "revisit_plan.visited", fn)
