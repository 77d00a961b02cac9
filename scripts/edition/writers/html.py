"""The web edition: a static site written by ``xslt/html/site.xsl``, searchable offline.

The site is written in two parts, each remembered by what it was made from
(in ``output/.cache/html/``, never committed), so a build after an edit
redoes only the pages the edit touched:

- the *site part* (a reduce): the list of letters, the timeline, the
  registers, search and the pages about the edition. It runs on the
  edition's projection (``projection.py``), so an edit of a document's text
  leaves it as it was; it also writes ``site-index.xml``, all that the
  documents' pages need of the whole site (the order of the letters, the
  register entries in use).
- the *pages part* (a map): each document's page, remembered by the bytes of
  the document, the projections of its previous and next letters, the site
  index and every file of ``tei/`` that is not a document (edition.xml, the
  registers, the shared notes). Missing pages are written in batches, on
  ``--jobs`` worker processes when there are many.

The stylesheets and this module are part of every key: a change to them
writes everything again. Then the stylesheet, script and icon are copied
beside the pages, and the full-text search index is built (``search.py``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

import saxonche
from lxml import etree

from ..executor import Executor
from ..xslt import Transformer
from . import BuildError, WriterContext
from .projection import Projection
from .search import build_search_index

# Files of xslt/html/ published as they are, beside the pages.
ASSETS = ("edition.css", "site.js", "favicon.svg")
STYLESHEET = "html/site.xsl"
SITE_INDEX = "site-index.xml"
ED_NS = "urn:edition:functions"
#: The documents that get a page of their own (folders below tei/).
DOCUMENTS = ("letters", "essays")
#: Pages written by one Saxon run in a worker: enough to pay for its start.
BATCH = 50


def write(context: WriterContext, staging: Path) -> dict[str, object]:
    project = context.project
    folder = staging / "html"
    folder.mkdir(parents=True, exist_ok=True)
    site = Site(context, staging.parent / ".cache" / "html")
    facts = site.write(folder)
    for name in ASSETS:
        shutil.copy(project.root / "xslt" / "html" / name, folder / name)
    if not (folder / "index.html").exists():
        raise BuildError("the HTML writer produced no index.html")
    pages = sum(1 for _ in folder.rglob("*.html"))
    facts.update(build_search_index(folder, staging.parent / ".cache" / "html" / "search",
                                    context.jobs))
    return {"pages": pages, **facts}


class Site:
    """The two parts of the site, each taken from the cache or written again."""

    def __init__(self, context: WriterContext, cache: Path) -> None:
        self.context = context
        self.tei = context.project.tei
        self.cache = cache
        self.code = code_digest(context.project.root / "xslt")

    def write(self, folder: Path) -> dict[str, object]:
        self.cache.mkdir(parents=True, exist_ok=True)
        digests = Projection(self.tei, self.cache / "projection").update()
        site_folder, site_written = self.site_part(digests)
        publish(site_folder, folder, skip={SITE_INDEX})
        index = site_folder / SITE_INDEX
        written = self.pages_part(digests, index, folder)
        return {"site pages written": site_written, "document pages written": written}

    def site_part(self, digests: dict[str, tuple[str, str]]) -> tuple[Path, bool]:
        key = _sha(self.code, "site", *(f"{name}\x00{projected}"
                                        for name, (_, projected) in sorted(digests.items())))
        folder = self.cache / "site" / key
        if (folder / SITE_INDEX).is_file():
            return folder, False
        shutil.rmtree(self.cache / "site", ignore_errors=True)
        fresh = Path(tempfile.mkdtemp(prefix="site-", dir=self.cache))
        projection = self.cache / "projection"
        try:
            self.context.transformer.run_to_folder(
                STYLESHEET, projection / "edition.xml", fresh,
                {"tei-dir": projection.resolve().as_uri() + "/", "part": "site"})
            folder.parent.mkdir(parents=True, exist_ok=True)
            fresh.rename(folder)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
        return folder, True

    def pages_part(self, digests: dict[str, tuple[str, str]], index: Path,
                   folder: Path) -> int:
        """Every document's page, from the cache or written now; returns how many were written."""
        site = etree.parse(str(index)).getroot()
        letters = [(e.get("file"), e.get("id")) for e in site.iterfind(f"{{{ED_NS}}}letter")]
        essays = [(e.get("file"), e.get("id")) for e in site.iterfind(f"{{{ED_NS}}}essay")]
        shared = _sha(self.code, "pages", _sha(index.read_bytes().decode("utf-8")),
                      *(f"{name}\x00{source}" for name, (source, _) in sorted(digests.items())
                        if name.split("/", 1)[0] not in DOCUMENTS))
        wanted: dict[str, tuple[str, str]] = {}  # key -> (document file, page path)
        for position, (name, ident) in enumerate(letters):
            around = [letters[i][0] for i in (position - 1, position + 1)
                      if 0 <= i < len(letters)]
            key = _sha(shared, name, digests[name][0],
                       *(f"{other}\x00{digests[other][1]}" for other in around))
            wanted[key] = (name, f"letters/{ident}.html")
        for name, ident in essays:
            wanted[_sha(shared, name, digests[name][0])] = (name, f"essays/{ident}.html")
        pages = self.cache / "pages"
        pages.mkdir(parents=True, exist_ok=True)
        missing = {key: value for key, value in wanted.items()
                   if not (pages / f"{key}.html").is_file()}
        if missing:
            self.render(missing, index, pages)
        for key, (_, page) in wanted.items():
            target = folder / page
            target.parent.mkdir(parents=True, exist_ok=True)
            # A copy, not a link: what is done to the published file never reaches the cache.
            shutil.copyfile(pages / f"{key}.html", target)
        # Pages no document of this edition has any more: forgotten.
        for old in pages.glob("*.html"):
            if old.stem not in wanted:
                old.unlink()
        return len(missing)

    def render(self, missing: dict[str, tuple[str, str]], index: Path, pages: Path) -> None:
        """Write the missing pages, in batches, and keep each under its key."""
        with tempfile.TemporaryDirectory(prefix="pages-", dir=self.cache) as scratch:
            files = sorted({name for name, _ in missing.values()})
            batches = [files[i:i + BATCH] for i in range(0, len(files), BATCH)]
            tasks = [(str(self.context.project.root / "xslt"), str(self.tei / "edition.xml"),
                      self.context.tei_dir_uri, index.resolve().as_uri(), batch, scratch)
                     for batch in batches]
            if len(batches) == 1:
                render_batch(tasks[0], self.context.transformer)
            else:
                with Executor(self.context.jobs, minimum_per_worker=2) as executor:
                    executor.map(render_batch, tasks, label="Writing pages")
            for key, (_, page) in missing.items():
                written = Path(scratch) / page
                if not written.is_file():
                    raise BuildError(f"the HTML writer produced no {page}")
                os.replace(written, pages / f"{key}.html")


