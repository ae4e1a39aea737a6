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
from console.i18n import T
from console.rules.text import control_character

MAX_FREE_TEXT = 2000


def free_text(value: str | None, what: str, *, required: bool = False) -> str:
    """`value` trimmed; StoreError when it is required and empty, longer than MAX_FREE_TEXT or
    holds a control character. `what` names the field in the message (a T(), "the reason for the pause")."""
    text = (value or "").strip()
    if required and not text:
        raise StoreError(T("{what} is required", what=what))
    if len(text) > MAX_FREE_TEXT:
        raise StoreError(T("{what} is too long: {length:,} characters, at most {limit:,}; shorten it (attach long "
                           "documents elsewhere)", what=what, length=len(text), limit=MAX_FREE_TEXT))
    hidden = control_character(text)
    if hidden is not None:
        raise StoreError(T("{what} contains a control character ({code}, character {position}): remove it", what=what,
                           code=hidden[1], position=hidden[0]))
    return text
