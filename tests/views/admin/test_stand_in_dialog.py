"""R-TIME-8: an administrator names who stands in for the head of a branch without a manager; the
dialog warns of a branch with neither, and a refused save keeps the choice and says why."""

from __future__ import annotations

import pytest

from console.errors import StoreUnavailable
from console.models import Branch
from console.services.orders import exemptions
from console.views.admin.stand_in_dialog import StandInDialog
from console.vocabulary import Role
from tests.factories import add_person, small_branch


@pytest.fixture
def ids(store):
    out = small_branch(store)
    out["admin"] = add_person(store)  # a provincial administrator
    return out


def _dialog(qtbot, store, actor, branch_id):
    dlg = StandInDialog(store, actor_id=actor, branch_id=branch_id)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.info is not None, timeout=10_000)
    return dlg


def _choose(dlg, label):
    i = dlg.person.findText(label)
    assert i >= 0, [dlg.person.itemText(j) for j in range(dlg.person.count())]
    dlg.person.setCurrentIndex(i)


def _stand_in(store, branch_id):
    with store.read() as s:
        return s.get(Branch, branch_id).stand_in_id


def test_the_admin_names_the_stand_in_and_the_warning_goes(qtbot, store, ids):
    dlg = _dialog(qtbot, store, ids["admin"], ids["nc"])
    assert dlg.branch.currentText() == "南昌市分公司 (NC)"
    assert dlg.manager.text() == "none (no active manager)"
    assert dlg.person.currentText() == "Nobody"
    assert dlg.banner.isVisible() and dlg.banner.text().startswith("南昌市分公司 has no active manager and nobody to "
                                                                  "stand in")
    assert not dlg.save_btn.isEnabled()  # nothing changed yet
    _choose(dlg, "王芳 (NC001)")
    assert dlg.save_btn.isEnabled() and dlg.banner.isVisible()  # true until it is saved
    dlg.save()
    qtbot.waitUntil(lambda: dlg.message.text() == "Saved.", timeout=10_000)
    assert _stand_in(store, ids["nc"]) == ids["dispatcher"]
    qtbot.waitUntil(lambda: dlg.info is not None and dlg.info.stand_in == "王芳", timeout=10_000)
    assert dlg.person.currentText() == "王芳 (NC001)" and not dlg.banner.isVisible()



def test_a_refused_save_keeps_the_choice_and_says_why(qtbot, store, ids, monkeypatch):
    manager = add_person(store, Role.MANAGER, ids["nc"], "NC900", "陈经理")
    dlg = _dialog(qtbot, store, manager, ids["nc"])  # a manager may not name the stand-in
    assert dlg.manager.text() == "陈经理" and not dlg.banner.isVisible()
    _choose(dlg, "李强 (NC101)")
    dlg.save()
    qtbot.waitUntil(lambda: dlg.message.text().startswith("Not saved:"), timeout=10_000)
    assert "may not name who stands in for the branch head (R-TIME-8)" in dlg.message.text()
    assert dlg.person.currentText() == "李强 (NC101)" and dlg.save_btn.isEnabled()  # the choice is still there
    assert dlg.isVisible() and _stand_in(store, ids["nc"]) is None

    def gone(*_a, **_k):
        raise StoreUnavailable("the database server is not answering", reason="connection refused")

    monkeypatch.setattr(exemptions, "set_stand_in", gone)  # the database goes while saving
    dlg.actor_id = ids["admin"]
    dlg.save()
    qtbot.waitUntil(lambda: dlg.message.text() == "Not saved: the database server is not answering", timeout=10_000)
    assert dlg.person.currentText() == "李强 (NC101)" and dlg.save_btn.isEnabled()
