"""`edition validate` reports every problem with file and line, and never crashes."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from edition.cli import main
from edition.validate import validate

LETTER = "tei/letters/sov2-001.xml"


def run(project, *args):
    return CliRunner().invoke(main, ["validate", *map(str, args)])


def test_the_committed_edition_is_valid(project, monkeypatch):
    monkeypatch.chdir(project.root)
    result = run(project)
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


def broken_copy(project, tmp_path, old, new):
    path = tmp_path / "sov2-001.xml"
    text = (project.root / LETTER).read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    return path, line


def test_invalid_element_is_reported_with_its_line(project, tmp_path, monkeypatch):
    monkeypatch.chdir(project.root)
    path, line = broken_copy(project, tmp_path, '<head type="main">', '<head type="main"><bogus/>')
    result = run(project, path)
    assert result.exit_code == 1
    assert f"{path}:{line}: SCHEMA: <head>: Unexpected child with tag 'tei:bogus'" in result.output


def test_bad_iso_date_is_reported(project, tmp_path, monkeypatch):
    monkeypatch.chdir(project.root)
    path, line = broken_copy(project, tmp_path, 'when="1941-08-04">', 'when="4 August 1941">')
    result = run(project, path)
    assert result.exit_code == 1
    assert f"{path}:{line}: SCHEMA: <date>" in result.output
    assert "4 August 1941" in result.output


def test_unknown_corresp_action_type_is_reported(project, tmp_path, monkeypatch):
    monkeypatch.chdir(project.root)
    path, line = broken_copy(project, tmp_path, 'correspAction type="sent"',
                             'correspAction type="posted"')
    result = run(project, path)
    assert result.exit_code == 1
    assert f"{path}:{line}: SCHEMA: <correspAction>" in result.output


def test_all_problems_of_all_files_in_one_run(project, tmp_path, monkeypatch):
    monkeypatch.chdir(project.root)
    a = tmp_path / "a.xml"
    a.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'>\n<oops>\n</TEI>\n")
    b = tmp_path / "b.xml"
    b.write_text("<html/>")
    result = run(project, tmp_path)
    assert result.exit_code == 1
    assert f"{a}:3: XML: malformed XML" in result.output
    assert f"{b}:1: TEI-ROOT:" in result.output
    assert "2 files checked, 2 errors" in result.output


def test_empty_file_and_missing_path(project, tmp_path, monkeypatch):
    monkeypatch.chdir(project.root)
    empty = tmp_path / "empty.xml"
    empty.write_text("")
    result = run(project, empty)
    assert result.exit_code == 1
    assert f"{empty}:1: XML: empty file" in result.output
    result = run(project, tmp_path / "nowhere.xml")
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


def test_external_entities_are_refused_and_never_read(project, tmp_path, monkeypatch):
    monkeypatch.chdir(project.root)
    evil = tmp_path / "evil.xml"
    evil.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        "<TEI xmlns='http://www.tei-c.org/ns/1.0'>&x;</TEI>\n"
    )
    result = run(project, evil)
    assert result.exit_code == 1
    assert "DOCTYPE and entity declarations are not allowed" in result.output
    assert "root:" not in result.output


def test_missing_schema_means_validation_could_not_run(project_copy, monkeypatch):
    shutil.rmtree(project_copy.root / "schema")
    monkeypatch.chdir(project_copy.root)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 2
    assert "schema not found" in result.output


def test_a_file_changed_after_a_valid_run_is_checked_again(project_copy, monkeypatch):
    monkeypatch.chdir(project_copy.root)
    letter = project_copy.tei / "letters" / "sov2-001.xml"
    assert CliRunner().invoke(main, ["validate", str(letter)]).exit_code == 0
    assert (project_copy.root / "output" / ".cache" / "validation.json").exists()
    letter.write_text(letter.read_text().replace('when="1941-08-04"', 'when="1941-8-4"', 1))
    result = CliRunner().invoke(main, ["validate", str(letter)])
    assert result.exit_code == 1
    assert "SCHEMA: <date>" in result.output


def test_remembered_findings_are_the_findings(project_copy):
    """A second run answers from the cache, with the same findings, lines and columns."""
    letter = project_copy.tei / "letters" / "sov2-001.xml"
    letter.write_text(letter.read_text().replace('when="1941-08-04"', 'when="1941-8-4"', 1))
    first = validate([project_copy.tei], project_copy.root / "schema")
    assert any(p.rule == "SCHEMA" for p in first[1])
    assert validate([project_copy.tei], project_copy.root / "schema") == first


def test_a_change_in_another_file_checks_the_unchanged_file_again(project_copy):
    """A letter's remembered findings depend on the registers it points into."""
    schema = project_copy.root / "schema"
    assert not [p for p in validate([project_copy.tei], schema)[1] if p.severity == "error"]
    persons = project_copy.tei / "registers" / "persons.xml"
    persons.write_text(persons.read_text().replace('xml:id="harriman"', 'xml:id="harriman-w"'))
    problems = validate([project_copy.tei], schema)[1]
    unresolved = {p.path.name for p in problems if p.rule == "REF-RESOLVES"}
    assert "sov2-006.xml" in unresolved


