"""The essay reader: an essay extracted from a paginated layout, its notes and bibliography."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import main
from edition.convert import load_source
from edition.model import Document, ReaderError, Source
from edition.readers import READERS, detect_format
from edition.readers.essay import read
from edition.tei import TEI_NS, E, clean_text, tei, xpath

from .conftest import ROOT

ESSAY = ROOT / "sources" / "essay-wesser-2021.txt"

TITLE = "Joseph Stalin and the Soviet-U.S. Partnership, 1917-1947"
HEADS = [
    'U.S.-Soviet relations 1917-1939: "an issue of paramount national importance"',
    "Stalin seeks allies",
    "The U.S.-Soviet partnership restored",
    "The wartime alliance",
    "The death of FDR and confrontation from the West",
    "The logic of the Cold War sets in",
    "The Russian-U.S. partnership vs. geopolitics",
]
BOOKS = ["butler-2006", "butler-2015", "craig-2009", "gray-1979", "ostermann-1999", "ree-2002",
         "riasanovsky-2011", "siegel-1996", "resis-1993", "roberts-2006", "roosevelt-1946",
         "ulam-1968"]
ARTICLES = ["fischer-1950", "glantz-2008", "kennan-1947", "mayers-2011", "sanchez-sibony-2014",
            "watson-2002", "wells-1934"]


@pytest.fixture(scope="module")
def document(project) -> Document:
    source = load_source(ESSAY, "essay", project.catalogue)
    [made] = read(source, project.edition_file)
    return made


@pytest.fixture(scope="module")
def root(document) -> etree._Element:
    return document.root


def excerpt(text: str) -> Document:
    """An uncatalogued essay made of ``text``."""
    source = Source(Path("excerpt.txt"), text, "essay", E.bibl(E.title("excerpt")), "ex2020")
    [made] = read(source, ROOT / "tei" / "edition.xml")
    return made


def one(root: etree._Element, expr: str) -> etree._Element:
    found = xpath(root, expr)
    assert len(found) == 1, f"{expr}: {len(found)} matches"
    return found[0]


def note(root: etree._Element, number: int) -> etree._Element:
    return one(root, f"//tei:note[@place='foot'][@n='{number}']")


def text_before(node: etree._Element, length: int = 40) -> str:
    """The running text just before ``node``, without the notes' text."""
    texts = xpath(node, "preceding::text()[not(ancestor::tei:note)]")
    return "".join(texts)[-length:]


def without_notes(element: etree._Element) -> str:
    """Text content of ``element`` with the notes taken out."""
    copy = etree.fromstring(etree.tostring(element))
    for found in list(copy.iter(tei("note"))):
        parent, previous = found.getparent(), found.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + (found.tail or "")
        else:
            parent.text = (parent.text or "") + (found.tail or "")
        parent.remove(found)
    return "".join(copy.itertext())


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def unmark(text: str) -> str:
    """The transcription without its Markdown syntax (italics, escapes, <links>)."""
    text = re.sub(r"<(https?://[^\s<>]+)>", r"\1", text)
    text = re.sub(r"\*([^*]+)\*", r"\1", text)
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


# -- the document --------------------------------------------------------------


def test_one_document_in_the_essays_folder(document):
    assert document.xml_id == "wesser2021"
    assert document.folder == "essays"
    assert document.relpath == "essays/wesser2021.xml"
    assert document.root.get("{http://www.w3.org/XML/1998/namespace}id") == "wesser2021"


def test_the_format_is_registered_and_detected():
    assert READERS["essay"] is read
    assert detect_format(ESSAY.read_text(encoding="utf-8")) == "essay"


def test_only_the_misspelt_name_and_the_uncatalogued_speech_are_reported(document):
    assert len(document.warnings) == 2
    siegal, churchill = document.warnings
    assert siegal.endswith(
        "note 13: 'Siegal' taken for wesser2021-siegel-1996 (spelt differently)")
    assert ":59:" in siegal
    assert "note 68: no bibliography entry for 'Churchill'" in churchill


