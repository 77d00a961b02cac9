"""``edition build``: validate the TEI, then write the web and print editions with XSLT 3.0.

Everything is written into a fresh folder beside ``output/`` first and moved
into place only when all of it succeeded, so a failed build leaves the
previous edition intact.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .convert import Project
from .validate import Problem, validate
from .xslt import Transformer

PRODUCTS = ("html", "pdf")


@dataclass
class BuildReport:
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    pages: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def published(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


class BuildError(Exception):
    """A writer failed; nothing was published."""


def build(project: Project, output: Path) -> BuildReport:
    report = BuildReport()
    started = time.perf_counter()
    files, report.problems = validate([project.tei], project.root / "schema")
    report.files = len(files)
    report.timings["validate"] = time.perf_counter() - started
    if not report.published:
        return report

    output.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=output))
    try:
        transformer = Transformer(project.root / "xslt")
        started = time.perf_counter()
        write_html(transformer, project, staging / "html")
        report.timings["html"] = time.perf_counter() - started
        started = time.perf_counter()
        report.pages = write_pdf(transformer, project, staging / "pdf" / "edition.pdf")
        report.timings["pdf"] = time.perf_counter() - started
        publish(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def write_html(transformer: Transformer, project: Project, folder: Path) -> None:
    folder.mkdir(parents=True)
    transformer.run_to_folder(
        "html/site.xsl", project.edition_file, folder, {"tei-dir": tei_dir_uri(project)}
    )
    shutil.copy(project.root / "xslt" / "html" / "edition.css", folder / "edition.css")
    if not (folder / "index.html").exists():
        raise BuildError("the HTML writer produced no index.html")


def write_pdf(transformer: Transformer, project: Project, target: Path) -> int:
    """Print HTML from XSLT, laid out into pages by WeasyPrint; returns the page count."""
    from weasyprint import HTML  # imported late: it is slow to load and only needed here

    html = transformer.run_to_string(
        "print/book.xsl", project.edition_file, {"tei-dir": tei_dir_uri(project)}
    )
    base = (project.root / "xslt" / "print").as_uri() + "/"
    document = HTML(string=html, base_url=base).render()
    target.parent.mkdir(parents=True)
    document.write_pdf(target)
    return len(document.pages)


def tei_dir_uri(project: Project) -> str:
    return project.tei.resolve().as_uri() + "/"


def publish(staging: Path, output: Path) -> None:
    """Swap each finished product into ``output/``; the old one goes only once the new is in."""
    for product in PRODUCTS:
        new = staging / product
        current = output / product
        old = staging / f"{product}.old"
        if current.exists():
            current.rename(old)
        new.rename(current)
