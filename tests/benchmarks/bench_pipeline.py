"""The pipeline's speed at archive scale, run on demand (never part of the test suite):

    .venv/bin/python tests/benchmarks/bench_pipeline.py [--sizes 100,1000] [--jobs N]
        [--stages convert,baseline,validate-cold,validate-warm,html,tei-stylesheets,
                  edit-rebuild,retitle-rebuild,redate-rebuild,pdf]
        [--pdf-max 100] [--code DIR] [--work DIR] [--keep-corpus] [--tei-stylesheets DIR]

For each size it generates a valid corpus of that many letters cloned from
the real ones (``corpus.py``), then runs every stage in a fresh process and
prints its seconds, letters per second and peak memory (the resident memory
of the stage's process and all its child processes together, sampled). The
baseline is libxml2 validating the same files against ``tei_all.rng`` alone
(compiling the schema not counted), measured in the same run.

Stages:
  convert        the letter sources converted again and again (copies under new names)
                 until the size is reached, into a fresh folder
  baseline       lxml RelaxNG (libxml2) tei_all on every file of the corpus
  validate-cold  `edition validate` of the whole corpus, nothing remembered (--jobs as the
                 command takes it: by default one worker per core)
  validate-warm  the same again, nothing changed
  html           the HTML writer, cold (its cache in output/.cache/html removed)
  tei-stylesheets  the TEI Consortium's stylesheets (``html/html.xsl`` of a checkout of
                 TEIC/Stylesheets given as --tei-stylesheets) on every letter, on as many
                 processes as the HTML writer takes, the yardstick the HTML stage is held
                 to; skipped without the checkout (no registry this project installs
                 from ships them)
  edit-rebuild   one letter's text edited, then validation and the HTML writer again
  retitle-rebuild  one letter's title edited (metadata the shared pages show), then
                 validation and the HTML writer again
  redate-rebuild  one letter's date edited (how certain it is: a fact the letters before
                 and after it and the notes it cites read), then validation and HTML again
  pdf            the PDF writer (sizes up to --pdf-max)

``--code DIR`` measures another checkout of the project (its schema/, xslt/
and, through PYTHONPATH, its scripts/): how the "before" numbers are taken.
``--keep-corpus`` measures the corpus already in ``--work`` (its tei/ kept, the
code's folders copied again), so before and after runs read the same files.

Besides the peak of the whole tree, each row gives the peak of its largest
single process ("largest MB"): which of the main process, a worker or a
stylesheet run holds the memory.
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TEI_ALL = ROOT.parent / "shared" / "schemas" / "tei_all.rng"
STAGES = ["convert", "baseline", "validate-cold", "validate-warm", "html", "tei-stylesheets",
          "edit-rebuild", "retitle-rebuild", "redate-rebuild", "pdf"]
#: The stylesheet of a TEIC/Stylesheets checkout that writes a document as an HTML page.
TEI_STYLESHEETS_HTML = Path("html") / "html.xsl"
LETTER_SOURCES = ("soviet-*.txt", "frus-*.txt")


# ---------------------------------------------------------------- the parent: corpora, stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000",
                        help="comma-separated corpus sizes in letters (default: 100,1000)")
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--jobs", type=int, default=None,
                        help="worker processes for the stages that take them (default: cores)")
    parser.add_argument("--pdf-max", type=int, default=100,
                        help="largest corpus the PDF stage is run on (default: 100)")
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="the checkout whose code is measured (default: this one)")
    parser.add_argument("--work", type=Path, default=None,
                        help="folder for the corpora (default: a temporary folder, removed)")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    parser.add_argument("--keep-corpus", action="store_true",
                        help="measure the corpus already in --work/corpus-N (code copied again)")
    parser.add_argument("--tei-stylesheets", type=Path, default=None,
                        help="a checkout of TEIC/Stylesheets, for the tei-stylesheets stage")
    arguments = parser.parse_args()
    if "--stage" in sys.argv:
        return
    sizes = [int(s) for s in arguments.sizes.split(",") if s]
    stages = [s for s in arguments.stages.split(",") if s]
    unknown = set(stages) - set(STAGES)
    if unknown:
        parser.error(f"unknown stages: {', '.join(sorted(unknown))}")
    work = arguments.work or Path(tempfile.mkdtemp(prefix="edition-bench-"))
    rows = []
    print(f"{'letters':>7} {'stage':<14} {'seconds':>9} {'letters/s':>10} {'peak MB':>8} "
          f"{'largest MB':>10}  notes", flush=True)
    try:
        for size in sizes:
            project = work / f"corpus-{size}"
            letters = prepare(project, size, arguments.code, keep=arguments.keep_corpus)
            for stage in stages:
                if stage == "pdf" and size > arguments.pdf_max:
                    continue
                if stage == "baseline" and not TEI_ALL.exists():
                    print(f"{letters:>7} baseline       skipped: {TEI_ALL} is absent")
                    continue
                extra: list[str] = []
                if stage == "tei-stylesheets":
                    found = _tei_stylesheets(arguments.tei_stylesheets)
                    if isinstance(found, str):
                        print(f"{letters:>7} tei-stylesheets skipped: {found}")
                        continue
                    extra = ["--tei-stylesheets", str(found)]
                row = run_stage(stage, project, arguments.code, arguments.jobs, extra)
                row["letters"] = letters
                if stage == "tei-stylesheets":
                    row["note"] += _against_html(rows, letters, row["seconds"])
                rows.append(row)
                rate = row["items"] / row["seconds"] if row["seconds"] else float("inf")
                print(f"{letters:>7} {stage:<14} {row['seconds']:9.2f} {rate:10.1f} "
                      f"{row['peak_mb']:8.0f} {row['largest_mb']:10.0f}  {row.get('note', '')}",
                      flush=True)
    finally:
        if arguments.work is None:
            shutil.rmtree(work, ignore_errors=True)
    if arguments.json:
        arguments.json.write_text(json.dumps(rows, indent=1))


def prepare(project: Path, size: int, code: Path, keep: bool = False) -> int:
    """A project folder: the corpus as tei/, and the measured code's schema/, xslt/, sources/.
    ``keep``: a corpus already there is kept (its output/ too, a stage clears what it must)."""
    sys.path.insert(0, str(code / "scripts"))
    sys.path.insert(0, str(HERE))
    from corpus import make_corpus

    if keep and (project / "tei" / "letters").is_dir():
        letters = _letters(project)
        for folder in ("schema", "xslt", "sources"):
            shutil.rmtree(project / folder, ignore_errors=True)
    else:
        if project.exists():
            shutil.rmtree(project)
        project.mkdir(parents=True)
        letters = make_corpus(ROOT / "tei", project / "tei", size)
    for folder in ("schema", "xslt", "sources"):
        shutil.copytree(code / folder, project / folder)
    return letters


def _tei_stylesheets(folder: Path | None) -> Path | str:
    """The checkout's folder, or why the stage cannot run."""
    if folder is None:
        return "no --tei-stylesheets checkout given (PyPI, npm and Debian ship none)"
    if not (folder / TEI_STYLESHEETS_HTML).is_file():
        return f"{folder / TEI_STYLESHEETS_HTML} is absent"
    return folder.resolve()


