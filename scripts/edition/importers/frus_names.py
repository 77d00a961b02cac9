"""Names in imported documents: linked through the registers, unknown ones made provisional.

A sender, addressee or dateline place the registers do not know becomes a
new register entry marked ``note type="provisional"`` for an editor to
check, merge or complete. It gets an ID of its own even when a namesake's ID
is taken (``henderson-2``): entries are never merged by guessing.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

from lxml import etree

from ..enrich import EnrichContext, run_enrichers
from ..enrich.corrections import CorrectionRules
from ..enrich.names import Register
from ..language import language
from ..store import atomic_write
from ..tei import TEI_NS, XML_ID, E, normalize_space, parse_file, xpath

#: tag of the name → (register file, prefix, entry tag, list tag)
PROVISIONAL = {
    "persName": ("persons.xml", "psn", "person", "listPerson"),
    "placeName": ("places.xml", "plc", "place", "listPlace"),
}


#: The registry's passes an import runs: FRUS's TEI is typeset text, not OCR, so the
#: corrections pass has nothing to mend; the type FRUS's form gives is kept by ``doctype``.
IMPORT_PASSES = ("names", "citations", "dates", "doctype", "titles")


def enrich(root: etree._Element, register: Register, where: str) -> list[str]:
    """The passes convert runs, through the one registry, minus OCR corrections."""
    context = EnrichContext(register, CorrectionRules(), language(), where)
    return run_enrichers(root, context, only=IMPORT_PASSES)


def resolve_header_names(root: etree._Element, register: Register, when: str | None) -> list[str]:
    """Sender, addressee, author and place through the registers, offices by the date.

    The heading's marked names in the text take the same entry ("Secretary of
    State" in the heading is the addressee "the Secretary of State").
    """
    problems: list[str] = []
    linked: dict[str, str] = {}
    for name in header_names(root):
        tag = etree.QName(name).localname
        text = normalize_space("".join(name.itertext()))
        pointers = {f.pointer for f in register.lookup(text, when, tag)}
        if len(pointers) == 1:
            name.set("ref", pointers.pop())
            linked[text.removeprefix("the ")] = name.get("ref")
        elif pointers:
            problems.append(f"'{text}' matches {len(pointers)} register entries: "
                            + ", ".join(sorted(pointers)) + "; an editor links it")
    for name in xpath(root, "tei:text//tei:head//*[self::tei:persName or self::tei:placeName]"
                            "[not(@ref)]"):
        text = normalize_space("".join(name.itertext())).removeprefix("the ")
        if text in linked:
            name.set("ref", linked[text])
    return problems


def header_names(root: etree._Element) -> list[etree._Element]:
    return xpath(root, "tei:teiHeader/tei:profileDesc/*[self::tei:correspDesc or "
                       "self::tei:creation]//*[(self::tei:persName or self::tei:placeName) "
                       "and not(@ref)]")


def registers_for(out: Path, project_registers: Path) -> Path:
    """The registers the imported letters point into: ``OUT/registers``, from the project's."""
    folder = out / "registers"
    if not folder.exists() and project_registers.exists():
        shutil.copytree(project_registers, folder)
    return folder


def add_provisional_entries(root: etree._Element, folder: Path, origin: str,
                            known: dict[str, tuple[str, str]] | None = None) -> list[str]:
    """Give unlinked correspondents and places a provisional register entry; say which.

    ``known`` maps a name as the heading prints it to the volume's own entry for the
    person (full name, description), which the new entry takes.
    """
    messages: list[str] = []
    names = header_names(root)
    made: dict[tuple[str, str], str] = {}
    for name in names:
        tag = etree.QName(name).localname
        text = normalize_space("".join(name.itertext())).strip(" ,.;:")
        if not text:
            continue
        if re.match(r"(?i)the\b", text):
            # an office the registers have no dated role for: not a person to invent
            messages.append(f"{origin}: '{text}' is an office no register entry holds at the "
                            "document's date; add a role form (type=\"role\", from/to) to the "
                            "person who held it")
            continue
        key = (tag, text)
        if key not in made:
            filename, prefix, entry_tag, list_tag = PROVISIONAL[tag]
            full, about = (known or {}).get(text, (text, ""))
            ident = new_entry(folder / filename, entry_tag, list_tag, tag, text, origin,
                              full=full, about=about)
            made[key] = f"{prefix}:{ident}"
            messages.append(f"{origin}: '{text}' is not in the registers; added as provisional "
                            f"entry {prefix}:{ident} in {folder / filename} for an editor")
        name.set("ref", made[key])
    return messages


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", plain.lower())
    ident = "-".join(words) or "entry"
    return ident if ident[0].isalpha() else f"n-{ident}"


def new_entry(path: Path, entry_tag: str, list_tag: str, name_tag: str, text: str,
              origin: str, *, full: str | None = None, about: str = "") -> str:
    """Append an entry to the register file, keeping every byte an editor wrote."""
    data = path.read_bytes()
    taken = set(parse_file(path).getroot().xpath("//@xml:id"))
    full = full or text
    base = slug(full.split(",")[0] if "," in full else text)
    ident, number = base, 1
    while ident in taken:
        number += 1
        ident = f"{base}-{number}"
    forms = [E(name_tag, form, type="variant") for form in dict.fromkeys((text, full))]
    described = [E.note(about)] if about else []
    entry = E(entry_tag, E(name_tag, full, type="reg"), *forms, *described,
              E.note(f"Provisional: added by edition import frus from {origin}. An editor checks "
                     "who this is, merges it with an existing entry or completes it, and removes "
                     "this note.", type="provisional"))
    entry.set(XML_ID, ident)
    text_entry = etree.tostring(entry, encoding="unicode").replace(f' xmlns="{TEI_NS}"', "")
    closing = f"</{list_tag}>".encode()
    at = data.rfind(closing)
    if at < 0:
        raise ValueError(f"{path}: no <{list_tag}> to add the entry '{text}' to")
    data = data[:at] + b"  " + text_entry.encode() + b"\n      " + data[at:]
    atomic_write(path, data)
    return ident


