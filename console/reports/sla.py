"""The time-limit workbook (R-TIME): on-time rate per kind and district, and each breach with its
reason chain (``services.assessment.sla_report``), its steps rendered in the workbook's language.

Provisional verdicts (R-TIME-3..6, a due on a guessed Monday–Friday day of a year whose calendar is
not entered) are counted apart in the last two columns of the on-time sheet, never as breaches; a
provisional breach is listed with "yes" in the breaches sheet's Provisional column; and both sheets
end with a note row saying what provisional means when the month has any."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from console import i18n
from console.errors import ExportCancelled
from console.reports import printing
from console.reports.printing import PrintMeta
from console.reports.xlsx import Column, excel_time, sheet_title

KIND_COLUMNS = (Column("col.branch"), Column("col.district"), Column("col.kind"), Column("col.judged", "int"),
                Column("col.on_time", "int"), Column("col.breached", "int"), Column("col.exempted", "int"),
                Column("col.extended", "int"), Column("col.rate", "pct"), Column("col.provisional_judged", "int"),
                Column("col.provisional_late", "int"))
BREACH_COLUMNS = (Column("col.order"), Column("col.branch"), Column("col.district"), Column("col.kind"),
                  Column("col.received", "datetime"), Column("col.clock_start", "datetime"),
                  Column("col.original_due", "datetime"), Column("col.due", "datetime"),
                  Column("col.finished", "datetime"), Column("col.hours_late", "float"), Column("col.assignee"),
                  Column("col.reasons", width=60, wrap=True), Column("col.provisional"))


def reason_chain(b, lang: str | None = None) -> str:
    """The breach's reason chain in `lang` (its steps' events as words of that language); a row
    without steps keeps its text as it is."""
    steps = getattr(b, "steps", ())
    if not steps:
        return i18n.render(b.reasons, lang)
    return " → ".join(i18n.render(step, lang) for step in steps)


def breach_values(b, labels, lang: str | None = None) -> tuple:
    return (b.number, b.branch, b.district, labels[f"kind.{b.kind}"], excel_time(b.received_at),
            excel_time(b.clock_start), excel_time(b.original_due), excel_time(b.due), excel_time(b.finished_at),
            b.hours_late, b.assignee, reason_chain(b, lang), labels["value.yes"] if b.provisional else None)


def write_sla(path: str | Path, report, labels, *, what: str, progress: Callable[[float, str], None] | None = None,
              cancelled: Callable[[], bool] | None = None, lang: str | None = None,
              meta: PrintMeta | None = None) -> dict[str, int]:
    """Write the workbook; `lang` is the language of `labels` (default: the console's, as `labels()`);
    ``meta`` what the pages say (branch, period, generated at/by; reports.printing)."""
    path = Path(path)
    lang = i18n.normalise(lang) if lang else i18n.current()
    month = (meta and meta.period) or (f"{report.month:%Y-%m}" if getattr(report, "month", None) else what)
    p = printing.page(meta, title=labels["title.sla"].format(month=month), what=what, lang=lang)
    wb = Workbook(write_only=True)
    note = labels["note.empty"].format(what=what)
    provisional = getattr(report, "provisional", False)
    notes = ["", labels["note.provisional"]] if provisional else []  # R-TIME-3..6: said under the table
    try:
        ws = wb.create_sheet(sheet_title(labels["sheet.on_time"]))
        kinds = [(r.branch, r.district, labels[f"kind.{r.kind}"], r.judged, r.on_time, r.breached, r.exempted,
                  r.extended, r.rate, r.provisional, r.provisional_late) for r in report.kinds]
        out = {"sheet.on_time": printing.table(ws, KIND_COLUMNS, kinds, labels, p, first=True, empty_note=note,
                                               notes=notes)}
        if progress is not None:
            progress(0.3, labels["sheet.on_time"])
        ws = wb.create_sheet(sheet_title(labels["sheet.breaches"]))
        rows = (breach_values(b, labels, lang) for b in report.breaches)
        out["sheet.breaches"] = printing.table(
            ws, BREACH_COLUMNS, rows, labels, p, notes=notes,
            total=len(report.breaches) if hasattr(report.breaches, "__len__") else None,
            progress=progress, cancelled=cancelled, empty_note=note, message=labels["sheet.breaches"])
    except ExportCancelled:
        path.unlink(missing_ok=True)
        raise
    wb.save(path)
    if progress is not None:
        progress(1.0, labels["sheet.breaches"])
    return out
