"""The consistency rules (schema/edition.sch) and the reading checks, each pinned on a broken file.

``tests/invalid/base/`` is a frozen, valid copy of a small edition (ten
letters, their shared notes, the persons register), so these tests do not move
when ``tei/`` grows. Every other folder of ``tests/invalid/`` is one broken
case: files named like files of the base edition, which ``validate`` checks
in their places. A comment ``<!--expect RULE ...-->`` ends each line where a
finding must be reported; a case must report exactly those errors.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition.cli import main
from edition.schemapis import add_schema_pis, schema_pi_data
from edition.schematron import Schematron, load_document, saxon_uri
from edition.tei import MAX_FILE_BYTES
from edition.validate import Problem, load_rules, validate
from edition.xslt import processor

from .conftest import ROOT

INVALID = Path(__file__).parent / "invalid"
BASE = INVALID / "base"
SCHEMA = ROOT / "schema"
MARKER = re.compile(rb"<!--expect ([A-Z -]+)-->")
#: Cases whose file cannot carry a marker (empty, or not in an ASCII-compatible encoding).
UNMARKED = {
    "xml-empty": [("sov2-006.xml", "XML", 1)],
    "encoding-utf16": [("sov2-006.xml", "ENCODING", 1)],
}
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir() and p.name != "base")


def expected(case: str) -> list[tuple[str, str, int]]:
    if case in UNMARKED:
        return UNMARKED[case]
    found = []
    for path in sorted((INVALID / case).glob("*.xml")):
        for number, line in enumerate(path.read_bytes().split(b"\n"), 1):
            for marker in MARKER.finditer(line):
                found += [(path.name, rule.decode(), number) for rule in marker.group(1).split()]
    return found


def errors(problems: list[Problem]) -> list[tuple[str, str, int]]:
    return sorted((p.path.name, p.rule, p.line) for p in problems if p.severity == "error")


def test_there_are_at_least_25_broken_cases():
    assert len(CASES) >= 25
    assert all(expected(case) for case in CASES)


@pytest.mark.parametrize("case", CASES)
def test_broken_case_reports_its_rule_on_its_line(case):
    files, problems = validate([INVALID / case], SCHEMA, edition=BASE)
    assert files
    assert errors(problems) == sorted(expected(case))


def test_the_base_edition_is_valid_with_placeholder_notes_as_warnings():
    files, problems = validate([BASE], SCHEMA)
    assert len(files) == 13
    assert errors(problems) == []
    assert {p.rule for p in problems} == {"NOTE-MISSING"}


def test_the_committed_edition_has_no_errors():
    files, problems = validate([ROOT / "tei"], SCHEMA)
    assert [str(p) for p in problems if p.severity == "error"] == []


def test_placeholder_notes_are_listed_one_warning_each():
    notes = BASE / "notes" / "sov2-notes.xml"
    _, problems = validate([notes], SCHEMA, edition=BASE)
    lines = notes.read_text(encoding="utf-8").splitlines()
    placeholders = [i for i, line in enumerate(lines, 1) if "<note n=" in line]
    assert [(p.severity, p.rule, p.line) for p in problems] == [
        ("warning", "NOTE-MISSING", line) for line in placeholders]
    assert "Note 4 (sov2-n4) is still a placeholder" in problems[3].message


def test_column_points_at_the_offending_attribute():
    path = INVALID / "ref-unknown-id" / "sov2-006.xml"
    _, problems = validate([path], SCHEMA, edition=BASE)
    [problem] = problems if len(problems) == 1 else [p for p in problems
                                                     if p.rule == "REF-RESOLVES"]
    line = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert problem.column == line.index('ref="psn:steinhart"') + 1
    assert "psn:steinhart" in problem.message and "registers/persons.xml" in problem.message


def edition_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "tei"
    shutil.copytree(BASE, copy)
    return copy


def test_cross_file_rules_see_the_whole_edition_when_one_file_is_named(tmp_path):
    tei = edition_copy(tmp_path)
    letter = tei / "letters" / "sov2-001.xml"
    text = letter.read_text(encoding="utf-8")
    letter.write_text(re.sub(r'<ptr type="noteref"[^>]*/>', "", text), encoding="utf-8")
    _, problems = validate([tei / "notes" / "sov2-notes.xml"], SCHEMA)
    assert [(p.rule, p.path.name) for p in problems if p.severity == "error"] == [
        ("NOTE-REFERENCED", "sov2-notes.xml"), ("NOTE-TARGET", "sov2-notes.xml")]


def test_findings_are_reported_only_for_the_files_asked_for(tmp_path):
    tei = edition_copy(tmp_path)
    broken = tei / "letters" / "sov2-004.xml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("psn:stalin", "psn:nobody"),
                      encoding="utf-8")
    files, problems = validate([tei / "letters" / "sov2-003.xml"], SCHEMA)
    assert files == [tei / "letters" / "sov2-003.xml"]
    assert errors(problems) == []
    assert errors(validate([broken], SCHEMA)[1])


def test_a_date_outside_the_span_is_allowed_when_flagged_with_cert(tmp_path):
    tei = edition_copy(tmp_path)
    letter = tei / "letters" / "sov2-001.xml"
    text = letter.read_text(encoding="utf-8")
    letter.write_text(text.replace('<date when="1941-08-04"/>',
                                   '<date when="1914-08-04" cert="low"/>'), encoding="utf-8")
    assert errors(validate([letter], SCHEMA)[1]) == []


def test_a_new_letter_outside_the_edition_is_checked_as_standing_in_letters(tmp_path):
    text = (BASE / "letters" / "sov2-008.xml").read_text(encoding="utf-8")
    text = text.replace('xml:id="sov2-008"', 'xml:id="sov2-011"')
    text = re.sub(r"\s*<correspContext>.*?</correspContext>", "", text, flags=re.S)
    draft = tmp_path / "sov2-011.xml"
    draft.write_text(text, encoding="utf-8")
    assert errors(validate([draft], SCHEMA, edition=BASE)[1]) == []


def test_two_copies_of_one_letter_are_each_checked_in_its_place(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    text = (BASE / "letters" / "sov2-006.xml").read_text(encoding="utf-8")
    (one / "sov2-006.xml").write_text(text, encoding="utf-8")
    (two / "sov2-006.xml").write_text(text.replace("psn:harriman", "psn:harryman"),
                                      encoding="utf-8")
    _, problems = validate([one, two], SCHEMA, edition=BASE)
    assert [(p.path.parent.name, p.rule) for p in problems if p.severity == "error"] == [
        ("two", "REF-RESOLVES")]


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "sov2-006.xml"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    _, problems = validate([huge], SCHEMA, edition=BASE)
    assert [(p.rule, p.line) for p in problems] == [("XML", 1)]
    assert "file too large" in problems[0].message


def test_an_entity_bomb_is_refused_and_nothing_is_expanded():
    # How fast it is refused is measured in tests/benchmarks/bench_rules.py.
    _, problems = validate([INVALID / "xml-entity-bomb"], SCHEMA, edition=BASE)
    assert [p.rule for p in problems] == ["XML"]
    assert "aaaaaaaaaa" not in problems[0].message


def test_external_entity_file_is_never_read_or_printed():
    result = CliRunner().invoke(main, ["validate", str(INVALID / "xml-doctype")])
    assert result.exit_code == 1
    assert "DOCTYPE and entity declarations are not allowed" in result.output
    assert "root:" not in result.output and "/bin/" not in result.output


def test_the_rules_check_100_documents_in_one_run(tmp_path):
    """The rules are compiled once and run over many documents in one go (timed in benchmarks)."""
    tei = edition_copy(tmp_path)
    letters = sorted((tei / "letters").glob("*.xml"))
    for number in range(100 - 13):
        text = letters[number % len(letters)].read_text(encoding="utf-8")
        ident = f"sov2-{200 + number}"
        text = re.sub(r'xml:id="sov2-0\d\d"', f'xml:id="{ident}"', text, count=1)
        (tei / "letters" / f"{ident}.xml").write_text(text, encoding="utf-8")
    paths = sorted(tei.rglob("*.xml"))
    documents = [load_document(p.read_text(encoding="utf-8"), saxon_uri(p)) for p in paths]
    edition = processor().empty_sequence()
    for document in documents:
        edition.add_xdm_item(document)
    rules = load_rules(SCHEMA)
    results = rules.validate(documents, {"edition": edition})
    assert len(results) == 100
    # A clone's neighbours do not point back to it; the originals stay valid (warnings only).
    errors_by_file = {paths[n].stem for n, found in enumerate(results)
                      if any(f.role == "error" for f in found)}
    assert errors_by_file == {f"sov2-{200 + number}" for number in range(100 - 13)}
    assert all({f.rule for f in results[n] if f.role == "error"} >= {"CONTEXT-RECIPROCAL"}
               for n, path in enumerate(paths) if path.stem in errors_by_file)


def test_the_rules_run_as_an_xml_editor_runs_them():
    """Without $edition supplied, the rules read the TEI files around the edited file."""
    rules = Schematron(SCHEMA / "edition.sch")
    notes = BASE / "notes" / "sov2-notes.xml"
    document = load_document(notes.read_text(encoding="utf-8"), saxon_uri(notes))
    assert {f.rule for f in rules.validate_alone(document)} == {"NOTE-MISSING"}
    broken = INVALID / "note-unreferenced" / "sov2-notes.xml"
    document = load_document(broken.read_text(encoding="utf-8"), saxon_uri(notes))
    assert "NOTE-REFERENCED" in {f.rule for f in rules.validate_alone(document)}


def cli(*args: str, cwd: Path = ROOT):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, ["validate", *args])
    finally:
        os.chdir(old)


def test_cli_prints_file_line_column_rule_and_marks_warnings():
    result = cli(str(INVALID / "weekday"))
    assert result.exit_code == 1
    assert re.search(r"weekday/sov2-009\.xml:\d+:\d+: WEEKDAY: The date \"Saturday, "
                     r"December 20\" says Saturday, but 1941-12-19 was a Friday", result.output)
    assert re.search(r"sov2-009\.xml:\d+:\d+: warning: NOTE-MISSING: ", result.output)


def test_cli_warnings_pass_unless_strict():
    notes = str(BASE / "notes" / "sov2-notes.xml")
    assert cli(notes).exit_code == 0
    assert cli("--strict", notes).exit_code == 1


def test_cli_json_lists_every_finding():
    result = cli("--format", "json", str(INVALID / "authority-shapes"))
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert [f["rule"] for f in findings].count("AUTHORITY-SHAPE") == 5
    assert set(findings[0]) == {"path", "line", "column", "rule", "message", "severity"}


def test_cli_without_rules_could_not_run(project_copy, monkeypatch):
    (project_copy.root / "schema" / "edition.sch").unlink()
    result = cli(cwd=project_copy.root)
    assert result.exit_code == 2
    assert "consistency rules not found" in result.output


def test_cli_rules_that_do_not_compile_name_their_line(project_copy):
    rules = project_copy.root / "schema" / "edition.sch"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace('test="empty($elsewhere)"', 'test="emptyy($elsewhere)"'),
                     encoding="utf-8")
    line = text[: text.index('test="empty($elsewhere)"')].count("\n") + 1
    result = cli(cwd=project_copy.root)
    assert result.exit_code == 2
    assert f"edition.sch:{line}: the rules do not compile" in result.output


def test_cli_unreadable_path_could_not_run(tmp_path, monkeypatch):
    locked = tmp_path / "sov2-006.xml"
    locked.write_text("<TEI/>")
    real_access = os.access
    # Tests may run as root, who can read anything: the permission is simulated.
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != locked and real_access(p, mode))
    result = cli(str(locked))
    assert result.exit_code == 2
    assert re.search("not readable|cannot be read", result.output)


def test_build_is_refused_on_errors_only():
    from edition.build import BuildReport

    warning = Problem(Path("x.xml"), 1, "NOTE-MISSING", "placeholder", "warning")
    assert BuildReport(problems=[warning]).published
    assert not BuildReport(problems=[warning, Problem(Path("x.xml"), 2, "WEEKDAY", "x")]).published


def test_xml_model_instructions_point_at_the_schema_from_any_depth():
    from lxml import etree

    root = etree.fromstring(b"<TEI xmlns='http://www.tei-c.org/ns/1.0'/>")
    add_schema_pis(root, 1)
    add_schema_pis(root, 1)
    instructions = [n.text for n in root.itersiblings(preceding=True)][::-1]
    assert instructions == schema_pi_data(1)
    assert instructions[0].startswith('href="../../schema/edition.xsd"')
    assert 'href="../../schema/edition.sch"' in instructions[1]
    add_schema_pis(root, 0)
    assert [n.text for n in root.itersiblings(preceding=True)][::-1] == schema_pi_data(0)


@pytest.mark.parametrize("relative", ["edition.xml", "registers/persons.xml",
                                      "registers/places.xml", "registers/orgs.xml",
                                      "registers/bibliography.xml"])
def test_hand_kept_files_carry_the_xml_model_instructions(relative):
    depth = relative.count("/")
    text = (ROOT / "tei" / relative).read_text(encoding="utf-8")
    for data in schema_pi_data(depth):
        assert f"<?xml-model {data}?>" in text
        href = re.search(r'href="([^"]+)"', data).group(1)
        assert ((ROOT / "tei" / relative).parent / href).resolve().is_file()


def test_a_copy_and_its_original_are_checked_side_by_side(tmp_path):
    copy = tmp_path / "sov2-006.xml"
    shutil.copy(INVALID / "ref-unknown-id" / "sov2-006.xml", copy)
    letters = BASE / "letters"
    asked = [letters / "sov2-005.xml", copy, letters / "sov2-006.xml", letters / "sov2-007.xml"]
    _, problems = validate(asked, SCHEMA, edition=BASE)
    assert [(p.path, p.rule) for p in problems if p.severity == "error"] == [
        (copy, "REF-RESOLVES")]


# ----- the two phases: rules on one file alone, rules across the edition -----

#: What lets a rule see other files than the one it checks.
CROSS_FILE = re.compile(r"\$(edition|docs|ids|note-lists|noterefs|plain-files)\b"
                        r"|e:(document|element|pointer-problem|listed-by|edition-around)\("
                        r"|\b(collection|doc|doc-available|unparsed-text-available)\(")


def test_every_pattern_is_in_exactly_one_phase():
    from lxml import etree

    sch = "{http://purl.oclc.org/dsdl/schematron}"
    root = etree.parse(str(SCHEMA / "edition.sch")).getroot()
    patterns = [pattern.get("id") for pattern in root.iter(f"{sch}pattern")]
    phases = {phase.get("id"): [active.get("pattern") for active in phase.iter(f"{sch}active")]
              for phase in root.iter(f"{sch}phase")}
    assert set(phases) == {"file", "edition"}
    assert sorted(phases["file"] + phases["edition"]) == sorted(patterns)


def test_the_file_phase_reads_nothing_but_the_file_it_checks():
    from lxml import etree

    sch = "{http://purl.oclc.org/dsdl/schematron}"
    root = etree.parse(str(SCHEMA / "edition.sch")).getroot()
    alone = {active.get("pattern") for phase in root.iter(f"{sch}phase")
             if phase.get("id") == "file" for active in phase.iter(f"{sch}active")}
    for pattern in root.iter(f"{sch}pattern"):
        if pattern.get("id") in alone:
            text = " ".join(value for element in pattern.iter()
                            for value in element.attrib.values())
            assert not CROSS_FILE.search(text), pattern.get("id")


def test_the_pattern_check_sees_cross_file_words():
    """The check above can fail: the cross-file patterns do use these words."""
    from lxml import etree

    sch = "{http://purl.oclc.org/dsdl/schematron}"
    root = etree.parse(str(SCHEMA / "edition.sch")).getroot()
    used = {pattern.get("id") for pattern in root.iter(f"{sch}pattern")
            if CROSS_FILE.search(" ".join(v for e in pattern.iter() for v in e.attrib.values()))}
    assert used == {"ids", "pointers", "note-markers", "shared-notes", "context"}


def test_both_phases_report_in_the_order_of_one_run_of_all_rules(tmp_path):
    """Findings of the file phase and the edition phase at one node keep the schema's order."""
    tei = edition_copy(tmp_path)
    letter = tei / "letters" / "sov2-006.xml"
    text = letter.read_text(encoding="utf-8")
    # The root's xml:id breaks FILE-ID (file phase) and ID-UNIQUE (edition phase) at one place.
    text = re.sub(r'(<TEI[^>]*xml:id=")sov2-006"', r'\1sov2-001"', text, count=1)
    letter.write_text(text, encoding="utf-8")
    _, problems = validate([letter], SCHEMA, edition=tei)
    line = text[:text.index("<TEI")].count("\n") + 1
    assert [p.rule for p in problems if p.line == line] == ["FILE-ID", "ID-UNIQUE"]


