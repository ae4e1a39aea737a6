"""Inspections and findings (R-INSP), the disclosure checklist (R-DISC-1…6), training (R-TRAIN)
— SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from console.errors import StoreError
from console.models import AuditLog
from console.services.supervision import inspections as I
from console.services.supervision import training as T
from console.vocabulary import Role
from tests.factories import T0, add_person, make_staff, small_branch

DAY = dt.date(2026, 11, 20)


def _inspection(store, ids, findings=()):
    return I.record_inspection(store, branch_id=ids["nc"], day=DAY, inspectors="省督查组 刘瑶", scope="营业厅检查",
                               actor_id=ids["inspector"], findings=list(findings), now=T0)


@pytest.fixture
def ids(store):
    ids = small_branch(store)
    with store.write() as s:
        ids["inspector"] = make_staff(s, None, "P001", "刘瑶", Role.INSPECTOR).id
    ids["manager"] = add_person(store, Role.MANAGER, ids["nc"], "NC800", "孙丽")
    return ids


def three():
    return [
        I.FindingInput("R-DISC-6", "缺3名员工照片", "minor", "营业厅", DAY + dt.timedelta(days=10)),
        I.FindingInput("R-TIME-1", "一般故障超时", "serious", "网络维护部", DAY + dt.timedelta(days=30)),
        I.FindingInput("R-PROM-5", "未提前24小时通知", "critical", "网络维护部", DAY + dt.timedelta(days=15)),
    ]


def test_r_insp_inspection_with_three_findings_is_audited(store, ids):
    iid = _inspection(store, ids, three())
    rows = I.findings(store, inspection_id=iid)
    assert [(r.rule_family, r.rule_id, r.severity, r.status) for r in rows] == [
        ("R-DISC", "R-DISC-6", "minor", "open"), ("R-TIME", "R-TIME-1", "serious", "open"),
        ("R-PROM", "R-PROM-5", "critical", "open")]
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "finding.created")) == 3
    assert I.inspections(store, ids["nc"])[0].findings == 3


def test_r_insp_status_moves_open_rectifying_verified_closed_with_who_and_when(store, ids):
    iid = _inspection(store, ids, three()[:1])
    fid = I.findings(store, inspection_id=iid)[0].id
    with pytest.raises(StoreError, match="open to closed"):
        I.set_status(store, fid, "closed", actor_id=ids["inspector"])
    I.set_status(store, fid, "rectifying", actor_id=ids["manager"], now=T0 + dt.timedelta(days=1))
    with pytest.raises(StoreError, match="inspector or a manager"):
        I.set_status(store, fid, "closed", actor_id=ids["m1"])
    I.set_status(store, fid, "closed", actor_id=ids["inspector"], note="复查已整改", now=T0 + dt.timedelta(days=5))
    row = I.findings(store, inspection_id=iid)[0]
    assert row.status == "closed" and row.status_by.startswith("刘瑶") and row.status_at == T0 + dt.timedelta(days=5)
    assert [h[0] for h in I.history(store, fid)] == ["open", "rectifying", "closed"]


def test_r_disc_checklist_creates_a_finding_per_missing_or_outdated_item(store, ids):
    iid = _inspection(store, ids)
    items = {k: "present" for k in I.DISCLOSURE_ITEMS} | {"R-DISC-2": "missing", "R-DISC-3": "outdated"}
    created = I.check_disclosure(store, iid, hall="红谷滩营业厅", items=items, actor_id=ids["inspector"],
                                 deadline=DAY + dt.timedelta(days=7), now=T0)
    rows = I.findings(store, inspection_id=iid)
    assert [r.id for r in rows] == created and [r.rule_id for r in rows] == ["R-DISC-2", "R-DISC-3"]
    assert "红谷滩营业厅" in rows[0].description and rows[1].description.endswith("outdated")
    assert I.inspections(store, ids["nc"])[0].checks[0]["items"]["R-DISC-1"] == "present"
    with pytest.raises(StoreError, match="every item"):
        I.check_disclosure(store, iid, hall="x", items={"R-DISC-1": "present"}, actor_id=None, deadline=DAY)


def test_overdue_rectifications_and_rule_ids_are_checked(store, ids):
    _inspection(store, ids, three())
    late = I.overdue(store, DAY + dt.timedelta(days=16), branch_id=ids["nc"])
    assert [r.rule_id for r in late] == ["R-DISC-6", "R-PROM-5"]
    assert late[0].days_to_deadline(DAY + dt.timedelta(days=16)) == -6
    with pytest.raises(StoreError, match="unknown rule id"):
        _inspection(store, ids, [I.FindingInput("X-1", "?", "minor", "u", DAY)])


def test_r_train_sessions_scores_and_who_lacks_induction(store, ids):
    sid = T.add_session(store, branch_id=ids["nc"], kind="induction", title="岗前培训", day=DAY, trainer="培训中心",
                        actor_id=ids["manager"], now=T0)
    T.record_attendance(store, sid, ids["m1"], 85, actor_id=ids["manager"], now=T0)
    T.record_attendance(store, sid, ids["m2"], 40, actor_id=ids["manager"], now=T0)
    row = T.sessions(store, ids["nc"])[0]
    assert (row.attendees, row.passed, row.mean_score) == (2, 1, pytest.approx(62.5))
    lacking = {u.staff_id for u in T.lacking_induction(store, ids["nc"])}
    assert ids["m1"] not in lacking and {ids["m2"], ids["dispatcher"]} <= lacking


def test_r_train_attendees_are_recorded_all_or_none_and_the_trainer_may_override(store, ids):
    sid = T.add_session(store, branch_id=ids["nc"], kind="induction", title="岗前培训", day=DAY, trainer="培训中心",
                        actor_id=ids["manager"], now=T0)
    with pytest.raises(StoreError, match=r"0–100: 刘洋 \(NC102\) has 150"):
        T.record_attendees(store, sid, [T.Attendance(ids["m1"], 85), T.Attendance(ids["m2"], 150)],
                           actor_id=ids["manager"], now=T0)
    assert T.attendees(store, sid) == []  # 李强's 85 was not kept either
    T.record_attendees(store, sid, [T.Attendance(ids["m1"], 85), T.Attendance(ids["m2"], 58, passed=True, note="补考")],
                       actor_id=ids["manager"], now=T0)
    T.record_attendees(store, sid, [T.Attendance(ids["m1"], 55)], actor_id=ids["manager"], now=T0)  # corrected
    assert [(a.score, a.passed, a.note) for a in T.attendees(store, sid)] == [(55, False, ""), (58, True, "补考")]
    with store.read() as s:
        corrected = s.scalars(select(AuditLog).where(AuditLog.action == "training.record")
                              .order_by(AuditLog.id.desc())).first()
    assert corrected.before == {"score": 85, "passed": True, "note": ""}


def test_inspectors_are_picked_from_the_province_s_and_the_branch_s_inspectors(store, ids):
    """R-INSP: the choices are the provincial inspectors and the branch's; the picked ones are
    stored as name (work number); a manager or another branch's inspector is refused."""
    nc_insp = add_person(store, Role.INSPECTOR, ids["nc"], "NC900", "周敏")
    jx_insp = add_person(store, Role.INSPECTOR, ids["jx"], "JX900", "吴刚")
    choices = I.inspection_choices(store, ids["nc"])
    assert [c.label for c in choices.inspectors] == ["刘瑶 (P001)", "周敏 (NC900)"]
    assert "李强 (NC101)" in [c.label for c in choices.staff] and choices.calendar.is_configured(2026)
    iid = I.record_inspection(store, branch_id=ids["nc"], day=DAY, inspector_ids=[ids["inspector"], nc_insp],
                              scope="营业厅检查", actor_id=ids["inspector"], now=T0)
    assert I.inspections(store, ids["nc"])[0].inspectors == "刘瑶 (P001), 周敏 (NC900)" and iid
    for wrong in ([jx_insp], [ids["manager"]]):
        with pytest.raises(StoreError, match="not an inspector of the province or of this branch"):
            I.record_inspection(store, branch_id=ids["nc"], day=DAY, inspector_ids=wrong, scope="检查",
                                actor_id=ids["inspector"], now=T0)
    with pytest.raises(StoreError, match="pick at least one inspector"):
        I.record_inspection(store, branch_id=ids["nc"], day=DAY, inspector_ids=[], scope="检查",
                            actor_id=ids["inspector"], now=T0)
    assert len(I.inspections(store, ids["nc"])) == 1  # the refusals wrote nothing


def test_the_responsible_person_is_one_of_the_inspected_branch_s_staff(store, ids):
    jx_person = add_person(store, Role.MAINTAINER, ids["jx"], "JX101", "陈东")
    item = I.FindingInput("R-TIME-1", "超时", "minor", "维护部", DAY + dt.timedelta(days=5),
                          responsible_person_id=jx_person)
    with pytest.raises(StoreError, match="responsible person"):
        _inspection(store, ids, [item])
    assert I.inspections(store, ids["nc"]) == []


def test_the_default_deadline_is_15_working_days_provisional_in_an_unentered_year(store, ids):
    """R-INSP: 15 working days after the inspection day on the store's calendar; reaching 2027
    (not entered) it is provisional."""
    cal = I.inspection_choices(store, ids["nc"]).calendar
    assert I.default_deadline(cal, dt.date(2026, 11, 2)) == (dt.date(2026, 11, 23), False)
    assert I.default_deadline(cal, dt.date(2026, 12, 21)) == (dt.date(2027, 1, 11), True)
    assert I.unentered_year(cal, dt.date(2026, 12, 21), dt.date(2027, 1, 11)) == 2027
