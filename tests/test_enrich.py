"""The enrichment registry and the passes written for it: citations, document types."""

from __future__ import annotations

import pytest

from edition.enrich import ENRICHERS, EnrichContext, enrichers, run_enrichers
from edition.enrich.citations import mark_citations
from edition.enrich.doctype import document_type, reported_message
from edition.language import language
from edition.tei import E, clean_text, xpath


def test_passes_run_in_their_declared_order_each_named_once():
    orders = [e.order for e in ENRICHERS]
    assert orders == sorted(orders)
    names = [e.name for e in ENRICHERS]
    assert len(names) == len(set(names))
    assert {"corrections", "names", "citations", "dates", "doctype", "titles"} <= set(names)
    assert [e.name for e in enrichers({"dates", "names"})] == ["names", "dates"]
    with pytest.raises(ValueError, match="no enrichment pass named spelling"):
        enrichers({"spelling"})


def test_run_enrichers_prefixes_warnings_with_where_the_document_is(project):
    context = EnrichContext.load(project.registers, project.corrections).at("src.txt: doc-1")
    root = E.TEI(E.teiHeader(E.profileDesc(E.correspDesc(
        E.correspAction(E.date(when="1942-01-05"), type="sent")))),
        E.text(E.body(E.p("We meet on Monday, January 6, 1942."))))
    warnings = run_enrichers(root, context, only={"dates"})
    assert warnings == ["src.txt: doc-1: 'Monday, January 6, 1942': 1942-01-06 is a Tuesday, "
                        "not a Monday"]


def test_a_series_citation_is_a_bibl_and_its_year_no_date():
    root = E.TEI(E.text(E.body(E.p(
        "See the reply, Documents on Policy, 1944, vol. ii, pp. 210-12, and the note of 1944."))))
    assert mark_citations(root) == 1
    [bibl] = xpath(root, "//tei:bibl")
    assert clean_text(bibl) == "Documents on Policy, 1944, vol. ii, pp. 210-12"
    assert xpath(bibl, "string(tei:title)") == "Documents on Policy"
    assert xpath(bibl, "tei:biblScope[@unit='volume']/text()") == ["ii"]
    page = xpath(bibl, "tei:biblScope[@unit='page']")[0]
    assert (page.get("from"), page.get("to"), page.text) == ("210", "212", "210-12")
    run_enrichers(root, EnrichContext.load(*_empty_project()), only={"dates"})
    assert xpath(root, "//tei:bibl//tei:date") == []
    assert xpath(root, "//tei:p/tei:date/@when") == ["1944"]


def _empty_project():
    from pathlib import Path

    return Path("/nonexistent/registers"), Path("/nonexistent/corrections.xml")


def correspondence(head: str, *paragraphs, opener: str | None = None,
                   closer: str | None = None, creation: bool = False):
    div = E.div(E.head(head, type="main"))
    if opener:
        div.append(E.opener(E.salute(opener)))
    div.extend(E.p(p) for p in paragraphs)
    if closer:
        div.append(E.closer(E.salute(closer)))
    profile = E.profileDesc(E.creation() if creation else E.correspDesc())
    return E.TEI(E.teiHeader(profile), E.text(E.body(div)))


@pytest.mark.parametrize(("head", "paragraphs", "opener", "closer", "creation", "expected"), [
    ("Top secret message from the Premier to the President", ["Text."], None, None, False,
     "message"),
    ("Aide-Mémoire", ["The Embassy has the honour."], None, None, False, "aide-memoire"),
    ("Memorandum of Conversation, by the Ambassador", ["Present: …"], None, None, True,
     "memorandum"),
    ("Briefing Paper", ["Background."], None, None, False, "briefing-paper"),
    ("J. Smith to K. Jones", ["In a message to Mr Jones, Mr Smith says:"], None, None, False,
     "aide-memoire"),
    ("J. Smith to K. Jones", ["I write to you."], "Dear Mr Jones,", "Yours sincerely,", False,
     "letter"),
    ("J. Smith to K. Jones", ["Our armies advance."], None, None, False, "message"),
    ("Record of a talk", ["They talked."], None, None, True, "memorandum"),
    ("The Minister in Ruritania to the Foreign Minister", ["I have the honor to inform you."],
     "Excellency:", "Accept, Excellency, the renewed assurances of my highest consideration.",
     False, "note"),
])
def test_a_documents_type_comes_from_its_heading_then_its_form(
        head, paragraphs, opener, closer, creation, expected):
    root = correspondence(head, *paragraphs, opener=opener, closer=closer, creation=creation)
    assert document_type(root, language()) == expected


def test_the_doctype_pass_keeps_a_type_already_given(project):
    root = correspondence("Message from A to B", "Text.")
    xpath(root, "//tei:profileDesc")[0].insert(0, E.textClass(
        E.catRef(scheme="ed:doctypes", target="ed:doctype-telegram")))
    run_enrichers(root, EnrichContext.load(project.registers, project.corrections),
                  only={"doctype"})
    assert xpath(root, "//tei:catRef/@target") == ["ed:doctype-telegram"]


def test_a_reporting_clause_names_sender_and_addressee():
    assert reported_message("In a personal message to Mr Stalin, President Roosevelt states:",
                            language()) == ("President Roosevelt", "Mr Stalin")
    assert reported_message("Marshal Tito, in his latest letter to the King, declares:",
                            language()) == ("Marshal Tito", "the King")
    assert reported_message("In a message to Mr Stalin, President Roosevelt states that",
                            language()) is None


@pytest.mark.parametrize(("dating", "expected"), [
    ({"notBefore": "1944-03-02"}, "A to B, not before 2 March 1944"),
    ({"notAfter": "1944-03-02"}, "A to B, not after 2 March 1944"),
    ({"notBefore": "1944-03-02", "notAfter": "1944-03-09"},
     "A to B, between 2 March 1944 and 9 March 1944"),
    ({}, "A to B, undated"),
])
def test_a_title_says_a_date_known_only_by_its_bounds_as_bounds(dating, expected):
    from edition.enrich.names import Register
    from edition.enrich.titles import letter_title

    sent = E.correspAction(E.persName("A"), type="sent")
    if dating:
        sent.append(E.date(**dating))
    root = E.TEI(E.teiHeader(E.profileDesc(E.correspDesc(
        sent, E.correspAction(E.persName("B"), type="received")))))
    assert letter_title(root, Register()) == expected
