"""Hostile TEI never passes `edition validate`, and validate never blocks or crawls (issue 13).

Each test breaks a copy of a letter of the frozen base edition
(``tests/invalid/base``) in one way an attacker or a careless tool might, and
checks it in the place of the original.
"""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition import files
from edition.cli import main
from edition.validate import Problem, validate

from .conftest import ROOT

BASE = Path(__file__).parent / "invalid" / "base"
SCHEMA = ROOT / "schema"
LETTER = BASE / "letters" / "sov2-006.xml"


def letter_with(tmp_path: Path, *, prefix: str = "", body: str = "") -> Path:
    """The base letter with an extra prefixDef and an extra paragraph, written to tmp_path."""
    text = LETTER.read_text(encoding="utf-8")
    if prefix:
        text = text.replace("</listPrefixDef>", prefix + "</listPrefixDef>", 1)
    if body:
        head, _, tail = text.partition("<body>")
        marker = tail.index("<p>") + len("<p>")
        text = head + "<body>" + tail[:marker] + body + " " + tail[marker:]
    path = tmp_path / "sov2-006.xml"
    path.write_text(text, encoding="utf-8")
    return path


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


@pytest.fixture(autouse=True)
def no_hang():
    """A test that blocks (the failure these tests guard against) fails after 60 s instead."""
    def expire(_signum, _frame):
        raise TimeoutError("blocked")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


# ----- unsafe links -----

def test_a_declared_prefix_named_like_a_scheme_cannot_smuggle_an_address(tmp_path):
    path = letter_with(
        tmp_path,
        prefix='<prefixDef ident="javascript" matchPattern="(.+)" '
               'replacementPattern="../letters/sov2-005.xml"><p>x</p></prefixDef>',
        body='<ref target="javascript://%0Aalert(1)">click</ref>')
    _, problems = validate([path], SCHEMA, edition=BASE)
    found = errors(problems)
    assert {p.rule for p in found} == {"PREFIX-IDENT", "REF-RESOLVES"}
    assert any("http:, https: or mailto:" in p.message for p in found)


def test_a_prefix_expanding_to_another_scheme_is_refused(tmp_path):
    path = letter_with(
        tmp_path,
        prefix='<prefixDef ident="go" matchPattern="(.+)" replacementPattern="javascript:$1">'
               '<p>x</p></prefixDef>',
        body='<ref target="go:alert(1)">click</ref>')
    _, problems = validate([path], SCHEMA, edition=BASE)
    assert [p.rule for p in errors(problems)] == ["REF-RESOLVES"]
    assert "scheme 'javascript:'" in errors(problems)[0].message


@pytest.mark.parametrize("target", ["data:text/html,x", "file:///etc/passwd",
                                    "vbscript://x", "ftp://example.org/x"])
def test_only_http_https_and_mailto_leave_the_edition(tmp_path, target):
    path = letter_with(tmp_path, body=f'<ref target="{target}">x</ref>')
    _, problems = validate([path], SCHEMA, edition=BASE)
    assert [p.rule for p in errors(problems)] == ["REF-RESOLVES"]


def test_external_links_and_prefixes_to_them_are_accepted(tmp_path):
    path = letter_with(
        tmp_path,
        prefix='<prefixDef ident="wd" matchPattern="(Q[0-9]+)" '
               'replacementPattern="https://www.wikidata.org/wiki/$1"><p>x</p></prefixDef>',
        body='<ref target="https://example.org/a%20b">x</ref> <ref target="mailto:ed@example.org">'
             'y</ref> <ref target="wd:Q855">z</ref>')
    _, problems = validate([path], SCHEMA, edition=BASE)
    assert errors(problems) == []


def test_a_pointer_leaving_the_edition_is_refused_without_saying_whether_the_file_exists(
        tmp_path):
    messages = []
    for target in ("../../../../../../../../etc/passwd", "../../../../../../../../etc/no-such",
                   "/dev/stdin", "../../../../../../../../dev/zero"):
        path = letter_with(tmp_path, body=f'<ref target="{target}">x</ref>')
        _, problems = validate([path], SCHEMA, edition=BASE)
        assert [p.rule for p in errors(problems)] == ["REF-RESOLVES"], target
        messages.append(errors(problems)[0].message.replace(target, "T"))
    assert len(set(messages)) == 1
    assert "outside the edition" in messages[0]


def test_encoded_dots_and_hidden_files_are_refused(tmp_path):
    for target in ("%2e%2e/%2e%2e/%2e%2e/etc/passwd", "../.hidden.xml"):
        path = letter_with(tmp_path, body=f'<ref target="{target}">x</ref>')
        _, problems = validate([path], SCHEMA, edition=BASE)
        assert [p.rule for p in errors(problems)] == ["REF-RESOLVES"], target


