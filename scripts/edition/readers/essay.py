"""Reader for essays extracted from a paginated layout (a PDF or word-processor export).

How such an extraction is built: the essay's title on a line of its own; then
what stood above the text on the first page (an illustration's caption with its
credit in parentheses, the byline: author and a date); then the paragraphs, one
block each, with section headings as short lines without final punctuation. The
page layout survives: every page's footnotes (lines opening with superscript
numbers) follow that page's text, so a paragraph that ran over a page end is
cut in two around them, a word hyphenated at the cut keeping its hyphen. Note
markers are superscript digits glued to the text. Italics are written ``*…*``,
some punctuation is backslash-escaped and links may stand in ``<…>``: Markdown
syntax of the extraction, not of the essay. The back matter opens with a line in
capitals ("BIBLIOGRAPHY") and lists the works cited in Chicago style, under
sub-heads in capitals; the notes cite a work in full the first time, then by
surname, short title and pages.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..dates import DAY_MONTH_YEAR, MONTH_DAY_YEAR, MONTH_NAMES, MONTHS, iso
from ..header import tei_document
from ..model import Document, ReaderError, Source
from ..tei import XML_ID, E, append, normalize_space
from .text import Block, blocks

FOLDER = "essays"

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPTS, "0123456789")
FOOTNOTE_LINE = re.compile(rf"^(?P<n>[{SUPERSCRIPTS}]+)\s*(?P<text>.*)$")
MARKERS = re.compile(rf"[{SUPERSCRIPTS}]+")

#: Where a page ended inside a paragraph: between two words, or inside one.
#: Private-use characters, so they cannot clash with the text (which is checked).
PAGE_BREAK = "\ue000"
PAGE_BREAK_IN_WORD = "\ue001"
SENTINELS = PAGE_BREAK + PAGE_BREAK_IN_WORD

_URL_END = r"[^\s<>.,;:!?)\]'\"”’\ue000\ue001]"
URL = re.compile(rf"<https?://[^\s<>]+>|https?://[^\s<>\ue000\ue001]*{_URL_END}")
#: The extraction's inline syntax. A backslash before ASCII punctuation is a
#: Markdown escape (``\$6 billion``): the escape is dropped, the character kept,
#: so the text reads as printed and nothing of the essay is lost.
INLINE = re.compile(
    r"<(?P<bracketed>https?://[^\s<>]+)>"
    rf"|(?P<url>https?://[^\s<>\ue000\ue001]*{_URL_END})"
    r"|\*(?P<italic>[^\s*](?:[^*]*[^\s*])?)\*"
    r"|\\(?P<escaped>[!-/:-@\[-`{-~])"
    rf"|(?P<marker>[{SUPERSCRIPTS}]+)"
    rf"|(?P<pb>[{SENTINELS}])"
)
ITALIC = re.compile(r"\*(?P<text>[^\s*](?:[^*]*[^\s*])?)\*")

#: A paragraph is complete when it ends like a sentence (ignoring quotes and markers).
SENTENCE_END = (".", "!", "?", ":")
CLOSING = "”\"’')]*"
MINOR_WORDS = {"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "by",
               "with", "from", "as", "but", "nor", "vs"}
MAX_HEADING = 120

# -- citations ---------------------------------------------------------------

PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "della",
             "des", "ten", "ter", "al", "el", "bin", "ibn", "y"}
NAME_WORD = re.compile(r"[A-Z][\w'’.-]*|(?:[A-Z]\.)+")
INITIALS = re.compile(r"(?:^|[\s.])(?:[A-Z]\.)+$")
NAME_SEPARATOR = re.compile(r",?\s+and\s+|\s*&\s*|,\s*")
ROLE = re.compile(r",\s*(?P<role>eds?\.|editors?|ed)$")
IBID = {"ibid", "ibidem", "id"}

PAGE_LIST = re.compile(
    r"[,:]\s*(?P<list>\d+(?:\s*[-–]\s*\d+)?(?:,\s*\d+(?:\s*[-–]\s*\d+)?)*)"
    r"(?P<stop>\.{1,2}|;)?(?=\s|$)"
)
PAGE_ITEM = re.compile(r"(?P<from>\d+)(?:\s*[-–]\s*(?P<to>\d+))?")
IMPRINT = re.compile(
    r"(?:\(|\.\s+)(?P<place>[A-Z][^:()]*?)\s*:\s*(?P<publisher>[^:()]+?),\s*"
    r"(?P<year>\d{4})(?=[).,;]|$)"
)
PUBLISHER_WORDS = re.compile(
    r"\b(?:Press|Universit\w*|Publish\w*|Books|Verlag|Company|Inc|Ltd|Editions?)\b"
)
YEAR = re.compile(r"(?<=[\s(,])(?P<year>1[5-9]\d\d|20\d\d)(?=[).,;]|$)")
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
TITLE_STOPWORDS = {"a", "an", "the", "and", "of", "in", "on", "to", "for", "my", "from",
                   "with", "at", "by"}

# -- byline --------------------------------------------------------------------

NUMERIC_DATE = re.compile(r"^(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<year>\d{4})$")
ISO_DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$")
BY = re.compile(r"^by\s+", re.IGNORECASE)


# -- text of the layout --------------------------------------------------------


def strip_markers(text: str) -> str:
    """Text without note markers, for tests on how a line ends."""
    return MARKERS.sub("", text)


def plain(raw: str) -> str:
    """Text without the extraction's syntax, for titles and matching."""
    text = ITALIC.sub(lambda m: m["text"], raw)
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
    text = re.sub(rf"[{SENTINELS}]", "", text)
    return normalize_space(strip_markers(text))


