"""R-ZONE-5: changing who serves a district — history closed and opened, phones and photo
published, audited, refused with clear errors — SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from console.errors import PermissionDenied, StoreError
from console.models import AuditLog, District, DistrictAssignment, Staff
from console.rules.periods import CST
from console.services.assessment import facts as F
from console.services.assessment import map_data
from console.services.assessment import servants as S
from console.vocabulary import Role
from tests.factories import make_branch, make_district, make_staff

NOW = dt.datetime(2026, 12, 5, 10, tzinfo=CST)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def served(store):
    with store.write() as s:
        nc = make_branch(s)
        other = make_branch(s, "JJ", "九江市分公司")
        d = make_district(s, nc, "八一社区", 4000, 0)
        m1 = make_staff(s, nc, "NC101", "李强", Role.MAINTAINER)
        m2 = make_staff(s, nc, "NC102", "刘洋", Role.MAINTAINER)
        gone = make_staff(s, nc, "NC103", "周杰", Role.MAINTAINER)
        gone.active = False
        far = make_staff(s, other, "JJ101", "黄磊", Role.MAINTAINER)
        boss = make_staff(s, nc, "NC900", "张伟", Role.MANAGER)
        boss_jj = make_staff(s, other, "JJ900", "何平", Role.MANAGER)
        disp = make_staff(s, nc, "NC001", "王芳")
        s.add(DistrictAssignment(branch_id=nc.id, district_id=d.id, maintainer_id=m1.id, valid_from=dt.date(2026, 1, 1)))
        s.flush()
        return {"nc": nc.id, "d": d.id, "m1": m1.id, "m2": m2.id, "gone": gone.id, "far": far.id, "boss": boss.id,
                "boss_jj": boss_jj.id, "disp": disp.id}


def _change(store, ids, **kw):
    args = dict(maintainer_id=ids["m2"], service_phone="0791-2000001", supervision_phone="0791-3000001",
                valid_from=dt.date(2026, 12, 10), reason="李强调往营业厅", actor_id=ids["boss"], now=NOW)
    args.update(kw)
    return S.change_servant(store, ids["d"], **args)


def test_r_zone_5_change_closes_the_old_assignment_opens_the_new_and_publishes_it(store, served):
    change = _change(store, served, photo=PNG)
    assert (change.before, change.after) == ("李强 (NC101)", "刘洋 (NC102)")
    with store.read() as s:
        rows = s.scalars(select(DistrictAssignment).where(DistrictAssignment.district_id == served["d"])
                         .order_by(DistrictAssignment.valid_from)).all()
        assert [(r.maintainer_id, r.valid_from, r.valid_to) for r in rows] == [
            (served["m1"], dt.date(2026, 1, 1), dt.date(2026, 12, 10)), (served["m2"], dt.date(2026, 12, 10), None)]
        assert (rows[1].changed_by_id, rows[1].service_phone, rows[1].reason) == (served["boss"], "0791-2000001",
                                                                                  "李强调往营业厅")
        d = s.get(District, served["d"])
        assert (d.service_phone, d.supervision_phone) == ("0791-2000001", "0791-3000001")
        assert s.get(Staff, served["m2"]).photo == PNG
        audit = s.scalars(select(AuditLog).where(AuditLog.action == S.ACTION)).one()
        assert audit.actor_id == served["boss"] and audit.entity_id == served["d"]
        assert audit.after["maintainer_id"] == served["m2"] and audit.before["maintainer_id"] == served["m1"]
    listed = S.changes(store, branch_id=served["nc"])
    assert [(c.district, c.before, c.after, c.changed_by, c.reason) for c in listed] == [
        ("八一社区", "李强 (NC101)", "刘洋 (NC102)", "张伟 (NC900)", "李强调往营业厅")]
    # the assessment holds each day against whoever served then; the map shows the new servant
    facts = F.load(store, dt.date(2026, 12, 1), dt.date(2026, 12, 31), branch_id=served["nc"], now=NOW)
    assert facts.holder(served["d"], dt.date(2026, 12, 9)) == served["m1"]
    assert facts.holder(served["d"], dt.date(2026, 12, 10)) == served["m2"]
    m = map_data.load_branch_map(store, served["nc"], now=NOW)
    assert (m.districts[0].maintainer, m.districts[0].service_phone) == ("刘洋", "0791-2000001")
    assert m.photos[served["m2"]] == PNG


@pytest.mark.parametrize(("kw", "message"), [
    ({"reason": "  "}, "say why the district changes hands"),
    ({"maintainer_id": "gone"}, "is no longer active"),
    ({"maintainer_id": "far"}, "does not work for the branch of 八一社区"),
    ({"maintainer_id": "disp"}, "is not a maintainer"),
    ({"maintainer_id": "m1", "service_phone": "0791-2000000", "supervision_phone": "0791-3000000"},
     "already serves 八一社区 with these phones"),
    ({"valid_from": dt.date(2025, 12, 31)}, "the current servant started on 2026-01-01"),
    ({"service_phone": ""}, "the service phone is empty"),
    ({"photo": b"GIF89a"}, "not a PNG"),
])
def test_r_zone_5_change_is_refused_with_a_clear_reason_and_nothing_written(store, served, kw, message):
    kw = {k: served[v] if k == "maintainer_id" else v for k, v in kw.items()}
    with pytest.raises(StoreError, match=message):
        _change(store, served, **kw)
    with store.read() as s:
        assert s.scalar(select(DistrictAssignment.valid_to).where(DistrictAssignment.maintainer_id == served["m1"])) is None
        assert s.scalars(select(AuditLog).where(AuditLog.action == S.ACTION)).first() is None


@pytest.mark.parametrize(("actor", "message"), [
    ("disp", "managers of the district's branch and admins change it"),
    ("boss_jj", "of another branch"),
    (None, "nobody is signed in"),
])
def test_r_zone_5_only_managers_of_the_branch_and_admins_may_change(store, served, actor, message):
    with pytest.raises(PermissionDenied, match=message):
        _change(store, served, actor_id=served[actor] if actor else None)


def test_a_provincial_admin_may_change_and_the_same_servant_may_get_new_phones(store, served):
    from tests.factories import add_person

    admin = add_person(store, Role.ADMIN)
    _change(store, served, maintainer_id=served["m1"], actor_id=admin)
    listed = S.changes(store, district_id=served["d"])
    assert [(c.before, c.after, c.service_phone) for c in listed] == [("李强 (NC101)", "李强 (NC101)", "0791-2000001")]
    assert S.servant(store, served["d"]).service_phone == "0791-2000001"
