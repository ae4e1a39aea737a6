"""Fee-expiry reminders (R-PROM-5): accounts expiring in the next N days (default 15); export the
ones not yet reminded as an SMS list and record each reminder so nobody is reminded twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from console.rules.periods import CST as CHINA
from console.services.access import directory, permissions
from console.services.notices import fees
from console.views.kit.ask import Ask
from console.views.kit.connection import notice
from console.views.kit.flow_layout import FlowLayout
from console.views.kit.labels import china_time
from console.views.kit.ops import ReadOp, WriteOp
from console.views.notices import sms
from console import i18n


class FeeRemindersView(QWidget):
    sig_reminded = Signal(int)
    """Reminders were recorded: carries how many."""

    def __init__(self, store, *, user_id_fn: Callable[[], int | None], now_fn: Callable[[], dt.datetime], parent=None):
        super().__init__(parent)
        self.store = store
        self._user = user_id_fn
        self._now = now_fn
        self.branch_id: int | None = None
        self.rows: list[fees.Expiring] = []
        self.days = QSpinBox(self)
        self.days.setRange(1, 90)
        self.days.setValue(fees.DEFAULT_DAYS)
        self.days.setSuffix(self.tr(" days"))
        self.days.valueChanged.connect(self.refresh)
        self.btn_send = QPushButton(self.tr("Export SMS list and &record reminders…"), self)
        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("FeeTable")
        self.table.setHorizontalHeaderLabels([self.tr("Account"), self.tr("Name"), self.tr("Phone"),
                                              self.tr("District"), self.tr("Expires"), self.tr("Reminded")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.status = QLabel(self)
        bar = FlowLayout()  # wraps on a narrow screen
        bar.add_group(QLabel(self.tr("Accounts expiring within"), self), self.days)
        bar.addWidget(self.btn_send)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.status)
        self.btn_send.clicked.connect(self.send)

    def today(self) -> dt.date:
        return self._now().astimezone(CHINA).date()

    def set_branch(self, branch_id: int) -> None:
        self.branch_id = branch_id
        self.refresh()

    def _reader(self, branch_id: int) -> Callable[[], list[fees.Expiring]]:
        store, today, days = self.store, self.today(), self.days.value()
        return lambda: fees.expiring(store, branch_id, today, days)

    def refresh(self, *_args) -> None:
        branch_id = self.branch_id
        if branch_id is None:
            return
        ReadOp(self, self._reader(branch_id), lambda rows: self._loaded(branch_id, rows)).failure(
            lambda exc: self.status.setText(self.tr("Could not load accounts: {0}").format(i18n.render(exc)))).latest(
            "load").run()  # only the newest number of days asked for lands

    def pending(self) -> list[fees.Expiring]:
        return [r for r in self.rows if r.reminded_at is None]

    def _loaded(self, branch_id: int, rows: list[fees.Expiring]) -> None:
        if branch_id != self.branch_id:
            return
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            reminded = f"{china_time(r.reminded_at)} · {r.reminded_by}" if r.reminded_at else self.tr("not yet")
            for j, v in enumerate((r.account_no, r.name, r.phone, r.district, r.expires_on.isoformat(), reminded)):
                self.table.setItem(i, j, QTableWidgetItem(v))
        self.status.setText(self.tr("{0} accounts expiring, {1} not yet reminded").format(len(rows), len(self.pending())))
        self.btn_send.setEnabled(bool(self.pending()))

    def _refused(self, exc: BaseException) -> None:
        if not notice(exc):  # out of reach: the banner says so
            Ask.tell(self, self.tr("Fee reminders"), i18n.render(exc))

    def send(self) -> None:
        """R-PROM-5: who may send reminders is checked (off the GUI thread) before the SMS file is
        asked for and written; then the reminders are recorded, so nobody is reminded twice."""
        todo, branch_id = self.pending(), self.branch_id
        if not todo or branch_id is None:
            return
        store, actor = self.store, self._user()
        self.btn_send.setEnabled(False)  # not sent twice while it runs

        def allowed() -> tuple[str, tuple[str, str]]:
            with store.read() as s:
                permissions.require(s, actor, permissions.Action.FEE_REMIND, branch_id=branch_id)
            hotline = next((b.hotline for b in directory.branches(store) if b.id == branch_id), "")
            return hotline, directory.signature(store, branch_id, actor)  # what the list's pages say

        def not_sent(exc: BaseException) -> None:
            self.btn_send.setEnabled(bool(self.pending()))
            self._refused(exc)

        ReadOp(self, allowed, lambda got: self._write_list(branch_id, todo, *got)).failure(not_sent).run()

    def _write_list(self, branch_id: int, todo: list[fees.Expiring], hotline: str, signed: tuple[str, str]) -> None:
        self.btn_send.setEnabled(bool(self.pending()))
        path = sms.ask_save_path(self, self.tr("Save the reminder SMS list"), f"fee-reminders-{self.today():%Y%m%d}.xlsx")
        if not path:
            return
        message = fees.sms_text(hotline, todo[0].expires_on).replace(f"{todo[0].expires_on:%Y年%m月%d日}", "{到期日}")
        recipients, title, made_at = [r.recipient() for r in todo], self.tr("Fee-expiry reminders"), self._now()
        self.btn_send.setEnabled(False)
        self.status.setText(self.tr("Saving the SMS list…"))

        def write():
            return sms.export_sms(path, recipients, title=title, message=message, made_at=made_at, branch=signed[0],
                                  made_by=signed[1])

        def not_written(exc: BaseException) -> None:  # nothing recorded: the list was not saved
            self.btn_send.setEnabled(bool(self.pending()))
            self.status.setText(self.tr("The SMS list was not saved, no reminder was recorded: {0}").format(
                i18n.render(exc)))

        ReadOp(self, write, lambda _paths: self._record(branch_id, todo)).failure(not_written).run()

    def _record(self, branch_id: int, todo: list[fees.Expiring]) -> None:
        store, actor, now, reload = self.store, self._user(), self._now(), self._reader(branch_id)

        def record():
            n = fees.record_reminders(store, branch_id, [(r.customer_id, r.expires_on) for r in todo],
                                      actor_id=actor, now=now)
            try:
                return n, reload()
            except Exception:  # noqa: BLE001 - recorded all the same: the list is read again below
                return n, None

        def recorded(got) -> None:
            n, rows = got
            if rows is None:
                self.refresh()
            else:
                self._loaded(branch_id, rows)
            self.status.setText(self.status.text() + " · " + self.tr("{0} reminders recorded").format(n))
            self.sig_reminded.emit(n)

        def not_recorded(exc: BaseException) -> None:
            self.btn_send.setEnabled(bool(self.pending()))
            self._refused(exc)

        WriteOp(self, record, recorded).failure(not_recorded).run()
