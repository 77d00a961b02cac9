"""Every file of the edition is valid TEI P5 (tei_all), so archives can take it as it is."""

from __future__ import annotations

import pytest
from lxml import etree

from .conftest import ROOT

FILES = sorted(p for p in (ROOT / "tei").rglob("*.xml"))

# tei_all: the session-wide fixture of conftest.py (compiled once for every test using it).


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_file_is_valid_tei_all(tei_all, path):
    document = etree.parse(str(path))
    valid = tei_all.validate(document)
    errors = "\n".join(f"{path}:{e.line}: {e.message}" for e in tei_all.error_log)
    assert valid, errors


def test_there_is_something_to_check():
    assert len(FILES) >= 13