def test_a_pointer_to_a_fifo_inside_the_edition_does_not_block(tmp_path):
    edition = tmp_path / "edition"
    import shutil

    shutil.copytree(BASE, edition)
    os.mkfifo(edition / "letters" / "pipe.txt")
    path = letter_with(tmp_path, body='<ref target="pipe.txt">x</ref>')
    _, problems = validate([path], SCHEMA, edition=edition)
    assert [p.rule for p in errors(problems)] == ["REF-RESOLVES"]
    (edition / "letters" / "plain.txt").write_text("a note", encoding="utf-8")
    path = letter_with(tmp_path, body='<ref target="plain.txt">x</ref>')
    _, problems = validate([path], SCHEMA, edition=edition)
    assert errors(problems) == []


# ----- special files and budgets -----

def test_a_fifo_or_device_given_to_validate_is_refused_before_it_is_opened(tmp_path):
    fifo = tmp_path / "sov2-006.xml"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/stdin"), Path("/dev/zero")):
        _, problems = validate([path], SCHEMA, edition=BASE)
        assert [p.rule for p in problems] == ["XML"], path
        assert "not a regular file" in errors(problems)[0].message


def test_a_fifo_inside_the_edition_makes_it_invalid_without_blocking(tmp_path):
    import shutil

    edition = tmp_path / "edition"
    shutil.copytree(BASE, edition)
    os.mkfifo(edition / "letters" / "sov2-099.xml")
    _, problems = validate([edition], SCHEMA, edition=edition)
    assert [(p.path.name, p.rule) for p in errors(problems)] == [("sov2-099.xml", "XML")]


