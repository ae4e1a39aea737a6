"""The signed-in person of the main window: shown, switched, and what they may do.

A mixin of `MainWindow` (it uses the window's actions, pane and labels); kept apart so the window
file only assembles docks and actions. Texts use QCoreApplication.translate("MainWindow", …), the
context `self.tr` has at run time (lupdate files a mixin's `self.tr` under the mixin's name).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QDockWidget

from console.services.access import permissions
from console.services.access.auth import Principal
from console.views.supervision.training import role_text  # the roles' names, translated
from console.vocabulary import Role

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
        admin = self.may(A.CALENDAR) or self.may(A.POLICY) or self.may(A.STAFF)
        self.admin_menu.menuAction().setVisible(admin)
        self.act_calendar.setEnabled(self.may(A.CALENDAR))
        self.act_policy.setEnabled(self.may(A.POLICY))
        self.act_stand_in.setEnabled(self.may(A.STAFF))  # R-TIME-8: who stands in for the head
        self.act_map_settings.setEnabled(self.may(A.DISTRICTS))  # the base map under the districts

    def set_principal(self, principal: Principal | None) -> None:
        """Work for another signed-in person: their rights and branches from now on, starting at
        their role's home (`apply_home`)."""
        self.principal = principal
        self._show_principal()
        self.alerts.person_changed()  # a head signing in sees their exemptions (R-TIME-8) at once
        self.queue.set_person(principal.staff_id if principal else None)  # their own saved filters
        # the province map ("All branches") for those who see every branch
        self.map.set_province_allowed(principal is not None and (principal.branch_id is None
                                                                 or principal.role in permissions.EVERY_BRANCH))
        self.apply_home()
        self.reload_branches()

    def apply_home(self) -> None:
        """Each role starts at its own work, at every sign-in. Only docks are shown, raised and
        focused here: the window's geometry and the docks' places stay as the person left them
        (kit.settings keeps the window state).

        * dispatcher: the queue, with the map raised below it;
        * manager: the dashboard (views.shell.dashboard), raised and focused;
        * inspector: the inspections, with the assessment beside them;
        * maintainer: the queue showing the orders assigned to them (`QueuePanel.set_mine`; the
          queue's own toggle goes back to the branch queue);
        * admin: the Admin toolbar (calendar, policy, who stands in for the head) and the calendar's
          state in the banner.

        The dashboard is offered to those who decide extensions (R-TIME-10): managers and admins."""
        p = self.principal
        role = p.role.value if p else None
        offered = self.may(A.DECIDE_EXTENSION)
        self.dashboard_dock.toggleViewAction().setVisible(offered)
        if not offered:
            self.dashboard_dock.hide()
        admin = self.may(A.CALENDAR) or self.may(A.POLICY) or self.may(A.STAFF)
        self.admin_bar.setVisible(admin)
        self.admin_bar.toggleViewAction().setVisible(admin)
        self.dashboard.role_changed()
        self.queue.set_mine(p.staff_id if role == Role.MAINTAINER else None)  # "my orders", else the branch's
        if p is None:
            return
        focus, self._home_dock = self.queue.table, None
        if role == Role.MANAGER:
            self._raise_dock(self.dashboard_dock)
            focus = self.dashboard.table
        elif role == Role.INSPECTOR:
            docks = {d.objectName(): d for d in self.workspaces.docks}
            self._raise_dock(docks["AssessmentDock"])  # beside the inspections (their tabs are neighbours)
            self._raise_dock(docks["InspectionsDock"])
            focus = self.workspaces.inspections
        elif role == Role.ADMIN:
            self.banner.refresh(self.now())
            self.statusBar().showMessage(QCoreApplication.translate(
                "MainWindow", "Administrator: the working-day calendar and the time-limit policy are on the Admin "
                "toolbar and in the Admin menu."), 30_000)
        else:  # dispatcher, maintainer: the queue, the map below it
            self._raise_dock(self.map_dock)
        self._home_focus = focus
        focus.setFocus()
        QTimer.singleShot(0, self, self._focus_home)  # once the window is shown (a hidden widget takes no focus)

    def _focus_home(self) -> None:
        dock = getattr(self, "_home_dock", None)
        if dock is not None and shiboken6.isValid(dock) and not dock.isHidden() and dock.visibleRegion().isEmpty():
            # a dock closed in a restored layout and shown again does not come to the top of its tabs
            # by raise_() alone: it is tabbed again into its group (same place, same area), then raised
            group = [d for d in self.tabifiedDockWidgets(dock) if not d.isHidden()]
            if group and not dock.isFloating():
                self.tabifyDockWidget(group[0], dock)
            dock.raise_()
        focus = getattr(self, "_home_focus", None)
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.setFocus()

    def _raise_dock(self, dock: QDockWidget) -> None:
        """The dock in view and on top of its tabs, where the person placed it."""
        if dock.isHidden():  # closed by the last person: back among the docks it was tabbed with
            dock.show()
        dock.raise_()
        self._home_dock = dock

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

