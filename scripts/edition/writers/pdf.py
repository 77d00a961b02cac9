"""The print edition: print HTML in parts from ``xslt/print/book.xsl``, laid out by WeasyPrint.

The stylesheet writes the book as parts (``pdf_html.py``: a map over the
documents and a reduce over their summaries, kept by content), each starting on
a new page: the title pages, the contents and the list of documents in slices,
the other front matter, the introduction, batches of documents, the back matter
and the index.
They are laid out separately, in parallel, and joined with continuous page
numbers in two passes:

1. every part but the index is laid out on its own (cached by content), which
   gives its page count and a small record of what the book needs from it: the
   page of each landmark, the outline titles, the pages of each index key;
2. the first page of each part follows from the counts; the contents and the
   index are filled in with the pages their entries point to, and each part is
   printed with its folios counting from its first page. If filling in the
   contents changed the length of the front matter, the offsets are recomputed.

Memory does not grow with the size of the edition: the stylesheet runs in
processes of their own, each on a batch of documents or on their small
summaries, the parts' HTML stays on disk and is read one part at a time, and
WeasyPrint runs only in worker processes that are recycled.
The parts are joined with pypdf, which also writes the outline (clean titles
from the stylesheet's ``data-outline``) and the document information.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html

from . import WriterContext
from .pdf_html import write_parts
from .pdf_join import OutlineEntry, join
from .pdf_parts import Job, Layout, content_key, environment_key, run_all

FILENAME = "edition.pdf"
FRONT = "front"
INDEX = "index"
#: Stylesheet parameters besides those pdf_html sets (``entries-per-part``): its defaults.
PARAMETERS: dict[str, str] = {}


@dataclass
class Part:
    name: str
    html: Path  # the part's HTML as the stylesheet wrote it
    layout: Layout | None = None
    start: int = 1
    filled: Path | None = None  # the same with its page numbers filled in

    @property
    def source(self) -> Path:
        return self.filled or self.html


def write(context: WriterContext, staging: Path, jobs: int | None = None) -> dict[str, object]:
    project = context.project
    base = project.root / "xslt" / "print"
    cache = staging.parent / ".cache" / "pdf"
    workers = jobs or context.jobs or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="print-", dir=staging) as name:
        folder = Path(name)
        parts = [Part(stem.split("-", 1)[1], path)
                 for stem, path in write_parts(context.transformer.folder, project.tei,
                                               cache / "html", workers, PARAMETERS, folder)]
        book = Book(parts, base.as_uri() + "/", cache, environment_key(base), workers)
        pdfs = book.print()
        target = staging / "pdf"
        target.mkdir(parents=True)
        meta = lxml_html.parse(str(parts[0].html)).getroot()
        pages = join(pdfs, target / FILENAME, book.outline(), metadata={
            "/Title": meta.findtext(".//title") or "",
            "/Author": (meta.xpath("string(//meta[@name='author']/@content)")),
            "/Subject": (meta.xpath("string(//meta[@name='description']/@content)")),
        }, language=meta.get("lang", "en"))
    site = staging / "html"
    if site.is_dir():  # the site links the PDF: serve the same file there
        shutil.copyfile(target / FILENAME, site / FILENAME)
    return {"pages": pages, "parts": len(parts)}


class Book:
    """The parts of the book and the two-pass layout that numbers their pages."""

    def __init__(self, parts: list[Part], base_url: str, cache: Path, environment: str,
                 workers: int) -> None:
        self.parts = parts
        self.base_url = base_url
        self.cache = cache
        self.environment = environment
        self.workers = workers

    def job(self, part: Part, start: int | None = None) -> Job:
        key = content_key(part.source.read_text(encoding="utf-8"), self.environment)
        return Job(part.source, self.base_url, key, self.cache, start)

    def lay_out(self, parts: list[Part]) -> None:
        for part, layout in zip(parts, run_all([self.job(p) for p in parts], self.workers),
                                strict=True):
            part.layout = layout

    def print(self) -> list[Path]:
        self.lay_out([p for p in self.parts if p.name != INDEX])
        front = [p for p in self.parts
                 if p.name.startswith(FRONT) and p.layout and p.layout.placeholders]
        for _ in range(3):  # the front matter's length may change once its page numbers are in
            self.number_pages()
            pages = self.page_of_anchors()
            pages.update({part.name: part.start for part in self.parts if part.name == INDEX})
            for part in front:
                part.filled = part.html.with_suffix(".filled.html")
                fill_file(part.html, part.filled, pages, {})
            self.lay_out(front)
            if [p.start for p in self.parts] == self.starts():
                break
        for part in self.parts:
            if part.name == INDEX:
                part.filled = part.html.with_suffix(".filled.html")
                fill_file(part.html, part.filled, {}, self.index_pages())
        return run_all([self.job(p, p.start) for p in self.parts], self.workers)

    def starts(self) -> list[int]:
        starts, page = [], 1
        for part in self.parts:
            starts.append(page)
            page += part.layout.pages if part.layout else 0
        return starts

    def number_pages(self) -> None:
        for part, start in zip(self.parts, self.starts(), strict=True):
            part.start = start

    def page_of_anchors(self) -> dict[str, int]:
        """The page of every landmark of the book (the targets of the contents)."""
        return {anchor: part.start + index
                for part in self.parts if part.layout
                for anchor, index in part.layout.anchors.items()}

    def index_pages(self) -> dict[str, list[int]]:
        """Pages of every printed name, by index key, from the parts' layout records."""
        found: dict[str, set[int]] = {}
        for part in self.parts:
            if part.layout:
                for key, pages in part.layout.index.items():
                    found.setdefault(key, set()).update(part.start + page for page in pages)
        return {key: sorted(value) for key, value in found.items()}

    def outline(self) -> list[OutlineEntry]:
        """The outline: the parts' titled elements, the documents under one 'Documents' entry."""
        entries: list[OutlineEntry] = []
        documents: OutlineEntry | None = None
        for part in self.parts:
            for item, page in self.outline_items(part):
                entry = OutlineEntry(item[1], page - 1)
                if item[2] == "2":
                    if documents is None:
                        documents = OutlineEntry("Documents", page - 1)
                        entries.append(documents)
                    documents.children.append(entry)
                else:
                    entries.append(entry)
        return entries

    def outline_items(self, part: Part) -> list[tuple[tuple[str, str, str], int]]:
        """A part's outlined elements (id, title, level) and their pages."""
        if part.layout:
            return [((i.id, i.title, i.level), part.start + part.layout.anchors[i.id])
                    for i in part.layout.outline if i.id in part.layout.anchors]
        # the index is printed, never laid out on its own: its titles open its first page
        tree = lxml_html.parse(str(part.source)).getroot()
        return [((e.get("id"), e.get("data-outline"), e.get("data-level") or "1"), part.start)
                for e in tree.xpath("//*[@data-outline][@id]")]


