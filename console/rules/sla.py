"""SLA deadlines (R-TIME-1..7, R-VISIT-1/2): the public ``due_at`` contract.

``due_at(kind, clock_start, *, rural=False, calendar)`` returns the due instant of a clock of
``kind`` started at ``clock_start`` under the regulation's default limits (RULES.md R-TIME):

=========================== ========================= =========
kind                        limit                     rule
=========================== ========================= =========
general_fault               24 hours                  R-TIME-1
major_fault                 72 hours                  R-TIME-2
installation                5 working days (10 rural) R-TIME-3/4
restoration                 5 working days            R-TIME-5
complaint                   3 working days            R-TIME-6
complaint_first_response    4 hours                   R-TIME-7
callback                    72 hours after completion R-VISIT-1
=========================== ========================= =========

Counting (Civil Code arts. 201–203): hours from the exact instant; for working days the start
day is not counted, day 1 is the first working day strictly after the start's China date, and the
deadline is 24:00 of the N-th working day, returned as 00:00 of the next calendar day. On time means
finished <= due. Naive datetimes are China Standard Time and give naive results; aware datetimes
give aware results in the same zone, working days counted on the China date; the host's zone never
matters. A working-day deadline that needs a year without official data raises
:class:`~console.rules.calendar.CalendarNotConfigured` — never guessed. ``provisional_due_at`` is
the lenient twin for the provisional-deadline banner (Monday–Friday for a missing year, flagged).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from operator import itemgetter

from console.i18n import T
from console.rules.calendar import WorkCalendar
from console.rules.clock import (
    _EMPTY,
    BREACHED,
    CALLBACK,
    CALLBACK_DONE,
    CLOCK_EVENTS,
    COMPLETED,
    CUSTOMER_UNREACHABLE,
    EXTENSION_APPROVED,
    EXTENSION_REJECTED,
    EXTENSION_REQUESTED,
    FIRST_RESPONSE,
    FIRST_RESPONSE_CLOCK,
    HEAD_NOTIFIED,
    MATERIALS_COMPLETE,
    MATERIALS_MISSING,
    PAUSED,
    PAUSED_STATE,
    RECEIVED,
    RECLASSIFIED,
    REOPENED,
    RESOLVE,
    RESUMED,
    RUNNING,
    WAITING_MATERIALS,
    Clock,
    Event,
    SlaState,
    make_clock,
    make_state,
)  # fmt: skip
from console.rules.clock_run import ClockRun
from console.rules.periods import HOURS, UTC, Deadline, deadline, from_china, to_china
from console.rules.policy import DEFAULT_LIMITS, Limit, Policy

__all__ = ["NO_LIMIT_KINDS", "due_at", "provisional_due_at", "evaluate", "Deadline", "Event", "Clock", "SlaState", "Policy"]

FIRST_RESPONSE_LIMIT = "complaint_first_response"  # policy key of R-TIME-7
_NO_LIMIT = ("inquiry", "business")  # order kinds without a resolve clock
NO_LIMIT_KINDS = _NO_LIMIT
NEEDS_APPROVAL = "needs_approval"
"""``reclassified`` payload flag (R-TIME-10): the new kind has a longer limit, which applies only
once a leader approves the extension request written with it (its payload names ``to_kind``)."""
_ZERO = dt.timedelta(0)


def _index(limits) -> dict[tuple[str, bool], tuple[int, dt.timedelta | None, Limit]]:
    """(kind, rural) -> (limit, hours as timedelta or None for working days, Limit)."""
    out: dict[tuple[str, bool], tuple[int, dt.timedelta | None, Limit]] = {}
    for lim in limits:
        td = dt.timedelta(hours=lim.limit) if lim.unit == HOURS else None
        for rural, area in ((False, "urban"), (True, "rural")):
            if lim.area == area or (lim.area == "any" and (lim.kind, rural) not in out):
                out[lim.kind, rural] = (lim.limit, td, lim)
    return out


_DEFAULT = _index(DEFAULT_LIMITS)
# aware <-> naive China time by timedelta arithmetic (much cheaper than astimezone/replace)
_EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_CST = dt.datetime(1970, 1, 1, 8)  # the same instant, naive China time


def _lookup(kind: str, rural: bool):
    try:
        return _DEFAULT[kind, bool(rural)]
    except KeyError:
        raise KeyError(T("no time limit for order kind {kind!r} (inquiry and business have none)", kind=kind)) from None


def due_at(kind: str, clock_start: dt.datetime, *, rural: bool = False, calendar: WorkCalendar) -> dt.datetime:
    """Due instant of a ``kind`` clock started at ``clock_start`` (strict; see module doc).

    Raises KeyError for a kind without a limit, CalendarNotConfigured for a working-day deadline
    that needs a year without official data.
    """
    n, hours, _ = _lookup(kind, rural)
    tz = clock_start.tzinfo
    if hours is not None:  # R-TIME-1/2/7, R-VISIT-1: from the exact instant (no calendar)
        if tz is None or type(tz) is dt.timezone:  # fixed offset: wall-clock sum is exact
            return clock_start + hours
        return (clock_start.astimezone(UTC) + hours).astimezone(tz)  # e.g. across a DST change
    # R-TIME-3..6: start day not counted, 24:00 of the n-th working day on the China date
    if tz is None:
        end, _ = calendar.nth_workday_after_ordinal(clock_start.toordinal(), n)
        return dt.datetime.fromordinal(end + 1)
    end, _ = calendar.nth_workday_after_ordinal((_EPOCH_CST + (clock_start - _EPOCH_UTC)).toordinal(), n)
    due = _EPOCH_UTC + (dt.datetime.fromordinal(end + 1) - _EPOCH_CST)
    return due if tz is UTC else due.astimezone(tz)


def provisional_due_at(
    kind: str, clock_start: dt.datetime, *, rural: bool = False, calendar: WorkCalendar
) -> Deadline:
    """Like :func:`due_at`, but a year without official data counts Monday–Friday (public holidays
    unknown) and the result says so: ``Deadline(at, provisional=True)``. Never raises for the
    calendar."""
    n, _, lim = _lookup(kind, rural)
    at, provisional = deadline(to_china(clock_start), n, lim.unit, calendar, strict=False)
    return Deadline(from_china(at, clock_start.tzinfo), provisional)


# ============================================================================================
# evaluate: every clock of an order from its event log
# ============================================================================================
# Repairs, complaints and installations/restorations get a callback after completion.
_CALLBACK_RULE = {
    "general_fault": "R-VISIT-1",
    "major_fault": "R-VISIT-1",
    "complaint": "R-VISIT-1",
    "installation": "R-VISIT-2",
    "restoration": "R-VISIT-2",
}


def _china(t: dt.datetime) -> dt.datetime:
    """Naive China time (fast path of periods.to_china: aware - epoch is cheap)."""
    return t if t.tzinfo is None else _EPOCH_CST + (t - _EPOCH_UTC)


def _out(t: dt.datetime | None, tz: dt.tzinfo | None) -> dt.datetime | None:
    if t is None or tz is None:
        return t
    u = _EPOCH_UTC + (t - _EPOCH_CST)
    return u if tz is UTC else u.astimezone(tz)


def _instant(value) -> dt.datetime | None:
    """A payload instant (ISO string or datetime) as naive China time; None if unusable."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    return _china(value) if isinstance(value, dt.datetime) else None


