"""The FRUS reader: three seed documents pinned fact by fact, six more checked against
the Office of the Historian's own TEI of the same documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import main
from edition.convert import load_source
from edition.dates import clock, find_date_time
from edition.enrich.names import link_names, load_registers
from edition.model import ReaderError, Source
from edition.readers import READERS
from edition.readers.frus import choose_markers, read
from edition.readers.frus_forms import load_forms
from edition.readers.frus_heading import parse_heading
from edition.readers.markers import Marker, split_markers
from edition.tei import E, clean_text, tei, to_bytes, xpath

ROOT = Path(__file__).resolve().parents[1]
GOLD = Path(__file__).parents[1].parent / "shared" / "frus-gold"
CATALOGUE = ROOT / "sources" / "catalogue.xml"
EDITION = ROOT / "tei" / "edition.xml"
FRUS_NS = {"tei": "http://www.tei-c.org/ns/1.0", "frus": "http://history.state.gov/frus/ns/1.0"}

SEED_ROOSEVELT = ROOT / "sources" / "frus-1942-v03-p543-roosevelt-stalin.txt"
SEED_HOPKINS = ROOT / "sources" / "frus-1941-v01-p802-hopkins-memorandum.txt"
SEED_STANDLEY = ROOT / "sources" / "frus-1943-v03-p616-standley-molotov.txt"
GOLD_DOCUMENTS = [
    "frus1942China_d511",
    "frus1942China_d512",
    "frus1942China_d516",
    "frus1943China_d737",
    "frus1944Quebec_d116",
    "frus1944Quebec_d289",
]


# -- helpers ----------------------------------------------------------------------------


def convert(path: Path):
    """The documents the reader makes of one file, cited from the catalogue if it is there."""
    return read(load_source(path, "frus", CATALOGUE), EDITION)


def only(path: Path):
    documents = convert(path)
    assert len(documents) == 1
    return documents[0]


def source_of(text: str, name: str = "test.txt") -> Source:
    return Source(Path(name), text, "frus", E.bibl(E.title("test")), "test")


def last_word(text: str) -> str:
    words = re.findall(r"[\w’']+", text)
    return words[-1] if words else ""


def notes_and_words(body: etree._Element) -> list[tuple[str, str]]:
    """Each numbered note in reading order with the last word printed before its marker."""
    result: list[tuple[str, str]] = []
    seen: list[str] = []

    def walk(element: etree._Element) -> None:
        seen.append(element.text or "")
        for child in element:
            if child.tag == tei("note") and child.get("type") in ("source", "received"):
                seen.append(clean_text(child) + " ")
            elif child.tag == tei("note"):
                result.append((child.get("n"), last_word("".join(seen))))
            elif isinstance(child.tag, str):
                walk(child)
            seen.append(child.tail or "")

    walk(body)
    return result


def text_without_notes(element: etree._Element) -> str:
    """The printed words of the text, the notes' own words left out."""
    return " ".join("".join(element.xpath(
        ".//text()[not(ancestor::tei:note)]", namespaces={"tei": FRUS_NS["tei"]})).split())


def body_of(root: etree._Element) -> etree._Element:
    return xpath(root, "//tei:text/tei:body")[0]


def action(root: etree._Element, kind: str, desc_id: str | None = None) -> etree._Element:
    test = f"@xml:id='{desc_id}'" if desc_id else "not(@xml:id)"
    found = xpath(root, f"//tei:correspDesc[{test}]/tei:correspAction[@type='{kind}']")
    assert len(found) == 1, f"one correspAction type={kind}"
    return found[0]


def sent_when(root: etree._Element) -> str | None:
    dates = xpath(action(root, "sent"), "tei:date/@when")
    return dates[0] if dates else None


def pb_numbers(root: etree._Element) -> list[str]:
    return xpath(root, "//tei:pb/@n")


def text_around(element: etree._Element) -> tuple[str, str]:
    """The text just before and just after an empty element such as pb."""
    previous = element.getprevious()
    before = (previous.tail if previous is not None else element.getparent().text) or ""
    return before, element.tail or ""


# -- seed 001: Roosevelt to Stalin, handed over on April 11, 1942 -----------------------


@pytest.fixture(scope="module")
def roosevelt():
    return only(SEED_ROOSEVELT)


def test_roosevelt_message_takes_its_id_from_the_catalogue_prefix_and_first_page(roosevelt):
    assert roosevelt.xml_id == "frus1942v03-p542"
    assert roosevelt.folder == "letters"


