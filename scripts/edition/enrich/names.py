"""Linking names to the registers, through the name forms the registers list.

The registers (``tei/registers/*.xml``) are the only source of name forms:
an editor adds a variant there and the next run links it. A form that belongs
to more than one entry is never linked by guessing; it is reported instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..tei import XML_ID, normalize_space, parse_file, tei, xpath
from .textnodes import in_tei, wrap_matches

#: register file → (prefix, entry element, name element)
REGISTERS = {
    "persons.xml": ("psn", "person", "persName"),
    "places.xml": ("plc", "place", "placeName"),
    "orgs.xml": ("org", "org", "orgName"),
}

#: Where names are never looked for in running text.
SKIP = in_tei("teiHeader", "persName", "placeName", "orgName", "gap", "ptr", "date",
              "bibl", "title", "ref", "choice")


@dataclass
class Register:
    """Name forms of every register entry, ready for matching."""

    #: normalised form → {(name element, pointer)}
    forms: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    #: pointer → regularised short name (surname), for titles
    short: dict[str, str] = field(default_factory=dict)
    #: pointers known to the registers
    pointers: set[str] = field(default_factory=set)

    def lookup(self, text: str) -> set[tuple[str, str]]:
        return self.forms.get(clean(text), set())

    def pattern(self) -> re.Pattern[str] | None:
        """One alternation of every form, longest first, matched on word boundaries."""
        if not self.forms:
            return None
        ordered = sorted(self.forms, key=len, reverse=True)
        return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(f) for f in ordered) + r")(?!\w)")


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
            surname = xpath(entry, f"tei:{name_tag}[@type='reg']/tei:surname")
            reg = xpath(entry, f"tei:{name_tag}[@type='reg']")
            if surname:
                register.short[pointer] = normalize_space(surname[0].text)
            elif reg:
                register.short[pointer] = normalize_space("".join(reg[0].itertext()))
            for name in xpath(entry, f"tei:{name_tag}"):
                form = clean("".join(name.itertext()))
                if form:
                    register.forms.setdefault(form, set()).add((name_tag, pointer))
    return register


def link_names(root: etree._Element, register: Register) -> list[str]:
    """Give marked names their ``@ref`` and mark the register's forms in running text.

    Returns messages about names that could not be linked.
    """
    problems: list[str] = []
    scope = xpath(root, "tei:text | tei:teiHeader/tei:profileDesc/tei:correspDesc")
    for tag in ("persName", "placeName", "orgName"):
        for name in (n for part in scope for n in part.iter(tei(tag))):
            if name.get("ref"):
                continue
            text = "".join(name.itertext())
            matches = {p for t, p in register.lookup(text) if t == tag}
            if len(matches) == 1:
                name.set("ref", matches.pop())
            elif matches:
                problems.append(f"'{clean(text)}' matches {len(matches)} register entries: "
                                + ", ".join(sorted(matches)))
            else:
                problems.append(f"'{clean(text)}' is not in the register")

    pattern = register.pattern()
    if pattern is None:
        return problems

    def make(match: re.Match[str]) -> etree._Element | None:
        found = register.lookup(match.group(0))
        if len(found) != 1:
            return None
        tag, pointer = next(iter(found))
        element = etree.Element(tei(tag), ref=pointer)
        element.text = match.group(0)
        return element

    body = root.find(tei("text"))
    if body is not None:
        wrap_matches(body, pattern, make, SKIP)
    return problems
