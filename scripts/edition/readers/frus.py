"""Reader for FRUS documents as copied from the Office of the Historian's web pages.

How a document of *Foreign Relations of the United States* is built: a source
note (the State Department file number or the collection: "893.24/1449:
Telegram", "Roosevelt Papers"), a heading naming sender and addressee ("The
Ambassador in China (Gauss) to the Secretary of State", "Memorandum by …"),
the opener (classification and precedence printed in small capitals, which the
web copy lowers: "top secret"; a document number "No. L–27"; the dateline
"Kuibyshev, October 2, 1942—3 p.m." and "[Received …]"; a salutation), the
paragraphs with lists ("  • (a) …") and quotations, the closer (complimentary
close, signatures, the signer's title), and last the footnotes, indented and
renumbered 1, 2, 3 while the markers glued into the text keep the printed
volume's numbers (80, 81, 82). "[Page N]" marks where a printed page begins.
A file may hold several documents, each ending with its own note list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..dates import MONTH_NAMES, find_date_time
from ..enrich.textnodes import wrap_first
from ..header import corresp_action, provisional_title, tei_document
from ..model import Document, ReaderError, Source
from ..tei import XML_ID, E, append, normalize_space, tei, xpath
from .markers import Marker, find_markers

#: "  1. Not printed." — a footnote of the list that ends a document (indented).
NOTE_LINE = re.compile(r"^\s+(?P<n>\d{1,3})\.\s+(?P<text>\S.*)$")
#: "[Page 543]" where a printed page begins; the spaces around it are rejoined.
PAGE = re.compile(r"(?P<before>\s*)\[Page\s+(?P<n>\d+)\](?P<after>\s*)")
PAGE_ONLY = re.compile(r"^\[Page\s+\d+\]$")
#: "• 1. text", "• (a) text", "• text" — list items of the web copy.
BULLET = re.compile(r"^•\s*(?:(?P<label>\(\w{1,4}\)|\w{1,3}\.)\s+)?")
#: Classification and precedence ("top secret", "priority", "plain") in small capitals.
CLASSIFICATION = re.compile(r"^[a-z][a-z ’'-]{1,40}$")
#: "No. L–27": the document's own number.
DOC_NUMBER = re.compile(r"^No\.\s*\S{1,20}$")
#: "[Received October 4—10:09 a.m.]"
RECEIVED = re.compile(r"^\[Received\s+(?P<when>.+?)\]$")
#: Courtesy titles stay outside the name: "Mr. <persName>Harry L. Hopkins</persName>".
COURTESY = re.compile(r"^(?:Mr|Mrs|Miss|Dr|Messrs)\.?\s+")
#: A person named as printed: "Gauss", "President Roosevelt", "Mr. Harry L. Hopkins".
NAME = re.compile(r"^(?:[A-Z][\w’'.-]*\s+){0,5}[A-Z][\w’'-]*\w$")
PAREN_NAME = re.compile(r"\((?P<name>[A-Z][^()]*?)\)\s*$")
ARTICLE = re.compile(r"^[Tt]he\s+")
#: "Memorandum of Conversation, by the Secretary of State"
DOCUMENT_BY = re.compile(r"^(?P<kind>[A-Z][^,]*?),?\s+by\s+(?P<rest>.+)$")
#: Salutations: "Excellency:", "Sir:", "My dear Mr. President:", "Dear Marshal Stalin,".
SALUTE = re.compile(
    r"^(?P<salute>(?:My dear|Dear|Excellency|Sir|Sirs|Madam|Gentlemen|Mr\.|Mrs\.|Your)"
    r"(?:\s+[A-Z][\w.’'-]*){0,4}[:,])(?:\s+(?P<rest>[A-Z“].*))?$"
)
#: "Accept [etc.]", "Sincerely yours," — the complimentary close.
CLOSING_SALUTE = re.compile(r"^(?:[A-Z].{0,70}\[etc\.\]\.?|[A-Z][^.:;]{0,70},)$")
#: "For the Ambassador:" — the signature is on someone's behalf.
ON_BEHALF = re.compile(r"^For\s+(?:the\s+)?[A-Z][\w ’'-]{1,50}:$")
#: A signer's title under the name: "Secretary of Embassy".
ROLE_LINE = re.compile(r"^[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,7}$")
#: Generational suffix printed after a signature: "Llewellyn E. Thompson, Jr."
SUFFIX = re.compile(r",\s*(?:Jr|Sr)\.$|,\s*(?:II|III)$")
#: A covering text announcing a quoted message ("… the following message, dated …").
MESSAGE_WORD = re.compile(r"\b(?:message|letter|telegram|cable)\b", re.IGNORECASE)
FROM_TO = re.compile(r"\bfrom\s+(?P<from>.+?)\s+to\s+(?P<to>.+?)(?=\s*(?:[,.:;]|$))")
#: "The message was given to … on April 11, 1942, noon": when a message left.
HANDED_OVER = re.compile(
    r"\b(?:given|handed|delivered)\b(?:[^.]|(?:(?<=\bM[rs])|(?<=\bDr)|(?<=\b[A-Z]))\.)*?\bon\s+"
    rf"(?=(?:{MONTH_NAMES})\s)"
)
SENTENCE_END = (".", ":", ";", "!", "?", "”", "’", '"')
OPEN_QUOTE = "“"
CLOSE_QUOTE = re.compile(r"”[.,;:]?$")


@dataclass(frozen=True)
class Line:
    """One non-blank source line, stripped; paragraphs are single lines in the web copy."""

    number: int
    text: str
    starts_block: bool


@dataclass
class Footnote:
    """A note of the list ending a document, in list order."""

    position: int
    text: str
    line: int
    #: The number printed at the marker in the text ("80"), once the marker is found.
    printed: str | None = None


@dataclass
class Party:
    """A sender or addressee: a personal name as printed, or only a title."""

    name: str | None = None
    role: str | None = None

    @property
    def label(self) -> str:
        """The form provisional titles use: the name, else the title."""
        return self.name or self.role or ""


@dataclass
class Chunk:
    """The lines of one FRUS document and the note list that ends it."""

    lines: list[Line]
    notes: list[Footnote] = field(default_factory=list)


@dataclass
class Dating:
    """What a correspAction says about when and where."""

    when: str | None = None
    place: str | None = None


# -- splitting a file into documents ------------------------------------------


def source_lines(text: str) -> list[Line]:
    """Non-blank lines with their numbers; indentation is kept for the note list."""
    lines: list[Line] = []
    blank = True
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.strip():
            lines.append(Line(number, raw.rstrip(), blank))
        blank = not raw.strip()
    return lines


def note_run(lines: list[Line], start: int) -> int:
    """End of the note list starting at ``start`` ("  1.", "  2.", …), or ``start``."""
    expected = 1
    index = start
    while index < len(lines):
        match = NOTE_LINE.match(lines[index].text)
        if match and int(match["n"]) == expected:
            expected += 1
        elif expected == 1 or not lines[index].text[:1].isspace() \
                or BULLET.match(lines[index].text.strip()):
            break
        index += 1
    return index if expected > 1 else start


def split_documents(lines: list[Line]) -> list[Chunk]:
    """Documents end with their note list; a list followed by a new heading starts the next."""
    chunks: list[Chunk] = []
    body: list[Line] = []
    index = 0
    while index < len(lines):
        end = note_run(lines, index) if body else index
        if end > index and (end == len(lines) or starts_document(lines[end:])):
            chunks.append(Chunk(strip_lines(body), footnotes(lines[index:end])))
            body, index = [], end
            continue
        body.append(lines[index])
        index += 1
    if body:
        chunks.append(Chunk(strip_lines(body)))
    return chunks


def strip_lines(lines: list[Line]) -> list[Line]:
    """Indentation only matters for telling notes from text; the text drops it."""
    return [Line(line.number, line.text.strip(), line.starts_block) for line in lines]


def footnotes(lines: list[Line]) -> list[Footnote]:
    """The note list, continuation lines joined to the note they continue."""
    notes: list[Footnote] = []
    for line in lines:
        match = NOTE_LINE.match(line.text)
        if match and int(match["n"]) == len(notes) + 1:
            notes.append(Footnote(len(notes) + 1, match["text"].strip(), line.number))
        else:
            notes[-1].text = f"{notes[-1].text} {line.text.strip()}"
    return notes


def starts_document(lines: list[Line]) -> bool:
    """Whether these lines open a FRUS document: a heading, perhaps after a source note."""
    heads = [line.text.strip() for line in lines[:2]]
    return bool(heads) and (parse_heading(heads[0]) is not None
                            or len(heads) > 1 and parse_heading(heads[1]) is not None)


# -- the heading ----------------------------------------------------------------


def parse_heading(text: str) -> tuple[list[Party], list[Party]] | None:
    """Senders and addressees from a heading, or ``None`` when it names none."""
    text = normalize_space(text)
    if not text or text.endswith((".", ";", ":")):
        return None
    by = DOCUMENT_BY.match(text)
    if by and " to " not in by["kind"] and not ARTICLE.match(by["kind"]):
        split = split_at_to(by["rest"])
        sender, addressee = split if split else (by["rest"], "")
    else:
        split = split_at_to(text)
        if not split:
            return None
        sender, addressee = split
    senders, addressees = parties(sender), parties(addressee)
    return (senders, addressees) if senders or addressees else None


def split_at_to(text: str) -> tuple[str, str] | None:
    """'A (X) to B': prefer the ' to ' after a name in parentheses ('Ambassador to …')."""
    after_name = text.find(") to ")
    if after_name >= 0:
        return text[: after_name + 1], text[after_name + 5 :]
    position = text.find(" to ")
    return (text[:position], text[position + 4 :]) if position > 0 else None


def parties(text: str) -> list[Party]:
    """'President Roosevelt and Prime Minister Churchill' → two parties; roles keep one."""
    text = text.strip()
    if not text:
        return []
    pieces = text.split(" and ")
    if len(pieces) > 1 and all(standalone_party(piece) for piece in pieces):
        return [party(piece) for piece in pieces]
    return [party(text)]


def standalone_party(text: str) -> bool:
    """Whether a piece around ' and ' names a whole party ('the X (Name)' or a name)."""
    text = text.strip()
    return bool(ARTICLE.match(text) and PAREN_NAME.search(text)) or bool(NAME.match(text))


def party(text: str) -> Party:
    """A name in parentheses, a name with its title, or a title alone."""
    text = text.strip()
    named = PAREN_NAME.search(text)
    if named:
        return Party(named["name"].strip(), ARTICLE.sub("", text[: named.start()]).strip() or None)
    if ARTICLE.match(text):
        return Party(None, ARTICLE.sub("", text))
    name = COURTESY.sub("", text.split(", ")[0]).strip()
    return Party(name, None) if NAME.match(name) else Party(None, text)


# -- dates and places -------------------------------------------------------------


def dateline(text: str) -> tuple[str, str, str, str] | None:
    """'[Quebec, September 16, 1944.]' → (before, place, date text, ISO), or ``None``."""
    found = find_date_time(text)
    if not found:
        return None
    match, value = found
    prefix, rest = text[: match.start()], text[match.end() :]
    if rest.strip() not in ("", ".", "]", ".]") or len(prefix) > 60:
        return None
    place = re.search(r"[A-Z][\w’'. -]*[\w.]", prefix)
    if prefix.strip(" [") and (not place or not prefix.rstrip().endswith((",", ",]"))):
        return None
    return prefix, place.group(0) if place else "", match.group(0), value


def received_date(text: str, sent: str | None) -> str | None:
    """'[Received October 4—10:09 a.m.]' with the year of the sent date (or the next)."""
    match = RECEIVED.match(text)
    if not match:
        return None
    found = find_date_time(match["when"], int(sent[:4]) if sent else None)
    if not found:
        return None
    value = found[1]
    if sent and value[:10] < sent[:10] and "year" not in found[0].re.groupindex:
        value = find_date_time(match["when"], int(sent[:4]) + 1)[1]
    return value


def handed_over(note: str) -> tuple[str, str] | None:
    """'The message was given to … on April 11, 1942, noon' → (those words, ISO date-time)."""
    handed = HANDED_OVER.search(note)
    found = find_date_time(note[handed.end() :]) if handed else None
    if not found or found[0].start() != 0:
        return None
    words = normalize_space(note[handed.start() : handed.end() + found[0].end()])
    return words, found[1]


def file_number(source_note: str) -> str:
    """'893.24/1449: Telegram' → '893.24/1449': a one-word channel after the colon goes."""
    head, colon, tail = source_note.rpartition(": ")
    return head if colon and re.fullmatch(r"[A-Z][a-z]+", tail) else source_note


# -- one document -----------------------------------------------------------------


class FrusDocument:
    """Builds the TEI of one FRUS document from its lines and note list."""

    def __init__(self, source: Source, chunk: Chunk, xml_id: str, edition_file: Path) -> None:
        self.source = source
        self.edition_file = edition_file
        self.xml_id = xml_id
        self.lines = chunk.lines
        self.notes = chunk.notes
        #: (line number, column) of each note marker → its note.
        self.placed: dict[tuple[int, int], Footnote] = {}
        self.used: set[int] = set()
        self.warnings: list[str] = []
        self.head_notes: list[Footnote] = []
        #: A salutation run into the first paragraph: (line number, where the text starts).
        self.run_in: tuple[int, int] | None = None
        #: Quoted messages with their covering text and line.
        self.message_intros: list[tuple[etree._Element, str, int]] = []

    def warn(self, line: int, message: str) -> None:
        """Something an editor should check, with file:line and the document's id."""
        self.warnings.append(f"{self.source.path}:{line}: {self.xml_id}: {message}")

    # -- structure of the top: source note, heading -------------------------------

    def top(self) -> tuple[Line | None, Line]:
        """The source note (if any) and the heading line; a FRUS document must open so."""
        lines = self.lines
        first = lines[0]
        alone = len(lines) == 1 or lines[1].starts_block
        if alone and parse_heading(first.text) is None and len(lines) > 1 and \
                lines[1].starts_block and (len(lines) == 2 or lines[2].starts_block) and \
                not lines[1].text.endswith(SENTENCE_END):
            return first, lines[1]
        if alone and not first.text.endswith(SENTENCE_END) and len(first.text) <= 300:
            return None, first
        raise ReaderError(
            f"{self.source.path}:{first.number}: no FRUS heading: a document opens with a "
            "source note (file number) and a heading such as 'A (Name) to B' or 'Memorandum by A'"
        )

    # -- note markers ----------------------------------------------------------------

    def plan_notes(self, lines: list[Line]) -> None:
        """Decide which glued numbers are the note markers, given the list's length."""
        candidates = [
            (line, marker)
            for line in lines
            for marker in find_markers(mask_pages(line.text), lambda n: True, loose=True)
        ]
        chosen = choose_markers([(m.number, m.kind == "word") for _, m in candidates],
                                len(self.notes))
        for index, position in chosen.items():
            line, marker = candidates[index]
            self.placed[(line.number, marker.start)] = self.notes[position]
            self.notes[position].printed = marker.label

    def markers_in(self, line: Line) -> list[Marker]:
        """The chosen note markers of one line (found again by position, never by number)."""
        return [m for m in find_markers(mask_pages(line.text), loose=True)
                if (line.number, m.start) in self.placed]

    # -- inline content ---------------------------------------------------------------

    def pieces(self, line: Line, start: int = 0, end: int | None = None) -> list:
        """Text, page breaks (int) and notes (Footnote) of a stretch of one line."""
        end = len(line.text) if end is None else end
        events = [(m.start, m.end, self.placed[(line.number, m.start)])
                  for m in self.markers_in(line) if start <= m.start < end]
        events += [(p.start(), p.end(), p) for p in PAGE.finditer(line.text)
                   if start <= p.start() < end]
        result: list = []
        position = start
        for begin, finish, event in sorted(events, key=lambda e: e[0]):
            result.append(line.text[position:begin])
            result.append(event)
            position = finish
        result.append(line.text[position:end])
        return rejoin(result)

    def render(self, parent: etree._Element, line: Line, start: int = 0,
               end: int | None = None) -> etree._Element:
        """Append a stretch of a line to ``parent``, notes and page breaks in place."""
        for piece in self.pieces(line, start, end):
            if isinstance(piece, str):
                append(parent, piece)
            elif isinstance(piece, int):
                parent.append(E.pb(n=str(piece)))
            else:
                parent.append(self.note(piece))
        return parent

    def note(self, footnote: Footnote) -> etree._Element:
        """The note's text at its marker; @n is the printed number, the id the list position."""
        self.used.add(footnote.position)
        note = E.note(footnote.text, place="foot")
        if footnote.printed:
            note.set("n", footnote.printed)
        note.set(XML_ID, f"{self.xml_id}-fn{footnote.position}")
        return note

    def clean(self, line: Line, start: int = 0, end: int | None = None) -> str:
        """The words of a line without note markers and page breaks."""
        return normalize_space("".join(p for p in self.pieces(line, start, end)
                                       if isinstance(p, str)))

    def notes_of(self, line: Line) -> list[Footnote]:
        """Notes whose markers stand in this line (the heading's carry delivery dates)."""
        return [p for p in self.pieces(line) if isinstance(p, Footnote)]

    # -- the document ------------------------------------------------------------------

    def build(self) -> Document:
        """The TEI document: header with correspDesc(s), body with one div."""
        source_note, head_line = self.top()
        div, senders, addressees, sent, received = self.division(source_note, head_line)
        if not senders and not addressees:
            self.warn(head_line.number, "no sender or addressee found in the heading")
        profile = [corresp_desc(senders, addressees, sent, received), *self.message_descs()]
        title = provisional_title(
            [p.label for p in senders], [p.label for p in addressees],
            {"date": sent.when}, {"date": received.when})
        root = tei_document(
            self.xml_id, title=title, edition_file=self.edition_file,
            citation=self.source.citation, scope=self.scope(source_note),
            profile=profile, body=[div])
        return Document(self.xml_id, "letters", root, self.warnings)

    def division(self, source_note: Line | None, head_line: Line):
        """The document's div, in printed order, and who wrote to whom when."""
        body_lines = [line for line in self.lines if line is not source_note]
        self.plan_notes(body_lines)
        div = E.div(type="letter")
        if source_note is not None:
            div.append(E.note(source_note.text, type="source"))
        senders, addressees = self.heading(div, head_line)
        rest = body_lines[body_lines.index(head_line) + 1 :]
        self.check_structure(source_note, senders + addressees, head_line, rest)
        rest, sub_date = self.subheading(div, rest)
        sent, received, rest = self.opener(div, rest)
        closer_lines, rest = take_closer(rest, self.clean)
        self.paragraphs(div, rest)
        closing_date = self.closer(div, closer_lines)
        senders = senders or self.signers(closer_lines)
        self.date_fallbacks(sent, closing_date, sub_date, head_line)
        self.leftover_notes(div)
        return div, senders, addressees, sent, received

    def check_structure(self, source_note: Line | None, people: list[Party], head: Line,
                        rest: list[Line]) -> None:
        """A lone title over prose is no FRUS document: it needs some FRUS trait."""
        if source_note or people or self.notes or any(
            PAGE.search(line.text) or dateline(line.text) for line in rest
        ):
            return
        raise ReaderError(f"{self.source.path}:{head.number}: no FRUS structure: no source "
                          "note, no 'A to B' heading, no dateline, page marker or note list")

    def scope(self, source_note: Line | None) -> list[etree._Element]:
        """The file number and, for an uncatalogued copy, the pages it covers."""
        scope = []
        scopes = self.source.citation.iter(tei("biblScope"))
        has_pages = any(b.get("unit") == "page" for b in scopes)
        pages = [int(m["n"]) for line in self.lines for m in PAGE.finditer(line.text)]
        if pages and not has_pages:
            first = first_page(self.lines) or pages[0]
            scope.append(E.biblScope(f"{first}–{pages[-1]}" if pages[-1] > first else str(first),
                                     unit="page", **{"from": str(first), "to": str(pages[-1])}))
        if source_note is not None:
            scope.append(E.idno(file_number(source_note.text), type="file"))
        return scope

    # -- parts ---------------------------------------------------------------------------

    def heading(self, div: etree._Element, line: Line) -> tuple[list[Party], list[Party]]:
        """The heading with its notes; sender and addressee names marked as persName."""
        head = self.render(E.head(), line)
        self.head_notes = self.notes_of(line)
        found = parse_heading(self.clean(line)) or ([], [])
        names = [p.name for p in found[0] + found[1] if p.name]
        for name in sorted(set(names), key=len, reverse=True):
            wrap_first(head, name, lambda text: E.persName(text))
        div.append(head)
        return found

    def subheading(self, div: etree._Element, lines: list[Line]) -> tuple[list[Line], str | None]:
        """'Conference at the Kremlin on July 30, 1941, …': a second head, dating a memorandum."""
        if len(lines) < 2 or not (lines[1].starts_block and lines[0].starts_block):
            return lines, None
        text = self.clean(lines[0])
        if text.endswith(SENTENCE_END) or opener_kind(text) or len(text) > 200:
            return lines, None
        head = self.render(E.head(type="sub"), lines[0])
        found = find_date_time(text)
        if found:
            wrap_first(head, found[0].group(0), lambda t: E.date(t, when=found[1]))
        div.append(head)
        return lines[1:], found[1] if found else None

    def opener(self, div: etree._Element, lines: list[Line]) -> tuple[Dating, Dating, list[Line]]:
        """Classification, number, dateline, received line and salutation before the text."""
        opener = E.opener()
        sent, received = Dating(), Dating()
        index = 0
        while index < len(lines):
            line = lines[index]
            text = self.clean(line)
            kind = opener_kind(text)
            if kind is None:
                break
            if kind == "dateline":
                sent.when, sent.place = self.dateline(opener, line)
            elif kind == "received":
                received.when = received_date(text, sent.when)
                self.received(opener, line, received.when)
            elif kind == "salute":
                opener.append(self.render(E.salute(), line))
            else:
                opener.append(self.render(E.seg(type=kind), line))
            index += 1
        lines = lines[index:]
        if lines and not any(child.tag == tei("salute") for child in opener):
            self.run_in_salute(opener, lines[0])
        if len(opener):
            div.append(opener)
        return sent, received, lines

    def dateline(self, opener: etree._Element, line: Line) -> tuple[str, str | None]:
        """'Kuibyshev, October 2, 1942—3 p.m.' with placeName and date/@when."""
        element = self.render(E.dateline(), line)
        before, place, date_text, value = dateline(self.clean(line))
        if place:
            wrap_first(element, place, lambda t: E.placeName(t))
        wrap_first(element, date_text, lambda t: E.date(t, when=value))
        opener.append(element)
        return value, place or None

    def received(self, opener: etree._Element, line: Line, value: str | None) -> None:
        """'[Received October 4—10:09 a.m.]' as note type=received with a dated date."""
        note = self.render(E.note(type="received"), line)
        match = RECEIVED.match(self.clean(line))
        if value and match:
            found = find_date_time(match["when"], int(value[:4]))
            if found:
                wrap_first(note, found[0].group(0), lambda t: E.date(t, when=value))
        opener.append(note)

    def run_in_salute(self, opener: etree._Element, line: Line) -> None:
        """'Excellency: I have the honor …': the salutation runs into the first paragraph."""
        match = SALUTE.match(line.text)
        if match and match["rest"]:
            opener.append(self.render(E.salute(rend="run-in"), line, 0, match.end("salute")))
            self.run_in = (line.number, match.start("rest"))

    # -- the text --------------------------------------------------------------------------

    def paragraphs(self, container: etree._Element, lines: list[Line], *,
                   quotes: bool = True) -> None:
        """Paragraphs, lists, quoted messages and page breaks in reading order."""
        index = 0
        while index < len(lines):
            line = lines[index]
            if PAGE_ONLY.match(line.text):
                self.render(container, line)
                index += 1
            elif BULLET.match(line.text):
                lst, index = self.bullets(lines, index)
                container.append(lst)
            elif quotes and (end := quote_end(lines, index, self.clean)) is not None:
                self.quotation(container, lines[index : end + 1])
                index = end + 1
            else:
                index = self.paragraph(container, lines, index)

    def paragraph(self, container: etree._Element, lines: list[Line], index: int) -> int:
        """One paragraph line, with the list that continues it in the same block."""
        line = lines[index]
        start = self.run_in[1] if self.run_in and self.run_in[0] == line.number else 0
        paragraph = self.render(E.p(), line, start)
        text = self.clean(line, start)
        alone = line.starts_block and (index + 1 == len(lines) or lines[index + 1].starts_block)
        if alone and is_subheading(text):
            paragraph.set("rend", "subheading")
        index += 1
        if index < len(lines) and BULLET.match(lines[index].text) and not lines[index].starts_block:
            lst, index = self.bullets(lines, index)
            append(paragraph, " " if not paragraph_ends_with_space(paragraph) else "", lst)
        container.append(paragraph)
        return index

    def bullets(self, lines: list[Line], index: int) -> tuple[etree._Element, int]:
        """Consecutive bullet lines; a change of label style ('1.' → '(a)') nests a list."""
        stack: list[tuple[str, etree._Element]] = []
        while index < len(lines) and BULLET.match(lines[index].text):
            line = lines[index]
            match = BULLET.match(line.text)
            label = match["label"]
            style = label_style(label)
            if not stack:
                stack.append((style, E.list(type="ordered" if label else "bulleted")))
            elif style != stack[-1][0]:
                if style in [s for s, _ in stack]:
                    while stack[-1][0] != style:
                        stack.pop()
                else:
                    nested = E.list(type="ordered" if label else "bulleted")
                    stack[-1][1][-1].append(nested)
                    stack.append((style, nested))
            current = stack[-1][1]
            if label:
                current.append(self.render(E.label(), line, match.start("label"),
                                           match.end("label")))
            current.append(self.render(E.item(), line, match.end()))
            index += 1
        return stack[0][1], index

    def quotation(self, container: etree._Element, lines: list[Line]) -> None:
        """Paragraphs each opening with “: a message quoted whole, or a block quotation."""
        previous = container[-1] if len(container) else None
        covering = "".join(xpath(previous, ".//text()[not(ancestor::tei:note)]")) \
            if previous is not None and previous.tag == tei("p") else ""
        if MESSAGE_WORD.search(covering) and covering.rstrip().endswith((".", ":")):
            body = E.body()
            self.paragraphs(body, lines, quotes=False)
            message = E.floatingText(body, type="message")
            message.set(XML_ID, f"{self.xml_id}-msg{len(self.message_intros) + 1}")
            self.message_intros.append((message, normalize_space(covering), lines[0].number))
            container.append(message)
        else:
            quote = E.quote()
            for line in lines:
                if PAGE_ONLY.match(line.text):
                    self.render(quote, line)
                else:
                    quote.append(self.render(E.p(), line))
            container.append(quote)

    def message_descs(self) -> list[etree._Element]:
        """A correspDesc per quoted message, from its covering text ('dated …, from A to B')."""
        descs = []
        for message, covering, line in self.message_intros:
            tail = covering[list(MESSAGE_WORD.finditer(covering))[-1].end() :]
            found = find_date_time(tail)
            names = FROM_TO.search(tail)
            senders = parties(names["from"]) if names else []
            addressees = parties(names["to"]) if names else []
            if not (found and names):
                self.warn(line, "quoted message: no 'dated …, from A to B' in the covering text")
            desc = corresp_desc(senders, addressees, Dating(found[1] if found else None), Dating())
            desc.set("corresp", f"#{message.get(XML_ID)}")
            descs.append(desc)
        return descs

    # -- closer ---------------------------------------------------------------------------

    def closer(self, div: etree._Element, lines: list[Line]) -> str | None:
        """Complimentary close, signatures with the signer's title, a closing dateline."""
        if not lines:
            return None
        closer = E.closer()
        signed: etree._Element | None = None
        value = None
        behalf = False
        for line in lines:
            kind = closer_kind(self.clean(line))
            if kind == "salute":
                closer.append(self.render(E.salute(), line))
            elif kind == "dateline":
                value = self.dateline(closer, line)[0]
            elif kind == "name" and behalf:
                signed.append(self.render(E.persName(), line))
            elif kind == "behalf" or kind == "name" or signed is None:
                signed = self.signature(closer, line, kind)
            else:
                append(signed, E.lb(), self.render(E.roleName(), line))
            behalf = kind == "behalf"
        div.append(closer)
        return value

    def signature(self, closer: etree._Element, line: Line, kind: str | None) -> etree._Element:
        """A new signed: 'For the Ambassador:' (the name follows), or the name itself."""
        signed = E.signed()
        closer.append(signed)
        if kind == "behalf":
            append(self.render(signed, line), " ", E.lb())
        elif kind == "name":
            signed.append(self.render(E.persName(), line))
        else:
            signed.append(self.render(E.roleName(), line))
        return signed

    def signers(self, lines: list[Line]) -> list[Party]:
        """Who signed, for a heading that names nobody."""
        names = [self.clean(line) for line in lines]
        return [Party(name) for name in names if closer_kind(name) == "name"]

    # -- dates, leftovers ------------------------------------------------------------------

    def date_fallbacks(self, sent: Dating, closing: str | None, sub_date: str | None,
                       head: Line) -> None:
        """No dateline: a closing dateline, the date of a memorandum's meeting, or the notes."""
        if sent.when:
            return
        if closing:
            sent.when = closing
            return
        if sub_date:
            sent.when = sub_date
            self.warn(head.number, f"no dateline; dated {sub_date} from the subheading")
            return
        for footnote in self.head_notes:
            found = handed_over(footnote.text)
            if found:
                sent.when = found[1]
                self.warn(head.number, f"no dateline; dated {found[1]} from note "
                          f"{footnote.printed or footnote.position}: '{found[0]}'")
                return
        self.warn(head.number, "no dateline and no date in the notes: left undated")

    def leftover_notes(self, div: etree._Element) -> None:
        """Notes whose marker was not found still go into the text, at its end."""
        for footnote in self.notes:
            if footnote.position in self.used:
                continue
            div.append(self.note(footnote))
            self.warn(footnote.line, f"note {footnote.position} of the list: no marker found "
                      "in the text; placed at the end of the document")


