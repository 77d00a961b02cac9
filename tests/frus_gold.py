"""Fact-by-fact comparison of the FRUS reader's TEI with the Office of the Historian's TEI.

Used by the test suite (tests/test_reader_frus_gold.py) and by the benchmark
(tests/benchmarks/bench_frus_gold.py). A fact is compared only where the
Historian's TEI states it; each comparison is one agreement or one miss.

Facts: the sent date (with its time), the received date ("[Received …]"), every
note (printed number, the word before its marker and the start of its text), every
page break (number
and the word before it), every sender and addressee the heading marks, and the
document type (an editor's reading of each gold document's heading and form,
in ``GOLD_TYPES``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "frus-gold"
NS = {"tei": "http://www.tei-c.org/ns/1.0", "frus": "http://history.state.gov/frus/ns/1.0"}
TEI = "{http://www.tei-c.org/ns/1.0}"
FACTS = ("sent date", "received date", "note", "page break", "sender", "addressee",
         "document type")
MONTHS = list(calendar.month_name)[1:]

#: What each gold document is, as an editor reads its heading and form.
GOLD_TYPES = {
    "frus1942China_d511": "telegram",
    "frus1942China_d512": "telegram",
    "frus1942China_d516": "telegram",
    "frus1943China_d737": "memorandum",
    "frus1944Quebec_d116": "telegram",
    "frus1944Quebec_d289": "message",
}


@dataclass
class Comparison:
    """Agreements and misses per fact, with the misses spelt out."""

    agreed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FACTS, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FACTS, 0))
    misses: list[str] = field(default_factory=list)

    def check(self, document: str, fact: str, expected, found) -> None:
        self.total[fact] += 1
        if expected == found:
            self.agreed[fact] += 1
        else:
            self.misses.append(f"{document}: {fact}: FRUS {expected!r}, ours {found!r}")

    def percent(self, fact: str) -> float:
        return 100.0 * self.agreed[fact] / self.total[fact] if self.total[fact] else 100.0

    def table(self) -> str:
        rows = [f"{'fact':<15} {'agree':>5} / {'of':<5} {'%':>6}"]
        for fact in FACTS:
            rows.append(f"{fact:<15} {self.agreed[fact]:>5} / {self.total[fact]:<5} "
                        f"{self.percent(fact):>6.1f}")
        return "\n".join(rows)


def last_word(text: str) -> str:
    words = re.findall(r"[\w’']+", text)
    return words[-1] if words else ""


def text_of(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def anchored(body: etree._Element, tag: str, skip_types: Iterable[str] = (), *,
             text: bool = False) -> list[tuple]:
    """(n, last word before it) for each ``tag`` element in reading order, notes' text aside;
    with ``text``, the first 40 characters of the element's own text too."""
    result: list[tuple] = []
    seen: list[str] = []

    def walk(element: etree._Element) -> None:
        seen.append(element.text or "")
        for child in element:
            if not isinstance(child.tag, str):
                seen.append(child.tail or "")
                continue
            if child.tag == TEI + tag and child.get("type") not in skip_types:
                found = (child.get("n"), last_word("".join(seen)))
                result.append(found + (text_of(child)[:40],) if text else found)
            elif child.tag == TEI + "note":
                if child.get("type") in skip_types:
                    seen.append(text_of(child) + " ")
            else:
                walk(child)
            seen.append(child.tail or "")

    walk(body)
    return result


# -- the Historian's TEI ------------------------------------------------------------------


def gold_div(gold: etree._Element) -> etree._Element:
    return gold.xpath("//tei:div[@type='document']", namespaces=NS)[0]


def gold_sent(div: etree._Element) -> str | None:
    when = div.xpath("(tei:opener | tei:closer)/tei:dateline/tei:date/@when", namespaces=NS)
    if when:
        return when[0]
    low = div.get("{http://history.state.gov/frus/ns/1.0}doc-dateTime-min")
    return low[:10] if low else None


def gold_received(div: etree._Element, sent: str | None) -> str | None:
    """'[Received October 4—10:09 a.m.]' read with the sent date's year (the next if earlier)."""
    for dateline in div.xpath(".//tei:dateline", namespaces=NS):
        match = re.search(r"\[Received\s+(\w+)\s+(\d{1,2})(?:,?\s+(\d{4}))?"
                          r"(?:\s*[—,]\s*(\d{1,2})(?::(\d\d))?\s*([ap])\.m\.)?", text_of(dateline))
        if not match:
            continue
        month, day, year, hour, minute, half = match.groups()
        year = int(year) if year else int(sent[:4])
        value = f"{year:04d}-{MONTHS.index(month) + 1:02d}-{int(day):02d}"
        if sent and not match.group(3) and value < sent[:10]:
            value = f"{year + 1:04d}{value[4:]}"
        if hour:
            h = int(hour) % 12 + (12 if half == "p" else 0)
            value += f"T{h:02d}:{int(minute or 0):02d}:00"
        return value
    return None


