"""Timings of the pipeline's stages on the bundled edition, run on demand:

    .venv/bin/python tests/benchmarks/bench_pipeline.py [--repeat N]

Prints the best of N runs for: converting every source, validating tei/
(schema and rules, after start-up), and building the HTML site and the PDF.
Not part of the test suite: speed is measured here, not asserted there.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from edition.convert import Project, convert
from edition.validate import load_schema, validate
from edition.writers import WriterContext
from edition.writers import html as html_writer
from edition.writers import pdf as pdf_writer
from edition.xslt import Transformer

ROOT = Path(__file__).resolve().parents[2]


def best(repeat: int, run) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    project = Project(ROOT)
    sources = sorted((ROOT / "sources").glob("*.txt"))
    scratch = Path(tempfile.mkdtemp())
    try:
        convert_time = best(repeat, lambda: convert(sources, scratch / "tei", "auto", project,
                                                   force=True))
        (ROOT / "output" / ".cache" / "schema-results.json").unlink(missing_ok=True)
        started = time.perf_counter()
        load_schema(ROOT / "schema")
        validate([project.tei], ROOT / "schema")
        startup = time.perf_counter() - started
        cache = ROOT / "output" / ".cache" / "schema-results.json"

        def cold() -> None:
            cache.unlink(missing_ok=True)
            validate([project.tei], ROOT / "schema")

        cold_time = best(repeat, cold)
        validate([project.tei], ROOT / "schema")
        validate_time = best(repeat, lambda: validate([project.tei], ROOT / "schema"))
        context = WriterContext(project, Transformer(ROOT / "xslt"))

        def html() -> None:
            shutil.rmtree(scratch / "html", ignore_errors=True)
            html_writer.write(context, scratch)

        def pdf() -> None:
            shutil.rmtree(scratch / "pdf", ignore_errors=True)
            pdf_writer.write(context, scratch)

        html_time = best(repeat, html)
        pdf_time = best(max(1, repeat // 2), pdf)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    files = len(list(project.tei.rglob("*.xml")))
    print(f"convert {len(sources)} sources: {convert_time * 1000:8.1f} ms")
    print(f"validate {files} files (first run, with start-up): {startup * 1000:8.1f} ms")
    print(f"validate {files} files (after start-up, every file checked): "
          f"{cold_time * 1000:8.1f} ms")
    print(f"validate {files} files (after start-up, unchanged files remembered): "
          f"{validate_time * 1000:8.1f} ms")
    print(f"HTML site: {html_time * 1000:8.1f} ms")
    print(f"PDF: {pdf_time * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
