"""``edition import frus``: FRUS TEI documents → edition letters, written as safely as convert."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..convert import ConversionReport, Project, link_correspondence
from ..dates import english_long
from ..enrich.names import load_registers
from ..header import tei_document
from ..model import Document, ReaderError
from ..schemapis import add_schema_pis
from ..store import Store
from ..tei import TEI_NS, XML_ID, E, normalize_space, parse_file, tei, to_bytes, xpath
from .frus_body import HISTORY, BodyMapper
from .frus_dates import DocumentDates, document_dates
from .frus_names import add_provisional_entries, enrich, registers_for, resolve_header_names
from .frus_source import NS, FrusVolume, read_volume

FORMS = Path(__file__).with_name("frus-forms.xml")


@dataclass
class ImportReport(ConversionReport):
    documents: list[str] = field(default_factory=list)


def letter_id(volume: str, document: str) -> str:
    """``frus1942China`` + ``d512`` → ``frus1942china-d512`` (the file name)."""
    return re.sub(r"[^a-z0-9-]+", "-", f"{volume}-{document}".lower()).strip("-")


def import_frus(paths: list[Path], out: Path, project: Project, *, documents: list[str] | None,
                force: bool = False) -> ImportReport:
    report = ImportReport()
    volumes = [read_volume(path) for path in paths]
    wanted = set(documents or [])
    found = {d.get(XML_ID) for v in volumes for d in v.documents}
    missing = sorted(wanted - found)
    if missing:
        raise ReaderError(f"no document {', '.join(missing)} in {', '.join(map(str, paths))}")
    store = Store(out)
    registers = registers_for(out, project.registers)
    letters: list[Document] = []
    for volume in volumes:
        for div in volume.documents:
            if wanted and div.get(XML_ID) not in wanted:
                continue
            root, warnings = build_letter(volume, div, project, registers)
            letters.append(Document(root.get(XML_ID), "letters", root, warnings))
    # previous/next letters across the imported ones and those already in OUT, as convert does
    neighbours = link_correspondence(letters, out)
    for letter in letters:
        add_schema_pis(letter.root, depth=1)
        report.results.append(store.write(letter.relpath, to_bytes(letter.root), force=force))
        report.warnings.extend(letter.warnings)
        report.documents.append(letter.relpath)
    for relpath, root in neighbours.items():
        report.results.append(store.write(relpath, to_bytes(root), force=force))
    store.save()
    return report


def build_letter(volume: FrusVolume, div: etree._Element, project: Project,
                 registers: Path) -> tuple[etree._Element, list[str]]:
    doc = div.get(XML_ID)
    ident = letter_id(volume.volume, doc)
    origin = f"{volume.path}: {doc}"
    mapper = BodyMapper(volume.volume, ident, volume.terms)
    letter = E.div(type="letter")
    mapper.children(div, letter)
    dates = document_dates(div)
    mark_received(letter, dates)
    doctype = document_type(div)
    root = tei_document(
        ident, title=default_title(div, dates),
        edition_file=project.edition_file, citation=citation(volume, doc),
        scope=scope(div), profile=profile(div, dates, doctype), body=[letter])
    warnings = [f"{origin}: {w}" for w in mapper.warnings]
    register = load_registers(registers)
    when = dates.sent or dates.not_before or dates.received
    warnings.extend(f"{origin}: {p}" for p in resolve_header_names(root, register, when))
    warnings.extend(enrich(root, register, origin))
    made = add_provisional_entries(root, registers, origin, volume_names(volume, div))
    if made:
        warnings.extend(made)
        enrich(root, load_registers(registers), origin)  # the new entries link the text too
    return root, warnings


def volume_names(volume: FrusVolume, div: etree._Element) -> dict[str, tuple[str, str]]:
    """Heading names → the volume's list of persons (through ``persName/@corresp``)."""
    known = {}
    for name in div.xpath("tei:head//tei:persName[@corresp]", namespaces=NS):
        entry = volume.persons.get(name.get("corresp", "").lstrip("#"))
        if entry:
            known[normalize_space("".join(name.itertext()))] = entry
    return known


def default_title(div: etree._Element, dates: DocumentDates) -> str:
    """The heading and date; the titles pass replaces it for letters ('Gauss to Hull, …')."""
    head = normalize_space(div.xpath("string(tei:head[1])", namespaces=NS)).rstrip(". ")
    when = dates.sent or dates.not_before
    return f"{head}, {english_long(when)}" if head and when else head or div.get(XML_ID)


