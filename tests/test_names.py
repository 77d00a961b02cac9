"""Name linking: register forms, roles by date, misspellings, ambiguity never guessed."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from edition.cli import main
from edition.enrich.context import set_contexts
from edition.enrich.names import link_names, load_registers
from edition.tei import E, clean_text, xpath

PERSONS = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="persons"><teiHeader/><text><body><listPerson>
  <person xml:id="roosevelt-franklin">
    <persName type="reg"><surname>Roosevelt</surname>, <forename>Franklin</forename></persName>
    <persName type="variant">Franklin Roosevelt</persName>
    <persName type="variant">Roosevelt</persName>
    <persName type="variant">FDR</persName>
    <persName type="role" from="1933-03-04" to="1945-04-12">the President</persName>
  </person>
  <person xml:id="truman">
    <persName type="reg"><surname>Truman</surname>, <forename>Harry S.</forename></persName>
    <persName type="variant">Truman</persName>
    <persName type="role" from="1945-04-12" to="1953-01-20">the President</persName>
  </person>
  <person xml:id="roosevelt-elliott">
    <persName type="reg"><surname>Roosevelt</surname>, <forename>Elliott</forename></persName>
    <persName type="variant">Elliott Roosevelt</persName>
    <persName type="variant" subtype="misspelling">Elliot Roosevelt</persName>
  </person>
  <person xml:id="hopkins">
    <persName type="reg"><surname>Hopkins</surname>, <forename>Harry Lloyd</forename></persName>
    <persName type="variant">Harry Hopkins</persName>
    <persName type="variant" subtype="error">Henry Hopkins</persName>
    <persName type="variant">Mr. Hopkins</persName>
  </person>
  <person xml:id="harriman">
    <persName type="reg"><surname>Harriman</surname>, <forename>Averell</forename></persName>
    <persName type="variant">Averell Harriman</persName>
    <persName type="variant" subtype="misspelling">Averill Harriman</persName>
  </person>
  <person xml:id="smith-a">
    <persName type="reg"><surname>Smith</surname>, <forename>Adam</forename></persName>
    <persName type="variant">General Smith</persName></person>
  <person xml:id="smith-b">
    <persName type="reg"><surname>Smith</surname>, <forename>Bob</forename></persName>
    <persName type="variant">General Smith</persName></person>
</listPerson></body></text></TEI>
"""


@pytest.fixture
def registers(tmp_path):
    folder = tmp_path / "registers"
    folder.mkdir()
    (folder / "persons.xml").write_text(PERSONS, encoding="utf-8")
    return load_registers(folder)


def document(text: str, when: str | None = None):
    actions = [E.correspAction(E.date(when=when), type="sent")] if when else []
    return E.TEI(E.teiHeader(E.profileDesc(E.correspDesc(*actions))), E.text(E.body(E.p(text))))


def linked(root):
    return [(clean_text(n), n.get("ref"), n.get("type")) for n in xpath(root, "//tei:p/*")]


def test_register_variants_are_linked_longest_first(registers):
    root = document("Elliott Roosevelt wrote that Roosevelt and FDR’s aides disagreed.")
    link_names(root, registers)
    assert linked(root) == [
        ("Elliott Roosevelt", "psn:roosevelt-elliott", None),
        ("Roosevelt", "psn:roosevelt-franklin", None),
        ("FDR", "psn:roosevelt-franklin", None),
    ]


def test_misspellings_and_errors_are_linked_and_stay_visible(registers):
    root = document("Elliot Roosevelt, Averill Harriman and Henry Hopkins met.")
    link_names(root, registers)
    assert linked(root) == [
        ("Elliot Roosevelt", "psn:roosevelt-elliott", "misspelling"),
        ("Averill Harriman", "psn:harriman", "misspelling"),
        ("Henry Hopkins", "psn:hopkins", "error"),
    ]
    assert clean_text(xpath(root, "//tei:p")[0]).startswith("Elliot Roosevelt, Averill")


def test_the_president_means_who_held_the_office_at_the_documents_date(registers):
    in_1942 = document("The President considered Hitler the enemy of mankind.", "1942-04-11")
    link_names(in_1942, registers)
    assert linked(in_1942) == [("The President", "psn:roosevelt-franklin", None)]
    in_1946 = document("the President announced a new policy", "1946-03-12")
    link_names(in_1946, registers)
    assert linked(in_1946) == [("the President", "psn:truman", None)]


def test_the_president_is_not_linked_without_a_date_or_before_of(registers):
    undated = document("the President announced a new policy")
    link_names(undated, registers)
    assert linked(undated) == []
    other_office = document("to the President of the Council of People’s Commissars",
                            "1942-04-11")
    link_names(other_office, registers)
    assert linked(other_office) == []


def test_a_form_of_two_entries_is_not_guessed_but_reported(registers):
    root = document("General Smith arrived.")
    header = E.persName("General Smith")
    xpath(root, "//tei:correspDesc")[0].append(E.correspAction(header, type="received"))
    problems = link_names(root, registers)
    assert linked(root) == []
    assert header.get("ref") is None
    assert problems == ["'General Smith' matches 2 register entries: psn:smith-a, psn:smith-b"]
    assert registers.ambiguous() == {"General Smith": {"psn:smith-a", "psn:smith-b"}}


def letter(ident, sender, addressee, when):
    root = E.TEI(E.teiHeader(
        E.fileDesc(E.titleStmt(E.title(f"{ident} title"))),
        E.profileDesc(E.correspDesc(
            E.correspAction(E.persName(ref=sender), E.date(when=when), type="sent"),
            E.correspAction(E.persName(ref=addressee), type="received"),
        )),
    ))
    return root


