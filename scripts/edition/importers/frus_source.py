"""Reading a FRUS TEI file: the volume it belongs to, its documents and its glossary."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..model import ReaderError
from ..tei import TEI_NS, XML_ID, TEIFileError, normalize_space, parse_file

FRUS_NS = "http://history.state.gov/frus/ns/1.0"
NS = {"tei": TEI_NS, "frus": FRUS_NS}


@dataclass
class FrusVolume:
    """What one FRUS file holds: its volume's ID and title, documents, glossary terms."""

    path: Path
    volume: str
    title: str
    documents: list[etree._Element]
    #: term xml:id → (term as printed, its expansion from the volume's list of abbreviations)
    terms: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: person xml:id → (name as the volume's list of persons gives it, what it says of them)
    persons: dict[str, tuple[str, str]] = field(default_factory=dict)


def read_volume(path: Path) -> FrusVolume:
    """A whole volume (TEI root) or one document (``frusDoc``); anything else is refused."""
    try:
        root = parse_file(path).getroot()
    except TEIFileError as exc:
        raise ReaderError(str(exc)) from exc
    local = etree.QName(root).localname
    if etree.QName(root).namespace != TEI_NS or local not in ("frusDoc", "TEI"):
        raise ReaderError(f"{path}:{root.sourceline}: not FRUS TEI: the root is <{root.tag}>, "
                          "expected a volume (TEI) or one document (frusDoc)")
    if local == "frusDoc":
        volume = root.get("volume") or ""
        title = ""
    else:
        volume = root.get(XML_ID) or ""
        title = normalize_space(root.xpath(
            "string(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type='complete'] | "
            "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1])", namespaces=NS))
    if not volume:
        raise ReaderError(f"{path}:{root.sourceline}: the FRUS volume is not named "
                          "(frusDoc/@volume or TEI/@xml:id)")
    documents = root.xpath(".//tei:div[@type='document']", namespaces=NS)
    if not documents:
        raise ReaderError(f"{path}: no FRUS document (div type=\"document\") in it")
    for document in documents:
        if not document.get(XML_ID):
            raise ReaderError(f"{path}:{document.sourceline}: a FRUS document without xml:id")
    return FrusVolume(path, volume, title, documents, read_terms(root), read_persons(root))


def read_persons(root: etree._Element) -> dict[str, tuple[str, str]]:
    """The volume's list of persons, which ``persName/@corresp`` in the documents points at."""
    persons: dict[str, tuple[str, str]] = {}
    for name in root.xpath("//tei:list[@type='persons']//tei:persName[@xml:id]", namespaces=NS):
        item = name.getparent()
        while item is not None and etree.QName(item).localname != "item":
            item = item.getparent()
        label = normalize_space("".join(name.itertext()))
        whole = normalize_space("".join(item.itertext())) if item is not None else label
        about = whole[len(label):].lstrip(" ,:;") if whole.startswith(label) else ""
        persons[name.get(XML_ID)] = (label, about)
    return persons


def read_terms(root: etree._Element) -> dict[str, tuple[str, str]]:
    """The glossary entries ``gloss/@target`` points at: ``term`` and the rest of its item."""
    terms: dict[str, tuple[str, str]] = {}
    for term in root.iter(f"{{{TEI_NS}}}term"):
        ident = term.get(XML_ID)
        if not ident:
            continue
        item = term
        while item.getparent() is not None and etree.QName(item).localname != "item":
            item = item.getparent()
        label = normalize_space("".join(term.itertext()))
        whole = normalize_space("".join(item.itertext()))
        expansion = whole[len(label):].lstrip(" ,:;") if whole.startswith(label) else whole
        terms[ident] = (label, expansion)
    return terms
