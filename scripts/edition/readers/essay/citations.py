"""Chicago-style references in an essay's notes and bibliography, found part by part.

A reference is authors (or editors), a title in italics or quotation marks, an
imprint or a journal's volume, issue and date, and in a note the pages cited.
The parser records spans (author, title, date, biblScope, citedRange ...) over
the reference's text; the reader renders them as TEI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ...dates import DAY_MONTH_YEAR, MONTH_DAY_YEAR, MONTH_NAMES, MONTHS, YEAR, iso
from ...language import language
from ...tei import E
from .layout import ITALIC, URL, plain

#: Particles of surnames ("Erik van Ree"), from sources/language.xml.
PARTICLES = set(language().words("name-particles"))
NAME_WORD = re.compile(r"[A-Z][\w'’.-]*|(?:[A-Z]\.)+")
INITIALS = re.compile(r"(?:^|[\s.])(?:[A-Z]\.)+$")
NAME_SEPARATOR = re.compile(r",?\s+and\s+|\s*&\s*|,\s*")
#: An editor's role after the names ("Butler, ed."), from sources/language.xml.
ROLE = re.compile(rf",\s*(?P<role>{language().alternation('editor-roles')})$")

PAGE_LIST = re.compile(
    r"[,:]\s*(?P<list>\d+(?:\s*[-–]\s*\d+)?(?:,\s*\d+(?:\s*[-–]\s*\d+)?)*)"
    r"(?P<stop>\.{1,2}|;)?(?=\s|$)"
)
PAGE_ITEM = re.compile(r"(?P<from>\d+)(?:\s*[-–]\s*(?P<to>\d+))?")
IMPRINT = re.compile(
    r"(?:\(|\.\s+)(?P<place>[A-Z][^:()]*?)\s*:\s*(?P<publisher>[^:()]+?),\s*"
    r"(?P<year>\d{4})(?=[).,;]|$)"
)
#: Words that make a name a publisher's ("Yale University Press"), from sources/language.xml.
PUBLISHER_WORDS = re.compile(rf"\b(?:{language().alternation('publisher-words')})\b")
YEAR_IN_IMPRINT = re.compile(rf"(?<=[\s(,])(?P<year>{YEAR})(?=[).,;]|$)")
DAY_RANGE = re.compile(
    rf"\b(?P<day>\d{{1,2}})\s*[-–]\s*(?P<day2>\d{{1,2}})\s+(?P<month>{MONTH_NAMES})"
    rf"\s+(?P<year>\d{{4}})\b"
)
MONTH_YEAR_NUMERIC = re.compile(r"^(?P<month>\d{1,2}),\s*(?P<year>\d{4})$")
VOLUME_AFTER_TITLE = re.compile(r"\s*,?\s*(?P<n>\d{1,3})(?![\d\s]*[-–])(?!\d)")
VOLUME = re.compile(r"\b[Vv]ol(?:ume)?\.?\s*(?P<n>\d+)")
ISSUE = re.compile(r"\b(?:[Nn]o|[Nn]umber|[Ii]ssue)\.?\s*(?P<n>\d+)")
ISSUE_YEAR = re.compile(r"(?<=\d)\((?P<n>\d+),\s*(?P<year>\d{4})\)")
PAREN_DATE = re.compile(r"\((?P<date>[^()]*\d{4})\)")
PAGE_RANGE = re.compile(r"(?<=[:,])\s*(?P<from>\d+)\s*[-–]\s*(?P<to>\d+)")


def expand_range(start: str, end: str | None) -> tuple[str, str]:
    """'466', '67' → ('466', '467'): the printed short form of a page range."""
    if not end:
        return start, start
    if len(end) < len(start):
        end = start[: len(start) - len(end)] + end
    return start, end


def date_attributes(text: str) -> dict[str, str]:
    """@when or @from/@to for a date as printed in a reference."""
    text = text.strip()
    match = DAY_RANGE.fullmatch(text)
    if match:
        month, year = MONTHS[match["month"].lower()], int(match["year"])
        first, last = iso(year, month, int(match["day"])), iso(year, month, int(match["day2"]))
        if first and last:
            return {"from": first, "to": last}
    for pattern in (MONTH_DAY_YEAR, DAY_MONTH_YEAR):
        match = pattern.fullmatch(text)
        if match:
            value = iso(int(match["year"]), MONTHS[match["month"].lower()], int(match["day"]))
            if value:
                return {"when": value}
    match = MONTH_YEAR_NUMERIC.fullmatch(text)
    if match and 1 <= int(match["month"]) <= 12:
        return {"when": f"{match['year']}-{int(match['month']):02d}"}
    years = re.findall(r"\b\d{4}\b", text)
    return {"when": years[0]} if len(years) == 1 else {}




@dataclass
class Span:
    """A stretch of a reference to wrap in an element; ``inner`` is what goes inside."""

    start: int
    end: int
    tag: str
    attributes: dict[str, str] = field(default_factory=dict)
    inner: tuple[int, int] | None = None
    children: list[Span] = field(default_factory=list)

    def make(self) -> etree._Element:
        """A fresh element each time: spans are rendered once, but may be inspected before."""
        return getattr(E, self.tag)(**self.attributes)


@dataclass
class Citation:
    """One reference found in a note or the bibliography."""

    start: int
    end: int
    spans: list[Span]
    surnames: list[str]
    title: str | None = None
    year: str | None = None
    #: Where the next reference of the same note starts (after "; "), if any.
    next_start: int | None = None



class CitationParser:
    """Finds the parts of one Chicago-style reference, in a note or a bibliography."""

    def __init__(self, raw: str, *, in_note: bool) -> None:
        self.raw = raw
        self.in_note = in_note
        url = URL.search(raw)
        self.limit = url.start() if url else len(raw)
        self.spans: list[Span] = []

    # -- the reference as a whole

    def parse(self, start: int) -> Citation | None:
        """The reference starting at ``start``, or ``None`` when there is none."""
        start = len(self.raw) - len(self.raw[start:].lstrip())
        self.spans = []
        title_at = self.title_start(start, self.limit)
        pages = None
        if title_at is None:
            self.full_dates(start, self.limit)
            pages = self.page_list(start, self.limit) if self.in_note else None
            if pages is None:
                return None
        names_end = pages.start() if title_at is None else title_at
        surnames = self.names(start, names_end)
        if surnames is None:
            return None
        title, after, journal_end = None, names_end, None
        if title_at is not None:
            title, after, journal_end = self.titles(title_at)
            if title is None:
                return None
            self.full_dates(after, self.limit)  # "October 27, 1934." is no page number
            pages = self.page_list(after, self.limit) if self.in_note else None
        year = self.details(after, pages.start() if pages else self.limit, journal_end)
        end, next_start = self.extent(pages)
        return Citation(start, end, self.spans, surnames, title, year, next_start)

    def extent(self, pages: re.Match[str] | None) -> tuple[int, int | None]:
        """Where the reference ends, and where the next one of the same note starts."""
        if pages is None:
            return len(self.raw), None
        self.cited_range(pages)
        if pages["stop"] == ";":
            return pages.start("stop"), pages.end()
        if not URL.sub("", self.raw[pages.end() :]).strip(" .,;"):
            return len(self.raw), None  # a link after the reference belongs to it
        return pages.end(), None

    def add(self, span: Span) -> bool:
        """Record ``span`` unless it overlaps one already found."""
        if any(span.start < other.end and other.start < span.end for other in self.spans):
            return False
        self.spans.append(span)
        return True

    def free(self, start: int, end: int) -> bool:
        """Whether nothing has been found yet between ``start`` and ``end``."""
        return not any(start < other.end and other.start < end for other in self.spans)

    # -- names

    def names(self, lo: int, hi: int) -> list[str] | None:
        """Authors or editors at the head of a reference; their surnames."""
        raw = self.raw
        hi = self.trim(lo, hi)
        if hi > lo and raw[hi - 1] == ")":
            opening = raw.rfind("(", lo, hi)
            if opening > lo:
                hi = self.trim(lo, opening)  # 'George Kennan ("X")': a pseudonym
        role = ROLE.search(raw, lo, hi)
        if role:
            hi = self.trim(lo, role.start())
        if hi > lo and raw[hi - 1] == "." and not INITIALS.search(raw, lo, hi):
            hi -= 1  # the full stop closing the names, unless it ends an initial
        if not 0 < hi - lo <= 100:
            return None
        tokens = self.name_tokens(lo, hi)
        if tokens is None:
            return None
        people: list[Span] = []
        surnames: list[str] = []
        if not self.in_note and len(tokens) >= 2:
            first = self.person_inverted(tokens[0], tokens[1])
            people.append(first)
            surnames.append(raw[tokens[0][0] : tokens[0][1]])
            tokens = tokens[2:]
        for token in tokens:
            person, surname = self.person_direct(*token)
            people.append(person)
            surnames.append(surname)
        tag = "editor" if role else "author"
        for person in people:
            self.add(Span(person.start, person.end, tag, children=[person]))
        return surnames

    def trim(self, lo: int, hi: int) -> int:
        """End of ``raw[lo:hi]`` without trailing spaces and commas."""
        while hi > lo and self.raw[hi - 1] in " ,":
            hi -= 1
        return hi

    def name_tokens(self, lo: int, hi: int) -> list[tuple[int, int]] | None:
        """The names between separators (", ", " and "), if they all look like names."""
        tokens = []
        position = lo
        for separator in NAME_SEPARATOR.finditer(self.raw, lo, hi):
            tokens.append((position, separator.start()))
            position = separator.end()
        tokens.append((position, hi))
        for start, end in tokens:
            words = self.raw[start:end].split()
            if not 1 <= len(words) <= 5:
                return None
            if not all(NAME_WORD.fullmatch(w) or w in PARTICLES for w in words):
                return None
        return tokens

    def words(self, start: int, end: int) -> list[tuple[int, int]]:
        """Positions of the words between ``start`` and ``end``."""
        return [(m.start(), m.end()) for m in re.compile(r"\S+").finditer(self.raw, start, end)]

    def given_names(self, words: list[tuple[int, int]]) -> list[Span]:
        """Forenames, then particles ("van") as nameLink."""
        spans: list[Span] = []
        split = len(words)
        while split > 0 and self.raw[words[split - 1][0] : words[split - 1][1]] in PARTICLES:
            split -= 1
        if split:
            spans.append(Span(words[0][0], words[split - 1][1], "forename"))
        if split < len(words):
            spans.append(Span(words[split][0], words[-1][1], "nameLink"))
        return spans

    def person_inverted(self, surname: tuple[int, int], given: tuple[int, int]) -> Span:
        """'Butler, Susan' / 'Ree, Erik van': the first name of a bibliography entry."""
        children = [Span(surname[0], surname[1], "surname")]
        children += self.given_names(self.words(*given))
        return Span(surname[0], given[1], "persName", children=children)

    def person_direct(self, start: int, end: int) -> tuple[Span, str]:
        """'Susan Butler' / 'Erik van Ree' / 'Butler': a name in a note."""
        words = self.words(start, end)
        last = len(words) - 1
        links = last
        while links > 0 and self.raw[words[links - 1][0] : words[links - 1][1]] in PARTICLES:
            links -= 1
        children = []
        if links:
            children.append(Span(words[0][0], words[links - 1][1], "forename"))
        if links < last:
            children.append(Span(words[links][0], words[last - 1][1], "nameLink"))
        children.append(Span(words[last][0], words[last][1], "surname"))
        surname = self.raw[words[last][0] : words[last][1]]
        return Span(start, end, "persName", children=children), surname

    # -- titles

    def title_start(self, lo: int, hi: int) -> int | None:
        """Where the first title (italic, or in quotation marks) begins, outside parentheses."""
        depth = 0
        for index in range(lo, hi):
            char = self.raw[index]
            if char == "(":
                depth += 1
            elif char == ")":
                depth = max(depth - 1, 0)
            elif depth == 0 and (char in "“\"" or (char == "*" and ITALIC.match(self.raw, index))):
                return index
        return None

    def titles(self, at: int) -> tuple[str | None, int, int | None]:
        """A book's title, or an article's and its journal's: (title, end, journal end)."""
        raw = self.raw
        if raw[at] == "*":
            match = ITALIC.match(raw, at)
            self.add(Span(at, match.end(), "title", {"level": "m"},
                          inner=(at + 1, match.end() - 1)))
            return plain(match["text"]), match.end(), None
        closing = raw.find("”" if raw[at] == "“" else '"', at + 1, self.limit)
        if closing < 0:
            return None, at, None
        inner_end = closing
        while inner_end > at + 1 and raw[inner_end - 1] in ".,;":
            inner_end -= 1  # the reference's punctuation, printed inside the quotes
        self.add(Span(at + 1, inner_end, "title", {"level": "a"}))
        journal = ITALIC.search(raw, closing + 1, self.limit)
        journal_end = None
        if journal:
            self.add(Span(journal.start(), journal.end(), "title", {"level": "j"},
                          inner=(journal.start() + 1, journal.end() - 1)))
            journal_end = journal.end()
        return plain(raw[at + 1 : inner_end]), closing + 1, journal_end

    # -- publication details

    def details(self, lo: int, hi: int, journal_end: int | None) -> str | None:
        """Imprint, volume, issue, dates and an article's pages; the year of publication."""
        self.full_dates(lo, hi)
        if journal_end is not None:
            self.journal(journal_end, hi)
        elif not self.imprint(lo, hi):
            self.year_only(lo, hi)
        return self.year()

    def date_span(self, start: int, end: int) -> bool:
        """Mark a date if its form can be read."""
        attributes = date_attributes(self.raw[start:end])
        return bool(attributes) and self.add(Span(start, end, "date", attributes))

    def full_dates(self, lo: int, hi: int) -> None:
        """Dates with a month name: 'October 27, 1934', '23-26 September 1999'."""
        for pattern in (DAY_RANGE, MONTH_DAY_YEAR, DAY_MONTH_YEAR):
            for match in pattern.finditer(self.raw, lo, hi):
                if self.free(match.start(), match.end()):
                    self.date_span(match.start(), match.end())

    def journal(self, lo: int, hi: int) -> None:
        """'12, no. 3 (1950): 363–78', 'No 4; Vol. 25 (1947)', '54(1, 2002), 51–85'."""
        raw = self.raw
        bare = VOLUME_AFTER_TITLE.match(raw, lo, hi)
        if bare:
            self.add(Span(bare.start("n"), bare.end("n"), "biblScope", {"unit": "volume"}))
        for pattern, unit in ((VOLUME, "volume"), (ISSUE, "issue")):
            for match in pattern.finditer(raw, lo, hi):
                self.add(Span(match.start("n"), match.end("n"), "biblScope", {"unit": unit}))
        for match in ISSUE_YEAR.finditer(raw, lo, hi):
            self.add(Span(match.start("n"), match.end("n"), "biblScope", {"unit": "issue"}))
            self.date_span(match.start("year"), match.end("year"))
        for match in PAREN_DATE.finditer(raw, lo, hi):
            if self.free(match.start("date"), match.end("date")):
                self.date_span(match.start("date"), match.end("date"))
        if not self.in_note:
            after = max((s.end for s in self.spans if lo <= s.start < hi), default=lo)
            pages = PAGE_RANGE.search(raw, after, hi)
            if pages:
                first, last = expand_range(pages["from"], pages["to"])
                self.add(Span(pages.start("from"), pages.end("to"),
                              "biblScope", {"unit": "page", "from": first, "to": last}))

    def imprint(self, lo: int, hi: int) -> bool:
        """'New York: Knopf Doubleday, 2015' → pubPlace, publisher, date."""
        match = IMPRINT.search(self.raw, lo, hi)
        if match:
            for group, tag in (("place", "pubPlace"), ("publisher", "publisher")):
                self.add(Span(match.start(group), match.end(group), tag))
            self.date_span(match.start("year"), match.end("year"))
        return match is not None

    def year_only(self, lo: int, hi: int) -> None:
        """An imprint without place: the date, and the publisher before it if named so."""
        years = [m for m in YEAR_IN_IMPRINT.finditer(self.raw, lo, hi)
                 if self.free(m.start(), m.end())]
        if years and not any(s.tag == "date" for s in self.spans):
            self.date_span(years[-1].start(), years[-1].end())
        dates = sorted((s for s in self.spans if lo <= s.start < hi and s.tag == "date"),
                       key=lambda s: s.start)
        if not dates:
            return
        before = self.raw[lo : dates[-1].start].rstrip(" ,")
        segment_start = max(before.rfind(","), before.rfind("(")) + 1
        segment = before[segment_start:]
        if PUBLISHER_WORDS.search(segment):
            start = lo + segment_start + len(segment) - len(segment.lstrip())
            self.add(Span(start, lo + len(before), "publisher"))

    def year(self) -> str | None:
        """The year of the first date found."""
        for span in sorted(self.spans, key=lambda s: s.start):
            value = span.attributes.get("when") or span.attributes.get("from") or ""
            if span.tag == "date" and value[:4].isdigit():
                return value[:4]
        return None

    # -- cited pages

    def page_list(self, lo: int, hi: int) -> re.Match[str] | None:
        """The pages a note cites: ', 466-67.' / ', 30, 34.' ending the reference."""
        for match in PAGE_LIST.finditer(self.raw, lo, hi):
            if not (match["stop"] or match.end() >= hi):
                continue
            before = self.raw[lo : match.start()]
            if before.count("(") > before.count(")") or not self.free(match.start(), match.end()):
                continue
            return match
        return None

    def cited_range(self, pages: re.Match[str]) -> None:
        """Each page or range of a note's page list as citedRange."""
        offset = pages.start("list")
        for item in PAGE_ITEM.finditer(pages["list"]):
            first, last = expand_range(item["from"], item["to"])
            self.add(Span(offset + item.start(), offset + item.end(),
                          "citedRange", {"unit": "page", "from": first, "to": last}))
