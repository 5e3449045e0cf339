"""The store: schema, one article in one transaction, clear errors for bad outputs."""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils

from news_extract import store
from news_extract.model import Article, Directive, Extraction, Fact, Problem, Unit


def _article(article_id: str = "a1", text: str = "Xã Tân Lập kết nạp được 12 đảng viên.") -> Article:
    return Article(article_id, f"/corpus/{article_id}.txt", text, text,
                   list(range(len(text) + 1)), "sha", title="Tin xã Tân Lập")


def _extraction() -> Extraction:
    fact = Fact("admitted", 12, unit_level="xã", unit_name="Tân Lập", start=0, end=36,
                sentence="Xã Tân Lập kết nạp được 12 đảng viên.")
    return Extraction(facts=[fact], directives=[Directive("Chỉ thị", "28", "CT/TW")],
                      units=[Unit("xã", "Tân Lập")])


def test_open_db_creates_every_table_of_the_gold_spec_and_the_files_table(tmp_path):
    db = store.open_db(tmp_path / "out" / "news.db")
    assert isinstance(db, sqlite_utils.Database)
    assert {"articles", "facts", "directives", "units", "unit_mentions", "runs", "problems",
            "files"} <= set(db.table_names())
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_writing_an_article_twice_replaces_its_rows_instead_of_duplicating_them(tmp_path):
    db = store.open_db(tmp_path / "news.db")
    store.write_article(db, _article(), _extraction())
    store.write_article(db, _article(), _extraction())
    assert db["articles"].count == 1
    assert db["facts"].count == 1
    assert db["directives"].count == 1
    fact = next(db["facts"].rows)
    assert fact["unit_id"] is not None and fact["source_end"] == 36


def test_articles_carry_a_diacritics_free_copy_for_search(tmp_path):
    db = store.open_db(tmp_path / "news.db")
    store.write_article(db, _article(), _extraction())
    row = next(db["articles"].rows)
    assert row["text_folded"].startswith("xa tan lap ket nap")
    assert row["paths"] == '["/corpus/a1.txt"]'


def test_a_database_of_an_older_schema_gains_the_new_columns(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("create table articles (article_id text primary key, path text, text text)")
    conn.execute("insert into articles values ('x', '/x.txt', 'cũ')")
    conn.commit()
    conn.close()
    db = store.open_db(path)
    assert {"paths", "text_sha256"} <= set(db["articles"].columns_dict)
    assert db["articles"].count == 1


def test_a_run_left_running_is_marked_interrupted_by_the_next_run(tmp_path):
    db = store.open_db(tmp_path / "news.db")
    first = store.start_run(db, "corpus")
    second = store.start_run(db, "corpus")
    assert db["runs"].get(first)["status"] == "interrupted"
    assert db["runs"].get(second)["status"] == "running"


def test_a_problem_is_logged_with_its_path_kind_and_reason(tmp_path):
    db = store.open_db(tmp_path / "news.db")
    run_id = store.start_run(db, "corpus")
    store.log_problem(db, run_id, Problem("/corpus/x.txt", "binary", "contains NUL bytes"))
    row = next(db["problems"].rows)
    assert (row["path"], row["kind"], row["reason"]) == ("/corpus/x.txt", "binary",
                                                         "contains NUL bytes")


def test_a_file_that_is_not_sqlite_is_reported_as_corrupt(tmp_path):
    path = tmp_path / "news.db"
    path.write_bytes(b"this is not a database, just some text " * 200)
    with pytest.raises(store.StoreError) as err:
        store.open_db(path)
    assert err.value.kind == "corrupt"


def test_an_output_under_a_regular_file_is_reported_as_unwritable(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(store.StoreError) as err:
        store.open_db(tmp_path / "file" / "news.db")
    assert err.value.kind == "unwritable"


def test_an_output_that_is_a_folder_is_reported_as_unwritable(tmp_path):
    with pytest.raises(store.StoreError) as err:
        store.open_db(tmp_path)
    assert err.value.kind == "unwritable"


def test_a_fact_whose_unit_has_a_level_but_no_name_is_stored_without_a_unit(tmp_path):
    from news_extract.model import Article, Extraction, Fact

    text = "Toàn huyện kết nạp được 95 đảng viên."
    article = Article("a", "a.txt", text, text, list(range(len(text) + 1)), "0")
    db = store.open_db(tmp_path / "n.db")
    store.write_article(db, article, Extraction(facts=[Fact("admitted", 95, "huyện", None)]))
    assert db.execute("select unit_level, unit_name, unit_id from facts").fetchall() == [("huyện", None, None)]
