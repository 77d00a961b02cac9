"""Laying out one part of the print edition with WeasyPrint, cached by content.

A part is a complete HTML document (front matter, a batch of documents, the
index, ...). Parts are laid out in worker processes, each on its own, so that
memory is bounded by the largest part and time grows with the number of pages
(WeasyPrint's footnote handling is quadratic within one document).

Two results are cached in ``output/.cache/pdf/``, keyed by a hash of what
determines them: the *layout* (page count and the page of every element id)
from the part's HTML, the stylesheet and the font configuration; the *PDF*
from the same plus the number of its first page.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

STYLESHEET = "book.css"
FONT_CONFIG = ("/etc/fonts/fonts.conf", "/etc/fonts/conf.d")


@dataclass(frozen=True)
class Layout:
    """Where a part's pages fall: how many, and the page (from 0) of each element id."""

    pages: int
    anchors: dict[str, int]


@dataclass(frozen=True)
class Job:
    """One part to lay out, or to print as a PDF starting at page ``start``."""

    html: str
    base_url: str
    key: str
    cache: Path
    start: int | None = None  # None: layout only

    @property
    def path(self) -> Path:
        if self.start is None:
            return self.cache / f"layout-{self.key}.json"
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
    from weasyprint import HTML  # imported in the worker: slow to load, only needed here

    html = job.html if job.start is None else with_first_page(job.html, job.start)
    document = HTML(string=html, base_url=job.base_url).render()
    job.cache.mkdir(parents=True, exist_ok=True)
    temporary = job.path.with_suffix(f".{os.getpid()}.tmp")
    if job.start is None:
        anchors: dict[str, int] = {}
        for number, page in enumerate(document.pages):
            for name in page.anchors:  # an element broken across pages is found where it starts
                anchors.setdefault(name, number)
        temporary.write_text(json.dumps({"pages": len(document.pages), "anchors": anchors}))
    else:
        document.write_pdf(temporary)
    temporary.replace(job.path)
    return _read(job)


def _read(job: Job) -> Layout | Path:
    if job.start is not None:
        return job.path
    data = json.loads(job.path.read_text())
    return Layout(data["pages"], data["anchors"])


def run_all(jobs: list[Job], workers: int) -> list:
    """Run the jobs in ``workers`` processes (in this one when 1 or a single job needs work)."""
    pending = [job for job in jobs if not job.path.exists()]
    if workers <= 1 or len(pending) <= 1:
        return [run(job) for job in jobs]
    # spawn: the parent holds Saxon's native runtime, which must not be forked
    with ProcessPoolExecutor(max_workers=min(workers, len(pending)),
                             mp_context=get_context("spawn")) as pool:
        return list(pool.map(run, jobs))
