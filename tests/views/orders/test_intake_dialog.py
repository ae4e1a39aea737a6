"""The intake dialog driven like a dispatcher does: with the keyboard.

R-FIRST-1 owner, R-FIRST-2 full checklist + notice listing every missing item, R-FIRST-3
closure on the spot, R-TIME-0 waiting for materials, R-TIME-9 important customers.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select

from console.models import District, Order
from console.services.orders.customers import CustomerHit
from console.store import open_store
from console.views.orders.customer_search import CustomerHitModel, HitRole
from console.views.orders.intake_dialog import IntakeDialog, write_notice
from tests.factories import T0, make_customer, small_branch

ID_CARD = "ID card of the account holder"
AGREEMENT = "signed service agreement"
CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier



@pytest.fixture
def store(tmp_path):
    """Views are tested on SQLite; the services' tests cover both backends."""
    st = open_store(f"sqlite:///{tmp_path / 'views.sqlite3'}")
    yield st
    st.dispose()


@pytest.fixture
def ids(store):
    ids = small_branch(store)
    with store.write() as s:
        district = s.scalar(select(District).where(District.branch_id == ids["nc"]))
        for n, name in enumerate(("刘洋", "陈静", "南昌市第一中学")):
            c = make_customer(s, district, f"36010000004{n}", name)
            c.phone, c.address = f"1390791004{n}", f"红谷滩区丰和中大道{n}号"
        c.is_major, c.major_category = True, "school"
    return ids


@pytest.fixture
def dialog(qtbot, store, ids, monkeypatch):
    # closing at teardown must never wait on a real question box
    monkeypatch.setattr(IntakeDialog, "confirm_discard", classmethod(lambda cls, parent: True))
    dlg = IntakeDialog(store, branch_id=ids["nc"], actor_id=ids["dispatcher"], now_fn=lambda: T0)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.activateWindow()
    qtbot.waitUntil(lambda: dlg.is_ready and dlg.isActiveWindow())
    return dlg


def focused():
    w = QApplication.focusWidget()
    assert w is not None, "nothing has the keyboard focus"
    return w


def press(qtbot, key, mods=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), key, mods)


def type_(qtbot, text: str) -> None:
    """Type into the focused widget: ASCII as key clicks, Chinese as an input method commits
    it (QTest can only synthesise ASCII keys)."""
    if text.isascii():
        qtbot.keyClicks(focused(), text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(focused(), event)


def orders_of(store, branch_id):
    with store.read() as s:
        return s.execute(select(Order.number, Order.status, Order.missing_materials, Order.first_contact_id,
                                Order.customer_id, Order.priority)
                         .where(Order.branch_id == branch_id).order_by(Order.id)).all()


def pdf_text(path) -> str:
    from PySide6.QtPdf import QPdfDocument

    doc = QPdfDocument()
    doc.load(str(path))
    return "\n".join(doc.getAllText(p).text() for p in range(doc.pageCount()))


def test_take_a_request_by_keyboard_and_print_the_notice(qtbot, dialog, store, ids, tmp_path, monkeypatch):
    notice = tmp_path / "notice.pdf"
    asked = []
    monkeypatch.setattr(IntakeDialog, "choose_notice_file",
                        classmethod(lambda cls, parent, suggested: asked.append(suggested) or str(notice)))
    assert focused() is dialog.search.edit
    type_(qtbot, "0791 0041")  # the phone as the customer reads it out
    assert dialog.search.model.rowCount() == 1
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.search.picked.name == "陈静"
    assert focused() is dialog.kind
    press(qtbot, Qt.Key.Key_Down, times=2)
    assert dialog.kind.currentData() == "installation"
    # R-FIRST-2: the full checklist of the kind is on screen
    assert [item for item, _box in dialog.checks] == [ID_CARD, "proof of residence (property deed or lease)",
                                                      AGREEMENT, "installation fee receipt"]
    press(qtbot, Qt.Key.Key_Tab, times=3)
    assert focused() is dialog.description
    type_(qtbot, "新装数字电视")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Space)  # 1: ID card missing
    press(qtbot, Qt.Key.Key_Tab, times=2)
    press(qtbot, Qt.Key.Key_Space)  # 3: agreement missing
    assert dialog.missing() == [ID_CARD, AGREEMENT]
    with qtbot.waitSignal(dialog.sig_notice_written, timeout=10_000) as written:
        press(qtbot, Qt.Key.Key_P, CTRL)  # save and print the notice
    assert written.args == [str(notice)]

    rows = orders_of(store, ids["nc"])
    number, status, missing, owner, _customer, _priority = rows[-1]
    assert status.value == "waiting_materials" and missing == [ID_CARD, AGREEMENT]  # R-TIME-0
    assert owner == ids["dispatcher"]  # R-FIRST-1
    assert number in dialog.saved_label.text() and asked == [f"{number} materials notice.pdf"]
    text = pdf_text(notice)
    missing_part = text.split("Already complete")[0]
    assert ID_CARD in missing_part and AGREEMENT in missing_part  # R-FIRST-2: both, at once
    assert "proof of residence" not in missing_part
    press(qtbot, Qt.Key.Key_Escape)  # closing after the save is not cancelling
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.order_id is not None


