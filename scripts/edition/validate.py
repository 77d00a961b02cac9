"""``edition validate``: the TEI checked in three layers, every problem reported with file:line.

1. Reading (``XML``, ``ENCODING``, ``TEI-ROOT``): a file must be readable,
   UTF-8, well-formed, without DTD or entity declarations, of sane size, with
   a TEI root. Files are untrusted input: nothing is expanded or fetched.
2. The schema (``SCHEMA``): ``schema/edition.xsd``, the edition's TEI subset.
3. The consistency rules (``schema/edition.sch``, IDs like ``REF-RESOLVES``),
   compiled to XSLT 3.0 once per process and run with Saxon in two phases:
   the rules that look at one file alone (phase ``file``) run on each file
   asked for in the map, beside its schema check (in shares, on the
   workers); the rules that look across files (phase ``edition``) run on
   the files they check read as *outlines* (``outline_of``: elements and
   attributes, no text) and the rest of the edition as *facts* (``facts_of``:
   what the rules read of a file they are not checking), in one part per
   worker (or here, with one job or a few files to check). Findings are
   reported only for the files asked for.

A file outside the edition's folder is checked as if it stood in the edition:
in the place of the edition file with the same name (so an edited copy can be
checked before it is copied back), else as a new letter in ``letters/``.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote_from_bytes, unquote_to_bytes

from lxml import etree
from saxonche import PyXdmNode

from . import executor as executor_module
from .executor import Executor
from .files import BudgetExceeded, FileRefused, files_below, regular_file_uris, time_budget
from .files import read_bytes as read_regular_file
from .schematron import (
    MARKUP,
    Finding,
    Schematron,
    SchematronError,
    SourceMap,
    load_document,
)
from .store import atomic_write
from .tei import TEI_NS, TEIFileError, parse_bytes, safe_parser
from .xslt import processor

if TYPE_CHECKING:
    import xmlschema

SCHEMA_FILE = "edition.xsd"
RULES_FILE = "edition.sch"
EDITION_FILE = "edition.xml"
#: Where a new file from outside the edition is taken to stand.
NEW_DOCUMENTS = "letters"
#: The phases of ``edition.sch``: rules on one file alone, rules across the edition.
FILE_PHASE = "file"
EDITION_PHASE = "edition"
#: Schematron roles that do not make a file invalid.
NOT_ERRORS = {"warning": "warning", "warn": "warning", "info": "info", "information": "info"}
XSD_NS = "http://www.w3.org/2001/XMLSchema"
XML_NS = "http://www.w3.org/XML/1998/namespace"
RULES_NS = "urn:x-edition:rules"
#: The schema of the xml: attributes, as xmlschema ships it (libxml2 has none built in).
#: xmlschema itself is imported only to explain a failure: it takes longer to import than
#: the rest of the validator, in every worker process.
XML_XSD = (Path(str(importlib.util.find_spec("xmlschema").origin)).parent  # type: ignore[union-attr]
           / "schemas" / "XML" / "xml.xsd")


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
def load_fast_schema(schema_dir: Path) -> etree.XMLSchema:
    """The XSD compiled by libxml2, once per process: it finds the files that fail.

    libxml2 checks a file a hundred times faster than xmlschema, with the same
    verdicts; xmlschema (``load_schema``) is asked only to explain a failure.
    """
    path = schema_dir / SCHEMA_FILE
    if not path.exists():
        raise SchemaMissing(f"{path}: schema not found")
    try:
        tree = etree.parse(str(path), safe_parser())
        for include in tree.getroot().iter(f"{{{XSD_NS}}}import"):
            if include.get("namespace") == XML_NS and not include.get("schemaLocation"):
                include.set("schemaLocation", XML_XSD.as_uri())
        return etree.XMLSchema(tree)
    except (etree.XMLSyntaxError, etree.XMLSchemaParseError, OSError) as exc:
        raise SchemaMissing(f"{path}: schema cannot be loaded: {exc}") from exc


@lru_cache(maxsize=4)
def load_schema(schema_dir: Path) -> xmlschema.XMLSchemaBase:
    """The XSD built by xmlschema, once per process and only when a file fails (slow to build)."""
    import xmlschema

    path = schema_dir / SCHEMA_FILE
    if not path.exists():
        raise SchemaMissing(f"{path}: schema not found")
    try:
        return xmlschema.XMLSchema11(str(path))
    except (xmlschema.XMLSchemaException, OSError) as exc:
        raise SchemaMissing(f"{path}: schema cannot be loaded: {exc}") from exc


def load_rules(schema_dir: Path, phase: str | None = None) -> Schematron:
    """The compiled consistency rules (of one phase, or all), compiled again only when the
    .sch file changed."""
    path = schema_dir / RULES_FILE
    try:
        stat = path.stat()
    except OSError as exc:
        raise SchemaMissing(f"{path}: consistency rules not found") from exc
    return _compiled_rules(path.resolve(), stat.st_mtime_ns, stat.st_size, phase)


@lru_cache(maxsize=8)
def _compiled_rules(path: Path, _mtime: int, _size: int, phase: str | None) -> Schematron:
    try:
        return Schematron(path, phase, _declared_depends(path) if phase == EDITION_PHASE else None)
    except SchematronError as exc:
        raise SchemaMissing(str(exc)) from exc


#: The rules' ``e:depends`` declaration: which other files a file's cross-file findings read
#: (``reads``), and whose findings read it through the edition's indexes (``read-by``).
DEPENDS = ("reads", "read-by")


def _declaration(path: Path, name: str) -> etree._Element | None:
    """The rules' own declaration ``e:NAME`` (``e:across``, ``e:depends``), if any."""
    try:
        return etree.parse(str(path), safe_parser()).find(f"{{{RULES_NS}}}{name}")
    except (OSError, etree.XMLSyntaxError):
        return None


def _declared_depends(path: Path) -> dict[str, str] | None:
    """The expressions of ``e:depends`` (both, or None: the findings then depend on every
    file of the edition)."""
    declared = _declaration(path, "depends")
    if declared is None or any(not declared.get(name, "").strip() for name in DEPENDS):
        return None
    return {name: declared.get(name, "") for name in DEPENDS}


