"""Reading English calendar dates as they are printed in the sources."""

from __future__ import annotations

import datetime as dt
import re

from .language import language

_LANGUAGE = language()

#: Month names and abbreviations (lower case) → number, from ``sources/language.xml``.
MONTHS = _LANGUAGE.months
WEEKDAYS = _LANGUAGE.weekdays

#: Month names for regular expressions (longest first): the full names, and abbreviations
#: too long to be mistaken for a word when printed without a full stop ("Sept").
MONTH_NAMES = "|".join(sorted(
    {form for item in _LANGUAGE.items("months") for form in item
     if form == item[0] or len(form) > 3},
    key=len, reverse=True))
#: Abbreviations with their full stop ("Sept.", "Dec."), for regular expressions.
MONTH_ABBREVIATIONS = "|".join(
    sorted((f"{re.escape(form)}\\." for item in _LANGUAGE.items("months") for form in item[1:]),
           key=len, reverse=True)
)

#: The one range of years the converter reads as years: 1600–2099.
YEAR = r"(?:1[6-9]\d\d|20\d\d)"

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


#: "3 p.m.", "10:09 a.m.", "noon", "midnight": the times of day telegrams print.
TIME_OF_DAY = re.compile(
    r"(?i:(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>[ap])\.\s?m\.|(?P<word>noon|midnight))"
)
#: What joins a date and its time: "October 2, 1942—3 p.m.", "April 11, 1942, noon".
_TIME_JOIN = r"(?:\s*[—–-]\s*|,\s*)"
#: "October 2, 1942—3 p.m." (a full date, optionally with the time of day).
DATE_TIME = re.compile(rf"{MONTH_DAY_YEAR.pattern}(?:{_TIME_JOIN}(?P<time>{TIME_OF_DAY.pattern}))?")
#: "October 4—10:09 a.m." (no year: received lines take it from the dateline).
MONTH_DAY_TIME = re.compile(
    rf"\b(?P<month>{MONTH_NAMES})\s+(?P<day>\d{{1,2}})\b(?!,?\s+\d{{4}})"
    rf"(?:{_TIME_JOIN}(?P<time>{TIME_OF_DAY.pattern}))?"
)


def clock(text: str) -> str | None:
    """'3 p.m.' → '15:00:00'; 'midnight' → None, because it names the end of the day."""
    match = TIME_OF_DAY.fullmatch(text.strip())
    if not match or (match["word"] or "").lower() == "midnight":
        return None
    if match["word"]:
        return "12:00:00"
    return clock_time(match["hour"], match["minute"], f"{match['half'].lower()}.m.")


def clock_time(hour: str, minute: str | None, meridiem: str | None) -> str | None:
    """'6', '30', 'p.m.' → '18:30:00'; a 12-hour clock when a meridiem is given."""
    h, m = int(hour), int(minute or 0)
    if meridiem and not 1 <= h <= 12:
        return None
    if meridiem:
        h = h % 12 + (12 if meridiem.lower().startswith("p") else 0)
    if not (0 <= h < 24 and 0 <= m < 60):
        return None
    return f"{h:02d}:{m:02d}:00"


def find_date_time(text: str, year: int | None = None) -> tuple[re.Match[str], str] | None:
    """The first date in ``text`` with its time of day if printed, as ISO 8601.

    Without a year in the text, ``year`` supplies it ("[Received October 4—10:09 a.m.]").
    """
    for pattern in (DATE_TIME, MONTH_DAY_TIME):
        for match in pattern.finditer(text):
            found_year = int(match["year"]) if "year" in match.re.groupindex else year
            if found_year is None:
                continue
            day = iso(found_year, MONTHS[match["month"].lower()], int(match["day"]))
            if not day:
                continue
            time = clock(match["time"]) if match["time"] else None
            return match, f"{day}T{time}" if time else day
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
    """'1941-08-04' → '4 August 1941', the style of the edition's titles.

    A date-time ('1942-10-02T15:00:00', a telegram's dateline) gives its day.
    """
    date = dt.date.fromisoformat(value[:10])
    return f"{date.day} {date.strftime('%B')} {date.year}"
