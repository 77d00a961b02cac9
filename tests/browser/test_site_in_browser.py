"""The built site in a real browser (Debian's chromium driven by playwright), as readers meet it.

Skipped, saying why, only where chromium is not installed; CI (.ci/run) installs it,
together with axe-core (npm) in .ci/node_modules.
"""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.request
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from lxml import etree

from ..conftest import ROOT, SHARED
from .site import built_edition

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / ".ci" / "node_modules" / "axe-core" / "axe.min.js"
TEI_ALL = SHARED / "schemas" / "tei_all.rng"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PHONE, DESKTOP = 360, 1280

# One page of each kind, for the accessibility checks.
PAGE_TYPES = {
    "letter list": "index.html",
    "letter": "letters/sov2-002.html",
    "document carrying a message": "letters/frus1943v03-p616.html",
    "memorandum": "letters/frus1941v01-p802.html",
    "timeline": "timeline.html",
    "search (with results)": "search.html?q=Moscow",
    "register": "persons.html",
    "bibliography": "bibliography.html",
    "essay": "essays/wesser2021.html",
    "about": "principles.html",
}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason=f"{CHROMIUM} is not installed (CI installs Debian's "
                                       "chromium): the site is not checked in a browser here")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the tests report what matters
        pass


@pytest.fixture(scope="module")
def server():
    """The built site served on 127.0.0.1 by a threading server (one thread stalls chromium)."""
    out, _ = built_edition()
    handler = functools.partial(QuietHandler, directory=str(out / "html"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


class Watched:
    """A page that records console errors, failed requests and requests leaving the site."""

    def __init__(self, browser, base: str, width: int) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 800})
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", self.failed)
        self.page.on("request", lambda r: None if r.url.startswith((base, "data:", "blob:"))
                     else self.outside.append(r.url))

    def failed(self, request) -> None:
        """A request that failed, unless it was cut short by going on to the next page."""
        if "ERR_ABORTED" not in (request.failure or ""):
            self.errors.append(f"failed: {request.url} ({request.failure})")

    def close(self) -> None:
        self.page.close()


def test_crawl_every_page_no_broken_link_or_anchor_no_error_no_outside_request(browser, server):
    watched = Watched(browser, server, DESKTOP)
    page = watched.page
    seen: set[str] = set()
    queue = deque([server + "index.html"])
    anchors: list[tuple[str, str]] = []
    files: set[str] = set()
    broken: list[str] = []
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        if response is None or response.status != 200:
            broken.append(f"{url}: {response and response.status}")
            continue
        for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)"):
            target, fragment = urldefrag(href)
            if not target.startswith(server):
                assert urlparse(target).scheme in ("http", "https", "mailto"), href
                continue
            if fragment:
                anchors.append((target, fragment))
            if target.endswith(".html") or target.endswith("/"):
                queue.append(target)
            else:
                files.add(target)
    for url in sorted(files):  # TEI, PDF, zip: fetched, not opened in the browser
        with urllib.request.urlopen(url) as reply:
            if reply.status != 200:
                broken.append(f"{url}: {reply.status}")
    ids: dict[str, set[str]] = {}
    for target, fragment in anchors:
        if target not in ids:
            page.goto(target)
            ids[target] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        if fragment not in ids[target]:
            broken.append(f"{target}#{fragment}")
    watched.close()
    assert len(seen) >= 20
    assert broken == []
    assert watched.errors == []
    assert watched.outside == []


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_no_page_is_wider_than_the_screen(browser, server, width):
    out, _ = built_edition()
    site = out / "html"
    watched = Watched(browser, server, width)
    wide = []
    for path in sorted(site.rglob("*.html")):
        if "pagefind" in path.parts:
            continue
        watched.page.goto(server + path.relative_to(site).as_posix())
        scroll = watched.page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide.append(f"{path.relative_to(site)}: {scroll}px")
    watched.close()
    assert wide == []


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_axe_finds_no_serious_or_critical_violation(browser, server, kind, width):
    assert AXE.exists(), f"{AXE} is missing: .ci/run installs axe-core with npm"
    watched = Watched(browser, server, width)
    page = watched.page
    page.goto(server + PAGE_TYPES[kind])
    if "search" in kind:
        page.wait_for_selector("#search-results li")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "axe.run(document).then(r => r.violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3)"
        ".map(n => n.target.join(' ')).join(', ')))")
    watched.close()
    assert violations == []