def tei_files(paths: Iterable[Path]) -> list[Path]:
    """The XML files to check: files as given, folders searched recursively."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(_xml_below(path))
        else:
            found.append(path)
    return found


def _xml_below(folder: Path) -> list[Path]:
    """The ``*.xml`` below a folder, in path order, folders and special files among them (each
    is refused by name). Hidden files and folders are no part of the edition (the build's
    collection() skips them alike: xslt/common/edition.xsl); links to folders are not followed."""
    return [folder / name for name in files_below(folder, ".xml", regular=False)]


@dataclass
class Source:
    """A file read and checked for the rules: its bytes, and where it stands in the edition."""

    path: Path
    data: bytes
    uri: str
    digest: str = ""
    shape: str = ""
    #: The whole file in Saxon, for the rules on one file alone.
    document: PyXdmNode | None = None
    error: str | None = None
    #: The findings of the file phase at this place, each with its pattern's number.
    file_rules: list[Ranked] | None = None
    #: ``facts_of(data)``, when already worked out.
    facts: bytes | None = None
    #: What the cross-file rules read of the file when they check it: its outline in Saxon
    #: (or the whole document, when that was read already: the rules see no difference).
    across: PyXdmNode | None = None
    #: What they read of it when they check other files: its facts in Saxon.
    seen: PyXdmNode | None = None
    #: The digest of its outline, when known (``FileCheck.outline``).
    outline: str = ""

    def around(self) -> PyXdmNode | None:
        """The file as the rules checking other files read it: whatever was read of it."""
        return self.across if self.across is not None else self.seen


def read_tei(path: Path) -> tuple[bytes | None, etree._ElementTree | None, list[Problem]]:
    """The file's bytes and tree, or the problems that keep it from being read as TEI."""
    data, found = read_bytes(path)
    if data is None:
        return None, None, found
    tree, found = parse_tei(path, data)
    return (data if tree is not None else None), tree, found


def read_bytes(path: Path) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes: regular files only, never blocking, within the size limit."""
    try:
        data = read_regular_file(path)
    except FileRefused as exc:
        return None, [Problem(path, exc.line, "XML", exc.message)]
    if not data:
        return None, [Problem(path, 1, "XML", "empty file")]
    return data, []


def parse_tei(path: Path, data: bytes) -> tuple[etree._ElementTree | None, list[Problem]]:
    """The tree of the file's bytes, or why they are not UTF-8, well-formed, safe TEI."""
    encoding = encoding_problem(path, data)
    if encoding:
        return None, [encoding]
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        # Saxon must never see a DOCTYPE, wherever it stands in the file.
        offset = min(i for i in (data.find(b"<!DOCTYPE"), data.find(b"<!ENTITY")) if i >= 0)
        return None, [Problem(path, data.count(b"\n", 0, offset) + 1, "XML",
                              "DOCTYPE and entity declarations are not allowed")]
    try:
        root = parse_bytes(data, path).getroot()  # the safe parser, within the tree limits
    except TEIFileError as exc:
        text = str(exc).removeprefix(f"{path}:")
        line, _, message = text.partition(": ")
        return None, [Problem(path, int(line) if line.isdigit() else 1, "XML",
                              message if line.isdigit() else text.strip())]
    if root.tag != f"{{{TEI_NS}}}TEI":
        return None, [Problem(path, root.sourceline or 1, "TEI-ROOT",
                              f"the root element is <{root.tag}>, not a TEI element <TEI> "
                              f"in the namespace {TEI_NS}")]
    return root.getroottree(), []


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


def schema_problems(path: Path, tree: etree._ElementTree, schema_dir: Path) -> list[Problem]:
    """libxml2 finds whether the file fails; xmlschema then says precisely where and why."""
    fast = load_fast_schema(schema_dir)
    if fast.validate(tree):
        return []
    problems = []
    for error in load_schema(schema_dir).iter_errors(tree):
        line = getattr(error.elem, "sourceline", None) or 1
        problems.append(Problem(path, line, "SCHEMA", schema_message(error)))
    # Should the two ever disagree, libxml2's own words still report the failure.
    return problems or [Problem(path, error.line or 1, "SCHEMA",
                                error.message.replace(f"{{{TEI_NS}}}", "tei:"))
                        for error in fast.error_log]


def markup_of(data: bytes) -> list[bytes]:
    """The file's tags as written, in order (what ``outline_of`` and ``facts_of`` keep)."""
    return [tag for tag in MARKUP.findall(data) if tag]


def outline_of(data: bytes, tags: list[bytes] | None = None) -> bytes:
    """What the cross-file rules read of a file they check without the rules on one file
    alone: its elements and attributes, in order, as XML without text, comments or
    processing instructions.

    The rules of the phase ``edition`` look at ids, pointers, notes, dates and
    previous/next letters, never at text (``tests/test_rules.py`` holds them
    to it), so they run on outlines, which Saxon reads in about half the time
    of the file. ``data`` must have parsed as XML; ``tags``: its ``markup_of``, when at
    hand.
    """
    tags = markup_of(data) if tags is None else tags
    return b"<" + b"><".join(tags) + b">" if tags else b""


@dataclass(frozen=True)
class Across:
    """What the phase ``edition`` reads of the files it is not checking (``e:across`` in
    ``edition.sch``): local names of elements kept, of elements kept with their whole
    subtrees, and attributes whose elements are kept."""

    elements: frozenset[bytes]
    subtrees: frozenset[bytes]
    attributes: tuple[bytes, ...]
    #: Finds any of the attributes in a tag: one search, not one per attribute.
    carries: re.Pattern[bytes] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        pattern = b"|".join(re.escape(a) for a in self.attributes) if self.attributes else b"(?!)"
        object.__setattr__(self, "carries", re.compile(pattern))


