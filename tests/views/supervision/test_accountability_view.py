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
        monkeypatch.setattr(Ask, "text", classmethod(lambda cls, parent, title, label, default="", draft=None: default))
        with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
            w.open_from_finding()
        [case] = acc.cases(store, ids["nc"], actor_id=manager)
        assert case.person_id == namesake and case.person.startswith("李强") and case.finding_rule == "R-TIME-1"
    finally:
        store.dispose()


# ---- the decision step, candidates, and nothing typed lost (R-ACC, R-TIME-11) ---------------------
import pytest  # noqa: E402

from console.models import Order  # noqa: E402
from console.views.kit import drafts  # noqa: E402
from tests.factories import T0  # noqa: E402

LATER = T0 + dt.timedelta(days=10)  # both open NC orders breached (R-TIME-1, R-TIME-6)


@pytest.fixture
def cases_view(qtbot, tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'acc.sqlite3'}")
    ids = small_branch(store)
    ids["manager"] = add_person(store, Role.MANAGER, ids["nc"], "NC800", "孙丽")
    with store.write() as s:
        for oid in ids["open_nc"]:
            s.get(Order, oid).assignee_id = ids["m1"]
    w = AccountabilityView(store, user_id_fn=lambda: ids["manager"], now_fn=lambda: LATER)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.set_branch(ids["nc"])
    drafts.clear()
    yield store, ids, w
    drafts.clear()
    store.dispose()


def _open(store, ids, k, at):
    return acc.open_case(store, person_id=ids["m1"], grounds="R-TIME-11 超时", order_id=ids["open_nc"][k],
                         actor_id=ids["manager"], now=at)


def _decision_dialog(qtbot, w, monkeypatch, case_id):
    seen = {}
    monkeypatch.setattr(AccountabilityView, "exec_dialog", classmethod(lambda cls, dlg: seen.setdefault("d", dlg)))
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.refresh(case_id)
    w.table.selectRow(w.model.row_of(case_id))
    w.decide()
    qtbot.waitUntil(lambda: "d" in seen, timeout=10_000)
    qtbot.addWidget(seen["d"])
    return seen["d"]


def test_the_decision_step_shows_heavier_and_lighter_facts_and_suggests_an_outcome(qtbot, cases_view, monkeypatch):
    """R-ACC-H (a second act within a rolling 12 months, said and explained), R-ACC-L, and the
    suggested outcome preselected; deciding saves it with the reasons."""
    store, ids, w = cases_view
    _open(store, ids, 0, LATER - dt.timedelta(days=5))
    second = _open(store, ids, 1, LATER)
    acc.add_circumstance(store, second, "mitigating", "apologised", "用户谅解", actor_id=ids["manager"], now=LATER)
    acc.record_statement(store, second, "网络设备故障", actor_id=ids["manager"], now=LATER)
    dlg = _decision_dialog(qtbot, w, monkeypatch, second)
    assert "second accountable act within 12 months" in dlg.aggravating.text()
    assert "rolling year" in dlg.window.text() and "not a calendar year" in dlg.window.text()
    assert "R-ACC-L: apologised, and the customer understands — 用户谅解" in dlg.mitigating.text()
    assert "offset" in dlg.suggestion.text()  # minor → warning, one up, one down
    assert dlg.outcome.currentData() == "warning" and dlg.outcome.currentText() == "warning (suggested)"
    dlg.note.setPlainText("情节轻微，已道歉")
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        dlg.accept()
    [case] = [c for c in acc.cases(store, ids["nc"], actor_id=ids["manager"]) if c.id == second]
    assert case.outcome == "warning"


def test_no_decision_before_the_statement(qtbot, cases_view, monkeypatch):
    """R-ACC-S: the dialog says the statement comes first and OK is off; the service refuses it."""
    store, ids, w = cases_view
    cid = _open(store, ids, 0, LATER)
    dlg = _decision_dialog(qtbot, w, monkeypatch, cid)
    assert "record the statement first" in dlg.statement.text()
    assert not dlg.buttons.button(dlg.buttons.StandardButton.Ok).isEnabled()
    with pytest.raises(Exception, match="R-ACC-S"):
        acc.decide(store, cid, "warning", actor_id=ids["manager"], now=LATER)


def test_a_refused_decision_keeps_the_outcome_and_reasons_typed(qtbot, cases_view, monkeypatch):
    """Nothing typed is lost (decision dialog): the case is decided meanwhile on another console;
    OK is refused in the dialog, which keeps the outcome picked and the reasons typed."""
    store, ids, w = cases_view
    cid = _open(store, ids, 0, LATER)
    acc.record_statement(store, cid, declined=True, actor_id=ids["manager"], now=LATER)
    dlg = _decision_dialog(qtbot, w, monkeypatch, cid)
    dlg.outcome.setCurrentIndex(dlg.outcome.findData("criticism_penalty"))
    dlg.note.setPlainText("拒不陈述，影响恶劣")
    acc.decide(store, cid, "warning", actor_id=ids["manager"], now=LATER)  # another console
    dlg.accept()
    qtbot.waitUntil(lambda: not dlg.saving and not dlg.error.isHidden(), timeout=10_000)
    assert "is decided" in dlg.error.text() and dlg.result() != dlg.DialogCode.Accepted
    assert dlg.note.toPlainText() == "拒不陈述，影响恶劣" and dlg.outcome.currentData() == "criticism_penalty"


