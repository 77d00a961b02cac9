"""Linking names to the registers, through the name forms the registers list.

The registers (``tei/registers/*.xml``) are the only source of name forms:
an editor adds a variant there and the next run links it. Forms of the kind
``<persName type="role" from="1933-03-04" to="1945-04-12">the President</persName>``
stand for a person only while he held the office, so they are linked only in
documents dated inside that span. A form that belongs to more than one entry
is never linked by guessing; it is reported instead. Variants the register
marks as misspellings or errors are linked and keep that mark (``@type``), so
the reading stays visible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from ..header import document_date
from ..language import language
from ..tei import XML_ID, normalize_space, parse_file, tei, xpath
from .textnodes import in_tei, wrap_matches

if TYPE_CHECKING:
    from .base import EnrichContext

#: register file → (prefix, entry element, name element)
REGISTERS = {
    "persons.xml": ("psn", "person", "persName"),
    "places.xml": ("plc", "place", "placeName"),
    "orgs.xml": ("org", "org", "orgName"),
}

#: Where names are never looked for in running text.
SKIP = in_tei("teiHeader", "persName", "placeName", "orgName", "gap", "ptr", "date", "time",
              "bibl", "listBibl", "title", "ref", "choice", "idno")


@dataclass(frozen=True)
class Form:
    """One name form of one register entry."""

    text: str
    tag: str
    pointer: str
    kind: str = "variant"
    subtype: str | None = None
    start: str | None = None
    end: str | None = None

    def applies(self, when: str | None) -> bool:
        """Role forms only inside their span, and only in dated documents."""
        if self.kind != "role":
            return True
        if not when:
            return False
        return (self.start or "0000") <= when[:10] <= (self.end or "9999")


@dataclass
class Register:
    """Name forms of every register entry, ready for matching."""

    #: normalised form → forms of entries that carry it
    forms: dict[str, list[Form]] = field(default_factory=dict)
    #: pointer → regularised short name (surname), for titles
    short: dict[str, str] = field(default_factory=dict)
    #: pointers known to the registers
    pointers: set[str] = field(default_factory=set)
    #: compiled patterns by the forms they match (documents of one period share one)
    _patterns: dict[tuple[str, ...], re.Pattern[str]] = field(default_factory=dict, repr=False)

    def lookup(self, text: str, when: str | None = None, tag: str | None = None) -> list[Form]:
        """The entries a form can stand for in a document of date ``when``."""
        key = clean(text)
        found = self.forms.get(key) or self.forms.get(key[:1].lower() + key[1:]) or []
        found = [f for f in found if f.applies(when) and (tag is None or f.tag == tag)]
        # A dated role form says what the name means at that date ("Russia" in a wartime
        # document is the Soviet Union); it is more specific than a plain variant.
        roles = [f for f in found if f.kind == "role"]
        return roles if roles and len({f.pointer for f in roles}) == 1 else found

    def ambiguous(self) -> dict[str, set[str]]:
        """Variants (not role forms) that belong to more than one entry."""
        result = {}
        for text, forms in self.forms.items():
            pointers = {f.pointer for f in forms if f.kind != "role"}
            if len(pointers) > 1:
                result[text] = pointers
        return result

    def pattern(self, when: str | None = None) -> re.Pattern[str] | None:
        """One alternation of the forms that apply at ``when``, longest first, on word boundaries.

        Role forms that do not apply are left out rather than rejected after
        matching, so they cannot hide a longer name ("the President Coolidge").
        A role form followed by "of" or by a capitalised word is not a role.
        """
        applicable = [t for t, forms in self.forms.items() if any(f.applies(when) for f in forms)]
        if not applicable:
            return None
        key = tuple(applicable)
        if key not in self._patterns:
            self._patterns[key] = self._compile(applicable)
        return self._patterns[key]

    def _compile(self, applicable: list[str]) -> re.Pattern[str]:
        alternatives = []
        for form in sorted(applicable, key=len, reverse=True):
            escaped = re.escape(form)
            if form[:1].islower():
                # "the President" also at the start of a sentence.
                escaped = f"[{form[0].upper()}{form[0]}]" + re.escape(form[1:])
            if all(f.kind == "role" for f in self.forms[form]):
                escaped += r"(?!\s+(?:of\b|[A-Z]))"
            alternatives.append(escaped)
        return re.compile(r"(?<![\w.])(?:" + "|".join(alternatives) + r")(?!\w)")


@cache
def _courtesy_titles() -> re.Pattern[str]:
    return re.compile(rf"^(?:(?:{language().alternation('courtesy-titles')})\s+)+")


def without_titles(text: str) -> str:
    """A name without the courtesy titles before it: 'Premier J. V. Stalin' → 'J. V. Stalin'."""
    return _courtesy_titles().sub("", text)


INITIALS = re.compile(r"^(?P<first>[A-Z][a-z]?\.)(?:\s*[A-Z][a-z]?\.)+\s*(?P<surname>[A-Z]\S+)$")


def shorter_forms(text: str) -> list[str]:
    """Forms to try when a marked name is not in the register as printed.

    Without courtesy titles ('Premier J. V. Stalin'), then with its first initial
    only ('President F. D. Roosevelt' → 'F. Roosevelt'): the register lists the
    forms printed in the sources, and a heading may add a title or an initial.
    """
    bare = without_titles(text)
    forms = [bare] if bare != text else []
    initials = INITIALS.match(bare)
    if initials:
        forms.append(f"{initials['first']} {initials['surname']}")
    return forms


@cache
def _named_thing() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What follows a name that is part of the name of a thing: ' Plan', '-Stalin pact'.

    The thing's word is capitalised ("the Marshall Plan"; "a United Nations plan" is
    a plan of the United Nations), except after names joined by a hyphen, which
    only a thing's name does ("the Hitler-Stalin pact"). The second pattern is for
    the last of the joined names.
    """
    things = language().alternation("named-things")
    return (re.compile(rf"\s+(?:{things})\b|(?:[-–][A-Z][\w’']*)+\s+(?i:{things})\b"),
            re.compile(rf"\s+(?i:{things})\b"))