# -- helpers without state --------------------------------------------------------------


def mask_pages(text: str) -> str:
    """Page markers blanked out (same length), so their numbers are never note markers."""
    return PAGE.sub(lambda m: " " * len(m.group(0)), text)


def rejoin(pieces: list) -> list:
    """Drop the spaces a page marker stood between, keeping one before the break."""
    result: list = []
    for index, piece in enumerate(pieces):
        if isinstance(piece, re.Match):
            spaced = bool(piece["before"] or piece["after"])
            if result and isinstance(result[-1], str):
                result[-1] = result[-1].rstrip()
            has_before = any(not isinstance(p, str) or p.strip() for p in result)
            has_after = any(not isinstance(p, str) or p.strip() for p in pieces[index + 1 :])
            if spaced and has_before and has_after:
                result.append(" ")
            result.append(int(piece["n"]))
            if index + 1 < len(pieces) and isinstance(pieces[index + 1], str):
                pieces[index + 1] = pieces[index + 1].lstrip()
            continue
        result.append(re.sub(r"\s{2,}", " ", piece) if isinstance(piece, str) else piece)
    return [p for p in result if p != ""]


def choose_markers(candidates: list[tuple[int, bool]], count: int) -> dict[int, int]:
    """Pick the candidates that are the note markers: candidate index → list position.

    Printed numbers only go up by one from note to note (a misprint may repeat
    one), so the markers form a chain over the list's ``count`` positions. The
    best chain places most notes, skips fewest, repeats fewest and rests most
    on numbers glued to words.
    """
    best: dict[tuple[int, int], tuple[tuple[int, int, int, int], tuple[int, int] | None]] = {}
    for j, (number, strong) in enumerate(candidates):
        for position in range(count):
            score = (1, -position, 0, int(strong))
            best[(j, position)] = (score, None)
        for (i, q), (score, _) in list(best.items()):
            if i >= j:
                continue
            step = number - candidates[i][0]
            if step < 0:
                continue
            position = q + max(step, 1)
            if position >= count:
                continue
            new = (score[0] + 1, score[1] - max(step - 1, 0), score[2] - (step == 0),
                   score[3] + int(strong))
            if (j, position) not in best or new > best[(j, position)][0]:
                best[(j, position)] = (new, (i, q))
    if not best:
        return {}
    state: tuple[int, int] | None = max(best, key=lambda k: best[k][0])
    chosen = {}
    while state is not None:
        chosen[state[0]] = state[1]
        state = best[state][1]
    return chosen


