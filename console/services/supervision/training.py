"""Training records (R-TRAIN): sessions, attendees, scores, pass; who lacks induction training.

Kinds: induction (with assessment, for new staff), etiquette (counter, installation/repair and
sales staff), ethics, handbook. A score of ``PASS_SCORE`` or more passes unless the trainer says
otherwise. Every write is one transaction with its audit row, and checks first that the actor may
record training on the session's branch (managers and admins: ``permissions.Action.TRAINING``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, select

from console.errors import StoreError
from console.i18n import T
from console.models import Staff, TrainingRecord, TrainingSession
from console.services.access import permissions
from console.services.audit import chain as audit

KINDS = ("induction", "etiquette", "ethics", "handbook")
PASS_SCORE = 60


@dataclass(frozen=True)
class SessionRow:
    id: int
    branch_id: int
    kind: str
    title: str
    day: dt.date
    trainer: str
    attendees: int
    passed: int
    mean_score: float | None


@dataclass(frozen=True)
class AttendeeRow:
    staff_id: int
    name: str
    score: int
    passed: bool
    note: str


@dataclass(frozen=True)
class Untrained:
    """An active employee without a passed induction training (R-TRAIN)."""

    staff_id: int
    name: str
    work_number: str
    role: str
    hired_on: dt.date | None


def add_session(store, *, branch_id: int, kind: str, title: str, day: dt.date, trainer: str,
                actor_id: int | None, now: dt.datetime | None = None) -> int:
    if kind not in KINDS:
        raise StoreError(T("training kind is one of {kinds}", kinds=", ".join(KINDS)))
    if not title.strip() or not trainer.strip():
        raise StoreError(T("a training session has a title and a trainer (R-TRAIN)"))
    with store.write() as s:
        permissions.require(s, actor_id, permissions.Action.TRAINING, branch_id=branch_id)  # R-TRAIN
        t = TrainingSession(branch_id=branch_id, kind=kind, title=title.strip(), day=day, trainer=trainer.strip())
        s.add(t)
        s.flush()
        audit.record(s, actor_id=actor_id, action="training.session", entity="training_session", entity_id=t.id,
                     branch_id=branch_id, after={"kind": kind, "title": t.title, "day": day, "trainer": t.trainer},
                     at=now)
        return t.id


@dataclass(frozen=True)
class Attendance:
    """One attendee's result to record: score 0–100; passed None = by score (``PASS_SCORE``)."""

    staff_id: int
    score: int
    passed: bool | None = None
    note: str = ""


def record_attendance(store, session_id: int, staff_id: int, score: int, *, passed: bool | None = None,
                      note: str = "", actor_id: int | None, now: dt.datetime | None = None) -> None:
    """An attendee's score (0–100); recording again replaces the earlier score (audited)."""
    record_attendees(store, session_id, [Attendance(staff_id, score, passed, note)], actor_id=actor_id, now=now)


def record_attendees(store, session_id: int, entries: list[Attendance], *, actor_id: int | None,
                     now: dt.datetime | None = None) -> None:
    """Several attendees' scores in one transaction: all are recorded, or (any refused) none.
    Recording a person again replaces their earlier score (audited with the old one)."""
    seen: set[int] = set()
    for e in entries:
        if e.staff_id in seen:
            raise StoreError(T("an employee is listed twice for the same session"))
        seen.add(e.staff_id)
    with store.write() as s:
        t = s.get(TrainingSession, session_id)
        if t is None:
            raise StoreError(T("no such session"))
        permissions.require(s, actor_id, permissions.Action.TRAINING, branch_id=t.branch_id)  # R-TRAIN
        for e in entries:
            p = s.get(Staff, e.staff_id)
            if p is None:
                raise StoreError(T("no such employee"))
            if not 0 <= e.score <= 100:
                raise StoreError(T("a training score is 0–100: {name} ({work_number}) has {score}", name=p.name,
                                   work_number=p.work_number, score=e.score))
            passed = e.score >= PASS_SCORE if e.passed is None else e.passed  # R-TRAIN: pass unless overridden
            rec = s.get(TrainingRecord, (session_id, e.staff_id))
            before = None if rec is None else {"score": rec.score, "passed": rec.passed, "note": rec.note}
            if rec is None:
                rec = TrainingRecord(session_id=session_id, staff_id=e.staff_id, score=e.score, passed=passed,
                                     note=e.note)
                s.add(rec)
            else:
                rec.score, rec.passed, rec.note = e.score, passed, e.note
            s.flush()
            audit.record(s, actor_id=actor_id, action="training.record", entity="training_session",
                         entity_id=session_id, branch_id=t.branch_id, before=before,
                         after={"staff_id": e.staff_id, "score": e.score, "passed": passed, "note": e.note}, at=now)


def sessions(store, branch_id: int | None = None) -> list[SessionRow]:
    """Sessions, newest first, with attendance, passes and the mean score."""
    with store.read() as s:
        stats = {sid: (n, p, m) for sid, n, p, m in s.execute(
            select(TrainingRecord.session_id, func.count(), func.sum(case((TrainingRecord.passed.is_(True), 1), else_=0)),
                   func.avg(TrainingRecord.score)).group_by(TrainingRecord.session_id))}
        q = select(TrainingSession)
        if branch_id is not None:
            q = q.where(TrainingSession.branch_id == branch_id)
        out = []
        for t in s.scalars(q.order_by(TrainingSession.day.desc(), TrainingSession.id.desc())):
            n, p, m = stats.get(t.id, (0, 0, None))
            out.append(SessionRow(t.id, t.branch_id, t.kind, t.title, t.day, t.trainer, n, int(p or 0),
                                  None if m is None else float(m)))
        return out


def attendees(store, session_id: int) -> list[AttendeeRow]:
    with store.read() as s:
        q = (select(TrainingRecord, Staff.name, Staff.work_number).join(Staff, Staff.id == TrainingRecord.staff_id)
             .where(TrainingRecord.session_id == session_id).order_by(Staff.work_number))
        return [AttendeeRow(r.staff_id, f"{n} ({w})", r.score, r.passed, r.note) for r, n, w in s.execute(q)]


def lacking_induction(store, branch_id: int | None = None) -> list[Untrained]:
    """Active staff of the branch (all branches: None) with no passed induction training."""
    with store.read() as s:
        trained = select(TrainingRecord.staff_id).join(
            TrainingSession, TrainingSession.id == TrainingRecord.session_id).where(
            TrainingSession.kind == "induction", TrainingRecord.passed.is_(True))
        q = (select(Staff.id, Staff.name, Staff.work_number, Staff.role, Staff.hired_on)
             .where(Staff.active.is_(True), Staff.id.not_in(trained)))
        if branch_id is not None:
            q = q.where(Staff.branch_id == branch_id)
        return [Untrained(i, n, w, r.value, h)
                for i, n, w, r, h in s.execute(q.order_by(Staff.hired_on.desc(), Staff.work_number))]
