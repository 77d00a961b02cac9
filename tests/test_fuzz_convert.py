"""Fuzzing `edition convert` over mutated real sources (bounded, seeded, part of the suite).

Every case must end in a conversion whose files are well-formed XML with
unique xml:ids, or in a ``ReaderError`` naming the source; anything else (a
traceback) fails the test with the seed and case needed to reproduce it.
"""

from __future__ import annotations

import functools
import random
from pathlib import Path

import pytest
from lxml import etree

from edition import convert as convert_module
from edition.convert import convert
from edition.model import ReaderError
from edition.tei import XML_ID, safe_parser

from .conftest import ROOT

SEED = 13
CASES = 240
#: Pieces of text that mean something to the readers, and some that mean trouble.
PALETTE = ["*", "**", "1", "12", "³", "No. 3", "No. 1", "Sent on February 30, 1942",
           "Received on ", "Handed to", "[Page 5]", "  1. ", "\n\n", "<", "&amp;", "]]>",
           "\ufeff", "—", "\t", "Moscow, November 31, 1941", "Mr President", "Stalin",
           "Telegram", "[Enclosure]", "Memorandum of Conversation", "811.24/1", "\n", "\u00a0",
           "August 4, 1941", "1941", "(", ")", "\"", "J. V. Stalin to F. Roosevelt", "∗"]


def excerpt(path: Path, blocks: int) -> str:
    """The first ``blocks`` blank-line separated blocks of a source: small, fast cases."""
    return "\n\n".join(path.read_text(encoding="utf-8").split("\n\n")[:blocks]) + "\n"


def sources() -> list[tuple[str, str]]:
    folder = ROOT / "sources"
    return [
        ("soviet-vol2-1941.txt", excerpt(folder / "soviet-vol2-1941.txt", 24)),
        ("frus-1942-v03-p543-roosevelt-stalin.txt",
         (folder / "frus-1942-v03-p543-roosevelt-stalin.txt").read_text(encoding="utf-8")),
        ("frus-1943-v03-p616-standley-molotov.txt",
         (folder / "frus-1943-v03-p616-standley-molotov.txt").read_text(encoding="utf-8")),
        ("frus-1941-v01-p802-hopkins-memorandum.txt",
         excerpt(folder / "frus-1941-v01-p802-hopkins-memorandum.txt", 14)),
    ]


def mutate(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    kind = rng.randrange(7)
    at = rng.randrange(len(lines))
    if kind == 0:  # a line lost
        del lines[at]
    elif kind == 1:  # a line doubled
        lines.insert(at, lines[at])
    elif kind == 2:  # two lines swapped
        other = rng.randrange(len(lines))
        lines[at], lines[other] = lines[other], lines[at]
    elif kind == 3:  # something inserted inside a line
        line = lines[at]
        cut = rng.randrange(len(line) + 1)
        lines[at] = line[:cut] + rng.choice(PALETTE) + line[cut:]
    elif kind == 4:  # the text cut short
        return "\n".join(lines[: at + 1])[: rng.randrange(1, 4000)]
    elif kind == 5:  # a character replaced by any other
        line = lines[at]
        if line:
            cut = rng.randrange(len(line))
            lines[at] = line[:cut] + chr(rng.choice([rng.randrange(32, 0x2FF),
                                                     rng.randrange(0x2000, 0x2100)])) + \
                line[cut + 1:]
    else:  # a line replaced by one of another place
        lines[at] = rng.choice(lines)
    return "\n".join(lines)


def check_written(out: Path) -> None:
    for path in out.rglob("*.xml"):
        tree = etree.parse(str(path), safe_parser())
        ids = [e.get(XML_ID) for e in tree.iter() if isinstance(e.tag, str) and e.get(XML_ID)]
        assert len(ids) == len(set(ids)), f"{path}: duplicate xml:id"


@pytest.mark.parametrize("part", range(4))
def test_convert_ends_in_a_conversion_or_a_clear_error(tmp_path, monkeypatch, project, part):
    # Registers and rules are read once, not once per case (they are not what is fuzzed).
    context_class = convert_module.EnrichContext
    monkeypatch.setattr(context_class, "load", staticmethod(functools.cache(context_class.load)))
    originals = sources()
    rng = random.Random(SEED * 100 + part)
    failures = []
    converted = 0
    for case in range(CASES // 4):
        name, text = rng.choice(originals)
        for _ in range(rng.randrange(1, 4)):
            text = mutate(rng, text)
        folder = tmp_path / f"case{case}"
        folder.mkdir()
        source = folder / name
        source.write_text(text, encoding="utf-8")
        out = folder / "tei"
        try:
            convert([source], out, "auto", project)
        except ReaderError as exc:
            if not str(exc).startswith(str(source)) or "converter bug" in str(exc):
                failures.append(f"case {part}/{case} ({source}): {exc}")
            continue
        except Exception as exc:  # noqa: BLE001 - the point: nothing else may escape
            failures.append(f"case {part}/{case} ({source}): {type(exc).__name__}: {exc}")
            continue
        converted += 1
        try:
            check_written(out)
        except AssertionError as exc:
            failures.append(f"case {part}/{case} ({source}): {exc}")
    assert not failures, "\n".join(failures[:10])
    assert converted >= CASES // 8  # most mutations still convert: the readers are exercised
