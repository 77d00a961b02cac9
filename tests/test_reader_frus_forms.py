"""The FRUS reader on documents it has never seen: every dateline, heading and note-marker
form FRUS prints, in documents written for these tests in the form of the web pages."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from lxml import etree

from edition.convert import Project, read_documents
from edition.model import ReaderError, Source
from edition.readers.frus import read
from edition.readers.frus_dates import parse_dateline, received_date
from edition.readers.frus_forms import load_forms
from edition.tei import E, clean_text, xpath
from edition.validate import validate
from tests.frus_gold import anchored

ROOT = Path(__file__).resolve().parents[1]
EDITION = ROOT / "tei" / "edition.xml"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def source_of(text: str, name: str = "invented.txt") -> Source:
    return Source(Path(name), text, "frus", E.bibl(E.title("invented")), "inv")


def one(text: str):
    (document,) = read(source_of(text), EDITION)
    return document


def sent(root) -> etree._Element:
    (action,) = xpath(root, "//tei:correspDesc[not(@xml:id)]/tei:correspAction[@type='sent']")
    return action


def received(root) -> etree._Element:
    (action,) = xpath(root, "//tei:correspDesc[not(@xml:id)]/tei:correspAction"
                            "[@type='received']")
    return action


def date_of(action) -> dict[str, str]:
    dates = xpath(action, "tei:date")
    return dict(dates[0].attrib) if dates else {}


def names(action) -> list[str]:
    return [clean_text(n) for n in xpath(action, "tei:persName | tei:name")]


def doctype(root) -> str:
    return xpath(root, "string(//tei:catRef[@scheme='ed:doctypes']/@target)")


def notes(root) -> list[tuple[str | None, str]]:
    """(printed number, the word just before the marker) of each footnote."""
    return anchored(xpath(root, "//tei:body")[0], "note", ("source", "received"))


# -- a telegram: classification, received line, midnight, markers glued to numbers -------

TELEGRAM = """\
761.62/1188: Telegram

The Ambassador in the Soviet Union (Harriman) to the Secretary of State

secret
operational priority

Moscow, December 2, 1943—midnight.
[Received December 3—9:15 a.m.]

1870. Reference telegram No. 4412 of November 29, which the Commissar answered.13 He agreed.

Harriman
  1. Not printed.
  2. The reply is printed on page 301.
"""


@pytest.fixture(scope="module")
def telegram():
    return one(TELEGRAM)


def test_classification_lines_stand_before_the_dateline(telegram):
    assert xpath(telegram.root, "//tei:opener/tei:seg[@type='classification']/text()") == [
        "secret", "operational priority"]


def test_midnight_is_the_end_of_the_printed_day(telegram):
    assert date_of(sent(telegram.root)) == {"when": "1943-12-02T24:00:00"}
    assert xpath(telegram.root, "//tei:opener/tei:dateline/tei:date/text()") == [
        "December 2, 1943—midnight"]


def test_received_line_takes_the_year_of_the_dateline(telegram):
    assert date_of(received(telegram.root)) == {"when": "1943-12-03T09:15:00"}
    assert xpath(telegram.root, "//tei:note[@type='received']/tei:date/@when") == [
        "1943-12-03T09:15:00"]


def test_a_marker_glued_to_a_number_is_found_by_the_note_lists_numbering(telegram):
    assert notes(telegram.root) == [("12", "44"), ("13", "answered")]
    printed = "".join(xpath(telegram.root, "//tei:div/tei:p[1]/text()"))
    assert "telegram No. 44 of November 29" in printed and "4412" not in printed


def test_an_office_alone_is_linked_through_the_registers_dated_roles(tmp_path):
    path = tmp_path / "telegram.txt"
    path.write_text(TELEGRAM, encoding="utf-8")
    (document,), _ = read_documents([path], "frus", Project(ROOT))
    assert xpath(received(document.root), "tei:persName/@ref") == ["psn:hull"]
    later = TELEGRAM.replace("December 2, 1943", "December 2, 1945").replace(
        "December 3—", "December 3, 1945—")
    path.write_text(later, encoding="utf-8")
    (document,), _ = read_documents([path], "frus", Project(ROOT))
    assert xpath(received(document.root), "tei:persName/@ref") == ["psn:byrnes"]


def test_a_telegram_is_typed_by_its_channel(telegram):
    assert doctype(telegram.root) == "ed:doctype-telegram"


# -- a joint message: heading marker after a space, bracketed dateline at the foot --------

JOINT = """\
Roosevelt Papers: Telegram

