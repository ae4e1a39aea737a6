"""Who stands in for the branch head (R-TIME-8): an administrator names, per branch, the person
who receives the exemptions' reports when the branch has no active manager.

R-TIME-8 — "the service employee files a written reason to the business head": the head is never
nobody. The dialog shows, for the chosen branch, its active manager (who is the head while there
is one) and the stand-in; when the branch has neither, a red banner says that exemptions cannot be
reported until someone is named. Every read and the save run off the GUI thread
(services.orders.exemptions); a refused save keeps the dialog open with the choice as it was and
says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

from console import i18n
from console.services.access import directory
from console.services.orders import exemptions
from console.views.kit.connection import notice
from console.views.kit.ops import ReadOp, WriteOp

NOBODY = -1  # the person combo's "nobody" entry


class StandInDialog(QDialog):
    sig_saved = Signal(int)
    """A stand-in was saved: carries the branch id."""

    def __init__(self, store, *, actor_id: int | None, branch_id: int | None = None,
                 clock: Callable[[], dt.datetime] | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("StandInDialog")
        self.setWindowTitle(self.tr("Who stands in for the branch head (R-TIME-8)"))
        self.store, self.actor_id = store, actor_id
        self._clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self._want_branch = branch_id
        self.info: exemptions.HeadInfo | None = None
        self.loaded = False  # the branch list arrived

        intro = QLabel(self.tr("A customer who cannot be reached is reported to the branch head (R-TIME-8). While a "
                               "branch has no active manager, the person named here receives those reports."), self)
        intro.setWordWrap(True)
        self.branch = QComboBox(self)
        self.branch.setObjectName("StandInBranch")
        self.person = QComboBox(self)
        self.person.setObjectName("StandInPerson")
        self.manager = QLabel(self)
        self.manager.setObjectName("StandInManager")
        self.banner = QLabel(self)
        self.banner.setObjectName("StandInWarning")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fdecea; color: #b71c1c; padding: 4px; border-radius: 3px;")
        self.banner.hide()
        self.message = QLabel(self)
        self.message.setObjectName("StandInMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Branch:"), self.branch)
        form.addRow(self.tr("Manager:"), self.manager)
        form.addRow(self.tr("&Stands in:"), self.person)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close,
                                        self)
        self.save_btn = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.banner)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.resize(560, 260)
        self.save_btn.setEnabled(False)
        self.branch.currentIndexChanged.connect(lambda _i: self._read_branch())
        self.person.currentIndexChanged.connect(lambda _i: self._show_state())
        store_ = store
        ReadOp(self, lambda: directory.branches(store_), self._branches).failure(self._failed).run()

    # ---- reading ------------------------------------------------------------------------------
    def branch_id(self) -> int | None:
        data = self.branch.currentData()
        return data if isinstance(data, int) else None

    def chosen(self) -> int | None:
        """The person chosen to stand in (None: nobody)."""
        data = self.person.currentData()
        return None if data is None or data == NOBODY else int(data)

    def _branches(self, rows) -> None:
        self.branch.blockSignals(True)
        for b in rows:
            self.branch.addItem(f"{b.name} ({b.code})", b.id)
        if self._want_branch is not None and (i := self.branch.findData(self._want_branch)) >= 0:
            self.branch.setCurrentIndex(i)
        self.branch.blockSignals(False)
        self.loaded = True
        self._read_branch()

    def _read_branch(self, keep: int | None = None) -> None:
        branch_id, store = self.branch_id(), self.store
        if branch_id is None:
            return
        self.info = None  # until this branch's state arrives: nothing to save
        self.save_btn.setEnabled(False)
        ReadOp(self, lambda: (exemptions.head_info(store, branch_id), exemptions.candidates(store, branch_id)),
               lambda got: self._branch_read(branch_id, keep, *got)).failure(self._failed).latest("branch").run()

    def _branch_read(self, branch_id: int, keep: int | None, info: exemptions.HeadInfo, people) -> None:
        if branch_id != self.branch_id():
            return
        self.info = info
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItem(self.tr("Nobody"), NOBODY)
        for pid, label in people:
            self.person.addItem(label, pid)
        if info.stand_in_id is not None and self.person.findData(info.stand_in_id) < 0:
            # named earlier, no longer able to stand in: shown as such so the admin replaces them
            self.person.addItem(self.tr("{0} (no longer active here)").format(info.stand_in), info.stand_in_id)
        want = keep if keep is not None else info.stand_in_id
        self.person.setCurrentIndex(max(0, self.person.findData(want if want is not None else NOBODY)))
        self.person.blockSignals(False)
        self.manager.setText(info.manager or self.tr("none (no active manager)"))
        self._show_state()

    def _show_state(self) -> None:
        info = self.info
        if info is None:
            return
        chosen = self.chosen()
        changed = chosen != info.stand_in_id
        self.save_btn.setEnabled(changed)
        if info.nobody:
            self.banner.setText(self.tr("{0} has no active manager and nobody to stand in: a customer's "
                                        "unreachability cannot be reported to a branch head (R-TIME-8), so it is "
                                        "refused until you name who stands in.").format(info.branch_name))
            self.banner.show()
        elif not info.manager and chosen is None:
            self.banner.setText(self.tr("{0} has no active manager: with nobody to stand in, a customer's "
                                        "unreachability could not be reported (R-TIME-8).").format(info.branch_name))
            self.banner.show()
        else:
            self.banner.hide()

    # ---- saving -------------------------------------------------------------------------------
    def save(self) -> None:
        """Save the choice; a refusal keeps the dialog open, the choice as it is, and says why."""
        branch_id, chosen = self.branch_id(), self.chosen()
        if branch_id is None or self.info is None:
            return
        store, actor, now = self.store, self.actor_id, self._clock()
        self.save_btn.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Saving…"))
        WriteOp(self, lambda: exemptions.set_stand_in(store, branch_id, chosen, actor_id=actor, now=now),
                lambda _changed: self._saved(branch_id, chosen)).failure(self._not_saved).run()

    def _saved(self, branch_id: int, chosen: int | None) -> None:
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Saved.") if chosen is not None
                             else self.tr("Saved: nobody stands in for the head of this branch."))
        self.sig_saved.emit(branch_id)
        if branch_id == self.branch_id():
            self._read_branch(keep=chosen)

    def _not_saved(self, exc: BaseException) -> None:
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.setText(self.tr("Not saved: {0}").format(i18n.render(exc)))
        self._show_state()  # the choice stays as it is: Save again once the problem is solved

    def _failed(self, exc: BaseException) -> None:
        if not notice(exc):  # a database out of reach is the banner's to say
            self.message.setStyleSheet("color: #b71c1c;")
            self.message.setText(i18n.render(exc))
