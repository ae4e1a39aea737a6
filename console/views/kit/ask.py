"""Small questions the console asks; classmethods so tests can monkeypatch them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDateTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
)

from console.rules.periods import CST as CHINA
from console.views.kit import drafts


def _qdt(value: dt.datetime) -> QDateTime:
    local = value.astimezone(CHINA).replace(tzinfo=None)
    return QDateTime(local)


def _py(q: QDateTime) -> dt.datetime:
    return q.toPython().replace(tzinfo=CHINA)


class Ask:
    @classmethod
    def text(cls, parent, title: str, label: str, *, default: str = "", draft: object | None = None) -> str | None:
        """A required line of text (None when cancelled); empty answers are asked again. With a
        `draft` key (kit.drafts) it opens with the text kept from a write that failed."""
        default = drafts.recall(draft, default)
        while True:
            value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, default)
            if not ok:
                return None
            if value.strip():
                return value.strip()
            QMessageBox.warning(parent, title,
                                QCoreApplication.translate("Ask", "Please write the text: it is required."))

    @classmethod
    def note(cls, parent, title: str, label: str, *, default: str = "", draft: object | None = None) -> str | None:
        """An optional note of several lines ("" when left empty; None when cancelled); a
        `draft` key as for :meth:`text`."""
        default = drafts.recall(draft, default)
        value, ok = QInputDialog.getMultiLineText(parent, title, label, default)
        return value.strip() if ok else None

    @classmethod
    def item(cls, parent, title: str, label: str, items: list[str]) -> str | None:
        value, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
        return value if ok else None

    @classmethod
    def when(cls, parent, title: str, label: str, default: dt.datetime) -> dt.datetime | None:
        """An instant, entered in China time."""
        got = cls.window(parent, title, label, default, None)
        return got[0] if got else None

    @classmethod
    def window(cls, parent, title: str, label: str, start: dt.datetime,
               end: dt.datetime | None) -> tuple[dt.datetime, dt.datetime | None] | None:
        dlg = QDialog(parent)
        dlg.setWindowTitle(title)
        form = QFormLayout(dlg)
        a = QDateTimeEdit(_qdt(start), dlg)
        a.setCalendarPopup(True)
        a.setDisplayFormat("yyyy-MM-dd HH:mm")
        form.addRow(label, a)
        b = None
        if end is not None:
            b = QDateTimeEdit(_qdt(end), dlg)
            b.setCalendarPopup(True)
            b.setDisplayFormat("yyyy-MM-dd HH:mm")
            form.addRow(QCoreApplication.translate("Ask", "Until:"), b)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dlg)
        buttons.accepted.connect(dlg.accept)
        buttons.rejected.connect(dlg.reject)
        form.addRow(buttons)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return _py(a.dateTime()), (_py(b.dateTime()) if b else None)

    @classmethod
    def confirm(cls, parent, title: str, text: str) -> bool:
        return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes

    @classmethod
    def tell(cls, parent, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)


__all__ = ["Ask"]