President Roosevelt and Prime Minister Churchill to Marshal Stalin 7

We have agreed on the date of the operation and will tell you of it by the [Page 88] usual channel.

Roosevelt
Churchill
[Cairo, December 4, 1943.]
  1. Sent through the Military Mission at Moscow.
"""


@pytest.fixture(scope="module")
def joint():
    return one(JOINT)


def test_a_marker_after_a_space_in_the_heading_keeps_the_addressee(joint):
    root = joint.root
    assert names(sent(root)) == ["President Roosevelt", "Prime Minister Churchill"]
    assert names(received(root)) == ["Marshal Stalin"]
    assert notes(root) == [("7", "Stalin")]
    assert xpath(root, "//tei:head/tei:note/@n") == ["7"]


def test_a_closing_dateline_in_brackets_dates_the_document(joint):
    assert date_of(sent(joint.root)) == {"when": "1943-12-04", "evidence": "external"}
    assert names(sent(joint.root)) and xpath(sent(joint.root), "tei:placeName/text()") == [
        "Cairo"]
    assert xpath(joint.root, "//tei:closer/tei:dateline/tei:date/@when") == ["1943-12-04"]


def test_a_telegram_between_heads_of_government_is_a_message(joint):
    assert doctype(joint.root) == "ed:doctype-message"


def test_the_document_starts_on_the_page_before_its_first_page_marker(joint):
    assert joint.xml_id == "inv-p87"
    assert xpath(joint.root, "//tei:sourceDesc//tei:biblScope[@unit='page']/@from") == ["87"]


# -- datelines after [Extract], day-first with an ordinal, and closing without signature --

EXTRACT = """\
Tehran Conference Files

Marshal Stalin to President Roosevelt

[Extract]

Tehran, 1st December 1943.

I thank you for your message about the conference.
"""

FOOT = """\
740.0011 EW/1-1244

The Secretary of State to the Ambassador in the Soviet Union (Harriman)1

Please deliver the enclosed message to the Commissar at once.

Washington, [January 12, 1944.]
  1. The enclosure is printed infra.
