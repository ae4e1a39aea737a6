"""Advance notices (R-PROM-5): drafts, publishing 24 h ahead (or an emergency with a reason), the
SMS recipient list (CSV + Excel) and the TV caption; fee-expiry reminders in the second tab."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from console import i18n
from console.rules.periods import CST as CHINA
from console.services.access import directory
from console.services.notices import advance as nt
from console.views.kit.branch_panel import BranchPanel
from console.views.kit.flow_layout import FlowLayout
from console.views.kit.labels import china_time
from console.views.kit.live import Follow
from console.views.kit.ops import ReadOp
from console.views.notices import sms
from console.views.notices.fees import FeeRemindersView


def _qdt(value: dt.datetime) -> QDateTime:
    return QDateTime(value.astimezone(CHINA).replace(tzinfo=None, second=0, microsecond=0))


class NoticeEditor(QDialog):
    """A notice draft: kind, title, text, window, affected districts, emergency and its reason."""

    def __init__(self, districts: dict[int, str], start: dt.datetime, row: nt.NoticeRow | None = None, parent=None,
                 *, values: dict | None = None, error: str = ""):
        """`values` (what :meth:`values` returned) and `error`: the editor reopened after its save
        was refused, with everything as it was typed and the reason above the form."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit notice") if row else self.tr("New notice"))
        form = QFormLayout(self)
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Line maintenance"), "maintenance")
        self.kind.addItem(self.tr("Service change"), "service_change")
        self.title = QLineEdit(self)
        self.text = QPlainTextEdit(self)
        self.starts = QDateTimeEdit(_qdt(start), self)
        self.ends = QDateTimeEdit(_qdt(start + dt.timedelta(hours=3)), self)
        for w in (self.starts, self.ends):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.districts = QListWidget(self)
        for did, name in sorted(districts.items(), key=lambda kv: kv[1]):
            item = QListWidgetItem(name, self.districts)
            item.setData(Qt.ItemDataRole.UserRole, did)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.emergency = QCheckBox(self.tr("Emergency (may be published less than 24 h ahead, with a reason)"), self)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Why the customers cannot be told 24 hours ahead (R-PROM-5)"))
        self.elsewhere = QLabel(self)  # another console changed the draft meanwhile (kit.live.Follow)
        self.elsewhere.setWordWrap(True)
        self.elsewhere.hide()
        form.addRow(self.elsewhere)
        self.error = QLabel(error, self)  # why the last save was not done; what was typed is below
        self.error.setObjectName("NoticeError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(bool(error))
        form.addRow(self.error)
        form.addRow(self.tr("&Kind:"), self.kind)
        form.addRow(self.tr("&Title:"), self.title)
        form.addRow(self.tr("Te&xt:"), self.text)
        form.addRow(self.tr("&Starts:"), self.starts)
        form.addRow(self.tr("&Ends:"), self.ends)
        form.addRow(self.tr("Affected &districts:"), self.districts)
        form.addRow("", self.emergency)
        form.addRow(self.tr("Emergency &reason:"), self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if row is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(row.kind)))
            self.title.setText(row.title)
            self.text.setPlainText(row.text)
            self.starts.setDateTime(_qdt(row.starts_at))
            self.ends.setDateTime(_qdt(row.ends_at))
            self.emergency.setChecked(row.emergency)
            self.reason.setText(row.emergency_reason)
            for i in range(self.districts.count()):
                it = self.districts.item(i)
                if it.data(Qt.ItemDataRole.UserRole) in row.district_ids:
                    it.setCheckState(Qt.CheckState.Checked)
        if values is not None:
            self._fill(values)

    def _fill(self, v: dict) -> None:
        """Show `v` (what :meth:`values` returned) as typed."""
        self.kind.setCurrentIndex(max(0, self.kind.findData(v["kind"])))
        self.title.setText(v["title"])
        self.text.setPlainText(v["text"])
        self.starts.setDateTime(_qdt(v["starts_at"]))
        self.ends.setDateTime(_qdt(v["ends_at"]))
        self.emergency.setChecked(v["emergency"])
        self.reason.setText(v["emergency_reason"])
        for i in range(self.districts.count()):
            it = self.districts.item(i)
            it.setCheckState(Qt.CheckState.Checked if it.data(Qt.ItemDataRole.UserRole) in v["district_ids"]
                             else Qt.CheckState.Unchecked)

    def changed_elsewhere(self, text: str) -> None:
        """Another console changed the notice while this is open (what was typed stays)."""
        self.elsewhere.setText(text)
        self.elsewhere.show()

    def values(self) -> dict:
        ids = [self.districts.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.districts.count())
               if self.districts.item(i).checkState() == Qt.CheckState.Checked]
        return {"kind": self.kind.currentData(), "title": self.title.text(), "text": self.text.toPlainText(),
                "starts_at": self.starts.dateTime().toPython().replace(tzinfo=CHINA),
                "ends_at": self.ends.dateTime().toPython().replace(tzinfo=CHINA), "district_ids": ids,
                "emergency": self.emergency.isChecked(), "emergency_reason": self.reason.text()}

    @classmethod
    def ask(cls, parent, districts, start, row=None, *, values: dict | None = None, error: str = "") -> dict | None:
        dlg = cls(districts, start, row, parent, values=values, error=error)
        return dlg.values() if dlg.exec() == QDialog.DialogCode.Accepted else None


