"""`--executor dask` stores exactly what the single-process run stores."""

from __future__ import annotations

import sqlite3

import pytest

from hostile_corpus import article_text, write_articles
from news_extract import pipeline
from news_extract.model import Directive, Extraction, Fact

pytest.importorskip("dask.distributed")


def fake_extract(text, **_):
    """A deterministic stand-in whose output depends on the text."""
    return Extraction(
        facts=[Fact("admitted", len(text), unit_level="xã", unit_name=text.split()[8],
                    start=0, end=10, sentence=text[:10])],
        directives=[Directive("Chỉ thị", str(len(text) % 50), "CT/TW")],
    )


def table(db_path, sql):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_dask_run_on_a_local_cluster_writes_the_same_database(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "extract", fake_extract)
    corpus = tmp_path / "c"
    write_articles(corpus, 60)
    (corpus / "dup.txt").write_text(article_text(3), encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    pipeline.run(corpus, tmp_path / "local.db", workers=0)
    # Threads in this process: a real cluster, started in about a second.
    pipeline.run(corpus, tmp_path / "dask.db", workers=2, executor="dask",
                 dask_processes=False)
    for sql in ("select article_id, path, paths, text, sha256 from articles order by 1",
                "select fact_id, article_id, metric, value, unit_name from facts order by 1",
                "select directive_id, kind, number, suffix from directives order by 1",
                "select path, kind, reason from problems order by 1, 2",
                "select path, sha256, article_ids from files order by 1"):
        assert table(tmp_path / "local.db", sql) == table(tmp_path / "dask.db", sql), sql
    assert len(table(tmp_path / "dask.db", "select * from articles")) == 60
