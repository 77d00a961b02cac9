"""The committed edition built once per test run, shared by every test of the built site.

Building runs every writer (the PDF takes most of the time), so the build is
done once per process, into a temporary folder removed at exit.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

from click.testing import CliRunner

from edition.cli import main

ROOT = Path(__file__).resolve().parents[2]


@cache
def built_edition() -> tuple[Path, str]:
    """``(output folder, build report)`` of ``edition build`` on the committed edition."""
    out = Path(tempfile.mkdtemp(prefix="edition-site-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, ["build", "--out", str(out)])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return out, result.output
