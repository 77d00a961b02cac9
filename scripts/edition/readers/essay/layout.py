"""Layout repair for essays extracted from a paginated layout.

The extraction keeps the page: footnotes stand between the two halves of a
paragraph a page end cut, line ends may carry a soft hyphen, and the
extraction's own syntax (``*italics*``, backslash escapes, ``<links>``, private
sentinels for page breaks) is in the text. These functions undo that, each in
time linear in the text: a paragraph of megabytes is joined as fast as a line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from ...language import language
from ...tei import E, normalize_space
from ..text import Block

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPTS, "0123456789")
FOOTNOTE_LINE = re.compile(rf"^(?P<n>[{SUPERSCRIPTS}]+)\s*(?P<text>.*)$")
MARKERS = re.compile(rf"[{SUPERSCRIPTS}]+")

#: Where a page ended inside a paragraph: between two words, or inside one.
#: Private-use characters, so they cannot clash with the text (which is checked).
PAGE_BREAK = "\ue000"
PAGE_BREAK_IN_WORD = "\ue001"
SENTINELS = PAGE_BREAK + PAGE_BREAK_IN_WORD

_URL_END = r"[^\s<>.,;:!?)\]'\"”’\ue000\ue001]"
URL = re.compile(rf"<https?://[^\s<>]+>|https?://[^\s<>\ue000\ue001]*{_URL_END}")
#: The extraction's inline syntax. A backslash before ASCII punctuation is a
#: Markdown escape (``\$6 billion``): the escape is dropped, the character kept,
#: so the text reads as printed and nothing of the essay is lost.
INLINE = re.compile(
    r"<(?P<bracketed>https?://[^\s<>]+)>"
    rf"|(?P<url>https?://[^\s<>\ue000\ue001]*{_URL_END})"
    r"|\*(?P<italic>[^\s*](?:[^*]*[^\s*])?)\*"
    r"|\\(?P<escaped>[!-/:-@\[-`{-~])"
    rf"|(?P<marker>[{SUPERSCRIPTS}]+)"
    rf"|(?P<pb>[{SENTINELS}])"
)
ITALIC = re.compile(r"\*(?P<text>[^\s*](?:[^*]*[^\s*])?)\*")

#: A paragraph is complete when it ends like a sentence (ignoring quotes and markers).
SENTENCE_END = (".", "!", "?", ":")
CLOSING = "”\"’')]*"
#: Words left in lower case inside a title ("Expansion and Coexistence").
MINOR_WORDS = {word.lower() for word in language().words("minor-words")}
MAX_HEADING = 120


def strip_markers(text: str) -> str:
    """Text without note markers, for tests on how a line ends."""
    return MARKERS.sub("", text)


def plain(raw: str) -> str:
    """Text without the extraction's syntax, for titles and matching."""
    text = ITALIC.sub(lambda m: m["text"], raw)
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
    text = re.sub(rf"[{SENTINELS}]", "", text)
    return normalize_space(strip_markers(text))


def is_closed(raw: str) -> bool:
    """Whether a paragraph ends like a sentence, so that what follows is a new one."""
    text = strip_markers(raw).rstrip()
    if text.endswith(("...", "…")):
        return False  # a quotation broken off at the page end
    return text.rstrip(CLOSING).endswith(SENTENCE_END)


def starts_lower(text: str) -> bool:
    """Whether a block begins in lower case, i.e. continues a sentence."""
    letters = re.search(r"[^\W\d_]", text)
    lead = text[: letters.start()] if letters else text
    return bool(letters) and letters.group().islower() and not re.search(r"\w", lead)


def is_caps(text: str) -> bool:
    """A line in capitals: the back matter's heads ("BIBLIOGRAPHY", "BOOKS")."""
    return (len(text) <= 60 and re.search(r"[A-Z]{2}", text) is not None
            and text == text.upper() and not re.search(r"\d", text))


def is_title_case(text: str) -> bool:
    """Every significant word capitalised, as in the name of a book or newspaper."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", plain(text))
    return bool(words) and all(
        word[0].isupper() or (index and word.lower() in MINOR_WORDS)
        for index, word in enumerate(words)
    )


@lru_cache(maxsize=4)
def _compounds(whole: str) -> frozenset[str]:
    """Every hyphenated word of the text, lower case: found once, asked at every line end."""
    return frozenset(m.group(0).lower() for m in re.finditer(r"(?<![\w-])\w+(?:-\w+)+(?![\w-])",
                                                             whole))


def compound_hyphen(left: str, right: str, whole: str) -> bool:
    """Whether a hyphen at a line or page end belongs to the word (a compound)."""
    head = re.search(r"[\w'’.-]*-$", left[-200:]).group()
    tail_match = re.match(r"[\w'’]+", right)
    tail = tail_match.group() if tail_match else ""
    if not tail or not tail[0].islower():
        return True  # "Soviet-French-" + "British"
    if "-" in head[:-1]:
        return True  # already a compound: "anti-Soviet-" + "minded"
    # Written with the hyphen elsewhere in the essay: a compound; else ("Ameri-" + "can")
    # a soft hyphen of the layout.
    word = head + tail
    if re.fullmatch(r"\w+-\w+", word):
        return word.lower() in _compounds(whole)
    pattern = rf"(?<![\w-]){re.escape(word)}(?![\w-])"
    return re.search(pattern, whole, re.IGNORECASE) is not None


def seam(left: str, right: str, whole: str, *, page: bool) -> tuple[str, str, str]:
    """How two pieces cut by the layout join: (left as kept, what goes between, right).

    Only the ends of ``left`` are looked at, so joining many pieces stays linear.
    """
    left, right = left.rstrip(), right.lstrip()
    if re.search(r"[^\W\d_]-$", left[-2:]) and re.match(r"\w", right):
        if not compound_hyphen(left, right, whole):
            left = left[:-1]
        return left, (PAGE_BREAK_IN_WORD if page else ""), right
    if left.endswith(("—", "–")):
        return left, (PAGE_BREAK_IN_WORD if page else ""), right
    return left, " " + (PAGE_BREAK if page else ""), right


def join(left: str, right: str, whole: str, *, page: bool) -> str:
    """Join two halves of a paragraph cut by the layout; ``page`` marks a page break there."""
    return "".join(seam(left, right, whole, page=page))


class Joined:
    """A text built from pieces cut by the layout, joined as they come, in linear time."""

    def __init__(self, first: str) -> None:
        self.parts = [first]

    def add(self, text: str, whole: str, *, page: bool) -> None:
        left, between, right = seam(self.parts[-1], text, whole, page=page)
        self.parts[-1] = left
        self.parts += [between, right]

    @property
    def tail(self) -> str:
        """The last piece: enough to tell how the text ends."""
        return self.parts[-1]

    @property
    def text(self) -> str:
        if len(self.parts) > 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0]


def block_text(block: Block, whole: str) -> str:
    """A block's lines as one string, line-end hyphenation undone."""
    joined = Joined(block.lines[0])
    for line in block.lines[1:]:
        joined.add(line, whole, page=False)
    return normalize_space(joined.text)


def page_break(sentinel: str) -> etree._Element:
    """The page break of the layout; there are no printed page numbers to give it."""
    pb = E.pb(type="layout")
    if sentinel == PAGE_BREAK_IN_WORD:
        pb.set("break", "no")
    return pb