def _against_html(rows: list[dict], letters: int, seconds: float) -> str:
    """How the HTML stage measured in the same run compares with the TEI Stylesheets."""
    for row in rows:
        if row["stage"] == "html" and row["letters"] == letters and seconds:
            return f"; the html stage took {row['seconds'] / seconds:.2f}× this"
    return ""


def run_stage(stage: str, project: Path, code: Path, jobs: int | None,
              extra: list[str] | None = None) -> dict:
    """The stage in a fresh Python process; its own timing, and the peak memory of its tree."""
    environment = dict(os.environ, PYTHONPATH=str(code / "scripts"))
    command = [sys.executable, str(Path(__file__).resolve()), "--stage", stage,
               "--project", str(project), *(extra or [])]
    if jobs:
        command += ["--jobs", str(jobs)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=environment, cwd=project)
    peak = PeakMemory(child.pid)
    peak.start()
    output, errors = child.communicate()
    peak.stop()
    if child.returncode != 0:
        raise SystemExit(f"stage {stage} failed:\n{errors.decode(errors='replace')[-3000:]}")
    row = json.loads(output.decode().strip().splitlines()[-1])
    row["stage"] = stage
    row["peak_mb"] = peak.peak / 2**20
    row["largest_mb"] = peak.largest / 2**20
    return row


