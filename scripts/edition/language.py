"""The English words the converter reads with, from the editors' ``sources/language.xml``.

One loader for every word list (month names, weekdays, courtesy titles,
salutations, document-type words ...), so no reader or enricher carries its
own. A missing or broken file is an error naming the file, not a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .tei import TEIFileError, normalize_space, parse_file, xpath

#: Where the editors keep the file: ``sources/`` of the project the package belongs to.
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "sources" / "language.xml"


class LanguageError(Exception):
    """``sources/language.xml`` cannot be read or lacks a list the converter needs."""


@dataclass(frozen=True, eq=False)
class Language:
    """Every list of ``language.xml``: type → items, each item a tuple of its forms."""

    lists: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    #: type → the item's @n values, in the order of ``lists[type]``.
    keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    path: Path = DEFAULT_PATH

    def items(self, kind: str) -> tuple[tuple[str, ...], ...]:
        try:
            return self.lists[kind]
        except KeyError:
            raise LanguageError(f"{self.path}: no <list type='{kind}'>") from None

    def words(self, kind: str) -> list[str]:
        """All forms of a list, flat."""
        return [form for item in self.items(kind) for form in item]

    def keyed(self, kind: str) -> dict[str, str]:
        """form (lower case) → the @n of its item (document types, month numbers)."""
        result: dict[str, str] = {}
        for key, item in zip(self.keys[kind], self.items(kind), strict=True):
            for form in item:
                result[form.lower()] = key
        return result

    def alternation(self, kind: str) -> str:
        """A regular-expression alternation of a list's forms, longest first, escaped."""
        forms = sorted(set(self.words(kind)), key=len, reverse=True)
        return "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in forms)

    # -- the lists with a calendar meaning ---------------------------------

    @property
    def months(self) -> dict[str, int]:
        """Every month name and abbreviation (lower case) → its number."""
        return {form.lower(): int(key) for form, key in self.keyed("months").items()}

    @property
    def month_names(self) -> list[str]:
        """The full names, in calendar order."""
        return [item[0] for item in self.items("months")]

    @property
    def weekdays(self) -> list[str]:
        return [item[0] for item in self.items("weekdays")]


def load_language(path: Path = DEFAULT_PATH) -> Language:
    """Read ``language.xml``; errors name the file and line."""
    return _load(path.resolve())


@cache
def _load(path: Path) -> Language:
    try:
        root = parse_file(path).getroot()
    except TEIFileError as exc:
        raise LanguageError(str(exc)) from exc
    lists: dict[str, tuple[tuple[str, ...], ...]] = {}
    keys: dict[str, tuple[str, ...]] = {}
    for listing in xpath(root, "//tei:list[@type]"):
        items, names = [], []
        for item in xpath(listing, "tei:item"):
            terms = xpath(item, "tei:term")
            forms = tuple(normalize_space("".join(t.itertext())) for t in terms) if terms \
                else (normalize_space("".join(item.itertext())),)
            forms = tuple(f for f in forms if f)
            if not forms:
                raise LanguageError(f"{path}:{item.sourceline}: an item without words")
            items.append(forms)
            names.append(item.get("n") or forms[0])
        lists[listing.get("type")] = tuple(items)
        keys[listing.get("type")] = tuple(names)
    return Language(lists, keys, path)


def language() -> Language:
    """The project's language data (cached).

    The modules that read with it load it when imported, before any command can
    catch an error; so a broken file ends the program with its message (file and
    line), not with a traceback.
    """
    try:
        return load_language(DEFAULT_PATH)
    except LanguageError as exc:
        raise SystemExit(f"error: {exc}") from None
