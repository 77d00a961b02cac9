"""The print edition's HTML, written by ``xslt/print/book.xsl`` as a map and a reduce.

No process reads the whole edition, so memory does not grow with it. Like the
web edition (``html.py``), the book is written in three steps, each result kept
in ``output/.cache/pdf/html/`` under a hash of what it was made from:

- the *summaries* (a map): what the rest of the book needs of each document
  (its place in the order, heading, list entry, notes without text, the
  register entries it names), a few hundred bytes each; kept by the document's
  bytes and the edition's other files;
- the *book* (the reduce): from the summaries, gathered in one file, and the
  introduction, every part but the documents (title pages, contents, list of
  documents, abbreviations, introduction, sources, notes not transcribed,
  index) and the order of the documents;
- the *documents* (a map): the documents in parts of ``BATCH_SIZE``, each kept
  by its documents' bytes, the number of its first document and its name.

So after an edit of one document's text, one summary and one part of documents
are written again, and the book if the summary changed. Every Saxon run is
in a worker process (spawned, replaced after a few tasks): Saxon keeps what it
read and the memory it grew to until its process ends.
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache
from multiprocessing import get_context
from pathlib import Path

from lxml import etree

from ..store import exclusive_lock, link_or_copy
from ..xslt import Transformer, TransformError
from . import BuildError, cache_key, code_key

STYLESHEET = "print/book.xsl"
PR_NS = "urn:edition:print"
#: Documents per part of the book: each part is laid out on its own, in parallel, and cached.
BATCH_SIZE = 20
#: Documents summarised per Saxon run: enough to pay for its start, few enough to share out.
SUMMARIES_PER_RUN = 250
#: Parts of documents per Saxon task.
PARTS_PER_TASK = 10
#: Tasks a stylesheet process runs before it is replaced by a fresh one.
TASKS_PER_PROCESS = 4
#: The documents of the book (a folder below tei/) and the introduction.
DOCUMENTS = "letters"
ESSAYS = "essays"
#: The names of work in progress in the cache, removed by the next build if it was left behind.
SCRATCH = "scratch-"


@dataclass(frozen=True)
class Run:
    """One run of the stylesheet: its parameters (besides ``tei-dir``) and its output folder."""

    parameters: dict[str, str]
    folder: Path


def write_parts(xslt: Path, tei: Path, cache: Path, workers: int, parameters: dict[str, str],
                folder: Path) -> list[tuple[str, Path]]:
    """Every part of the book in ``folder`` (hard links to the kept HTML, which another build
    may forget once this one has them): its name and file, in the book's order (that of the
    names)."""
    with exclusive_lock(cache / ".lock"):  # two builds at once take turns with the kept parts
        parts = []
        for name, kept in PrintHtml(xslt, tei, cache, workers, parameters).write():
            link_or_copy(kept, folder / f"{name}.html")
            parts.append((name, folder / f"{name}.html"))
        return parts


class PrintHtml:
    """The three steps, each taking what it can from the cache."""

    def __init__(self, xslt: Path, tei: Path, cache: Path, workers: int,
                 parameters: dict[str, str]) -> None:
        self.xslt = xslt
        self.tei = tei
        self.cache = cache
        self.workers = max(1, workers)
        self.parameters = {**parameters, "tei-dir": tei.resolve().as_uri() + "/"}
        self.digests = file_digests(tei)
        code = code_digest(xslt)
        # what every document's summary and part depends on besides itself
        self.shared = cache_key(code, *sorted(f"{k}={v}" for k, v in parameters.items()),
                           *(f"{name}\x00{digest}" for name, digest in self.digests.items()
                             if not name.startswith((DOCUMENTS + "/", ESSAYS + "/"))))

    @property
    def documents(self) -> list[str]:
        return [name for name in self.digests
                if name.startswith(DOCUMENTS + "/") and name.count("/") == 1]

    def write(self) -> list[tuple[str, Path]]:
        """The name and kept HTML of every part, in the book's order."""
        self.cache.mkdir(parents=True, exist_ok=True)
        for stale in self.cache.glob(f"{SCRATCH}*"):  # left by a build that was killed
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)
        summaries = self.summaries()
        book = self.book(summaries)
        order = [e.get("file") for e in etree.parse(str(book / "order.xml")).getroot()]
        return sorted([(path.stem, path) for path in book.glob("*.html")] + self.parts(order))

    def summaries(self) -> Path:
        """Every document's summary, gathered in one file named by their keys (gathered again
        only when a key changed)."""
        wanted = {cache_key(self.shared, "summary", name, self.digests[name]): name
                  for name in self.documents}
        kept = self.cache / "summaries"
        kept.mkdir(exist_ok=True)
        missing = sorted((name, key) for key, name in wanted.items()
                         if not (kept / f"{key}.xml").is_file())
        if missing:
            with tempfile.TemporaryDirectory(prefix=f"{SCRATCH}summaries-",
                                             dir=self.cache) as scratch:
                count = max(math.ceil(len(missing) / SUMMARIES_PER_RUN),
                            min(self.workers, math.ceil(len(missing) / 25)))
                runs = [[Run({"part": "summaries",
                              "page-files": " ".join(name for name, _ in missing[i::count])},
                             Path(scratch))] for i in range(count)]
                self.run(runs, "the documents' summaries")
                for name, key in missing:
                    written = Path(scratch) / "summaries" / name
                    if not written.is_file():
                        raise BuildError(f"{self.xslt / STYLESHEET}: wrote no summary of {name}")
                    os.replace(written, kept / f"{key}.xml")
        forget(kept, set(wanted), ".xml")
        target = self.cache / f"summaries-{cache_key(*sorted(wanted))}.xml"
        if not target.is_file():
            for old in self.cache.glob("summaries-*.xml"):
                old.unlink()
            temporary = self.cache / f"{SCRATCH}{target.name}"
            with temporary.open("wb") as out:
                out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<pr:summaries xmlns:pr="'
                          + PR_NS.encode() + b'">')
                for key in sorted(wanted, key=wanted.__getitem__):
                    data = (kept / f"{key}.xml").read_bytes()
                    out.write(data[data.index(b"?>") + 2:] if data.startswith(b"<?xml") else data)
                out.write(b"</pr:summaries>\n")
            temporary.replace(target)
        return target

    def book(self, summaries: Path) -> Path:
        """Every part but the documents, and ``order.xml``: kept by the summaries' content and
        the introduction."""
        with summaries.open("rb") as data:  # by content: a text edit leaves it as it was
            gathered = hashlib.file_digest(data, "sha256").hexdigest()
        key = cache_key(self.shared, "book", gathered,
                   *(f"{name}\x00{digest}" for name, digest in self.digests.items()
                     if name.startswith(ESSAYS + "/")))
        folder = self.cache / "book" / key
        if (folder / "order.xml").is_file():
            return folder
        shutil.rmtree(self.cache / "book", ignore_errors=True)
        (self.cache / "book").mkdir()
        fresh = Path(tempfile.mkdtemp(prefix=f"{SCRATCH}book-", dir=self.cache))
        try:
            self.run([[Run({"part": "book", "summaries-file": summaries.resolve().as_uri()},
                           fresh)]], "the front matter, back matter and index")
            fresh.rename(folder)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
        return folder

    def parts(self, order: list[str]) -> list[tuple[str, Path]]:
        """The documents in parts of ``BATCH_SIZE``, in the book's order: (name, kept HTML)."""
        wanted: dict[str, dict[str, str]] = {}  # key -> the run's parameters
        for first in range(0, len(order), BATCH_SIZE):
            files = order[first:first + BATCH_SIZE]
            name = f"002-documents-{first // BATCH_SIZE:06d}"
            key = cache_key(self.shared, "documents", name, str(first + 1),
                       *(f"{file}\x00{self.digests[file]}" for file in files))
            wanted[key] = {"part": "documents", "part-name": name,
                           "first-number": str(first + 1), "page-files": " ".join(files)}
        kept = self.cache / "documents"
        kept.mkdir(exist_ok=True)
        missing = {key: parameters for key, parameters in wanted.items()
                   if not (kept / f"{key}.html").is_file()}
        if missing:
            with tempfile.TemporaryDirectory(prefix=f"{SCRATCH}documents-",
                                             dir=self.cache) as scratch:
                runs = [Run(parameters, Path(scratch)) for parameters in missing.values()]
                self.run([runs[i:i + PARTS_PER_TASK] for i in range(0, len(runs), PARTS_PER_TASK)],
                         "the documents")
                for key, parameters in missing.items():
                    written = Path(scratch) / f"{parameters['part-name']}.html"
                    if not written.is_file():
                        raise BuildError(f"{self.xslt / STYLESHEET}: wrote no {written.name}")
                    os.replace(written, kept / f"{key}.html")
        forget(kept, set(wanted), ".html")
        return [(parameters["part-name"], kept / f"{key}.html")
                for key, parameters in wanted.items()]

    def run(self, tasks: list[list[Run]], what: str) -> None:
        """The tasks, each a list of runs, in stylesheet processes (never in this one)."""
        size = max(1, min(self.workers, len(tasks)))
        edition = self.tei / "edition.xml"
        for first in range(0, len(tasks), size * TASKS_PER_PROCESS):
            batch = tasks[first:first + size * TASKS_PER_PROCESS]
            try:
                # spawn: a fresh process, without this one's memory; Saxon must not be forked
                with ProcessPoolExecutor(max_workers=size, mp_context=get_context("spawn")) as pool:
                    list(pool.map(run_task, [(self.xslt, edition, self.parameters, task)
                                             for task in batch]))
            except BrokenProcessPool as exc:
                raise BuildError(f"{self.xslt / STYLESHEET}: a process writing {what} died "
                                 f"(out of memory?): {exc}") from exc
            except TransformError as exc:
                raise BuildError(str(exc)) from exc


def run_task(task: tuple[Path, Path, dict[str, str], list[Run]]) -> None:
    """Runs of the stylesheet, one after the other, in a stylesheet process."""
    xslt, edition, parameters, runs = task
    for run in runs:
        _transformer(xslt).run_to_folder(STYLESHEET, edition, run.folder,
                                         {**parameters, **run.parameters})


@cache
def _transformer(xslt: Path) -> Transformer:
    return Transformer(xslt)


def file_digests(tei: Path) -> dict[str, str]:
    """A hash of every XML file below ``tei/`` (hidden ones left out), by path below it."""
    digests = {}
    for path in sorted(tei.rglob("*.xml")):
        name = path.relative_to(tei).as_posix()
        if not any(part.startswith(".") for part in name.split("/")):
            digests[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def code_digest(xslt: Path) -> str:
    return code_key(__file__, xslt, ("print", "common"))


def forget(kept: Path, wanted: set[str], suffix: str) -> None:
    """Remove the kept results no longer wanted."""
    for old in kept.glob(f"*{suffix}"):
        if old.stem not in wanted:
            old.unlink()