def across_of(schema_dir: Path) -> Across | None:
    """The rules' ``e:across`` declaration; None when they declare none (the other files are
    then read as outlines)."""
    path = schema_dir / RULES_FILE
    try:
        stat = path.stat()
    except OSError:
        return None
    return _declared_across(path.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _declared_across(path: Path, _mtime: int, _size: int) -> Across | None:
    declared = _declaration(path, "across")
    if declared is None:
        return None

    def names(attribute: str) -> list[bytes]:
        return [name.encode("utf-8") for name in declared.get(attribute, "").split()]

    return Across(frozenset(names("elements")), frozenset(names("subtrees")),
                  tuple(names("attributes")))


#: The local name of the element a start tag opens (group 1), after any prefix.
LOCAL_NAME = re.compile(rb"(?:[^\s/:]*:)?([^\s/]*)")


def facts_of(data: bytes, across: Across | None, tags: list[bytes] | None = None) -> bytes:
    """What the cross-file rules read of a file when they check the others: of its outline,
    the root, the elements ``across`` names (by local name, whatever their namespace) or
    that carry its attributes, and its subtrees, each with its ancestors, in order.

    Far smaller than the outline: a letter's markup of names and dates, which
    no other file's rules read, is left out, so Saxon reads less, and its
    digest (the file's shape) stays as it was when that markup is edited.
    Everything else of an element kept is kept as written (its attributes,
    the namespaces its ancestors declare). ``data`` must have parsed as XML; ``tags``: its
    ``markup_of``, when at hand.
    """
    tags = markup_of(data) if tags is None else tags
    if across is None:
        return outline_of(data, tags)
    kept: list[bytes] = []
    # The open elements, each as its start tag until it is written (then None).
    open_tags: list[bytes | None] = []
    subtree = 0  # the depth of the subtree being kept whole (0: none)
    elements, subtrees, carries = across.elements, across.subtrees, across.carries.search
    name = b""
    for tag in tags:
        if tag[0] == 47:  # an end tag
            if open_tags.pop() is None:
                kept.append(tag)
                if subtree > len(open_tags):
                    subtree = 0
            continue
        empty = tag[-1] == 47
        if not subtree:
            name = LOCAL_NAME.match(tag).group(1)  # type: ignore[union-attr]
            if open_tags and name not in elements and name not in subtrees and not carries(tag):
                if not empty:
                    open_tags.append(tag)
                continue
            for depth, pending in enumerate(open_tags):
                if pending is not None:
                    kept.append(pending)
                    open_tags[depth] = None
        kept.append(tag)
        if not empty:
            open_tags.append(None)
            if not subtree and name in subtrees:
                subtree = len(open_tags)
    return b"<" + b"><".join(kept) + b">" if kept else b""


def shape_of(facts: bytes) -> str:
    """The digest of a file's facts: the key of what other files' rules can see of it."""
    return _sha(facts)


#: A finding of the rules with the number of its pattern in ``edition.sch``: findings of the
#: two phases are put back in the order one run of all the rules reports them.
Ranked = tuple[int, Problem]


@dataclass
class FileCheck:
    """What is known of one file before the cross-file rules: its problems so far, its shape,
    and the findings of the file phase at the place it stands (``uri``), if worked out."""

    path: Path
    digest: str | None
    problems: list[Problem]
    shape: str | None = None
    data: bytes | None = None
    uri: str | None = None
    file_rules: list[Ranked] | None = None
    facts: bytes | None = None
    #: The digest of its outline (``outline_of``): what the cross-file rules read of it.
    outline: str | None = None


def ready(schema_dir: str) -> None:
    """A worker's start: the schema and both phases' rules loaded, once per process."""
    load_fast_schema(Path(schema_dir))
    load_rules(Path(schema_dir), FILE_PHASE)
    load_rules(Path(schema_dir), EDITION_PHASE)


def check_file(task: tuple[Path, bytes, str]) -> FileCheck:
    """The map step for one file (any process): read as TEI, checked against the schema."""
    path, data, schema_dir = task
    tree, found = parse_tei(path, data)
    if tree is None:
        return FileCheck(path, None, found)
    try:
        with time_budget():
            found = schema_problems(path, tree, Path(schema_dir))
    except BudgetExceeded as exc:
        return FileCheck(path, None, [Problem(path, 1, "SCHEMA", f"the schema check {exc} and "
                                              "was given up: simplify or split the file")])
    tags = markup_of(data)
    facts = facts_of(data, across_of(Path(schema_dir)), tags)
    return FileCheck(path, _sha(data), found, shape_of(facts), facts=facts,
                     outline=_sha(outline_of(data, tags)))


#: The map's work on a share of the files: the schema folder and each file's path, bytes and
#: place in the edition (None: it is not asked for, its findings of the file phase are not
#: wanted).
CheckTask = tuple[str, list[tuple[Path, bytes, str | None]]]


def check_files(task: CheckTask, loaded: dict[tuple[Path, str], PyXdmNode] | None = None
                ) -> list[FileCheck]:
    """The map step for a share of the files (any process): each read as TEI and checked
    against the schema, and the files asked for that could be read checked by the rules on
    one file alone (phase ``file``) at their places, in one run of the rules.

    ``loaded``: in the process that runs the cross-file rules, the Saxon
    documents read for the file phase are kept there (by path and place), for
    those rules to read.
    """
    schema_dir, files = task
    checks = [check_file((path, data, schema_dir)) for path, data, _ in files]
    placed = [(check, Source(path, data, uri)) for check, (path, data, uri)
              in zip(checks, files, strict=True) if uri is not None and check.shape is not None]
    if placed:
        sources = [source for _, source in placed]
        found = check_alone((schema_dir, [(s.path, s.data, s.uri) for s in sources]), sources)
        for (check, source), ranked in zip(placed, found, strict=True):
            check.uri, check.file_rules = source.uri, ranked
            if loaded is not None and source.document is not None:
                loaded[source.path, source.uri] = source.document
    return checks


#: The file phase's work: the schema folder and files (path, bytes, place), checked in one run.
AloneTask = tuple[str, list[tuple[Path, bytes, str]]]


def check_alone(task: AloneTask, loaded: list[Source] | None = None) -> list[list[Ranked]]:
    """The findings of the rules on each file alone (phase ``file``, any process), as the
    file stands at its place; a single ``RULES`` problem for a file they cannot run on.

    The files are checked together in one run (each is its own whole edition
    for these rules: they read nothing else). ``loaded``: their sources, when
    at hand with their Saxon documents.
    """
    schema_dir, files = task
    if not files:
        return []
    rules = load_rules(Path(schema_dir), FILE_PHASE)
    sources = loaded if loaded is not None else [Source(path, data, uri)
                                                 for path, data, uri in files]
    for source in sources:
        _load(source)
    runnable = [source for source in sources if source.document is not None]
    found = {id(source): checked.ranked
             for source, checked in _findings(rules, runnable, runnable)}
    return [found.get(id(source), [(-1, Problem(source.path, 1, "RULES", str(source.error)))])
            for source in sources]


def _rules_failed(path: Path, error: SchematronError) -> Problem:
    return Problem(path, 1, "RULES", f"the consistency rules could not be checked on this file: "
                                     f"{error}")


def _rows(rules: Schematron, findings: list[Finding]) -> list[list]:
    """Findings as rows (pattern's number, rule, message, severity, the node's path): what
    is remembered of them, to be placed in the file's bytes (``_placed``)."""
    order = {pattern: number for number, pattern in enumerate(rules.pattern_ids)}
    return [[order.get(f.pattern, len(order)), f.rule, f.message,
             NOT_ERRORS.get(f.role.lower(), "error"), f.location] for f in findings]


def _placed(path: Path, data: bytes, rows: list[list]) -> list[Ranked]:
    """Rows of findings as problems at their lines and columns in ``data``, each with its
    pattern's number (a ``TypeError`` or ``ValueError`` for rows damaged by hand)."""
    positions = SourceMap(data) if rows else None
    ranked: list[Ranked] = []
    for number, rule, message, severity, location in rows:
        line, column = positions.locate(str(location)) if positions else (1, 1)
        ranked.append((int(number), Problem(path, line, str(rule), str(message), str(severity),
                                            column)))
    return ranked


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _remembered_rules(entry: object) -> bool:
    """Whether a stored entry of ``ValidationCache.rules`` has the shape it is written in."""
    return (isinstance(entry, dict) and isinstance(entry.get("digest"), str)
            and isinstance(entry.get("outline"), str)
            and isinstance(entry.get("across"), list)
            and all(isinstance(row, list) and len(row) == 5 for row in entry["across"])
            and (entry.get("reads") is None or (isinstance(entry["reads"], list) and all(
                isinstance(uri, str) for uri in entry["reads"])))
            and isinstance(entry.get("problems"), list)
            and all(isinstance(row, list) and len(row) == 5 for row in entry["problems"]))


#: What the cross-file rules report a file's findings depend on (``e:depends``): the places
#: whose facts they read, and the places whose findings read its facts; None when unknown.
Depends = dict[str, list[str]] | None


class RuleCheck(NamedTuple):
    """A file's findings of the cross-file rules (with their patterns' numbers), what they
    read (``e:depends``), and the same as rows (number, rule, message, severity, the node's
    path) to place them again in new bytes of the file."""

    ranked: list[Ranked]
    depends: Depends
    across: list[list]


class ValidationCache:
    """Findings remembered by content, so unchanged files are not checked again.

    ``files``: by the bytes of a file, its schema findings, its facts
    (``facts_of``) and its shape. ``rules``: by the place a file stands at, the
    digest of its bytes, its findings of the consistency rules, and the places
    those findings read (``e:depends`` in the rules), all as they were against
    ``edition``, the places and shapes of the last run's edition (with the
    project's other files, shape ""). A run works out which places changed
    since (``changes``), and checks a file again when its bytes changed, when
    a place its findings read changed, or when a changed file's findings now
    read it (``reached``); when only its text changed (not its outline), its
    cross-file findings are placed at their new lines (``placed_again``). An
    edit to a letter's text runs no cross-file rules, one to its names
    re-checks that letter alone, one to its dates or neighbours the letters
    around it as well, one to a register entry the files pointing into the
    register.
    Everything is keyed also by the schema, the rules and the validator's
    code: a change to any of them forgets it all. The cache lives in
    ``output/.cache/`` (never committed).
    """

    def __init__(self, schema_dir: Path) -> None:
        self.path = schema_dir.resolve().parent / "output" / ".cache" / "validation.json"
        salt = hashlib.sha256()
        for part in (schema_dir / SCHEMA_FILE, schema_dir / RULES_FILE,
                     Path(__file__), Path(__file__).with_name("schematron.py")):
            with contextlib.suppress(OSError):
                salt.update(part.read_bytes())
        from importlib import metadata  # here only: the workers never need it, and start faster

        salt.update(f"{metadata.version('xmlschema')} {etree.LIBXML_VERSION}".encode())
        self.salt = salt.hexdigest()
        self.files: dict[str, dict] = {}
        self.rules: dict[str, dict] = {}
        self.edition: dict[str, str] = {}
        self.used_files: set[str] = set()
        self.dirty = False
        try:
            stored = json.loads(self.path.read_text("utf-8"))
            if stored.get("salt") == self.salt:
                self.files = stored["files"]
                # A cache edited or damaged by hand costs a check again, never a crash.
                self.rules = {uri: entry for uri, entry in stored["rules"].items()
                              if _remembered_rules(entry)}
                self.edition = {uri: shape for uri, shape in stored["edition"].items()
                                if isinstance(shape, str)}
        except (OSError, ValueError, KeyError, AttributeError):
            pass

    def remember_file(self, check: FileCheck) -> None:
        if check.digest is not None and check.shape is not None:
            self.used_files.add(check.digest)
            self.files[check.digest] = {"schema": [[p.line, p.message] for p in check.problems],
                                        "shape": check.shape, "rules": {},
                                        "facts": (check.facts or b"").decode("utf-8"),
                                        "outline": check.outline}
            self.dirty = True

    def remember_file_rules(self, digest: str, uri: str, ranked: list[Ranked]) -> None:
        """The file phase's findings for these bytes standing at ``uri``."""
        entry = self.files.get(digest)
        if entry is not None and not any(p.rule == "RULES" for _, p in ranked):
            entry["rules"][uri] = [[number, p.line, p.rule, p.message, p.severity, p.column]
                                   for number, p in ranked]
            self.dirty = True

    def known_file(self, path: Path, digest: str, data: bytes,
                   uri: str | None = None) -> FileCheck | None:
        """The file's remembered check, with its file-phase findings at ``uri`` if known."""
        known = self.files.get(digest)
        if known is None:
            return None
        self.used_files.add(digest)
        rows = known["rules"].get(uri) if uri is not None else None
        file_rules = None if rows is None else [
            (int(number), Problem(path, int(line), str(rule), str(message), str(severity),
                                  int(column)))
            for number, line, rule, message, severity, column in rows]
        return FileCheck(path, digest, [Problem(path, int(line), "SCHEMA", str(message))
                                        for line, message in known["schema"]],
                         known["shape"], data, uri, file_rules,
                         str(known["facts"]).encode("utf-8") or None, known.get("outline"))

    def changes(self, edition: dict[str, str]) -> set[str] | None:
        """The places whose shape (or presence) differs from the last run's edition; None when
        everything must be taken as changed (no last run, or a file of the edition's own kind,
        which sets the edition's folder for every rule, came or went)."""
        if not self.edition:
            return None
        changed = {uri for uri, shape in edition.items() if self.edition.get(uri) != shape}
        changed.update(uri for uri in self.edition if uri not in edition)
        if any(uri.endswith("/" + EDITION_FILE) for uri in changed):
            return None
        return changed

    def _standing(self, source: Source, changed: set[str] | None) -> dict | None:
        """The file's entry, unless the file's facts or a place its findings read changed."""
        entry = self.rules.get(source.uri)
        if (changed is None or entry is None or source.uri in changed or entry["reads"] is None
                or not changed.isdisjoint(entry["reads"])):
            return None
        return entry

    def known_rules(self, source: Source, changed: set[str] | None) -> list[Problem] | None:
        """The file's remembered findings, unless its bytes or a place they read changed."""
        entry = self._standing(source, changed)
        if entry is None or entry["digest"] != source.digest:
            return None
        try:
            return [Problem(source.path, int(line), str(rule), str(message), str(severity),
                            int(column))
                    for line, rule, message, severity, column in entry["problems"]]
        except (TypeError, ValueError):
            return None  # damaged by hand: checked again

    def placed_again(self, source: Source, changed: set[str] | None) -> RuleCheck | None:
        """The file's remembered cross-file findings placed at their lines in its new bytes,
        when these rules read nothing of it that changed (its outline: an edit of its text
        only) and nothing of the other files that changed."""
        entry = self._standing(source, changed)
        if entry is None or not source.outline or entry["outline"] != source.outline:
            return None
        try:
            ranked = _placed(source.path, source.data, entry["across"])
        except (TypeError, ValueError):
            return None  # damaged by hand: checked again
        return RuleCheck(ranked, {"reads": entry["reads"], "read-by": []}, entry["across"])

    def remember_rules(self, source: Source, problems: list[Problem], found: RuleCheck) -> None:
        self.rules[source.uri] = {
            "digest": source.digest, "outline": source.outline,
            "reads": None if found.depends is None else found.depends["reads"],
            "problems": [[p.line, p.rule, p.message, p.severity, p.column] for p in problems],
            "across": found.across}
        self.dirty = True

    def settle(self, edition: dict[str, str], digests: dict[str, str], changed: set[str] | None,
               reached: set[str] | None, checked: set[str]) -> None:
        """The findings kept are those still right for ``edition`` (with the files of
        ``digests`` in it): the ones just worked out (at ``checked``) and those of files as
        they stand now that none of the changes can reach."""
        kept = {uri: entry for uri, entry in self.rules.items()
                if uri in checked or (changed is not None and reached is not None
                                      and entry["digest"] == digests.get(uri)
                                      and uri not in changed and uri not in reached
                                      and entry["reads"] is not None
                                      and changed.isdisjoint(entry["reads"]))}
        if kept.keys() != self.rules.keys() or edition != self.edition:
            self.rules, self.edition, self.dirty = kept, edition, True

    def save(self) -> None:
        if not self.dirty:
            return
        # Checks of contents long gone are dropped once they outnumber the ones this run
        # used, so the cache stays about the size of the edition.
        if len(self.files) > 2 * max(len(self.used_files), 1000):
            self.files = {key: self.files[key] for key in self.used_files if key in self.files}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, json.dumps({"salt": self.salt, "files": self.files,
                                                "rules": self.rules,
                                                "edition": self.edition}).encode("utf-8"))
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


