"""Note markers in FRUS web text: which printed numbers are the markers of the note list.

The web copy loses superscripts, so a marker is a number glued to a word
("Stalin80"), to closing punctuation ("noon.26"), to a number ("18.25",
"October 826", "No. 4412"), or standing after a space at the end of a
heading ("to Marshal Stalin 1"). Which candidates are markers is decided by
the note list: its length and the printed numbers going up one by one.
"""

from __future__ import annotations

import re

from .frus_forms import FrusForms
from .markers import Marker

#: "[Page 543]" where a printed page begins; the spaces around it are rejoined.
PAGE = re.compile(r"(?P<before>\s*)\[Page\s+(?P<n>\d+)\](?P<after>\s*)")
#: A note marker after a space at the end of a heading-like line: "to Marshal Stalin 1".
SPACED_MARKER = re.compile(r"(?<=[^\W\d_])\s+(?P<n>[1-9]\d{0,2})$")


def mask_pages(text: str) -> str:
    """Page markers blanked out (same length), so their numbers are never note markers."""
    return PAGE.sub(lambda m: " " * len(m.group(0)), text)


def choose_markers(candidates: list[tuple], count: int) -> dict[int, int]:
    """Pick the candidates that are the note markers: candidate index → list position.

    Each candidate is (number, strong) or (number, strong, span) with span =
    (line index, start, end) in reading order. Printed numbers only go up by one
    from note to note (a misprint may repeat one), so the markers form a chain
    over the list's ``count`` positions, and two markers never overlap (the
    digits of "No. 4412" hold one marker at most). The best chain places most
    notes, skips fewest, repeats fewest and rests most on numbers glued to words.
    """
    best: dict[tuple[int, int], tuple[tuple[int, int, int, int], tuple[int, int] | None]] = {}
    for j, (number, strong, *_span) in enumerate(candidates):
        if number is None:
            continue
        for position in range(count):
            score = (1, -position, 0, int(strong))
            best[(j, position)] = (score, None)
        for (i, q), (score, _) in list(best.items()):
            if i >= j or overlaps(candidates[i], candidates[j]):
                continue
            step = number - candidates[i][0]
            if step < 0:
                continue
            position = q + max(step, 1)
            if position >= count:
                continue
            new = (score[0] + 1, score[1] - max(step - 1, 0), score[2] - (step == 0),
                   score[3] + int(strong))
            if (j, position) not in best or new > best[(j, position)][0]:
                best[(j, position)] = (new, (i, q))
    if not best:
        return {}
    state: tuple[int, int] | None = max(best, key=lambda k: best[k][0])
    chosen = {}
    while state is not None:
        chosen[state[0]] = state[1]
        state = best[state][1]
    return chosen


def overlaps(first: tuple, second: tuple) -> bool:
    """Whether two candidates share characters (both with spans, on the same line)."""
    if len(first) < 3 or len(second) < 3:
        return False
    (line1, start1, end1), (line2, start2, end2) = first[2], second[2]
    return line1 == line2 and start1 < end2 and start2 < end1


def extra_markers(text: str, forms: FrusForms, *, heading_like: bool) -> list[Marker]:
    """FRUS's own marker places beyond the shared ones: after a space at the end of a
    heading-like line ("to Marshal Stalin 1"), and glued to a number FRUS prints after
    "No." or "telegram" ("No. 4412" may be No. 44 and note 12)."""
    found: list[Marker] = []
    if heading_like:
        spaced = SPACED_MARKER.search(text)
        if spaced:
            found.append(Marker(spaced["n"], spaced.start("n"), spaced.end("n")))
    words = forms.alternation(forms.number_words)
    if words:
        for match in re.finditer(rf"(?<!\w)(?:{words})\s*(?P<run>\d{{2,7}})(?![\d,])",
                                 text):
            run, start = match["run"], match.start("run")
            for width in range(1, len(run)):
                note = run[width:]
                if not note.startswith("0") and len(note) <= 3:
                    found.append(Marker(note, start + width, start + len(run), "number"))
    return found
