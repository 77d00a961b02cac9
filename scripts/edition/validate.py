"""``edition validate``: the TEI checked in three layers, every problem reported with file:line.

1. Reading (``XML``, ``ENCODING``, ``TEI-ROOT``): a file must be readable,
   UTF-8, well-formed, without DTD or entity declarations, of sane size, with
   a TEI root. Files are untrusted input: nothing is expanded or fetched.
2. The schema (``SCHEMA``): ``schema/edition.xsd``, the edition's TEI subset.
3. The consistency rules (``schema/edition.sch``, IDs like ``REF-RESOLVES``),
   compiled to XSLT 3.0 once per process and run with Saxon over the whole
   edition, because most of them look across files. Findings are reported
   only for the files asked for.

A file outside the edition's folder is checked as if it stood in the edition:
in the place of the edition file with the same name (so an edited copy can be
checked before it is copied back), else as a new letter in ``letters/``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import xmlschema
from lxml import etree
from saxonche import PyXdmNode

from .files import BudgetExceeded, FileRefused, read_bytes, regular_file_uris, time_budget
from .schematron import (
    Finding,
    Schematron,
    SchematronError,
    SourceMap,
    load_document,
    saxon_uri,
)
from .store import atomic_write
from .tei import TEI_NS, TEIFileError, parse_bytes
from .xslt import processor

SCHEMA_FILE = "edition.xsd"
RULES_FILE = "edition.sch"
EDITION_FILE = "edition.xml"
#: Where a new file from outside the edition is taken to stand.
NEW_DOCUMENTS = "letters"
#: Schematron roles that do not make a file invalid.
NOT_ERRORS = {"warning": "warning", "warn": "warning", "info": "info", "information": "info"}


@dataclass(frozen=True)
class Problem:
    """One finding, printed as ``file:line:column: [warning: ]RULE: message``."""

    path: Path
    line: int
    rule: str
    message: str
    severity: str = "error"
    column: int = 0

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" + (f":{self.column}" if self.column else "")
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {label}{self.rule}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """For ``--format json``: plain values, the file as given."""
        data = asdict(self)
        data["path"] = str(self.path)
        return data


class SchemaMissing(Exception):
    """The project's schema or rules cannot be loaded; validation cannot run."""


@lru_cache(maxsize=4)
def load_schema(schema_dir: Path) -> xmlschema.XMLSchemaBase:
    """Build the XSD once per process (xmlschema is slow to build large schemas)."""
    path = schema_dir / SCHEMA_FILE
    if not path.exists():
        raise SchemaMissing(f"{path}: schema not found")
    try:
        return xmlschema.XMLSchema11(str(path))
    except (xmlschema.XMLSchemaException, OSError) as exc:
        raise SchemaMissing(f"{path}: schema cannot be loaded: {exc}") from exc


