"""Wrapping phrases in long mixed content: every match wrapped, in order, nothing lost."""

from __future__ import annotations

import re

from edition.enrich.textnodes import in_tei, wrap_first, wrap_matches
from edition.tei import E, append, clean_text, tei


def test_a_paragraph_with_a_hundred_thousand_matches_is_wrapped_in_order():
    """Each new element goes after the previous one, so a long paragraph costs linear time."""
    words = [f"w{n}" for n in range(100_000)]
    paragraph = E.p(" ".join(words[:50_000]) + " ", E.hi("kept"), " " + " ".join(words[50_000:]))
    count = wrap_matches(paragraph, re.compile(r"w\d+"), lambda m: E.term(m.group(0)),
                         in_tei("hi", "term"))
    assert count == 100_000
    terms = [t.text for t in paragraph.iter(tei("term"))]
    assert terms == words
    assert clean_text(paragraph) == " ".join(words[:50_000]) + " kept " + " ".join(words[50_000:])


def test_append_builds_long_mixed_content_in_order():
    paragraph = E.p()
    for number in range(50_000):
        append(paragraph, f"t{number} ", E.ptr(n=str(number)))
    append(paragraph, "end")
    assert len(paragraph) == 50_000
    assert paragraph[-1].tail == "end" and paragraph.text == "t0 "
    assert paragraph[1].tail == "t2 "


def test_wrap_first_wraps_only_the_first_occurrence_in_the_elements_own_text():
    head = E.head("Stalin to Stalin ", E.note("Stalin"))
    wrap_first(head, "Stalin", lambda text: E.persName(text))
    assert [p.text for p in head.iter(tei("persName"))] == ["Stalin"]
    assert head.text == "" and head[0].tail == " to Stalin "
