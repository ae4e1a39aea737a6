"""Sheet, column and value titles of the leadership workbooks, by key.

The English texts are below; their translations are in the core's one catalogue
(``resources/i18n/console.<lang>.json``, console.i18n), keyed by the English text like every
other text the core says. Rule ids stay in the titles in
every language, so an inspector can trace a red cell back to RULES.md.
"""

from __future__ import annotations

from console import i18n
from console.rules.metrics import KIND_RULES, METRICS

EN: dict[str, str] = {
    # sheets
    "sheet.findings": "Findings", "sheet.summary": "Summary", "sheet.districts": "Districts",
    "sheet.maintainers": "Maintainers", "sheet.branches": "Branches", "sheet.definitions": "Definitions",
    "sheet.on_time": "On time by kind", "sheet.breaches": "Breaches",
    # titles and notes
    "title.findings": "Inspection findings (R-INSP)", "title.assessment": "District assessment {month} (R-ZONE-3/4)",
    "title.sla": "Time limits {month} (R-TIME)", "title.summary": "Findings by branch and rule family",
    "note.empty": "No data for {what}: nothing to report.", "note.generated": "Generated {at} (China time)",
    "note.overdue": "Red rows: rectification overdue (not verified closed by the deadline, R-INSP).",
    "note.provisional": ("Provisional (R-TIME-3..6): the due rests on a Monday–Friday guess for a year whose official "
                         "working-day calendar is not entered. A provisional verdict is neither on time nor a breach "
                         "and is not counted in the totals until the calendar is entered; entering it recomputes "
                         "the order."),
    "chart.findings": "Findings by rule family and severity", "chart.count": "Number of findings",
    # findings columns
    "col.id": "Finding no.", "col.inspection": "Inspection no.", "col.inspection_day": "Inspection date",
    "col.inspectors": "Inspectors", "col.branch": "Branch", "col.rule_family": "Rule family",
    "col.rule_id": "Rule id", "col.description": "Description", "col.severity": "Severity",
    "col.unit": "Responsible unit", "col.person": "Responsible person", "col.deadline": "Rectification deadline",
    "col.days_left": "Days to deadline", "col.status": "Status (R-INSP)", "col.status_at": "Status since",
    "col.status_by": "Status set by", "col.evidence": "Evidence",
    "col.total": "Total",
    # assessment columns
    "col.rank": "Rank", "col.district": "District", "col.maintainer": "Maintainer", "col.households": "Households",
    "col.complaints": "Complaints", "col.net_growth": "Net growth", "col.growth_target": "Month growth target",
    "col.metric": "Metric", "col.title": "Title", "col.formula": "Definition", "col.rules": "Rule ids",
    # sla columns
    "col.kind": "Order kind", "col.judged": "Judged", "col.on_time": "On time", "col.breached": "Breached",
    "col.exempted": "Unreachable exemptions (R-TIME-8)", "col.extended": "Approved extensions (R-TIME-10)",
    "col.rate": "On-time rate", "col.order": "Order no.", "col.received": "Received",
    "col.clock_start": "Clock start (R-TIME-0)", "col.original_due": "Original due", "col.due": "Due in force",
    "col.finished": "Completed", "col.hours_late": "Hours late", "col.assignee": "Assignee",
    "col.reasons": "Reason chain", "col.provisional": "Provisional",
    "col.provisional_judged": "Provisional verdicts (not counted)",
    "col.provisional_late": "Provisional breaches (not counted)",
    "value.yes": "yes",
    # values
    "severity.minor": "minor", "severity.serious": "serious", "severity.critical": "critical",
    "status.open": "open", "status.rectifying": "rectifying", "status.closed": "verified closed",
    "kind.general_fault": "general fault", "kind.major_fault": "major fault", "kind.installation": "installation",
    "kind.restoration": "restoration", "kind.complaint": "complaint", "kind.inquiry": "inquiry",
    "kind.business": "business",
}
for _m in METRICS.values():
    EN[f"metric.{_m.id}"] = f"{_m.title} [{', '.join(_m.rules)}]"
    EN[f"metric_title.{_m.id}"] = _m.title
    EN[f"formula.{_m.id}"] = _m.formula
for _kind, _rules in KIND_RULES.items():
    EN[f"kind_rate.{_kind}"] = f"On time: {EN['kind.' + _kind]} [{', '.join(_rules)}]"


class Labels(dict):
    """A key -> text mapping in one language; an unknown key is itself."""

    def __missing__(self, key: str) -> str:
        return key


def labels(lang: str | None = None) -> Labels:
    """The texts for ``lang`` (e.g. ``zh_CN``; default: the console's language, `console.i18n.chosen`,
    never the machine's locale), through the core's one catalogue (console.i18n)."""
    lang = i18n.normalise(lang) if lang else i18n.current()
    return Labels({key: i18n.render(text, lang) for key, text in EN.items()})