def test_every_element_is_in_the_tei_namespace(root):
    assert all(e.tag.startswith(f"{{{TEI_NS}}}") for e in root.iter(etree.Element))


def test_the_essay_is_valid_tei_all(root, tei_all):
    valid = tei_all.validate(etree.ElementTree(root))
    assert valid, "\n".join(f"{e.line}: {e.message}" for e in tei_all.error_log)


# -- header and front matter ---------------------------------------------------


def test_header_title_author_and_date(root):
    assert clean_text(one(root, "//tei:titleStmt/tei:title")) == TITLE
    assert clean_text(one(root, "//tei:titleStmt/tei:author")) == "Robert M. Wesser"
    assert one(root, "//tei:sourceDesc/tei:bibl/tei:date").get("when") == "2021-11-30"


def test_front_matter_as_printed(root):
    front = one(root, "//tei:text/tei:front")
    assert [child.tag.split("}")[1] for child in front] == [
        "docTitle", "figure", "docAuthor", "docDate"]
    assert clean_text(one(front, "tei:docTitle/tei:titlePart[@type='main']")) == TITLE
    assert clean_text(one(front, "tei:docAuthor")) == "Robert M. Wesser"
    date = one(front, "tei:docDate")
    assert date.get("when") == "2021-11-30"
    assert date.text == "11-30-2021"


def test_figure_caption_and_credit(root):
    figure = one(root, "//tei:front/tei:figure")
    assert clean_text(one(figure, "tei:head")) == (
        "Joseph Stalin and Franklin Roosevelt at the 1943 Tehran wartime conference.")
    assert clean_text(one(figure, "tei:p")) == "(National Museum of the U.S. Navy)"


def test_uncatalogued_essay_gets_author_and_date_in_its_citation():
    made = excerpt("The Title\n\nJane Doe\n30-11-2021\n\nA paragraph.\n")
    bibl = one(made.root, "//tei:sourceDesc/tei:bibl")
    assert clean_text(one(bibl, "tei:author")) == "Jane Doe"
    # The first number cannot be a month: day-month order.
    assert one(bibl, "tei:date").get("when") == "2021-11-30"
    assert one(made.root, "//tei:docDate").get("when") == "2021-11-30"


# -- sections and paragraphs ---------------------------------------------------


def test_sections_and_their_heads(root):
    divs = xpath(root, "//tei:body/tei:div")
    assert len(divs) == 8
    assert all(div.get("type") == "section" for div in divs)
    assert xpath(divs[0], "tei:head") == []
    assert [clean_text(one(div, "tei:head")) for div in divs[1:]] == HEADS


def test_paragraph_cut_by_a_page_is_one_paragraph(root):
    paragraphs = [p for p in xpath(root, "//tei:body//tei:p")
                  if "Stalin continued to grant friendly interviews" in without_notes(p)]
    assert len(paragraphs) == 1
    text = " ".join(without_notes(paragraphs[0]).split())
    assert ("Stalin continued to grant friendly interviews with American politicians and "
            "journalists (including Elliot Roosevelt himself)") in text
    [pb] = xpath(paragraphs[0], ".//tei:pb")
    assert pb.get("break") is None
    assert text_before(pb).endswith("American politicians ")
    assert pb.tail.startswith("and journalists")


def test_compound_hyphen_at_a_page_end_is_kept(root):
    [paragraph] = [p for p in xpath(root, "//tei:body//tei:p")
                   if "Soviet-French-British pact" in without_notes(p)]
    [pb] = xpath(paragraph, ".//tei:pb")
    assert pb.get("break") == "no"
    assert text_before(pb).endswith("a joint Soviet-French-")
    assert pb.tail.startswith("British pact")


def test_quotation_broken_off_at_a_page_end_continues(root):
    paragraphs = [p for p in xpath(root, "//tei:body//tei:p")
                  if "[Stalin said] if two different systems" in without_notes(p)]
    assert len(paragraphs) == 1
    assert "monopolists or totalitarians ... [Stalin said]" in without_notes(paragraphs[0])


