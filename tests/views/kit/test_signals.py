"""Regression: PySide6 6.12.0 on Python 3.11 aborted after a few hundred Signal.emit()
calls (bool_dealloc). The pin in pyproject.toml keeps 3.11 on 6.11; this proves it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    sig_value = Signal(bool)
    """Carries a bool, the type whose refcount went wrong."""


def test_ten_thousand_python_signal_emits(qapp):
    e = Emitter()
    seen = []
    e.sig_value.connect(seen.append)
    for i in range(10_000):
        e.sig_value.emit(i % 2 == 0)
    assert len(seen) == 10_000
    assert seen[:2] == [True, False]
