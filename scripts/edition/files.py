"""Reading untrusted files without blocking, exhausting memory or running for ever.

Every file the toolchain reads (TEI to validate, sources to convert) may be
hostile or broken: a FIFO or a device that blocks on open, a file of many
megabytes of tiny elements, an element with thousands of attributes. Each
check here happens before the costly step it protects, and each refusal is a
``FileRefused`` naming the file, the line and the limit, never a hang.
"""

from __future__ import annotations

import os
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote_from_bytes

from lxml import etree

#: Largest file read at all (the edition's largest file is about 130 kB).
MAX_FILE_BYTES = 8 * 1024 * 1024
#: Elements in one file; the schema check costs about a millisecond per element.
MAX_ELEMENTS = 60_000
#: Attributes on one element (TEI elements of the edition carry at most a handful).
MAX_ATTRIBUTES = 64
#: Nesting depth of elements (the edition's files nest less than a dozen deep).
MAX_DEPTH = 64
#: Seconds one file's schema check may take before it is given up with an error.
TIME_BUDGET = 30.0


def files_below(folder: Path, suffix: str = "", *, hidden: bool = False,
                prune: frozenset[str] = frozenset(), regular: bool = True) -> list[str]:
    """The regular files below ``folder`` whose names end with ``suffix``, as paths relative to
    it ('/' between parts), in path order (as ``sorted(folder.rglob(...))``).

    Hidden files and folders are skipped unless ``hidden``; folders named in ``prune``
    are not entered; links to folders are not followed; a folder that cannot be read is
    passed over. ``regular`` false: every entry with such a name, folders and special files
    too, for a caller that refuses them by name. Listed with strings: a site or an edition
    has tens of thousands of files.
    """
    found: list[str] = []
    pending = [""]
    while pending:
        relative = pending.pop()
        try:
            with os.scandir(os.path.join(folder, relative)) as entries:
                for entry in entries:
                    name = entry.name
                    if not hidden and name.startswith("."):
                        continue
                    path = f"{relative}/{name}" if relative else name
                    folder_here = entry.is_dir(follow_symlinks=False)
                    if folder_here and name not in prune:
                        pending.append(path)
                    if name.endswith(suffix) and (not regular or (not folder_here
                                                                  and entry.is_file())):
                        found.append(path)
        except OSError:
            continue
    found.sort(key=lambda path: path.split("/"))
    return found


class FileRefused(Exception):
    """A file that is not read (further); ``line`` is where the problem is, 1 if nowhere."""

    def __init__(self, path: Path, message: str, line: int = 1) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


class BudgetExceeded(Exception):
    """The time budget of one step ran out."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in an editor's words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def check_regular(path: Path) -> os.stat_result:
    """The file's status if it is a regular file; refused (before any open) if not."""
    try:
        status = os.stat(path)
    except OSError as exc:
        raise FileRefused(path, f"cannot read file ({exc.strerror})") from exc
    if not stat.S_ISREG(status.st_mode):
        raise FileRefused(path, f"{kind_of(status.st_mode)}, not a regular file: not read")
    return status


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; never blocks on special files.

    The file is checked before it is opened, opened without blocking (a FIFO
    swapped in after the check cannot hang the open) and checked again on the
    open descriptor; reading stops one byte past the limit.
    """
    status = check_regular(path)
    if status.st_size > limit:
        raise FileRefused(path, too_large(status.st_size, limit))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise FileRefused(path, f"cannot read file ({exc.strerror})") from exc
    try:
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode):
            raise FileRefused(path, f"{kind_of(opened.st_mode)}, not a regular file: not read")
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise FileRefused(path, f"cannot read file ({exc.strerror})") from exc
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > limit:
        raise FileRefused(path, too_large(len(data), limit, grew=True))
    return data


def too_large(size: int, limit: int, *, grew: bool = False) -> str:
    amount = f"more than {limit} bytes" if grew else f"{size} bytes"
    return f"file too large ({amount}; the limit is {limit / 2**20:g} MB)"


def check_tree(path: Path, root: etree._Element) -> None:
    """Refuse a parsed tree that would make the later checks slow: too many elements,
    attributes on one element, or too deep a nesting. Linear in the size of the tree: each
    limit is one XPath walk in libxml2 (a walk in Python took longer than the parse)."""
    if _ELEMENTS(root) > MAX_ELEMENTS:
        element = _ELEMENT_PAST_LIMIT(root)[0]
        raise FileRefused(path, f"more than {MAX_ELEMENTS} elements in one file: split it "
                          "(the limit keeps validation fast)", element.sourceline or 1)
    too_deep = _TOO_DEEP(root)
    if too_deep:
        raise FileRefused(path, f"elements nested more than {MAX_DEPTH} deep",
                          too_deep[0].sourceline or 1)
    crowded = _CROWDED(root)
    if crowded:
        element = crowded[0]
        raise FileRefused(path, f"<{etree.QName(element).localname}> has "
                          f"{len(element.attrib)} attributes (at most {MAX_ATTRIBUTES})",
                          element.sourceline or 1)


_ELEMENTS = etree.XPath("count(descendant-or-self::*)")
_ELEMENT_PAST_LIMIT = etree.XPath(f"(descendant-or-self::*)[{MAX_ELEMENTS + 1}]")
#: The elements one level deeper than allowed, the tree's root being the first level.
_TOO_DEEP = etree.XPath("/".join(["*"] * MAX_DEPTH))
_CROWDED = etree.XPath(f"descendant-or-self::*[count(@*) > {MAX_ATTRIBUTES}]")


@contextmanager
def time_budget(seconds: float = TIME_BUDGET) -> Iterator[None]:
    """Raise ``BudgetExceeded`` inside the block once ``seconds`` have passed.

    Uses a timer signal, so it interrupts pure-Python work (the schema check)
    anywhere; outside the main thread, where signals cannot be used, the
    block runs without a limit (the tree limits above still bound it).
    """
    usable = (threading.current_thread() is threading.main_thread()
              and hasattr(signal, "setitimer"))
    if not usable:
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise BudgetExceeded(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def regular_file_uris(folder: Path, *, skip: tuple[str, ...] = (),
                      limit: int = 50_000) -> list[str]:
    """``file:///`` URIs of the regular files below ``folder`` that pointers may name.

    Hidden entries, the top-level names in ``skip`` and symbolic links to
    folders are passed over; a link to a FIFO or a device is not a regular
    file and is left out, so nothing that could block is ever named.
    """
    found: list[str] = []
    # As the edition's own URIs; links below it keep their names. Strings, not Paths: an
    # edition has thousands of files (``Path.as_uri`` spelled out).
    top = str(folder.resolve())
    pending = [top]
    while pending and len(found) < limit:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or (current == top and entry.name in skip):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif stat.S_ISREG(entry.stat().st_mode):
                    found.append("file://" + quote_from_bytes(os.fsencode(entry.path)))
            except OSError:
                continue
    return found
