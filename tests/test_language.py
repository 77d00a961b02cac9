"""The editors' word lists: one loader, clear errors naming file and line."""

from __future__ import annotations

import pytest

from edition import language as language_module
from edition.language import LanguageError, language, load_language


def test_the_lists_the_converter_reads_with_are_all_there():
    words = language()
    for kind in ("months", "weekdays", "courtesy-titles", "opening-salutations",
                 "closing-salutations", "classification", "reporting-verbs", "communications",
                 "navigation", "named-things", "document-types", "minor-words", "name-particles",
                 "publisher-words", "repeat-references", "editor-roles", "retrospective-phrases",
                 "note-closings"):
        assert words.items(kind), kind
    assert words.months["sept"] == 9 and words.months["december"] == 12
    assert words.weekdays[0] == "Monday"
    assert words.keyed("document-types")["aide-mémoire"] == "aide-memoire"


def test_an_editors_new_form_is_read(tmp_path):
    path = tmp_path / "language.xml"
    path.write_text('<div xmlns="http://www.tei-c.org/ns/1.0"><list type="navigation">'
                    "<item>Click here</item><item>Zurück zu</item></list></div>", "utf-8")
    assert load_language(path).words("navigation") == ["Click here", "Zurück zu"]
    with pytest.raises(LanguageError, match="no <list type='months'>"):
        load_language(path).items("months")


@pytest.mark.parametrize(("content", "problem"), [
    ('<div xmlns="http://www.tei-c.org/ns/1.0"><list type="x"><item>a</item>', ":1: malformed"),
    ('<div xmlns="http://www.tei-c.org/ns/1.0">\n<list type="x"><item> </item></list></div>',
     ":2: an item without words"),
])
def test_a_broken_file_is_an_error_naming_file_and_line(tmp_path, content, problem):
    path = tmp_path / "language.xml"
    path.write_text(content, "utf-8")
    with pytest.raises(LanguageError, match=f"language.xml{problem}"):
        load_language(path)


def test_the_default_file_broken_ends_the_program_with_its_message(tmp_path, monkeypatch):
    path = tmp_path / "language.xml"
    path.write_text("<div", "utf-8")
    monkeypatch.setattr(language_module, "DEFAULT_PATH", path)
    with pytest.raises(SystemExit, match="error: .*language.xml:1: malformed"):
        language_module.language()
