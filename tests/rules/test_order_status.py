"""Workflow status from events agrees with the SLA clocks (R-TIME-0, R-FIRST-2)."""

from console.rules.order_status import derive_status


def test_missing_materials_wait_until_complete():
    ev = [("received", {"missing": ["ID card"]}), ("materials_missing", {"missing": ["ID card"]})]
    assert derive_status(ev) == "waiting_materials"
    assert derive_status(ev + [("materials_complete", {})]) == "open"


def test_a_late_materials_request_does_not_stop_a_started_order():
    ev = [("received", {"missing": []}), ("assigned", {"assignee_id": 5}), ("materials_missing", {"missing": ["x"]})]
    assert derive_status(ev) == "assigned"


def test_pause_complete_reopen():
    ev = [("received", {}), ("paused", {"reason": "appointment"})]
    assert derive_status(ev) == "paused"
    assert derive_status(ev + [("resumed", {})]) == "open"
    assert derive_status(ev + [("resumed", {}), ("completed", {})]) == "completed"
    assert derive_status(ev + [("resumed", {}), ("completed", {}), ("reopened", {})]) == "open"
