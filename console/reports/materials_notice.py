"""The one-page materials notice handed to (or read out to) the customer at intake.

R-FIRST-2: it lists EVERY missing item at once, and what is already complete.
R-FIRST-1: it names who took the request, with their work number.
R-DISC-2: it shows the service hotline and the supervision hotline.
R-TIME-0: it says the time limit starts only when the materials are complete.

Plain values in, an HTML string out (no Qt): the view renders it with QTextDocument to PDF
or a printer, so the HTML keeps to what QTextDocument understands (tables, lists, inline
styles). Every sentence is the core's (console.i18n): the English defaults below are marked N_()
for the one catalogue, and :func:`materials_notice_html` says them — with the checklist items
(rules.materials) and the request kind (console.terms) — in `lang`, the customer's copy in
Chinese by default. `labels` may still override a text key by key (already translated). Values
are escaped; labels are trusted text with `{}` fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from html import escape

from console import i18n
from console.i18n import N_, T
from console.rules.materials import material
from console.rules.periods import CST
from console.terms import term

CONTEXT = "MaterialsNotice"  # the Qt context the intake dialog translated DEFAULT_LABELS under
DEFAULT_LABELS: dict[str, str] = {
    "title": N_("Notice of missing materials"),
    "order_no": N_("Order number"),
    "kind": N_("Request"),
    "date": N_("Date"),
    "customer": N_("Customer"),
    "account_no": N_("Account"),
    "phone": N_("Phone"),
    "address": N_("Address"),
    "walk_in": N_("No account (walk-in)"),
    "missing_heading": N_("The following materials are missing — please bring all of them:"),
    "missing_count": N_("Missing items: {n}"),
    "complete_heading": N_("Already complete:"),
    "nothing_complete": N_("None yet."),
    "clock": N_("The time limit for your request ({limit}) starts when all the materials are complete."),
    "no_limit": N_("Your request is handled as soon as all the materials are complete."),
    "taken_by": N_("Request taken by {name}, work number {work_number}. This employee remains responsible for "
                   "your request."),
    "hotline": N_("Service hotline: {hotline}"),
    "supervision": N_("Supervision hotline: {phone}"),
    "printed": N_("Printed {when}"),
    "rules": "R-FIRST-1 · R-FIRST-2 · R-TIME-0 · R-DISC-2",
}
_HTML_LANG = {"zh_CN": "zh-CN", "en": "en"}


def limit_text(order: Mapping[str, object], lang: str) -> str:
    """The order's time limit as the notice says it ("5 working days, R-TIME-3"): the caller's
    `limit_text` when given, else from `limit`, `unit` and `rule_id` (services.orders.intake's
    NoticeFacts); "" when the request has no limit."""
    given = order.get("limit_text")
    if given:
        return str(given)
    limit, rule = order.get("limit"), order.get("rule_id")
    if limit is None:
        return ""
    if order.get("unit") == "hours":
        text = T("{n} hours, {rule_id}", n=limit, rule_id=rule) if rule else T("{n} hours", n=limit)
    else:
        text = T("{n} working days, {rule_id}", n=limit, rule_id=rule) if rule else T("{n} working days", n=limit)
    return i18n.render(text, lang)


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
    lang: str | None = None,
) -> str:
    """The notice as a complete HTML document.

    branch: name, hotline, supervision_phone (address optional). order: number, kind (a display
    label or its code), received_at (datetime), limit_text (e.g. "24 hours", optional; else
    limit/unit/rule_id). customer: name, account_no, phone, address — or None for a walk-in.
    missing/required: the checklist items (as stored, or display texts), missing ⊆ required.
    taken_by: name, work_number. `lang`: the language of the notice (default: the language this
    process speaks, `console.i18n.current` — the console's choice, else `console.i18n.chosen`:
    Chinese unless chosen otherwise). `labels` overrides DEFAULT_LABELS key by key.
    """
    lang = i18n.normalise(lang) if lang else i18n.current()
    t = {key: i18n.render(text, lang) for key, text in DEFAULT_LABELS.items()}
    # an override that is the English default itself (a caller's lookup that found no
    # translation) does not turn the customer's copy back into English
    t.update((key, text) for key, text in (labels or {}).items() if text != DEFAULT_LABELS.get(key))
    said = {item: i18n.render(material(str(item)), lang) for item in [*required, *missing]}
    missing = list(missing)
    absent = set(missing)
    complete = [said[item] for item in required if item not in absent]
    missing = [said[item] for item in missing]
    facts = [
        _row(t["order_no"], str(order.get("number", ""))),
        _row(t["kind"], i18n.render(term(str(order.get("kind", ""))), lang)),
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
    limit = limit_text(order, lang)
    clock = t["clock"].format(limit=limit) if limit else t["no_limit"]
    owner = t["taken_by"].format(name=taken_by.get("name", ""), work_number=taken_by.get("work_number", ""))
    contact = " &nbsp;·&nbsp; ".join([
        escape(t["hotline"].format(hotline=branch.get("hotline", ""))),
        escape(t["supervision"].format(phone=branch.get("supervision_phone", ""))),
    ])
    address = branch.get("address") or ""
    return f"""<!DOCTYPE html>
<html lang="{_HTML_LANG.get(lang, 'zh-CN')}"><head><meta charset="utf-8"><title>{escape(t['title'])} {escape(str(order.get('number', '')))}</title></head>
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
