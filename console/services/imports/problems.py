"""What an import found wrong, as plain values: where (file, sheet, row, column) and what.

The message is a T() text made where the problem is found (`problem(..., T("not a date: {value!r}",
value=...))`), kept as its English template and named arguments: `Problem.text` is that text
again, which `console.i18n.render(problem.text, lang)` says in the user's language (the core's
catalogue; the report writers do so). Severity "error" stops the import; "warning" is shown but
imports anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from console import i18n
from console.i18n import T, Text

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


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    sheet: str
    row: int | None  # as the user sees it: the header is row 1; None = the whole file
    column: str  # "C 电话": Excel letter and the header text; "" = the whole row or file
    code: str  # stable id, e.g. "bad_phone" (tests, filters)
    template: str  # the English template of the message (a literal marked T() where it was found)
    args: dict = field(default_factory=dict, hash=False)
    severity: str = ERROR
    count: int = 1  # the problems this line stands for: more than 1 past validate.PROBLEM_LIMIT (row None)

    @property
    def text(self) -> Text:
        """The message: English as a str, and in another language with `i18n.render(p.text, lang)`."""
        return Text.__new__(Text, self.template, **self.args)  # the template was marked T() where it was made

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def where(self, lang: str | None = None) -> str:
        """`file › sheet › row N › C 电话`, in `lang` (default: the console's language)."""
        parts = [self.file]
        if self.sheet:
            parts.append(self.sheet)
        if self.row is not None:
            parts.append(i18n.render(T("row {row}", row=self.row), lang))
        if self.column:
            parts.append(self.column)
        return " › ".join(parts)


def problem(file: str, sheet: str, row: int | None, column: str, code: str, message: Text, *,
            severity: str = ERROR, count: int = 1) -> Problem:
    """A Problem whose message is `message`, a T() text."""
    return Problem(file, sheet, row, column, code, message.template, dict(message.params), severity, count)


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
    def error_count(self) -> int:
        """Every error, also those past the listed ones (a line standing for many counts them all)."""
        return sum(p.count for p in self.problems if p.is_error)

    @property
    def warning_count(self) -> int:
        return sum(p.count for p in self.problems if not p.is_error)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> dict:
        return {"kind": self.kind, "file": self.file, "sheet": self.sheet, "encoding": self.encoding,
                "rows": self.rows, "errors": self.error_count, "warnings": self.warning_count,
                "imported": self.imported, "dry_run": self.dry_run, "seconds": round(self.seconds, 3)}
