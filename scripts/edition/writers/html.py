"""The web edition: a static site written by ``xslt/html/site.xsl``, searchable offline.

The site is written in three parts, each remembered by what it was made from
(in ``output/.cache/html/``, never committed), so a build after an edit
redoes only what the edit touched. The first two run on the edition's
projection (``projection.py``), so an edit of a document's text leaves them
as they were:

- the *summaries* (a map): what the shared pages show of each letter (its
  row in the list, dates, title, correspondents, the register entries it
  names), remembered by the letter's projection, the registers and
  edition.xml;
- the *site part* (the reduce): the list of letters, the timeline, the
  registers, search and the pages about the edition, from the summaries
  (remembered by their bytes: an edit they do not show keeps it); it also
  writes ``site-index.xml``, all that the documents' pages need of the whole
  site (the order of the letters, the register entries in use);
- the *pages* (a map): each document's page, remembered by the bytes of the
  document, the ids and titles of its previous and next letters, the
  register entries in use and every file of ``tei/`` that is not a document
  (edition.xml, the registers, the shared notes).

Missing summaries and pages are written in batches, on ``--jobs`` worker
processes when there are many. Saxon keeps the heap a run grew to, so the
memory of the reduce (all the summaries at once) and of the workers must not
stack: the summaries' workers end before the pages' start, and on a cold
build the site index and the shared pages each run in a process of their own
that ends with them. Published pages are hard links to the kept
ones (``_Stamps`` notices one written to through its link).

The stylesheets and this module are part of every key: a change to them
writes everything again. Then the stylesheet, script and icon are copied
beside the pages, and the full-text search index is built (``search.py``).
Its shards are keyed by what the search reads of each page, its
``data-pagefind-body``: a letter's neighbours appear only in the sequence
links outside it, so a letter whose neighbour was retitled gets a new page
but keeps its place in the index; and the shared pages' lists of documents
are left out of the search (``data-pagefind-ignore``), so a retitled letter
rewrites the registers but not their index.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import shutil
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from lxml import etree

from ..executor import Executor, default_jobs, run_apart
from ..files import files_below
from ..store import atomic_write, exclusive_lock, link_or_copy
from ..xslt import Transformer
from . import BuildError, WriterContext, cache_key, code_key
from .projection import PROJECTED, Projection
from .search import FOLDER as SEARCH
from .search import build_search_index, page_key

# Files of xslt/html/ published as they are, beside the pages.
ASSETS = ("edition.css", "site.js", "favicon.svg")
STYLESHEET = "html/site.xsl"
SITE_INDEX = "site-index.xml"
#: Beside the kept shared pages: what the search reads of each (``SitePart.search_keys``).
SEARCH_KEYS = "search-keys.json"
ED_NS = "urn:edition:functions"
#: The documents that get a page of their own (folders below tei/).
DOCUMENTS = ("letters", "essays")
#: Documents per Saxon run: enough to pay for its start, few enough to share the work out.
BATCH = 250
#: Fewer documents than this are written in this process: a worker would cost more.
BATCH_MINIMUM = 25
#: From this many letters written on, a cold build gives the reduce processes of its own and
#: the pages fresh workers, so Saxon's heaps do not stack (at 10,000 letters the peak went
#: from about 940 to 700 MB); below it, starting them costs more time than the memory is worth.
APART_FROM = 2_000


def write(context: WriterContext, staging: Path) -> dict[str, object]:
    project = context.project
    folder = staging / "html"
    folder.mkdir(parents=True, exist_ok=True)
    cache = staging.parent / ".cache" / "html"
    with exclusive_lock(cache / ".lock"):  # two builds at once take turns with the kept parts
        site = Site(context, cache)
        try:
            facts = site.write(folder, shared_later=True)
            for name in ASSETS:
                shutil.copy(project.root / "xslt" / "html" / name, folder / name)
            # The letters' pages are indexed while the shared pages are written (when they
            # must be), then the shared pages are published and indexed.
            facts.update(build_search_index(folder, cache / "search", context.jobs,
                                            known=site.search_keys,
                                            before_main=lambda: site.publish_shared(folder)))
        finally:
            site.discard()
        if not (folder / "index.html").exists():
            raise BuildError("the HTML writer produced no index.html")
        pages = len(files_below(folder, ".html", hidden=True, prune=frozenset({SEARCH})))
    return {"pages": pages, **facts}


class Site:
    """The parts of the site, each taken from the cache or written again."""

    def __init__(self, context: WriterContext, cache: Path) -> None:
        self.context = context
        self.tei = context.project.tei
        self.cache = cache
        self.projection = cache / "projection"
        self.code = code_digest(context.project.root / "xslt")
        self.executor: Executor | None = None
        self.site: SitePart | None = None
        #: Each document's published page (path below the site) -> a key naming what the
        #: search indexes of it (its page's key but for the neighbours): the search shards
        #: are keyed by it without reading the pages.
        self.search_keys: dict[str, str] = {}

    def write(self, folder: Path, shared_later: bool = False) -> dict[str, object]:
        """Every page published in ``folder``. ``shared_later``: the shared pages are left
        for ``publish_shared`` (to write, when they must be, and publish) and ``discard``."""
        self.cache.mkdir(parents=True, exist_ok=True)
        try:
            self.start_workers()
            digests = Projection(self.tei, self.projection).update(self.executor)
            summaries, summarised = self.summaries_part(digests)
            apart = summarised >= APART_FROM
            if apart:
                # The workers' memory grew with every summary they wrote (Saxon keeps its
                # heap): the site and the pages get fresh workers, so the peak is not their sum.
                self.release_workers()
            self.site = self.site_part(digests, summaries, apart=apart)
            written = self.pages_part(digests, self.site.index, folder)
            self.release_workers()
            if not shared_later:
                self.publish_shared(folder)
        finally:
            self.release_workers()
            if not shared_later:
                self.discard()
        return {"letters summarised": summarised,
                "site pages written": self.site.written is not None,
                "document pages written": written}

    def publish_shared(self, folder: Path) -> None:
        """The shared pages (written now if they were left to write) published in ``folder``."""
        if self.site is None:
            raise BuildError("the shared pages were never made")
        self.site.finish()
        publish(self.site.folder, folder, skip={SITE_INDEX, SEARCH_KEYS})
        self.search_keys.update(self.site.search_keys())

    def discard(self) -> None:
        if self.site is not None:
            self.site.discard()

    def start_workers(self) -> None:
        """On a cold build, the workers (one pool: they start once) project the documents and
        write the summaries, and in a small edition the pages too."""
        jobs = self.context.jobs or default_jobs()
        if jobs <= 1 or (self.cache / "pages" / _Stamps.FILE).is_file():
            return
        letters = self.tei / "letters"
        if letters.is_dir() and sum(1 for _ in letters.glob("*.xml")) > BATCH_MINIMUM:
            self.executor = Executor(jobs, minimum_per_worker=BATCH_MINIMUM)

    def release_workers(self) -> None:
        if self.executor is not None:
            self.executor.close()
            self.executor = None

    def workers(self) -> Executor:
        if self.executor is None:
            self.executor = Executor(self.context.jobs or default_jobs(), minimum_per_worker=1)
        return self.executor

    def summaries_part(self, digests: dict[str, tuple[str, str]]) -> tuple[Path, int]:
        """Each letter's summary, from the cache or written now, gathered in one document."""
        shared = cache_key(self.code, "summary", *(
            f"{name}\x00{projected}" for name, (_, projected) in sorted(digests.items())
            if name.split("/", 1)[0] not in PROJECTED))
        wanted = {cache_key(shared, name, projected): name
                  for name, (_, projected) in sorted(digests.items())
                  if name.split("/", 1)[0] == "letters" and "/" in name}
        kept = self.cache / "summaries"
        missing = self.run_missing("summaries", wanted, kept, ".xml", self.projection, {},
                                   lambda name: f"summaries/{name}")
        # Gathered again only when a summary changed: the document is named by its keys, and
        # then by its bytes, which key the shared pages: an edit the shared pages do not show
        # (a date's certainty, say) gives the same summaries and leaves them as they were.
        named = f"summaries-{cache_key(*sorted(wanted))}-"
        found = sorted(self.cache.glob(f"{named}*.xml"))
        if found:
            return found[0], missing
        for old in self.cache.glob("summaries-*.xml"):
            old.unlink()
        parts = [b'<?xml version="1.0" encoding="UTF-8"?>\n<ed:summaries xmlns:ed="'
                 + ED_NS.encode() + b'">']
        for key in sorted(wanted, key=wanted.get):
            data = (kept / f"{key}.xml").read_bytes()
            parts.append(data[data.index(b"?>") + 2:] if data.startswith(b"<?xml") else data)
        parts.append(b"</ed:summaries>\n")
        gathered = b"".join(parts)
        target = self.cache / f"{named}{hashlib.sha256(gathered).hexdigest()}.xml"
        atomic_write(target, gathered)
        return target, missing

    def site_part(self, digests: dict[str, tuple[str, str]], summaries: Path,
                  apart: bool) -> SitePart:
        """The shared pages, from the letters' summaries and the rest of the projection.

        After an edit, or in a small edition (``apart`` false), they are written in one run,
        which writes the site index too: here, or on a cold build on a worker, which has the
        stylesheet compiled and warm from the summaries. Else the site index (all the
        documents' pages need of them) is written first, and the shared pages are left as a
        task that ``finish`` runs after the documents' pages; each in a process of its own
        that ends with it, so the reduce's memory never stacks on this process's or on a
        worker's."""
        key = cache_key(self.code, "site", summaries.stem.rsplit("-", 1)[-1],
                   *(f"{name}\x00{projected}" for name, (_, projected) in sorted(digests.items())
                     if not name.startswith("letters/")))
        folder = self.cache / "site" / key
        if (folder / SITE_INDEX).is_file():
            return SitePart(folder, folder / SITE_INDEX)
        shutil.rmtree(self.cache / "site", ignore_errors=True)
        parameters = {"tei-dir": self.projection.resolve().as_uri() + "/",
                      "summaries-file": summaries.resolve().as_uri()}
        scratch = [Path(tempfile.mkdtemp(prefix=f"{part}-", dir=self.cache))
                   for part in ("site-index", "site")]
        edition = str(self.projection / "edition.xml")
        xslt = str(self.context.project.root / "xslt")
        task: Task = (xslt, edition, {**parameters, "part": "site"}, str(scratch[1]))
        part = SitePart(folder, scratch[1] / SITE_INDEX, scratch[1], None, scratch)
        try:
            if not apart or (self.context.jobs or default_jobs()) <= 1:
                if self.executor is not None:
                    self.executor.run(render_batch, task)
                else:
                    render_batch(task, self.context.transformer)
                return part
            run_apart(render_batch, (xslt, edition, {**parameters, "part": "site-index"},
                                     str(scratch[0])))
        except BaseException:
            part.discard()
            raise
        part.index, part.task = scratch[0] / SITE_INDEX, task
        return part

    def pages_part(self, digests: dict[str, tuple[str, str]], index: Path,
                   folder: Path) -> int:
        """Every document's page, from the cache or written now; returns how many were written."""
        site = etree.parse(str(index)).getroot()
        letters = [(e.get("file"), e.get("id"), e.get("title"))
                   for e in site.iterfind(f"{{{ED_NS}}}letter")]
        essays = [(e.get("file"), e.get("id")) for e in site.iterfind(f"{{{ED_NS}}}essay")]
        # What a page reads of the site index: the entries in use (links to registers) and,
        # below, its neighbours' ids and titles (as ed:neighbours finds them: by the first
        # letter of each id); so a letter that moves in the order or is retitled rewrites its
        # neighbours' pages, and one whose date or text changed does not.
        first: dict[str, int] = {}
        for position, (_, ident, _) in enumerate(letters):
            first.setdefault(ident, position)
        used = sorted(e.get("key") for e in site.iterfind(f"{{{ED_NS}}}used"))
        shared = cache_key(self.code, "pages", *used, "\x01",
                      *(f"{name}\x00{source}" for name, (source, _) in sorted(digests.items())
                        if name.split("/", 1)[0] not in DOCUMENTS))
        wanted: dict[str, str] = {}  # key -> document file
        page_of: dict[str, str] = {}  # document file -> page
        for name, ident, _ in letters:
            around = [letters[first[letters[i][1]]] if 0 <= i < len(letters) else None
                      for i in (first[ident] - 1, first[ident] + 1)]
            alone = cache_key(shared, name, digests[name][0])
            key = cache_key(alone, *("" if other is None else f"{other[1]}\x00{other[2]}"
                                     for other in around))
            wanted[key], page_of[name] = name, f"letters/{ident}.html"
            self.search_keys[page_of[name]] = alone
        for name, ident in essays:
            key = cache_key(shared, name, digests[name][0])
            wanted[key], page_of[name] = name, f"essays/{ident}.html"
            self.search_keys[page_of[name]] = key
        pages = self.cache / "pages"
        missing = self.run_missing("pages", wanted, pages, ".html", self.tei,
                                   {"site-index": index.resolve().as_uri()}, page_of.get)
        for place in {page.rsplit("/", 1)[0] for page in page_of.values()}:
            (folder / place).mkdir(parents=True, exist_ok=True)
        kept, published = f"{pages}{os.sep}", f"{folder}{os.sep}"
        for key, name in wanted.items():
            link_or_copy(f"{kept}{key}.html", published + page_of[name])
        return missing

    def run_missing(self, part: str, wanted: dict[str, str], kept: Path, suffix: str,
                    tei: Path, parameters: dict[str, str], output: Callable[[str], str]) -> int:
        """Write what ``kept`` lacks of ``wanted`` (key -> document file) with one part of
        the stylesheet, in batches (on the workers when there are many); keep each result
        under its key and forget results no longer wanted. Returns how many were written."""
        kept.mkdir(parents=True, exist_ok=True)
        stamps = _Stamps(kept)
        missing = {key: name for key, name in wanted.items()
                   if not stamps.intact(f"{kept}{os.sep}{key}{suffix}")}
        if missing:
            with tempfile.TemporaryDirectory(prefix=f"{part}-", dir=self.cache) as scratch:
                files = sorted(set(missing.values()))
                jobs = self.context.jobs or default_jobs()
                count = max(math.ceil(len(files) / BATCH),
                            min(jobs, math.ceil(len(files) / BATCH_MINIMUM)))
                batches = [files[i::count] for i in range(count)]
                tasks = [(str(self.context.project.root / "xslt"), str(tei / "edition.xml"),
                          {"tei-dir": tei.resolve().as_uri() + "/", "part": part,
                           "page-files": " ".join(batch), **parameters}, scratch)
                         for batch in batches]
                if len(tasks) == 1:
                    render_batch(tasks[0], self.context.transformer)
                else:
                    self.workers().map(render_batch, tasks, label=f"Writing {part}",
                                       minimum_per_worker=1)
                for key, name in missing.items():
                    written = Path(scratch) / output(name)
                    if not written.is_file():
                        raise BuildError(f"the HTML writer produced no {output(name)}")
                    os.replace(written, kept / f"{key}{suffix}")
                    stamps.remember(kept / f"{key}{suffix}")
        with os.scandir(kept) as entries:
            for entry in entries:
                if entry.name.endswith(suffix) and entry.name[:-len(suffix)] not in wanted:
                    os.unlink(entry.path)
        stamps.save(wanted)
        return len(missing)