def citation(volume: FrusVolume, doc: str) -> etree._Element:
    title = volume.title or f"Foreign Relations of the United States ({volume.volume})"
    return E.bibl(E.title(title, level="m"),
                  E.publisher("United States Government Printing Office"),
                  E.pubPlace("Washington"),
                  E.idno(f"{HISTORY}/{volume.volume}/{doc}", type="URL"))


def scope(div: etree._Element) -> list[etree._Element]:
    """The document number, and the pages the page breaks show it runs over."""
    parts = [E.biblScope(div.get("n") or div.get(XML_ID), unit="document")]
    pages = [int(n) for n in div.xpath(".//tei:pb/@n", namespaces=NS) if str(n).isdigit()]
    if pages:
        parts.append(E.biblScope(f"{pages[0] - 1}–{pages[-1]}", unit="page",
                                 **{"from": str(pages[0] - 1), "to": str(pages[-1])}))
    return parts


def document_type(div: etree._Element) -> str:
    """The first form of ``frus-forms.xml`` whose pattern the heading or source note matches."""
    head = normalize_space("".join(div.xpath("string(tei:head[1])", namespaces=NS)))
    source = normalize_space(div.xpath("string(tei:note[@type='source'][1])", namespaces=NS))
    texts = {"head": head, "source": source}
    for form in parse_file(FORMS).getroot().iter(tei("form")):
        where = form.get("in", "")
        if re.search(form.get("pattern", "$^"), texts.get(where, ""), re.IGNORECASE):
            return form.get("doctype")
    return "letter"


def names(div: etree._Element, role: str) -> list[etree._Element]:
    """Sender or addressee as the heading marks them (``persName/@type``, ``gloss/@type``)."""
    found = div.xpath(f"tei:head//*[(self::tei:persName or self::tei:gloss)][@type='{role}']",
                      namespaces=NS)
    result = []
    for name in found:
        text = normalize_space("".join(name.itertext()))
        if name.tag == tei("gloss") and not text.lower().startswith("the "):
            text = f"the {text}"  # a role as the registers list it: "the Secretary of State"
        result.append(E.persName(text))
    return result


def dateline_place(div: etree._Element) -> etree._Element | None:
    place = div.xpath("string(.//tei:dateline[not(ancestor::tei:note)][1]/tei:placeName)",
                      namespaces=NS)
    return E.placeName(normalize_space(place)) if normalize_space(place) else None


def date_element(dates: DocumentDates) -> etree._Element | None:
    if dates.sent:
        return E.date(when=dates.sent)
    if dates.not_before and dates.not_after:
        return E.date(notBefore=dates.not_before, notAfter=dates.not_after)
    return None


def profile(div: etree._Element, dates: DocumentDates, doctype: str) -> list[etree._Element]:
    parts = [E.textClass(E.catRef(scheme="ed:doctypes", target=f"ed:doctype-{doctype}"))]
    place, when = dateline_place(div), date_element(dates)
    if doctype in ("memorandum", "briefing-paper"):
        creation = E.creation(*[x for x in (when, place) if x is not None])
        authors = names(div, "from") or by_line(div)
        creation.extend(authors)
        parts.insert(0, creation)
        return parts
    sent = E.correspAction(*names(div, "from"), type="sent")
    for extra in (place, when):
        if extra is not None:
            sent.append(extra)
    received = E.correspAction(*names(div, "to"), type="received")
    if dates.received:
        received.append(E.date(when=dates.received))
    parts.append(E.correspDesc(*[a for a in (sent, received) if len(a)]))
    return parts


def by_line(div: etree._Element) -> list[etree._Element]:
    """'Memorandum of Conversation, by the Secretary of State' → the Secretary of State."""
    head = normalize_space(div.xpath("string(tei:head[1])", namespaces=NS))
    found = re.search(r"\bby (the .+?|[A-Z][\w.' -]+?)\s*$", head.rstrip(". "))
    return [E.persName(found.group(1))] if found else []


def mark_received(letter: etree._Element, dates: DocumentDates) -> None:
    """The "[Received …]" text in the dateline becomes a date with its ISO value."""
    if not dates.received:
        return
    for dateline in letter.iter(tei("dateline")):
        for node in [dateline, *dateline]:
            for attribute in ("text", "tail"):
                if node is dateline and attribute == "tail":
                    continue
                value = getattr(node, attribute) or ""
                found = re.search(r"(?<=Received )[^\]]+", value)
                if not found:
                    continue
                date = E.date(found.group(0), when=dates.received)
                date.tail = value[found.end():]
                setattr(node, attribute, value[: found.start()])
                if attribute == "text":
                    node.insert(0, date)
                else:
                    node.addnext(date)
                return


__all__ = ["import_frus", "letter_id", "TEI_NS", "xpath"]
