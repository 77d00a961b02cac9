"""Rules of the print edition, pinned on invented letters (the print HTML, before layout)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from edition.writers.pdf import fill, page_ranges
from edition.writers.pdf_html import write_parts

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{id}">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>{title}</title></titleStmt>
      <publicationStmt><p>Invented for a test.</p></publicationStmt>
      <sourceDesc><bibl>
        <title level="m">Foreign Relations of the United States, Invented Volume</title>
        <biblScope unit="page" from="{page}" to="{page}">{page}</biblScope></bibl></sourceDesc>
    </fileDesc>
    <encodingDesc><listPrefixDef>
      <prefixDef ident="psn" matchPattern="([A-Za-z0-9_.-]+)"
        replacementPattern="../registers/persons.xml#$1"/>
      <prefixDef ident="plc" matchPattern="([A-Za-z0-9_.-]+)"
        replacementPattern="../registers/places.xml#$1"/>
      <prefixDef ident="ed" matchPattern="([A-Za-z0-9_.-]+)"
        replacementPattern="../edition.xml#$1"/>
    </listPrefixDef></encodingDesc>
    <profileDesc>{profile}</profileDesc>
  </teiHeader>
  <text><body><div type="letter">{body}</div></body></text>
</TEI>
"""

SENT = """<correspDesc{attrs}>
  <correspAction type="sent"><persName ref="psn:{sender}">X</persName>
  {place}{date}</correspAction>
  <correspAction type="received"><persName ref="psn:{addressee}">Y</persName></correspAction>
  </correspDesc>"""

LETTERS = {
    "inv-late": dict(
        title="Late", page="12",
        profile=SENT.format(attrs="", sender="stalin", addressee="roosevelt-franklin",
                            place='<placeName ref="plc:moscow">Moscow</placeName>',
                            date='<date when="1950-03-02"/>'),
        body="""<head>A heading<note n="*" place="foot"><gap reason="not-transcribed"/></note>
          </head>
          <p>He said "We agree," and it's <persName ref="psn:stalin">Marshal Stalin</persName>'s
          view that teh <choice><sic>wqr</sic><corr resp="ed:conv">war</corr></choice> ends.<note
          n="52" place="foot">A note of the source.</note> More<note n="53" place="foot"
          resp="ed:ed">A note of the edition.</note> and<ptr type="noteref" n="4"
          target="../notes/sov2-notes.xml#sov2-n4"/> on <pb n="13"/>the next page.</p>"""),
    "inv-carrier": dict(
        title="Carrier", page="7",
        profile=SENT.format(attrs="", sender="standley", addressee="molotov", place="", date="")
        + SENT.format(attrs=' xml:id="inv-carrier-m"', sender="roosevelt-franklin",
                      addressee="stalin", place="", date='<date when="1950-01-01"/>'),
        body="""<p>I deliver this message<ptr type="noteref" n="4"
          target="../notes/sov2-notes.xml#sov2-n4"/>:</p>
          <floatingText decls="#inv-carrier-m"><body><p>'Greetings.'</p></body></floatingText>"""),
    "inv-early": dict(
        title="Early", page="3",
        profile=SENT.format(attrs="", sender="roosevelt-franklin", addressee="stalin", place="",
                            date='<date when="1949-12-31"/>'),
        body="<p>The first.<note n=\"9\" place=\"foot\">Only note.</note></p>"),
}


