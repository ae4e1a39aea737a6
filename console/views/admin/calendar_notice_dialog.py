"""Entering a year of the working-day calendar from the State Council's holiday notice.

The admin types (or pastes) only the exceptions — holiday ranges and adjusted working days — in the
format of :mod:`console.rules.calendar_notice`; the text is checked as it is typed and again on Save.
Nothing typed is lost: a text that does not parse stays in the editor with the problem naming its
line, and a text the database refused comes back (the calendar dialog keeps it, kit.drafts) with the
reason it was not saved.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
)

from console.rules.calendar_notice import NoticeFormatError, parse_year_notice
from console import i18n

NOTICE_EXAMPLE = """# One line per holiday range or adjusted working day, as in the State Council notice.
# Other days follow Monday–Friday. Keywords: holiday / 休, workday / 班.
{y}-01-01 .. {y}-01-03  holiday  New Year's Day
{y}-02-06 .. {y}-02-13  holiday  Spring Festival
{y}-02-14               workday  Spring Festival
"""


class YearNoticeDialog(QDialog):
    """Type or paste a year's schedule from the State Council notice; checked as you type and
    again on Save (a text that does not parse, or names no holiday, is never accepted)."""

    def __init__(self, year: int, text: str = "", parent=None, *, error: str | None = None):
        super().__init__(parent)
        self.year = year
        self.summary: tuple[int, int] | None = None
        self.setWindowTitle(self.tr("Enter the {0} working-day calendar").format(year) if not text
                            else self.tr("Correct the {0} working-day calendar").format(year))
        intro = QLabel(self.tr("Holidays and adjusted working days from the notice; every other day "
                               "follows Monday–Friday. Saving replaces the whole year."), self)
        intro.setWordWrap(True)
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(NOTICE_EXAMPLE.format(y=year))
        self.editor.setPlainText(text)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.editor.setFont(mono)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self._check_and_accept)
        self.buttons.rejected.connect(self.reject)
        self.editor.textChanged.connect(self._check)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.editor, 1)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.resize(680, 460)
        if self._check() is None and error:  # offered again after a refused save: say why
            self._refused(error)

    @classmethod
    def ask(cls, parent, year: int, text: str = "", *, error: str | None = None) -> str | None:
        """The checked notice text for ``year``, or None when cancelled. ``error``: why this text
        was not saved last time (shown until it is edited)."""
        dlg = cls(year, text, parent, error=error)
        return dlg.text() if dlg.exec() == QDialog.DialogCode.Accepted else None

    def _refused(self, problem: str) -> None:
        self.message.setText(self.tr("Not saved: {0}").format(problem))
        self.message.setStyleSheet("color: #b00020; font-weight: 600;")

    def text(self) -> str:
        return self.editor.toPlainText()

    def _check(self) -> str | None:
        """Parse the text; show the problem or the summary. Returns the problem, if any."""
        self.summary = None
        if not self.text().strip():
            problem = self.tr("Type the notice's holidays and adjusted working days.")
        else:
            try:
                days = parse_year_notice(self.year, self.text())
            except NoticeFormatError as exc:
                problem = i18n.render(exc)
            else:
                holidays = sum(1 for d in days if d.kind == "holiday")
                adjusted = sum(1 for d in days if d.kind == "adjusted_workday")
                if holidays == 0:
                    problem = self.tr("the text names no holiday — is this the right notice?")
                else:
                    self.summary = (holidays, adjusted)
                    self.message.setText(self.tr("{0} holidays and {1} adjusted working days in {2}.")
                                         .format(holidays, adjusted, self.year))
                    self.message.setStyleSheet("color: #1b5e20;")
                    return None
        self.message.setText(problem)
        self.message.setStyleSheet("color: #8a5a00;")
        return problem

    def _check_and_accept(self) -> None:
        problem = self._check()
        if problem is not None:  # the dialog stays open with the text as typed
            self._refused(problem)
            return
        self.accept()
