"""`edition import frus`: FRUS TEI → edition letters, checked fact by fact against FRUS itself."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import main
from edition.convert import Project
from edition.importers.frus import import_frus, letter_id
from edition.validate import validate

from .conftest import ROOT, SHARED

GOLD = SHARED / "frus-gold"
T = "http://www.tei-c.org/ns/1.0"
NS = {"t": T, "frus": "http://history.state.gov/frus/ns/1.0"}
FACTS = ("sent", "notes", "pages", "sender", "addressee")


def words(text: str) -> str:
    return " ".join(text.split())


def anchor(note: etree._Element) -> str:
    """The word a note marker follows, as the reader sees it (other notes' text left out)."""
    block = note.getparent()
    while block.getparent() is not None and etree.QName(block).localname in ("hi", "persName",
                                                                          "placeName", "date"):
        block = block.getparent()
    text: list[str] = []

    def walk(element: etree._Element) -> bool:
        if element is note:
            return True
        if etree.QName(element).localname != "note" or element is block:
            text.append(element.text or "")
            for child in element:
                if walk(child):
                    return True
                text.append(child.tail or "")
        return False

    walk(block)
    found = re.findall(r"\S+", "".join(text))
    return found[-1] if found else ""


def frus_facts(div: etree._Element) -> dict[str, object]:
    """What FRUS itself says, read straight from its TEI."""
    def names(role: str) -> list[str]:
        return [words("".join(n.itertext())).removeprefix("the ")
                for n in div.xpath(f"t:head//*[@type='{role}']", namespaces=NS)]
    when = div.xpath("string(.//t:dateline[not(ancestor::t:note)]/t:date/@when)", namespaces=NS)
    return {
        "sent": when[:19] or (div.get(f"{{{NS['frus']}}}doc-dateTime-min") or "")[:10],
        "notes": [(n.get("n"), anchor(n)) for n in div.xpath(".//t:note[@n]", namespaces=NS)],
        "pages": div.xpath(".//t:pb/@n", namespaces=NS),
        "sender": names("from"),
        "addressee": names("to"),
    }


def edition_facts(root: etree._Element) -> dict[str, object]:
    """The same facts as the imported letter carries them."""
    profile = root.find(f".//{{{T}}}profileDesc")

    def names(kind: str) -> list[str]:
        found = profile.xpath(f"t:correspDesc/t:correspAction[@type='{kind}']/t:persName",
                              namespaces=NS)
        return [words("".join(n.itertext())).removeprefix("the ") for n in found]
    date = profile.find(".//t:date", NS)
    sent = "" if date is None else (date.get("when") or date.get("notBefore") or "")
    if profile.find("t:creation", NS) is not None:
        sender = [words(n.text).removeprefix("the ")
                  for n in profile.findall("t:creation/t:persName", NS)]
        sender = []  # a memorandum's author is not a sender
    else:
        sender = names("sent")
    return {
        "sent": sent[:19],
        "notes": [(n.get("n"), anchor(n)) for n in root.xpath(
            "t:text//t:note[@place='foot']", namespaces=NS)],
        "pages": root.xpath("t:text//t:pb/@n", namespaces=NS),
        "sender": sender,
        "addressee": names("received"),
    }


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The six gold documents imported into a copy of the edition (and the report)."""
    if not GOLD.exists():
        pytest.skip(f"{GOLD} is absent")
    root = tmp_path_factory.mktemp("edition")
    for folder in ("sources", "tei", "schema", "xslt"):
        shutil.copytree(ROOT / folder, root / folder)
    project = Project(root)
    report = import_frus(sorted(GOLD.glob("*.xml")), project.tei, project, documents=None)
    return project, report


def gold_pairs(project: Project):
    for path in sorted(GOLD.glob("*.xml")):
        source = etree.parse(str(path)).getroot()
        for div in source.xpath(".//t:div[@type='document']", namespaces=NS):
            ident = letter_id(source.get("volume"), div.get("{http://www.w3.org/XML/1998/namespace}id"))
            letter = etree.parse(str(project.tei / "letters" / f"{ident}.xml")).getroot()
            yield path.name, div, letter


def test_every_fact_of_the_gold_documents_agrees_with_frus(imported):
    project, _ = imported
    agreement = {fact: [0, 0] for fact in FACTS}
    disagreements = []
    for name, div, letter in gold_pairs(project):
        expected, got = frus_facts(div), edition_facts(letter)
        if letter.find(f".//{{{T}}}creation") is not None:
            expected["sender"] = []  # a memorandum of conversation has an author, no sender
        for fact in FACTS:
            agreement[fact][1] += 1
            if expected[fact] == got[fact]:
                agreement[fact][0] += 1
            else:
                disagreements.append(f"{name} {fact}: FRUS {expected[fact]!r}, ours {got[fact]!r}")
    print({fact: f"{a}/{n}" for fact, (a, n) in agreement.items()})
    assert disagreements == []


def test_imported_letters_are_valid_in_the_edition(imported):
    project, _ = imported
    files, problems = validate([project.tei], project.root / "schema")
    errors = [str(p) for p in problems if p.severity == "error"]
    assert errors == []
    assert len(files) >= 26


def test_received_line_becomes_the_received_action(imported):
    project, _ = imported
    letter = etree.parse(str(project.tei / "letters" / "frus1942china-d512.xml"))
    received = letter.find(".//t:correspAction[@type='received']/t:date", NS)
    assert received.get("when") == "1942-10-17T09:15:00"
    marked = letter.find(".//t:dateline/t:date[@when='1942-10-17T09:15:00']", NS)
    assert marked is not None and marked.text.startswith("October 17")


def test_office_resolved_through_dated_roles(imported):
    project, _ = imported
    letter = etree.parse(str(project.tei / "letters" / "frus1942china-d511.xml"))
    addressee = letter.find(".//t:correspAction[@type='received']/t:persName", NS)
    assert addressee.get("ref") == "psn:hull"


def test_memorandum_of_conversation_has_creation_not_correspondence(imported):
    project, _ = imported
    letter = etree.parse(str(project.tei / "letters" / "frus1943china-d737.xml"))
    assert letter.find(".//t:correspDesc", NS) is None
    creation = letter.find(".//t:creation", NS)
    assert creation.find("t:date", NS).get("when") == "1943-10-21"
    assert letter.find(".//t:catRef", NS).get("target") == "ed:doctype-memorandum"


def test_glossary_terms_keep_their_expansion_and_pages_their_images(imported):
    project, _ = imported
    letter = etree.parse(str(project.tei / "letters" / "frus1944quebec-d289.xml"))
    expansions = {words("".join(c.find("t:abbr", NS).itertext())): c.findtext("t:expan",
                                                                              namespaces=NS)
                  for c in letter.iterfind(".//t:choice", NS)}
    assert expansions["EW"] == "European War"
    assert "Octagon-out" not in expansions  # no entry in the volume: kept as plain text
    assert "Octagon" in etree.tostring(letter, encoding="unicode")
    pb = letter.find(".//t:pb", NS)
    assert pb.get("n") == "479" and pb.get("facs").endswith("/frus1944Quebec/medium/0543.png")
    source = letter.find(".//t:sourceDesc/t:bibl", NS)
    assert source.findtext("t:idno[@type='URL']", namespaces=NS) == \
        "https://history.state.gov/historicaldocuments/frus1944Quebec/d289"
    assert source.findtext("t:biblScope[@unit='document']", namespaces=NS) == "289"


def test_known_correspondents_add_nothing_to_the_registers(imported):
    project, report = imported
    for name in ("persons.xml", "places.xml"):
        assert (project.tei / "registers" / name).read_bytes() == \
            (ROOT / "tei" / "registers" / name).read_bytes()
    assert not any("provisional entry" in w for w in report.warnings)


SYNTHETIC = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"
  xml:id="frus1950Test"><teiHeader><fileDesc><titleStmt><title type="complete">Foreign
  Relations of the United States, 1950, Test Volume</title></titleStmt></fileDesc></teiHeader>
<text><front><div xml:id="persons"><list type="persons">
 <item><hi rend="strong"><persName xml:id="p_QA1">Quillfeather, Ambrose</persName>,</hi> Minister in
  Ruritania</item></list></div></front>
<body><div type="chapter">
 <div type="document" xml:id="d1" n="1">
  <note rend="inline" type="source">711.00/1-150: Telegram</note>
  <head>The Minister in Ruritania (<persName type="from"
   corresp="#p_QA1">Quillfeather</persName>) to the
   <gloss type="to">Secretary of State</gloss></head>
  <opener><dateline><placeName>Strelsau</placeName>, <date when="1943-12-31T22:00:00">December
   31, 1943—10 p.m.</date> <lb/>[Received January 2—8 a.m.]</dateline></opener>
  <p>Text with a note.<note n="7" xml:id="d1fn7">A note.</note></p>
 </div>
 <div type="document" xml:id="d2" n="2" frus:doc-dateTime-min="1943-03-01T00:00:00-05:00"
      frus:doc-dateTime-max="1943-03-31T23:59:59-05:00">
  <head>President <persName type="from">Roosevelt</persName> to Marshal
   <persName type="to">Stalin</persName></head>
  <opener><dateline>[<placeName>Washington</placeName>, undated.]</dateline></opener>
  <p>Undated text.</p>
 </div>
</div></body></text></TEI>"""


@pytest.fixture
def volume_edition(project_copy) -> tuple[Project, Path]:
    path = project_copy.root / "frus1950Test.xml"
    path.write_text(SYNTHETIC, "utf-8")
    return project_copy, path


def test_volume_file_with_received_across_new_year_and_undated_range(volume_edition):
    project, path = volume_edition
    report = import_frus([path], project.tei, project, documents=None)
    assert report.documents == ["letters/frus1950test-d1.xml", "letters/frus1950test-d2.xml"]
    first = etree.parse(str(project.tei / "letters" / "frus1950test-d1.xml"))
    assert first.find(".//t:correspAction[@type='received']/t:date", NS).get("when") == \
        "1944-01-02T08:00:00"
    assert first.findtext(".//t:sourceDesc/t:bibl/t:title", namespaces=NS).startswith(
        "Foreign Relations of the United States, 1950")
    second = etree.parse(str(project.tei / "letters" / "frus1950test-d2.xml"))
    date = second.find(".//t:correspAction[@type='sent']/t:date", NS)
    assert (date.get("notBefore"), date.get("notAfter")) == ("1943-03-01", "1943-03-31")
    persons = (project.tei / "registers" / "persons.xml").read_text("utf-8")
    assert 'xml:id="quillfeather"' in persons and "Provisional" in persons
    # the volume's own list of persons gives the full name and who they were
    assert '<persName type="reg">Quillfeather, Ambrose</persName>' in persons
    assert "<note>Minister in Ruritania</note>" in persons
    again = import_frus([path], project.tei, project, documents=None)
    assert {r.status for r in again.results} == {"unchanged"}  # the entry now links the name
    assert (project.tei / "registers" / "persons.xml").read_text("utf-8") == persons
    _, problems = validate([project.tei], project.root / "schema")
    assert [str(p) for p in problems if p.severity == "error"] == []


def test_doc_option_and_edited_file_refused(volume_edition, monkeypatch):
    project, path = volume_edition
    monkeypatch.chdir(project.root)
    runner = CliRunner()
    out = str(project.tei)
    first = runner.invoke(main, ["import", "frus", str(path), "--doc", "d2", "--out", out])
    assert first.exit_code == 0, first.output
    assert "1 documents imported" in first.output
    letter = project.tei / "letters" / "frus1950test-d2.xml"
    letter.write_text(letter.read_text("utf-8").replace("Undated text", "Edited text"), "utf-8")
    again = runner.invoke(main, ["import", "frus", str(path), "--doc", "d2", "--out", out])
    assert again.exit_code == 1 and "refused" in again.output
    assert "Edited text" in letter.read_text("utf-8")
    missing = runner.invoke(main, ["import", "frus", str(path), "--doc", "d9", "--out", out])
    assert missing.exit_code == 1 and "no document d9" in missing.output


def test_not_frus_is_a_clear_error(tmp_path, monkeypatch, project):
    monkeypatch.chdir(project.root)
    bad = tmp_path / "x.xml"
    bad.write_text("<html/>", "utf-8")
    result = CliRunner().invoke(main, ["import", "frus", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 1 and "not FRUS TEI" in result.output
    assert "Traceback" not in result.output


def test_imported_letters_are_valid_tei_all(imported):
    path = SHARED / "schemas" / "tei_all.rng"
    if not path.exists():
        pytest.skip(f"{path} is absent: TEI conformance cannot be checked")
    tei_all = etree.RelaxNG(etree.fromstring(path.read_bytes()))
    project, report = imported
    for relpath in report.documents:
        document = etree.parse(str(project.tei / relpath))
        assert tei_all.validate(document), f"{relpath}: {tei_all.error_log}"


def test_imported_letter_joins_its_correspondence_both_ways(imported):
    project, _ = imported
    letter = etree.parse(str(project.tei / "letters" / "frus1944quebec-d289.xml"))
    previous = letter.find(".//t:correspContext/t:ref[@type='previous']", NS)
    assert previous is not None
    other = etree.parse(str(project.tei / "letters" / previous.get("target")))
    assert other.find(".//t:correspContext/t:ref[@type='next']", NS).get("target") == \
        "frus1944quebec-d289.xml"


def test_provisional_entry_never_takes_a_namesakes_id(tmp_path):
    from edition.importers.frus_names import new_entry

    register = tmp_path / "persons.xml"
    original = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><listPerson>\n'
                '  <person xml:id="smith"><persName type="reg">Smith, Ann</persName></person>\n'
                "</listPerson></body></text></TEI>\n")
    register.write_text(original, "utf-8")
    ident = new_entry(register, "person", "listPerson", "persName", "Smith", "vol: d1")
    assert ident == "smith-2"
    text = register.read_text("utf-8")
    assert text.startswith(original.split("</listPerson>")[0])  # the editor's bytes kept
    assert text.count("<person ") == 2 and 'type="provisional"' in text


def derived_volume(tmp_path: Path) -> Path:
    """The 1942 China gold documents as one FRUS volume file (TEI root, several documents)."""
    volume = etree.Element(f"{{{T}}}TEI", nsmap={None: T, "frus": NS["frus"]})
    volume.set("{http://www.w3.org/XML/1998/namespace}id", "frus1942China")
    body = etree.SubElement(etree.SubElement(volume, f"{{{T}}}text"), f"{{{T}}}body")
    chapter = etree.SubElement(body, f"{{{T}}}div", type="chapter")
    for path in sorted(GOLD.glob("frus1942China_*.xml")):
        chapter.append(etree.parse(str(path)).getroot().find(f"{{{T}}}div"))
    target = tmp_path / "frus1942China.xml"
    target.write_bytes(etree.tostring(volume, xml_declaration=True, encoding="UTF-8"))
    return target


def test_derived_whole_volume_agrees_fact_by_fact(project_copy, tmp_path):
    if not GOLD.exists():
        pytest.skip(f"{GOLD} is absent")
    path = derived_volume(tmp_path)
    report = import_frus([path], project_copy.tei, project_copy, documents=["d512", "d516"])
    assert report.documents == ["letters/frus1942china-d512.xml",
                                "letters/frus1942china-d516.xml"]
    source = etree.parse(str(path)).getroot()
    for relpath in report.documents:
        ident = relpath.split("-")[-1].removesuffix(".xml")
        div = source.xpath(f".//t:div[@xml:id='{ident}']", namespaces=NS)[0]
        letter = etree.parse(str(project_copy.tei / relpath)).getroot()
        assert edition_facts(letter) == frus_facts(div), relpath


def test_derived_undated_document_takes_frus_range(project_copy, tmp_path):
    if not GOLD.exists():
        pytest.skip(f"{GOLD} is absent")
    tree = etree.parse(str(GOLD / "frus1944Quebec_d289.xml"))
    for date in tree.getroot().xpath(".//t:dateline/t:date", namespaces=NS):
        date.getparent().remove(date)  # the dateline gives no date; FRUS's range stays
    path = tmp_path / "frus1944Quebec_d289.xml"
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    import_frus([path], project_copy.tei, project_copy, documents=None)
    letter = etree.parse(str(project_copy.tei / "letters" / "frus1944quebec-d289.xml"))
    date = letter.find(".//t:correspAction[@type='sent']/t:date", NS)
    assert date.get("when") is None
    assert (date.get("notBefore"), date.get("notAfter")) == ("1944-09-16", "1944-09-16")


FORMS = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"
  xml:id="frus1943Forms"><text><body><div type="chapter">
 <div type="document" xml:id="d5" n="5">
  <head>The Consul at Exampleton (<persName type="from">Quillfeather</persName>) to the
   <gloss type="to">Secretary of State</gloss></head>
  <p>See <ref target="frus1942v03#pg_683">p. 683</ref>, <emph>this</emph>:</p>
  <table><row><cell>Tanks</cell><cell>200</cell></row></table>
  <p>Noted.<note n="4" xml:id="d5fn4"><p>First part.</p><list><item>an item</item></list></note></p>
  <closer><signed>Quillfeather</signed>
   <dateline><placeName>Exampleton</placeName>,
    <date when="1943-05-06">May 6, 1943</date>.</dateline>
  </closer>
  <frus:attachment><head>[Enclosure]</head><p>The enclosure.</p></frus:attachment>
 </div>
 <div type="document" xml:id="d6" n="6">
  <head>Memorandum by the Chief of Staff (<persName type="from">Marshall</persName>)</head>
  <p>No addressee.</p>
 </div>
</div></body></text></TEI>"""


def test_other_frus_forms_import_valid_and_lose_no_text(project_copy):
    path = project_copy.root / "frus1943Forms.xml"
    path.write_text(FORMS, "utf-8")
    import_frus([path], project_copy.tei, project_copy, documents=None)
    letter = etree.parse(str(project_copy.tei / "letters" / "frus1943forms-d5.xml"))
    text = words(" ".join(letter.getroot().find(f"{{{T}}}text").itertext()))
    for kept in ("Tanks | 200", "First part.", "an item", "The enclosure.", "this"):
        assert kept in text
    assert letter.find(".//t:ref", NS).get("target") == \
        "https://history.state.gov/historicaldocuments/frus1942v03/pg_683"
    assert letter.find(".//t:div[@type='enclosure']/t:head", NS) is not None
    assert letter.find(".//t:correspAction[@type='sent']/t:date", NS).get("when") == "1943-05-06"
    memo = etree.parse(str(project_copy.tei / "letters" / "frus1943forms-d6.xml"))
    assert memo.find(".//t:catRef", NS).get("target") == "ed:doctype-memorandum"
    assert memo.find(".//t:creation/t:persName", NS).get("ref") == "psn:marshall"
    _, problems = validate([project_copy.tei], project_copy.root / "schema")
    assert [str(p) for p in problems if p.severity == "error"] == []
