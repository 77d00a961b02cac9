"""Writers: each turns the valid TEI of the edition into one published product.

A writer is a function ``write(context, staging) -> dict`` that writes its
files below ``staging`` (the build's fresh root folder, published as
``output/`` when every writer has succeeded) and returns facts for the build
report (page counts and the like). ``build.py`` runs them in order and times
them. Where each product lives (paths relative to ``output/``):

    html/                 the static site (``html/index.html``, ``html/letters/ID.html``)
    html/tei/...          the published TEI, same relative paths as in ``tei/``
    html/edition.pdf      the print edition, as linked from the site
    pdf/edition.pdf       the print edition
    cmif/                 the CMIF export (also served in the site)

Every URL the site publishes is the edition's base URL (``tei/edition.xml``)
plus the path below ``html/``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import saxonche

from ..convert import Project
from ..xslt import Transformer


class BuildError(Exception):
    """A writer failed; nothing was published."""


@dataclass
class WriterContext:
    """What every writer may read: the project and the shared, compiled stylesheets."""

    project: Project
    transformer: Transformer
    #: Worker processes a writer may use for per-part work (``--jobs``); None: the cores.
    jobs: int | None = None

    @property
    def tei_dir_uri(self) -> str:
        return self.project.tei.resolve().as_uri() + "/"


def cache_key(*parts: str) -> str:
    """A cache key made of ``parts``: kept results are named by what they were made from."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\x00")
    return digest.hexdigest()


def code_key(writer: str, xslt: Path, folders: tuple[str, ...]) -> str:
    """What a writer's results are made with: its module's source, its stylesheet folders
    below ``xslt`` and Saxon's version (a change to any of them makes every result again)."""
    parts = [getattr(saxonche, "__version__", ""), Path(writer).read_text("utf-8")]
    for folder in folders:
        for path in sorted((xslt / folder).glob("*")):
            if path.is_file():
                parts.append(f"{path.name}\x00{hashlib.sha256(path.read_bytes()).hexdigest()}")
    return cache_key(*parts)
