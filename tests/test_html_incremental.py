"""The web edition is rebuilt from what changed, and the result is the site written whole.

The writer keeps the site's shared pages (built from the projection) and each
document's page in ``output/.cache/html``. Whatever it reuses, its pages must
equal, byte for byte, the pages ``site.xsl`` writes from the whole TEI in one
run (``part='all'``), and an edit must rewrite exactly the pages it touches.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from edition.convert import Project
from edition.executor import Executor
from edition.tei import TEI_NS
from edition.writers import WriterContext, search
from edition.writers import html as html_writer
from edition.writers.html import STYLESHEET, Site
from edition.writers.projection import Projection
from edition.writers.projection import project as project_document
from edition.xslt import Transformer
from tests.benchmarks.corpus import make_corpus

TEI = f"{{{TEI_NS}}}"


def whole_site(project: Project, folder: Path) -> Path:
    """The reference: every page from the TEI in one run."""
    Transformer(project.root / "xslt").run_to_folder(
        STYLESHEET, project.edition_file, folder,
        {"tei-dir": project.tei.resolve().as_uri() + "/"})
    return folder


def pages(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*.html"))}


class Writer:
    """The HTML writer's two parts on a project, each run into a fresh folder."""

    def __init__(self, project: Project, jobs: int = 1) -> None:
        self.project = project
        self.jobs = jobs
        self.runs = 0

    def build(self, tmp: Path) -> tuple[Path, dict[str, object]]:
        self.runs += 1
        folder = tmp / f"run-{self.runs}"
        folder.mkdir()
        context = WriterContext(self.project, Transformer(self.project.root / "xslt"), self.jobs)
        facts = Site(context, self.project.root / "output" / ".cache" / "html").write(folder)
        return folder, facts


def documents(project: Project) -> int:
    """How many documents have a page of their own: letters and essays."""
    return sum(1 for folder in ("letters", "essays") for _ in project.tei.glob(f"{folder}/*.xml"))


def edit(path: Path, xpath: str, text: str) -> None:
    tree = etree.parse(str(path))
    element = tree.xpath(xpath, namespaces={"tei": TEI_NS})[0]
    element.text = text
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def edit_sent_date(path: Path, change: Callable[[etree._Element], None]) -> None:
    """``change`` made to the date the letter was sent."""
    tree = etree.parse(str(path))
    change(tree.xpath("//tei:correspDesc[1]/tei:correspAction[@type='sent']/tei:date",
                      namespaces={"tei": TEI_NS})[0])
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


@pytest.fixture
def corpus(tmp_path) -> Project:
    """The edition with 40 letters (clones of the real ones), so letters have neighbours."""
    root = tmp_path / "project"
    root.mkdir()
    make_corpus(Path(__file__).resolve().parents[1] / "tei", root / "tei", 40)
    shutil.copytree(Path(__file__).resolve().parents[1] / "xslt", root / "xslt")
    return Project(root)


def test_the_pages_equal_the_site_written_whole(project_copy, tmp_path):
    written, facts = Writer(project_copy).build(tmp_path)
    reference = whole_site(project_copy, tmp_path / "whole")
    assert pages(written) == pages(reference)
    assert facts["site pages written"] is True
    assert facts["letters summarised"] == len(list(project_copy.tei.glob("letters/*.xml")))
    assert facts["document pages written"] == documents(project_copy)


def test_nothing_changed_nothing_written(project_copy, tmp_path):
    writer = Writer(project_copy)
    first, _ = writer.build(tmp_path)
    second, facts = writer.build(tmp_path)
    assert facts == {"letters summarised": 0, "site pages written": False,
                     "document pages written": 0}
    assert pages(first) == pages(second)


def test_an_edit_of_a_letters_text_rewrites_its_page_alone(corpus, tmp_path):
    writer = Writer(corpus, jobs=2)
    writer.build(tmp_path)
    letter = sorted(corpus.tei.glob("letters/*.xml"))[17]
    edit(letter, "(//tei:text//tei:p)[1]", "A corrected reading of the first paragraph.")
    written, facts = writer.build(tmp_path)
    assert facts == {"letters summarised": 0, "site pages written": False,
                     "document pages written": 1}
    assert pages(written) == pages(whole_site(corpus, tmp_path / "whole"))
    assert "A corrected reading" in (written / "letters" / f"{letter.stem}.html").read_text()


