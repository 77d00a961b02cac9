"""Per-document work runs the same in worker processes, on Dask, and one product builds alone."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from edition import build as build_module
from edition.cli import main
from edition.convert import convert
from edition.executor import Executor

from .conftest import SOVIET


def square(number: int) -> int:
    return number * number


def process_id(_: int) -> int:
    return os.getpid()


def test_a_process_pool_keeps_the_order_of_the_items():
    with Executor(jobs=2, minimum_per_worker=1) as executor:
        assert executor.map(square, range(50)) == [n * n for n in range(50)]
        assert os.getpid() not in set(executor.map(process_id, range(8)))


def test_little_work_stays_in_this_process():
    with Executor(jobs=2) as executor:
        assert set(executor.map(process_id, range(3))) == {os.getpid()}


def test_a_map_of_a_few_large_items_can_ask_for_workers():
    with Executor(jobs=2) as executor:
        assert set(executor.map(process_id, range(4))) == {os.getpid()}
        workers = set(executor.map(process_id, range(4), minimum_per_worker=1))
        assert os.getpid() not in workers


def test_workers_started_early_serve_the_map_that_follows():
    with Executor(jobs=2, minimum_per_worker=1) as executor:
        executor.start(square, 3)
        started = executor._pool
        assert started is not None
        assert os.getpid() not in set(executor.map(process_id, range(8)))
        assert executor._pool is started  # the same workers, not a second pool
    with Executor(jobs=1) as executor:
        executor.start(square, 3)  # one job: nothing to start
        assert executor._pool is None


def refuse(item: int) -> int:
    raise ValueError(f"cannot take {item}")


def test_one_task_runs_on_a_worker_of_the_pool_already_started():
    with Executor(jobs=2, minimum_per_worker=1) as executor:
        workers = set(executor.map(process_id, range(8)))
        assert executor.run(process_id, 0) in workers  # no new process: the warm ones
        assert executor.run(square, 7) == 49
        with pytest.raises(ValueError, match="cannot take 3"):
            executor.run(refuse, 3)
    with Executor(jobs=1) as executor:
        assert executor.run(process_id, 0) == os.getpid()
        assert executor._pool is None


def test_the_map_runs_on_a_dask_local_cluster():
    pytest.importorskip("distributed", reason="Dask is the optional extra edition[dask]")
    with Executor(jobs=2, cluster="local") as executor:
        assert executor.map(square, list(range(40))) == [n * n for n in range(40)]
        assert os.getpid() not in set(executor.map(process_id, list(range(4))))


def test_convert_in_worker_processes_writes_the_same_files(project, tmp_path):
    sources = [SOVIET, *sorted(SOVIET.parent.glob("frus-*.txt"))]
    convert(sources, tmp_path / "one", "auto", project, jobs=1)
    convert(sources, tmp_path / "two", "auto", project, jobs=2)
    written = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*.xml"))
    assert written and written == sorted(
        p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*.xml"))
    for relative in written:
        assert (tmp_path / "one" / relative).read_bytes() == (
            tmp_path / "two" / relative).read_bytes(), relative


def fake_pdf(context, staging):
    """Stands in for WeasyPrint: writes the product and serves a copy in the site."""
    (staging / "pdf").mkdir()
    (staging / "pdf" / "edition.pdf").write_bytes(b"%PDF new")
    if (staging / "html").is_dir():
        (staging / "html" / "edition.pdf").write_bytes(b"%PDF new")
    return {"pages": 1}


def test_only_one_product_is_built_and_the_others_stay(project_copy, monkeypatch):
    monkeypatch.chdir(project_copy.root)
    monkeypatch.setitem(build_module.WRITERS, "pdf", fake_pdf)
    out = project_copy.root / "output"
    result = CliRunner().invoke(main, ["build", "--only", "html", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert (out / "html" / "index.html").is_file() and not (out / "pdf").exists()

    (out / "html" / "index.html").write_text("old site")
    result = CliRunner().invoke(main, ["build", "--only", "pdf"])
    assert result.exit_code == 0, result.output
    assert (out / "pdf" / "edition.pdf").read_bytes() == b"%PDF new"
    assert (out / "html" / "edition.pdf").read_bytes() == b"%PDF new"
    assert (out / "html" / "index.html").read_text() == "old site"  # the site was not rebuilt

    result = CliRunner().invoke(main, ["build", "--only", "html"])
    assert result.exit_code == 0, result.output
    assert (out / "html" / "index.html").read_text() != "old site"
    assert (out / "html" / "edition.pdf").read_bytes() == b"%PDF new"  # still served
    # nothing is left of the builds but the one version that is published
    live = (out / ".current").resolve()
    assert [p.resolve() for p in out.iterdir() if p.name.startswith(".build-")] == [live]


def test_an_unknown_product_is_refused(project_copy, monkeypatch):
    monkeypatch.chdir(project_copy.root)
    result = CliRunner().invoke(main, ["build", "--only", "epub"])
    assert result.exit_code == 2
    assert "epub" in result.output


def test_progress_is_silent_when_nobody_watches(capsys, monkeypatch):
    from edition import progress as progress_module

    monkeypatch.setattr(progress_module, "MINIMUM_ITEMS", 1)
    items = list(range(500))
    assert list(progress_module.progress(iter(items), len(items), "Checking")) == items
    assert capsys.readouterr().err == ""  # stderr is not a terminal under pytest


def test_progress_shows_a_bar_on_a_terminal(capsys, monkeypatch):
    from edition import progress as progress_module

    monkeypatch.setattr(progress_module, "wanted", lambda count: True)
    assert list(progress_module.progress(iter(range(300)), 300, "Checking")) == list(range(300))
    assert "Checking" in capsys.readouterr().err
