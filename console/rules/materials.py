"""R-FIRST-2: the full checklist of materials each request kind needs."""

from __future__ import annotations

REQUIRED_MATERIALS: dict[str, tuple[str, ...]] = {
    "installation": (
        "ID card of the account holder",
        "proof of residence (property deed or lease)",
        "signed service agreement",
        "installation fee receipt",
    ),
    "restoration": (
        "ID card of the account holder",
        "arrears settlement receipt",
        "account number or last bill",
    ),
    "business": (
        "ID card of the account holder",
        "account number or last bill",
        "signed change request form",
    ),
    "general_fault": ("account number or registered phone",),
    "major_fault": ("account number or registered phone",),
    "complaint": ("account number or registered phone",),
    "inquiry": (),
}


def required_materials(kind: str) -> tuple[str, ...]:
    return REQUIRED_MATERIALS.get(kind, ())
