"""Joining the printed parts into one PDF with its outline and document information."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import NameObject, TextStringObject


@dataclass
class OutlineEntry:
    """A bookmark: a clean title, the page (from 0) it opens, and entries below it."""

    title: str
    page: int
    children: list[OutlineEntry] = field(default_factory=list)


def join(parts: list[Path], target: Path, outline: list[OutlineEntry],
         metadata: dict[str, str], language: str) -> int:
    """Write the parts one after the other into ``target``; return the number of pages."""
    writer = PdfWriter()
    for part in parts:
        writer.append(str(part), import_outline=False)
    for entry in outline:
        _add(writer, entry, None)
    writer.add_metadata({key: value for key, value in metadata.items() if value})
    writer._root_object[NameObject("/Lang")] = TextStringObject(language)
    writer.page_mode = "/UseOutlines"
    temporary = target.with_suffix(".tmp")
    with temporary.open("wb") as stream:
        writer.write(stream)
    temporary.replace(target)
    return len(writer.pages)


def _add(writer: PdfWriter, entry: OutlineEntry, parent) -> None:
    if not 0 <= entry.page < len(writer.pages):
        return
    item = writer.add_outline_item(title=entry.title, page_number=entry.page, parent=parent)
    for child in entry.children:
        _add(writer, child, item)