def is_closed(raw: str) -> bool:
    """Whether a paragraph ends like a sentence, so that what follows is a new one."""
    text = strip_markers(raw).rstrip()
    if text.endswith(("...", "…")):
        return False  # a quotation broken off at the page end
    return text.rstrip(CLOSING).endswith(SENTENCE_END)


def starts_lower(text: str) -> bool:
    """Whether a block begins in lower case, i.e. continues a sentence."""
    letters = re.search(r"[^\W\d_]", text)
    lead = text[: letters.start()] if letters else text
    return bool(letters) and letters.group().islower() and not re.search(r"\w", lead)


def is_caps(text: str) -> bool:
    """A line in capitals: the back matter's heads ("BIBLIOGRAPHY", "BOOKS")."""
    return (len(text) <= 60 and re.search(r"[A-Z]{2}", text) is not None
            and text == text.upper() and not re.search(r"\d", text))


def is_title_case(text: str) -> bool:
    """Every significant word capitalised, as in the name of a book or newspaper."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", plain(text))
    return bool(words) and all(
        word[0].isupper() or (index and word.lower() in MINOR_WORDS)
        for index, word in enumerate(words)
    )


def compound_hyphen(left: str, right: str, whole: str) -> bool:
    """Whether a hyphen at a line or page end belongs to the word (a compound)."""
    head = re.search(r"[\w'’.-]*-$", left).group()
    tail_match = re.match(r"[\w'’]+", right)
    tail = tail_match.group() if tail_match else ""
    if not tail or not tail[0].islower():
        return True  # "Soviet-French-" + "British"
    if "-" in head[:-1]:
        return True  # already a compound: "anti-Soviet-" + "minded"
    # Written with the hyphen elsewhere in the essay: a compound; else ("Ameri-" + "can")
    # a soft hyphen of the layout.
    pattern = rf"(?<![\w-]){re.escape(head + tail)}(?![\w-])"
    return re.search(pattern, whole, re.IGNORECASE) is not None


def join(left: str, right: str, whole: str, *, page: bool) -> str:
    """Join two halves of a paragraph cut by the layout; ``page`` marks a page break there."""
    left, right = left.rstrip(), right.lstrip()
    if re.search(r"[^\W\d_]-$", left) and re.match(r"\w", right):
        if not compound_hyphen(left, right, whole):
            left = left[:-1]
        return left + (PAGE_BREAK_IN_WORD if page else "") + right
    if left.endswith(("—", "–")):
        return left + (PAGE_BREAK_IN_WORD if page else "") + right
    return left + " " + (PAGE_BREAK if page else "") + right


def block_text(block: Block, whole: str) -> str:
    """A block's lines as one string, line-end hyphenation undone."""
    text = block.lines[0]
    for line in block.lines[1:]:
        text = join(text, line, whole, page=False)
    return normalize_space(text)


