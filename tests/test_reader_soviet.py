"""The Soviet volume: ten letters with their dates, correspondents, notes and structure."""

from __future__ import annotations

import re

import pytest

from edition.model import ReaderError
from edition.readers.soviet import read
from edition.tei import clean_text, xpath

#: No. → (sent, received, senders, addressees), as the volume gives them.
LETTERS = {
    1: ("1941-08-04", None, ["stalin"], ["roosevelt-franklin"]),
    2: (None, "1941-08-15", ["roosevelt-franklin", "churchill"], ["stalin"]),
    3: (None, "1941-09-30", ["roosevelt-franklin"], ["stalin"]),
    4: ("1941-10-03", None, ["stalin"], ["roosevelt-franklin"]),
    5: ("1941-11-02", "1941-11-02", ["roosevelt-franklin"], ["stalin"]),
    6: ("1941-11-04", None, ["stalin"], ["roosevelt-franklin"]),
    7: ("1941-11-06", None, ["roosevelt-franklin"], ["stalin"]),
    8: ("1941-11-14", None, ["stalin"], ["roosevelt-franklin"]),
    9: (None, "1941-12-16", ["roosevelt-franklin"], ["stalin"]),
    10: ("1941-12-17", None, ["stalin"], ["roosevelt-franklin"]),
}


def letter(documents, number):
    return documents[f"sov2-{number:03d}"].root


def action(root, kind):
    return xpath(root, f"//tei:correspDesc/tei:correspAction[@type='{kind}']")


def test_the_volume_has_ten_letters_and_a_notes_document(soviet_documents):
    folders = sorted(d.folder for d in soviet_documents.values())
    assert folders.count("letters") == 10
    assert folders.count("notes") == 1


@pytest.mark.parametrize("number", sorted(LETTERS))
def test_dates_and_correspondents(soviet_documents, number):
    sent, received, senders, addressees = LETTERS[number]
    root = letter(soviet_documents, number)
    assert xpath(root, "string(//tei:correspAction[@type='sent']/tei:date/@when)") == (sent or "")
    assert xpath(root, "string(//tei:correspAction[@type='received']/tei:date/@when)") == (
        received or ""
    )
    assert xpath(root, "//tei:correspAction[@type='sent']/tei:persName/@ref") == [
        f"psn:{p}" for p in senders
    ]
    assert xpath(root, "//tei:correspAction[@type='received']/tei:persName/@ref") == [
        f"psn:{p}" for p in addressees
    ]


def test_titles_name_the_correspondents_and_the_date(soviet_documents):
    titles = {n: xpath(letter(soviet_documents, n), "string(//tei:titleStmt/tei:title)")
              for n in LETTERS}
    assert titles[1] == "Stalin to Roosevelt, 4 August 1941"
    assert titles[2] == "Roosevelt and Churchill to Stalin, received 15 August 1941"
    assert titles[4] == "Stalin to Roosevelt, 3 October 1941"


def test_letter_without_sent_line_takes_date_and_place_from_closing_dateline(soviet_documents):
    four = letter(soviet_documents, 4)
    assert xpath(four, "string(//tei:closer/tei:dateline/tei:date/@when)") == "1941-10-03"
    five = letter(soviet_documents, 5)
    sent = action(five, "sent")[0]
    assert xpath(sent, "string(tei:placeName)") == "Kuibyshev"
    assert xpath(sent, "string(tei:date/@when)") == "1941-11-02"


def test_handed_over_message_records_who_delivered_it(soviet_documents):
    five = letter(soviet_documents, 5)
    assert xpath(five, "//tei:correspAction[@type='transmitted']/tei:persName/@ref") == [
        "psn:steinhardt"
    ]
    head = xpath(five, "//tei:head[@type='delivered']")[0]
    assert xpath(head, "tei:persName/@ref") == ["psn:vyshinsky", "psn:steinhardt"]
    assert xpath(head, "string(tei:date/@when)") == "1941-11-02"


def test_numbered_points_of_letter_five_are_a_list(soviet_documents):
    five = letter(soviet_documents, 5)
    items = xpath(five, "//tei:body//tei:list/tei:item")
    assert [i.get("n") for i in items] == [str(n) for n in range(1, 9)]
    assert xpath(five, "//tei:body//tei:list/tei:label/text()")[0] == "(1)"
    assert clean_text(items[0]).startswith("That he has seen the Protocol")


def test_opener_closer_signatures_and_datelines(soviet_documents):
    three = letter(soviet_documents, 3)
    assert xpath(three, "string(//tei:opener/tei:salute)") == "My dear Mr Stalin,"
    assert xpath(three, "string(//tei:closer/tei:salute)") == "Yours very sincerely,"
    assert xpath(three, "string(//tei:closer/tei:signed)").strip() == "Franklin D. Roosevelt"
    two = letter(soviet_documents, 2)
    assert [clean_text(s) for s in xpath(two, "//tei:closer/tei:signed")] == [
        "Franklin D. Roosevelt",
        "Winston S. Churchill",
    ]
    six = letter(soviet_documents, 6)
    assert xpath(six, "string(//tei:opener/tei:salute)") == "Mr President,"


