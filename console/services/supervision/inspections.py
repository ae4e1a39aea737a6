"""Inspections and their findings (R-INSP), the disclosure checklist (R-DISC-1…6).

An inspector records an inspection of a branch (date, inspectors, scope) and its findings: rule
family and rule id, description, severity, responsible unit and person, rectification deadline,
evidence files and a status that moves open → rectifying → verified closed (a failed verification
sends it back from rectifying to open), each move with who and when. Every write is one
transaction with its audit row; the status history is read back from those audit rows.

The disclosure checklist (R-DISC-1…6) is ticked per business hall: each item present, missing or
outdated. The ticks are kept in the audit row of the check, and every missing or outdated item
becomes a finding of family R-DISC. A finding not verified closed by its deadline is an overdue
rectification (``overdue``: for the alerts panel and the red rows of the findings workbook).

The inspectors are picked from the staff (an inspector, provincial or of the inspected branch) and
stored in ``Inspection.inspectors`` as "name (work number)" each, the form the findings workbook
prints. A finding's responsible person is one of the branch's staff. A finding's rectification
deadline defaults to 15 working days after the inspection day on the working-day calendar
(``default_deadline``); a year without official calendar data gives a provisional default (Monday–
Friday), and the dialog says so.

Who (``permissions``): inspectors record inspections, findings and disclosure checks (INSPECT);
the branch's manager reports a rectification (RECTIFY); an inspector or a manager verifies it
closed or sends it back. Every write checks inside its transaction; a refusal writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from console import i18n
from console.errors import PermissionDenied, StoreError
from console.i18n import N_, T
from console.models import AuditLog, Branch, Finding, Inspection, Staff
from console.rules.calendar import WorkCalendar
from console.rules.periods import CST, UTC
from console.services.access import permissions
from console.services.access.directory import labels_of
from console.services.access.permissions import Action
from console.services.audit import chain as audit
from console.services.orders.changes import notify_records
from console.vocabulary import FindingStatus, Role, Severity

FAMILIES = ("R-DISC", "R-FIRST", "R-ZONE", "R-TIME", "R-VISIT", "R-ACC", "R-INSP", "R-TRAIN", "R-PROM")
SEVERITIES = tuple(s.value for s in Severity)
STATUSES = tuple(s.value for s in FindingStatus)
# R-INSP: open -> rectifying -> verified closed; a failed verification goes back to open.
TRANSITIONS = {"open": ("rectifying",), "rectifying": ("closed", "open"), "closed": ()}
VERIFIERS = (Role.INSPECTOR, Role.MANAGER, Role.ADMIN)  # who may verify a rectification closed
DISCLOSURE_ITEMS = {
    "R-DISC-1": N_("Service promises"),
    "R-DISC-2": N_("Service hotline and supervision hotline"),
    "R-DISC-3": N_("Fee policies, fee standards and fee items"),
    "R-DISC-4": N_("Business processes"),
    "R-DISC-5": N_("Location and phone of every local business outlet"),
    "R-DISC-6": N_("Photo and work number of every service employee"),
}
CHECK_STATES = ("present", "missing", "outdated")
DEADLINE_WORKDAYS = 15  # R-INSP: a rectification deadline defaults to 15 working days after the inspection
INSPECTORS_MAX = 200  # the width of Inspection.inspectors
_CHECK_WORDS = {"missing": T("missing", _context="disclosure check"),
                "outdated": T("outdated", _context="disclosure check")}


@dataclass(frozen=True)
class FindingInput:
    rule_id: str
    description: str
    severity: str
    responsible_unit: str
    deadline: dt.date
    responsible_person_id: int | None = None
    evidence: tuple[str, ...] = ()
    rule_family: str | None = None  # derived from rule_id when empty


@dataclass(frozen=True)
class FindingRow:
    id: int
    inspection_id: int
    inspection_day: dt.date
    branch_id: int
    branch: str
    rule_family: str
    rule_id: str
    description: str
    severity: str
    responsible_unit: str
    responsible_person: str
    deadline: dt.date
    status: str
    status_at: dt.datetime
    status_by: str
    evidence: tuple[str, ...]
    inspectors: str = ""
    responsible_person_id: int | None = None  # who answers for it (R-ACC: a case opens against this person)

    def days_to_deadline(self, today: dt.date) -> int:
        return (self.deadline - today).days

    def overdue(self, today: dt.date) -> bool:
        """R-INSP: not verified closed by its rectification deadline."""
        return self.status != "closed" and self.deadline < today


@dataclass(frozen=True)
class InspectionRow:
    id: int
    branch_id: int
    branch: str
    day: dt.date
    inspectors: str
    scope: str
    findings: int
    open_findings: int
    checks: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class StaffChoice:
    """One employee a picker offers (an inspector, a responsible person)."""

    id: int
    name: str
    work_number: str
    branch_id: int | None
    role: str

    @property
    def label(self) -> str:
        """"name (work number)": how the inspection stores and the workbook prints an inspector."""
        return f"{self.name} ({self.work_number})"


@dataclass(frozen=True)
class InspectionChoices:
    """What the inspection dialog offers, read before it opens (the GUI thread reads nothing)."""

    inspectors: list[StaffChoice]  # R-INSP: inspectors, provincial or of the branch
    staff: list[StaffChoice]  # the branch's staff: a finding's responsible person
    calendar: WorkCalendar  # the working-day calendar: the default rectification deadline


def default_deadline(calendar: WorkCalendar, day: dt.date) -> tuple[dt.date, bool]:
    """R-INSP: the default rectification deadline, 15 working days after the inspection day (the
    day itself not counted, R-TIME counting). Provisional (True) when it needs a year without
    official calendar data: then Monday–Friday is counted, holidays unknown."""
    return calendar.nth_workday_after(day, DEADLINE_WORKDAYS, strict=False)


def unentered_year(calendar: WorkCalendar, first: dt.date, last: dt.date) -> int | None:
    """The first year from `first` to `last` the calendar has no official data for (None: all entered)."""
    return next((y for y in range(first.year, last.year + 1) if not calendar.is_configured(y)), None)


def _choice(st: Staff) -> StaffChoice:
    return StaffChoice(st.id, st.name, st.work_number, st.branch_id, st.role.value)


def _inspectors_query(branch_id: int):
    # R-INSP: provincial inspectors (no branch) and the branch's own
    return (select(Staff).where(Staff.role == Role.INSPECTOR, Staff.active.is_(True),
                                (Staff.branch_id.is_(None)) | (Staff.branch_id == branch_id))
            .order_by(Staff.branch_id.is_not(None), Staff.work_number))


def inspection_choices(store, branch_id: int) -> InspectionChoices:
    """The inspectors who may be named on an inspection of `branch_id`, the branch's staff and the
    calendar (R-INSP)."""
    from console.services.sla.policy import calendar_of

    with store.read() as s:
        inspectors = [_choice(st) for st in s.scalars(_inspectors_query(branch_id))]
        staff = [_choice(st) for st in s.scalars(select(Staff).where(Staff.branch_id == branch_id,
                                                                     Staff.active.is_(True))
                                                 .order_by(Staff.work_number))]
        return InspectionChoices(inspectors, staff, calendar_of(s))


def _inspectors_text(s, branch_id: int, inspector_ids) -> str:
    """R-INSP: the picked inspectors as stored, "name (work number)" each; refused for anybody
    who is not an inspector of the province or of the branch."""
    ids = list(dict.fromkeys(inspector_ids))
    if not ids:
        raise StoreError(T("pick at least one inspector (R-INSP)"))
    found = {st.id: st for st in s.scalars(_inspectors_query(branch_id).where(Staff.id.in_(ids)))}
    wrong = [i for i in ids if i not in found]
    if wrong:
        names = {i: f"{n} ({w})" for i, n, w in s.execute(select(Staff.id, Staff.name, Staff.work_number)
                                                          .where(Staff.id.in_(wrong)))}
        raise StoreError(T("{who} is not an inspector of the province or of this branch (R-INSP)",
                           who=", ".join(names.get(i, f"#{i}") for i in wrong)))
    text = ", ".join(_choice(found[i]).label for i in ids)
    if len(text) > INSPECTORS_MAX:
        raise StoreError(T("too many inspectors to record: name at most {max} characters of them",
                           max=INSPECTORS_MAX))
    return text


def family_of(rule_id: str) -> str:
    parts = rule_id.strip().split("-")
    fam = "-".join(parts[:2]) if len(parts) >= 2 else ""
    if fam not in FAMILIES:
        raise StoreError(T("unknown rule id {rule_id!r}: a finding names a rule of RULES.md ({families})",
                           rule_id=rule_id, families=", ".join(FAMILIES)))
    return fam


def _snap(f: Finding) -> dict:
    return {"rule_id": f.rule_id, "severity": f.severity.value, "status": f.status.value, "deadline": f.deadline,
            "responsible_unit": f.responsible_unit, "responsible_person_id": f.responsible_person_id,
            "evidence": list(f.evidence or [])}


def _add_finding(s, insp: Inspection, item: FindingInput, actor_id: int | None, now: dt.datetime) -> Finding:
    fam = family_of(item.rule_id)
    if item.rule_family and item.rule_family != fam:
        raise StoreError(T("rule {rule_id} is not of family {family}", rule_id=item.rule_id,
                           family=item.rule_family))
    if item.severity not in SEVERITIES:
        raise StoreError(T("severity must be one of {severities}", severities=", ".join(SEVERITIES)))
    if not item.description.strip() or not item.responsible_unit.strip():
        raise StoreError(T("a finding needs a description and a responsible unit (R-INSP)"))
    if item.deadline < insp.day:
        raise StoreError(T("the rectification deadline is before the inspection"))
    if item.responsible_person_id is not None:
        person = s.get(Staff, item.responsible_person_id)
        if person is None or person.branch_id != insp.branch_id:
            # R-INSP: the responsible person answers for the branch's rectification
            raise StoreError(T("the responsible person of a finding is one of the inspected branch's staff "
                               "(R-INSP)"))
    f = Finding(branch_id=insp.branch_id, inspection_id=insp.id, rule_family=fam, rule_id=item.rule_id.strip(),
                description=item.description.strip(), severity=Severity(item.severity),
                responsible_unit=item.responsible_unit.strip(), responsible_person_id=item.responsible_person_id,
                deadline=item.deadline, status=FindingStatus.OPEN, status_at=now, status_by_id=actor_id,
                evidence=list(item.evidence))
    s.add(f)
    s.flush()
    audit.record(s, actor_id=actor_id, action="finding.created", entity="finding", entity_id=f.id,
                 branch_id=f.branch_id, after=_snap(f), at=now)
    return f


def _finding_right(who: Staff | None, *, reporting_rectification: bool) -> Action:
    """The right a change of a finding needs (R-INSP): reporting its rectification is the branch's
    (RECTIFY); otherwise an inspector acts as inspector (INSPECT), anybody else as the branch."""
    if not reporting_rectification and who is not None and permissions.allowed(who.role, Action.INSPECT):
        return Action.INSPECT
    return Action.RECTIFY


# ---- writes ----------------------------------------------------------------------------------------
def record_inspection(store, *, branch_id: int, day: dt.date, scope: str, actor_id: int | None,
                      inspectors: str = "", inspector_ids=None,
                      findings: list[FindingInput] = (), now: dt.datetime | None = None) -> int:
    """An inspection and its findings, in one transaction. Returns the inspection id.

    The inspectors are `inspector_ids` (staff picked in the dialog: R-INSP, inspectors of the
    province or of the branch), stored as "name (work number)" each; `inspectors` is a text as
    stored (imports and the demo)."""
    now = now or dt.datetime.now(UTC)
    if (inspector_ids is None and not inspectors.strip()) or not scope.strip():
        raise StoreError(T("an inspection names its inspectors and its scope (R-INSP)"))
    with store.write() as s:
        if s.get(Branch, branch_id) is None:
            raise StoreError(T("no branch {branch_id}", branch_id=branch_id))
        permissions.require(s, actor_id, Action.INSPECT, branch_id=branch_id)  # R-INSP: inspectors inspect
        if inspector_ids is not None:
            inspectors = _inspectors_text(s, branch_id, inspector_ids)
        insp = Inspection(branch_id=branch_id, day=day, inspectors=inspectors.strip(), scope=scope.strip(),
                          created_by_id=actor_id)
        s.add(insp)
        s.flush()
        audit.record(s, actor_id=actor_id, action="inspection.recorded", entity="inspection", entity_id=insp.id,
                     branch_id=branch_id, after={"day": day, "inspectors": insp.inspectors, "scope": insp.scope},
                     at=now)
        for item in findings:
            _add_finding(s, insp, item, actor_id, now)
        notify_records(s, branch_id, "inspections")  # the other consoles re-read at commit (PostgreSQL)
        return insp.id


def add_finding(store, inspection_id: int, item: FindingInput, *, actor_id: int | None,
                now: dt.datetime | None = None) -> int:
    now = now or dt.datetime.now(UTC)
    with store.write() as s:
        insp = s.get(Inspection, inspection_id)
        if insp is None:
            raise StoreError(T("no inspection {inspection_id}", inspection_id=inspection_id))
        permissions.require(s, actor_id, Action.INSPECT, branch_id=insp.branch_id)  # R-INSP
        notify_records(s, insp.branch_id, "inspections")
        return _add_finding(s, insp, item, actor_id, now).id


def set_status(store, finding_id: int, status: str, *, actor_id: int, note: str = "",
               now: dt.datetime | None = None) -> None:
    """Move a finding along open → rectifying → verified closed (R-INSP), recording who and when."""
    now = now or dt.datetime.now(UTC)
    with store.write() as s:
        f = s.get(Finding, finding_id)
        if f is None:
            raise StoreError(T("no finding {finding_id}", finding_id=finding_id))
        if status not in TRANSITIONS[f.status.value]:
            raise StoreError(T("a finding cannot go from {status} to {to} (R-INSP: open → rectifying → verified "
                               "closed)", status=f.status.value, to=status))
        who = s.get(Staff, actor_id) if actor_id is not None else None
        if who is None:
            raise PermissionDenied(T("the status change needs a named employee: sign in to move a finding"))
        if status != "rectifying" and who.role not in VERIFIERS:  # closed, or back to open: a verification
            raise PermissionDenied(T("only an inspector or a manager verifies a rectification closed (R-INSP)"))
        # R-INSP: the branch (manager) reports its rectification; an inspector, or the branch's manager,
        # verifies it (closed) or sends it back (open)
        right = _finding_right(who, reporting_rectification=status == "rectifying")
        permissions.require(s, actor_id, right, branch_id=f.branch_id,
                            doing=None if status == "rectifying" else T("verify a rectification"))
        before = _snap(f)
        f.status, f.status_at, f.status_by_id = FindingStatus(status), now, actor_id
        audit.record(s, actor_id=actor_id, action=f"finding.{status}", entity="finding", entity_id=f.id,
                     branch_id=f.branch_id, before=before, after={**_snap(f), "note": note}, at=now)
        notify_records(s, f.branch_id, "inspections")


def add_evidence(store, finding_id: int, name: str, *, actor_id: int | None, now: dt.datetime | None = None) -> None:
    now = now or dt.datetime.now(UTC)
    if not name.strip():
        raise StoreError(T("an evidence file needs a name"))
    with store.write() as s:
        f = s.get(Finding, finding_id)
        if f is None:
            raise StoreError(T("no finding {finding_id}", finding_id=finding_id))
        who = s.get(Staff, actor_id) if actor_id is not None else None
        # R-INSP: evidence of the finding (inspector) or of its rectification (the branch)
        permissions.require(s, actor_id, _finding_right(who, reporting_rectification=False),
                            branch_id=f.branch_id, doing=T("add evidence to a finding"))
        before = _snap(f)
        f.evidence = list(f.evidence or []) + [name.strip()]
        audit.record(s, actor_id=actor_id, action="finding.evidence", entity="finding", entity_id=f.id,
                     branch_id=f.branch_id, before=before, after=_snap(f), at=now)
        notify_records(s, f.branch_id, "inspections")


def check_disclosure(store, inspection_id: int, *, hall: str, items: dict[str, str], actor_id: int | None,
                     deadline: dt.date, responsible_unit: str = "", severity: str = "minor",
                     notes: dict[str, str] | None = None, now: dt.datetime | None = None) -> list[int]:
    """Tick R-DISC-1…6 for one business hall; a finding for each missing or outdated item.

    ``items`` maps every rule id of :data:`DISCLOSURE_ITEMS` to present / missing / outdated.
    Returns the ids of the findings created."""
    now = now or dt.datetime.now(UTC)
    if set(items) != set(DISCLOSURE_ITEMS) or any(v not in CHECK_STATES for v in items.values()):
        raise StoreError(T("tick every item R-DISC-1…6 as present, missing or outdated"))
    if not hall.strip():
        raise StoreError(T("name the business hall checked (R-DISC)"))
    notes = notes or {}
    with store.write() as s:
        insp = s.get(Inspection, inspection_id)
        if insp is None:
            raise StoreError(T("no inspection {inspection_id}", inspection_id=inspection_id))
        permissions.require(s, actor_id, Action.INSPECT, branch_id=insp.branch_id)  # R-INSP, R-DISC
        audit.record(s, actor_id=actor_id, action="disclosure.checked", entity="inspection", entity_id=insp.id,
                     branch_id=insp.branch_id, after={"hall": hall.strip(), "items": dict(sorted(items.items()))},
                     at=now)
        created = []
        for rule_id in sorted(DISCLOSURE_ITEMS):
            state = items[rule_id]
            if state == "present":
                continue
            # the finding's description is stored as written: in the language of the console that records it
            title = i18n.render(DISCLOSURE_ITEMS[rule_id])
            word = i18n.render(_CHECK_WORDS[state])
            if notes.get(rule_id):
                text = i18n.render(T("{hall}: {item} — {state} ({note})", hall=hall.strip(), item=title, state=word,
                                     note=notes[rule_id]))
            else:
                text = i18n.render(T("{hall}: {item} — {state}", hall=hall.strip(), item=title, state=word))
            item = FindingInput(rule_id, text, severity, responsible_unit or hall.strip(), deadline)
            created.append(_add_finding(s, insp, item, actor_id, now).id)
        notify_records(s, insp.branch_id, "inspections")
        return created


# ---- reads -----------------------------------------------------------------------------------------
def findings(store, *, branch_id: int | None = None, inspection_id: int | None = None,
             first: dt.date | None = None, last: dt.date | None = None) -> list[FindingRow]:
    """Findings (optionally of one branch, inspection, or inspections dated first..last), by
    inspection date then id."""
    with store.read() as s:
        q = (select(Finding, Inspection.day, Inspection.inspectors, Branch.name)
             .join(Inspection, Inspection.id == Finding.inspection_id).join(Branch, Branch.id == Finding.branch_id))
        if branch_id is not None:
            q = q.where(Finding.branch_id == branch_id)
        if inspection_id is not None:
            q = q.where(Finding.inspection_id == inspection_id)
        if first is not None:
            q = q.where(Inspection.day >= first)
        if last is not None:
            q = q.where(Inspection.day <= last)
        rows = s.execute(q.order_by(Inspection.day, Finding.id)).all()
        staff = labels_of(s, [x for f, *_ in rows for x in (f.responsible_person_id, f.status_by_id)])
        return [FindingRow(f.id, f.inspection_id, day, f.branch_id, bname, f.rule_family, f.rule_id, f.description,
                           f.severity.value, f.responsible_unit, staff.get(f.responsible_person_id, ""),
                           f.deadline, f.status.value, f.status_at, staff.get(f.status_by_id, ""),
                           tuple(f.evidence or ()), inspectors, f.responsible_person_id)
                for f, day, inspectors, bname in rows]


def inspections(store, branch_id: int | None = None) -> list[InspectionRow]:
    """Inspections, newest first, with their finding counts and disclosure checks."""
    with store.read() as s:
        q = select(Inspection, Branch.name).join(Branch, Branch.id == Inspection.branch_id)
        if branch_id is not None:
            q = q.where(Inspection.branch_id == branch_id)
        rows = s.execute(q.order_by(Inspection.day.desc(), Inspection.id.desc())).all()
        counts: dict[int, list[int]] = {}
        fq = select(Finding.inspection_id, Finding.status)
        if branch_id is not None:
            fq = fq.where(Finding.branch_id == branch_id)
        for iid, status in s.execute(fq):
            c = counts.setdefault(iid, [0, 0])
            c[0] += 1
            c[1] += status != FindingStatus.CLOSED
        checks: dict[int, list[dict]] = {}
        for eid, after in s.execute(select(AuditLog.entity_id, AuditLog.after)
                                    .where(AuditLog.action == "disclosure.checked").order_by(AuditLog.id)):
            checks.setdefault(eid, []).append(after)
        return [InspectionRow(i.id, i.branch_id, bname, i.day, i.inspectors, i.scope, *counts.get(i.id, (0, 0)),
                              checks.get(i.id, [])) for i, bname in rows]


def history(store, finding_id: int) -> list[tuple[str, dt.datetime, str]]:
    """(status, when, who) for every status the finding has had, oldest first (from the audit)."""
    with store.read() as s:
        q = (select(AuditLog.action, AuditLog.at, AuditLog.actor_id, AuditLog.after)
             .where(AuditLog.entity == "finding", AuditLog.entity_id == finding_id,
                    AuditLog.action.in_(["finding.created"] + [f"finding.{x}" for x in STATUSES]))
             .order_by(AuditLog.id))
        rows = s.execute(q).all()
        staff = labels_of(s, [actor for _a, _at, actor, _after in rows])
        return [(after.get("status", ""), at, staff.get(actor, "")) for _a, at, actor, after in rows]


def overdue(store, today: dt.date | None = None, *, branch_id: int | None = None) -> list[FindingRow]:
    """Overdue rectifications (R-INSP), most overdue first: for the alerts panel."""
    return overdue_among(findings(store, branch_id=branch_id), today or dt.datetime.now(CST).date())


def overdue_among(rows: list[FindingRow], today: dt.date) -> list[FindingRow]:
    """The overdue rectifications (R-INSP) among findings already read, most overdue first."""
    return sorted((r for r in rows if r.overdue(today)), key=lambda r: (r.deadline, r.id))