def opener_kind(text: str) -> str | None:
    """What an opener line is: classification, number, dateline, received, salute."""
    if RECEIVED.match(text):
        return "received"
    if dateline(text):
        return "dateline"
    if DOC_NUMBER.match(text):
        return "number"
    if CLASSIFICATION.match(text):
        return "classification"
    match = SALUTE.match(text)
    if match and not match["rest"]:
        return "salute"
    return None


def closer_kind(text: str) -> str | None:
    """What a closer line is: salute, on-behalf line, signature, signer's title, dateline."""
    if ON_BEHALF.match(text):
        return "behalf"
    if dateline(text):
        return "dateline"
    if is_signature(text):
        return "name"
    if ROLE_LINE.match(text) and not text.endswith(SENTENCE_END):
        return "role"
    if CLOSING_SALUTE.match(text):
        return "salute"
    return None


def is_signature(text: str) -> bool:
    """'Standley', 'Franklin D. Roosevelt', 'Llewellyn E. Thompson, Jr.'"""
    name = SUFFIX.sub("", text)
    return len(text) <= 50 and bool(NAME.match(name)) and not any(c.isdigit() for c in name)


def take_closer(lines: list[Line], clean) -> tuple[list[Line], list[Line]]:
    """Split off the closing lines: they end the text and include a signature."""
    start = len(lines)
    while start > 0 and closer_kind(clean(lines[start - 1])) in ("name", "role", "behalf",
                                                               "dateline"):
        start -= 1
    kinds = [closer_kind(clean(line)) for line in lines[start:]]
    while kinds and kinds[0] == "role":
        start, kinds = start + 1, kinds[1:]
    if "name" not in kinds or start == 0:
        return [], lines
    if start > 0 and closer_kind(clean(lines[start - 1])) == "salute" \
            and lines[start - 1].starts_block:
        start -= 1
    return lines[start:], lines[:start]


