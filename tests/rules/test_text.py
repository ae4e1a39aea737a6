"""console.rules.text: the control characters refused where text enters."""

from __future__ import annotations

import sys
import unicodedata

from console.rules.text import ALLOWED_CONTROLS, control_character


def test_control_character_is_unicode_category_cc_less_tab_and_line_breaks():
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        refused = unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROLS
        assert (control_character(f"ab{ch}") == (3, f"U+{code:04X}")) is refused, hex(code)


def test_the_first_one_is_named():
    assert control_character("户名\x1b[0m\x00") == (3, "U+001B")
    assert control_character("第一行\r\n第二行\t") is None
