"""The benchmark's yardstick stage: the TEI Stylesheets run on the letters as the HTML writer is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.benchmarks import bench_pipeline

from .conftest import ROOT

#: Stands in for a TEIC/Stylesheets checkout: a page per document, naming its title.
PAGE = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0">
  <xsl:output method="html" html-version="5"/>
  <xsl:template match="/">
    <html><body><h1><xsl:value-of select="//tei:titleStmt/tei:title[1]"/></h1></body></html>
  </xsl:template>
</xsl:stylesheet>
"""


@pytest.fixture
def stylesheets(tmp_path) -> Path:
    folder = tmp_path / "Stylesheets"
    (folder / "html").mkdir(parents=True)
    (folder / "html" / "html.xsl").write_text(PAGE, encoding="utf-8")
    return folder


@pytest.fixture
def letters(tmp_path) -> Path:
    project = tmp_path / "project"
    (project / "tei").mkdir(parents=True)
    shutil.copytree(ROOT / "tei" / "letters", project / "tei" / "letters")
    return project


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_tei_stylesheets_write_a_page_for_every_letter(letters, stylesheets, jobs):
    row = bench_pipeline.stage_tei_stylesheets(letters, jobs, stylesheets)
    sent = sorted(p.stem for p in (letters / "tei" / "letters").glob("*.xml"))
    written = letters / "output" / "bench-tei-stylesheets"
    assert sorted(p.stem for p in written.glob("*.html")) == sent
    assert row["items"] == len(sent) and row["seconds"] > 0
    assert f"{len(sent)} pages, {jobs} processes" in row["note"]
    first = (written / f"{sent[0]}.html").read_text("utf-8")
    assert "<h1>" in first and "</h1>" in first


def test_without_a_checkout_the_stage_says_why_it_is_skipped(tmp_path, stylesheets):
    assert "no --tei-stylesheets" in bench_pipeline._tei_stylesheets(None)
    assert "is absent" in bench_pipeline._tei_stylesheets(tmp_path)
    assert bench_pipeline._tei_stylesheets(stylesheets) == stylesheets.resolve()


def test_the_html_stage_is_given_as_a_multiple_of_the_yardstick():
    rows = [{"stage": "html", "letters": 1000, "seconds": 6.0},
            {"stage": "html", "letters": 100, "seconds": 1.0}]
    assert bench_pipeline._against_html(rows, 1000, 18.0) == "; the html stage took 0.33× this"
    assert bench_pipeline._against_html(rows, 10000, 18.0) == ""
