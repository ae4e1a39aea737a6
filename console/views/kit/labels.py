"""Display texts for stored vocabularies, translated at use time (zh_CN comes later)."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from console.rules.periods import CST as CHINA

_KIND = {
    "general_fault": QT_TRANSLATE_NOOP("Labels", "General fault"),
    "major_fault": QT_TRANSLATE_NOOP("Labels", "Major fault"),
    "installation": QT_TRANSLATE_NOOP("Labels", "Installation"),
    "restoration": QT_TRANSLATE_NOOP("Labels", "Restoration"),
    "complaint": QT_TRANSLATE_NOOP("Labels", "Complaint"),
    "inquiry": QT_TRANSLATE_NOOP("Labels", "Inquiry"),
    "business": QT_TRANSLATE_NOOP("Labels", "Business"),
}
_STATUS = {
    "waiting_materials": QT_TRANSLATE_NOOP("Labels", "Waiting for materials"),
    "open": QT_TRANSLATE_NOOP("Labels", "Open"),
    "assigned": QT_TRANSLATE_NOOP("Labels", "Assigned"),
    "paused": QT_TRANSLATE_NOOP("Labels", "Paused"),
    "completed": QT_TRANSLATE_NOOP("Labels", "Completed"),
}
_CHANNEL = {
    "hotline": QT_TRANSLATE_NOOP("Labels", "Hotline"),
    "counter": QT_TRANSLATE_NOOP("Labels", "Counter"),
    "visit": QT_TRANSLATE_NOOP("Labels", "Visit"),
    "online": QT_TRANSLATE_NOOP("Labels", "Online"),
}
_PRIORITY = {
    "normal": QT_TRANSLATE_NOOP("Labels", "Normal"),
    "important": QT_TRANSLATE_NOOP("Labels", "Important customer"),
    "major_complaint": QT_TRANSLATE_NOOP("Labels", "Major complaint"),
    "emergency": QT_TRANSLATE_NOOP("Labels", "Emergency"),
}


def _t(table: dict[str, str], key: str) -> str:
    src = table.get(key)
    return QCoreApplication.translate("Labels", src) if src else key


def kind_label(kind: str) -> str:
    return _t(_KIND, kind)


def status_label(status: str) -> str:
    return _t(_STATUS, status)


def channel_label(channel: str) -> str:
    return _t(_CHANNEL, channel)


def priority_label(priority: str) -> str:
    return _t(_PRIORITY, priority)


def china_time(value: dt.datetime | None) -> str:
    """An instant as China Standard Time, the way the control room reads clocks."""
    if value is None:
        return ""
    return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")

_EVENT = {
    "received": QT_TRANSLATE_NOOP("Labels", "Received"),
    "materials_missing": QT_TRANSLATE_NOOP("Labels", "Materials missing"),
    "materials_complete": QT_TRANSLATE_NOOP("Labels", "Materials complete"),
    "assigned": QT_TRANSLATE_NOOP("Labels", "Assigned"),
    "visit_booked": QT_TRANSLATE_NOOP("Labels", "Visit booked"),
    "arrived": QT_TRANSLATE_NOOP("Labels", "Arrived"),
    "first_response": QT_TRANSLATE_NOOP("Labels", "First response"),
    "paused": QT_TRANSLATE_NOOP("Labels", "Paused"),
    "resumed": QT_TRANSLATE_NOOP("Labels", "Resumed"),
    "customer_unreachable": QT_TRANSLATE_NOOP("Labels", "Customer unreachable"),
    "head_notified": QT_TRANSLATE_NOOP("Labels", "Business head notified"),
    "extension_requested": QT_TRANSLATE_NOOP("Labels", "Extension requested"),
    "extension_approved": QT_TRANSLATE_NOOP("Labels", "Extension approved"),
    "extension_rejected": QT_TRANSLATE_NOOP("Labels", "Extension rejected"),
    "reclassified": QT_TRANSLATE_NOOP("Labels", "Reclassified"),
    "escalated": QT_TRANSLATE_NOOP("Labels", "Escalated"),
    "escalation_acknowledged": QT_TRANSLATE_NOOP("Labels", "Escalation acknowledged"),
    "completed": QT_TRANSLATE_NOOP("Labels", "Completed"),
    "reopened": QT_TRANSLATE_NOOP("Labels", "Reopened"),
    "callback_attempt": QT_TRANSLATE_NOOP("Labels", "Callback attempt"),
    "callback_done": QT_TRANSLATE_NOOP("Labels", "Callback done"),
    "note": QT_TRANSLATE_NOOP("Labels", "Note"),
}
_CLOCK = {
    "resolve": QT_TRANSLATE_NOOP("Labels", "Resolve"),
    "first_response": QT_TRANSLATE_NOOP("Labels", "First response (4 h)"),
    "callback": QT_TRANSLATE_NOOP("Labels", "Callback (72 h)"),
}
_CLOCK_STATE = {
    "waiting_materials": QT_TRANSLATE_NOOP("Labels", "waiting for materials"),
    "running": QT_TRANSLATE_NOOP("Labels", "running"),
    "paused": QT_TRANSLATE_NOOP("Labels", "paused"),
    "met": QT_TRANSLATE_NOOP("Labels", "met"),
    "met_by_exemption": QT_TRANSLATE_NOOP("Labels", "met by exemption (R-TIME-8)"),
    "breached": QT_TRANSLATE_NOOP("Labels", "breached"),
}


def event_label(kind: str) -> str:
    return _t(_EVENT, kind)


def clock_label(name: str) -> str:
    return _t(_CLOCK, name)


def clock_state_label(state: str) -> str:
    return _t(_CLOCK_STATE, state)


_MNEMONIC = re.compile(r"\s*\(&[^)]\)|&(?=[^&])")


def plain(text: str) -> str:
    """An action's text without its keyboard mnemonic — "&Assign…" → "Assign…", and the Chinese
    form "派单(&A)…" → "派单…" (not "派单(A)…")."""
    return _MNEMONIC.sub("", text).replace("&&", "&")


def countdown_label(remaining: dt.timedelta) -> str:
    """A countdown in the user's language: "2h 14m" / "2小时14分", "2d 03h" / "2天03小时"
    (minutes while under a day, rules.urgency.countdown_parts), "12m 07s" / "12分07秒" in the
    last hour (rules.urgency.last_hour)."""
    from console.rules.urgency import countdown_parts, last_hour

    if (ms := last_hour(remaining)) is not None:
        return QCoreApplication.translate("Labels", "{0}m {1}s").format(ms[0], f"{ms[1]:02d}")
    sign, days, hours, minutes = countdown_parts(remaining)
    if days:
        return sign + QCoreApplication.translate("Labels", "{0}d {1}h").format(days, f"{hours:02d}")
    return sign + QCoreApplication.translate("Labels", "{0}h {1}m").format(hours, f"{minutes:02d}")


# an escalation's ladder level and whom it calls (rules.escalation): the alerts' words, shared by
# the alerts list and the order's timeline
_LEVELS = {
    "assignee": QT_TRANSLATE_NOOP("AlertsModel", "1 · Assignee"),
    "dispatcher": QT_TRANSLATE_NOOP("AlertsModel", "2 · Dispatcher"),
    "leader": QT_TRANSLATE_NOOP("AlertsModel", "3 · Branch leader"),
    "province": QT_TRANSLATE_NOOP("AlertsModel", "4 · Province"),
    "manual": QT_TRANSLATE_NOOP("AlertsModel", "Manual (R-FIRST-4)"),
}
_TARGETS = {
    "assignee": QT_TRANSLATE_NOOP("AlertsModel", "Assignee"),
    "dispatcher_on_duty": QT_TRANSLATE_NOOP("AlertsModel", "Dispatcher on duty"),
    "branch_leader": QT_TRANSLATE_NOOP("AlertsModel", "Branch leader"),
    "provincial_supervision": QT_TRANSLATE_NOOP("AlertsModel", "Provincial supervision"),
}


def escalation_word(rank: int) -> str:
    """The word of the ladder's rung `rank` (1-based, rules.escalation.DEFAULT_LADDER); 0: an
    order escalated by hand only (R-FIRST-4)."""
    from console.rules.escalation import DEFAULT_LADDER

    if 1 <= rank <= len(DEFAULT_LADDER):
        return level_label(DEFAULT_LADDER[rank - 1].name)
    return level_label("manual")


def level_label(level: str) -> str:
    return QCoreApplication.translate("AlertsModel", _LEVELS[level]) if level in _LEVELS else level


def target_label(target: str) -> str:
    return QCoreApplication.translate("AlertsModel", _TARGETS[target]) if target in _TARGETS else target