def test_files_checked_in_worker_processes_give_the_same_findings(project_copy, monkeypatch):
    from edition import executor

    letter = project_copy.tei / "letters" / "sov2-001.xml"
    letter.write_text(letter.read_text().replace('when="1941-08-04"', 'when="1941-8-4"', 1))
    schema = project_copy.root / "schema"
    alone = validate([project_copy.tei], schema, jobs=1)
    (project_copy.root / "output" / ".cache" / "validation.json").unlink()
    monkeypatch.setattr(executor, "MINIMUM_PER_WORKER", 1)
    assert validate([project_copy.tei], schema, jobs=2) == alone


def test_the_cache_forgets_results_no_run_uses(project_copy):
    import json

    schema = project_copy.root / "schema"
    validate([project_copy.tei], schema)
    cache = project_copy.root / "output" / ".cache" / "validation.json"
    stored = json.loads(cache.read_text())
    stored["rules"].update({f"stale-{n}": {"digest": "0", "reads": None, "problems": []}
                            for n in range(3000)})
    cache.write_text(json.dumps(stored))
    letter = project_copy.tei / "letters" / "sov2-006.xml"
    letter.write_text(letter.read_text().replace("bloody Hitlerism", "bloody Hitlerism (sic)"))
    validate([project_copy.tei], schema)
    kept = json.loads(cache.read_text())["rules"]
    assert not [key for key in kept if key.startswith("stale-")]
    assert len(kept) == len(list(project_copy.tei.rglob("*.xml")))


def _break_both_phases(project_copy) -> None:
    """Errors of the file phase and of the edition phase, some at one place."""
    letters = sorted((project_copy.tei / "letters").glob("*.xml"))
    first, second = letters[0], letters[1]
    text = second.read_text(encoding="utf-8")
    ident = second.stem
    # The root's xml:id: FILE-ID (file phase) and ID-UNIQUE (edition phase) at one place.
    second.write_text(text.replace(f'xml:id="{ident}"', f'xml:id="{first.stem}"', 1),
                      encoding="utf-8")
    text = letters[2].read_text(encoding="utf-8")
    letters[2].write_text(text.replace('ref="psn:', 'ref="psn:nobody-', 1)
                          .replace("</body>", "<p><sic>teh</sic></p></body>", 1), encoding="utf-8")


def test_rules_in_worker_processes_give_the_same_findings_in_the_same_order(project_copy,
                                                                           monkeypatch):
    from edition import executor

    _break_both_phases(project_copy)
    schema = project_copy.root / "schema"
    alone = validate([project_copy.tei], schema, jobs=1)
    rules = {p.rule for p in alone[1]}
    assert {"FILE-ID", "ID-UNIQUE", "REF-RESOLVES", "SIC-CORR", "NOTE-MISSING"} <= rules
    (project_copy.root / "output" / ".cache" / "validation.json").unlink()
    monkeypatch.setattr(executor, "MINIMUM_PER_WORKER", 1)
    assert validate([project_copy.tei], schema, jobs=2) == alone


def test_rules_on_a_dask_cluster_give_the_same_findings(project_copy, monkeypatch):
    import pytest

    pytest.importorskip("distributed", reason="Dask is the optional extra edition[dask]")
    _break_both_phases(project_copy)
    schema = project_copy.root / "schema"
    alone = validate([project_copy.tei], schema, jobs=1)
    (project_copy.root / "output" / ".cache" / "validation.json").unlink()
    assert validate([project_copy.tei], schema, jobs=2, cluster="local") == alone


