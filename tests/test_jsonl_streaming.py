"""JSON Lines are streamed: --max-bytes limits each line, not the file, and a large file
is read in parts that end at line breaks, so memory does not grow with it."""

from __future__ import annotations

import json
import sqlite3

import pytest

from hostile_corpus import article_text, rows
from news_extract import ingest, pipeline
from news_extract.ingest import iter_file, jsonl_parts, read_file
from news_extract.model import Extraction, Problem, RawDocument


def write_feed(path, n, *, extra: dict[int, str] | None = None) -> None:
    lines = [json.dumps({"id": f"a{i}", "text": article_text(i)}, ensure_ascii=False)
             for i in range(n)]
    for i, line in (extra or {}).items():
        lines[i] = line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_json_lines_file_larger_than_max_bytes_is_read_line_by_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    write_feed(path, 20)
    docs = read_file(path, max_bytes=2_000)
    assert path.stat().st_size > 2_000
    assert [d.article_id for d in docs] == [f"a{i}" for i in range(20)]


def test_a_line_over_max_bytes_is_a_too_large_problem_with_its_line_number(tmp_path):
    path = tmp_path / "feed.jsonl"
    huge = json.dumps({"id": "big", "text": "đảng viên " * 1_000}, ensure_ascii=False)
    write_feed(path, 5, extra={2: huge})
    items = read_file(path, max_bytes=2_000)
    problem, = [i for i in items if isinstance(i, Problem)]
    assert (problem.kind, problem.line) == ("too_large", 3)
    assert [d.line for d in items if isinstance(d, RawDocument)] == [1, 2, 4, 5]


def test_documents_are_read_only_as_they_are_asked_for(tmp_path, monkeypatch):
    path = tmp_path / "feed.jsonl"
    write_feed(path, 50)
    made = []
    real = ingest._jsonl_record
    monkeypatch.setattr(ingest, "_jsonl_record", lambda *a: made.append(1) or real(*a))
    docs = iter_file(path)
    next(docs)
    assert len(made) == 1


def test_an_undecodable_line_is_a_problem_and_the_next_lines_are_read(tmp_path):
    path = tmp_path / "feed.jsonl"
    write_feed(path, 3)
    data = path.read_bytes().split(b"\n")
    data[1] = b'{"text": "\xff\xfe\xfa\xfb garbage \x81\x8d"}'
    path.write_bytes(b"\n".join(data))
    kinds = [(i.kind, i.line) if isinstance(i, Problem) else ("doc", i.line) for i in read_file(path)]
    assert kinds == [("doc", 1), ("decode", 2), ("doc", 3)]


@pytest.fixture
def large_feed(tmp_path, monkeypatch):
    """A corpus folder holding one JSON Lines file of 300 articles, read in parts of 20 KB
    (the extractor stubbed out: these tests are about reading and storing)."""
    monkeypatch.setattr(pipeline, "PART_BYTES", 20_000)
    monkeypatch.setattr(pipeline, "extract", lambda text, **_: Extraction())
    corpus = tmp_path / "c"
    corpus.mkdir()
    write_feed(corpus / "feed.jsonl", 300)
    return corpus


def test_parts_end_at_line_breaks_and_know_their_first_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    write_feed(path, 3_000)  # several blocks of 1 MiB
    data = path.read_bytes()
    parts = list(jsonl_parts(path, 100_000))
    assert parts[0][0] == 0 and parts[-1][1] == len(data)
    assert all(end == nxt for (_, end, _), (nxt, _, _) in zip(parts, parts[1:], strict=False))
    for start, _, first_line in parts:
        assert start == 0 or data[start - 1:start] == b"\n"
        assert first_line == data[:start].count(b"\n") + 1


def test_the_parts_of_a_large_file_store_every_line_once(tmp_path, large_feed):
    corpus = large_feed
    summary = pipeline.run(corpus, tmp_path / "n.db", workers=2)
    assert summary.articles_written == 300
    stored = {r[0] for r in rows(tmp_path / "n.db", "select article_id from articles")}
    assert stored == {f"a{i}" for i in range(300)}
    (ids, status), = rows(tmp_path / "n.db", "select article_ids, status from files")
    assert len(json.loads(ids)) == 300 and status == "ok"


def test_an_unchanged_large_file_is_not_read_again(tmp_path, large_feed):
    corpus = large_feed
    pipeline.run(corpus, tmp_path / "n.db", workers=0)
    again = pipeline.run(corpus, tmp_path / "n.db", workers=0)
    assert (again.files_unchanged, again.articles_unchanged, again.articles_written) == (1, 300, 0)


def test_a_changed_large_file_replaces_what_it_gave_before(tmp_path, large_feed):
    corpus = large_feed
    pipeline.run(corpus, tmp_path / "n.db", workers=0)
    write_feed(corpus / "feed.jsonl", 120)
    pipeline.run(corpus, tmp_path / "n.db", workers=0)
    assert rows(tmp_path / "n.db", "select count(*) from articles") == [(120,)]


def test_a_large_file_left_partial_by_an_interrupted_run_is_read_again_whole(tmp_path, large_feed):
    corpus = large_feed
    pipeline.run(corpus, tmp_path / "n.db", workers=0)
    conn = sqlite3.connect(tmp_path / "n.db")
    conn.execute("update files set status = 'partial'")
    conn.commit()
    conn.close()
    again = pipeline.run(corpus, tmp_path / "n.db", workers=0)
    assert (again.files_unchanged, again.articles_written) == (0, 300)
    assert rows(tmp_path / "n.db", "select count(*) from articles") == [(300,)]
