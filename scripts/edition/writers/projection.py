"""The edition's projection: the TEI as the site's shared pages see it, without the documents' text.

The pages about the whole edition (the list of letters, the timeline, the
registers) read the documents' headers, names and pointers, never the running
text of a letter, an essay or a shared note. The projection is a mirror of
``tei/`` in which those documents keep their header, the front of their text
and every element and attribute of the rest, but no text there. The site part
of ``site.xsl`` runs on it, so:

- an edit of a document's text leaves the projection, and so the site's
  shared pages, as they were (the build takes them from its cache);
- what those pages show cannot depend on the text taken out, because they
  never saw it (``tests/test_html_incremental.py`` checks that the pages equal
  the ones written from the whole TEI).

Every other file (``edition.xml``, the registers) is mirrored as it is.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from lxml import etree

from ..executor import Executor
from ..files import files_below
from ..store import atomic_write
from ..tei import TEI_NS, parse_bytes

#: The folders whose documents are projected (the rest of tei/ is mirrored whole).
PROJECTED = ("letters", "essays", "notes")
MANIFEST = "projection.json"


def project(data: bytes, source: Path) -> bytes:
    """A document without the text of its body and back (header and front kept whole)."""
    root = parse_bytes(data, source).getroot()
    for text in root.iterchildren(f"{{{TEI_NS}}}text"):
        strip(text)
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8")


def strip(element: etree._Element) -> None:
    for child in list(element):
        if not isinstance(child.tag, str):  # comments and processing instructions
            element.remove(child)  # with its tail
            continue
        child.tail = None
        if child.tag != f"{{{TEI_NS}}}front":
            child.text = None
            strip(child)
    element.text = None if element.tag != f"{{{TEI_NS}}}front" else element.text


class Projection:
    """The mirror in ``folder``, kept up to date file by file.

    A manifest remembers, for each file, the digests of its bytes and of its
    projection, and its size, modification time and inode: a file whose
    three are unchanged is not read again.
    """

    def __init__(self, tei: Path, folder: Path) -> None:
        self.tei = tei
        self.folder = folder
        #: relative path -> (digest of the source file, digest of its projection)
        self.digests: dict[str, tuple[str, str]] = {}

    def update(self, executor: Executor | None = None) -> dict[str, tuple[str, str]]:
        """Bring the mirror up to date; returns the digests of every file.

        The files read again are projected on ``executor``'s workers when one is given
        (a cold build projects every document)."""
        known: dict[str, list[str]] = {}
        manifest = self.folder / MANIFEST
        try:
            known = json.loads(manifest.read_text("utf-8"))
        except (OSError, ValueError):
            shutil.rmtree(self.folder, ignore_errors=True)
        files = files_below(self.tei, ".xml")  # as published (teipub.tei_files)
        stamps: dict[str, str] = {}
        changed = set(known) != set(files)
        todo: list[tuple[str, str, str, str | None]] = []
        for name in files:
            source = self.tei / name
            status = source.stat()
            stamps[name] = f"{status.st_size}:{status.st_mtime_ns}:{status.st_ino}"
            target = self.folder / name
            previous = known.get(name)
            kept = target.is_file()
            if previous and len(previous) == 3 and previous[2] == stamps[name] and kept:
                self.digests[name] = (previous[0], previous[1])
                continue
            changed = True
            todo.append((str(self.tei), str(self.folder), name,
                         f"{previous[0]}\x00{previous[1]}" if previous and kept else None))
        if executor is not None and len(todo) > 1:
            results = executor.map(project_file, todo, label="Projecting")
        else:
            results = [project_file(item) for item in todo]
        for (_, _, name, _), digests in zip(todo, results, strict=True):
            self.digests[name] = digests
        if set(known) != set(files):  # else the mirror holds the files listed, no others
            current = set(files)
            for name in files_below(self.folder, ".xml", hidden=True):
                if name not in current:
                    (self.folder / name).unlink()
        if changed:
            atomic_write(manifest, json.dumps(
                {name: [*self.digests[name], stamps[name]] for name in files},
                sort_keys=True).encode("utf-8"), durable=False)
        return self.digests


def project_file(item: tuple[str, str, str, str | None]) -> tuple[str, str]:
    """One file of ``tei/`` mirrored (in any process): the digests of its bytes and of its
    projection. ``known``: the digests kept for it, reused when its bytes are unchanged."""
    tei, folder, name, known = item
    source = Path(tei) / name
    data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if known is not None and known.split("\x00")[0] == digest:
        kept, projected_digest = known.split("\x00")
        return kept, projected_digest
    projected = (project(data, source)
                 if name.split("/", 1)[0] in PROJECTED and "/" in name else data)
    atomic_write(Path(folder) / name, projected, durable=False)
    return digest, hashlib.sha256(projected).hexdigest()