Task = tuple[str, str, dict[str, str], str]


class SitePart:
    """The shared pages: kept in ``folder``, or written by this build into the scratch
    folder ``written`` (already, or by ``task``, which ``finish`` runs), which ``finish``
    makes the kept one; ``index`` is the site index to read."""

    def __init__(self, folder: Path, index: Path, written: Path | None = None,
                 task: Task | None = None, scratch: list[Path] | None = None) -> None:
        self.folder = folder
        self.index = index
        self.written = written
        self.task = task
        self.scratch = scratch or []
        self.finished = written is None

    def finish(self) -> None:
        written = self.written
        if self.finished or written is None:
            return
        if self.task is not None:
            run_apart(render_batch, self.task)
            self.task = None
        if not (written / SITE_INDEX).is_file():
            raise BuildError("the HTML writer produced no site index")
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        written.rename(self.folder)
        self.finished = True

    def search_keys(self) -> dict[str, str]:
        """What the search reads of each shared page (``search.page_key``), worked out once
        for the pages kept: a retitled letter rewrites the registers' lists of documents,
        which the search does not read, and keeps the shared pages' search index."""
        kept = self.folder / SEARCH_KEYS
        with contextlib.suppress(OSError, ValueError):
            keys = json.loads(kept.read_text("utf-8"))
            if isinstance(keys, dict) and all(isinstance(k, str) and isinstance(v, str)
                                              for k, v in keys.items()):
                return keys
        keys = {page: page_key((self.folder / page).read_bytes())
                for page in files_below(self.folder, ".html", hidden=True)}
        atomic_write(kept, json.dumps(keys, sort_keys=True).encode("utf-8"), durable=False)
        return keys

    def discard(self) -> None:
        for folder in self.scratch:
            shutil.rmtree(folder, ignore_errors=True)


