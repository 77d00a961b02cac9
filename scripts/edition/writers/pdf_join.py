"""Joining the printed parts into one PDF with its outline and document information.

The joined file is written as it is read, one part at a time: each part's pages
and everything they use (fonts, images, annotations) are copied to the target
with new object numbers, and the part is forgotten. What stays in memory is the
offset of each written object and the number of each page, so memory does not
grow with the size of the parts. The named destinations of the parts (an
element id each) are spooled to disk, sorted per part, and merged into one name
tree at the end.
"""

from __future__ import annotations

import heapq
import io
import tempfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
    create_string_object,
)

#: Names per leaf of the destination name tree.
LEAF_SIZE = 256
CATALOG, PAGES = 1, 2  # object numbers fixed before anything is written


@dataclass
class OutlineEntry:
    """A bookmark: a clean title, the page (from 0) it opens, and entries below it."""

    title: str
    page: int
    children: list[OutlineEntry] = field(default_factory=list)


def join(parts: list[Path], target: Path, outline: list[OutlineEntry],
         metadata: dict[str, str], language: str) -> int:
    """Write the parts one after the other into ``target``; return the number of pages."""
    temporary = target.with_suffix(".tmp")
    with temporary.open("wb") as stream, tempfile.TemporaryDirectory(
            prefix="dests-", dir=target.parent) as spool:
        writer = StreamingWriter(stream)
        runs = [writer.append(part, Path(spool) / f"{number}.dests")
                for number, part in enumerate(parts)]
        writer.finish(outline, metadata, language, runs)
    temporary.replace(target)
    return len(writer.pages)