"""


def test_dateline_after_an_extract_mark_day_first_with_an_ordinal():
    root = one(EXTRACT).root
    assert xpath(root, "//tei:opener/tei:seg[@type='editorial']/text()") == ["[Extract]"]
    assert date_of(sent(root)) == {"when": "1943-12-01"}
    assert xpath(sent(root), "tei:placeName/text()") == ["Tehran"]


def test_a_signature_the_editors_supplied_in_brackets_closes_the_document():
    root = one(JOINT.replace("Roosevelt\nChurchill", "[Roosevelt]")).root
    assert xpath(root, "//tei:closer/tei:signed/tei:persName/text()") == ["Roosevelt"]
    assert clean_text(xpath(root, "//tei:closer/tei:signed")[0]) == "[Roosevelt]"
    assert xpath(root, "//tei:closer/tei:dateline/tei:date/@when") == ["1943-12-04"]


def test_a_closing_dateline_without_a_signature_on_the_last_line_before_the_notes():
    root = one(FOOT).root
    assert date_of(sent(root)) == {"when": "1944-01-12", "evidence": "external"}
    assert xpath(root, "//tei:closer/tei:dateline/tei:placeName/text()") == ["Washington"]
    assert not xpath(root, "//tei:p[contains(., 'January 12')]")
    assert names(sent(root)) == ["the Secretary of State"]
    assert names(received(root)) == ["Harriman"]


@pytest.mark.parametrize(("line", "place", "when", "supplied"), [
    ("Cairo, December 2, 1943—3 p.m.", "Cairo", "1943-12-02T15:00:00", False),
    ("Tehran, 1 December 1943.", "Tehran", "1943-12-01", False),
    ("1st December 1943", None, "1943-12-01", False),
    ("[Cairo,] December 3, 1943.", "Cairo", "1943-12-03", False),
    ("Tehran, [November 29, 1943.]", "Tehran", "1943-11-29", True),
    ("[Cairo, December 4, 1943.]", "Cairo", "1943-12-04", True),
    ("Moscow, October 9, 1944—noon.", "Moscow", "1944-10-09T12:00:00", False),
    ("Washington, May 5, 1942, 11:30 a.m.", "Washington", "1942-05-05T11:30:00", False),
    ("London, Sept. 3, 1944—midnight", "London", "1944-09-03T24:00:00", False),
    ("Hyde Park, N. Y., August 26, 1944.", "Hyde Park, N. Y.", "1944-08-26", False),
    ("Quebec, 2d September 1944, 10 p.m.", "Quebec", "1944-09-02T22:00:00", False),
])
def test_every_dateline_form(line, place, when, supplied):
    found = parse_dateline(line, load_forms(EDITION).undated)
    assert (found.place, found.date.when, found.supplied) == (place, when, supplied)


@pytest.mark.parametrize("line", [
    "I saw him on May 5, 1942.", "The meeting, December 2, 1943, was long and hard.",
    "Number 66, top secret and personal to Marshal Stalin, 1944", "1870. Reference",
])
def test_sentences_are_not_datelines(line):
    assert parse_dateline(line, load_forms(EDITION).undated) is None


def test_received_lines_with_and_without_year_and_across_new_year():
    assert received_date("[Received December 3—9:15 a.m.]", "1943-12-02")[1] == \
        "1943-12-03T09:15:00"
    assert received_date("[Received January 2, 9 a.m.]", "1942-12-31T20:00:00")[1] == \
        "1943-01-02T09:00:00"
    assert received_date("[Received December 5.]", "1943-12-02")[1] == "1943-12-05"
    assert received_date("[Received February 30—9 a.m.]", "1943-02-01") is None
    assert received_date("[Received 10:30 p.m.]", "1943-12-02T15:00:00")[1] == \
        "1943-12-02T22:30:00"
    assert received_date("[Received 8 a.m.]", "1943-12-02T15:00:00")[1] == "1943-12-03T08:00:00"
    assert received_date("[Received 8 a.m.]", None) is None


# -- undated documents: a date the notes state, else an open range ------------------------

STATED = """\
861.24/1701

Memorandum by the Ambassador in the Soviet Union (Harriman)1

[Undated.]

The conversation turned to supplies for the winter.
  1. Enclosure to despatch No. 27, dated December 4, 1943, from Moscow.
"""

OPEN = """\
861.24/1702

The Ambassador in the Soviet Union (Harriman) to President Roosevelt

[Undated.]

In reply to your message of November 30, 1943, I have seen the Marshal.1

Harriman
  1. Transmitted to the President on December 6, 1943.
"""

NOTHING = """\
861.24/1703

The Ambassador in the Soviet Union (Harriman) to President Roosevelt

[Undated.]

I have seen the Marshal.

