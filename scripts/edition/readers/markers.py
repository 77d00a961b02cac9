"""Footnote markers glued to words in plain-text transcriptions.

Web transcriptions lose superscripts: "treaty1", "Moscow,4", "Hitlerism.6",
"Stalin*2". A marker is a run of digits right after a letter (or a letter and
closing punctuation), or a run of asterisks. Numbers standing free or inside
other numbers ($1,000,000,000, P–40's, No. L–27, 1941) never match.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_CLOSING = r"""[.,;:!?’”"')\]]"""
_AFTER = r"""(?=$|[\s.,;:!?’”"')\]—–-])"""

MARKER = re.compile(
    rf"(?P<stars>(?<=\S)\*+)(?P<starnum>\d{{1,3}})?{_AFTER}"
    rf"|(?:(?<=[^\W\d_])|(?<=[^\W\d_]{_CLOSING}))(?P<num>\d{{1,3}}){_AFTER}"
)


@dataclass(frozen=True)
class Marker:
    """A note marker as printed: ``*`` (an unnumbered note) or a number."""

    label: str
    start: int
    end: int

    @property
    def number(self) -> int | None:
        return int(self.label) if self.label.isdigit() else None


def find_markers(text: str, accept: Callable[[int], bool] = lambda n: True) -> Iterator[Marker]:
    """Markers in ``text`` in order; ``accept`` vetoes implausible note numbers."""
    for match in MARKER.finditer(text):
        if match["stars"]:
            yield Marker(match["stars"], match.start("stars"), match.end("stars"))
            if match["starnum"] and accept(int(match["starnum"])):
                yield Marker(match["starnum"], match.start("starnum"), match.end("starnum"))
        elif accept(int(match["num"])):
            yield Marker(match["num"], match.start("num"), match.end("num"))


def split_markers(
    text: str, accept: Callable[[int], bool] = lambda n: True
) -> list[str | Marker]:
    """``text`` cut into plain strings and the markers between them."""
    parts: list[str | Marker] = []
    position = 0
    for marker in find_markers(text, accept):
        if marker.start > position:
            parts.append(text[position : marker.start])
        parts.append(marker)
        position = marker.end
    if position < len(text):
        parts.append(text[position:])
    return parts
