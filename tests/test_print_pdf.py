"""The print edition read back from the PDF (pypdf): what a reader of the book sees."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from edition.writers import WriterContext
from edition.writers import pdf as pdf_writer
from edition.xslt import Transformer

from .conftest import ROOT

TEI = "{http://www.tei-c.org/ns/1.0}"
NS = {"tei": TEI[1:-1]}


@pytest.fixture(scope="module", params=["whole", "sliced"])
def book(project, request):
    """The committed edition printed once; the reader, each page's text and its fragments.

    'sliced': the lists that grow with an edition (contents, list of documents, notes not
    transcribed) cut into parts of a few entries, as they are in an edition of thousands.
    """
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        if request.param == "sliced":
            patch.setattr(pdf_writer, "PARAMETERS", {"entries-per-part": "7"})
        staging = Path(folder) / "staging"
        staging.mkdir()
        context = WriterContext(project, Transformer(ROOT / "xslt"))
        facts = pdf_writer.write(context, staging, jobs=2)
        reader = PdfReader(str(staging / "pdf" / "edition.pdf"))
        pages = []
        for page in reader.pages:
            fragments: list[tuple[str, float]] = []
            text = page.extract_text(visitor_text=lambda t, cm, tm, font, size, out=fragments:
                                     out.append((t, size * tm[0])) if t.strip() else None)
            pages.append((text or "", fragments))
        dests = {name: reader.get_destination_page_number(dest) + 1
                 for name, dest in reader.named_destinations.items()}
        yield facts, reader, pages, dests


def flat(text: str) -> str:
    """Page text in one line, words broken by WeasyPrint's hyphen (U+2010) joined again."""
    return " ".join(text.replace("\u2010\n", "").split())


def page_of(pages, heading: str) -> list[int]:
    return [number for number, (text, _) in enumerate(pages, 1) if heading in flat(text)]


def test_front_matter_title_page_verso_principles_list_and_abbreviations(book):
    facts, reader, pages, _ = book
    assert facts["pages"] == len(reader.pages) and facts["parts"] >= 5
    title = flat(pages[0][0])
    assert "The Stalin–Roosevelt Correspondence" in title and "editorial team" in title
    assert "Creative Commons Attribution 4.0" in flat(pages[1][0])  # the licence on the verso
    whole = " ".join(flat(text) for text, _ in pages)
    for heading in ("Contents", "Editorial principles", "List of documents", "Abbreviations",
                    "Sources and works cited", "Index of persons, places and organisations"):
        assert heading in whole, heading
    assert "How corrections" not in whole  # the principles state conventions, not questions
    assert "Corrections." in whole and "Page breaks." in whole and "Notes." in whole
    number = page_of(pages, "List of documents No. Date")[0]  # continued pages: head again
    listing = flat(pages[number - 1][0])
    assert "No. Date Sender → addressee Source" in listing
    assert "4 August 1941 Stalin → Roosevelt Corr., vol. 2, No. 1" in listing


def contents_entries(pages) -> list[tuple[str, int]]:
    """(title, page) of every contents line with a leader and a page number."""
    start = page_of(pages, "Contents")[0]
    entries, buffer = [], ""
    for number in range(start, len(pages) + 1):
        text = pages[number - 1][0]
        if number > start and "Contents" not in text.split("\n", 1)[0] and not re.search(
                r"\. \. \.", text):
            break
        for line in text.split("\n"):
            line = line.strip()
            if line in ("Contents", "Documents") or re.fullmatch(r"\d+", line):
                continue
            match = re.fullmatch(r"(.*?)[ .]*\. \.[ .]*(\d+)", line)
            if match:
                entries.append((" ".join((buffer + " " + match.group(1)).split()),
                                int(match.group(2))))
                buffer = ""
            else:
                buffer += " " + line
    return entries


