"""--file-timeout: an article that runs too long becomes a `timeout` problem and the run goes on.

The extractor is slowed on purpose (a Python loop that never ends, marked by a word in
the text); the tests check what is stored and logged, never how long anything took.
"""

from __future__ import annotations

import json
import os
import subprocess
import time

import pytest

from hostile_corpus import article_text, rows, write_articles
from news_extract import pipeline, timeouts
from news_extract.model import Extraction

LIMIT = 0.5


def spin_on_marker(text, **_):
    """Never returns for a text holding 'KẸT'; an Extraction at once otherwise."""
    n = 0
    while "KẸT" in text:
        n += 1
    return Extraction()


def deaf_on_marker(text, **_):
    """As spin_on_marker, but swallows the interruption: only ending the process stops it."""
    while "KẸT" in text:
        try:
            while True:
                pass
        except timeouts.FileTimeout:
            continue
    return Extraction()


def corpus_with_a_stuck_file(root, n=6):
    write_articles(root, n)
    (root / "stuck.txt").write_text(article_text(99) + "\nKẸT\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("workers", [0, 2], ids=["in-process", "pool"])
def test_a_file_over_the_limit_is_logged_as_timeout_and_the_others_are_stored(tmp_path, monkeypatch, workers):
    monkeypatch.setattr(pipeline, "extract", spin_on_marker)
    corpus = corpus_with_a_stuck_file(tmp_path / "c")
    summary = pipeline.run(corpus, tmp_path / "n.db", workers=workers, file_timeout=LIMIT)
    assert summary.articles_written == 6
    (path, kind, reason), = rows(tmp_path / "n.db", "select path, kind, reason from problems")
    assert path.endswith("stuck.txt") and kind == "timeout"
    assert "--file-timeout of 0.5 s" in reason


def test_a_worker_that_ignores_the_interruption_is_replaced_and_the_run_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "extract", deaf_on_marker)
    monkeypatch.setattr(timeouts, "GRACE", 0.5)
    corpus = corpus_with_a_stuck_file(tmp_path / "c", n=12)
    summary = pipeline.run(corpus, tmp_path / "n.db", workers=2, file_timeout=LIMIT)
    assert summary.articles_written == 12
    (path, kind, reason), = rows(tmp_path / "n.db", "select path, kind, reason from problems")
    assert path.endswith("stuck.txt") and kind == "timeout"
    assert "worker process was ended and replaced" in reason


def test_a_line_over_the_limit_costs_only_that_line_of_a_json_lines_file(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "extract", spin_on_marker)
    corpus = tmp_path / "c"
    corpus.mkdir()
    lines = [{"id": f"a{i}", "text": article_text(i) + (" KẸT" if i == 2 else "")} for i in range(5)]
    (corpus / "feed.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines),
                                       encoding="utf-8")
    pipeline.run(corpus, tmp_path / "n.db", workers=0, file_timeout=LIMIT)
    assert [r[0] for r in rows(tmp_path / "n.db", "select article_id from articles order by 1")] == \
        ["a0", "a1", "a3", "a4"]
    assert rows(tmp_path / "n.db", "select kind, line from problems") == [("timeout", 3)]


def test_a_file_that_timed_out_is_not_read_again_under_the_same_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "extract", spin_on_marker)
    corpus = corpus_with_a_stuck_file(tmp_path / "c", n=2)
    pipeline.run(corpus, tmp_path / "n.db", workers=0, file_timeout=LIMIT)
    again = pipeline.run(corpus, tmp_path / "n.db", workers=0, file_timeout=LIMIT)
    assert again.files_unchanged == 3
    assert rows(tmp_path / "n.db", "select kind from problems") == [("timeout",)]


def test_a_file_that_timed_out_is_read_again_under_a_longer_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "extract", spin_on_marker)
    corpus = corpus_with_a_stuck_file(tmp_path / "c", n=2)
    pipeline.run(corpus, tmp_path / "n.db", workers=0, file_timeout=LIMIT)
    monkeypatch.setattr(pipeline, "extract", lambda text, **_: Extraction())
    again = pipeline.run(corpus, tmp_path / "n.db", workers=0, file_timeout=LIMIT * 2)
    assert (again.files_unchanged, again.articles_written) == (2, 1)
    assert rows(tmp_path / "n.db", "select count(*) from problems") == [(0,)]


def test_no_limit_lets_a_slow_file_finish(tmp_path, monkeypatch):
    calls = []

    def slow_once(text, **_):
        calls.append(1)
        n = 0
        while n < 200_000:  # work, not a wait: nothing here depends on the clock
            n += 1
        return Extraction()

    monkeypatch.setattr(pipeline, "extract", slow_once)
    write_articles(tmp_path / "c", 2)
    summary = pipeline.run(tmp_path / "c", tmp_path / "n.db", workers=0, file_timeout=None)
    assert summary.articles_written == 2 and summary.problems == 0


def test_the_notes_folder_is_removed_when_the_run_ends(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "extract", spin_on_marker)
    out = tmp_path / "out"
    out.mkdir()
    pipeline.run(corpus_with_a_stuck_file(tmp_path / "c", n=2), out / "n.db", workers=2,
                 file_timeout=LIMIT)
    assert [p.name for p in out.iterdir() if p.name.startswith(".timeouts")] == []


def test_a_dask_run_logs_a_timeout_and_stores_the_other_files(tmp_path, monkeypatch):
    pytest.importorskip("dask.distributed")
    monkeypatch.setattr(pipeline, "extract", spin_on_marker)
    corpus = corpus_with_a_stuck_file(tmp_path / "c", n=4)
    summary = pipeline.run(corpus, tmp_path / "n.db", workers=2, executor="dask",
                           dask_processes=False, file_timeout=LIMIT)
    assert summary.articles_written == 4
    assert rows(tmp_path / "n.db", "select kind from problems") == [("timeout",)]


def ended_pid() -> int:
    """The pid of a process that has ended (a worker the kernel ended, in the tests)."""
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def note(folder, state: bytes, path: str, line, started: float, seconds: float, pid=None) -> None:
    pid = ended_pid() if pid is None else pid
    (folder / f"{pid}-{len(list(folder.iterdir()))}.note").write_bytes(
        state + f"{path}\0{'' if line is None else line}\0{started!r}\0{seconds!r}\0".encode())


def test_a_worker_still_within_the_limit_has_not_timed_out(tmp_path):
    note(tmp_path, b"R", "x.txt", None, time.time(), 60.0)
    assert timeouts.recorded(str(tmp_path), "x.txt") == {}


def test_a_document_marked_done_has_not_timed_out(tmp_path):
    note(tmp_path, b"D", "x.txt", None, time.time() - 100, 60.0)
    assert timeouts.recorded(str(tmp_path), "x.txt") == {}


def test_a_document_still_running_past_its_limit_is_recorded_with_its_line(tmp_path):
    note(tmp_path, b"R", "x.jsonl", 7, time.time() - 100, 60.0)
    assert list(timeouts.recorded(str(tmp_path), "x.jsonl")) == [7]
    assert timeouts.recorded(str(tmp_path), "other.jsonl") == {}


def test_a_worker_between_lines_records_nothing(tmp_path):
    note(tmp_path, b"R", "x.jsonl", -1, time.time() - 100, 60.0)
    assert timeouts.recorded(str(tmp_path), "x.jsonl") == {}


def test_the_note_of_a_live_worker_is_not_read(tmp_path):
    note(tmp_path, b"R", "x.txt", None, time.time() - 100, 60.0, pid=os.getpid())
    assert timeouts.recorded(str(tmp_path), "x.txt") == {}