def page_break(sentinel: str) -> etree._Element:
    """The page break of the layout; there are no printed page numbers to give it."""
    pb = E.pb(type="layout")
    if sentinel == PAGE_BREAK_IN_WORD:
        pb.set("break", "no")
    return pb


def fold(text: str) -> str:
    """Lower case without accents, for comparing names and titles."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slug(text: str) -> str:
    """An xml:id-safe form of a surname."""
    value = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "anon"
    return value if value[0].isalpha() else f"b-{value}"


def distance(a: str, b: str) -> int:
    """Levenshtein distance, to recognise a misspelt surname."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def title_words(title: str) -> set[str]:
    """Significant words of a title."""
    return {w for w in re.findall(r"[^\W_]+", fold(title)) if w not in TITLE_STOPWORDS}


def main_title(title: str) -> str:
    """A title without its subtitle: short titles are made from this part."""
    return title.split(":")[0]


def overlap(a: set[str], b: set[str]) -> float:
    """Jaccard similarity of two word sets."""
    return len(a & b) / len(a | b) if a | b else 0.0


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


def byline_date(line: str) -> tuple[str, str] | None:
    """(printed, ISO) when ``line`` is nothing but a date.

    Numeric dates are read month first (US order, "11-30-2021") unless the
    first number cannot be a month.
    """
    text = line.strip()
    match = NUMERIC_DATE.fullmatch(text)
    if match:
        a, b, year = int(match["a"]), int(match["b"]), int(match["year"])
        value = iso(year, b, a) if a > 12 else iso(year, a, b)
        return (text, value) if value else None
    match = ISO_DATE.fullmatch(text)
    if match:
        value = iso(int(match["year"]), int(match["month"]), int(match["day"]))
        return (text, value) if value else None
    attributes = date_attributes(text)
    if "when" in attributes and len(attributes["when"]) == 10:
        return text, attributes["when"]
    return None


# -- references ----------------------------------------------------------------


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


@dataclass
class Entry:
    """A bibliography entry, as citations are matched against it."""

    xml_id: str
    surnames: list[str]
    title: str | None
    year: str | None


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
        years = [m for m in YEAR.finditer(self.raw, lo, hi) if self.free(m.start(), m.end())]
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


# -- the reader --------------------------------------------------------------------


@dataclass
class Footnote:
    """A note's text as printed at the foot of a page."""

    number: int
    raw: str
    line: int
    used: bool = False


@dataclass
class Piece:
    """A paragraph, a heading or a page's footnotes, in reading order."""

    kind: str
    raw: str
    line: int
    page_break: bool = False
    numbers: list[int] = field(default_factory=list)


