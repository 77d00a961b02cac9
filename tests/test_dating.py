"""Dates in running text: ISO values, years inferred from context, weekdays checked."""

from __future__ import annotations

import pytest

from edition.enrich.dating import date_text
from edition.tei import E, tei, xpath


def letter(*paragraphs, sent: str | None = None, notes=()):
    """A minimal TEI letter: header date ``sent`` and the given paragraphs."""
    actions = [E.correspAction(E.date(when=sent), type="sent")] if sent else []
    body = E.body(*(E.p(p) for p in paragraphs))
    for note in notes:
        body[-1].append(E.note(note))
    return E.TEI(E.teiHeader(E.profileDesc(E.correspDesc(*actions))), E.text(body))


def dates(root):
    return [(d.text, dict(d.attrib)) for d in root.iter(tei("date"), tei("time"))
            if d.getparent().tag != tei("correspAction")]


def test_full_date_gets_its_iso_value():
    root = letter("Conference at the Kremlin on July 30, 1941, at noon.")
    date_text(root, "x")
    assert dates(root) == [("July 30, 1941", {"when": "1941-07-30"}),
                           ("noon", {"when": "12:00:00"})]


def test_bare_month_day_takes_year_from_letter_date():
    root = letter("my proposal of December 30 that General Bradley", sent="1943-01-08")
    problems = date_text(root, "x")
    assert problems == []
    text, attrs = dates(root)[0]
    assert text == "December 30"
    assert attrs["when"] == "1942-12-30"
    assert attrs["evidence"] == "internal" and attrs["resp"] == "ed:conv"
    assert attrs["cert"] == "medium"


def test_weekday_that_agrees_raises_certainty():
    root = letter("report the results by Saturday, December 20. That should",
                  "let me know by Saturday, the 20th.", sent="1941-12-16")
    date_text(root, "x")
    found = dates(root)
    assert found[0] == ("Saturday, December 20",
                        {"when": "1941-12-20", "evidence": "internal", "resp": "ed:conv",
                         "cert": "high"})
    assert found[1][0] == "Saturday, the 20th"
    assert found[1][1]["when"] == "1941-12-20" and found[1][1]["cert"] == "high"


def test_weekday_that_disagrees_is_reported_not_accepted():
    root = letter("We shall meet on Monday, December 20.", sent="1941-12-16")
    problems = date_text(root, "letter.xml")
    assert problems == ["letter.xml: 'Monday, December 20': 1941-12-20 is a Saturday, not a Monday"]
    assert dates(root)[0][1]["cert"] == "low"


def test_time_range_after_a_date_becomes_from_and_to():
    root = letter("Conference at the Kremlin on July 30, 1941, 6:30 to 8:30 p.m., Between")
    date_text(root, "x")
    assert dates(root)[0] == ("July 30, 1941, 6:30 to 8:30 p.m.",
                              {"from": "1941-07-30T18:30:00", "to": "1941-07-30T20:30:00"})


def test_noon_and_clock_times():
    root = letter("given on April 11, 1942, noon. He had arrived at 8:20 a.m. on July 30, 1941.")
    date_text(root, "x")
    found = dates(root)
    assert found[0] == ("April 11, 1942, noon", {"when": "1942-04-11T12:00:00"})
    assert found[1] == ("8:20 a.m. on July 30, 1941", {"when": "1941-07-30T08:20:00"})


def test_frus_dateline_with_dash_and_time():
    root = letter("Kuibyshev, October 2, 1942—3 p.m.")
    date_text(root, "x")
    assert dates(root)[0][1] == {"when": "1942-10-02T15:00:00"}


def test_vague_spans_become_not_before_and_not_after():
    root = letter(
        "the text of which was agreed early in November by both countries.",
        sent="1941-11-14",
    )
    date_text(root, "x")
    assert dates(root)[0][1]["notBefore"] == "1941-11-01"
    assert dates(root)[0][1]["notAfter"] == "1941-11-10"
    root = letter("Partnership, 1917-1947. In March 1947 and in the spring of 1941, early 1939.")
    date_text(root, "x")
    assert [a for _, a in dates(root)] == [
        {"from": "1917", "to": "1947"},
        {"when": "1947-03"},
        {"notBefore": "1941-03-01", "notAfter": "1941-05-31"},
        {"notBefore": "1939-01-01", "notAfter": "1939-04-30"},
    ]


def test_year_context_carries_through_an_essay_paragraph():
    root = letter("When Hitler seized Austria in early 1939, Stalin spoke. Finally on April 16, "
                  "he proposed a pact. On May 3, Stalin replaced Litvinov.", sent="2021-11-30")
    date_text(root, "x")
    assert [a.get("when") for _, a in dates(root)][1:] == ["1939-04-16", "1939-05-03"]


def test_numbers_that_are_not_dates_stay_text():
    root = letter(
        "740.0011 European War 1939/14917½ and telegram No. 1942 about 2,000 tons, "
        "$1,000,000,000 and 1200 to 2200 kilometres; the 175th Meeting."
    )
    date_text(root, "x")
    assert dates(root) == []


def test_dates_in_notes_do_not_move_the_context_of_the_text():
    root2 = letter("First part.", "the proposal of December 30", sent="1943-01-08")
    xpath(root2, "//tei:p")[0].append(E.note("Published in 1957."))
    date_text(root2, "x")
    assert [a.get("when") for _, a in dates(root2)] == ["1957", "1942-12-30"]