def _files_checked_here(monkeypatch) -> list[str]:
    """The names of the files ``check_alone`` is called on in this process, as it is called."""
    from edition import validate as module

    names: list[str] = []
    original = module.check_alone

    def spy(task, *loaded):
        names.extend(path.name for path, _, _ in task[1])
        return original(task, *loaded)

    monkeypatch.setattr(module, "check_alone", spy)
    return names


def test_remembered_file_phase_findings_serve_when_the_edition_changes(project_copy,
                                                                       monkeypatch):
    """A change another file can see checks every file again across files, not alone."""

    _break_both_phases(project_copy)
    schema = project_copy.root / "schema"
    first = validate([project_copy.tei], schema)
    persons = project_copy.tei / "registers" / "persons.xml"
    persons.write_text(persons.read_text().replace("</listPerson>",
                                                   '<person xml:id="zz-new"/></listPerson>', 1))
    alone = _files_checked_here(monkeypatch)
    second = validate([project_copy.tei], schema)
    assert alone == ["persons.xml"]
    assert [p for p in second[1] if p.path.name != "persons.xml"] == \
        [p for p in first[1] if p.path.name != "persons.xml"]


def test_by_default_the_rules_run_in_one_part_per_worker_on_facts(project_copy, monkeypatch):
    """Each part is given its share of the files whole and the facts of every file (what the
    rules read of the files they do not check: no text, few elements), and checks its share
    with both phases, so no rules run here; the findings are those of one run here."""
    from lxml import etree

    from edition import executor
    from edition import validate as module
    from edition.schematron import saxon_uri
    from edition.validate import across_of, facts_of, outline_of

    _break_both_phases(project_copy)
    schema = project_copy.root / "schema"
    alone = validate([project_copy.tei], schema, jobs=1)
    (project_copy.root / "output" / ".cache" / "validation.json").unlink()
    monkeypatch.setattr(executor, "MINIMUM_PER_WORKER", 1)
    monkeypatch.setattr(executor, "default_jobs", lambda: 2)  # whatever the machine has
    parts = []
    original = executor.Executor.map

    def spy(self, function, items, *args, **kwargs):
        if function is module.check_rules:
            parts.extend(items)
        return original(self, function, items, *args, **kwargs)

    monkeypatch.setattr(executor.Executor, "map", spy)
    here = _files_checked_here(monkeypatch)
    assert validate([project_copy.tei], schema, jobs=None) == alone
    assert here == []
    files = sorted(project_copy.tei.rglob("*.xml"))
    assert len(parts) == 2
    assert sorted(uri for part in parts for uri in part[3]) == sorted(
        saxon_uri(path) for path in files)
    across = across_of(schema)
    assert across is not None
    for _, facts, texts, requested, _, _ in parts:
        assert len(facts) == len(files) and set(texts) == set(requested)
        assert {path: read for path, _, read in facts} == {
            path: facts_of(path.read_bytes(), across) for path in files}
        elements = {"facts": 0, "outlines": 0}
        for path, _, read in facts:
            assert etree.fromstring(read).xpath("//text()") == []
            if path.parent.name == "letters":
                elements["facts"] += len(etree.fromstring(read).xpath("//*"))
                elements["outlines"] += len(etree.fromstring(outline_of(path.read_bytes()))
                                            .xpath("//*"))
        assert 0 < elements["facts"] < elements["outlines"] / 3


def test_an_outline_keeps_every_element_and_attribute_and_no_text():
    """Markup that looks like tags inside comments, CDATA, processing instructions and
    attribute values is no tag; every real element and attribute is kept, in order."""
    from lxml import etree

    from edition.validate import outline_of

    source = ('\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<?xml-model href="a>b"?>'
              '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:x="urn:x" xml:id="t">'
              '<!-- <ptr target="#in-comment"/> --><p rend=\'a > "b"\' n="1 &gt; &amp; 2">'
              'text &lt;not a tag&gt; <![CDATA[ <ref target="#in-cdata"/> ]]> more'
              '<x:ref target="#n&#x31;"/><?pi <note xml:id="in-pi"/> ?></p>\n'
              '<ref\n target = "a>b" /></TEI>').encode("utf-8")
    whole = etree.fromstring(source)
    outline = etree.fromstring(outline_of(source))

    def shape(root: etree._Element) -> list[tuple[str, list[tuple[str, str]]]]:
        return [(element.tag, list(element.attrib.items())) for element in root.iter()
                if isinstance(element.tag, str)]

    assert shape(outline) == shape(whole)
    assert outline.xpath("//text() | //comment() | //processing-instruction()") == []
    assert len(shape(outline)) == 4


