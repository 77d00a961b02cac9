"""Laying out one part of the print edition with WeasyPrint, cached by content.

A part is a complete HTML document on disk (the title pages, a slice of the
contents, a batch of documents, the index, ...). Parts are laid out in worker
processes, each on its own, so that memory is bounded by the largest part and
time grows with the number of pages (WeasyPrint's footnote handling is
quadratic within one document). Workers are replaced after a few parts, so that
what WeasyPrint and Python keep between parts cannot pile up.

Two results are cached in ``output/.cache/pdf/``, keyed by a hash of what
determines them: the *layout* from the part's HTML, the stylesheet and the font
configuration; the *PDF* from the same plus the number of its first page. The
layout is all the main process needs to know of a part, as small records made
while the part is at hand: its page count, the page of each landmark (an
element with ``data-outline``, the entries of the contents and the outline),
the outline titles, and the pages on which each index key's names start.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from lxml import html as lxml_html

from . import BuildError

STYLESHEET = "book.css"
FONT_CONFIG = ("/etc/fonts/fonts.conf", "/etc/fonts/conf.d")
#: Parts a worker process lays out before it is replaced by a fresh one.
PARTS_PER_WORKER = 4
#: Bumped when the layout record changes, so that older cached records are not read.
LAYOUT_FORMAT = 2
#: What a part may load (its stylesheet, fonts, images): files of the project, never the web.
LOCAL_PROTOCOLS = frozenset({"file", "data"})


@dataclass(frozen=True)
class OutlineItem:
    """An element the PDF outline shows: its id, clean title and level ('1', '2')."""

    id: str
    title: str
    level: str


@dataclass(frozen=True)
class Layout:
    """What the book needs to know of a laid-out part; pages are counted from 0 in the part."""

    pages: int
    anchors: dict[str, int]  # the page of each landmark (element with data-outline)
    outline: list[OutlineItem]
    index: dict[str, list[int]]  # index key -> pages on which a name with that key starts
    placeholders: bool  # the part has page numbers to fill in (contents, index)


@dataclass(frozen=True)
class Job:
    """One part to lay out, or to print as a PDF starting at page ``start``."""

    html: Path
    base_url: str
    key: str
    cache: Path
    start: int | None = None  # None: layout only

    @property
    def path(self) -> Path:
        if self.start is None:
            return self.cache / f"layout{LAYOUT_FORMAT}-{self.key}.json"
        return self.cache / f"part-{self.key}-p{self.start}.pdf"


def environment_key(base: Path) -> str:
    """A hash of the stylesheet and the font configuration that every part depends on."""
    digest = hashlib.sha256((base / STYLESHEET).read_bytes())
    for name in FONT_CONFIG:
        path = Path(name)
        files = sorted(path.glob("*.conf")) if path.is_dir() else [path]
        for file in files:
            if file.exists():
                digest.update(file.name.encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def content_key(html: str, environment: str) -> str:
    return hashlib.sha256((environment + "\0" + html).encode()).hexdigest()[:32]


def with_first_page(html: str, start: int) -> str:
    """The part's HTML with its folios counting from ``start``."""
    rule = f"<style>@page:first {{ counter-reset: page {start} }}</style>"
    return re.sub("</head>", rule + "</head>", html, count=1)


def run(job: Job) -> Layout | Path:
    """Lay out (or print) one part; a cached result is reused. Runs in a worker process."""
    if job.path.exists():
        return _read(job)
    # imported in the worker: slow to load, only needed here
    from weasyprint import HTML, URLFetcher

    source = job.html.read_text(encoding="utf-8")
    html = source if job.start is None else with_first_page(source, job.start)
    fetcher = URLFetcher(allowed_protocols=LOCAL_PROTOCOLS)
    document = HTML(string=html, base_url=job.base_url, url_fetcher=fetcher).render()
    job.cache.mkdir(parents=True, exist_ok=True)
    temporary = job.path.with_suffix(f".{os.getpid()}.tmp")
    if job.start is None:
        page_of: dict[str, int] = {}
        for number, page in enumerate(document.pages):
            for name in page.anchors:  # an element broken across pages is found where it starts
                page_of.setdefault(name, number)
        temporary.write_text(json.dumps(records(source, len(document.pages), page_of)))
    else:
        document.write_pdf(temporary)
    temporary.replace(job.path)
    return _read(job)


def records(html: str, pages: int, page_of: dict[str, int]) -> dict[str, object]:
    """The layout record of a part from its HTML and the page of every element id."""
    tree = lxml_html.fromstring(html.encode())
    outline = [[e.get("id"), e.get("data-outline"), e.get("data-level") or "1"]
               for e in tree.xpath("//*[@data-outline][@id]")]
    index: dict[str, set[int]] = {}
    for name in tree.xpath("//*[@data-ix][@id]"):
        if name.get("id") in page_of:
            index.setdefault(name.get("data-ix"), set()).add(page_of[name.get("id")])
    return {
        "pages": pages,
        "anchors": {i: page_of[i] for i, _, _ in outline if i in page_of},
        "outline": outline,
        "index": {key: sorted(numbers) for key, numbers in index.items()},
        "placeholders": bool(tree.xpath(
            "//span[@class='pageref'][@data-ref] | //span[@class='locators'][@data-ix-key]")),
    }


def _read(job: Job) -> Layout | Path:
    if job.start is not None:
        return job.path
    data = json.loads(job.path.read_text())
    return Layout(data["pages"], data["anchors"], [OutlineItem(*item) for item in data["outline"]],
                  data["index"], data["placeholders"])


def run_all(jobs: list[Job], workers: int) -> list:
    """Run the jobs in up to ``workers`` worker processes; cached results are read here.

    WeasyPrint never runs in this process, even for one job: its memory would stay
    with the process that holds the whole book's records. The workers are replaced
    by fresh ones every ``PARTS_PER_WORKER`` parts each (a new pool per slice of
    the jobs: ``max_tasks_per_child`` can leave Python 3.11's pool waiting forever).
    """
    pending = [job for job in jobs if not job.path.exists()]
    size = max(1, min(workers, len(pending)))
    for first in range(0, len(pending), size * PARTS_PER_WORKER):
        # spawn: the parent may hold Saxon's native runtime, which must not be forked
        batch = pending[first:first + size * PARTS_PER_WORKER]
        try:
            with ProcessPoolExecutor(max_workers=size, mp_context=get_context("spawn")) as pool:
                for _ in pool.map(run, batch):
                    pass
        except BrokenProcessPool as exc:
            names = ", ".join(job.html.name for job in batch if not job.path.exists())
            raise BuildError(f"the PDF: a process laying out {names} died "
                             f"(out of memory?): {exc}") from exc
    return [_read(job) for job in jobs]