class NoticesView(BranchPanel):
    """Notices of one branch, and the fee-reminder tab."""

    sig_published = Signal(int)
    sig_exported = Signal(str)  # the SMS list's workbook was saved (its path)
    """A notice was published: carries its id."""
    sig_loaded = Signal(int)
    """The notices are on screen: carries their count."""

    def __init__(self, store, *, user_id_fn: Callable[[], int | None], now_fn: Callable[[], dt.datetime] | None = None,
                 parent=None):
        super().__init__(store, user_id_fn=user_id_fn, now_fn=now_fn, parent=parent)
        self.rows: list[nt.NoticeRow] = []
        self._districts: dict[int, str] = {}  # the branch's districts, read with the notices
        self._districts_of: int | None = None  # the branch they are of
        self.table = QTableWidget(0, 8, self)
        self.table.setObjectName("NoticeTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Title"), self.tr("Kind"), self.tr("Starts"), self.tr("Ends"), self.tr("Districts"),
            self.tr("Status"), self.tr("Published"), self.tr("Tagged orders")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.single_row_table(self.table, "NoticeTable")
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(4, 360)
        self.btn_new = QPushButton(self.tr("&New notice…"), self)
        self.btn_edit = QPushButton(self.tr("&Edit draft…"), self)
        self.btn_publish = QPushButton(self.tr("&Publish"), self)
        self.btn_publish.setToolTip(self.tr("R-PROM-5: at least 24 hours before the work starts"))
        self.btn_export = QPushButton(self.tr("Export SMS &list…"), self)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar = FlowLayout()  # the buttons wrap on a narrow screen
        for b in (self.btn_new, self.btn_edit, self.btn_publish, self.btn_export):
            bar.addWidget(b)
        page = QWidget(self)
        lay = QVBoxLayout(page)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.caption)
        # what another console changes shows here while the view is on screen (notices topic; the
        # orders are tagged by the console that lists them, so this read only reads)
        self.follow = Follow(self, read=lambda b: self._reader(b, tag=False),
                             show=lambda b, got: self._loaded(b, got), topics=("notices",))
        lay.addWidget(self.follow.note)
        self.fees = FeeRemindersView(store, user_id_fn=user_id_fn, now_fn=self._now, parent=self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(page, self.tr("Advance notices"))
        self.tabs.addTab(self.fees, self.tr("Fee-expiry reminders"))
        QVBoxLayout(self).addWidget(self.tabs)
        self.btn_new.clicked.connect(self.new_notice)
        self.btn_edit.clicked.connect(self.edit_notice)
        self.btn_publish.clicked.connect(self.publish)
        self.btn_export.clicked.connect(self.export)
        self.table.itemSelectionChanged.connect(self._selection)
        self.table.itemSelectionChanged.connect(lambda: self.follow.quiet(self.selected()))
        self._selection()

    def set_branch(self, branch_id: int) -> None:
        self.branch_id = branch_id
        self.fees.set_branch(branch_id)
        self.refresh()

    def _reader(self, branch_id: int, *, tag: bool) -> Callable[[], tuple[list[nt.NoticeRow], dict[int, str]]]:
        """The notices of the branch and its districts (the editor's choices); with `tag`, first tag
        the orders received in published notice windows (an idempotent pass, so on the write thread)."""
        store, now, user = self.store, self._now(), self._user()

        def load():
            if tag:
                nt.tag_orders(store, branch_id, actor_id=user, now=now)
            return nt.notices(store, branch_id), directory.district_names(store, branch_id)
        return load

    def refresh(self, keep: int | None = None) -> None:
        """Tag orders received in published notice windows (idempotent pass), then list the notices."""
        branch_id = self.branch_id
        if branch_id is None:
            return
        self.load_latest(self._reader(branch_id, tag=True), lambda got: self._loaded(branch_id, got, keep),
                         lambda exc: self.caption.setText(self.tr("Could not load notices: {0}").format(i18n.render(exc))),
                         writes=True)

    def _loaded(self, branch_id: int, got, keep: int | None = None) -> None:
        if branch_id != self.branch_id:
            return
        rows, self._districts = got
        self._districts_of = branch_id
        keep = keep if keep is not None else (self.selected().id if self.selected() else None)
        self.rows = rows
        kinds = {"maintenance": self.tr("Line maintenance"), "service_change": self.tr("Service change")}
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            status = self.tr("published") if r.status == "published" else self.tr("draft")
            if r.emergency:
                status += self.tr(" · emergency")
            published = f"{china_time(r.published_at)} · {r.published_by}" if r.published_at else ""
            for j, v in enumerate((r.title, kinds.get(r.kind, r.kind), china_time(r.starts_at), china_time(r.ends_at),
                                   "、".join(r.districts), status, published, str(r.tagged_orders))):
                item = QTableWidgetItem(v)
                item.setToolTip(v)
                self.table.setItem(i, j, item)
        i = next((k for k, r in enumerate(rows) if r.id == keep), 0)
        if rows:
            self.table.selectRow(i)
        self._selection()
        self.sig_loaded.emit(len(rows))

    def selected(self) -> nt.NoticeRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _selection(self) -> None:
        r = self.selected()
        self.btn_new.setEnabled(self.branch_id is not None and self._districts_of == self.branch_id)
        self.btn_edit.setEnabled(r is not None and r.status == "draft")
        self.btn_publish.setEnabled(r is not None and r.status == "draft")
        self.btn_export.setEnabled(r is not None and r.status == "published")

    def _write(self, write: Callable[[], object], keep: Callable[[object], int | None],
               then: Callable[[object], None] | None = None,
               failed: Callable[[BaseException], None] | None = None) -> None:
        """Write off the GUI thread; show the notices as they are now (selecting `keep(out)`), then
        `then(out)`. A refusal is shown in the service's words, or handed to `failed`."""
        branch_id = self.branch_id

        def done(out, got) -> None:
            if got is None:  # saved; the notices could not be read with it
                self.refresh(keep(out))
            else:
                self._loaded(branch_id, got, keep(out))
            if then is not None:
                then(out)

        self.write(write, done, failed or (lambda exc: self.refused(self.tr("Notice"), exc)),
                   reload=self._reader(branch_id, tag=False))

    def _not_saved(self, exc: BaseException) -> str:
        """The line an editor reopened after a refused save starts with."""
        return self.tr("Not saved: {0}").format(i18n.render(exc))

    def new_notice(self, values: dict | None = None, error: str = "") -> None:
        """A new draft; a save that was not done reopens the editor as typed, with the reason."""
        if self.branch_id is None or self._districts_of != self.branch_id:
            return
        got = NoticeEditor.ask(self, dict(self._districts), self._now() + dt.timedelta(days=2),
                               values=values, error=error)
        if got:
            store, branch_id, actor, now = self.store, self.branch_id, self._user(), self._now()
            self._write(lambda: nt.create_draft(store, branch_id=branch_id, actor_id=actor, now=now, **got),
                        lambda nid: nid, failed=lambda exc: self.new_notice(got, self._not_saved(exc)))

    def edit_notice(self, values: dict | None = None, error: str = "") -> None:
        r = self.selected()
        if r is None:
            return
        # another console's change to this draft is said, not read over the open editor
        with self.follow.editing(lambda got: next((x for x in got[0] if x.id == r.id), None), r,
                                 self.tr("the notice “{0}”").format(r.title)):
            got = NoticeEditor.ask(self, dict(self._districts), r.starts_at, r, values=values, error=error)
        if got:
            store, actor, now = self.store, self._user(), self._now()
            self._write(lambda: nt.update_draft(store, r.id, actor_id=actor, now=now, **got), lambda _out: r.id,
                        failed=lambda exc: self.edit_notice(got, self._not_saved(exc)))

    def publish(self) -> None:
        r = self.selected()
        if r is None:
            return
        store, actor, now, branch_id = self.store, self._user(), self._now(), self.branch_id

        def publish_and_sign():
            out = nt.publish(store, r.id, actor_id=actor, now=now)
            try:  # the names the SMS list's pages carry; published all the same if they cannot be read
                return out, directory.signature(store, branch_id, actor)
            except Exception:  # noqa: BLE001 - the list then names neither (the notice is published)
                return out, ("", "")

        def published(got) -> None:
            out, signed = got
            self.caption.setText(self.tr("TV caption ({0}/{1} characters): {2}\nSMS to {3} phones: {4}").format(
                len(out.caption), nt.CAPTION_LIMIT, out.caption, len(out.recipients), out.sms_text))
            self.sig_published.emit(r.id)
            self._export(r, out.recipients, out.sms_text, signed)

        self._write(publish_and_sign, lambda _out: r.id, published)

    def export(self) -> None:
        r = self.selected()
        if r is None:
            return
        store, branch_id = self.store, self.branch_id

        actor = self._user()

        def read():
            hotline = next((b.hotline for b in directory.branches(store) if b.id == branch_id), "")
            return (nt.recipients(store, r.id), nt.sms_text(r.title, r.text, hotline),
                    directory.signature(store, branch_id, actor))  # what the list's pages say

        ReadOp(self, read, lambda got: self._export(r, *got)).failure(
            lambda exc: self.refused(self.tr("Notice"), exc)).run()

    def _export(self, r: nt.NoticeRow, recipients, message: str, signed: tuple[str, str]) -> None:
        path = sms.ask_save_path(self, self.tr("Save the SMS list"), f"sms-{r.starts_at.astimezone(CHINA):%Y%m%d}-{r.id}.xlsx")
        if not path:
            return
        made_at = self._now()

        def write():
            return sms.export_sms(path, recipients, title=r.title, message=message, made_at=made_at, branch=signed[0],
                                  made_by=signed[1])

        def saved(paths) -> None:
            self.caption.setText(self.caption.text() + "\n" + self.tr("Saved {0} and {1}").format(*paths))
            self.sig_exported.emit(str(paths[1]))

        ReadOp(self, write, saved).failure(lambda exc: self.refused(self.tr("Save the SMS list"), exc)).run()
