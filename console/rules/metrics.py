"""Assessment metric definitions (R-ZONE-3/4, R-TIME, R-VISIT) — written once, here.

Every scorecard number, its tooltip in the console and its column in the Excel workbooks comes
from :data:`METRICS`: an id, an English title, the formula in words, the unit and the rule ids.
The services compute exactly what ``formula`` says (``console.services.assessment.districts``); the
views and workbooks show ``title`` and ``tooltip()``. Pure: no Qt, no database.

Periods are China calendar months, summarised by year (R-ZONE-3: the twelve months and the year
as one period). An order belongs to a period by the instant named in each formula (receipt, clock
start, completion). ``None`` means "nothing to judge" (shown as a dash), never zero.

The clock start of every timed metric is R-TIME-0's for every order kind — the instant the
materials were complete (receipt when nothing was missing) — also for kinds without a time limit
(business, inquiry): :func:`clock_start` reads it from the order's log.

A due that rests on a year whose official working-day calendar is not entered is provisional
(``Clock.provisional``): such an order is counted apart as provisional, never as met or breached —
a provisional breach is never reported as fact.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.i18n import N_, T, Text
from console.rules.text import marked
from console.terms import term
from console.vocabulary import EventType


@dataclass(frozen=True)
class Metric:
    id: str
    title: str  # English, marked N_(): the catalogue says it in the user's language
    formula: str  # the same
    unit: str  # "per_1000" | "percent" | "score" | "count"
    rules: tuple[str, ...]
    higher_is_better: bool = True

    def tooltip(self) -> Text:
        """The definition as shown on hover (and in the workbook's Definitions sheet): a Text, str()
        the English, rendered in the user's language by the view."""
        return T("{title} [{rules}]\n{formula}", title=marked(self.title), rules=", ".join(self.rules),
                 formula=marked(self.formula))


COMPLAINT_RATE = "complaint_rate"
RESPONSE_24H = "response_24h"
SATISFACTION = "satisfaction"
ON_TIME = "on_time"
CALLBACK_COVERAGE = "callback_coverage"
STABILITY = "stability"
GROWTH = "growth"
SCORE = "score"

# Order kinds with a resolve clock, in display order, for the on-time rate per kind.
TIMED_KINDS = ("general_fault", "major_fault", "installation", "restoration", "complaint")
KIND_RULES = {
    "general_fault": ("R-TIME-1",),
    "major_fault": ("R-TIME-2",),
    "installation": ("R-TIME-3", "R-TIME-4"),
    "restoration": ("R-TIME-5",),
    "complaint": ("R-TIME-6",),
}
# The events that count as the first response to the customer (R-ZONE-3 "24-hour response").
RESPONSE_EVENTS = ("first_response", "visit_booked", "arrived", "customer_unreachable", "completed")
RESPONSE_HOURS = 24
# Clock states that count as on time: met, and met by an R-TIME-8 exemption. An approved
# R-TIME-10 extension moves the due itself, so finishing before the new due is "met".
ON_TIME_STATES = ("met", "met_by_exemption")

METRICS: dict[str, Metric] = {
    m.id: m
    for m in (
        Metric(
            COMPLAINT_RATE, N_("Complaint rate (per 1,000 households)"),
            N_("Complaint orders received in the month ÷ households of the district × 1,000. "
               "For a maintainer: the districts they were responsible for (R-ZONE-5 history), households "
               "weighted by the days of the month they held each district. Lower is better."),
            "per_1000", ("R-ZONE-3",), higher_is_better=False,
        ),
        Metric(
            RESPONSE_24H, N_("24-hour response rate"),
            N_("Orders of every kind whose clock started in the period (R-TIME-0: the materials complete — "
               "the receipt only when nothing was missing — also for kinds without a time limit, such as "
               "business requests) and whose first response — first_response, visit booked, arrival, "
               "customer unreachable with a reason or completion — came within 24 hours of that clock start "
               "÷ those orders, in %. Orders still waiting for materials, or inside their first 24 hours "
               "without a response, are not judged yet."),
            "percent", ("R-ZONE-3", "R-TIME-0", "R-PROM-2"),
        ),
        Metric(
            SATISFACTION, N_("User satisfaction"),
            N_("Mean callback satisfaction score (1–5) of the customers reached for orders completed in "
               "the month (the callbacks of R-VISIT-4)."),
            "score", ("R-ZONE-3", "R-VISIT-4"),
        ),
        Metric(
            ON_TIME, N_("On-time completion rate"),
            N_("Orders with a time limit completed in the period whose resolve clock — started at R-TIME-0 "
               "(materials complete) — was met: finished by the due, an approved extension's new due "
               "counting (R-TIME-10), or closed by an unreachable-customer exemption with a written reason "
               "(R-TIME-8) ÷ the orders completed in the period plus open orders whose due passed in the "
               "period, in %. Orders whose due rests on a year whose working-day calendar is not entered "
               "are counted apart as provisional, neither met nor breached. Shown overall and per order "
               "kind (R-TIME-1…6)."),
            "percent", ("R-TIME-0", "R-TIME-1", "R-TIME-2", "R-TIME-3", "R-TIME-4", "R-TIME-5", "R-TIME-6",
                        "R-TIME-8", "R-TIME-10"),
        ),
        Metric(
            CALLBACK_COVERAGE, N_("Callback coverage"),
            N_("Callbacks reached within 72 hours ÷ callbacks judged (owed − not yet due − unreachable), "
               "for orders completed in the month, in %; target 100 % (the callback coverage report)."),
            "percent", ("R-VISIT-1", "R-VISIT-2"),
        ),
        Metric(
            STABILITY, N_("User stability rate"),
            N_("Accounts active at the start of the month and not cancelled during it ÷ accounts active at "
               "the start of the month, in %."),
            "percent", ("R-ZONE-4",),
        ),
        Metric(
            GROWTH, N_("Growth against target"),
            N_("Net household growth in the month (new accounts − cancellations) ÷ the month's share of the "
               "branch's yearly growth target (target ÷ 12, split over districts by households), in %."),
            "percent", ("R-ZONE-4",),
        ),
        Metric(
            SCORE, N_("Assessment score"),
            N_("Ranking score 0–100: the mean of the R-ZONE-3 components available — 24-hour response "
               "rate; satisfaction ÷ 5 × 100; and 100 − 10 × complaint rate per month (a year: its "
               "monthly average; floored at 0). Ranked highest first; ties by name."),
            "score", ("R-ZONE-3",),
        ),
    )
}


_RECEIVED, _MISSING, _COMPLETE = EventType.RECEIVED, EventType.MATERIALS_MISSING, EventType.MATERIALS_COMPLETE
_COMPLETED = EventType.COMPLETED


def clock_start(events):
    """R-TIME-0's clock start of one order from its log, for every kind (R-ZONE-3): the receipt when
    nothing was missing at receipt (``received`` payload ``missing`` empty and no ``materials_missing``
    at the receipt instant), else the first ``materials_complete`` at or after the receipt (a
    ``completed`` before it completes the materials too); None while it waits for materials. The
    same start ``rules.sla.evaluate`` gives the clocks of kinds with a limit; this one also serves
    kinds without one (business, inquiry). ``events``: anything with ``type``, ``at``, ``payload``;
    the instant returned is one of theirs."""
    received, missing, missing_at, starts = None, False, [], []
    for e in events:
        typ, p = e.type, e.payload or {}
        if typ == _RECEIVED:
            if received is None or e.at < received:
                received, missing = e.at, bool(p.get("missing"))
        elif typ == _MISSING:
            if p.get("missing"):
                missing_at.append(e.at)
        elif typ == _COMPLETE or typ == _COMPLETED:
            starts.append(e.at)
    if received is None:
        return None
    if not missing and received not in missing_at:
        return received
    later = [t for t in starts if t >= received]
    return min(later) if later else None


def tooltip(metric_id: str) -> str:
    return METRICS[metric_id].tooltip()


def kind_on_time_tooltip(kind: str) -> Text:
    return T("{title}: {kind} [{rules}]", title=marked(METRICS[ON_TIME].title), kind=term(kind),
             rules=", ".join(KIND_RULES[kind] + ("R-TIME-8", "R-TIME-10")))


# ---- the arithmetic, in one place --------------------------------------------------------------
def ratio(part: int, whole: int | float) -> float | None:
    """part ÷ whole in %, None when there is nothing to judge."""
    return None if not whole else 100.0 * part / whole


def per_thousand(count: int, households: float) -> float | None:
    return None if households <= 0 else 1000.0 * count / households


def mean(scores: list[int]) -> float | None:
    return sum(scores) / len(scores) if scores else None


def growth_pct(net: int, target: float) -> float | None:
    return None if target <= 0 else 100.0 * net / target


def score(response: float | None, satisfaction: float | None, complaint_rate: float | None) -> float | None:
    """The ranking score of METRICS[SCORE]."""
    parts = []
    if response is not None:
        parts.append(response)
    if satisfaction is not None:
        parts.append(satisfaction / 5.0 * 100.0)
    if complaint_rate is not None:
        parts.append(max(0.0, 100.0 - 10.0 * complaint_rate))
    return sum(parts) / len(parts) if parts else None


def rank(items: list, key, name) -> list[int]:
    """Competition ranks (1, 2, 2, 4) by ``key`` descending, items without a key last (unranked
    = 0); returns the ranks in the items' order."""
    keys = [key(item) for item in items]  # each item's key once (a province's score: four metrics each)
    scored = sorted((i for i, k in enumerate(keys) if k is not None), key=lambda i: (-keys[i], name(items[i])))
    ranks = [0] * len(items)
    prev, prev_rank = None, 0
    for pos, i in enumerate(scored, start=1):
        k = round(keys[i], 6)
        prev_rank = prev_rank if k == prev else pos
        ranks[i], prev = prev_rank, k
    return ranks
