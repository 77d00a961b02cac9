"""FRUS markup → the edition's: notes, page breaks, glossary terms, names and pointers.

What FRUS encodes the edition encodes the same way (paragraphs, lists,
quotations, openers, closers, signatures, highlighting); FRUS's own
attributes that mean something (note numbers, page numbers and images) are
kept in the edition's form; presentation hints (``@rendition``,
``@calendar``) are dropped. Unknown elements keep their text and are
reported, so nothing is lost silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..tei import TEI_NS, XML_ID, normalize_space, tei

#: FRUS elements the edition has too; copied with the attributes listed.
KEPT = {
    "p": (), "head": (), "opener": (), "closer": (), "dateline": (), "signed": (),
    "salute": (), "list": ("type",), "item": (), "label": (), "quote": (), "q": (),
    "lb": (), "seg": ("type",), "hi": ("rend",), "date": ("when", "notBefore", "notAfter",
                                                         "from", "to"),
    "time": ("when",), "postscript": (), "persName": (), "placeName": (), "orgName": (),
    "title": ("level",), "foreign": ("{http://www.w3.org/XML/1998/namespace}lang",),
    "name": ("type",), "roleName": (),
}
#: FRUS elements the edition encodes as another of its own: FRUS name → (edition name, attributes)
RENAMED = {"emph": ("hi", {"rend": "italic"}), "said": ("q", {})}
HISTORY = "https://history.state.gov/historicaldocuments"
IMAGES = "https://static.history.state.gov/frus"


@dataclass
class BodyMapper:
    """Maps one FRUS document's content; one mapper per document (it numbers the notes)."""

    volume: str
    letter_id: str
    terms: dict[str, tuple[str, str]]
    warnings: list[str] = field(default_factory=list)
    notes: int = 0

    def children(self, source: etree._Element, target: etree._Element) -> None:
        """Map ``source``'s content (text and elements) into ``target``."""
        add_text(target, source.text)
        for child in source:
            if isinstance(child.tag, str):
                self.element(child, target)
            add_text(target, child.tail)

    def element(self, source: etree._Element, target: etree._Element) -> None:
        local = etree.QName(source).localname
        if local == "attachment" or (local == "div" and etree.QName(source).namespace == TEI_NS):
            self.enclosure(source, target)
        elif etree.QName(source).namespace != TEI_NS:
            self.unknown(source, target)
        elif local == "note":
            self.note(source, target)
        elif local == "pb":
            self.page_break(source, target)
        elif local == "gloss":
            self.gloss(source, target)
        elif local == "ref":
            self.ref(source, target)
        elif local == "table":
            self.table(source, target)
        elif local in RENAMED:
            name, attributes = RENAMED[local]
            self.children(source, etree.SubElement(target, tei(name), attributes))
        elif local in KEPT:
            copy = etree.SubElement(target, tei(local))
            for attribute in KEPT[local]:
                if source.get(attribute):
                    copy.set(attribute, source.get(attribute))
            self.children(source, copy)
        else:
            self.unknown(source, target)

    def note(self, source: etree._Element, target: etree._Element) -> None:
        note = etree.SubElement(target, tei("note"))
        if source.get("type") == "source":
            note.set("type", "source")
        else:
            self.notes += 1
            note.set("place", "foot")
            if source.get("n"):
                note.set("n", source.get("n"))
            note.set(XML_ID, f"{self.letter_id}-fn{self.notes}")
        if source.xpath("tei:p | tei:list | tei:quote | tei:table", namespaces={"tei": TEI_NS}):
            # a note of paragraphs, lists, quotations: the edition's notes hold phrases, so
            # each part becomes a run of text after a line break
            add_text(note, source.text)
            for number, part in enumerate(c for c in source if isinstance(c.tag, str)):
                if etree.QName(part).localname in ("p", "list", "quote", "table"):
                    if number:
                        etree.SubElement(note, tei("lb"))
                    self.flatten(part, note)
                else:
                    self.element(part, note)
                add_text(note, part.tail)
        else:
            self.children(source, note)

    def flatten(self, source: etree._Element, target: etree._Element) -> None:
        """A block's phrases into ``target``; its own blocks (items, paragraphs) as runs."""
        add_text(target, source.text)
        for child in source:
            if not isinstance(child.tag, str):
                add_text(target, child.tail)
                continue
            if etree.QName(child).localname in ("p", "item", "list", "quote", "row", "cell",
                                                "table", "label"):
                add_text(target, " ")
                self.flatten(child, target)
            else:
                self.element(child, target)
            add_text(target, child.tail)

    def page_break(self, source: etree._Element, target: etree._Element) -> None:
        pb = etree.SubElement(target, tei("pb"))
        if source.get("n"):
            pb.set("n", source.get("n"))
        if source.get("facs"):
            pb.set("facs", f"{IMAGES}/{self.volume}/medium/{source.get('facs')}.png")

    def gloss(self, source: etree._Element, target: etree._Element) -> None:
        """A glossary term keeps its expansion from the volume's list; a role stays a name."""
        if source.get("type") == "to":
            name = etree.SubElement(target, tei("persName"))
            self.children(source, name)
            return
        term = self.terms.get((source.get("target") or "").lstrip("#"))
        if not term or not term[1]:
            self.children(source, target)  # no entry: the term as plain text
            return
        choice = etree.SubElement(target, tei("choice"))
        self.children(source, etree.SubElement(choice, tei("abbr")))
        etree.SubElement(choice, tei("expan")).text = term[1]

    def ref(self, source: etree._Element, target: etree._Element) -> None:
        """Pointers into the volume become history.state.gov addresses."""
        pointer = source.get("target") or ""
        ref = etree.SubElement(target, tei("ref"))
        if pointer.startswith("#"):
            pointer = f"{HISTORY}/{self.volume}/{pointer[1:]}"
        elif pointer and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", pointer):
            # another volume's page or document: 'frus1942v03#pg_683'
            volume, _, place = pointer.partition("#")
            pointer = f"{HISTORY}/{volume}/{place}".rstrip("/")
        if pointer:
            ref.set("target", pointer)
        self.children(source, ref)

    def enclosure(self, source: etree._Element, target: etree._Element) -> None:
        """An attachment inside the document (FRUS ``div`` or ``frus:attachment``)."""
        if etree.QName(target).localname != "div":
            self.unknown(source, target)
            return
        self.children(source, etree.SubElement(target, tei("div"), type="enclosure"))

    def table(self, source: etree._Element, target: etree._Element) -> None:
        """The edition has no tables: a row is a list item, its cells separated by ' | '."""
        rows = etree.SubElement(target, tei("list"), type="table")
        for row in source.iter(f"{{{TEI_NS}}}row"):
            item = etree.SubElement(rows, tei("item"))
            for number, cell in enumerate(row.iter(f"{{{TEI_NS}}}cell")):
                if number:
                    add_text(item, " | ")
                self.children(cell, item)
        if not len(rows):
            target.remove(rows)

    def unknown(self, source: etree._Element, target: etree._Element) -> None:
        self.warnings.append(f"line {source.sourceline}: <{etree.QName(source).localname}> "
                             "has no counterpart in the edition; its text is kept")
        if etree.QName(target).localname in BLOCKS:
            target = etree.SubElement(target, tei("p"))  # text needs a paragraph here
        self.children(source, target)


#: Elements whose content is other elements only: white space between them is not text.
BLOCKS = {"div", "body", "opener", "closer", "list", "quote", "floatingText", "postscript"}


def add_text(target: etree._Element, text: str | None) -> None:
    if not text:
        return
    if not text.strip():
        if etree.QName(target).localname in BLOCKS:
            return
        text = " "
    else:
        # FRUS's indentation inside paragraphs is not text: runs of white space become one space
        text = ((" " if text[:1].isspace() else "") + normalize_space(text)
                + (" " if text[-1:].isspace() else ""))
    if len(target):
        target[-1].tail = (target[-1].tail or "") + text
    else:
        target.text = (target.text or "") + text
