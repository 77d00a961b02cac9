"""Dates in running text: ISO values, years inferred from context, weekdays checked."""

from __future__ import annotations

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
    assert found[1] == ("8:20 a.m.", {"when": "08:20:00"})


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
        {"notBefore": "1917", "notAfter": "1947"},
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
