"""The print edition's parts: their layout records, and the streaming join of their PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from edition.writers import pdf_join
from edition.writers.pdf_join import OutlineEntry, join
from edition.writers.pdf_parts import records

PART = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/>
<style>@page {{ size: A6; margin: 10mm }} section {{ break-before: page }}</style></head>
<body>{body}</body></html>"""


def render(html: str, target: Path) -> Path:
    from weasyprint import HTML

    HTML(string=html).write_pdf(target)
    return target


@pytest.fixture(scope="module")
def parts(tmp_path_factory) -> list[Path]:
    """Two parts whose element ids interleave in name order: (a, c, e) and (b, d, f)."""
    folder = tmp_path_factory.mktemp("parts")
    made = []
    for number, ids in enumerate((("alpha", "charlie", "echo"), ("bravo", "delta", "foxtrot"))):
        body = "".join(f'<section id="{i}"><h1>{i.title()}</h1><p>Text of {i}.</p></section>'
                       for i in ids)
        made.append(render(PART.format(body=body), folder / f"part{number}.pdf"))
    return made


def test_join_keeps_pages_destinations_outline_and_information(parts, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_join, "LEAF_SIZE", 2)  # several leaves in the destinations' tree
    target = tmp_path / "book.pdf"
    outline = [OutlineEntry("Alpha", 0),
               OutlineEntry("Later", 3, [OutlineEntry("Bravo", 3), OutlineEntry("Foxtrot", 5)]),
               OutlineEntry("Nowhere", 99)]  # a page the book does not have: left out
    pages = join(parts, target, outline, {"/Title": "A Book", "/Author": ""}, "de")
    reader = PdfReader(str(target))
    assert pages == len(reader.pages) == 6
    assert [reader.pages[n].extract_text().split()[0] for n in range(6)] == [
        "Alpha", "Charlie", "Echo", "Bravo", "Delta", "Foxtrot"]
    dests = {name: reader.get_destination_page_number(dest)
             for name, dest in reader.named_destinations.items()}
    assert dests == {"alpha": 0, "charlie": 1, "echo": 2, "bravo": 3, "delta": 4, "foxtrot": 5}
    tree = reader.trailer["/Root"]["/Names"]["/Dests"]
    limits = [[str(k) for k in kid.get_object()["/Limits"]] for kid in tree["/Kids"]]
    assert limits == [["alpha", "bravo"], ["charlie", "delta"], ["echo", "foxtrot"]]
    titles = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline
              if not isinstance(item, list)]
    assert titles == [("Alpha", 0), ("Later", 3)]
    children = [(i.title, reader.get_destination_page_number(i)) for i in reader.outline[2]]
    assert children == [("Bravo", 3), ("Foxtrot", 5)]
    assert reader.metadata.title == "A Book" and reader.metadata.author is None
    assert reader.trailer["/Root"]["/Lang"] == "de"
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob("dests-*"))


def test_a_part_without_destinations_joins(tmp_path):
    plain = render(PART.format(body="<p>No ids here.</p>"), tmp_path / "plain.pdf")
    target = tmp_path / "book.pdf"
    assert join([plain, plain], target, [], {}, "en") == 2
    reader = PdfReader(str(target))
    assert "/Names" not in reader.trailer["/Root"] and not reader.outline
    assert "No ids here." in reader.pages[1].extract_text()


def test_layout_record_keeps_landmarks_outline_and_index_pages_only():
    html = """<html><body>
      <nav id="contents" data-outline="Contents" data-level="1">
        <span class="pageref" data-ref="d1">0000</span></nav>
      <article id="d1" data-outline="1. Stalin to Roosevelt" data-level="2">
        <span id="d1-x1" data-ix="persons#stalin">Stalin</span>
        <span id="d1-x2" data-ix="places#moscow">Moscow</span>
        <span id="d1-x3" data-ix="persons#stalin">Stalin</span></article>
      <p id="plain">not a landmark</p>
    </body></html>"""
    page_of = {"contents": 0, "d1": 1, "d1-x1": 1, "d1-x2": 2, "d1-x3": 3, "plain": 3}
    record = records(html, 4, page_of)
    assert record["pages"] == 4
    assert record["anchors"] == {"contents": 0, "d1": 1}
    assert record["outline"] == [["contents", "Contents", "1"],
                                 ["d1", "1. Stalin to Roosevelt", "2"]]
    assert record["index"] == {"persons#stalin": [1, 3], "places#moscow": [2]}
    assert record["placeholders"] is True
    assert records("<html><body><p id='x'>x</p></body></html>", 1, {"x": 0}) == {
        "pages": 1, "anchors": {}, "outline": [], "index": {}, "placeholders": False}