def validate(paths: Iterable[Path], schema_dir: Path, *, edition: Path | None = None,
             jobs: int | None = 1, cluster: str | None = None) -> tuple[list[Path], list[Problem]]:
    """Check ``paths`` (files or folders) against the schema and the rules; report every problem.

    ``edition`` is the folder of the whole edition (``tei/``) the cross-file
    rules look at; by default the folder holding ``edition.xml`` above the
    first path. ``jobs`` and ``cluster`` say where the work runs (see
    ``executor.Executor``; ``jobs=None``: one worker per core): the files are
    read and checked alone in shares, then the cross-file rules in one part
    per worker, each reading its share whole and the facts of the rest of the
    edition (``facts_of``), and checking its share. With one job, or few files
    to check (an edit), all of it runs here. Returns the files checked and the
    problems, errors and warnings.
    """
    paths = list(paths)
    files = tei_files(paths)
    cache = ValidationCache(schema_dir)
    with Executor(jobs, cluster) as executor:
        split = cluster is not None or executor.jobs > 1
        if (split and len(files) >= executor.jobs * executor_module.MINIMUM_PER_WORKER
                and len(cache.files) < len(files) // 2):
            # Many files, little remembered (a first run): the workers start while the schema
            # and the rules are compiled here and the files are read.
            executor.start(ready, str(schema_dir))
        ready(str(schema_dir))  # a missing or broken schema is reported before any work
        edition = edition if edition is not None else find_edition(paths)
        member_paths = _members(edition, paths, files)
        placements = _placements(files, edition)
        return _validate(files, member_paths, placements, edition, schema_dir, cache, executor,
                         split)


def _validate(files: list[Path], member_paths: list[Path], placements: list[tuple[Path, str]],
              edition: Path | None, schema_dir: Path, cache: ValidationCache,
              executor: Executor, split: bool) -> tuple[list[Path], list[Problem]]:
    # Here the rules read every file into Saxon: each as soon as the workers have checked it.
    loaded: dict[tuple[Path, str], PyXdmNode] | None = None if split else {}
    # In parts, the rules on one file alone run beside the cross-file rules, on the same
    # documents, not in the map.
    checked = _check_files([*files, *member_paths], dict(placements), schema_dir, cache,
                           executor, loaded, alone_in_map=not split)
    if not split:
        executor.close()  # the idle workers' memory is not kept while the rules run here
    loaded = loaded or {}
    problems: dict[Path, list[Problem]] = {path: list(checked[path].problems) for path in files}
    requested = [_source(checked[path], uri, loaded.get((path, uri))) for path, uri in placements
                 if checked[path].data is not None]
    members = {_uri(path): _source(checked[path], _uri(path),
                                   seen=loaded.get((path, _uri(path))))
               for path in member_paths if checked[path].data is not None}
    # Every place filled by its own file where it was asked for, else by the first claimant.
    settled = {**{s.uri: s for s in reversed(requested)}, **members,
               **{s.uri: s for s in requested if _uri(s.path) == s.uri}}
    # The project's regular files, the only ones a pointer may name (no FIFO is ever opened).
    listed = regular_file_uris(edition.parent, skip=("output",)) if edition else []
    for number, group in enumerate(_rounds(requested)):
        # The edition as it would be with this round's files in their places.
        edition_now = {**settled, **{source.uri: source for source in group}}
        for source, findings in _rule_problems(group, edition_now, cache, listed, schema_dir,
                                               executor, split, first=number == 0):
            problems[source.path].extend(findings)
    cache.save()
    ordered = [p for path in files
               for p in sorted(problems[path], key=lambda p: (p.line, p.column))]
    return files, ordered


def _check_files(paths: list[Path], places: dict[Path, str], schema_dir: Path,
                 cache: ValidationCache, executor: Executor,
                 loaded: dict[tuple[Path, str], PyXdmNode] | None = None, *,
                 alone_in_map: bool = True) -> dict[Path, FileCheck]:
    """Each file read and schema-checked: remembered results for known bytes, a map for the rest.

    ``places``: the files asked for, with the place each stands at; their
    findings of the file phase there come with them (remembered, or worked
    out in the map unless not ``alone_in_map``). ``loaded``: when given, each
    file checked in the map is read into Saxon here as soon as its share comes
    back (keyed by path and place), while the workers go on with the others: a
    file asked for whole (by the map's file phase), any other as its facts.
    """
    checked: dict[Path, FileCheck] = {}
    tasks: list[tuple[Path, bytes, str | None]] = []
    for path in paths:
        if path in checked:
            continue
        data, found = read_bytes(path)
        if data is None:
            checked[path] = FileCheck(path, None, found)
            continue
        known = cache.known_file(path, _sha(data), data, places.get(path))
        if known is not None:
            checked[path] = known
        else:
            checked[path] = FileCheck(path, None, [])  # keeps the order; filled in below
            tasks.append((path, data, places.get(path) if alone_in_map else None))
    shares = _shares(tasks, schema_dir, executor)
    here = len(shares) < 2 or (executor.jobs <= 1 and not executor.cluster)
    results = (((share, check_files(share, loaded)) for share in shares) if here else
               executor.imap(check_files, shares, label="Checking files",
                             sizes=[len(files) for _, files in shares]))
    for (_, share), checks in results:
        for (path, data, _), check in zip(share, checks, strict=True):
            check.path = path
            check.data = data if check.shape is not None else None
            cache.remember_file(check)
            if check.uri is not None and check.file_rules is not None:
                cache.remember_file_rules(check.digest or "", check.uri, check.file_rules)
            checked[path] = check
            if loaded is not None and check.facts is not None and path not in places:
                with contextlib.suppress(SchematronError):
                    loaded[path, _uri(path)] = load_document(check.facts.decode("utf-8"),
                                                             _uri(path))
    return checked


#: Files per share of the map: enough that a run of the rules on them costs little per file.
SHARE = 50


def _shares(tasks: list[tuple[Path, bytes, str | None]], schema_dir: Path,
            executor: Executor) -> list[CheckTask]:
    """The files in shares for the map: one share (checked here) when they are too few to be
    worth starting workers for, else shares of at most ``SHARE`` files, four per worker at
    least, so the workers finish together."""
    workers = executor.jobs if executor.jobs > 1 or executor.cluster else 1
    if not executor.cluster and len(tasks) < max(2, workers * executor.minimum_per_worker):
        workers = 1
    size = max(1, min(SHARE, -(-len(tasks) // (workers * 4)))) if workers > 1 else len(tasks)
    return [(str(schema_dir), tasks[i:i + size]) for i in range(0, len(tasks), max(size, 1))]


@lru_cache(maxsize=1024)
def _folder(path: Path) -> Path:
    return path.resolve()


def _absolute(path: Path) -> str:
    """``str(path.resolve())``, resolving each folder once (thousands of files share a few)."""
    return os.path.join(_folder(path.parent), path.name)


@lru_cache(maxsize=1 << 16)
def _uri(path: Path) -> str:
    """``saxon_uri(path)`` for the many files of one run (each is asked for more than once)."""
    return "file:" + quote_from_bytes(os.fsencode(_absolute(path)))


def _place(uri: str) -> str:
    """A file URI spelled as ``_uri`` spells the edition's places (Saxon and the listing of
    the project's files write ``file:///``, and may leave other characters unescaped)."""
    return "file:" + quote_from_bytes(unquote_to_bytes(re.sub(r"^file:(//(?=/))?", "", uri)))


def _source(check: FileCheck, uri: str, across: PyXdmNode | None = None,
            seen: PyXdmNode | None = None) -> Source:
    return Source(check.path, check.data or b"", uri, digest=check.digest or "",
                  shape=check.shape or "", across=across, seen=seen, facts=check.facts,
                  file_rules=check.file_rules if check.uri == uri else None,
                  outline=check.outline or "")


def _members(edition: Path | None, paths: list[Path], files: list[Path]) -> list[Path]:
    """The edition's files not asked for (none when the edition's folder was asked for)."""
    if edition is None or not edition.is_dir():
        return []
    root = _folder(edition)
    if any(path.is_dir() and _folder(path) == root for path in paths):
        return []
    requested = {_absolute(path) for path in files}
    return [path for path in tei_files([edition]) if _absolute(path) not in requested]


def _placements(files: list[Path], edition: Path | None) -> list[tuple[Path, str]]:
    """Each requested file with the URI it stands at in the edition."""
    if edition is None:
        return [(path, _uri(path)) for path in files]
    root = edition.resolve()
    inside = os.path.join(str(root), "")
    members: dict[str, Path] | None = None  # listed only when a file stands outside
    placed = []
    for path in files:
        if _absolute(path).startswith(inside):
            placed.append((path, _uri(path)))
            continue
        if members is None:
            members = {p.name: p for p in tei_files([edition])} if edition.is_dir() else {}
        if path.name in members:
            placed.append((path, _uri(members[path.name])))
        else:
            placed.append((path, _uri(root / NEW_DOCUMENTS / path.name)))
    return placed


def _rounds(requested: list[Source]) -> list[list[Source]]:
    """Groups in which no two files stand at the same place (copies of one letter, say).

    The n-th file claiming a place goes into the n-th group: one pass, however
    many files there are.
    """
    claims: dict[str, int] = {}
    rounds: list[list[Source]] = []
    for source in requested:
        number = claims.get(source.uri, 0)
        claims[source.uri] = number + 1
        if number == len(rounds):
            rounds.append([])
        rounds[number].append(source)
    return rounds


def _rule_problems(group: list[Source], edition: dict[str, Source], cache: ValidationCache,
                   listed: list[str], schema_dir: Path, executor: Executor, split: bool, *,
                   first: bool = True) -> list[tuple[Source, list[Problem]]]:
    """The rules' findings for each file of ``group``: remembered, or found by both phases.

    A file's remembered findings stand unless its bytes changed, a place they
    read changed, or a file checked now reads it through the edition's indexes
    (see ``ValidationCache``); when only its text changed, its cross-file
    findings are placed at their new lines and the file phase alone runs.
    Only the ``first`` round (each place filled by one file) is remembered: the
    later ones check copies standing in for it.
    """
    # The listing spells places as ``_uri`` does, with ``file://`` before the path.
    state = {**{"file:" + uri.removeprefix("file://"): "" for uri in listed},
             **{uri: s.shape for uri, s in edition.items()}}
    changed = cache.changes(state) if first else None
    known = {source.uri: cache.known_rules(source, changed) for source in group}
    placed = {s.uri: again for s in group if known[s.uri] is None
              and (again := cache.placed_again(s, changed)) is not None}
    found = _alone_joined([s for s in group if s.uri in placed], placed, cache, schema_dir)
    found.update(_checked_rules([s for s in group if known[s.uri] is None
                                 and s.uri not in placed],
                                edition, cache, listed, schema_dir, executor, split))
    reached = _reached(changed, edition, found)
    again = [s for s in group if (known[s.uri] is not None or s.uri in placed)
             and (reached is None or s.uri in reached)]
    found.update(_checked_rules(again, edition, cache, listed, schema_dir, executor, split))
    if first:
        checked = set()
        for source in group:
            if source.uri in found:
                problems, check = found[source.uri]
                if not any(problem.rule == "RULES" for problem in problems):
                    cache.remember_rules(source, problems, check)
                    checked.add(source.uri)
        cache.settle(state, {uri: s.digest for uri, s in edition.items()}, changed, reached,
                     checked)
    return [(source, found[source.uri][0] if source.uri in found else known[source.uri] or [])
            for source in group]


def _reached(changed: set[str] | None, edition: dict[str, Source],
             found: dict[str, tuple[list[Problem], RuleCheck]]) -> set[str] | None:
    """The places whose findings now read a changed file of the edition through its indexes
    (its ``read-by``); None when a changed file's are not known (it was not checked now)."""
    if changed is None:
        return None
    reached: set[str] = set()
    for uri in changed:
        if uri not in edition:
            continue  # gone, or not TEI: the files reading it say so in their own ``reads``
        depends = found[uri][1].depends if uri in found else None
        if depends is None:
            return None
        reached.update(depends["read-by"])
    return reached


def _alone_joined(sources: list[Source], placed: dict[str, RuleCheck], cache: ValidationCache,
                  schema_dir: Path) -> dict[str, tuple[list[Problem], RuleCheck]]:
    """For files whose cross-file findings were placed again, the file phase's findings
    (worked out here for those the map did not check) joined to them."""
    missing = [source for source in sources if source.file_rules is None]
    for source, ranked in zip(missing, check_alone(
            (str(schema_dir), [(s.path, s.data, s.uri) for s in missing]), missing), strict=True):
        source.file_rules = ranked
        cache.remember_file_rules(source.digest, source.uri, ranked)
    return {source.uri: (_joined(source.file_rules or [], placed[source.uri].ranked),
                         placed[source.uri]) for source in sources}


def _checked_rules(sources: list[Source], edition: dict[str, Source], cache: ValidationCache,
                   listed: list[str], schema_dir: Path, executor: Executor,
                   split: bool) -> dict[str, tuple[list[Problem], RuleCheck]]:
    """Both phases' findings for ``sources``, by place, with the cross-file ones as found.

    The cross-file rules run once over the whole edition, beside the file phase
    on the files whose findings there are not remembered: here, or (``split``,
    many files) in one part per worker.
    """
    if not sources:
        return {}
    requested = [s.uri for s in sources]
    alone = [s.uri for s in sources if s.file_rules is None]
    if split and (executor.cluster or len(sources) >= max(2, executor.jobs
                                                          * executor_module.MINIMUM_PER_WORKER)):
        # One part per worker: each reads its share of the files whole, the rest of the
        # edition as facts, and checks its share with both phases.
        facts = [(s.path, s.uri, _facts(s, schema_dir)) for s in edition.values()]
        shares = [sources[n::executor.jobs] for n in range(executor.jobs)]
        tasks = [(str(schema_dir), facts, {s.uri: s.data for s in share},
                  [s.uri for s in share], [s.uri for s in share if s.file_rules is None], listed)
                 for share in shares]
        results = executor.map(check_rules, tasks, label="Checking rules", minimum_per_worker=1)
        edition_rules = dict(pair for (found, _) in results for pair in found)
        file_rules = dict(pair for (_, found) in results for pair in found)
    else:
        found_across, found_alone = check_rules(
            (str(schema_dir), [], {}, requested, alone, listed), edition)
        edition_rules, file_rules = dict(found_across), dict(found_alone)
    checked: dict[str, tuple[list[Problem], RuleCheck]] = {}
    for source in sources:
        if source.uri in file_rules:
            source.file_rules = file_rules[source.uri]
            cache.remember_file_rules(source.digest, source.uri, source.file_rules)
        check = edition_rules[source.uri]
        checked[source.uri] = (_joined(source.file_rules or [], check.ranked), check)
    return checked


#: The rules' work on a share of the files: the schema folder, every file of the edition
#: (path, place, facts), the bytes of the files checked (by place), the places of the files
#: the cross-file rules check, those the file phase checks, the project's regular files.
RulesTask = tuple[str, list[tuple[Path, str, bytes]], dict[str, bytes], list[str], list[str],
                  list[str]]


def check_rules(task: RulesTask, loaded: dict[str, Source] | None = None
                ) -> tuple[list[tuple[str, RuleCheck]], list[tuple[str, list[Ranked]]]]:
    """Both phases' findings (any process), each file's ranked, by place: the cross-file
    rules over the whole edition for the first files (with what they read), the file phase
    for the second.

    ``loaded``: the edition's sources when they are at hand (in the process
    that read them), so their Saxon documents are built once.
    """
    schema_dir, members, texts, requested, alone, listed = task
    sources = loaded if loaded is not None else {
        uri: Source(path, texts.get(uri, b""), uri, facts=facts)
        for path, uri, facts in members}
    for uri in alone:
        _load(sources[uri])  # read whole once, for both phases
    for uri in requested:
        _load_across(sources[uri])
    stand_ins = _stand_ins(sources.values())
    for source in sources.values():
        if source.around() is None:
            _load_seen(source, Path(schema_dir))
        if loaded is None:
            source.facts = None  # in Saxon now; the bytes are not kept twice
    members.clear()
    found: dict[str, RuleCheck] = {}
    for uri in requested:
        if sources[uri].error is not None:
            found[uri] = RuleCheck([(-1, Problem(sources[uri].path, 1, "RULES",
                                                 str(sources[uri].error)))], None, [])
    runnable = [sources[uri] for uri in requested if uri not in found]
    if runnable:
        for source, checked in _run_rules(load_rules(Path(schema_dir), EDITION_PHASE), runnable,
                                          [s for s in sources.values() if s.around() is not None],
                                          listed, [s for s in stand_ins if s.around() is not None]):
            found[source.uri] = checked
    checked_alone = [sources[uri] for uri in alone]
    by_file = check_alone((schema_dir, [(s.path, s.data, s.uri) for s in checked_alone]),
                          checked_alone)
    return ([(uri, found[uri]) for uri in requested],
            [(source.uri, ranked) for source, ranked in zip(checked_alone, by_file, strict=True)])


def _joined(file_rules: list[Ranked], edition_rules: list[Ranked]) -> list[Problem]:
    """Both phases' findings for one file, in the order one run of all the rules gives them
    (pattern by pattern); when either phase failed on the file, only its failure."""
    for ranked in (edition_rules, file_rules):
        failed = [problem for _, problem in ranked if problem.rule == "RULES"]
        if failed:
            return failed
    ranked = sorted([*file_rules, *edition_rules], key=lambda pair: pair[0])
    return [problem for _, problem in ranked]


def _load(source: Source) -> None:
    """The Saxon document of a source, built once (from the bytes already checked)."""
    if source.document is None and source.error is None:
        try:
            source.document = load_document(source.data.decode("utf-8-sig"), source.uri)
        except SchematronError as exc:
            source.error = str(exc)


def _facts(source: Source, schema_dir: Path) -> bytes:
    if source.facts is None:
        source.facts = facts_of(source.data, across_of(schema_dir))
    return source.facts


def _load_across(source: Source) -> None:
    """What the cross-file rules read of a source they check, built once: its outline,
    unless the whole document is at hand."""
    if source.across is None and source.error is None:
        if source.document is not None:
            source.across = source.document
            return
        try:
            source.across = load_document(outline_of(source.data).decode("utf-8"), source.uri)
        except SchematronError as exc:
            source.error = str(exc)


def _load_seen(source: Source, schema_dir: Path) -> None:
    """What the cross-file rules read of a source when they check other files, built once:
    its facts."""
    if source.seen is None and source.error is None:
        try:
            source.seen = load_document(_facts(source, schema_dir).decode("utf-8"), source.uri)
        except SchematronError as exc:
            source.error = str(exc)


def _run_rules(rules: Schematron, requested: list[Source], edition: list[Source],
               plain_files: list[str] | None = None, stand_ins: list[Source] | None = None
               ) -> list[tuple[Source, RuleCheck]]:
    """The cross-file rules' findings for each requested file (see ``_findings``), on what
    they read of the files (``Source.across`` of those they check, ``Source.around()`` of
    the rest)."""
    return _findings(rules, requested, edition, plain_files, stand_ins, across=True)


def _stand_ins(sources: Iterable[Source]) -> list[Source]:
    """A file of each kind whose pointers resolve alike (its folder and the prefixDefs it
    declares, as written), for the rules' ``$stand-ins``: they work out each pointer once
    for the files of its kind (``e:representative``) from these few, not from the signature
    of every file of the edition. A kind told apart more finely than the rules tell it costs
    nothing; a file of a kind without one is checked on its own, as before."""
    chosen: dict[tuple[str, bytes], Source] = {}
    for source in sources:
        if source.facts is None or b"xml:base" in source.facts:
            continue
        kind = (source.uri.rsplit("/", 1)[0], b"".join(PREFIX_DEF.findall(source.facts)))
        chosen.setdefault(kind, source)
    return list(chosen.values())


#: A prefixDef's tag in a file's facts, as written.
PREFIX_DEF = re.compile(rb"<(?:[^\s/>:]+:)?prefixDef\b[^>]*>")


def _findings(rules: Schematron, requested: list[Source], edition: list[Source],
              plain_files: list[str] | None = None, stand_ins: list[Source] | None = None, *,
              across: bool = False) -> list[tuple[Source, RuleCheck]]:
    """The rules' findings for each requested file, mapped to lines and columns and ranked
    by pattern, with the places they read (when the rules declare them, ``e:depends``); a
    single ``RULES`` problem for a file the rules fail on. ``across``: the rules read the
    sources' ``across`` documents, else their whole ones."""
    if not requested:
        return []

    def read(source: Source) -> PyXdmNode | None:
        return source.across if across else source.document

    documents = processor().empty_sequence()
    for source in edition:
        documents.add_xdm_item(source.around() if across else source.document)
    parameters = {"edition": documents}
    if plain_files:
        listed = processor().empty_sequence()
        for uri in plain_files:
            listed.add_xdm_item(processor().make_string_value(uri))
        parameters["plain-files"] = listed
    if stand_ins is not None:
        chosen = processor().empty_sequence()
        for source in stand_ins:
            chosen.add_xdm_item(source.around() if across else source.document)
        parameters["stand-ins"] = chosen
    results: list[tuple[list[Finding], dict[str, list[str]]] | SchematronError]
    try:
        results = list(zip(*rules.validate_with_values([read(s) for s in requested],
                                                       parameters), strict=True))
    except SchematronError:
        # Find the file the rules fail on; the others are still checked.
        results = []
        for source in requested:
            try:
                found, values = rules.validate_with_values([read(source)], parameters)
                results.append((found[0], values[0]))
            except SchematronError as exc:
                results.append(exc)
    reported: list[tuple[Source, RuleCheck]] = []
    for source, result in zip(requested, results, strict=True):
        if isinstance(result, SchematronError):
            reported.append((source, RuleCheck([(-1, _rules_failed(source.path, result))],
                                               None, [])))
            continue
        findings, values = result
        depends = ({name: [_place(uri) for uri in values[name]] for name in DEPENDS}
                   if all(name in values for name in DEPENDS) else None)
        rows = _rows(rules, findings)
        reported.append((source, RuleCheck(_placed(source.path, source.data, rows), depends,
                                           rows)))
    return reported
