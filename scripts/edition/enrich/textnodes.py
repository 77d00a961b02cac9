"""Rewriting runs of text inside mixed content, for passes that wrap phrases in elements."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from ..tei import TEI_NS

Maker = Callable[[re.Match[str]], etree._Element | None]


def wrap_matches(
    element: etree._Element,
    pattern: re.Pattern[str],
    make: Maker,
    skip: Callable[[etree._Element], bool],
    on_skip: Callable[[etree._Element], None] | None = None,
) -> int:
    """Wrap every match of ``pattern`` in the text under ``element`` with ``make(match)``.

    Text is visited in document order, so ``make`` may keep context (the last
    date seen, say). Elements for which ``skip`` is true are left alone with
    everything inside them (a name already marked, a date the reader found...)
    and handed to ``on_skip`` at their place in that order. ``make`` may return
    ``None`` to leave a match as text. Returns the number of wraps.
    """
    if skip(element):
        if on_skip:
            on_skip(element)
        return 0
    count = 0
    # Own text, then each child followed by its tail (the tail belongs to us).
    count += _wrap_slot(element, None, pattern, make)
    for child in list(element):
        if isinstance(child.tag, str):
            count += wrap_matches(child, pattern, make, skip, on_skip)
        count += _wrap_slot(element, child, pattern, make)
    return count


def _wrap_slot(parent, child, pattern, make) -> int:
    value = parent.text if child is None else child.tail
    if not value:
        return 0
    pieces: list[str | etree._Element] = []
    position = 0
    for match in pattern.finditer(value):
        made = make(match)
        if made is None:
            continue
        pieces.append(value[position : match.start()])
        pieces.append(made)
        position = match.end()
    if not pieces:
        return 0
    pieces.append(value[position:])
    # Re-thread: the first string stays where it was, each element takes the next string as
    # tail. Each new element goes right after the previous one (``addnext``), never by
    # index: finding a position by index walks the children, which made long paragraphs
    # with many wraps quadratic.
    if child is None:
        parent.text = pieces[0]
    else:
        child.tail = pieces[0]
    previous = child
    for i in range(1, len(pieces), 2):
        node = pieces[i]
        if previous is None:
            parent.insert(0, node)
        else:
            previous.addnext(node)
        node.tail = pieces[i + 1]
        previous = node
    return len(pieces) // 2


def in_tei(*names: str) -> Callable[[etree._Element], bool]:
    """A ``skip`` predicate: true for TEI elements with one of these local names."""
    tags = {f"{{{TEI_NS}}}{name}" for name in names}
    return lambda element: element.tag in tags


def wrap_first(parent: etree._Element, needle: str, make: Callable[[str], etree._Element]) -> None:
    """Wrap the first occurrence of ``needle`` in ``parent``'s own text (not its children's)."""
    done: list[bool] = []

    def once(match: re.Match[str]) -> etree._Element | None:
        if done:
            return None
        done.append(True)
        return make(match.group(0))

    wrap_matches(parent, re.compile(re.escape(needle)), once, lambda e: e is not parent)
