"""One reader per source format; each recognises structure and returns TEI documents."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..model import Document, Source
from . import essay, frus, soviet
from .frus_dates import parse_dateline

Reader = Callable[[Source, Path], list[Document]]

READERS: dict[str, Reader] = {
    "soviet": soviet.read,
    "essay": essay.read,
    "frus": frus.read,
}


def detect_format(text: str) -> str | None:
    """Guess a transcription's format from how it is built, not from what it says."""
    lines = [line.strip() for line in text.splitlines()]
    letter_starts = sum(1 for line in lines if re.fullmatch(r"No\.\s*\d+", line))
    if letter_starts >= 1 and any(
        re.match(r"(Sent|Received) on |Handed to ", line) for line in lines
    ):
        return "soviet"
    if re.search(r"^\s*BIBLIOGRAPHY\s*$", text, re.MULTILINE) or re.search(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]", text):
        return "essay"
    if re.search(r"\[Page \d+\]", text) or re.search(r"^\s+1\.\s", text, re.MULTILINE):
        return "frus"
    # A FRUS document copied from its web page opens with source note and heading, then its
    # dateline: a line that is only a place and a full date, near the top.
    opening = [line for line in lines if line][:8]
    if any(parse_dateline(line) for line in opening[1:]):
        return "frus"
    return None