def _edition_with_case(tmp_path: Path, case: str) -> list[Path]:
    """The base edition with a case's files in the places of theirs (as validate places them)."""
    tei = edition_copy(tmp_path / case)
    placed = {path.name: path for path in tei.rglob("*.xml")}
    for path in (INVALID / case).glob("*.xml"):
        shutil.copy(path, placed.get(path.name, tei / "letters" / path.name))
    return sorted(tei.rglob("*.xml"))


def test_the_edition_phase_runs_on_outlines_and_on_the_facts_of_the_other_files(tmp_path):
    """Every broken case: the cross-file rules find the same on the files' outlines (elements
    and attributes only) as on the whole files, and the same when each file they check is
    whole or an outline and the others are only their facts (what `e:across` declares).
    `edition validate` relies on both."""
    from lxml import etree

    from edition.schematron import SchematronError
    from edition.validate import across_of, facts_of, outline_of

    rules = load_rules(SCHEMA, "edition")
    across = across_of(SCHEMA)
    assert across is not None
    # Beside the broken cases, an edition whose letters name their neighbours through a
    # prefix of their own (what the rules read of a neighbour then includes its prefixDef).
    prefixed = edition_copy(tmp_path / "prefixed")
    for letter in (prefixed / "letters").glob("*.xml"):
        text = letter.read_text("utf-8")
        text = re.sub(r'(<ref type="(?:previous|next)" target=")([^"]+)\.xml"', r'\1let:\2"', text)
        letter.write_text(text.replace("<listPrefixDef>", '<listPrefixDef><prefixDef ident="let" '
                                       'matchPattern="([a-z0-9-]+)" replacementPattern="$1.xml"/>'),
                          "utf-8")
    compared = 0
    for case in [*CASES, "prefixed"]:
        whole, outlined, facts = [], [], []
        paths = (sorted(prefixed.rglob("*.xml")) if case == "prefixed"
                 else _edition_with_case(tmp_path, case))
        for path in paths:
            data = path.read_bytes()
            try:
                etree.fromstring(data)
                whole.append(load_document(data.decode("utf-8-sig"), saxon_uri(path)))
            except (etree.XMLSyntaxError, SchematronError, UnicodeDecodeError, ValueError):
                continue  # not read as TEI: no part of the edition for the rules
            outlined.append(load_document(outline_of(data).decode(), saxon_uri(path)))
            facts.append(load_document(facts_of(data, across).decode(), saxon_uri(path)))

        def findings(checked: list, edition: list) -> list[list[tuple[str, str, str]]]:
            documents = processor().empty_sequence()
            for document in edition:
                documents.add_xdm_item(document)
            return [[(f.rule, f.location, f.message) for f in found]
                    for found in rules.validate(checked, {"edition": documents})]

        expected = findings(whole, whole)
        assert findings(outlined, outlined) == expected, case
        # As in the parts of `edition validate`: each checks its share (read whole, or as
        # outlines) among the facts of the others.
        for share, checked in ((0, whole), (1, whole), (0, outlined), (1, outlined)):
            mine = range(share, len(whole), 2)
            edition = [checked[n] if n % 2 == share else facts[n] for n in range(len(whole))]
            assert findings([checked[n] for n in mine], edition) == [
                expected[n] for n in mine], case
        compared += any(expected)
    assert compared >= 10  # the comparison saw the cross-file rules fire


