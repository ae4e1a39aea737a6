"""One entry point for the leadership workbooks, used by the CLI and the GUI's export dialog.

``export(store, kind, out, branch_id=…, month=…)`` gathers the data through the services and
writes the workbook: ``findings`` (inspections dated in the month, or all), ``assessment`` and
``sla`` (the month; default the current China month). Progress runs 0–0.5 while reading and
0.5–1 while writing; ``cancelled()`` stops either phase (the partial file is removed).

``actor_id``: the person exporting (the GUI passes the signed-in user); refused unless their role
may export workbooks for that branch (``permissions.Action.EXPORT``: managers, admins and
inspectors). None is the system: the scheduled CLI export, run by whoever operates the server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from console import i18n
from console.errors import ExportCancelled, PermissionDenied, StoreError
from console.i18n import T
from console.reports.assessment import write_assessment, write_year_assessment
from console.reports.findings import write_findings
from console.reports.labels import labels as load_labels
from console.reports.sla import write_sla
from console.rules.periods import CST, UTC
from console.services.access import permissions
from console.services.assessment.districts import assess
from console.services.assessment.districts import year as assess_year
from console.services.assessment.facts import month_bounds
from console.services.assessment.sla_report import sla_report
from console.services.supervision.inspections import findings

KINDS = ("findings", "assessment", "sla")


@dataclass(frozen=True)
class ExportResult:
    kind: str
    path: Path
    rows: dict[str, int]
    empty: bool


def parse_month(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise StoreError(T("month {month!r} is not YYYY-MM", month=text)) from None


def export(store, kind: str, out: str | Path, *, branch_id: int | None = None, branch_name: str = "",
           month: dt.date | None = None, lang: str | None = None, now: dt.datetime | None = None,
           progress: Callable[[float, str], None] | None = None,
           cancelled: Callable[[], bool] | None = None, actor_id: int | None = None) -> ExportResult:
    if kind not in KINDS:
        raise StoreError(T("export one of {kinds}", kinds=", ".join(KINDS)))
    if actor_id is not None:  # R-INSP: findings go to leadership through those who may export them
        with store.read() as s:
            who = permissions.require(s, actor_id, permissions.Action.EXPORT, branch_id=branch_id)
            if branch_id is None and who.branch_id is not None and who.role not in permissions.EVERY_BRANCH:
                raise PermissionDenied(T("{name} ({role}) may not export every branch: {roles} export their own "
                                         "branch only", name=who.name, role=permissions.role_word(who.role),
                                         roles=permissions.plural_word(who.role)))
    now = now or dt.datetime.now(UTC)
    today = now.astimezone(CST).date()
    lang = i18n.normalise(lang) if lang else i18n.current()  # the workbook's one language: the console's unless told
    labels = load_labels(lang)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if kind != "findings":
        month = month or today.replace(day=1)
    scope = ", ".join(x for x in (branch_name or labels["col.branch"] + ": *",
                                  month.strftime("%Y-%m") if month else "") if x)

    def reading(fraction: float, message: str) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        if progress is not None:
            progress(0.5 * fraction, message)

    def writing(fraction: float, message: str) -> None:
        if progress is not None:
            progress(0.5 + 0.5 * fraction, message)

    reading(0.0, kind)
    if kind == "findings":
        first, last = month_bounds(month) if month else (None, None)
        rows = findings(store, branch_id=branch_id, first=first, last=last)
        reading(1.0, kind)
        n = write_findings(out, rows, labels, today=today, what=scope, total=len(rows), progress=writing,
                           cancelled=cancelled)
        return ExportResult(kind, out, {"sheet.findings": n}, n == 0)
    if kind == "assessment":
        a = assess(store, month, branch_id=branch_id, now=now, progress=reading)
        counts = write_assessment(out, a, labels, what=scope, progress=writing, cancelled=cancelled, lang=lang)
        return ExportResult(kind, out, counts, a.empty)
    report = sla_report(store, month, branch_id=branch_id, now=now, progress=reading)
    counts = write_sla(out, report, labels, what=scope, progress=writing, cancelled=cancelled, lang=lang)
    return ExportResult(kind, out, counts, report.empty)


def export_assessment_year(store, out: str | Path, *, year: int, branch_id: int | None = None, branch_name: str = "",
                           lang: str | None = None, now: dt.datetime | None = None,
                           progress: Callable[[float, str], None] | None = None,
                           cancelled: Callable[[], bool] | None = None, actor_id: int | None = None) -> ExportResult:
    """R-ZONE-3's yearly summary workbook (the year's scorecards and each month of it), with the
    rights of ``export`` (``permissions.Action.EXPORT``)."""
    if actor_id is not None:
        with store.read() as s:
            who = permissions.require(s, actor_id, permissions.Action.EXPORT, branch_id=branch_id)
            if branch_id is None and who.branch_id is not None and who.role not in permissions.EVERY_BRANCH:
                raise PermissionDenied(T("{name} ({role}) may not export every branch: {roles} export their own "
                                         "branch only", name=who.name, role=permissions.role_word(who.role),
                                         roles=permissions.plural_word(who.role)))
    now = now or dt.datetime.now(UTC)
    lang = i18n.normalise(lang) if lang else i18n.current()
    labels = load_labels(lang)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    scope = ", ".join((branch_name or labels["col.branch"] + ": *", str(year)))

    def reading(fraction: float, message: str) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        if progress is not None:
            progress(0.5 * fraction, message)

    def writing(fraction: float, message: str) -> None:
        if progress is not None:
            progress(0.5 + 0.5 * fraction, message)

    summary = assess_year(store, year, branch_id=branch_id, now=now, progress=reading)
    counts = write_year_assessment(out, summary, labels, what=scope, progress=writing, cancelled=cancelled, lang=lang)
    return ExportResult("assessment_year", out, counts, summary.empty)
