"""Transcription errors corrected visibly: ``choice/sic/corr``, the source's reading kept.

A word is corrected when an editor confirmed the correction in
``sources/corrections.xml``, or when it is not English and one or two of the
OCR confusions listed there turn it into exactly one common English word
("eondud" → "conduct", "ii" → "in"). Capitalised words (names), roman numerals
and abbreviations are never touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree
from spellchecker import SpellChecker

from ..tei import E, parse_file, tei, xpath
from .textnodes import in_tei, wrap_matches

if TYPE_CHECKING:
    from .base import EnrichContext

RESP = "ed:conv"
#: A candidate must be at least this common in English (per word of running text)...
MIN_FREQUENCY = 1e-6
#: ... and, when several are possible, this many times commoner than the next best.
DOMINANCE = 100
WORD = re.compile(r"(?<![\w’'.-])[a-z0-9]{2,}(?![\w’'-]|\.\w)")
ROMAN = re.compile(r"^[ivxlcdm]+$")
#: Where a lower-case roman numeral is one: "vol. iii", "part ii", "(ii)".
ROMAN_BEFORE = re.compile(
    r"(?i)(?:\b(?:vols?|parts?|pt|ch|chap|chapter|book|art|sec|no)\.?\s*|\()$"
)
SKIP = in_tei("teiHeader", "choice", "persName", "placeName", "orgName", "title", "idno",
              "ref", "ptr", "bibl", "listBibl", "foreign", "gap", "date", "time", "pb")


@dataclass
class CorrectionRules:
    confusions: list[tuple[str, str]] = field(default_factory=list)
    confirmed: dict[str, str] = field(default_factory=dict)


def load_rules(path: Path) -> CorrectionRules:
    rules = CorrectionRules()
    if not path.exists():
        return rules
    root = parse_file(path).getroot()
    for kind, target in (("ocr-confusions", None), ("confirmed", rules.confirmed)):
        for choice in xpath(root, f"//tei:list[@type='{kind}']/tei:item/tei:choice"):
            sic = "".join(xpath(choice, "tei:sic//text()"))
            corr = "".join(xpath(choice, "tei:corr//text()"))
            if not sic:
                continue
            if target is None:
                rules.confusions.append((sic, corr))
            else:
                target[sic] = corr
    return rules


@cache
def dictionary() -> SpellChecker:
    return SpellChecker()


def variants(word: str, confusions: list[tuple[str, str]], depth: int = 2) -> set[str]:
    """Every reading reachable from ``word`` by up to ``depth`` confusion substitutions."""
    found = {word}
    frontier = {word}
    for _ in range(depth):
        following = set()
        for current in frontier:
            for wrong, right in confusions:
                start = current.find(wrong)
                while start >= 0:
                    following.add(current[:start] + right + current[start + len(wrong):])
                    start = current.find(wrong, start + 1)
        frontier = following - found
        found |= following
    return found - {word}


def correction_for(word: str, rules: CorrectionRules, before: str = "") -> tuple[str, str] | None:
    """(correction, certainty) for a damaged word, or None when it is fine or undecidable.

    ``before`` is the text just before the word, to recognise roman numerals.
    """
    if word in rules.confirmed:
        return rules.confirmed[word], "high"
    speller = dictionary()
    if word in speller or any(c.isdigit() for c in word):
        return None
    if ROMAN.match(word) and ROMAN_BEFORE.search(before):
        return None
    ranked = sorted(
        (
            (speller.word_usage_frequency(v), v)
            for v in variants(word, rules.confusions)
            if len(v) > 1 and v in speller
        ),
        reverse=True,
    )
    if not ranked or ranked[0][0] < MIN_FREQUENCY:
        return None
    if len(ranked) > 1 and ranked[0][0] < DOMINANCE * ranked[1][0]:
        return None
    return ranked[0][1], "medium"


def correct_text(root: etree._Element, rules: CorrectionRules) -> list[str]:
    """Wrap damaged words in ``choice``; returns one line per correction for the report."""
    made: list[str] = []

    def make(match: re.Match[str]) -> etree._Element | None:
        if len(match.group(0)) <= 4 and match.string[match.end() : match.end() + 1] == ".":
            return None  # an abbreviation: "mm.", "etc.", "vol."
        before = match.string[max(0, match.start() - 12) : match.start()]
        found = correction_for(match.group(0), rules, before)
        if not found:
            return None
        corrected, cert = found
        made.append(f"'{match.group(0)}' corrected to '{corrected}'")
        return E.choice(E.sic(match.group(0)), E.corr(corrected, resp=RESP, cert=cert))

    text = root.find(tei("text"))
    if text is not None:
        wrap_matches(text, WORD, make, SKIP)
    return made


class CorrectionsPass:
    """Damaged words corrected visibly, before names and dates are read."""

    name = "corrections"
    order = 10

    def apply(self, document: etree._Element, context: EnrichContext) -> list[str]:
        return correct_text(document, context.rules)
