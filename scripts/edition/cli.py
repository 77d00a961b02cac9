"""The ``edition`` command: convert sources to TEI, validate the TEI, build the edition."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from .build import PRODUCTS, BuildError, build
from .convert import Project, convert
from .executor import ExecutorError
from .mentions import link_files, names_report, text_files
from .model import ReaderError
from .store import StoreError
from .tei import TEIFileError
from .validate import SchemaMissing, validate
from .xslt import TransformError

FORMATS = ["auto", "soviet", "frus", "essay"]

jobs_option = click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None,
    help="Worker processes for the per-document work (default: the machine's cores).")
cluster_option = click.option(
    "--cluster", default=None, metavar="ADDRESS|local",
    help="Run the per-document work on Dask: 'local' starts a LocalCluster of --jobs "
         "workers, tcp://HOST:PORT uses a running scheduler (needs 'pip install edition[dask]').")


def project_root() -> Path:
    """The edition is the folder holding ``tei/edition.xml``: here or above."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "tei" / "edition.xml").exists():
            return folder
    return here


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="edition")
def main() -> None:
    """Build the Stalin–Roosevelt correspondence edition.

    \b
    The pipeline:  sources/ --convert--> tei/ --validate--> build --> output/
    Run the commands from the edition's folder (the one holding tei/edition.xml).
    Exit codes: 0 success, 1 invalid input or refused work, 2 could not run.
    """


@main.command("convert")
@click.argument("sources", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder to write TEI into (the master is tei/).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True,
              help="Kind of source; 'auto' uses sources/catalogue.xml, then the text's shape.")
@click.option("--force", is_flag=True,
              help="Overwrite files an editor has changed since the last conversion.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Show how each refused (or forced) file differs from the new conversion.")
@jobs_option
def convert_command(sources: tuple[Path, ...], out: Path, fmt: str, force: bool,
                    show_diff: bool, jobs: int | None) -> None:
    """Convert source transcriptions (SOURCES) into TEI P5 files under --out.

    Each letter or document becomes one file (letters/ID.xml, notes/ID.xml,
    essays/ID.xml); people, places and organisations are linked to the
    registers in tei/registers/. A file an editor has changed since it was
    converted is never replaced silently: it is reported as refused and kept,
    unless --force is given. Exit code 1 when a file was refused.
    """
    project = Project(project_root())
    started = time.perf_counter()
    with input_errors_reported(out, StoreError):
        report = convert(list(sources), out, fmt, project, force=force, jobs=jobs)
    refused = report_writes(report.warnings, report.results, out, show_diff)
    counts = {s: sum(r.status == s for r in report.results)
              for s in ("created", "updated", "unchanged", "forced", "refused")}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    click.echo(f"{len(report.results)} documents ({summary}) in "
               f"{time.perf_counter() - started:.2f} s")
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    if refused:
        click.echo(f"error: {refused} file(s) were edited after conversion and were kept; "
                   "see the differences with --diff, overwrite with --force", err=True)
    if refused or report.errors:
        sys.exit(1)


@contextmanager
def input_errors_reported(out: Path, *also: type[Exception]) -> Iterator[None]:
    """Bad input ends a convert or import with its message (exit 1), a system refusal exit 2."""
    try:
        yield
    except (ReaderError, TEIFileError, *also) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"error: {exc.filename or out}: {exc.strerror}", err=True)
        sys.exit(2)


def report_writes(warnings: list[str], results: list, out: Path, show_diff: bool) -> int:
    """Print a run's warnings and each file's fate (with its diff on request); count refusals."""
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    for result in results:
        click.echo(f"{result.status:9} {out / result.relpath}")
        if result.status in ("refused", "forced") and show_diff and result.diff:
            click.echo(result.diff)
    return sum(result.status == "refused" for result in results)


@main.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True,
              help="text: one line per finding; json: a JSON list of findings on stdout.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@jobs_option
@cluster_option
def validate_command(paths: tuple[Path, ...], fmt: str, strict: bool, jobs: int | None,
                     cluster: str | None) -> None:
    """Check TEI files (default: all of tei/) against the schema and the consistency rules.

    \b
    Three layers, all problems of all files in one run:
      reading   XML, ENCODING, TEI-ROOT: well-formed UTF-8 TEI, no DTD/entities
      schema    SCHEMA: schema/edition.xsd, the edition's TEI subset
      rules     REF-RESOLVES, ID-UNIQUE, NOTE-MARKER, WEEKDAY, ...: schema/edition.sch,
                checked across the whole of tei/ even when PATHS name some files

    Findings are printed as FILE:LINE:COLUMN: RULE: MESSAGE, warnings as
    FILE:LINE:COLUMN: warning: RULE: MESSAGE (see schema/README.md for each
    RULE). A file outside tei/ is checked in place of the tei/ file of the
    same name, else as a new letter. Exit code 0 when valid (warnings
    allowed unless --strict), 1 when anything is invalid, 2 when validation
    could not run (schema or rules missing, a PATH missing or unreadable).
    """
    import json
    import os

    root = project_root()
    edition = root / "tei"
    targets = list(paths) or [edition]
    unusable = [(p, "no such file or folder") for p in targets if not p.exists()]
    unusable += [(p, "cannot be read (permission denied)") for p in targets
                 if p.exists() and not os.access(p, os.R_OK | (os.X_OK if p.is_dir() else 0))]
    if unusable:
        for path, reason in unusable:
            click.echo(f"error: {path}: {reason}", err=True)
        sys.exit(2)
    started = time.perf_counter()
    try:
        files, problems = validate(targets, root / "schema",
                                   edition=edition if (edition / "edition.xml").is_file() else None,
                                   jobs=jobs, cluster=cluster)
    except (SchemaMissing, ExecutorError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if fmt == "json":
        click.echo(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=1))
    else:
        for problem in problems:
            click.echo(str(problem))
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    click.echo(f"{len(files)} files checked, {errors} errors, {warnings} warnings "
               f"({time.perf_counter() - started:.2f} s)", err=True)
    sys.exit(1 if errors or (strict and warnings) else 0)


