"""What a document is: ``textClass/catRef`` into the taxonomy ``doctypes`` of tei/edition.xml.

Read from the document itself, in this order: a word for a kind of document in
its headings ("Personal message from …", "Memorandum by …", "Aide-mémoire");
then its form: a message reported in the third person ("In a message to X, Y
states:") is an aide-mémoire; a document with a creation (who took part) is a
memorandum of conversation; one that opens and closes with a salutation is a
letter; any other correspondence is a message. The words are the editors', in
``sources/language.xml``. A type already given (by a reader or an editor) stays.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from lxml import etree

from ..language import Language
from ..tei import E, clean_text, tei, xpath

if TYPE_CHECKING:
    from .base import EnrichContext

SCHEME = "ed:doctypes"
#: A name in a reporting clause: anything up to a comma, colon or semicolon.
_NAME = r"[^,:;]+?"


@cache
def _type_words(language: Language) -> tuple[re.Pattern[str], dict[str, str]]:
    pattern = re.compile(rf"(?<![\w-])(?:{language.alternation('document-types')})(?![\w-])",
                         re.IGNORECASE)
    return pattern, {" ".join(k.split()): v for k, v in language.keyed("document-types").items()}


@cache
def _reporting(language: Language) -> tuple[re.Pattern[str], ...]:
    nouns, verbs = language.alternation("communications"), language.alternation("reporting-verbs")
    return (
        # "In a personal message to Mr Stalin, President Roosevelt states:"
        re.compile(rf"\b(?:{nouns})\s+(?:from\s+(?P<from1>{_NAME})\s+)?to\s+(?P<to>{_NAME}),?"
                   rf"\s+(?P<from>{_NAME})\s+(?:{verbs})\b", re.IGNORECASE),
        # "President Roosevelt, in a message to Mr Stalin, states:"
        re.compile(rf"^(?P<from>{_NAME}),\s+in\s+(?:\w+\s+){{0,3}}(?:{nouns})\s+to\s+"
                   rf"(?P<to>{_NAME}),\s+(?:{verbs})\b", re.IGNORECASE),
    )


@cache
def _note_closing(language: Language) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{language.alternation('note-closings')})", re.IGNORECASE)


def reported_message(text: str, language: Language) -> tuple[str, str] | None:
    """(sender, addressee) when ``text`` introduces a message reported in the third person."""
    if not text.rstrip().endswith(":"):
        return None
    for pattern in _reporting(language):
        match = pattern.search(text)
        if match:
            sender = match["from"] if match["from"] else match.groupdict().get("from1")
            return sender.strip(), match["to"].strip()
    return None


def type_named_in(text: str, language: Language) -> str | None:
    """The category a heading names ('Personal message from …' → 'message'), if any."""
    pattern, categories = _type_words(language)
    match = pattern.search(text)
    return categories.get(" ".join(match.group(0).lower().split())) if match else None


def document_type(root: etree._Element, language: Language) -> str | None:
    """The doctypes category of a document, or None when it is no correspondence document."""
    profile = xpath(root, "tei:teiHeader/tei:profileDesc")
    if not profile or not xpath(profile[0], "tei:correspDesc | tei:creation"):
        return None
    body = xpath(root, "tei:text/tei:body")
    if not body:
        return None
    heads = xpath(body[0], "tei:div[1]/tei:head[not(@type='number')] | tei:head")
    for head in heads:
        found = type_named_in(clean_text(head), language)
        if found:
            return found
    first = xpath(body[0], "(.//tei:p)[1]")
    if first and reported_message(clean_text(first[0]), language):
        return "aide-memoire"
    if xpath(profile[0], "tei:creation"):
        return "memorandum"
    closing = " ".join(clean_text(e) for e in xpath(
        body[0], "(.//tei:closer/tei:salute | (.//tei:p)[last()])"))
    if _note_closing(language).search(closing):
        return "note"
    if xpath(body[0], ".//tei:opener/tei:salute") and xpath(body[0], ".//tei:closer/tei:salute"):
        return "letter"
    return "message"


def set_document_type(root: etree._Element, language: Language) -> str | None:
    """Write the catRef unless the document has one; the category written, if any."""
    profile = xpath(root, "tei:teiHeader/tei:profileDesc")
    if not profile or xpath(profile[0], f"tei:textClass/tei:catRef[@scheme='{SCHEME}']"):
        return None
    category = document_type(root, language)
    if category is None:
        return None
    text_class = profile[0].find(tei("textClass"))
    if text_class is None:
        text_class = E.textClass()
        creation = profile[0].find(tei("creation"))
        position = profile[0].index(creation) + 1 if creation is not None else 0
        profile[0].insert(position, text_class)
    text_class.append(E.catRef(scheme=SCHEME, target=f"ed:doctype-{category}"))
    return category


class DocumentTypePass:
    """Each letter or document typed from its heading and form."""

    name = "doctype"
    order = 40

    def apply(self, document: etree._Element, context: EnrichContext) -> list[str]:
        set_document_type(document, context.language)
        return []
