"""The red banner above the queue while the database cannot be reached (kit.connection).

It says since when and why, when the next try is ("Retry now" tries at once), and which actions
are waiting to be saved ("Discard" gives them up: each is reported as not done). When the
database answers again it turns green for a while and says what happened to the waiting actions.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
)

from console.views.kit.connection import ConnectionWatch
from console.views.kit.labels import china_time

DOWN = """
#dbBanner { background: #fde2e1; border: 1px solid #d9534f; border-radius: 4px; }
#dbBanner QLabel { color: #6b1210; background: transparent; }
"""
UP = """
#dbBanner { background: #dff3e0; border: 1px solid #4cae4c; border-radius: 4px; }
#dbBanner QLabel { color: #1d4d1e; background: transparent; }
"""
SHOW_RECOVERY_MS = 15_000


class DatabaseBanner(QFrame):
    def __init__(self, watch: ConnectionWatch, parent=None):
        super().__init__(parent)
        self.watch = watch
        self.setObjectName("dbBanner")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.icon = QLabel(self)
        self.text = QLabel(self)
        self.text.setObjectName("dbBannerText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.retry = QPushButton(self.tr("&Retry now"), self)
        self.retry.setObjectName("dbRetry")
        self.retry.clicked.connect(watch.retry_now)
        self.discard = QPushButton(self.tr("&Discard waiting"), self)
        self.discard.setObjectName("dbDiscard")
        self.discard.setToolTip(self.tr("Give up the actions waiting for the database: they are not saved"))
        self.discard.clicked.connect(self._discard)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.addWidget(self.icon)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.retry)
        lay.addWidget(self.discard)
        self._outcomes: list[tuple[bool, str]] = []
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.timeout.connect(self._maybe_hide)
        watch.sig_changed.connect(self.render)
        watch.sig_outcome.connect(self._outcome)
        watch.sig_lost.connect(lambda _r: self._outcomes.clear())
        self.hide()

    def _discard(self) -> None:
        from console.views.kit.ask import Ask

        n = len(self.watch.waiting)
        if n and Ask.confirm(self, self.tr("Discard waiting actions"),
                             self.tr("Give up {0} action(s) that could not be saved? They will not be done.").format(n)):
            self.watch.discard_waiting()

    def _outcome(self, _label: str, saved: bool, message: str) -> None:
        self._outcomes.append((saved, message))
        self.render()

    def render(self) -> None:
        w = self.watch
        if w.down or w.waiting:
            self._hide_timer.stop()
            self.setStyleSheet(DOWN)
            self.icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(20, 20))
            lines = [self.tr("The database cannot be reached (since {0}): {1}").format(
                china_time(w.since) if w.since else "", w.reason)]
            wait = w.seconds_to_next_try()
            if w.probing:
                lines.append(self.tr("Trying to reconnect…"))
            elif wait is not None:
                lines.append(self.tr("Next try in {0} s (try {1}). You can keep working with what is on screen; "
                                     "nothing is shown as saved until it is.").format(wait, w.attempts + 1))
            if w.waiting:
                lines.append(self.tr("Waiting to be saved ({0}): {1}").format(
                    len(w.waiting), "; ".join(x.label for x in w.waiting)))
            self.text.setText("\n".join(lines))
            self.retry.setVisible(True)
            self.retry.setEnabled(not w.probing)
            self.discard.setVisible(bool(w.waiting))
            self.show()
            return
        if self.isVisible():  # back: say so for a while, with what happened to the waiting actions
            self.setStyleSheet(UP)
            self.icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton).pixmap(20, 20))
            lines = [self.tr("The database answers again; the console has reloaded.")]
            lines += [m for _ok, m in self._outcomes]
            self.text.setText("\n".join(lines))
            self.retry.hide()
            self.discard.hide()
            self._hide_timer.start(SHOW_RECOVERY_MS)

    def _maybe_hide(self) -> None:
        if not (self.watch.down or self.watch.waiting):
            self._outcomes.clear()
            self.hide()
