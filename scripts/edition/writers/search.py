"""Full-text search for the static site: pagefind indexes, in shards rebuilt only when they change.

pagefind (PyPI ``pagefind``) writes an index that the browser searches with
no server and no request outside the site. It cannot update an index, so the
site's pages are indexed in shards, each remembered (``output/.cache/html/
search/``) by what pagefind reads of its pages (``page_key``, or a key the
writer gives for it):

- the main index, ``pagefind/``: every page but the letters';
- the letters, ``pagefind/shards/N/``, about ``SHARD_SIZE`` letters each, a
  letter's shard fixed by its file name (a digest, so letters spread evenly).

After an edit of one letter, only its shard is indexed again. The site's
script merges the shards listed in ``pagefind/shards.json`` into the main
index (pagefind's ``mergeIndex``) before the first search.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

from lxml import etree, html

from ..files import files_below
from ..store import link_or_copy
from . import BuildError

FOLDER = "pagefind"
SHARDS = "shards"
SHARD_LIST = "shards.json"
#: In each kept bundle (never published): the stamps of its files when pagefind wrote them.
STAMPS = ".stamps.json"
#: Letters per shard: small enough to index again in about half a second.
SHARD_SIZE = 100
#: How a shard is indexed; a new pagefind or new options index every shard again.
OPTIONS = ("--force-language", "en", "--silent")


def pagefind_command() -> list[str]:
    """pagefind's own executable when the wheel ships it (no Python start), else its module."""
    try:
        from pagefind_bin import get_executable

        return [str(get_executable())]
    except (ImportError, OSError):
        return [sys.executable, "-m", "pagefind"]


def pagefind_version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return ""


def shards(site: Path) -> dict[str, list[str]]:
    """The site's pages by shard: '' for the main index, else the shard's number."""
    pages = files_below(site, ".html", hidden=True, prune=frozenset({FOLDER}))
    letters = [page for page in pages if page.startswith("letters/")]
    count = max(1, math.ceil(len(letters) / SHARD_SIZE))
    grouped: dict[str, list[str]] = {"": [page for page in pages
                                          if not page.startswith("letters/")]}
    for page in letters:
        number = int(hashlib.sha256(page.encode()).hexdigest()[:8], 16) % count + 1
        grouped.setdefault(str(number), []).append(page)
    return grouped


def build_search_index(site: Path, cache: Path, jobs: int | None = None,
                       known: dict[str, str] | None = None,
                       before_main: Callable[[], None] | None = None) -> dict[str, int]:
    """Index ``site`` into ``site/pagefind``, each shard from the cache if its pages are alike.

    ``known``: pages (paths below ``site``) for which a key already names what pagefind
    reads of them (the HTML writer's keys), so they are not read to tell whether they changed.
    ``before_main``: called while the letters' shards are indexed, before the main index's
    pages are listed (it may publish them: the site's shared pages, written meanwhile)."""
    grouped = shards(site)
    keys = {name: shard_key(site, pages, known or {}) for name, pages in grouped.items() if name}
    missing = [name for name, key in keys.items() if not intact(cache / key)]
    cache.mkdir(parents=True, exist_ok=True)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(missing) or 1))
    with ThreadPoolExecutor(workers) as pool:
        done = [pool.submit(index_shard, site, grouped[name], cache / keys[name])
                for name in missing]
        if before_main is not None:
            before_main()
        grouped[""] = shards(site)[""]
        keys[""] = shard_key(site, grouped[""], known or {})
        if not intact(cache / keys[""]):
            missing.append("")
            done.append(pool.submit(index_shard, site, grouped[""], cache / keys[""]))
        for future in done:
            future.result()
    target = site / FOLDER
    for name, key in sorted(keys.items()):
        publish_bundle(cache / key, target / SHARDS / name if name else target)
    listed = [f"{SHARDS}/{name}/" for name in sorted((n for n in keys if n), key=int)]
    (target / SHARD_LIST).write_text(json.dumps(listed), encoding="utf-8")
    for old in cache.iterdir():  # shards of pages no longer published
        if old.name not in keys.values():
            shutil.rmtree(old, ignore_errors=True)
    return {"search shards": len(keys), "search shards indexed": len(missing)}