def test_roosevelt_message_sender_and_recipient_come_from_the_heading(roosevelt):
    root = roosevelt.root
    assert xpath(action(root, "sent"), "tei:persName/text()") == ["President Roosevelt"]
    assert xpath(action(root, "received"), "tei:persName/text()") == ["Stalin"]
    head = xpath(root, "//tei:div/tei:head")[0]
    assert xpath(head, "tei:persName/text()") == ["President Roosevelt", "Stalin"]
    assert not xpath(head, "tei:persName/@ref"), "the name-linking pass adds @ref"


def test_handing_over_in_a_note_dates_the_delivery_and_only_bounds_the_sending(roosevelt):
    root = roosevelt.root
    assert sent_when(root) is None
    assert xpath(action(root, "sent"), "tei:date/@notAfter") == ["1942-04-11T12:00:00"]
    handed = action(root, "transmitted")
    assert xpath(handed, "tei:date/@when") == ["1942-04-11T12:00:00"]
    assert xpath(handed, "tei:persName/text()") == ["Andrey Andreyevich Gromyko"]
    assert any("note 80" in w and "handed over" in w for w in roosevelt.warnings)


def test_roosevelt_message_is_typed_a_message(roosevelt):
    assert xpath(roosevelt.root, "//tei:catRef[@scheme='ed:doctypes']/@target") == [
        "ed:doctype-message"]


def test_roosevelt_notes_keep_printed_numbers_at_their_markers(roosevelt):
    assert notes_and_words(body_of(roosevelt.root)) == [
        ("80", "Stalin"), ("81", "future"), ("82", "Hopkins")]
    notes = xpath(roosevelt.root, "//tei:note[@place='foot']")
    assert [n.get("{http://www.w3.org/XML/1998/namespace}id") for n in notes] == [
        "frus1942v03-p542-fn1", "frus1942v03-p542-fn2", "frus1942v03-p542-fn3"]
    assert notes[0].getparent().tag == tei("head")
    assert clean_text(notes[2]) == "Harry L. Hopkins, Special Assistant to the President."


def test_page_break_in_mid_sentence_is_rejoined_with_one_space(roosevelt):
    (pb,) = xpath(roosevelt.root, "//tei:pb")
    assert pb.get("n") == "543"
    before, after = text_around(pb)
    assert before.endswith("if things go as well as we ")
    assert after.startswith("hope, you and I")
    paragraph = clean_text(pb.getparent())
    assert "as we hope, you" in paragraph and "  " not in "".join(pb.getparent().itertext())


def test_a_document_without_source_note_has_no_file_number(roosevelt):
    assert not xpath(roosevelt.root, "//tei:note[@type='source'] | //tei:idno[@type='file']")


def test_signature_closes_the_message(roosevelt):
    assert xpath(roosevelt.root, "//tei:closer/tei:signed/tei:persName/text()") == [
        "Franklin D. Roosevelt"]


# -- seed 002: Hopkins's memorandum ------------------------------------------------------


@pytest.fixture(scope="module")
def hopkins():
    return only(SEED_HOPKINS)


def test_file_number_is_a_source_note_and_an_idno(hopkins):
    div = xpath(hopkins.root, "//tei:body/tei:div")[0]
    assert div[0].tag == tei("note") and div[0].get("type") == "source"
    assert div[0].text == "740.0011 European War 1939/14917½"
    assert xpath(hopkins.root, "//tei:sourceDesc/tei:bibl/tei:idno[@type='file']/text()") == [
        "740.0011 European War 1939/14917½"]
    assert hopkins.xml_id == "frus1941v01-p802"


def test_memorandum_is_a_creation_with_its_writer_and_participants(hopkins):
    root = hopkins.root
    assert not xpath(root, "//tei:correspDesc")
    assert xpath(root, "//tei:catRef/@target") == ["ed:doctype-memorandum"]
    assert xpath(root, "//tei:creation/tei:persName/text()") == [
        "Harry L. Hopkins", "Mr. Stalin", "Ambassador Steinhardt", "Mr. Reinhardt"]


def test_memorandum_of_a_meeting_is_dated_by_the_meeting_with_its_hours(hopkins):
    (date,) = xpath(hopkins.root, "//tei:creation/tei:date")
    assert (date.get("from"), date.get("to")) == ("1941-07-30T18:30:00", "1941-07-30T20:30:00")
    sub = xpath(hopkins.root, "//tei:head[@type='sub']")[0]
    assert xpath(sub, "tei:date/text()") == ["July 30, 1941, 6:30 to 8:30 p.m."]
    assert xpath(sub, "tei:date/@from") == ["1941-07-30T18:30:00"]


