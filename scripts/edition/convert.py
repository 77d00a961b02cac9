"""``edition convert``: sources → readers → enrichers → TEI files in the master folder."""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .enrich import EnrichContext, run_enrichers
from .enrich.context import set_contexts
from .files import FileRefused, read_bytes
from .model import Document, ReaderError, Source
from .readers import READERS, detect_format
from .schemapis import add_schema_pis
from .store import Store, WriteResult
from .tei import TEI_NS, XML_ID, E, TEIFileError, parse_bytes, parse_file, safe_parser, to_bytes

#: Largest transcription converted (the Soviet volume is about 15 kB a letter, a whole
#: volume well under 1 MB); a bigger file is most likely not a transcription at all.
MAX_SOURCE_BYTES = 4 * 1024 * 1024
#: Characters XML cannot hold; form feed and vertical tab (page breaks) count as spaces.
CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")
PAGE_BREAKS = str.maketrans("\x0b\x0c", "  ")


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
    #: Documents that were not written, with why (the run fails).
    errors: list[str] = field(default_factory=list)


def load_source(path: Path, fmt: str, catalogue: Path) -> Source:
    """Read a transcription and find its citation; errors name the file and the problem."""
    try:
        data = read_bytes(path, MAX_SOURCE_BYTES)
    except FileRefused as exc:
        raise ReaderError(f"{exc}; a transcription is a plain text file"
                          if "too large" in exc.message else str(exc)) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReaderError(f"{path}:{line}: not UTF-8 text (byte {exc.start})") from exc
    text = text.translate(PAGE_BREAKS)
    control = CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - text.rfind("\n", 0, control.start())
        raise ReaderError(f"{path}:{line}: control character U+{ord(control.group()):04X} at "
                          f"column {column}: XML cannot hold it; remove it from the source")
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
        documents = [Document(ident, folder, etree.fromstring(data, safe_parser()), notes,
                              line, Path(source) if source else None)
                     for part, _ in parts for ident, folder, data, notes, line, source in part]
        return documents, [warning for _, found in parts for warning in found]
    context = EnrichContext.load(project.registers, project.corrections)
    documents: list[Document] = []
    warnings: list[str] = []
    for path in paths:
        source = load_source(path, fmt, project.catalogue)
        with reader_bugs_reported(path, source.format):
            for document in READERS[source.format](source, project.edition_file):
                document.source = document.source or path
                with reader_bugs_reported(path, source.format, document):
                    warnings.extend(
                        run_enrichers(document.root, context.at(f"{path}: {document.xml_id}")))
                warnings.extend(document.warnings)
                documents.append(document)
    return documents, warnings


@contextmanager
def reader_bugs_reported(path: Path, fmt: str, document: Document | None = None) -> Iterator[None]:
    """A reader or pass that fails unexpectedly ends the run with an error, not a traceback.

    Nothing has been written at this point. The message names the source (and
    the document's line when known) so the failing case can be reported.
    """
    try:
        yield
    except (ReaderError, TEIFileError):
        raise
    except Exception as exc:  # noqa: BLE001 - any bug in a reader must end in a clear error
        where = document.origin if document is not None else str(path)
        raise ReaderError(f"{where}: the {fmt} converter failed on this source "
                          f"({type(exc).__name__}: {exc}); nothing was written. This is a "
                          "converter bug: please report it with the source") from exc


def _read_source(task: tuple[Path, str, Path]) -> tuple[list[tuple], list[str]]:
    """One source read in a worker process: its documents as XML bytes, and the warnings."""
    path, fmt, root = task
    documents, warnings = read_documents([path], fmt, Project(root))
    return [(d.xml_id, d.folder, etree.tostring(d.root), d.warnings, d.line,
             str(d.source) if d.source else None) for d in documents], warnings


def convert(paths: list[Path], out: Path, fmt: str, project: Project, *,
            force: bool = False, jobs: int | None = 1) -> ConversionReport:
    """Read every source, check every TEI tree, then write them under a lock.

    Nothing is written when a produced tree is malformed (a ``ReaderError``
    naming source and line); documents that claim the same file are reported
    in ``errors`` and none of them is written.
    """
    documents, warnings = read_documents(paths, fmt, project, jobs=jobs)
    documents, errors = without_duplicates(documents)
    report = ConversionReport(warnings=warnings, errors=errors)
    with Store.locked(out) as store:
        neighbours = link_correspondence(documents, out)
        outputs: list[tuple[str, bytes]] = []
        for document in documents:
            add_schema_pis(document.root, depth=document.relpath.count("/"))
            data = to_bytes(document.root)
            check_output(document.relpath, data, document.origin)
            outputs.append((document.relpath, data))
        for relpath, root in neighbours.items():
            data = to_bytes(root)
            check_output(relpath, data, str(out / relpath))
            outputs.append((relpath, data))
        store.intend(outputs)
        for relpath, data in outputs:
            report.results.append(store.write(relpath, data, force=force))
        store.save()
    return report


def without_duplicates(documents: list[Document]) -> tuple[list[Document], list[str]]:
    """The documents that alone claim their file, and an error for each file claimed twice."""
    claims: dict[str, list[Document]] = defaultdict(list)
    for document in documents:
        claims[document.relpath].append(document)
    errors = [
        f"{group[0].relpath}: {len(group)} documents would be written to this file: "
        + " and ".join(d.origin for d in group)
        + "; none of them was written (two letters with the same number?)"
        for group in claims.values() if len(group) > 1
    ]
    return [d for d in documents if len(claims[d.relpath]) == 1], errors


def check_output(relpath: str, data: bytes, origin: str) -> None:
    """Refuse to write TEI that is not well-formed, too big, or uses an xml:id twice."""
    try:
        tree = parse_bytes(data, Path(relpath))
    except TEIFileError as exc:
        raise ReaderError(f"{origin}: the TEI made for {relpath} would not be usable "
                          f"({exc}); nothing was written") from exc
    seen: set[str] = set()
    for element in tree.iter():
        ident = element.get(XML_ID) if isinstance(element.tag, str) else None
        if ident is None:
            continue
        if ident in seen:
            raise ReaderError(f"{origin}: the TEI made for {relpath} would use xml:id "
                              f"'{ident}' twice (line {element.sourceline}); nothing was "
                              "written: this is a converter bug, please report it with the "
                              "source")
        seen.add(ident)


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
