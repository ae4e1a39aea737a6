"""Every user-visible string in the Qt layer goes through tr()/translate (zh_CN must need no
code change): no bare string literal is handed to a text-setting Qt call."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT_CALLS = {
    "setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "setLabelText", "addItem",
    "setStatusTip", "setTitle", "showMessage", "setHorizontalHeaderLabels", "addTab", "setTabText",
    "QLabel", "QAction", "QPushButton", "QCheckBox", "QGroupBox", "QRadioButton", "QToolButton",
    "addMenu", "information", "warning", "critical", "question", "about",
}
LOGGERS = {"log", "logger", "logging", "_log"}
WORDS = re.compile(r"[A-Za-z]{3,}|[\u4e00-\u9fff]")


def literal_texts(node: ast.Call) -> list[str]:
    """The displayed text argument when it is a bare literal: the first string argument (a
    later one is item data, e.g. addItem(text, "risk,breached")), or a list of header texts."""
    out = []
    for arg in node.args:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            if WORDS.search(arg.value):
                out.append(arg.value)
            break
        if isinstance(arg, ast.Call):
            break  # self.tr(...) or translate(...): the displayed text, translated
        if isinstance(arg, ast.List):
            out += [e.value for e in arg.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
                    and WORDS.search(e.value)]
    return out


def test_no_bare_user_visible_strings_in_the_qt_layer():
    offenders = []
    files = list((ROOT / "console" / "views").rglob("*.py"))
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", "") in LOGGERS:
                    continue  # a log line for whoever runs the console, not a text on screen
                if name in TEXT_CALLS:
                    for text in literal_texts(node):
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text!r}")
    assert not offenders, "wrap these in self.tr()/QCoreApplication.translate:\n" + "\n".join(offenders)
