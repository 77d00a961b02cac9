from edition.readers.markers import Marker, split_markers


def labels(text: str) -> list[str]:
    return [p.label for p in split_markers(text) if isinstance(p, Marker)]


def test_digits_glued_to_a_word_are_markers():
    assert labels("conclude a new peace treaty1 with her") == ["1"]


def test_digits_after_word_and_punctuation_are_markers():
    assert labels("the Three-Power Conference in Moscow,4 which") == ["4"]
    assert labels("the final defeat of Hitlerism.6 I should") == ["6"]
    assert labels("visits with you.3 I can’t") == ["3"]


def test_asterisk_and_number_together_are_two_markers():
    assert labels("F. Roosevelt and W. Churchill to J. V. Stalin*2") == ["*", "2"]


def test_asterisk_after_a_date_is_a_marker():
    assert labels("on November 2, 1941*") == ["*"]


def test_numbers_that_are_not_markers_stay_text():
    for text in (
        "up to the value of $1,000,000,000.",
        "the 200 Curtiss P–40’s which",
        "guns of medium calibre, of from 20 to 37 mm., together",
        "No. L–27",
        "740.0011 European War 1939/14917½",
        "on November 2, 1941 and",
        "twenty-five per cent within thirty to sixty days",
    ):
        assert labels(text) == [], text


def test_accept_vetoes_implausible_numbers():
    parts = split_markers("Moscow3 and Kuhr99", accept=lambda n: n < 10)
    assert [p.label for p in parts if isinstance(p, Marker)] == ["3"]
    assert "".join(p for p in parts if isinstance(p, str)) == "Moscow and Kuhr99"
