"""directory.find_branch, the one branch look-up (every --branch, add-user, the start branch), on
SQLite and PostgreSQL: code in any case, then exact name, then numeric id; the branches named when
nothing matches."""

from __future__ import annotations

import pytest

from console.errors import StoreError
from console.services.access import directory
from console.services.exports.map_file import export_map
from console.vocabulary import BranchKind
from tests.factories import make_branch

pytestmark = pytest.mark.pg


@pytest.fixture
def two(store):
    with store.write() as s:
        nc = make_branch(s)
        jx = make_branch(s, code="JX", name="进贤县分公司", kind=BranchKind.COUNTY)
        return {"nc": nc.id, "jx": jx.id}


@pytest.mark.parametrize("key", ["NC", "nc", " Nc ", "南昌市分公司", "1"])
def test_code_in_any_case_exact_name_or_id(store, two, key):
    with store.read() as s:
        assert directory.find_branch(s, key).id == two["nc"]
    info = directory.find_branch_info(store, key)
    assert (info.id, info.code, info.name) == (two["nc"], "NC", "南昌市分公司")


@pytest.mark.parametrize("key", [None, "", "   "])
def test_no_key_is_no_branch(store, two, key):
    with store.read() as s:
        assert directory.find_branch(s, key) is None
    assert directory.find_branch_info(store, key) is None


@pytest.mark.parametrize("key", ["南昌", "南昌市分公司 x", "3", "N C"])
def test_an_unknown_key_names_the_branches_there_are(store, two, key):
    with store.read() as s, pytest.raises(StoreError) as err:
        directory.find_branch(s, key)
    assert str(err.value) == f"no branch {key.strip()!r} (branches: JX 进贤县分公司, NC 南昌市分公司)"


def test_an_empty_database_says_so(store):
    with pytest.raises(StoreError, match=r"no branch 'NC' \(branches: none yet\)"):
        directory.find_branch_info(store, "NC")


def test_a_code_wins_over_a_name_and_an_id(store, two):
    """Codes and names are unique, but a code may be another branch's name or id: the code wins."""
    with store.write() as s:
        code_is_an_id = make_branch(s, code=str(two["jx"]), name="第三分公司")
        code_is_a_name = make_branch(s, code="XH", name="nc")  # a name that is NC's code in lower case
    assert directory.find_branch_info(store, str(two["jx"])).id == code_is_an_id.id
    assert directory.find_branch_info(store, "nc").id == two["nc"]
    assert directory.find_branch_info(store, str(code_is_a_name.id)).id == code_is_a_name.id


def test_the_map_export_uses_the_same_look_up(store, two, tmp_path):
    assert export_map(store, tmp_path / "m.html", branch="jx")["branch"] == "进贤县分公司"
    with pytest.raises(StoreError, match="no branch 'SH'"):
        export_map(store, tmp_path / "m.html", branch="SH")
