"""FRUS headings: who wrote to whom, and what kind of document it is.

The forms FRUS prints: "The Ambassador in China (Gauss) to the Secretary of
State", "President Roosevelt and Prime Minister Churchill to Marshal Stalin",
"Memorandum of Conversation, by the Secretary of State", "Memorandum by Mr.
Harry L. Hopkins, Personal Representative of President Roosevelt". A person is
named in parentheses after the office, or by title and name; an office alone
("the Secretary of State") stands for whoever held it when the document was
written, which the name-linking pass resolves through the registers' dated roles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..tei import normalize_space
from .frus_forms import FrusForms

#: A person named as printed: "Gauss", "President Roosevelt", "Harry L. Hopkins".
NAME = re.compile(r"^(?:[A-Z][\w’'.-]*\s+){0,5}[A-Z][\w’'-]*\w$")
PAREN_NAME = re.compile(r"\((?P<name>[A-Z][^()]*?)\)\s*$")
ARTICLE = re.compile(r"^[Tt]he\s+")
#: "Memorandum of Conversation, by the Secretary of State"
DOCUMENT_BY = re.compile(r"^(?P<kind>[A-Z][^,]*?),?\s+by\s+(?P<rest>.+)$")


@dataclass
class Party:
    """A sender or addressee: a personal name as printed, or only an office."""

    name: str | None = None
    role: str | None = None
    #: The office as printed with its article ("the Secretary of State"), for linking.
    office: str | None = None

    @property
    def label(self) -> str:
        """The form provisional titles use: the name, else the office."""
        return self.name or self.role or ""


@dataclass
class Heading:
    """What a heading says: senders, addressees, and the kind words it opens with."""

    senders: list[Party]
    addressees: list[Party]
    #: "Memorandum of Conversation" in "Memorandum of Conversation, by …", else None.
    kind: str | None = None


def parse_heading(text: str, forms: FrusForms) -> Heading | None:
    """Senders and addressees from a heading, or ``None`` when it names none."""
    # An asterisk glued to a word is an unnumbered note mark, not part of a name.
    text = normalize_space(re.sub(r"(?<=\S)\*+", "", text))
    if not text or text.endswith((".", ";", ":")):
        return None
    kind = None
    by = DOCUMENT_BY.match(text)
    if by and " to " not in by["kind"] and not ARTICLE.match(by["kind"]):
        kind = by["kind"].strip()
        split = split_at_to(by["rest"])
        sender, addressee = split if split else (by["rest"], "")
    else:
        split = split_at_to(text)
        if not split:
            return None
        sender, addressee = split
    senders, addressees = parties(sender, forms), parties(addressee, forms)
    if not senders and not addressees:
        return None
    return Heading(senders, addressees, kind)


def split_at_to(text: str) -> tuple[str, str] | None:
    """'A (X) to B': prefer the ' to ' after a name in parentheses ('Ambassador to …')."""
    after_name = text.find(") to ")
    if after_name >= 0:
        return text[: after_name + 1], text[after_name + 5 :]
    position = text.find(" to ")
    return (text[:position], text[position + 4 :]) if position > 0 else None


def parties(text: str, forms: FrusForms) -> list[Party]:
    """'President Roosevelt and Prime Minister Churchill' → two parties; offices keep one."""
    text = text.strip().rstrip(",")
    if not text:
        return []
    pieces = text.split(" and ")
    if len(pieces) > 1 and all(standalone_party(piece) for piece in pieces):
        return [party(piece, forms) for piece in pieces]
    return [party(text, forms)]


def standalone_party(text: str) -> bool:
    """Whether a piece around ' and ' names a whole party ('the X (Name)' or a name)."""
    text = text.strip()
    return bool(ARTICLE.match(text) and PAREN_NAME.search(text)) or bool(NAME.match(text))


def party(text: str, forms: FrusForms) -> Party:
    """A name in parentheses, a name with its title, or an office alone."""
    text = text.strip()
    named = PAREN_NAME.search(text)
    if named:
        return Party(named["name"].strip(), ARTICLE.sub("", text[: named.start()]).strip() or None)
    if ARTICLE.match(text):
        office = text.split(", ")[0]
        role = ARTICLE.sub("", office)
        return Party(None, role, f"the {role}")
    courtesy = forms.alternation(forms.courtesy)
    first = text.split(", ")[0]
    name = re.sub(rf"^(?:{courtesy})\s+", "", first).strip() if courtesy else first
    if NAME.match(name):
        return Party(name, None)
    return Party(None, text, None)


def is_head(party_: Party, forms: FrusForms) -> bool:
    """Whether a party is a head of state or government by its printed title."""
    printed = " ".join(p for p in (party_.role, party_.name) if p)
    return any(re.match(rf"{re.escape(title)}\b", printed) for title in forms.heads)


def heading_doctype(heading: Heading | None, head_text: str, forms: FrusForms) -> str | None:
    """The type a heading's own words give ('Memorandum of Conversation' → memorandum)."""
    words = heading.kind if heading and heading.kind else head_text
    for phrase, doctype in forms.doctypes:
        if re.match(rf"{re.escape(phrase)}\b", words):
            return doctype
    return None


def channel_doctype(source_note: str | None, forms: FrusForms) -> str | None:
    """'893.24/1449: Telegram' → telegram: the channel the source note names."""
    if not source_note:
        return None
    tail = source_note.rpartition(":")[2].strip()
    for word, doctype in forms.channels:
        if tail.lower() == word.lower():
            return doctype
    return None
