"""Every date in the running text as ``date``/``time`` with ISO 8601 values.

Dates are read in document order. A date that gives its year sets the
context; a date without one ("December 30", "Saturday, the 20th", "early in
November") takes the year (and month) from that context — the nearest such
date before it, else the document's own date — choosing the year that puts it
closest to the context. Inferred values are marked ``@evidence="internal"``
with ``@resp`` (the converter) and a ``@cert``; a weekday printed beside a
date is checked against the calendar and a disagreement is reported.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from ..dates import MONTH_NAMES, MONTHS, clock_time
from ..header import document_date
from ..tei import E, tei
from .textnodes import in_tei, wrap_matches

if TYPE_CHECKING:
    from .base import EnrichContext

RESP = "ed:conv"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ORDINAL = r"(?:st|nd|rd|th)?"
M = rf"(?:{MONTH_NAMES}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)"

#: Where no date is looked for: already encoded, names, file numbers, titles of works.
SKIP = in_tei("teiHeader", "date", "time", "docDate", "persName", "placeName", "orgName", "idno",
              "title", "bibl", "listBibl", "ref", "ptr", "gap", "pb", "label", "choice")
#: Notes are read on their own: their dates must not move the context of the text around them.
SKIP_NOTES = in_tei("note")


def _weekday(p: str) -> str:
    return rf"(?:(?P<{p}_wd>{'|'.join(WEEKDAYS)}),?\s+)?"


def _time(p: str) -> str:
    """', 6:30 to 8:30 p.m.', '—3 p.m.', ', noon' after a date."""
    return (
        rf"(?:,\s*|\s*[—–]\s*|\s+at\s+)(?:"
        rf"(?P<{p}_h1>\d{{1,2}})(?::(?P<{p}_m1>\d{{2}}))?(?:\s*(?P<{p}_ap1>[ap]\.m\.))?"
        rf"(?:\s+to\s+(?P<{p}_h2>\d{{1,2}})(?::(?P<{p}_m2>\d{{2}}))?)?\s*(?P<{p}_ap2>[ap]\.m\.)"
        rf"|(?P<{p}_noon>noon|midnight))"
    )


YEAR = r"(?:1[89]\d\d|20\d\d)"
NOT_A_NUMBER_BEFORE = r"(?<![\d/.$,£])(?<!No\.\s)(?<!Nos\.\s)"
QUALIFIER = (
    r"(?P<q_word>early|mid|late|(?:at\s+)?the\s+(?:beginning|end|middle)\s+of"
    r"|the\s+(?i:spring|summer|autumn|fall|winter)\s+of)"
)

PATTERN = re.compile(
    rf"(?P<full>{_weekday('f')}(?P<f_month>{M})\s+(?P<f_day>\d{{1,2}}){ORDINAL},?\s+"
    rf"(?P<f_year>{YEAR})(?!\d)(?:{_time('f')})?)"
    rf"|(?P<dmy>{_weekday('d')}(?P<d_day>\d{{1,2}})\s+(?P<d_month>{M}),?\s+(?P<d_year>{YEAR})(?!\d))"
    rf"|(?P<q>{QUALIFIER}[\s-]+(?:in\s+)?(?:(?P<q_month>{M})(?:,?\s+(?:of\s+)?(?P<q_year>{YEAR}))?"
    rf"|(?P<q_yonly>{YEAR}))(?!\d))"
    rf"|(?P<md>{_weekday('m')}(?P<m_month>{M})\s+(?P<m_day>\d{{1,2}}){ORDINAL}"
    rf"(?!\d|,?\s*{YEAR}(?!\d))(?:{_time('m')})?)"
    rf"|(?P<od>{_weekday('o')}the\s+(?P<o_day>\d{{1,2}})(?:st|nd|rd|th)"
    rf"(?!\s+(?:century|centuries|anniversary|Meeting|meeting|Congress|Army|Division)))"
    rf"|(?P<my>(?P<y_month>{M})\s+(?:of\s+)?(?P<y_year>{YEAR})(?!\d))"
    rf"|(?P<range>{NOT_A_NUMBER_BEFORE}(?P<r_from>{YEAR})\s*[-–]\s*(?P<r_to>\d{{2}}|{YEAR})(?![\d/]))"
    rf"|(?P<decade>{NOT_A_NUMBER_BEFORE}(?P<c_year>1[89]\d0|20\d0)s\b)"
    rf"|(?P<year>{NOT_A_NUMBER_BEFORE}(?P<yy>{YEAR})(?![\d/]|,\d|\.\d))"
    rf"|(?P<tm>\b(?P<t_h>\d{{1,2}})(?::(?P<t_m>\d{{2}}))?\s*(?P<t_ap>[ap]\.m\.)|\b(?P<t_noon>noon)\b)"
)

SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}


@dataclass
class DatingContext:
    """The date the next year-less date is read against, and what was found wrong."""

    reference: dt.date | None
    problems: list[str] = field(default_factory=list)

    def update(self, value: str | None) -> None:
        """Move the context to an ISO value (date, month or year) just met in the text."""
        if not value:
            return
        value = value[:10]
        try:
            if len(value) == 10:
                self.reference = dt.date.fromisoformat(value)
            elif len(value) == 7:
                self.reference = dt.date(int(value[:4]), int(value[5:7]), 15)
            elif len(value) == 4:
                self.reference = dt.date(int(value), 7, 1)
        except ValueError:
            pass


def month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def closest_year(month: int, day: int, reference: dt.date) -> dt.date | None:
    """The date with this month and day nearest to ``reference`` (a year before, same, after)."""
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda d: abs(d - reference)) if candidates else None


def time_span(match: re.Match[str], p: str) -> tuple[str | None, str | None]:
    """Start and end clock times of a time phrase after a date (end is None for a point)."""
    if match[f"{p}_noon"]:
        # "midnight" names the end of the day: the date stands without a time.
        return ("12:00:00" if match[f"{p}_noon"] == "noon" else None), None
    if not match[f"{p}_h1"]:
        return None, None
    end_meridiem = match[f"{p}_ap2"]
    start = clock_time(match[f"{p}_h1"], match[f"{p}_m1"], match[f"{p}_ap1"] or end_meridiem)
    end = clock_time(match[f"{p}_h2"], match[f"{p}_m2"], end_meridiem) if match[f"{p}_h2"] else None
    return start, end


class DateMaker:
    """Turns each match into a ``date`` element, keeping the context as it goes."""

    def __init__(self, context: DatingContext, where: str) -> None:
        self.context = context
        self.prefix = f"{where}: " if where else ""

    def __call__(self, match: re.Match[str]) -> etree._Element | None:
        for kind in ("full", "dmy", "q", "md", "od", "my", "range", "decade", "year", "tm"):
            if match[kind]:
                return getattr(self, f"make_{kind}")(match)
        return None

    # -- with their year --------------------------------------------------

    def make_full(self, match):
        day = self.real(int(match["f_year"]), month_number(match["f_month"]), int(match["f_day"]))
        if day is None:
            return self.impossible(match)
        self.context.update(day.isoformat())
        element = self.dated(match, day, "f")
        self.check_weekday(match, "f", day, element)
        return element

    def make_dmy(self, match):
        day = self.real(int(match["d_year"]), month_number(match["d_month"]), int(match["d_day"]))
        if day is None:
            return self.impossible(match)
        self.context.update(day.isoformat())
        element = E.date(match.group(0), when=day.isoformat())
        self.check_weekday(match, "d", day, element)
        return element

    def make_my(self, match):
        value = f"{match['y_year']}-{month_number(match['y_month']):02d}"
        self.context.update(value)
        return E.date(match.group(0), when=value)

    def make_range(self, match):
        start, end = match["r_from"], match["r_to"]
        if len(end) == 2:
            end = start[:2] + end
        if end <= start:
            return None
        return E.date(match.group(0), notBefore=start, notAfter=end)

    def make_decade(self, match):
        start = int(match["c_year"])
        return E.date(match.group(0), notBefore=str(start), notAfter=str(start + 9))

    def make_year(self, match):
        self.context.update(match["yy"])
        return E.date(match.group(0), when=match["yy"])

    def make_q(self, match):
        word = " ".join(match["q_word"].lower().split()).removeprefix("at ")
        year_text = match["q_year"] or match["q_yonly"]
        inferred = False
        if match["q_month"]:
            month = month_number(match["q_month"])
            if year_text:
                year = int(year_text)
            elif self.context.reference:
                year = closest_year(month, 15, self.context.reference).year
                inferred = True
            else:
                return None
            last = calendar.monthrange(year, month)[1]
            first_day, last_day = qualified_days(word, last)
            if first_day is None:
                return None
            start, end = dt.date(year, month, first_day), dt.date(year, month, last_day)
        else:
            year = int(year_text)
            span = qualified_months(word)
            if span is None:
                return None
            start = dt.date(year, span[0], 1)
            end_year = year + (1 if span[1] < span[0] else 0)
            end = dt.date(end_year, span[1], calendar.monthrange(end_year, span[1])[1])
        element = E.date(match.group(0), notBefore=start.isoformat(), notAfter=end.isoformat())
        if inferred:
            self.mark_inferred(element, "medium")
        else:
            self.context.update(f"{year:04d}")
        return element

    # -- without their year -----------------------------------------------

    def make_md(self, match):
        if self.context.reference is None:
            return None
        month, day = month_number(match["m_month"]), int(match["m_day"])
        value = closest_year(month, day, self.context.reference)
        if value is None:
            return self.impossible(match)
        self.context.update(value.isoformat())
        element = self.dated(match, value, "m")
        self.mark_inferred(element, "medium")
        self.check_weekday(match, "m", value, element)
        return element

    def make_od(self, match):
        reference = self.context.reference
        if reference is None:
            return None
        value = self.real(reference.year, reference.month, int(match["o_day"]))
        if value is None:
            return None
        element = E.date(match.group(0), when=value.isoformat())
        self.mark_inferred(element, "medium")
        self.check_weekday(match, "o", value, element)
        return element

    def make_tm(self, match):
        if match["t_noon"]:
            return E.time(match.group(0), when="12:00:00")
        value = clock_time(match["t_h"], match["t_m"], match["t_ap"])
        return E.time(match.group(0), when=value) if value else None

    # -- helpers ----------------------------------------------------------

    def dated(self, match, day: dt.date, p: str) -> etree._Element:
        start, end = time_span(match, p)
        if start and end:
            return E.date(match.group(0), **{"from": f"{day}T{start}", "to": f"{day}T{end}"})
        if start:
            return E.date(match.group(0), when=f"{day}T{start}")
        return E.date(match.group(0), when=day.isoformat())

    @staticmethod
    def real(year: int, month: int, day: int) -> dt.date | None:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None

    def impossible(self, match) -> None:
        self.context.problems.append(f"{self.prefix}'{match.group(0)}' is not a calendar date")
        return None

    @staticmethod
    def mark_inferred(element: etree._Element, cert: str) -> None:
        element.set("evidence", "internal")
        element.set("resp", RESP)
        element.set("cert", cert)

    def check_weekday(self, match, p: str, value: dt.date, element: etree._Element) -> None:
        """A weekday printed with a date must be that date's weekday."""
        named = match[f"{p}_wd"]
        if not named:
            return
        actual = WEEKDAYS[value.weekday()]
        if actual == named:
            if element.get("cert"):
                element.set("cert", "high")
            return
        element.set("cert", "low")
        self.context.problems.append(
            f"{self.prefix}'{match.group(0)}': {value.isoformat()} is a {actual}, not a {named}"
        )