class StreamingWriter:
    """A PDF written object by object: parts appended, then the catalog and the trailer."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.offsets = array("Q", [0, 0, 0])  # object 0 is free; 1 and 2 are written last
        self.pages = array("Q")
        stream.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def reserve(self) -> int:
        self.offsets.append(0)
        return len(self.offsets) - 1

    def write_object(self, number: int, obj: PdfObject) -> None:
        self.offsets[number] = self.stream.tell()
        self.stream.write(f"{number} 0 obj\n".encode())
        obj.write_to_stream(self.stream)
        self.stream.write(b"\nendobj\n")

    def append(self, part: Path, spool: Path) -> Path:
        """Copy the pages of ``part`` and what they use; spool its named destinations."""
        reader = PdfReader(str(part))
        numbers: dict[int, int] = {}  # the part's object number -> the target's
        pending: list[IndirectObject] = []

        def renumber(obj: PdfObject) -> PdfObject:
            if isinstance(obj, IndirectObject):
                if obj.idnum not in numbers:
                    numbers[obj.idnum] = self.reserve()
                    pending.append(obj)
                return _ref(numbers[obj.idnum])
            if isinstance(obj, StreamObject):
                copy = type(obj)()
                copy._data = obj._data
                copy.update({key: renumber(value) for key, value in obj.items()})
                return copy
            if isinstance(obj, DictionaryObject):
                return DictionaryObject({key: renumber(value) for key, value in obj.items()})
            if isinstance(obj, ArrayObject):
                return ArrayObject(renumber(item) for item in obj)
            return obj

        for page in reader.pages:  # pypdf gives each page its inherited attributes
            number = self.reserve()
            numbers[page.indirect_reference.idnum] = number
            self.pages.append(number)
        for page in reader.pages:
            copy = renumber(DictionaryObject(
                {key: value for key, value in page.items() if key != "/Parent"}))
            copy[NameObject("/Parent")] = _ref(PAGES)
            self.write_object(numbers[page.indirect_reference.idnum], copy)
            self._write_pending(reader, pending, numbers, renumber)
        entries = []
        names = reader.trailer["/Root"].get("/Names")  # either may be an indirect object
        dests = names.get_object().get("/Dests") if names is not None else None
        for name, value in _name_tree(dests):
            copied = renumber(value)
            self._write_pending(reader, pending, numbers, renumber)
            entries.append((_key(name), _serialise(copied)))
        entries.sort()
        with spool.open("w", encoding="ascii") as out:
            out.writelines(f"{key}\t{value}\n" for key, value in entries)
        return spool

    def _write_pending(self, reader, pending, numbers, renumber) -> None:
        while pending:
            reference = pending.pop()
            self.write_object(numbers[reference.idnum], renumber(reader.get_object(reference)))

    def finish(self, outline: list[OutlineEntry], metadata: dict[str, str], language: str,
               runs: list[Path]) -> None:
        kids = ArrayObject(_ref(n) for n in self.pages)
        self.write_object(PAGES, DictionaryObject({
            NameObject("/Type"): NameObject("/Pages"), NameObject("/Kids"): kids,
            NameObject("/Count"): NumberObject(len(self.pages))}))
        catalog = DictionaryObject({
            NameObject("/Type"): NameObject("/Catalog"),
            NameObject("/Pages"): _ref(PAGES),
            NameObject("/Lang"): TextStringObject(language),
            NameObject("/PageMode"): NameObject("/UseOutlines"),
        })
        dests = self._name_tree(runs)
        if dests:
            catalog[NameObject("/Names")] = DictionaryObject({NameObject("/Dests"): dests})
        outlines = self._outline(outline)
        if outlines:
            catalog[NameObject("/Outlines")] = outlines
        self.write_object(CATALOG, catalog)
        info = self.reserve()
        self.write_object(info, DictionaryObject({
            NameObject(key): TextStringObject(value) for key, value in metadata.items() if value}))
        start = self.stream.tell()
        self.stream.write(f"xref\n0 {len(self.offsets)}\n0000000000 65535 f \n".encode())
        for offset in self.offsets[1:]:
            self.stream.write(f"{offset:010d} 00000 n \n".encode())
        self.stream.write(f"trailer\n<< /Size {len(self.offsets)} /Root {CATALOG} 0 R "
                          f"/Info {info} 0 R >>\nstartxref\n{start}\n%%EOF\n".encode())

    def _name_tree(self, runs: list[Path]) -> IndirectObject | None:
        """One name tree of every part's destinations, merged from the sorted spools."""
        leaves: list[tuple[int, str, str]] = []
        files = [run.open(encoding="ascii") for run in runs]
        try:
            names: list[PdfObject] = []
            first = last = ""
            for line in heapq.merge(*files):
                key, value = line.rstrip("\n").split("\t")
                if not names:
                    first = key
                last = key
                names += [_unkey(key), _RawObject(bytes.fromhex(value))]
                if len(names) == 2 * LEAF_SIZE:
                    leaves.append(self._leaf(names, first, last))
                    names = []
            if names:
                leaves.append(self._leaf(names, first, last))
        finally:
            for file in files:
                file.close()
        if not leaves:
            return None
        root = self.reserve()
        self.write_object(root, DictionaryObject({NameObject("/Kids"): ArrayObject(
            _ref(n) for n, _, _ in leaves)}))
        return _ref(root)

    def _leaf(self, names: list[PdfObject], first: str, last: str) -> tuple[int, str, str]:
        number = self.reserve()
        self.write_object(number, DictionaryObject({
            NameObject("/Names"): ArrayObject(names),
            NameObject("/Limits"): ArrayObject([_unkey(first), _unkey(last)])}))
        return number, first, last

    def _outline(self, outline: list[OutlineEntry]) -> IndirectObject | None:
        entries = [e for e in outline if 0 <= e.page < len(self.pages)]
        if not entries:
            return None
        root = self.reserve()
        count, first, last = self._items(entries, root)
        self.write_object(root, DictionaryObject({
            NameObject("/Type"): NameObject("/Outlines"),
            NameObject("/First"): _ref(first), NameObject("/Last"): _ref(last),
            NameObject("/Count"): NumberObject(count)}))
        return _ref(root)

    def _items(self, entries: list[OutlineEntry], parent: int) -> tuple[int, int, int]:
        """Write the (open) outline items below ``parent``: how many are visible, first, last."""
        numbers = [self.reserve() for _ in entries]
        visible = len(entries)
        for position, (entry, number) in enumerate(zip(entries, numbers, strict=True)):
            item = DictionaryObject({
                NameObject("/Title"): TextStringObject(entry.title),
                NameObject("/Parent"): _ref(parent),
                NameObject("/Dest"): ArrayObject([_ref(self.pages[entry.page]),
                                                   NameObject("/Fit")]),
            })
            if position:
                item[NameObject("/Prev")] = _ref(numbers[position - 1])
            if position + 1 < len(numbers):
                item[NameObject("/Next")] = _ref(numbers[position + 1])
            children = [c for c in entry.children if 0 <= c.page < len(self.pages)]
            if children:
                below, first, last = self._items(children, number)
                item[NameObject("/First")] = _ref(first)
                item[NameObject("/Last")] = _ref(last)
                item[NameObject("/Count")] = NumberObject(below)
                visible += below
            self.write_object(number, item)
        return visible, numbers[0], numbers[-1]


class _RawObject(PdfObject):
    """An object already serialised (a destination read back from the spool)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def write_to_stream(self, stream, encryption_key=None) -> None:  # noqa: ARG002
        stream.write(self.data)


def _ref(number: int) -> IndirectObject:
    return IndirectObject(number, 0, None)  # type: ignore[arg-type]


def _key(name: str) -> str:
    """A destination name as the hex of its bytes in the PDF, which is the tree's order."""
    return TextStringObject(name).get_encoded_bytes().hex()


def _unkey(key: str) -> TextStringObject:
    return TextStringObject(_decode(bytes.fromhex(key)))


def _decode(data: bytes) -> str:
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be")
    return str(create_string_object(data))


def _serialise(obj: PdfObject) -> str:
    buffer = io.BytesIO()
    obj.write_to_stream(buffer)
    return buffer.getvalue().hex()


def _name_tree(node) -> Iterator[tuple[str, PdfObject]]:
    """The (name, value) pairs of a name tree, in its order."""
    if node is None:
        return
    node = node.get_object()
    names = node.get("/Names")
    if names is not None:
        names = names.get_object()
        for position in range(0, len(names) - 1, 2):
            yield str(names[position]), names[position + 1]
    for kid in node.get("/Kids", []):
        yield from _name_tree(kid)