def load_rules(schema_dir: Path) -> Schematron:
    """The compiled consistency rules, compiled again only when the .sch file changed."""
    path = schema_dir / RULES_FILE
    try:
        stat = path.stat()
    except OSError as exc:
        raise SchemaMissing(f"{path}: consistency rules not found") from exc
    return _compiled_rules(path.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _compiled_rules(path: Path, _mtime: int, _size: int) -> Schematron:
    try:
        return Schematron(path)
    except SchematronError as exc:
        raise SchemaMissing(str(exc)) from exc


def tei_files(paths: Iterable[Path]) -> list[Path]:
    """The XML files to check: files as given, folders searched recursively."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            # Hidden files and folders are no part of the edition (the build's collection()
            # skips them alike: xslt/common/edition.xsl).
            found.extend(sorted(p for p in path.rglob("*.xml")
                                if not any(part.startswith(".")
                                           for part in p.relative_to(path).parts)))
        else:
            found.append(path)
    return found


@dataclass
class Source:
    """A file read and checked for the rules: its bytes, and where it stands in the edition."""

    path: Path
    data: bytes
    uri: str
    document: PyXdmNode | None = None


def read_tei(path: Path) -> tuple[bytes | None, etree._ElementTree | None, list[Problem]]:
    """The file's bytes and tree, or the problems that keep it from being read as TEI."""
    try:
        data = read_bytes(path)  # regular files only, never blocking, within the size limit
    except FileRefused as exc:
        return None, None, [Problem(path, exc.line, "XML", exc.message)]
    if not data:
        return None, None, [Problem(path, 1, "XML", "empty file")]
    encoding = encoding_problem(path, data)
    if encoding:
        return None, None, [encoding]
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        # tei.parse_file looks for a DOCTYPE at the start only; Saxon must never see one.
        offset = min(i for i in (data.find(b"<!DOCTYPE"), data.find(b"<!ENTITY")) if i >= 0)
        return None, None, [Problem(path, data.count(b"\n", 0, offset) + 1, "XML",
                                    "DOCTYPE and entity declarations are not allowed")]
    try:
        tree = parse_bytes(data, path)  # the bytes checked here are the bytes the rules see
    except TEIFileError as exc:
        text = str(exc).removeprefix(f"{path}:")
        line, _, message = text.partition(": ")
        return None, None, [Problem(path, int(line) if line.isdigit() else 1, "XML",
                                    message if line.isdigit() else text.strip())]
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        return None, None, [Problem(path, root.sourceline or 1, "TEI-ROOT",
                                    f"the root element is <{root.tag}>, not a TEI element <TEI> "
                                    f"in the namespace {TEI_NS}")]
    return data, tree, []


_DECLARED = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*?\sencoding\s*=\s*[\"']([A-Za-z0-9._-]+)")


def encoding_problem(path: Path, data: bytes) -> Problem | None:
    """The edition's files are UTF-8: say so when one is not, and where it goes wrong."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4]:
        return Problem(path, 1, "ENCODING", "the file is UTF-16 (or UTF-32); the edition's files "
                       "are UTF-8: save it as UTF-8")
    declared = _DECLARED.match(data)
    if declared and declared.group(1).decode().lower() not in ("utf-8", "utf8"):
        return Problem(path, 1, "ENCODING", f"the file declares encoding "
                       f"\"{declared.group(1).decode()}\"; the edition's files are UTF-8: save it "
                       "as UTF-8 and declare encoding=\"UTF-8\"")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start:exc.start].decode("utf-8", "replace")) + 1
        return Problem(path, data.count(b"\n", 0, exc.start) + 1, "ENCODING",
                       f"byte 0x{data[exc.start]:02X} is not UTF-8 (the file was probably saved "
                       "as Latin-1 or Windows-1252): save it as UTF-8", column=column)
    return None


def schema_problems(path: Path, tree: etree._ElementTree,
                    schema: xmlschema.XMLSchemaBase) -> list[Problem]:
    problems = []
    for error in schema.iter_errors(tree):
        line = getattr(error.elem, "sourceline", None) or 1
        problems.append(Problem(path, line, "SCHEMA", schema_message(error)))
    return problems


class SchemaResults:
    """Schema findings remembered by file content, so an unchanged file is not checked again.

    xmlschema is pure Python (a few ms per kilobyte); editors validate the
    whole edition after each correction, and only the file they touched has
    changed. A result is keyed by the file's bytes, the schema's bytes and the
    xmlschema version, so any change to any of them checks the file afresh.
    The cache lives in ``output/.cache/`` (build product, never committed).
    """

    def __init__(self, schema_dir: Path) -> None:
        self.path = schema_dir.resolve().parent / "output" / ".cache" / "schema-results.json"
        schema_bytes = (schema_dir / SCHEMA_FILE).read_bytes()
        self.salt = hashlib.sha256(schema_bytes + xmlschema.__version__.encode()).hexdigest()
        self.results: dict[str, list[list[object]]] = {}
        self.dirty = False
        try:
            stored = json.loads(self.path.read_text("utf-8"))
            if stored.get("salt") == self.salt:
                self.results = stored["results"]
        except (OSError, ValueError, KeyError, AttributeError):
            pass

    def problems(self, path: Path, data: bytes, tree: etree._ElementTree,
                 schema: xmlschema.XMLSchemaBase) -> list[Problem]:
        key = hashlib.sha256(data).hexdigest()
        if key in self.results:
            return [Problem(path, int(line), "SCHEMA", str(message))
                    for line, message in self.results[key]]
        found = schema_problems(path, tree, schema)
        self.results[key] = [[p.line, p.message] for p in found]
        self.dirty = True
        return found

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, json.dumps({"salt": self.salt, "results": self.results})
                         .encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only costs time


def schema_message(error: xmlschema.XMLSchemaValidationError) -> str:
    """xmlschema's reason, with the element named the way an editor writes it."""
    reason = (error.reason or str(error)).replace(f"{{{TEI_NS}}}", "tei:")
    element = error.elem
    if element is not None and isinstance(element.tag, str):
        name = element.tag.replace(f"{{{TEI_NS}}}", "")
        return f"<{name}>: {reason}"
    return reason


def find_edition(paths: Iterable[Path]) -> Path | None:
    """The folder holding ``edition.xml`` at or above the first path that has one."""
    for path in paths:
        start = path if path.is_dir() else path.parent
        for folder in (start.resolve(), *start.resolve().parents):
            if (folder / EDITION_FILE).is_file():
                return folder
    return None


def validate(paths: Iterable[Path], schema_dir: Path, *,
             edition: Path | None = None) -> tuple[list[Path], list[Problem]]:
    """Check ``paths`` (files or folders) against the schema and the rules; report every problem.

    ``edition`` is the folder of the whole edition (``tei/``) the cross-file
    rules look at; by default the folder holding ``edition.xml`` above the
    first path. Returns the files checked and the problems, errors and warnings.
    """
    schema = load_schema(schema_dir)
    rules = load_rules(schema_dir)
    paths = list(paths)
    files = tei_files(paths)
    edition = edition if edition is not None else find_edition(paths)
    problems: dict[Path, list[Problem]] = {path: [] for path in files}
    requested: list[Source] = []
    remembered = SchemaResults(schema_dir)
    for path, uri in _placements(files, edition):
        data, tree, found = read_tei(path)
        problems[path].extend(found)
        if tree is not None and data is not None:
            try:
                with time_budget():
                    problems[path].extend(remembered.problems(path, data, tree, schema))
            except BudgetExceeded as exc:
                problems[path].append(Problem(path, 1, "SCHEMA", f"the schema check {exc} and "
                                              "was given up: simplify or split the file"))
                continue
            requested.append(Source(path, data, uri))
    remembered.save()
    members = _edition_members(edition, files)
    for source in (*requested, *members.values()):
        try:
            source.document = load_document(source.data.decode("utf-8-sig"), source.uri)
        except SchematronError as exc:
            if source.path in problems:
                problems[source.path].append(Problem(source.path, 1, "RULES", str(exc)))
    requested = [source for source in requested if source.document is not None]
    members = {uri: source for uri, source in members.items() if source.document is not None}
    # Every place filled by its own file where it was asked for, else by the first claimant.
    settled = {**{s.uri: s for s in reversed(requested)}, **members,
               **{s.uri: s for s in requested if saxon_uri(s.path) == s.uri}}
    # The project's regular files, the only ones a pointer may name (no FIFO is ever opened).
    listed = regular_file_uris(edition.parent, skip=("output",)) if edition else []
    for group in _rounds(requested):
        # The edition as it would be with this round's files in their places.
        edition_now = {**settled, **{source.uri: source for source in group}}
        for source, findings in _run_rules(rules, group, list(edition_now.values()), listed):
            problems[source.path].extend(findings)
    ordered = [p for path in files
               for p in sorted(problems[path], key=lambda p: (p.line, p.column))]
    return files, ordered


def _placements(files: list[Path], edition: Path | None) -> list[tuple[Path, str]]:
    """Each requested file with the URI it stands at in the edition."""
    if edition is None:
        return [(path, saxon_uri(path)) for path in files]
    root = edition.resolve()
    members = {p.name: p for p in tei_files([edition])} if edition.is_dir() else {}
    placed = []
    for path in files:
        if path.resolve().is_relative_to(root):
            placed.append((path, saxon_uri(path)))
        elif path.name in members:
            placed.append((path, saxon_uri(members[path.name])))
        else:
            placed.append((path, saxon_uri(root / NEW_DOCUMENTS / path.name)))
    return placed


def _edition_members(edition: Path | None, files: list[Path]) -> dict[str, Source]:
    """The edition's readable TEI files by URI (the requested ones are read once, as requested)."""
    if edition is None or not edition.is_dir():
        return {}
    requested = {path.resolve() for path in files}
    members = {}
    for path in tei_files([edition]):
        if path.resolve() in requested:
            continue
        data, tree, _ = read_tei(path)
        if tree is not None and data is not None:
            members[saxon_uri(path)] = Source(path, data, saxon_uri(path))
    return members


def _rounds(requested: list[Source]) -> list[list[Source]]:
    """Groups in which no two files stand at the same place (copies of one letter, say)."""
    rounds: list[list[Source]] = []
    for source in requested:
        for group in rounds:
            if all(other.uri != source.uri for other in group):
                group.append(source)
                break
        else:
            rounds.append([source])
    return rounds


def _run_rules(rules: Schematron, requested: list[Source], edition: list[Source],
               plain_files: list[str] | None = None) -> list[tuple[Source, list[Problem]]]:
    """The rules' findings for each requested file, mapped to lines and columns."""
    if not requested:
        return []
    documents = processor().empty_sequence()
    for source in edition:
        documents.add_xdm_item(source.document)
    parameters = {"edition": documents}
    if plain_files:
        listed = processor().empty_sequence()
        for uri in plain_files:
            listed.add_xdm_item(processor().make_string_value(uri))
        parameters["plain-files"] = listed
    results: list[list[Finding] | SchematronError]
    try:
        results = list(rules.validate([s.document for s in requested], parameters))
    except SchematronError:
        # Find the file the rules fail on; the others are still checked.
        results = []
        for source in requested:
            try:
                results.extend(rules.validate([source.document], parameters))
            except SchematronError as exc:
                results.append(exc)
    reported = []
    for source, findings in zip(requested, results, strict=True):
        if isinstance(findings, SchematronError):
            reported.append((source, [Problem(source.path, 1, "RULES", "the consistency rules "
                                              f"could not be checked on this file: {findings}")]))
            continue
        positions = SourceMap(source.data) if findings else None
        problems = []
        for finding in findings:
            line, column = positions.locate(finding.location) if positions else (1, 1)
            problems.append(Problem(source.path, line, finding.rule, finding.message,
                                    NOT_ERRORS.get(finding.role.lower(), "error"), column))
        reported.append((source, problems))
    return reported