def test_an_edit_of_a_title_rewrites_the_shared_pages_and_the_neighbours(corpus, tmp_path):
    writer = Writer(corpus)
    writer.build(tmp_path)
    letter = sorted(corpus.tei.glob("letters/*.xml"))[23]
    edit(letter, "//tei:titleStmt/tei:title[1]", "A title the editors corrected")
    written, facts = writer.build(tmp_path)
    # its summary, the shared pages, its page and the pages that link to it as previous or next
    assert facts == {"letters summarised": 1, "site pages written": True,
                     "document pages written": 3}
    assert pages(written) == pages(whole_site(corpus, tmp_path / "whole"))
    assert "A title the editors corrected" in (written / "timeline.html").read_text()


def test_an_edit_the_shared_pages_do_not_show_rewrites_the_letters_page_alone(corpus, tmp_path):
    """How certain a date is shows on the letter's page, not in the list, the timeline or the
    registers: its summary is made again, but alike, so the shared pages and the neighbours'
    pages (which show its id and title) are kept."""
    writer = Writer(corpus)
    writer.build(tmp_path)
    letter = sorted(corpus.tei.glob("letters/*.xml"))[19]
    edit_sent_date(letter, lambda sent: sent.set("cert", "high" if sent.get("cert") == "low"
                                                 else "low"))
    written, facts = writer.build(tmp_path)
    assert facts == {"letters summarised": 1, "site pages written": False,
                     "document pages written": 1}
    assert pages(written) == pages(whole_site(corpus, tmp_path / "whole"))


def test_an_edit_of_a_register_rewrites_every_page(corpus, tmp_path):
    writer = Writer(corpus)
    writer.build(tmp_path)
    edit(corpus.tei / "registers" / "persons.xml", "//tei:person[@xml:id='stalin']/tei:persName[1]",
         "Iosif Stalin")
    written, facts = writer.build(tmp_path)
    assert facts["site pages written"] is True
    assert facts["letters summarised"] == len(list(corpus.tei.glob("letters/*.xml")))
    assert facts["document pages written"] == documents(corpus)
    assert pages(written) == pages(whole_site(corpus, tmp_path / "whole"))


def test_a_removed_letter_leaves_the_site_and_the_cache(corpus, tmp_path):
    writer = Writer(corpus)
    writer.build(tmp_path)
    letter = sorted(corpus.tei.glob("letters/*.xml"))[5]
    letter.unlink()
    written, _ = writer.build(tmp_path)
    assert not (written / "letters" / f"{letter.stem}.html").exists()
    cached = corpus.root / "output" / ".cache" / "html"
    assert len(list((cached / "pages").glob("*.html"))) == documents(corpus)
    letters = len(list(corpus.tei.glob("letters/*.xml")))
    assert len(list((cached / "summaries").glob("*.xml"))) == letters
    assert not (cached / "projection" / "letters" / letter.name).exists()
    assert pages(written) == pages(whole_site(corpus, tmp_path / "whole"))


def test_the_projection_keeps_the_header_and_the_markup_but_not_the_text():
    source = f"""<TEI xmlns="{TEI_NS}" xml:id="x"><teiHeader><fileDesc><titleStmt>
        <title>Stalin to Roosevelt</title></titleStmt></fileDesc></teiHeader>
      <text><front><docTitle><titlePart>An essay</titlePart></docTitle></front>
        <body><p>Dear <persName ref="psn:roosevelt">Mr President</persName>,<!-- a comment -->
          the text.</p></body></text></TEI>""".encode()
    root = etree.fromstring(project_document(source, Path("x.xml")))
    assert root.findtext(f".//{TEI}title") == "Stalin to Roosevelt"
    assert root.findtext(f".//{TEI}titlePart") == "An essay"
    name = root.find(f".//{TEI}persName")
    assert name.get("ref") == "psn:roosevelt" and not name.text and not name.tail
    body = root.find(f".//{TEI}body")
    assert "".join(body.itertext()) == "" and not body.xpath("//comment()")


def test_a_published_page_written_to_is_made_again(project_copy, tmp_path):
    """The published pages are links to the kept ones: writing to one must not poison the cache."""
    writer = Writer(project_copy)
    first, _ = writer.build(tmp_path)
    page = sorted((first / "letters").glob("*.html"))[2]
    page.write_text("defaced")
    second, facts = writer.build(tmp_path)
    assert facts["document pages written"] == 1
    assert pages(second) == pages(whole_site(project_copy, tmp_path / "whole"))