def test_impossible_date_is_reported():
    root = letter("on February 30, 1942 we met")
    problems = date_text(root, "f.xml")
    assert problems == ["f.xml: 'February 30, 1942' is not a calendar date"]


def test_a_time_beside_a_day_the_reader_marked_joins_that_day():
    """A reader may mark the day itself; the time printed before or after it still joins it."""
    head = E.head("Talks on ", E.date("May 5, 1943", when="1943-05-05"), ", 4 to 6:15 p.m., and")
    note = E.p("He left at 9:05 a.m. on ", E.date("May 6, 1943", when="1943-05-06"), ".")
    root = E.TEI(E.teiHeader(), E.text(E.body(head, note)))
    date_text(root)
    assert [(clean(d), dict(d.attrib)) for d in root.iter(tei("date"))] == [
        ("May 5, 1943, 4 to 6:15 p.m.", {"from": "1943-05-05T16:00:00",
                                          "to": "1943-05-05T18:15:00"}),
        ("9:05 a.m. on May 6, 1943", {"when": "1943-05-06T09:05:00"}),
    ]
    assert list(root.iter(tei("time"))) == []


def clean(element):
    return "".join(element.itertext())


def test_a_year_mentioned_in_passing_does_not_move_the_story():
    root = letter("The armistice was signed on March 3, 1918, at Brest.",
                  "The talks of 1905 had failed. The delegates met again in mid-May to settle "
                  "the frontier, and signed on June 2.")
    date_text(root)
    found = [a for _, a in dates(root)]
    assert found[2]["notBefore"] == "1918-05-11" and found[2]["cert"] == "medium"
    assert found[3]["when"] == "1918-06-02"


def test_a_look_back_governs_only_its_sentence():
    root = letter("By April 30, 1945 the war in Europe was ending. The marshal had promised this "
                  "back in October of 1943 to his allies. The armies were ready in early July "
                  "and struck on August 9.")
    date_text(root)
    found = [a for _, a in dates(root)]
    assert found[1] == {"when": "1943-10"}
    assert found[2]["notBefore"] == "1945-07-01"
    assert found[3]["when"] == "1945-08-09"


def test_the_sentences_own_year_wins_and_a_competing_year_lowers_certainty():
    root = letter("The convoy left on October 2, 1941.",
                  "In 1943, on June 6, the second convoy sailed. Then on June 20 it arrived.")
    date_text(root)
    found = [a for _, a in dates(root)]
    assert found[2] == {"when": "1943-06-06", "evidence": "internal", "resp": "ed:conv",
                        "cert": "low"}
    # A new sentence: the story's time (June 1943, just narrated) governs again.
    assert found[3]["when"] == "1943-06-20" and found[3]["cert"] == "medium"


def test_a_spans_years_are_from_and_to_and_govern_their_sentence_only():
    root = letter("He ruled 1924-1953 and reformed the party in the 1930s.", sent="1942-05-01")
    date_text(root)
    assert [a for _, a in dates(root)] == [{"from": "1924", "to": "1953"},
                                           {"notBefore": "1930", "notAfter": "1939"}]


def test_the_period_in_the_title_keeps_the_date_of_writing_out_of_the_story():
    """An essay written in 2021 about 1917-1947: 'December 7th' alone is not read as 2021."""
    root = E.TEI(
        E.teiHeader(E.fileDesc(E.titleStmt(E.title("Allies and rivals, 1917-1947")))),
        E.text(E.front(E.docDate("1 May 2021", when="2021-05-01")),
               E.body(E.p("On December 7th the attack came. It began on December 7, 1941."),
                      E.p("By mid-December the fleet had sailed."))))
    date_text(root)
    found = [a for _, a in dates(root) if "when" in a or "notBefore" in a]
    assert [a.get("when") or a.get("notBefore") for a in found] == [
        "1941-12-07", "1941-12-11"]
    assert "December 7th" not in [d.text for d in root.iter(tei("date"))]


# -- the essay, converted with every pass: the years its year-less dates take ---------------


@pytest.fixture(scope="module")
def essay_dates(project):
    from edition.convert import read_documents

    documents, _ = read_documents([project.root / "sources" / "essay-wesser-2021.txt"], "essay",
                                  project)
    root = documents[0].root
    return {"".join(d.itertext()): dict(d.attrib)
            for d in xpath(root, "//tei:body//tei:date[not(ancestor::tei:note)]")}


@pytest.mark.parametrize(("printed", "value"), [
    ("December 7th", "1941-12-07"),        # Pearl Harbor, after the Moscow Protocol of 1941
    ("mid-August", "1941-08-11"),          # the Atlantic Charter, after June 22 (1941)
    ("early July", "1945-07-01"),          # not the 'back in October of 1943' of its paragraph
    ("the beginning of August", "1945-08-01"),
    ("August 8", "1945-08-08"),
    ("April 16", "1939-04-16"),
])
def test_the_essays_year_less_dates_take_the_year_of_their_story(essay_dates, printed, value):
    attributes = essay_dates[printed]
    assert (attributes.get("when") or attributes.get("notBefore")) == value
    assert attributes["evidence"] == "internal"


def test_the_essays_spans_of_years_are_from_and_to(essay_dates):
    assert essay_dates["1917-1939"] == {"from": "1917", "to": "1939"}
    assert essay_dates["1936-38"] == {"from": "1936", "to": "1938"}
