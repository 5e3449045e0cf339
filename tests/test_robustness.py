"""Run-level robustness: a hostile corpus runs to the end, a dead worker costs one
file, and a run killed at any moment is completed by the next one."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from hostile_corpus import build_hostile_corpus, count_files, rows, write_articles
from news_extract import pipeline
from news_extract.model import Extraction


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile corpus, run once with the real extractor on two workers."""
    root = tmp_path_factory.mktemp("hostile")
    corpus = build_hostile_corpus(root / "corpus")
    db = root / "news.db"
    summary = pipeline.run(corpus.root, db, workers=2, max_bytes=corpus.max_bytes)
    stored = {}
    for aid, paths, text in rows(db, "select article_id, paths, text from articles"):
        for path in json.loads(paths):
            stored.setdefault(path, []).append((aid, text))
    problems = {}
    for path, kind, line, aid, reason in rows(
            db, "select path, kind, line, article_id, reason from problems"):
        problems.setdefault(path, []).append((kind, line, aid, reason))
    return corpus, db, summary, stored, problems


def test_the_hostile_corpus_has_over_a_thousand_files(hostile):
    corpus, *_ = hostile
    assert count_files(corpus.root) >= 1000


def test_a_hostile_corpus_runs_to_the_end(hostile):
    _, db, summary, *_ = hostile
    assert summary.status == "done"
    assert rows(db, "select status from runs") == [("done",)]
    assert rows(db, "pragma integrity_check") == [("ok",)]


def test_every_good_article_in_the_hostile_corpus_is_stored_with_its_text(hostile):
    corpus, _, _, stored, _ = hostile
    missing = [p for p in corpus.good if p not in stored]
    assert missing == []
    wrong = [p for p, phrase in corpus.good.items()
             if not any(phrase in text and "kết nạp được" in text for _, text in stored[p])]
    assert wrong == []


def test_every_bad_file_in_the_hostile_corpus_is_logged_with_its_kind(hostile):
    corpus, _, _, stored, problems = hostile
    wrong = {p: problems.get(p) for p, kind in corpus.bad.items()
             if kind not in {k for k, *_ in problems.get(p, [])}}
    assert wrong == {}
    assert not any(p in stored for p in corpus.bad)


def test_good_and_bad_lines_of_json_lines_files_are_each_accounted_for(hostile):
    corpus, _, _, stored, problems = hostile
    for path, n_good in corpus.jsonl_good.items():
        assert len(stored.get(path, [])) == n_good
        bad_lines = [line for kind, line, *_ in problems.get(path, []) if kind == "jsonl"]
        assert len(bad_lines) == corpus.jsonl_bad[path] and all(bad_lines)


def test_duplicates_in_the_hostile_corpus_are_stored_once_under_the_first_path(hostile):
    corpus, _, summary, stored, problems = hostile
    for copy, original in corpus.duplicates.items():
        (original_id, _), = stored[original]
        assert stored[copy][0][0] == original_id
        assert ("duplicate", original_id) in {(k, aid) for k, _, aid, _ in problems[copy]}
    assert summary.duplicates == len(corpus.duplicates)


def test_no_file_of_the_hostile_corpus_is_lost(hostile):
    corpus, _, _, stored, problems = hostile
    everything = [*corpus.good, *corpus.bad, *corpus.either, *corpus.jsonl_good,
                  *corpus.duplicates]
    assert [p for p in everything if p not in stored and p not in problems] == []


def test_a_worker_that_dies_costs_only_its_own_file(tmp_path, monkeypatch):
    def die_on_seven(text, **_):
        if "(bài 7)" in text:
            os._exit(3)  # as a segfault or the out-of-memory killer would
        return Extraction()

    monkeypatch.setattr(pipeline, "extract", die_on_seven)
    write_articles(tmp_path / "c", 30)
    db = tmp_path / "n.db"
    summary = pipeline.run(tmp_path / "c", db, workers=2)
    assert summary.articles_written == 29
    (path, kind), = rows(db, "select path, kind from problems")
    assert path.endswith("a00007.txt") and kind == "crash"


SLOW_RUN = textwrap.dedent("""
    import sys, time
    from news_extract import cli, pipeline
    from news_extract.model import Extraction

    def slow(text, **_):
        time.sleep(0.01)
        return Extraction()

    pipeline.extract = slow
    cli.main(["run", sys.argv[1], "--out", sys.argv[2], "--quiet", "--workers", "2"])
""")


def wait_for_rows(proc, db, at_least):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                if rows(db, "select count(*) from articles")[0][0] >= at_least:
                    return
            except sqlite3.OperationalError:
                pass
        time.sleep(0.02)


def test_ctrl_c_stops_the_run_with_exit_130_and_records_it_as_interrupted(tmp_path):
    write_articles(tmp_path / "c", 300)
    db = tmp_path / "n.db"
    proc = subprocess.Popen([sys.executable, "-c", SLOW_RUN, str(tmp_path / "c"), str(db)],
                            start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    wait_for_rows(proc, db, 10)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err
    (status, written), = rows(db, "select status, articles_written from runs")
    assert status == "interrupted"
    assert written == rows(db, "select count(*) from articles")[0][0]


def test_a_run_killed_midway_is_completed_by_the_next_with_nothing_lost_or_doubled(tmp_path):
    n = 400
    write_articles(tmp_path / "c", n)
    db = tmp_path / "n.db"
    proc = subprocess.Popen([sys.executable, "-c", SLOW_RUN, str(tmp_path / "c"), str(db)],
                            start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    wait_for_rows(proc, db, 20)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, mid-write
    proc.wait()
    assert 20 <= rows(db, "select count(*) from articles")[0][0] < n
    assert rows(db, "pragma integrity_check") == [("ok",)]

    monkey = pytest.MonkeyPatch()
    monkey.setattr(pipeline, "extract", lambda text, **_: Extraction())
    try:
        summary = pipeline.run(tmp_path / "c", db, workers=2)
    finally:
        monkey.undo()
    ids = [r[0] for r in rows(db, "select article_id from articles order by 1")]
    assert ids == [f"a{i:05d}" for i in range(n)]
    assert summary.files_unchanged + summary.articles_written == n
    assert rows(db, "select count(*) from files")[0][0] == n
    assert rows(db, "select status from runs order by run_id") == [("interrupted",), ("done",)]
    assert rows(db, "pragma integrity_check") == [("ok",)]
