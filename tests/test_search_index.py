"""The search index is built in shards, and only the shards whose pages changed are built again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edition.writers import search

PAGE = """<!DOCTYPE html><html lang="en"><head><title>{title}</title></head>
<body><main data-pagefind-body=""><h1>{title}</h1><p>{text}</p></main></body></html>"""


def site(folder: Path, letters: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(PAGE.format(title="The letters", text="All of them."))
    (folder / "letters").mkdir(exist_ok=True)
    for number in range(letters):
        (folder / "letters" / f"l{number:03d}.html").write_text(
            PAGE.format(title=f"Letter {number}", text=f"Word{number} and the convoy."))
    return folder


def fragments(bundle: Path) -> int:
    return len(list((bundle / "fragment").glob("*.pf_fragment")))


@pytest.fixture
def small_shards(monkeypatch):
    monkeypatch.setattr(search, "SHARD_SIZE", 5)


def test_letters_are_spread_over_shards_and_every_page_is_indexed_once(small_shards, tmp_path):
    folder = site(tmp_path / "site", 12)
    facts = search.build_search_index(folder, tmp_path / "cache", jobs=2)
    bundle = folder / search.FOLDER
    listed = json.loads((bundle / search.SHARD_LIST).read_text())
    assert facts == {"search shards": 1 + len(listed), "search shards indexed": 1 + len(listed)}
    assert 1 < len(listed) <= 3
    assert (bundle / "pagefind.js").is_file() and fragments(bundle) == 1  # index.html
    assert sum(fragments(bundle / shard) for shard in listed) == 12


def test_an_edited_letter_indexes_its_shard_alone(small_shards, tmp_path):
    folder = site(tmp_path / "site", 12)
    cache = tmp_path / "cache"
    search.build_search_index(folder, cache)
    again = site(tmp_path / "again", 12)
    letter = again / "letters" / "l007.html"
    letter.write_text(letter.read_text().replace("convoy", "second front"))
    facts = search.build_search_index(again, cache)
    assert facts["search shards indexed"] == 1
    unchanged = search.build_search_index(site(tmp_path / "third", 12), cache)
    assert unchanged["search shards indexed"] == 1  # l007 as it was: that shard again, once
    assert len(list(cache.iterdir())) == unchanged["search shards"]  # nothing stale kept


def test_bundles_are_published_as_links_and_one_written_through_is_indexed_again(tmp_path):
    folder = site(tmp_path / "site", 3)
    cache = tmp_path / "cache"
    search.build_search_index(folder, cache)
    published = folder / search.FOLDER / "pagefind.js"
    kept = {path.stat().st_ino for path in cache.glob("*/pagefind.js")}
    assert published.stat().st_ino in kept  # linked, not copied
    assert not (folder / search.FOLDER / search.STAMPS).exists()
    unchanged = search.build_search_index(site(tmp_path / "again", 3), cache)
    assert unchanged["search shards indexed"] == 0
    with published.open("a") as through_the_link:  # someone edits the published site
        through_the_link.write("// changed")
    third = site(tmp_path / "third", 3)
    assert search.build_search_index(third, cache)["search shards indexed"] == 1
    assert not (third / search.FOLDER / "pagefind.js").read_text().endswith("// changed")


def test_pages_with_a_known_key_are_judged_by_it_not_by_their_bytes(small_shards, tmp_path):
    folder = site(tmp_path / "site", 12)
    cache = tmp_path / "cache"
    known = {f"letters/l{number:03d}.html": f"key-{number}" for number in range(12)}
    search.build_search_index(folder, cache, known=known)
    same = search.build_search_index(site(tmp_path / "again", 12), cache, known=dict(known))
    assert same["search shards indexed"] == 0  # the pages were not read
    known["letters/l004.html"] = "key-4-edited"
    edited = search.build_search_index(site(tmp_path / "third", 12), cache, known=known)
    assert edited["search shards indexed"] == 1


def test_a_failing_indexer_is_a_build_error(tmp_path, monkeypatch):
    folder = site(tmp_path / "site", 2)
    monkeypatch.setattr(search, "pagefind_command", lambda: ["false"])
    with pytest.raises(search.BuildError, match="search index could not be built"):
        search.build_search_index(folder, tmp_path / "cache")


def shared_page(body: str, *, marked: bool = True) -> bytes:
    mark = ' data-pagefind-body=""' if marked else ""
    return (f'<!DOCTYPE html><html lang="en"><head><title>Persons</title></head><body>'
            f"<nav>Menu</nav><main{mark}>{body}</main></body></html>").encode()


def test_a_pages_key_is_what_pagefind_reads_of_it():
    entry = '<h2>Hopkins</h2><p data-pagefind-ignore="">Mentioned in: {}</p><p>{}</p>'
    key = search.page_key(shared_page(entry.format("Letter 1", "An adviser")))
    # the ignored list edited: the same key; the entry's own words edited: another
    assert search.page_key(shared_page(entry.format("Letter 1 retitled", "An adviser"))) == key
    assert search.page_key(shared_page(entry.format("Letter 1", "A special adviser"))) != key
    # pagefind reads a filter or metadata inside an ignored element
    tagged = '<p data-pagefind-ignore=""><span data-pagefind-filter="year">{}</span></p>'
    assert search.page_key(shared_page(tagged.format("1942"))) != \
        search.page_key(shared_page(tagged.format("1943")))
    assert key.startswith(search.BODY)
    assert search.page_key(shared_page("<p>x</p>", marked=False)).startswith(search.WHOLE)


def test_a_page_marking_no_body_counts_only_where_no_page_of_its_shard_marks_one(tmp_path):
    def shard(listing: str, marked: bool) -> str:
        folder = tmp_path / f"{listing}-{marked}"
        folder.mkdir()
        (folder / "index.html").write_bytes(shared_page(listing, marked=False))
        (folder / "about.html").write_bytes(shared_page("<p>About</p>", marked=marked))
        return search.shard_key(folder, ["about.html", "index.html"], {})

    # beside a page with a body, pagefind leaves the list of letters out: its edits count not
    assert shard("Letter 1", True) == shard("Letter 1 retitled", True)
    assert shard("Letter 1", False) != shard("Letter 1 retitled", False)
