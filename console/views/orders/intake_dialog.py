"""Take a request (first contact): who, what, which materials are missing.

R-FIRST-1: the dispatcher who saves becomes the order's first-contact owner. R-FIRST-2: the
FULL checklist of the kind is shown and the dispatcher ticks what is MISSING, all at once; the
printable notice lists every missing item. R-FIRST-3: a request solved on the spot is closed
on the spot. R-TIME-0: with materials missing, the clock waits. R-TIME-9: an important
customer gets at least "important" priority.

Keyboard: Ctrl+Enter / Ctrl+S save, Ctrl+P save and print the notice, Esc cancels (asking
first when something was typed), Alt+1…9 tick checklist items, every field has a mnemonic.
Service errors are shown in the dialog and the user's input stays. The districts are read with
a ReadOp and the save is a WriteOp announcing the new order to every view; Save is disabled
while it is on its way, and the dialog keeps everything typed until it succeeded.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, Signal
from PySide6.QtGui import QKeySequence, QPageSize, QPdfWriter, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from console import i18n
from console.errors import StoreError, is_unreachable
from console.reports.materials_notice import materials_notice_html
from console.rules.materials import REQUIRED_MATERIALS, required_materials
from console.rules.urgency import at_least
from console.services.access import directory
from console.services.orders import intake
from console.services.orders.intake import IntakeResult, NoticeFacts
from console.terms import term
from console.views.kit import file_dialogs
from console.views.kit.labels import (
    channel_label,
    kind_label,
    priority_label,
    status_label,
)
from console.views.kit.ops import ReadOp, WriteOp
from console.views.orders.customer_search import CustomerSearch, describe
from console.vocabulary import Channel, OrderKind, Priority

UTC = dt.timezone.utc


def material_label(item: str) -> str:
    """A checklist item of console.rules.materials in the user's language (the core's catalogue)."""
    return i18n.render(item)


class IntakeDialog(QDialog):
    sig_ready = Signal()
    """The districts and the branch's accounts are loaded: the dialog is fully usable."""
    sig_saved = Signal(object)
    """The request was saved: carries the IntakeResult."""
    sig_notice_written = Signal(str)
    """The materials notice was written: carries the file path."""

    # ---- entry point and the questions tests replace ---------------------------------------
    @classmethod
    def ask(cls, store, *, branch_id: int, actor_id: int, parent=None, now_fn=None) -> int | None:
        """Run the dialog; the new order's id, or None when cancelled before saving."""
        dlg = cls(store, branch_id=branch_id, actor_id=actor_id, parent=parent, now_fn=now_fn)
        dlg.exec()
        return dlg.order_id

    @classmethod
    def choose_notice_file(cls, parent: QWidget, suggested: str) -> str | None:
        """Where to write the notice (PDF, or HTML by extension); None when cancelled."""
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return file_dialogs.save_file_name(
            parent, QCoreApplication.translate("IntakeDialog", "Save the materials notice"),
            str(Path(docs) / suggested),
            QCoreApplication.translate("IntakeDialog", "PDF document (*.pdf);;Web page (*.html)"),
            store=parent.store)

    @classmethod
    def print_notice(cls, parent: QWidget, html: str) -> bool:
        """Print through the system print dialog; False when cancelled or unavailable."""
        try:
            from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        except ImportError:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dlg = QPrintDialog(printer, parent)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        doc = QTextDocument()
        doc.setHtml(html)
        doc.print_(printer)
        return True

    @classmethod
    def confirm_discard(cls, parent: QWidget) -> bool:
        answer = QMessageBox.question(
            parent, QCoreApplication.translate("IntakeDialog", "Discard this request?"),
            QCoreApplication.translate("IntakeDialog", "The request has not been saved. Discard what you typed?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    # ---- construction ----------------------------------------------------------------------
    def __init__(self, store, *, branch_id: int, actor_id: int, parent=None, now_fn=None):
        super().__init__(parent)
        self.store = store
        self.branch_id = branch_id
        self.actor_id = actor_id
        self._now = now_fn or (lambda: dt.datetime.now(UTC))
        self.result_: IntakeResult | None = None
        self.facts: NoticeFacts | None = None
        self._saving = False
        self._want_notice = False
        self._districts_loaded = False
        self.checks: list[tuple[str, QCheckBox]] = []
        self.setWindowTitle(self.tr("Take a request"))
        self.setObjectName("IntakeDialog")

        self.search = CustomerSearch(store, branch_id, self, label=self.tr("&Find:"))
        self.picked_label = self._note("")
        self.walk_in = QCheckBox(self.tr("No account / &walk-in"), self)
        self.district = QComboBox(self)
        self.district.setEnabled(False)
        self.kind = self._combo(OrderKind, kind_label)
        self.channel = self._combo(Channel, channel_label)
        self.priority = self._combo(Priority, priority_label)
        self.priority_hint = self._note("")
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(self.tr("What does the customer ask for?"))
        self.description.setFixedHeight(70)
        self.materials_box = QGroupBox(self.tr("Materials — tick what is MISSING (R-FIRST-2)"), self)
        box_lay = QVBoxLayout(self.materials_box)
        self.boxes = [QCheckBox(self.materials_box) for _ in range(max(map(len, REQUIRED_MATERIALS.values())))]
        self.no_materials = QLabel(self.tr("Nothing is required for this kind of request."), self.materials_box)
        for w in (*self.boxes, self.no_materials):
            box_lay.addWidget(w)
        self.on_spot = QCheckBox(self.tr("Close on the sp&ot (R-FIRST-3)"), self)
        self.resolution = QLineEdit(self)
        self.resolution.setPlaceholderText(self.tr("What was done for the customer"))
        self.resolution.setEnabled(False)
        self.error = self._note("color: #b00020; font-weight: bold;")
        self.saved_label = self._note("color: #1b5e20;")
        self.saved_label.setTextFormat(Qt.TextFormat.RichText)
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # read out the number
        self.btn_save, self.btn_notice, self.btn_print, self.btn_export, self.btn_cancel = (
            QPushButton(text, self) for text in (
                self.tr("&Save"), self.tr("Save and &print notice…"), self.tr("&Print notice…"),
                self.tr("Save notice to fi&le…"), self.tr("Cancel")))
        self.btn_save.setToolTip(self.tr("Save the request (Ctrl+Enter, Ctrl+S)"))
        self.btn_notice.setToolTip(self.tr("Save, then write the notice of missing materials for the customer (Ctrl+P)"))
        for b in (self.btn_save, self.btn_notice, self.btn_print, self.btn_export, self.btn_cancel):
            b.setAutoDefault(False)  # Enter picks a customer; it never saves by accident
        self.btn_print.hide()
        self.btn_export.hide()
        self._layout()
        self._connect()
        self._rebuild_checklist()
        self._fix_tab_order()
        self._load_districts()
        self.resize(720, 760)
        self.search.setFocus()

    def _note(self, style: str) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setStyleSheet(style)
        return label

    def _combo(self, values, label) -> QComboBox:
        box = QComboBox(self)
        for v in values:
            box.addItem(label(v.value), v.value)
        return box

    def _layout(self) -> None:
        def buddy(text: str, widget: QWidget) -> QLabel:
            label = QLabel(text, self)
            label.setBuddy(widget)
            return label

        who = QGroupBox(self.tr("Customer"), self)
        who_lay = QVBoxLayout(who)
        who_lay.addWidget(self.search, 1)
        who_lay.addWidget(self.picked_label)
        walk_row = QHBoxLayout()
        walk_row.addWidget(self.walk_in)
        walk_row.addWidget(buddy(self.tr("&District:"), self.district))
        walk_row.addWidget(self.district, 1)
        who_lay.addLayout(walk_row)

        what = QGroupBox(self.tr("Request"), self)
        form = QFormLayout(what)
        row = QHBoxLayout()
        row.addWidget(self.kind, 1)
        row.addWidget(buddy(self.tr("C&hannel:"), self.channel))
        row.addWidget(self.channel, 1)
        row.addWidget(buddy(self.tr("Pr&iority:"), self.priority))
        row.addWidget(self.priority, 1)
        form.addRow(buddy(self.tr("&Kind:"), self.kind), row)
        form.addRow("", self.priority_hint)
        form.addRow(buddy(self.tr("D&escription:"), self.description), self.description)

        spot = QHBoxLayout()
        spot.addWidget(self.on_spot)
        spot.addWidget(buddy(self.tr("&Resolution:"), self.resolution))
        spot.addWidget(self.resolution, 1)

        buttons = QHBoxLayout()
        for b in (self.btn_save, self.btn_notice, self.btn_print, self.btn_export):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.btn_cancel)

        lay = QVBoxLayout(self)
        lay.addWidget(who, 3)
        for w in (what, self.materials_box):
            lay.addWidget(w)
        lay.addLayout(spot)
        for w in (self.error, self.saved_label):
            lay.addWidget(w)
        lay.addLayout(buttons)

    def _connect(self) -> None:
        self.search.sig_picked.connect(self._picked)
        self.search.sig_index_loaded.connect(lambda _n: self._check_ready())
        self.walk_in.toggled.connect(self._walk_in_toggled)
        self.kind.currentIndexChanged.connect(lambda _i: self._rebuild_checklist())
        self.on_spot.toggled.connect(self._on_spot_toggled)
        self.btn_save.clicked.connect(lambda: self.save())
        self.btn_notice.clicked.connect(lambda: self.save(notice=True))
        self.btn_print.clicked.connect(self._print_again)
        self.btn_export.clicked.connect(self._export_again)
        self.btn_cancel.clicked.connect(self.reject)
        for box in self.boxes:
            box.toggled.connect(lambda _on: self._update_buttons())
        for seq in ("Ctrl+Return", "Ctrl+Enter", QKeySequence.StandardKey.Save):
            QShortcut(QKeySequence(seq), self, activated=lambda: self.save())
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, activated=self._print_shortcut)

    def _load_districts(self) -> None:
        store, branch_id = self.store, self.branch_id
        ReadOp(self, lambda: directory.district_names(store, branch_id), self._districts_ready).failure(
            self._load_failed).run()

    def _districts_ready(self, names: dict[int, str]) -> None:
        for did, name in sorted(names.items(), key=lambda kv: kv[1]):
            self.district.addItem(name, did)
        self._districts_loaded = True
        self._check_ready()

    def _load_failed(self, exc: BaseException) -> None:
        self.error.setText(self.tr("Could not read the districts: {0}").format(i18n.render(exc)))

    @property
    def is_ready(self) -> bool:
        return self._districts_loaded and self.search.ready

    def _check_ready(self) -> None:
        if self.is_ready:
            self.sig_ready.emit()

    @property
    def order_id(self) -> int | None:
        return self.result_.order_id if self.result_ else None

    # ---- reactions -------------------------------------------------------------------------
    def _picked(self, hit, *, focus: bool = True) -> None:
        if hit is None:
            self.picked_label.setText(self.tr("No account picked yet: Enter picks the highlighted one."))
            self.priority_hint.clear()
            return
        self.picked_label.setText(self.tr("Customer: {0}").format(describe(hit)))
        if self.walk_in.isChecked():
            self.walk_in.setChecked(False)
        index = self.district.findData(hit.district_id)
        if index >= 0:
            self.district.setCurrentIndex(index)
        if hit.is_major:  # R-TIME-9: "call and we come"
            raised = at_least(self.priority.currentData())
            self.priority.setCurrentIndex(self.priority.findData(raised))
            self.priority_hint.setText(self.tr("Important customer ({0}): highest priority (R-TIME-9)").format(
                i18n.render(term(hit.major_category, of="client category")) if hit.major_category else ""))
        else:
            self.priority_hint.clear()
        if focus:
            self.kind.setFocus()

    def _walk_in_toggled(self, on: bool) -> None:
        self.district.setEnabled(on)
        if on:
            self.picked_label.setText(self.tr("Walk-in without an account: choose the district."))
            self.district.setFocus()
        else:
            self._picked(self.search.picked, focus=False)

    def _on_spot_toggled(self, on: bool) -> None:
        self.resolution.setEnabled(on)
        if on:
            self.resolution.setFocus()
        self._update_buttons()

    def _rebuild_checklist(self) -> None:
        """Show the FULL checklist of the chosen kind (R-FIRST-2) on the fixed set of boxes (so
        the tab order never changes); ticks of items the new kind also needs are kept."""
        ticked = set(self.missing())
        items = required_materials(self.kind.currentData())
        self.checks = list(zip(items, self.boxes))
        for n, box in enumerate(self.boxes, start=1):
            if n <= len(items):
                box.setText(f"&{n}  {material_label(items[n - 1])}")
                box.setChecked(items[n - 1] in ticked)
            else:
                box.setChecked(False)
            box.setVisible(n <= len(items))
        self.no_materials.setVisible(not items)
        self._update_buttons()

    def _fix_tab_order(self) -> None:
        chain = [self.search.edit, self.walk_in, self.district, self.kind, self.channel, self.priority,
                 self.description, *self.boxes, self.on_spot, self.resolution,
                 self.btn_save, self.btn_notice, self.btn_print, self.btn_export, self.btn_cancel]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

    def missing(self) -> list[str]:
        return [item for item, box in self.checks if box.isChecked()]

    def _update_buttons(self) -> None:
        editable = self.result_ is None and not self._saving
        self.btn_save.setEnabled(editable)
        self.btn_notice.setEnabled(editable and bool(self.missing()))
        self.on_spot.setToolTip(self.tr("Not possible while materials are missing (R-FIRST-2)")
                                if self.missing() else self.tr("The request was solved while the customer was here"))

    def is_dirty(self) -> bool:
        return bool(self.search.edit.text().strip() or self.description.toPlainText().strip()
                    or self.resolution.text().strip() or self.missing() or self.walk_in.isChecked())

    # ---- saving ----------------------------------------------------------------------------
    def _request(self) -> dict | str:
        """The service arguments, or a message saying what is missing in the form."""
        if self.walk_in.isChecked():
            if self.district.currentData() is None:
                return self.tr("Choose the district of the walk-in customer.")
            customer_id, district_id = None, self.district.currentData()
        elif self.search.picked is None:
            return self.tr("Pick the customer from the list (type, then Enter), or tick “No account / walk-in”.")
        else:
            customer_id, district_id = self.search.picked.id, None
        return dict(
            branch_id=self.branch_id, customer_id=customer_id, district_id=district_id,
            kind=self.kind.currentData(), channel=self.channel.currentData(),
            description=self.description.toPlainText(), priority=self.priority.currentData(),
            missing=self.missing(), actor_id=self.actor_id,
            close_on_the_spot=self.resolution.text() if self.on_spot.isChecked() else None, now=self._now(),
        )

    def _print_shortcut(self) -> None:
        if self.result_ is None:
            self.save(notice=True)
        elif self.facts is not None:
            self._print_again()

    def save(self, *, notice: bool = False) -> None:
        """Save in the background; on success show the number (and write the notice)."""
        if self._saving or self.result_ is not None:
            return
        req = self._request()
        if isinstance(req, str):
            self.error.setText(req)
            return
        self.error.clear()
        self._saving, self._want_notice = True, notice
        self._update_buttons()
        store = self.store

        def work():
            res = intake.take_request(store, **req)
            return res, (intake.notice_facts(store, res.order_id) if res.missing else None)

        WriteOp(self, work, self._saved).failure(self._save_failed).changes(lambda out: (out[0].order_id,)).run()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self._update_buttons()
        if is_unreachable(exc):  # everything typed stays in the dialog
            self.error.setText(self.tr("Not saved: {0}. Everything you entered is kept: save again once the "
                                       "database is back (the banner above the queue shows when).").format(i18n.render(exc)))
        elif isinstance(exc, StoreError):
            self.error.setText(self.tr("Not saved: {0}").format(i18n.render(exc)))
        else:
            self.error.setText(self.tr("Not saved, unexpected error: {0}").format(i18n.render(exc)))

    def _saved(self, outcome) -> None:
        self._saving = False
        self.result_, self.facts = outcome
        res = self.result_
        self._say(self.tr("Saved as order {0} — {1}.").format(res.number, status_label(res.status)), big=True)
        if res.missing:
            self._say(self.tr("Missing items: {0}. The time limit starts when they are complete (R-TIME-0).")
                      .format(len(res.missing)))
        for w in (self.search, self.walk_in, self.district, self.kind, self.channel, self.priority,
                  self.description, self.materials_box, self.on_spot, self.resolution):
            w.setEnabled(False)
        self.btn_save.hide()
        self.btn_notice.hide()
        self.btn_print.setVisible(self.facts is not None)
        self.btn_export.setVisible(self.facts is not None)
        self.btn_cancel.setText(self.tr("&Close"))
        self.btn_cancel.setDefault(True)
        self.btn_cancel.setFocus()
        self.sig_saved.emit(res)
        if self._want_notice and self.facts is not None:
            self._export_again()

    def _say(self, line: str, *, big: bool = False) -> None:
        """Add a line under the form after the save (the number first, large, to read out)."""
        text = f'<span style="font-size:14pt; font-weight:bold;">{escape(line)}</span>' if big else escape(line)
        old = self.saved_label.text()
        self.saved_label.setText(f"{old}<br>{text}" if old else text)

    # ---- the notice ------------------------------------------------------------------------
    def notice_html(self) -> str:
        f = self.facts
        assert f is not None
        limit = ""
        if f.order["limit"] is not None:  # e.g. "24 hours, R-TIME-1"
            unit = self.tr("{0} hours") if f.order["unit"] == "hours" else self.tr("{0} working days")
            limit = f"{unit.format(f.order['limit'])}, {f.order['rule_id']}"
        order = {**f.order, "kind": kind_label(f.order["kind"]), "limit_text": limit}
        return materials_notice_html(f.branch, order, f.customer, [material_label(m) for m in f.missing],
                                     [material_label(m) for m in f.required], f.taken_by, self._now())

    def _export_again(self) -> None:
        if self.facts is None:
            return
        suggested = self.tr("{0} materials notice.pdf").format(self.facts.order["number"])
        path = self.choose_notice_file(self, suggested)
        if not path:
            return
        try:
            written = write_notice(path, self.notice_html())
        except OSError as exc:
            self.error.setText(self.tr("The notice could not be written: {0}").format(i18n.render(exc)))
            return
        self.error.clear()
        self._say(self.tr("Notice written to {0}").format(written))
        self.sig_notice_written.emit(written)

    def _print_again(self) -> None:
        if self.facts is not None and not self.print_notice(self, self.notice_html()):
            self.error.setText(self.tr("The notice was not printed."))

    # ---- closing ---------------------------------------------------------------------------
    def reject(self) -> None:
        if self.result_ is not None:
            self.accept()  # saved: closing is not cancelling
            return
        if self._saving:
            return  # the write is on its way: wait for its answer
        if self.is_dirty() and not self.confirm_discard(self):
            return
        super().reject()


def write_notice(path: str, html: str) -> str:
    """Write the notice as PDF (A4, via QTextDocument) or, for .html/.htm, as a web page.
    Returns the path written (".pdf" added when the name has no extension)."""
    target = Path(path)
    if target.suffix.lower() in (".html", ".htm"):
        target.write_text(html, encoding="utf-8")
        return str(target)
    if not target.suffix:
        target = target.with_suffix(".pdf")
    writer = QPdfWriter(str(target))
    writer.setResolution(300)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setTitle(Path(path).stem)
    doc = QTextDocument()
    doc.setHtml(html)
    doc.print_(writer)  # paginates, scales fonts to the writer's resolution, ends the file
    if not target.exists():
        raise OSError(f"could not write {target}")
    return str(target)
