"""Reader for the Soviet published collection (web transcription of the English edition).

How such a volume is built: a title page with the editorial commission, then
letters each opened by ``No. N``; a letter may begin with how it travelled
("Sent on …", "Received on …", "Handed to … by … on …"), classification lines
("Personal and secret") and a heading "A to B" or "Personal message from A to
B"; it may end with a closing salutation, signatures and a dateline ("Moscow,
August 13, 1942"), which is then the only date the letter has. A message handed
over by an intermediary may be reported in the third person ("In a personal
message to X, Y states:"): the document is then the intermediary's, and its
dateline is his, not the sender's. Note numbers run across the whole volume and
are printed glued to words; the note texts are at the back of the printed book
and not in the transcription. Asterisks mark per-letter notes. Lines of the web
page that lead elsewhere ("Click here to …") are dropped; the words of all these
forms are the editors', in ``sources/language.xml``.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ..dates import DAY_MONTH_YEAR, MONTH_DAY_YEAR, find_full_date
from ..enrich.doctype import reported_message
from ..enrich.textnodes import wrap_first
from ..header import corresp_action, provisional_title, tei_document
from ..language import language
from ..model import Document, ReaderError, Source
from ..tei import XML_ID, E, append, normalize_space
from .markers import Marker, split_markers
from .text import Block, blocks

LETTER_START = re.compile(r"^No\.\s*(?P<n>\d+)$")
#: A line of the web page leading elsewhere: it starts with one of the editors' phrases.
NAVIGATION = re.compile(rf"^(?:{language().alternation('navigation')})\b", re.IGNORECASE)
#: A security classification on a line of its own ("Personal and secret", "Top secret").
CLASSIFICATION = re.compile(rf"^(?:{language().alternation('classification')})\.?$",
                            re.IGNORECASE)
SENT = re.compile(r"^Sent on (?P<date>.+)$")
RECEIVED = re.compile(r"^Received on (?P<date>.+)$")
HANDED = re.compile(r"^Handed to (?P<to>.+?) by (?P<by>.+?),? on (?P<date>.+)$")
HEADING = re.compile(r"^(?:.*?\bfrom\s+)?(?P<from>.+?)\s+to\s+(?P<to>.+)$")
#: A salutation opening a letter ("My dear Mr Stalin,", "Mr President,", "Marshal Stalin,").
OPENING = re.compile(
    rf"^(?:{language().alternation('opening-salutations')}|{language().alternation('courtesy-titles')})"
    r"(?![\w])", re.IGNORECASE)
#: A letter's closing formula ("Yours very sincerely,").
CLOSING = re.compile(rf"^(?:{language().alternation('closing-salutations')})(?![\w])",
                     re.IGNORECASE)
#: "Kuibyshev, November 2, 1941", "The Kremlin, Moscow, 13 August 1942", "October 3, 1941".
DATELINE = re.compile(
    rf"^(?:(?P<place>[A-Z][\w’'. -]*(?:,\s+[A-Z][\w’'. -]*)*),\s+)?"
    rf"(?P<date>{MONTH_DAY_YEAR.pattern}|{DAY_MONTH_YEAR.pattern.replace('?P<', '?P<d_')})\.?$"
)
LIST_ITEM = re.compile(r"^(?P<label>\((?P<n1>\d+)\)|(?P<n2>\d+)\.)\s+(?P<rest>.+)$", re.DOTALL)
SENTENCE_END = (".", ":", ";", ",", "?", "!")
#: Initials and a surname on the title page: "A. A. Gromyko", "Sh. P. Sanakoyev".
EDITOR_NAME = re.compile(r"(?:[A-Z][a-z]?\.\s?){1,3}\s?[A-Z][\w’'-]{2,}(?![.\w])")
#: A role in parentheses after a name, as opposed to a degree: "(Chairman)", not "(Econ.)".
EDITOR_ROLE = re.compile(r"\((?P<role>[^().]+)\)")


def note_file_id(prefix: str) -> str:
    return f"{prefix}-notes"


def note_id(prefix: str, number: int) -> str:
    return f"{prefix}-n{number}"


class SovietReader:
    """Turns one transcription of the Soviet collection into letter documents."""

    format = "soviet"

    def __init__(self, source: Source, edition_file: Path) -> None:
        self.source = source
        self.edition_file = edition_file
        self.max_note = 0
        self.cited: dict[int, list[str]] = {}

    # -- whole volume -------------------------------------------------------

    def read(self) -> list[Document]:
        all_blocks = [b for b in blocks(self.source.text) if not NAVIGATION.match(b.text)]
        starts = [i for i, b in enumerate(all_blocks) if b.single and LETTER_START.match(b.text)]
        if not starts:
            raise ReaderError(
                f"{self.source.path}:1: no letter found (a Soviet volume opens each letter "
                "with a line 'No. N')"
            )
        self.add_commission(all_blocks[: starts[0]])
        documents = []
        for position, start in enumerate(starts):
            end = starts[position + 1] if position + 1 < len(starts) else len(all_blocks)
            documents.append(self.letter(all_blocks[start], all_blocks[start + 1 : end]))
        documents.append(self.notes_document())
        return documents

    def add_commission(self, front: list[Block]) -> None:
        """A board of editors on the title page becomes the editors of the cited volume.

        Its form, not its words: a body's name, a colon, then a list of persons
        written with initials ("A. A. Gromyko, Dr. Sc. (Econ.) (Chairman), …").
        """
        for block in front:
            head, colon, members = block.text.partition(":")
            names = list(EDITOR_NAME.finditer(members))
            if not colon or len(names) < 2 or len(head) > 200 or head.rstrip().endswith(
                    SENTENCE_END):
                continue
            self.source.citation.append(E.respStmt(E.resp("prepared by"), E.orgName(head.strip())))
            for index, match in enumerate(names):
                editor = E.editor(E.persName(match.group(0)))
                end = names[index + 1].start() if index + 1 < len(names) else len(members)
                role = EDITOR_ROLE.search(members, match.end(), end)
                if role:
                    editor.set("role", role["role"].strip().lower().replace(" ", "-"))
                self.source.citation.append(editor)

    # -- one letter ---------------------------------------------------------

    def letter(self, number_block: Block, body: list[Block]) -> Document:
        number = int(LETTER_START.match(number_block.text)["n"])
        xml_id = f"{self.source.prefix}-{number:03d}"
        warnings: list[str] = []
        div = E.div(E.head(f"No. {number}", type="number"), type="letter", n=str(number))
        sent: dict[str, object] = {}
        received: dict[str, object] = {}
        transmitted: dict[str, object] = {}
        senders: list[str] = []
        addressees: list[str] = []

        body = list(body)
        while body and body[0].single:
            if CLASSIFICATION.match(self.strip_markers(body[0].text)):
                head = E.head(type="classification")
                self.inline(head, body.pop(0).text, xml_id)
                div.append(head)
                continue
            found_line = self.dispatch_line(body[0])
            if found_line is None:
                break
            kind, match, found = found_line
            action = sent if kind == "sent" else received
            head = E.head(type=kind)
            self.inline(head, body[0].text, xml_id)
            action["date"] = found[1]
            if kind == "delivered":
                to_name = match["to"].strip()
                by_name = match["by"].split(",")[-1].strip()
                transmitted["persons"] = [by_name]
                transmitted["date"] = found[1]
                action["note"] = f"Handed to {to_name} by {match['by'].strip()}."
                self.mark_names(head, [to_name, by_name])
            self.mark_date(head, found[0].group(0), found[1])
            div.append(head)
            body.pop(0)

        if body and self.is_heading(body[0]):
            text = body.pop(0).text
            match = HEADING.match(self.strip_markers(text))
            senders = self.split_names(match["from"])
            addressees = self.split_names(match["to"])
            head = E.head(type="main")
            self.inline(head, text, xml_id)
            self.mark_names(head, senders + addressees)
            div.append(head)

        if body and body[0].single and len(body[0].text) <= 60 and body[0].text.endswith(",") \
                and OPENING.match(body[0].text):
            div.append(E.opener(E.salute(body.pop(0).text)))

        closer_parts = self.closing(body)
        if not senders and body:
            reported = reported_message(self.strip_markers(body[0].text), language())
            if reported:
                senders, addressees = [reported[0]], [reported[1]]
        if not senders:
            warnings.append(f"{self.source.path}:{number_block.line}: No. {number}: "
                            "no sender or addressee found")

        self.paragraphs(div, body, xml_id)

        if closer_parts:
            closer, dateline = self.closer(closer_parts, xml_id)
            div.append(closer)
            if dateline is not None:
                self.date_by_dateline(dateline, sent, transmitted)

        if not (sent.get("date") or received.get("date")):
            warnings.append(f"{self.source.path}:{number_block.line}: No. {number}: no date found")

        profile = [self.corresp_desc(senders, addressees, sent, received, transmitted)]
        title = provisional_title(senders, addressees, sent, received)
        scope = [E.biblScope(str(number), unit="letter")]
        root = tei_document(
            xml_id,
            title=title,
            edition_file=self.edition_file,
            citation=self.source.citation,
            scope=scope,
            profile=profile,
            body=[div],
        )
        return Document(xml_id, "letters", root, warnings, line=number_block.line)

    # -- parts of a letter --------------------------------------------------

    @staticmethod
    def date_by_dateline(dateline: dict[str, str | None], sent: dict, transmitted: dict) -> None:
        """What a dateline at the foot dates: the document it closes, and nothing else.

        A document handed over by an intermediary is his (an aide-mémoire giving
        the message's substance): its dateline is the place and date of the
        handing over, never of the sender's message. Otherwise it is the
        sender's, and dates the sending only when no "Sent on" line did.
        """
        if transmitted:
            transmitted.setdefault("date", dateline["date"])
            if dateline.get("place") and transmitted["date"] == dateline["date"]:
                transmitted["place"] = dateline["place"]
            return
        if "date" not in sent:
            sent["date"] = dateline["date"]
        if dateline.get("place") and sent["date"] == dateline["date"]:
            sent["place"] = dateline["place"]

    def dispatch_line(self, block: Block):
        """'Sent on …', 'Received on …' or 'Handed to … on …': (kind, match, date found).

        Such a line with a date that is not in the calendar is an error, not text.
        """
        plain = self.strip_markers(block.text)
        for pattern, kind in ((SENT, "sent"), (RECEIVED, "received"), (HANDED, "delivered")):
            match = pattern.match(plain)
            if not match:
                continue
            found = find_full_date(match["date"])
            if found:
                return kind, match, found
            if MONTH_DAY_YEAR.search(match["date"]) or DAY_MONTH_YEAR.search(match["date"]):
                raise self.error(block.line, f"'{plain}': the date is not in the calendar")
        return None

    def error(self, line: int, message: str) -> ReaderError:
        return ReaderError(f"{self.source.path}:{line}: {message}")

    def is_heading(self, block: Block) -> bool:
        text = self.strip_markers(block.text)
        return (
            block.single
            and len(text) <= 120
            and not text.endswith(SENTENCE_END)
            and HEADING.match(text) is not None
        )

    @staticmethod
    def split_names(names: str) -> list[str]:
        return [n.strip() for n in re.split(r"\s+and\s+|,\s*", names) if n.strip()]

    def closing(self, body: list[Block]) -> list[tuple[str, Block]]:
        """Take the closer off the end of ``body``: salutation, signatures, dateline."""
        parts: list[tuple[str, Block]] = []
        if body and body[-1].single and DATELINE.match(body[-1].text):
            parts.insert(0, ("dateline", body.pop()))
        if body and all(self.looks_like_name(line) for line in body[-1].lines):
            parts.insert(0, ("signed", body.pop()))
        if parts and body and body[-1].single and len(body[-1].text) <= 40 \
                and body[-1].text.endswith(",") and CLOSING.match(body[-1].text):
            parts.insert(0, ("salute", body.pop()))
        return parts

    @staticmethod
    def looks_like_name(line: str) -> bool:
        words = line.split()
        return (
            1 <= len(words) <= 5
            and len(line) <= 40
            and not line.endswith(SENTENCE_END)
            and all(w[0].isupper() for w in words)
        )

    def closer(self, parts: list[tuple[str, Block]], xml_id: str):
        closer = E.closer()
        dateline_info = None
        for kind, block in parts:
            if kind == "salute":
                closer.append(E.salute(block.text))
            elif kind == "signed":
                for line in block.lines:
                    closer.append(E.signed(E.persName(line)))
            else:
                match = DATELINE.match(block.text)
                dateline = E.dateline()
                found = find_full_date(match["date"])
                if found is None:
                    raise self.error(block.line, f"dateline '{block.text}': the date is not "
                                                 "in the calendar")
                if match["place"]:
                    append(dateline, E.placeName(match["place"]), ", ")
                append(dateline, E.date(match["date"], when=found[1]))
                closer.append(dateline)
                dateline_info = {"date": found[1], "place": match["place"]}
        return closer, dateline_info

    def paragraphs(self, div: etree._Element, body: list[Block], xml_id: str) -> None:
        current_list = None
        for block in body:
            item = LIST_ITEM.match(block.text)
            if item:
                if current_list is None:
                    current_list = E.list(type="ordered")
                    div.append(current_list)
                label = item["label"]
                number = item["n1"] or item["n2"]
                entry = E.item(n=number)
                self.inline(entry, item["rest"], xml_id)
                current_list.append(E.label(label))
                current_list.append(entry)
                continue
            current_list = None
            paragraph = E.p()
            self.inline(paragraph, block.text, xml_id)
            div.append(paragraph)

    # -- inline content -----------------------------------------------------

    def accept_note(self, number: int) -> bool:
        """Volume-wide note numbers only grow by small steps; anything else is text.

        The first marker may have any number: a transcription can start mid-volume.
        """
        return number >= 1 and (self.max_note == 0 or number <= self.max_note + 5)

    def strip_markers(self, text: str) -> str:
        return "".join(p for p in split_markers(text, self.accept_note) if isinstance(p, str))

    def inline(self, parent: etree._Element, text: str, xml_id: str) -> None:
        """Text with its note markers turned into notes (``*``) or pointers (numbers)."""
        for part in split_markers(normalize_space(text), self.accept_note):
            if isinstance(part, Marker) and part.number is None:
                append(parent, E.note(E.gap(reason="not-transcribed"),
                                      n=part.label, place="foot", type="volume"))
            elif isinstance(part, Marker):
                number = part.number
                self.max_note = max(self.max_note, number)
                self.cited.setdefault(number, [])
                if xml_id not in self.cited[number]:
                    self.cited[number].append(xml_id)
                target = f"../notes/{note_file_id(self.source.prefix)}.xml#" \
                         f"{note_id(self.source.prefix, number)}"
                append(parent, E.ptr(type="noteref", n=str(number), target=target))
            else:
                append(parent, part)

    @staticmethod
    def mark_names(parent: etree._Element, names: list[str]) -> None:
        """Wrap the first occurrence of each name form in ``parent``'s text as persName."""
        for name in sorted({n for n in names if n}, key=len, reverse=True):
            wrap_first(parent, name, lambda text: E.persName(text))

    @staticmethod
    def mark_date(parent: etree._Element, text: str, value: str) -> None:
        wrap_first(parent, text, lambda t: E.date(t, when=value))

    # -- metadata -----------------------------------------------------------

    def corresp_desc(self, senders, addressees, sent, received, transmitted) -> etree._Element:
        desc = E.correspDesc()
        for kind, persons, info in (
            ("sent", senders, sent),
            ("transmitted", transmitted.get("persons", []), transmitted),
            ("received", addressees, received),
        ):
            action = corresp_action(kind, [E.persName(p) for p in persons],
                                    place=info.get("place"), when=info.get("date"),
                                    note=info.get("note"))
            if action is not None:
                desc.append(action)
        return desc

    def notes_document(self) -> Document:
        """The volume's numbered notes, one each, with the letters that cite them."""
        xml_id = note_file_id(self.source.prefix)
        div = E.div(E.head("Notes of the printed volume"), type="notes")
        for number in sorted(self.cited):
            note = E.note(
                E.gap(reason="not-transcribed"),
                n=str(number),
                type="volume",
                place="end",
                target=" ".join(f"../letters/{ref}.xml" for ref in self.cited[number]),
            )
            note.set(XML_ID, note_id(self.source.prefix, number))
            div.append(note)
        root = tei_document(
            xml_id,
            title=f"Notes of the printed volume ({self.source.prefix})",
            edition_file=self.edition_file,
            citation=self.source.citation,
            body=[div],
        )
        return Document(xml_id, "notes", root)


def read(source: Source, edition_file: Path) -> list[Document]:
    return SovietReader(source, edition_file).read()
