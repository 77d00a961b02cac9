"""Every date in the running text as ``date``/``time`` with ISO 8601 values.

Dates are read in document order. A date without its year ("December 30",
"Saturday, the 20th", "mid-August") takes it from the context that governs it:

1. a year printed earlier in the same sentence ("In 1933, on November 16, …");
2. else the narrative time: the last date with a month met in the text (or the
   document's own date), choosing the year that puts the date closest to it.
   A bare year ("in 1933"), a span or a decade governs only its sentence: it is
   mentioned, the story does not move there. A date introduced as a look back
   ("back in October of 1943") governs its sentence only, too.

Years are kept within the document's period when its title gives one ("…,
1917-1947"). When the sentence's year and the narrative time disagree, the
value is given ``@cert="low"``. Inferred values are marked
``@evidence="internal"`` with ``@resp`` (the converter); a weekday printed beside
a date is checked against the calendar and a disagreement is reported. A time
printed with a date ("July 30, 1941, 6:30 to 8:30 p.m.", "at 8:20 a.m. on July
30, 1941") becomes one date with the time (``@when``, or ``@from``/``@to``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from ..dates import MONTH_ABBREVIATIONS, MONTH_NAMES, MONTHS, WEEKDAYS, YEAR, clock_time
from ..header import document_date
from ..language import language
from ..tei import E, tei, xpath
from .textnodes import in_tei, wrap_matches

if TYPE_CHECKING:
    from .base import EnrichContext

RESP = "ed:conv"
ORDINAL = r"(?:st|nd|rd|th)?"
M = rf"(?:{MONTH_ABBREVIATIONS}|{MONTH_NAMES})"

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


#: Words that open a look back: the date they introduce governs its sentence only.
RETROSPECTIVE = re.compile(
    rf"(?i:\b(?:{language().alternation('retrospective-phrases')}))\s+(?:\w+\s+){{0,2}}$"
)
#: The end of a sentence: final punctuation (not after an initial: "U.S.", "J. V.") and space.
SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bMrs)(?<!\bMr)(?<!\bDr)(?<!\bSt)[.!?][\"”’')\]]*\s")
#: Where a date can begin: every alternative of PATTERN starts with one of these.
DATE_START = re.compile(r"(?<!\w)(?:[A-Z]|\d|the\b|at\b|early\b|mid\b|late\b|noon\b)")
#: Elements whose text starts a new sentence.
BLOCKS = {tei(name) for name in ("p", "head", "item", "label", "salute", "signed", "dateline",
                                 "titlePart", "docDate", "docAuthor", "cell", "l", "ab",
                                 "quote", "note", "trailer", "byline")}
#: A span of years in a title: the period a document covers ("…, 1917-1947").
PERIOD = re.compile(rf"(?<!\d)(?P<start>{YEAR})\s*[-–]\s*(?P<end>{YEAR})(?!\d)")
#: A time printed after a date the reader already marked: ", 6:30 to 8:30 p.m.", "—3 p.m.".
TIME_AFTER = re.compile("^" + _time("a"))


@dataclass
class DatingContext:
    """The time the story is at, the current sentence's year, and what was found wrong."""

    reference: dt.date | None
    problems: list[str] = field(default_factory=list)
    #: Years the document covers, from its title, when it gives a span.
    period: tuple[int, int] | None = None
    #: The year printed earlier in the sentence being read, if any.
    sentence_year: int | None = None

    def update(self, value: str | None) -> None:
        """Move the narrative time to an ISO value (date, month or year) just met in the text."""
        found = as_date(value)
        if found is not None:
            self.reference = found

    def new_sentence(self) -> None:
        self.sentence_year = None

    def in_period(self, year: int) -> bool:
        return self.period is None or self.period[0] <= year <= self.period[1]


def as_date(value: str | None) -> dt.date | None:
    """An ISO value (day, month or year) as a day to measure from: the middle of its span."""
    if not value:
        return None
    value = value[:10]
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        if len(value) == 7:
            return dt.date(int(value[:4]), int(value[5:7]), 15)
        if len(value) == 4:
            return dt.date(int(value), 7, 1)
    except ValueError:
        return None
    return None


def month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def closest_year(month: int, day: int, reference: dt.date,
                 context: DatingContext | None = None) -> dt.date | None:
    """The date with this month and day nearest to ``reference`` (a year before, same, after).

    Years outside the document's period are not candidates.
    """
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        if context is not None and not context.in_period(year):
            continue
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


