"""The web edition: a static site written by ``xslt/html/site.xsl``, searchable offline.

The pages come from one XSLT transformation; the stylesheet, script and icon
are copied beside them; then pagefind (PyPI ``pagefind``) builds the
full-text search index into ``pagefind/``, so search needs no server and
makes no request outside the site.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from . import BuildError, WriterContext

# Files of xslt/html/ published as they are, beside the pages.
ASSETS = ("edition.css", "site.js", "favicon.svg")
SEARCH_FOLDER = "pagefind"


def build_search_index(folder: Path) -> None:
    """Index every page that marks its content with ``data-pagefind-body``."""
    command = [sys.executable, "-m", "pagefind", "--site", str(folder),
               "--output-subdir", SEARCH_FOLDER, "--force-language", "en", "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(f"the search index could not be built: {exc}") from exc
    if result.returncode != 0 or not (folder / SEARCH_FOLDER / "pagefind.js").exists():
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BuildError("the search index could not be built (pagefind): "
                         + (detail[-1] if detail else f"exit {result.returncode}"))


def write(context: WriterContext, staging: Path) -> dict[str, object]:
    project = context.project
    folder = staging / "html"
    folder.mkdir(parents=True, exist_ok=True)
    context.transformer.run_to_folder(
        "html/site.xsl", project.edition_file, folder, {"tei-dir": context.tei_dir_uri}
    )
    for name in ASSETS:
        shutil.copy(project.root / "xslt" / "html" / name, folder / name)
    if not (folder / "index.html").exists():
        raise BuildError("the HTML writer produced no index.html")
    build_search_index(folder)
    return {"pages": sum(1 for _ in folder.rglob("*.html"))}
