"""The pipeline: every document is cleaned, extracted and stored; failures become rows."""

from __future__ import annotations

import json

import pytest

from hostile_corpus import article_text, rows, write_articles
from news_extract import pipeline
from news_extract.model import Extraction, Fact, RawDocument


def fake_extract(text, **_):
    """Stands in for the extractor: one fact whose value is the text's length."""
    return Extraction(facts=[Fact("admitted", len(text), start=0, end=5, sentence=text[:5])])


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(pipeline, "extract", fake_extract)


def test_process_document_cleans_the_text_and_hands_it_to_the_extractor(fake):
    raw = RawDocument("a1", "/c/a1.txt", "Ðảng viên mới", "txt", "sha")
    article, extraction = pipeline.process_document(raw)
    assert article.text == "Đảng viên mới"
    assert extraction.facts[0].value == len("Đảng viên mới")


def test_what_the_extractor_returns_is_stored_for_every_article(tmp_path, fake):
    write_articles(tmp_path / "corpus", 5)
    db = tmp_path / "news.db"
    summary = pipeline.run(tmp_path / "corpus", db, workers=0)
    assert summary.articles_written == 5
    stored = rows(db, "select a.article_id, f.value, length(a.text) from articles a "
                      "join facts f using (article_id) order by a.article_id")
    assert [r[0] for r in stored] == [f"a{i:05d}" for i in range(5)]
    assert all(value == length for _, value, length in stored)


def test_worker_processes_store_the_same_rows_as_the_parent_alone(tmp_path, fake):
    write_articles(tmp_path / "corpus", 40)
    pipeline.run(tmp_path / "corpus", tmp_path / "one.db", workers=0)
    pipeline.run(tmp_path / "corpus", tmp_path / "two.db", workers=2)
    query = "select article_id, text from articles order by article_id"
    assert rows(tmp_path / "one.db", query) == rows(tmp_path / "two.db", query)


def test_an_exception_in_the_extractor_becomes_a_problem_row_and_the_run_goes_on(
        tmp_path, monkeypatch):
    def explode_on_three(text, **_):
        if "(bài 3)" in text:
            raise ValueError("unexpected number format")
        return Extraction()

    monkeypatch.setattr(pipeline, "extract", explode_on_three)
    write_articles(tmp_path / "corpus", 6)
    db = tmp_path / "news.db"
    summary = pipeline.run(tmp_path / "corpus", db, workers=2)
    assert summary.articles_written == 5
    (path, kind, reason), = rows(db, "select path, kind, reason from problems")
    assert path.endswith("a00003.txt") and kind == "extract"
    assert "ValueError: unexpected number format" in reason


def test_the_same_text_under_two_names_is_one_article_with_both_paths(tmp_path, fake):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "first.txt").write_text(article_text(1), encoding="utf-8")
    (corpus / "second.txt").write_text(article_text(1), encoding="utf-8")
    db = tmp_path / "news.db"
    summary = pipeline.run(corpus, db, workers=0)
    (article_id, paths), = rows(db, "select article_id, paths from articles")
    assert article_id == "first"
    assert [p.rsplit("/", 1)[1] for p in json.loads(paths)] == ["first.txt", "second.txt"]
    assert summary.duplicates == 1


def test_a_duplicate_is_logged_with_a_reason_naming_the_first_path(tmp_path, fake):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "first.txt").write_text(article_text(1), encoding="utf-8")
    (corpus / "second.txt").write_text(article_text(1), encoding="utf-8")
    db = tmp_path / "news.db"
    pipeline.run(corpus, db, workers=0)
    (path, kind, reason, article_id), = rows(db, "select path, kind, reason, article_id "
                                                 "from problems")
    assert (path.rsplit("/", 1)[1], kind, article_id) == ("second.txt", "duplicate", "first")
    assert str(corpus / "first.txt") in reason


def test_two_different_articles_with_one_file_name_both_keep_their_text(tmp_path, fake):
    corpus = tmp_path / "corpus"
    for i, folder in enumerate(("north", "south")):
        (corpus / folder).mkdir(parents=True)
        (corpus / folder / "tin.txt").write_text(article_text(i), encoding="utf-8")
    db = tmp_path / "news.db"
    pipeline.run(corpus, db, workers=0)
    ids = [r[0] for r in rows(db, "select article_id from articles order by path")]
    assert ids[0] == "tin" and ids[1].startswith("tin~") and len(ids) == 2


def test_every_run_is_recorded_with_its_counts(tmp_path, fake):
    write_articles(tmp_path / "corpus", 3)
    (tmp_path / "corpus" / "empty.txt").write_bytes(b"")
    db = tmp_path / "news.db"
    pipeline.run(tmp_path / "corpus", db, workers=0)
    (status, seen, written, problems), = rows(
        db, "select status, files_seen, articles_written, problems from runs")
    assert (status, seen, written, problems) == ("done", 4, 3, 1)


def test_a_run_publishes_views_for_datasette(tmp_path, fake):
    write_articles(tmp_path / "corpus", 2)
    db = tmp_path / "news.db"
    pipeline.run(tmp_path / "corpus", db, workers=0)
    views = {r[0] for r in rows(db, "select name from sqlite_master where type = 'view'")}
    assert views, "prepare_database made no views"


def test_an_article_that_cannot_be_stored_becomes_a_problem_and_the_others_are_kept(
        tmp_path, monkeypatch):
    real = pipeline.store.write_prepared

    def refuse_three(db, prep, paths, **options):
        if prep.article_id == "a00003":
            raise ValueError("cannot store")
        return real(db, prep, paths, **options)

    monkeypatch.setattr(pipeline.store, "write_prepared", refuse_three)
    write_articles(tmp_path / "corpus", 5)
    db = tmp_path / "news.db"
    summary = pipeline.run(tmp_path / "corpus", db, workers=0)
    assert summary.articles_written == 4
    (kind,), = rows(db, "select kind from problems")
    assert kind == "store"


def test_a_unit_first_inserted_by_an_article_that_is_rolled_back_is_stored_by_the_next(
        tmp_path, monkeypatch):
    def one_unit(text, **_):
        return Extraction(facts=[Fact("admitted", 3, unit_level="xã", unit_name="Tân Lập",
                                      start=0, end=5, sentence=text[:5])])

    real = pipeline.store._insert_rows

    def refuse_first_facts(db, table, rows_):
        if table == "facts" and rows_[0]["article_id"] == "a00000":
            raise ValueError("cannot store")
        return real(db, table, rows_)

    monkeypatch.setattr(pipeline, "extract", one_unit)
    monkeypatch.setattr(pipeline.store, "_insert_rows", refuse_first_facts)
    write_articles(tmp_path / "corpus", 2)
    db = tmp_path / "news.db"
    pipeline.run(tmp_path / "corpus", db, workers=0)
    linked = rows(db, "select f.article_id, u.name from facts f join units u using (unit_id)")
    assert linked == [("a00001", "Tân Lập")]