@main.command("build")
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Output folder (default: output/ of the edition).")
@click.option("--only", type=click.Choice(list(PRODUCTS)), default=None,
              help="Build this product alone; the others in the output folder stay as they are.")
@jobs_option
@cluster_option
def build_command(out: Path | None, only: str | None, jobs: int | None,
                  cluster: str | None) -> None:
    """Validate tei/, then write the web edition and the print edition.

    \b
    Writes  OUT/html/   a static site: index.html (the letters in order of
                        date), letters/ID.html, persons.html
            OUT/pdf/edition.pdf   title page, contents, the letters, notes
                        at the foot of the page, page numbers
    Nothing is published from an invalid edition (exit code 1), and a failed
    build leaves the previous output as it was. --only PRODUCT validates the
    whole edition but writes and publishes that product alone, keeping the
    others (a product served in the site, such as the PDF, is updated there).
    """
    root = project_root()
    output = out or root / "output"
    try:
        report = build(Project(root), output, only=only, jobs=jobs, cluster=cluster)
    except (SchemaMissing, ExecutorError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except (BuildError, TransformError, TEIFileError) as exc:
        message, system = plain_message(str(exc))
        click.echo(f"error: {message}; the previous output is unchanged", err=True)
        sys.exit(2 if system else 1)
    except OSError as exc:
        click.echo(f"error: {exc.filename or output}: {exc.strerror or exc}; "
                   "the previous output is unchanged", err=True)
        sys.exit(2)
    for problem in report.problems:
        click.echo(str(problem))
    for product, facts in report.facts.items():
        for warning in facts.get("warnings", ()):
            click.echo(f"warning: {product}: {warning}", err=True)
    if not report.published:
        errors = sum(p.severity == "error" for p in report.problems)
        click.echo(f"error: the edition is invalid ({errors} errors in {report.files} files); "
                   "nothing was published, the previous output is unchanged", err=True)
        sys.exit(1)
    timings = ", ".join(f"{step} {seconds:.2f} s" for step, seconds in report.timings.items())
    if only is not None:
        click.echo(f"{report.files} TEI files valid; wrote {output / only} only; {timings}")
        return
    click.echo(f"{report.files} TEI files valid; wrote {output / 'html'} and "
               f"{output / 'pdf' / 'edition.pdf'} ({report.pages} pages); {timings}")


#: How the file system's refusals read in messages from Java (Saxon) and Python.
SYSTEM_ERRORS = ("No space left on device", "Permission denied", "Read-only file system",
                 "Disk quota exceeded", "Too many open files")


def plain_message(text: str) -> tuple[str, bool]:
    """An error message without Java's words; True if the system refused (disk, rights).

    Saxon's reports may carry Java exception names (``Caused by
    java.io.IOException: ...``) and stack frames (``at net.sf...``); an editor
    needs the file and the reason.
    """
    system = next((marker for marker in SYSTEM_ERRORS if marker in text), None)
    if system:
        written = re.search(r"(?:file:)(/[^\s]+?)\.?(?:\s|$)", text)
        if written:
            return f"cannot write {written.group(1)}: {system}", True
    lines = [line.strip() for line in text.splitlines()]
    kept = [line for line in lines if line and not line.startswith(("at ", "..."))
            and not line.startswith(("Caused by", "java.", "net.sf.", "com.saxonica."))]
    message = re.sub(r"\s*Caused by [\w.$]+(?:Exception|Error)\b:?", "", " ".join(kept))
    message = message or "the build failed"
    if system and system not in message:
        message += f": {system}"
    return message, system is not None


@main.command("names")
@click.option("--check", is_flag=True,
              help="Exit 1 when a mention or a register form needs an editor's decision.")
def names_command(check: bool) -> None:
    """Report what the name linking could not decide, for editors.

    \b
    Lists  unlinked mentions   name-like strings with no register entry
           unresolved names    persName/placeName/orgName without a valid @ref
           unused entries      register entries no text mentions
           ambiguous forms     name variants listed under more than one entry
    Fix them in tei/registers/ (add a variant, an entry) or in the text, then
    run `edition link`.
    """
    root = project_root()
    report = names_report(root / "tei")
    sections = (
        ("unlinked mentions", report.unlinked),
        ("unresolved names", report.unresolved),
        ("ambiguous forms", report.ambiguous),
        ("unused register entries", report.unused),
    )
    for heading, lines in sections:
        click.echo(f"{heading}: {len(lines)}")
        for line in lines:
            click.echo(f"  {line}")
    if check and report.needs_decision:
        sys.exit(1)


@main.command("link")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True, dir_okay=False))
def link_command(paths: tuple[Path, ...]) -> None:
    """Link names in edited TEI to the registers and refresh previous/next letters.

    Runs the same name linking as `edition convert` on files in tei/letters,
    tei/notes and tei/essays (default: all of them), in place: names already
    linked are kept as they are; new register variants are picked up. Each
    letter's correspContext is recomputed from the dates of all letters.
    """
    root = project_root()
    targets = list(paths) or text_files(root / "tei")
    try:
        written, problems = link_files(root / "tei", targets)
    except TEIFileError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)
    for path in written:
        click.echo(f"updated   {path}")
    click.echo(f"{len(targets)} files linked, {len(written)} changed")


