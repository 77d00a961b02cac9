"""What every enrichment pass shares: the interface and the context it is run with.

Like docutils' transforms, a pass declares a ``name`` and an ``order`` and is
applied by the one registry in ``enrich/__init__.py``; it changes the TEI tree
in place and returns warnings for the editor (without file names: the
registry prefixes them with ``context.where``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from lxml import etree

from ..language import DEFAULT_PATH, Language, load_language
from .corrections import CorrectionRules, load_rules
from .names import Register, load_registers


@dataclass
class EnrichContext:
    """What the passes read besides the document: registers, corrections, language data."""

    register: Register
    rules: CorrectionRules
    language: Language
    #: Prefix of the warnings: the source and the document ("sources/x.txt: sov2-001").
    where: str = ""

    @classmethod
    def load(cls, registers: Path, corrections: Path, language: Path = DEFAULT_PATH,
             where: str = "") -> EnrichContext:
        """The context of a project: ``tei/registers``, ``sources/corrections.xml`` ..."""
        return cls(load_registers(registers), load_rules(corrections), load_language(language),
                   where)

    def at(self, where: str) -> EnrichContext:
        """The same context for another document."""
        return EnrichContext(self.register, self.rules, self.language, where)


class Enricher(Protocol):
    """One pass over a TEI document."""

    #: Short name, as ``run_enrichers(..., only=...)`` selects passes.
    name: str
    #: Passes run in increasing order.
    order: int

    def apply(self, document: etree._Element, context: EnrichContext) -> list[str]:
        """Change ``document`` in place; return warnings for the editor."""
        ...
