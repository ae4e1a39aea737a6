"""One entry point for the leadership workbooks, used by the CLI and the GUI's export dialog.

``export(store, kind, out, branch_id=…, month=…)`` gathers the data through the services and
writes the workbook: ``findings`` (inspections dated in the month, or all), ``assessment`` and
``sla`` (the month; default the last complete China month, R-ZONE-3: a district is assessed on a
whole month — the month in progress is "so far" and says so in the workbook's period). Progress
runs 0–0.5 while reading and 0.5–1 while writing; ``cancelled()`` stops either phase (the partial
file is removed). ``out`` must end in ``.xlsx`` (any case): another name is refused before
anything is read or written. Every text of a workbook is in its one language (``lang``), the
"every branch" scope included; ``ExportResult.named_rows()`` is the rows per sheet keyed by the
sheet names the reader sees.

``actor_id``: the person exporting (the GUI passes the signed-in user); refused unless their role
may export workbooks for that branch (``permissions.Action.EXPORT``: managers, admins and
inspectors). None is the system: the scheduled CLI export, run by whoever operates the server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from console import i18n
from console.errors import ExportCancelled, PermissionDenied, StoreError
from console.i18n import N_, T, Text
from console.reports.assessment import own_labels, write_assessment, write_year_assessment
from console.reports.findings import write_findings
from console.reports.labels import labels as load_labels
from console.reports.printing import PrintMeta
from console.reports.xlsx import sheet_title
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
    rows: dict[str, int]  # rows per sheet, by the sheet's key ("sheet.districts")
    empty: bool
    sheets: dict[str, str] = field(default_factory=dict, compare=False)  # sheet key -> the name the reader sees
    period: str = ""  # the period as the workbook says it ("2026-11", "2026-12（截至今日，12-02）", "2026")

    def named_rows(self) -> dict[str, int]:
        """Rows per sheet keyed by the sheet names in the workbook (its language)."""
        return {self.sheets.get(key, key): n for key, n in self.rows.items()}


WORKBOOK_SUFFIX = ".xlsx"


def check_out(out: str | Path) -> Path:
    """``out`` as a Path if it names an .xlsx workbook (any case); otherwise StoreError naming the
    path and the extension expected — before anything is read or written."""
    path = Path(out)
    if path.suffix.lower() != WORKBOOK_SUFFIX:
        raise StoreError(T("{path}: the workbook is written as an Excel file, so its name must end in .xlsx "
                           "(nothing was written)", path=str(path)))
    return path


def last_complete_month(now: dt.datetime | None = None) -> dt.date:
    """The first day of the last complete China month before ``now`` — R-ZONE-3: districts are
    assessed monthly, on a whole month; the month in progress is only "so far"."""
    today = (now or dt.datetime.now(UTC)).astimezone(CST).date()
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def is_current_month(month: dt.date, now: dt.datetime | None = None) -> bool:
    """True when ``month`` is the China month ``now`` is in (its assessment is "so far", R-ZONE-3)."""
    today = (now or dt.datetime.now(UTC)).astimezone(CST).date()
    return (month.year, month.month) == (today.year, today.month)


def period_text(month: dt.date, now: dt.datetime | None = None) -> Text | str:
    """The month as a workbook says it: "2026-11", or the month in progress marked as such with the
    day it runs to ("2026-12 (so far, to 12-02)", R-ZONE-3: not yet a whole month)."""
    if is_current_month(month, now):
        today = (now or dt.datetime.now(UTC)).astimezone(CST).date()
        return T("{month} (so far, to {day})", month=f"{month:%Y-%m}", day=f"{today:%m-%d}")
    return f"{month:%Y-%m}"


EVERY_BRANCH = N_("every branch")


def scope_text(branch_name: str, period: str, lang: str) -> str:
    """What the workbook covers, in its language: "南昌市分公司, 2026-11", "全部分公司, 2026-11"."""
    return ", ".join(x for x in (branch_name or i18n.render(EVERY_BRANCH, lang), period) if x)


def parse_month(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise StoreError(T("month {month!r} is not YYYY-MM", month=text)) from None


def _exporter(store, actor_id: int | None, branch_id: int | None) -> str:
    """Who exports, as the pages name them ("孙丽 (NC800)"; "" for the system: the scheduled CLI
    export); PermissionDenied unless their role may export workbooks for that branch (R-INSP:
    findings go to leadership through those who may export them)."""
    if actor_id is None:
        return ""
    with store.read() as s:
        who = permissions.require(s, actor_id, permissions.Action.EXPORT, branch_id=branch_id)
        if branch_id is None and who.branch_id is not None and who.role not in permissions.EVERY_BRANCH:
            raise PermissionDenied(T("{name} ({role}) may not export every branch: {roles} export their own "
                                     "branch only", name=who.name, role=permissions.role_word(who.role),
                                     roles=permissions.plural_word(who.role)))
        return f"{who.name} ({who.work_number})"


def _halves(progress, cancelled):
    """Progress for an export's two halves: reading (0–50 %, where a cancel is honoured) and writing
    (50–100 %)."""
    def reading(fraction: float, message: str) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        if progress is not None:
            progress(0.5 * fraction, message)

    def writing(fraction: float, message: str) -> None:
        if progress is not None:
            progress(0.5 + 0.5 * fraction, message)

    return reading, writing


def _meta(branch_name: str, period: str, now: dt.datetime, exporter: str, lang: str) -> PrintMeta:
    """What every page of the workbook says: the branch (or every branch, in words), the period as
    the workbook says it ("so far" for the month in progress), when and by whom it was made."""
    return PrintMeta(branch=branch_name or i18n.render(EVERY_BRANCH, lang), period=period, generated_at=now,
                     generated_by=exporter)


def export(store, kind: str, out: str | Path, *, branch_id: int | None = None, branch_name: str = "",
           month: dt.date | None = None, lang: str | None = None, now: dt.datetime | None = None,
           progress: Callable[[float, str], None] | None = None,
           cancelled: Callable[[], bool] | None = None, actor_id: int | None = None) -> ExportResult:
    if kind not in KINDS:
        raise StoreError(T("export one of {kinds}", kinds=", ".join(KINDS)))
    exporter = _exporter(store, actor_id, branch_id)  # R-INSP: through those who may export them
    out = check_out(out)
    now = now or dt.datetime.now(UTC)
    today = now.astimezone(CST).date()
    lang = i18n.normalise(lang) if lang else i18n.current()  # the workbook's one language: the console's unless told
    labels = load_labels(lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    if kind != "findings":
        month = month or last_complete_month(now)  # R-ZONE-3: a whole month unless one is chosen
    period = i18n.render(period_text(month, now), lang) if month else ""
    scope = scope_text(branch_name, period, lang)
    meta = _meta(branch_name, period, now, exporter, lang)
    reading, writing = _halves(progress, cancelled)

    reading(0.0, kind)
    if kind == "findings":
        first, last = month_bounds(month) if month else (None, None)
        rows = findings(store, branch_id=branch_id, first=first, last=last)
        reading(1.0, kind)
        n = write_findings(out, rows, labels, today=today, what=scope, total=len(rows), progress=writing,
                           cancelled=cancelled, meta=meta, lang=lang)
        return ExportResult(kind, out, {"sheet.findings": n}, n == 0, _sheet_names(labels, ["sheet.findings"]),
                            period)
    if kind == "assessment":
        a = assess(store, month, branch_id=branch_id, now=now, progress=reading)
        counts = write_assessment(out, a, labels, what=scope, progress=writing, cancelled=cancelled, lang=lang,
                                  meta=meta)
        return ExportResult(kind, out, counts, a.empty, _sheet_names(own_labels(labels, lang), counts), period)
    report = sla_report(store, month, branch_id=branch_id, now=now, progress=reading)
    counts = write_sla(out, report, labels, what=scope, progress=writing, cancelled=cancelled, lang=lang, meta=meta)
    return ExportResult(kind, out, counts, report.empty, _sheet_names(labels, counts), period)


def _sheet_names(labels, keys) -> dict[str, str]:
    return {key: sheet_title(labels[key]) for key in keys}  # as the writers name the sheets


def export_assessment_year(store, out: str | Path, *, year: int, branch_id: int | None = None, branch_name: str = "",
                           lang: str | None = None, now: dt.datetime | None = None,
                           progress: Callable[[float, str], None] | None = None,
                           cancelled: Callable[[], bool] | None = None, actor_id: int | None = None) -> ExportResult:
    """R-ZONE-3's yearly summary workbook (the year's scorecards and each month of it), with the
    rights of ``export`` (``permissions.Action.EXPORT``)."""
    exporter = _exporter(store, actor_id, branch_id)
    out = check_out(out)
    now = now or dt.datetime.now(UTC)
    lang = i18n.normalise(lang) if lang else i18n.current()
    labels = load_labels(lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    today = now.astimezone(CST).date()
    period = (i18n.render(T("{year} (so far, to {day})", year=str(year), day=f"{today:%m-%d}"), lang)
              if year == today.year else str(year))  # R-ZONE-3: the year in progress is not yet a whole year
    scope = scope_text(branch_name, period, lang)
    meta = _meta(branch_name, period, now, exporter, lang)
    reading, writing = _halves(progress, cancelled)

    summary = assess_year(store, year, branch_id=branch_id, now=now, progress=reading)
    counts = write_year_assessment(out, summary, labels, what=scope, progress=writing, cancelled=cancelled, lang=lang,
                                   meta=meta)
    return ExportResult("assessment_year", out, counts, summary.empty, _sheet_names(own_labels(labels, lang), counts),
                        period)
