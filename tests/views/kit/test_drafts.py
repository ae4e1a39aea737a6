"""kit.drafts: a prompt's text is kept while its write is not done, and offered again."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget

from console.errors import StoreError
from console.views.kit import drafts
from console.views.kit.ask import Ask
from console.views.kit.ops import WriteOp


def _prompt(monkeypatch, answers):
    """QInputDialog answering `answers` in turn; returns the defaults each prompt opened with."""
    opened = []

    def get_text(parent, title, label, echo, default):
        opened.append(default)
        return answers.pop(0), True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    return opened


def test_a_refused_write_keeps_the_text_for_the_next_prompt_and_a_saved_one_drops_it(qtbot, monkeypatch):
    w = QWidget()
    qtbot.addWidget(w)
    opened = _prompt(monkeypatch, ["客户要求改约明天上午", "客户要求改约明天上午（已确认）"])
    key = drafts.key("pause", 7)
    text = Ask.text(w, "Pause", "Reason:", draft=key)
    failed = []

    def refuse():
        raise StoreError("order 7 is already paused")

    WriteOp(w, refuse).keeps(key, text).failure(failed.append).run()
    qtbot.waitUntil(lambda: failed != [], timeout=5000)
    again = Ask.text(w, "Pause", "Reason:", draft=key)
    assert opened == ["", "客户要求改约明天上午"]  # reopened with what was typed
    saved = []
    WriteOp(w, lambda: 1, saved.append).keeps(key, again).run()
    qtbot.waitUntil(lambda: saved == [1], timeout=5000)
    assert not drafts.has(key) and drafts.recall(key, "x") == "x"  # saved: nothing is offered again


def test_a_draft_belongs_to_its_prompt(monkeypatch):
    drafts.keep(drafts.key("pause", 7), "午饭")
    opened = _prompt(monkeypatch, ["重新输入"])
    Ask.text(None, "Pause", "Reason:", draft=drafts.key("pause", 8))  # another order's prompt
    assert opened == [""]
    drafts.keep(drafts.key("pause", 7), "   ")  # an empty text keeps nothing
    assert not drafts.has(drafts.key("pause", 7))
