"""The teiHeader every document of the edition carries.

The publication statement and responsibility come from ``tei/edition.xml`` and
the citation from ``sources/catalogue.xml``, so editors change them in one place.
"""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

from .tei import XML_ID, E, parse_file, xpath

#: Register pointers are written ``psn:stalin``; these prefixes expand them.
#: Every TEI file lives one folder below ``tei/``, so the same paths work everywhere.
PREFIXES = {
    "psn": "../registers/persons.xml#$1",
    "plc": "../registers/places.xml#$1",
    "org": "../registers/orgs.xml#$1",
    "bib": "../registers/bibliography.xml#$1",
    # Responsibility (@resp="ed:conv"): the respStmts declared in tei/edition.xml.
    "ed": "../edition.xml#$1",
}


def list_prefix_def() -> etree._Element:
    return E.listPrefixDef(
        *(
            E.prefixDef(
                E.p(f"Pointers written {ident}:ID point into {path.split('#')[0]}."),
                ident=ident,
                matchPattern="([A-Za-z0-9_.-]+)",
                replacementPattern=path,
            )
            for ident, path in PREFIXES.items()
        )
    )


def edition_statement(edition_file: Path) -> tuple[etree._Element, list[etree._Element]]:
    """publicationStmt and the respStmts declared in ``tei/edition.xml``."""
    root = parse_file(edition_file).getroot()
    publication = xpath(root, "//tei:fileDesc/tei:publicationStmt")[0]
    resps = xpath(root, "//tei:titleStmt/tei:respStmt")
    publication = copy.deepcopy(publication)
    for own in xpath(publication, "tei:idno"):  # the edition's own address, not the letter's
        publication.remove(own)
    return publication, [copy.deepcopy(r) for r in resps]


def tei_document(
    xml_id: str,
    *,
    title: str,
    edition_file: Path,
    citation: etree._Element,
    scope: list[etree._Element] | None = None,
    profile: list[etree._Element] | None = None,
    body: list[etree._Element],
    text_type: str | None = None,
    authors: list[etree._Element] | None = None,
    front: list[etree._Element] | None = None,
    back: list[etree._Element] | None = None,
) -> etree._Element:
    """A complete TEI document around ``body``.

    ``authors`` (``author`` elements) go into the titleStmt after the title;
    ``front`` and ``back`` become the text's front and back matter when given.
    """
    publication, resps = edition_statement(edition_file)
    for resp in resps:
        # IDs stay unique across the edition: the statement is repeated per file.
        resp.attrib.pop(XML_ID, None)
    bibl = copy.deepcopy(citation)
    for attr in ("corresp", "n", "type"):
        bibl.attrib.pop(attr, None)
    for extra in scope or []:
        bibl.append(extra)
    header = E.teiHeader(
        E.fileDesc(
            E.titleStmt(E.title(title), *(authors or []), *resps),
            publication,
            E.sourceDesc(bibl),
        ),
        E.encodingDesc(list_prefix_def()),
    )
    if profile:
        header.append(E.profileDesc(*profile))
    text = E.text(E.body(*body))
    if front:
        text.insert(0, E.front(*front))
    if back:
        text.append(E.back(*back))
    if text_type:
        text.set("type", text_type)
    root = E.TEI(header, text)
    root.set(XML_ID, xml_id)
    return root


def find_title(root: etree._Element) -> etree._Element:
    return xpath(root, "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title")[0]


def document_date(root: etree._Element) -> str | None:
    """The date a document is read at: sent, else received, else handed over, else the
    date of its creation (a memorandum's meeting), else its front matter's date.

    Year-less dates in the text are read against it, and it decides which role
    forms of the registers apply ('the President' in 1942 is Roosevelt).
    """
    actions = "tei:teiHeader/tei:profileDesc/tei:correspDesc[1]/tei:correspAction"
    for expr in (
        f"{actions}[@type='sent']/tei:date/@when",
        f"{actions}[@type='received']/tei:date/@when",
        f"{actions}/tei:date/@when",
        f"{actions}/tei:date/@notBefore",
        f"{actions}/tei:date/@notAfter",
        "tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@when",
        "tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@from",
        "tei:text/tei:front//tei:docDate/@when",
    ):
        found = xpath(root, expr)
        if found:
            return str(found[0])
    return None


def corresp_action(kind: str, names: list[etree._Element], *, place: str | None = None,
                   when: str | None = None, note: str | None = None) -> etree._Element | None:
    """One correspAction in the order CMIF expects (names, place, date), or None if empty."""
    if not names and not when:
        return None
    action = E.correspAction(*names, type=kind)
    if place:
        action.append(E.placeName(place))
    if when:
        action.append(E.date(when=when))
    if note:
        action.append(E.note(note))
    return action


def provisional_title(senders: list[str], addressees: list[str], sent: dict,
                      received: dict) -> str:
    """A title from the printed name forms; the titles pass replaces it with register names."""
    who = f"{' and '.join(senders) or 'Unknown'} to {' and '.join(addressees) or 'unknown'}"
    return f"{who}, {sent.get('date') or received.get('date') or 'undated'}"
