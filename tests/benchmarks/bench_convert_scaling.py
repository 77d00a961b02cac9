"""How convert's reading and enrichment passes grow with one long paragraph, on demand:

    .venv/bin/python tests/benchmarks/bench_convert_scaling.py [--sizes 20000 40000 80000]

Writes a Soviet-style letter and an extracted essay whose one paragraph has N
words (dates, names, note markers, hyphenated line ends), and prints the
seconds of the reader and of each enrichment pass. Doubling N should about
double every figure: no step may be worse than linear (issue 13).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from edition.convert import Project, load_source
from edition.enrich import ENRICHERS, EnrichContext
from edition.enrich.corrections import dictionary
from edition.readers import READERS

ROOT = Path(__file__).resolve().parents[2]
#: A sentence with a date, a time, names, a weekday, a year and a note marker, cut in words.
PHRASE = ("the Soviet Government agreed on December 20 that Mr Harriman and President "
          "Roosevelt would meet in Moscow at 3 p.m. on Saturday, the 20th, before 1942 and "
          "treaty4 ended long-term well-known")
WORDS = PHRASE.split(" ")


def soviet_text(size: int, rng: random.Random) -> str:
    paragraph = " ".join(rng.choice(WORDS) for _ in range(size))
    return (f"No. 1\n\nSent on August 4, 1941\n\nJ. V. Stalin to F. Roosevelt*\n\n{paragraph}.\n\n"
            "No. 2\n\nReceived on August 15, 1941\n\nF. Roosevelt to J. V. Stalin\n\nText.\n")


def essay_text(size: int, rng: random.Random) -> str:
    lines, line = [], []
    for number in range(size):
        line.append(rng.choice(WORDS))
        if len(line) == 10:
            lines.append(" ".join(line) + (" Ameri-" if number % 3 == 0 else ""))
            line = ["can"] if number % 3 == 0 else []
    return ("A Title\n\nBy Some Author\n11-30-2021\n\n" + "\n".join(lines) + " end.¹\n\n"
            "¹ Butler, *Roosevelt and Stalin*, 5.\n\nBIBLIOGRAPHY\n\n"
            "Butler, Susan. *Roosevelt and Stalin: Portrait*. New York: Knopf, 2015.\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 40_000, 80_000])
    args = parser.parse_args()
    project = Project(ROOT)
    context = EnrichContext.load(project.registers, project.corrections)
    dictionary()  # the word list loads once, outside the timings
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, make in (("soviet", soviet_text), ("essay", essay_text)):
            for size in args.sizes:
                path = Path(tmp) / f"{fmt}-{size}.txt"
                path.write_text(make(size, random.Random(size)), encoding="utf-8")
                source = load_source(path, fmt, project.catalogue)
                start = time.perf_counter()
                documents = READERS[fmt](source, project.edition_file)
                figures = [f"read {time.perf_counter() - start:.2f}"]
                for enricher in ENRICHERS:
                    start = time.perf_counter()
                    for document in documents:
                        enricher.apply(document.root, context)
                    figures.append(f"{enricher.name} {time.perf_counter() - start:.2f}")
                print(f"{fmt:7} {len(source.text):>9} chars  " + "  ".join(figures))


if __name__ == "__main__":
    main()
