"""Timings that used to be asserted in the unit tests, measured here on demand:

    .venv/bin/python tests/benchmarks/bench_rules.py

- the rules over 100 letters, compiled once, in one run (was: under 1 s);
- one compiled schema over 100 small documents (was: under 1 s);
- an entity bomb refused before it is parsed (was: under 1 s).

With ``--patterns PROJECT`` it times instead each pattern of ``edition.sch``
alone, and each phase, over the TEI of a project folder (a corpus made by
``bench_pipeline.py``, say), the documents read into Saxon once: wall and
processor seconds, the best of ``--repeat`` runs (the processor time is the
steadier figure on a shared machine).
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
import time
from pathlib import Path

from edition.schematron import Schematron, load_document, saxon_uri
from edition.validate import load_rules, validate
from edition.xslt import processor

ROOT = Path(__file__).resolve().parents[2]
INVALID = ROOT / "tests" / "invalid"
SCHEMA = ROOT / "schema"


def timed(label: str, run) -> None:
    started = time.perf_counter()
    run()
    print(f"{label}: {time.perf_counter() - started:.3f} s")


def rules_over_100_letters(scratch: Path) -> None:
    tei = scratch / "tei"
    shutil.copytree(INVALID / "base", tei)
    letters = sorted((tei / "letters").glob("*.xml"))
    for number in range(100 - 13):
        text = letters[number % len(letters)].read_text(encoding="utf-8")
        ident = f"sov2-{200 + number}"
        text = re.sub(r'xml:id="sov2-0\d\d"', f'xml:id="{ident}"', text, count=1)
        (tei / "letters" / f"{ident}.xml").write_text(text, encoding="utf-8")
    paths = sorted(tei.rglob("*.xml"))
    documents = [load_document(p.read_text(encoding="utf-8"), saxon_uri(p)) for p in paths]
    edition = processor().empty_sequence()
    for document in documents:
        edition.add_xdm_item(document)
    rules = load_rules(SCHEMA)
    rules.validate(documents[:1], {"edition": edition})  # warm up
    timed("edition.sch over 100 letters, one run", lambda: rules.validate(
        documents, {"edition": edition}))


def one_compile_many_documents() -> None:
    from lxml import etree

    schema = etree.fromstring(b"""<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron"
        queryBinding="xslt3"><sch:ns prefix="t" uri="urn:t"/><sch:pattern>
        <sch:rule context="t:item"><sch:assert id="SMALL" test="xs:integer(@n) lt 5">big
        </sch:assert></sch:rule></sch:pattern></sch:schema>""")
    compiled = Schematron(schema.getroottree())
    items = '<list xmlns="urn:t"><item n="1"/><item n="7"/></list>'
    documents = [load_document(items, f"file:///tmp/{i}.xml") for i in range(100)]
    timed("a small schema over 100 documents, compiled once", lambda: compiled.validate(
        documents))


def pattern_by_pattern(project: Path, repeat: int) -> None:
    """Each pattern alone (a phase of its own), then each phase, over ``project/tei``."""
    from lxml import etree

    from edition.schematron import SCH_NS
    from edition.validate import tei_files

    files = tei_files([project / "tei"])
    documents = [load_document(p.read_bytes().decode("utf-8-sig"), saxon_uri(p)) for p in files]
    edition = processor().empty_sequence()
    for document in documents:
        edition.add_xdm_item(document)
    source = SCHEMA / "edition.sch"
    patterns = [p.get("id") for p in etree.parse(str(source)).iter(f"{{{SCH_NS}}}pattern")]
    print(f"{len(files)} files of {project / 'tei'}")
    for name in [*patterns, "file", "edition"]:
        tree = etree.parse(str(source))
        phase = name
        if name in patterns:
            phase = "bench-one"
            alone = etree.SubElement(tree.getroot(), f"{{{SCH_NS}}}phase", id=phase)
            etree.SubElement(alone, f"{{{SCH_NS}}}active", pattern=name)
        rules = Schematron(tree, phase)
        best = (float("inf"), float("inf"))
        for _ in range(repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            found = rules.validate(documents, {"edition": edition})
            best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
        print(f"{name:22} {best[0]:6.2f} s {best[1]:6.2f} s processor  "
              f"{sum(map(len, found))} findings", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patterns", type=Path, metavar="PROJECT",
                        help="time each pattern and phase over PROJECT/tei instead")
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    if arguments.patterns:
        pattern_by_pattern(arguments.patterns, arguments.repeat)
        return
    scratch = Path(tempfile.mkdtemp())
    try:
        rules_over_100_letters(scratch)
        one_compile_many_documents()
        timed("an entity bomb refused", lambda: validate(
            [INVALID / "xml-entity-bomb"], SCHEMA, edition=INVALID / "base"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
