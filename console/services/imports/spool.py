"""The checked records of a file being imported, kept on disk between the check and the write:
what is written is exactly what was checked (a file saved again meanwhile changes nothing), and
the memory holds one batch of rows, not the file.

Records are tuples of plain values (str, int, float, bool, None: dates as day numbers), written
with `marshal` a batch at a time into an anonymous temporary file (on POSIX it has no name from
the start), removed when the import ends.
"""

from __future__ import annotations

import marshal
import tempfile
from collections.abc import Iterator

BATCH = 2000


class Spool:
    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="branch-console-import-")
        self._batch: list[tuple] = []
        self.rows = 0

    def add(self, record: tuple) -> None:
        self._batch.append(record)
        self.rows += 1
        if len(self._batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            marshal.dump(self._batch, self._file)
            self._batch = []

    def batches(self) -> Iterator[list[tuple]]:
        """The records in the order they were added, BATCH at a time."""
        self._flush()
        self._file.seek(0)
        while True:
            try:
                yield marshal.load(self._file)
            except EOFError:
                return

    def close(self) -> None:
        self._batch = []
        self._file.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()
