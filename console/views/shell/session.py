"""The signed-in person of the main window: shown, switched, and what they may do.

A mixin of `MainWindow` (it uses the window's actions, pane and labels); kept apart so the window
file only assembles docks and actions. Texts use QCoreApplication.translate("MainWindow", …), the
context `self.tr` has at run time (lupdate files a mixin's `self.tr` under the mixin's name).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDockWidget

from console.services.access import permissions
from console.services.access.auth import Principal
from console.views.supervision.training import role_text  # the roles' names, translated

A = permissions.Action


class SessionMixin:
    def may(self, action: permissions.Action) -> bool:
        return self.principal is not None and permissions.allowed(self.principal.role, action)

    def _show_principal(self) -> None:
        """The signed-in person in the toolbar and status bar; what their role may do, shown."""
        p = self.principal
        text = (QCoreApplication.translate("MainWindow", "  Signed in: {0} · {1}  ").format(p.label, role_text(p.role.value)) if p
                else QCoreApplication.translate("MainWindow", "  Not signed in  "))
        self.user_label.setText(text)
        self.status_user.setText(p.label if p else "")
        self.pane.set_role(p.role.value if p else None)
        rights = [(self.act_intake, A.INTAKE), (self.act_import, A.IMPORT), (self.act_audit, A.AUDIT)]
        rights += [(act, A.EXPORT) for act in self.export_actions]
        for act, right in rights:
            act.setVisible(self.may(right))
            act.setEnabled(self.may(right))
        admin = self.may(A.CALENDAR) or self.may(A.POLICY)
        self.admin_menu.menuAction().setVisible(admin)
        self.act_calendar.setEnabled(self.may(A.CALENDAR))
        self.act_policy.setEnabled(self.may(A.POLICY))

    def set_principal(self, principal: Principal | None) -> None:
        """Work for another signed-in person: their rights and branches from now on."""
        self.principal = principal
        self._show_principal()
        self.reload_branches()

    sign_out_hook = None
    """PostgreSQL: signing in again is another database login, so the app replaces the window."""

    def sign_out(self) -> None:
        """Ctrl+Shift+L: nothing is reachable until someone signs in; Quit closes the console."""
        from console.views.shell.sign_in_dialog import SignInDialog

        if self.sign_out_hook is not None:
            self.sign_out_hook()
            return

        self.set_principal(None)
        self._hide_everything(True)  # no customer of the last person's stays behind the sign-in box
        principal = SignInDialog.ask(self.store, self)
        if principal is None:
            self.close()
            return
        self._hide_everything(False)
        self.set_principal(principal)

    def _hide_everything(self, hidden: bool) -> None:
        """Signed out: the order pane forgets its order, the queue its search, and the queue and
        every dock are hidden until someone signs in (who then sees their own branch's orders)."""
        if hidden:
            self.live.watch(None)
            self.pane.show_order(0)
            self.queue.search.clear()
        self.centralWidget().setHidden(hidden)
        for dock in self.findChildren(QDockWidget):
            if dock.widget() is not None:
                dock.widget().setHidden(hidden)

    def _branch_allowed(self, branch_id: int) -> bool:
        """Branch-bound staff see their own branch; provincial staff and inspectors every branch."""
        p = self.principal
        return p is not None and (p.branch_id is None or p.branch_id == branch_id
                                  or p.role in permissions.EVERY_BRANCH)