_FACTS = frozenset({RECEIVED, RECLASSIFIED, MATERIALS_MISSING, MATERIALS_COMPLETE})  # the order's facts
_REPLAYED = CLOCK_EVENTS - _FACTS  # replayed by time against the clocks
_AT = itemgetter(0)  # sort key: list.sort is stable, so ties keep the given order


def evaluate(events: Iterable, policy: Policy, calendar: WorkCalendar, now: dt.datetime) -> SlaState:
    """Every SLA clock of one order at ``now``, from its event log alone (no stored counters).

    ``events``: :class:`~console.rules.clock.Event` values or anything with ``type``, ``at`` and
    ``payload`` (``OrderEvent`` rows), in any order: they are replayed by time, ties in the given
    order. Instants may be naive China time or aware; the result is in ``now``'s zone (naive China
    time for a naive ``now``). Never raises for the calendar: a due that needs a year without
    official data is computed Monday–Friday and flagged ``provisional``.

    Clocks (RULES.md ids):

    * ``resolve`` — the order kind's limit (R-TIME-1..6; inquiry and business have none).
      ``first_response`` — complaints also run 4 h (R-TIME-7, R-PROM-2), closed by the
      ``first_response`` event or by completion (the answer is a response), never reopened.
      ``callback`` — a completed repair or complaint (R-VISIT-1) or installation/restoration
      (R-VISIT-2) opens a 72 h clock from the completion, closed by ``callback_done``; a reopen
      cancels it and the next completion opens a new one.
    * R-TIME-0: resolve and first_response start at receipt when nothing was missing (``received``
      payload ``missing``, or a ``materials_missing`` at the receipt instant), else at the first
      ``materials_complete`` (a ``completed`` before it counts as completing the materials).
      Until then they are ``waiting_materials``. A later ``materials_missing`` does not stop a
      started clock (R-FIRST-2 asks for every missing item at once; the customer does not pay for
      a late request).
    * Pauses (``paused``/``resumed``) and R-TIME-10 extensions: see :mod:`console.rules.clock_run`.
      A clock paused in time is ``paused``, never ``breached``; its due is the due if it resumed now.
    * R-TIME-8: ``customer_unreachable`` with a non-empty written ``reason`` closes the open
      resolve/first_response clocks as ``met_by_exemption`` (``breached`` if already past due:
      an exemption does not cure an earlier breach). Without a reason it is **ignored** and listed
      in ``anomalies`` (the service must refuse it; a log holding one anyway is not an exemption).
      An exemption without a ``head_notified`` event is listed in ``anomalies`` too.
    * Reclassification (the GLPI bug https://github.com/glpi-project/glpi/issues/6902): the clocks run as if the order always had its final kind,
      from the original start, with every pause kept — elapsed time is never reset. R-TIME-10:
      a reclassification whose payload says ``needs_approval`` (the new kind's limit is longer)
      records the kind at once (``SlaState.kind``, the callback rule) but the resolve clock keeps
      the earlier kind's limit until an ``extension_approved`` naming that ``to_kind`` (its due
      is then the longer limit's, replayed from the same start with the same stops; the clock's
      ``original_due`` stays the earlier limit's, for reports). Rejected or never decided, the
      earlier limit stands. A later immediate reclassification supersedes one still waiting.
    * Reopen: time spent closed does not count. A resolve clock closed in time resumes with the
      time it had left (the closed span is a stop, like a pause); one closed late stays breached.
    """
    return evaluate_log([(e.type, e.at, e.payload) for e in events], policy, calendar, now)


