"""The web edition: a static site written by ``xslt/html/site.xsl``."""

from __future__ import annotations

import shutil
from pathlib import Path

from . import BuildError, WriterContext


def write(context: WriterContext, staging: Path) -> dict[str, object]:
    project = context.project
    folder = staging / "html"
    folder.mkdir(parents=True)
    context.transformer.run_to_folder(
        "html/site.xsl", project.edition_file, folder, {"tei-dir": context.tei_dir_uri}
    )
    shutil.copy(project.root / "xslt" / "html" / "edition.css", folder / "edition.css")
    if not (folder / "index.html").exists():
        raise BuildError("the HTML writer produced no index.html")
    return {}
