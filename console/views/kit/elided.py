"""A one-line label that elides instead of wrapping."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy

PREFERRED_WIDTH = 420  # px: most of a notice shows; a line with more room shows all of it


class ElidedLabel(QLabel):
    """One line of text that ends in "…" when the width is short (the whole text in its tool
    tip), so a long message never makes its bar two lines high."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text
        self.setToolTip(text)
        self._elide()

    def sizeHint(self):  # noqa: N802 - a modest width: the line it sits on decides the rest
        hint = super().sizeHint()
        hint.setWidth(min(hint.width(), PREFERRED_WIDTH))
        return hint

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(self.width(), 40)))