def evaluate_log(events: Iterable[tuple], policy: Policy, calendar: WorkCalendar, now: dt.datetime, *,
                 callback: bool = True) -> SlaState:
    """:func:`evaluate` of an event log given as ``(type, at, payload)`` tuples — the same rules, for
    a reader that replays many orders from plain rows (the assessment, R-ZONE-3) and builds no
    event objects. The instants are naive China time or aware, as for :func:`evaluate`.
    ``callback=False``: without the R-VISIT-1/2 callback clock (a reader that judges callbacks from
    their own records, and passes no ``callback_done``)."""
    tz = now.tzinfo
    nowc = _china(now)
    anomalies: list[str] = []
    # One scan without sorting gathers the order's facts (receipt, final kind, R-TIME-0 start)
    # and keeps only the events the clocks replay; the rest (assigned, notes, …) cost nothing.
    log: list = []
    keep = log.append
    received = None
    kind, rural, missing = None, False, False
    recls: list = []
    missing_at: list = []
    starts: list = []
    for typ, at, p in events:
        if typ in _REPLAYED:
            if at.tzinfo is not None:
                at = _EPOCH_CST + (at - _EPOCH_UTC)
            keep((at, typ, p or _EMPTY))
            if typ == COMPLETED:
                starts.append(at)
        elif typ in _FACTS:
            if at.tzinfo is not None:
                at = _EPOCH_CST + (at - _EPOCH_UTC)
            p = p or _EMPTY
            if typ == RECEIVED:
                if received is None or at < received:
                    received, kind = at, p.get("kind")
                    rural, missing = bool(p.get("rural", False)), bool(p.get("missing"))
            elif typ == RECLASSIFIED:
                if p.get("to_kind"):
                    recls.append((at, p["to_kind"], bool(p.get(NEEDS_APPROVAL))))
            elif typ == MATERIALS_MISSING:
                if p.get("missing"):
                    missing_at.append(at)
            else:  # MATERIALS_COMPLETE
                starts.append(at)
    if received is None:
        return SlaState((), now, None, False, policy.version, (T("order has no 'received' event: no clocks"),))
    if not missing and received in missing_at:  # recorded in the same step as the receipt
        missing = True
    if missing:
        later = [t for t in starts if t >= received]
        start = min(later) if later else None
    else:
        start = received
    base = kind  # the kind whose limit the resolve clock runs under
    longer: list[str] = []  # R-TIME-10: later kinds with a longer limit, waiting for a leader's approval
    if recls:
        recls.sort(key=_AT)
        for at, to_kind, needs_approval in recls:
            if needs_approval:
                longer.append(to_kind)
            elif to_kind in _NO_LIMIT and base not in _NO_LIMIT and start is not None and at > start:
                # R-TIME-10: a kind without a time limit would end a clock that has started — the
                # longest extension of all; the service refuses it, and a log holding one anyway
                # keeps the limit in force (the kind is recorded for everything else)
                anomalies.append(T("R-TIME-10: reclassification to {kind!r} at {when} would end a running time limit: "
                                   "the limit stays", kind=to_kind, when=f"{at:%Y-%m-%d %H:%M}"))
            else:  # immediate: the clock runs as if the order always had this kind
                base, longer = to_kind, []
        kind = recls[-1][1]
    log.sort(key=_AT)

    lim = policy.limit(base, rural=rural)
    if lim is None and base not in _NO_LIMIT:
        anomalies.append(T("no time limit for order kind {kind!r} in policy {version}", kind=base,
                           version=policy.version))
    fr_lim = policy.limit(FIRST_RESPONSE_LIMIT, rural=rural) if kind == "complaint" else None
    if start is None:  # R-TIME-0: waiting for materials
        clocks = tuple(_waiting(n, x) for n, x in ((RESOLVE, lim), (FIRST_RESPONSE_CLOCK, fr_lim)) if x)
        return SlaState(clocks, now, kind, rural, policy.version, tuple(anomalies))

    resolve = ClockRun(RESOLVE, lim, start, calendar) if lim else None
    first = ClockRun(FIRST_RESPONSE_CLOCK, fr_lim, start, calendar) if fr_lim else None
    cb_rule = _CALLBACK_RULE.get(kind) if callback else None
    cb_lim = policy.limit(CALLBACK, rural=rural) if cb_rule else None
    callback = None
    # R-TIME-10: a reclassification to a longer limit waits for approval; meanwhile the longer
    # limit runs beside the clock in force (same start, same stops) so an approval knows its due
    shadows: dict[str, ClockRun] = {}
    if resolve is not None:
        for k in longer:
            if k not in shadows and (k_lim := policy.limit(k, rural=rural)) is not None:
                shadows[k] = ClockRun(RESOLVE, k_lim, start, calendar)
    resolves = [resolve, *shadows.values()] if resolve is not None else []
    live = [r for r in (resolve, first) if r is not None] + list(shadows.values())  # the runs pauses apply to
    exempted = head_notified = False

    # -- replay ---------------------------------------------------------------------------------
    for at, typ, p in log:
        if typ == PAUSED:
            for r in live:
                r.pause(at)
        elif typ == RESUMED:
            for r in live:
                r.resume(at)
        elif typ == FIRST_RESPONSE:
            if first is not None:
                first.close(at)
        elif typ == COMPLETED:
            for r in (*resolves, first):
                if r is not None:
                    r.close(at)
            if cb_lim is not None and callback is None:  # R-VISIT-1/2
                callback = ClockRun(CALLBACK, cb_lim, at, calendar, rule_id=cb_rule)
                live.append(callback)
        elif typ == REOPENED:
            for r in resolves:
                r.reopen(at)
            if callback is not None:
                live.remove(callback)
                callback = None
        elif typ == CALLBACK_DONE:
            if callback is not None:
                callback.close(at)
        elif typ == CUSTOMER_UNREACHABLE:  # R-TIME-8
            if not str(p.get("reason") or "").strip():
                anomalies.append(T("R-TIME-8: customer_unreachable at {at:%Y-%m-%d %H:%M} has no written reason: not an "
                                   "exemption", at=at))
                continue
            for r in (resolve, first):
                if r is not None and r.finished_at is None:
                    r.close(at, exempt=True)
                    exempted = True
        elif typ == HEAD_NOTIFIED:
            head_notified = True
        elif typ == EXTENSION_REQUESTED or typ == EXTENSION_APPROVED or typ == EXTENSION_REJECTED:
            _extension(typ, at, p, {RESOLVE: resolve, FIRST_RESPONSE_CLOCK: first, CALLBACK: callback}, anomalies,
                       shadows)
    if exempted and not head_notified:
        anomalies.append(T("R-TIME-8: exemption recorded but the business head was not notified"))

    if first is None and callback is None:
        clocks = (_clock(resolve, nowc, tz),) if resolve is not None else ()
    else:
        clocks = tuple(_clock(r, nowc, tz) for r in (resolve, first, callback) if r is not None)
    return make_state(clocks, now, kind, rural, policy.version, tuple(anomalies))


