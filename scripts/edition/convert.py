"""``edition convert``: sources → readers → enrichers → TEI files in the master folder."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .enrich.context import set_contexts
from .enrich.corrections import correct_text, load_rules
from .enrich.dating import date_text
from .enrich.names import link_names, load_registers
from .enrich.titles import set_letter_title
from .model import Document, ReaderError, Source
from .readers import READERS, detect_format
from .schemapis import add_schema_pis
from .store import Store, WriteResult
from .tei import TEI_NS, E, TEIFileError, parse_file, safe_parser, to_bytes


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
    paths: list[Path], fmt: str, project: Project, *, jobs: int | None = 1
) -> tuple[list[Document], list[str]]:
    """Run the readers and the enrichment passes; nothing is written yet.

    With ``jobs`` > 1 the sources are read in worker processes, each source
    whole (its documents share its notes and numbering), and come back as XML.
    """
    if jobs != 1 and len(paths) > 1:
        from .executor import Executor

        with Executor(jobs, minimum_per_worker=1) as executor:  # a source is much work
            parts = executor.map(_read_source, [(path, fmt, project.root) for path in paths],
                                 label="Converting")
        documents = [Document(ident, folder, etree.fromstring(data, safe_parser()), notes)
                     for part, _ in parts for ident, folder, data, notes in part]
        return documents, [warning for _, found in parts for warning in found]
    register = load_registers(project.registers)
    rules = load_rules(project.corrections)
    documents: list[Document] = []
    warnings: list[str] = []
    for path in paths:
        source = load_source(path, fmt, project.catalogue)
        for document in READERS[source.format](source, project.edition_file):
            for correction in correct_text(document.root, rules):
                warnings.append(f"{path}: {document.xml_id}: {correction}")
            for problem in link_names(document.root, register):
                warnings.append(f"{path}: {document.xml_id}: {problem}")
            warnings.extend(date_text(document.root, f"{path}: {document.xml_id}"))
            set_letter_title(document.root, register)
            warnings.extend(document.warnings)
            documents.append(document)
    return documents, warnings


def _read_source(task: tuple[Path, str, Path]) -> tuple[list[tuple], list[str]]:
    """One source read in a worker process: its documents as XML bytes, and the warnings."""
    path, fmt, root = task
    documents, warnings = read_documents([path], fmt, Project(root))
    return [(d.xml_id, d.folder, etree.tostring(d.root), d.warnings) for d in documents], warnings


def convert(paths: list[Path], out: Path, fmt: str, project: Project, *,
            force: bool = False, jobs: int | None = 1) -> ConversionReport:
    documents, warnings = read_documents(paths, fmt, project, jobs=jobs)
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