class EssayReader:
    """Turns one extracted essay into a TEI document with its notes and bibliography."""

    format = "essay"

    def __init__(self, source: Source, edition_file: Path) -> None:
        self.source = source
        self.edition_file = edition_file
        self.text = source.text
        self.warnings: list[str] = []
        self.footnotes: dict[int, list[Footnote]] = {}
        self.entries: list[Entry] = []
        self.authors: list[str] = []
        self.date: tuple[str, str] | None = None
        #: Note numbers printed at the foot of the page, by the line where the foot begins.
        self.page_notes: dict[int, list[int]] = {}
        self.last_marker = 0
        self.last_link: tuple[str, str | None] | None = None
        #: Line of the paragraph being rendered, for warnings about its markers.
        self.line = 1

    def warn(self, line: int, message: str) -> None:
        """Record something an editor should look at, with file and line."""
        self.warnings.append(f"{self.source.path}:{line}: {message}")

    def error(self, line: int, message: str) -> ReaderError:
        """A refusal naming file and line, so the transcription can be fixed."""
        return ReaderError(f"{self.source.path}:{line}: {message}")

    # -- whole essay

    def read(self) -> list[Document]:
        """The essay as one document in ``essays/``."""
        for number, line in enumerate(self.text.splitlines(), start=1):
            if set(SENTINELS) & set(line):
                raise self.error(number, "unexpected private-use character in the text")
        all_blocks = blocks(self.text)
        if not all_blocks:
            raise self.error(1, "empty source")
        title_block = all_blocks[0]
        title = block_text(title_block, self.text)
        if len(title) > 300 or FOOTNOTE_LINE.match(title):
            raise self.error(title_block.line, "an essay opens with its title on a line of its "
                             "own; this is running text")
        # Every note's text first: a marker may stand before its page's foot is reached.
        self.page_notes = {b.line: self.collect_footnotes(b) for b in all_blocks
                           if self.is_footnotes(b)}
        front, start = self.front(all_blocks)
        rest = all_blocks[start:]
        back_at = self.back_start(rest)
        body_blocks = rest if back_at is None else rest[:back_at]
        back_blocks = [] if back_at is None else rest[back_at:]
        back = self.bibliography(back_blocks) if back_blocks else []
        sections = self.body(body_blocks)
        if not sections:
            line = rest[0].line if rest else all_blocks[-1].line
            raise self.error(line, "no essay text after the title and byline")
        xml_id = self.source.prefix
        root = tei_document(
            xml_id,
            title=plain(title),
            edition_file=self.edition_file,
            citation=self.source.citation,
            scope=self.citation_extras(),
            authors=[E.author(name) for name in self.authors],
            front=front,
            body=sections,
            back=back,
        )
        return [Document(xml_id, FOLDER, root, self.warnings)]

    # -- front matter

    def front(self, all_blocks: list[Block]) -> tuple[list[etree._Element], int]:
        """Title, illustration and byline; the index of the first block of the text."""
        title_part = E.titlePart(type="main")
        self.inline(title_part, block_text(all_blocks[0], self.text), "text")
        front: list[etree._Element] = [E.docTitle(title_part)]
        byline = next((i for i, b in enumerate(all_blocks[1:7], start=1)
                       if any(byline_date(line) for line in b.lines)), None)
        if byline is None:
            self.warn(all_blocks[0].line, "no byline (author and date) after the title")
            return front, 1
        lines = all_blocks[byline].lines
        date_index = next(i for i, line in enumerate(lines) if byline_date(line))
        names = lines[:date_index]
        between = all_blocks[1:byline]
        if not names and between and self.is_name_block(between[-1]):
            names = between.pop().lines
        for block in between:
            figure = self.figure_or_subtitle(block, front[0])
            if figure is not None:
                front.append(figure)
        self.authors = [a.strip() for n in names
                        for a in re.split(r",\s*|\s+and\s+", BY.sub("", n)) if a.strip()]
        if names:
            front.append(E.docAuthor(" ".join(names)))
        else:
            self.warn(all_blocks[byline].line, "no author in the byline")
        printed, value = byline_date(lines[date_index])
        self.date = (printed, value)
        front.append(E.docDate(printed, when=value))
        for extra in lines[date_index + 1 :]:
            self.warn(all_blocks[byline].line, f"byline line not understood: {extra!r}")
            front.append(E.docImprint(extra))
        return front, byline + 1

    @staticmethod
    def is_name_block(block: Block) -> bool:
        """Short lines of capitalised words: an author's name."""
        return all(len(line) <= 80 and not line.endswith(SENTENCE_END) and
                   all(w[0].isupper() or w.lower() in {"and", "by"} for w in line.split())
                   for line in block.lines)

    def figure_or_subtitle(self, block: Block,
                           doc_title: etree._Element) -> etree._Element | None:
        """A caption (with its credit in parentheses) above the text, or else a subtitle."""
        caption = [line for line in block.lines if not re.fullmatch(r"\(.*\)", line)]
        credits = [line for line in block.lines if re.fullmatch(r"\(.*\)", line)]
        text = " ".join(caption)
        if not credits and not is_closed(text):
            subtitle = E.titlePart(type="sub")
            self.inline(subtitle, text, "text")
            doc_title.append(subtitle)
            return None
        figure = E.figure()
        if caption:
            head = E.head()
            self.inline(head, text, "text")
            figure.append(head)
        for credit in credits:
            paragraph = E.p()
            self.inline(paragraph, credit, "text")
            figure.append(paragraph)
        return figure

    def citation_extras(self) -> list[etree._Element]:
        """Author and date for the source citation when the catalogue lacks them."""
        citation = self.source.citation
        extras = []
        if not citation.xpath("*[local-name()='author']"):
            extras += [E.author(name) for name in self.authors]
        if self.date and not citation.xpath("*[local-name()='date']"):
            extras.append(E.date(self.date[0], when=self.date[1]))
        return extras

    # -- body

    def back_start(self, rest: list[Block]) -> int | None:
        """The line in capitals that opens a bibliography (followed by entries)."""
        for index, block in enumerate(rest):
            if not is_caps(block_text(block, self.text)):
                continue
            following = index + 1
            while following < len(rest) and is_caps(block_text(rest[following], self.text)):
                following += 1
            if following < len(rest):
                entry = block_text(rest[following], self.text)
                parser = CitationParser(entry, in_note=False)
                citation = parser.parse(0)
                if citation is not None and citation.title:
                    return index
        return None

    def body(self, body_blocks: list[Block]) -> list[etree._Element]:
        """Sections of paragraphs, pages rejoined, notes placed at their markers."""
        pieces = self.pieces(body_blocks)
        if not any(piece.kind != "notes" for piece in pieces):
            return []
        sections: list[etree._Element] = []
        placeholders: list[tuple[etree._Element, list[int]]] = []
        for piece in pieces:
            if piece.kind == "head" or not sections:
                sections.append(E.div(type="section"))
            section = sections[-1]
            if piece.page_break:
                section.append(page_break(PAGE_BREAK))
            if piece.kind == "notes":
                placeholder = E.note()
                section.append(placeholder)
                placeholders.append((placeholder, piece.numbers))
                continue
            made = E.head() if piece.kind == "head" else E.p()
            self.line = piece.line
            self.inline(made, piece.raw, "text")
            section.append(made)
        for placeholder, numbers in placeholders:
            self.unanchored(placeholder, numbers)
        return sections

    def pieces(self, body_blocks: list[Block]) -> list[Piece]:
        """Paragraphs and headings in reading order, halves cut by a page end joined."""
        texts = [None if self.is_footnotes(b) else block_text(b, self.text) for b in body_blocks]
        pieces: list[Piece] = []
        last_text: Piece | None = None
        page_ended = False
        for index, block in enumerate(body_blocks):
            text = texts[index]
            if text is None:
                numbers = list(self.page_notes[block.line])
                if pieces and pieces[-1].kind == "notes":
                    pieces[-1].numbers += numbers
                else:
                    pieces.append(Piece("notes", "", block.line, numbers=numbers))
                page_ended = True
                continue
            following = next((t for t in texts[index + 1 :] if t is not None), None)
            if last_text and last_text.kind == "p" and (
                not is_closed(last_text.raw) or starts_lower(text)
            ):
                last_text.raw = join(last_text.raw, text, self.text, page=True)
            elif self.is_heading(text, following):
                last_text = Piece("head", text, block.line, page_break=page_ended)
                pieces.append(last_text)
            else:
                last_text = Piece("p", text, block.line, page_break=page_ended)
                pieces.append(last_text)
            page_ended = False
        return pieces

    @staticmethod
    def is_footnotes(block: Block) -> bool:
        """A page's foot: its first line opens with a superscript note number."""
        return FOOTNOTE_LINE.match(block.lines[0]) is not None

    @staticmethod
    def is_heading(text: str, following: str | None) -> bool:
        """A short line without final punctuation, followed by a new paragraph."""
        stripped = strip_markers(text).strip()
        if not stripped or len(stripped) > MAX_HEADING or is_closed(stripped):
            return False
        if stripped.rstrip(CLOSING).endswith((",", ";", "...", "…", "-", "—")):
            return False
        first = re.search(r"\w", stripped)
        if not first or first.group().islower():
            return False
        return following is not None and not starts_lower(following)

    # -- notes

    def collect_footnotes(self, block: Block) -> list[int]:
        """The notes of one page's foot, each from its superscript number on."""
        numbers: list[int] = []
        current: Footnote | None = None
        for offset, line in enumerate(block.lines):
            match = FOOTNOTE_LINE.match(line)
            if match:
                number = int(match["n"].translate(FROM_SUPERSCRIPT))
                current = Footnote(number, match["text"], block.line + offset)
                if self.footnotes.get(number):
                    self.warn(current.line, f"note {number} printed twice")
                self.footnotes.setdefault(number, []).append(current)
                numbers.append(number)
            elif current is not None:
                current.raw = join(current.raw, line, self.text, page=False)
        return numbers

    def note_id(self, number: int, copy: int = 0) -> str:
        """Unique per essay; a note printed twice gets a numbered copy."""
        suffix = f"-{copy + 1}" if copy else ""
        return f"{self.source.prefix}-fn{number}{suffix}"

    def note_at(self, label: str) -> etree._Element:
        """The note whose marker stands here, with its text from the foot of the page."""
        number = int(label.translate(FROM_SUPERSCRIPT))
        if number != self.last_marker + 1:
            self.warn(self.line, f"note marker {number} follows marker {self.last_marker}")
        self.last_marker = max(self.last_marker, number)
        printed = self.footnotes.get(number, [])
        unused = [f for f in printed if not f.used]
        if printed and not unused:
            self.warn(printed[0].line, f"note marker {number} appears more than once")
            return E.ptr(type="noteref", n=str(number), target=f"#{self.note_id(number)}")
        note = E.note(place="foot", n=str(number))
        note.set(XML_ID, self.note_id(number, printed.index(unused[0]) if unused else 0))
        if not unused:
            self.warn(self.line, f"note marker {number} has no note text at the foot of any page")
            note.append(E.gap(reason="not-transcribed"))
            return note
        unused[0].used = True
        self.note_content(note, unused[0])
        return note

    def unanchored(self, placeholder: etree._Element, numbers: list[int]) -> None:
        """Put the notes of a page whose markers were not found where the page ended."""
        parent = placeholder.getparent()
        position = parent.index(placeholder)
        seen: set[int] = set()
        for number in numbers:
            if number in seen:
                continue
            seen.add(number)
            for copy, footnote in enumerate(self.footnotes[number]):
                if footnote.used:
                    continue
                footnote.used = True
                self.warn(footnote.line, f"note {number} has no marker in the text; "
                                         "kept where its page ended")
                note = E.note(place="foot", n=str(number), type="unanchored")
                note.set(XML_ID, self.note_id(number, copy))
                self.note_content(note, footnote)
                parent.insert(position, note)
                position += 1
        parent.remove(placeholder)

    def note_content(self, note: etree._Element, footnote: Footnote) -> None:
        """A note's text, its references linked to the bibliography."""
        raw = normalize_space(footnote.raw)
        parser = CitationParser(raw, in_note=True)
        spans: list[Span] = []
        position: int | None = 0
        while position is not None:
            citation = parser.parse(position)
            if citation is None:
                break
            attributes = self.link(citation, footnote)
            spans.append(Span(citation.start, citation.end, "bibl", attributes,
                              children=citation.spans))
            position = citation.next_start
        self.render_spans(note, raw, 0, len(raw), spans, "cite")

    def link(self, citation: Citation, footnote: Footnote) -> dict[str, str]:
        """@corresp (and @cert for a misspelt name) pointing at the bibliography entry."""
        where = f"note {footnote.number}"
        if citation.surnames and fold(citation.surnames[0]).strip(".") in IBID:
            if self.last_link:
                target, cert = self.last_link
                return {"corresp": f"#{target}", **({"cert": cert} if cert else {})}
            self.warn(footnote.line, f"{where}: 'Ibid.' with no reference before it")
            return {}
        found = self.match(citation)
        if isinstance(found, str):
            self.warn(footnote.line, f"{where}: {found}; the reference is left unlinked")
            self.last_link = None
            return {}
        entry, exact = found
        self.last_link = (entry.xml_id, None if exact else "medium")
        if exact:
            return {"corresp": f"#{entry.xml_id}"}
        self.warn(footnote.line, f"{where}: '{citation.surnames[0]}' taken for "
                                 f"{entry.xml_id} (spelt differently)")
        return {"corresp": f"#{entry.xml_id}", "cert": "medium"}

    def match(self, citation: Citation) -> tuple[Entry, bool] | str:
        """The bibliography entry a reference points to, or why there is none."""
        if not citation.surnames:
            return "no author in the reference"
        name = fold(citation.surnames[0])
        candidates = [e for e in self.entries if e.surnames and fold(e.surnames[0]) == name]
        exact = bool(candidates)
        if not candidates:
            limit = 1 if len(name) < 8 else 2
            near = [(distance(name, fold(e.surnames[0])), e) for e in self.entries
                    if e.surnames and len(name) >= 4]
            best = min((d for d, _ in near), default=limit + 1)
            if best <= limit:
                candidates = [e for d, e in near if d == best]
        if not candidates:
            return f"no bibliography entry for '{citation.surnames[0]}'"
        if len(candidates) > 1 and len(citation.surnames) > 1:
            others = {fold(s) for s in citation.surnames[1:]}
            candidates = [e for e in candidates
                          if others <= {fold(s) for s in e.surnames[1:]}] or candidates
        if len(candidates) > 1 and citation.year:
            candidates = [e for e in candidates if e.year == citation.year] or candidates
        if len(candidates) > 1 and citation.title:
            candidates = self.by_title(citation.title, candidates)
        if len(candidates) != 1:
            ids = ", ".join(e.xml_id for e in candidates)
            return f"'{citation.surnames[0]}' may be any of {ids}"
        return candidates[0], exact

    @staticmethod
    def by_title(title: str, candidates: list[Entry]) -> list[Entry]:
        """The entries whose title is closest to a (short) title."""
        words, short = title_words(title), title_words(main_title(title))

        def score(entry: Entry) -> tuple[float, float]:
            full = entry.title or ""
            return (overlap(short, title_words(main_title(full))),
                    overlap(words, title_words(full)))

        best = max(score(e) for e in candidates)
        if best == (0.0, 0.0):
            return candidates
        return [e for e in candidates if score(e) == best]

    # -- bibliography

    def bibliography(self, back_blocks: list[Block]) -> list[etree._Element]:
        """The works cited, one listBibl per sub-head, each entry structured and identified."""
        head_text = block_text(back_blocks[0], self.text)
        division = E.div(E.head(head_text.capitalize(), rend="uppercase"), type="bibliography")
        groups: list[tuple[str | None, list[tuple[str, int]]]] = []
        for block in back_blocks[1:]:
            text = block_text(block, self.text)
            if is_caps(text):
                groups.append((text, []))
                continue
            if not groups:
                groups.append((None, []))
            entries = groups[-1][1]
            if entries and (URL.fullmatch(text) or starts_lower(text)):
                entries[-1] = (join(entries[-1][0], text, self.text, page=False), entries[-1][1])
            else:
                entries.append((text, block.line))
        parsed = [[self.entry(text, line) for text, line in entries] for _, entries in groups]
        self.assign_ids([item for group in parsed for item in group])
        for (head, _), group in zip(groups, parsed, strict=True):
            listing = E.listBibl()
            if head:
                listing.append(E.head(head.capitalize(), rend="uppercase"))
            for bibl, _entry in group:
                listing.append(bibl)
            division.append(listing)
        return [division]

    def entry(self, raw: str, line: int) -> tuple[etree._Element, Entry]:
        """One bibliography entry with its authors, titles, imprint and pages marked."""
        parser = CitationParser(raw, in_note=False)
        citation = parser.parse(0)
        bibl = E.bibl()
        if citation is None:
            self.warn(line, f"bibliography entry not understood: {raw[:60]!r}")
            self.render_spans(bibl, raw, 0, len(raw), [], "cite")
            return bibl, Entry("", [], None, None)
        self.render_spans(bibl, raw, 0, len(raw), citation.spans, "cite")
        if citation.year is None:
            self.warn(line, f"no year in bibliography entry {raw[:60]!r}")
        return bibl, Entry("", citation.surnames, citation.title, citation.year)

    def assign_ids(self, items: list[tuple[etree._Element, Entry]]) -> None:
        """surname-year, with a/b/… when an author has two works of one year.

        The essay's own list is printed matter of the essay, so its ids carry the
        essay's prefix (unique across the edition); ``@corresp`` points to the same
        work in the edition's bibliography register (bib:butler-2015).
        """
        bases = [f"{slug(e.surnames[0]) if e.surnames else 'anon'}-{e.year or 'nd'}"
                 for _, e in items]
        seen: dict[str, int] = {}
        for (bibl, entry), base in zip(items, bases, strict=True):
            if bases.count(base) > 1:
                seen[base] = seen.get(base, 0) + 1
                base = f"{base}{chr(ord('a') + seen[base] - 1)}"
            entry.xml_id = f"{self.source.prefix}-{base}"
            bibl.set(XML_ID, entry.xml_id)
            bibl.set("corresp", f"bib:{base}")
            self.entries.append(entry)

    # -- inline content

    def italic(self, text: str, mode: str) -> etree._Element:
        """Italics: a work's title in references and for capitalised names, else emphasis."""
        if mode == "cite":
            return E.title(level="m")
        return E.title() if is_title_case(text) else E.hi(rend="italic")

    def inline(self, parent: etree._Element, raw: str, mode: str) -> None:
        """Append ``raw`` to ``parent``, turning the extraction's syntax into TEI."""
        position = 0
        for match in INLINE.finditer(raw):
            append(parent, raw[position : match.start()])
            position = match.end()
            if match["bracketed"] or match["url"]:
                url = match["bracketed"] or match["url"]
                append(parent, E.ref(url, target=url))
            elif match["italic"] is not None:
                italic = self.italic(match["italic"], mode)
                self.inline(italic, match["italic"], mode)
                append(parent, italic)
            elif match["escaped"]:
                append(parent, match["escaped"])
            elif match["marker"]:
                append(parent, self.note_at(match["marker"]) if mode == "text"
                       else match["marker"])
            else:
                append(parent, page_break(match["pb"]))
        append(parent, raw[position:])

    def render_spans(self, parent: etree._Element, raw: str, lo: int, hi: int,
                     spans: list[Span], mode: str) -> None:
        """Text between ``lo`` and ``hi`` with each span wrapped in its element."""
        position = lo
        for span in sorted(spans, key=lambda s: (s.start, -s.end)):
            self.inline(parent, raw[position : span.start], mode)
            made = span.make()
            start, end = span.inner or (span.start, span.end)
            self.render_spans(made, raw, start, end, span.children, mode)
            append(parent, made)
            position = span.end
        self.inline(parent, raw[position:hi], mode)


def read(source: Source, edition_file: Path) -> list[Document]:
    """The reader's entry point, as ``READERS`` calls it."""
    return EssayReader(source, edition_file).read()