def _extension(typ: str, at: dt.datetime, p, runs: dict, anomalies: list[str],
               shadows: dict[str, ClockRun] | None = None) -> None:
    """R-TIME-10: request (no later than the due) -> approve (new due) or reject. A decision on a
    finished clock (the order was completed) changes nothing: the report keeps the due in force
    and the real time late. An approved reclassification (payload ``to_kind``) takes the due of
    the longer limit as replayed beside it (every stop applied), not the figure asked for."""
    name = p.get("clock") or RESOLVE
    run = runs.get(name)
    when = f"{at:%Y-%m-%d %H:%M}"
    if run is None:
        anomalies.append(T("R-TIME-10: {event} at {when} names no running clock {name!r}: ignored", event=typ, when=when,
                           name=name))
    elif typ == EXTENSION_REQUESTED:
        if not run.request_extension(at):
            anomalies.append(T("R-TIME-10: extension of {name} requested at {when}, after its due: ignored", name=name,
                               when=when))
    elif run.finished_at is not None:
        run.reject_extension()
        anomalies.append(T("R-TIME-10: {event} of {name} at {when}, after the order was completed: ignored", event=typ,
                           name=name, when=when))
    elif typ == EXTENSION_REJECTED:
        run.reject_extension()
    else:
        to_kind = p.get("to_kind")
        if to_kind and name == RESOLVE:
            shadow = (shadows or {}).get(to_kind)
            if shadow is None:
                run.reject_extension()
                anomalies.append(T("R-TIME-10: approval at {when} of the reclassification to {kind!r} was superseded "
                                   "by a later reclassification: ignored", when=when, kind=to_kind))
                return
            new_due = shadow.due
        else:
            new_due = _instant(p.get("new_due"))
        if new_due is None or not run.approve_extension(new_due):
            anomalies.append(T("R-TIME-10: extension of {name} approved at {when} without a timely request or a later "
                               "new_due: ignored", name=name, when=when))