class PeakMemory(threading.Thread):
    """Samples the resident memory of a process and all its descendants (Linux /proc)."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self.largest = 0  # the peak of the largest single process
        self.running = True

    def run(self) -> None:
        while self.running:
            sizes = self.sample()
            self.peak = max(self.peak, sum(sizes))
            self.largest = max([self.largest, *sizes])
            time.sleep(self.interval)

    def stop(self) -> None:
        self.running = False
        self.join()

    def sample(self) -> list[int]:
        """The resident memory of each process of the tree, in bytes."""
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", "rb") as handle:
                        fields = handle.read().rsplit(b")", 1)[1].split()
                    parents[int(entry)] = int(fields[1])
                except (OSError, IndexError, ValueError):
                    continue
        tree = {self.pid}
        grew = True
        while grew:
            grew = False
            for pid, parent in parents.items():
                if parent in tree and pid not in tree:
                    tree.add(pid)
                    grew = True
        sizes = []
        for pid in tree:
            try:
                with open(f"/proc/{pid}/statm", "rb") as handle:
                    sizes.append(int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE"))
            except (OSError, IndexError, ValueError):
                continue
        return sizes


# ---------------------------------------------------------------- the child: one stage


def stage_main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stage", required=True)
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--tei-stylesheets", type=Path, default=None)
    arguments, _ = parser.parse_known_args()
    started = time.perf_counter()
    if arguments.stage == "tei-stylesheets":
        result = stage_tei_stylesheets(arguments.project, arguments.jobs,
                                       arguments.tei_stylesheets)
    else:
        result = STAGE_RUNNERS[arguments.stage](arguments.project, arguments.jobs)
    result.setdefault("seconds", time.perf_counter() - started)
    print(json.dumps(result))


def _with_jobs(function, jobs: int | None) -> dict:
    """``jobs=`` for code that takes it (the measured checkout may be older)."""
    if jobs and "jobs" in inspect.signature(function).parameters:
        return {"jobs": jobs}
    return {}


def _letters(project: Path) -> int:
    return len(list((project / "tei" / "letters").glob("*.xml")))


def stage_convert(project: Path, jobs: int | None) -> dict:
    from edition.convert import Project, convert

    wanted = _letters(project)
    sources = [p for pattern in LETTER_SOURCES for p in sorted((project / "sources").glob(pattern))]
    copies = project / "convert-sources"
    shutil.rmtree(copies, ignore_errors=True)
    copies.mkdir()
    per_copy = 13  # letters the real sources hold
    paths = []
    for number in range(math.ceil(wanted / per_copy)):
        for source in sources:
            copy = copies / f"c{number:04d}-{source.name}"
            shutil.copyfile(source, copy)
            paths.append(copy)
    out = project / "convert-out"
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    report = convert(paths, out, "auto", Project(project), force=True,
                     **_with_jobs(convert, jobs))
    seconds = time.perf_counter() - started
    made = sum(1 for r in report.results if r.relpath.startswith("letters/"))
    return {"seconds": seconds, "items": made, "note": f"{len(paths)} source files"}


def stage_baseline(project: Path, jobs: int | None) -> dict:
    from lxml import etree

    started = time.perf_counter()
    schema = etree.RelaxNG(etree.fromstring(TEI_ALL.read_bytes()))
    compiled = time.perf_counter() - started
    files = sorted((project / "tei").rglob("*.xml"))
    started = time.perf_counter()
    invalid = sum(not schema.validate(etree.parse(str(p))) for p in files)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "items": _letters(project),
            "note": f"libxml2 tei_all, {len(files)} files, {invalid} invalid "
                    f"(compiling tei_all: {compiled:.1f} s, not counted)"}


def _validate(project: Path, jobs: int | None) -> tuple[float, list]:
    """As ``edition validate`` runs: ``--jobs`` workers, by default one per core (jobs=None)."""
    from edition.validate import validate

    options = {"jobs": jobs} if "jobs" in inspect.signature(validate).parameters else {}
    started = time.perf_counter()
    files, problems = validate([project / "tei"], project / "schema", **options)
    return time.perf_counter() - started, [p for p in problems if p.severity == "error"]


def stage_validate_cold(project: Path, jobs: int | None) -> dict:
    shutil.rmtree(project / "output" / ".cache", ignore_errors=True)
    seconds, errors = _validate(project, jobs)
    return {"seconds": seconds, "items": _letters(project),
            "note": f"{len(errors)} errors" + (f": {errors[0]}" if errors else "")}


def stage_validate_warm(project: Path, jobs: int | None) -> dict:
    seconds, errors = _validate(project, jobs)
    return {"seconds": seconds, "items": _letters(project), "note": f"{len(errors)} errors"}


def _html(project: Path) -> float:
    from edition.convert import Project
    from edition.writers import WriterContext
    from edition.writers import html as html_writer
    from edition.xslt import Transformer

    staging = project / "output" / "bench-html"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    started = time.perf_counter()
    html_writer.write(WriterContext(Project(project), Transformer(project / "xslt")), staging)
    return time.perf_counter() - started


def stage_html(project: Path, jobs: int | None) -> dict:
    shutil.rmtree(project / "output" / ".cache" / "html", ignore_errors=True)  # cold
    seconds = _html(project)
    pages = len(list((project / "output" / "bench-html" / "html").rglob("*.html")))
    return {"seconds": seconds, "items": _letters(project), "note": f"{pages} pages"}


def stage_tei_stylesheets(project: Path, jobs: int | None, stylesheets: Path) -> dict:
    """``html/html.xsl`` of the TEI Stylesheets on every letter, one page each, in ``jobs``
    processes (by default one per core, as the HTML writer), each compiling it once: the
    same letters and the same cores as the html stage, timed from the processes' start."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    letters = sorted((project / "tei" / "letters").glob("*.xml"))
    out = project / "output" / "bench-tei-stylesheets"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    workers = max(1, min(jobs or len(os.sched_getaffinity(0)), len(letters)))
    shares = [(str(stylesheets / TEI_STYLESHEETS_HTML), [str(p) for p in letters[n::workers]],
               str(out)) for n in range(workers)]
    started = time.perf_counter()
    if workers == 1:
        written = [transform_share(shares[0])]
    else:
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            written = list(pool.map(transform_share, shares))
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "items": len(letters),
            "note": f"TEI Stylesheets html.xsl, {sum(written)} pages, {workers} processes"}


