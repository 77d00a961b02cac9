"""`edition convert` never loses a document, never writes broken TEI and never crashes (issue 13).

The sources here are written for the tests (a two-letter Soviet-style
transcription) or cut from the real ones; each test breaks one thing.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition import convert as convert_module
from edition.cli import main
from edition.convert import MAX_SOURCE_BYTES, convert
from edition.model import Document, ReaderError
from edition.store import MANIFEST, Store, StoreError
from edition.tei import XML_ID, E

from .conftest import SOVIET

LETTERS = """No. 1

Sent on March 3, 1942

J. V. Stalin to F. Roosevelt

Thank you for the message of February 20, which I received through the ambassador.

No. 2

Received on March 9, 1942

F. Roosevelt to J. V. Stalin

I have your message and I am glad that the supplies reach you.
"""


def soviet_source(folder: Path, text: str) -> Path:
    """A transcription under the Soviet volume's name, so the catalogue gives it its prefix."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SOVIET.name
    path.write_text(text, encoding="utf-8")
    return path


def run(project, *args: str):
    return CliRunner().invoke(main, ["convert", *args])


@pytest.fixture
def at_root(monkeypatch, project):
    monkeypatch.chdir(project.root)
    return project


def test_two_letters_with_one_number_are_reported_and_neither_is_written(tmp_path, at_root):
    text = LETTERS + "\n" + LETTERS.split("No. 2")[0].replace("February 20", "February 21")
    source = soviet_source(tmp_path / "src", text)
    out = tmp_path / "tei"
    result = run(at_root, str(source), "--out", str(out))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    error = next(line for line in result.output.splitlines() if "sov2-001.xml" in line
                 and line.startswith("error:"))
    second = text.splitlines().index("No. 1", 1) + 1
    assert f"{source}:1 and {source}:{second};" in error
    assert not (out / "letters" / "sov2-001.xml").exists()
    assert (out / "letters" / "sov2-002.xml").exists()  # the others are not held back


def test_a_tree_with_a_duplicate_xml_id_is_never_written(tmp_path, monkeypatch, project):
    def reader(source, edition_file):
        root = E.TEI(E.teiHeader(), E.text(E.body(E.p("a", E.note("x"), E.note("y")))))
        root.set(XML_ID, "sov2-001")
        for note in root.iter("{*}note"):
            note.set(XML_ID, "sov2-001-n1")
        return [Document("sov2-001", "letters", root, line=7)]

    monkeypatch.setitem(convert_module.READERS, "soviet", reader)
    source = soviet_source(tmp_path / "src", LETTERS)
    with pytest.raises(ReaderError, match=r":7: .*sov2-001-n1"):
        convert([source], tmp_path / "tei", "soviet", project)
    assert not list((tmp_path / "tei").rglob("*.xml"))


def test_an_impossible_date_in_a_dateline_ends_in_a_clear_error_or_a_conversion(tmp_path,
                                                                               at_root):
    text = LETTERS.replace("through the ambassador.\n",
                           "through the ambassador.\n\nJ. Stalin\n\nMoscow, November 31, 1941\n")
    source = soviet_source(tmp_path / "src", text)
    result = run(at_root, str(source), "--out", str(tmp_path / "tei"))
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output
    if result.exit_code:
        assert f"error: {source}" in result.output


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\ufffe"])
def test_a_control_character_is_refused_with_its_line(tmp_path, at_root, character):
    text = LETTERS.replace("glad that", f"glad{character} that")
    source = soviet_source(tmp_path / "src", text)
    result = run(at_root, str(source), "--out", str(tmp_path / "tei"))
    assert result.exit_code == 1
    assert f"{source}:15: control character U+{ord(character):04X}" in result.output
    assert "Traceback" not in result.output


def test_form_feeds_are_page_breaks_not_errors(tmp_path, at_root):
    source = soviet_source(tmp_path / "src", LETTERS.replace("\nNo. 2", "\x0c\nNo. 2"))
    result = run(at_root, str(source), "--out", str(tmp_path / "tei"))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("content", ["[1, 2]", '"text"', "42", '{"a.xml": 5}', "{broken"])
def test_a_damaged_manifest_is_a_clear_error(tmp_path, at_root, content):
    out = tmp_path / "tei"
    out.mkdir()
    (out / MANIFEST).write_text(content, encoding="utf-8")
    source = soviet_source(tmp_path / "src", LETTERS)
    result = run(at_root, str(source), "--out", str(out))
    assert result.exit_code == 1
    assert f"{out / MANIFEST}:1: damaged conversion manifest" in result.output
    assert "Traceback" not in result.output


