"""Writing TEI into the master folder without ever losing an editor's work.

The converter records a checksum of every file it writes in a manifest next to
the files. A file whose bytes no longer match its checksum has been edited by
hand since, and a later conversion refuses to replace it unless forced.

Crashes and races:

- every write goes to a temporary file first and is renamed into place, so a
  crash never leaves half a file; the file keeps its mode;
- a conversion holds a lock on the folder (``fcntl.flock`` on ``.convert.lock``)
  from reading the manifest to saving it, so two conversions never interleave;
- before the first file is written, the manifest records the intent: the
  checksum each file is about to get, beside the one it had. Whenever a run is
  killed, every file is in one of the two recorded states and the next run
  knows it as the converter's own; the next save keeps only what is on disk.
- a file identical to what the converter now produces is never an edit, even
  with the manifest lost.
"""

from __future__ import annotations

import difflib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .files import FileRefused, read_bytes

MANIFEST = ".convert-manifest.json"
LOCK = ".convert.lock"


class StoreError(Exception):
    """The output folder cannot be used safely; the message names the file."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """A hard link (a build's folders and caches share a disk), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


@contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` (made if missing); the kernel frees it if we die."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never a part.

    The new file keeps the mode of the file it replaces; a new file gets the
    mode the umask gives (``mkstemp`` alone would make it 0600). ``durable``:
    on disk before the rename (fsync); a cache, made again if lost, skips it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~current_umask()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fchmod(stream.fileno(), mode)
            if durable:
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass
class WriteResult:
    relpath: str
    #: created | updated | unchanged | refused | forced
    status: str
    diff: str = ""


class Store:
    """The output folder of a conversion, with its manifest of converter-written checksums."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.manifest_path = root / MANIFEST
        #: relpath → the checksums the converter has written (or is about to write) there.
        self.manifest: dict[str, set[str]] = self._load()

    @classmethod
    @contextmanager
    def locked(cls, root: Path) -> Iterator[Store]:
        """The store, with the folder locked against other conversions until the block ends."""
        root.mkdir(parents=True, exist_ok=True)
        lock_path = root / LOCK
        try:
            descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise StoreError(f"{lock_path}: cannot create the lock file ({exc.strerror})") from exc
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # released by the kernel if we are killed
            yield cls(root)
        finally:
            os.close(descriptor)

    def _load(self) -> dict[str, set[str]]:
        try:
            text = self.manifest_path.read_text("utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(f"{self.manifest_path}: cannot read the conversion manifest "
                             f"({exc})") from exc
        try:
            stored = json.loads(text)
        except ValueError as exc:
            raise self._damaged(f"not JSON: {exc.msg} at line {exc.lineno}") from exc
        if not isinstance(stored, dict):
            raise self._damaged(f"a JSON {type(stored).__name__}, not an object")
        manifest: dict[str, set[str]] = {}
        for relpath, value in stored.items():
            checksums = [value] if isinstance(value, str) else value
            if not isinstance(checksums, list) or not all(isinstance(c, str) for c in checksums):
                raise self._damaged(f"the entry for {relpath!r} is not a checksum")
            manifest[relpath] = set(checksums)
        return manifest

    def _damaged(self, problem: str) -> StoreError:
        return StoreError(
            f"{self.manifest_path}:1: damaged conversion manifest ({problem}). Move it away and "
            "convert again: files identical to the new conversion are then recognised, any "
            "other existing file is kept as hand-edited")

    def is_converted(self, relpath: str, current: bytes) -> bool:
        """True if ``current`` is a version of the file the converter wrote (or meant to)."""
        return sha256(current) in self.manifest.get(relpath, set())

    def intend(self, outputs: Iterable[tuple[str, bytes]]) -> None:
        """Record, before writing any, the checksum each file is about to get."""
        for relpath, data in outputs:
            self.manifest.setdefault(relpath, set()).add(sha256(data))
        self.save()

    def write(self, relpath: str, data: bytes, *, force: bool = False) -> WriteResult:
        path = self.root / relpath
        if not path.exists():
            atomic_write(path, data)
            self.manifest[relpath] = {sha256(data)}
            return WriteResult(relpath, "created")
        try:
            current = read_bytes(path)  # never blocks on a FIFO put in the folder
        except FileRefused as exc:
            raise StoreError(str(exc)) from exc
        if current == data:
            self.manifest[relpath] = {sha256(data)}
            return WriteResult(relpath, "unchanged")
        edited = not self.is_converted(relpath, current)
        diff = "".join(
            difflib.unified_diff(
                current.decode("utf-8", "replace").splitlines(keepends=True),
                data.decode("utf-8").splitlines(keepends=True),
                fromfile=f"{relpath} (in {self.root}, edited)",
                tofile=f"{relpath} (converted)",
            )
        )
        if edited and not force:
            self.manifest.get(relpath, set()).discard(sha256(data))  # intended, not written
            return WriteResult(relpath, "refused", diff)
        atomic_write(path, data)
        self.manifest[relpath] = {sha256(data)}
        return WriteResult(relpath, "forced" if edited else "updated", diff)

    def save(self) -> None:
        stored = {relpath: sorted(checksums)[0] if len(checksums) == 1 else sorted(checksums)
                  for relpath, checksums in sorted(self.manifest.items()) if checksums}
        atomic_write(self.manifest_path, json.dumps(stored, indent=1).encode() + b"\n")
