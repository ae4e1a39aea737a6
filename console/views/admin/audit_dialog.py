"""Admin ▸ audit chain (R-ACC, R-INSP): verify the tamper-evident audit log from the console and
save its head for a manager to keep outside the database.

The walk is `console.services.audit.verify.verify` (the CLI's own check) run by a `ReadOp`
with progress, off the GUI thread; the dialog can be closed while it runs (the walk stops at its next chunk).
The result reads as the CLI's: "intact (N rows, head …)", or the first broken row named with
what it records and why it fails. "Save head…" writes the verified head as JSON (a `.jsonl`
file gets it appended as one ledger line, like `audit head --append`).

    AuditDialog.open_for(store, principal, parent)   # the Admin-menu entry
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)  # fmt: skip

from console.rules.periods import CST as CHINA
from console.services.access import permissions
from console.services.audit import verify as audit_verify
from console.views.kit import file_dialogs
from console.views.kit.ask import Ask
from console.views.kit.ops import ReadOp
from console import i18n


class _Stopped(Exception):
    """Raised in the worker by the progress callback once the dialog is closed."""


class AuditDialog(QDialog):
    """Verify the audit chain in the background; show intact or the first broken row; save the head."""

    sig_verified = Signal(object)
    """The walk finished: carries the VerifyResult (intact or broken)."""
    sig_failed = Signal(str)
    """The walk could not run (e.g. this login sees only part of the log): carries the message shown."""

    def __init__(self, store, *, parent=None, now_fn: Callable[[], dt.datetime] | None = None, start: bool = True):
        super().__init__(parent)
        self.store = store
        self._now = now_fn or (lambda: dt.datetime.now(dt.timezone.utc))
        self._stop = threading.Event()
        self.running = False
        self.result: audit_verify.VerifyResult | None = None
        self.broken_row: dict | None = None
        self.setWindowTitle(self.tr("Audit chain"))
        self.setMinimumSize(640, 320)
        intro = QLabel(self.tr("Every change in the console is an audit row chained to the one before it by a "
                               "SHA-256 hash (R-ACC, R-INSP). Verifying recomputes every hash: a row changed, "
                               "removed or inserted afterwards is named. Save the head and keep it outside the "
                               "database: a later check against it also catches removed newest rows."), self)
        intro.setWordWrap(True)
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.verdict.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.verdict.setFont(font)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.verify_button = QPushButton(self.tr("&Verify again"), self)
        self.verify_button.clicked.connect(self.start)
        self.save_button = QPushButton(self.tr("&Save head…"), self)
        self.save_button.setToolTip(self.tr("Write the verified head (rows, last row, hash, time) to a file the "
                                            "manager keeps outside the database; a .jsonl file is appended to"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save_head)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addSpacing(6)
        lay.addWidget(self.verdict)
        lay.addWidget(self.detail)
        lay.addWidget(self.progress)
        lay.addStretch(1)
        lay.addLayout(buttons)
        if start:
            self.start()

    # -- opening -------------------------------------------------------------------------------
    @classmethod
    def open_for(cls, store, principal, parent=None) -> AuditDialog | None:
        """The Admin-menu entry: a non-modal dialog that starts verifying at once. `principal`
        is the signed-in auth.Principal (or anything with `.role`); a role without the right is
        told who may (permissions.Action.AUDIT) and gets no dialog."""
        role = getattr(principal, "role", None)
        if role is None or not permissions.allowed(role, permissions.Action.AUDIT):
            Ask.tell(parent, QCoreApplication.translate("AuditDialog", "Audit chain"),
                     i18n.render(permissions.WHY[permissions.Action.AUDIT]))
            return None
        dlg = cls(store, parent=parent)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show()
        return dlg

    @classmethod
    def ask_path(cls, parent, suggested: str) -> str | None:
        """The file to save the head to (monkeypatched in tests)."""
        return file_dialogs.save_file_name(parent, parent.tr("Save the audit head"), suggested,
                                           parent.tr("Audit head (*.json);;Ledger of heads (*.jsonl)"),
                                           store=parent.store)

    # -- verifying -----------------------------------------------------------------------------
    def start(self) -> None:
        if self.running:
            return
        self.running, self.result, self.broken_row = True, None, None
        self._stop.clear()
        self.verify_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.verdict.setStyleSheet("")
        self.verdict.setText(self.tr("Verifying the audit chain…"))
        self.detail.setText(self.tr("You can close this window; the check stops."))
        store, stop = self.store, self._stop

        def work(progress):
            def report(fraction: float, message: str) -> None:
                if stop.is_set():
                    raise _Stopped
                progress(fraction, message)

            result = audit_verify.verify(store, progress=report)
            row = None if result.ok else audit_verify.describe_row(store, result.first_broken_id)
            return result, row

        ReadOp(self, work, self._done).failure(self._failed).progress(self._progress).run()

    def done(self, code: int) -> None:  # closing (Close, Esc, the window's ×) stops a running walk
        self._stop.set()
        self.running = False
        super().done(code)

    def _alive(self) -> bool:
        return not self._stop.is_set()

    def _progress(self, fraction: float, _message: str) -> None:
        if self._alive():
            self.progress.setValue(int(fraction * 100))

    def _done(self, outcome) -> None:
        if not self._alive():
            return
        result, row = outcome
        self.running, self.result, self.broken_row = False, result, row
        self.progress.setVisible(False)
        self.verify_button.setEnabled(True)
        if result.ok:
            self.verdict.setStyleSheet("color: #1b7a34;")
            self.verdict.setText(self.tr("intact ({0} rows, head {1})").format(result.rows,
                                                                              result.head or self.tr("(empty)")))
            self.detail.setText(self.tr("Every row still gives its stored hash and links to the row before it."))
            self.save_button.setEnabled(True)
        else:
            self.verdict.setStyleSheet("color: #b00020;")
            broken = sum(n for _, n in result.counts) or 1
            self.verdict.setText(self.tr("Broken at row {0}").format(result.first_broken_id) if broken == 1 else
                                 self.tr("{0} broken rows, the first at row {1}").format(broken, result.first_broken_id))
            what = ""
            if row:
                at = row["at"].astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S")
                entity = f"{row['entity']} {row['entity_id']}" if row["entity_id"] is not None else row["entity"]
                what = self.tr("That row records {0} on {1} at {2} China time{3}.").format(
                    row["action"], entity, at, self.tr(", by {0}").format(row["actor"]) if row["actor"] else "")
            others = "" if broken == 1 else self.tr("Every broken row:") + "\n" + "\n".join(
                i18n.render(x) for x in result.lines()[:20])
            self.detail.setText("\n".join(t for t in (
                what, i18n.render(result.reason),
                self.tr("{0} rows before it are intact. Keep this database as it is and tell the "
                        "provincial inspectors.").format(result.intact_before), others) if t))
        self.adjustSize()
        self.sig_verified.emit(result)

    def _failed(self, exc: BaseException) -> None:
        if not self._alive():
            return
        self.running = False
        self.progress.setVisible(False)
        self.verify_button.setEnabled(True)
        self.verdict.setStyleSheet("color: #b00020;")
        self.verdict.setText(self.tr("The audit chain could not be verified"))
        self.detail.setText(i18n.render(exc))
        self.adjustSize()
        self.sig_failed.emit(i18n.render(exc))

    # -- saving the head -----------------------------------------------------------------------
    def save_head(self) -> str | None:
        """Write the verified head to a file the manager chooses; returns the path written."""
        if self.result is None or not self.result.ok:
            return None
        now = self._now()
        path = self.ask_path(self, f"audit-head-{now.astimezone(CHINA):%Y%m%d-%H%M}.json")
        if not path:
            return None
        anchor = self.result.anchor(self.store.display_url, now=now)
        try:
            if path.endswith(".jsonl"):
                audit_verify.append_ledger(path, anchor)
            else:
                Path(path).write_text(anchor.to_json() + "\n", encoding="utf-8")
        except Exception as exc:  # noqa: BLE001 - StoreError / OSError in words
            Ask.tell(self, self.tr("Save the audit head"), i18n.render(exc))
            return None
        self.detail.setText(self.tr("Head saved to {0}. Keep it outside the database: "
                                    "'branch-console audit verify --head FILE' checks against it.").format(path))
        return path


__all__ = ["AuditDialog"]
