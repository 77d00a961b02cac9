"""Valid corpora of any size for the benchmarks, cloned from the edition's real letters.

Each clone of a letter gets a new file name and ``xml:id`` (its inner ids and
``#`` pointers renamed with it) and its dates moved by whole weeks, so printed
weekdays still agree and the sent and received dates stay inside the
edition's span. The shared notes list every clone that cites them, and the
previous/next letters (``correspContext``) are computed again over the whole
corpus with the converter's own pass, so the corpus is valid like the edition.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from pathlib import Path

from lxml import etree

from edition.enrich.context import set_contexts
from edition.tei import TEI_NS, parse_file, to_bytes

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
DATE_ATTRIBUTES = ("when", "notBefore", "notAfter", "from", "to")
#: Elements whose @from/@to are page numbers, not dates.
NOT_DATES = {f"{{{TEI_NS}}}biblScope", f"{{{TEI_NS}}}citedRange"}
SPAN = (dt.date(1941, 6, 22), dt.date(1945, 12, 31))
FULL_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(.*)$")


def make_corpus(edition: Path, target: Path, letters: int, seed: int = 12) -> int:
    """Write a copy of ``edition`` (a ``tei/`` folder) with ``letters`` letters into ``target``.

    The real letters are kept; clones fill the rest. Returns the number of letters.
    """
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(edition, target)
    originals = sorted((target / "letters").glob("*.xml"))
    roots = {path.stem: parse_file(path).getroot() for path in originals}
    notes = {path.name: parse_file(path) for path in sorted((target / "notes").glob("*.xml"))}
    chooser = random.Random(seed)
    number = 0
    while len(roots) < letters:
        original = originals[number % len(originals)]
        number += 1
        ident = f"{original.stem}-c{number:05d}"
        root = clone(parse_file(original).getroot(), original.stem, ident, chooser)
        if root is None:
            continue
        cite_in_notes(root, ident, notes)
        roots[ident] = root
    set_contexts(roots)
    for ident, root in roots.items():
        (target / "letters" / f"{ident}.xml").write_bytes(to_bytes(root))
    for name, tree in notes.items():
        (target / "notes" / name).write_bytes(to_bytes(tree.getroot()))
    return len(roots)


def clone(root: etree._Element, old: str, new: str,
          chooser: random.Random) -> etree._Element | None:
    """The letter under a new id, its dates shifted by whole weeks within the span."""
    renamed = {}
    for element in root.iter():
        value = element.get(XML_ID)
        if value is not None:
            fresh = new + value[len(old):] if value.startswith(old) else f"{new}-{value}"
            renamed[value] = fresh
            element.set(XML_ID, fresh)
    for element in root.iter():
        for name, value in element.attrib.items():
            if "#" in value or f"{old}.xml" in value:
                element.set(name, " ".join(_renamed(token, old, new, renamed)
                                           for token in value.split()))
    weeks = _weeks_allowed(root)
    if weeks is None:
        return None
    shift = dt.timedelta(weeks=chooser.randint(*weeks))
    for element in root.iter():
        if element.tag in NOT_DATES:
            continue
        for name in DATE_ATTRIBUTES:
            value = element.get(name)
            found = FULL_DATE.match(value or "")
            if found:
                try:
                    day = dt.date.fromisoformat(found.group(1)) + shift
                except ValueError:
                    continue
                element.set(name, day.isoformat() + found.group(2))
    return root


def _renamed(token: str, old: str, new: str, renamed: dict[str, str]) -> str:
    if token.startswith("#") and token[1:] in renamed:
        return "#" + renamed[token[1:]]
    if token.startswith(f"{old}.xml"):
        file, _, fragment = token.partition("#")
        return f"{new}.xml" + (f"#{renamed.get(fragment, fragment)}" if fragment else "")
    return token


def _weeks_allowed(root: etree._Element) -> tuple[int, int] | None:
    """The range of week shifts that keeps every sent and received date inside the span."""
    days = []
    for date in root.iter(f"{{{TEI_NS}}}date"):
        if date.getparent().tag != f"{{{TEI_NS}}}correspAction" or date.get("cert"):
            continue
        for name in DATE_ATTRIBUTES:
            found = FULL_DATE.match(date.get(name) or "")
            if found:
                days.append(dt.date.fromisoformat(found.group(1)))
    if not days:
        return (0, 0)
    lowest = -((min(days) - SPAN[0]).days // 7)
    highest = (SPAN[1] - max(days)).days // 7
    return (lowest, highest) if lowest <= highest else None


def cite_in_notes(root: etree._Element, ident: str, notes: dict[str, etree._ElementTree]) -> None:
    """Add the clone to the @target of every shared note it points to (NOTE-BACKLINK)."""
    for pointer in root.iter(f"{{{TEI_NS}}}ptr"):
        if pointer.get("type") != "noteref":
            continue
        file, _, fragment = (pointer.get("target") or "").partition("#")
        tree = notes.get(file.rsplit("/", 1)[-1]) if file.startswith("../notes/") else None
        if tree is None:
            continue
        for note in tree.getroot().iter(f"{{{TEI_NS}}}note"):
            if note.get(XML_ID) == fragment:
                citing = f"../letters/{ident}.xml"
                tokens = (note.get("target") or "").split()
                if citing not in tokens:
                    note.set("target", " ".join([*tokens, citing]))
