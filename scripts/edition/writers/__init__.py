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

from dataclasses import dataclass

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