class SentenceScanner:
    """The date pattern as the wrapping sees it, noticing sentence ends between matches.

    ``wrap_matches`` hands every run of text to ``finditer`` in document order,
    so the text between two dates is seen here: a sentence end in it resets the
    sentence's year.
    """

    def __init__(self, pattern: re.Pattern[str], context: DatingContext) -> None:
        self.pattern = pattern
        self.context = context

    def matches(self, text: str):
        """The pattern's matches, tried only where a date can begin (a capital, a digit,
        'the', 'at', 'early' …): a long paragraph is read several times faster."""
        end = 0
        for start in DATE_START.finditer(text):
            if start.start() < end:
                continue
            match = self.pattern.match(text, start.start())
            if match and match.end() > match.start():
                end = match.end()
                yield match

    def finditer(self, text: str):
        position = 0
        for match in self.matches(text):
            if SENTENCE_END.search(text, position, match.start() + 1):
                self.context.new_sentence()
            yield match
            position = match.end()
        if SENTENCE_END.search(text + " ", position):
            self.context.new_sentence()


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

    def printed_year(self, match: re.Match[str], value: str) -> None:
        """A date that prints its year: it governs its sentence, and moves the narrative
        time unless it is a look back."""
        self.context.sentence_year = int(value[:4])
        before = match.string[max(0, match.start() - 40) : match.start()]
        if not RETROSPECTIVE.search(before):
            self.context.update(value)

    def make_full(self, match):
        day = self.real(int(match["f_year"]), month_number(match["f_month"]), int(match["f_day"]))
        if day is None:
            return self.impossible(match)
        self.printed_year(match, day.isoformat())
        element = self.dated(match, day, "f")
        self.check_weekday(match, "f", day, element)
        return element

    def make_dmy(self, match):
        day = self.real(int(match["d_year"]), month_number(match["d_month"]), int(match["d_day"]))
        if day is None:
            return self.impossible(match)
        self.printed_year(match, day.isoformat())
        element = E.date(match.group(0), when=day.isoformat())
        self.check_weekday(match, "d", day, element)
        return element

    def make_my(self, match):
        value = f"{match['y_year']}-{month_number(match['y_month']):02d}"
        self.printed_year(match, value)
        return E.date(match.group(0), when=value)

    def make_range(self, match):
        """'1917-1947', '1936-38': a span of years, governing only its sentence."""
        start, end = match["r_from"], match["r_to"]
        if len(end) == 2:
            end = start[:2] + end
        if end <= start:
            return None
        self.context.sentence_year = int(start)
        return E.date(match.group(0), **{"from": start, "to": end})

    def make_decade(self, match):
        start = int(match["c_year"])
        return E.date(match.group(0), notBefore=str(start), notAfter=str(start + 9))

    def make_year(self, match):
        """A bare year is mentioned, not narrated: it governs its sentence only."""
        self.context.sentence_year = int(match["yy"])
        return E.date(match.group(0), when=match["yy"])

    def make_q(self, match):
        word = " ".join(match["q_word"].lower().split()).removeprefix("at ")
        year_text = match["q_year"] or match["q_yonly"]
        cert = None
        if match["q_month"]:
            month = month_number(match["q_month"])
            if year_text:
                year = int(year_text)
            else:
                found = self.infer(month, 15)
                if found is None:
                    return None
                year, cert = found[0].year, found[1]
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
        if cert:
            self.mark_inferred(element, cert)
            self.context.update(start.isoformat())
        else:
            self.printed_year(match, start.isoformat())
        return element

    # -- without their year -----------------------------------------------

    def infer(self, month: int, day: int) -> tuple[dt.date, str] | None:
        """The year of a year-less date, and how certain it is (see the module's rules)."""
        narrative = (closest_year(month, day, self.context.reference, self.context)
                     if self.context.reference else None)
        sentence = self.context.sentence_year
        if sentence is not None and self.context.in_period(sentence):
            value = self.real(sentence, month, day)
            if value is None:
                return None
            competing = narrative is not None and narrative.year != sentence
            return value, "low" if competing else "medium"
        if narrative is None:
            return None
        return narrative, "medium"

    def make_md(self, match):
        month, day = month_number(match["m_month"]), int(match["m_day"])
        if self.context.reference is None and self.context.sentence_year is None:
            return None
        found = self.infer(month, day)
        if found is None:
            return self.impossible(match)
        value, cert = found
        self.context.update(value.isoformat())
        element = self.dated(match, value, "m")
        self.mark_inferred(element, cert)
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
        return E.date(match.group(0), **day_with_times(day.isoformat(), start, end))

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