def test_page_breaks_of_the_layout(root):
    breaks = xpath(root, "//tei:pb")
    # One page end per block of footnotes.
    assert len(breaks) == 26
    assert all(pb.get("type") == "layout" and pb.get("n") is None for pb in breaks)
    # A page that begins with a heading: the break opens the section.
    div = one(root, "//tei:div[tei:head='Stalin seeks allies']")
    assert div[0].tag == tei("pb")


def test_soft_hyphen_across_a_page_is_undone():
    made = excerpt(
        "Title\n\nJane Doe\n11-30-2021\n\n"
        "The idea was thoroughly Ameri-\n\n¹ Doe, 3.\n\ncan in spirit.¹\n"
    )
    [paragraph] = xpath(made.root, "//tei:body//tei:p")
    assert without_notes(paragraph) == "The idea was thoroughly American in spirit."
    assert one(paragraph, "tei:pb").get("break") == "no"


def test_hyphenated_line_ends_inside_a_block():
    made = excerpt(
        "Title\n\nJane Doe\n11-30-2021\n\n"
        "An Ameri-\ncan and well-known writer, not so\nwell-\nknown abroad.\n"
    )
    [paragraph] = xpath(made.root, "//tei:body//tei:p")
    assert clean_text(paragraph) == "An American and well-known writer, not so well-known abroad."
    assert xpath(paragraph, ".//tei:pb") == []