def test_hopkins_notes_and_the_words_they_follow(hopkins):
    assert notes_and_words(body_of(hopkins.root)) == [
        ("52", "Roosevelt"), ("53", "Reinhardt"), ("54", "President"), ("55", "Alison’s")]


def test_numbers_that_are_not_markers_stay_in_the_text(hopkins):
    text = clean_text(body_of(hopkins.root))
    for kept in ("P–40’s", "of from 20 to 37 mm.,", "20,000 pieces", "1200 to 2200"):
        assert kept in text
    assert all(n in {"52", "53", "54", "55"} for n in xpath(hopkins.root, "//tei:note/@n"))


def test_page_breaks_mid_paragraph_after_a_list_and_between_paragraphs(hopkins):
    assert pb_numbers(hopkins.root) == ["803", "804", "805"]
    pb803, pb804, pb805 = xpath(hopkins.root, "//tei:pb")
    assert pb803.getparent().tag == tei("p")
    assert text_around(pb803)[0].endswith("Hitler and Hitlerism. ")
    assert text_around(pb803)[1].startswith("I impressed upon him")
    assert pb804.getparent().tag == tei("div") and pb804.getprevious().tag == tei("list")
    assert pb805.getparent().tag == tei("div") and pb805.getnext().tag == tei("p")


def test_bullets_become_a_list(hopkins):
    items = xpath(hopkins.root, "//tei:list/tei:item")
    assert len(items) == 2
    assert clean_text(items[0]).startswith("Second, he asked")


# -- seed 004: Standley's note L–27 quoting Roosevelt's message --------------------------


@pytest.fixture(scope="module")
def standley():
    return only(SEED_STANDLEY)


def test_collection_source_note_is_kept_whole(standley):
    assert xpath(standley.root, "//tei:idno[@type='file']/text()") == [
        "Moscow Embassy Files: Lot F–96"]


def test_covering_note_is_from_standley_to_molotov_and_dated_only_by_a_lower_bound(standley):
    root = standley.root
    assert xpath(action(root, "sent"), "tei:persName/text()") == ["Standley"]
    assert xpath(action(root, "received"), "tei:persName/text()") == ["Molotov"]
    assert sent_when(root) is None
    # Not before the date of the message it delivers; nothing bounds it from above.
    assert xpath(action(root, "sent"), "tei:date/@notBefore") == ["1943-01-08"]
    assert xpath(action(root, "sent"), "tei:date/@cert") == ["low"]
    assert any("between 1943-01-08 and ?" in w for w in standley.warnings)
    assert xpath(root, "//tei:catRef/@target") == ["ed:doctype-note"]


def test_document_number_and_run_in_salute_are_in_the_opener(standley):
    opener = xpath(standley.root, "//tei:opener")[0]
    assert xpath(opener, "tei:seg[@type='number']/text()") == ["No. L–27"]
    assert xpath(opener, "tei:salute/text()") == ["Excellency:"]
    first = xpath(standley.root, "//tei:div/tei:p")[0]
    assert clean_text(first).startswith("I have the honor to inform you")


def test_quoted_message_is_a_floating_text_with_its_own_correspondence(standley):
    root = standley.root
    (message,) = xpath(root, "//tei:floatingText[@type='message']")
    paragraphs = xpath(message, "tei:body/tei:p")
    assert len(paragraphs) == 8
    assert all(clean_text(p).startswith("“") for p in paragraphs)
    target = message.get("decls")[1:]
    assert xpath(root, f"//tei:profileDesc/tei:correspDesc[@xml:id='{target}']")
    assert not xpath(root, "//tei:correspDesc/@corresp")
    assert xpath(action(root, "sent", target), "tei:date/@when") == ["1943-01-08"]
    assert xpath(action(root, "sent", target), "tei:persName/text()") == ["President Roosevelt"]
    assert xpath(action(root, "received", target), "tei:persName/text()") == ["Premier Stalin"]


def test_quoted_message_correspondents_link_to_the_registers(standley):
    root = etree.fromstring(to_bytes(standley.root))
    link_names(root, load_registers(ROOT / "tei" / "registers"))
    (message,) = xpath(root, "//tei:floatingText")
    target = message.get("decls")[1:]
    assert xpath(action(root, "sent", target), "tei:persName/@ref") == ["psn:roosevelt-franklin"]
    assert xpath(action(root, "received", target), "tei:persName/@ref") == ["psn:stalin"]