GLUED = re.compile(r"[^\W\d_][.,;:’”)]?\d|\*")


def test_no_note_marker_is_left_glued_to_a_word(soviet_documents):
    for document in soviet_documents.values():
        for text in xpath(document.root, "//tei:text//text()"):
            assert not GLUED.search(text), f"{document.xml_id}: {text!r}"


def test_markers_become_notes_and_pointers_at_their_place(soviet_documents):
    one = letter(soviet_documents, 1)
    pointer = xpath(one, "//tei:p/tei:ptr[@type='noteref']")[0]
    assert pointer.get("n") == "1"
    before = "".join(xpath(pointer, "preceding-sibling::node()//descendant-or-self::text()"
                               " | preceding-sibling::text()"))
    assert before.endswith("a new peace treaty")
    assert pointer.get("target") == "../notes/sov2-notes.xml#sov2-n1"
    star = xpath(one, "//tei:head[@type='main']/tei:note")[0]
    assert star.get("n") == "*"
    two = letter(soviet_documents, 2)
    head = xpath(two, "//tei:head[@type='main']")[0]
    assert [(c.tag.split("}")[1], c.get("n")) for c in head if c.tag.endswith(("note", "ptr"))] \
        == [("note", "*"), ("ptr", "2")]


def test_numbers_that_are_not_markers_stay_in_the_text(soviet_documents):
    five = clean_text(xpath(letter(soviet_documents, 5), "//tei:text")[0])
    assert "up to the value of $1,000,000,000." in five
    seven = clean_text(xpath(letter(soviet_documents, 7), "//tei:text")[0])
    assert "twenty-five per cent" in seven and "thirty to sixty days" in seven
    assert "$5,000,000" in seven


def test_shared_notes_are_encoded_once_and_linked_from_every_letter(soviet_documents):
    notes = soviet_documents["sov2-notes"].root
    assert xpath(notes, "//tei:note/@n") == [str(n) for n in range(1, 9)]
    four = xpath(notes, "//tei:note[@n='4']")[0]
    assert four.get("target").split() == [
        f"../letters/sov2-{n:03d}.xml" for n in (4, 5, 6, 7)
    ]
    assert xpath(four, "tei:gap/@reason") == ["not-transcribed"]


def test_navigation_text_of_the_web_page_is_dropped(soviet_documents):
    for document in soviet_documents.values():
        assert "Click here" not in "".join(document.root.itertext())


def test_commission_members_are_editors_of_the_cited_volume(soviet_documents):
    editors = xpath(letter(soviet_documents, 1), "//tei:sourceDesc/tei:bibl/tei:editor")
    names = [clean_text(e) for e in editors]
    assert len(names) == 16
    assert names[0] == "A. A. Gromyko" and names[-1] == "I. I. Chkhikvishvili"
    assert "Sh. P. Sanakoyev" in names and "Dr. Sc" not in " ".join(names)
    assert [e.get("role") for e in editors[:4]] == [
        "chairman", "deputy-chairman", "executive-secretary", None]
    assert xpath(letter(soviet_documents, 1), "string(//tei:biblScope[@unit='letter'])") == "1"


def test_a_text_without_letters_is_refused_with_its_name(project, tmp_path):
    from edition.convert import load_source

    path = tmp_path / "empty-volume.txt"
    path.write_text("Volume 2\n\nSome introduction without letters.\n", encoding="utf-8")
    source = load_source(path, "soviet", project.catalogue)
    with pytest.raises(ReaderError, match="empty-volume.txt:1: no letter found"):
        read(source, project.edition_file)


def test_reader_handles_an_unseen_letter_of_the_same_kind(project, tmp_path):
    from edition.convert import load_source

    path = tmp_path / "vol2-1942.txt"
    path.write_text(
        "No. 11\n\nSent on January 3, 1942\n\nJ. V. Stalin to F. Roosevelt*\n\n"
        "Thank you for your message.12 I share your view of December 30.\n\n"
        "J. Stalin\n\nMoscow, January 3, 1942\n",
        encoding="utf-8",
    )
    source = load_source(path, "soviet", project.catalogue)
    documents = read(source, project.edition_file)
    root = documents[0].root
    assert xpath(root, "string(//tei:correspAction[@type='sent']/tei:date/@when)") == "1942-01-03"
    assert xpath(root, "//tei:p/tei:ptr/@n") == ["12"]
    assert xpath(root, "string(//tei:closer/tei:dateline/tei:placeName)") == "Moscow"
