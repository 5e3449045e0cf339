"""Re-runs read only what changed: unchanged files are skipped by size, mtime and hash."""

from __future__ import annotations

import json
import os

import pytest

from hostile_corpus import article_text, rows, write_articles
from news_extract import pipeline
from news_extract.model import Extraction


@pytest.fixture
def reads(monkeypatch):
    """Record which files the pipeline actually reads (the extractor is stubbed)."""
    monkeypatch.setattr(pipeline, "extract", lambda text, **_: Extraction())
    seen: list[str] = []
    real = pipeline.process_file

    def counting(path, max_bytes=pipeline.DEFAULT_MAX_BYTES, **options):
        seen.append(os.path.basename(path))
        return real(path, max_bytes, **options)

    monkeypatch.setattr(pipeline, "process_file", counting)
    return seen


def run(corpus, db, **options):
    return pipeline.run(corpus, db, workers=0, **options)


def stored_twice(tmp_path):
    """A corpus of a.txt and b.txt with the same text, run once: (corpus, db)."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article_text(1), encoding="utf-8")
    (corpus / "b.txt").write_text(article_text(1), encoding="utf-8")
    db = tmp_path / "n.db"
    run(corpus, db)
    return corpus, db


def test_a_rerun_on_an_unchanged_corpus_reads_no_file(tmp_path, reads):
    write_articles(tmp_path / "c", 10)
    run(tmp_path / "c", tmp_path / "n.db")
    reads.clear()
    summary = run(tmp_path / "c", tmp_path / "n.db")
    assert reads == []
    assert (summary.files_unchanged, summary.articles_unchanged) == (10, 10)


def test_a_touched_file_with_the_same_bytes_is_not_read_again(tmp_path, reads):
    paths = write_articles(tmp_path / "c", 3)
    run(tmp_path / "c", tmp_path / "n.db")
    os.utime(paths[1], ns=(1_000_000_000, 1_000_000_000))
    reads.clear()
    summary = run(tmp_path / "c", tmp_path / "n.db")
    assert reads == [] and summary.files_unchanged == 3


def test_a_changed_file_replaces_its_article_and_nothing_else(tmp_path, reads):
    paths = write_articles(tmp_path / "c", 3)
    db = tmp_path / "n.db"
    run(tmp_path / "c", db)
    paths[1].write_text(article_text(77), encoding="utf-8")
    reads.clear()
    run(tmp_path / "c", db)
    assert reads == ["a00001.txt"]
    texts = dict(rows(db, "select article_id, text from articles"))
    assert len(texts) == 3 and "(bài 77)" in texts["a00001"]


def test_a_file_gone_from_the_corpus_keeps_its_rows_without_prune(tmp_path, reads):
    paths = write_articles(tmp_path / "c", 3)
    db = tmp_path / "n.db"
    run(tmp_path / "c", db)
    paths[0].unlink()
    summary = run(tmp_path / "c", db)
    assert summary.files_gone == 1
    assert rows(db, "select count(*) from articles")[0][0] == 3


def test_prune_removes_the_rows_of_files_that_are_gone(tmp_path, reads):
    paths = write_articles(tmp_path / "c", 3)
    db = tmp_path / "n.db"
    run(tmp_path / "c", db)
    paths[0].unlink()
    summary = run(tmp_path / "c", db, prune=True)
    assert summary.files_removed == 1
    assert [r[0] for r in rows(db, "select article_id from articles order by 1")] == [
        "a00001", "a00002"]
    assert rows(db, "select count(*) from files")[0][0] == 2


def test_prune_leaves_the_files_of_another_corpus_alone(tmp_path, reads):
    write_articles(tmp_path / "one", 2)
    write_articles(tmp_path / "two", 2, start=10)
    db = tmp_path / "n.db"
    run(tmp_path / "one", db)
    run(tmp_path / "two", db, prune=True)
    assert rows(db, "select count(*) from articles")[0][0] == 4


def test_when_the_first_copy_of_a_duplicate_changes_the_second_becomes_its_own_article(
        tmp_path, reads):
    corpus, db = stored_twice(tmp_path)
    (corpus / "a.txt").write_text(article_text(2), encoding="utf-8")
    run(corpus, db)
    stored = {aid: (json.loads(paths), text) for aid, paths, text in
              rows(db, "select article_id, paths, text from articles")}
    assert set(stored) == {"a", "b"}
    assert "(bài 2)" in stored["a"][1] and "(bài 1)" in stored["b"][1]
    assert [p.rsplit("/", 1)[1] for p in stored["b"][0]] == ["b.txt"]
    assert rows(db, "select count(*) from problems where kind = 'duplicate' "
                    "and run_id = (select max(run_id) from runs)")[0][0] == 0


def test_when_the_first_copy_of_a_duplicate_is_pruned_the_second_keeps_the_text(
        tmp_path, reads):
    corpus, db = stored_twice(tmp_path)
    (corpus / "a.txt").unlink()
    run(corpus, db, prune=True)
    assert [r[0] for r in rows(db, "select article_id from articles")] == ["b"]


def test_a_new_extractor_version_reads_every_file_again(tmp_path, reads, monkeypatch):
    write_articles(tmp_path / "c", 3)
    run(tmp_path / "c", tmp_path / "n.db")
    monkeypatch.setattr(pipeline, "_code_digest", lambda: "rules edited")
    reads.clear()
    run(tmp_path / "c", tmp_path / "n.db")
    assert len(reads) == 3


def test_a_problem_file_left_unchanged_stays_a_known_problem(tmp_path, reads):
    write_articles(tmp_path / "c", 2)
    (tmp_path / "c" / "empty.txt").write_bytes(b"")
    db = tmp_path / "n.db"
    run(tmp_path / "c", db)
    summary = run(tmp_path / "c", db)
    assert summary.problems == 0 and summary.open_problems == 1
    assert rows(db, "select count(*) from problems")[0][0] == 1


def test_fixing_a_problem_file_clears_its_problem(tmp_path, reads):
    (tmp_path / "c").mkdir()
    bad = tmp_path / "c" / "x.txt"
    bad.write_bytes(b"")
    db = tmp_path / "n.db"
    run(tmp_path / "c", db)
    bad.write_text(article_text(5), encoding="utf-8")
    summary = run(tmp_path / "c", db)
    assert summary.open_problems == 0
    assert rows(db, "select count(*) from problems")[0][0] == 0
