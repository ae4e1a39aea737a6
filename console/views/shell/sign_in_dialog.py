"""Sign in (issue 8 item 1): work number and password, before anything else of the console.

`SignInDialog.ask(store, parent=None, work_number="")` returns the signed-in `Principal`, or
None when the user gives up (Quit). The check itself is the services' `Authenticator`
(console.services.access.auth): SQLite mode checks the argon2 hash in the staff table; a PostgreSQL
deployment can pass its own authenticator without this dialog changing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from console.errors import SignInError, StoreError
from console.services.access import auth
from console.services.access.auth import Principal


class SignInDialog(QDialog):
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
        lay.addWidget(self.buttons)
        self.setMinimumWidth(380)
        (self.password if work_number else self.work_number).setFocus()

    def accept(self) -> None:
        """Check the work number and password; stay open with the reason when refused."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.principal = self._auth.sign_in(self.work_number.text(), self.password.text())
        except SignInError as exc:
            self._refused(self.tr("Not signed in: {0}").format(str(exc)))
            return
        except StoreError as exc:
            self._refused(self.tr("The database could not check the sign-in: {0}").format(str(exc)))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        super().accept()

    def _refused(self, text: str) -> None:
        self.principal = None
        self.message.setText(text)
        self.message.show()
        self.password.clear()
        (self.password if self.work_number.text().strip() else self.work_number).setFocus()

    @classmethod
    def ask(cls, store, parent=None, *, work_number: str = "", authenticator: auth.Authenticator | None = None,
            display_url: str | None = None) -> Principal | None:
        """The signed-in Principal, or None when the user quits (tests monkeypatch this)."""
        dlg = cls(store, work_number=work_number, authenticator=authenticator, display_url=display_url,
                  parent=parent)
        return dlg.principal if dlg.exec() == QDialog.DialogCode.Accepted else None
