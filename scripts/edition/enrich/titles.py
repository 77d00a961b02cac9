"""Letter titles made from the correspondence metadata: 'Stalin to Roosevelt, 4 August 1941'."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from ..dates import english_long
from ..header import find_title
from ..tei import clean_text, xpath
from .names import Register

if TYPE_CHECKING:
    from .base import EnrichContext


def _people(action: list[etree._Element], register: Register) -> str:
    if not action:
        return ""
    names = []
    for name in xpath(action[0], "tei:persName|tei:orgName|tei:name"):
        names.append(register.short.get(name.get("ref", ""), clean_text(name)))
    return " and ".join(names)


def letter_title(root: etree._Element, register: Register) -> str | None:
    """The title a reader expects for a letter, or ``None`` when there is no correspDesc."""
    desc = xpath(root, "tei:teiHeader/tei:profileDesc/tei:correspDesc")
    if not desc:
        return None
    sent = xpath(desc[0], "tei:correspAction[@type='sent']")
    received = xpath(desc[0], "tei:correspAction[@type='received']")
    senders, addressees = _people(sent, register), _people(received, register)
    if addressees:
        title = f"{senders or 'Unknown'} to {addressees}"
    else:
        # A memorandum or report has an author and no addressee.
        head = xpath(root, "string(tei:text/tei:body/tei:div[1]/tei:head[1])").strip()
        kind = head.split()[0] if head.split() and head.split()[0].istitle() else ""
        title = f"{kind} by {senders}" if kind in ("Memorandum", "Report", "Minutes") \
            else senders or "Unknown"
    sent_date = xpath(desc[0], "tei:correspAction[@type='sent']/tei:date/@when")
    received_date = xpath(desc[0], "tei:correspAction[@type='received']/tei:date/@when")
    if sent_date:
        return f"{title}, {english_long(sent_date[0])}"
    if received_date:
        return f"{title}, received {english_long(received_date[0])}"
    handed = xpath(desc[0], "tei:correspAction[@type='transmitted']/tei:date/@when")
    if handed:
        return f"{title}, handed over {english_long(handed[0])}"
    bounds = xpath(desc[0], "tei:correspAction[@type='sent']/tei:date"
                            "[@notBefore or @notAfter]")
    if bounds:
        after, before = bounds[0].get("notBefore"), bounds[0].get("notAfter")
        if after and before:
            return f"{title}, between {english_long(after)} and {english_long(before)}"
        return (f"{title}, not before {english_long(after)}" if after
                else f"{title}, not after {english_long(before)}")
    return f"{title}, undated"


def set_letter_title(root: etree._Element, register: Register) -> None:
    title = letter_title(root, register)
    if title:
        find_title(root).text = title


class TitlePass:
    """The document's title from its metadata, once names and dates are known."""

    name = "titles"
    order = 50

    def apply(self, document: etree._Element, context: EnrichContext) -> list[str]:
        set_letter_title(document, context.register)
        return []
