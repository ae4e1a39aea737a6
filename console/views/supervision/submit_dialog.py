"""SubmitDialog: a form whose OK saves off the GUI thread and which closes only once it is saved.

The view gives ``prepare(*values)``: called on the GUI thread when OK is pressed, with what
``values()`` read from the inputs, it returns the write to run (capturing who and when as they
are at OK). The write runs as a ``WriteOp`` owned by the dialog; meanwhile the inputs, OK and
Cancel are disabled, so it is not sent twice. Then:

* saved: ``result_value`` is what the write returned, ``sig_saved`` carries it, the dialog accepts;
* refused: the service's words in the dialog (``error``), everything as typed, OK again;
* the database out of reach: the banner says so (``kit.connection.notice``) and so does the
  dialog, which keeps what was typed for OK once the database is back.

``values()`` may raise ValueError for an input that is no value at all (a score that is no
number): shown the same way, nothing is sent.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget

from console.views.kit.connection import notice
from console.views.kit.ops import WriteOp
from console import i18n


class SubmitDialog(QDialog):
    sig_saved = Signal(object)
    """The write is saved (the dialog accepts next): carries what it returned."""

    def __init__(self, prepare: Callable[..., Callable[[], object]], parent=None):
        super().__init__(parent)
        self._prepare = prepare
        self.result_value = None
        self.saving = False
        self.error = QLabel(self)
        self.error.setObjectName("DialogError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-weight: bold;")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def values(self) -> tuple:  # pragma: no cover - every form defines its own
        raise NotImplementedError

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def accept(self) -> None:
        """OK: read the inputs and start the write; the dialog closes once it is saved."""
        if self.saving:
            return
        try:
            work = self._prepare(*self.values())
        except ValueError as exc:  # an input that is no value: nothing is sent
            self.show_error(i18n.render(exc))
            return
        self._set_saving(True)
        WriteOp(self, work, self._saved).failure(self._not_saved).run()

    def reject(self) -> None:
        if not self.saving:  # a write in flight finishes first: its outcome is shown here
            super().reject()

    def _saved(self, out) -> None:
        self._set_saving(False)
        self.result_value = out
        self.error.hide()
        self.sig_saved.emit(out)
        super().accept()

    def _not_saved(self, exc: BaseException) -> None:
        self._set_saving(False)
        if notice(exc):
            self.show_error(self.tr("Not saved: {0}. What you typed is kept: press OK again once the database "
                                    "is back.").format(i18n.render(exc)))
        else:
            self.show_error(i18n.render(exc))

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        for child in self.children():
            if isinstance(child, QWidget) and child is not self.error:
                child.setEnabled(not saving)
