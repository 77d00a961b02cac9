"""Matching an essay's references to its bibliography: by surname, year and title.

A surname spelt differently (one or two letters) still finds its entry, marked
uncertain; two works of one author are told apart by year, then by the words
of the short title. Entries get ids ``PREFIX-surname-year`` that are unique by
construction.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ...language import language
from .citations import Citation

#: Words that repeat the reference before ("Ibid., 24."), from sources/language.xml.
IBID = {word.lower().strip(".") for word in language().words("repeat-references")}
TITLE_STOPWORDS = {"a", "an", "the", "and", "of", "in", "on", "to", "for", "my", "from",
                   "with", "at", "by"}


def fold(text: str) -> str:
    """Lower case without accents, for comparing names and titles."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slug(text: str) -> str:
    """An xml:id-safe form of a surname."""
    value = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "anon"
    return value if value[0].isalpha() else f"b-{value}"


def distance(a: str, b: str) -> int:
    """Levenshtein distance, to recognise a misspelt surname."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def title_words(title: str) -> set[str]:
    """Significant words of a title."""
    return {w for w in re.findall(r"[^\W_]+", fold(title)) if w not in TITLE_STOPWORDS}


def main_title(title: str) -> str:
    """A title without its subtitle: short titles are made from this part."""
    return title.split(":")[0]


def overlap(a: set[str], b: set[str]) -> float:
    """Jaccard similarity of two word sets."""
    return len(a & b) / len(a | b) if a | b else 0.0


@dataclass
class Entry:
    """A bibliography entry, as citations are matched against it."""

    xml_id: str
    surnames: list[str]
    title: str | None
    year: str | None


def match_entry(citation: Citation, entries: list[Entry]) -> tuple[Entry, bool] | str:
    """The bibliography entry a reference points to, or why there is none."""
    if not citation.surnames:
        return "no author in the reference"
    name = fold(citation.surnames[0])
    candidates = [e for e in entries if e.surnames and fold(e.surnames[0]) == name]
    exact = bool(candidates)
    if not candidates:
        limit = 1 if len(name) < 8 else 2
        near = [(distance(name, fold(e.surnames[0])), e) for e in entries
                if e.surnames and len(name) >= 4]
        best = min((d for d, _ in near), default=limit + 1)
        if best <= limit:
            candidates = [e for d, e in near if d == best]
    if not candidates:
        return f"no bibliography entry for '{citation.surnames[0]}'"
    if len(candidates) > 1 and len(citation.surnames) > 1:
        others = {fold(s) for s in citation.surnames[1:]}
        candidates = [e for e in candidates
                      if others <= {fold(s) for s in e.surnames[1:]}] or candidates
    if len(candidates) > 1 and citation.year:
        candidates = [e for e in candidates if e.year == citation.year] or candidates
    if len(candidates) > 1 and citation.title:
        candidates = by_title(citation.title, candidates)
    if len(candidates) != 1:
        ids = ", ".join(e.xml_id for e in candidates)
        return f"'{citation.surnames[0]}' may be any of {ids}"
    return candidates[0], exact

def by_title(title: str, candidates: list[Entry]) -> list[Entry]:
    """The entries whose title is closest to a (short) title."""
    words, short = title_words(title), title_words(main_title(title))

    def score(entry: Entry) -> tuple[float, float]:
        full = entry.title or ""
        return (overlap(short, title_words(main_title(full))),
                overlap(words, title_words(full)))

    best = max(score(e) for e in candidates)
    if best == (0.0, 0.0):
        return candidates
    return [e for e in candidates if score(e) == best]
