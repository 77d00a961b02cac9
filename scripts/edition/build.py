"""``edition build``: validate the TEI, then run every writer into one staging folder.

Publishing is one atomic step, so a build publishes everything or nothing,
even when it is killed. Each build writes into a fresh version folder
``output/.build-XXXX/`` (``html/``, ``pdf/``, ...). ``output/.current`` is a
symbolic link to the published version, and each product is a fixed link
into it (``output/html`` → ``.current/html``). Publishing replaces
``.current`` with one ``rename()``: readers see the old edition or the new
one, never a mixture, and a failure or a kill before that leaves the old one.
(Renaming each product in turn, with a rollback, would leave a mixture after
a kill between two renames; the links cost nothing to readers and servers,
which follow them.) Products a build did not make are carried over from the
previous version (hard links), so a partial build never drops one.

A build holds a lock (``flock``) on its version folder while it works; at the
next build, under ``output/.cache/build.lock``, every version folder that is
neither published nor locked (its build died) is removed.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .convert import Project
from .store import current_umask, exclusive_lock, link_or_copy
from .validate import Problem, validate
from .writers import BuildError, WriterContext
from .writers import cmif as cmif_writer
from .writers import html as html_writer
from .writers import pdf as pdf_writer
from .writers import teipub as teipub_writer
from .xslt import Transformer, TransformError

__all__ = ["BuildError", "BuildReport", "PRODUCTS", "WRITERS", "build"]

Writer = Callable[[WriterContext, Path], dict]

# The writers, run in this order; each writes its product below the staging folder.
WRITERS: dict[str, Writer] = {
    "html": html_writer.write,
    "teipub": teipub_writer.write,
    "pdf": pdf_writer.write,
    "cmif": cmif_writer.write,
}

#: The site the other products are served in (``html/edition.pdf``, ``html/cmif.xml``...).
SITE = "html"

#: The product (``--only``) each writer belongs to: the published TEI is part of the site.
PRODUCT_OF: dict[str, str] = {"html": SITE, "teipub": SITE, "pdf": "pdf", "cmif": "cmif"}
PRODUCTS: tuple[str, ...] = tuple(dict.fromkeys(PRODUCT_OF.values()))


@dataclass
class BuildReport:
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    facts: dict[str, dict] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def published(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    @property
    def pages(self) -> int:
        return int(self.facts.get("pdf", {}).get("pages", 0))


def build(project: Project, output: Path, *, only: str | None = None, jobs: int | None = None,
          cluster: str | None = None) -> BuildReport:
    """Validate the whole edition, then write every product, or only the product ``only``.

    With ``only``, the other products already in ``output/`` stay as they are;
    a product other than the site is still served in the site: the current site
    is staged with it and published again with the new copy in it.
    """
    if only is not None and only not in PRODUCTS:
        raise BuildError(f"unknown product '{only}' (known: {', '.join(PRODUCTS)})")
    report = BuildReport()
    started = time.perf_counter()
    files, report.problems = validate([project.tei], project.root / "schema", jobs=jobs,
                                      cluster=cluster)
    report.files = len(files)
    report.timings["validate"] = time.perf_counter() - started
    if not report.published:
        return report

    output.mkdir(parents=True, exist_ok=True)
    with new_version(output) as staging:
        context = WriterContext(project, Transformer(project.root / "xslt"), jobs=jobs)
        writers = {name: write for name, write in WRITERS.items()
                   if only is None or PRODUCT_OF[name] == only}
        if only is not None and only != SITE and (output / SITE).is_dir():
            shutil.copytree(output / SITE, staging / SITE)
        for product, write in writers.items():
            started = time.perf_counter()
            report.facts[product] = run_writer(write, context, staging)
            report.timings[product] = time.perf_counter() - started
        if only == SITE:
            keep_served_copies(output, staging)
        publish(staging, output)
    return report


def run_writer(write: Writer, context: WriterContext, staging: Path) -> dict:
    """Run one writer; what Saxon prints on the process's stderr goes into its error.

    Saxon (native code) reports a failure on file descriptor 2, Java's words
    and all ("Caused by java.io.IOException: No space left on device"), and
    raises an exception that lacks the cause. The report is collected and
    added to the ``TransformError``, for the CLI to tell a full disk from a
    broken stylesheet; on success it is passed on unchanged (xsl:message).
    """
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            facts = write(context, staging) or {}
        except TransformError as exc:
            raise TransformError(f"{exc}\n{_collected(saved, sink)}") from exc
        except BaseException:
            _collected(saved, sink)
            raise
        printed = _collected(saved, sink)
    if printed:
        sys.stderr.write(printed)
    return facts


def _collected(saved: int, sink) -> str:
    """Give file descriptor 2 back and return what was written to it meanwhile."""
    os.dup2(saved, 2)
    os.close(saved)
    sink.seek(0)
    return sink.read().decode("utf-8", "replace")


CURRENT = ".current"
VERSION_PREFIX = ".build-"


@contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """The short lock under which versions are created, published and cleaned up."""
    with exclusive_lock(output / ".cache" / "build.lock"):
        yield


@contextmanager
def new_version(output: Path) -> Iterator[Path]:
    """A fresh version folder, locked while the build runs; removed unless it was published."""
    with output_lock(output):
        remove_stale_versions(output)
        staging = Path(tempfile.mkdtemp(prefix=VERSION_PREFIX, dir=output))
        staging.chmod(0o777 & ~current_umask())  # mkdtemp makes it private; the site is not
        descriptor = os.open(staging, os.O_RDONLY)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
    try:
        yield staging
    finally:
        try:
            if published_version(output) != staging:
                shutil.rmtree(staging, ignore_errors=True)
        finally:
            os.close(descriptor)


def published_version(output: Path) -> Path | None:
    """The version folder ``output/.current`` points to, if any."""
    link = output / CURRENT
    if not link.is_symlink():
        return None
    return output / os.readlink(link)


def remove_stale_versions(output: Path) -> None:
    """Remove version folders of builds that died (not published, not locked by a build)."""
    live = published_version(output)
    for folder in output.glob(f"{VERSION_PREFIX}*"):
        if folder == live or folder.is_symlink() or not folder.is_dir():
            continue
        try:
            descriptor = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            continue  # a build is still writing it
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(descriptor)
    for leftover in output.glob(f"{CURRENT}.*"):
        leftover.unlink(missing_ok=True)  # a link of a publish killed before its rename


def keep_served_copies(output: Path, staging: Path) -> None:
    """A site built alone keeps the copies of the other products it served (``edition.pdf``)."""
    old_site, new_site = output / SITE, staging / SITE
    if not old_site.is_dir() or not new_site.is_dir():
        return
    for product in output.iterdir():
        if product.name == SITE or product.name.startswith(".") or not product.is_dir():
            continue
        for file in product.iterdir():
            served = old_site / file.name
            if file.is_file() and served.is_file() and not (new_site / file.name).exists():
                shutil.copyfile(served, new_site / file.name)


def publish(staging: Path, output: Path) -> None:
    """Make ``staging`` the published version with one rename; then drop the previous one."""
    with output_lock(output):
        products = {p.name for p in staging.iterdir() if p.is_dir()}
        adopt_plain_products(output, products)
        previous = published_version(output)
        if previous is not None and previous.is_dir():
            for old in previous.iterdir():
                if old.is_dir() and old.name not in products:
                    shutil.copytree(old, staging / old.name, copy_function=link_or_copy)
                    products.add(old.name)
        link = output / f"{CURRENT}.{os.getpid()}"
        link.unlink(missing_ok=True)
        link.symlink_to(staging.name)
        try:
            os.replace(link, output / CURRENT)  # the moment of publishing
        except BaseException:
            link.unlink(missing_ok=True)
            raise
        for product in products:
            entry = output / product
            if not _is_product_link(entry):
                entry.symlink_to(f"{CURRENT}/{product}")
        if previous is not None and previous != staging:
            shutil.rmtree(previous, ignore_errors=True)


def adopt_plain_products(output: Path, products: set[str]) -> None:
    """Products that are plain folders (from before versions) become a version of their own.

    Moved in one by one and moved back if any move fails, so the old output
    stays whole; the new version is then published over it like any other.
    """
    plain = [output / name for name in sorted(products)
             if ((output / name).exists() or (output / name).is_symlink())
             and not _is_product_link(output / name)]
    if not plain:
        return
    holder = Path(tempfile.mkdtemp(prefix=VERSION_PREFIX, dir=output))
    holder.chmod(0o777 & ~current_umask())
    moved: list[Path] = []
    try:
        for entry in plain:
            entry.rename(holder / entry.name)
            moved.append(entry)
            entry.symlink_to(f"{CURRENT}/{entry.name}")
        link = output / f"{CURRENT}.{os.getpid()}"
        link.unlink(missing_ok=True)
        link.symlink_to(holder.name)
        os.replace(link, output / CURRENT)
    except BaseException:
        for entry in reversed(moved):
            if entry.is_symlink():
                entry.unlink()
            (holder / entry.name).rename(entry)
        shutil.rmtree(holder, ignore_errors=True)
        raise


def _is_product_link(entry: Path) -> bool:
    """True for ``output/NAME`` → ``.current/NAME``, the fixed link of a product."""
    return entry.is_symlink() and os.readlink(entry) == f"{CURRENT}/{entry.name}"


