"""Qt test fixtures: the guard that the GUI thread never waits on the database.

`gui_thread_db_guard` watches every SQL statement of every engine while a view test runs. A
statement issued on the GUI (main) thread while a `console.views` frame is on the stack means a
view called a service synchronously: the test fails and names the view's frame. Test code itself
(fixtures building data, assertions reading it back) has no view frame and is not affected.
"""

from __future__ import annotations

import sys
import threading
import traceback

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

try:  # the map's tile scheme (views/map/tiles.py) is registered before pytest-qt makes the QApplication
    from console.views.map.tiles import register_scheme
except ImportError:  # no QtWebEngine here: the map tests say so themselves
    pass
else:
    register_scheme()


def _view_frame():
    f = sys._getframe(2)
    while f is not None:
        name = f.f_globals.get("__name__", "")
        if name.startswith("console.views"):
            return f
        f = f.f_back
    return None


@pytest.fixture(autouse=True)
def _no_drafts_between_tests():
    """Texts kept from a failed write (kit.drafts) belong to the test that typed them."""
    from console.views.kit import drafts

    drafts.clear()
    yield
    drafts.clear()


@pytest.fixture(autouse=True)
def gui_thread_db_guard():
    """Fail a view test whose view ran SQL on the GUI thread (see the module doc): every view test."""
    seen: list[str] = []
    main = threading.main_thread()

    def before(conn, cursor, statement, params, context, executemany):
        if threading.current_thread() is not main:
            return
        frame = _view_frame()
        if frame is not None and len(seen) < 3:
            where = "".join(traceback.format_stack(frame, limit=6))
            seen.append(f"{statement.split()[0] if statement else ''} … from\n{where}")

    event.listen(Engine, "before_cursor_execute", before)
    try:
        yield
    finally:
        event.remove(Engine, "before_cursor_execute", before)
    assert not seen, "a view ran SQL on the GUI thread (use kit.ops.ReadOp/WriteOp):\n\n" + "\n\n".join(seen)