class _Stamps:
    """Size and modification time of each kept result when it was written.

    The published pages are hard links to the kept ones (a build links a
    thousand pages in the time it would copy a few): a kept file whose stamp
    changed was written to through its link, and is made again.
    """

    FILE = "stamps.json"

    def __init__(self, folder: Path) -> None:
        self.path = folder / self.FILE
        try:
            self.known: dict[str, str] = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.changed = False

    @staticmethod
    def stamp(path: Path | str) -> str | None:
        try:
            status = os.stat(path)
        except OSError:
            return None
        return f"{status.st_size}:{status.st_mtime_ns}"

    def intact(self, path: Path | str) -> bool:
        known = self.known.get(os.path.splitext(os.path.basename(path))[0])
        return known is not None and known == self.stamp(path)

    def remember(self, path: Path) -> None:
        self.known[path.stem] = self.stamp(path) or ""
        self.changed = True

    def save(self, wanted: dict[str, str]) -> None:
        if self.changed or set(self.known) - set(wanted):
            self.known = {key: value for key, value in self.known.items() if key in wanted}
            atomic_write(self.path, json.dumps(self.known, sort_keys=True).encode("utf-8"))


def render_batch(task: Task, transformer: Transformer | None = None) -> None:
    """One Saxon run writing a part of the site for a batch of documents (in any process)."""
    xslt, edition, parameters, out = task
    (transformer or _transformer(xslt)).run_to_folder(STYLESHEET, Path(edition), Path(out),
                                                     parameters)


@cache
def _transformer(xslt: str) -> Transformer:
    return Transformer(Path(xslt))


def code_digest(xslt: Path) -> str:
    return code_key(__file__, xslt, ("html", "common"))


def publish(source: Path, target: Path, skip: set[str]) -> None:
    """Every file below ``source`` copied to the same place below ``target``."""
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if path.is_dir() or relative.as_posix() in skip:
            continue
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / relative)
