"""Shared fixtures: the project's own folders and the real sources."""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.error
import urllib.request
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


#: A web server that writes each path asked of it to a file, then answers 404; in a process
#: of its own, as Saxon holds this process while it waits for an answer.
LISTENER = """
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        with open(sys.argv[1], "a") as asked:
            asked.write(self.path + "\\n")
        self.send_error(404)

    def log_message(self, *_):
        pass

server = HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""


@pytest.fixture
def listener(tmp_path):
    """The address of a web server on this machine, and the file of the paths asked of it."""
    asked = tmp_path / "asked.txt"
    asked.touch()
    server = subprocess.Popen([sys.executable, "-c", LISTENER, str(asked)],
                              stdout=subprocess.PIPE, text=True)
    try:
        port = server.stdout.readline().strip()
        address = f"http://127.0.0.1:{port}/x/"
        # It hears what is asked of it (so that hearing nothing later means something).
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.build_opener(urllib.request.ProxyHandler({})).open(
                address + "ping", timeout=10)
        assert asked.read_text(encoding="utf-8") == "/x/ping\n"
        asked.write_text("", encoding="utf-8")
        yield address, asked
    finally:
        server.kill()
        server.wait()