JOINED_BEFORE = re.compile(r"[A-Z][\w’']*[-–]$")


def names_a_thing(match: re.Match[str]) -> bool:
    """Whether a name is part of the name of a pact, plan or doctrine ("the Hitler-Stalin
    Pact", "the Marshall Plan"): then it is not a mention of the person."""
    text, start, end = match.string, match.start(), match.end()
    after, after_joined = _named_thing()
    if after.match(text, end):
        return True
    return bool(JOINED_BEFORE.search(text, max(0, start - 40), start)) and bool(
        after_joined.match(text, end))


def clean(text: str) -> str:
    """A name form as it is compared: spaces normalised, trailing punctuation gone."""
    return normalize_space(text).strip(" ,;:*")


def load_registers(folder: Path) -> Register:
    register = Register()
    for filename, (prefix, entry_tag, name_tag) in REGISTERS.items():
        path = folder / filename
        if not path.exists():
            continue
        root = parse_file(path).getroot()
        for entry in root.iter(tei(entry_tag)):
            ident = entry.get(XML_ID)
            if not ident:
                continue
            pointer = f"{prefix}:{ident}"
            register.pointers.add(pointer)
            reg = xpath(entry, f"tei:{name_tag}[@type='reg']")
            surname = xpath(entry, f"tei:{name_tag}[@type='reg']/tei:surname")
            if surname:
                register.short[pointer] = normalize_space(surname[0].text)
            elif reg:
                register.short[pointer] = normalize_space("".join(reg[0].itertext()))
            for name in xpath(entry, f"tei:{name_tag}"):
                text = clean("".join(name.itertext()))
                if not text or name.get("type") == "modern":
                    continue
                kind = "role" if name.get("type") == "role" else "variant"
                form = Form(text, name_tag, pointer, kind, name.get("subtype"),
                            name.get("from") or name.get("notBefore"),
                            name.get("to") or name.get("notAfter"))
                register.forms.setdefault(text, []).append(form)
    return register


