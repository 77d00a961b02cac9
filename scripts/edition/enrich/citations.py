"""Short citations of a series in running text and notes as ``bibl``.

"Foreign Relations, 1942, vol. iii, p. 683" cites a volume: its year is part of
the volume's name, not a date of the text, so the citation is marked as a
``bibl`` (title, volume, pages) before the dating pass, which leaves citations
alone. The form is a title in capitals, a year, a volume and optional pages.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from ..dates import YEAR
from ..tei import E, append, tei
from .textnodes import in_tei, wrap_matches

if TYPE_CHECKING:
    from .base import EnrichContext

_WORD = r"[A-Z][\w’'.-]*"
_MINOR = r"(?:of|the|and|on|in|for)"
#: "Foreign Relations, 1942, vol. iii, p. 683"
CITATION = re.compile(
    rf"(?<![\w’'-])(?P<title>{_WORD}(?:\s+(?:{_WORD}|{_MINOR}))*?),\s+(?P<year>{YEAR}),\s+"
    rf"(?P<vol_label>[Vv]ol\.\s+)(?P<vol>[ivxlcdm]+|\d+)\b"
    rf"(?:,\s+(?P<page_label>pp?\.\s+)(?P<from>\d+)(?:\s*[-–]\s*(?P<to>\d+))?)?"
)
SKIP = in_tei("teiHeader", "bibl", "listBibl", "title", "ref", "ptr", "gap", "date", "time",
              "idno", "choice")


def citation(match: re.Match[str]) -> etree._Element:
    """The citation with its parts marked; the text stays exactly as printed."""
    bibl = E.bibl(E.title(match["title"], level="m"))
    append(bibl, f", {match['year']}, {match['vol_label']}",
           E.biblScope(match["vol"], unit="volume"))
    if match["from"]:
        last = match["to"] or match["from"]
        # "210-12" is printed short for 210–212.
        last = match["from"][: max(len(match["from"]) - len(last), 0)] + last
        pages = {"from": match["from"], "to": last}
        text = match.group(0)[match.start("from") - match.start() :]
        append(bibl, ", " + match["page_label"], E.biblScope(text, unit="page", **pages))
    return bibl


def mark_citations(root: etree._Element) -> int:
    text = root.find(tei("text"))
    return 0 if text is None else wrap_matches(text, CITATION, citation, SKIP)


class CitationPass:
    """Series citations ("Foreign Relations, 1942, vol. iii") as bibl, before dates are read."""

    name = "citations"
    order = 25

    def apply(self, document: etree._Element, context: EnrichContext) -> list[str]:
        mark_citations(document)
        return []