def test_a_fifo_swapped_in_after_the_check_does_not_block_the_read(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(files.FileRefused, match="named pipe"):
        files.read_bytes(fifo)


def test_thousands_of_attributes_are_refused_at_once(tmp_path):
    attributes = " ".join(f'a{n}="x"' for n in range(2000))
    path = letter_with(tmp_path, body=f"<hi {attributes}>x</hi>")
    _, problems = validate([path], SCHEMA, edition=BASE)
    assert [p.rule for p in problems] == ["XML"]
    assert "2000 attributes" in errors(problems)[0].message


def test_a_file_of_many_tiny_elements_is_refused_with_its_line(tmp_path):
    path = letter_with(tmp_path, body="<lb/>" * (files.MAX_ELEMENTS + 10))
    _, problems = validate([path], SCHEMA, edition=BASE)
    assert [p.rule for p in problems] == ["XML"]
    assert f"more than {files.MAX_ELEMENTS} elements" in errors(problems)[0].message
    assert problems[0].line > 1


def test_deep_nesting_is_refused(tmp_path):
    depth = files.MAX_DEPTH + 5
    path = letter_with(tmp_path, body="<hi>" * depth + "x" + "</hi>" * depth)
    _, problems = validate([path], SCHEMA, edition=BASE)
    assert [p.rule for p in problems] == ["XML"]
    assert "nested" in errors(problems)[0].message


@pytest.mark.parametrize("limit", ["elements", "depth", "attributes"])
def test_each_tree_limit_takes_the_limit_and_refuses_one_more_at_its_line(limit):
    from lxml import etree

    def tree(extra: int) -> etree._Element:
        if limit == "elements":
            body = "<lb/>\n" * (files.MAX_ELEMENTS - 1 + extra)
        elif limit == "depth":
            body = "<hi>" * (files.MAX_DEPTH - 1) + "\n<hi>" * extra + "</hi>" * (
                files.MAX_DEPTH - 1 + extra)
        else:
            count = files.MAX_ATTRIBUTES + extra
            body = "\n<hi " + " ".join(f'a{n}="x"' for n in range(count)) + "/>"
        return etree.fromstring(f"<TEI>{body}</TEI>", etree.XMLParser(huge_tree=True))

    files.check_tree(Path("at-the-limit.xml"), tree(0))
    with pytest.raises(files.FileRefused) as refused:
        files.check_tree(Path("past-the-limit.xml"), tree(1))
    assert refused.value.line == (files.MAX_ELEMENTS if limit == "elements" else 2)


def test_a_file_past_the_size_budget_is_refused_unread(tmp_path):
    path = tmp_path / "sov2-006.xml"
    path.write_bytes(b"<TEI>" + b"<lb/>" * (files.MAX_FILE_BYTES // 5) + b"</TEI>")
    _, problems = validate([path], SCHEMA, edition=BASE)
    assert [p.rule for p in problems] == ["XML"]
    assert "file too large" in errors(problems)[0].message


def test_the_time_budget_interrupts_work_that_runs_too_long():
    with pytest.raises(files.BudgetExceeded), files.time_budget(0.05):
        while True:
            pass


def test_the_time_budget_is_lifted_after_the_block():
    with files.time_budget(5):
        pass
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_the_time_budget_runs_unlimited_outside_the_main_thread():
    done = []

    def work():
        with files.time_budget(0.01):
            done.append(True)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert done == [True]


def test_a_schema_check_past_its_budget_is_an_error_not_a_hang(tmp_path, monkeypatch):
    import edition.validate as validate_module

    monkeypatch.setattr(validate_module, "time_budget", lambda: files.time_budget(1e-6))
    monkeypatch.setattr(validate_module, "schema_problems",
                        lambda *args: [p for p in iter(lambda: 0, 1)])
    monkeypatch.setattr(validate_module.ValidationCache, "known_file", lambda *args: None)
    _, problems = validate([LETTER], SCHEMA, edition=BASE)
    assert [p.rule for p in problems] == ["SCHEMA"]
    assert "given up" in errors(problems)[0].message


# ----- the same files for validate and build -----

def test_hidden_files_are_no_part_of_the_edition(tmp_path):
    import shutil

    edition = tmp_path / "edition"
    shutil.copytree(BASE, edition)
    (edition / "letters" / ".evil.xml").write_text(
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]><x>&e;</x>', encoding="utf-8")
    checked, problems = validate([edition], SCHEMA, edition=edition)
    assert ".evil.xml" not in {p.name for p in checked}
    assert errors(problems) == []


def test_saxon_refuses_any_doctype_even_in_files_it_reads_itself(tmp_path):
    from edition.xslt import processor

    (tmp_path / "d").mkdir()
    (tmp_path / "secret.txt").write_text("SECRET", encoding="utf-8")
    (tmp_path / "d" / "a.xml").write_text(
        f'<!DOCTYPE x [<!ENTITY e SYSTEM "{(tmp_path / "secret.txt").as_uri()}">]><x>&e;</x>',
        encoding="utf-8")
    stylesheet = tmp_path / "t.xsl"
    stylesheet.write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:param name="d"/><xsl:template name="xsl:initial-template">'
        '<r><xsl:value-of select="collection($d)"/></r></xsl:template></xsl:stylesheet>',
        encoding="utf-8")
    executable = processor().new_xslt30_processor().compile_stylesheet(
        stylesheet_file=str(stylesheet))
    executable.set_parameter("d", processor().make_string_value(
        (tmp_path / "d").as_uri() + "/?select=*.xml"))
    try:
        result = executable.call_template_returning_string(None)
    except Exception as exc:  # saxonche raises its own PySaxonApiError
        assert "DOCTYPE is disallowed" in str(exc)
    else:
        assert "SECRET" not in (result or "")


def test_validate_on_dev_stdin_exits_quickly_with_an_error():
    result = CliRunner().invoke(main, ["validate", "/dev/stdin"], input=None)
    assert result.exit_code == 1
    assert "not a regular file" in result.output


def test_the_build_reads_the_letters_validate_reads_and_no_hidden_file(tmp_path):
    """ed:letters (the site's and the book's list of letters) skips hidden files, as validate."""
    from edition.xslt import processor

    letters = tmp_path / "tei" / "letters"
    letters.mkdir(parents=True)
    tei = '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{0}"><text/></TEI>'
    (letters / "a-001.xml").write_text(tei.format("a-001"), encoding="utf-8")
    (letters / ".a-002.xml").write_text(tei.format("hidden"), encoding="utf-8")
    (letters / "notes.txt").write_text("not XML", encoding="utf-8")
    stylesheet = tmp_path / "t.xsl"
    stylesheet.write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
        'xmlns:ed="urn:edition:functions">'
        f'<xsl:import href="{(ROOT / "xslt" / "common" / "edition.xsl").as_uri()}"/>'
        '<xsl:param name="d"/><xsl:template name="xsl:initial-template">'
        '<r><xsl:value-of select="ed:letters($d)/@xml:id"/></r></xsl:template>'
        '</xsl:stylesheet>', encoding="utf-8")
    executable = processor().new_xslt30_processor().compile_stylesheet(
        stylesheet_file=str(stylesheet))
    executable.set_parameter("d", processor().make_string_value(
        (tmp_path / "tei").as_uri() + "/"))
    result = executable.call_template_returning_string(None)
    assert ">a-001<" in result and "hidden" not in result
    checked, _ = validate([tmp_path / "tei"], SCHEMA, edition=None)
    assert [p.name for p in checked] == ["a-001.xml"]
