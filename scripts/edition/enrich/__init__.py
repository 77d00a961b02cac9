"""The enrichment passes and the one registry that runs them.

``convert`` runs every pass on what a reader made, ``link`` the passes that
only add markup to hand-edited TEI (``EDITED_SAFE``), and an importer of TEI
from elsewhere runs them like ``convert``. Order: corrections first (names and
dates are read in the corrected text), then names, series citations (their years
are no dates), dates, the document's type, and last the title made from all of them.
"""

from __future__ import annotations

from collections.abc import Collection

from lxml import etree

from .base import EnrichContext, Enricher
from .citations import CitationPass
from .corrections import CorrectionsPass
from .dating import DatingPass
from .doctype import DocumentTypePass
from .names import NamesPass
from .titles import TitlePass

__all__ = ["ENRICHERS", "EDITED_SAFE", "EnrichContext", "Enricher", "enrichers",
           "run_enrichers"]

#: Every pass, in the order it runs.
ENRICHERS: tuple[Enricher, ...] = tuple(sorted(
    (CorrectionsPass(), NamesPass(), CitationPass(), DatingPass(), DocumentTypePass(),
     TitlePass()),
    key=lambda e: e.order,
))

#: Passes that never change what an editor wrote, only add links: safe on edited TEI.
EDITED_SAFE = ("names",)


def enrichers(only: Collection[str] | None = None) -> list[Enricher]:
    """The registered passes (those named in ``only``, when given), in order."""
    if only is not None:
        unknown = set(only) - {e.name for e in ENRICHERS}
        if unknown:
            raise ValueError(f"no enrichment pass named {', '.join(sorted(unknown))}")
    return [e for e in ENRICHERS if only is None or e.name in only]


def run_enrichers(root: etree._Element, context: EnrichContext,
                  only: Collection[str] | None = None) -> list[str]:
    """Run the passes over one document in order; their warnings, prefixed with where it is."""
    warnings: list[str] = []
    prefix = f"{context.where}: " if context.where else ""
    for enricher in enrichers(only):
        warnings.extend(f"{prefix}{message}" for message in enricher.apply(root, context))
    return warnings
