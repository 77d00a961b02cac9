"""After any edit, validation that reuses remembered findings reports exactly what a cold run
reports, while checking again only the files the edit can change (``e:depends``)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from edition import validate as module
from edition.validate import validate


def _replace(path: Path, old: str, new: str, *, flags: int = 0) -> None:
    text = path.read_text("utf-8")
    changed = re.sub(old, new, text, count=1, flags=flags)
    assert changed != text, f"{old!r} not found in {path.name}"
    path.write_text(changed, "utf-8")


def _edits(tei: Path) -> list[tuple[str, Callable[[], None]]]:
    """Edits of each kind that changes what one file's findings read of another."""
    letters, notes = tei / "letters", tei / "notes" / "sov2-notes.xml"
    persons = tei / "registers" / "persons.xml"
    project = tei.parent
    return [
        ("an id another file already uses",
         lambda: _replace(letters / "sov2-002.xml", r"<p>", '<p xml:id="harriman">')),
        ("that id taken away again",
         lambda: _replace(letters / "sov2-002.xml", r'<p xml:id="harriman">', "<p>")),
        ("a marker citing a shared note that does not list the letter",
         lambda: _replace(letters / "sov2-003.xml", r"</p>",
                          '<ptr type="noteref" n="4" target="../notes/sov2-notes.xml#sov2-n4"/>'
                          "</p>")),
        ("lines of text added above that marker",
         lambda: _replace(letters / "sov2-003.xml", r"<p>", "<p>Two\n\nmore lines. ")),
        ("a letter's text edited while another letter takes its id",
         lambda: (_replace(letters / "sov2-002.xml", r"<p>", "<p>More. "),
                  _replace(letters / "sov2-004.xml", r"<p>", '<p xml:id="sov2-002">'))),
        ("a letter's marker taken away, its note still listing it",
         lambda: _replace(letters / "sov2-006.xml",
                          r'<ptr type="noteref" n="4" target="[^"]*"/>', "")),
        ("a shared note's list leaving out the one letter citing it",
         lambda: _replace(notes, r'target="../letters/sov2-005.xml" xml:id="sov2-n5"',
                          'target="../letters/sov2-004.xml" xml:id="sov2-n5"')),
        ("that letter's marker moved to a letter no note lists",
         lambda: (_replace(letters / "sov2-005.xml",
                           r'<ptr type="noteref" n="5" target="[^"]*"/>', ""),
                  _replace(letters / "sov2-008.xml", r"</p>",
                           '<ptr type="noteref" n="5" target="../notes/sov2-notes.xml#sov2-n5"/>'
                           "</p>"))),
        ("the note's only marker taken away",
         lambda: _replace(letters / "sov2-008.xml",
                          r'<ptr type="noteref" n="5" target="[^"]*"/>', "")),
        ("a marker citing the note no marker cited",
         lambda: _replace(letters / "sov2-008.xml", r"</p>",
                          '<ptr type="noteref" n="5" target="../notes/sov2-notes.xml#sov2-n5"/>'
                          "</p>")),
        ("a shared note renamed under its markers",
         lambda: _replace(notes, r'xml:id="sov2-n7"', 'xml:id="sov2-n7a"')),
        ("a register entry renamed under its pointers",
         lambda: _replace(persons, r'xml:id="harriman"', 'xml:id="harriman-w"')),
        ("a neighbour pointer that is not returned",
         lambda: _replace(letters / "sov2-007.xml", r'type="previous" target="sov2-006.xml"',
                          'type="previous" target="sov2-004.xml"')),
        ("a date that puts a letter after its next one",
         lambda: _replace(letters / "sov2-006.xml",
                          r'(<correspAction type="sent">.*?<date when=")1941-11-04',
                          r"\g<1>1941-12-24", flags=re.DOTALL)),
        ("a new file with an id of another",
         lambda: shutil.copy(letters / "sov2-010.xml", letters / "sov2-099.xml")),
        ("that file deleted",
         lambda: (letters / "sov2-099.xml").unlink()),
        ("a pointer to a plain file that is not there",
         lambda: _replace(letters / "sov2-001.xml", r"<p>", '<p><ref target="../../extra/a.txt">'
                          "a</ref>")),
        ("the plain file made",
         lambda: ((project / "extra").mkdir(), (project / "extra" / "a.txt").write_text("a"))),
        ("a letter moved to another folder",
         lambda: ((tei / "moved").mkdir(),
                  (letters / "sov2-009.xml").rename(tei / "moved" / "sov2-009.xml"))),
        ("a comment in the edition's own file",
         lambda: _replace(tei / "edition.xml", r"</teiHeader>", "<!-- e --></teiHeader>")),
        ("an id in the edition's own file",
         lambda: _replace(tei / "edition.xml", r"<teiHeader>", '<teiHeader xml:id="h">')),
    ]