def qualified_days(word: str, last: int) -> tuple[int | None, int]:
    """Day span of 'early', 'mid', 'late', 'the end of' ... within a month."""
    if word in ("early", "the beginning of"):
        return 1, 10
    if word in ("mid", "the middle of"):
        return 11, 20
    if word in ("late", "the end of"):
        return 21, last
    return None, last


def qualified_months(word: str) -> tuple[int, int] | None:
    """Month span of 'early 1939', 'the spring of 1941' ... within a year."""
    if word in ("early", "the beginning of"):
        return 1, 4
    if word in ("mid", "the middle of"):
        return 5, 8
    if word in ("late", "the end of"):
        return 9, 12
    season = word.rsplit(" ", 2)[-2] if word.startswith("the ") else ""
    if season == "winter":
        return 12, 2
    return SEASONS.get(season)


def _updater(context: DatingContext):
    """An ``on_skip`` callback: dates the reader already encoded move the context too."""

    def update(element: etree._Element) -> None:
        if element.tag == tei("date"):
            context.update(element.get("when") or element.get("notBefore") or element.get("from"))

    return update


def date_text(root: etree._Element, where: str = "") -> list[str]:
    """Mark every date of the document's text; returns the problems found (weekdays, 30 Feb)."""
    context = DatingContext(None)
    context.update(document_date(root))
    text = root.find(tei("text"))
    if text is None:
        return []

    on_skip = _updater(context)

    main_text = DateMaker(context, where)
    wrap_matches(text, PATTERN, main_text, lambda e: SKIP(e) or SKIP_NOTES(e), on_skip)
    for note in text.iter(tei("note")):
        if note.getparent() is not None and not any(SKIP_NOTES(a) for a in note.iterancestors()):
            note_context = DatingContext(None, context.problems)
            note_context.update(document_date(root))
            wrap_matches(note, PATTERN, DateMaker(note_context, where),
                         lambda e, note=note: e is not note and (SKIP(e) or SKIP_NOTES(e)),
                         on_skip=_updater(note_context))
    return context.problems


class DatingPass:
    """Every date of the text with its ISO value, year-less dates read in their context."""

    name = "dates"
    order = 30

    def apply(self, document: etree._Element, context: EnrichContext) -> list[str]:
        return date_text(document)
