"""Who may write inspections (R-INSP), accountability (R-ACC), training (R-TRAIN) and export the
workbooks: the services refuse, write nothing and say why — SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from console.errors import PermissionDenied
from console.models import (
    AccountabilityCase,
    AuditLog,
    Finding,
    Inspection,
    TrainingRecord,
    TrainingSession,
)
from console.services.access.permissions import ALLOWED, EVENT_ACTION, Action
from console.services.exports.workbooks import export
from console.services.supervision import accountability as acc
from console.services.supervision import inspections as I
from console.services.supervision import training as T
from console.vocabulary import Role
from tests.factories import T0, add_person, small_branch

pytestmark = pytest.mark.pg
DAY = dt.date(2026, 11, 20)
LATER = T0 + dt.timedelta(days=2)  # the NC orders received at T0 are breached by then (R-TIME-11)


@pytest.fixture
def ids(store):
    ids = small_branch(store)
    ids["manager"] = add_person(store, Role.MANAGER, ids["nc"], "NC800", "孙丽")
    ids["jx_manager"] = add_person(store, Role.MANAGER, ids["jx"], "JX800", "钱进")
    ids["inspector"] = add_person(store, Role.INSPECTOR, None, "GD0001", "周正")
    ids["nc_inspector"] = add_person(store, Role.INSPECTOR, ids["nc"], "NC700", "陈查")
    ids["admin"] = add_person(store, Role.ADMIN, ids["nc"], "NC900", "赵敏")
    return ids


def _count(store, model) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def _finding(day=DAY):
    return I.FindingInput("R-DISC-6", "缺3名员工照片", "minor", "营业厅", day + dt.timedelta(days=10))


def _inspection(store, ids, actor, branch="nc"):
    return I.record_inspection(store, branch_id=ids[branch], day=DAY, inspectors="省督查组", scope="营业厅检查",
                               actor_id=actor, findings=[_finding()], now=T0)


def test_the_table_matches_the_roles_of_issue_8():
    # R-INSP: the inspector records inspections and findings, exports them, and edits no order
    assert {Action.INSPECT, Action.EXPORT} <= ALLOWED[Role.INSPECTOR]
    assert not (set(EVENT_ACTION.values()) | {Action.ACCOUNTABILITY, Action.TRAINING, Action.RECTIFY}) & ALLOWED[
        Role.INSPECTOR]
    assert not any(Action.INSPECT in ALLOWED[r] for r in Role if r != Role.INSPECTOR)
    # R-ACC, R-TRAIN: the manager decides accountability, records training, exports, approves extensions
    assert {Action.ACCOUNTABILITY, Action.TRAINING, Action.EXPORT, Action.DECIDE_EXTENSION} <= ALLOWED[Role.MANAGER]
    for role in (Role.DISPATCHER, Role.MAINTAINER):
        assert not {Action.INSPECT, Action.ACCOUNTABILITY, Action.TRAINING, Action.EXPORT} & ALLOWED[role]
    assert ALLOWED[Role.MANAGER] < ALLOWED[Role.ADMIN]


def test_a_dispatcher_cannot_record_an_inspection_finding(store, ids):
    with pytest.raises(PermissionDenied, match=r"^王芳 \(dispatcher\) may not record inspections and findings: "
                                               r"inspectors record inspections and findings \(R-INSP\)$"):
        _inspection(store, ids, ids["dispatcher"])
    iid = _inspection(store, ids, ids["inspector"])
    for actor in (ids["dispatcher"], ids["manager"], ids["admin"], None):
        with pytest.raises(PermissionDenied, match="may not record inspections|sign in"):
            I.add_finding(store, iid, _finding(), actor_id=actor, now=T0)
        with pytest.raises(PermissionDenied):
            I.check_disclosure(store, iid, hall="红谷滩营业厅", items={k: "missing" for k in I.DISCLOSURE_ITEMS},
                               actor_id=actor, deadline=DAY, now=T0)
    assert (_count(store, Inspection), _count(store, Finding)) == (1, 1)  # the inspector's only


def test_an_inspector_records_findings_on_every_branch(store, ids):
    iid = _inspection(store, ids, ids["nc_inspector"], branch="jx")  # R-INSP: every level, own branch or not
    I.add_finding(store, iid, _finding(), actor_id=ids["inspector"], now=T0)
    created = I.check_disclosure(store, iid, hall="李渡营业厅", items={k: "present" for k in I.DISCLOSURE_ITEMS}
                                 | {"R-DISC-1": "outdated"}, actor_id=ids["inspector"], deadline=DAY, now=T0)
    assert len(created) == 1 and len(I.findings(store, inspection_id=iid)) == 3
    assert I.inspections(store, ids["jx"])[0].findings == 3


def test_the_branch_reports_a_rectification_and_an_inspector_verifies_it(store, ids):
    fid = I.findings(store, inspection_id=_inspection(store, ids, ids["inspector"]))[0].id
    with pytest.raises(PermissionDenied, match=r"周正 \(inspector\) may not report the rectification of a finding"):
        I.set_status(store, fid, "rectifying", actor_id=ids["inspector"])
    with pytest.raises(PermissionDenied, match=r"钱进 \(manager\) of 进贤县分公司 may not report the rectification"):
        I.set_status(store, fid, "rectifying", actor_id=ids["jx_manager"])
    with pytest.raises(PermissionDenied, match=r"李强 \(maintainer\) may not add evidence to a finding"):
        I.add_evidence(store, fid, "整改照片.jpg", actor_id=ids["m1"])
    I.set_status(store, fid, "rectifying", actor_id=ids["manager"], now=T0)
    I.add_evidence(store, fid, "整改照片.jpg", actor_id=ids["manager"], now=T0)
    I.add_evidence(store, fid, "复查记录.pdf", actor_id=ids["inspector"], now=T0)
    I.set_status(store, fid, "closed", actor_id=ids["inspector"], now=T0)
    row = I.findings(store)[0]
    assert row.status == "closed" and row.evidence == ("整改照片.jpg", "复查记录.pdf")
    assert [h[0] for h in I.history(store, fid)] == ["open", "rectifying", "closed"]


def test_a_maintainer_cannot_decide_accountability(store, ids):
    with pytest.raises(PermissionDenied, match=r"^李强 \(maintainer\) may not decide accountability: managers and "
                                               r"admins decide accountability \(R-ACC\)$"):
        acc.open_case(store, person_id=ids["m2"], grounds="R-TIME-11", order_id=ids["open_nc"][0],
                      actor_id=ids["m1"], now=LATER)
    assert _count(store, AccountabilityCase) == 0
    cid = acc.open_case(store, person_id=ids["m2"], grounds="R-TIME-11", order_id=ids["open_nc"][0],
                        actor_id=ids["manager"], now=LATER)
    audit_rows = _count(store, AuditLog)
    for actor in (ids["m1"], ids["dispatcher"], ids["inspector"], ids["jx_manager"], None):
        with pytest.raises(PermissionDenied):
            acc.record_statement(store, cid, "我当时在另一单", actor_id=actor, now=LATER)
        with pytest.raises(PermissionDenied):
            acc.add_circumstance(store, cid, "mitigating", "apologised", actor_id=actor, now=LATER)
        with pytest.raises(PermissionDenied):
            acc.decide(store, cid, "warning", actor_id=actor, now=LATER)
    assert _count(store, AuditLog) == audit_rows and acc.cases(store, actor_id=ids["manager"])[0].statement == ""
    acc.record_statement(store, cid, "我当时在另一单", actor_id=ids["manager"], now=LATER)  # R-ACC-S first
    acc.decide(store, cid, "warning", actor_id=ids["admin"], now=LATER)
    assert acc.cases(store, actor_id=ids["admin"])[0].outcome == "warning"


def test_a_manager_records_training_and_a_dispatcher_cannot(store, ids):
    with pytest.raises(PermissionDenied, match=r"^王芳 \(dispatcher\) may not record training: managers and admins "
                                               r"record training$"):
        T.add_session(store, branch_id=ids["nc"], kind="induction", title="岗前培训", day=DAY, trainer="培训中心",
                      actor_id=ids["dispatcher"], now=T0)
    with pytest.raises(PermissionDenied, match="钱进 \\(manager\\) of 进贤县分公司 may not record training for 南昌市分公司"):
        T.add_session(store, branch_id=ids["nc"], kind="induction", title="岗前培训", day=DAY, trainer="培训中心",
                      actor_id=ids["jx_manager"], now=T0)
    assert _count(store, TrainingSession) == 0
    sid = T.add_session(store, branch_id=ids["nc"], kind="induction", title="岗前培训", day=DAY, trainer="培训中心",
                        actor_id=ids["manager"], now=T0)
    for actor in (ids["dispatcher"], ids["m1"], ids["inspector"], None):
        with pytest.raises(PermissionDenied):
            T.record_attendance(store, sid, ids["m1"], 90, actor_id=actor, now=T0)
    assert _count(store, TrainingRecord) == 0
    T.record_attendance(store, sid, ids["m1"], 90, actor_id=ids["manager"], now=T0)
    assert ids["m1"] not in {u.staff_id for u in T.lacking_induction(store, ids["nc"])}


def test_exports_need_the_right_to_export(store, ids, tmp_path):
    _inspection(store, ids, ids["inspector"])
    out = tmp_path / "f.xlsx"
    for actor in (ids["m1"], ids["dispatcher"]):
        with pytest.raises(PermissionDenied, match="may not export workbooks"):
            export(store, "findings", out, branch_id=ids["nc"], actor_id=actor, now=T0)
    with pytest.raises(PermissionDenied, match=r"孙丽 \(manager\) may not export every branch"):
        export(store, "findings", out, actor_id=ids["manager"], now=T0)
    with pytest.raises(PermissionDenied, match="钱进 \\(manager\\) of 进贤县分公司 may not export workbooks for"):
        export(store, "findings", out, branch_id=ids["nc"], actor_id=ids["jx_manager"], now=T0)
    assert not out.exists()
    assert export(store, "findings", out, branch_id=ids["nc"], actor_id=ids["manager"], now=T0).rows == {
        "sheet.findings": 1}
    assert export(store, "findings", out, actor_id=ids["inspector"], now=T0).rows == {"sheet.findings": 1}
    assert export(store, "findings", out, now=T0).rows == {"sheet.findings": 1}  # the system (CLI)


def test_only_managers_admins_and_inspectors_read_accountability_cases(store, ids):
    """R-ACC: reading the cases is a right of its own; dispatchers and maintainers are refused with
    the reason, a branch manager reads their own branch only, inspectors every branch."""
    assert {r for r in Role if Action.ACCOUNTABILITY_READ in ALLOWED[r]} == {Role.MANAGER, Role.ADMIN,
                                                                             Role.INSPECTOR}
    cid = acc.open_case(store, person_id=ids["m2"], grounds="R-TIME-11", order_id=ids["open_nc"][0],
                        actor_id=ids["manager"], now=LATER)
    for actor, who in ((ids["dispatcher"], "王芳 \\(dispatcher\\)"), (ids["m1"], "李强 \\(maintainer\\)")):
        for branch in (ids["nc"], None):
            with pytest.raises(PermissionDenied, match=f"^{who} may not read accountability cases: managers, admins "
                                                       r"and inspectors read accountability cases \(R-ACC\)$"):
                acc.cases(store, branch, actor_id=actor)
    with pytest.raises(PermissionDenied, match="nobody is signed in: sign in to read accountability cases"):
        acc.cases(store, ids["nc"], actor_id=None)
    with pytest.raises(PermissionDenied, match=r"钱进 \(manager\) of 进贤县分公司 may not read accountability cases "
                                               "for 南昌市分公司"):
        acc.cases(store, ids["nc"], actor_id=ids["jx_manager"])
    assert acc.cases(store, actor_id=ids["jx_manager"]) == []  # every branch they may see: their own
    for reader in ("manager", "admin", "inspector", "nc_inspector"):
        assert [c.id for c in acc.cases(store, ids["nc"], actor_id=ids[reader])] == [cid], reader
        assert [c.id for c in acc.cases(store, actor_id=ids[reader])] == [cid], reader
