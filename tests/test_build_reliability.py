"""Builds publish everything or nothing, clean up after killed runs, and report system errors.

The publishing tests use small made-up products instead of the real writers
(which the tests of test_build.py run): what is tested is how versions are
swapped, kept and removed.
"""

from __future__ import annotations

import errno
import fcntl
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition import build as build_module
from edition.build import CURRENT, new_version, publish, remove_stale_versions
from edition.cli import main, plain_message
from edition.xslt import TransformError


def make_version(output: Path, label: str, products=("html", "pdf")) -> Path:
    """Run a 'build' that writes ``label`` into each product, and publish it."""
    with new_version(output) as staging:
        for product in products:
            (staging / product).mkdir()
            (staging / product / "index.html").write_text(label)
        publish(staging, output)
    return staging


def contents(output: Path) -> dict[str, str]:
    return {product: (output / product / "index.html").read_text()
            for product in ("html", "pdf") if (output / product / "index.html").exists()}


def versions(output: Path) -> list[str]:
    return sorted(p.name for p in output.glob(".build-*"))


def test_a_build_publishes_all_products_at_once_and_drops_the_old_version(tmp_path):
    make_version(tmp_path, "one")
    assert contents(tmp_path) == {"html": "one", "pdf": "one"}
    make_version(tmp_path, "two")
    assert contents(tmp_path) == {"html": "two", "pdf": "two"}
    assert len(versions(tmp_path)) == 1
    assert (tmp_path / "html").is_symlink() and (tmp_path / CURRENT).is_symlink()


def test_a_failed_publish_leaves_every_product_as_it_was(tmp_path, monkeypatch):
    make_version(tmp_path, "one")
    real_replace = os.replace

    def refuse(source, target):
        if Path(target).name == CURRENT:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        make_version(tmp_path, "two")
    assert contents(tmp_path) == {"html": "one", "pdf": "one"}
    assert len(versions(tmp_path)) == 1
    assert not list(tmp_path.glob(f"{CURRENT}.*"))


def test_plain_product_folders_from_older_builds_are_replaced_whole(tmp_path):
    for product in ("html", "pdf"):
        (tmp_path / product).mkdir()
        (tmp_path / product / "index.html").write_text("plain")
    make_version(tmp_path, "new")
    assert contents(tmp_path) == {"html": "new", "pdf": "new"}
    assert len(versions(tmp_path)) == 1


def test_a_product_linked_elsewhere_by_hand_is_replaced_and_its_target_kept(tmp_path):
    elsewhere = tmp_path / "www"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("served")
    output = tmp_path / "output"
    output.mkdir()
    (output / "html").symlink_to(elsewhere)
    make_version(output, "new")
    assert contents(output) == {"html": "new", "pdf": "new"}
    assert (elsewhere / "index.html").read_text() == "served"


def test_a_failed_adoption_of_plain_folders_puts_them_back(tmp_path, monkeypatch):
    for product in ("html", "pdf"):
        (tmp_path / product).mkdir()
        (tmp_path / product / "index.html").write_text("plain")
    real_symlink = Path.symlink_to

    def refuse(self, target, *args):
        if self.name == "pdf":
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real_symlink(self, target, *args)

    monkeypatch.setattr(Path, "symlink_to", refuse)
    with pytest.raises(OSError):
        make_version(tmp_path, "new")
    assert contents(tmp_path) == {"html": "plain", "pdf": "plain"}
    assert not (tmp_path / "html").is_symlink()
    assert versions(tmp_path) == []


def test_a_product_the_build_did_not_make_is_carried_over(tmp_path):
    make_version(tmp_path, "one")
    make_version(tmp_path, "two", products=("html",))
    assert contents(tmp_path) == {"html": "two", "pdf": "one"}


def test_versions_of_dead_builds_are_removed_and_running_ones_kept(tmp_path):
    make_version(tmp_path, "one")
    dead = tmp_path / ".build-dead"
    (dead / "html").mkdir(parents=True)
    running = tmp_path / ".build-running"
    running.mkdir()
    descriptor = os.open(running, os.O_RDONLY)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    try:
        remove_stale_versions(tmp_path)
        assert not dead.exists()
        assert running.exists()
        assert contents(tmp_path) == {"html": "one", "pdf": "one"}
    finally:
        os.close(descriptor)