def edition(root: Path, letters: dict[str, dict[str, str]]) -> Path:
    """An edition of ``letters`` (the real registers, shared notes and stylesheets) in ``root``."""
    from .conftest import ROOT

    for folder in ("tei", "xslt"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.rmtree(root / "tei" / "letters")
    shutil.rmtree(root / "tei" / "essays")
    (root / "tei" / "letters").mkdir()
    for xml_id, parts in letters.items():
        (root / "tei" / "letters" / f"{xml_id}.xml").write_text(HEADER.format(id=xml_id, **parts))
    return root


@pytest.fixture(scope="module")
def invented(tmp_path_factory) -> Path:
    """An edition of three invented letters (the real registers and stylesheets)."""
    return edition(tmp_path_factory.mktemp("edition"), LETTERS)


@pytest.fixture(scope="module")
def printed(invented):
    """The print HTML of the three invented letters, by part name, parsed."""
    return print_parts(invented, invented / "print", {})


def print_parts(root: Path, cache: Path, parameters: dict[str, str]) -> dict:
    """Run book.xsl on the edition in ``root``: its parts by name, parsed, in book order."""
    folder = cache.parent / f"{cache.name}-parts"
    folder.mkdir(parents=True, exist_ok=True)
    return {stem.split("-", 1)[1]: lxml_html.parse(str(path)).getroot()
            for stem, path in write_parts(root / "xslt", root / "tei", cache, 2, parameters,
                                          folder)}


def text(element) -> str:
    return " ".join(element.text_content().split())


def test_documents_numbered_in_date_order_a_carrier_dated_by_its_message(printed):
    documents = printed["documents-000000"].xpath("//article[@class='document']")
    assert [d.get("id") for d in documents] == ["inv-early", "inv-carrier", "inv-late"]
    heads = [[text(line) for line in d.xpath(".//header/*")] for d in documents]
    assert heads[0] == ["1 Roosevelt to Stalin", "31 December 1949", "FRUS, Invented Volume, p. 3"]
    assert heads[1][:2] == ["2 Standley to Molotov", "undated (after 1 January 1950)"]
    assert heads[2][:2] == ["3 Stalin to Roosevelt", "Moscow, 2 March 1950"]
    assert documents[1].xpath("string(.//p[@class='nested-head'])") == \
        "Roosevelt to Stalin, 1 January 1950"


def test_notes_numbered_per_document_source_and_edition_told_apart(printed):
    late = printed["documents-000000"].xpath("//article[@id='inv-late']")[0]
    notes = late.xpath(".//span[contains(@class, 'footnote')]")
    # the correction, the source's note, the edition's note, and the volume's note 4 whose
    # text the editors supplied (an edition's note too)
    assert [(n.get("class"), n.get("data-label")) for n in notes] == [
        ("footnote editorial", "a"), ("footnote source", "1"), ("footnote editorial", "b"),
        ("footnote editorial", "c")]
    assert text(notes[0]) == "war] source: wqr"  # the correction, visible
    assert text(notes[1]) == "[52] A note of the source."
    early = printed["documents-000000"].xpath("//article[@id='inv-early']")[0]
    assert [n.get("data-label") for n in early.xpath(".//span[contains(@class, 'footnote')]")] \
        == ["1"]  # numbering restarts; the source's own number 9 is kept in brackets
    assert "[9]" in text(early)


def test_notes_without_text_marked_in_place_and_listed_once(printed):
    late = printed["documents-000000"].xpath("//article[@id='inv-late']")[0]
    # note 4 of the volume has the editors' text now (an edition's note); note * has none
    assert [text(m) for m in late.xpath(".//sup[@class='gap-marker']")] == ["⟨*⟩"]
    back = printed["back-1-notes-000000"]
    listed = [text(li) for li in back.xpath("//section[@id='notes-not-transcribed']//li")]
    assert len(listed) == 1
    assert listed[0].endswith("note * (on the heading); cited in No. 3.")


def test_curly_quotes_in_print_page_breaks_and_names_keyed(printed):
    late = printed["documents-000000"].xpath("//article[@id='inv-late']")[0]
    body = text(late)
    assert "He said “We agree,” and it’s Marshal Stalin’s view" in body
    carrier = printed["documents-000000"].xpath("//article[@id='inv-carrier']")[0]
    assert "‘Greetings.’" in text(carrier)
    assert late.xpath("string(.//span[@class='pb'])") == "|\u200913"
    name = late.xpath(".//span[contains(@class, 'name')][@data-ix]")[0]
    assert name.get("data-ix") == "persons#stalin" and name.get("id").startswith("inv-late-x")


def test_contents_and_index_are_filled_with_page_numbers(printed):
    front = lxml_html.tostring(printed["front-1-contents-000000"], encoding="unicode")
    filled = lxml_html.fromstring(fill(front, {"inv-early": 9, "index": 40}, {}).encode())
    refs = {r.get("data-ref"): r.text or "" for r in filled.xpath("//span[@class='pageref']")}
    assert refs["inv-early"] == "9" and refs["index"] == "40" and refs["inv-late"] == ""
    index = lxml_html.tostring(printed["index"], encoding="unicode")
    filled = lxml_html.fromstring(fill(index, {}, {"persons#stalin": [3, 4, 5, 9]}).encode())
    entries = [text(li) for li in filled.xpath("//li[@data-ix-entry]")]
    # names printed nowhere are dropped from the index
    assert entries == ["Stalin, Joseph Vissarionovich (1878–1953) 3–5, 9"]


def test_long_lists_continue_in_parts_of_their_own(invented, printed, tmp_path):
    """The contents and the list of documents, cut every two entries, say the same in order."""
    sliced = print_parts(invented, tmp_path, {"entries-per-part": "2"})
    whole = printed["front-1-contents-000000"].xpath("//nav[@class='contents']//li")
    contents = [name for name in sliced if name.startswith("front-1-contents-")]
    assert len(contents) == (len(whole) + 1) // 2 >= 4
    entries = []
    for number, name in enumerate(contents):
        nav = sliced[name].xpath("//nav[@class='contents']")[0]
        continued = sliced[name].xpath("//body/@class") == ["continued"]
        if number == 0:  # the contents themselves: heading, outline entry, target of links
            assert nav.get("id") == "contents" and nav.get("data-outline") == "Contents"
            assert nav.xpath("h2/text()") == ["Contents"] and continued
        else:  # a continuation: no heading, no id, the same running head
            assert nav.get("id") is None and nav.get("data-outline") is None
            assert not nav.xpath("h2") and nav.get("data-running") == "Contents" and continued
        entries += [text(li) for li in nav.xpath("ol/li")]
    assert entries == [text(li) for li in whole]
    lists = [sliced[n] for n in sliced if n.startswith("front-3-list-")]
    assert len(lists) == 2  # three documents
    for part in lists:  # every slice has the table's head
        assert [text(th) for th in part.xpath("//table/thead//th")][:2] == ["No.", "Date"]
    assert [text(td) for part in lists for td in part.xpath("//tbody/tr/td[1]")] == ["1", "2", "3"]
    assert sliced["front-0-title"].xpath("//body/@class") == []  # the book's first page
    assert set(printed) - {n for n in printed if n.endswith("-000000")} <= set(sliced)


def test_page_ranges():
    assert page_ranges([12, 3, 5, 6, 7, 7]) == "3, 5–7, 12"
    assert page_ranges([1]) == "1"
