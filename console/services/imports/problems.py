"""What an import found wrong, as plain values: where (file, sheet, row, column) and what.

The message is an English template with named arguments (`template.format(**args)`), so the Qt
layer can translate the template (context `TR_CONTEXT`) without this layer importing Qt.
Severity "error" stops the import; "warning" is shown but imports anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TR_CONTEXT = "ImportProblem"
ERROR = "error"
WARNING = "warning"


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (the letter Excel shows above the column)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Problem:
    file: str
    sheet: str
    row: int | None  # as the user sees it: the header is row 1; None = the whole file
    column: str  # "C 电话": Excel letter and the header text; "" = the whole row or file
    code: str  # stable id, e.g. "bad_phone" (tests, filters)
    template: str
    args: dict = field(default_factory=dict, hash=False)
    severity: str = ERROR

    @property
    def text(self) -> str:
        return self.template.format(**self.args)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def where(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(self.sheet)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(self.column)
        return " › ".join(parts)


@dataclass
class ImportReport:
    """The outcome of one import: what was read, what is wrong, how many rows were written."""

    kind: str
    file: str
    sheet: str = ""
    encoding: str = ""
    rows: int = 0  # data rows read
    problems: list[Problem] = field(default_factory=list)
    imported: int = 0
    dry_run: bool = False
    seconds: float = 0.0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> dict:
        return {"kind": self.kind, "file": self.file, "sheet": self.sheet, "encoding": self.encoding,
                "rows": self.rows, "errors": len(self.errors), "warnings": len(self.warnings),
                "imported": self.imported, "dry_run": self.dry_run, "seconds": round(self.seconds, 3)}