def render_batch(task: tuple[str, str, str, str, list[str], str],
                 transformer: Transformer | None = None) -> None:
    """One Saxon run writing the pages of a batch of documents (in any process)."""
    xslt, edition, tei_dir, index, files, out = task
    (transformer or _transformer(xslt)).run_to_folder(
        STYLESHEET, Path(edition), Path(out),
        {"tei-dir": tei_dir, "part": "pages", "site-index": index, "page-files": " ".join(files)})


@cache
def _transformer(xslt: str) -> Transformer:
    return Transformer(Path(xslt))


def code_digest(xslt: Path) -> str:
    """What the pages are made with: the stylesheets, this writer, Saxon."""
    parts = [saxonche.__name__, getattr(saxonche, "__version__", ""),
             Path(__file__).read_text("utf-8")]
    for folder in ("html", "common"):
        for path in sorted((xslt / folder).glob("*")):
            if path.is_file():
                parts.append(f"{path.name}\x00{_sha(path.read_bytes().decode('utf-8', 'replace'))}")
    return _sha(*parts)


def publish(source: Path, target: Path, skip: set[str]) -> None:
    """Every file below ``source`` copied to the same place below ``target``."""
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if path.is_dir() or relative.as_posix() in skip:
            continue
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / relative)


def _sha(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\x00")
    return digest.hexdigest()