def test_a_text_edit_leaves_the_outline_and_a_markup_edit_changes_it():
    from edition.validate import outline_of

    letter = (b'<TEI xmlns="http://www.tei-c.org/ns/1.0">'
              b'<p n="1">Dear <name ref="#a">A</name></p></TEI>')
    assert outline_of(letter.replace(b"Dear", b"Most dear")) == outline_of(letter)
    assert outline_of(letter.replace(b'ref="#a"', b'ref="#b"')) != outline_of(letter)
    assert outline_of(letter.replace(b'n="1"', b'n="1" rend="x"')) != outline_of(letter)


def test_facts_keep_what_other_files_rules_read_with_its_ancestors():
    """Of a file's outline, the facts keep the root, elements named or carrying an attribute
    named in `e:across` (whatever their prefix), whole subtrees named there, each with its
    ancestors as written (so namespaces and paths from the root hold), and nothing else."""
    from lxml import etree

    from edition.validate import Across, facts_of, outline_of

    across = Across(frozenset({b"prefixDef", b"ptr"}), frozenset({b"correspDesc"}),
                    (b"xml:id", b"xml:base"))
    source = (b'<t:TEI xmlns:t="urn:t" xml:id="a"><t:teiHeader><t:fileDesc><t:title>T'
              b'</t:title></t:fileDesc><t:profileDesc><t:correspDesc><t:correspAction '
              b'type="sent"><t:persName ref="#x"/><t:date when="1941"/></t:correspAction>'
              b'</t:correspDesc></t:profileDesc></t:teiHeader><t:text><t:body><t:div n="1">'
              b'<t:p>Text <t:persName ref="#x">X</t:persName><t:ptr type="noteref" '
              b'target="#n"/></t:p><t:p rend="x">no</t:p><t:p xml:base="b/"><t:hi>b</t:hi></t:p>'
              b'<t:note xml:id="n" target="#a">N <t:ref\n target="#a">a</t:ref></t:note>'
              b'</t:div></t:body></t:text></t:TEI>')
    facts = facts_of(source, across)
    assert facts == (
        b'<t:TEI xmlns:t="urn:t" xml:id="a"><t:teiHeader><t:profileDesc><t:correspDesc>'
        b'<t:correspAction type="sent"><t:persName ref="#x"/><t:date when="1941"/>'
        b'</t:correspAction></t:correspDesc></t:profileDesc></t:teiHeader><t:text><t:body>'
        b'<t:div n="1"><t:p><t:ptr type="noteref" target="#n"/></t:p><t:p xml:base="b/">'
        b'</t:p><t:note xml:id="n" target="#a"></t:note></t:div></t:body></t:text></t:TEI>')
    assert etree.fromstring(facts).xpath("//text()") == []
    # No declaration: the facts are the outline.
    assert facts_of(source, None) == outline_of(source)


def test_a_cache_damaged_by_hand_costs_a_check_not_a_crash(project_copy):
    import json

    schema = project_copy.root / "schema"
    letter = project_copy.tei / "letters" / "sov2-001.xml"
    letter.write_text(letter.read_text().replace('when="1941-08-04"', 'when="1941-8-4"', 1))
    first = validate([project_copy.tei], schema)
    cache = project_copy.root / "output" / ".cache" / "validation.json"
    stored = json.loads(cache.read_text())
    entries = list(stored["rules"])
    stored["rules"][entries[0]]["problems"] = [["one", "RULE", "message", "error", 1]]
    stored["rules"][entries[1]] = []
    stored["rules"][entries[2]]["reads"] = 7
    stored["edition"][entries[3]] = None
    cache.write_text(json.dumps(stored))
    assert validate([project_copy.tei], schema) == first
