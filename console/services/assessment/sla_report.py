"""Time-limit report for a month (R-TIME, R-TIME-11): on-time rate per kind and district, and
every breach with its reason chain — the data of the ``sla`` workbook.

Judged exactly as the assessment's on-time metric (``OrderFact.on_time_ok``): an R-TIME-8
exemption and an approved R-TIME-10 extension are on time. The reason chain lists what happened
to a breached order in order (receipt, materials, assignments, pauses, extensions, exemption,
completion) with the reasons written at the time; each step is a T() text (its event a translatable
word, ``orders.log.event_word``) that the workbook renders in its language.

Provisional verdicts (R-TIME-3..6): an order whose resolve due rests on a Monday–Friday guess for a
year whose official working-day calendar is not entered (``OrderFact.provisional``) is judged
neither on time nor breached: it is counted apart (``KindRow.provisional``) and, when it would be
late, listed among the breaches marked ``provisional`` — never a breach until the calendar is
entered (entering it recomputes the order, services.rulebook.calendar_admin).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace

from sqlalchemy import String, select, type_coerce

from console.i18n import T, Text
from console.models import Order, OrderEvent
from console.rules.escalation import reason_text
from console.services.assessment.facts import instant, load, month_bounds
from console.services.orders.escalation import provisional_reason
from console.services.orders.log import event_word
from console.store.plain import china_of, payloads, plain_rows
from console.terms import term

_CHAIN = ("received", "materials_missing", "materials_complete", "assigned", "first_response", "paused", "resumed",
          "customer_unreachable", "head_notified", "extension_requested", "extension_approved",
          "extension_rejected", "reclassified", "escalated", "completed", "reopened")


@dataclass(frozen=True)
class KindRow:
    branch: str
    district: str
    kind: str
    judged: int
    on_time: int
    breached: int
    exempted: int
    extended: int
    provisional: int = 0  # judged on a guessed day (R-TIME-3..6): in none of the counts above
    provisional_late: int = 0  # of those, late on the guess: not counted as breaches

    @property
    def rate(self) -> float | None:
        return None if not self.judged else self.on_time / self.judged


@dataclass(frozen=True)
class BreachRow:
    order_id: int
    number: str
    branch: str
    district: str
    kind: str
    received_at: dt.datetime
    clock_start: dt.datetime | None
    original_due: dt.datetime | None
    due: dt.datetime | None
    finished_at: dt.datetime | None
    hours_late: float
    assignee: str
    reasons: str  # the reason chain in English ("10-01 09:00 received → …")
    steps: tuple[Text, ...] = field(default=(), compare=False)  # the same chain, one T() text per step
    provisional: bool = False  # late on a guessed day (R-TIME-3..6): not a breach until the calendar is entered


@dataclass
class SlaReport:
    month: dt.date
    kinds: list[KindRow]
    breaches: list[BreachRow]

    @property
    def empty(self) -> bool:
        return not self.kinds

    @property
    def provisional(self) -> bool:
        """Some verdict of the month rests on a guessed day (the workbook then says what that means)."""
        return any(r.provisional for r in self.kinds)


class _ChainWord(Text):
    """An event of the reason chain as a word in every language (R-TIME-11: a leader reads it): the
    log's translatable word, looked up by its catalogue key (``orders.log.event_word``), whose
    English has spaces — "materials missing", never the stored code "materials_missing"."""

    _word_key = ""

    @property
    def key(self) -> str:
        return self._word_key

    def __reduce__(self):
        return (_chain_word_of, (str(self), self._word_key))


def _chain_word_of(english: str, key: str) -> Text:
    word = _ChainWord(english)
    word._word_key = key
    return word


def chain_word(event) -> Text | str:
    """The event ``event`` (a type or its stored code) as the reason chain says it."""
    word = event_word(event)
    if not isinstance(word, Text) or "_" not in word.template:
        return word
    return _chain_word_of(word.template.replace("_", " "), word.key)


def _step(typ: str, at_china: dt.datetime, p, staff: dict[int, str]) -> Text:
    """One step of the reason chain: "11-02 09:00 assigned 李强 (reason)", its event a translatable word
    (``at_china``: the event's naive China time)."""
    at, event = f"{at_china:%m-%d %H:%M}", chain_word(typ)
    detail = ""
    if typ == "assigned" and p.get("assignee_id"):
        detail = staff.get(p["assignee_id"], "")
    if typ == "reclassified":
        detail = T("{old}→{new}", old=term(str(p.get("from_kind"))), new=term(str(p.get("to_kind"))))
    reason = reason_text(str(p.get("reason") or ""))  # an escalation's stored reason, back in its words
    if typ == "escalated" and reason:  # fired on a guessed due: the chain says so, never as fact (R-TIME)
        reason = provisional_reason(reason, p.get("provisional_year"))
    if detail and reason:
        return T("{at} {event} {detail} ({reason})", at=at, event=event, detail=detail, reason=reason)
    if detail:
        return T("{at} {event} {detail}", at=at, event=event, detail=detail)
    if reason:
        return T("{at} {event} ({reason})", at=at, event=event, reason=reason)
    return T("{at} {event}", at=at, event=event)


def sla_report(store, month: dt.date, *, branch_id: int | None = None, now: dt.datetime | None = None,
               progress=None) -> SlaReport:
    first, last = month_bounds(month)
    facts = load(store, first, last, branch_id=branch_id, now=now, progress=progress, stream=True,
                 accounts=False)  # one pass; no accounts in a time-limit report
    lo, hi = instant(first), instant(last + dt.timedelta(days=1))
    tally: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0])
    late = []
    for o in facts.orders:
        if o.district_id not in facts.districts:
            continue
        if o.provisional:  # R-TIME-3..6: counted apart, never a breach
            guess = replace(o, provisional=False).on_time_ok(lo, hi)
            if guess is None:
                continue
            t = tally[o.district_id, o.kind]
            t[5] += 1
            t[6] += not guess
            if not guess:
                late.append(o)
            continue
        ok = o.on_time_ok(lo, hi)
        if ok is None:
            continue
        t = tally[o.district_id, o.kind]
        t[0] += 1
        t[1] += ok
        t[2] += not ok
        t[3] += o.exempted
        t[4] += o.extended and ok
        if not ok:
            late.append(o)
    bname = {i: b[0] for i, b in facts.branches.items()}
    kinds = [KindRow(bname[facts.districts[did][1]], facts.districts[did][0], kind, *t)
             for (did, kind), t in tally.items()]
    kinds.sort(key=lambda r: (r.branch, r.district, r.kind))
    chains: dict[int, list[Text]] = defaultdict(list)
    payload_of = payloads()
    assignee: dict[int, int | None] = {}
    with store.read() as s:
        ids = [o.id for o in late]
        for k in range(0, len(ids), 5000):
            part = ids[k:k + 5000]
            assignee.update(dict(s.execute(select(Order.id, Order.assignee_id).where(Order.id.in_(part))).all()))
            q = (select(OrderEvent.order_id, type_coerce(OrderEvent.type, String), type_coerce(OrderEvent.at, String),
                        type_coerce(OrderEvent.payload, String))  # plain rows, decoded as the facts' are
                 .where(OrderEvent.order_id.in_(part), OrderEvent.type.in_(_CHAIN))
                 .order_by(OrderEvent.at, OrderEvent.id))
            for oid, typ, at, raw in plain_rows(s.connection(), q):
                chains[oid].append(_step(typ, china_of(at), payload_of(raw), facts.staff))
    breaches = []
    for o in late:
        ref = o.finished_at or facts.now
        hours = max(0.0, (ref - o.due).total_seconds() / 3600) if o.due else 0.0
        breaches.append(BreachRow(o.id, o.number, bname[o.branch_id], facts.districts[o.district_id][0], o.kind,
                                  o.received_at, o.clock_start, o.original_due, o.due, o.finished_at,
                                  max(0.1, round(hours, 1)),  # a breach is never "0.0 hours late" (R-TIME-10)
                                  facts.staff.get(assignee.get(o.id), ""), " → ".join(chains.get(o.id, [])),
                                  tuple(chains.get(o.id, [])), o.provisional))
    breaches.sort(key=lambda b: (b.branch, b.district, b.received_at))
    return SlaReport(month.replace(day=1), kinds, breaches)