def test_service_errors_are_shown_and_the_input_stays(qtbot, dialog, store, ids):
    before = len(orders_of(store, ids["nc"]))
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert "Pick the customer" in dialog.error.text()
    type_(qtbot, "刘洋")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return, CTRL)  # no description yet
    qtbot.waitUntil(lambda: "description is empty" in dialog.error.text())
    assert dialog.isVisible() and dialog.search.edit.text() == "刘洋" and dialog.search.picked.name == "刘洋"
    assert len(orders_of(store, ids["nc"])) == before
    dialog.description.setFocus()
    type_(qtbot, "没有信号")
    with qtbot.waitSignal(dialog.sig_saved) as saved:
        press(qtbot, Qt.Key.Key_S, CTRL)
    assert saved.args[0].status == "open" and dialog.error.text() == ""


def test_walk_in_closed_on_the_spot(qtbot, dialog, store, ids):
    press(qtbot, Qt.Key.Key_W, ALT)  # No account / walk-in (a mnemonic clicks a button animated)
    qtbot.waitUntil(lambda: dialog.walk_in.isChecked() and focused() is dialog.district)
    dialog.kind.setFocus()
    press(qtbot, Qt.Key.Key_End)  # the last kind: business (3 materials) ...
    press(qtbot, Qt.Key.Key_Up, times=1)  # ... inquiry needs none
    assert dialog.kind.currentData() == "inquiry" and dialog.checks == []
    dialog.description.setFocus()
    type_(qtbot, "咨询套餐资费")
    press(qtbot, Qt.Key.Key_O, ALT)  # Close on the spot
    qtbot.waitUntil(lambda: focused() is dialog.resolution)
    type_(qtbot, "已告知资费标准")
    with qtbot.waitSignal(dialog.sig_saved) as saved:
        press(qtbot, Qt.Key.Key_Return, CTRL)
    res = saved.args[0]
    assert res.status == "completed" and res.number in dialog.saved_label.text()
    assert not dialog.btn_notice.isVisible()  # nothing missing: no notice to print
    *_, (number, status, _m, _o, customer, _p) = orders_of(store, ids["nc"])
    assert (number, status.value, customer) == (res.number, "completed", None)


def test_alt_digit_ticks_a_checklist_item_and_blocks_closing_on_the_spot(qtbot, dialog):
    dialog.kind.setCurrentIndex(dialog.kind.findData("restoration"))
    assert not dialog.btn_notice.isEnabled()
    press(qtbot, Qt.Key.Key_2, ALT)
    qtbot.waitUntil(lambda: dialog.missing() == ["arrears settlement receipt"])
    assert dialog.btn_notice.isEnabled()
    assert "R-FIRST-2" in dialog.on_spot.toolTip()
    dialog.kind.setCurrentIndex(dialog.kind.findData("business"))  # the ID card is kept, the rest asked again
    assert [item for item, box in dialog.checks] == [ID_CARD, "account number or last bill",
                                                     "signed change request form"]


def test_an_important_customer_raises_the_priority(qtbot, dialog, store, ids):
    type_(qtbot, "一中")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.priority.currentData() == "important"  # R-TIME-9
    assert "R-TIME-9" in dialog.priority_hint.text()
    press(qtbot, Qt.Key.Key_F, ALT)  # back to Find
    assert focused() is dialog.search.edit
    type_(qtbot, "x")  # searching again drops the pick: no silent wrong customer
    assert dialog.search.picked is None


def test_up_and_down_move_in_the_results_while_typing(qtbot, dialog):
    type_(qtbot, "13907910")
    assert dialog.search.model.rowCount() == 3
    press(qtbot, Qt.Key.Key_Down, times=5)
    assert dialog.search.view.currentIndex().row() == 2 and focused() is dialog.search.edit
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.search.picked.name == "陈静"


def test_cancel_asks_before_losing_typed_text(qtbot, dialog, monkeypatch):
    answers = [False, True]
    monkeypatch.setattr(IntakeDialog, "confirm_discard", classmethod(lambda cls, parent: answers.pop(0)))
    dialog.description.setFocus()
    type_(qtbot, "没有信号")
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.description.toPlainText() == "没有信号"
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected and dialog.order_id is None


def test_ask_returns_none_when_cancelled(qtbot, store, ids, monkeypatch):
    monkeypatch.setattr(IntakeDialog, "exec", lambda self: self.reject() or 0)
    assert IntakeDialog.ask(store, branch_id=ids["nc"], actor_id=ids["dispatcher"]) is None


def test_html_notice_file(tmp_path):
    path = write_notice(str(tmp_path / "n.html"), "<html><body><ol><li>身份证</li></ol></body></html>")
    assert path.endswith("n.html") and "身份证" in (tmp_path / "n.html").read_text(encoding="utf-8")
    assert write_notice(str(tmp_path / "bare"), "<p>x</p>").endswith("bare.pdf")
    assert (tmp_path / "bare.pdf").read_bytes().startswith(b"%PDF")


def test_hit_model(qtmodeltester):
    model = CustomerHitModel()
    hits = [CustomerHit(1, "A1", "张三", "139", "八一大道1号", 1, "八一社区"),
            CustomerHit(2, "A2", "一中", "138", "八一大道2号", 1, "八一社区", True, "school", False)]
    model.set_hits(hits)
    qtmodeltester.check(model)
    assert model.index(1).data(HitRole) is hits[1] and "school" in model.index(1).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(1).data(Qt.ItemDataRole.FontRole).bold()
    model.set_hits([])
    qtmodeltester.check(model)
