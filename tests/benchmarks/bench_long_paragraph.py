"""Convert time against the length of one paragraph, run on demand (issue 13):

    .venv/bin/python tests/benchmarks/bench_long_paragraph.py [--sizes 1000 2000 4000]

A Soviet-style letter whose paragraph repeats a sentence with names, dates
and note markers N times. Linear work shows as a constant time per kilobyte;
a quadratic step shows as that figure doubling with N. Not part of the test
suite: speed is measured here, not asserted there.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from edition.convert import Project, read_documents

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "Mr Hopkins saw Stalin in Moscow on August 4, 1941 and wrote to Roosevelt.2 "


def letter(repeats: int) -> str:
    return ("No. 1\n\nSent on August 4, 1941\n\nJ. V. Stalin to F. Roosevelt\n\n"
            + SENTENCE * repeats + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000])
    sizes = parser.parse_args().sizes
    project = Project(ROOT)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "soviet-vol2-1941.txt"  # catalogued: the Soviet reader's prefix
        for repeats in sizes:
            source.write_text(letter(repeats), encoding="utf-8")
            started = time.perf_counter()
            read_documents([source], "soviet", project)
            seconds = time.perf_counter() - started
            kilobytes = source.stat().st_size / 1024
            print(f"{kilobytes:8.0f} kB  {seconds:7.2f} s  {1000 * seconds / kilobytes:6.1f} ms/kB")


if __name__ == "__main__":
    main()