def test_standley_notes_and_page_inside_the_quotation(standley):
    assert notes_and_words(body_of(standley.root)) == [
        ("63", "East"), ("64", "Caucasus"), ("65", "Bradley"), ("66", "Marshall")]
    (pb,) = xpath(standley.root, "//tei:pb")
    assert pb.get("n") == "617"
    assert pb.xpath("ancestor::tei:floatingText", namespaces={"tei": FRUS_NS["tei"]})
    assert text_around(pb)[0].endswith("in all war ") and text_around(pb)[1].startswith("theatres.")


def test_closer_with_signature_on_behalf_and_title(standley):
    closer = xpath(standley.root, "//tei:closer")[0]
    assert xpath(closer, "tei:salute/text()") == ["Accept [etc.]"]
    (signed,) = xpath(closer, "tei:signed")
    assert signed.text.startswith("For the Ambassador:")
    assert xpath(signed, "tei:persName/text()") == ["Llewellyn E. Thompson, Jr."]
    assert xpath(signed, "tei:roleName/text()") == ["Secretary of Embassy"]


# -- the six documents with the Office of the Historian's TEI ----------------------------


@pytest.fixture(scope="module")
def gold_pairs():
    if not GOLD.is_dir():
        pytest.skip(f"FRUS gold files not found at {GOLD} (the shared folder is absent)")
    pairs = {}
    for stem in GOLD_DOCUMENTS:
        pairs[stem] = (only(GOLD / f"{stem}.txt"),
                       etree.parse(str(GOLD / f"{stem}.xml")).getroot())
    return pairs


def gold_div(gold: etree._Element) -> etree._Element:
    return gold.xpath("//tei:div[@type='document']", namespaces=FRUS_NS)[0]


def test_received_line_gives_the_received_date_with_the_datelines_year(gold_pairs):
    document, _ = gold_pairs["frus1942China_d511"]
    assert xpath(action(document.root, "received"), "tei:date/@when") == ["1942-10-04T10:09:00"]
    note = xpath(document.root, "//tei:opener/tei:note[@type='received']")[0]
    assert xpath(note, "tei:date/@when") == ["1942-10-04T10:09:00"]
    dateline = xpath(document.root, "//tei:opener/tei:dateline")[0]
    assert xpath(dateline, "tei:placeName/text()") == ["Kuibyshev"]
    assert xpath(dateline, "tei:date/text()") == ["October 2, 1942—3 p.m."]


def test_repeated_printed_number_and_marker_after_digits(gold_pairs):
    document, _ = gold_pairs["frus1942China_d512"]
    text = text_without_notes(body_of(document.root))
    assert "of June 4 and 18. 6. See Embassy’s telegram No. 1167 of October 12, noon. Chinese" \
        in text
    assert "despatch No. 668 of October 8 giving some details" in text
    assert xpath(document.root, "//tei:note[@place='foot']/@n") == ["25", "26", "26"]


def test_labelled_items_nest_when_the_label_style_changes(gold_pairs):
    document, _ = gold_pairs["frus1942China_d516"]
    outer = xpath(document.root, "//tei:div/tei:p/tei:list")[0]
    assert xpath(outer, "tei:label/text()") == ["1.", "2.", "3.", "4.", "5."]
    assert xpath(outer, "tei:item[1]/tei:list/tei:label/text()") == ["(a)", "(b)", "(c)"]
    assert xpath(outer, "tei:item[1]/tei:pb/@n") == ["613"]


def test_classification_lines_and_bracketed_dateline(gold_pairs):
    document, _ = gold_pairs["frus1944Quebec_d289"]
    opener = xpath(document.root, "//tei:opener")[0]
    assert xpath(opener, "tei:seg[@type='classification']/text()") == ["top secret", "priority"]
    assert clean_text(xpath(opener, "tei:dateline")[0]) == "[Quebec, September 16, 1944.]"
    assert xpath(action(document.root, "sent"), "tei:persName/text()") == [
        "President Roosevelt", "Prime Minister Churchill"]
    assert xpath(document.root, "//tei:idno[@type='file']/text()") == ["Roosevelt Papers"]


def test_uncatalogued_file_takes_its_prefix_from_the_file_name(gold_pairs):
    assert gold_pairs["frus1942China_d512"][0].xml_id == "frus1942china-d512-p609"
    assert gold_pairs["frus1942China_d511"][0].xml_id == "frus1942china-d511-001"


