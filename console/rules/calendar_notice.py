"""Parse a year's working-day schedule typed from the State Council holiday notice.

The admin enters only the exceptions; every other day follows Monday–Friday:

    # 2027 notice
    2027-01-01 .. 2027-01-03  holiday  New Year's Day
    2027-02-06..2027-02-13    holiday  Spring Festival
    2027-02-14                workday  Spring Festival (adjusted working Sunday)

Keywords: holiday / 休 / 假 and workday / 班 / 上班. Lines starting with # are comments.
A date outside the year, an unknown keyword, an overlapping line or a malformed date
raises NoticeFormatError naming the line, and nothing is returned.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from console.i18n import T

HOLIDAY_WORDS = {"holiday", "休", "假", "休息"}
WORKDAY_WORDS = {"workday", "班", "上班", "work"}

_LINE = re.compile(
    r"^(?P<start>\d{4}-\d{1,2}-\d{1,2})(?:\s*(?:\.\.|~|–|—|至)\s*(?P<end>\d{4}-\d{1,2}-\d{1,2}))?"
    r"\s+(?P<word>\S+)(?:\s+(?P<name>.+))?$"
)


class NoticeFormatError(ValueError):
    pass


@dataclass(frozen=True)
class DayEntry:
    day: dt.date
    is_workday: bool
    kind: str  # workday | weekend | holiday | adjusted_workday
    name: str


def _date(text: str, lineno: int) -> dt.date:
    try:
        y, m, d = (int(p) for p in text.split("-"))
        return dt.date(y, m, d)
    except ValueError:
        raise NoticeFormatError(T("line {line}: {text!r} is not a valid date (YYYY-MM-DD)", line=lineno, text=text)) from None


def parse_year_notice(year: int, text: str) -> list[DayEntry]:
    """Every day of `year`, with the notice's holidays and adjusted working days applied."""
    overrides: dict[dt.date, tuple[bool, str, int]] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            raise NoticeFormatError(T("line {line}: expected 'YYYY-MM-DD[..YYYY-MM-DD] holiday|workday [name]', got "
                                      "{text!r}", line=lineno, text=line))
        start = _date(m["start"], lineno)
        end = _date(m["end"], lineno) if m["end"] else start
        word = m["word"].lower()
        if word in HOLIDAY_WORDS:
            work = False
        elif word in WORKDAY_WORDS:
            work = True
        else:
            raise NoticeFormatError(T("line {line}: {word!r} is neither 'holiday' nor 'workday'", line=lineno,
                                      word=m["word"]))
        if end < start:
            raise NoticeFormatError(T("line {line}: the range ends before it starts", line=lineno))
        if start.year != year or end.year != year:
            raise NoticeFormatError(T("line {line}: {start}..{end} is not inside {year}", line=lineno, start=start, end=end,
                                      year=year))
        day = start
        while day <= end:
            if day in overrides:
                raise NoticeFormatError(T("line {line}: {day} is already set on line {earlier}", line=lineno, day=day,
                                          earlier=overrides[day][2]))
            overrides[day] = (work, (m["name"] or "").strip(), lineno)
            day += dt.timedelta(days=1)
    out: list[DayEntry] = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        weekend = day.weekday() >= 5
        if day in overrides:
            work, name, _ = overrides[day]
            kind = ("adjusted_workday" if weekend else "workday") if work else "holiday"
        else:
            work, name = not weekend, ""
            kind = "weekend" if weekend else "workday"
        out.append(DayEntry(day, work, kind, name))
        day += dt.timedelta(days=1)
    return out
