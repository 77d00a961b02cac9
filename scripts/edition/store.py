"""Writing TEI into the master folder without ever losing an editor's work.

The converter records a checksum of every file it writes in a manifest next to
the files. A file whose bytes no longer match its checksum has been edited by
hand since, and a later conversion refuses to replace it unless forced.
Every write goes to a temporary file first and is renamed into place, so a
crash never leaves half a file.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

MANIFEST = ".convert-manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
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
        self.manifest: dict[str, str] = {}
        if self.manifest_path.exists():
            try:
                self.manifest = json.loads(self.manifest_path.read_text("utf-8"))
            except (ValueError, OSError):
                # A damaged manifest means every existing file counts as hand-edited.
                self.manifest = {}

    def write(self, relpath: str, data: bytes, *, force: bool = False) -> WriteResult:
        path = self.root / relpath
        if not path.exists():
            atomic_write(path, data)
            self.manifest[relpath] = sha256(data)
            return WriteResult(relpath, "created")
        current = path.read_bytes()
        if current == data:
            self.manifest[relpath] = sha256(data)
            return WriteResult(relpath, "unchanged")
        edited = self.manifest.get(relpath) != sha256(current)
        diff = "".join(
            difflib.unified_diff(
                current.decode("utf-8", "replace").splitlines(keepends=True),
                data.decode("utf-8").splitlines(keepends=True),
                fromfile=f"{relpath} (in {self.root}, edited)",
                tofile=f"{relpath} (converted)",
            )
        )
        if edited and not force:
            return WriteResult(relpath, "refused", diff)
        atomic_write(path, data)
        self.manifest[relpath] = sha256(data)
        return WriteResult(relpath, "forced" if edited else "updated", diff)

    def save(self) -> None:
        data = json.dumps(dict(sorted(self.manifest.items())), indent=1).encode() + b"\n"
        atomic_write(self.manifest_path, data)
