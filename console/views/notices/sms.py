"""Where an SMS list is saved and how: the notice and fee-reminder views share it (R-PROM-5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from console.reports.sms_list import write_csv, write_xlsx
from console.rules.periods import CST as CHINA
from console.views.kit import file_dialogs


def ask_save_path(parent, title: str, suggested: str) -> str | None:
    """Where to write the SMS list (CSV and .xlsx side by side); tests monkeypatch it."""
    return file_dialogs.save_file_name(parent, title, suggested, parent.tr("SMS list (*.xlsx)"), store=parent.store)


def export_sms(base: str, recipients, *, title: str, message: str, made_at: dt.datetime, branch: str = "",
               made_by: str = "") -> tuple[Path, Path]:
    """The CSV and the workbook side by side; the workbook's pages name the branch and who made it
    when (reports.printing). Runs off the GUI thread (a list of thousands of households)."""
    from console.reports.printing import PrintMeta

    base_path = Path(base).with_suffix("")
    meta = PrintMeta(branch=branch, generated_at=made_at.astimezone(CHINA), generated_by=made_by)
    return (write_csv(base_path.with_suffix(".csv"), recipients, message),
            write_xlsx(base_path.with_suffix(".xlsx"), recipients, title=title, message=message,
                       made_at=made_at.astimezone(CHINA), meta=meta))
