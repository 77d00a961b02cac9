"""Reading English calendar dates as they are printed in the sources."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

MONTH_NAMES = "|".join(
    sorted((m.capitalize() for m in MONTHS if len(m) > 3 or m == "may"), key=len, reverse=True)
)

#: "August 4, 1941" / "August 4 1941"
MONTH_DAY_YEAR = re.compile(
    rf"\b(?P<month>{MONTH_NAMES})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b"
)
#: "4 August 1941"
DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_NAMES}),?\s+(?P<year>\d{{4}})\b"
)


def iso(year: int, month: int, day: int) -> str | None:
    """ISO 8601 for a real calendar date, ``None`` for an impossible one (30 February)."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_full_date(text: str) -> tuple[re.Match[str], str] | None:
    """The first complete date (day, month and year) in ``text`` and its ISO value."""
    for pattern in (MONTH_DAY_YEAR, DAY_MONTH_YEAR):
        match = pattern.search(text)
        if match:
            value = iso(int(match["year"]), MONTHS[match["month"].lower()], int(match["day"]))
            if value:
                return match, value
    return None


def english_long(value: str) -> str:
    """'1941-08-04' → '4 August 1941', the style of the edition's titles."""
    date = dt.date.fromisoformat(value)
    return f"{date.day} {date.strftime('%B')} {date.year}"