def test_every_contents_page_number_leads_to_its_entry(book):
    _, _, pages, _ = book
    entries = contents_entries(pages)
    assert len(entries) >= 13 + 6
    for title, number in entries:
        text = flat(pages[number - 1][0])
        document = re.fullmatch(r"(\d+) (.+?), (.+)", title)
        if document and not title.startswith(("Joseph", "Index")):
            no, parties, date = document.groups()
            assert f"{no}. {parties}" in text and date.split(", ")[-1] in text, (title, number)
        else:
            assert title[:30] in text, (title, number)


def test_documents_are_numbered_in_date_order_with_headings(book):
    _, _, pages, _ = book
    entries = [t for t, _ in contents_entries(pages) if re.match(r"\d+ ", t)]
    numbers = [int(t.split()[0]) for t in entries]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 13
    assert "Standley to Molotov, not before 8 January 1943" in entries[-1]
    whole = " ".join(flat(text) for text, _ in pages)
    # the nested message has its own heading and date
    assert "Roosevelt to Stalin, 8 January 1943 “After reading your reply" in whole


def test_every_footnote_is_on_its_markers_page(book):
    _, _, pages, _ = book
    calls_seen = 0
    for number, (_, fragments) in enumerate(pages, 1):
        pairs = zip([("", 0)] + fragments, fragments, strict=False)
        calls = {t.strip() for (before, _), (t, size) in pairs
                 if size < 10 and re.fullmatch(r"[0-9]+|[a-z]", t.strip())
                 and not before.endswith("⟨")}  # ⟨4⟩ marks a note without text, no footnote
        notes = {m.group(1) for t, _ in fragments
                 if (m := re.match(r"\s*([0-9]+|[a-z])\.\u2002", t))}
        assert calls == notes, f"page {number}: calls {sorted(calls)}, notes {sorted(notes)}"
        calls_seen += len(calls)
    assert calls_seen > 80


def test_notes_restart_in_each_document_and_source_numbers_are_kept(book):
    _, _, pages, _ = book
    page = pages[page_of(pages, "12. Roosevelt to Stalin")[0] - 1][0]
    text = flat(page)
    assert "1. [80] Copy obtained" in text and "2. [81] In a telegram" in text
    assert "a. conduct] source: eondud" in text  # the correction, visible
    assert "| 543" in text  # the source's page break


def test_no_placeholder_is_repeated(book):
    _, _, pages, _ = book
    whole = " ".join(flat(text) for text, _ in pages)
    assert "not in the transcription" not in whole
    start = page_of(pages, "Notes not transcribed The transcriptions")[0]
    end = page_of(pages, "Index of persons, places and organisations Persons")[-1]
    lines = [line for text, _ in pages[start - 1:end - 1] for line in text.split("\n")
             if line.startswith("⟨")]
    assert len(lines) >= 6 and len(lines) == len(set(lines))
    assert sum("note 5;" in line for line in lines) == 1


def index_text(pages) -> str:
    start = page_of(pages, "Index of persons, places and organisations Persons")[-1]
    text = " ".join(page for page, _ in pages[start - 1:])
    return flat(text.replace("–\n", "–").replace("-\n", "-"))


def expected_index(dests) -> dict[str, list[int]]:
    """Register entry → pages: the n-th linked name of a TEI file, found by its PDF anchor."""
    pages: dict[str, set[int]] = {}
    for path in sorted((ROOT / "tei").glob("*s/*.xml")):
        tree = etree.parse(str(path))
        root_id = tree.getroot().get("{http://www.w3.org/XML/1998/namespace}id")
        names = tree.xpath("//tei:persName[@ref] | //tei:placeName[@ref] | //tei:orgName[@ref]",
                           namespaces=NS)
        for number, name in enumerate(names, 1):
            anchor = f"{root_id}-x{number}"
            if anchor in dests:
                pages.setdefault(name.get("ref"), set()).add(dests[anchor])
    return {ref: sorted(found) for ref, found in pages.items()}


def ranges(numbers: list[int]) -> str:
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