def _waiting(name: str, lim: Limit) -> Clock:
    return Clock(name, lim.kind, WAITING_MATERIALS, None, None, None, None, 0.0, False, lim.unit, lim.limit, lim.rule_id)


def _clock(r: ClockRun, nowc: dt.datetime, tz) -> Clock:
    if r.finished_at is not None:
        state, ref, remaining = r.closed_as, r.finished_at, None
    elif r.paused_since is None:
        state = RUNNING if nowc <= r.due else BREACHED
        ref, remaining = nowc, r.due - nowc
    else:
        paused = r.stopped_in_time()
        r.resume(max(nowc, r.paused_since))  # project: the due if the clock resumed now
        state = PAUSED_STATE if paused else (RUNNING if nowc <= r.due else BREACHED)
        ref, remaining = nowc, r.due - nowc
    start, due, original, finished = r.start, r.due, r.original_due, r.finished_at
    window = due - start - r.shift  # the allowance without the time pauses added
    left = due - ref
    if window > _ZERO:
        fraction = 1.0 - left / window
        if fraction < 0.0:
            fraction = 0.0
    else:
        fraction = 1.0 if left <= _ZERO else 0.0
    if tz is UTC:  # the database's form: two timedelta operations per instant
        same = original == due
        start, due = _EPOCH_UTC + (start - _EPOCH_CST), _EPOCH_UTC + (due - _EPOCH_CST)
        original = due if same else _EPOCH_UTC + (original - _EPOCH_CST)
        if finished is not None:
            finished = _EPOCH_UTC + (finished - _EPOCH_CST)
    elif tz is not None:
        start, due, original, finished = _out(start, tz), _out(due, tz), _out(original, tz), _out(finished, tz)
    return make_clock(
        r.name, r.kind, state, start, due, original, remaining,
        fraction, r.provisional, r.unit, r.limit, r.rule_id, finished, window,
    )  # fmt: skip
