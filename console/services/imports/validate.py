"""Check a sheet row by row as it is read, before anything is written: the header (known,
duplicate, missing required columns) and every cell of a row (type, required, length, format,
no control characters), into the row's values: one list per row, in the kind's column order,
thrown away once the row's checks are done.

Unknown columns are a WARNING, not an error: the rest of the file is still good, and the
warning names the column so the user sees that its values are NOT imported (nothing is
silently dropped). Values in a column without a header text are an ERROR: there is no telling
what they are.

Every problem is listed up to `PROBLEM_LIMIT`; past it (a file wrong in a whole column) the
rest are counted per column and problem, and listed as one line each naming their count and
their first and last row, so that a million bad cells cannot take the memory a million listed
problems would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from console.i18n import T, Text
from console.rules.text import control_character
from console.services.imports.fields import Bad
from console.services.imports.problems import ERROR, WARNING, Problem, column_letter, problem
from console.services.imports.schema import COLUMNS, Column, header_index, normalise

Progress = Callable[[float, str], None]
PROBLEM_LIMIT = 10_000


class Problems:
    """What is wrong with one file: every problem up to PROBLEM_LIMIT, then counts."""

    __slots__ = ("file", "sheet", "listed", "errors", "_more")

    def __init__(self, file: str, sheet: str):
        self.file, self.sheet = file, sheet
        self.listed: list[Problem] = []
        self.errors = 0  # all of them, listed or not
        self._more: dict[tuple[str, str, str], list] = {}  # (column, code, severity) -> [count, first, last, message]

    def add(self, row: int | None, column: str, code: str, message: Text, *, severity: str = ERROR) -> None:
        """One problem; `message` is a T() text."""
        if severity == ERROR:
            self.errors += 1
        if len(self.listed) < PROBLEM_LIMIT:
            self.listed.append(problem(self.file, self.sheet, row, column, code, message, severity=severity))
            return
        more = self._more.get((column, code, severity))
        if more is None:
            self._more[(column, code, severity)] = [1, row, row, message]
        else:
            more[0] += 1
            more[2] = row

    def sorted(self) -> list[Problem]:
        """The listed problems by row, column and code; then one line per kind of unlisted ones."""
        out = sorted(self.listed, key=lambda p: (p.row or 0, p.column, p.code))
        for (column, code, severity), (count, first, last, message) in self._more.items():
            text = T("… and {count:,} more problems like this in rows {first}–{last} (only the first {limit:,} "
                     "problems are listed; the first of these: {example})", count=count, first=first, last=last,
                     limit=PROBLEM_LIMIT, example=message)
            out.append(problem(self.file, self.sheet, None, column, code, text, severity=severity, count=count))
        return out


class Header:
    """The sheet's header mapped onto the kind's columns; `label(key)` is a column as the user sees it."""

    def __init__(self, kind: str, cells: Sequence[str], problems: Problems):
        self.kind = kind
        self.cells = list(cells)
        self.keys = [c.key for c in COLUMNS[kind]]
        self.position = {k: i for i, k in enumerate(self.keys)}
        self.labels: dict[str, str] = {}
        self.mapping: list[tuple[int, int, Column, str]] = []  # (cell index, position in keys, column, label)
        index = header_index(kind)
        seen: dict[str, str] = {}
        for i, text in enumerate(self.cells):
            label = f"{column_letter(i)} {text}".strip()
            if not text:
                continue
            col = index.get(normalise(text))
            if col is None:
                problems.add(1, label, "unknown_column",
                             T("unknown column {name!r}: its values are NOT imported (known columns: {known})",
                               name=text, known=", ".join(c.names[0] for c in COLUMNS[kind])), severity=WARNING)
            elif col.key in seen:
                problems.add(1, label, "duplicate_column",
                             T("column {name!r} repeats column {first}", name=text, first=seen[col.key]))
            else:
                seen[col.key] = label
                self.labels[col.key] = label
                self.mapping.append((i, self.position[col.key], col, label))
        self.missing = False
        for col in COLUMNS[kind]:
            if col.required and col.key not in seen:
                self.missing = True
                problems.add(1, "", "missing_column", T("required column {name} is missing (header: {names})",
                                                        name=col.names[0], names=" / ".join(col.names[:3])))
        self.width = len(self.cells)
        self.unnamed = [i for i, text in enumerate(self.cells) if not text]  # cells without a header text

    def label(self, key: str) -> str:
        return self.labels.get(key, key)


def _empty(value: object) -> bool:
    return value is None or (type(value) is str and not value.strip())


def parse_row(header: Header, number: int, record: Sequence[object], problems: Problems) -> tuple[list, bool]:
    """The row's values in the kind's column order (None: empty, absent, or not readable) and
    whether a cell of it is wrong (each wrong cell is in `problems`)."""
    values: list[object] = [None] * len(header.keys)
    bad = False
    size = len(record)
    for i, pos, col, label in header.mapping:
        raw = record[i] if i < size else None
        if raw is None or (type(raw) is str and not raw.strip()):
            if col.required:
                bad = True
                problems.add(number, label, "empty_required", T("required value missing ({name})", name=col.names[0]))
            continue
        if type(raw) is str:
            hidden = control_character(raw)
            if hidden is not None:
                bad = True
                problems.add(number, label, "control_character",
                             T("the cell contains a control character ({char}, character {position}) that cannot "
                               "be stored: remove it (was the file saved as text from another program?)",
                               char=hidden[1], position=hidden[0]))
                continue
        try:
            values[pos] = col.parse(raw)
        except Bad as exc:
            bad = True
            problems.add(number, label, exc.code, exc.message)
    if size <= header.width and not header.unnamed:
        return values, bad
    for i in (*header.unnamed, *range(header.width, size)):
        if i < size and not _empty(record[i]):
            bad = True
            problems.add(number, column_letter(i), "no_header",
                         T("a value ({value!r}) in a column without a header: nothing can be imported from it",
                           value=str(record[i])[:40]))
    return values, bad