def register_names(kinds=(("psn", "persons"), ("plc", "places"), ("org", "orgs"))
                   ) -> dict[str, str]:
    """'psn:stalin' → 'Stalin, Joseph Vissarionovich': the normalised names the index prints."""
    names = {}
    for prefix, file in kinds:
        tree = etree.parse(str(ROOT / "tei" / "registers" / f"{file}.xml"))
        for entry in tree.xpath("//*[@xml:id][*[@type='reg']]", namespaces=NS):
            reg = entry.xpath("*[@type='reg'][1]")[0]
            names[f"{prefix}:{entry.get('{http://www.w3.org/XML/1998/namespace}id')}"] = " ".join(
                "".join(reg.itertext()).split())
    return names


def test_every_index_page_number_is_right(book):
    _, _, pages, dests = book
    text = index_text(pages)
    names = register_names()
    expected = expected_index(dests)
    assert len(expected) > 100
    checked = 0
    for ref, numbers in expected.items():
        if ref not in names:
            continue
        pattern = (re.escape(names[ref]) + r"(?: \([^)]*\))? " + re.escape(ranges(numbers))
                   + r"(?![\d–])")
        assert re.search(pattern, text), (ref, names[ref], ranges(numbers))
        checked += 1
    assert checked > 100
    assert "Stalin, Joseph Vissarionovich (1878–1953)" in text


def test_outline_has_clean_titles_and_right_pages(book):
    _, reader, pages, _ = book

    def walk(items, depth=0):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                yield depth, item.title, reader.get_destination_page_number(item) + 1

    outline = list(walk(reader.outline))
    titles = [title for _, title, _ in outline]
    assert {"Contents", "Editorial principles", "List of documents", "Documents",
            "Index"} <= set(titles)
    documents = [(title, page) for depth, title, page in outline if depth == 1]
    assert len(documents) == 13
    for title, page in documents:
        assert not re.search(r"[A-Za-z)]\d", title), title  # no note numbers glued on
        number, heading = title.split(". ", 1)
        assert f"{number}. {heading.split(', ')[0]}" in flat(pages[page - 1][0]), title


def test_metadata_quotes_and_hyphenation(book):
    _, reader, pages, _ = book
    assert reader.metadata.title == "The Stalin–Roosevelt Correspondence, 1941–1945"
    assert reader.metadata.author and reader.metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == "en"
    whole = "\n".join(text for text, _ in pages)
    assert '"' not in whole  # curly quotes in print
    assert "Stalin’s" in whole and "“Cold War”" in flat(whole)
    surnames = {name.split(",")[0] for name in register_names((("psn", "persons"),)).values()}
    places = {name for name in register_names((("plc", "places"),)).values() if " " not in name}
    tokens = {token for name in surnames | places for token in re.findall(r"\w{4,}", name)}
    broken = re.findall(r"(\S+)\u2010\n(\S+)", whole)
    assert broken, "hyphenation is on"
    for head, tail in broken:
        word = re.sub(r"\W", "", head + tail)
        assert word not in tokens, f"name hyphenated: {head}-{tail}"
        assert not (head[-1:].isdigit() or "http" in head or "/" in head), f"{head}-{tail}"


def test_a_part_loads_nothing_from_the_web_whatever_its_html_names(tmp_path, listener):
    """WeasyPrint reads the part's own files alone: an image or stylesheet named by a web
    address (none of which the print stylesheets write) is never asked for."""
    from edition.writers import pdf_parts

    address, asked = listener
    page = tmp_path / "part.html"
    page.write_text(f"""<!DOCTYPE html><html><head>
        <link rel="stylesheet" href="{address}style.css"></head>
        <body><p>Text</p><img src="{address}image.png" alt=""></body></html>""", "utf-8")
    job = pdf_parts.Job(page, tmp_path.as_uri() + "/", "k", tmp_path / "cache")
    layout = pdf_parts.run(job)
    assert layout.pages == 1
    assert asked.read_text(encoding="utf-8") == ""