def test_convert_command_writes_a_gold_document(tmp_path, monkeypatch):
    if not GOLD.is_dir():
        pytest.skip(f"FRUS gold files not found at {GOLD} (the shared folder is absent)")
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["convert", "--format", "frus",
                                       str(GOLD / "frus1942China_d516.txt"),
                                       "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = tmp_path / "letters" / "frus1942china-d516-p612.xml"
    root = etree.parse(str(written)).getroot()
    assert xpath(root, "//tei:note[@place='foot']/@n") == ["27"]
    assert xpath(root, "//tei:correspAction[@type='sent']/tei:date/@when") == [
        "1942-10-31T14:00:00"]


# -- rules, on small texts ------------------------------------------------------------------


def test_reader_is_registered_as_frus():
    assert READERS["frus"] is read


def test_prose_without_frus_structure_is_refused_with_file_and_line():
    with pytest.raises(ReaderError, match=r"^test\.txt:1: "):
        read(source_of("It was a dark night. The rain fell.\n\nMore prose."), EDITION)
    with pytest.raises(ReaderError, match=r"^test\.txt:1: no FRUS structure"):
        read(source_of("Chapter One\n\nIt was a dark night.\n"), EDITION)


def test_a_note_whose_marker_is_missing_is_kept_at_the_end_with_a_warning():
    text = SEED_ROOSEVELT.read_text(encoding="utf-8").replace("Hopkins82", "Hopkins")
    (document,) = read(source_of(text), EDITION)
    notes = xpath(document.root, "//tei:note[@place='foot']")
    assert len(notes) == 3
    assert notes[-1].getparent().tag == tei("div") and notes[-1].get("n") is None
    assert any("no marker found" in w for w in document.warnings)


def test_two_documents_in_one_file_are_split_after_each_note_list():
    if not GOLD.is_dir():
        pytest.skip(f"FRUS gold files not found at {GOLD} (the shared folder is absent)")
    text = "\n".join((GOLD / f"{stem}.txt").read_text(encoding="utf-8")
                     for stem in ("frus1942China_d512", "frus1942China_d516"))
    documents = read(source_of(text), EDITION)
    assert [d.xml_id for d in documents] == ["test-p609", "test-p612"]
    assert [xpath(d.root, "//tei:note[@place='foot']/@n") for d in documents] == [
        ["25", "26", "26"], ["27"]]


def test_heading_forms_give_senders_and_addressees():
    forms = load_forms(EDITION)
    heading = parse_heading(
        "The Ambassador in the Soviet Union (Harriman) to the Secretary of State", forms)
    assert [(p.name, p.role) for p in heading.senders] == [
        ("Harriman", "Ambassador in the Soviet Union")]
    assert [(p.name, p.office) for p in heading.addressees] == [(None, "the Secretary of State")]
    heading = parse_heading("The Ambassador to the Soviet Union (Harriman) to President "
                            "Roosevelt", forms)
    assert [p.name for p in heading.senders] == ["Harriman"]
    heading = parse_heading("Memorandum by the Secretary of State to President Roosevelt", forms)
    assert [p.role for p in heading.senders] == ["Secretary of State"]
    assert [p.name for p in heading.addressees] == ["President Roosevelt"]
    assert heading.kind == "Memorandum"
    assert parse_heading("Editorial Note", forms) is None


def test_loose_markers_need_the_flag_and_dollar_amounts_never_match():
    assert [m.label for m in split_markers("June 4 and 18.25 6.", loose=True)
            if isinstance(m, Marker)] == ["25"]
    assert not [m for m in split_markers("June 4 and 18.25 6.") if isinstance(m, Marker)]
    for text in ("up to the value of $1,000,000,000.", "October 1942 and", "24,000 tons",
                 "No. L–27", "the 200 Curtiss P–40’s which"):
        assert not [m for m in split_markers(text, loose=True) if isinstance(m, Marker)], text


def test_marker_chain_prefers_consecutive_numbers_and_allows_a_repeat():
    # 5 (loose), 2 (word), 3 (word), 3 (loose) for a list of three notes
    assert choose_markers([(5, False), (2, True), (3, True), (3, False)], 3) == {1: 0, 2: 1, 3: 2}
    assert choose_markers([(7, True)], 0) == {}


def test_telegram_times_become_iso_date_times():
    assert clock("3 p.m.") == "15:00:00"
    assert clock("noon") == "12:00:00"
    assert clock("midnight") is None
    assert find_date_time("Kuibyshev, October 2, 1942—3 p.m.")[1] == "1942-10-02T15:00:00"
    assert find_date_time("[Received October 4—10:09 a.m.]", 1942)[1] == "1942-10-04T10:09:00"
    assert find_date_time("[Received October 4—10:09 a.m.]") is None
