"""The edition's TEI published in the site, the editors' notes, and a carried message's metadata."""

from __future__ import annotations

import os
import shutil
import zipfile

import pytest
from lxml import etree
from lxml import html as lxml_html

from edition import files
from edition.convert import Project
from edition.validate import validate
from edition.writers import WriterContext, teipub
from edition.writers import html as html_writer
from edition.xslt import Transformer

from .browser.site import built_edition
from .conftest import ROOT, SHARED

TEI_ALL = SHARED / "schemas" / "tei_all.rng"
TEI_NS = "{http://www.tei-c.org/ns/1.0}"


@pytest.fixture(scope="module")
def site():
    out, _ = built_edition()
    return out / "html"


@pytest.fixture(scope="module")
def tei_all():
    if not TEI_ALL.exists():
        pytest.skip(f"{TEI_ALL} is absent: TEI P5 conformance cannot be checked here")
    return etree.RelaxNG(etree.fromstring(TEI_ALL.read_bytes()))


def test_every_tei_file_is_published_byte_for_byte_at_the_same_path(site):
    sources = teipub.tei_files(ROOT / "tei")
    assert len(sources) >= 13
    for source in sources:
        relative = source.relative_to(ROOT / "tei")
        assert (site / "tei" / relative).read_bytes() == source.read_bytes(), relative
    # the schema the xml-model instructions point at resolves from the published files too
    assert (site / "schema" / "edition.xsd").is_file()


def test_every_published_tei_file_is_valid_tei_all(site, tei_all):
    published = sorted((site / "tei").rglob("*.xml"))
    assert len(published) >= 13
    invalid = {}
    for path in published:
        if not tei_all.validate(etree.parse(str(path))):
            invalid[str(path.relative_to(site))] = str(tei_all.error_log.last_error)
    assert invalid == {}


def test_whole_edition_zip_holds_every_file(site):
    with zipfile.ZipFile(site / "tei" / teipub.ZIP_NAME) as archive:
        names = set(archive.namelist())
        assert archive.read("tei/letters/sov2-001.xml") == (
            ROOT / "tei" / "letters" / "sov2-001.xml").read_bytes()
    expected = {f"tei/{p.relative_to(ROOT / 'tei').as_posix()}"
                for p in teipub.tei_files(ROOT / "tei")}
    assert expected <= names and "schema/edition.xsd" in names


def test_zip_is_the_same_bytes_for_the_same_input_whenever_it_is_made(tmp_path):
    files = []
    for name, content in (("b.xml", b"<b/>"), ("a/c.xml", b"<c/>")):
        path = tmp_path / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        files.append((f"tei/{name}", path))
    teipub.write_zip(tmp_path / "one.zip", files)
    for _, path in files:  # touched later: new modification times, same content
        path.write_bytes(path.read_bytes())
    teipub.write_zip(tmp_path / "two.zip", list(reversed(files)))
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    files[0][1].write_bytes(b"<b>changed</b>")
    teipub.write_zip(tmp_path / "three.zip", files)
    assert (tmp_path / "three.zip").read_bytes() != (tmp_path / "one.zip").read_bytes()


def test_hidden_files_are_not_published(tmp_path):
    (tmp_path / "letters").mkdir()
    (tmp_path / "letters" / "a.xml").write_text("<a/>")
    (tmp_path / "letters" / ".b.xml").write_text("<b/>")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.xml").write_text("<c/>")
    assert [p.name for p in teipub.tei_files(tmp_path)] == ["a.xml"]


# ----- the editors' notes and the NOTE-RESP rule -----