@main.group("export")
def export_group() -> None:
    """Write the edition in formats other archives read (CMIF for correspSearch)."""


@export_group.command("cmif")
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="File to write (default: output/cmif/cmif.xml of the edition).")
def export_cmif_command(out: Path | None) -> None:
    """Write the CMIF 1.1 file correspSearch harvests: one correspDesc per letter.

    \b
    Every letter and every message carried inside another document is described
    (memoranda and briefing papers are not correspondence and are left out), with
    the registers' names, authority URIs (VIAF, GND, LC, BnF, NDL, GeoNames;
    Wikidata where nothing else is known) and the letter's public URL, built from
    the base URL in tei/edition.xml. When OUT already holds an export of the same
    content it is left byte for byte as it is, date included, so harvesters do not
    re-ingest it. Warnings name the correspondents and places without an
    identifier correspSearch accepts. Exit 1 when the edition cannot be exported.
    """
    from .store import atomic_write
    from .writers.cmif import export_cmif, read_previous
    from .xslt import Transformer

    root = project_root()
    project = Project(root)
    target = out or root / "output" / "cmif" / "cmif.xml"
    try:
        export = export_cmif(project, Transformer(root / "xslt"), read_previous(target))
    except (BuildError, TransformError, TEIFileError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for warning in export.warnings:
        click.echo(f"warning: {warning}", err=True)
    try:
        if not export.unchanged or not target.exists():
            atomic_write(target, export.data)
    except OSError as exc:
        click.echo(f"error: {exc.filename or target}: {exc.strerror}", err=True)
        sys.exit(2)
    state = "unchanged" if export.unchanged else "written"
    click.echo(f"{target}: {state}; {export.descriptions} correspondence descriptions, "
               f"{export.correspondents_identified} of {export.correspondents} correspondents "
               "with an identifier correspSearch accepts")


@main.group("import")
def import_group() -> None:
    """Take in other archives' TEI (FRUS) as edition letters."""


@import_group.command("frus")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("--doc", "docs", multiple=True, metavar="dNNN",
              help="Import only this document (repeatable); default: every document.")
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder to write into (letters/ID.xml; registers/ gets provisional entries).")
@click.option("--force", is_flag=True,
              help="Overwrite letters an editor has changed since they were imported.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Show how each refused (or forced) file differs from the new import.")
def import_frus_command(files: tuple[Path, ...], docs: tuple[str, ...], out: Path, force: bool,
                        show_diff: bool) -> None:
    """Import FRUS TEI (a whole volume, or one document in frusDoc) as edition letters.

    \b
    Each FRUS document becomes OUT/letters/VOLUME-dNNN.xml in the edition's
    conventions: sourceDesc citing volume, document and its history.state.gov
    address; correspDesc from the heading and dateline (time, time-zone offset,
    FRUS's date range when undated, "[Received ...]" as the received action);
    notes with FRUS's numbers; page breaks with page images; glossary terms as
    abbreviation and expansion; names linked through the registers. People and
    places the registers lack are added to OUT/registers as provisional entries
    for an editor. An edited letter is never replaced silently (exit 1; --diff,
    --force), writes are atomic.
    """
    from .importers.frus import import_frus

    project = Project(project_root())
    with input_errors_reported(out, ValueError):
        report = import_frus(list(files), out, project, documents=list(docs), force=force)
    refused = report_writes(report.warnings, report.results, out, show_diff)
    neighbours = len(report.results) - len(report.documents)
    updated = f"; previous/next pointers updated in {neighbours} letters" if neighbours else ""
    click.echo(f"{len(report.documents)} documents imported{updated}")
    if refused:
        click.echo(f"error: {refused} file(s) were edited after import and were kept; "
                   "see the differences with --diff, overwrite with --force", err=True)
        sys.exit(1)
