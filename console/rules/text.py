"""What a typed or imported text may contain (plain values in, plain values out).

Line breaks and tabs are ordinary in a note or an Excel cell. Every other control character —
NUL from a UTF-16 file read as bytes, terminal escape codes pasted from a log — cannot be stored
on PostgreSQL (text and JSON refuse NUL), prints as nothing, and is refused where text enters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from console.i18n import T, Text

ALLOWED_CONTROLS = frozenset("\t\n\r")


# Unicode's control characters (category Cc) are exactly U+0000-U+001F and U+007F-U+009F
# (tests/rules/test_text.py holds this to unicodedata); tab and line breaks are allowed.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character(value: str) -> tuple[int, str] | None:
    """The first control character of `value` that is neither a tab nor a line break, as
    (1-based position, "U+0000"); None when there is none. One regular-expression search: an
    import checks every cell of 600,000 rows with it."""
    m = _CONTROLS.search(value)
    return None if m is None else (m.start() + 1, f"U+{ord(m.group()):04X}")


# ---- texts made of pieces (console.i18n) ---------------------------------------------------------
def marked(text: str, context: str | None = None) -> Text | str:
    """A literal marked N_() where it is defined (a checklist item, a metric's title), as a Text
    that a view renders in the user's language later; "" stays "". Data that is not in the
    catalogue renders as it is."""
    return Text.__new__(Text, text, context) if text else text


def listing(items: Iterable, sep: str = "; ") -> Text | str:
    """`items` as one text, each rendered in the user's language: "a; b; c" (or "a, b, c" with
    sep ", ") in English, the catalogue's separators (；、) in Chinese. A Text item renders
    translated, data stays as it is; one item is itself, none is ""."""
    parts = list(items)
    if not parts:
        return ""
    out = parts[-1]
    for item in reversed(parts[:-1]):
        if sep == ", ":
            out = T("{first}, {rest}", first=item, rest=out)
        elif sep == "; ":
            out = T("{first}; {rest}", first=item, rest=out)
        else:
            raise TypeError(f"listing() joins with '; ' or ', ', not {sep!r}")
    return out
