"""What the name linking leaves for an editor to decide: ``edition names`` and ``edition link``."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from spellchecker import SpellChecker

from .enrich import EDITED_SAFE, EnrichContext, run_enrichers
from .enrich.context import set_contexts
from .enrich.names import load_registers
from .enrich.textnodes import in_tei
from .language import language
from .store import atomic_write
from .tei import TEIFileError, clean_text, parse_file, tei, to_bytes, xpath

#: Folders of tei/ whose files mention people (registers and edition.xml describe them).
TEXT_FOLDERS = ("letters", "notes", "essays")

#: Words that introduce a person's name (sources/language.xml): what follows is name-like.
TITLES = language().alternation("courtesy-titles")
WORD = r"[A-Z][^\W\d_A-Z]+(?:-[A-Z]?[^\W\d_A-Z]+)*"
TITLED = re.compile(rf"\b(?:{TITLES})\s+(?P<name>(?!(?:{TITLES})\b){WORD}(?:\s+{WORD})*)")
CAPITALISED = re.compile(rf"(?<![.!?]\s)(?<!^){WORD}(?:\s+{WORD})*")
OUTSIDE = in_tei("persName", "placeName", "orgName", "title", "bibl", "listBibl", "ref", "idno",
                 "date", "time", "head", "choice", "gap")


@dataclass
class NamesReport:
    """Everything ``edition names`` prints, one list per kind of decision."""

    unlinked: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)

    @property
    def needs_decision(self) -> bool:
        return bool(self.unlinked or self.unresolved or self.ambiguous)


def text_files(tei_dir: Path) -> list[Path]:
    return sorted(p for folder in TEXT_FOLDERS for p in (tei_dir / folder).glob("*.xml"))


def running_text(element: etree._Element):
    """Text nodes outside names, titles, citations and dates, with their element."""
    if OUTSIDE(element) and element.tag != tei("text"):
        return
    if element.text:
        yield element, element.text
    for child in element:
        if isinstance(child.tag, str):
            yield from running_text(child)
        if child.tail:
            yield element, child.tail


def name_like(text: str, speller: SpellChecker) -> list[str]:
    """Strings that look like names of people or places: after a title, or not English words."""
    found = [m["name"] for m in TITLED.finditer(text)]
    for match in CAPITALISED.finditer(text):
        words = [w for part in match.group(0).split() for w in part.split("-")]
        if re.fullmatch(TITLES, match.group(0)):
            continue
        if any(w.lower().strip("’'") not in speller for w in words):
            found.append(match.group(0))
    return found


def names_report(tei_dir: Path) -> NamesReport:
    register = load_registers(tei_dir / "registers")
    speller = SpellChecker()
    report = NamesReport()
    used: Counter[str] = Counter()
    loose: Counter[str] = Counter()
    for path in text_files(tei_dir):
        try:
            root = parse_file(path).getroot()
        except TEIFileError as exc:
            report.unresolved.append(str(exc))
            continue
        for name in xpath(root, "//tei:persName | //tei:placeName | //tei:orgName"):
            if name.getparent() is not None and name.getparent().tag in (
                tei("person"), tei("place"), tei("org")
            ):
                continue
            ref = name.get("ref")
            where = f"{path}:{name.sourceline}"
            if not ref:
                if xpath(name, "ancestor::tei:titleStmt"
                               " | ancestor::tei:publisher | ancestor::tei:pubPlace"):
                    continue
                report.unresolved.append(f"{where}: '{clean_text(name)}' has no @ref")
            elif ref not in register.pointers:
                report.unresolved.append(f"{where}: '{clean_text(name)}' points to {ref}, "
                                         "which is not in the registers")
            else:
                used[ref] += 1
        used.update(str(ref) for ref in xpath(root, "//tei:title/@ref"))
        text = root.find(tei("text"))
        if text is None:
            continue
        for element, value in running_text(text):
            for candidate in name_like(value, speller):
                if not register.lookup(candidate):
                    loose[f"{path}:{element.sourceline}: '{candidate}'"] += 1
    report.unlinked = sorted(loose)
    report.unused = sorted(p for p in register.pointers if p not in used)
    report.ambiguous = [f"'{form}': {', '.join(sorted(pointers))}"
                        for form, pointers in sorted(register.ambiguous().items())]
    return report


def link_files(tei_dir: Path, paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Run the name linking on edited TEI and refresh previous/next letters; write what changed."""
    context = EnrichContext.load(tei_dir / "registers",
                                 tei_dir.parent / "sources" / "corrections.xml")
    problems: list[str] = []
    trees: dict[Path, etree._Element] = {}
    before: dict[Path, bytes] = {}
    for path in paths:
        root = parse_file(path).getroot()
        before[path] = path.read_bytes()
        problems.extend(run_enrichers(root, context.at(str(path)), only=EDITED_SAFE))
        trees[path] = root
    letters_dir = tei_dir / "letters"
    letters = {}
    for path in sorted(letters_dir.glob("*.xml")):
        if path not in trees:
            trees[path] = parse_file(path).getroot()
            before[path] = path.read_bytes()
        letters[path.stem] = trees[path]
    set_contexts(letters)
    written = []
    for path, root in trees.items():
        data = to_bytes(root)
        if data != before[path]:
            atomic_write(path, data)
            written.append(path)
    return written, problems
