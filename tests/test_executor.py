"""One large piece of work run in a process of its own (``run_apart``)."""

from __future__ import annotations

import os

import pytest

from edition.executor import run_apart


def process_id(_: object) -> int:
    return os.getpid()


def refuse(item: str) -> str:
    raise ValueError(f"cannot take {item}")


def test_work_run_apart_runs_in_another_process_and_returns_its_result():
    assert run_apart(process_id, None) != os.getpid()
    assert run_apart(str.upper, "letters") == "LETTERS"


def test_each_piece_of_work_run_apart_gets_a_fresh_process():
    assert run_apart(process_id, None) != run_apart(process_id, None)


def test_a_failure_of_work_run_apart_reaches_the_caller():
    with pytest.raises(ValueError, match="cannot take this"):
        run_apart(refuse, "this")
