"""What a person types into an order action, checked where it enters: the one free-text check.

Every free text of an order or its callback — a pause, extension, reclassification, escalation
or reopening reason, a first-response note, a resolution, a callback comment, an intake
description — goes into an event payload that is stored for good, shown on the order pane and
exported. It is trimmed, at most MAX_FREE_TEXT characters (a long paragraph; a pasted file or log
is refused rather than stored) and without control characters (rules.text). A refusal is a
StoreError naming the field; nothing is written.
"""

from __future__ import annotations

from console.errors import StoreError
from console.rules.text import control_character

MAX_FREE_TEXT = 2000


def free_text(value: str | None, what: str, *, required: bool = False) -> str:
    """`value` trimmed; StoreError when it is required and empty, longer than MAX_FREE_TEXT or
    holds a control character. `what` names the field in the message ("the reason for the pause")."""
    text = (value or "").strip()
    if required and not text:
        raise StoreError(f"{what} is required")
    if len(text) > MAX_FREE_TEXT:
        raise StoreError(f"{what} is too long: {len(text):,} characters, at most {MAX_FREE_TEXT:,}; "
                         "shorten it (attach long documents elsewhere)")
    hidden = control_character(text)
    if hidden is not None:
        raise StoreError(f"{what} contains a control character ({hidden[1]}, character {hidden[0]}): remove it")
    return text