Harriman
"""


def test_undated_document_takes_the_date_a_note_states_for_it():
    document = one(STATED)
    root = document.root
    assert not xpath(root, "//tei:correspDesc")
    assert doctype(root) == "ed:doctype-memorandum"
    (date,) = xpath(root, "//tei:creation/tei:date")
    assert dict(date.attrib) == {"when": "1943-12-04", "cert": "medium", "evidence": "internal"}
    assert xpath(root, "//tei:creation/tei:persName/text()") == ["Harriman"]
    assert any("dated December 4, 1943" in w for w in document.warnings)


def test_undated_document_stays_open_between_what_it_mentions_and_its_notes():
    document = one(OPEN)
    assert date_of(sent(document.root)) == {
        "notBefore": "1943-11-30", "notAfter": "1943-12-06", "cert": "low",
        "evidence": "internal"}
    assert any("between 1943-11-30 and 1943-12-06" in w for w in document.warnings)


def test_undated_document_without_evidence_is_left_undated_and_said_so():
    document = one(NOTHING)
    assert date_of(sent(document.root)) == {}
    assert any("left undated" in w for w in document.warnings)


# -- headings and what a document is ------------------------------------------------------

def heading_document(heading: str, opener: str = "", source: str = "123.45/678") -> str:
    return f"{source}\n\n{heading}\n\n{opener}The text of the document.\n"


@pytest.mark.parametrize(("heading", "senders", "addressees"), [
    ("The Ambassador in China (Gauss) to the Secretary of State", ["Gauss"],
     ["the Secretary of State"]),
    ("The Chargé in the Soviet Union (Hamilton) to the People’s Commissar for Foreign Affairs "
     "(Molotov)", ["Hamilton"], ["Molotov"]),
    ("President Roosevelt and Prime Minister Churchill to Marshal Stalin",
     ["President Roosevelt", "Prime Minister Churchill"], ["Marshal Stalin"]),
    ("The Secretary of State to the Ambassador in the Soviet Union (Harriman)",
     ["the Secretary of State"], ["Harriman"]),
    ("Memorandum by the Secretary of State to President Roosevelt",
     ["the Secretary of State"], ["President Roosevelt"]),
])
def test_heading_forms(heading, senders, addressees):
    root = one(heading_document(heading, "Washington, March 3, 1944.\n\n")).root
    assert names(sent(root)) == senders
    assert names(received(root)) == addressees


@pytest.mark.parametrize(("heading", "opener", "expected"), [
    ("Memorandum of Conversation, by the Ambassador in the Soviet Union (Harriman)",
     "Moscow, March 3, 1944.\n\n", "memorandum"),
    ("The British Embassy to the Department of State", "Aide-Mémoire\n\n", "aide-memoire"),
    ("Briefing Paper Prepared in the Department of State", "", "briefing-paper"),
    ("The Ambassador in the Soviet Union (Harriman) to the People’s Commissar for Foreign "
     "Affairs (Molotov)", "No. 12\n\nExcellency:\n\n", "note"),
    ("President Roosevelt to Marshal Stalin", "Washington, March 3, 1944.\n\n", "message"),
    ("The Secretary of State to the Ambassador in the Soviet Union (Harriman)",
     "Washington, March 3, 1944.\n\n", "letter"),
])
def test_document_types_come_from_heading_and_form(heading, opener, expected):
    assert doctype(one(heading_document(heading, opener)).root) == f"ed:doctype-{expected}"


def test_a_memorandum_of_conversation_records_its_participants():
    text = ("123.45/679\n\nMemorandum of Conversation, by the Secretary of State\n\n"
            "Moscow, October 25, 1943.\n\nParticipants: Mr. Molotov, Mr. Pavlov\n\n"
            "We spoke of the conference.\n")
    root = one(text).root
    assert not xpath(root, "//tei:correspDesc")
    assert xpath(root, "//tei:creation/tei:persName/text()") == [
        "the Secretary of State", "Mr. Molotov", "Mr. Pavlov"]
    assert xpath(root, "//tei:creation/tei:placeName/text()") == ["Moscow"]
    assert xpath(root, "//tei:creation/tei:date/@when") == ["1943-10-25"]


def test_a_briefing_paper_has_no_correspondents():
    root = one(heading_document("Briefing Paper Prepared in the Department of State")).root
    assert not xpath(root, "//tei:correspDesc")
    assert xpath(root, "//tei:creation/tei:persName/text()") == ["the Department of State"]


def test_a_quoted_message_points_at_its_own_correspDesc():
    text = ("123.45/680\n\nThe Ambassador in the Soviet Union (Harriman) to the People’s "
            "Commissar for Foreign Affairs (Molotov)\n\nExcellency: I am instructed to deliver "
            "the following message, dated March 2, 1944, from President Roosevelt to Marshal "
            "Stalin:\n\n“I am glad to hear of your victories.”\n\nHarriman\n")
    root = one(text).root
    (message,) = xpath(root, "//tei:floatingText")
    target = message.get("decls")
    assert target.startswith("#")
    (desc,) = xpath(root, f"//tei:profileDesc/tei:correspDesc[@xml:id='{target[1:]}']")
    assert names(xpath(desc, "tei:correspAction[@type='sent']")[0]) == ["President Roosevelt"]
    assert not xpath(root, "//@corresp")


# -- bad input: a clear error with file and line, never a traceback ----------------------

@pytest.mark.parametrize("text", [
    "*\n\nSome text.\n",
    "President Roosevelt to Marshal Stalin*\n\nA text.*2\n  1. A note.\n",
    "The *Ambassador* (Harriman) to *\n\n* 1. x\n",
    "  1. A note without a document.\n  2. Another.\n",
    "[Page 12]\n\n[Page 13]\n",
    "123.45/678\n\nThe Ambassador (Harriman) to the Secretary of State\n\n"
    "Moscow, February 30, 1944.\n\nText.\n",
    "123.45/678\n\nThe Ambassador (Harriman) to the Secretary of State\n\n"
    "[Received February 31—9 a.m.]\n\nText.99999\n  1. x\n",
    "No. 4412\n\nNo. 4412 to No. 4413 1\n\nNo. 99999999.1\n  1. x\n  2. y\n",
    "\x00\x01\n\nPresident Roosevelt to (\n\n)\n",
])
def test_malformed_input_converts_or_fails_with_file_and_line(text):
    try:
        documents = read(source_of(text), EDITION)
    except ReaderError as error:
        assert str(error).startswith("invented.txt:")
    else:
        for document in documents:
            etree.fromstring(etree.tostring(document.root))


def test_fuzzed_frus_texts_convert_or_fail_cleanly():
    """Seeded mutations of the invented documents: lines dropped, doubled, marks inserted."""
    rng = random.Random(1943)
    pieces = ["*", "1", "[", "]", "[Page 5]", "—", "12", " to ", "(", ")", ":", "  1. ", "•"]
    bases = [TELEGRAM, JOINT, EXTRACT, FOOT, STATED, OPEN]
    for _ in range(150):
        lines = rng.choice(bases).splitlines()
        for _ in range(rng.randint(1, 4)):
            index = rng.randrange(len(lines))
            action = rng.randrange(3)
            if action == 0:
                del lines[index]
            elif action == 1:
                lines.insert(index, lines[index])
            else:
                line = lines[index]
                at = rng.randint(0, len(line))
                lines[index] = line[:at] + rng.choice(pieces) + line[at:]
            if not lines:
                lines = ["x"]
        try:
            read(source_of("\n".join(lines)), EDITION)
        except ReaderError as error:
            assert str(error).startswith("invented.txt:"), str(error)


def test_the_vocabulary_file_is_required_and_named_when_missing(tmp_path):
    (tmp_path / "tei").mkdir()
    edition = tmp_path / "tei" / "edition.xml"
    edition.write_bytes(EDITION.read_bytes())
    with pytest.raises(ReaderError, match="frus-forms.xml"):
        read(source_of(TELEGRAM), edition)


def test_ids_stay_unique_when_a_note_list_is_longer_than_its_markers():
    root = one(TELEGRAM.replace("answered.13", "answered.")).root
    ids = xpath(root, "//@xml:id")
    assert len(ids) == len(set(ids))
    assert {n.get(XML_ID) for n in xpath(root, "//tei:note[@place='foot']")} == {
        "inv-001-fn1", "inv-001-fn2"}


def test_a_source_note_naming_nobody_yields_to_the_heading_below_it():
    text = ("Enclosure to despatch No. 27\n\nThe Ambassador in the Soviet Union (Harriman) to "
            "the Secretary of State\n\nMoscow, March 3, 1944.\n\nThe text.\n")
    root = one(text).root
    assert xpath(root, "//tei:note[@type='source']/text()") == ["Enclosure to despatch No. 27"]
    assert names(sent(root)) == ["Harriman"]


def test_a_memorandum_without_source_note_keeps_its_meeting_subheading():
    text = ("Memorandum by Mr. Harold Brown\n\nConference at the Embassy on May 4, 1942, 4 to "
            "6 p.m., Between Harold Brown and Mr. Ivan Petrov\n\nWe discussed the convoys.\n")
    root = one(text).root
    assert clean_text(xpath(root, "//tei:div/tei:head[1]")[0]) == "Memorandum by Mr. Harold Brown"
    (date,) = xpath(root, "//tei:creation/tei:date")
    assert (date.get("from"), date.get("to")) == ("1942-05-04T16:00:00", "1942-05-04T18:00:00")
    assert xpath(root, "//tei:creation/tei:persName/text()") == ["Harold Brown", "Mr. Ivan Petrov"]


def test_a_memorandums_author_by_office_is_linked_by_the_date_of_the_conversation(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text("123.45/681\n\nMemorandum of Conversation, by the Secretary of State\n\n"
                    "Moscow, October 25, 1943.\n\nWe spoke of the conference.\n", encoding="utf-8")
    (document,), _ = read_documents([path], "frus", Project(ROOT))
    assert xpath(document.root, "//tei:creation/tei:persName/@ref") == ["psn:hull"]
    assert xpath(document.root, "string(//tei:titleStmt/tei:title)") == (
        "Memorandum of Conversation by the Secretary of State, 25 October 1943")


def test_dateline_after_a_telegram_number_line_with_a_comma_time():
    text = ("740.0011 EW/9-244: Telegram\n\nThe Ambassador in the United Kingdom (Winant) to the "
            "Secretary of State\n\ntop secret\nNo. 7210\n\nLondon, 2 September 1944, 10 p.m.\n"
            "[Received September 3—1:05 a.m.]\n\nThe Prime Minister has seen the message.\n")
    root = one(text).root
    assert xpath(root, "//tei:opener/tei:seg/@type") == ["classification", "number"]
    assert xpath(root, "//tei:opener/tei:seg[@type='number']/text()") == ["No. 7210"]
    assert date_of(sent(root)) == {"when": "1944-09-02T22:00:00"}
    assert date_of(received(root)) == {"when": "1944-09-03T01:05:00"}


def test_a_dateline_with_a_span_of_the_day_gives_from_and_to():
    text = ("Roosevelt Papers\n\nPresident Roosevelt to Marshal Stalin\n\n"
            "Tehran, November 29, 1943, 2:45 to 3:30 p.m.\n\nWe met at the Soviet Embassy.\n")
    root = one(text).root
    assert date_of(sent(root)) == {"from": "1943-11-29T14:45:00", "to": "1943-11-29T15:30:00"}
    assert xpath(root, "//tei:dateline/tei:date/text()") == ["November 29, 1943, 2:45 to 3:30 p.m."]
    assert parse_dateline("Tehran, November 29, 1943, 2:45 to 1 p.m.") is None


def test_an_asterisk_in_the_heading_is_a_mark_not_a_crash():
    """Issue 13: an asterisk title made the reader fail with a TypeError."""
    document = one("President Roosevelt to Marshal Stalin*\n\nA text.*2\n  1. A note.\n")
    assert names(received(document.root)) == ["Marshal Stalin"]
    assert xpath(document.root, "//tei:note[@place='foot']/@n") == ["2"]


def test_a_nested_message_without_its_own_correspDesc_is_an_error(tmp_path):
    """MESSAGE-DESC: floatingText/@decls must point at a correspDesc of the file's header."""
    tei = tmp_path / "tei"
    shutil.copytree(ROOT / "tei", tei)
    letter = tei / "letters" / "frus1943v03-p616.xml"
    text = letter.read_text(encoding="utf-8")
    assert 'decls="#frus1943v03-p616-msg1-desc"' in text
    _, problems = validate([letter], ROOT / "schema")
    assert not [p for p in problems if p.severity == "error"]
    letter.write_text(text.replace('decls="#frus1943v03-p616-msg1-desc"', ""), encoding="utf-8")
    _, problems = validate([letter], ROOT / "schema")
    assert [p.rule for p in problems if p.severity == "error"] == ["MESSAGE-DESC"]


def test_a_frus_text_without_page_markers_or_notes_is_recognised_by_its_dateline():
    from edition.readers import detect_format

    text = ("711.61/902: Telegram\n\n"
            "The Consul General at Vladivostok (Ward) to the Secretary of State\n\n"
            "Vladivostok, March 3, 1942—4 p.m.\n"
            "[Received March 4—8:15 a.m.]\n\n"
            "55. The harbour is closed by ice.\n\nWard\n")
    assert detect_format(text) == "frus"
    assert detect_format("A plain paragraph of prose.\n\nAnother one, of 1942.\n") is None
