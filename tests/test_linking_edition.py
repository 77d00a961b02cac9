"""The hard cases of name linking, on the edition's own sources converted afresh."""

from __future__ import annotations

import pytest

from edition.convert import read_documents
from edition.tei import clean_text, xpath


@pytest.fixture(scope="module")
def edition(project):
    sources = sorted((project.root / "sources").glob("*.txt"))
    documents, _ = read_documents(sources, "auto", project)
    return {d.xml_id: d.root for d in documents}


def names(root, form):
    return [(n.get("ref"), n.get("type")) for n in xpath(root, "//tei:text//tei:persName")
            if clean_text(n) == form]


def test_elliott_is_not_franklin(edition):
    essay = edition["wesser2021"]
    assert set(names(essay, "Elliot Roosevelt")) == {("psn:roosevelt-elliott", "misspelling")}
    assert set(names(essay, "Franklin Roosevelt")) == {("psn:roosevelt-franklin", None)}


def test_short_citation_takes_its_author_from_the_cited_book(edition):
    essay = edition["wesser2021"]
    citation = xpath(essay, "//tei:note[@n='3']/tei:bibl")[0]
    assert citation.get("corresp") == "#wesser2021-roosevelt-1946"
    assert xpath(citation, "tei:author/tei:persName/@ref") == ["psn:roosevelt-elliott"]


def test_misspelt_and_mistaken_names_are_linked_and_marked(edition):
    essay = edition["wesser2021"]
    assert set(names(essay, "Henry Hopkins")) == {("psn:hopkins", "error")}
    assert set(names(essay, "Averill Harriman")) == {("psn:harriman", "misspelling")}
    assert "Henry Hopkins wrote" in clean_text(xpath(essay, "//tei:body")[0])


def test_the_president_in_wartime_documents_is_roosevelt(edition):
    memo = edition["frus1941v01-p802"]
    assert set(names(memo, "the President")) == {("psn:roosevelt-franklin", None)}
    aide_memoire = edition["sov2-005"]
    assert set(names(aide_memoire, "The President")) == {("psn:roosevelt-franklin", None)}


def test_the_president_of_the_council_is_not_roosevelt(edition):
    message = edition["frus1942v03-p542"]
    head = clean_text(xpath(message, "//tei:body//tei:head")[0])
    assert head.startswith("President Roosevelt to the President of the Council")
    linked = xpath(message, "//tei:body//tei:head/tei:persName/@ref")
    assert "psn:stalin" in linked
    assert linked.count("psn:roosevelt-franklin") == 1


def test_initials_titles_and_full_names(edition):
    assert set(names(edition["sov2-001"], "J. V. Stalin")) == {("psn:stalin", None)}
    assert set(names(edition["frus1941v01-p802"], "Lt. Alison")) == {("psn:alison", None)}
    assert set(names(edition["frus1941v01-p802"], "Harry L. Hopkins")) == {("psn:hopkins", None)}
    assert set(names(edition["frus1942v03-p542"], "Andrey Andreyevich Gromyko")) == {
        ("psn:gromyko", None)}
    assert set(names(edition["sov2-009"], "Generalissimo Chiang Kai-shek")) == {
        ("psn:chiang-kai-shek", None)}


def test_every_correspondent_points_into_the_register(edition):
    for ident, root in edition.items():
        for name in xpath(root, "//tei:correspAction/tei:persName"):
            assert name.get("ref", "").startswith("psn:"), (ident, clean_text(name))


def test_letters_of_one_correspondence_point_to_each_other(project):
    from edition.tei import parse_file

    one = parse_file(project.tei / "letters" / "sov2-001.xml").getroot()
    assert xpath(one, "//tei:correspContext/tei:ref[@type='next']/@target") == ["sov2-002.xml"]
    two = parse_file(project.tei / "letters" / "sov2-002.xml").getroot()
    assert xpath(two, "//tei:correspContext/tei:ref[@type='previous']/@target") == [
        "sov2-001.xml"]
