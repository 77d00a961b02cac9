"""``edition validate``: the TEI checked against the project's schema, every problem reported."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import xmlschema

from .tei import TEI_NS, TEIFileError, parse_file

SCHEMA_FILE = "edition.xsd"


@dataclass(frozen=True)
class Problem:
    """One finding, printed as ``file:line:column: RULE: message``."""

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


class SchemaMissing(Exception):
    """The project's schema cannot be loaded; validation cannot run."""


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


def tei_files(paths: Iterable[Path]) -> list[Path]:
    """The XML files to check: files as given, folders searched recursively."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.xml") if not p.name.startswith(".")))
        else:
            found.append(path)
    return found


def validate_file(path: Path, schema: xmlschema.XMLSchemaBase) -> list[Problem]:
    try:
        tree = parse_file(path)
    except TEIFileError as exc:
        where, _, message = str(exc).partition(": ")
        line = where.rsplit(":", 1)[-1]
        return [Problem(path, int(line) if line.isdigit() else 1, "XML", message)]
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        return [Problem(path, root.sourceline or 1, "TEI-ROOT",
                        f"the root element is <{root.tag}>, not a TEI element <TEI> "
                        f"in the namespace {TEI_NS}")]
    problems = []
    for error in schema.iter_errors(tree):
        element = error.elem
        line = getattr(element, "sourceline", None) or 1
        problems.append(Problem(path, line, "SCHEMA", schema_message(error)))
    return problems


def schema_message(error: xmlschema.XMLSchemaValidationError) -> str:
    """xmlschema's reason, with the element named the way an editor writes it."""
    reason = (error.reason or str(error)).replace(f"{{{TEI_NS}}}", "tei:")
    element = error.elem
    if element is not None and isinstance(element.tag, str):
        name = element.tag.replace(f"{{{TEI_NS}}}", "")
        return f"<{name}>: {reason}"
    return reason


def validate(paths: Iterable[Path], schema_dir: Path) -> tuple[list[Path], list[Problem]]:
    schema = load_schema(schema_dir)
    files = tei_files(paths)
    problems: list[Problem] = []
    for path in files:
        problems.extend(validate_file(path, schema))
    return files, problems
