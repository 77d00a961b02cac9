"""The print edition: print HTML in parts from ``xslt/print/book.xsl``, laid out by WeasyPrint.

The stylesheet writes the book as parts (front matter, introduction, batches of
documents, back matter, index). They are laid out separately, in parallel, and
joined with continuous page numbers in two passes:

1. every part but the index is laid out on its own (cached by content), which
   gives its page count and the page of every element id;
2. the first page of each part follows from the counts; the contents and the
   index are filled in with the pages their entries point to, and each part is
   printed with its folios counting from its first page. If filling in the
   contents changed the length of the front matter, the offsets are recomputed.

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
from .pdf_join import OutlineEntry, join
from .pdf_parts import Job, Layout, content_key, environment_key, run_all

FILENAME = "edition.pdf"
FRONT = "front"
INDEX = "index"


@dataclass
class Part:
    name: str
    html: str
    layout: Layout | None = None
    start: int = 1


def write(context: WriterContext, staging: Path, jobs: int | None = None) -> dict[str, object]:
    project = context.project
    base = project.root / "xslt" / "print"
    cache = staging.parent / ".cache" / "pdf"
    workers = jobs or context.jobs or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="print-", dir=staging) as folder:
        context.transformer.run_to_folder(
            "print/book.xsl", project.edition_file, Path(folder), {"tei-dir": context.tei_dir_uri})
        parts = [Part(path.stem.split("-", 1)[1], path.read_text(encoding="utf-8"))
                 for path in sorted(Path(folder).glob("*.html"))]
    book = Book(parts, base.as_uri() + "/", cache, environment_key(base), workers)
    pdfs = book.print()
    target = staging / "pdf"
    target.mkdir(parents=True)
    meta = lxml_html.fromstring(parts[0].html.encode())
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
        return Job(part.html, self.base_url, content_key(part.html, self.environment),
                   self.cache, start)

    def print(self) -> list[Path]:
        body = [p for p in self.parts if p.name != INDEX]
        for part, layout in zip(body, run_all([self.job(p) for p in body], self.workers),
                                strict=True):
            part.layout = layout
        for _ in range(3):  # the front matter's length may change once its page numbers are in
            self.number_pages()
            pages = self.page_of_anchors()
            pages.update({part.name: part.start for part in self.parts if part.name == INDEX})
            front = self.parts[0]
            if front.name == FRONT:
                front.html = fill(front.html, pages, {})
                [front.layout] = run_all([self.job(front)], 1)
            if [p.start for p in self.parts] == self.starts():
                break
        for part in self.parts:
            if part.name == INDEX:
                part.html = fill(part.html, {}, self.index_pages(pages))
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
        return {anchor: part.start + index
                for part in self.parts if part.layout
                for anchor, index in part.layout.anchors.items()}

    def index_pages(self, pages: dict[str, int]) -> dict[str, list[int]]:
        """Pages of every printed name, by index key, read from the parts' HTML."""
        found: dict[str, set[int]] = {}
        for part in self.parts:
            if part.name == INDEX:
                continue
            tree = lxml_html.fromstring(part.html.encode())
            for name in tree.xpath("//*[@data-ix][@id]"):
                if name.get("id") in pages:
                    found.setdefault(name.get("data-ix"), set()).add(pages[name.get("id")])
        return {key: sorted(value) for key, value in found.items()}

    def outline(self) -> list[OutlineEntry]:
        """The outline: the parts' titled elements, the documents under one 'Documents' entry."""
        pages = self.page_of_anchors()
        index = next((p for p in self.parts if p.name == INDEX), None)
        entries: list[OutlineEntry] = []
        documents: OutlineEntry | None = None
        for part in self.parts:
            tree = lxml_html.fromstring(part.html.encode())
            for element in tree.xpath("//*[@data-outline][@id]"):
                page = part.start if part is index else pages.get(element.get("id"))
                if page is None:
                    continue
                entry = OutlineEntry(element.get("data-outline"), page - 1)
                if element.get("data-level") == "2":
                    if documents is None:
                        documents = OutlineEntry("Documents", page - 1)
                        entries.append(documents)
                    documents.children.append(entry)
                else:
                    entries.append(entry)
        return entries


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
