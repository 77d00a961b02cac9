"""TEI namespace, element building and safe parsing shared by every stage."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from lxml.builder import ElementMaker

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"tei": TEI_NS}

#: Builder for TEI elements: ``E.p("text", E.persName(...))``.
E = ElementMaker(namespace=TEI_NS, nsmap={None: TEI_NS})

XML_ID = f"{{{XML_NS}}}id"

#: Files larger than this are refused before parsing (the whole edition is a few MB).
MAX_FILE_BYTES = 20 * 1024 * 1024


def tei(tag: str) -> str:
    """Clark name of a TEI element, for comparisons and ``etree.SubElement``."""
    return f"{{{TEI_NS}}}{tag}"


def xpath(node: etree._Element, expr: str) -> list:
    """XPath with the ``tei:`` prefix bound."""
    return node.xpath(expr, namespaces=NSMAP)


def safe_parser(*, remove_blank_text: bool = False) -> etree.XMLParser:
    """A parser that never reads DTDs, external entities or the network.

    Editors' files and files from archives are untrusted input: entity
    expansion and external resources are switched off so a hostile file can
    neither read local files nor blow up memory.
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=remove_blank_text,
    )


class TEIFileError(Exception):
    """A file that cannot be read as XML; the message names file and line."""


def parse_file(path: Path, *, remove_blank_text: bool = False) -> etree._ElementTree:
    """Parse an XML file safely, raising ``TEIFileError`` with file:line on failure."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise TEIFileError(f"{path}: cannot read file ({exc.strerror})") from exc
    if size == 0:
        raise TEIFileError(f"{path}:1: empty file")
    if size > MAX_FILE_BYTES:
        raise TEIFileError(f"{path}:1: file too large ({size} bytes)")
    data = path.read_bytes()
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise TEIFileError(
            f"{path}:{_line_of(data, b'<!')}: DOCTYPE and entity declarations are not allowed"
        )
    try:
        root = etree.fromstring(data, safe_parser(remove_blank_text=remove_blank_text),
                                base_url=path.resolve().as_uri())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        raise TEIFileError(f"{path}:{line}: malformed XML: {exc.msg}") from exc
    return root.getroottree()


def _line_of(data: bytes, needle: bytes) -> int:
    return data[: max(data.find(needle), 0)].count(b"\n") + 1


def to_bytes(tree: etree._ElementTree | etree._Element) -> bytes:
    """Serialise TEI the way the converter and editors' tools both expect."""
    if isinstance(tree, etree._Element):
        tree = tree.getroottree()
    # libxml2's pretty printing leaves mixed content alone, unlike etree.indent,
    # which would put whitespace between a word and its note marker.
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def normalize_space(text: str | None) -> str:
    return " ".join((text or "").split())


def append(parent: etree._Element, *items: str | etree._Element | None) -> etree._Element:
    """Append strings and elements to mixed content in document order."""
    for item in items:
        if item is None or item == "":
            continue
        if isinstance(item, str):
            # The last child from the end, not len(parent): lxml counts children one by one,
            # which made building a long paragraph quadratic.
            last = next(reversed(parent), None)
            if last is not None:
                last.tail = (last.tail or "") + item
            else:
                parent.text = (parent.text or "") + item
        else:
            parent.append(item)
    return parent


def clean_text(element: etree._Element) -> str:
    """An element's text content with whitespace normalised."""
    return normalize_space("".join(element.itertext()))
