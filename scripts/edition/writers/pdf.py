"""The print edition: print HTML from ``xslt/print/book.xsl``, laid out by WeasyPrint."""

from __future__ import annotations

import shutil
from pathlib import Path

from . import WriterContext

FILENAME = "edition.pdf"


def write(context: WriterContext, staging: Path) -> dict[str, object]:
    from weasyprint import HTML  # imported late: it is slow to load and only needed here

    project = context.project
    html = context.transformer.run_to_string(
        "print/book.xsl", project.edition_file, {"tei-dir": context.tei_dir_uri}
    )
    base = (project.root / "xslt" / "print").as_uri() + "/"
    document = HTML(string=html, base_url=base).render()
    folder = staging / "pdf"
    folder.mkdir(parents=True)
    document.write_pdf(folder / FILENAME)
    site = staging / "html"
    if site.is_dir():  # the site links the PDF: serve the same file there
        shutil.copyfile(folder / FILENAME, site / FILENAME)
    return {"pages": len(document.pages)}
