"""Sign in: work number and password, before anything else of the console (R-ACC: every
action carries the signed-in person).

`SignInDialog.ask(store, parent=None, work_number="")` returns the signed-in `Principal`, or
None when the user gives up (Quit). The check itself is the services' `Authenticator`
(console.services.access.auth): SQLite mode checks the argon2 hash in the staff table; a PostgreSQL
deployment can pass its own authenticator without this dialog changing. The check (about 100 ms
of argon2, and an audit row) runs off the GUI thread as a WriteOp; meanwhile the dialog says it
is checking, and its fields and buttons wait.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
)

from console.errors import SignInError, StoreError
from console.services.access import auth
from console.services.access.auth import Principal
from console.views.kit.ops import WriteOp
from console import i18n


class SignInDialog(QDialog):
    sig_refused = Signal(str)
    """A sign-in was refused: carries the message the dialog shows."""

    def __init__(self, store, *, work_number: str = "", authenticator: auth.Authenticator | None = None,
                 display_url: str | None = None, parent=None):
        """`store` None: nothing is open yet (PostgreSQL: the sign-in is the database login, so the
        `authenticator` opens the person's own connection; `display_url` names the server)."""
        super().__init__(parent)
        self.setObjectName("SignInDialog")
        self.setWindowTitle(self.tr("Sign in — branch console"))
        self.setModal(True)
        self._auth = authenticator or auth.authenticator(store)
        self.principal: Principal | None = None
        self.checking = False  # a check is on its way
        intro = QLabel(self.tr("Sign in with your work number and password.\nDatabase: {0}").format(
            display_url or store.display_url), self)
        intro.setWordWrap(True)
        self.work_number = QLineEdit(work_number, self)
        self.work_number.setObjectName("WorkNumber")
        self.work_number.setPlaceholderText(self.tr("e.g. NC0001"))
        self.password = QLineEdit(self)
        self.password.setObjectName("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setObjectName("SignInMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        self.spinner = QProgressBar(self)
        self.spinner.setObjectName("SignInBusy")
        self.spinner.setRange(0, 0)  # busy, no end known
        self.spinner.setTextVisible(False)
        self.spinner.setMaximumHeight(8)
        self.spinner.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Work number:"), self.work_number)
        form.addRow(self.tr("&Password:"), self.password)
        self.buttons = QDialogButtonBox(self)
        self.sign_in_btn = self.buttons.addButton(self.tr("&Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_btn.setDefault(True)  # Enter in either field signs in
        self.buttons.addButton(self.tr("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(self.spinner)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(380)
        (self.password if work_number else self.work_number).setFocus()

    def accept(self) -> None:
        """Check the work number and password off the GUI thread; the dialog closes when they are
        right and stays open with the reason when refused."""
        if self.checking:
            return
        a, work_number, password = self._auth, self.work_number.text(), self.password.text()
        self._busy(True)
        WriteOp(self, lambda: a.sign_in(work_number, password), self._signed_in).failure(self._not_signed_in).run()

    def reject(self) -> None:
        if not self.checking:  # a check on its way ends first
            super().reject()

    def _busy(self, on: bool) -> None:
        self.checking = on
        for w in (self.work_number, self.password, self.buttons):
            w.setEnabled(not on)
        self.spinner.setVisible(on)
        if on:
            self.message.setStyleSheet("")
            self.message.setText(self.tr("Checking the password…"))
            self.message.show()
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            self.message.setStyleSheet("color: #b00020;")
            QGuiApplication.restoreOverrideCursor()

    def _signed_in(self, principal: Principal) -> None:
        self._busy(False)
        self.message.hide()
        self.principal = principal
        super().accept()

    def _not_signed_in(self, exc: BaseException) -> None:
        self._busy(False)
        if isinstance(exc, SignInError):  # a wrong password is typed again, never kept
            self._refused(self.tr("Not signed in: {0}").format(i18n.render(exc)), forget_password=True)
        elif isinstance(exc, StoreError):  # not checked: what was typed stays for OK again
            self._refused(self.tr("The database could not check the sign-in: {0}").format(i18n.render(exc)))
        else:
            self._refused(self.tr("The sign-in could not be checked: {0}").format(i18n.render(exc)))

    def _refused(self, text: str, *, forget_password: bool = False) -> None:
        self.principal = None
        self.message.setText(text)
        self.message.show()
        if forget_password:
            self.password.clear()
        (self.password if self.work_number.text().strip() else self.work_number).setFocus()
        self.sig_refused.emit(text)

    @classmethod
    def ask(cls, store, parent=None, *, work_number: str = "", authenticator: auth.Authenticator | None = None,
            display_url: str | None = None) -> Principal | None:
        """The signed-in Principal, or None when the user quits (tests monkeypatch this)."""
        dlg = cls(store, work_number=work_number, authenticator=authenticator, display_url=display_url,
                  parent=parent)
        return dlg.principal if dlg.exec() == QDialog.DialogCode.Accepted else None