def fill_file(source: Path, target: Path, pages: dict[str, int],
              locators: dict[str, list[int]]) -> None:
    """Write ``source`` with its page numbers filled in to ``target``."""
    target.write_text(fill(source.read_text(encoding="utf-8"), pages, locators), encoding="utf-8")


def fill(html: str, pages: dict[str, int], locators: dict[str, list[int]]) -> str:
    """Put the page numbers into the contents (``pageref``) and the index (``locators``)."""
    tree = lxml_html.fromstring(html.encode())
    for ref in tree.xpath("//span[@class='pageref'][@data-ref]"):
        ref.text = str(pages.get(ref.get("data-ref"), ""))
    for span in tree.xpath("//span[@class='locators'][@data-ix-key]"):
        numbers = locators.get(span.get("data-ix-key"))
        if numbers:
            span.text = page_ranges(numbers)
        else:  # a name printed nowhere (in a note without text, say) is not indexed
            span.getparent().getparent().remove(span.getparent())
    return "<!DOCTYPE html>\n" + lxml_html.tostring(tree, encoding="unicode")


def page_ranges(pages: list[int]) -> str:
    """'3, 5–7, 12' from [3, 5, 6, 7, 12]."""
    ranges: list[list[int]] = []
    for page in sorted(set(pages)):
        if ranges and page == ranges[-1][1] + 1:
            ranges[-1][1] = page
        else:
            ranges.append([page, page])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)
