"""What a typed or imported text may contain (plain values in, plain values out).

Line breaks and tabs are ordinary in a note or an Excel cell. Every other control character —
NUL from a UTF-16 file read as bytes, terminal escape codes pasted from a log — cannot be stored
on PostgreSQL (text and JSON refuse NUL), prints as nothing, and is refused where text enters.
"""

from __future__ import annotations

import unicodedata

ALLOWED_CONTROLS = frozenset("\t\n\r")


def control_character(value: str) -> tuple[int, str] | None:
    """The first control character of `value` that is neither a tab nor a line break, as
    (1-based position, "U+0000"); None when there is none."""
    for i, ch in enumerate(value, start=1):
        if ch not in ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc":
            return i, f"U+{ord(ch):04X}"
    return None
