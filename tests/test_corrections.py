"""OCR damage corrected visibly, the source's reading never lost, real words left alone."""

from __future__ import annotations

import pytest

from edition.enrich.corrections import correct_text, load_rules
from edition.tei import E, clean_text, xpath

from .conftest import ROOT


@pytest.fixture(scope="module")
def rules():
    return load_rules(ROOT / "sources" / "corrections.xml")


def corrected(text: str, rules) -> tuple[object, list[str]]:
    root = E.TEI(E.teiHeader(), E.text(E.body(E.p(text))))
    return root, correct_text(root, rules)


def test_ocr_damaged_word_becomes_choice_with_sic_and_corr(rules):
    root, made = corrected("greatly useful to the eondud of the war", rules)
    choice = xpath(root, "//tei:choice")[0]
    assert xpath(choice, "string(tei:sic)") == "eondud"
    corr = xpath(choice, "tei:corr")[0]
    assert corr.text == "conduct" and corr.get("resp") == "ed:conv"
    assert corr.get("cert") == "medium"
    assert made == ["'eondud' corrected to 'conduct'"]


def test_letter_pair_confusion_in_a_short_word(rules):
    root, _ = corrected("to Ambassador Standley, ii accordance with an understanding", rules)
    assert xpath(root, "string(//tei:corr)") == "in"
    # the text around the correction is intact
    assert clean_text(xpath(root, "//tei:p")[0]).startswith("to Ambassador Standley, ii")


def test_real_words_names_numerals_and_abbreviations_are_left_alone(rules):
    for text in (
        "the matter of neutralising Finland in a favourable and organisational way",
        "guns of medium calibre, of from 20 to 37 mm., together",
        "Foreign Relations, 1942, vol. iii, p. 683",
        "Hitler’s armies and materiel; the Kremlin; tung oil; etc.",
        "(ii) the second point",
    ):
        root, made = corrected(text, rules)
        assert made == [], text


def test_confirmed_corrections_from_the_rules_file_apply(rules, tmp_path):
    path = tmp_path / "corrections.xml"
    path.write_text(
        (ROOT / "sources" / "corrections.xml").read_text().replace(
            "<!-- <item><choice><sic>Kuhr</sic><corr>Ruhr</corr></choice></item> -->",
            "<item><choice><sic>thier</sic><corr>their</corr></choice></item>",
        )
    )
    custom = load_rules(path)
    root, made = corrected("and thier forces", custom)
    assert xpath(root, "string(//tei:corr/@cert)") == "high"
    assert made == ["'thier' corrected to 'their'"]
