"""The web edition as built from the committed TEI: what every page has, what each kind shows."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from .browser.site import built_edition

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@pytest.fixture(scope="module")
def site():
    out, _ = built_edition()
    return out / "html"


def parse(site, name):
    return lxml_html.parse(str(site / name)).getroot()


def words(element) -> str:
    return " ".join(element.text_content().split())


def entries(panel) -> str:
    """A metadata list as 'Label value Label value', terms and descriptions spaced apart."""
    return " ".join(words(item) for item in panel.xpath(".//dt | .//dd"))


def all_pages(site):
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_every_page_has_one_h1_and_no_skipped_heading_level(site):
    problems = []
    for path in all_pages(site):
        page = lxml_html.parse(str(path)).getroot()
        levels = [int(h.tag[1]) for h in page.iter(*HEADINGS)]
        if levels.count(1) != 1 or levels[0] != 1:
            problems.append(f"{path.name}: h1 count {levels.count(1)}")
        for before, after in zip(levels, levels[1:], strict=False):
            if after > before + 1:
                problems.append(f"{path.relative_to(site)}: h{before} then h{after}")
                break
    assert problems == []


def test_every_page_has_landmarks_skip_link_favicon_and_named_links(site):
    for path in all_pages(site):
        page = lxml_html.parse(str(path)).getroot()
        where = path.relative_to(site)
        assert page.get("lang") == "en", where
        assert len(page.xpath("//header")) == 1 and len(page.xpath("//main[@id='main']")) == 1
        assert page.xpath("//footer") and page.xpath("//nav[@aria-label]"), where
        assert page.xpath("//body/a[1]/@href") == ["#main"], where
        icon = page.xpath("//link[@rel='icon']/@href")
        assert icon and (path.parent / icon[0]).resolve().is_file(), where
        unnamed = [lxml_html.tostring(a)[:80] for a in page.xpath("//a")
                   if not words(a) and not a.get("aria-label")]
        assert unnamed == [], where


def test_letter_list_offers_filters_with_counts_and_labels_each_row(site):
    page = parse(site, "index.html")
    rows = page.xpath("//table[@id='letter-list']/tbody/tr")
    persons = page.xpath("//select[@id='f-person']/option[@value != '']")
    years = page.xpath("//select[@id='f-year']/option[@value != '']")
    # every correspondent and year with the number of its documents
    assert any(re.fullmatch(r"Joseph Vissarionovich Stalin \(\d+\)", words(o)) for o in persons)
    assert sum(int(re.search(r"\((\d+)\)", words(o)).group(1)) for o in years) == len(rows)
    assert {o.get("value") for o in years} >= {"1941", "1942"}
    stalin = next(o.get("value") for o in persons if words(o).startswith("Joseph"))
    assert all(row.get("data-year") is not None and row.get("data-type") is not None
               for row in rows)
    assert sum(stalin in row.get("data-people").split() for row in rows) == int(
        re.search(r"\((\d+)\)", words(next(o for o in persons if o.get("value") == stalin)))
        .group(1))
    assert page.xpath("//select[@id='f-type']") and page.xpath("//select[@id='f-sort']")
    assert words(page.xpath("//p[@id='count']")[0]) == f"{len(rows)} documents"


def test_undated_document_says_which_message_it_carries(site):
    page = parse(site, "index.html")
    last = page.xpath("//table[@id='letter-list']/tbody/tr")[-1]
    # known only by a bound (not before the message it delivers), and it says so
    assert words(last.xpath("td[@class='date']")[0]) == (
        "not before 8 January 1943 (carries a message of 8 January 1943)")


def test_letter_page_has_metadata_tools_and_citation(site):
    page = parse(site, "letters/sov2-002.html")
    panel = entries(page.xpath("//section[@class='metadata']")[0])
    assert "Sent by Franklin Delano Roosevelt and Winston" in panel
    assert "Received by Joseph Vissarionovich Stalin, 15 August 1941" in panel
    assert "Source Correspondence between the Chairman" in panel and "No. 2" in panel
    tools = page.xpath("//ul[@class='tools']//a/@href")
    assert tools == ["#cite", "../tei/letters/sov2-002.xml", "../edition.pdf"]
    assert (site / "tei" / "letters" / "sov2-002.xml").is_file()
    cite = page.xpath("//section[@id='cite']")[0]
    assert "Roosevelt and Churchill to Stalin, received 15 August 1941. In: The Stalin" in words(
        cite)
    assert cite.xpath(".//a[@class='permalink']/@data-path") == ["letters/sov2-002.html"]
    assert cite.xpath(".//span[@class='accessed']") and cite.xpath(".//button[@data-copy]")
    assert page.xpath("//a[@rel='prev']/@href") == ["sov2-001.html"]


def test_nested_message_has_its_own_metadata(site):
    page = parse(site, "letters/frus1943v03-p616.html")
    panel = page.xpath("//section[@class='metadata']")[0]
    lists = panel.xpath(".//dl")
    assert len(lists) == 2
    message = entries(lists[1])
    assert "Sent by Franklin Delano Roosevelt, 8 January 1943" in message
    assert "Received by Joseph Vissarionovich Stalin" in message
    target = lists[1].xpath(".//a[text() = 'in the document below']/@href")[0]
    assert page.xpath(f"//blockquote[@id='{target[1:]}']")


def test_page_breaks_are_labelled_and_spaced(site):
    page = parse(site, "letters/frus1943v03-p616.html")
    label = page.xpath("//span[@class='pb']")[0]
    assert words(label) == "p. 617" and label.get("id") == "page-617"
    assert "war p. 617 theatres" in words(page.xpath("//div[@class='text']")[0])


def test_corrections_show_the_reading_and_keep_the_source_one_tap_away(site):
    page = parse(site, "letters/frus1942v03-p542.html")
    corrections = page.xpath("//span[@class='corr']")
    assert corrections
    for corr in corrections:
        button = corr.getnext()
        assert button.tag == "button" and button.get("aria-expanded") == "false"
        sic = page.xpath(f"//*[@id='{button.get('aria-controls')}']")[0]
        assert "source:" in words(sic)


def test_editorial_notes_link_what_the_edition_identifies(site):
    page = parse(site, "letters/sov2-002.html")
    notes = page.xpath("//section[@class='notes']")[0]
    hopkins = words(notes.xpath(".//li")[0])
    assert hopkins.startswith("3 Editors’ note, in place of the volume’s own: Harry Hopkins")
    assert notes.xpath(".//li[1]//a[@href='../letters/frus1941v01-p802.html']")
    assert notes.xpath(".//li[1]//a[@href='../persons.html#hopkins']")
    # notes without text yet: flagged once, together, each with its way back to the text
    gap = notes.xpath(".//p[@class='gap-flag']")
    assert len(gap) == 1 and gap[0].xpath(".//a[@class='back']/text()") == ["*", "2"]
    assert words(page).count("not in the transcription") == 1
    for marker in page.xpath("//sup[@class='marker']/a"):
        target = marker.get("href")[1:]
        back = page.xpath(f"//*[@id='{target}']/descendant-or-self::a[@class='back']/@href")
        assert back == [f"#ref-{target}"]
    conference = parse(site, "letters/sov2-004.html")
    assert conference.xpath(
        "//section[@class='notes']//a[@href='../orgs.html#moscow-conference-1941']")


def test_register_entry_lists_the_letters_and_the_essay(site):
    page = parse(site, "persons.html")
    hopkins = page.xpath("//section[@id='hopkins']")[0]
    text = words(hopkins)
    assert text.startswith("Hopkins, Harry Lloyd (1890–1946)")
    # the memorandum records a conversation he took part in; it is no letter he sent
    assert "Took part in: Memorandum by Harry L. Hopkins, 30 July 1941" in text
    assert "Mentioned in:" in text and "Introduction:" in text
    links = hopkins.xpath(".//a/@href")
    assert "letters/sov2-002.html" in links and "essays/wesser2021.html" in links
    stalin = page.xpath("//section[@id='stalin']")[0]
    assert "Received: " in words(stalin) and "Sent: " in words(stalin)
    assert stalin.xpath(".//a[starts-with(@href, 'https://www.wikidata.org/wiki/')]")


def test_register_pages_leave_out_entries_no_document_uses(site):
    page = parse(site, "persons.html")
    listed = set(page.xpath("//section[@class='entry']/@id"))
    # the editors of the Soviet volume are named only in its bibliographical description
    assert "zemskov" not in listed and "stalin" in listed
    for section in page.xpath("//section[@class='entry']"):
        assert section.xpath(".//p[@class='uses']"), section.get("id")


def test_timeline_shows_every_month_and_marks_gaps(site):
    page = parse(site, "timeline.html")
    years = page.xpath("//section[@class='year']/h2/@id")
    assert years[:2] == ["y1941", "y1942"]
    # a document known only by a bound (Standley's note, not before 8 January 1943) stands
    # in its year; one without any date would have a place of its own
    assert years[-1] == "y1943"
    months = page.xpath("//section[@class='year'][h2/@id='y1941']/ol/li")
    assert len(months) == 12
    assert "gap" in months[0].get("class") and "gap" not in months[7].get("class")
    index = parse(site, "index.html")
    listed = set(index.xpath("//table[@id='letter-list']//a/@href"))
    assert listed == set(page.xpath("//main//a[starts-with(@href, 'letters/')]/@href"))


def test_bibliography_about_and_search_pages(site):
    bibliography = parse(site, "bibliography.html")
    assert len(bibliography.xpath("//section[@class='bibliography']//li[@id]")) >= 20
    principles = parse(site, "principles.html")
    assert principles.xpath("//section[@id='missing-notes']")
    assert "Editorial principles" in words(principles.xpath("//h1")[0])
    for name in ("about.html", "sources.html"):
        assert len(parse(site, name).xpath("//main//p")) >= 2, name
    search = parse(site, "search.html")
    assert search.xpath("//form[@role='search']//input[@id='q']")
    assert (site / "pagefind" / "pagefind.js").is_file()
    # pages with content to find say so to the indexer
    assert parse(site, "letters/sov2-001.html").xpath("//*[@data-pagefind-body]")
    assert parse(site, "persons.html").xpath("//*[@data-pagefind-body]")


def test_print_stylesheet_keeps_the_letter_and_its_apparatus(site):
    css = (site / "edition.css").read_text()
    block = css[css.index("@media print"):]
    assert "header.site" in block and ".sic" in block


def test_every_link_the_site_writes_is_safe(site):
    for path in all_pages(site):
        page = lxml_html.parse(str(path)).getroot()
        for href in page.xpath("//@href | //@src"):
            assert re.match(r"(https?://[^/]|mailto:|[^:/]*(/|$)|\.\./|#|[\w.-]+(\?|#|$))", href) \
                and not href.startswith("//"), f"{path.name}: {href}"
