"""``correspContext``: each letter points to the previous and next letter of its correspondence.

A correspondence is a pair of correspondents (Stalin and Roosevelt), taken
from a letter's first sender and first addressee; the letters of a pair are
ordered by date (sent, else received), then by their number in the source.
Pointers are reciprocal by construction.
"""

from __future__ import annotations

from lxml import etree

from ..tei import E, tei, xpath


def correspondence_key(root: etree._Element) -> frozenset[str] | None:
    """The unordered pair of the first sender and first addressee (register pointers)."""
    desc = "tei:teiHeader/tei:profileDesc/tei:correspDesc[1]"
    sender = xpath(root, f"{desc}/tei:correspAction[@type='sent']/tei:persName[1]/@ref")
    addressee = xpath(root, f"{desc}/tei:correspAction[@type='received']/tei:persName[1]/@ref")
    if not sender or not addressee or sender[0] == addressee[0]:
        return None
    return frozenset((str(sender[0]), str(addressee[0])))


def sort_key(root: etree._Element) -> tuple[str, int, str]:
    """Date, number in the source, id: the order the rule CONTEXT-ORDER checks.

    The date is the earliest the letter can have been sent (``@when``,
    ``@notBefore`` or ``@from`` of the first sent date), else received, like
    ``e:letter-date`` in ``schema/edition.sch``: a letter known only to be
    "not before" a day is ordered at that day, not after every dated letter.
    """
    desc = "tei:teiHeader/tei:profileDesc/tei:correspDesc[1]/tei:correspAction"
    day = ""
    for kind in ("sent", "received"):
        date = xpath(root, f"{desc}[@type='{kind}'][1]/tei:date[1]")
        values = [date[0].get(name) for name in ("when", "notBefore", "from")] if date else []
        day = next((value[:10] for value in values if value), "")
        if day:
            break
    if not day:  # known only by a latest date: ordered there (the rule has no date to check)
        bounds = xpath(root, f"{desc}/tei:date/@when | {desc}/tei:date/@notAfter"
                             f" | {desc}/tei:date/@to")
        day = str(bounds[0])[:10] if bounds else ""
    number = xpath(root, "string(tei:teiHeader//tei:sourceDesc/tei:bibl/tei:biblScope"
                         "[@unit='letter'])")
    return (day or "9999", int(number) if number.isdigit() else 0,
            root.get("{http://www.w3.org/XML/1998/namespace}id", ""))


def title(root: etree._Element) -> str:
    return xpath(root, "string(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1])")


def set_contexts(letters: dict[str, etree._Element]) -> set[str]:
    """Write previous/next into every letter (by xml:id); returns the ids whose context changed."""
    chains: dict[frozenset[str], list[str]] = {}
    for ident, root in letters.items():
        key = correspondence_key(root)
        if key is not None:
            chains.setdefault(key, []).append(ident)
    changed: set[str] = set()
    neighbours: dict[str, tuple[str | None, str | None]] = {i: (None, None) for i in letters}
    for members in chains.values():
        members.sort(key=lambda i: sort_key(letters[i]))
        for position, ident in enumerate(members):
            previous = members[position - 1] if position else None
            following = members[position + 1] if position + 1 < len(members) else None
            neighbours[ident] = (previous, following)
    for ident, (previous, following) in neighbours.items():
        if _apply(letters[ident], letters, previous, following):
            changed.add(ident)
    return changed


def _apply(root, letters, previous, following) -> bool:
    """Replace the letter's correspContext when its pointers differ; True when they did."""
    desc = xpath(root, "tei:teiHeader/tei:profileDesc/tei:correspDesc[1]")
    if not desc:
        return False
    wanted = [
        (kind, f"{other}.xml", title(letters[other]))
        for kind, other in (("previous", previous), ("next", following))
        if other
    ]
    old = desc[0].find(tei("correspContext"))
    present = [
        (ref.get("type"), ref.get("target"), xpath(ref, "string(.)"))
        for ref in (old.iter(tei("ref")) if old is not None else [])
    ]
    if present == wanted:
        return False
    if old is not None:
        desc[0].remove(old)
    if wanted:
        desc[0].append(E.correspContext(
            *(E.ref(text, type=kind, target=target) for kind, target, text in wanted)
        ))
    return True
