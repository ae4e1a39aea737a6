"""The main window's queue data: branches, the branch's people and open orders, changed rows.

A mixin of `MainWindow` (it uses the window's queue, pane, map, alerts, workspaces and status
bar). Every read is a ReadOp (console.views.kit.ops): the GUI thread never waits on the database.
Texts use QCoreApplication.translate("MainWindow", …), the context `self.tr` has at run time (lupdate
files a mixin's `self.tr` under the mixin's name).

* The open orders of a branch are read whole when it is shown (a branch switch, F5, changed
  rules, the database back); only the newest such read delivers. The reader's thread also makes
  everything the queue keeps (`queue_keys.prepare`), so the GUI thread only swaps it in. When the
  queue shows another branch (or none), the most urgent orders (`services.orders.queue.most_urgent`,
  the database's R-TIME-9 order) are on screen first, while the rest is read; a reload (F5) keeps
  the rows on screen until the whole queue is in.
* An order changed at this console (`hub().sig_orders_changed`, or `order_changed` for one
  created elsewhere in the window) is read again alone (`services.orders.queue.order_row`) and
  changes its one row of the queue (`QueuePanel.update_rows`); the map follows. When two reads of
  the same order overlap, only the newest applies; a whole read that started before a change
  applied meanwhile keeps the newer row (by the order's version).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from console import i18n
from console.errors import is_unreachable
from console.services.access import directory
from console.services.orders import queue as orders
from console.services.orders.queue import OrderRow
from console.views.kit.connection import notice
from console.views.kit.ops import OrderChanges, ReadOp
from console.views.kit.settings import LAST_BRANCH
from console.views.orders import queue_keys
from console.views.orders.queue_keys import Prepared


FIRST_PAINT_WAIT_S = 1.0  # the whole read waits at most this for the first screenful to be painted


class _FirstScreen(QObject):
    """Carries a read's first screenful from the reader's thread to the GUI thread (queued)."""

    sig_ready = Signal(int, int, object)
    """(the read's serial, its branch, (a partial queue_keys.Prepared, a threading.Event set once it
    is on screen or dropped))."""


class QueueFeedMixin:
    def _init_feed(self) -> None:
        self._first = _FirstScreen(self)
        self._first.sig_ready.connect(self._first_screen)
        self._orders_serial = 0  # whole reads of the open orders started: only the newest's first screen shows
        self._whole_in = True  # the newest whole read has delivered
        self._shown_branch: int | None = None  # the branch whose whole queue the queue shows
        self._loading = False  # the open orders are being read
        self._closed = False  # the window closed: late failures are not shown
        self._prefetch: int | None = None  # the branch whose open orders are being read ahead
        self._ahead: Prepared | None = None  # they arrived before the branch list did
        self._ahead_first: tuple[int, tuple] | None = None  # so did their first screenful: (serial, it)
        self._district_ids: frozenset[int] | None = None  # the current branch's districts
        self._row_serial = 0  # reads of changed orders: only the newest of each order applies
        self._row_ticket: dict[int, int] = {}
        self._since_load: dict[int, OrderRow | None] = {}  # rows applied while a whole read runs
        self._select_when_shown: int | None = None  # an order to select once its row arrives

    def _load_people(self, branch_id: int) -> None:
        """The branch's staff and districts, for the queue's pickers (off the GUI thread)."""
        store = self.store

        def read():
            return directory.staff_of_branch(store, branch_id), directory.district_names(store, branch_id)

        ReadOp(self, read, lambda got: self._people_loaded(branch_id, *got)).failure(self._load_failed).latest(
            "people").run()

    def _people_loaded(self, branch_id: int, people, districts: dict[int, str]) -> None:
        if branch_id != self._branch_id:
            return
        self.people = {p.id: p for p in people}
        self._district_ids = frozenset(districts)
        self.queue.set_choices(
            districts, {p.id: p.label for p in people if p.role == "maintainer" and p.branch_id == branch_id})
        self.queue.restore_pickers()

    def reload_branches(self) -> None:
        """Read the branches (off the GUI thread); the switcher offers those the person may see."""
        ReadOp(self, lambda: directory.branches(self.store), self._branches_loaded).failure(
            self._load_failed).latest("branches").run()

    def _branches_loaded(self, everything) -> None:
        self._branches_known = True
        found = [b for b in everything if self._branch_allowed(b.id)]
        self.branch_box.blockSignals(True)
        self.branch_box.clear()
        for b in found:
            kind = (QCoreApplication.translate("MainWindow", "city") if b.kind == "city"
                    else QCoreApplication.translate("MainWindow", "county"))
            self.branch_box.addItem(f"{b.name} ({kind})", b.id)
        self.branch_box.blockSignals(False)
        self.act_demo.setEnabled(not everything)
        if not found:
            self._branch_id = None
            self._district_ids = None
            self.queue.set_rows([])
            self._shown_branch = None
            self.status_branch.setText(
                QCoreApplication.translate("MainWindow", "This database has no branch yet: File ▸ Create demo branch… "
                                           "adds one.") if not everything
                else QCoreApplication.translate("MainWindow", "Sign in to see the orders of your branch (File ▸ Sign "
                                                "out / switch user…).")
            )
            self.status_count.clear()
            self.sig_loaded.emit(0)
            return
        wanted = self._wanted_branch or self.settings.get(LAST_BRANCH)
        index = max(0, self.branch_box.findData(wanted))
        if index == self.branch_box.currentIndex():
            self._branch_changed(index)
        else:
            self.branch_box.setCurrentIndex(index)

    def _branch_changed(self, index: int) -> None:
        if index < 0:
            return
        if self.branch_box.itemData(index) != self._branch_id:
            self._district_ids = None
        self._branch_id = self.branch_box.itemData(index)
        self.settings.set(LAST_BRANCH, self._branch_id)
        self.status_branch.setText(QCoreApplication.translate("MainWindow", "Branch: {0}").format(
            self.branch_box.itemText(index)))
        self._load_people(self._branch_id)
        self.workspaces.set_branch(self._branch_id)
        self.reload_orders()

    def _prefetch_orders(self) -> None:
        """Start reading the open orders of the branch this window will most likely show while the
        rest of the window is built (the first paint within 2 s of opening the database).
        `reload_orders` then waits for this read instead of starting another."""
        p = self.principal
        wanted = self._wanted_branch or self.settings.get(LAST_BRANCH) or (p.branch_id if p else None)
        try:
            wanted = int(wanted)
        except (TypeError, ValueError):
            return
        if not self._branch_allowed(wanted):
            return
        self._prefetch = wanted
        self._read_orders(wanted)  # the busy bar shows it once the status bar exists

    def reload_orders(self) -> None:
        """Read the branch's open orders again (F5, a branch switch, changed rules); the order shown
        in the pane is read again too."""
        branch_id = self._branch_id
        if branch_id is None:
            return
        ahead, self._prefetch = self._prefetch, None
        if ahead == branch_id:  # read ahead while the window was built: shown now, or once it is in
            rows, self._ahead = self._ahead, None
            part, self._ahead_first = self._ahead_first, None
            if rows is not None:
                self._orders_loaded(branch_id, rows)
            else:
                self._set_busy(True)
                if part is not None:  # its first screenful is in already
                    self._first_screen(part[0], branch_id, part[1])
            return
        if self._ahead_first is not None:
            self._ahead_first[1][1].set()  # never shown: its read goes on
        self._ahead = self._ahead_first = None
        self._read_orders(branch_id)
        self.pane.reload()

    def _read_orders(self, branch_id: int) -> None:
        """Only the newest read delivers (a read for a branch left meanwhile is dropped)."""
        self._since_load = {}
        self._set_busy(True)
        self.live.watch(branch_id)  # before the read: a change committed meanwhile arrives as a row
        store = self.store
        if hasattr(self, "queue"):  # its filter and sort as they are now
            clock, flt, sort = self.queue.model.preparer_args()
        else:  # read ahead while the window is built: the queue's first filter and sort (else made again)
            clock, flt, sort = self.now, None, ("urgency", queue_keys.ASCENDING)
        self._orders_serial += 1
        self._whole_in = False
        serial, carrier = self._orders_serial, self._first
        # A queue that shows another branch (or none) shows this one's first screenful as soon as it
        # is known; a reload (F5) keeps the rows on screen until the whole queue is in.
        first = self._shown_branch != branch_id and queue_keys.wants_first_screen(flt, sort)

        def read():
            if first:  # the most urgent orders, sorted by the database, on screen while the rest is read
                top, total = orders.most_urgent(store, branch_id, queue_keys.FIRST)
                shown = threading.Event()
                try:
                    carrier.sig_ready.emit(serial, branch_id,
                                           (queue_keys.first_screen(top, total, clock(), flt, sort), shown))
                except RuntimeError:  # the window closed meanwhile
                    return None
                # The whole read (Python a row) would share the interpreter with the GUI thread while it
                # builds and paints the first screenful: it starts once that is on screen (or soon anyway).
                shown.wait(FIRST_PAINT_WAIT_S)
            with queue_keys.quiet_gc():  # no full collection stalls the GUI thread meanwhile
                return queue_keys.prepare_read(orders.read_open(store, branch_id), clock(), flt, sort)

        ReadOp(self, read, lambda got: self._orders_loaded(branch_id, got)
               ).failure(self._load_failed_orders).latest("orders").run()

    def _orders_loaded(self, branch_id: int, got: Prepared) -> None:
        """The branch's open orders, read and prepared off the GUI thread (`QueueModel.preparer`):
        swapped into the queue in one short step."""
        if branch_id != self._branch_id:
            if self._branch_id is None and branch_id == self._prefetch:
                self._ahead = got  # read ahead, and in before the branch list: shown with it
            return  # else read ahead for a branch the window does not show; its own load follows
        self._set_busy(False)
        self._whole_in = True
        self._shown_branch = branch_id
        selected = self.queue.selected_order_id()  # picked on the first screenful, or before a reload
        self.queue.set_rows(got)
        self._apply_changes_since()
        if selected and self.queue.selected_order_id() != selected:  # an order that arrived meanwhile
            self.queue.select_order(selected)
        queue_keys.settle()  # the rows just read are kept out of later full collections
        rows = self.queue.model.all_rows()  # the map's own list
        self.live.watch(branch_id)  # from now on, the other consoles' changes to this branch arrive
        # The escalation pass (then every 30 s) and the overdue-rectification check start once the
        # queue is on screen: the dispatcher sees the orders first.
        self.alerts.set_branch(branch_id)
        self.workspaces.check_overdue()
        if self.map.property("branch_shown") != branch_id:
            self.map.setProperty("branch_shown", branch_id)
            self.map.show_branch(branch_id, rows)
        else:
            self.map.update_orders(rows)
        shown = self.pane.detail  # an order just completed stays in the pane until another is picked
        if (not self.queue.selected_order_id() and self.queue.model.rowCount()  # filters may show none
                and (shown is None or shown.status != "completed")):
            self.queue.select_order(self.queue.model.row_at(0).id)  # the most urgent order shown
        self._count()
        self.sig_loaded.emit(len(rows))

    def _first_screen(self, serial: int, branch_id: int, got: tuple[Prepared, threading.Event]) -> None:
        """The first screenful of the newest read, while the rest is being made: the queue shows
        the most urgent orders; the counters, the map and the escalations follow the whole queue."""
        part, shown = got
        if serial != self._orders_serial or self._whole_in:
            shown.set()
            return
        if branch_id != self._branch_id:
            if self._branch_id is None and branch_id == self._prefetch:
                self._ahead_first = (serial, got)  # read ahead, and in before the branch list: shown with it
            else:
                shown.set()
            return
        self._shown_branch = None  # not whole yet
        self.queue.set_rows(part)
        QTimer.singleShot(0, shown.set)  # once it is painted, the rest of the read goes on

    def _apply_changes_since(self) -> None:
        """A full load may have read an order before a change whose row was applied meanwhile:
        the newer of the two stays in the queue (by the order's version)."""
        since, self._since_load = self._since_load, {}
        model = self.queue.model
        for order_id, row in since.items():
            old = model.order(order_id)
            if row is None or old is None or row.version >= old.version:
                self.queue.update_rows({order_id: row})

    def _count(self) -> None:
        self.status_count.setText(QCoreApplication.translate("MainWindow", "Open orders: {0}").format(
            self.queue.model.total()))

    def _orders_changed(self, changes: OrderChanges) -> None:
        """Orders changed at this console: their rows are read again and applied in place."""
        self._refresh_rows(changes.order_ids)

    def order_changed(self, order_id: int) -> None:
        """Show an order that was just created or changed elsewhere in the window (a new request, a
        follow-up order): its row is read and applied, and the order selected."""
        self._select_when_shown = order_id
        self._refresh_rows((order_id,))

    def _refresh_rows(self, order_ids) -> None:
        branch_id = self._branch_id
        if branch_id is None or not order_ids:
            return
        self._row_serial += 1
        ticket, store, districts = self._row_serial, self.store, self._district_ids
        for order_id in order_ids:
            self._row_ticket[order_id] = ticket

        def read():
            mine = districts if districts is not None else frozenset(directory.district_names(store, branch_id))
            rows = {}
            for order_id in order_ids:
                row = orders.order_row(store, order_id)
                rows[order_id] = row if row is not None and row.district_id in mine else None  # another branch's
            return rows

        ReadOp(self, read, lambda rows: self._rows_arrived(branch_id, ticket, rows)).failure(
            self._load_failed).run()

    def _rows_arrived(self, branch_id: int, ticket: int, rows: dict[int, OrderRow | None]) -> None:
        if branch_id != self._branch_id:
            return
        fresh = {}
        for order_id, row in rows.items():
            if self._row_ticket.get(order_id) == ticket:  # else a newer read of this order follows
                del self._row_ticket[order_id]
                fresh[order_id] = row
                self._since_load[order_id] = row
        if fresh:
            self.queue.update_rows(fresh)
            self._count()
            self.map.update_changed(fresh, self.queue.model.all_rows)
            for order_id, row in fresh.items():  # another console's change to the order shown
                self.pane.reload_if_newer(order_id, row.version if row is not None else None)
        wanted = self._select_when_shown
        if wanted is not None and wanted in rows:
            self._select_when_shown = None
            self._go_to_order(wanted)

    def _load_failed_orders(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._load_failed(exc)

    def _load_failed(self, exc: BaseException) -> None:
        if self._closed:
            return  # the window is closing: nobody to tell
        if notice(exc) or is_unreachable(exc):
            return  # the banner says so, and the orders reload once the database is back
        box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("MainWindow", "Could not load orders"),
                          QCoreApplication.translate("MainWindow", "The orders could not be read:\n{0}").format(i18n.render(exc)),
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # window-modal, without a nested event loop

    def _set_busy(self, on: bool) -> None:
        """The busy bar in the status bar while the open orders are being read."""
        self._loading = on
        if hasattr(self, "busy"):
            self.busy.setVisible(on)
