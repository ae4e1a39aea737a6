"""The accountability view (R-ACC): a case opened from a finding is against the person the finding
names, even when a colleague has the same name."""

from __future__ import annotations

import datetime as dt

from console.rules.periods import CST
from console.services.supervision import accountability as acc
from console.services.supervision import inspections as insp
from console.store import open_store
from console.views.kit.ask import Ask
from console.views.supervision.accountability import AccountabilityView
from console.vocabulary import Role
from tests.factories import add_person, small_branch

NOW = dt.datetime(2026, 11, 20, 10, tzinfo=CST)


def test_a_case_from_a_finding_is_against_the_person_it_names(qtbot, tmp_path, monkeypatch):
    store = open_store(f"sqlite:///{tmp_path / 'acc.sqlite3'}")
    try:
        ids = small_branch(store)  # NC101 李强, a maintainer
        namesake = add_person(store, Role.MAINTAINER, ids["nc"], "NC105", "李强")  # another 李强
        inspector = add_person(store, Role.INSPECTOR, None, "GD0003", "刘瑶")
        manager = add_person(store, Role.MANAGER, ids["nc"], "NC800", "孙丽")
        insp.record_inspection(
            store, branch_id=ids["nc"], day=NOW.date() - dt.timedelta(days=3), inspectors="省督查组", scope="工单",
            actor_id=inspector, now=NOW,
            findings=[insp.FindingInput("R-TIME-1", "故障超时未修复", "serious", "网络维护部", NOW.date(),
                                        responsible_person_id=namesake)])
        w = AccountabilityView(store, user_id_fn=lambda: manager, now_fn=lambda: NOW)
        qtbot.addWidget(w)
        with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
            w.set_branch(ids["nc"])
        monkeypatch.setattr(Ask, "item", classmethod(lambda cls, parent, title, label, items: items[0]))
        monkeypatch.setattr(Ask, "text", classmethod(lambda cls, parent, title, label, default="": default))
        with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
            w.open_from_finding()
        [case] = acc.cases(store, ids["nc"], actor_id=manager)
        assert case.person_id == namesake and case.person.startswith("李强") and case.finding_rule == "R-TIME-1"
    finally:
        store.dispose()
