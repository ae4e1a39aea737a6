"""Nothing typed is lost on any error, in any dialog of the console: every dialog class of
console.views is listed here with the test that makes its write fail and finds what was typed
still there — or with why nothing is typed in it. A new dialog without either fails this test.

The one-line prompts (Ask.text / Ask.note) keep their text through console.views.kit.drafts:
tests/views/kit/test_drafts.py drives that for every prompt the same way.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from PySide6.QtWidgets import QDialog

import console.views

# dialog (module:class) -> the test (path::name) that fails its write and finds the typing kept
KEEPS = {
    "console.views.orders.intake_dialog:IntakeDialog":
        "tests/views/orders/test_intake_dialog.py::test_service_errors_are_shown_and_the_input_stays",
    "console.views.orders.assign_dialog:AssignDialog":
        "tests/views/orders/test_dispatch_flow.py::test_assign_dialog_reloads_on_conflict",
    "console.views.admin.policy_dialog:PolicyDialog":
        "tests/views/admin/test_policy_dialog.py::test_a_save_refused_for_another_admins_version_keeps_the_edit_over_it",
    "console.views.shell.sign_in_dialog:SignInDialog":
        "tests/views/shell/test_sign_in.py::test_a_database_that_cannot_check_the_sign_in_keeps_what_was_typed",
    "console.views.notices.advance:NoticeEditor":
        "tests/views/notices/test_notices_view.py::test_a_refused_draft_reopens_the_editor_as_typed_with_the_reason",
    "console.views.exchange.export_dialog:ExportDialog":
        "tests/views/exchange/test_export_dialog.py::test_a_mistyped_path_fails_with_the_reason_and_keeps_every_choice",
    "console.views.exchange.import_dialog:ImportDialog":
        "tests/views/exchange/test_import_dialog.py::test_a_bad_file_shows_its_report_and_keeps_the_file",
    "console.views.callbacks.result_dialog:CallbackResultDialog":
        "tests/views/callbacks/test_callbacks_view.py::test_a_result_whose_save_fails_is_kept_and_the_dialog_reopens_filled_in",
    "console.views.revisits.plans:PlanEditor":
        "tests/views/revisits/test_revisits_view.py::test_a_refused_plan_opens_again_as_it_was_entered",
    "console.views.admin.calendar_dialog:CalendarDialog":
        "tests/views/admin/test_calendar_provisional.py::test_a_refused_day_name_is_offered_again_with_the_reason",
    "console.views.admin.calendar_notice_dialog:YearNoticeDialog":
        "tests/views/admin/test_calendar_provisional.py::"
        "test_a_refused_notice_is_offered_again_with_the_reason_even_in_a_new_dialog",
    "console.views.supervision.inspection_dialog:InspectionDialog":
        "tests/views/supervision/test_inspections_view.py::test_a_refused_inspection_keeps_the_dialog_open_with_its_findings",
    "console.views.supervision.inspection_dialog:DisclosureDialog":
        "tests/views/supervision/test_inspections_view.py::test_a_refused_disclosure_check_keeps_the_dialog_as_ticked",
    "console.views.supervision.decision_dialog:DecisionDialog":
        "tests/views/supervision/test_accountability_view.py::test_a_refused_decision_keeps_the_outcome_and_reasons_typed",
    "console.views.supervision.training:SessionDialog":
        "tests/views/supervision/test_training_view.py::test_ok_saves_once_and_a_database_away_keeps_the_dialog_as_typed",
    "console.views.supervision.training:AttendanceDialog":
        "tests/views/supervision/test_training_view.py::test_a_bad_score_is_refused_and_the_dialog_keeps_what_was_typed",
    "console.views.admin.stand_in_dialog:StandInDialog":
        "tests/views/admin/test_stand_in_dialog.py::test_a_refused_save_keeps_the_choice_and_says_why",
    "console.views.map.settings_dialog:MapSettingsDialog":
        "tests/views/map/test_settings_dialog.py::"
        "test_a_file_that_is_not_a_base_map_is_refused_with_its_reason_and_nothing_is_saved",
    "console.views.assessment.servants:ChangeServantDialog":
        "tests/views/assessment/test_year_and_servants.py::test_a_refused_change_keeps_the_form_filled_and_says_why",
}

# dialogs in which nothing is typed: what they are instead
NOTHING_TYPED = {
    "console.views.admin.audit_dialog:AuditDialog": "checks the audit chain and saves its head: a report, no form",
    "console.views.assessment.drill:DrillDialog": "lists the orders behind an assessment cell: read only",
    "console.views.assessment.servants:ServantChangesDialog":
        "lists the published changes of who serves; a change opens ChangeServantDialog (listed above)",
    "console.views.supervision.submit_dialog:SubmitDialog": "the base of the supervision dialogs above (each listed)",
}


def _dialogs() -> set[str]:
    found = set()
    for info in pkgutil.walk_packages(console.views.__path__, "console.views."):
        module = importlib.import_module(info.name)
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, QDialog) and obj.__module__ == info.name:
                found.add(f"{info.name}:{name}")
    return found


def test_every_dialog_has_a_test_that_its_typing_survives_a_failed_write():
    dialogs = _dialogs()
    missing = sorted(dialogs - set(KEEPS) - set(NOTHING_TYPED))
    assert not missing, f"dialogs without a test that a failed write keeps what was typed: {missing}"
    gone = sorted((set(KEEPS) | set(NOTHING_TYPED)) - dialogs)
    assert not gone, f"listed here but no longer dialogs of console.views: {gone}"


@pytest.mark.parametrize("dialog", sorted(KEEPS))
def test_the_named_test_exists(dialog):
    path, name = KEEPS[dialog].split("::")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    assert callable(getattr(module, name, None)), f"{KEEPS[dialog]} (for {dialog}) does not exist"