def gold_facts(gold: etree._Element) -> dict:
    div = gold_div(gold)
    head = div.xpath("tei:head", namespaces=NS)[0]
    sent = gold_sent(div)
    return {
        "sent date": sent,
        "received date": gold_received(div, sent),
        "notes": [note for note in anchored(div, "note", ("source",), text=True) if note[0]],
        "pages": anchored(div, "pb"),
        "senders": [last_word(text_of(p)) for p in
                    head.xpath(".//tei:persName[@type='from']", namespaces=NS)],
        "addressees": [last_word(text_of(p)) for p in
                       head.xpath(".//*[@type='to']", namespaces=NS)],
    }


# -- the edition's TEI --------------------------------------------------------------------


def our_facts(root: etree._Element) -> dict:
    profile = root.find(f"{TEI}teiHeader/{TEI}profileDesc")
    main = profile.find(f"{TEI}correspDesc") if profile is not None else None
    creation = profile.find(f"{TEI}creation") if profile is not None else None

    def action(kind: str) -> etree._Element | None:
        return main.find(f"{TEI}correspAction[@type='{kind}']") if main is not None else None

    def when(element: etree._Element | None) -> str | None:
        date = element.find(f"{TEI}date") if element is not None else None
        return date.get("when") if date is not None else None

    def people(element: etree._Element | None) -> list[str]:
        if element is None:
            return []
        return [last_word(text_of(p)) for p in element
                if p.tag in (TEI + "persName", TEI + "name", TEI + "orgName")]

    body = root.find(f"{TEI}text/{TEI}body")
    types = root.xpath("//tei:catRef[@scheme='ed:doctypes']/@target", namespaces=NS)
    return {
        "sent date": when(creation) if creation is not None else when(action("sent")),
        "received date": when(action("received")),
        "notes": anchored(body, "note", ("source", "received"), text=True),
        "pages": anchored(body, "pb"),
        "senders": people(creation) if creation is not None else people(action("sent")),
        "addressees": people(action("received")),
        "document type": types[0].removeprefix("ed:doctype-") if types else None,
        "has creation": creation is not None,
    }


def compare(name: str, ours: etree._Element, gold: etree._Element,
            comparison: Comparison) -> None:
    """Add one document's facts to ``comparison``."""
    expected, found = gold_facts(gold), our_facts(ours)
    comparison.check(name, "sent date", expected["sent date"], found["sent date"])
    if expected["received date"]:
        comparison.check(name, "received date", expected["received date"],
                         found["received date"])
    for index, note in enumerate(expected["notes"]):
        mine = found["notes"][index] if index < len(found["notes"]) else None
        comparison.check(name, "note", note, mine)
    for extra in found["notes"][len(expected["notes"]):]:
        comparison.check(name, "note", None, extra)
    for index, page in enumerate(expected["pages"]):
        mine = found["pages"][index] if index < len(found["pages"]) else None
        comparison.check(name, "page break", page, mine)
    for extra in found["pages"][len(expected["pages"]):]:
        comparison.check(name, "page break", None, extra)
    for sender in expected["senders"]:
        comparison.check(name, "sender", sender, sender if sender in found["senders"]
                         else found["senders"])
    for addressee in expected["addressees"]:
        comparison.check(name, "addressee", addressee, addressee
                         if addressee in found["addressees"] else found["addressees"])
    if GOLD_TYPES.get(name):
        comparison.check(name, "document type", GOLD_TYPES[name], found["document type"])
        if GOLD_TYPES[name] == "memorandum":
            comparison.check(name, "document type", "creation, no correspDesc",
                             "creation, no correspDesc" if found["has creation"] and not
                             ours.xpath("//tei:correspDesc", namespaces=NS) else "correspDesc")


def gold_names() -> list[str]:
    return sorted(path.stem for path in GOLD.glob("*.txt") if path.with_suffix(".xml").exists())


def run(convert) -> Comparison:
    """Convert every gold text with ``convert(path) -> root`` and compare it with its TEI."""
    comparison = Comparison()
    for name in gold_names():
        ours = convert(GOLD / f"{name}.txt")
        gold = etree.parse(str(GOLD / f"{name}.xml")).getroot()
        compare(name, ours, gold, comparison)
    return comparison
