"""Every link the site writes is http(s), mailto or relative, whatever the TEI says."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from edition.convert import Project
from edition.writers import WriterContext
from edition.writers import html as html_writer
from edition.xslt import Transformer, processor

from .conftest import ROOT

COMMON = ROOT / "xslt" / "common" / "edition.xsl"

HOSTILE = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "javascript://%0Aalert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\u00a0javascript:alert(1)",
    "jav&#x09;ascript:alert(1)".replace("&#x09;", "\t"),
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
    "//evil.example/x",
    " //evil.example/x",
    "\\\\evil.example\\x",
    "/\\evil.example/x",
    "https:evil.example",
    "http:/evil.example",
    "https:\\\\evil.example",
    "ftp://files.example/x",
    "about:blank",
]

SAFE = {
    "https://www.wikidata.org/wiki/Q855": "https://www.wikidata.org/wiki/Q855",
    "HTTP://Example.org/a?b=c#d": "HTTP://Example.org/a?b=c#d",
    "mailto:editors@example.org": "mailto:editors@example.org",
    "../letters/sov2-001.xml#p2": "../letters/sov2-001.xml#p2",
    "#note-1": "#note-1",
    "persons.html#stalin": "persons.html#stalin",
    "  notes.html  ": "notes.html",
    "a file.html": "a%20file.html",
}


@pytest.fixture(scope="module")
def safe_href():
    """ed:safe-href of xslt/common/edition.xsl, callable from Python."""
    stylesheet = f"""<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
        xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ed="urn:edition:functions">
      <xsl:import href="{COMMON.as_uri()}"/>
      <xsl:param name="uri" as="xs:string"/>
      <xsl:output method="text"/>
      <xsl:template name="xsl:initial-template"
        >[<xsl:value-of select="ed:safe-href($uri)"/>]</xsl:template>
    </xsl:stylesheet>"""
    executable = processor().new_xslt30_processor().compile_stylesheet(
        stylesheet_text=stylesheet)

    def call(uri: str) -> str:
        executable.set_parameter("uri", processor().make_string_value(uri))
        return executable.call_template_returning_string()[1:-1]

    return call


@pytest.mark.parametrize("uri", HOSTILE, ids=[repr(h) for h in HOSTILE])
def test_hostile_targets_give_no_link(safe_href, uri):
    assert safe_href(uri) == ""


@pytest.mark.parametrize("uri", sorted(SAFE))
def test_web_mail_and_relative_targets_pass(safe_href, uri):
    assert safe_href(uri) == SAFE[uri]


HOSTILE_LETTER_HEADER = """<prefixDef ident="x" matchPattern="(.+)"
            replacementPattern="javascript:$1">
          <p>A file-local prefix that expands to a script.</p>
        </prefixDef>
        <prefixDef ident="psn\""""


def hostile_paragraph() -> str:
    """A paragraph with a ref to each hostile target, and one through the hostile prefix."""
    refs = "".join(f'<ref target="{escape(t)}">link {n}</ref> '
                   for n, t in enumerate(HOSTILE))
    return (f'<p>{refs}<ref target="x:alert(1)">prefixed</ref> '
            '<ref target="javascript://%0Aalert(1)">slashes</ref> '
            '<ref target="https://example.org/ok">fine</ref></p>')


def escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace("\t", "&#9;").replace("\n", "&#10;"))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The html writer run (without validation) on an edition with a letter full of bad links."""
    root = tmp_path_factory.mktemp("hostile")
    for folder in ("tei", "xslt"):
        shutil.copytree(ROOT / folder, root / folder)
    letter = root / "tei" / "letters" / "sov2-001.xml"
    text = letter.read_text(encoding="utf-8")
    text = text.replace('<prefixDef ident="psn"', HOSTILE_LETTER_HEADER, 1)
    paragraph = hostile_paragraph().replace("\\", "\\\\")
    text = re.sub(r"(<div type=\"letter\"[^>]*>)", r"\1" + paragraph, text, count=1)
    letter.write_text(text, encoding="utf-8")
    registers = root / "tei" / "registers" / "persons.xml"
    registers.write_text(registers.read_text(encoding="utf-8").replace(
        '<idno type="wikidata">Q855</idno>', '<idno type="wikidata">Q855</idno>'
        '<idno type="url">javascript:alert(2)</idno>', 1), encoding="utf-8")
    staging = root / "out"
    staging.mkdir()
    context = WriterContext(Project(root), Transformer(root / "xslt"))
    html_writer.write(context, staging)
    return staging / "html"


def test_hostile_links_in_the_tei_never_reach_the_site(hostile_site: Path):
    page = lxml_html.parse(str(hostile_site / "letters" / "sov2-001.html")).getroot()
    assert "prefixed" in page.text_content() and "slashes" in page.text_content()
    assert page.xpath("//a[@href='https://example.org/ok']")
    unsafe = []
    for path in hostile_site.rglob("*.html"):
        for value in lxml_html.parse(str(path)).xpath("//@href | //@src | //@action"):
            squeezed = re.sub(r"[\x00-\x20\x7f-\x9f\u00a0]", "", value).lower()
            scheme = re.match(r"([a-z][a-z0-9+.-]*):", squeezed)
            if (scheme and scheme.group(1) not in ("http", "https", "mailto")) \
                    or squeezed.startswith("//") or "\\" in squeezed:
                unsafe.append(f"{path.name}: {value!r}")
    assert unsafe == []


def test_the_stylesheets_fetch_nothing_from_the_web_whatever_the_tei_says(tmp_path, listener):
    """An xml:base naming a web address leads the letter's names there; the rules refuse it,
    and Saxon, told to read local files alone, never asks even when the rules are skipped."""
    address, asked = listener
    for folder in ("tei", "xslt"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    letter = tmp_path / "tei" / "letters" / "sov2-001.xml"
    text = letter.read_text(encoding="utf-8")
    letter.write_text(re.sub(r"<text\b", f'<text xml:base="{address}"', text, count=1),
                      encoding="utf-8")
    assert address in letter.read_text(encoding="utf-8")
    staging = tmp_path / "out"
    staging.mkdir()
    html_writer.write(WriterContext(Project(tmp_path), Transformer(tmp_path / "xslt")), staging)
    assert (staging / "html" / "letters" / "sov2-001.html").is_file()
    assert asked.read_text(encoding="utf-8") == ""
