"""What flows between the pipeline's stages: sources in, TEI documents out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree


@dataclass
class Source:
    """A transcription as received, with its citation from ``sources/catalogue.xml``."""

    path: Path
    text: str
    format: str
    #: ``tei:bibl`` from the catalogue (or a minimal one made from the file name).
    citation: etree._Element
    #: Prefix of the xml:ids made from this source (``sov2``, ``frus1942v03``...).
    prefix: str


@dataclass
class Document:
    """One TEI file a reader made: a letter, a note collection, an essay."""

    xml_id: str
    #: Sub-folder of ``tei/`` it belongs in (``letters``, ``notes``, ``essays``).
    folder: str
    root: etree._Element
    #: Things the reader could not decide and an editor should look at.
    warnings: list[str] = field(default_factory=list)
    #: Line of the source where the document begins, when the reader knows it.
    line: int | None = None
    #: The transcription it was read from (set by ``convert.read_documents``).
    source: Path | None = None

    @property
    def origin(self) -> str:
        """Where the document comes from, for messages: ``source.txt:120``."""
        where = str(self.source or "(source unknown)")
        return f"{where}:{self.line}" if self.line else where

    @property
    def relpath(self) -> str:
        return f"{self.folder}/{self.xml_id}.xml"


class ReaderError(Exception):
    """A source the reader cannot make sense of; the message names file and line."""