def test_a_letter_moved_in_time_rewrites_its_old_and_new_neighbours(corpus, tmp_path):
    writer = Writer(corpus)
    writer.build(tmp_path)
    letter = sorted(corpus.tei.glob("letters/*.xml"))[11]

    def first_day(sent: etree._Element) -> None:
        for name in ("when", "notBefore", "notAfter", "from", "to", "cert", "evidence"):
            sent.attrib.pop(name, None)
        sent.set("when", "1941-06-23")  # the first day of the edition: the first letter now

    edit_sent_date(letter, first_day)
    written, facts = writer.build(tmp_path)
    assert facts["letters summarised"] == 1 and facts["site pages written"] is True
    # itself, its two old neighbours, its one new neighbour (at most 4), not all 40
    assert 2 <= facts["document pages written"] <= 4
    assert pages(written) == pages(whole_site(corpus, tmp_path / "whole"))


@pytest.mark.parametrize("apart_from", [1, html_writer.APART_FROM])
def test_a_cold_build_on_workers_equals_the_site_written_whole(corpus, tmp_path, monkeypatch,
                                                               apart_from):
    """Projection, summaries and pages on workers; the reduce in processes of its own (as in
    a large edition) or here (a small one)."""
    monkeypatch.setattr(html_writer, "APART_FROM", apart_from)
    written, facts = Writer(corpus, jobs=2).build(tmp_path)
    assert facts["site pages written"] is True
    assert facts["document pages written"] == documents(corpus)
    assert pages(written) == pages(whole_site(corpus, tmp_path / "whole"))


def test_the_projection_made_on_workers_is_the_one_made_here(corpus, tmp_path):
    here = Projection(corpus.tei, tmp_path / "here").update()
    with Executor(2, minimum_per_worker=1) as executor:
        there = Projection(corpus.tei, tmp_path / "there").update(executor)
    assert here == there
    assert {path.relative_to(tmp_path / "here"): path.read_bytes()
            for path in (tmp_path / "here").rglob("*.xml")} == \
        {path.relative_to(tmp_path / "there"): path.read_bytes()
         for path in (tmp_path / "there").rglob("*.xml")}


def test_a_retitled_letters_neighbours_keep_their_place_in_the_search_index(corpus, tmp_path,
                                                                            monkeypatch):
    """The neighbours' pages change (their sequence links name the new title), and so do the
    registers (their lists of documents), but not what the search reads of them: their shards
    are kept, and are what indexing them afresh gives."""
    monkeypatch.setattr(search, "SHARD_SIZE", 3)
    context = WriterContext(corpus, Transformer(corpus.root / "xslt"))
    html_writer.write(context, tmp_path / "before")
    site = tmp_path / "before" / "html"
    shard_of = {page: name for name, listed in search.shards(site).items() for page in listed}
    for letter in sorted(corpus.tei.glob("letters/*.xml"))[1:-1]:
        page = f"letters/{letter.stem}.html"
        links = etree.parse(str(site / page), etree.HTMLParser()).xpath(
            "//*[@class='sequence']/a/@href")
        neighbours = [f"letters/{href}" for href in links]
        if len(neighbours) == 2 and shard_of[page] not in {shard_of[n] for n in neighbours}:
            break
    else:
        pytest.fail("no letter whose neighbours are indexed in other shards than its own")
    edit(letter, "//tei:titleStmt/tei:title[1]", "A title the editors corrected")
    facts = html_writer.write(context, tmp_path / "after")
    after = tmp_path / "after" / "html"
    for neighbour in neighbours:
        assert "A title the editors corrected" in (after / neighbour).read_text()
    # the letter's shard alone: the registers list its new title, but the search does not
    # read their lists of documents
    assert "A title the editors corrected" in (after / "persons.html").read_text()
    assert facts["search shards indexed"] == 1
    for shard in [*(shard_of[neighbour] for neighbour in neighbours), ""]:
        afresh = tmp_path / f"afresh-{shard}"
        search.index_shard(after, search.shards(after)[shard], afresh)
        kept = after / search.FOLDER / (search.SHARDS + "/" + shard if shard else "")
        own = [path.relative_to(kept) for path in search.bundle_files(kept)
               if path.relative_to(kept).parts[0] not in (search.SHARDS, search.SHARD_LIST)]
        assert own == [path.relative_to(afresh) for path in search.bundle_files(afresh)]
        for path in search.bundle_files(afresh):
            assert (kept / path.relative_to(afresh)).read_bytes() == path.read_bytes(), path
