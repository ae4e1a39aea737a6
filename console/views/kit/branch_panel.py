"""BranchPanel: what every branch-scoped workspace view shares.

The store, who is on duty and what their role may do, the clock, the branch shown, a one-row-selection table, and
background loads where only the latest one lands (an older load finishing after a newer
reload or a write is dropped).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from console.rules.periods import CST
from console.services.access import permissions
from console.views.kit.ops import run_task


class BranchPanel(QWidget):
    def __init__(self, store, *, user_id_fn: Callable[[], int | None] | None = None,
                 now_fn: Callable[[], dt.datetime] | None = None,
                 role_fn: Callable[[], str | None] | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self._user = user_id_fn or (lambda: None)
        self._now = now_fn or (lambda: dt.datetime.now(dt.timezone.utc))
        self._role = role_fn  # the signed-in role, read at use time; None: the services decide alone
        self.branch_id: int | None = None
        self._gen = 0

    def today(self) -> dt.date:
        """Today in China (R-TIME deadlines and the views' dates are China time)."""
        return self._now().astimezone(CST).date()

    def may(self, *actions: permissions.Action) -> bool:
        """The signed-in role has one of `actions` (console.services.access.permissions), so the button is
        enabled; without a role_fn the service decides when the button is pressed."""
        if self._role is None:
            return True
        role = self._role()
        return role is not None and any(permissions.allowed(role, a) for a in actions)

    @staticmethod
    def single_row_table(table: QTableView, name: str) -> QTableView:
        """Row selection, one row at a time, columns sized to their content."""
        table.setObjectName(name)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().hide()
        return table

    def set_branch(self, branch_id: int) -> None:
        self.branch_id = branch_id
        self.refresh()

    def refresh(self) -> None:  # pragma: no cover - every panel defines its own
        raise NotImplementedError

    def supersede(self) -> int:
        """Start a new generation: loads started before now will be dropped."""
        self._gen += 1
        return self._gen

    def load_latest(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
                    on_error: Callable[[BaseException], None]) -> None:
        """Run `fn` off the GUI thread; `on_done` only if no newer load or write came since."""
        gen = self.supersede()
        run_task(fn, lambda result: gen == self._gen and on_done(result), lambda exc, _tb: on_error(exc))

    def selected(self):
        """The plain row behind the selected table row (views with `self.table` and `self.model`)."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def selected_id(self) -> int | None:
        r = self.selected()
        return r.id if r else None
