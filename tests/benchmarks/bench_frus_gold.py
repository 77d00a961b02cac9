"""Benchmark: the FRUS reader on the six documents with the Office of the Historian's TEI.

Converts ../shared/frus-gold/*.txt as `edition convert --format frus` does and
prints, per fact, how often the result agrees with FRUS's own TEI. Run on demand:

    .venv/bin/python tests/benchmarks/bench_frus_gold.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.frus_gold import GOLD, ROOT, gold_names, run  # noqa: E402

from edition.convert import Project, read_documents  # noqa: E402


def convert(path: Path):
    documents, _ = read_documents([path], "frus", Project(ROOT))
    if len(documents) != 1:
        raise SystemExit(f"{path}: {len(documents)} documents, expected one")
    return documents[0].root


def main() -> int:
    if not GOLD.is_dir():
        print(f"FRUS gold files not found at {GOLD}")
        return 2
    started = time.perf_counter()
    comparison = run(convert)
    elapsed = time.perf_counter() - started
    print(f"FRUS gold documents: {len(gold_names())} ({elapsed:.2f} s)")
    print(comparison.table())
    for miss in comparison.misses:
        print("  miss:", miss)
    return 0 if not comparison.misses else 1


if __name__ == "__main__":
    raise SystemExit(main())
