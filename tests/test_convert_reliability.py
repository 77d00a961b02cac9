"""Conversions killed at any point, or run twice at once, never make the converter's own files
look hand-edited (issue 13): the next run succeeds without refusing anything."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from .conftest import ROOT, SOVIET

#: Runs `edition convert` and kills itself with SIGKILL right after its Nth file write
#: (the manifest's intent counts as one): the crash between a file and the manifest.
DYING = textwrap.dedent("""
    import os, signal, sys
    from edition import store
    limit, count = int(sys.argv[1]), [0]
    real = store.atomic_write
    def dying(path, data):
        real(path, data)
        count[0] += 1
        if count[0] >= limit:
            os.kill(os.getpid(), signal.SIGKILL)
    store.atomic_write = dying
    from edition.cli import main
    sys.argv = ["edition", *sys.argv[2:]]
    main()
""")


def variants(folder: Path) -> list[str]:
    """The Soviet volume as received, and as if a reader fix changed every letter."""
    text = SOVIET.read_text(encoding="utf-8")
    return [text, text.replace(" is ", " was ").replace(" the ", " the very ")]


def convert_command(source: Path, out: Path) -> list[str]:
    return [str(Path(sys.executable).parent / "edition"), "convert", str(source), "--out", str(out)]


def run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_a_convert_killed_between_files_and_manifest_is_recovered(tmp_path):
    source = tmp_path / "src" / SOVIET.name
    source.parent.mkdir()
    out = tmp_path / "tei"
    texts = variants(tmp_path)
    source.write_text(texts[0], encoding="utf-8")
    assert run(convert_command(source, out)).returncode == 0
    script = tmp_path / "dying.py"
    script.write_text(DYING)
    rng = random.Random(11)
    for round_ in range(4):
        source.write_text(texts[1], encoding="utf-8")  # killed while rewriting the files
        killed = run([sys.executable, str(script), str(rng.randint(1, 7)), "convert",
                      str(source), "--out", str(out)])
        assert killed.returncode == -signal.SIGKILL, (round_, killed.stdout)
        source.write_text(texts[0], encoding="utf-8")
        again = run(convert_command(source, out))
        assert again.returncode == 0, again.stdout + again.stderr
        assert "refused" not in again.stdout


def test_a_convert_killed_at_a_random_moment_is_recovered(tmp_path):
    source = tmp_path / "src" / SOVIET.name
    source.parent.mkdir()
    out = tmp_path / "tei"
    texts = variants(tmp_path)
    source.write_text(texts[0], encoding="utf-8")
    started = time.perf_counter()
    assert run(convert_command(source, out)).returncode == 0
    duration = time.perf_counter() - started
    rng = random.Random(5)
    for _ in range(2):
        source.write_text(texts[1], encoding="utf-8")
        process = subprocess.Popen(convert_command(source, out), cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 1.0) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait()
        source.write_text(texts[0], encoding="utf-8")
        again = run(convert_command(source, out))
        assert again.returncode == 0, again.stdout + again.stderr
        assert "refused" not in again.stdout


def test_two_converts_at_once_neither_refuses_the_others_files(tmp_path):
    out = tmp_path / "tei"
    texts = variants(tmp_path)
    sources = []
    for number, text in enumerate(texts):
        source = tmp_path / f"src{number}" / SOVIET.name
        source.parent.mkdir()
        source.write_text(text, encoding="utf-8")
        sources.append(source)
    assert run(convert_command(sources[0], out)).returncode == 0
    processes = [subprocess.Popen(convert_command(source, out), cwd=ROOT, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for source in reversed(sources)]
    for process in processes:
        stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stdout + stderr
        assert "refused" not in stdout
    final = run(convert_command(sources[0], out))
    assert final.returncode == 0 and "refused" not in final.stdout
    assert not [p for p in out.rglob("*.tmp")]
    assert os.path.exists(out / ".convert-manifest.json")
