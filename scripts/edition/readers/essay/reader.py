"""The essay reader: front matter, body with its notes, and the bibliography, as one TEI document.

How such an extraction is built: see the package's docstring. This module
puts the parts together; ``layout`` repairs what the page layout did to the
text, ``citations`` parses references and ``bibliography`` matches them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ...dates import iso
from ...header import tei_document
from ...model import Document, ReaderError, Source
from ...tei import XML_ID, E, append, normalize_space
from ..text import Block, blocks
from .bibliography import IBID, Entry, fold, match_entry, slug
from .citations import Citation, CitationParser, Span, date_attributes
from .layout import (
    CLOSING,
    FOOTNOTE_LINE,
    FROM_SUPERSCRIPT,
    INLINE,
    PAGE_BREAK,
    SENTENCE_END,
    SENTINELS,
    URL,
    Joined,
    block_text,
    is_caps,
    is_closed,
    is_title_case,
    join,
    page_break,
    plain,
    starts_lower,
    strip_markers,
)

FOLDER = "essays"
MAX_HEADING = 120
NUMERIC_DATE = re.compile(r"^(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<year>\d{4})$")
ISO_DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$")
BY = re.compile(r"^by\s+", re.IGNORECASE)


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



# -- the reader --------------------------------------------------------------------


@dataclass
class Footnote:
    """A note's text as printed at the foot of a page."""

    number: int
    joined: Joined
    line: int
    used: bool = False

    @property
    def raw(self) -> str:
        return self.joined.text


@dataclass
class Piece:
    """A paragraph, a heading or a page's footnotes, in reading order."""

    kind: str
    joined: Joined
    line: int
    page_break: bool = False
    numbers: list[int] = field(default_factory=list)

    @property
    def raw(self) -> str:
        return self.joined.text


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
        #: Every xml:id given so far (see ``claim``).
        self.ids: set[str] = {source.prefix}
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
        # The next text block after each block, found in one backward sweep.
        following_text: list[str | None] = [None] * len(texts)
        upcoming: str | None = None
        for index in range(len(texts) - 1, -1, -1):
            following_text[index] = upcoming
            if texts[index] is not None:
                upcoming = texts[index]
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
                    pieces.append(Piece("notes", Joined(""), block.line, numbers=numbers))
                page_ended = True
                continue
            if last_text and last_text.kind == "p" and (
                not is_closed(last_text.joined.tail) or starts_lower(text)
            ):
                last_text.joined.add(text, self.text, page=True)
            elif self.is_heading(text, following_text[index]):
                last_text = Piece("head", Joined(text), block.line, page_break=page_ended)
                pieces.append(last_text)
            else:
                last_text = Piece("p", Joined(text), block.line, page_break=page_ended)
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
                current = Footnote(number, Joined(match["text"]), block.line + offset)
                if self.footnotes.get(number):
                    self.warn(current.line, f"note {number} printed twice")
                self.footnotes.setdefault(number, []).append(current)
                numbers.append(number)
            elif current is not None:
                current.joined.add(line, self.text, page=False)
        return numbers

    def note_id(self, number: int) -> str:
        """The id of the first note printed with this number."""
        return f"{self.source.prefix}-fn{number}"

    def claim(self, base: str) -> str:
        """An xml:id not given yet in this essay: ``base``, else ``base-2``, ``base-3`` ...

        Every id the reader gives goes through here, so two notes (a marker
        repeated with no text, a note printed twice) never share one.
        """
        ident, copy = base, 1
        while ident in self.ids:
            copy += 1
            ident = f"{base}-{copy}"
        self.ids.add(ident)
        return ident

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
        note.set(XML_ID, self.claim(self.note_id(number)))
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
            for footnote in self.footnotes[number]:
                if footnote.used:
                    continue
                footnote.used = True
                self.warn(footnote.line, f"note {number} has no marker in the text; "
                                         "kept where its page ended")
                note = E.note(place="foot", n=str(number), type="unanchored")
                note.set(XML_ID, self.claim(self.note_id(number)))
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
        return match_entry(citation, self.entries)

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
        counts = Counter(bases)
        seen: dict[str, int] = {}
        for (bibl, entry), base in zip(items, bases, strict=True):
            if counts[base] > 1:
                seen[base] = seen.get(base, 0) + 1
                base = f"{base}{chr(ord('a') + seen[base] - 1)}"
            entry.xml_id = self.claim(f"{self.source.prefix}-{base}")
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