NOTE = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="x-notes"><teiHeader><fileDesc>
<titleStmt><title>Notes</title></titleStmt><publicationStmt><p>test</p></publicationStmt>
<sourceDesc><p>test</p></sourceDesc></fileDesc></teiHeader><text><body><div type="notes">
{notes}</div></body></text></TEI>"""


def note_problems(tmp_path, notes: str) -> list[tuple[str, str]]:
    """What the placeholder rules say of a notes file holding ``notes``."""
    edition = tmp_path / "edition"
    shutil.copytree(ROOT / "tests" / "invalid" / "base", edition)
    path = edition / "notes" / "x-notes.xml"
    path.write_text(NOTE.format(notes=notes), encoding="utf-8")
    _, problems = validate([path], ROOT / "schema", edition=edition)
    return [(p.severity, p.rule) for p in problems if p.rule in ("NOTE-MISSING", "NOTE-RESP")]


def test_a_note_without_any_text_is_flagged_as_missing(tmp_path):
    notes = '<note n="9" xml:id="x-n9"><gap reason="not-transcribed"/></note>'
    assert note_problems(tmp_path, notes) == [("warning", "NOTE-MISSING")]


def test_editors_text_in_place_of_a_missing_note_is_accepted_when_marked(tmp_path):
    notes = ('<note n="9" xml:id="x-n9"><gap reason="not-transcribed"/>'
             '<p resp="#ed">Supplied by the editors.</p></note>')
    assert note_problems(tmp_path, notes) == []


@pytest.mark.parametrize("content", [
    "<p>Supplied, but whose words?</p>",
    "Loose words beside the gap.",
])
def test_unmarked_text_in_place_of_a_missing_note_is_an_error(tmp_path, content):
    notes = f'<note n="9" xml:id="x-n9"><gap reason="not-transcribed"/>{content}</note>'
    assert ("error", "NOTE-RESP") in note_problems(tmp_path, notes)


# ----- a message carried inside a document: floatingText/@decls → correspDesc/@xml:id -----

def test_carried_message_found_through_decls(tmp_path):
    """The TEI way of linking a carried message to its metadata (issue 8) is what the page reads."""
    for folder in ("tei", "xslt"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    letter = tmp_path / "tei" / "letters" / "frus1943v03-p616.xml"
    tree = etree.parse(str(letter))
    message = tree.find(f".//{TEI_NS}floatingText")
    descs = tree.findall(f".//{TEI_NS}profileDesc/{TEI_NS}correspDesc")
    # the carried message's metadata comes first here, so document order cannot decide
    carried = next(d for d in descs
                   if "#" + d.get("{http://www.w3.org/XML/1998/namespace}id", "")
                   == message.get("decls"))
    carried.getparent().insert(0, carried)
    tree.write(str(letter), xml_declaration=True, encoding="UTF-8")
    staging = tmp_path / "out"
    staging.mkdir()
    html_writer.write(WriterContext(Project(tmp_path), Transformer(tmp_path / "xslt")), staging)
    page = lxml_html.parse(str(staging / "html" / "letters" / "frus1943v03-p616.html"))
    lists = page.xpath("//section[@class='metadata']//dl")
    assert len(lists) == 2
    own, nested = (" ".join(dl.text_content().split()) for dl in lists)
    assert "Standley" in own and "Roosevelt" not in own
    assert "Franklin Delano Roosevelt, 8 January 1943" in nested


def test_files_below_lists_regular_files_in_path_order_and_nothing_else(tmp_path):
    """What the writers publish and index: the order of ``sorted(rglob)``, no special files,
    no links followed into other folders, hidden and pruned folders left out."""
    for name in ("b/z.xml", "b/a.xml", "a-b.xml", "a/b.xml", "a.xml", "pagefind/p.xml",
                 "b/.hidden.xml", ".git/x.xml", "b/note.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<x/>")
    (tmp_path / "folder.xml").mkdir()
    os.mkfifo(tmp_path / "fifo.xml")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "elsewhere.xml").write_text("<x/>")
    (tmp_path / "linked").symlink_to(outside, target_is_directory=True)
    (tmp_path / "linked.xml").symlink_to(tmp_path / "a.xml")
    listed = files.files_below(tmp_path, ".xml", prune=frozenset({"pagefind"}))
    assert listed == ["a/b.xml", "a-b.xml", "a.xml", "b/a.xml", "b/z.xml", "linked.xml"]
    assert "b/.hidden.xml" in files.files_below(tmp_path, ".xml", hidden=True)
    assert {"folder.xml", "fifo.xml"} <= set(files.files_below(tmp_path, ".xml", regular=False))
    assert files.files_below(tmp_path / "absent", ".xml") == []