def test_corresp_context_is_chronological_and_reciprocal():
    letters = {
        "b": letter("b", "psn:roosevelt", "psn:stalin", "1941-09-30"),
        "a": letter("a", "psn:stalin", "psn:roosevelt", "1941-08-04"),
        "c": letter("c", "psn:stalin", "psn:roosevelt", "1941-10-03"),
        "x": letter("x", "psn:churchill", "psn:stalin", "1941-09-01"),
    }
    assert set_contexts(letters) == {"a", "b", "c"}

    def pointers(ident):
        return [(r.get("type"), r.get("target")) for r in xpath(letters[ident], "//tei:ref")]

    assert pointers("a") == [("next", "b.xml")]
    assert pointers("b") == [("previous", "a.xml"), ("next", "c.xml")]
    assert pointers("c") == [("previous", "b.xml")]
    assert pointers("x") == []
    assert xpath(letters["b"], "string(//tei:ref[@type='next'])") == "c title"
    assert set_contexts(letters) == set()  # stable: nothing changes the second time


def test_names_report_and_check_mode(project_copy, monkeypatch):
    monkeypatch.chdir(project_copy.root)
    letter_path = project_copy.tei / "letters" / "sov2-001.xml"
    text = letter_path.read_text(encoding="utf-8")
    assert "great importance to the matter of neutralising" in text
    letter_path.write_text(text.replace(
        "great importance to the matter of neutralising",
        "great importance, says Mr Zhdanovsky, to the matter of neutralising"), encoding="utf-8")
    result = CliRunner().invoke(main, ["names", "--check"])
    assert result.exit_code == 1
    assert "'Zhdanovsky'" in result.output
    assert "sov2-001.xml" in result.output


def test_link_command_links_a_new_register_variant_in_edited_tei(project_copy, monkeypatch):
    monkeypatch.chdir(project_copy.root)
    persons = project_copy.tei / "registers" / "persons.xml"
    persons.write_text(persons.read_text(encoding="utf-8").replace(
        '<persName type="variant">Litvinov</persName>',
        '<persName type="variant">Litvinov</persName>\n'
        '          <persName type="variant">the Soviet Ambassador Litvinov</persName>'),
        encoding="utf-8")
    letter_path = project_copy.tei / "letters" / "sov2-007.xml"
    letter_path.write_text(letter_path.read_text(encoding="utf-8").replace(
        "On the basis indicated,",
        "As the Soviet Ambassador Litvinov knows, on the basis indicated,"),
        encoding="utf-8")
    result = CliRunner().invoke(main, ["link"])
    assert result.exit_code == 0, result.output
    assert "sov2-007.xml" in result.output
    assert ('<persName ref="psn:litvinov">the Soviet Ambassador Litvinov</persName>'
            in letter_path.read_text(encoding="utf-8"))
    again = CliRunner().invoke(main, ["link"])
    assert again.output.strip().endswith("0 changed")
    shutil.rmtree(project_copy.root / "output", ignore_errors=True)


def test_a_role_form_that_does_not_apply_does_not_hide_a_longer_name(tmp_path):
    folder = tmp_path / "registers"
    folder.mkdir()
    (folder / "persons.xml").write_text(PERSONS.replace(
        '<person xml:id="truman">',
        '<person xml:id="coolidge"><persName type="reg"><surname>Coolidge</surname></persName>'
        '<persName type="variant">President Coolidge</persName></person>\n'
        '  <person xml:id="truman">'), encoding="utf-8")
    registers = load_registers(folder)
    root = document("with the President Coolidge’s Secretary of Commerce", "2021-11-30")
    link_names(root, registers)
    assert linked(root) == [("President Coolidge", "psn:coolidge", None)]


PLACES = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="places"><teiHeader/><text><body><listPlace>
  <place xml:id="ussr"><placeName type="reg">USSR</placeName>
    <placeName type="variant">USSR</placeName>
    <placeName type="role" from="1939-09-01" to="1945-09-02">Russia</placeName></place>
  <place xml:id="russia"><placeName type="reg">Russia</placeName>
    <placeName type="variant">Russia</placeName></place>
</listPlace></body></text></TEI>
"""


@pytest.fixture
def with_places(tmp_path, registers):
    folder = tmp_path / "registers"
    (folder / "places.xml").write_text(PLACES, encoding="utf-8")
    return load_registers(folder)


def test_a_name_inside_the_name_of_a_pact_plan_or_doctrine_is_no_mention(registers):
    root = document("After the Roosevelt-Truman accords and the Truman Plan, Truman spoke; "
                    "the FDR Memorial stands where Roosevelt walked.", "1947-06-01")
    link_names(root, registers)
    assert linked(root) == [("Truman", "psn:truman", None),
                            ("Roosevelt", "psn:roosevelt-franklin", None)]


def test_a_dated_role_form_says_what_a_place_name_means_then(with_places):
    wartime = document("Supplies for Russia left today.", "1942-03-01")
    link_names(wartime, with_places)
    assert xpath(wartime, "//tei:placeName/@ref") == ["plc:ussr"]
    later = document("Supplies for Russia left today.", "1995-03-01")
    link_names(later, with_places)
    assert xpath(later, "//tei:placeName/@ref") == ["plc:russia"]


def test_a_title_or_extra_initial_before_a_listed_form_still_links(registers):
    root = E.TEI(E.teiHeader(), E.text(E.body(E.head(
        E.persName("President Franklin Roosevelt"), " to ", E.persName("General H. S. Truman")))))
    link_names(root, registers)
    assert xpath(root, "//tei:persName/@ref") == ["psn:roosevelt-franklin"]
    problems = link_names(root, registers)
    assert problems == ["'General H. S. Truman' is not in the register"]
