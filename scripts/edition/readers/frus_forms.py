"""The FRUS vocabulary editors maintain in ``sources/frus-forms.xml``.

Classification words, courtesy titles, the titles of heads of state, the words
that announce a number, a handing-over or a date in a note: the FRUS reader
knows them only from this file, so an editor teaches it a new word there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import ReaderError
from ..tei import TEIFileError, normalize_space, parse_file, xpath

FORMS_FILE = Path("sources") / "frus-forms.xml"


@dataclass(frozen=True)
class FrusForms:
    """Word lists of ``frus-forms.xml`` (see the comment at the top of that file)."""

    classification: frozenset[str]
    opener_marks: tuple[str, ...]
    courtesy: tuple[str, ...]
    heads: tuple[str, ...]
    number_words: tuple[str, ...]
    handed: tuple[str, ...]
    passed_on: tuple[str, ...]
    dated: tuple[str, ...]
    undated: tuple[str, ...]
    participants: tuple[str, ...]
    note_salutes: tuple[str, ...]
    note_closes: tuple[str, ...]
    #: (heading words, doctype), longest words first
    doctypes: tuple[tuple[str, str], ...]
    #: (source-note word, doctype)
    channels: tuple[tuple[str, str], ...]

    def alternation(self, words: tuple[str, ...]) -> str:
        """A regex alternation of ``words``, longest first, each escaped."""
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def forms_path(edition_file: Path) -> Path:
    """``sources/frus-forms.xml`` of the project whose ``tei/edition.xml`` is given."""
    return edition_file.resolve().parent.parent / FORMS_FILE


@lru_cache(maxsize=4)
def _load(path: Path, stamp: float) -> FrusForms:
    try:
        root = parse_file(path).getroot()
    except TEIFileError as exc:
        raise ReaderError(str(exc)) from exc

    def words(kind: str) -> tuple[str, ...]:
        return tuple(normalize_space("".join(item.itertext()))
                     for item in xpath(root, f"tei:list[@type='{kind}']/tei:item"))

    def pairs(kind: str) -> tuple[tuple[str, str], ...]:
        found = []
        for item in xpath(root, f"tei:list[@type='{kind}']/tei:item"):
            target = item.get("target")
            if not target:
                raise ReaderError(f"{path}:{item.sourceline}: an item of the list '{kind}' "
                                  "needs @target (a category of the taxonomy 'doctypes')")
            found.append((normalize_space("".join(item.itertext())), target))
        return tuple(sorted(found, key=lambda p: len(p[0]), reverse=True))

    return FrusForms(
        classification=frozenset(w.lower() for w in words("classification")),
        opener_marks=words("opener-marks"),
        courtesy=words("courtesy"),
        heads=words("heads"),
        number_words=words("number-words"),
        handed=words("handed"),
        passed_on=words("passed-on"),
        dated=words("dated"),
        undated=words("undated"),
        participants=words("participants"),
        note_salutes=words("note-salutes"),
        note_closes=words("note-closes"),
        doctypes=pairs("doctypes"),
        channels=pairs("channel"),
    )


def load_forms(edition_file: Path) -> FrusForms:
    """The project's FRUS vocabulary; a missing or broken file is a clear error."""
    path = forms_path(edition_file)
    try:
        stamp = path.stat().st_mtime
    except OSError as exc:
        raise ReaderError(f"{path}: cannot read the FRUS vocabulary ({exc.strerror})") from exc
    return _load(path, stamp)
