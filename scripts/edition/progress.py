"""Progress bars for work that takes more than a few seconds, on a terminal only.

A bar goes to standard error, so ``--format json`` output and pipes stay
clean, and only when standard error is a terminal: in CI, in tests and in
scripts the work is silent. Short runs get no bar at all.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

#: Below this many items the work is over before a bar would help.
MINIMUM_ITEMS = 200


def wanted(count: int) -> bool:
    """A bar only for long work and only where someone is watching."""
    return count >= MINIMUM_ITEMS and sys.stderr.isatty()


def progress(items: Iterable[T], count: int, label: str) -> Iterator[T]:
    """``items`` unchanged, with a bar labelled ``label`` when one is wanted."""
    if not wanted(count):
        yield from items
        return
    import click  # only where a bar is shown: workers import this module, and start faster

    with click.progressbar(items, length=count, label=label, file=sys.stderr,
                           show_pos=True, show_eta=True) as bar:
        yield from bar