# ----- pointers: checked once per pointer and kind of file, answered as in each file -----

def _pointer_messages(problems: list[Problem]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in problems:
        if problem.rule == "REF-RESOLVES":
            found.setdefault(problem.path.name, []).append(problem.message)
    return found


def test_one_pointer_into_a_letter_is_answered_for_the_letter_itself_and_for_others(tmp_path):
    """The same pointer in two letters of one folder: in the letter it names, "this file"."""
    tei = edition_copy(tmp_path)
    named = []
    for name in ("sov2-005.xml", "sov2-004.xml", "sov2-006.xml"):
        letter = tei / "letters" / name
        text = letter.read_text(encoding="utf-8")
        letter.write_text(text.replace('ref="psn:stalin"', 'ref="sov2-004.xml#nowhere"', 1),
                          encoding="utf-8")
        named.append(letter)
    _, problems = validate(named, SCHEMA, edition=tei)
    messages = _pointer_messages(problems)
    assert sorted(messages) == ["sov2-004.xml", "sov2-005.xml", "sov2-006.xml"]
    assert all(m.endswith("there is no xml:id 'nowhere' in this file.")
               for m in messages["sov2-004.xml"])
    for other in ("sov2-005.xml", "sov2-006.xml"):
        assert all(m.endswith("there is no xml:id 'nowhere' in letters/sov2-004.xml.")
                   for m in messages[other])


def test_a_pointer_resolves_against_the_xml_base_it_stands_under(tmp_path):
    """xml:base changes where a relative pointer leads, in that file only."""
    tei = edition_copy(tmp_path)
    based, plain = tei / "letters" / "sov2-004.xml", tei / "letters" / "sov2-005.xml"
    for letter, base in ((based, ' xml:base="../registers/"'), (plain, "")):
        text = letter.read_text(encoding="utf-8")
        text = text.replace('<persName ref="psn:stalin">',
                            f'<persName{base} ref="persons.xml#stalin">', 1)
        letter.write_text(text, encoding="utf-8")
    _, problems = validate([based, plain], SCHEMA, edition=tei)
    assert _pointer_messages(problems) == {"sov2-005.xml": [
        'The pointer persName/@ref does not resolve: "persons.xml#stalin": there is no file '
        'letters/persons.xml in the edition.']}


def test_the_same_pointer_under_other_prefixes_is_checked_with_them(tmp_path):
    """Two letters in one folder whose psn: prefixes lead to different files."""
    tei = edition_copy(tmp_path)
    letter = tei / "letters" / "sov2-005.xml"
    text = letter.read_text(encoding="utf-8")
    letter.write_text(text.replace('replacementPattern="../registers/persons.xml#$1"',
                                   'replacementPattern="../registers/people.xml#$1"'),
                      encoding="utf-8")
    _, problems = validate([tei / "letters" / "sov2-004.xml", letter], SCHEMA, edition=tei)
    messages = _pointer_messages(problems)
    assert list(messages) == ["sov2-005.xml"]
    assert all("there is no file registers/people.xml" in m for m in messages["sov2-005.xml"])
