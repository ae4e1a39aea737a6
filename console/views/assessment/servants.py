"""Who serves a district (R-ZONE-2/5) on screen: the published changes, and the change itself.

``ServantChangesDialog`` lists every change of who serves a district (district, from → to, from
which day, when, by whom, why, the phones published with it), for a branch or one district, and
opens ``ChangeServantDialog`` — the form a branch manager or an admin changes the servant with
(maintainer, service and supervision phones, from which day, why, and optionally a new photo).

The form stays open with everything typed when the change is refused or the database cannot be
reached, and says why; the reason is also kept as a draft (``kit.drafts``) until it is saved.
Reads and the write run off the GUI thread (``kit.ops``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from console import i18n
from console.rules.periods import CST
from console.services.assessment import servants as S
from console.views.kit import drafts
from console.views.kit.file_dialogs import open_file_name
from console.views.kit.ops import ReadOp, WriteOp


def draft_key(district_id: int) -> str:
    return drafts.key("district_servant", district_id)


def _china(t: dt.datetime | None) -> str:
    return t.astimezone(CST).strftime("%Y-%m-%d %H:%M") if t is not None else "—"


class ChangeServantDialog(QDialog):
    """The change of who serves one district (R-ZONE-5), by a manager of its branch or an admin."""

    sig_loaded = Signal(object)
    """The district's current servant is on screen: carries the services' Servant."""
    sig_saved = Signal(object)
    """The change was saved: carries its ServantChange."""
    sig_failed = Signal(str)
    """The change was not saved: carries the message shown."""

    def __init__(self, store, district_id: int, *, user_id_fn: Callable[[], int | None] | None = None,
                 now_fn: Callable[[], dt.datetime] | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("ChangeServantDialog")
        self.setWindowTitle(self.tr("Change who serves the district (R-ZONE-5)"))
        self.setMinimumWidth(560)
        self.store, self.district_id = store, district_id
        self._user = user_id_fn or (lambda: None)
        self._now = now_fn or (lambda: dt.datetime.now(dt.timezone.utc))
        self.servant: S.Servant | None = None
        self.photo: bytes | None = None
        self.current = QLabel(self.tr("Reading the district…"), self)
        self.current.setWordWrap(True)
        self.maintainer = QComboBox(self)
        self.service_phone = QLineEdit(self)
        self.supervision_phone = QLineEdit(self)
        for edit in (self.service_phone, self.supervision_phone):
            edit.setMaxLength(S.PHONE_MAX)
        self.valid_from = QDateEdit(self)
        self.valid_from.setCalendarPopup(True)
        self.valid_from.setDisplayFormat("yyyy-MM-dd")
        today = self._now().astimezone(CST).date()
        self.valid_from.setDate(QDate(today.year, today.month, today.day))
        self.reason = QPlainTextEdit(self)
        self.reason.setPlaceholderText(self.tr("Why the district changes hands (published with the change)"))
        self.reason.setPlainText(drafts.recall(draft_key(district_id)))
        self.reason.setMaximumHeight(90)
        self.photo_label = QLabel(self.tr("Keep the maintainer's current photo"), self)
        self.photo_preview = QLabel(self)
        self.photo_preview.setFixedSize(60, 80)
        choose = QPushButton(self.tr("Choose a new &photo (PNG)…"), self)
        choose.clicked.connect(self.choose_photo)
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photo_preview)
        photo_row.addWidget(self.photo_label, 1)
        photo_row.addWidget(choose)
        form = QFormLayout()
        form.addRow(self.tr("&Maintainer:"), self.maintainer)
        form.addRow(self.tr("&Service phone:"), self.service_phone)
        form.addRow(self.tr("S&upervision phone:"), self.supervision_phone)
        form.addRow(self.tr("Serves &from:"), self.valid_from)
        form.addRow(self.tr("&Reason:"), self.reason)
        form.addRow(self.tr("Photo:"), photo_row)
        self.error = QLabel(self)
        self.error.setObjectName("ServantError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b71c1c")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Publish the change"))
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.current)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        ReadOp(self, lambda: S.servant(store, district_id), self._loaded).failure(
            lambda exc: self.current.setText(self.tr("Could not read the district: {0}").format(i18n.render(exc)))).run()

    def _loaded(self, servant: S.Servant) -> None:
        self.servant = servant
        if servant.maintainer_id is None:
            self.current.setText(self.tr("{0}: nobody serves it now.").format(servant.district))
        else:
            self.current.setText(self.tr("{0}: served by {1} ({2}) since {3}; service phone {4}, supervision phone "
                                         "{5}.").format(servant.district, servant.maintainer, servant.work_number,
                                                        servant.valid_from.isoformat(), servant.service_phone,
                                                        servant.supervision_phone))
        for mid, name, number in servant.candidates:
            self.maintainer.addItem(f"{name} ({number})", mid)
        self.maintainer.setCurrentIndex(max(0, self.maintainer.findData(servant.maintainer_id)))
        if not self.service_phone.text():
            self.service_phone.setText(servant.service_phone)
        if not self.supervision_phone.text():
            self.supervision_phone.setText(servant.supervision_phone)
        self.save_button.setEnabled(True)
        self.adjustSize()  # the wrapped line about who serves now is longer than "Reading…"
        self.sig_loaded.emit(servant)

    def choose_photo(self) -> None:
        path = open_file_name(self, self.tr("The maintainer's photo"), "", self.tr("PNG images (*.png)"),
                              store=self.store)
        if not path:
            return
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            self.error.setText(self.tr("Could not read {0}: {1}").format(path, exc.strerror or exc))
            return
        self.set_photo(data, Path(path).name)

    def set_photo(self, data: bytes, name: str = "") -> None:
        """A new photo for the maintainer, published with the change (R-ZONE-2)."""
        pixmap = QPixmap()
        if not pixmap.loadFromData(data, "PNG"):
            self.error.setText(self.tr("{0} is not a PNG image: the photo stays as it was.").format(name or "?"))
            return
        self.photo = data
        self.error.clear()
        self.photo_preview.setPixmap(pixmap.scaled(60, 80, Qt.AspectRatioMode.KeepAspectRatio))
        self.photo_label.setText(self.tr("New photo: {0}").format(name) if name else self.tr("New photo"))

    def values(self) -> dict:
        d = self.valid_from.date()
        return {"maintainer_id": self.maintainer.currentData(), "service_phone": self.service_phone.text(),
                "supervision_phone": self.supervision_phone.text(),
                "valid_from": dt.date(d.year(), d.month(), d.day()), "reason": self.reason.toPlainText(),
                "photo": self.photo}

    def save(self) -> None:
        if self.maintainer.currentData() is None:
            self._failed_text(self.tr("Choose the maintainer who serves the district."))
            return
        args = self.values()
        store, district_id, actor, now = self.store, self.district_id, self._user(), self._now()
        self.save_button.setEnabled(False)
        self.error.clear()

        def work():
            return S.change_servant(store, district_id, actor_id=actor, now=now, **args)

        WriteOp(self, work, self._saved).keeps(draft_key(district_id), args["reason"]).failure(self._failed).run()

    def _saved(self, change: S.ServantChange) -> None:
        self.sig_saved.emit(change)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._failed_text(self.tr("Nothing was saved: {0}").format(i18n.render(exc)) + " " + drafts.kept_line())

    def _failed_text(self, text: str) -> None:
        self.save_button.setEnabled(self.servant is not None)
        self.error.setText(text)
        self.sig_failed.emit(text)


class ServantChangesDialog(QDialog):
    """Every published change of who serves a district (R-ZONE-5), newest first."""

    sig_loaded = Signal(object)
    """The list is on screen: carries the ServantChanges."""
    sig_changed = Signal(object)
    """A change made from this list was saved: carries its ServantChange."""

    COLUMNS = ("district", "before", "after", "valid_from", "changed_at", "changed_by", "reason", "phones")

    def __init__(self, store, *, branch_id: int | None = None, district_id: int | None = None,
                 user_id_fn: Callable[[], int | None] | None = None,
                 now_fn: Callable[[], dt.datetime] | None = None, may_change: bool = True, parent=None):
        super().__init__(parent)
        self.setObjectName("ServantChangesDialog")
        self.setWindowTitle(self.tr("Who serves the districts: published changes (R-ZONE-5)"))
        self.resize(900, 420)
        self.store, self.branch_id, self.district_id = store, branch_id, district_id
        self._user, self._now = user_id_fn, now_fn
        self.changes: list[S.ServantChange] = []
        self.change_dialog: ChangeServantDialog | None = None
        self.summary = QLabel(self.tr("Reading the changes…"), self)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("ServantChanges")
        self.table.setHorizontalHeaderLabels([
            self.tr("District"), self.tr("From"), self.tr("To"), self.tr("Serves from"), self.tr("Changed at"),
            self.tr("Changed by"), self.tr("Reason"), self.tr("Phones (service / supervision)")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.change_button = QPushButton(self.tr("&Change who serves this district…"), self)
        self.change_button.setVisible(district_id is not None and may_change)
        self.change_button.clicked.connect(self.open_change)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.change_button)
        bar.addStretch(1)
        bar.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addLayout(bar)
        self.refresh()

    def refresh(self) -> None:
        store, branch_id, district_id = self.store, self.branch_id, self.district_id
        ReadOp(self, lambda: S.changes(store, branch_id=branch_id, district_id=district_id), self._loaded).failure(
            lambda exc: self.summary.setText(self.tr("Could not read the changes: {0}").format(i18n.render(exc)))
        ).latest("changes").run()

    def _loaded(self, changes: list[S.ServantChange]) -> None:
        self.changes = changes
        self.table.setRowCount(len(changes))
        for r, c in enumerate(changes):
            cells = (c.district, c.before or "—", c.after, c.valid_from.isoformat(), _china(c.changed_at),
                     c.changed_by or "—", c.reason or "—",
                     f"{c.service_phone} / {c.supervision_phone}" if c.service_phone else "—")
            for k, text in enumerate(cells):
                self.table.setItem(r, k, QTableWidgetItem(text))
        self.summary.setText(self.tr("{0} changes, newest first.").format(len(changes)) if changes
                             else self.tr("No change of who serves a district has been published yet."))
        self.sig_loaded.emit(changes)

    def open_change(self) -> ChangeServantDialog | None:
        if self.district_id is None:
            return None
        self.change_dialog = ChangeServantDialog(self.store, self.district_id, user_id_fn=self._user,
                                                 now_fn=self._now, parent=self)
        self.change_dialog.sig_saved.connect(self._changed)
        self.change_dialog.show()
        return self.change_dialog

    def _changed(self, change: S.ServantChange) -> None:
        self.refresh()
        self.sig_changed.emit(change)