def transform_share(share: tuple[str, list[str], str]) -> int:
    """One process's letters through the stylesheet (compiled once); the pages written."""
    from edition.xslt import processor  # the one Saxon of the process, as the writers run it

    stylesheet, letters, out = share
    executable = processor().new_xslt30_processor().compile_stylesheet(stylesheet_file=stylesheet)
    for letter in letters:
        page = Path(out) / (Path(letter).stem + ".html")
        executable.transform_to_file(source_file=letter, output_file=str(page))
        if not page.is_file():
            raise SystemExit(f"{stylesheet} wrote no page for {letter}")
    return len(letters)


TEI = "{http://www.tei-c.org/ns/1.0}"


def _add_words(element) -> None:
    # New words at every run: no result remembered by an earlier run answers for them.
    element.text = (element.text or "") + f" (edited {time.time_ns()})"


def _toggle_certainty(element) -> None:
    if element.get("cert") == "low":
        del element.attrib["cert"]
    else:
        element.set("cert", "low")


def stage_edit_rebuild(project: Path, jobs: int | None) -> dict:
    # an editor's correction of the transcription: the first paragraph of the text
    return _edited_rebuild(project, jobs, f".//{TEI}text//{TEI}p", _add_words)


def stage_retitle_rebuild(project: Path, jobs: int | None) -> dict:
    # an editor's correction of the metadata: the letter's title
    return _edited_rebuild(project, jobs, f".//{TEI}titleStmt/{TEI}title", _add_words)


def stage_redate_rebuild(project: Path, jobs: int | None) -> dict:
    # an editor's second thoughts on a date: how certain the date of sending is
    return _edited_rebuild(project, jobs,
                           f".//{TEI}correspAction[@type='sent']/{TEI}date", _toggle_certainty)


def _edited_rebuild(project: Path, jobs: int | None, path: str, edit) -> dict:
    """One letter edited (``edit`` of the element at ``path``), then validate and HTML.

    Afterwards the letter is restored and both run again, not timed, so the next stage
    starts from caches of the corpus as it is: else it would measure two edits (this one
    undone, and its own)."""
    from lxml import etree

    letters = sorted((project / "tei" / "letters").glob("*.xml"))
    letter = letters[len(letters) // 2]
    original = letter.read_bytes()
    tree = etree.fromstring(original)
    edit(tree.find(path))
    letter.write_bytes(etree.tostring(tree.getroottree(), xml_declaration=True,
                                      encoding="UTF-8"))
    try:
        started = time.perf_counter()
        _, errors = _validate(project, jobs)
        validated = time.perf_counter() - started
        html = _html(project)
    finally:
        letter.write_bytes(original)
    _validate(project, jobs)
    _html(project)
    return {"seconds": validated + html, "items": 1,
            "note": f"validate {validated:.2f} s + HTML {html:.2f} s, {len(errors)} errors"}


def stage_pdf(project: Path, jobs: int | None) -> dict:
    from edition.convert import Project
    from edition.writers import WriterContext
    from edition.writers import pdf as pdf_writer
    from edition.xslt import Transformer

    staging = project / "output" / "bench-pdf"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    started = time.perf_counter()
    facts = pdf_writer.write(WriterContext(Project(project), Transformer(project / "xslt")),
                             staging)
    return {"seconds": time.perf_counter() - started, "items": _letters(project),
            "note": f"{facts.get('pages', '?')} pages"}


STAGE_RUNNERS = {
    "convert": stage_convert,
    "baseline": stage_baseline,
    "validate-cold": stage_validate_cold,
    "validate-warm": stage_validate_warm,
    "html": stage_html,
    "edit-rebuild": stage_edit_rebuild,
    "retitle-rebuild": stage_retitle_rebuild,
    "redate-rebuild": stage_redate_rebuild,
    "pdf": stage_pdf,
}


if __name__ == "__main__":
    if "--stage" in sys.argv:
        stage_main()
    else:
        main()