def bundle_names(bundle: Path) -> list[str]:
    """The files of a bundle, as paths relative to it."""
    return [name for name in files_below(bundle, hidden=True) if name != STAMPS]


def bundle_files(bundle: Path) -> list[Path]:
    return [bundle / name for name in bundle_names(bundle)]


def stamps(bundle: Path) -> dict[str, str]:
    """Size and modification time of each file of a bundle."""
    found = {}
    for name in bundle_names(bundle):
        status = os.stat(os.path.join(bundle, name))
        found[name] = f"{status.st_size}:{status.st_mtime_ns}"
    return found


def intact(bundle: Path) -> bool:
    """A kept bundle as pagefind wrote it: its files are published as hard links, so one
    written to through its link (stamp changed, file gone) is indexed again."""
    try:
        known = json.loads((bundle / STAMPS).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return (bundle / "pagefind.js").is_file() and known == stamps(bundle)


def publish_bundle(bundle: Path, target: Path) -> None:
    """The bundle's files linked (not copied) to their places below ``target``."""
    folders: set[str] = set()
    for name in bundle_names(bundle):
        published = os.path.join(target, name)
        folder = os.path.dirname(published)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(published)  # never written through to the kept file
        link_or_copy(os.path.join(bundle, name), published)


def shard_key(site: Path, pages: list[str], known: dict[str, str]) -> str:
    named = {page: known[page] if page in known else page_key((site / page).read_bytes())
             for page in pages}
    # pagefind leaves out a page that marks no body when another page of its run marks one.
    bodies = any(key.startswith(BODY) for key in named.values())
    digest = hashlib.sha256(" ".join((pagefind_version(), *OPTIONS)).encode() + b"\x00")
    for page in pages:
        key = WHOLE + "left out" if bodies and named[page].startswith(WHOLE) else named[page]
        digest.update(page.encode() + b"\x00" + key.encode() + b"\x00")
    return digest.hexdigest()


#: How ``page_key`` begins: a page marking a ``data-pagefind-body``, or one read whole.
BODY, WHOLE = "body:", "whole:"
#: The elements whose text pagefind leaves out, and those of them it reads anyway: an element
#: inside with a filter, a sort or metadata (or attributes to index) for pagefind.
IGNORED = etree.XPath("//*[@data-pagefind-ignore]")
READ_ANYWAY = etree.XPath("descendant-or-self::*/@*[starts-with(name(), 'data-pagefind-')]"
                          "[name() != 'data-pagefind-ignore']")


def page_key(data: bytes) -> str:
    """A key naming what pagefind reads of a page: the page but the text and attributes of
    its ``data-pagefind-ignore`` elements (none of which pagefind reads), so an edit of only
    those (the lists of documents on a register page) keeps its shard. ``BODY`` or
    ``WHOLE`` first, by whether the page marks a ``data-pagefind-body``."""
    try:
        root = html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        return WHOLE + hashlib.sha256(data).hexdigest()
    for element in IGNORED(root):
        if not READ_ANYWAY(element):
            mark = element.get("data-pagefind-ignore", "")
            element.clear(keep_tail=True)
            element.set("data-pagefind-ignore", mark)
    kind = BODY if root.xpath("//*[@data-pagefind-body]") else WHOLE
    return kind + hashlib.sha256(etree.tostring(root, method="html")).hexdigest()


def index_shard(site: Path, pages: list[str], output: Path) -> None:
    """pagefind run on a folder holding only the shard's pages, at their places in the site."""
    with tempfile.TemporaryDirectory(prefix="shard-", dir=output.parent) as scratch:
        folder = Path(scratch) / "site"
        for page in pages:
            (folder / page).parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(site / page, folder / page)  # pagefind only reads them
        written = Path(scratch) / "index"
        command = [*pagefind_command(), "--site", str(folder), "--output-path", str(written),
                   *OPTIONS]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise BuildError(f"the search index could not be built: {exc}") from exc
        if result.returncode != 0 or not (written / "pagefind.js").exists():
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise BuildError("the search index could not be built (pagefind): "
                             + (detail[-1] if detail else f"exit {result.returncode}"))
        (written / STAMPS).write_text(json.dumps(stamps(written), sort_keys=True), "utf-8")
        shutil.rmtree(output, ignore_errors=True)
        written.rename(output)
