"""Writers: each turns the valid TEI of the edition into one published product.

A writer is a function ``write(context, folder) -> dict`` that fills ``folder``
(a fresh staging folder named after the product) and returns facts for the
build report (page counts and the like). ``build.py`` runs them in order,
times them and publishes their folders together.
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

    @property
    def tei_dir_uri(self) -> str:
        return self.project.tei.resolve().as_uri() + "/"
