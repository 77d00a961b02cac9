"""``xml-model`` processing instructions: an editor's XML editor validates TEI files as they type.

Each TEI file names the edition's schema (``schema/edition.xsd``) and rules
(``schema/edition.sch``) with relative paths, so the links work wherever the
edition is checked out. oXygen and other editors read these instructions
(W3C "Associating Schemas with XML documents").
"""

from __future__ import annotations

import re

from lxml import etree

XSD_NS = "http://www.w3.org/2001/XMLSchema"
SCHEMATRON_NS = "http://purl.oclc.org/dsdl/schematron"
#: (file in schema/, schematypens) in the order the instructions are written.
MODELS = (("edition.xsd", XSD_NS), ("edition.sch", SCHEMATRON_NS))


def schema_pi_data(depth: int) -> list[str]:
    """The instructions' contents for a file ``depth`` folders below ``tei/``.

    ``tei/edition.xml`` has depth 0, ``tei/letters/x.xml`` depth 1: the schema
    folder is ``depth + 1`` levels up.
    """
    if depth < 0:
        raise ValueError(f"depth must be 0 or more, not {depth}")
    up = "../" * (depth + 1)
    return [f'href="{up}schema/{name}" type="application/xml" schematypens="{ns}"'
            for name, ns in MODELS]


def add_schema_pis(root: etree._Element, depth: int) -> etree._Element:
    """Put the xml-model instructions before ``root``; returns ``root``.

    Idempotent: instructions already pointing at the edition's schema or rules
    are updated in place (lxml cannot remove a node before the root), never
    repeated, and other processing instructions are left alone.
    """
    wanted = dict(zip((name for name, _ in MODELS), schema_pi_data(depth), strict=True))
    for node in root.itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model":
            name = _model_file(node.text or "")
            if name in wanted:
                node.text = wanted.pop(name)
    # Insert in order just before the root, after any other prolog nodes.
    for data in wanted.values():
        root.addprevious(etree.ProcessingInstruction("xml-model", data))
    return root


def _model_file(data: str) -> str | None:
    """Which of the edition's models an xml-model instruction names (by its href's file name)."""
    href = re.search(r"""href\s*=\s*["']([^"']*)["']""", data)
    if not href:
        return None
    name = href.group(1).rsplit("/", 1)[-1]
    return name if name in {n for n, _ in MODELS} else None

