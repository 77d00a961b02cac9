"""`edition export cmif`: CMIF 1.1 for correspSearch, valid, complete and stable."""

from __future__ import annotations

import datetime
import os
import shutil

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import main
from edition.convert import Project
from edition.schematron import Schematron, load_document
from edition.writers.cmif import export_cmif
from edition.xslt import Transformer

from .conftest import ROOT, SHARED

SCHEMAS = SHARED / "schemas"
TEI = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI}
DAY = datetime.date(2030, 5, 1)

PREFIXES = """<encodingDesc><listPrefixDef>
  <prefixDef ident="psn" matchPattern="([a-z-]+)" replacementPattern="../registers/persons.xml#$1"/>
  <prefixDef ident="plc" matchPattern="([a-z-]+)" replacementPattern="../registers/places.xml#$1"/>
  <prefixDef ident="ed" matchPattern="([a-z-]+)" replacementPattern="../edition.xml#$1"/>
</listPrefixDef></encodingDesc>"""

PERSONS = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="persons"><teiHeader><fileDesc>
<titleStmt><title>p</title></titleStmt><publicationStmt><p/></publicationStmt>
<sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body><listPerson>
 <person xml:id="anna"><persName type="reg">Example, Anna</persName>
   <idno type="wikidata">Q1</idno><idno type="viaf">123</idno></person>
 <person xml:id="boris"><persName type="reg">Sample, Boris</persName>
   <idno type="wikidata">Q2</idno></person>
 <person xml:id="carl"><persName type="reg">Nobody, Carl</persName></person>
 <person xml:id="dora"><persName type="reg">Courier, Dora</persName></person>
</listPerson></body></text></TEI>"""

PLACES = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="places"><teiHeader><fileDesc>
<titleStmt><title>p</title></titleStmt><publicationStmt><p/></publicationStmt>
<sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body><listPlace>
 <place xml:id="exampleton"><placeName type="reg">Exampleton</placeName>
   <idno type="geonames">42</idno><idno type="wikidata">Q3</idno></place>
 <place xml:id="nowhere"><placeName type="reg">Nowhere</placeName></place>
</listPlace></body></text></TEI>"""


def letter(ident: str, profile: str, text: str = "<p>Text.</p>") -> str:
    return f"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{ident}"><teiHeader><fileDesc>
