"""What each rule id an inspection finding may name says, in a line (R-INSP).

The inspection dialog's rule picker shows every id with its description, so an inspector picks
"R-TIME-3 — new installation, city: 5 working days" rather than typing an id from memory. The
texts restate the service rulebook (RULES.md) in short; they are translatable (``T``), rendered in
the language of the console that shows them (``description``). No Qt here.
"""

from __future__ import annotations

from console import i18n
from console.i18n import T, Text

# R-INSP: the ids a finding may name, in the rulebook's order, each with its line.
RULE_TEXTS: dict[str, Text] = {
    "R-DISC-1": T("Disclosure: the service promises are displayed"),
    "R-DISC-2": T("Disclosure: the service hotline and the supervision hotline are displayed"),
    "R-DISC-3": T("Disclosure: fee policies, fee standards and fee items are displayed"),
    "R-DISC-4": T("Disclosure: the business processes are displayed"),
    "R-DISC-5": T("Disclosure: location and phone of every local business outlet are displayed"),
    "R-DISC-6": T("Disclosure: photo and work number of every service employee are displayed"),
    "R-FIRST-1": T("First contact: whoever first receives the customer owns the request"),
    "R-FIRST-2": T("First contact: every missing material is told to the customer at once"),
    "R-FIRST-3": T("First contact: what can be done on the spot is closed on the spot"),
    "R-FIRST-4": T("First contact: uncertain, important or urgent matters are reported to a leader at once"),
    "R-ZONE-1": T("Districts: each maintainer serves about 4,500 households (city) or 2,000 (county)"),
    "R-ZONE-2": T("Districts: service and supervision phones, the maintainer's photo and work number published"),
    "R-ZONE-3": T("Districts: assessed monthly and summarised yearly (complaints, 24-hour response, "
                  "satisfaction)"),
    "R-ZONE-4": T("Districts: the stability rate is kept and the yearly growth target met"),
    "R-ZONE-5": T("Districts: changes of responsibility are published promptly"),
    "R-TIME-0": T("Time limits: the clock starts when the formalities and materials are complete"),
    "R-TIME-1": T("Time limits: general fault repaired within 24 hours"),
    "R-TIME-2": T("Time limits: major fault repaired within 72 hours"),
    "R-TIME-3": T("Time limits: new installation, city, within 5 working days"),
    "R-TIME-4": T("Time limits: new installation, rural, within 10 working days"),
    "R-TIME-5": T("Time limits: service restored within 5 working days"),
    "R-TIME-6": T("Time limits: complaint handled and answered within 3 working days"),
    "R-TIME-7": T("Time limits: first response to a complaint within 4 hours"),
    "R-TIME-8": T("Time limits: customer unreachable — a written reason to the business head"),
    "R-TIME-9": T("Time limits: major complaints, important customers, emergencies — call and we come"),
    "R-TIME-10": T("Time limits: a deadline extended only with a leader's approval"),
    "R-TIME-11": T("Time limits: breaches feed accountability"),
    "R-VISIT-1": T("Callbacks: every repair and complaint order called back within 72 hours"),
    "R-VISIT-2": T("Callbacks: every new installation called back"),
    "R-VISIT-3": T("Callbacks: a problem found on a callback is solved promptly (follow-up order)"),
    "R-VISIT-4": T("Callbacks: results recorded and analysed"),
    "R-VISIT-5": T("Callbacks: major clients have a standing revisit plan"),
    "R-ACC-S": T("Accountability: the person's statement is heard before a decision"),
    "R-ACC-H": T("Accountability: circumstances that make it heavier"),
    "R-ACC-L": T("Accountability: circumstances that make it lighter or exempt"),
    "R-INSP": T("Inspection: findings are rectified by their deadline and verified"),
    "R-TRAIN": T("Training: handbook, induction, etiquette and ethics training with records"),
    "R-PROM-1": T("Promise: courteous service"),
    "R-PROM-2": T("Promise: 24/7 hotline, complaints answered within 4 hours"),
    "R-PROM-3": T("Promise: every district covered"),
    "R-PROM-4": T("Promise: the time limits are kept"),
    "R-PROM-5": T("Promise: notice 24 hours ahead of maintenance or service changes"),
    "R-PROM-6": T("Promise: the callbacks are made"),
    "R-PROM-7": T("Promise: appointments kept, work ID shown"),
    "R-PROM-8": T("Promise: published fees, hardship discounts"),
}
RULE_IDS: tuple[str, ...] = tuple(RULE_TEXTS)


def description(rule_id: str, lang: str | None = None) -> str:
    """The line of `rule_id` in the console's language ("" for an id the picker does not offer)."""
    text = RULE_TEXTS.get(rule_id)
    return i18n.render(text, lang) if text is not None else ""


def label(rule_id: str, lang: str | None = None) -> str:
    """``"R-TIME-3 — Time limits: new installation, city, within 5 working days"``: how a picker shows an id."""
    text = description(rule_id, lang)
    return f"{rule_id} — {text}" if text else rule_id