def link_names(root: etree._Element, register: Register) -> list[str]:
    """Give marked names their ``@ref`` and mark the register's forms in running text.

    Returns messages about names that could not be linked.
    """
    problems: list[str] = []
    when = document_date(root)
    problems.extend(link_citation_names(root, register))
    scope = xpath(root, "tei:text | tei:teiHeader/tei:profileDesc/tei:correspDesc"
                        " | tei:teiHeader/tei:profileDesc/tei:creation"
                        " | tei:teiHeader/tei:fileDesc/tei:sourceDesc")
    for tag in ("persName", "placeName", "orgName"):
        for name in (n for part in scope for n in part.iter(tei(tag))):
            if name.get("ref") or xpath(
                name, "(ancestor::tei:bibl | ancestor::tei:listBibl)[not(parent::tei:sourceDesc)]"
            ):
                continue  # authors in citations: see link_citation_names
            text = "".join(name.itertext())
            # A title the register does not list with this name ("Premier J. V. Stalin").
            forms = register.lookup(text, when, tag)
            for shorter in shorter_forms(clean(text)) if not forms else []:
                forms = register.lookup(shorter, when, tag)
                if forms:
                    break
            pointers = {f.pointer for f in forms}
            if len(pointers) == 1:
                name.set("ref", pointers.pop())
                mark_subtype(name, forms)
            elif pointers:
                problems.append(f"'{clean(text)}' matches {len(pointers)} register entries: "
                                + ", ".join(sorted(pointers)))
            else:
                problems.append(f"'{clean(text)}' is not in the register")

    # A newspaper named in the text is a title, and the organisation that publishes it.
    for title in xpath(root, "tei:text//tei:title[not(@ref)][not(ancestor::tei:bibl)]"):
        pointers = {f.pointer for f in register.lookup("".join(title.itertext()), when, "orgName")}
        if len(pointers) == 1:
            title.set("ref", pointers.pop())

    pattern = register.pattern(when)
    if pattern is None:
        return problems

    def make(match: re.Match[str]) -> etree._Element | None:
        if names_a_thing(match):
            return None
        forms = register.lookup(match.group(0), when)
        pointers = {f.pointer for f in forms}
        if len(pointers) != 1:
            return None
        element = etree.Element(tei(forms[0].tag), ref=forms[0].pointer)
        element.text = match.group(0)
        mark_subtype(element, forms)
        return element

    text = root.find(tei("text"))
    if text is not None:
        wrap_matches(text, pattern, make, SKIP)
    return problems


def link_citation_names(root: etree._Element, register: Register) -> list[str]:
    """Authors and editors in citations, linked through the work they cite.

    A bibliography entry's names are looked up in full ("Butler, Susan"); a
    short citation ("Roosevelt, 251.", bibl/@corresp to the entry) takes its
    author from the entry it cites, so the surname alone never decides
    (Roosevelt here is Elliott, the author of the book, not Franklin).
    """
    problems = []
    entries = {e.get(XML_ID): e for e in xpath(root, "//tei:listBibl//tei:bibl[@xml:id]")}
    for entry in entries.values():
        for name in xpath(entry, ".//tei:persName[not(@ref)]"):
            pointers = set()
            for form in name_orders(name):
                pointers = {f.pointer for f in register.lookup(form, tag="persName")}
                if pointers:
                    break
            if len(pointers) == 1:
                name.set("ref", pointers.pop())
            else:
                problems.append(f"author '{clean(''.join(name.itertext()))}' of "
                                f"{entry.get(XML_ID)} is not in the register")
    for citation in xpath(root, "//tei:bibl[starts-with(@corresp, '#')]"):
        entry = entries.get(citation.get("corresp")[1:])
        if entry is None:
            continue
        authors = xpath(entry, ".//tei:persName[@ref]")
        for name in xpath(citation, ".//tei:persName[not(@ref)]"):
            surname = clean(xpath(name, "string(tei:surname)") or "".join(name.itertext()))
            same = [a for a in authors if clean(xpath(a, "string(tei:surname)")) == surname]
            if same:
                name.set("ref", same[0].get("ref"))
            elif len(authors) == 1:
                # The citation names the entry's only author, misspelt ("Siegal").
                name.set("ref", authors[0].get("ref"))
                name.set("type", "misspelling")
    for name in xpath(root, "//tei:bibl//tei:persName[not(@ref)]"):
        for form in name_orders(name):
            pointers = {f.pointer for f in register.lookup(form, tag="persName")}
            if len(pointers) == 1:
                name.set("ref", pointers.pop())
                break
    return problems


def name_orders(name: etree._Element) -> list[str]:
    """A structured name as printed, as 'Surname, Forename' and as 'Forename Surname'."""
    surname = clean(xpath(name, "string(tei:surname)"))
    forename = clean(xpath(name, "string(tei:forename)"))
    forms = ["".join(name.itertext())]
    if surname and forename:
        forms += [f"{surname}, {forename}", f"{forename} {surname}"]
    return forms


def mark_subtype(element: etree._Element, forms: list[Form]) -> None:
    """Keep a misspelling or error visible on the linked name."""
    subtypes = {f.subtype for f in forms if f.subtype}
    if len(subtypes) == 1:
        element.set("type", subtypes.pop())



class NamesPass:
    """Names linked to the registers."""

    name = "names"
    order = 20

    def apply(self, document: etree._Element, context: EnrichContext) -> list[str]:
        return link_names(document, context.register)
