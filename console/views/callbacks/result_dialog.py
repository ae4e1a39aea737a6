"""The result of a reached (or not reached) callback (R-VISIT-3/4): the labelled satisfaction scale,
"not reached" apart from it, solved?, a comment, and the linked follow-up order offered in the same
step for a dissatisfied answer or a problem found. Opened by the callback workbench."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)  # fmt: skip

from console.services.callbacks import workbench as cbs
from console.services.callbacks.workbench import CallbackRow

_NO_ANSWER_ID, _WRONG_ID = 10, 11  # the "not reached" buttons of the result dialog (the scale: 5…1)
_IDS = {cbs.NO_ANSWER: _NO_ANSWER_ID, cbs.WRONG_NUMBER: _WRONG_ID}


class CallbackResult(NamedTuple):
    """What the result dialog took down. `score` 5…1 on the scale (cbs.SCALE), None when the
    customer was not reached (`outcome` cbs.NO_ANSWER / cbs.WRONG_NUMBER: an attempt, not a score);
    `follow_up` None: as the service decides (a problem found opens one, R-VISIT-3)."""

    score: int | None
    solved: bool
    comment: str
    follow_up: bool | None = None
    outcome: str = cbs.REACHED


class CallbackResultDialog(QDialog):
    """The result of a call (R-VISIT-4): satisfaction on a labelled five-point scale, or "not
    reached" (separate from the scale); solved?; a comment; and — for a dissatisfied answer or a
    problem found — the linked follow-up order, in the same step (R-VISIT-3). OK keeps the dialog
    open, saying what is missing, until the result can be saved."""

    def __init__(self, parent=None, *, row: CallbackRow | None = None, kept: CallbackResult | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Callback result") if row is None
                            else self.tr("Callback result: order {0}").format(row.number))
        self._number = row.number if row is not None else ""
        form = QFormLayout(self)
        self.elsewhere = QLabel(self)  # another console changed the callback meanwhile (kit.live.Follow)
        self.elsewhere.setWordWrap(True)
        self.elsewhere.hide()
        form.addRow(self.elsewhere)
        if row is not None:
            who = " · ".join(x for x in (row.customer, row.phone) if x)
            form.addRow(QLabel(f"{row.number} {who}", self))
        # R-VISIT-4: the scale, best first, labelled; stored as the score 5…1
        words = {cbs.VERY_SATISFIED: self.tr("&1 Very satisfied"), cbs.SATISFIED: self.tr("&2 Satisfied"),
                 cbs.NEUTRAL: self.tr("&3 Neutral"), cbs.DISSATISFIED: self.tr("&4 Dissatisfied"),
                 cbs.VERY_DISSATISFIED: self.tr("&5 Very dissatisfied")}
        self.choice = QButtonGroup(self)
        scale = QWidget(self)
        lay = QHBoxLayout(scale)
        lay.setContentsMargins(0, 0, 0, 0)
        self.scale: dict[int, QRadioButton] = {}
        for score in cbs.SCALE:
            b = QRadioButton(words[score], scale)
            self.choice.addButton(b, score)
            self.scale[score] = b
            lay.addWidget(b)
        lay.addStretch(1)
        # "not reached" is an attempt, not a point of the scale: a row of its own
        missed = QWidget(self)
        mlay = QHBoxLayout(missed)
        mlay.setContentsMargins(0, 0, 0, 0)
        self.not_reached = QRadioButton(self.tr("&0 No answer"), missed)
        self.wrong_number = QRadioButton(self.tr("Wrong number"), missed)
        self.choice.addButton(self.not_reached, _NO_ANSWER_ID)
        self.choice.addButton(self.wrong_number, _WRONG_ID)
        mlay.addWidget(self.not_reached)
        mlay.addWidget(self.wrong_number)
        mlay.addStretch(1)
        self.solved = QCheckBox(self.tr("The problem is solved"), self)
        self.solved.setChecked(True)
        self.follow_up = QCheckBox(self.tr("Open a follow-up order linked to {0} (R-VISIT-3)").format(row.number)
                                   if row is not None else
                                   self.tr("Open a follow-up order linked to this order (R-VISIT-3)"), self)
        self.follow_up.setToolTip(self.tr("A problem found always opens one; for a dissatisfied answer, untick it "
                                          "if no follow-up is needed"))
        self.comment = QPlainTextEdit(self)
        self.comment.setPlaceholderText(self.tr("What the customer said; for a follow-up order, the problem "
                                                "(R-VISIT-3)"))
        self.problem = QLabel(self)  # what stops OK, in words
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828")
        self.problem.hide()
        form.addRow(self.tr("Satisfaction:"), scale)
        form.addRow(self.tr("Not reached:"), missed)
        form.addRow("", self.solved)
        form.addRow("", self.follow_up)
        form.addRow(self.tr("&Comment:"), self.comment)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.offered = False  # the follow-up order is offered (R-VISIT-3)
        self._follow_chosen: bool | None = None  # the person ticked or unticked the follow-up themselves
        self.follow_up.clicked.connect(lambda on: setattr(self, "_follow_chosen", on))
        self.choice.idToggled.connect(lambda *_: self._sync())
        self.solved.toggled.connect(lambda *_: self._sync())
        if kept is not None:
            self._fill(kept)
        self._sync()

    def _fill(self, kept: CallbackResult) -> None:
        key = kept.score if kept.score is not None else _IDS.get(kept.outcome)
        b = self.choice.button(key) if key is not None else None
        if b is not None:
            b.setChecked(True)
        self.solved.setChecked(kept.solved)
        self.comment.setPlainText(kept.comment)
        if kept.follow_up is not None:
            self._follow_chosen = kept.follow_up

    def score(self) -> int | None:
        """The chosen score 5…1; None when none is chosen or the customer was not reached."""
        i = self.choice.checkedId()
        return i if i in cbs.SCALE else None

    def reached(self) -> bool:
        """Not "not reached" (nothing chosen yet counts as reached: the scale is asked for)."""
        return self.choice.checkedId() not in (_NO_ANSWER_ID, _WRONG_ID)

    def _sync(self) -> None:
        """R-VISIT-3: a problem found opens the follow-up order (ticked, fixed); a dissatisfied answer
        offers it (ticked unless the person unticked it); otherwise there is none."""
        reached, score = self.reached(), self.score()
        self.solved.setEnabled(reached)
        self.offered = reached and (not self.solved.isChecked() or cbs.dissatisfied(score))
        if self.offered and not self.solved.isChecked():
            self.follow_up.setEnabled(False)
            self.follow_up.setChecked(True)
        elif self.offered:
            self.follow_up.setEnabled(True)
            self.follow_up.setChecked(True if self._follow_chosen is None else self._follow_chosen)
        self.follow_up.setVisible(self.offered)
        self.problem.hide()

    def values(self) -> CallbackResult:
        comment = self.comment.toPlainText().strip()
        i = self.choice.checkedId()
        if i in (_NO_ANSWER_ID, _WRONG_ID):
            return CallbackResult(None, False, comment, None, cbs.NO_ANSWER if i == _NO_ANSWER_ID else cbs.WRONG_NUMBER)
        follow = self.offered and self.follow_up.isChecked()
        return CallbackResult(self.score(), self.solved.isChecked(), comment, True if follow else None)

    def missing(self) -> str | None:
        """Why the result cannot be saved yet, in words; None when it can."""
        v = self.values()
        if v.outcome == cbs.REACHED and v.score is None:
            return self.tr("Choose how satisfied the customer is, or \"not reached\".")
        if v.outcome == cbs.REACHED and v.follow_up and not v.comment:
            return (self.tr("Write what the customer is not satisfied with: the follow-up order needs it (R-VISIT-3).")
                    if v.solved else
                    self.tr("Write the problem the customer still has: the follow-up order needs it (R-VISIT-3)."))
        return None

    def accept(self) -> None:
        why = self.missing()
        if why:  # stays open with everything typed
            self.problem.setText(why)
            self.problem.show()
            return
        super().accept()

    def changed_elsewhere(self, text: str) -> None:
        """Another console changed the callback while this is open (what was typed stays)."""
        self.elsewhere.setText(text)
        self.elsewhere.show()

    @classmethod
    def ask(cls, parent) -> CallbackResult | None:
        """The result for the callback selected in `parent` (a CallbackWorkbench), opening with what
        was typed for it when saving it last failed (None when cancelled)."""
        row = parent.selected() if hasattr(parent, "kept_result") else None  # the workbench, not a bare parent
        kept = parent.kept_result(row) if row is not None else None
        dlg = cls(parent, row=row, kept=kept)
        return dlg.values() if dlg.exec() == QDialog.DialogCode.Accepted else None
