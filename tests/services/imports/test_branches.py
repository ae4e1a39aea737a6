"""Creating a branch (admin add-branch): validated, unique, audited, on both backends."""

from __future__ import annotations

import pytest

from console.errors import PermissionDenied, StoreError
from console.services.access.directory import branches
from console.services.audit.verify import verify
from console.services.imports.branches import add_branch
from console.vocabulary import Role
from tests.factories import add_person

NC = dict(code="NC", name="南昌市分公司", kind="city", hotline="0791-96956", supervision_phone="13800138000",
          latitude=28.68, longitude=115.86)


def test_a_branch_is_created_with_normalised_phones_and_an_audit_row(store):
    b = add_branch(store, **{**NC, "code": " nc ", "supervision_phone": "+86 138 0013 8000"})
    assert (b.code, b.kind) == ("NC", "city")
    add_branch(store, **{**NC, "code": "JX", "name": "进贤县分公司", "hotline": "4008123456"})
    info = branches(store)
    assert (info[0].hotline, info[0].supervision_phone) == ("0791-96956", "13800138000")  # R-ZONE-2 as published
    assert info[1].hotline == "400-812-3456"
    assert verify(store).ok


@pytest.mark.parametrize("change, words", [
    ({"kind": "town"}, "branch kind is one of city, county"),  # R-ZONE-1
    ({"hotline": "9695"}, "hotline: not a phone number"),
    ({"latitude": 115.86, "longitude": 28.68}, "is not in China"),
    ({"code": ""}, "a branch has a code"),
    ({"growth_target": -5}, "growth target (R-ZONE-4)"),
])
def test_bad_input_is_named_and_nothing_is_written(store, change, words):
    with pytest.raises(StoreError, match=words.replace("(", r"\(").replace(")", r"\)")):
        add_branch(store, **{**NC, **change})
    assert branches(store) == []


def test_duplicates_are_refused_and_only_admins_may_add_from_the_console(store):
    add_branch(store, **NC)
    with pytest.raises(StoreError, match="already exists"):
        add_branch(store, **{**NC, "code": "NC2"})
    dispatcher = add_person(store, Role.DISPATCHER, branches(store)[0].id, "NC001", "王芳")
    with pytest.raises(PermissionDenied):
        add_branch(store, **{**NC, "code": "JX", "name": "进贤县分公司"}, actor_id=dispatcher)
    admin = add_person(store, Role.ADMIN, None, "GD0001", "赵敏")
    add_branch(store, **{**NC, "code": "JX", "name": "进贤县分公司", "kind": "county"}, actor_id=admin)
    assert [b.code for b in branches(store)] == ["NC", "JX"]
