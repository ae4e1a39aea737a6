"""Check a read table cell by cell, before anything is written: the header (known, duplicate,
missing required columns) and every cell (type, required, length, format, no control characters).

Unknown columns are a WARNING, not an error: the rest of the file is still good, and the
warning names the column so the user sees that its values are NOT imported (nothing is
silently dropped). Values in a column without a header text are an ERROR: there is no telling
what they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from console.i18n import T, Text
from console.rules.text import control_character
from console.services.imports.fields import Bad, is_empty
from console.services.imports.problems import WARNING, Problem, column_letter, problem
from console.services.imports.reader import Table
from console.services.imports.schema import COLUMNS, Column, header_index, normalise

Progress = Callable[[float, str], None]


@dataclass
class Row:
    number: int  # as the user sees it (header = row 1)
    values: dict[str, object]  # column key -> parsed value (None when empty and optional)


@dataclass
class Checked:
    """The parsed rows and what is wrong; `label(key)` is the column as the user sees it."""

    table: Table
    kind: str
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    bad_rows: set[int] = field(default_factory=set)

    def label(self, key: str) -> str:
        return self.labels.get(key, key)

    def add(self, row: int | None, column: str, code: str, message: Text, *, severity: str = "error") -> None:
        """One problem; `message` is a T() text."""
        self.problems.append(problem(self.table.file, self.table.sheet, row, column, code, message,
                                     severity=severity))
        if row is not None and severity == "error":
            self.bad_rows.add(row)

    def add_bad(self, row: int, key: str, bad: Bad) -> None:
        self.add(row, self.label(key), bad.code, bad.message)


def _header(checked: Checked) -> dict[int, Column]:
    table, kind = checked.table, checked.kind
    index = header_index(kind)
    mapping: dict[int, Column] = {}
    seen: dict[str, str] = {}
    for i, text in enumerate(table.header):
        label = f"{column_letter(i)} {text}".strip()
        if not text:
            continue
        col = index.get(normalise(text))
        if col is None:
            checked.add(1, label, "unknown_column",
                        T("unknown column {name!r}: its values are NOT imported (known columns: {known})",
                          name=text, known=", ".join(c.names[0] for c in COLUMNS[kind])), severity=WARNING)
        elif col.key in seen:
            checked.add(1, label, "duplicate_column",
                        T("column {name!r} repeats column {first}", name=text, first=seen[col.key]))
        else:
            seen[col.key] = label
            checked.labels[col.key] = label
            mapping[i] = col
    for col in COLUMNS[kind]:
        if col.required and col.key not in seen:
            checked.add(1, "", "missing_column", T("required column {name} is missing (header: {names})",
                                                   name=col.names[0], names=" / ".join(col.names[:3])))
    return mapping


def check_cells(table: Table, kind: str, progress: Progress | None = None) -> Checked:
    """Parse every cell of every row; the rows with a cell error are in `bad_rows`."""
    checked = Checked(table, kind)
    mapping = _header(checked)
    if checked.problems and any(p.code == "missing_column" for p in checked.problems):
        return checked  # every row would repeat the same complaint
    if not table.rows:
        checked.add(None, "", "no_rows", T("the file has a header but no data rows"))
        return checked
    width = len(table.header)
    columns = sorted(mapping.items())
    total = len(table.rows)
    for n, (number, record) in enumerate(table.rows):
        if progress and n % 2000 == 0:
            progress(0.1 + 0.6 * n / total, T("row {n} of {total}", n=n, total=total))
        values: dict[str, object] = {}
        for i, col in columns:
            raw = record[i] if i < len(record) else None
            if is_empty(raw):
                if col.required:
                    checked.add(number, checked.label(col.key), "empty_required",
                                T("required value missing ({name})", name=col.names[0]))
                values[col.key] = None
                continue
            hidden = control_character(raw) if isinstance(raw, str) else None
            if hidden is not None:
                checked.add(number, checked.label(col.key), "control_character",
                            T("the cell contains a control character ({char}, character {position}) that cannot "
                              "be stored: remove it (was the file saved as text from another program?)",
                              char=hidden[1], position=hidden[0]))
                continue
            try:
                values[col.key] = col.parse(raw)
            except Bad as bad:
                checked.add_bad(number, col.key, bad)
        for i in range(len(record)):
            if (i >= width or not table.header[i]) and not is_empty(record[i]):
                checked.add(number, column_letter(i), "no_header",
                            T("a value ({value!r}) in a column without a header: nothing can be imported from it",
                              value=str(record[i])[:40]))
        checked.rows.append(Row(number, values))
    return checked