<titleStmt><title>{ident}</title></titleStmt><publicationStmt><p/></publicationStmt>
<sourceDesc><p/></sourceDesc></fileDesc>{PREFIXES}<profileDesc>{profile}</profileDesc>
</teiHeader><text><body><div type="letter">{text}</div></body></text></TEI>"""


def doctype(name: str) -> str:
    return f'<textClass><catRef scheme="ed:doctypes" target="ed:doctype-{name}"/></textClass>'


def action(kind: str, *content: str) -> str:
    return f'<correspAction type="{kind}">{"".join(content)}</correspAction>'


SENT_A = action("sent", '<persName ref="psn:anna">Anna</persName>',
                '<placeName ref="plc:exampleton">Exampleton</placeName>',
                '<date when="1942-03-04T10:30:00+03:00"/>')
TO_B = action("received", '<persName ref="psn:boris">Mr Sample</persName>')

LETTERS = {
    # a letter with a transmitting intermediary and an inferred date
    "x-001": letter("x-001", doctype("letter") + "<correspDesc>" + SENT_A
                    + action("transmitted", '<persName ref="psn:dora">Dora</persName>',
                             '<date when="1942-03-05"/>')
                    + action("received", '<persName ref="psn:boris">Boris</persName>',
                             '<placeName ref="plc:nowhere">Nowhere</placeName>',
                             '<date notBefore="1942-03-06" notAfter="1942-03-09" cert="low"/>')
                    + "</correspDesc>"),
    # a note carrying a message of its own, linked the TEI way (floatingText/@decls)
    "x-002": letter(
        "x-002",
        doctype("note") + "<correspDesc>" + action("sent", '<persName ref="psn:carl">C</persName>',
                                                   '<date when="1942-04-01"/>')
        + TO_B + '</correspDesc><correspDesc xml:id="x-002-inner">'
        + action("sent", '<persName ref="psn:anna">A</persName>', '<date when="1942-03-30"/>')
        + action("received", '<persName ref="psn:carl">C</persName>') + "</correspDesc>",
        '<p>I deliver this:</p><floatingText xml:id="x-002-msg" decls="#x-002-inner">'
        "<body><p>The message.</p></body></floatingText>"),
    # not correspondence, whatever the file is called: left out by type
    "x-letter-003": letter("x-letter-003", doctype("memorandum") + "<correspDesc>" + SENT_A
                           + "</correspDesc>"),
    # no addressee known: CMIF cannot describe it, so it is named in a warning instead
    "x-005": letter("x-005", doctype("letter") + "<correspDesc>" + SENT_A + "</correspDesc>"),
    "x-004": letter("x-004", doctype("briefing-paper") + "<correspDesc>" + SENT_A + TO_B
                    + "</correspDesc>"),
}


@pytest.fixture
def small_edition(tmp_path) -> Project:
    """An invented edition: the real edition.xml and stylesheets, letters and registers of ours."""
    shutil.copytree(ROOT / "xslt", tmp_path / "xslt")
    (tmp_path / "tei" / "letters").mkdir(parents=True)
    (tmp_path / "tei" / "registers").mkdir()
    shutil.copy(ROOT / "tei" / "edition.xml", tmp_path / "tei" / "edition.xml")
    (tmp_path / "tei" / "registers" / "persons.xml").write_text(PERSONS, "utf-8")
    (tmp_path / "tei" / "registers" / "places.xml").write_text(PLACES, "utf-8")
    for ident, text in LETTERS.items():
        (tmp_path / "tei" / "letters" / f"{ident}.xml").write_text(text, "utf-8")
    return Project(tmp_path)


def export(project: Project, previous: bytes | None = None, today=DAY):
    return export_cmif(project, Transformer(project.root / "xslt"), previous, today)


def descriptions(data: bytes) -> list[etree._Element]:
    return etree.fromstring(data).findall(".//t:profileDesc/t:correspDesc", NS)


@pytest.fixture(scope="module")
def cmif_rng():
    path = SCHEMAS / "cmif.rng"
    if not path.exists():
        pytest.skip(f"{path} is absent: the CMIF schema cannot be checked")
    return etree.RelaxNG(etree.fromstring(path.read_bytes()))


@pytest.fixture(scope="module")
def cmif_sch():
    path = SCHEMAS / "cmif.sch"
    if not path.exists():
        pytest.skip(f"{path} is absent: the CMIF rules cannot be checked")
    return Schematron(path)


def sch_errors(schema: Schematron, data: bytes) -> list[str]:
    findings = schema.validate_alone(load_document(data.decode("utf-8"), "file:/cmif.xml"))
    return [f.message for f in findings if f.role == "error"]


def test_only_correspondence_is_described_one_per_message(small_edition):
    refs = [d.get("ref") for d in descriptions(export(small_edition).data)]
    base = "https://stalin-roosevelt.example.org/letters/"
    assert refs == [base + "x-001.html", base + "x-002.html", base + "x-002.html#x-002-msg"]


def test_only_sent_and_received_actions_and_the_transmitter_is_not_invented(small_edition):
    first = descriptions(export(small_edition).data)[0]
    kinds = [a.get("type") for a in first.findall("t:correspAction", NS)]
    assert kinds == ["sent", "received"]
    assert "Courier" not in etree.tostring(first, encoding="unicode")


def test_names_are_register_names_with_authority_uris_never_project_pointers(small_edition):
    data = export(small_edition).data
    names = {n.text: n.get("ref") for n in etree.fromstring(data).iterfind(
        ".//t:correspAction/*", NS) if n.text}
    assert names["Example, Anna"] == "http://viaf.org/viaf/123"  # VIAF before Wikidata
    assert names["Sample, Boris"] == "http://www.wikidata.org/entity/Q2"  # only Wikidata known
    assert names["Nobody, Carl"] is None
    assert names["Exampleton"] == "http://www.geonames.org/42"
    assert b"psn:" not in data and b"registers/" not in data


def test_dates_at_day_precision_keep_ranges_and_certainty(small_edition):
    dates = [dict(d.attrib) for d in descriptions(export(small_edition).data)[0].iter(
        f"{{{TEI}}}date")]
    assert dates == [{"when": "1942-03-04"},
                     {"notBefore": "1942-03-06", "notAfter": "1942-03-09", "cert": "low"}]


def test_header_has_url_licence_source_and_the_date(small_edition):
    root = etree.fromstring(export(small_edition).data)
    statement = root.find(".//t:publicationStmt", NS)
    assert statement.findtext("t:idno[@type='url']", namespaces=NS) == \
        "https://stalin-roosevelt.example.org/cmif.xml"
    assert statement.find("t:date", NS).get("when") == "2030-05-01"
    assert statement.find(".//t:licence", NS).get("target").startswith("https://creativecommons")
    bibl = root.find(".//t:sourceDesc/t:bibl", NS)
    assert bibl.get("type") in ("print", "online", "hybrid")
    assert {d.get("source") for d in descriptions(etree.tostring(root))} == \
        {"#" + bibl.get("{http://www.w3.org/XML/1998/namespace}id")}


def test_warnings_name_correspondents_and_places_archives_cannot_link(small_edition):
    result = export(small_edition)
    text = "\n".join(result.warnings)
    assert "letters/x-005.html has no sender or no addressee" in text
    assert "Sample, Boris" in text and "Nobody, Carl" in text and "Nowhere" in text
    assert "Example, Anna" not in text and "Exampleton" not in text
    assert (result.correspondents_identified, result.correspondents) == (1, 3)


def test_unchanged_edition_keeps_the_file_byte_for_byte(small_edition):
    first = export(small_edition).data
    again = export(small_edition, previous=first, today=DAY + datetime.timedelta(days=9))
    assert again.unchanged and again.data == first


def test_changed_content_gets_a_new_date(small_edition):
    first = export(small_edition).data
    path = small_edition.tei / "letters" / "x-001.xml"
    path.write_text(path.read_text("utf-8").replace("1942-03-04T10:30", "1942-03-03T10:30"),
                    "utf-8")
    later = DAY + datetime.timedelta(days=9)
    again = export(small_edition, previous=first, today=later)
    assert not again.unchanged
    assert b'<date when="2030-05-10"/>' in again.data


def test_invented_edition_is_valid_cmif(small_edition, cmif_rng, cmif_sch):
    data = export(small_edition).data
    assert cmif_rng.validate(etree.fromstring(data)), cmif_rng.error_log
    assert sch_errors(cmif_sch, data) == []


def test_the_edition_is_valid_cmif(project, cmif_rng, cmif_sch):
    result = export(project)
    assert cmif_rng.validate(etree.fromstring(result.data)), cmif_rng.error_log
    assert sch_errors(cmif_sch, result.data) == []
    refs = [d.get("ref") for d in descriptions(result.data)]
    # Roosevelt's message inside Standley's note is described on its own; the memorandum is not.
    assert any(r.endswith("frus1943v03-p616.html#frus1943v03-p616-msg1") for r in refs)
    assert not any("frus1941v01-p802" in r for r in refs)


def test_cmif_rules_run_by_the_project_engine_catch_a_missing_addressee(cmif_sch):
    bad = (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><profileDesc><correspDesc>'
           b'<correspAction type="sent"><persName>A</persName></correspAction>'
           b'</correspDesc></profileDesc></teiHeader></TEI>')
    assert any("E0002" in message for message in sch_errors(cmif_sch, bad))


def test_export_command_writes_then_leaves_an_unchanged_file_alone(small_edition, tmp_path):
    out = tmp_path / "cmif.xml"
    cwd = os.getcwd()
    os.chdir(small_edition.root)
    try:
        first = CliRunner().invoke(main, ["export", "cmif", "--out", str(out)])
        data = out.read_bytes()
        second = CliRunner().invoke(main, ["export", "cmif", "--out", str(out)])
    finally:
        os.chdir(cwd)
    assert first.exit_code == 0, first.output
    assert "3 correspondence descriptions" in first.output
    assert "warning: correspondent 'Nobody, Carl'" in first.output
    assert "unchanged" in second.output and out.read_bytes() == data


def test_missing_base_url_is_a_clear_error(small_edition):
    path = small_edition.edition_file
    text = path.read_text("utf-8")
    start = text.index('<idno type="URL">')
    end = text.index("</idno>", start) + len("</idno>")
    path.write_text(text[:start] + text[end:], "utf-8")
    cwd = os.getcwd()
    os.chdir(small_edition.root)
    try:
        result = CliRunner().invoke(main, ["export", "cmif", "--out", "c.xml"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 1
    assert "base URL" in result.output and "Traceback" not in result.output


def test_build_publishes_the_cmif_beside_the_site_and_keeps_it_stable(project_copy, tmp_path):
    from edition.build import WRITERS
    from edition.writers import WriterContext
    from edition.writers.cmif import write

    assert "cmif" in WRITERS
    context = WriterContext(project_copy, Transformer(project_copy.root / "xslt"))
    output = tmp_path / "output"
    staging = output / ".build-1"
    staging.mkdir(parents=True)
    facts = write(context, staging)
    published = (staging / "cmif" / "cmif.xml").read_bytes()
    assert published == (staging / "html" / "cmif.xml").read_bytes()
    assert facts["descriptions"] >= 12
    # published as build.py does; the next build finds it beside its own staging folder
    (staging / "cmif").rename(output / "cmif")
    old = published.replace(b'<date when="' + published.split(b'<date when="')[1][:10],
                            b'<date when="2001-02-03', 1)
    (output / "cmif" / "cmif.xml").write_bytes(old)
    staging = output / ".build-2"
    staging.mkdir()
    write(context, staging)
    assert (staging / "cmif" / "cmif.xml").read_bytes() == old