def quote_end(lines: list[Line], index: int, clean) -> int | None:
    """Index of the paragraph closing a quotation that opens at ``index``, or ``None``."""
    for end in range(index, len(lines)):
        line = lines[end]
        if PAGE_ONLY.match(line.text) and end > index:
            continue
        text = clean(line)
        if not line.starts_block or not text.startswith(OPEN_QUOTE) or BULLET.match(line.text):
            return None
        if CLOSE_QUOTE.search(text):
            return end
    return None


def label_style(label: str | None) -> str:
    """'(b)' → '(a)', '12.' → '1.': items of one list share their labels' shape."""
    shape = re.sub(r"\d+", "1", label or "")
    return re.sub(r"[a-z]+", "a", re.sub(r"[A-Z]+", "A", shape))


def is_subheading(text: str) -> bool:
    """'Operations in Italy': a short line standing alone, not a sentence."""
    return (0 < len(text) <= 100 and len(text.split()) <= 12 and text[0].isupper()
            and not text.endswith(SENTENCE_END) and not text.endswith(","))


def paragraph_ends_with_space(element: etree._Element) -> bool:
    """So a list joined to its paragraph gets exactly one space before it."""
    last = element[-1].tail if len(element) else element.text
    return (last or " ").endswith(" ")


def first_page(lines: list[Line]) -> int | None:
    """The page a document starts on: before its first '[Page N]', unless that opens it."""
    for index, line in enumerate(lines):
        match = PAGE.search(line.text)
        if match:
            opens = index == 0 and not line.text[: match.start()].strip()
            return int(match["n"]) if opens else int(match["n"]) - 1
    return None


