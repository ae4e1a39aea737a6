"""The decision step of an accountability case (R-ACC): the facts that make it heavier (R-ACC-H) or
lighter (R-ACC-L), the outcome they suggest, and the decision with its reasons.

R-ACC-S: until the person's statement (or their refusal to give one) is recorded the dialog says
so and OK is off; the service refuses such a decision all the same. A refused decision (the case
decided meanwhile on another console, a right withdrawn …) is told in the dialog, which keeps the
outcome picked and the reasons typed (``submit_dialog.SubmitDialog``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QTextEdit, QVBoxLayout

from console.rules.periods import CST as CHINA
from console.services.supervision import accountability as acc
from console.views.supervision.submit_dialog import SubmitDialog

OUTCOMES = {  # R-ACC: by severity; exempt under R-ACC-L
    "warning": QT_TRANSLATE_NOOP("Accountability", "warning"),
    "excellence_revoked": QT_TRANSLATE_NOOP("Accountability", "loses the excellence evaluation"),
    "criticism_penalty": QT_TRANSLATE_NOOP("Accountability", "notice of criticism and penalty"),
    "exempt": QT_TRANSLATE_NOOP("Accountability", "exempt (R-ACC-L)"),
}
_SEVERITIES = {"minor": QT_TRANSLATE_NOOP("Accountability", "minor"),
               "serious": QT_TRANSLATE_NOOP("Accountability", "serious"),
               "critical": QT_TRANSLATE_NOOP("Accountability", "critical")}


REASONS = {  # R-ACC-H and R-ACC-L circumstances by reason code
    "retaliation": QT_TRANSLATE_NOOP("Accountability", "retaliation against a complainant or an investigator"),
    "repeat": QT_TRANSLATE_NOOP("Accountability", "two or more accountable acts in one year (rolling 12 months)"),
    "obstruction": QT_TRANSLATE_NOOP("Accountability", "obstructing an investigation"),
    "not_executing": QT_TRANSLATE_NOOP("Accountability", "not carrying out a supervision decision"),
    "apologised": QT_TRANSLATE_NOOP("Accountability", "apologised, and the customer understands"),
    "prevented": QT_TRANSLATE_NOOP("Accountability", "prevented the bad outcome"),
    "recovered": QT_TRANSLATE_NOOP("Accountability", "corrected, and all or most of the loss recovered"),
}


def reason_text(code: str) -> str:
    return QCoreApplication.translate("Accountability", REASONS[code]) if code in REASONS else code


def circumstance_text(entry: str) -> str:
    """A stored circumstance ("R-ACC-L: apologised — 用户谅解") in words: "R-ACC-L: apologised, and the
    customer understands — 用户谅解"."""
    rule, sep, rest = entry.partition(": ")
    if not sep:
        return entry
    code, dash, note = rest.partition(" — ")
    return f"{rule}: {reason_text(code)}" + (f" — {note}" if dash else "")


def outcome_text(outcome: str) -> str:
    return QCoreApplication.translate("Accountability", OUTCOMES[outcome]) if outcome in OUTCOMES else outcome


_outcome = outcome_text


def _severity(code: str) -> str:
    return QCoreApplication.translate("Accountability", _SEVERITIES[code]) if code in _SEVERITIES else code


