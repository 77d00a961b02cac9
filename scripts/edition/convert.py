"""``edition convert``: sources → readers → enrichers → TEI files in the master folder."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .enrich import EnrichContext, run_enrichers
from .enrich.context import set_contexts
from .model import Document, ReaderError, Source
from .readers import READERS, detect_format
from .schemapis import add_schema_pis
from .store import Store, WriteResult
from .tei import TEI_NS, E, TEIFileError, parse_file, to_bytes


@dataclass
class Project:
    """Where the edition's fixed parts live."""

    root: Path

    @property
    def tei(self) -> Path:
        return self.root / "tei"

    @property
    def edition_file(self) -> Path:
        return self.tei / "edition.xml"

    @property
    def registers(self) -> Path:
        return self.tei / "registers"

    @property
    def catalogue(self) -> Path:
        return self.root / "sources" / "catalogue.xml"

    @property
    def corrections(self) -> Path:
        return self.root / "sources" / "corrections.xml"


@dataclass
class ConversionReport:
    results: list[WriteResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def load_source(path: Path, fmt: str, catalogue: Path) -> Source:
    """Read a transcription and find its citation; errors name the file and the problem."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReaderError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReaderError(f"{path}:{line}: not UTF-8 text (byte {exc.start})") from exc
    if not text.strip():
        raise ReaderError(f"{path}:1: empty source")

    citation = catalogue_entry(catalogue, path.name)
    if fmt == "auto":
        fmt = (citation.get("type") if citation is not None else None) or detect_format(text) or ""
        if not fmt:
            raise ReaderError(
                f"{path}:1: cannot tell what kind of source this is; "
                f"give --format ({'|'.join(READERS)})"
            )
    if fmt not in READERS:
        raise ReaderError(f"{path}: no reader for format '{fmt}' (known: {', '.join(READERS)})")
    if citation is None:
        citation = E.bibl(E.title(path.stem), E.note(f"Transcription {path.name}; not catalogued"))
        prefix = "".join(c if c.isalnum() else "-" for c in path.stem.lower()).strip("-")
        if not prefix[:1].isalpha():
            prefix = f"src-{prefix}"
    else:
        prefix = citation.get("n") or path.stem
    return Source(path=path, text=text, format=fmt, citation=citation, prefix=prefix)


def catalogue_entry(catalogue: Path, filename: str) -> etree._Element | None:
    if not catalogue.exists():
        return None
    try:
        root = parse_file(catalogue).getroot()
    except TEIFileError as exc:
        raise ReaderError(str(exc)) from exc
    for bibl in root.iter(f"{{{TEI_NS}}}bibl"):
        if bibl.get("corresp") == filename:
            return copy.deepcopy(bibl)
    return None


def read_documents(
    paths: list[Path], fmt: str, project: Project
) -> tuple[list[Document], list[str]]:
    """Run the readers and the enrichment passes; nothing is written yet."""
    context = EnrichContext.load(project.registers, project.corrections)
    documents: list[Document] = []
    warnings: list[str] = []
    for path in paths:
        source = load_source(path, fmt, project.catalogue)
        for document in READERS[source.format](source, project.edition_file):
            warnings.extend(run_enrichers(document.root, context.at(f"{path}: {document.xml_id}")))
            warnings.extend(document.warnings)
            documents.append(document)
    return documents, warnings


def convert(paths: list[Path], out: Path, fmt: str, project: Project, *,
            force: bool = False) -> ConversionReport:
    documents, warnings = read_documents(paths, fmt, project)
    store = Store(out)
    report = ConversionReport(warnings=warnings)
    neighbours = link_correspondence(documents, out)
    for document in documents:
        add_schema_pis(document.root, depth=document.relpath.count("/"))
        report.results.append(store.write(document.relpath, to_bytes(document.root), force=force))
    for relpath, root in neighbours.items():
        report.results.append(store.write(relpath, to_bytes(root), force=force))
    store.save()
    return report


def link_correspondence(documents: list[Document], out: Path) -> dict[str, etree._Element]:
    """Set previous/next letters across the new documents and the letters already in ``out``.

    Returns the letters already there whose pointers changed (to be rewritten).
    """
    letters = {d.xml_id: d.root for d in documents if d.folder == "letters"}
    existing: dict[str, etree._Element] = {}
    for path in sorted((out / "letters").glob("*.xml")) if (out / "letters").exists() else []:
        if path.stem in letters:
            continue
        try:
            existing[path.stem] = parse_file(path).getroot()
        except TEIFileError:
            continue  # validation reports it; it takes no part in the sequence
    changed = set_contexts({**existing, **letters})
    return {f"letters/{ident}.xml": existing[ident] for ident in changed if ident in existing}