def corresp_desc(senders: list[Party], addressees: list[Party], sent: Dating,
                 received: Dating) -> etree._Element:
    """correspDesc: people by name (persName) or, lacking one, by title (name type=role)."""
    desc = E.correspDesc()
    for kind, people, dating in (("sent", senders, sent), ("received", addressees, received)):
        names = [E.persName(person.name) if person.name
                 else E.name(person.role or "", type="role") for person in people]
        action = corresp_action(kind, names, place=dating.place, when=dating.when)
        if action is not None:
            desc.append(action)
    return desc


# -- the whole file ----------------------------------------------------------------------


def document_ids(source: Source, chunks: list[Chunk]) -> list[str]:
    """prefix-pNNN from the first printed page (catalogue, else '[Page N]'), else a counter."""
    catalogue_page = next((b.get("from") for b in source.citation.iter(tei("biblScope"))
                           if b.get("unit") == "page" and b.get("from")), None)
    ids: list[str] = []
    for index, chunk in enumerate(chunks):
        page = catalogue_page if index == 0 and catalogue_page else first_page(chunk.lines)
        base = f"{source.prefix}-p{page}" if page else f"{source.prefix}-{index + 1:03d}"
        ident, suffix = base, 1
        while ident in ids:
            suffix += 1
            ident = f"{base}-{suffix}"
        ids.append(ident)
    return ids


def read(source: Source, edition_file: Path) -> list[Document]:
    """Every FRUS document in ``source`` as a TEI letter document."""
    chunks = split_documents(source_lines(source.text))
    if not chunks:
        raise ReaderError(f"{source.path}:1: no text")
    documents = []
    for chunk, xml_id in zip(chunks, document_ids(source, chunks), strict=True):
        documents.append(FrusDocument(source, chunk, xml_id, edition_file).build())
    return documents
