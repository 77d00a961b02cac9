"""``edition build``: validate the TEI, then run every writer into one staging folder.

Everything is written into a fresh folder beside ``output/`` first and moved
into place only when all of it succeeded, so a failed build leaves the
previous edition intact.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .convert import Project
from .validate import Problem, validate
from .writers import BuildError, WriterContext
from .writers import html as html_writer
from .writers import pdf as pdf_writer
from .xslt import Transformer

__all__ = ["BuildError", "BuildReport", "WRITERS", "build"]

Writer = Callable[[WriterContext, Path], dict]

# The writers, run in this order; each writes its product below the staging folder.
WRITERS: dict[str, Writer] = {
    "html": html_writer.write,
    "pdf": pdf_writer.write,
}

#: The site the other products are served in (``html/edition.pdf``, ``html/cmif.xml``...).
SITE = "html"


@dataclass
class BuildReport:
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    facts: dict[str, dict] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def published(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    @property
    def pages(self) -> int:
        return int(self.facts.get("pdf", {}).get("pages", 0))


def build(project: Project, output: Path, *, only: str | None = None, jobs: int | None = None,
          cluster: str | None = None) -> BuildReport:
    """Validate the whole edition, then write every product, or only the product ``only``.

    With ``only``, the other products already in ``output/`` stay as they are;
    a product other than the site is still served in the site: the current site
    is staged with it and published again with the new copy in it.
    """
    if only is not None and only not in WRITERS:
        raise BuildError(f"unknown product '{only}' (known: {', '.join(WRITERS)})")
    report = BuildReport()
    started = time.perf_counter()
    files, report.problems = validate([project.tei], project.root / "schema", jobs=jobs,
                                      cluster=cluster)
    report.files = len(files)
    report.timings["validate"] = time.perf_counter() - started
    if not report.published:
        return report

    output.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=output))
    try:
        context = WriterContext(project, Transformer(project.root / "xslt"))
        writers = WRITERS if only is None else {only: WRITERS[only]}
        if only is not None and only != SITE and (output / SITE).is_dir():
            shutil.copytree(output / SITE, staging / SITE)
        for product, write in writers.items():
            started = time.perf_counter()
            report.facts[product] = write(context, staging) or {}
            report.timings[product] = time.perf_counter() - started
        if only == SITE:
            keep_served_copies(output, staging)
        publish(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def keep_served_copies(output: Path, staging: Path) -> None:
    """A site built alone keeps the copies of the other products it served (``edition.pdf``)."""
    old_site, new_site = output / SITE, staging / SITE
    if not old_site.is_dir() or not new_site.is_dir():
        return
    for product in output.iterdir():
        if product.name == SITE or product.name.startswith(".") or not product.is_dir():
            continue
        for file in product.iterdir():
            served = old_site / file.name
            if file.is_file() and served.is_file() and not (new_site / file.name).exists():
                shutil.copyfile(served, new_site / file.name)


def publish(staging: Path, output: Path) -> None:
    """Swap each finished product into ``output/``; the old one goes only once the new is in."""
    for new in [p for p in staging.iterdir() if p.is_dir()]:
        product = new.name
        current = output / product
        old = staging / f"{product}.old"
        if current.exists():
            current.rename(old)
        new.rename(current)
