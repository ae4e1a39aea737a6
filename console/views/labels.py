"""Display texts for stored vocabularies, translated at use time (zh_CN comes later)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")

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
