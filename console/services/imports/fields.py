"""Cell parsers: one plain value in, the typed value out, or `Bad` saying what is wrong.

Cells come from csv (always str) or openpyxl (str, int, float, bool, datetime). Every parser
accepts both shapes, so a number typed in Excel and the same number in a CSV file agree.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from console.i18n import T, Text
from console.vocabulary import work_number_key

# 11-digit mainland mobile; or a landline with its area code (010, 02x: 3 digits; others 4),
# optionally with a dash: 0791-1234567, 010-12345678, 07911234567.
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^(0(?:10|2\d|[3-9]\d{2}))-?([1-9]\d{6,7})$")
PHONE_NOISE = re.compile(r"[\s()（）]")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")
_TRUE = {"1", "true", "yes", "y", "是", "√", "✓", "t"}
_FALSE = {"0", "false", "no", "n", "否", "×", "✗", "f"}
# China with a margin: a swapped pair (lat, lon) falls outside and is caught.
LON_RANGE = (73.0, 136.0)
LAT_RANGE = (3.0, 54.0)
# R-ZONE-1: a contract district is what one maintainer serves; a million households is already
# a whole city, so anything above is a typing or unit mistake (and 10**20 does not fit the
# database's integer on PostgreSQL).
MAX_HOUSEHOLDS = 1_000_000


class Bad(ValueError):
    """A cell's problem: its message (a T() text: an English template with named arguments, said in
    the user's language by `console.i18n.render`) and a stable code."""

    def __init__(self, message: Text, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code
        self.template = message.template
        self.params = dict(message.params)


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object, max_len: int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an account number typed as a number in Excel
    s = str(value).strip()
    if len(s) > max_len:
        raise Bad(T("text too long: {length} characters, at most {max_len}", length=len(s), max_len=max_len),
                  code="too_long")
    return s


def phone(value: object, max_len: int = 32) -> str:
    if isinstance(value, bool):
        raise Bad(T("not a phone number: {value!r}", value=str(value)), code="bad_phone")
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise Bad(T("not a phone number: {value!r}", value=str(value)), code="bad_phone")
        value = str(int(value))
    s = PHONE_NOISE.sub("", str(value))
    if s.startswith("+86"):
        s = s[3:].lstrip("-")
    if MOBILE.match(s):
        return s
    m = LANDLINE.match(s)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    if s.isdigit() and not s.startswith(("0", "1")):
        raise Bad(T("not a phone number: {value!r} — expected an 11-digit mobile (13800138000) or a landline with "
                    "area code (0791-1234567) (format the column as text: a leading 0 was lost)",
                    value=str(value).strip()), code="bad_phone")
    raise Bad(T("not a phone number: {value!r} — expected an 11-digit mobile (13800138000) or a landline with area "
                "code (0791-1234567)", value=str(value).strip()), code="bad_phone")


def date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise Bad(T("not a date: {value!r} (write 2025-03-31)", value=s), code="bad_date")


def boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    s = str(value).strip().lower()
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise Bad(T("not yes/no: {value!r} (write 是/否 or yes/no)", value=str(value).strip()), code="bad_bool")


def work_number(value: object, max_len: int) -> str:
    """A work number as typed (trimmed); refused when nothing visible is left of it (R-DISC-6:
    the number is published, so it must be something a customer can read and type)."""
    s = text(value, max_len)
    key = work_number_key(s)
    if not key:
        raise Bad(T("the work number {value!r} has no visible characters", value=s), code="empty_required")
    if len(key) > max_len:  # NFKC spells some signs out in several letters
        raise Bad(T("the work number {value!r} reads as {key!r}: at most {max_len} characters", value=s, key=key,
                    max_len=max_len), code="too_long")
    return s


def count(value: object, maximum: int = MAX_HOUSEHOLDS) -> int:
    """A whole number from 0 to `maximum` (households)."""
    if isinstance(value, bool):
        raise Bad(T("not a whole number: {value!r}", value=str(value)), code="bad_number")
    if isinstance(value, float):
        if not value.is_integer():
            raise Bad(T("not a whole number: {value!r}", value=str(value)), code="bad_number")
        value = int(value)
    if not isinstance(value, int):
        s = str(value).strip().replace(",", "").replace("，", "")
        if not re.fullmatch(r"[+-]?\d+", s):
            raise Bad(T("not a whole number: {value!r}", value=str(value).strip()), code="bad_number")
        value = int(s)
    if value < 0:
        raise Bad(T("must be 0 or more, not {value}", value=value), code="negative")
    if value > maximum:
        raise Bad(T("{value:,} is more than {maximum:,}: check the number (a unit or a typing mistake?)",
                    value=value, maximum=maximum), code="out_of_range")
    return value


def _number(value: object) -> float:
    if isinstance(value, bool):
        raise Bad(T("not a number: {value!r}", value=str(value)), code="bad_number")
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        raise Bad(T("not a number: {value!r}", value=str(value).strip()), code="bad_number") from None


def in_china(latitude: float, longitude: float) -> bool:
    """Whether a position lies in China's extent (LAT_RANGE, LON_RANGE)."""
    return LAT_RANGE[0] <= latitude <= LAT_RANGE[1] and LON_RANGE[0] <= longitude <= LON_RANGE[1]


def longitude(value: object) -> float:
    x = _number(value)
    lo, hi = LON_RANGE
    if not lo <= x <= hi:
        raise Bad(T("longitude {value} is outside China ({lo}–{hi}); lon and lat swapped?", value=x, lo=lo, hi=hi),
                  code="out_of_range")
    return x


def latitude(value: object) -> float:
    x = _number(value)
    lo, hi = LAT_RANGE
    if not lo <= x <= hi:
        raise Bad(T("latitude {value} is outside China ({lo}–{hi}); lon and lat swapped?", value=x, lo=lo, hi=hi),
                  code="out_of_range")
    return x


def choice(enum_cls: type[StrEnum], aliases: dict[str, str]):
    """A parser for a closed vocabulary: the stored value or a (Chinese) alias, any case."""
    accepted = {m.value: m.value for m in enum_cls} | {k.lower(): v for k, v in aliases.items()}

    def parse(value: object) -> str:
        s = str(value).strip()
        found = accepted.get(s.lower())
        if found is None:
            raise Bad(T("unknown value {value!r} (one of: {choices})", value=s,
                        choices=", ".join(m.value for m in enum_cls)), code="bad_enum")
        return found

    return parse
