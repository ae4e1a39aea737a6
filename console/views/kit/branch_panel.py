"""BranchPanel: what every branch-scoped workspace view shares.

The store, who is on duty and what their role may do, the clock, the branch shown, a
one-row-selection table, and the panel's background work (``kit.ops``; the GUI thread never waits
on the database):

* :meth:`BranchPanel.load_latest` reads what the panel shows with a ``ReadOp(...).latest("load")``:
  only the newest load delivers, and a load that started before one of the panel's writes landed
  is dropped as well (it may have read the record as it was before that write).
* :meth:`BranchPanel.write` runs a change with a ``WriteOp`` and then, in the same worker, reads the
  panel again, so the change is on screen when the view says it is done. A failure of that second
  read does not make a saved write look failed: ``done`` gets ``None`` to show, and reloads.
* :meth:`BranchPanel.refused` says why a write was not done: the banner when the database is out of
  reach (``kit.connection.notice``), otherwise the service's own words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from console.rules.periods import CST
from console.services.access import permissions
from console.views.kit import drafts
from console.views.kit.ask import Ask
from console.views.kit.connection import notice
from console.views.kit.ops import ReadOp, WriteOp
from console import i18n


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
        self._landed = 0  # writes of this panel that landed: a load started before one is stale
        self._loads = 0  # loads started: only the newest shows its progress

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

    # ---- background work -----------------------------------------------------------------------
    def load_latest(self, fn: Callable[..., Any], on_done: Callable[[Any], None],
                    on_error: Callable[[BaseException], None], *,
                    progress: Callable[[float, str], None] | None = None, writes: bool = False) -> None:
        """Run `fn` off the GUI thread; `on_done(result)` or `on_error(exc)` only if no newer load
        started and no write of this panel landed since. With `progress`, `fn(report)` reports
        and `progress(fraction, message)` shows it (the newest load's only). `writes`: the load
        also writes (an idempotent pass before reading), so it runs on the write thread."""
        landed = self._landed
        self._loads += 1
        mine = self._loads

        def fresh(deliver: Callable[[Any], None]) -> Callable[[Any], None]:
            return lambda arg: deliver(arg) if landed == self._landed else None

        op = (WriteOp if writes else ReadOp)(self, fn, fresh(on_done)).failure(fresh(on_error)).latest("load")
        if progress is not None:
            op.progress(lambda f, m: progress(f, m) if mine == self._loads and landed == self._landed else None)
        op.run()

    def write(self, op: Callable[[], Any], done: Callable[[Any, Any], None],
              failed: Callable[[BaseException], None], *, reload: Callable[[], Any] | None = None,
              changes: Callable[[Any], Iterable[int]] | None = None,
              waiting: Callable[[Callable[[], Any], Callable[[Any], None], BaseException], bool] | None = None,
              typed: tuple[object, str] | None = None) -> None:
        """Run the write `op` on the write thread, then `reload()` (what the panel shows) in the same
        worker; `done(result, shown)` on the GUI thread (`shown` None when that read failed: the
        write is saved all the same). `changes(result)`: the orders it changed, announced to every
        view. `waiting(work, landed, exc)` may take a failure (True) instead of `failed`: a write
        the database did not get, kept to run again (kit.connection.keep_waiting). `typed` =
        (key, text): a text the user typed for this write; if the write is not done, the next
        :meth:`ask_text` of that key starts from it."""

        def work():
            out = op()
            if reload is None:
                return out, None
            try:
                return out, reload()
            except Exception:  # noqa: BLE001 - saved all the same: done() reloads what it shows
                return out, None

        def landed(res) -> None:
            self._landed += 1
            if typed is not None:
                drafts.drop(self._draft_key(typed[0]))
            done(*res)

        def failure(exc: BaseException) -> None:
            if waiting is not None and waiting(work, landed, exc):
                return
            if typed is not None:
                drafts.keep(self._draft_key(typed[0]), typed[1])
            failed(exc)

        w = WriteOp(self, work, landed).failure(failure)
        if changes is not None:
            w.changes(lambda res: changes(res[0]))
        w.run()

    def ask_text(self, key: object, title: str, label: str, *, default: str = "") -> str | None:
        """Ask.text for a write's required text, starting from what was typed for `key` when a
        write of it was last not done (see `typed` of :meth:`write`), else from `default`."""
        return Ask.text(self, title, label, default=default, draft=self._draft_key(key))

    def _draft_key(self, key: object) -> tuple:
        """The kit.drafts key of a text this panel asks for `key` (per kind of panel)."""
        return (type(self).__name__, key)

    def refused(self, title: str, exc: BaseException) -> None:
        """A write was not done: a database out of reach is the banner's to say; anything else is
        the service's refusal, in its words."""
        if not notice(exc):
            Ask.tell(self, title, i18n.render(exc))

    # ---- selection -----------------------------------------------------------------------------
    def selected(self):
        """The plain row behind the selected table row (views with `self.table` and `self.model`)."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def selected_id(self) -> int | None:
        r = self.selected()
        return r.id if r else None