def test_a_provisional_breach_is_listed_apart_and_not_offered(qtbot, cases_view, monkeypatch):
    """R-TIME-11: a candidate whose breach is provisional is named "provisional — …" apart from the
    breaches offered, and cannot be picked; with only provisional ones, nothing opens."""
    store, ids, w = cases_view
    with store.write() as s:
        s.get(Order, ids["open_nc"][0]).sla_provisional = True
    asked, told = {}, []
    monkeypatch.setattr(Ask, "item", classmethod(lambda cls, parent, title, label, items:
                                                 asked.update(label=label, items=items)))
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: told.append(text)))
    w.open_from_order()
    qtbot.waitUntil(lambda: "items" in asked, timeout=10_000)
    assert asked["items"] == ["NC-0002"]
    assert "NC-0001 (provisional — working-day calendar not entered)" in asked["label"]
    with store.write() as s:
        s.get(Order, ids["open_nc"][1]).sla_provisional = True
    w.open_from_order()
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert told[0].startswith("No breached orders. Provisional, not breaches as fact") and "NC-0002" in told[0]


def test_a_refused_statement_is_kept_for_the_next_try(qtbot, cases_view, monkeypatch):
    """Nothing typed is lost (statement prompt): the case is decided meanwhile, the statement is
    refused and told; the next prompt opens with the statement as typed."""
    store, ids, w = cases_view
    cid = _open(store, ids, 0, LATER)
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.refresh(cid)
    w.table.selectRow(w.model.row_of(cid))
    acc.record_statement(store, cid, declined=True, actor_id=ids["manager"], now=LATER)
    acc.decide(store, cid, "warning", actor_id=ids["manager"], now=LATER)  # another console
    defaults = []
    monkeypatch.setattr(Ask, "confirm", classmethod(lambda cls, *a: False))
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: None))
    monkeypatch.setattr(Ask, "text", classmethod(lambda cls, parent, title, label, default="", draft=None:
                                                 defaults.append(drafts.recall(draft, default)) or "设备故障，非本人原因"))
    with qtbot.waitSignal(w.sig_failed, timeout=10_000) as failed:
        w.statement()
    assert "is decided" in failed.args[0]
    with qtbot.waitSignal(w.sig_failed, timeout=10_000):  # refused again: the case is closed
        w.statement()
    assert defaults == ["", "设备故障，非本人原因"]


def test_a_case_on_a_provisional_breach_says_so_and_is_not_decided(qtbot, cases_view, monkeypatch):
    """R-TIME-11: the cases table names its source "provisional"; the decision dialog says it is
    not a breach as fact and OK is off."""
    store, ids, w = cases_view
    cid = _open(store, ids, 0, LATER)
    acc.record_statement(store, cid, declined=True, actor_id=ids["manager"], now=LATER)
    with store.write() as s:
        s.get(Order, ids["open_nc"][0]).sla_provisional = True
    dlg = _decision_dialog(qtbot, w, monkeypatch, cid)
    row = w.model.row_of(cid)
    assert w.model.index(row, w.model.COLUMNS.index("source")).data() == \
        "order NC-0001 (provisional — calendar not entered)"
    assert not dlg.provisional.isHidden() and "not a breach as fact" in dlg.provisional.text()
    assert not dlg.buttons.button(dlg.buttons.StandardButton.Ok).isEnabled()


def test_a_refused_circumstance_keeps_its_details_for_the_next_try(qtbot, cases_view, monkeypatch):
    """Nothing typed is lost (circumstance prompt): the circumstances are offered in words; refused
    (the case decided meanwhile), the details typed open the next prompt."""
    store, ids, w = cases_view
    cid = _open(store, ids, 0, LATER)
    with qtbot.waitSignal(w.sig_loaded, timeout=10_000):
        w.refresh(cid)
    w.table.selectRow(w.model.row_of(cid))
    acc.record_statement(store, cid, declined=True, actor_id=ids["manager"], now=LATER)
    acc.decide(store, cid, "warning", actor_id=ids["manager"], now=LATER)  # another console
    offered, defaults = [], []
    monkeypatch.setattr(Ask, "item", classmethod(lambda cls, parent, title, label, items:
                                                 offered.extend(items) or items[-1]))
    monkeypatch.setattr(Ask, "tell", classmethod(lambda cls, parent, title, text: None))
    monkeypatch.setattr(Ask, "note", classmethod(lambda cls, parent, title, label, default="", draft=None:
                                                 defaults.append(drafts.recall(draft, default)) or "已全额赔偿用户"))
    with qtbot.waitSignal(w.sig_failed, timeout=10_000):
        w.circumstance()
    assert "R-ACC-L: corrected, and all or most of the loss recovered" in offered
    assert "R-ACC-H: obstructing an investigation" in offered
    with qtbot.waitSignal(w.sig_failed, timeout=10_000):
        w.circumstance()
    assert defaults == ["", "已全额赔偿用户"]
