"""The converter never loses an editor's work."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from edition.cli import main
from edition.store import MANIFEST, Store

from .conftest import SOVIET


def test_new_file_is_created_and_recorded(tmp_path):
    store = Store(tmp_path)
    assert store.write("letters/a.xml", b"<a/>").status == "created"
    store.save()
    assert json.loads((tmp_path / MANIFEST).read_text())["letters/a.xml"]
    assert (tmp_path / "letters/a.xml").read_bytes() == b"<a/>"


def test_file_as_converted_is_updated(tmp_path):
    Store(tmp_path).write("a.xml", b"<a/>")
    store = Store(tmp_path)
    store.write("a.xml", b"<a/>")
    store.save()
    assert Store(tmp_path).write("a.xml", b"<b/>").status == "updated"


def test_hand_edited_file_is_refused_and_kept(tmp_path):
    store = Store(tmp_path)
    store.write("a.xml", b"<a>converted</a>\n")
    store.save()
    (tmp_path / "a.xml").write_bytes(b"<a>corrected by an editor</a>\n")
    result = Store(tmp_path).write("a.xml", b"<a>converted again</a>\n")
    assert result.status == "refused"
    assert (tmp_path / "a.xml").read_bytes() == b"<a>corrected by an editor</a>\n"
    assert "-<a>corrected by an editor</a>" in result.diff
    assert "+<a>converted again</a>" in result.diff


def test_force_overwrites_an_edited_file(tmp_path):
    store = Store(tmp_path)
    store.write("a.xml", b"<a/>")
    store.save()
    (tmp_path / "a.xml").write_bytes(b"<edited/>")
    assert Store(tmp_path).write("a.xml", b"<b/>", force=True).status == "forced"
    assert (tmp_path / "a.xml").read_bytes() == b"<b/>"


def test_file_not_written_by_the_converter_counts_as_edited(tmp_path):
    (tmp_path / "a.xml").write_bytes(b"<mine/>")
    assert Store(tmp_path).write("a.xml", b"<b/>").status == "refused"


def test_no_temporary_files_are_left_behind(tmp_path):
    store = Store(tmp_path)
    store.write("x/a.xml", b"<a/>")
    store.save()
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted([MANIFEST, "x", "a.xml"])


def test_convert_refuses_an_edited_letter_then_diff_and_force(tmp_path, monkeypatch, project):
    monkeypatch.chdir(project.root)
    runner = CliRunner()
    out = tmp_path / "tei"
    first = runner.invoke(main, ["convert", str(SOVIET), "--out", str(out)])
    assert first.exit_code == 0, first.output
    assert "11 documents (11 created)" in first.output
    letter = out / "letters" / "sov2-003.xml"
    letter.write_text(letter.read_text().replace("My dear", "My very dear"))

    again = runner.invoke(main, ["convert", str(SOVIET), "--out", str(out), "--diff"])
    assert again.exit_code == 1
    assert "refused" in again.output and "sov2-003.xml" in again.output
    assert "My very dear" in again.output  # the diff shows the editor's change
    assert "My very dear" in letter.read_text()

    forced = runner.invoke(main, ["convert", str(SOVIET), "--out", str(out), "--force"])
    assert forced.exit_code == 0
    assert "My very dear" not in letter.read_text()


def test_committed_master_is_what_the_converter_writes(tmp_path, monkeypatch, project):
    """Re-running convert onto tei/ changes nothing: the master is up to date and unedited."""
    monkeypatch.chdir(project.root)
    import shutil

    shutil.copytree(project.tei, tmp_path / "tei")
    sources = sorted(str(path) for path in (project.root / "sources").glob("*.txt"))
    result = CliRunner().invoke(main, ["convert", *sources, "--out", str(tmp_path / "tei")])
    # the notes file holds the editors' own notes, written by hand: convert keeps it; every
    # other document (letters of all sources, the essay) is exactly what convert writes
    assert result.exit_code == 1, result.output
    assert "14 unchanged, 1 refused" in result.output
    assert re.search(r"refused +\S*sov2-notes\.xml", result.output)


def test_unreadable_and_empty_sources_get_clear_errors(tmp_path, monkeypatch, project):
    monkeypatch.chdir(project.root)
    runner = CliRunner()
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    result = runner.invoke(main, ["convert", str(empty), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert f"error: {empty}:1: empty source" in result.output
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("No. 1\n\nSent on August 4, 1941\n\nCaf\xe9".encode("latin-1"))
    result = runner.invoke(main, ["convert", str(latin1), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert f"{latin1}:5: not UTF-8 text" in result.output
    assert "Traceback" not in result.output
    unknown = tmp_path / "unknown.txt"
    unknown.write_text("Just a shopping list.\n")
    result = runner.invoke(main, ["convert", str(unknown), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "cannot tell what kind of source this is" in result.output