def _cold(project: Path, schema: Path) -> list:
    """What a run that remembers nothing reports (the cache is put back afterwards)."""
    cache = project / "output" / ".cache" / "validation.json"
    kept = cache.read_bytes()
    cache.unlink()
    try:
        return validate([project / "tei"], schema)[1]
    finally:
        cache.write_bytes(kept)


@pytest.fixture
def rules_checked(monkeypatch) -> list[str]:
    """The names of the files the cross-file rules check, as runs go on."""
    checked: list[str] = []
    original = module._run_rules

    def spy(rules, requested, edition, *rest):
        checked.extend(source.path.name for source in requested)
        return original(rules, requested, edition, *rest)

    monkeypatch.setattr(module, "_run_rules", spy)
    return checked


def test_an_edit_other_files_cannot_see_checks_that_file_alone(project_copy, rules_checked):
    """Correcting a letter's text runs no cross-file rules (they read no text); changing
    the names it tags runs them on that letter only; changing what other files read of it
    (its date, which its neighbours are ordered by) runs them on those files as well, and
    on no others."""
    schema = project_copy.root / "schema"
    letter = project_copy.tei / "letters" / "sov2-006.xml"
    validate([project_copy.tei], schema)
    for old, new, checked in ((r"bloody Hitlerism", "bloody Hitlerism (sic)", []),
                              (r'<salute><persName ref="psn:roosevelt-franklin">',
                               '<salute><persName ref="psn:stalin">', ["sov2-006.xml"])):
        _replace(letter, old, new)
        rules_checked.clear()
        validate([project_copy.tei], schema)
        assert rules_checked == checked
    _replace(letter, r'(<correspAction type="sent">.*?<date when=")\d{4}', r"\g<1>1942",
             flags=re.DOTALL)
    rules_checked.clear()
    validate([project_copy.tei], schema)
    # Its neighbours (previous, next) and the notes its markers cite read its facts.
    assert sorted(rules_checked) == ["sov2-005.xml", "sov2-006.xml", "sov2-007.xml",
                                     "sov2-notes.xml"]


def test_every_edit_gives_the_findings_of_a_cold_run(project_copy, rules_checked):
    schema = project_copy.root / "schema"
    validate([project_copy.tei], schema)
    checked = rules_checked
    total = len(list(project_copy.tei.rglob("*.xml")))
    partial = 0
    for label, edit in _edits(project_copy.tei):
        edit()
        checked.clear()
        warm = validate([project_copy.tei], schema)[1]
        partial += len(checked) < total
        assert warm == _cold(project_copy.root, schema), label
        assert validate([project_copy.tei], schema)[1] == warm, label  # and remembered so
    assert partial >= 15  # most edits re-check a few files, not the edition


@pytest.mark.parametrize("jobs", [2])
def test_edits_checked_in_parts_give_the_findings_of_a_cold_run(project_copy, monkeypatch, jobs):
    from edition import executor

    monkeypatch.setattr(executor, "MINIMUM_PER_WORKER", 1)
    schema = project_copy.root / "schema"
    validate([project_copy.tei], schema, jobs=jobs)
    for label, edit in _edits(project_copy.tei)[:8]:
        edit()
        warm = validate([project_copy.tei], schema, jobs=jobs)[1]
        assert warm == _cold(project_copy.root, schema), label


def test_checking_one_file_keeps_what_the_others_need_to_know(project_copy):
    """Validating one edited letter alone leaves the remembered findings of the files it
    reaches to be worked out again by the next run of the whole edition."""
    schema = project_copy.root / "schema"
    letters = project_copy.tei / "letters"
    validate([project_copy.tei], schema)
    _replace(letters / "sov2-002.xml", r"<p>", '<p xml:id="harriman">')
    alone = validate([letters / "sov2-002.xml"], schema)[1]
    assert any(p.rule == "ID-UNIQUE" for p in alone)
    warm = validate([project_copy.tei], schema)[1]
    assert any(p.rule == "ID-UNIQUE" and p.path.name == "persons.xml" for p in warm)
    assert warm == _cold(project_copy.root, schema)
