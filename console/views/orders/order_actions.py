"""What the order pane does: its actions, each a WriteOp (console.views.kit.ops).

A mixin of `OrderPane` (it uses the pane's store, detail, clock, user and widgets). Each action
asks what it needs (Ask, so tests can answer), then writes off the GUI thread with the version the
pane showed, reads the order again in the same worker, and announces it to every view. While it
runs every action is disabled (no double submission). Its outcome keeps today's words: a stale
version is "Changed by someone else" with who changed what, and the pane reloads; a refusal is
"Not done" with the reason; a database out of reach keeps the action waiting, with what was
typed, until it is back (kit.connection.keep_waiting). Nothing typed is lost: each prompt names a
draft (kit.drafts, key "<action>:<order id>"), the write keeps the text until it is saved, and the
next prompt of that action on that order opens with it.

Guards (R-TIME-7, R-PROM-7, R-TIME-10, R-FIRST-4): a first response is asked for what was said and
recorded once; the visit window offered is the next working-hours slot (services.orders.actions.
next_visit_slot); the arrival time offered is now; completing an order with a pending extension
request or an unacknowledged escalation asks first, saying which; a reclassification to a longer
limit says it waits for a manager's approval.

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
from console.services.orders.detail import OrderDetail, completion_warnings, order_detail
from console.views.kit import drafts
from console.views.kit.ask import Ask
from console.views.kit.connection import keep_waiting
from console.views.kit.labels import china_time, kind_label, plain
from console.views.kit.ops import ReadOp, WriteOp, announce
from console import i18n

KINDS = ("general_fault", "major_fault", "installation", "restoration", "complaint", "inquiry", "business")


class OrderActionsMixin:
    # ---- doing ------------------------------------------------------------------------
    def _draft(self, action: str) -> str | None:
        """The drafts key of `action`'s typed text on the order shown."""
        return drafts.key(action, self.detail.id) if self.detail is not None else None

    def _run(self, fn, *, draft: tuple[str | None, str] | None = None, then=None, **kwargs) -> None:
        """One action on the order shown, as a WriteOp; the order is read again with it.
        `draft`: (key, text) typed for it, kept until saved (kit.drafts). `then(shown)`: after it
        was saved and the order shown again."""
        d = self.detail
        if d is None or self.busy:
            if draft is not None:
                drafts.keep(*draft)  # not run: what was typed is still there next time
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
        key = draft[0] if draft else None

        def done(shown):
            self._done(d, shown)
            if then is not None and shown is not None:
                then(shown)

        op = WriteOp(self, write_and_read, done).failure(
            lambda exc: self._not_done(d, write, exc, action, key)).changes(lambda _shown: (d.id,))
        if draft is not None:
            op.keeps(*draft)
        op.run()

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

    def _not_done(self, d: OrderDetail, write, exc: BaseException, action: QAction | None,
                  key: str | None = None) -> None:
        self._writing = False
        self._enable()
        kept = ("\n" + drafts.kept_line()) if key and drafts.has(key) else ""
        if is_unreachable(exc):
            self._keep_waiting(d, write, exc, action, key)
        elif isinstance(exc, ConcurrentEditError):
            Ask.tell(self, QCoreApplication.translate("OrderPane", "Changed by someone else"), i18n.render(exc) + kept)
            self.reload()
            announce((d.id,), self)  # the queue shows it as it is now
        else:  # a refusal in the service's words (a StoreError), or what went wrong
            Ask.tell(self, QCoreApplication.translate("OrderPane", "Not done"), i18n.render(exc) + kept)

    def _keep_waiting(self, d, write, exc: BaseException, action: QAction | None, key: str | None = None) -> None:
        """The database did not answer: nothing is shown as done. With the console's connection
        watch running, the action waits — with what was typed — and runs when the database is
        back; its outcome is reported then. Without one, it is not done."""
        what = (plain(action.text()).rstrip("…") if action is not None
                else QCoreApplication.translate("OrderPane", "Change"))
        label = QCoreApplication.translate("OrderPane", "{0} on order {1}").format(what, d.number)

        def saved(_result):
            drafts.drop(key)  # written once the database was back: nothing left to type again
            self.waiting.hide()
            if self.detail and self.detail.id == d.id:
                self.reload()
            announce((d.id,), self)  # a replayed write is announced here (no WriteOp of this pane carries it)

        def refused(_exc):
            self.waiting.hide()
            if self.detail and self.detail.id == d.id:
                self.reload()

        if not keep_waiting(label, write, saved, refused, exc):
            kept = ("\n" + drafts.kept_line()) if key and drafts.has(key) else ""
            Ask.tell(self, QCoreApplication.translate("OrderPane", "Not done"), i18n.render(exc) + kept)
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


    # ---- the actions --------------------------------------------------------------------
    def _ask(self, action: str, title: str, label: str) -> tuple[str, tuple[str | None, str]] | None:
        """A required text for `action`, opening with its draft; (text, draft) or None."""
        key = self._draft(action)
        text = Ask.text(self, title, label, draft=key)
        return (text, (key, text)) if text else None

    def _first_response(self):
        """R-TIME-7 / R-PROM-2: once, with what was said; a second press says when and by whom."""
        d = self.detail
        if d is None:
            return
        title = QCoreApplication.translate("OrderPane", "First response (R-TIME-7)")
        if d.first_response_at is not None:
            Ask.tell(self, title, QCoreApplication.translate(
                "OrderPane", "The first response to order {0} is already recorded: at {1} by {2}.").format(
                d.number, china_time(d.first_response_at), d.first_response_by or "—"))
            return
        got = self._ask("first_response", title,
                        QCoreApplication.translate("OrderPane", "What was said to the customer (required):"))
        if got:
            self._run(order_actions.record_first_response, note=got[0], draft=got[1])

    def _materials(self):
        self._run(intake.record_materials_complete)  # R-TIME-0: the clock starts now

    def _pause(self):
        if self.detail and self.detail.status == "paused":
            self._run(order_actions.resume)
            return
        got = self._ask("pause", QCoreApplication.translate("OrderPane", "Pause the clock"),
                        QCoreApplication.translate("OrderPane", "Reason (e.g. the customer's appointment):"))
        if got:
            self._run(order_actions.pause, reason=got[0], draft=got[1])

    def _unreachable(self):
        got = self._ask("unreachable", QCoreApplication.translate("OrderPane", "Customer unreachable (R-TIME-8)"),
                        QCoreApplication.translate("OrderPane", "Written reason for the business head (required):"))
        if got:
            self._run(order_actions.customer_unreachable, reason=got[0], draft=got[1])

    def _extension(self):
        d = self.detail
        current = next((c.due for c in d.clocks if c.name == "resolve" and c.due and c.is_open), None) if d else None
        if current is None:
            Ask.tell(self, QCoreApplication.translate("OrderPane", "Request extension"),
                     QCoreApplication.translate("OrderPane", "This order has no running deadline."))
            return
        title = QCoreApplication.translate("OrderPane", "Request extension (R-TIME-10)")
        new_due = Ask.when(self, title, QCoreApplication.translate("OrderPane", "New due time:"),
                           current + dt.timedelta(days=1))
        if new_due is None:
            return
        got = self._ask("extension", title, QCoreApplication.translate("OrderPane", "Reason:"))
        if got:
            self._run(order_actions.request_extension, new_due=new_due, reason=got[0], draft=got[1])

    def _decide(self):
        d = self.detail
        if not d or not d.pending_extension:
            return
        asked = d.pending_extension
        approve_text = QCoreApplication.translate("OrderPane", "Approve")
        what = QCoreApplication.translate("OrderPane", "Requested by {0}: new due {1}. Reason: {2}").format(
            asked.get("requested_by", ""), china_time(dt.datetime.fromisoformat(asked["new_due"])),
            asked.get("reason", ""))
        if asked.get("to_kind"):  # R-TIME-10: the longer limit of a reclassification
            what += "\n" + QCoreApplication.translate(
                "OrderPane", "This is the reclassification to {0}: approved, its longer limit applies.").format(
                kind_label(asked["to_kind"]))
        choice = Ask.item(self, QCoreApplication.translate("OrderPane", "Decide extension (R-TIME-10)"), what,
                          [approve_text, QCoreApplication.translate("OrderPane", "Reject")])
        if choice is None:
            return
        if choice == approve_text:
            self._run(order_actions.decide_extension, approve=True, reason="")
            return
        got = self._ask("reject_extension", QCoreApplication.translate("OrderPane", "Reject extension"),
                        QCoreApplication.translate("OrderPane", "Reason:"))
        if got:
            self._run(order_actions.decide_extension, approve=False, reason=got[0], draft=got[1])

    def _reclassify(self):
        d = self.detail
        if not d:
            return
        title = QCoreApplication.translate("OrderPane", "Reclassify")
        options = [kind_label(k) for k in KINDS if k != d.kind]
        picked = Ask.item(self, title, QCoreApplication.translate(
            "OrderPane", "New kind (elapsed time is kept; a longer limit needs a manager's approval, R-TIME-10):"),
            options)
        if picked is None:
            return
        to_kind = next(k for k in KINDS if kind_label(k) == picked)
        got = self._ask("reclassify", title, QCoreApplication.translate("OrderPane", "Reason:"))
        if not got:
            return

        def then(shown: OrderDetail) -> None:
            if shown.pending_extension and shown.pending_extension.get("to_kind") == to_kind:
                Ask.tell(self, title, QCoreApplication.translate(
                    "OrderPane", "Order {0} is now a {1}. Its longer time limit applies once a manager approves the "
                    "extension request (R-TIME-10); until then the earlier due stands.").format(
                    shown.number, kind_label(to_kind)))

        self._run(order_actions.reclassify, to_kind=to_kind, reason=got[0], draft=got[1], then=then)

    def _escalate(self):
        got = self._ask("escalate", QCoreApplication.translate("OrderPane", "Escalate to a leader (R-FIRST-4)"),
                        QCoreApplication.translate("OrderPane", "What is uncertain, important or urgent:"))
        if got:
            self._run(order_actions.escalate, reason=got[0], draft=got[1])

    def _visit(self):
        """R-PROM-7: the window offered is the next working-hours slot (08:30-17:30 on a working day)."""
        d = self.detail
        if d is None:
            return
        if d.visit_slot is not None:
            start, end = d.visit_slot
        else:  # (an order read before the slot was offered)
            start = (self._now() + dt.timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
            end = start + dt.timedelta(hours=2)
        got = Ask.window(self, QCoreApplication.translate("OrderPane", "Book the visit window (R-PROM-7)"),
                         QCoreApplication.translate("OrderPane", "From:"), start, end)
        if got:
            self._run(order_actions.book_visit, start=got[0], end=got[1])

    def _arrived(self):
        """R-PROM-7: the arrival time offered is now (to the minute); before the window starts it
        cannot be recorded yet, and the pane says so without asking."""
        d = self.detail
        if d is None:
            return
        title = QCoreApplication.translate("OrderPane", "Arrived (R-PROM-7)")
        now = self._now().replace(second=0, microsecond=0)
        if d.visit_from is not None and self._now() < d.visit_from:
            Ask.tell(self, title, QCoreApplication.translate(
                "OrderPane", "The visit window of order {0} starts at {1}: record the arrival when the maintainer "
                "is there.").format(d.number, china_time(d.visit_from)))
            return
        at = Ask.when(self, title, QCoreApplication.translate("OrderPane", "Arrived at:"), now)
        if at is not None:
            self._run(order_actions.record_arrival, at=at)

    def _complete(self):
        """A pending extension request (it lapses) or an unacknowledged escalation: asked first."""
        d = self.detail
        if d is None:
            return
        title = QCoreApplication.translate("OrderPane", "Complete the order")
        warnings = completion_warnings(d)
        if warnings and not Ask.confirm(self, title, QCoreApplication.translate(
                "OrderPane", "Order {0}:\n{1}\n\nComplete it all the same?").format(
                d.number, "\n".join("• " + i18n.render(w) for w in warnings))):
            return
        got = self._ask("complete", title, QCoreApplication.translate("OrderPane", "Resolution:"))
        if got:
            self._run(order_actions.complete, resolution=got[0], draft=got[1])

    def _reopen(self):
        got = self._ask("reopen", QCoreApplication.translate("OrderPane", "Reopen the order"),
                        QCoreApplication.translate("OrderPane", "Reason:"))
        if got:
            self._run(order_actions.reopen, reason=got[0], draft=got[1])
