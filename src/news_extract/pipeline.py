"""The pipeline, top-down: ingest → clean → extract → store → publish."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import store
from .clean import clean
from .extract import extract
from .ingest import iter_documents
from .model import Article, Extraction, Problem, RawDocument


@dataclass
class RunSummary:
    run_id: int
    files_seen: int = 0
    articles_written: int = 0
    articles_unchanged: int = 0
    problems: int = 0


def process_document(raw: RawDocument) -> tuple[Article, Extraction]:
    """Clean one document and extract its facts: pure, so workers can map it."""
    article = clean(raw)
    extraction = extract(article.text, published=article.published,
                         outlet=article.outlet_name or article.outlet)
    if extraction.province and not article.province:
        article.province = extraction.province
    return article, extraction


def run(corpus: str | Path, db_path: str | Path) -> RunSummary:
    db = store.open_db(db_path)
    summary = RunSummary(store.start_run(db, str(corpus)))
    for item in iter_documents(corpus):
        summary.files_seen += 1
        if isinstance(item, Problem):
            store.log_problem(db, summary.run_id, item)
            summary.problems += 1
            continue
        try:
            article, extraction = process_document(item)
        except Exception as exc:  # one bad article never stops the run
            store.log_problem(db, summary.run_id, Problem(item.path, "extract", repr(exc),
                                                          item.line, item.article_id))
            summary.problems += 1
            continue
        store.write_article(db, article, extraction)
        summary.articles_written += 1
    store.finish_run(db, summary.run_id, files_seen=summary.files_seen,
                     articles_written=summary.articles_written, problems=summary.problems)
    return summary
