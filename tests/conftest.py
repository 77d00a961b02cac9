"""Shared fixtures: the project's own folders and the real sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from edition.convert import Project, read_documents

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SOVIET = ROOT / "sources" / "soviet-vol2-1941.txt"
TEI_ALL = SHARED / "schemas" / "tei_all.rng"


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    """The official TEI P5 schema, compiled once per test session (it takes tens of seconds)."""
    if not TEI_ALL.exists():
        pytest.skip(f"{TEI_ALL} is absent: TEI P5 conformance cannot be checked here")
    return etree.RelaxNG(etree.fromstring(TEI_ALL.read_bytes()))


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def soviet_documents(project):
    """The Soviet volume converted in memory, by xml:id."""
    documents, _ = read_documents([SOVIET], "auto", project)
    return {d.xml_id: d for d in documents}


@pytest.fixture
def project_copy(tmp_path) -> Project:
    """A throw-away copy of the edition (sources, TEI, schema, stylesheets) to break or rebuild."""
    for folder in ("sources", "tei", "schema", "xslt"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return Project(tmp_path)
