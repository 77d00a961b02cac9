"""Footnote markers glued to words in plain-text transcriptions.

Web transcriptions lose superscripts: "treaty1", "Moscow,4", "Hitlerism.6",
"Stalin*2". A marker is a run of digits right after a letter (or a letter and
closing punctuation), or a run of asterisks. Numbers standing free or inside
other numbers ($1,000,000,000, P–40's, No. L–27, 1941) never match.

With ``loose=True`` three weaker places are candidates too, for readers whose
``accept`` knows which numbers to expect (FRUS, where the note list is in the
text): after a word and several closing marks ('said.”81') or an ellipsis
('enemy …2'); after a number ending a phrase ('June 4 and 18.25'); and glued to
a date, where the digits cannot be a day or a year ('October 826' is October 8
and note 26, 'January 8, 194363' is 1943 and note 63).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..dates import MONTH_NAMES, YEAR

_CLOSING = r"""[.,;:!?’”"')\]]"""
_AFTER = r"""(?=$|[\s.,;:!?’”"')\]—–-])"""
_NUMBER = r"[1-9]\d{0,2}"

MARKER = re.compile(
    rf"(?P<stars>(?<=\S)\*+)(?P<starnum>\d{{1,3}})?{_AFTER}"
    rf"|(?:(?<=[^\W\d_])|(?<=[^\W\d_]{_CLOSING}))(?P<num>\d{{1,3}}){_AFTER}"
)

LOOSE_MARKER = re.compile(
    rf"(?:(?<=[^\W\d_]{_CLOSING}{{2}})|(?<=[^\W\d_]{_CLOSING}{{3}})|(?<=…))(?P<word>{_NUMBER}){_AFTER}"
    rf"|(?<=\d[.)\]’”])(?P<num>{_NUMBER}){_AFTER}"
    rf"|(?<!\w)(?:{MONTH_NAMES})\s+(?:(?P<day>\d{{1,2}}),\s+)?(?P<run>\d{{2,7}}){_AFTER}"
)

#: A year a marker can be glued to (the converter's one range of years).
_YEAR = re.compile(YEAR)


@dataclass(frozen=True)
class Marker:
    """A note marker as printed: ``*`` (an unnumbered note) or a number.

    ``kind`` says what it is glued to: ``word`` (strong evidence) or ``number``
    (a loose candidate after a number or inside a date's digits).
    """

    label: str
    start: int
    end: int
    kind: str = "word"

    @property
    def number(self) -> int | None:
        return int(self.label) if self.label.isdigit() else None


def _strict(text: str) -> Iterator[Marker]:
    """Markers glued to words and asterisks: what every reader accepts."""
    for match in MARKER.finditer(text):
        if match["stars"]:
            yield Marker(match["stars"], match.start("stars"), match.end("stars"))
            if match["starnum"]:
                yield Marker(match["starnum"], match.start("starnum"), match.end("starnum"))
        else:
            yield Marker(match["num"], match.start("num"), match.end("num"))


def _date_splits(run: str, start: int, after_day: bool) -> Iterator[Marker]:
    """Ways to read a date's digit run as day or year plus a glued note number."""
    if after_day or (len(run) > 4 and _YEAR.fullmatch(run[:4])):
        if len(run) > 4 and _YEAR.fullmatch(run[:4]) and re.fullmatch(_NUMBER, run[4:]):
            yield Marker(run[4:], start + 4, start + len(run), "number")
        return
    if _YEAR.fullmatch(run) or int(run) <= 31:
        return
    for width in (1, 2):
        day, rest = run[:width], run[width:]
        if 1 <= int(day) <= 31 and re.fullmatch(_NUMBER, rest):
            yield Marker(rest, start + width, start + len(run), "number")


def _loose(text: str) -> Iterator[Marker]:
    """The weaker candidates, only for readers that know which numbers to expect."""
    for match in LOOSE_MARKER.finditer(text):
        if match["word"]:
            yield Marker(match["word"], match.start("word"), match.end("word"))
        elif match["num"]:
            yield Marker(match["num"], match.start("num"), match.end("num"), "number")
        else:
            yield from _date_splits(match["run"], match.start("run"), bool(match["day"]))


def find_markers(
    text: str, accept: Callable[[int], bool] = lambda n: True, *, loose: bool = False
) -> Iterator[Marker]:
    """Markers in ``text`` in order; ``accept`` vetoes implausible note numbers.

    ``accept`` sees the numbered candidates in text order, so it may keep state.
    """
    candidates = list(_strict(text))
    if loose:
        candidates = sorted(candidates + list(_loose(text)), key=lambda m: (m.start, m.end))
    for marker in candidates:
        if marker.number is None or accept(marker.number):
            yield marker


def split_markers(
    text: str, accept: Callable[[int], bool] = lambda n: True, *, loose: bool = False
) -> list[str | Marker]:
    """``text`` cut into plain strings and the markers between them.

    Where ``accept`` keeps two overlapping readings of a date's digits, the first wins.
    """
    parts: list[str | Marker] = []
    position = 0
    for marker in find_markers(text, accept, loose=loose):
        if marker.start < position:
            continue
        if marker.start > position:
            parts.append(text[position : marker.start])
        parts.append(marker)
        position = marker.end
    if position < len(text):
        parts.append(text[position:])
    return parts
