"""What the order pane does: its actions, each a WriteOp (console.views.kit.ops).

A mixin of `OrderPane` (it uses the pane's store, detail, clock, user and widgets). Each action
asks what it needs (Ask, so tests can answer), then writes off the GUI thread with the version the
pane showed, reads the order again in the same worker, and announces it to every view. While it
runs every action is disabled (no double submission). Its outcome keeps today's words: a stale
version is "Changed by someone else" with who changed what, and the pane reloads; a refusal is
"Not done" with the reason; a database out of reach keeps the action waiting, with what was
typed, until it is back (kit.connection.keep_waiting).

Texts use QCoreApplication.translate("OrderPane", …): at run time `self.tr` would look them up
under "OrderPane", while lupdate files a mixin's `self.tr` under the mixin's name.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction

from console.errors import ConcurrentEditError, is_unreachable
from console.services.orders import actions as order_actions
from console.services.orders import intake
from console.services.orders.detail import OrderDetail, order_detail
from console.views.kit.ask import Ask
from console.views.kit.connection import keep_waiting
from console.views.kit.labels import china_time, kind_label, plain
from console.views.kit.ops import ReadOp, WriteOp, announce
from console import i18n

KINDS = ("general_fault", "major_fault", "installation", "restoration", "complaint", "inquiry", "business")


class OrderActionsMixin:
    # ---- doing ------------------------------------------------------------------------
    def _run(self, fn, **kwargs) -> None:
        """One action on the order shown, as a WriteOp; the order is read again with it."""
        d = self.detail
        if d is None or self.busy:
            return
        store, actor, now = self.store, self._user(), self._now()
        action = self._action_of.get(fn)

        def write():
            return fn(store, d.id, expected_version=d.version, actor_id=actor, now=now, **kwargs)

        def write_and_read():
            write()
            try:
                return order_detail(store, d.id, now)
            except Exception:  # noqa: BLE001 - saved all the same: the pane reads it again
                return None

        self._writing = True
        self._enable()
        WriteOp(self, write_and_read, lambda shown: self._done(d, shown)).failure(
            lambda exc: self._not_done(d, write, exc, action)).changes(lambda _shown: (d.id,)).run()

    def _done(self, d: OrderDetail, shown: OrderDetail | None) -> None:
        self._writing = False
        if shown is None:
            self._enable()
            self.show_order(d.id)
        elif self._reading is None and (self.detail is None or self.detail.id == d.id):
            self.detail = shown
            self._render()
        else:
            self._enable()  # another order was picked meanwhile: its read shows it

    def _not_done(self, d: OrderDetail, write, exc: BaseException, action: QAction | None) -> None:
        self._writing = False
        self._enable()
        if is_unreachable(exc):
            self._keep_waiting(d, write, exc, action)
        elif isinstance(exc, ConcurrentEditError):
            Ask.tell(self, QCoreApplication.translate("OrderPane", "Changed by someone else"), i18n.render(exc))
            self.reload()
            announce((d.id,), self)  # the queue shows it as it is now
        else:  # a refusal in the service's words (a StoreError), or what went wrong
            Ask.tell(self, QCoreApplication.translate("OrderPane", "Not done"), i18n.render(exc))

    def _keep_waiting(self, d, write, exc: BaseException, action: QAction | None) -> None:
        """The database did not answer: nothing is shown as done. With the console's connection
        watch running, the action waits — with what was typed — and runs when the database is
        back; its outcome is reported then. Without one, it is not done."""
        what = (plain(action.text()).rstrip("…") if action is not None
                else QCoreApplication.translate("OrderPane", "Change"))
        label = QCoreApplication.translate("OrderPane", "{0} on order {1}").format(what, d.number)

        def saved(_result):
            self.waiting.hide()
            if self.detail and self.detail.id == d.id:
                self.reload()
            announce((d.id,), self)  # a replayed write is announced here (no WriteOp of this pane carries it)

        def refused(_exc):
            self.waiting.hide()
            if self.detail and self.detail.id == d.id:
                self.reload()

        if not keep_waiting(label, write, saved, refused, exc):
            Ask.tell(self, QCoreApplication.translate("OrderPane", "Not done"), i18n.render(exc))
            return
        self.waiting.setText(QCoreApplication.translate("OrderPane", "Not saved yet, waiting for the database: {0}")
                             .format(label))
        self.waiting.show()

    def _assign(self):
        from console.views.orders.assign_dialog import AssignDialog

        d = self.detail
        if d is None or self.busy:
            return
        if not AssignDialog.ask(self.store, d.id, actor_id=self._user(), now_fn=self._now, parent=self):
            # Assigned, the dialog's write announced it and the pane follows. Cancelled: another
            # console may have changed the order meanwhile; read it again and tell the queue if so.
            self._follow_up(d)

    def _follow_up(self, d: OrderDetail) -> None:
        store, now = self.store, self._now()

        def arrived(detail: OrderDetail | None) -> None:
            self._detail_arrived(detail)
            if detail is None or detail.version != d.version:
                announce((d.id,), self)

        if self.detail is not None and self.detail.id == d.id:
            self._reading = d.id
            self._enable()
            ReadOp(self, lambda: order_detail(store, d.id, now), arrived).failure(
                self._read_failed).latest("detail").run()

    def _first_response(self):
        self._run(order_actions.record_first_response)

    def _materials(self):
        self._run(intake.record_materials_complete)  # R-TIME-0: the clock starts now

    def _pause(self):
        if self.detail and self.detail.status == "paused":
            self._run(order_actions.resume)
            return
        reason = Ask.text(self, QCoreApplication.translate("OrderPane", "Pause the clock"),
                          QCoreApplication.translate("OrderPane", "Reason (e.g. the customer's appointment):"))
        if reason:
            self._run(order_actions.pause, reason=reason)

    def _unreachable(self):
        reason = Ask.text(self, QCoreApplication.translate("OrderPane", "Customer unreachable (R-TIME-8)"),
                          QCoreApplication.translate("OrderPane", "Written reason for the business head (required):"))
        if reason:
            self._run(order_actions.customer_unreachable, reason=reason)

    def _extension(self):
        d = self.detail
        current = next((c.due for c in d.clocks if c.name == "resolve" and c.due), None) if d else None
        if current is None:
            Ask.tell(self, QCoreApplication.translate("OrderPane", "Request extension"),
                     QCoreApplication.translate("OrderPane", "This order has no running deadline."))
            return
        title = QCoreApplication.translate("OrderPane", "Request extension (R-TIME-10)")
        new_due = Ask.when(self, title, QCoreApplication.translate("OrderPane", "New due time:"),
                           current + dt.timedelta(days=1))
        if new_due is None:
            return
        reason = Ask.text(self, title, QCoreApplication.translate("OrderPane", "Reason:"))
        if reason:
            self._run(order_actions.request_extension, new_due=new_due, reason=reason)

    def _decide(self):
        d = self.detail
        if not d or not d.pending_extension:
            return
        asked = d.pending_extension
        approve_text = QCoreApplication.translate("OrderPane", "Approve")
        choice = Ask.item(self, QCoreApplication.translate("OrderPane", "Decide extension (R-TIME-10)"),
                          QCoreApplication.translate("OrderPane", "Requested by {0}: new due {1}. Reason: {2}").format(
                              asked.get("requested_by", ""), china_time(dt.datetime.fromisoformat(asked["new_due"])),
                              asked.get("reason", "")),
                          [approve_text, QCoreApplication.translate("OrderPane", "Reject")])
        if choice is None:
            return
        approve = choice == approve_text
        reason = "" if approve else Ask.text(self, QCoreApplication.translate("OrderPane", "Reject extension"),
                                             QCoreApplication.translate("OrderPane", "Reason:"))
        if approve or reason:
            self._run(order_actions.decide_extension, approve=approve, reason=reason or "")

    def _reclassify(self):
        d = self.detail
        if not d:
            return
        title = QCoreApplication.translate("OrderPane", "Reclassify")
        options = [kind_label(k) for k in KINDS if k != d.kind]
        picked = Ask.item(self, title, QCoreApplication.translate("OrderPane", "New kind (elapsed time is kept):"),
                          options)
        if picked is None:
            return
        to_kind = next(k for k in KINDS if kind_label(k) == picked)
        reason = Ask.text(self, title, QCoreApplication.translate("OrderPane", "Reason:"))
        if reason:
            self._run(order_actions.reclassify, to_kind=to_kind, reason=reason)

    def _escalate(self):
        reason = Ask.text(self, QCoreApplication.translate("OrderPane", "Escalate to a leader (R-FIRST-4)"),
                          QCoreApplication.translate("OrderPane", "What is uncertain, important or urgent:"))
        if reason:
            self._run(order_actions.escalate, reason=reason)

    def _visit(self):
        start = (self._now() + dt.timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
        got = Ask.window(self, QCoreApplication.translate("OrderPane", "Book the visit window (R-PROM-7)"),
                         QCoreApplication.translate("OrderPane", "From:"), start, start + dt.timedelta(hours=2))
        if got:
            self._run(order_actions.book_visit, start=got[0], end=got[1])

    def _arrived(self):
        self._run(order_actions.record_arrival)

    def _complete(self):
        text = Ask.text(self, QCoreApplication.translate("OrderPane", "Complete the order"),
                        QCoreApplication.translate("OrderPane", "Resolution:"))
        if text:
            self._run(order_actions.complete, resolution=text)

    def _reopen(self):
        reason = Ask.text(self, QCoreApplication.translate("OrderPane", "Reopen the order"),
                          QCoreApplication.translate("OrderPane", "Reason:"))
        if reason:
            self._run(order_actions.reopen, reason=reason)