def day_with_times(day: str, start: str | None, end: str | None) -> dict[str, str]:
    """@when or @from/@to for a day and the times printed with it."""
    if start and end:
        return {"from": f"{day}T{start}", "to": f"{day}T{end}"}
    if start:
        return {"when": f"{day}T{start}"}
    return {"when": day}


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
            value = element.get("when") or element.get("notBefore") or element.get("from")
            if value and len(value) >= 7:
                context.update(value)
            if value and value[:4].isdigit():
                context.sentence_year = int(value[:4])

    return update


def _block_starts(context: DatingContext):
    """A ``skip`` hook noting where a paragraph (or heading, list item …) begins."""

    def note(element: etree._Element) -> bool:
        if element.tag in BLOCKS:
            context.new_sentence()
        return False

    return note


def document_period(root: etree._Element) -> tuple[int, int] | None:
    """The span of years the document's title gives ("…, 1917-1947"), if any."""
    title = "".join(xpath(root, "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1]//text()"))
    match = PERIOD.search(title)
    if match and match["start"] < match["end"]:
        return int(match["start"]), int(match["end"])
    return None


def absorb_times(text: etree._Element) -> None:
    """A time printed right after a date the reader marked joins that date.

    'July 30, 1941, 6:30 to 8:30 p.m.' is one date from 18:30 to 20:30 on that day.
    """
    for date in xpath(text, ".//tei:date[string-length(@when) = 10]"):
        match = TIME_AFTER.match(date.tail or "")
        if not match:
            continue
        start, end = time_span(match, "a")
        if not start:
            continue
        day = date.attrib.pop("when")
        date.attrib.update(day_with_times(day, start, end))
        last = date[-1] if len(date) else None
        if last is not None:
            last.tail = (last.tail or "") + match.group(0)
        else:
            date.text = (date.text or "") + match.group(0)
        date.tail = date.tail[match.end():]


def join_time_and_day(text: etree._Element) -> None:
    """'at 8:20 a.m. on July 30, 1941': the time and the day are one date with its time."""
    for time in list(text.iter(tei("time"))):
        following = time.getnext()
        if (following is None or following.tag != tei("date")
                or not re.fullmatch(r"\s*on\s+", time.tail or "")
                or len(following.get("when", "")) != 10 or not time.get("when")):
            continue
        joined = E.date(**{k: v for k, v in following.attrib.items()})
        joined.set("when", f"{following.get('when')}T{time.get('when')}")
        joined.text = (time.text or "") + time.tail + (following.text or "")
        for child in list(following):
            joined.append(child)
        joined.tail = following.tail
        parent = time.getparent()
        parent.replace(time, joined)
        parent.remove(following)


def date_text(root: etree._Element, where: str = "") -> list[str]:
    """Mark every date of the document's text; returns the problems found (weekdays, 30 Feb)."""
    period = document_period(root)
    start = as_date(document_date(root))
    if start is not None and period and not period[0] <= start.year <= period[1]:
        start = None  # an essay's date of writing is not the time it tells of
    context = DatingContext(start, period=period)
    text = root.find(tei("text"))
    if text is None:
        return []
    absorb_times(text)
    scanner = SentenceScanner(PATTERN, context)
    blocks = _block_starts(context)
    wrap_matches(text, scanner, DateMaker(context, where),
                 lambda e: blocks(e) or SKIP(e) or SKIP_NOTES(e), _updater(context))
    for note in text.iter(tei("note")):
        if note.getparent() is not None and not any(SKIP_NOTES(a) for a in note.iterancestors()):
            note_context = DatingContext(start, context.problems, period)
            wrap_matches(note, SentenceScanner(PATTERN, note_context),
                         DateMaker(note_context, where),
                         lambda e, note=note: e is not note and (SKIP(e) or SKIP_NOTES(e)),
                         on_skip=_updater(note_context))
    join_time_and_day(text)
    return context.problems


class DatingPass:
    """Every date of the text with its ISO value, year-less dates read in their context."""

    name = "dates"
    order = 30

    def apply(self, document: etree._Element, context: EnrichContext) -> list[str]:
        return date_text(document)
