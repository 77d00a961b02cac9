"""The print HTML as a map and a reduce (pdf_html.py): same book in parts, redone by content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from edition.writers import pdf_html
from edition.writers.pdf_html import write_parts

from .test_print_rules import LETTERS, SENT, edition


def parts(root: Path, cache: Path) -> dict[str, lxml_html.HtmlElement]:
    folder = cache.parent / f"{cache.name}-parts"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return {stem: lxml_html.parse(str(path)).getroot()
            for stem, path in write_parts(root / "xslt", root / "tei", cache, 2, {}, folder)}


def kept(cache: Path) -> dict[str, set[str]]:
    """The names of the kept summaries and parts, and of the kept book, by step."""
    return {step: {p.name for p in (cache / step).iterdir()}
            for step in ("summaries", "documents", "book")}


def text(element) -> str:
    return " ".join(element.text_content().split())


@pytest.fixture
def small_parts(monkeypatch):
    """One document per part, so that a part of the book is a document."""
    monkeypatch.setattr(pdf_html, "BATCH_SIZE", 1)


def test_documents_in_parts_are_numbered_on_and_printed_as_in_one_part(tmp_path, monkeypatch):
    root = edition(tmp_path / "edition", LETTERS)
    whole = parts(root, tmp_path / "one")
    monkeypatch.setattr(pdf_html, "BATCH_SIZE", 1)
    apart = parts(root, tmp_path / "three")
    assert [name for name in apart if "documents" in name] == [
        "002-documents-000000", "002-documents-000001", "002-documents-000002"]
    articles = [a for name in apart if "documents" in name
                for a in apart[name].xpath("//article")]
    assert [a.xpath("string(.//span[@class='doc-no'])") for a in articles] == ["1", "2", "3"]
    assert [lxml_html.tostring(a) for a in articles] == [
        lxml_html.tostring(a) for a in whole["002-documents-000000"].xpath("//article")]
    others = set(whole) - {"002-documents-000000"}
    assert all(lxml_html.tostring(whole[n]) == lxml_html.tostring(apart[n]) for n in others)


def test_a_text_edit_writes_one_summary_and_one_part_again(tmp_path, small_parts):
    root = edition(tmp_path / "edition", LETTERS)
    cache = tmp_path / "cache"
    parts(root, cache)
    before = kept(cache)
    assert len(before["summaries"]) == 3 and len(before["documents"]) == 3
    letter = root / "tei" / "letters" / "inv-early.xml"
    letter.write_text(letter.read_text().replace("The first.", "The first, edited."))
    after_edit = parts(root, cache)
    after = kept(cache)
    assert len(after["summaries"] - before["summaries"]) == 1
    assert len(after["documents"] - before["documents"]) == 1
    assert after["book"] == before["book"]  # its summary is the same: the book is kept
    assert "The first, edited." in text(after_edit["002-documents-000000"])
    assert len(after["summaries"]) == 3 and len(after["documents"]) == 3  # the old ones forgotten


def test_a_date_edit_renumbers_the_documents_and_rewrites_the_contents(tmp_path, small_parts):
    root = edition(tmp_path / "edition", LETTERS)
    cache = tmp_path / "cache"
    parts(root, cache)
    before = kept(cache)
    letter = root / "tei" / "letters" / "inv-early.xml"
    letter.write_text(letter.read_text().replace('when="1949-12-31"', 'when="1951-01-01"'))
    book = parts(root, cache)
    after = kept(cache)
    assert len(after["summaries"] - before["summaries"]) == 1
    assert after["book"] != before["book"]
    assert len(after["documents"] - before["documents"]) == 3  # every document moved
    contents = book["000-front-1-contents-000000"].xpath("//li[@class='document']/a/@href")
    assert contents == ["#inv-carrier", "#inv-late", "#inv-early"]
    assert book["002-documents-000002"].xpath("//article/@id") == ["inv-early"]


GAP = '<note n="*" place="foot"><gap reason="not-transcribed"/></note>'


def shared_note(number: int) -> str:
    """A pointer to a note of the Soviet volume whose text the transcription lacks."""
    return f'<ptr type="noteref" n="{number}" target="../notes/sov2-notes.xml#sov2-n{number}"/>'


def test_notes_not_transcribed_follow_the_first_document_citing_them_then_its_text(tmp_path):
    """Named so that the order of the files is not the order of the book."""
    letter = dict(title="T", page="1", profile=SENT.format(
        attrs="", sender="stalin", addressee="roosevelt-franklin", place="", date="{date}"))
    letters = {
        "inv-a": {**letter, "profile": letter["profile"].format(date='<date when="1950-01-02"/>'),
                  "body": f"<p>Later{shared_note(6)} and{shared_note(5)}.</p>"},
        "inv-z": {**letter, "profile": letter["profile"].format(date='<date when="1950-01-01"/>'),
                  "body": f"<head>First{GAP}</head><p>Then{shared_note(5)}.</p>"},
    }
    book = parts(edition(tmp_path / "edition", letters), tmp_path / "cache")
    listed = [text(li) for li in book["003-back-1-notes-000000"].xpath("//li")]
    assert [entry.split(";")[1] for entry in listed] == [
        " cited in No. 1.", " cited in No. 1, No. 2.", " cited in No. 2."]
    assert listed[0].startswith("⟨*⟩") and "(on the heading)" in listed[0]
    assert listed[1].startswith("⟨5⟩") and listed[2].startswith("⟨6⟩")
