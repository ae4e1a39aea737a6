"""Customer type-ahead for intake (R-FIRST-1: the first contact finds the account while the
customer is still on the phone or at the counter).

`search_index(store, branch_id)` loads every account of a branch once as plain `CustomerHit`
values with a precomputed lower-case haystack; `search(index, text)` then filters in Python
on every keystroke — no database round trip. Measured by benchmarks/customer_search.py
(target < 100 ms per keystroke over 30,000+ accounts).

Ranking (best first): an exact account number or phone number; then a prefix of the account
number, phone or name; then a substring anywhere (account, phone, name, address, district).
Ties keep the index order (account number). A query of digits with spaces, dashes or a
leading "+" is matched as its digits ("139 0791-2345" finds 13907912345).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from console.models import Customer, District

SEP = "\n"  # never typed into a search box: a match cannot straddle two fields
_PHONE_LIKE = re.compile(r"^\+?[\d\s\-()]+$")
_NOT_DIGIT = re.compile(r"\D")


@dataclass(frozen=True, slots=True)
class CustomerHit:
    """One account as the search shows it (plain data, safe to hand to any thread)."""

    id: int
    account_no: str
    name: str
    phone: str
    address: str
    district_id: int
    district: str
    is_major: bool = False
    major_category: str | None = None
    active: bool = True
    # precomputed keys, lower case: filled from the fields above
    haystack: str = field(default="", repr=False, compare=False)
    account_key: str = field(default="", repr=False, compare=False)
    phone_key: str = field(default="", repr=False, compare=False)
    name_key: str = field(default="", repr=False, compare=False)

    def __post_init__(self) -> None:
        account = self.account_no.lower()
        phone = _NOT_DIGIT.sub("", self.phone)
        name = self.name.lower()
        parts = (account, phone, self.phone.lower(), name, self.address.lower(), self.district.lower())
        object.__setattr__(self, "account_key", account)
        object.__setattr__(self, "phone_key", phone)
        object.__setattr__(self, "name_key", name)
        object.__setattr__(self, "haystack", SEP + SEP.join(parts) + SEP)


def search_index(store, branch_id: int) -> list[CustomerHit]:
    """Every account of the branch (cancelled ones too: they come back for restoration,
    R-TIME-5), ordered by account number."""
    q = (
        select(
            Customer.id, Customer.account_no, Customer.name, Customer.phone, Customer.address,
            Customer.district_id, District.name, Customer.is_major, Customer.major_category,
            Customer.active,
        )
        .join(District, District.id == Customer.district_id)
        .where(Customer.branch_id == branch_id)
        .order_by(Customer.account_no)
    )
    with store.read() as s:
        return [
            CustomerHit(cid, acc, name, phone or "", address or "", did, district, bool(major), category,
                        bool(active))
            for cid, acc, name, phone, address, did, district, major, category, active in s.execute(q)
        ]


def normalize(text: str) -> tuple[str, ...]:
    """The query's search tokens: lower case, whitespace-separated; a phone-like query
    (digits, spaces, dashes, brackets, a leading +) becomes one token of its digits."""
    text = (text or "").strip().lower()
    if not text:
        return ()
    if _PHONE_LIKE.match(text) and any(c.isdigit() for c in text):
        return (_NOT_DIGIT.sub("", text),)
    return tuple(text.split())


def search(index: Sequence[CustomerHit], text: str, limit: int = 50) -> list[CustomerHit]:
    """The best `limit` accounts for what was typed so far (see the module doc for the ranking).

    Every whitespace-separated token must occur somewhere in the account; the first token
    decides the rank."""
    tokens = normalize(text)
    if not tokens or limit <= 0:
        return []
    first = tokens[0]
    # C-speed filter on the haystack first; the ranking below only sees the matches.
    matches = [h for h in index if first in h.haystack]
    for tok in tokens[1:]:
        matches = [h for h in matches if tok in h.haystack]
    if not matches:
        return []
    exact = [h for h in matches if h.account_key == first or h.phone_key == first]
    out = exact[:limit]
    if len(out) >= limit:
        return out
    seen = {h.id for h in out}
    mark = SEP + first
    prefix = [h for h in matches if mark in h.haystack and h.id not in seen
              and (h.account_key.startswith(first) or h.phone_key.startswith(first) or h.name_key.startswith(first))]
    out.extend(prefix[: limit - len(out)])
    if len(out) >= limit:
        return out
    seen.update(h.id for h in prefix)
    for h in matches:
        if h.id not in seen:
            out.append(h)
            if len(out) >= limit:
                break
    return out
