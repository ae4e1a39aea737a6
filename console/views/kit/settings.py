"""Settings declared once (key, default, type, title); widgets never call QSettings directly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    type: type
    title: str


WINDOW_GEOMETRY = Setting("window/geometry", QByteArray(), QByteArray, "Main window geometry")
WINDOW_STATE = Setting("window/state", QByteArray(), QByteArray, "Dock and toolbar layout")
LAST_BRANCH = Setting("session/branch_id", 0, int, "Branch shown at start")
ALERT_SOUND = Setting("alerts/sound", 0, int, "Ring for a new urgent escalation (1) or not (0)")


class Settings:
    """Typed access to the declared settings. `path` (an INI file) is for tests."""

    def __init__(self, path: str | None = None):
        if path:
            self._q = QSettings(path, QSettings.Format.IniFormat)
        else:
            self._q = QSettings("branch-console", "branch-console")

    def get(self, setting: Setting) -> Any:
        value = self._q.value(setting.key, setting.default)
        if value is None:
            return setting.default
        try:
            return setting.type(value)
        except (TypeError, ValueError):
            return setting.default

    def set(self, setting: Setting, value: Any) -> None:
        self._q.setValue(setting.key, value)

    def sync(self) -> None:
        self._q.sync()
QUEUE_FILTER = Setting("queue/filter", "", str, "Queue filter (JSON)")
QUEUE_COLUMNS = Setting("queue/header", QByteArray(), QByteArray, "Queue column widths and order")
LAST_USER = Setting("session/user_id", 0, int, "Staff member on duty at this console")