def test_search_finds_a_word_and_opens_the_letter_at_the_hit(browser, server):
    watched = Watched(browser, server, DESKTOP)
    page = watched.page
    page.goto(server + "search.html")
    page.fill("#q", "attrition")
    page.press("#q", "Enter")
    first = page.wait_for_selector("#search-results li a")
    assert "Standley to Molotov" in first.inner_text()
    assert page.inner_text("#search-results li p mark").lower() == "attrition"
    first.click()
    page.wait_for_selector("mark#hit")
    assert page.url.split("?")[0].endswith("letters/frus1943v03-p616.html")
    assert page.inner_text("mark#hit").lower() == "attrition"
    assert page.evaluate("""(() => { const r = document.getElementById('hit')
        .getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()""")
    watched.close()
    assert watched.errors == [] and watched.outside == []


def test_filters_narrow_the_letter_list_and_say_how_many(browser, server):
    watched = Watched(browser, server, PHONE)
    page = watched.page
    page.goto(server + "index.html")
    total = page.locator("#letter-list tbody tr").count()
    page.select_option("#f-year", "1942")
    visible = page.locator("#letter-list tbody tr:visible")
    assert 0 < visible.count() < total
    assert page.inner_text("#count") == f"Showing {visible.count()} of {total} documents"
    assert all(d.startswith("1942") for d in
               visible.evaluate_all("rows => rows.map(r => r.dataset.date)"))
    page.select_option("#f-year", "")
    page.select_option("#f-sort", "desc")
    dates = page.locator("#letter-list tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.date)")
    assert dates == sorted(dates, reverse=True)
    watched.close()


def test_register_entry_leads_to_its_letters(browser, server):
    watched = Watched(browser, server, PHONE)
    page = watched.page
    page.goto(server + "persons.html#hopkins")
    link = page.locator("#hopkins .uses a").first
    title = link.inner_text()
    link.click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == title
    assert "/letters/" in page.url
    watched.close()


def test_citation_has_address_and_access_date_and_copies(browser, server):
    watched = Watched(browser, server, DESKTOP)
    page = watched.page
    page.goto(server + "letters/sov2-001.html")
    text = page.inner_text("#citation-text")
    assert server + "letters/sov2-001.html" in text or "letters/sov2-001.html" in text
    assert "[date of access]" not in text
    page.click("button.copy")
    page.wait_for_function("document.querySelector('.copy-status').textContent !== ''")
    watched.close()


def test_correction_shows_the_source_reading_on_a_tap(browser, server):
    watched = Watched(browser, server, PHONE)
    page = watched.page
    page.goto(server + "letters/frus1942v03-p542.html")
    button = page.locator("button.sic-toggle").first
    sic = page.locator("#" + button.get_attribute("aria-controls"))
    assert not sic.is_visible()
    button.click()
    assert sic.is_visible() and "source:" in sic.inner_text()
    assert button.get_attribute("aria-expanded") == "true"
    watched.close()


def test_every_letters_tei_download_is_valid_tei_all(browser, server):
    if not TEI_ALL.exists():
        pytest.skip(f"{TEI_ALL} is absent: TEI P5 conformance cannot be checked here")
    schema = etree.RelaxNG(etree.fromstring(TEI_ALL.read_bytes()))
    watched = Watched(browser, server, DESKTOP)
    page = watched.page
    page.goto(server + "index.html")
    letters = page.eval_on_selector_all("#letter-list a", "els => els.map(a => a.href)")
    invalid = {}
    for url in letters:
        page.goto(url)
        tei = page.get_attribute("ul.tools a[type='application/tei+xml']", "href")
        with urllib.request.urlopen(urljoin(url, tei)) as reply:
            document = etree.fromstring(reply.read())
        if not schema.validate(document):
            invalid[url] = str(schema.error_log.last_error)
    watched.close()
    assert len(letters) >= 13 and invalid == {}
