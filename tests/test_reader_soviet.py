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
    # The aide-mémoire Steinhardt handed over: Roosevelt's sending is not dated by it.
    5: (None, "1941-11-02", ["roosevelt-franklin"], ["stalin"]),
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
    six = letter(soviet_documents, 6)
    sent = action(six, "sent")[0]
    assert xpath(sent, "string(tei:date/@when)") == "1941-11-04"


def test_dateline_of_a_handed_over_aide_memoire_is_the_intermediarys(soviet_documents):
    """No. 5's "Kuibyshev, November 2, 1941" dates Steinhardt's handing over, not Roosevelt."""
    five = letter(soviet_documents, 5)
    sent = action(five, "sent")[0]
    assert xpath(sent, "tei:placeName | tei:date") == []
    transmitted = action(five, "transmitted")[0]
    assert xpath(transmitted, "string(tei:placeName)") == "Kuibyshev"
    assert xpath(transmitted, "string(tei:date/@when)") == "1941-11-02"
    assert xpath(five, "string(//tei:catRef/@target)") == "ed:doctype-aide-memoire"


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


# -- letters of the collection's later volumes, written here in its form ------------------


def convert_text(project, tmp_path, text: str, name: str = "vol-later.txt"):
    """Read and enrich a transcription written for the test, as ``convert`` does."""
    from edition.convert import read_documents

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    documents, warnings = read_documents([path], "soviet", project)
    return {d.xml_id: d.root for d in documents}, warnings


LATER = (
    "Editorial Board: B. N. Ivanov (Chairman), K. L. Petrov, M. N. Sidorov (Secretary)\n\n"
    "No. 140\n\n"
    "Personal and secret\n\n"
    "Personal and secret message from Premier J. V. Stalin to President F. D. Roosevelt*\n\n"
    "I have received your message of March 2. Our troops keep the initiative.57\n\n"
    "J. Stalin\n\n"
    "Moscow, 15 March 1943\n\n"
    "No. 141\n\n"
    "Received on March 20, 1943\n\n"
    "President Roosevelt to Premier Stalin\n\n"
    "Thank you for the news of your armies.58\n\n"
    "No. 142\n\n"
    "Handed to V. M. Molotov by the U.S. Chargé, Mr Hamilton, on April 2, 1943\n\n"
    "President Roosevelt, in a message to Marshal Stalin, writes:\n\n"
    "(1) That the convoys will sail as planned.\n\n"
    "(2) That he hopes to meet Marshal Stalin soon.\n\n"
    "Moscow, April 2, 1943\n\n"
    "No. 143\n\n"
    "J. V. Stalin to F. D. Roosevelt\n\n"
    "A letter without any date line at all.\n\n"
    "Return to the index of the volume\n"
)


def test_a_later_letter_with_a_secret_heading_and_a_day_month_dateline(project, tmp_path):
    roots, _ = convert_text(project, tmp_path, LATER)
    root = next(r for i, r in roots.items() if i.endswith("-140"))
    sent = action(root, "sent")[0]
    assert xpath(sent, "tei:persName/@ref") == ["psn:stalin"]
    assert xpath(sent, "string(tei:date/@when)") == "1943-03-15"
    assert xpath(sent, "string(tei:placeName)") == "Moscow"
    assert xpath(action(root, "received")[0], "tei:persName/@ref") == ["psn:roosevelt-franklin"]
    assert xpath(root, "string(//tei:head[@type='classification'])") == "Personal and secret"
    assert xpath(root, "string(//tei:catRef/@target)") == "ed:doctype-message"
    assert xpath(root, "//tei:p/tei:ptr/@n") == ["57"]


def test_a_message_reported_in_the_third_person_is_an_aide_memoire(project, tmp_path):
    roots, _ = convert_text(project, tmp_path, LATER)
    root = next(r for i, r in roots.items() if i.endswith("-142"))
    assert xpath(root, "string(//tei:catRef/@target)") == "ed:doctype-aide-memoire"
    assert xpath(action(root, "sent")[0], "tei:persName/@ref") == ["psn:roosevelt-franklin"]
    assert xpath(action(root, "sent")[0], "tei:date | tei:placeName") == []
    transmitted = action(root, "transmitted")[0]
    assert xpath(transmitted, "string(tei:date/@when)") == "1943-04-02"
    assert xpath(transmitted, "string(tei:placeName)") == "Moscow"


def test_a_letter_without_a_date_line_is_kept_and_reported(project, tmp_path):
    roots, warnings = convert_text(project, tmp_path, LATER)
    root = next(r for i, r in roots.items() if i.endswith("-143"))
    assert xpath(root, "//tei:correspAction/tei:date") == []
    assert any("No. 143: no date found" in w for w in warnings)
    assert "Return to the index" not in "".join(
        "".join(r.itertext()) for r in roots.values())


def test_an_editorial_board_of_any_name_becomes_the_volumes_editors(project, tmp_path):
    roots, _ = convert_text(project, tmp_path, LATER)
    root = next(r for i, r in roots.items() if i.endswith("-141"))
    editors = xpath(root, "//tei:sourceDesc/tei:bibl/tei:editor")
    assert [clean_text(e) for e in editors] == ["B. N. Ivanov", "K. L. Petrov", "M. N. Sidorov"]
    assert [e.get("role") for e in editors] == ["chairman", None, "secretary"]


@pytest.mark.parametrize("line", [
    "Sent on February 30, 1943",
    "Moscow, February 30, 1943",
    "Moscow, 31 April 1943",
])
def test_a_date_not_in_the_calendar_is_an_error_naming_the_line(project, tmp_path, line):
    from edition.convert import load_source

    path = tmp_path / "bad-date.txt"
    body = (f"No. 7\n\n{line}\n\nJ. V. Stalin to F. D. Roosevelt\n\nText.\n"
            if line.startswith("Sent") else
            f"No. 7\n\nJ. V. Stalin to F. D. Roosevelt\n\nText.\n\nJ. Stalin\n\n{line}\n")
    path.write_text(body, encoding="utf-8")
    expected_line = body.splitlines().index(line) + 1
    source = load_source(path, "soviet", project.catalogue)
    with pytest.raises(ReaderError, match=rf"bad-date.txt:{expected_line}: .*not in the calendar"):
        read(source, project.edition_file)


def test_salutations_are_known_by_their_words_not_by_a_final_comma(project, tmp_path):
    roots, _ = convert_text(project, tmp_path, (
        "No. 20\n\nJ. V. Stalin to F. Roosevelt\n\nMarshal Roosevelt,\n\nText of the letter.\n\n"
        "With warm regards,\n\nJ. Stalin\n\n"
        "No. 21\n\nJ. V. Stalin to F. Roosevelt\n\nFurther to our talk,\n\nthe convoys sail.\n\n"
        "As before,\n\nJ. Stalin\n"), "salutes.txt")
    first = next(r for i, r in roots.items() if i.endswith("-020"))
    assert xpath(first, "string(//tei:opener/tei:salute)") == "Marshal Roosevelt,"
    assert xpath(first, "string(//tei:closer/tei:salute)") == "With warm regards,"
    second = next(r for i, r in roots.items() if i.endswith("-021"))
    assert xpath(second, "//tei:opener | //tei:closer/tei:salute") == []
    assert xpath(second, "tei:text//tei:p/text()")[:1] == ["Further to our talk,"]