class DecisionDialog(SubmitDialog):
    """OK runs `save(outcome, note)` (it returns the write to run)."""

    def __init__(self, facts: acc.DecisionFacts, save: Callable[[str, str], Callable[[], object]], parent=None):
        super().__init__(save, parent)
        self.facts = facts
        c = facts.case
        self.setWindowTitle(self.tr("Decide case #{0} (R-ACC)").format(c.id))
        self.person = QLabel(c.person, self)
        self.grounds = QLabel(c.grounds, self)
        self.grounds.setWordWrap(True)
        # R-ACC-S: the statement first
        if c.statement.strip():
            said = c.statement
        elif c.statement_declined:
            said = self.tr("declined to give one (recorded)")
        else:
            said = self.tr("Not heard yet. R-ACC-S: the person's statement and defence are heard and recorded "
                           "(or their refusal noted) before a decision: record the statement first.")
        self.provisional = QLabel(self)  # R-TIME-11: a provisional breach is not decided as fact
        self.provisional.setObjectName("ProvisionalBreach")
        self.provisional.setWordWrap(True)
        self.provisional.setStyleSheet("background: #fff3cd; color: #5c4400; padding: 3px;")
        self.provisional.setText(self.tr(
            "Provisional: the breach of order {0} rests on a working-day calendar year not entered, so it is not "
            "a breach as fact. Enter the calendar, then decide (R-TIME-11).").format(c.order_number))
        self.provisional.setVisible(bool(c.order_id and c.order_provisional))
        self.statement = QLabel(said, self)
        self.statement.setObjectName("DecisionStatement")
        self.statement.setWordWrap(True)
        if not facts.heard:
            self.statement.setStyleSheet("color: #c62828; font-weight: bold;")
        # R-ACC-H: the rolling year, said and explained
        self.window = QLabel(self.tr(
            "R-ACC-H counts acts in a rolling year: the 12 months up to the day this case was opened ({0} to {1}), "
            "not a calendar year, so that two acts weeks apart across 31 December still count as two acts in one "
            "year. Cases decided exempt do not count.").format(
            facts.window_start.astimezone(CHINA).date().isoformat(),
            c.opened_at.astimezone(CHINA).date().isoformat()), self)
        self.window.setObjectName("RepeatWindow")
        self.window.setWordWrap(True)
        repeat = []
        if facts.repeats:
            refs = ", ".join(f"#{cid} {at.astimezone(CHINA).date().isoformat()}" for cid, at in facts.repeats)
            repeat = [self.tr("R-ACC-H: a second accountable act within 12 months (cases {0})").format(refs)]
        added = [circumstance_text(a) for a in facts.aggravating if not a.startswith(acc.REPEAT_PREFIX)]
        self.aggravating = QLabel(self._facts_text(tuple(repeat + added)), self)
        self.aggravating.setObjectName("AggravatingFacts")
        self.aggravating.setWordWrap(True)
        self.mitigating = QLabel(self._facts_text(tuple(circumstance_text(m) for m in facts.mitigating)), self)
        self.mitigating.setObjectName("MitigatingFacts")
        self.mitigating.setWordWrap(True)
        self.suggestion = QLabel(self._suggestion_text(), self)
        self.suggestion.setObjectName("SuggestedOutcome")
        self.suggestion.setWordWrap(True)
        self.outcome = QComboBox(self)
        for code in acc.OUTCOMES:
            text = _outcome(code)
            if code == facts.suggested:
                text = self.tr("{0} (suggested)").format(text)
            self.outcome.addItem(text, code)
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(facts.suggested)))
        self.note = QTextEdit(self)
        self.note.setObjectName("DecisionReasons")
        self.note.setPlaceholderText(self.tr("Reasons for the decision (kept in the audit trail)"))
        self.note.setMaximumHeight(90)
        form = QFormLayout()
        form.addRow(self.tr("Person:"), self.person)
        form.addRow(self.tr("Grounds:"), self.grounds)
        form.addRow(self.tr("Statement (R-ACC-S):"), self.statement)
        form.addRow(self.tr("Heavier (R-ACC-H):"), self.aggravating)
        form.addRow("", self.window)
        form.addRow(self.tr("Lighter (R-ACC-L):"), self.mitigating)
        form.addRow(self.tr("Suggested:"), self.suggestion)
        form.addRow(self.tr("Outcome:"), self.outcome)
        form.addRow(self.tr("Reasons:"), self.note)
        lay = QVBoxLayout(self)
        lay.addWidget(self.provisional)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self._ok_for_statement()
        self.resize(640, 520)

    def _facts_text(self, facts: tuple[str, ...]) -> str:
        return "\n".join(f"• {f}" for f in facts) if facts else self.tr("none recorded")

    def _suggestion_text(self) -> str:
        f = self.facts
        if f.aggravating and f.mitigating:
            why = self.tr("heavier and lighter facts offset")
        elif f.aggravating:
            why = self.tr("one rung heavier for the R-ACC-H facts")
        elif f.mitigating:
            why = self.tr("one rung lighter for the R-ACC-L facts")
        else:
            why = self.tr("no heavier or lighter fact")
        source = (self.tr("the finding's severity") if f.case.finding_id else
                  self.tr("a time-limit breach (R-TIME-11) counts as minor"))
        return self.tr("{0}. Severity {1} ({2}) → {3}; {4}. The suggestion is the rule's ladder; the decision is "
                       "yours.").format(_outcome(f.suggested), _severity(f.severity), source, _outcome(f.base), why)

    def _ok_for_statement(self) -> None:
        ok = self.buttons.button(self.buttons.StandardButton.Ok)
        c = self.facts.case
        provisional = bool(c.order_id and c.order_provisional)
        ok.setEnabled(self.facts.heard and not provisional)
        ok.setToolTip(self.tr("R-ACC-S: record the statement first") if not self.facts.heard else
                      self.tr("R-TIME-11: the breach is provisional until the calendar is entered") if provisional
                      else "")

    def _set_saving(self, saving: bool) -> None:
        super()._set_saving(saving)
        if not saving:
            self._ok_for_statement()

    def values(self) -> tuple[str, str]:
        return self.outcome.currentData(), self.note.toPlainText()
