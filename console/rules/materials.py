"""R-FIRST-2: the full checklist of materials each request kind needs.

The items are stored as these English texts (the order's ``required``/``missing`` lists) and are
marked for the core's catalogue: :func:`material` is an item as a Text to render in the user's
language (the customer's materials notice, a refusal naming an item).
"""

from __future__ import annotations

from console.i18n import N_, Text
from console.rules.text import marked

ID_CARD = N_("ID card of the account holder")
ACCOUNT_OR_BILL = N_("account number or last bill")
ACCOUNT_OR_PHONE = N_("account number or registered phone")

REQUIRED_MATERIALS: dict[str, tuple[str, ...]] = {
    "installation": (
        ID_CARD,
        N_("proof of residence (property deed or lease)"),
        N_("signed service agreement"),
        N_("installation fee receipt"),
    ),
    "restoration": (
        ID_CARD,
        N_("arrears settlement receipt"),
        ACCOUNT_OR_BILL,
    ),
    "business": (
        ID_CARD,
        ACCOUNT_OR_BILL,
        N_("signed change request form"),
    ),
    "general_fault": (ACCOUNT_OR_PHONE,),
    "major_fault": (ACCOUNT_OR_PHONE,),
    "complaint": (ACCOUNT_OR_PHONE,),
    "inquiry": (),
}


def required_materials(kind: str) -> tuple[str, ...]:
    return REQUIRED_MATERIALS.get(kind, ())


def material(item: str) -> Text | str:
    """A checklist item (as stored) as a Text that renders in the user's language; an item
    not on any checklist (an older or imported one) renders as it is."""
    return marked(item)
