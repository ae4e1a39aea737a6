"""Policy dialog: the SLA time-limit table (RULES.md R-TIME-1..7, R-VISIT-1).

One row per kind × area with its limit and unit editable and its rule id shown. Saving writes a NEW
version (the service copies every row and replaces the changed ones) that takes effect immediately
or from a chosen China time; orders already received keep the version they were taken under.
The versions are read and the new one is written off the GUI thread; while it is written the table
is disabled, and the dialog closes only once it is saved (a refusal is shown in it, the edits kept).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from console import i18n
from console.errors import ConcurrentEditError
from console.rules.periods import CST
from console.rules.policy import Limit
from console.services.rulebook import policy_admin
from console.views.kit.ask import Ask
from console.views.kit.connection import notice
from console.views.kit.labels import kind_label
from console.views.kit.ops import ReadOp, WriteOp

COLUMNS = ("kind", "area", "limit", "unit", "rule_id")
CHANGED = QColor("#fff1b8")


def _china(t: dt.datetime) -> str:
    return f"{t.astimezone(CST):%Y-%m-%d %H:%M}"


class PolicyDialog(QDialog):
    sig_saved = Signal(int)
    """A new policy version was written: carries its number."""
    sig_loaded = Signal(int)
    """The latest version is on screen: carries its number."""

    def __init__(self, store, *, actor_id: int | None, clock: Callable[[], dt.datetime] | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.actor_id = actor_id
        self._clock = clock
        self.base: policy_admin.PolicyVersion | None = None  # None until the versions are read
        self.saving = False
        self.setWindowTitle(self.tr("Time limits (SLA policy)"))

        self.version_label = QLabel(self)
        self.version_label.setStyleSheet("font-weight: 600;")
        self.history_label = QLabel(self)
        self.history_label.setStyleSheet("color: #555;")
        self.history_label.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr("Order kind / clock"), self.tr("Area"), self.tr("Limit"),
                                              self.tr("Unit"), self.tr("Rule")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the spin and combo boxes take the keys
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)

        self.now_radio = QRadioButton(self.tr("Immediately"), self)
        self.from_radio = QRadioButton(self.tr("From (China time):"), self)
        group = QButtonGroup(self)
        group.addButton(self.now_radio)
        group.addButton(self.from_radio)
        self.now_radio.setChecked(True)
        self.when = QDateTimeEdit(self)
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setEnabled(False)
        self.from_radio.toggled.connect(self.when.setEnabled)
        effect = QHBoxLayout()
        effect.addWidget(QLabel(self.tr("Takes effect:"), self))
        effect.addWidget(self.now_radio)
        effect.addWidget(self.from_radio)
        effect.addWidget(self.when)
        effect.addStretch(1)

        note = QLabel(self.tr("A change applies to clocks that start after it: orders already received keep "
                              "the limits of the version they were taken under."), self)
        note.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: 600;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.save_btn = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_btn.setText(self.tr("&Save as new version…"))
        self.save_btn.setEnabled(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addWidget(self.version_label)
        lay.addWidget(self.history_label)
        lay.addWidget(self.table, 1)
        lay.addLayout(effect)
        lay.addWidget(note)
        lay.addWidget(self.summary)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.resize(760, 480)
        self.reload()

    # -- questions -------------------------------------------------------------------------------
    @classmethod
    def edit(cls, parent, store, *, actor_id: int | None, clock: Callable[[], dt.datetime] | None = None) -> int | None:
        """Show the dialog modally; the new version's number, or None when nothing was saved."""
        dlg = cls(store, actor_id=actor_id, clock=clock, parent=parent)
        saved: list[int] = []
        dlg.sig_saved.connect(saved.append)
        dlg.exec()
        return saved[-1] if saved else None

    # -- labels ----------------------------------------------------------------------------------
    def kind_text(self, kind: str) -> str:
        clocks = {"complaint_first_response": self.tr("Complaint: first response"),
                  "callback": self.tr("Callback after completion")}
        return clocks.get(kind) or kind_label(kind)

    def area_text(self, area: str) -> str:
        return {"urban": self.tr("City"), "rural": self.tr("Rural"), "any": self.tr("All areas")}.get(area, area)

    def unit_text(self, unit: str, n: int | None = None) -> str:
        word = {"hours": self.tr("hours"), "workdays": self.tr("working days")}[unit]
        return word if n is None else f"{n} {word}"

    # -- state -----------------------------------------------------------------------------------
    def now(self) -> dt.datetime:
        return self._clock() if self._clock else dt.datetime.now(dt.timezone.utc)

    def reload(self, then: Callable[[], None] | None = None) -> None:
        """Read the latest version (the one a new version builds on) off the GUI thread and show it;
        then `then()`."""
        store, now = self.store, self.now()

        def read():
            return policy_admin.versions(store), policy_admin.current_limits(store, now)[0]

        def not_read(exc: BaseException) -> None:
            notice(exc)  # out of reach: the banner says so too
            self.error.setText(self.tr("The time limits could not be read: {0}").format(i18n.render(exc)))

        ReadOp(self, read, lambda got: self._show(*got, now, then)).failure(not_read).latest("load").run()

    def _show(self, history: list[policy_admin.PolicyVersion], in_force: int, now: dt.datetime,
              then: Callable[[], None] | None) -> None:
        self.base = history[-1]
        who = self.base.created_by or self.tr("the regulation's defaults")
        if self.base.version == in_force:
            self.version_label.setText(self.tr("Version {0} — in force since {1} ({2})").format(
                self.base.version, _china(self.base.effective_from), who))
        else:
            self.version_label.setText(self.tr("Version {0} — scheduled from {1} ({2}); version {3} is in force now")
                                       .format(self.base.version, _china(self.base.effective_from), who, in_force))
        self.history_label.setText(self.tr("History: {0}").format("; ".join(
            self.tr("v{0} from {1}").format(v.version, _china(v.effective_from)) for v in history[-6:])))
        start = QDateTime(now.astimezone(CST).replace(tzinfo=None, second=0, microsecond=0)).addSecs(3600)
        self.when.setMinimumDateTime(QDateTime(now.astimezone(CST).replace(tzinfo=None, second=0, microsecond=0)))
        self.when.setDateTime(start)
        self.table.setRowCount(0)
        self.table.setRowCount(len(self.base.limits))
        for row, lim in enumerate(self.base.limits):
            self._fill_row(row, lim)
        self._changed()
        self.sig_loaded.emit(self.base.version)
        if then is not None:
            then()

    def _fill_row(self, row: int, lim: Limit) -> None:
        for col, text in ((0, self.kind_text(lim.kind)), (1, self.area_text(lim.area)), (4, lim.rule_id)):
            item = QTableWidgetItem(text)
            item.setToolTip(f"{lim.kind} / {lim.area} · {lim.rule_id}")
            self.table.setItem(row, col, item)
        spin = QSpinBox(self.table)
        spin.setRange(1, 9999)
        spin.setValue(lim.limit)
        spin.setAccessibleName(self.tr("Limit of {0}, {1}").format(self.kind_text(lim.kind), self.area_text(lim.area)))
        spin.valueChanged.connect(self._changed)
        unit = QComboBox(self.table)
        for key in policy_admin.UNITS:
            unit.addItem(self.unit_text(key), key)
        unit.setCurrentIndex(policy_admin.UNITS.index(lim.unit))
        unit.currentIndexChanged.connect(self._changed)
        self.table.setCellWidget(row, 2, spin)
        self.table.setCellWidget(row, 3, unit)

    def limit_box(self, kind: str, area: str) -> QSpinBox:
        return self.table.cellWidget(self._row(kind, area), 2)

    def unit_box(self, kind: str, area: str) -> QComboBox:
        return self.table.cellWidget(self._row(kind, area), 3)

    def _row(self, kind: str, area: str) -> int:
        for row, lim in enumerate(self.base.limits):
            if (lim.kind, lim.area) == (kind, area):
                return row
        raise KeyError((kind, area))

    def changes(self) -> dict[tuple[str, str], tuple[int, str]]:
        """What the table says now, where it differs from the version shown."""
        out = {}
        if self.base is None:
            return out
        for row, lim in enumerate(self.base.limits):
            value = (self.table.cellWidget(row, 2).value(), self.table.cellWidget(row, 3).currentData())
            if value != (lim.limit, lim.unit):
                out[lim.kind, lim.area] = value
        return out

    def describe(self, changes) -> list[str]:
        lines = []
        for lim in self.base.limits:
            if (lim.kind, lim.area) in changes:
                limit, unit = changes[lim.kind, lim.area]
                lines.append(self.tr("{0} ({1}, {2}): {3} → {4}").format(
                    self.kind_text(lim.kind), self.area_text(lim.area), lim.rule_id,
                    self.unit_text(lim.unit, lim.limit), self.unit_text(unit, limit)))
        return lines

    def _changed(self) -> None:
        changes = self.changes()
        for row, lim in enumerate(self.base.limits):
            bold = (lim.kind, lim.area) in changes
            for col in (0, 1, 4):
                item = self.table.item(row, col)
                item.setBackground(CHANGED if bold else QColor(0, 0, 0, 0))
                font = QFont(item.font())
                font.setBold(bold)
                item.setFont(font)
        self.save_btn.setEnabled(bool(changes) and not self.saving)
        self.summary.setText("\n".join(self.describe(changes)) if changes else self.tr("No change yet."))
        self.error.clear()

    # -- saving ----------------------------------------------------------------------------------
    def effective_from(self) -> dt.datetime | None:
        """None for "immediately", else the chosen China time as an aware instant."""
        if self.now_radio.isChecked():
            return None
        return self.when.dateTime().toPython().replace(tzinfo=CST)

    def save(self) -> None:
        changes = self.changes()
        if not changes or self.saving:
            return
        when = self.effective_from()
        start = self.tr("immediately") if when is None else self.tr("from {0} (China time)").format(_china(when))
        text = self.tr("Save these limits as policy version {0}, taking effect {1}?\n\n{2}\n\n"
                       "Orders already received keep the limits they were taken under.").format(
            self.base.version + 1, start, "\n".join(self.describe(changes)))
        if not Ask.confirm(self, self.windowTitle(), text):
            return
        store, actor, now, expected = self.store, self.actor_id, self.now(), self.base.version
        self._set_saving(True)
        WriteOp(self, lambda: policy_admin.set_limits(store, changes, actor_id=actor, effective_from=when, now=now,
                                                      expected_version=expected),
                self._saved).failure(self._not_saved).run()

    def _saved(self, version: int) -> None:
        self._set_saving(False)
        self.sig_saved.emit(version)
        self.accept()

    def _not_saved(self, exc: BaseException) -> None:
        self._set_saving(False)
        message = self.tr("Not saved: {0}").format(i18n.render(exc))
        if isinstance(exc, ConcurrentEditError):
            # shows what the other admin saved, with this admin's changes put back over it (marked
            # as changes again): nothing typed is lost, and Save builds on the new version
            mine, when = self.changes(), self.effective_from()
            self.reload(lambda: self._put_back(mine, when, message))
        elif notice(exc):  # out of reach: the banner says so; the edits stay for Save once it is back
            self.error.setText(self.tr("Not saved: {0}. Your changes are kept: save again once the database "
                                       "is back.").format(i18n.render(exc)))
        else:
            self.error.setText(message)

    def _put_back(self, mine: dict[tuple[str, str], tuple[int, str]], when: dt.datetime | None,
                  message: str) -> None:
        """After a reload: this admin's edits over the version now shown, and why it was not saved."""
        for (kind, area), (limit, unit) in mine.items():
            try:
                self.limit_box(kind, area).setValue(limit)
                box = self.unit_box(kind, area)
            except KeyError:  # the other version no longer has that limit
                continue
            box.setCurrentIndex(max(0, box.findData(unit)))
        if when is not None:
            self.from_radio.setChecked(True)
            self.when.setDateTime(QDateTime(when.astimezone(CST).replace(tzinfo=None)))
        self._changed()
        self.error.setText(message + " " + self.tr("Your changes are shown over the version saved meanwhile: "
                                                   "check them and save again."))

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        for w in (self.table, self.now_radio, self.from_radio):
            w.setEnabled(not saving)
        self.when.setEnabled(not saving and self.from_radio.isChecked())
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not saving)
        self.save_btn.setEnabled(not saving and bool(self.changes()))

    def reject(self) -> None:
        if not self.saving:  # a save in flight finishes first: its outcome is shown here
            super().reject()
