"""What a person typed, kept until it is saved: nothing typed is lost on an error.

A prompt or a dialog that sends typed text to a write names it by a key (the action and the
record, e.g. ``drafts.key("pause", order_id)``). The write keeps the text under that key until it
succeeds (``WriteOp.keeps(key, text)``); a refusal, a stale version or an unreachable database
leaves it kept, and the next prompt with the same key opens with it filled in
(``Ask.text(…, draft=key)``). Saved, the text is dropped. In memory, for the console's run: a
closed console has nothing waiting to be written.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

_kept: dict[object, str] = {}  # by key: a string of key(…), or any hashable a view names a prompt by


def key(*parts: object) -> str:
    """The key of one prompt about one record: ``key("pause", 42)`` → ``"pause:42"``."""
    return ":".join(str(p) for p in parts)


def keep(name: object | None, text: str | None) -> None:
    """Keep `text` under `name` (an empty text keeps nothing and forgets an older one)."""
    if name is None:
        return
    if text and text.strip():
        _kept[name] = text
    else:
        _kept.pop(name, None)


def recall(name: object | None, default: str = "") -> str:
    """The text kept under `name`, or `default`."""
    return _kept.get(name, default) if name is not None else default


def drop(name: object | None) -> None:
    """Saved: forget the text kept under `name`."""
    if name is not None:
        _kept.pop(name, None)


def has(name: object | None) -> bool:
    return name is not None and name in _kept


def kept_line() -> str:
    """The sentence an error message ends with when the typed text was kept."""
    return QCoreApplication.translate("Drafts", "What you wrote is kept: it is filled in when you try again.")


def clear() -> None:
    """Forget everything (tests; signing out)."""
    _kept.clear()


__all__ = ["clear", "drop", "has", "keep", "kept_line", "key", "recall"]
