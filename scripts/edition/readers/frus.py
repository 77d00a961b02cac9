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

This module builds the TEI; the forms it reads are in its neighbours:
``frus_dates`` (datelines, received lines, dates stated in notes),
``frus_heading`` (senders, addressees, document types), ``frus_notes`` (which
numbers are note markers), ``frus_header`` (correspAction and dates) and
``frus_forms`` (the vocabulary editors keep in ``sources/frus-forms.xml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..dates import english_long
from ..enrich.textnodes import wrap_first
from ..header import tei_document
from ..model import Document, ReaderError, Source
from ..tei import XML_ID, E, append, normalize_space, tei, xpath
from .frus_dates import (
    Dateline,
    find_dates,
    handed_over,
    parse_dateline,
    received_date,
    stated_date,
    time_range,
)
from .frus_forms import FrusForms, load_forms
from .frus_header import Dating, corresp_desc, date_element, provisional_title
from .frus_heading import (
    Heading,
    Party,
    channel_doctype,
    heading_doctype,
    is_head,
    parse_heading,
    parties,
)
from .frus_notes import PAGE, choose_markers, extra_markers, mask_pages
from .markers import Marker, find_markers

#: "  1. Not printed." — a footnote of the list that ends a document (indented).
NOTE_LINE = re.compile(r"^\s+(?P<n>\d{1,3})\.\s+(?P<text>\S.*)$")
PAGE_ONLY = re.compile(r"^\[Page\s+\d+\]$")
#: "• 1. text", "• (a) text", "• text" — list items of the web copy.
BULLET = re.compile(r"^•\s*(?:(?P<label>\(\w{1,4}\)|\w{1,3}\.)\s+)?")
#: "No. L–27", "Telegram No. 45": the document's own number on a line of its own.
DOC_NUMBER = re.compile(r"^(?:[A-Z][a-z]+\s+)?No\.\s*\S{1,20}$")
#: "[Received October 4—10:09 a.m.]"
RECEIVED = re.compile(r"^\[\s*Received\s+(?P<when>.+?)\s*\]\.?$")
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
#: A person named as printed: "Gauss", "Franklin D. Roosevelt".
NAME = re.compile(r"^(?:[A-Z][\w’'.-]*\s+){0,5}[A-Z][\w’'-]*\w$")
#: Generational suffix printed after a signature: "Llewellyn E. Thompson, Jr."
SUFFIX = re.compile(r",\s*(?:Jr|Sr)\.$|,\s*(?:II|III)$")
#: A covering text announcing a quoted message ("… the following message, dated …").
MESSAGE_WORD = re.compile(r"\b(?:message|letter|telegram|cable)\b", re.IGNORECASE)
FROM_TO = re.compile(r"\bfrom\s+(?P<from>.+?)\s+to\s+(?P<to>.+?)(?=\s*(?:[,.:;]|$))")
SENTENCE_END = (".", ":", ";", "!", "?", "”", "’", '"')
OPEN_QUOTE = "“"
CLOSE_QUOTE = re.compile(r"”[.,;:]?$")
#: Types of documents that record rather than correspond: they get a creation, no correspDesc.
NOT_CORRESPONDENCE = ("memorandum", "briefing-paper")
#: Lines this long are prose, never a heading, dateline or signature.
SHORT_LINE = 200


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
class Chunk:
    """The lines of one FRUS document and the note list that ends it."""

    lines: list[Line]
    notes: list[Footnote] = field(default_factory=list)


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


def split_documents(lines: list[Line], forms: FrusForms) -> list[Chunk]:
    """Documents end with their note list; a list followed by a new heading starts the next."""
    chunks: list[Chunk] = []
    body: list[Line] = []
    index = 0
    while index < len(lines):
        end = note_run(lines, index) if body else index
        if end > index and (end == len(lines) or starts_document(lines[end:], forms)):
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


def starts_document(lines: list[Line], forms: FrusForms) -> bool:
    """Whether these lines open a FRUS document: a heading, perhaps after a source note."""
    heads = [line.text.strip() for line in lines[:2]]
    return bool(heads) and (parse_heading(heads[0], forms) is not None
                            or len(heads) > 1 and parse_heading(heads[1], forms) is not None)


def file_number(source_note: str) -> str:
    """'893.24/1449: Telegram' → '893.24/1449': a one-word channel after the colon goes."""
    head, colon, tail = source_note.rpartition(": ")
    return head if colon and re.fullmatch(r"[A-Z][a-z]+", tail) else source_note


# -- one document -----------------------------------------------------------------


class FrusDocument:
    """Builds the TEI of one FRUS document from its lines and note list."""

    def __init__(self, source: Source, chunk: Chunk, xml_id: str, edition_file: Path,
                 forms: FrusForms) -> None:
        self.source = source
        self.edition_file = edition_file
        self.forms = forms
        self.xml_id = xml_id
        self.lines = chunk.lines
        self.notes = chunk.notes
        #: line number → the chosen note markers of that line, each with its note.
        self.placed: dict[int, list[tuple[Marker, Footnote]]] = {}
        self.used: set[int] = set()
        self.warnings: list[str] = []
        self.head_notes: list[Footnote] = []
        #: A salutation run into the first paragraph: (line number, where the text starts).
        self.run_in: tuple[int, int] | None = None
        #: Quoted messages with their covering text and line.
        self.message_intros: list[tuple[etree._Element, str, int]] = []
        #: What the opener and closer showed about the document's form.
        self.salutes: list[str] = []
        self.received_line = False
        self.heading_info: Heading | None = None
        self.heading_element: etree._Element | None = None
        self.subheading_text: str | None = None

    def warn(self, line: int, message: str) -> None:
        """Something an editor should check, with file:line and the document's id."""
        self.warnings.append(f"{self.source.path}:{line}: {self.xml_id}: {message}")

    def error(self, line: int, message: str) -> ReaderError:
        return ReaderError(f"{self.source.path}:{line}: {message}")

    # -- structure of the top: source note, heading -------------------------------

    def top(self) -> tuple[Line | None, Line]:
        """The source note (if any) and the heading line; a FRUS document must open so."""
        lines = self.lines
        first = lines[0]
        alone = len(lines) == 1 or lines[1].starts_block
        second_alone = len(lines) > 1 and lines[1].starts_block and (
            len(lines) == 2 or lines[2].starts_block) and \
            not lines[1].text.endswith(SENTENCE_END) and len(lines[1].text) <= SHORT_LINE
        # A source note may read like a heading ("Enclosure to despatch 27"): a heading
        # below it wins, unless the first line is a memorandum's own heading over its
        # dated subheading.
        if alone and second_alone and (
                parse_heading(first.text, self.forms) is None
                or parse_heading(lines[1].text, self.forms) is not None
                and not heading_doctype(None, first.text, self.forms)
                and not any(d.has_year for d in find_dates(lines[1].text))):
            return first, lines[1]
        if alone and not first.text.endswith(SENTENCE_END) and len(first.text) <= SHORT_LINE:
            return None, first
        raise self.error(first.number, "no FRUS heading: a document opens with a source note "
                         "(file number) and a heading such as 'A (Name) to B' or 'Memorandum "
                         "by A'")

    # -- note markers ----------------------------------------------------------------

    def plan_notes(self, lines: list[Line], heading: Line) -> None:
        """Decide which numbers are the note markers, given the list's length and numbering."""
        candidates: list[tuple[Line, Marker]] = []
        for line in lines:
            masked = mask_pages(line.text)
            found = {(m.start, m.end): m for m in find_markers(masked, loose=True)
                     if m.number is not None}
            for marker in extra_markers(masked, self.forms, heading_like=line is heading or (
                    len(line.text) <= 100 and not line.text.endswith(SENTENCE_END))):
                found.setdefault((marker.start, marker.end), marker)
            candidates += [(line, m) for _, m in sorted(found.items())]
        chosen = choose_markers(
            [(m.number, m.kind == "word", (index, m.start, m.end))
             for index, (line, m) in enumerate(candidates)], len(self.notes))
        for index, position in sorted(chosen.items()):
            line, marker = candidates[index]
            self.placed.setdefault(line.number, []).append((marker, self.notes[position]))
            self.notes[position].printed = marker.label

    # -- inline content ---------------------------------------------------------------

    def pieces(self, line: Line, start: int = 0, end: int | None = None) -> list:
        """Text, page breaks (int) and notes (Footnote) of a stretch of one line."""
        end = len(line.text) if end is None else end
        events = [(m.start, m.end, note) for m, note in self.placed.get(line.number, [])
                  if start <= m.start < end]
        events += [(p.start(), p.end(), p) for p in PAGE.finditer(line.text)
                   if start <= p.start() < end]
        result: list = []
        position = start
        for begin, finish, event in sorted(events, key=lambda e: e[0]):
            if begin < position:
                continue
            text = line.text[position:begin]
            if isinstance(event, Footnote):
                text = text.rstrip(" ")  # a marker after a space ("to Marshal Stalin 1")
            result.append(text)
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
        if footnote.position in self.used:
            raise self.error(footnote.line, f"note {footnote.position} of the list is placed "
                             "twice")
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
        """The TEI document: header with correspDesc(s) or creation, body with one div."""
        source_note, head_line = self.top()
        parts = self.division(source_note, head_line)
        div, senders, addressees, sent, received, transmitted, participants = parts
        if not senders and not addressees:
            self.warn(head_line.number, "no sender or addressee found in the heading")
            senders = self.authors_of_form()
        doctype = self.doctype(source_note, senders, addressees)
        div.set("type", "memorandum" if doctype == "memorandum" else "letter")
        if doctype in NOT_CORRESPONDENCE and not addressees:
            profile = [self.creation(senders, participants, sent)] \
                if senders or participants or sent.dated or sent.place else []
            title = self.memorandum_title(senders, sent)
        else:
            profile = [corresp_desc(senders, addressees, sent, received, transmitted)]
            title = provisional_title(senders, addressees, sent, received)
        if profile and not len(profile[0]):
            profile = []  # nothing known: no empty correspDesc
        profile += self.message_descs()
        profile.append(E.textClass(E.catRef(scheme="ed:doctypes", target=f"ed:doctype-{doctype}")))
        root = tei_document(
            self.xml_id, title=title, edition_file=self.edition_file,
            citation=self.source.citation, scope=self.scope(source_note),
            profile=profile, body=[div])
        return Document(self.xml_id, "letters", root, self.warnings)

    def division(self, source_note: Line | None, head_line: Line):
        """The document's div, in printed order, and who wrote to whom when."""
        body_lines = [line for line in self.lines if line is not source_note]
        self.plan_notes(body_lines, head_line)
        div = E.div(type="letter")
        if source_note is not None:
            div.append(E.note(source_note.text, type="source"))
        senders, addressees = self.heading(div, head_line)
        rest = body_lines[body_lines.index(head_line) + 1 :]
        self.check_structure(source_note, senders + addressees, head_line, rest)
        rest, sub_date = self.subheading(div, rest)
        sent, received, rest = self.opener(div, rest)
        closer_lines, rest = take_closer(rest, self.clean, self.forms)
        participants = self.participants(rest)
        self.paragraphs(div, rest)
        closing = self.closer(div, closer_lines)
        senders = senders or self.signers(closer_lines)
        transmitted = self.date_fallbacks(sent, closing, sub_date, head_line, source_note)
        self.leftover_notes(div)
        return div, senders, addressees, sent, received, transmitted, participants

    def check_structure(self, source_note: Line | None, people: list[Party], head: Line,
                        rest: list[Line]) -> None:
        """A lone title over prose is no FRUS document: it needs some FRUS trait."""
        if source_note or people or self.notes or any(
            PAGE.search(line.text) or self.dateline_of(line.text) for line in rest
        ):
            return
        raise self.error(head.number, "no FRUS structure: no source note, no 'A to B' heading, "
                         "no dateline, page marker or note list")

    def scope(self, source_note: Line | None) -> list[etree._Element]:
        """The file number and, for a copy without catalogued pages, the pages it covers."""
        scope = []
        catalogued = [b for b in self.source.citation.iter(tei("biblScope"))
                      if b.get("unit") == "page"]
        has_pages = bool(catalogued)
        pages = [int(m["n"]) for line in self.lines for m in PAGE.finditer(line.text)]
        starts = first_page(self.lines)
        if catalogued and starts and catalogued[0].get("from") != str(starts):
            self.warn(self.lines[0].number, f"the catalogue says the document starts on p. "
                      f"{catalogued[0].get('from')}, its [Page N] markers say p. {starts}")
        if pages and not has_pages:
            first = first_page(self.lines) or pages[0]
            scope.append(E.biblScope(f"{first}–{pages[-1]}" if pages[-1] > first else str(first),
                                     unit="page", **{"from": str(first), "to": str(pages[-1])}))
        if source_note is not None:
            scope.append(E.idno(file_number(source_note.text), type="file"))
        return scope

    # -- what the document is ------------------------------------------------------------

    def doctype(self, source_note: Line | None, senders: list[Party],
                addressees: list[Party]) -> str:
        """The document's type from its heading words, its form and its channel."""
        forms = self.forms
        head = xpath_text(self.heading_element) if self.heading_element is not None else ""
        kind = heading_doctype(self.heading_info, head, forms)
        if not kind and self.subheading_text:
            kind = heading_doctype(None, self.subheading_text, forms)
        if kind == "memorandum" and addressees:
            kind = "letter"  # a memorandum addressed to someone is correspondence
        if kind:
            return kind
        salutes = "|".join(re.escape(w) for w in forms.note_salutes + forms.note_closes)
        if salutes and any(re.match(rf"(?:{salutes})\b", s) for s in self.salutes):
            return "note"
        heads = bool(senders) and bool(addressees) and all(
            is_head(p, forms) for p in senders + addressees)
        if heads:
            return "message"
        channel = channel_doctype(source_note.text if source_note else None, forms)
        if channel or self.received_line:
            return channel or "telegram"
        return "letter"

    def creation(self, authors: list[Party], participants: list[str],
                 dating: Dating) -> etree._Element:
        """creation: when and where a conversation took place, and who took part."""
        creation = E.creation()
        if dating.dated:
            creation.append(date_element(dating))
        if dating.place:
            creation.append(E.placeName(dating.place))
        seen: set[str] = set()
        people = [p.name or p.office or p.role or "" for p in authors] + participants
        for person in people:
            key = person.split()[-1] if person.split() else ""
            if key and key not in seen:
                seen.add(key)
                creation.append(E.persName(person))
        return creation

    def authors_of_form(self) -> list[Party]:
        """'Briefing Paper Prepared in the Department of State': the office that wrote it."""
        text = self.subheading_text or ""
        head = xpath_text(self.heading_element) if self.heading_element is not None else ""
        match = re.search(r"\b(?i:prepared|written|drafted)\s+(?:in|by)\s+(?P<who>the\s+.+)$",
                          head) or re.search(r"\bby\s+(?P<who>the\s+.+)$", text)
        return [Party(None, match["who"][4:], match["who"])] if match else []

    def memorandum_title(self, authors: list[Party], dating: Dating) -> str:
        """'Memorandum of Conversation by the Secretary of State, 21 October 1943'."""
        when = dating.when or (dating.span[0] if dating.span else None) or dating.not_after
        date = english_long(when) if when else "undated"
        if self.heading_info is None:
            head = xpath_text(self.heading_element) if self.heading_element is not None else ""
            return f"{head or 'Untitled'}, {date}"
        kind = self.heading_info.kind or "Memorandum"
        who = " and ".join(p.name or p.office or p.label for p in authors) or "unknown"
        return f"{kind} by {who}, {date}"

    def participants(self, lines: list[Line]) -> list[str]:
        """Persons named in the subheading or a 'Participants:' line of a memorandum."""
        words = "|".join(re.escape(w) for w in self.forms.participants)
        if not words:
            return []
        found: list[str] = []
        texts = [self.clean(line) for line in lines[:3]]
        if self.subheading_text:
            texts.insert(0, self.subheading_text)
        for text in texts:
            for match in re.finditer(rf"(?:^|\b)(?P<word>{words})\s+(?P<names>.+)$", text):
                # "Participants:" lists persons; "Also present were" runs into prose.
                found += named_persons(match["names"], listing=match["word"].endswith(":"))
        return found

    # -- parts ---------------------------------------------------------------------------

    def heading(self, div: etree._Element, line: Line) -> tuple[list[Party], list[Party]]:
        """The heading with its notes; sender and addressee names marked as persName."""
        head = self.render(E.head(), line)
        self.heading_element = head
        self.head_notes = self.notes_of(line)
        found = parse_heading(self.clean(line), self.forms)
        self.heading_info = found
        senders, addressees = (found.senders, found.addressees) if found else ([], [])
        names = [p.name for p in senders + addressees if p.name]
        for name in sorted(set(names), key=len, reverse=True):
            wrap_first(head, name, lambda text: E.persName(text))
        div.append(head)
        return senders, addressees

    def subheading(self, div: etree._Element, lines: list[Line]) -> tuple[list[Line], Dating]:
        """'Conference at the Kremlin on July 30, 1941, 6:30 to 8:30 p.m.': a memorandum's date."""
        if len(lines) < 2 or not (lines[1].starts_block and lines[0].starts_block):
            return lines, Dating()
        text = self.clean(lines[0])
        if text.endswith(SENTENCE_END) or opener_kind(text, self.forms) or len(text) > SHORT_LINE:
            return lines, Dating()
        head = self.render(E.head(type="sub"), lines[0])
        self.subheading_text = text
        dating = Dating()
        dates = [d for d in find_dates(text) if d.has_year]
        if dates:
            date = dates[0]
            span = time_range(text, date)
            if span:
                printed = text[date.start : span[0]]
                dating.when, dating.span = None, (span[1], span[2])
                wrap_first(head, printed, lambda t: E.date(t, **{"from": span[1], "to": span[2]}))
            else:
                dating.when = date.when
                wrap_first(head, date.text(text), lambda t: E.date(t, when=date.when))
        div.append(head)
        return lines[1:], dating

    def dateline_of(self, text: str) -> Dateline | None:
        return parse_dateline(text, self.forms.undated)

    def opener(self, div: etree._Element, lines: list[Line]) -> tuple[Dating, Dating, list[Line]]:
        """Classification, number, dateline, received line and salutation before the text."""
        opener = E.opener()
        sent, received = Dating(), Dating()
        index = 0
        while index < len(lines):
            line = lines[index]
            text = self.clean(line)
            kind = opener_kind(text, self.forms)
            if kind is None:
                break
            if kind == "dateline" and not sent.dated and not sent.place:
                self.dateline(opener, line, sent)
            elif kind == "dateline":
                break
            elif kind == "received":
                self.received_line = True
                found = received_date(text, sent.when)
                received.when = found[1] if found else None
                if not found:
                    self.warn(line.number, "[Received …] line without a date the reader can read")
                self.received(opener, line, found[0].text(text) if found else None,
                              received.when)
            elif kind == "salute":
                self.salutes.append(text)
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

    def dateline(self, parent: etree._Element, line: Line, dating: Dating) -> None:
        """'Kuibyshev, October 2, 1942—3 p.m.' with placeName and date/@when."""
        element = self.render(E.dateline(), line)
        text = self.clean(line)
        found = self.dateline_of(text)
        if found is None:
            parent.append(element)
            return
        if found.place:
            wrap_first(element, found.place, lambda t: E.placeName(t))
            dating.place = found.place
        if found.date is not None and found.span:
            span = found.span
            wrap_first(element, text[found.date.start : found.end],
                       lambda t: E.date(t, **{"from": span[0], "to": span[1]}))
            dating.span = span
        elif found.date is not None:
            value = found.date.when
            wrap_first(element, found.date.text(text), lambda t: E.date(t, when=value))
            dating.when = value
        if found.date is not None and found.supplied:
            dating.evidence = "external"
        parent.append(element)

    def received(self, opener: etree._Element, line: Line, printed: str | None,
                 value: str | None) -> None:
        """'[Received October 4—10:09 a.m.]' as note type=received with a dated date."""
        note = self.render(E.note(type="received"), line)
        if value and printed:
            wrap_first(note, printed, lambda t: E.date(t, when=value))
        opener.append(note)

    def run_in_salute(self, opener: etree._Element, line: Line) -> None:
        """'Excellency: I have the honor …': the salutation runs into the first paragraph."""
        match = SALUTE.match(line.text)
        if match and match["rest"]:
            self.salutes.append(match["salute"])
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
                elif len(stack[-1][1]):
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
            number = len(self.message_intros) + 1
            message = E.floatingText(body, type="message", decls=f"#{self.xml_id}-msg{number}-desc")
            message.set(XML_ID, f"{self.xml_id}-msg{number}")
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
        """A correspDesc per quoted message, from its covering text ('dated …, from A to B').

        Each has its own xml:id, which the message's floatingText points to with @decls.
        """
        descs = []
        for message, covering, line in self.message_intros:
            tail = covering[list(MESSAGE_WORD.finditer(covering))[-1].end() :]
            dates = [d for d in find_dates(tail) if d.has_year]
            names = FROM_TO.search(tail)
            senders = parties(names["from"], self.forms) if names else []
            addressees = parties(names["to"], self.forms) if names else []
            if not (dates and names):
                self.warn(line, "quoted message: no 'dated …, from A to B' in the covering text")
            desc = corresp_desc(senders, addressees, Dating(dates[0].when if dates else None),
                                Dating())
            desc.set(XML_ID, message.get("decls")[1:])
            descs.append(desc)
        return descs

    # -- closer ---------------------------------------------------------------------------

    def closer(self, div: etree._Element, lines: list[Line]) -> Dating:
        """Complimentary close, signatures with the signer's title, a closing dateline."""
        dating = Dating()
        if not lines:
            return dating
        closer = E.closer()
        signed: etree._Element | None = None
        behalf = False
        for line in lines:
            kind = closer_kind(self.clean(line), self.forms)
            if kind == "salute":
                self.salutes.append(self.clean(line))
                closer.append(self.render(E.salute(), line))
            elif kind == "dateline":
                if dating.dated or dating.place:
                    self.warn(line.number, "a second closing dateline: only the first dates "
                              "the document")
                    closer.append(self.render(E.dateline(), line))
                else:
                    self.dateline(closer, line, dating)
            elif kind == "name" and behalf:
                signed.append(self.render(E.persName(), line))
            elif kind == "behalf" or kind == "name" or signed is None:
                signed = self.signature(closer, line, kind)
            else:
                append(signed, E.lb(), self.render(E.roleName(), line))
            behalf = kind == "behalf"
        div.append(closer)
        return dating

    def signature(self, closer: etree._Element, line: Line, kind: str | None) -> etree._Element:
        """A new signed: 'For the Ambassador:' (the name follows), or the name itself."""
        signed = E.signed()
        closer.append(signed)
        if kind == "behalf":
            append(self.render(signed, line), " ", E.lb())
        elif kind == "name" and line.text.startswith("[") and line.text.endswith("]"):
            # The editors supplied the name: the brackets stay outside it.
            end = len(line.text) - 1
            append(signed, "[", self.render(E.persName(), line, 1, end), "]")
        elif kind == "name":
            signed.append(self.render(E.persName(), line))
        else:
            signed.append(self.render(E.roleName(), line))
        return signed

    def signers(self, lines: list[Line]) -> list[Party]:
        """Who signed, for a heading that names nobody."""
        names = [self.clean(line) for line in lines]
        return [Party(name) for name in names if closer_kind(name, self.forms) == "name"]

    # -- dates, leftovers ------------------------------------------------------------------

    def date_fallbacks(self, sent: Dating, closing: Dating, sub: Dating, head: Line,
                       source_note: Line | None) -> Dating | None:
        """When the head has no dated dateline: a closing dateline, the meeting's date, a
        date the source note or the notes state, else a range from the notes.

        A note saying when the document was handed over dates its delivery (returned as
        the transmitted action), and only bounds its sending: it was sent by then.
        """
        if sent.dated:
            return None
        if closing.dated:
            sent.when, sent.span, sent.evidence = closing.when, closing.span, closing.evidence
            sent.place = sent.place or closing.place
            return None
        sent.place = sent.place or closing.place
        if sub.when or sub.span:
            sent.when, sent.span = sub.when, sub.span
            return None
        texts = ([(source_note.number, "the source note", source_note.text)] if source_note
                 else []) + [(n.line, f"note {n.printed or n.position}", n.text)
                             for n in self.head_notes]
        for line, where, text in texts:
            stated = stated_date(text, self.forms.dated)
            if stated:
                sent.when, sent.cert, sent.evidence = stated[1], "medium", "internal"
                self.warn(line, f"no date in the dateline; dated {stated[1]} from {where}: "
                          f"'{stated[0]}'")
                return None
        for footnote in self.head_notes:
            found = handed_over(footnote.text, self.forms.handed)
            if found:
                words, when, recipient = found
                sent.not_after, sent.cert, sent.evidence = when, "high", "internal"
                self.warn(head.number, f"no date in the dateline; note "
                          f"{footnote.printed or footnote.position} says it was handed over "
                          f"on {when} ('{words}'): sent by then, transmitted then")
                return Dating(when=when, place=None, recipient=recipient)
        self.open_range(sent, head)
        return None

    def open_range(self, sent: Dating, head: Line) -> None:
        """An undated document: not after the first date the notes say it was passed on
        or handed over, not before the latest date its own text mentions; @cert low."""
        verbs = self.forms.handed + self.forms.passed_on
        latest = [found[1] for n in self.notes if (found := handed_over(n.text, verbs))]
        mentioned = [d.when[:10] for line in self.lines if line is not head
                     for d in find_dates(self.clean(line)) if d.has_year]
        sent.not_after = min(latest) if latest else None
        before = [m for m in mentioned if not sent.not_after or m <= sent.not_after[:10]]
        sent.not_before = max(before) if before else None
        if not sent.dated:
            self.warn(head.number, "no date in the dateline, the source note or the notes: "
                      "left undated for an editor")
            return
        sent.cert, sent.evidence = "low", "internal"
        self.warn(head.number, f"no date in the dateline, the source note or the notes: "
                  f"dated between {sent.not_before or '?'} and {sent.not_after or '?'} "
                  "from the dates it mentions and its notes (cert low)")

    def leftover_notes(self, div: etree._Element) -> None:
        """Notes whose marker was not found still go into the text, at its end."""
        for footnote in self.notes:
            if footnote.position in self.used:
                continue
            div.append(self.note(footnote))
            self.warn(footnote.line, f"note {footnote.position} of the list: no marker found "
                      "in the text; placed at the end of the document")


# -- helpers without state --------------------------------------------------------------


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


def opener_kind(text: str, forms: FrusForms) -> str | None:
    """What an opener line is: classification, number, mark, dateline, received, salute."""
    if RECEIVED.match(text):
        return "received"
    if parse_dateline(text, forms.undated):
        return "dateline"
    if DOC_NUMBER.match(text):
        return "number"
    marks = forms.alternation(forms.opener_marks)
    if marks and re.fullmatch(rf"\[(?:{marks})\.?\]", text):
        return "editorial"
    if is_classification(text, forms):
        return "classification"
    match = SALUTE.match(text)
    if match and not match["rest"]:
        return "salute"
    return None


def is_classification(text: str, forms: FrusForms) -> bool:
    """'top secret', 'operational priority': lowered small capitals, all classification words."""
    words = [w for w in re.split(r"[\s,]+", text) if w and w != "and"]
    return bool(words) and text == text.lower() and all(w in forms.classification for w in words)


def closer_kind(text: str, forms: FrusForms) -> str | None:
    """What a closer line is: salute, on-behalf line, signature, signer's title, dateline."""
    if ON_BEHALF.match(text):
        return "behalf"
    if parse_dateline(text, forms.undated):
        return "dateline"
    if is_signature(text):
        return "name"
    if ROLE_LINE.match(text) and not text.endswith(SENTENCE_END):
        return "role"
    if CLOSING_SALUTE.match(text):
        return "salute"
    return None


def is_signature(text: str) -> bool:
    """'Standley', 'Franklin D. Roosevelt', 'Llewellyn E. Thompson, Jr.', '[Roosevelt]'."""
    name = SUFFIX.sub("", text[1:-1] if text.startswith("[") and text.endswith("]") else text)
    return len(text) <= 50 and bool(NAME.match(name)) and not any(c.isdigit() for c in name)


def take_closer(lines: list[Line], clean, forms: FrusForms) -> tuple[list[Line], list[Line]]:
    """Split off the closing lines: they end the text with a signature or a dateline."""
    start = len(lines)
    while start > 0 and closer_kind(clean(lines[start - 1]), forms) in (
            "name", "role", "behalf", "dateline"):
        start -= 1
    kinds = [closer_kind(clean(line), forms) for line in lines[start:]]
    while kinds and kinds[0] == "role":
        start, kinds = start + 1, kinds[1:]
    if not ("name" in kinds or "dateline" in kinds) or start == 0:
        return [], lines
    if closer_kind(clean(lines[start - 1]), forms) == "salute" and lines[start - 1].starts_block:
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


def named_persons(text: str, *, listing: bool) -> list[str]:
    """'Ambassador Steinhardt and Mr. Reinhardt, American Interpreter' → the two persons.

    In a 'Participants:' listing every comma separates persons; in running words
    ('Also present were …') a comma introduces the person's function.
    """
    pieces = re.split(r",\s*|\s+and\s+", text) if listing else [
        part.split(",")[0] for part in re.split(r"\s+and\s+", text)]
    return [p.strip() for p in pieces if NAME.match(p.strip()) or p.strip().startswith("the ")]


def xpath_text(element: etree._Element) -> str:
    """The printed words of an element, its notes left out."""
    return normalize_space("".join(xpath(element, ".//text()[not(ancestor::tei:note)]")))


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


#: Characters XML cannot hold (controls other than tab, newline, carriage return).
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def check_characters(source: Source) -> None:
    """A control character cannot go into TEI: name its line rather than fail in lxml."""
    bad = FORBIDDEN.search(source.text)
    if bad:
        line = source.text.count("\n", 0, bad.start()) + 1
        raise ReaderError(f"{source.path}:{line}: control character U+{ord(bad.group()):04X} "
                          "in the text; remove it (XML cannot hold it)")


def read(source: Source, edition_file: Path) -> list[Document]:
    """Every FRUS document in ``source`` as a TEI document."""
    forms = load_forms(edition_file)
    check_characters(source)
    chunks = split_documents(source_lines(source.text), forms)
    if not chunks:
        raise ReaderError(f"{source.path}:1: no text")
    documents = []
    for chunk, xml_id in zip(chunks, document_ids(source, chunks), strict=True):
        documents.append(FrusDocument(source, chunk, xml_id, edition_file, forms).build())
    return documents
