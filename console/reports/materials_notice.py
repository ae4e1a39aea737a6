"""The one-page materials notice handed to (or read out to) the customer at intake.

R-FIRST-2: it lists EVERY missing item at once, and what is already complete.
R-FIRST-1: it names who took the request, with their work number.
R-DISC-2: it shows the service hotline and the supervision hotline.
R-TIME-0: it says the time limit starts only when the materials are complete.

Plain values in, an HTML string out (no Qt): the view renders it with QTextDocument to PDF
or a printer, so the HTML keeps to what QTextDocument understands (tables, lists, inline
styles). Every title comes from `labels` so a translation (zh_CN) needs no code change: the
English defaults below are marked for pyside6-lupdate (context "MaterialsNotice") and the view
passes them translated. Values are escaped; labels are trusted text with `{}` fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from html import escape

from console.rules.periods import CST


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks a title for translation (pyside6-lupdate extracts it) without importing Qt."""
    return text


CONTEXT = "MaterialsNotice"  # the translation context of DEFAULT_LABELS
DEFAULT_LABELS: dict[str, str] = {
    "title": QT_TRANSLATE_NOOP("MaterialsNotice", "Notice of missing materials"),
    "order_no": QT_TRANSLATE_NOOP("MaterialsNotice", "Order number"),
    "kind": QT_TRANSLATE_NOOP("MaterialsNotice", "Request"),
    "date": QT_TRANSLATE_NOOP("MaterialsNotice", "Date"),
    "customer": QT_TRANSLATE_NOOP("MaterialsNotice", "Customer"),
    "account_no": QT_TRANSLATE_NOOP("MaterialsNotice", "Account"),
    "phone": QT_TRANSLATE_NOOP("MaterialsNotice", "Phone"),
    "address": QT_TRANSLATE_NOOP("MaterialsNotice", "Address"),
    "walk_in": QT_TRANSLATE_NOOP("MaterialsNotice", "No account (walk-in)"),
    "missing_heading": QT_TRANSLATE_NOOP("MaterialsNotice",
                                         "The following materials are missing — please bring all of them:"),
    "missing_count": QT_TRANSLATE_NOOP("MaterialsNotice", "Missing items: {n}"),
    "complete_heading": QT_TRANSLATE_NOOP("MaterialsNotice", "Already complete:"),
    "nothing_complete": QT_TRANSLATE_NOOP("MaterialsNotice", "None yet."),
    "clock": QT_TRANSLATE_NOOP("MaterialsNotice",
                               "The time limit for your request ({limit}) starts when all the materials are complete."),
    "no_limit": QT_TRANSLATE_NOOP("MaterialsNotice",
                                  "Your request is handled as soon as all the materials are complete."),
    "taken_by": QT_TRANSLATE_NOOP(
        "MaterialsNotice",
        "Request taken by {name}, work number {work_number}. This employee remains responsible for your request."),
    "hotline": QT_TRANSLATE_NOOP("MaterialsNotice", "Service hotline: {hotline}"),
    "supervision": QT_TRANSLATE_NOOP("MaterialsNotice", "Supervision hotline: {phone}"),
    "printed": QT_TRANSLATE_NOOP("MaterialsNotice", "Printed {when}"),
    "rules": "R-FIRST-1 · R-FIRST-2 · R-TIME-0 · R-DISC-2",
}


def _when(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(CST)
    return value.strftime("%Y-%m-%d %H:%M")


def _row(label: str, value: str) -> str:
    return (f'<tr><td style="padding:2px 12px 2px 0; color:#444;">{escape(label)}</td>'
            f'<td style="padding:2px 0;"><b>{escape(value)}</b></td></tr>')


def materials_notice_html(
    branch: Mapping[str, str],
    order: Mapping[str, object],
    customer: Mapping[str, str] | None,
    missing: Sequence[str],
    required: Sequence[str],
    taken_by: Mapping[str, str],
    now: dt.datetime,
    *,
    labels: Mapping[str, str] | None = None,
) -> str:
    """The notice as a complete HTML document.

    branch: name, hotline, supervision_phone (address optional). order: number, kind (a display
    label), received_at (datetime), limit_text (e.g. "24 hours", optional). customer: name,
    account_no, phone, address — or None for a walk-in. missing/required: display texts of the
    checklist items, missing ⊆ required. taken_by: name, work_number. `labels` overrides
    DEFAULT_LABELS key by key.
    """
    t = {**DEFAULT_LABELS, **(labels or {})}
    missing = list(missing)
    absent = set(missing)
    complete = [item for item in required if item not in absent]
    facts = [
        _row(t["order_no"], str(order.get("number", ""))),
        _row(t["kind"], str(order.get("kind", ""))),
        _row(t["date"], _when(order.get("received_at") or now)),  # type: ignore[arg-type]
    ]
    if customer:
        facts += [
            _row(t["customer"], customer.get("name", "")),
            _row(t["account_no"], customer.get("account_no", "")),
            _row(t["phone"], customer.get("phone", "")),
            _row(t["address"], customer.get("address", "")),
        ]
    else:
        facts.append(_row(t["customer"], t["walk_in"]))
    missing_items = "".join(f'<li style="margin:4px 0;"><b>{escape(m)}</b></li>' for m in missing)
    complete_items = (
        "".join(f"<li>{escape(c)}</li>" for c in complete) if complete else f"<p>{escape(t['nothing_complete'])}</p>"
    )
    if complete:
        complete_items = f"<ul>{complete_items}</ul>"
    limit_text = str(order.get("limit_text") or "")
    clock = t["clock"].format(limit=limit_text) if limit_text else t["no_limit"]
    owner = t["taken_by"].format(name=taken_by.get("name", ""), work_number=taken_by.get("work_number", ""))
    contact = " &nbsp;·&nbsp; ".join([
        escape(t["hotline"].format(hotline=branch.get("hotline", ""))),
        escape(t["supervision"].format(phone=branch.get("supervision_phone", ""))),
    ])
    address = branch.get("address") or ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(t['title'])} {escape(str(order.get('number', '')))}</title></head>
<body style="font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', SimSun, sans-serif; font-size: 11pt;">
<h2 style="margin-bottom:0;">{escape(branch.get('name', ''))}</h2>
<p style="margin-top:2px; color:#444;">{escape(address)}</p>
<h1 style="font-size:18pt;">{escape(t['title'])}</h1>
<table cellspacing="0" cellpadding="0">{''.join(facts)}</table>
<h3 style="color:#b00020;">{escape(t['missing_heading'])}</h3>
<p>{escape(t['missing_count'].format(n=len(missing)))}</p>
<ol class="missing">{missing_items}</ol>
<h3>{escape(t['complete_heading'])}</h3>
{complete_items}
<p><b>{escape(clock)}</b></p>
<p>{escape(owner)}</p>
<hr/>
<p>{contact}</p>
<p style="color:#666; font-size:8pt;">{escape(t['printed'].format(when=_when(now)))} &nbsp;·&nbsp; {escape(t['rules'])}</p>
</body></html>
"""
