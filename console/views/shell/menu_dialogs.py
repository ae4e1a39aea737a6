"""What the main window's menus open: intake, import, export, the calendar, the policy, who
stands in for the branch head (R-TIME-8), the map settings, the audit check, About. A mixin of `MainWindow` (it
uses the window's store, branch, signed-in person and clock); each dialog is imported when first
opened, not when the console starts. Texts use QCoreApplication.translate("MainWindow", …), the
context `self.tr` has at run time."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from console.services.access import permissions
from console.views.kit.ask import Ask

A = permissions.Action


class MenuDialogsMixin:
    def new_request(self) -> None:
        """Ctrl+N: intake; the new order appears in the queue, selected."""
        from console.views.orders.intake_dialog import IntakeDialog

        if self._branch_id is None or not self.may(A.INTAKE):
            return
        order_id = IntakeDialog.ask(self.store, branch_id=self._branch_id, actor_id=self.user_id,
                                    parent=self, now_fn=self.now)
        if order_id:
            self.order_changed(order_id)  # its save announced it; this selects it once its row is in

    def import_data(self) -> None:
        """File ▸ Import: every row is checked first; a bad file imports nothing."""
        from console.views.exchange.import_dialog import ImportDialog

        if self._branch_id is None or not self.may(A.IMPORT):
            return
        if ImportDialog.ask(self.store, branch_id=self._branch_id, actor_id=self.user_id, parent=self,
                            person=self.principal.name if self.principal else ""):
            self.reload_branches()

    def export_workbook(self, kind: str) -> None:
        """Excel for leadership (R-INSP findings, R-ZONE-3 assessment, R-TIME report), with progress
        and cancel."""
        from console.views.exchange.export_dialog import ExportDialog

        dlg = ExportDialog(self.store, kind=kind, branch_id=self._branch_id, now_fn=self.now,
                           user_id_fn=lambda: self.user_id, parent=self)  # the role must allow EXPORT
        dlg.show()

    def open_calendar(self, year: int | None = None) -> None:
        """The working-day calendar (R-TIME-3..6 count working days); edits recompute open orders'
        deadlines."""
        from console.views.admin.calendar_dialog import CalendarDialog

        if not self.may(A.CALENDAR):
            Ask.tell(self, QCoreApplication.translate("MainWindow", "Working-day calendar"),
                     QCoreApplication.translate("MainWindow", "Only an administrator edits the working-day calendar: "
                                                "please tell one."))
            return
        dlg = CalendarDialog(self.store, actor_id=self.user_id, year=year, clock=self.now, parent=self)
        dlg.sig_changed.connect(self._rules_changed)
        dlg.exec()

    def open_audit(self) -> None:
        """Reports ▸ Verify the audit chain: intact, or the first broken row (R-ACC, R-INSP)."""
        from console.views.admin.audit_dialog import AuditDialog

        self._audit_dialog = AuditDialog.open_for(self.store, self.principal, self)

    def open_policy(self) -> None:
        """The time-limit table (R-TIME-1..7): a save is a new version from a chosen instant."""
        from console.views.admin.policy_dialog import PolicyDialog

        if not self.may(A.POLICY):
            return
        dlg = PolicyDialog(self.store, actor_id=self.user_id, clock=self.now, parent=self)
        dlg.sig_saved.connect(lambda _v: self._rules_changed())
        dlg.exec()

    def open_stand_in(self) -> None:
        """Admin ▸ Who stands in for the head: the person an exemption (R-TIME-8) is reported to
        while a branch has no active manager; the dialog warns of a branch with neither."""
        from console.views.admin.stand_in_dialog import StandInDialog

        if not self.may(A.STAFF):
            Ask.tell(self, QCoreApplication.translate("MainWindow", "Who stands in for the branch head"),
                     QCoreApplication.translate("MainWindow", "Only an administrator names who stands in for the "
                                                "branch head (R-TIME-8): please tell one."))
            return
        dlg = StandInDialog(self.store, actor_id=self.user_id, branch_id=self._branch_id, clock=self.now, parent=self)
        dlg.sig_saved.connect(lambda _b: self.dashboard.refresh())
        dlg.exec()

    def open_map_settings(self) -> None:
        """Admin ▸ Map settings: the base map under the district map (an offline file, its datum, the
        intranet tiles), on this computer; saved, the map draws its page again on it."""
        from console.views.map.settings_dialog import MapSettingsDialog

        if not self.may(A.DISTRICTS):
            Ask.tell(self, QCoreApplication.translate("MainWindow", "Map settings"),
                     QCoreApplication.translate("MainWindow", "Only an administrator chooses the base map: please "
                                                "tell one."))
            return
        dlg = MapSettingsDialog(self.settings, store=self.store, parent=self)
        dlg.sig_saved.connect(self.map.basemap_changed)
        dlg.exec()

    def _rules_changed(self) -> None:
        self.banner.refresh(self.now())
        self.reload_orders()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            QCoreApplication.translate("MainWindow", "About"),
            QCoreApplication.translate("MainWindow", "Branch supervision & dispatch console\nDatabase: {0}").format(
                self.store.display_url),
        )