def test_an_oversized_source_is_refused_before_it_is_read(tmp_path, at_root):
    source = tmp_path / "huge.txt"
    with source.open("wb") as handle:
        handle.truncate(MAX_SOURCE_BYTES + 1)
    result = run(at_root, str(source), "--out", str(tmp_path / "tei"))
    assert result.exit_code == 1
    assert "file too large" in result.output and "Traceback" not in result.output


def test_a_fifo_as_source_is_refused_without_blocking(tmp_path, at_root):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = run(at_root, str(fifo), "--out", str(tmp_path / "tei"))
    assert result.exit_code == 1
    assert "not a regular file" in result.output


def test_a_produced_file_too_big_for_validate_is_not_written(tmp_path, monkeypatch, project):
    from edition.files import MAX_ELEMENTS

    def reader(source, edition_file):
        root = E.TEI(E.teiHeader(), E.text(E.body(E.p(*[E.lb() for _ in range(MAX_ELEMENTS)]))))
        root.set(XML_ID, "sov2-001")
        return [Document("sov2-001", "letters", root, line=3)]

    monkeypatch.setitem(convert_module.READERS, "soviet", reader)
    source = soviet_source(tmp_path / "src", LETTERS)
    with pytest.raises(ReaderError, match=f":3: .*more than {MAX_ELEMENTS} elements"):
        convert([source], tmp_path / "tei", "soviet", project)
    assert not list((tmp_path / "tei").rglob("*.xml"))


# ----- file modes -----

def test_rewritten_files_keep_their_mode_and_new_files_follow_the_umask(tmp_path, project):
    source = soviet_source(tmp_path / "src", LETTERS)
    out = tmp_path / "tei"
    previous = os.umask(0o022)
    try:
        convert([source], out, "soviet", project)
        letter = out / "letters" / "sov2-001.xml"
        assert stat.S_IMODE(letter.stat().st_mode) == 0o644
        letter.chmod(0o664)
        source.write_text(LETTERS.replace("glad", "very glad"), encoding="utf-8")
        report = convert([source], out, "soviet", project)
        assert {r.status for r in report.results} >= {"updated"}
        assert stat.S_IMODE((out / "letters" / "sov2-002.xml").stat().st_mode) == 0o644
        assert stat.S_IMODE(letter.stat().st_mode) == 0o664
    finally:
        os.umask(previous)


# ----- the manifest after crashes -----

def test_a_file_written_before_a_crash_is_known_as_the_converters(tmp_path):
    store = Store(tmp_path)
    store.write("a.xml", b"<a>1</a>")
    store.save()
    store = Store(tmp_path)
    store.intend([("a.xml", b"<a>2</a>")])
    store.write("a.xml", b"<a>2</a>")  # killed here: the manifest still says 1 (and 2 intended)
    result = Store(tmp_path).write("a.xml", b"<a>3</a>")
    assert result.status == "updated"


def test_an_intent_never_written_does_not_excuse_an_edit(tmp_path):
    store = Store(tmp_path)
    store.write("a.xml", b"<a>1</a>")
    store.save()
    (tmp_path / "a.xml").write_bytes(b"<a>edited</a>")
    store = Store(tmp_path)
    store.intend([("a.xml", b"<a>2</a>")])
    assert store.write("a.xml", b"<a>2</a>").status == "refused"
    store.save()
    assert Store(tmp_path).write("a.xml", b"<a>3</a>").status == "refused"
    assert (tmp_path / "a.xml").read_bytes() == b"<a>edited</a>"


def test_a_lost_manifest_still_recognises_files_identical_to_the_conversion(tmp_path, project):
    source = soviet_source(tmp_path / "src", LETTERS)
    out = tmp_path / "tei"
    convert([source], out, "soviet", project)
    (out / MANIFEST).unlink()
    report = convert([source], out, "soviet", project)
    assert {r.status for r in report.results} == {"unchanged"}


def test_the_manifest_is_locked_while_a_conversion_runs(tmp_path):
    import fcntl

    with Store.locked(tmp_path):
        descriptor = os.open(tmp_path / ".convert.lock", os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(descriptor)
    descriptor = os.open(tmp_path / ".convert.lock", os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again
    finally:
        os.close(descriptor)


def test_manifest_entries_of_wrong_shape_name_the_entry(tmp_path):
    (tmp_path / MANIFEST).write_text(json.dumps({"a.xml": [1]}), encoding="utf-8")
    with pytest.raises(StoreError, match="'a.xml'"):
        Store(tmp_path)


def test_written_files_are_well_formed(tmp_path, project):
    source = soviet_source(tmp_path / "src", LETTERS)
    convert([source], tmp_path / "tei", "soviet", project)
    for path in (tmp_path / "tei").rglob("*.xml"):
        etree.parse(str(path))
