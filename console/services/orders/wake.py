"""What the change feed sleeps on between two changes (services.orders.changes): a quiet console
should cost next to nothing, so the feed's thread sleeps until something can have changed rather
than waking a few times a second to ask.

`Waker(fds)` sleeps in `wait(timeout)` until one of `fds` (a PostgreSQL connection's socket, an
inotify descriptor) is readable, `interrupt()` is called from another thread (the window closes,
the branch changes), or `timeout` passes; it says which.

`FileWatch(path)` (Linux) is an inotify watch on the folder of an SQLite database: it becomes
readable when a process writes the database or its write-ahead log (every commit appends to the
log with write(2), every checkpoint writes the database), or creates or removes either. `drain()`
empties it. Where inotify is missing or refused (another OS, the watch limit reached) it is None
and the feed asks on a timer instead."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import sys
from pathlib import Path

IN_MODIFY, IN_CLOSE_WRITE, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x2, 0x8, 0x80, 0x100, 0x200
_EVENTS = IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE


class Waker:
    def __init__(self) -> None:
        self._r, self._w = os.pipe()
        os.set_blocking(self._r, False)
        os.set_blocking(self._w, False)

    def wait(self, fds: list[int], timeout: float) -> str:
        """'ready' (one of `fds`), 'interrupted' or 'timeout'."""
        ready, _w, _x = select.select([self._r, *fds], [], [], max(0.0, timeout))
        if self._r in ready:
            try:
                while os.read(self._r, 512):
                    pass
            except BlockingIOError:
                pass
            return "interrupted"
        return "ready" if ready else "timeout"

    def interrupt(self) -> None:
        try:
            os.write(self._w, b"x")
        except (BlockingIOError, OSError):  # already woken, or closed
            pass

    def close(self) -> None:
        for fd in (self._r, self._w):
            try:
                os.close(fd)
            except OSError:
                pass


class FileWatch:
    def __init__(self, fd: int, names: frozenset[str]):
        self.fd, self.names = fd, names

    @classmethod
    def of(cls, path: Path) -> FileWatch | None:
        """A watch on `path`'s database and write-ahead log, or None where inotify cannot be had."""
        name = ctypes.util.find_library("c")
        try:
            libc = ctypes.CDLL(name, use_errno=True)
            init, add = libc.inotify_init1, libc.inotify_add_watch
        except (OSError, AttributeError, TypeError):
            return None
        fd = init(os.O_NONBLOCK | os.O_CLOEXEC)
        if fd < 0:
            return None
        if add(fd, os.fsencode(str(path.parent)), _EVENTS) < 0:
            os.close(fd)
            return None
        return cls(fd, frozenset({path.name, f"{path.name}-wal", f"{path.name}-journal"}))

    def drain(self) -> bool:
        """Empty the watch; whether the database or its log was among what happened."""
        hit = False
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return hit
            except OSError:
                return True  # cannot tell: look
            if not data:
                return hit
            at = 0
            while at + 16 <= len(data):  # struct inotify_event: wd, mask, cookie, len, name[len]
                length = int.from_bytes(data[at + 12:at + 16], sys.byteorder)
                name = data[at + 16:at + 16 + length].split(b"\0", 1)[0]
                hit = hit or os.fsdecode(name) in self.names
                at += 16 + length

    def close(self) -> None:
        try:
            os.close(self.fd)
        except OSError:
            pass


__all__ = ["FileWatch", "Waker"]
