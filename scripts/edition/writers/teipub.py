"""The edition's TEI, published beside the site: every file, and the whole edition as one zip.

Files are published byte for byte under ``html/tei/`` with the same relative
paths as under ``tei/``, so their ``prefixDef`` pointers (``../registers/...``)
still resolve and each file keeps its ``xml:id``-based address from one build
to the next. The schema files the ``xml-model`` instructions point at are
published too (``html/schema/``), so an editor who downloads a file can still
validate it. The zip is deterministic: the same input gives the same bytes,
so a mirror never re-fetches an unchanged edition, and the build keeps it
(``output/.cache/teipub/``) until an entry changes.
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

from ..files import files_below
from . import WriterContext

ZIP_NAME = "edition-tei.zip"
SCHEMA_FILES = ("edition.xsd", "edition.sch")
# A fixed timestamp for every zip entry (the zip format starts in 1980).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def tei_files(tei_dir: Path) -> list[Path]:
    """The TEI files that are published: every ``*.xml`` below ``tei/``, hidden ones excluded.

    Hidden files (and files in hidden folders) are skipped, as ``validate`` skips them,
    so nothing is published that was not validated.
    """
    return [tei_dir / name for name in files_below(tei_dir, ".xml")]


def write_zip(target: Path, entries: list[tuple[str, Path]]) -> None:
    """A zip whose bytes depend only on the names and contents of ``entries``."""
    with zipfile.ZipFile(target, "w") as archive:
        for name, source in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever the building machine
            archive.writestr(info, source.read_bytes(), compresslevel=9)


def write(context: WriterContext, staging: Path) -> dict[str, object]:
    project = context.project
    site = staging / "html"
    published = site / "tei"
    entries: list[tuple[str, Path]] = []
    for source in tei_files(project.tei):
        relative = source.relative_to(project.tei)
        target = published / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        entries.append((f"tei/{relative.as_posix()}", source))
    schema_dir = project.root / "schema"
    for name in SCHEMA_FILES:
        if (schema_dir / name).is_file():
            (site / "schema").mkdir(parents=True, exist_ok=True)
            (site / "schema" / name).write_bytes((schema_dir / name).read_bytes())
            entries.append((f"schema/{name}", schema_dir / name))
    published.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for name, source in sorted(entries):
        digest.update(name.encode() + b"\x00" + hashlib.sha256(source.read_bytes()).digest())
    cache = staging.parent / ".cache" / "teipub"
    kept = cache / f"{digest.hexdigest()}.zip"
    if not kept.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(cache)  # the zip of an older edition
        cache.mkdir(parents=True)
        write_zip(cache / "new.zip", entries)
        (cache / "new.zip").rename(kept)
    shutil.copyfile(kept, published / ZIP_NAME)
    return {"files": len(entries)}