def test_a_failed_build_removes_its_version(tmp_path):
    make_version(tmp_path, "one")
    with pytest.raises(RuntimeError), new_version(tmp_path) as staging:
        (staging / "html").mkdir()
        raise RuntimeError("writer failed")
    assert len(versions(tmp_path)) == 1
    assert contents(tmp_path) == {"html": "one", "pdf": "one"}


def test_the_published_site_is_readable_by_others(tmp_path):
    previous = os.umask(0o022)
    try:
        make_version(tmp_path, "one")
    finally:
        os.umask(previous)
    version = (tmp_path / CURRENT).resolve()
    assert version.stat().st_mode & 0o755 == 0o755


# ----- killed builds -----

BUILDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from edition.build import new_version, publish
    output, label = Path(sys.argv[1]), sys.argv[2]
    with new_version(output) as staging:
        for product in ("html", "pdf"):
            (staging / product).mkdir()
            for number in range(40):
                (staging / product / f"page{number}.html").write_text(label)
                time.sleep(0.002)
            (staging / product / "index.html").write_text(label)
        publish(staging, output)
""")


def test_builds_killed_at_random_points_leave_a_whole_edition_and_no_debris(tmp_path):
    script = tmp_path / "builder.py"
    script.write_text(BUILDER)
    output = tmp_path / "output"
    output.mkdir()
    rng = random.Random(7)
    run = [sys.executable, str(script), str(output)]
    subprocess.run([*run, "first"], check=True, timeout=120)
    for attempt in range(6):
        process = subprocess.Popen([*run, f"killed{attempt}"])
        time.sleep(rng.uniform(0.05, 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        published = contents(output)
        assert set(published) == {"html", "pdf"}
        assert len(set(published.values())) == 1  # never a mixture
        pages = {p.read_text() for p in (output / "html").glob("page*.html")}
        assert pages == set(published.values())
    subprocess.run([*run, "last"], check=True, timeout=120)
    assert contents(output) == {"html": "last", "pdf": "last"}
    assert len(versions(output)) == 1
    assert not list(output.glob(f"{CURRENT}.*"))


# ----- errors the system raises -----

@pytest.fixture
def quick_build(monkeypatch, project_copy):
    """`edition build` on a copy of the edition, with validation skipped and stub writers."""
    monkeypatch.chdir(project_copy.root)
    monkeypatch.setattr(build_module, "validate", lambda paths, schema, **options: ([], []))
    return monkeypatch


def test_disk_full_in_a_writer_is_exit_2_with_the_file_and_no_traceback(quick_build):
    def full(context, staging):
        raise OSError(errno.ENOSPC, "No space left on device", str(staging / "html" / "a.html"))

    quick_build.setitem(build_module.WRITERS, "html", full)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 2
    assert "No space left on device" in result.output and "a.html" in result.output
    assert "Traceback" not in result.output
    assert not list(Path("output").glob(".build-*"))


def test_a_saxon_io_failure_is_exit_2_without_the_java_stack(quick_build):
    def failing(context, staging):
        raise TransformError(
            "xslt/html/site.xsl: failed on tei/edition.xml: Failed to create output file "
            "output/.build-x/html/index.html: No space left on device\n"
            "java.io.IOException: No space left on device\n"
            "\tat net.sf.saxon.serialize.SerializerFactory.getReceiver(SerializerFactory.java:1)")

    quick_build.setitem(build_module.WRITERS, "html", failing)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 2
    assert "index.html: No space left on device" in result.output
    assert "net.sf.saxon" not in result.output and "java.io" not in result.output


def test_permission_denied_is_exit_2(quick_build):
    def denied(context, staging):
        raise PermissionError(errno.EACCES, "Permission denied", str(staging / "pdf"))

    quick_build.setitem(build_module.WRITERS, "pdf", denied)
    quick_build.setitem(build_module.WRITERS, "html", lambda context, staging: {})
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 2
    assert "Permission denied" in result.output and "pdf" in result.output


def test_plain_message_keeps_saxons_sentence_and_drops_its_frames():
    message, system = plain_message("site.xsl: failed: XTDE0640 bad\n\tat net.sf.saxon.X(X:1)")
    assert message == "site.xsl: failed: XTDE0640 bad" and not system

