"""The FRUS reader agrees with the Office of the Historian's TEI on every fact of the six
gold documents (the benchmark tests/benchmarks/bench_frus_gold.py prints the same figures)."""

from __future__ import annotations

import pytest

from edition.convert import Project, read_documents
from tests.frus_gold import FACTS, GOLD, ROOT, gold_names, run


@pytest.fixture(scope="module")
def comparison():
    if not GOLD.is_dir():
        pytest.skip(f"FRUS gold files not found at {GOLD} (the shared folder is absent)")

    def convert(path):
        (document,), _ = read_documents([path], "frus", Project(ROOT))
        return document.root

    return run(convert)


def test_all_six_gold_documents_are_compared(comparison):
    assert len(gold_names()) == 6
    assert comparison.total["sent date"] == 6
    assert comparison.total["note"] == 7 and comparison.total["page break"] == 4


@pytest.mark.parametrize("fact", FACTS)
def test_every_fact_agrees_with_the_historians_tei(comparison, fact):
    assert comparison.total[fact] > 0
    misses = [m for m in comparison.misses if f": {fact}: " in m]
    assert comparison.percent(fact) == 100.0, misses