def test_nothing_of_the_text_is_lost(root):
    source = ESSAY.read_text(encoding="utf-8")
    chunks = re.split(r"\n\s*\n", source.strip())
    bibliography = chunks.index("BIBLIOGRAPHY")
    text_chunks = [c for c in chunks[3:bibliography] if not c.startswith(tuple("¹²³⁴⁵⁶⁷⁸⁹"))]
    note_chunks = [c for c in chunks[3:bibliography] if c.startswith(tuple("¹²³⁴⁵⁶⁷⁸⁹"))]
    expected = squeeze(unmark(re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", "", " ".join(text_chunks))))
    assert squeeze(without_notes(one(root, "//tei:body"))) == expected
    expected_notes = squeeze(unmark("".join(re.sub(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]+", "", c)
                                            for c in note_chunks)))
    notes = xpath(root, "//tei:note[@place='foot']")
    assert squeeze("".join("".join(n.itertext()) for n in notes)) == expected_notes
    back = unmark(" ".join(chunks[bibliography + 1 :]))
    back = back.replace("BOOKS", "Books").replace("ARTICLES", "Articles")
    assert squeeze("".join(one(root, "//tei:back").itertext())) == squeeze("Bibliography" + back)


def test_escaped_dollar_reads_as_printed(root):
    body = without_notes(one(root, "//tei:body"))
    assert "thirty-year $6 billion low interest loan" in body
    assert "\\" not in "".join(root.itertext())


# -- notes ---------------------------------------------------------------------


def test_all_83_notes_in_order_once_each(root):
    notes = xpath(root, "//tei:note[@place='foot']")
    assert [n.get("n") for n in notes] == [str(i) for i in range(1, 84)]
    assert [n.get("{http://www.w3.org/XML/1998/namespace}id") for n in notes] == [
        f"wesser2021-fn{i}" for i in range(1, 84)]
    assert all(n.getparent().tag in (tei("p"), tei("head")) for n in notes)
    assert xpath(root, "//tei:note[@type='unanchored'] | //tei:ptr | //tei:gap") == []


@pytest.mark.parametrize(("number", "before"), [
    (1, "The Spokesman for Peace and Security.”"),
    (2, "war hatred against the Russians.”"),
    (4, "while FDR was still alive."),
    (10, "old European capitalist countries ...”"),
    (13, "Guaranty Trust, and Equitable Trust."),
    (35, "a lot of the time, they are.\""),
    (76, "can't they cooperate during peacetime.\""),
    (83, "by Britain and the United States.”"),
])
def test_note_stands_at_its_marker(root, number, before):
    assert text_before(note(root, number)).endswith(before)


def test_note_text_with_a_full_reference(root):
    first = note(root, 1)
    assert clean_text(first) == ("Susan Butler, Roosevelt and Stalin: Portrait of a Partnership "
                                 "(New York: Knopf Doubleday, 2015), 466-67.")
    bibl = one(first, "tei:bibl")
    assert bibl.get("corresp") == "#wesser2021-butler-2015"
    assert clean_text(one(bibl, "tei:author/tei:persName/tei:surname")) == "Butler"
    assert clean_text(one(bibl, "tei:title[@level='m']")) == (
        "Roosevelt and Stalin: Portrait of a Partnership")
    cited = one(bibl, "tei:citedRange")
    assert (cited.get("unit"), cited.get("from"), cited.get("to"), cited.text) == (
        "page", "466", "467", "466-67")


def test_short_reference(root):
    bibl = one(note(root, 10), "tei:bibl")
    assert etree.tostring(bibl, encoding="unicode", with_tail=False).split(">", 1)[1] == (
        '<author><persName><surname>Butler</surname></persName></author>, '
        '<title level="m">Roosevelt and Stalin</title>, '
        '<citedRange unit="page" from="267" to="268">267-68</citedRange>.</bibl>')
    assert bibl.get("corresp") == "#wesser2021-butler-2015"


@pytest.mark.parametrize(("number", "target"), [
    (1, "butler-2015"),
    (2, "roosevelt-1946"),
    (3, "roosevelt-1946"),  # "Roosevelt, 251.": the only entry under Roosevelt
    (7, "ree-2002"),  # "Ree, 89-90." → Erik van Ree
    (9, "butler-2015"),
    (11, "siegel-1996"),
    (16, "wells-1934"),
    (24, "resis-1993"),
    (28, "butler-2006"),
    (29, "butler-2006"),
    (33, "glantz-2008"),
    (52, "butler-2006"),  # "Butler, Dear Mr. Stalin": a shortened title
    (67, "craig-2009"),
    (72, "ostermann-1999"),
    (78, "craig-2009"),
    (79, "kennan-1947"),
])
def test_references_link_to_the_bibliography(root, number, target):
    bibl = one(note(root, number), "tei:bibl")
    assert bibl.get("corresp") == f"#wesser2021-{target}"
    assert bibl.get("cert") is None


def test_misspelt_surname_links_with_medium_certainty(root):
    bibl = one(note(root, 13), "tei:bibl")
    assert clean_text(bibl) == "Siegal, 140."
    assert bibl.get("corresp") == "#wesser2021-siegel-1996"
    assert bibl.get("cert") == "medium"


def test_reference_without_entry_stays_unlinked(root):
    bibl = one(note(root, 68), "tei:bibl")
    assert bibl.get("corresp") is None
    assert clean_text(one(bibl, "tei:title[@level='a']")) == "The Sinews of War"
    assert one(bibl, "tei:date").get("when") == "1946-03-05"


def test_every_link_has_its_target(root):
    ids = set(xpath(root, "//tei:bibl/@xml:id"))
    targets = {t[1:] for t in xpath(root, "//tei:note//tei:bibl/@corresp")}
    assert targets <= ids
    assert len(xpath(root, "//tei:note//tei:bibl[@corresp]")) == 82


def test_comment_after_a_reference_stays_in_the_note(root):
    found = note(root, 78)
    assert clean_text(one(found, "tei:bibl")) == "Craig and Logevall, 75-76."
    assert one(found, "tei:bibl").tail.startswith(" In an effort to appear to be honoring FDR")


def test_several_pages_cited(root):
    ranges = xpath(note(root, 32), "tei:bibl/tei:citedRange")
    assert [(r.get("from"), r.get("to")) for r in ranges] == [("30", "30"), ("34", "34")]


def test_marker_without_text_and_text_without_marker_are_kept_and_reported():
    made = excerpt(
        "Title\n\nJane Doe\n11-30-2021\n\n"
        "First claim.¹ Second claim.²\n\n¹ Doe, 3.\n\n³ Roe, 4.\n\nNext page.\n"
    )
    second = one(made.root, "//tei:note[@n='2']")
    assert xpath(second, "tei:gap/@reason") == ["not-transcribed"]
    orphan = one(made.root, "//tei:note[@n='3']")
    assert orphan.get("type") == "unanchored"
    assert clean_text(orphan) == "Roe, 4."
    assert orphan.getnext().tag == tei("pb")
    assert any("note marker 2 has no note text" in w for w in made.warnings)
    assert any(":10: note 3 has no marker in the text" in w for w in made.warnings)


def test_notes_never_share_an_id_however_markers_and_texts_are_arranged():
    """A marker repeated without text, a note printed twice: every note still has its own id."""
    made = excerpt(
        "Title\n\nJane Doe\n11-30-2021\n\n"
        "One.² Two.² Three.¹\n\n¹ Doe, 3.\n\n¹ Doe, 5.\n\nFour.⁴ Five.⁴\n"
    )
    ids = xpath(made.root, "//@xml:id")
    assert len(ids) == len(set(ids))
    assert len(xpath(made.root, "//tei:note[@n='2']")) == 2
    assert len(xpath(made.root, "//tei:note[@n='1']")) == 2


def test_a_paragraph_of_many_thousand_lines_is_joined_scanning_the_text_once():
    """Hyphenated line ends ask whether the word is written with a hyphen elsewhere; the
    essay's hyphenated words are collected once, not searched for at every line end."""
    from edition.readers.essay import layout

    lines = []
    for number in range(6000):
        lines.append(f"Line {number} of a long well-known paragraph of the Ameri-")
        lines.append("can layout, reasonably well-")
        lines.append("known and")
    text = "Title\n\nJane Doe\n11-30-2021\n\n" + "\n".join(lines) + " end.\n"
    layout._compounds.cache_clear()
    made = excerpt(text)
    info = layout._compounds.cache_info()
    assert info.misses == 1 and info.hits >= 12000
    [paragraph] = xpath(made.root, "//tei:body//tei:p")
    joined = clean_text(paragraph)
    assert joined.count("American layout") == 6000 and joined.count("well-known") == 12000


# -- italics, titles and links ----------------------------------------------------


def test_emphasis_and_titles_in_running_text(root):
    running = "//tei:body//tei:*[not(ancestor-or-self::tei:note)]"
    emphasis = xpath(root, f"{running}[self::tei:hi]")
    assert [(h.get("rend"), h.text) for h in emphasis] == [
        ("italic", w) for w in ("any", "are", "without", "after", "several")]
    titles = xpath(root, f"{running}[self::tei:title]")
    assert [t.text for t in titles] == [
        "Izvestia", "Pravda", "The New Statesman", "Izvestiya", "As He Saw It"]
    assert xpath(root, "//tei:note//tei:hi") == []


def test_urls_are_links(root):
    links = xpath(root, "//tei:ref")
    assert len(links) == 6
    assert all(link.get("target") == link.text for link in links)
    assert all(link.text.startswith("https://") and not link.text.endswith(">")
               for link in links)
    assert one(note(root, 16), ".//tei:ref").get("target") == (
        "https://www.newstatesman.com/uncategorized/2014/04/"
        "h-g-wells-it-seems-me-i-am-more-left-you-mr-stalin")
    assert one(note(root, 79), ".//tei:ref").get("target").endswith("publishable_en.pdf")


# -- bibliography --------------------------------------------------------------


def entry(root: etree._Element, ident: str) -> etree._Element:
    return one(root, f"//tei:back//tei:bibl[@xml:id='wesser2021-{ident}']")


def test_bibliography_lists_books_and_articles(root):
    division = one(root, "//tei:back/tei:div[@type='bibliography']")
    assert clean_text(one(division, "tei:head")) == "Bibliography"
    lists = xpath(division, "tei:listBibl")
    assert [clean_text(one(listing, "tei:head")) for listing in lists] == ["Books", "Articles"]
    assert [b.get("{http://www.w3.org/XML/1998/namespace}id")
            for b in xpath(lists[0], "tei:bibl")] == [f"wesser2021-{b}" for b in BOOKS]
    assert [b.get("{http://www.w3.org/XML/1998/namespace}id")
            for b in xpath(lists[1], "tei:bibl")] == [f"wesser2021-{a}" for a in ARTICLES]
    # each entry of the essay's own list points to the work in the edition's bibliography
    assert xpath(lists[0], "tei:bibl[1]/@corresp") == ["bib:butler-2006"]


def test_book_entry(root):
    book = entry(root, "butler-2015")
    assert etree.tostring(book, encoding="unicode", with_tail=False).split(">", 1)[1] == (
        '<author><persName><surname>Butler</surname>, <forename>Susan</forename></persName>'
        '</author>. <title level="m">Roosevelt and Stalin: Portrait of a Partnership</title>. '
        '<pubPlace>New York</pubPlace>: <publisher>Knopf Doubleday</publisher>, '
        '<date when="2015">2015</date>.</bibl>')


def test_edited_book_entry(root):
    book = entry(root, "butler-2006")
    assert xpath(book, "tei:author") == []
    assert clean_text(one(book, "tei:editor/tei:persName/tei:surname")) == "Butler"
    assert clean_text(one(book, "tei:editor/tei:persName/tei:forename")) == "Susan"
    assert clean_text(one(book, "tei:pubPlace")) == "New Haven"
    assert clean_text(one(book, "tei:publisher")) == "Yale University Press"
    assert one(book, "tei:date").get("when") == "2006"


def test_article_entry(root):
    article = entry(root, "fischer-1950")
    assert clean_text(one(article, "tei:title[@level='a']")) == (
        "Genesis of U. S.-Soviet Relations in World War II")
    assert clean_text(one(article, "tei:title[@level='j']")) == "The Review of Politics"
    assert one(article, "tei:biblScope[@unit='volume']").text == "12"
    assert one(article, "tei:biblScope[@unit='issue']").text == "3"
    assert one(article, "tei:date").get("when") == "1950"
    pages = one(article, "tei:biblScope[@unit='page']")
    assert (pages.get("from"), pages.get("to"), pages.text) == ("363", "378", "363–78")


def test_article_with_volume_and_issue_in_other_orders(root):
    kennan = entry(root, "kennan-1947")
    assert one(kennan, "tei:biblScope[@unit='volume']").text == "25"
    assert one(kennan, "tei:biblScope[@unit='issue']").text == "4"
    assert one(kennan, "tei:ref").get("target").endswith("publishable_en.pdf")
    watson = entry(root, "watson-2002")
    assert one(watson, "tei:biblScope[@unit='volume']").text == "54"
    assert one(watson, "tei:biblScope[@unit='issue']").text == "1"
    assert one(watson, "tei:date").get("when") == "2002"
    assert one(watson, "tei:biblScope[@unit='page']").get("to") == "85"
    assert one(entry(root, "glantz-2008"), "tei:date").get("when") == "2008-01"
    assert one(entry(root, "wells-1934"), "tei:date").get("when") == "1934-10-27"


def test_entry_with_two_authors(root):
    book = entry(root, "craig-2009")
    people = xpath(book, "tei:author/tei:persName")
    assert [clean_text(one(p, "tei:surname")) for p in people] == ["Craig", "Logevall"]
    assert [clean_text(one(p, "tei:forename")) for p in people] == ["Campbell", "Fredrik"]
    assert clean_text(book).startswith("Craig, Campbell, and Fredrik Logevall. America's")


def test_name_particle_and_initials(root):
    ree = one(entry(root, "ree-2002"), "tei:author/tei:persName")
    assert (clean_text(one(ree, "tei:surname")), clean_text(one(ree, "tei:forename")),
            clean_text(one(ree, "tei:nameLink"))) == ("Ree", "Erik", "van")
    wells = one(entry(root, "wells-1934"), "tei:author/tei:persName")
    assert clean_text(one(wells, "tei:forename")) == "H.G."


def test_link_on_its_own_line_belongs_to_the_entry_before(root):
    book = entry(root, "ostermann-1999")
    assert one(book, "tei:ref").get("target").endswith("stalin_and_the_cold_war_1945-53.pdf")
    date = one(book, "tei:date")
    assert (date.get("from"), date.get("to")) == ("1999-09-23", "1999-09-26")
    assert clean_text(one(book, "tei:publisher")) == "Yale University"
    assert clean_text(one(book, "tei:editor/tei:persName/tei:surname")) == "Ostermann"


def bibliography_excerpt(notes: str, entries: str) -> Document:
    return excerpt(
        "Title\n\nJane Doe\n11-30-2021\n\nA claim.¹ Another.²\n\n"
        f"{notes}\n\nEnd.\n\nBIBLIOGRAPHY\n\n{entries}\n"
    )


def test_same_author_and_year_get_letters():
    made = bibliography_excerpt(
        "¹ Smith, *Second Book*, 4.\n\n² Smith, 5.",
        "Smith, John. *First Book*. London: Verso, 2000.\n\n"
        "Smith, John. *Second Book*. London: Verso, 2000.",
    )
    assert xpath(made.root, "//tei:listBibl/tei:bibl/@xml:id") == ["ex2020-smith-2000a",
                                                                    "ex2020-smith-2000b"]
    assert xpath(made.root, "//tei:listBibl/tei:bibl/@corresp") == ["bib:smith-2000a",
                                                                     "bib:smith-2000b"]
    assert xpath(made.root, "//tei:note[@n='1']/tei:bibl/@corresp") == ["#ex2020-smith-2000b"]
    # Two works and no title to tell them apart: left unlinked, and said so.
    assert xpath(made.root, "//tei:note[@n='2']/tei:bibl/@corresp") == []
    expected = "'Smith' may be any of ex2020-smith-2000a, ex2020-smith-2000b"
    assert any(expected in w for w in made.warnings)


def test_ibid_repeats_the_previous_reference():
    made = bibliography_excerpt(
        "¹ John Smith, *A Book* (London: Verso, 2000), 4.\n\n² Ibid., 5.",
        "Smith, John. *A Book*. London: Verso, 2000.",
    )
    assert xpath(made.root, "//tei:note/tei:bibl/@corresp") == ["#ex2020-smith-2000",
                                                                 "#ex2020-smith-2000"]


# -- errors --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "problem"), [
    ("", "excerpt.txt:1: empty source"),
    ("\n  \n", "excerpt.txt:1: empty source"),
    ("This is running text. " * 20 + "\n\nMore.\n", "excerpt.txt:1: an essay opens with its title"),
    ("A Title\n\n¹ Only a note.\n", "excerpt.txt:3: no essay text"),
])
def test_unreadable_text_is_refused_with_file_and_line(text, problem):
    with pytest.raises(ReaderError, match=re.escape(problem)):
        excerpt(text)


# -- through the command line -------------------------------------------------


def test_convert_command_writes_the_essay(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "tei"
    result = CliRunner().invoke(
        main, ["convert", "--format", "essay", str(ESSAY), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = out / "essays" / "wesser2021.xml"
    assert written.exists()
    root = etree.parse(str(written)).getroot()
    assert len(xpath(root, "//tei:note[@place='foot']")) == 83
    assert len(xpath(root, "//tei:back//tei:bibl")) == 19
    assert clean_text(one(root, "//tei:titleStmt/tei:title")) == TITLE
